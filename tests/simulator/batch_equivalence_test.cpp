// A population run gives, case by case, exactly what simulate() gives: on every scenario of
// scenarios/ (each case as a line, without its own overlay) and on a synthetic population, for
// each reform of scenarios/reformes/, the batch's base run is simulate()'s scenario under
// rules/ and its reform run is simulate()'s scenario under rules/ + the overlay, month by month,
// scheme by scheme, with the same transitions and ruptures. And the output does not depend on
// the number of threads, the size of the units or the evaluator (scalar or columnar).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "simulator/batch.hpp"
#include "simulator/case_file.hpp"
#include "simulator/synth.hpp"
#include "tests/simulator/batch_support.hpp"

namespace relais::simulator {
namespace {

namespace fs = std::filesystem;
using testing::BatchRun;
using testing::real_rules;
using testing::run_text_batch;

const std::vector<std::string> reforms = {"scenarios/reformes/maintien-rsa-poe.rules",
                                          "scenarios/reformes/rsj-25-ans.rules",
                                          "scenarios/reformes/rsj-montants-2026.rules"};

// Every scenarios/**/NAME.json that is a case (not an expectation), one per line, named by path.
std::string scenarios_population() {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::recursive_directory_iterator(testing::source_dir / "scenarios")) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".json" || name.find(".attendu") != std::string::npos) continue;
        paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::string text;
    for (const fs::path& path : paths) {
        nlohmann::json c = nlohmann::json::parse(testing::read_file(path));
        c.erase("surcouche");
        c["id"] = fs::relative(path, testing::source_dir).generic_string();
        text += c.dump() + "\n";
    }
    return text;
}

std::string synthetic_population(std::uint64_t households, std::uint64_t seed) {
    SynthOptions options;
    options.households = households;
    options.seed = seed;
    std::ostringstream out;
    write_synth_jsonl(options, out);
    return out.str();
}

// Runs `text` and checks every simulated case against simulate() on both sides.
void expect_same_as_simulate(const std::string& text, const std::string& reform_overlay, BatchEvaluator evaluator,
                             std::size_t expected_cases) {
    const dsl::Compilation& base = real_rules();
    const dsl::Compilation& reform = real_rules({reform_overlay});
    ASSERT_TRUE(base.program && reform.program);
    BatchOptions options;
    options.evaluator = evaluator;
    options.cases_per_unit = 16;
    const BatchRun out = run_text_batch(text, PopulationFormat::JsonLines, base, reform, options, testing::Keep::Results);
    EXPECT_EQ(out.rejects, "") << "every case of the population simulates";
    // What the batch writes is the same whether it keeps the full timelines (compared with
    // simulate() below) or assembles totals only, as `relais batch` does.
    const BatchRun written = run_text_batch(text, PopulationFormat::JsonLines, base, reform, options);
    EXPECT_EQ(written.cases, out.cases);
    EXPECT_EQ(written.aggregates_json, out.aggregates_json);
    EXPECT_EQ(written.aggregates_csv, out.aggregates_csv);
    EXPECT_EQ(written.summary_json, out.summary_json);
    ASSERT_EQ(out.results.size(), expected_cases);
    std::map<std::string, nlohmann::json> cases;
    for (const std::string& line : testing::lines_of(text)) {
        nlohmann::json c = nlohmann::json::parse(line);
        const std::string id = c["id"].get<std::string>();
        for (const char* key : {"id", "poids", "qpv"}) c.erase(key);
        cases[id] = std::move(c);
    }
    for (const CaseResult& result : out.results) {
        const nlohmann::json& json = cases.at(result.attributes.id);
        for (int side = 0; side < 2; ++side) {
            const ir::Program& program = *(side == 0 ? base : reform).program;
            CaseReading reading = read_case(json, program, result.attributes.id);
            ASSERT_TRUE(reading.problems.empty()) << result.attributes.id;
            auto simulated = simulate(program, reading.value);
            ASSERT_TRUE(std::holds_alternative<Simulation>(simulated)) << result.attributes.id;
            const std::string gap = testing::difference(std::get<Simulation>(simulated), side == 0 ? result.base : result.reform);
            EXPECT_EQ(gap, "") << result.attributes.id << (side == 0 ? " (loi de référence)" : " (réforme " + reform_overlay + ")");
        }
    }
}

