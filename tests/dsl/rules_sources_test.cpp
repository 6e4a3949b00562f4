// The law in rules/ must be traceable: every parameter value carries its legal source, and
// every scheme, variable read by a scheme, and parameter has the text that explains it.
#include <gtest/gtest.h>

#include "dsl/driver.hpp"

namespace {

const relais::dsl::Compilation& rules() {
    static const relais::dsl::Compilation c = relais::dsl::compile_paths({RELAIS_SOURCE_DIR "/rules"});
    return c;
}

TEST(RulesSources, CompileWithoutDiagnostics) {
    EXPECT_TRUE(rules().program.has_value());
    EXPECT_TRUE(rules().diagnostics.all().empty());
    EXPECT_TRUE(rules().io_errors.empty());
}

TEST(RulesSources, EveryParameterValueHasALegalSource) {
    ASSERT_TRUE(rules().program.has_value());
    std::size_t values = 0;
    for (const auto& parameter : rules().program->parameters) {
        for (const auto& value : parameter.values) {
            ++values;
            EXPECT_FALSE(value.source.empty()) << parameter.name << " at " << relais::engine::format_date(value.effective);
        }
    }
    EXPECT_GT(values, 100u) << "the law in rules/ should hold well over a hundred dated values";
}

TEST(RulesSources, EverySchemeHasALabelAndASource) {
    ASSERT_TRUE(rules().program.has_value());
    for (const auto& scheme : rules().program->schemes) {
        EXPECT_FALSE(scheme.label.empty()) << scheme.name;
        EXPECT_FALSE(scheme.source.empty()) << scheme.name;
    }
}

}  // namespace
