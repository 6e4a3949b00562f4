// FlatJson, the reader of a population's lines, against nlohmann (the reference it must equal),
// and the case reader over both documents: the same case data and the same messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "simulator/case_file.hpp"
#include "simulator/flat_json.hpp"
#include "simulator/json_view.hpp"
#include "tests/simulator/support.hpp"

namespace relais::simulator {
namespace {

using testing::Rules;
using testing::euros;
using testing::month;

nlohmann::json flat_as_json(const std::string& text) {
    FlatJson doc;
    EXPECT_TRUE(doc.parse(text)) << text;
    return doc.to_json(FlatJson::root);
}

TEST(FlatJson, ReadsWhatNlohmannReadsWithTheSameNumberTypes) {
    for (const std::string text : {
             R"({"a": 1, "b": -2, "c": 2.5, "d": 1e3, "e": "x", "f": true, "g": false, "h": null})",
             R"({"nested": {"list": [1, [2, {"k": "v"}], {}], "empty": []}})",
             R"({"unicode": "Mâcon – Villeurbanne 😀", "": "empty key"})",
             R"(  [ 0 , -0 , 9223372036854775807 , -9223372036854775808 , 0.1 ]  )",
             R"("a lone string")",
             "{\"tab\":\t1,\r\n\"x\" : 2}",
         }) {
        const nlohmann::json expected = nlohmann::json::parse(text);
        const nlohmann::json read = flat_as_json(text);
        EXPECT_EQ(read, expected) << text;
        EXPECT_EQ(read.dump(), expected.dump()) << text;  // same number types: 1e3 stays 1000.0
    }
}

TEST(FlatJson, MembersComeInKeyOrderAndADuplicateKeyKeepsItsLastValue) {
    FlatJson doc;
    ASSERT_TRUE(doc.parse(R"({"p2": 1, "p10": 2, "p1": 3, "p2": 4})"));
    std::vector<std::string> keys;
    std::vector<std::int64_t> values;
    for (const FlatJson::Member& m : doc.members(doc.value(FlatJson::root))) {
        keys.emplace_back(doc.key(m));
        values.push_back(doc.value(m.value).integer);
    }
    // Byte order, as std::map<std::string> sorts them: "p10" before "p2".
    EXPECT_EQ(keys, (std::vector<std::string>{"p1", "p10", "p2"}));
    EXPECT_EQ(values, (std::vector<std::int64_t>{3, 2, 4}));
    EXPECT_EQ(doc.to_json(FlatJson::root), nlohmann::json::parse(R"({"p2": 1, "p10": 2, "p1": 3, "p2": 4})"));
}

TEST(FlatJson, LeavesToNlohmannWhatItDoesNotReadTheSameWay) {
    for (const std::string text : {
             R"({"a": "line\nbreak"})",             // an escape
             "{\"a\": \"tab\there\"}",              // a control character
             "\xEF\xBB\xBF{\"a\": 1}",              // a byte order mark
             R"({"a": 18446744073709551615})",      // unsigned above INT64_MAX
             R"({"a": 99999999999999999999})",      // an integer nlohmann makes a double
             R"({"a": 1e400})",                     // out of a double's range
             "{\"a\": \"\xC3\x28\"}",               // invalid UTF-8
             R"({"a": 1,})", R"({"a" 1})", R"([1 2])", "", "{} x",  // not JSON
         }) {
        FlatJson doc;
        EXPECT_FALSE(doc.parse(text)) << text;
    }
    std::string deep(65, '[');
    deep += std::string(65, ']');
    FlatJson doc;
    EXPECT_FALSE(doc.parse(deep));
    EXPECT_TRUE(doc.parse(std::string(64, '[') + std::string(64, ']')));
}

TEST(FlatJson, EraseTakesAMemberOut) {
    FlatJson doc;
    ASSERT_TRUE(doc.parse(R"({"id": "x", "poids": 2, "periode": {}})"));
    doc.erase(FlatJson::root, "poids");
    doc.erase(FlatJson::root, "absent");
    EXPECT_EQ(doc.to_json(FlatJson::root), nlohmann::json::parse(R"({"id": "x", "periode": {}})"));
}

const Rules& rules() {
    static const Rules r;
    return r;
}

void expect_same_reading(const CaseReading& from_flat, const CaseReading& from_json, const std::string& text) {
    EXPECT_EQ(describe_problems("cas", from_flat.problems), describe_problems("cas", from_json.problems)) << text;
    const engine::CaseData& a = from_flat.value.data;
    const engine::CaseData& b = from_json.value.data;
    EXPECT_EQ(a.first, b.first);
    EXPECT_EQ(a.last, b.last);
    EXPECT_EQ(a.report_first, b.report_first);
    EXPECT_EQ(a.instance_names, b.instance_names);
    EXPECT_EQ(a.members, b.members);
    EXPECT_EQ(a.inputs.size(), b.inputs.size());
    for (std::size_t i = 0; i < std::min(a.inputs.size(), b.inputs.size()); ++i) {
        EXPECT_EQ(a.inputs[i].size(), b.inputs[i].size()) << rules().program().inputs[i].name;
        for (std::size_t k = 0; k < std::min(a.inputs[i].size(), b.inputs[i].size()); ++k) {
            EXPECT_EQ(a.inputs[i][k].constant, b.inputs[i][k].constant);
            EXPECT_EQ(a.inputs[i][k].by_month, b.inputs[i][k].by_month);
        }
    }
    EXPECT_EQ(from_flat.value.events.size(), from_json.value.events.size());
    for (std::size_t e = 0; e < std::min(from_flat.value.events.size(), from_json.value.events.size()); ++e) {
        EXPECT_EQ(from_flat.value.events[e].type, from_json.value.events[e].type);
        EXPECT_EQ(*from_flat.value.events[e].fields, *from_json.value.events[e].fields);
    }
}

// The case read from nlohmann's tree and from FlatJson: same data, same problems.
CaseReading read_both(const std::string& text) {
    const nlohmann::json json = nlohmann::json::parse(text);
    const CaseSchema schema(rules().program());
    CaseReading from_json = read_case(json, schema, "cas");
    FlatJson doc;
    EXPECT_TRUE(doc.parse(text));
    expect_same_reading(read_case(JsonView(doc, FlatJson::root), schema, "cas"), from_json, text);
    return from_json;
}

const char* const valid_case =
    R"({"periode": {"debut": "2026-01", "mois": 3, "historique": 2},
        "personnes": {"p2": {"salaire_net": {"2026-02": "1100.50", "2025-12": 300}, "heures": 75.5},
                      "p10": {"date_naissance": "2010-05-31"}, "p1": {"date_naissance": "1990-01-01"}},
        "foyers": {"f": {"demandeur": "p2", "conjoint": ["p1"], "enfants": ["p10"], "depcom": 69266}},
        "evenements": [{"mois": "2026-02", "type": "fin_contrat", "personne": "p2"}]})";