class BatchEquivalence : public ::testing::TestWithParam<BatchEvaluator> {};

TEST_P(BatchEquivalence, EveryScenarioIsWhatSimulateGivesUnderEachReform) {
    const std::string text = scenarios_population();
    const std::size_t cases = testing::lines_of(text).size();
    ASSERT_GE(cases, 11U);
    for (const std::string& reform : reforms) expect_same_as_simulate(text, reform, GetParam(), cases);
}

TEST_P(BatchEquivalence, ASyntheticPopulationIsWhatSimulateGives) {
    const std::string text = synthetic_population(240, 20260101);
    expect_same_as_simulate(text, "scenarios/reformes/maintien-rsa-poe.rules", GetParam(), 240);
}

INSTANTIATE_TEST_SUITE_P(Evaluators, BatchEquivalence,
                         ::testing::Values(BatchEvaluator::Scalar, BatchEvaluator::Columnar),
                         [](const auto& info) { return info.param == BatchEvaluator::Scalar ? "Scalar" : "Columnar"; });

// ---- Determinism ----

// A synthetic population with bad lines in it, so that rejects are ordered too.
std::string population_with_errors() {
    std::string text;
    const auto lines = testing::lines_of(synthetic_population(150, 7));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        text += lines[i] + "\n";
        if (i % 37 == 5) text += "{not a case\n";
        if (i % 41 == 9) text += R"({"id": "vide", "periode": {"debut": "2026-01", "mois": 2}})" "\n";
    }
    return text;
}

BatchRun run_with(const std::string& text, unsigned threads, std::size_t per_unit, BatchEvaluator evaluator) {
    BatchOptions options;
    options.threads = threads;
    options.cases_per_unit = per_unit;
    options.evaluator = evaluator;
    return run_text_batch(text, PopulationFormat::JsonLines, real_rules(), real_rules({reforms[1]}), options);
}

void expect_identical(const BatchRun& a, const BatchRun& b) {
    EXPECT_EQ(a.cases, b.cases);
    EXPECT_EQ(a.rejects, b.rejects);
    EXPECT_EQ(a.aggregates_json, b.aggregates_json);
    EXPECT_EQ(a.aggregates_csv, b.aggregates_csv);
    EXPECT_EQ(a.summary_json, b.summary_json);
}

TEST(BatchDeterminism, OneAndTwoThreadsWriteTheSameBytes) {
    const std::string text = population_with_errors();
    const BatchRun one = run_with(text, 1, 16, BatchEvaluator::Scalar);
    EXPECT_GT(one.summary.rejected, 0U);
    EXPECT_EQ(one.summary.read, one.summary.simulated + one.summary.rejected);
    expect_identical(one, run_with(text, 2, 16, BatchEvaluator::Scalar));
    expect_identical(one, run_with(text, 2, 3, BatchEvaluator::Scalar));   // many small units
    expect_identical(one, run_with(text, 3, 100, BatchEvaluator::Scalar));
}

TEST(BatchDeterminism, TheColumnarEvaluatorWritesTheSameBytesAsTheScalarOne) {
    const std::string text = population_with_errors();
    const BatchRun scalar = run_with(text, 1, 32, BatchEvaluator::Scalar);
    expect_identical(scalar, run_with(text, 1, 32, BatchEvaluator::Columnar));
    expect_identical(scalar, run_with(text, 2, 7, BatchEvaluator::Columnar));
}

}  // namespace
}  // namespace relais::simulator
