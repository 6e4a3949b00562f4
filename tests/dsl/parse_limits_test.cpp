// Limits of the parser that golden files cannot show: a file over the size limit (E1009)
// would weigh megabytes in the repository.
#include <gtest/gtest.h>

#include "dsl/driver.hpp"

namespace {

TEST(ParseLimits, FileOverEightMebibytesIsRefusedWithE1009) {
    std::string text = "entité personne\n";
    text.append(8 * 1024 * 1024, '#');  // one huge comment line: valid, only too large
    const auto c = relais::dsl::compile_texts({{"grand.rules", text}});
    ASSERT_EQ(c.diagnostics.all().size(), 1u);
    EXPECT_EQ(relais::engine::code_id(c.diagnostics.all()[0].code), "E1009");
    EXPECT_EQ(c.diagnostics.all()[0].span.begin, 0u);
}

TEST(ParseLimits, FileJustUnderTheLimitIsParsed) {
    std::string text = "entité personne\n#";
    text.append(8 * 1024 * 1024 - text.size(), 'x');
    const auto c = relais::dsl::compile_texts({{"juste.rules", text}});
    EXPECT_TRUE(c.diagnostics.all().empty());
    EXPECT_TRUE(c.program.has_value());
}

}  // namespace
