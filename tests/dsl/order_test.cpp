// Ordering pass tests: same-month dependencies (direct reads, windows ending at M, reviews,
// reads through members and groups, exceptions), cycles reported once each with their path,
// and a deterministic topological evaluation order.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dsl/driver.hpp"
#include "tests/support/rendered.hpp"
#include "dsl/lower/order.hpp"

namespace relais::dsl {
namespace {

constexpr std::string_view prelude = R"(entité personne
entité foyer
  rôle demandeur : un
  rôle enfants : plusieurs
entrée x : montant par personne défaut 0 €
entrée ancre : mois par foyer constante défaut 2025-01
)";

Compilation compile(std::string_view text) {
    return compile_texts({{"prelude.rules", std::string(prelude)}, {"case.rules", std::string(text)}});
}

using test_support::rendered;

std::vector<std::string> order_of(const Compilation& c) {
    std::vector<std::string> names;
    if (!c.program) return names;
    for (const std::uint32_t v : c.program->evaluation_order) names.push_back(c.program->variables[v].name);
    return names;
}

/// Messages of the cycle errors, in file order.
std::vector<std::string> cycles(const Compilation& c) {
    std::vector<std::string> out;
    for (const engine::Diagnostic& d : c.diagnostics.sorted()) {
        EXPECT_EQ(d.code, engine::Code::Cycle) << rendered(c);
        out.push_back(d.message);
    }
    return out;
}

using Names = std::vector<std::string>;

TEST(Order, DependenciesComeFirst) {
    const Compilation c = compile(
        "variable c : montant par personne\n  = b + 1 €\n"
        "variable b : montant par personne\n  = a * 2\n"
        "variable a : montant par personne\n  = x\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(order_of(c), (Names{"a", "b", "c"}));
}

TEST(Order, TiesAreBrokenByVariableId) {
    const Compilation c = compile(
        "variable z : montant par personne\n  = x\n"
        "variable d : montant par personne\n  = z + y\n"
        "variable y : montant par personne\n  = x\n"
        "variable a : montant par personne\n  = x\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(order_of(c), (Names{"z", "y", "d", "a"}));
}

TEST(Order, EarlierMonthsAreFree) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = b[M-1] + somme(b[M-3..M-1])\n"
        "variable b : montant par personne\n  = a + x\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(order_of(c), (Names{"a", "b"}));
}

TEST(Order, ReportsACycleWithItsPathAtAVariableOfTheCycle) {
    const Compilation c = compile(
        "variable rsa : montant par personne\n  = x - ressources\n"
        "variable ressources : montant par personne\n  = rsa * 2\n");
    EXPECT_FALSE(c.program);
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : rsa → ressources → rsa"}));
    ASSERT_EQ(c.diagnostics.all().size(), 1u);
    const engine::Diagnostic& d = c.diagnostics.all()[0];
    EXPECT_EQ(c.sources.file(d.span.file).path(), "case.rules");
    EXPECT_EQ(c.sources.text_of(d.span), "rsa");
    ASSERT_EQ(d.notes.size(), 2u);
    EXPECT_EQ(c.sources.text_of(d.notes[0].span), "ressources");
    EXPECT_EQ(c.sources.text_of(d.notes[1].span), "rsa");
}

TEST(Order, SelfReadIsACycle) {
    const Compilation c = compile("variable a : montant par personne\n  = a + 1 €\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : a → a"}));
}

TEST(Order, OneErrorPerCycle) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = b\n"
        "variable b : montant par personne\n  = a\n"
        "variable c : montant par personne\n  = d + a\n"
        "variable d : montant par personne\n  = c\n"
        "variable e : montant par personne\n  = c + a\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : a → b → a",
                                "cycle de dépendances au même mois : c → d → c"}));
}

TEST(Order, PrintsTheShortestCycleThroughItsFirstVariable) {
    // a → b → c → d → a, with a shortcut c → a.
    const Compilation c = compile(
        "variable a : montant par personne\n  = b\n"
        "variable b : montant par personne\n  = c\n"
        "variable c : montant par personne\n  = d + a\n"
        "variable d : montant par personne\n  = a\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : a → b → c → a"}));
}

