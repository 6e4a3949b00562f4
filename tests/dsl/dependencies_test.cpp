// Tests of the read closure used to evaluate only what a test or a simulation reports.
#include <gtest/gtest.h>

#include "dsl/driver.hpp"
#include "engine/ir/dependencies.hpp"
#include "engine/test_runner.hpp"

namespace {

constexpr const char* rules = R"(entité personne
entité foyer
  rôle demandeur : un
entrée s : montant par personne défaut 0 €
paramètre tardif : montant
  2030-01-01 : 1 € source "x"
variable a : montant par foyer
  = somme(b pour membres) + c[M-1]
variable b : montant par personne
  = s
variable c : montant par foyer
  = moyenne(d[M-3..M-1])
variable d : montant par foyer
  = 2 €
variable sans_rapport : montant par foyer
  = tardif
test "a ne dépend pas de sans_rapport"
  période 2020-01 .. 2020-06
  personne p : s = 5 €
  foyer f : demandeur = p
  attendu f.a[2020-06] = 7 €
)";

std::uint32_t id_of(const relais::ir::Program& p, const std::string& name) {
    for (std::uint32_t v = 0; v < p.variables.size(); ++v) {
        if (p.variables[v].name == name) return v;
    }
    return relais::ir::none;
}

TEST(NeededVariables, FollowsAggregatesPastReadsAndWindows) {
    const auto c = relais::dsl::compile_texts({{"t.rules", rules}});
    ASSERT_TRUE(c.program.has_value());
    const auto& p = *c.program;
    const auto needed = relais::ir::needed_variables(p, {id_of(p, "a")});
    EXPECT_TRUE(needed[id_of(p, "a")]);
    EXPECT_TRUE(needed[id_of(p, "b")]);
    EXPECT_TRUE(needed[id_of(p, "c")]);
    EXPECT_TRUE(needed[id_of(p, "d")]);
    EXPECT_FALSE(needed[id_of(p, "sans_rapport")]);
}

TEST(NeededVariables, ATestIgnoresVariablesItDoesNotRead) {
    // `sans_rapport` reads a parameter that has no value in 2020: evaluating it would fail
    // with E5002. a = b (5 €) + c[M-1] (mean of d = 2 €) = 7 €.
    const auto c = relais::dsl::compile_texts({{"t.rules", rules}});
    ASSERT_TRUE(c.program.has_value());
    const auto results = relais::engine::run_tests(*c.program);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_FALSE(results[0].error.has_value());
    EXPECT_TRUE(results[0].passed());
}

}  // namespace
