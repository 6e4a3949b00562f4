// Runs every scenarios/**/NAME.json that has a NAME.attendu.json beside it against the rules
// in rules/ (or the directory in the environment variable RELAIS_SCENARIO_RULES) and the
// case's "surcouche" (relative to the case file), and checks each listed value exactly. NAME.attendu.json:
//   {"calcul": "free text: how the values were worked out",
//    "mois": {"2025-06": {"rsa.verse": "646.52", "css.detenu": true, "ressources.total": "646.52",
//                         "reference.total": "646.52", "ecart": "0.00"}, ...}}
// Keys: "<dispositif>.<du|verse|eligible|detenu|valeur>" for the dispositif's first beneficiary
// (the first instance of its entity in the case, names in alphabetical order), or
// "...@<instance>" for a named one; "ressources.total", "ressources.activite",
// "ressources.prestations", "reference.total", "ecart". Amounts are decimal strings compared
// exactly (to the millionth), booleans JSON true/false. An unknown key, month or instance is a
// failure, so that a typo cannot make a check vacuous.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <variant>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "engine/calendar.hpp"
#include "engine/decimal.hpp"
#include "simulator/render.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator {
namespace {

namespace fs = std::filesystem;

const fs::path source_dir = RELAIS_SOURCE_DIR;

std::vector<std::string> scenario_cases() {
    std::vector<std::string> found;
    std::error_code ec;
    const fs::path root = source_dir / "scenarios";
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        const bool expectation = name.size() > 13 && name.compare(name.size() - 13, 13, ".attendu.json") == 0;
        if (!it->is_regular_file() || path.extension() != ".json" || expectation) continue;
        fs::path expected = path;
        expected.replace_extension(".attendu.json");
        if (fs::exists(expected)) found.push_back(fs::relative(path, source_dir).generic_string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The rules directory: rules/, or RELAIS_SCENARIO_RULES to run the scenarios against another
// version of the rules.
fs::path rules_dir() {
    const char* other = std::getenv("RELAIS_SCENARIO_RULES");
    return other != nullptr && *other != '\0' ? fs::path(other) : source_dir / "rules";
}

// Rules compiled once per set of overlays.
const dsl::Compilation& compiled(const std::vector<std::string>& overlays) {
    static std::map<std::vector<std::string>, std::unique_ptr<dsl::Compilation>> cache;
    auto& slot = cache[overlays];
    if (!slot) {
        std::vector<std::string> paths = {rules_dir().string()};
        paths.insert(paths.end(), overlays.begin(), overlays.end());
        slot = std::make_unique<dsl::Compilation>(dsl::compile_paths(paths));
    }
    return *slot;
}

// One expected value: where it is and what it says.
struct Check {
    std::string month;
    std::string key;
    nlohmann::json expected;
};

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

std::string diagnostics_of(const dsl::Compilation& c) {
    std::string out;
    for (const std::string& io : c.io_errors) out += io + "\n";
    for (const auto& d : c.diagnostics.sorted()) out += engine::render_text(d, c.sources);
    return out;
}

TEST_P(ScenarioTest, MatchesItsExpectedValues) {
    const fs::path case_path = source_dir / GetParam();
    fs::path expected_path = case_path;
    expected_path.replace_extension(".attendu.json");

    const nlohmann::json case_json = nlohmann::json::parse(read_text(case_path), nullptr, false);
    ASSERT_FALSE(case_json.is_discarded()) << GetParam() << " : JSON invalide";
    const nlohmann::json expected = nlohmann::json::parse(read_text(expected_path), nullptr, false);
    ASSERT_FALSE(expected.is_discarded()) << expected_path << " : JSON invalide";
    ASSERT_TRUE(expected.is_object() && expected.contains("mois") && expected["mois"].is_object())
        << expected_path << " : {\"calcul\": ..., \"mois\": {...}} attendu";
    for (const auto& [key, value] : expected.items())
        EXPECT_TRUE(key == "calcul" || key == "mois") << expected_path << " : clé inconnue « " << key << " »";

    std::vector<std::string> overlays;
    if (case_json.is_object() && case_json.contains("surcouche") && case_json["surcouche"].is_string())
        overlays.push_back((case_path.parent_path() / case_json["surcouche"].get<std::string>()).string());
    const dsl::Compilation& compilation = compiled(overlays);
    ASSERT_TRUE(compilation.program.has_value()) << diagnostics_of(compilation);
    const ir::Program& program = *compilation.program;

    const CaseReading reading = read_case(case_json, program, GetParam());
    ASSERT_TRUE(reading.problems.empty()) << describe_problems(GetParam(), reading.problems);
    auto result = simulate(program, reading.value);
    if (auto* error = std::get_if<SimulationError>(&result)) {
        FAIL() << describe_problems(GetParam(), error->problems)
               << (error->evaluation ? engine::render_text({error->evaluation->code, error->evaluation->span,
                                                            error->evaluation->message, {}, {}},
                                                           compilation.sources)
                                     : std::string());
    }
    const Simulation& simulation = std::get<Simulation>(result);
    // Every rendering must go through.
    EXPECT_FALSE(render_json(simulation, Stamp{"test", "sha256:test", std::nullopt}).empty());
    EXPECT_FALSE(render_table(simulation).empty());
    EXPECT_FALSE(render_csv(simulation).empty());

    std::size_t checked = 0;
    for (const auto& [month_text, values] : expected["mois"].items()) {
        const auto month = engine::parse_month(month_text);
        const MonthResult* scenario = nullptr;
        const MonthResult* baseline = nullptr;
        for (std::size_t i = 0; month && i < simulation.scenario.months.size(); ++i) {
            if (simulation.scenario.months[i].month != *month) continue;
            scenario = &simulation.scenario.months[i];
            baseline = &simulation.baseline.months[i];
        }
        if (!scenario) {
            ADD_FAILURE() << expected_path << " : mois « " << month_text << " » hors de la période simulée";
            continue;
        }
        if (!values.is_object()) {
            ADD_FAILURE() << expected_path << " : mois « " << month_text << " » : un objet est attendu";
            continue;
        }
        for (const auto& [key, want] : values.items()) {
            const std::string where = expected_path.filename().string() + ", " + month_text + ", « " + key + " »";
            std::optional<Value> amount;
            std::optional<bool> flag;
            if (key == "ressources.total") amount = scenario->resources.total;
            else if (key == "ressources.activite") amount = scenario->resources.earnings;
            else if (key == "ressources.prestations") amount = scenario->resources.benefits;
            else if (key == "reference.total") amount = baseline->resources.total;
            else if (key == "ecart") amount = engine::checked_sub(scenario->resources.total, baseline->resources.total);
            else {
                const auto dot = key.find('.');
                const auto at = key.find('@');
                const std::string scheme_name = key.substr(0, dot);
                const std::string field =
                    dot == std::string::npos ? "" : key.substr(dot + 1, at == std::string::npos ? std::string::npos : at - dot - 1);
                const std::string instance_name = at == std::string::npos ? "" : key.substr(at + 1);
                const auto scheme = std::find_if(program.schemes.begin(), program.schemes.end(),
                                                 [&](const ir::Scheme& s) { return s.name == scheme_name; });
                if (scheme == program.schemes.end()) {
                    ADD_FAILURE() << where << " : dispositif inconnu « " << scheme_name << " »";
                    continue;
                }
                const auto s = static_cast<std::uint32_t>(scheme - program.schemes.begin());
                std::uint32_t instance = 0;
                if (!instance_name.empty()) {
                    const auto& names = reading.value.data.instance_names[scheme->entity];
                    const auto it = std::find(names.begin(), names.end(), instance_name);
                    if (it == names.end()) {
                        ADD_FAILURE() << where << " : « " << instance_name << " » n'est pas un "
                                      << program.entities[scheme->entity].name << " du cas";
                        continue;
                    }
                    instance = static_cast<std::uint32_t>(it - names.begin());
                }
                const SchemeMonth* sm = nullptr;
                for (const SchemeMonth& candidate : scenario->schemes)
                    if (candidate.scheme == s && candidate.instance == instance) sm = &candidate;
                if (sm == nullptr) {
                    ADD_FAILURE() << where << " : aucun bénéficiaire pour ce dispositif";
                    continue;
                }
                if (field == "du") amount = sm->due;
                else if (field == "verse") amount = sm->paid;
                else if (field == "valeur") amount = sm->value;
                else if (field == "eligible") flag = sm->eligible;
                else if (field == "detenu") flag = sm->held;
                else {
                    ADD_FAILURE() << where << " : champ inconnu « " << field
                                  << " » (attendu : du, verse, eligible, detenu, valeur)";
                    continue;
                }
            }
            ++checked;
            if (flag) {
                EXPECT_TRUE(want.is_boolean()) << where << " : true ou false attendu";
                if (want.is_boolean() && *flag != want.get<bool>())
                    ADD_FAILURE() << where << " : attendu " << want.dump() << ", obtenu " << (*flag ? "true" : "false");
                continue;
            }
            const auto wanted = want.is_string() ? engine::parse_decimal(want.get<std::string>()) : std::nullopt;
            if (!wanted) {
                ADD_FAILURE() << where << " : montant attendu sous forme de chaîne décimale (\"646.52\"), pas "
                              << want.dump();
                continue;
            }
            if (*amount != *wanted)
                ADD_FAILURE() << where << " : attendu " << want.get<std::string>() << ", obtenu "
                              << engine::format_decimal(*amount);
        }
    }
    EXPECT_GT(checked, 0u) << expected_path << " : aucune valeur attendue";
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(scenario_cases()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScenarioTest);

TEST(Scenarios, FolderHasCasesWithExpectedValues) {
    if (scenario_cases().empty()) GTEST_SKIP() << "aucun scénario avec son .attendu.json dans scenarios/";
    SUCCEED();
}

}  // namespace
}  // namespace relais::simulator
