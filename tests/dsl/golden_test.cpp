// Golden tests, one per file under tests/golden/<pass>/{good,bad}/<case>.rules:
//   parse/good  -> the syntax dump;           ir/good -> the IR dump;
//   */bad       -> every diagnostic rendered;  eval/bad -> the evaluation errors of its tests.
// UPDATE_GOLDEN=1 rewrites the .expected files (review their diff); CI never sets it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "dsl/driver.hpp"
#include "tests/support/rendered.hpp"
#include "dsl/syntax/parse.hpp"
#include "dsl/syntax/print.hpp"
#include "engine/ir/print.hpp"
#include "engine/test_runner.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = RELAIS_SOURCE_DIR;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::string> golden_cases() {
    std::vector<std::string> cases;
    for (const auto& entry : fs::recursive_directory_iterator(source_dir / "tests/golden")) {
        if (entry.path().extension() == ".rules") cases.push_back(fs::relative(entry.path(), source_dir).string());
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}


/// What the pass under test produces for one golden file.
std::string actual_output(const std::string& relative) {
    const fs::path path(relative);
    const std::string pass = path.parent_path().parent_path().filename().string();
    const std::string kind = path.parent_path().filename().string();
    const std::string text = read(source_dir / path);
    if (pass == "parse" && kind == "good") {
        relais::engine::SourceSet sources;
        const auto id = sources.add(relative, text);
        relais::engine::DiagnosticSink sink;
        const auto file = relais::dsl::syntax::parse(sources.file(id), id, sink);
        std::string out = relais::dsl::syntax::print(file);
        for (const auto& d : sink.sorted()) out += relais::engine::render_text(d, sources);
        return out;
    }
    const relais::dsl::Compilation c = relais::dsl::compile_texts({{relative, text}});
    if (!c.program || (kind == "bad" && pass != "eval")) return relais::test_support::rendered(c);
    if (pass == "eval") {
        std::string out;
        for (const auto& result : relais::engine::run_tests(*c.program)) {
            if (result.error) {
                const auto& e = *result.error;
                out += relais::engine::render_text({e.code, e.span, e.message, {}, {}}, c.sources);
            }
            if (!result.failures.empty()) out += "test failures: " + std::to_string(result.failures.size()) + "\n";
        }
        return out;
    }
    return relais::ir::print(*c.program);
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
    const fs::path rules = source_dir / GetParam();
    fs::path expected_path = rules;
    expected_path.replace_extension(".expected");
    const std::string actual = actual_output(GetParam());
    if (std::getenv("UPDATE_GOLDEN") != nullptr) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        GTEST_SKIP() << "rewrote " << expected_path;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << " (run with UPDATE_GOLDEN=1, then review)";
    EXPECT_EQ(read(expected_path), actual);
    if (GetParam().find("/bad/") != std::string::npos) {
        EXPECT_NE(actual.find("error["), std::string::npos) << "a bad case must produce at least one error";
    }
}

std::string case_name(const testing::TestParamInfo<std::string>& info) {
    std::string name = info.param.substr(std::string("tests/golden/").size());
    name = name.substr(0, name.size() - std::string(".rules").size());
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, testing::ValuesIn(golden_cases()), case_name);

TEST(GoldenCoverage, EveryDiagnosticCodeHasABadCase) {
    std::set<std::string> seen;
    for (const std::string& c : golden_cases()) {
        if (c.find("/bad/") == std::string::npos) continue;
        fs::path expected = source_dir / c;
        const std::string text = read(expected.replace_extension(".expected"));
        for (std::size_t at = text.find("error["); at != std::string::npos; at = text.find("error[", at + 1)) {
            seen.insert(text.substr(at + 6, 5));
        }
    }
    // A file over the size limit would weigh megabytes in the repository: a unit test covers it.
    const std::set<std::string> covered_elsewhere = {"E1009"};
    for (const auto code : relais::engine::all_codes()) {
        if (covered_elsewhere.count(std::string(relais::engine::code_id(code))) != 0) continue;
        EXPECT_TRUE(seen.count(std::string(relais::engine::code_id(code))) == 1)
            << "no golden bad case produces " << relais::engine::code_id(code);
    }
}

}  // namespace
