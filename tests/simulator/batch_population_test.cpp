// Reading a population: JSON Lines and CSV, and every way a line can be wrong. A bad case is
// rejected with its line number and the run goes on; only a CSV header that cannot be read
// stops it. Uses the toy rules of support.hpp.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "simulator/population.hpp"
#include "tests/simulator/batch_support.hpp"
#include "tests/simulator/support.hpp"

namespace relais::simulator {
namespace {

using testing::BatchRun;
using testing::Rules;
using testing::lines_of;

const Rules& rules() {
    static const Rules r;
    return r;
}

BatchRun run(const std::string& text, PopulationFormat format) {
    const BatchSide side{&rules().program(), &rules().sources()};
    return testing::run_text_batch(text, format, side, side, {}, testing::Keep::Results);
}

std::vector<std::string> reject_lines(const BatchRun& out) { return lines_of(out.rejects); }

void expect_balanced(const BatchRun& out) {
    EXPECT_EQ(out.summary.read, out.summary.simulated + out.summary.rejected);
    EXPECT_EQ(out.summary.rejected, reject_lines(out).size());
}

constexpr const char* header = "foyer,personne,role,periode_debut,periode_mois,date_naissance,salaire_net\n";

// ---- CSV records ----

TEST(CsvRecord, SplitsQuotedFieldsWithSeparatorsQuotesAndNewlines) {
    std::vector<std::string> fields;
    ASSERT_EQ(split_csv_record("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"", ',', fields), CsvSplit::Ok);
    EXPECT_EQ(fields, (std::vector<std::string>{"a", "b,c", "say \"hi\"", "", "x\ny"}));
    ASSERT_EQ(split_csv_record("a;b;", ';', fields), CsvSplit::Ok);
    EXPECT_EQ(fields, (std::vector<std::string>{"a", "b", ""}));
    EXPECT_EQ(split_csv_record("a,\"open", ',', fields), CsvSplit::Unclosed);
    EXPECT_EQ(split_csv_record("a,\"b\"c", ',', fields), CsvSplit::Malformed);
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

// ---- CSV ----

TEST(CsvPopulation, RowsOfAHouseholdMakeOneCase) {
    const BatchRun out = run(std::string(header) +
                                 "f1,ana,demandeur,2026-01,2,1990-01-01,\n"
                                 "f1,ben,conjoint,,,1991-01-01,300\n"
                                 "f2,cy,demandeur,2026-01,2,1990-01-01,\n",
                             PopulationFormat::Csv);
    ASSERT_TRUE(out.open_problems.empty());
    EXPECT_EQ(out.summary.read, 2U);
    EXPECT_EQ(out.summary.simulated, 2U);
    ASSERT_EQ(out.results.size(), 2U);
    EXPECT_EQ(out.results[0].attributes.id, "f1");
    EXPECT_EQ(out.results[0].line, 2U);
    EXPECT_EQ(out.results[0].groups.household_type, "couple");
    EXPECT_EQ(out.results[1].line, 4U);
    expect_balanced(out);
}

TEST(CsvPopulation, AnUnknownColumnStopsTheRunWithAHint) {
    const BatchRun out = run("foyer,role,periode_debut,periode_mois,salaire\nf1,demandeur,2026-01,2,3\n", PopulationFormat::Csv);
    ASSERT_EQ(out.open_problems.size(), 1U);
    EXPECT_NE(out.open_problems[0].find("« salaire »"), std::string::npos);
    EXPECT_NE(out.open_problems[0].find("salaire_net"), std::string::npos) << out.open_problems[0];
}

TEST(CsvPopulation, RequiredColumnsAreNamed) {
    const BatchRun out = run("personne,date_naissance\nana,1990-01-01\n", PopulationFormat::Csv);
    std::string all;
    for (const std::string& p : out.open_problems) all += p + "\n";
    for (const char* column : {"« foyer »", "« role »", "« periode_debut »", "« periode_mois »"})
        EXPECT_NE(all.find(column), std::string::npos) << all;
}

TEST(CsvPopulation, AMalformedRowRejectsItsHouseholdWithTheLineNumber) {
    const BatchRun out = run(std::string(header) +
                                 "f1,ana,demandeur,2026-01,2,1990-01-01,\n"
                                 "f2,bo,demandeur,2026-01,2,1990-01-01\n"   // one field short
                                 "f3,cy,demandeur,2026-01,2,1990-01-01,\n",
                             PopulationFormat::Csv);
    EXPECT_EQ(out.summary.read, 3U);
    EXPECT_EQ(out.summary.simulated, 2U);
    const auto rejects = reject_lines(out);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_EQ(rejects[0].rfind("3,f2,ligne_mal_formee,", 0), 0U) << rejects[0];
    EXPECT_NE(rejects[0].find("6 champs au lieu de 7"), std::string::npos) << rejects[0];
    expect_balanced(out);
}

TEST(CsvPopulation, AnUnclosedQuoteIsReportedAtItsLine) {
    const BatchRun out = run(std::string(header) + "f1,ana,demandeur,2026-01,2,\"1990-01-01,\n", PopulationFormat::Csv);
    const auto rejects = reject_lines(out);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_NE(rejects[0].find("guillemet"), std::string::npos) << rejects[0];
    expect_balanced(out);
}

TEST(CsvPopulation, HouseholdValuesMustAgreeAndRolesMustExist) {
    const BatchRun out = run(std::string(header) +
                                 "f1,ana,demandeur,2026-01,2,1990-01-01,\n"
                                 "f1,ben,conjoint,2026-02,,1991-01-01,\n"
                                 "f2,cy,chef,2026-01,2,1990-01-01,\n",
                             PopulationFormat::Csv);
    const auto rejects = reject_lines(out);
    ASSERT_EQ(rejects.size(), 2U);
    EXPECT_EQ(rejects[0].rfind("2,f1,cas_invalide,", 0), 0U) << rejects[0];
    EXPECT_NE(rejects[0].find("periode_debut"), std::string::npos) << rejects[0];
    EXPECT_NE(rejects[0].find("ligne 3"), std::string::npos) << rejects[0];
    EXPECT_EQ(rejects[1].rfind("4,f2,cas_invalide,", 0), 0U) << rejects[1];
    EXPECT_NE(rejects[1].find("demandeur, conjoint, enfants"), std::string::npos) << rejects[1];
    expect_balanced(out);
}

TEST(CsvPopulation, MonthColumnsEventsSemicolonsAndWeights) {
    // A French spreadsheet: ';' between fields. Wages by month, an event in JSON on the
    // person's row (it concerns that person without saying so), a weight and a QPV flag.
    const std::string text =
        "foyer;personne;role;poids;qpv;periode_debut;periode_mois;periode_historique;date_naissance;salaire_net_2026-01;"
        "salaire_net_2026-02;evenements\n"
        "f1;ana;demandeur;1.5;oui;2026-01;3;1;1990-01-01;100;150;\"[{\"\"mois\"\": \"\"2026-03\"\", \"\"type\"\": "
        "\"\"reprise_emploi\"\", \"\"salaire_net\"\": 900, \"\"heures\"\": 80}]\"\n";
    const BatchRun out = run(text, PopulationFormat::Csv);
    ASSERT_TRUE(out.open_problems.empty());
    ASSERT_EQ(out.rejects, "");
    ASSERT_EQ(out.results.size(), 1U);
    const CaseResult& c = out.results[0];
    EXPECT_EQ(c.attributes.weight, 1'500'000);
    EXPECT_EQ(c.attributes.qpv, std::optional<bool>(true));
    ASSERT_EQ(c.base.timeline.months.size(), 3U);
    EXPECT_EQ(c.base.timeline.months[0].resources.earnings, 100 * engine::one);
    EXPECT_EQ(c.base.timeline.months[1].resources.earnings, 150 * engine::one);
    EXPECT_EQ(c.base.timeline.months[2].resources.earnings, 900 * engine::one);
}

TEST(CsvPopulation, APersonAddedByAnEventHasNoRole) {
    const std::string text =
        "foyer,personne,role,periode_debut,periode_mois,date_naissance,evenements\n"
        "f1,ana,demandeur,2026-01,3,1990-01-01,\"[{\"\"mois\"\": \"\"2026-02\"\", \"\"type\"\": \"\"naissance\"\", "
        "\"\"enfant\"\": \"\"bebe\"\"}]\"\n"
        "f1,bebe,,,,2026-02-10,\n";
    const BatchRun out = run(text, PopulationFormat::Csv);
    ASSERT_EQ(out.rejects, "");
    ASSERT_EQ(out.results.size(), 1U);
    EXPECT_EQ(out.results[0].groups.household_type, "personne_seule");  // at periode.debut
    expect_balanced(out);
}

// ---- JSON Lines ----

TEST(JsonLinesPopulation, LineNumbersCountBlankLinesAndIdsDefaultToTheLine) {
    const std::string ok = R"({"periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})";
    const BatchRun out = run("\n" + ok + "\n\n" + ok + "\n", PopulationFormat::JsonLines);
    EXPECT_EQ(out.summary.read, 2U);
    ASSERT_EQ(out.results.size(), 2U);
    EXPECT_EQ(out.results[0].line, 2U);
    EXPECT_EQ(out.results[0].attributes.id, "ligne 2");
    EXPECT_EQ(out.results[1].line, 4U);
    EXPECT_EQ(lines_of(out.cases)[0].rfind("ligne 2,2026-01,", 0), 0U);
}

TEST(JsonLinesPopulation, EveryKindOfBadLineIsRejectedAndTheRunGoesOn) {
    const std::string ok = R"({"id": "ok", "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})";
    const std::string text = std::string("not json\n") +                                               // 1
                             "[1, 2]\n" +                                                              // 2
                             R"({"id": "w", "poids": "-1", "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})" "\n" +  // 3
                             R"({"id": "q", "qpv": "peut-être", "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})" "\n" +  // 4
                             R"({"id": "p", "periode": {"debut": "2026-13", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})" "\n" +  // 5
                             R"({"id": "s", "surcouche": "x.rules", "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})" "\n" +  // 6
                             R"({"id": "ev", "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}, "evenements": [{"mois": "2026-02", "type": "reprise_emploie"}]})" "\n" +  // 7
                             R"({"id": "big", "poids": 1.8e309, "periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a"]}}})" "\n" +  // 8
                             ok + "\n";                                                                // 9
    const BatchRun out = run(text, PopulationFormat::JsonLines);
    EXPECT_EQ(out.summary.read, 9U);
    EXPECT_EQ(out.summary.simulated, 1U);
    const auto rejects = reject_lines(out);
    ASSERT_EQ(rejects.size(), 8U);
    // A number no double holds: this line is rejected, the run does not stop.
    EXPECT_EQ(rejects[7].rfind("8,,ligne_mal_formee,", 0), 0U) << rejects[7];
    EXPECT_NE(rejects[7].find("trop grand"), std::string::npos) << rejects[7];
    EXPECT_EQ(rejects[0].rfind("1,,ligne_mal_formee,", 0), 0U) << rejects[0];
    EXPECT_EQ(rejects[1].rfind("2,,ligne_mal_formee,", 0), 0U) << rejects[1];
    EXPECT_EQ(rejects[2].rfind("3,w,cas_invalide,", 0), 0U) << rejects[2];
    EXPECT_NE(rejects[2].find("poids"), std::string::npos);
    EXPECT_EQ(rejects[3].rfind("4,q,cas_invalide,", 0), 0U) << rejects[3];
    EXPECT_EQ(rejects[4].rfind("5,p,cas_invalide,", 0), 0U) << rejects[4];
    EXPECT_NE(rejects[4].find("periode.debut"), std::string::npos) << rejects[4];
    EXPECT_EQ(rejects[5].rfind("6,s,cas_invalide,", 0), 0U) << rejects[5];
    EXPECT_NE(rejects[5].find("--scenario"), std::string::npos) << rejects[5];
    EXPECT_EQ(rejects[6].rfind("7,ev,cas_invalide,", 0), 0U) << rejects[6];
    EXPECT_NE(rejects[6].find("reprise_emploi"), std::string::npos) << "did you mean: " << rejects[6];
    expect_balanced(out);
}

TEST(JsonLinesPopulation, AnEmptyInputReadsNothing) {
    const BatchRun out = run("", PopulationFormat::JsonLines);
    EXPECT_EQ(out.summary.read, 0U);
    EXPECT_EQ(out.cases, "");
    const auto summary = nlohmann::json::parse(out.summary_json);
    EXPECT_TRUE(summary["periode"].is_null());
}

}  // namespace
}  // namespace relais::simulator