TEST(Order, WindowsEndingAtTheCurrentMonthCount) {
    const Compilation cyclic = compile(
        "variable a : montant par personne\n  = somme(b[M-2..M])\n"
        "variable b : montant par personne\n  = a\n");
    EXPECT_EQ(cycles(cyclic), (Names{"cycle de dépendances au même mois : a → b → a"}));
    const Compilation fine = compile(
        "variable a : montant par personne\n  = somme(b[M-2..M-1])\n"
        "variable b : montant par personne\n  = a\n");
    EXPECT_TRUE(fine.program) << rendered(fine);
}

TEST(Order, ReadsThroughMembersAndGroupsCount) {
    const Compilation c = compile(
        "variable total : montant par foyer\n  = somme(part pour membres) + demandeur.part\n"
        "variable part : montant par personne\n  = foyer.total\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : total → part → total"}));
}

TEST(Order, ReviewsCount) {
    const Compilation c = compile(
        "variable verse : montant par foyer\n  = reexamen(calcule, ancre, 3)\n"
        "variable calcule : montant par foyer\n  = verse\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : verse → calcule → verse"}));
}

TEST(Order, ExceptionConditionsAndValuesCount) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = 0 €\n  exception e si b > 0 € = 1 €\n"
        "variable b : montant par personne\n  = a\n"
        "variable p : montant par personne\n  = 0 €\n  exception e si vrai = q\n"
        "variable q : montant par personne\n  = p\n");
    EXPECT_EQ(cycles(c), (Names{"cycle de dépendances au même mois : a → b → a",
                                "cycle de dépendances au même mois : p → q → p"}));
}

TEST(Order, LongChainsNeedNoDeepRecursion) {
    std::string text;
    constexpr int length = 3000;
    for (int i = length - 1; i >= 0; --i) {
        text += "variable v" + std::to_string(i) +
                " : montant par personne\n  = " + (i == 0 ? std::string("x") : "v" + std::to_string(i - 1)) + "\n";
    }
    const Compilation c = compile(text);
    ASSERT_TRUE(c.program) << rendered(c);
    const Names order = order_of(c);
    ASSERT_EQ(order.size(), static_cast<std::size_t>(length));
    EXPECT_EQ(order.front(), "v0");
    EXPECT_EQ(order.back(), "v" + std::to_string(length - 1));
}

TEST(Order, WorksOnAHandBuiltProgram) {
    // Variables 0 and 1 each read the other; 2 reads 0 a month earlier; absent args are skipped.
    ir::Program p;
    p.entities.push_back({"personne", {}, {}});
    p.person_entity = 0;
    const auto read = [&](std::uint32_t v, std::int32_t offset) {
        ir::Node n;
        n.op = ir::Op::ReadVariable;
        n.ref = v;
        n.offset = offset;
        p.nodes.push_back(n);
        return static_cast<std::uint32_t>(p.nodes.size() - 1);
    };
    const auto count = [&](std::uint32_t filter) {
        ir::Node n;
        n.op = ir::Op::AggCount;
        n.first_arg = static_cast<std::uint32_t>(p.args.size());
        n.arg_count = 2;
        p.args.push_back(ir::none);
        p.args.push_back(filter);
        p.nodes.push_back(n);
        return static_cast<std::uint32_t>(p.nodes.size() - 1);
    };
    for (const char* name : {"a", "b", "c"}) {
        ir::Variable v;
        v.name = name;
        v.entity = 0;
        p.variables.push_back(v);
    }
    p.variables[0].formulas.push_back({ir::since_always, count(read(1, 0)), {}});
    p.variables[1].formulas.push_back({ir::since_always, read(0, 0), {}});
    p.variables[2].formulas.push_back({ir::since_always, read(0, -1), {}});
    engine::DiagnosticSink sink;
    order(p, sink);
    ASSERT_EQ(sink.all().size(), 1u);
    EXPECT_EQ(sink.all()[0].message, "cycle de dépendances au même mois : a → b → a");
    EXPECT_EQ(p.evaluation_order, (std::vector<std::uint32_t>{2, 0, 1}));
}

}  // namespace
}  // namespace relais::dsl
