// Policy scenarios on a small population, worked out by hand: every
// scenarios/populations/NAME.REFORME.attendu.json names a population (NAME.jsonl beside it) and
// a reform of scenarios/reformes/, explains in "calcul" who gains, how much each month and who
// holds which scheme, and lists the aggregates that follow. The population is run through the
// batch (scalar and columnar) and every listed value must be exactly the batch's.
//
//   {"population": "x.jsonl", "reforme": "scenarios/reformes/r.rules", "calcul": "...",
//    "attendu": {"ensemble": {"periode": {"gagnants.nombre": "42", "gagnants.tranches.6": "20", ...},
//                             "mois": {"2026-01": {"rsj.verse.ecart": "17640.00", "ruptures.ecart": "0", ...}}},
//                "qpv=oui": {...}}}
//
// Group: "ensemble" or "dimension=groupe". A "periode" key is a path in the group's "periode"
// object (after "tranches", the band's index, whose "nombre" is compared). A "mois" key starts
// with a scheme, a transition or a resource indicator of aggregates.json's month. A key that
// names nothing is a failure, so that a typo cannot make a check vacuous.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/simulator/batch_support.hpp"

namespace relais::simulator {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> expectation_files() {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(testing::source_dir / "scenarios" / "populations")) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 13 && name.compare(name.size() - 13, 13, ".attendu.json") == 0)
            found.push_back(fs::relative(entry.path(), testing::source_dir).generic_string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::vector<std::string> split(const std::string& key) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
        parts.push_back(key.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(key.substr(start));
    return parts;
}

// Walks `parts` from `node`; nullptr when a part names nothing.
const json* walk(const json* node, const std::vector<std::string>& parts) {
    for (std::size_t i = 0; i < parts.size() && node != nullptr; ++i) {
        if (node->is_array()) {
            const std::size_t index = std::stoul(parts[i]);
            node = index < node->size() ? &(*node)[index]["nombre"] : nullptr;
        } else if (node->is_object() && node->contains(parts[i])) {
            node = &(*node)[parts[i]];
        } else {
            node = nullptr;
        }
    }
    return node;
}

const json* group_of(const json& aggregates, const std::string& name) {
    const auto eq = name.find('=');
    const std::string dimension = eq == std::string::npos ? name : name.substr(0, eq);
    const std::string group = eq == std::string::npos ? "" : name.substr(eq + 1);
    for (const json& g : aggregates["groupes"])
        if (g["dimension"] == dimension && g["groupe"] == group) return &g;
    return nullptr;
}

const json* month_of(const json& group, const std::string& month) {
    for (const json& m : group["mois"])
        if (m["mois"] == month) return &m;
    return nullptr;
}

class PolicyScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(PolicyScenario, TheBatchGivesTheHandComputedAggregates) {
    const fs::path file = testing::source_dir / GetParam();
    const json expected = json::parse(testing::read_file(file));
    ASSERT_TRUE(expected.contains("calcul") && expected["calcul"].is_string() && !expected["calcul"].get<std::string>().empty())
        << "the hand computation is written beside the values";
    const std::string population = testing::read_file(file.parent_path() / expected["population"].get<std::string>());
    for (const BatchEvaluator evaluator : {BatchEvaluator::Scalar, BatchEvaluator::Columnar}) {
        BatchOptions options;
        options.evaluator = evaluator;
        const testing::BatchRun out =
            testing::run_text_batch(population, PopulationFormat::JsonLines, testing::real_rules(),
                                    testing::real_rules({expected["reforme"].get<std::string>()}), options);
        EXPECT_EQ(out.rejects, "");
        const json aggregates = json::parse(out.aggregates_json);
        std::size_t checked = 0;
        for (const auto& [group_name, wanted] : expected["attendu"].items()) {
            const json* group = group_of(aggregates, group_name);
            ASSERT_NE(group, nullptr) << "groupe inconnu « " << group_name << " »";
            if (wanted.contains("periode")) {
                for (const auto& [key, value] : wanted["periode"].items()) {
                    const json* actual = walk(&(*group)["periode"], split(key));
                    ASSERT_NE(actual, nullptr) << group_name << " : clé inconnue « periode." << key << " »";
                    EXPECT_EQ(*actual, value) << GetParam() << ", " << group_name << ", periode." << key;
                    ++checked;
                }
            }
            if (!wanted.contains("mois")) continue;
            for (const auto& [month, keys] : wanted["mois"].items()) {
                const json* m = month_of(*group, month);
                ASSERT_NE(m, nullptr) << "mois inconnu " << month;
                for (const auto& [key, value] : keys.items()) {
                    const auto parts = split(key);
                    const char* section = (*m)["dispositifs"].contains(parts[0])    ? "dispositifs"
                                          : (*m)["transitions"].contains(parts[0]) ? "transitions"
                                                                                   : "ressources";
                    const json* actual = walk(&(*m)[section], parts);
                    ASSERT_NE(actual, nullptr) << group_name << " : clé inconnue « " << month << "." << key << " »";
                    EXPECT_EQ(*actual, value) << GetParam() << ", " << group_name << ", " << month << ", " << key
                                              << (evaluator == BatchEvaluator::Columnar ? " (colonnes)" : "");
                    ++checked;
                }
            }
        }
        EXPECT_GT(checked, 10U);
    }
}

INSTANTIATE_TEST_SUITE_P(Populations, PolicyScenario, ::testing::ValuesIn(expectation_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = fs::path(info.param).filename().string();
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

}  // namespace
}  // namespace relais::simulator