const std::vector<std::string> faulty_cases = {
    R"({"periode": {"debut": "2026-13", "mois": 0, "x": 1}, "personnes": {"a": 3}, "foyers": {"f": []}, "autre": 1})",
    R"({"periode": "2026-01", "personnes": {"a": {}}, "foyers": {"f": {"demandeur": ["a", "b"], "conjoint": 3}}})",
    R"({"periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {"salair_net": 1, "heures": "x"}, "b": {}},
        "foyers": {"f": {"demandeur": "a", "depcom": {"2026-01": 1}}, "g": {"demandeur": ["a"]}}})",
    R"({"periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {"salaire_net": {"2026-1": 1, "2026-02": true}}},
        "foyers": {"f": {"demandeur": ["a"]}}, "surcouche": 4, "evenements": [3, {"mois": "2030-01", "type": "x"}, {"type": 1, "mois": "2026-02"}]})",
    R"([1, 2])",
};

TEST(CaseFromFlatJson, AValidCaseReadsAsFromNlohmann) {
    const CaseReading reading = read_both(valid_case);
    const engine::CaseData& data = reading.value.data;
    // Worked out from the text: persons in byte order, the history before January 2026.
    EXPECT_EQ(data.instance_names[rules().program().person_entity], (std::vector<std::string>{"p1", "p10", "p2"}));
    EXPECT_EQ(data.first, month("2025-11"));
    EXPECT_EQ(data.last, month("2026-03"));
    const auto& salary = data.inputs[rules().input("salaire_net")][2].by_month;
    ASSERT_EQ(salary.size(), 2U);
    EXPECT_EQ(salary[0], std::make_pair(month("2025-12"), euros(300)));
    EXPECT_EQ(salary[1], std::make_pair(month("2026-02"), euros(1100) + engine::one / 2));
}

TEST(CaseFromFlatJson, EveryProblemReadsAsFromNlohmann) {
    for (const std::string& text : faulty_cases) {
        const CaseReading reading = read_both(text);
        EXPECT_FALSE(reading.problems.empty()) << text;
    }
}

// A population run reads every case of a worker into one document and one reading, each
// keeping the storage of the case before: what they read is what a new one reads.
TEST(CaseFromFlatJson, ADocumentAndAReadingReusedFromCaseToCaseReadAsNewOnes) {
    std::vector<std::string> texts = {valid_case};
    texts.insert(texts.end(), faulty_cases.begin(), faulty_cases.end());
    texts.push_back(valid_case);
    texts.push_back(R"({"periode": {"debut": "2026-01", "mois": 2}, "personnes": {"a": {"heures": 10}},
                        "foyers": {"f": {"demandeur": "a"}}})");
    const CaseSchema schema(rules().program());
    FlatJson doc;
    CaseReading reused;
    for (const std::string& text : texts) {
        ASSERT_TRUE(doc.parse(text)) << text;
        EXPECT_EQ(doc.to_json(FlatJson::root), nlohmann::json::parse(text)) << text;
        read_case(JsonView(doc, FlatJson::root), schema, "cas", reused);
        expect_same_reading(reused, read_case(nlohmann::json::parse(text), schema, "cas"), text);
    }
}

}  // namespace
}  // namespace relais::simulator
