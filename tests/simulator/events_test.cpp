// Events: how each effect changes a copy of the case's data, and the problems a wrong event
// gives (one per fault, naming evenements[i].field and the value).
#include "simulator/events.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "engine/evaluator.hpp"
#include "support.hpp"

namespace relais::simulator {
namespace {

using testing::euros;
using testing::month;
using testing::Rules;
using testing::TestCase;

std::string case_with_events(const std::string& events, const std::string& persons = "",
                             const std::string& foyer = R"("demandeur": "alice")") {
    return R"({"periode": {"debut": "2025-06", "mois": 6},
               "personnes": {"alice": {"date_naissance": "1990-01-01",
                                       "salaire_net": {"2025-03": 100, "2025-10": 50}})" +
           persons + R"(},
               "foyers": {"f1": {)" + foyer + R"(, "depcom": 69123}},
               "evenements": [)" + events + "]}";
}

class EventsTest : public ::testing::Test {
protected:
    // Applies the case's events; fails the test on any problem.
    engine::CaseData applied(const TestCase& c) {
        EXPECT_TRUE(c.reading.problems.empty()) << testing::problems_text(c.reading.problems);
        PreparedCase prepared = prepare_case(rules.program(), c.input());
        EXPECT_TRUE(prepared.problems.empty()) << testing::problems_text(prepared.problems);
        return prepared.scenario;
    }

    std::optional<engine::Value> salary(const engine::CaseData& data, const char* m) {
        return testing::input_at(rules.program(), data, rules.input("salaire_net"), 0, month(m));
    }

    std::vector<CaseProblem> problems(const std::string& text) {
        TestCase c(rules.program(), text);
        if (!c.reading.problems.empty()) return c.reading.problems;
        return prepare_case(rules.program(), c.input()).problems;
    }

    Rules rules;
};

TEST_F(EventsTest, SetInputWithoutEndHoldsFromTheEventMonthOn) {
    TestCase c(rules.program(), case_with_events(
        R"({"mois": "2025-08", "type": "reprise_emploi", "personne": "alice", "salaire_net": 1100, "heures": 104})"));
    const engine::CaseData data = applied(c);
    EXPECT_EQ(salary(data, "2025-03"), euros(100));  // history kept
    EXPECT_EQ(salary(data, "2025-07"), euros(0));    // default before the event
    EXPECT_EQ(salary(data, "2025-08"), euros(1100));
    EXPECT_EQ(salary(data, "2025-10"), euros(1100));  // overrides the case's own value
    EXPECT_EQ(salary(data, "2025-11"), euros(1100));
    EXPECT_EQ(testing::input_at(rules.program(), data, rules.input("heures"), 0, month("2025-09")), euros(104));
}

TEST_F(EventsTest, SetInputWithEndReturnsToThePreviousValuesAfterIt) {
    TestCase c(rules.program(), case_with_events(R"({"mois": "2025-08", "type": "reprise_emploi", "personne": "alice",
                                                     "salaire_net": "1100.50", "heures": 104, "fin": "2025-09"})"));
    const engine::CaseData data = applied(c);
    EXPECT_EQ(salary(data, "2025-07"), euros(0));
    EXPECT_EQ(salary(data, "2025-08"), 1'100'500'000);
    EXPECT_EQ(salary(data, "2025-09"), 1'100'500'000);
    EXPECT_EQ(salary(data, "2025-10"), euros(50));  // the case's value again
    EXPECT_EQ(salary(data, "2025-11"), euros(0));   // the default again
}

// `pendant N mois` bounds one effect, from the event's month, within the event's own end.
TEST_F(EventsTest, AnEffectForNMonthsEndsAfterThemWhileTheOthersHold) {
    const Rules timed(testing::scheme_rules, R"rules(
événement stage : personne
  libellé "Stage"
  champ fin : mois optionnel
  fixe heures = 35 pendant 2 mois
  fixe salaire_net = 400 €
  jusqu'à fin
)rules");
    const auto at = [&](const engine::CaseData& data, const char* input, const char* m) {
        return testing::input_at(timed.program(), data, timed.input(input), 0, month(m));
    };
    const auto applied_to = [&](const std::string& event) {
        TestCase c(timed.program(), case_with_events(event));
        EXPECT_TRUE(c.reading.problems.empty()) << testing::problems_text(c.reading.problems);
        PreparedCase prepared = prepare_case(timed.program(), c.input());
        EXPECT_TRUE(prepared.problems.empty()) << testing::problems_text(prepared.problems);
        return prepared.scenario;
    };
    const engine::CaseData open = applied_to(R"({"mois": "2025-08", "type": "stage", "personne": "alice"})");
    EXPECT_EQ(at(open, "heures", "2025-07"), euros(0));
    EXPECT_EQ(at(open, "heures", "2025-08"), euros(35));
    EXPECT_EQ(at(open, "heures", "2025-09"), euros(35));
    EXPECT_EQ(at(open, "heures", "2025-10"), euros(0));  // two months are over: the default again
    EXPECT_EQ(at(open, "salaire_net", "2025-10"), euros(400));  // no end: still 400 €
    EXPECT_EQ(at(open, "salaire_net", "2025-11"), euros(400));
    // The event's end comes first: both effects stop after August.
    const engine::CaseData ended =
        applied_to(R"({"mois": "2025-08", "type": "stage", "personne": "alice", "fin": "2025-08"})");
    EXPECT_EQ(at(ended, "heures", "2025-08"), euros(35));
    EXPECT_EQ(at(ended, "heures", "2025-09"), euros(0));
    EXPECT_EQ(at(ended, "salaire_net", "2025-09"), euros(0));
    EXPECT_EQ(at(ended, "salaire_net", "2025-10"), euros(50));  // the case's own value again
}

TEST(EventDeclaration, ADurationOfNoMonthIsRefused) {
    try {
        const Rules rules(testing::scheme_rules, "événement stage : personne\n  fixe heures = 35 pendant 0 mois\n");
        ADD_FAILURE() << "pendant 0 mois accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("au moins 1 mois"), std::string::npos) << e.what();
    }
}

TEST_F(EventsTest, OneOffEventLastsOnlyItsMonth) {
    TestCase c(rules.program(), case_with_events(
        R"({"mois": "2025-09", "type": "demande_aide", "personne": "alice", "montant": 250})"));
    const engine::CaseData data = applied(c);
    const auto aid = [&](const char* m) {
        return testing::input_at(rules.program(), data, rules.input("aide_ponctuelle"), 0, month(m));
    };
    EXPECT_EQ(aid("2025-08"), euros(0));
    EXPECT_EQ(aid("2025-09"), euros(250));
    EXPECT_EQ(aid("2025-10"), euros(0));
}

TEST_F(EventsTest, ConstantInputChangedByAnEventKeepsItsValueBefore) {
    TestCase c(rules.program(), case_with_events(
        R"({"mois": "2025-09", "type": "demenagement", "foyer": "f1", "depcom": 38185})"));
    const engine::CaseData data = applied(c);
    const auto depcom = [&](engine::Month m) {
        return testing::input_at(rules.program(), data, rules.input("depcom"), 0, m);
    };
    EXPECT_EQ(depcom(data.first), euros(69123));  // warm-up months too
    EXPECT_EQ(depcom(month("2025-08")), euros(69123));
    EXPECT_EQ(depcom(month("2025-09")), euros(38185));
    EXPECT_EQ(depcom(month("2025-11")), euros(38185));
}

TEST_F(EventsTest, LaterEventOverridesAnEarlierOneFromItsMonth) {
    TestCase c(rules.program(), case_with_events(
        R"({"mois": "2025-10", "type": "fin_contrat", "personne": "alice"},
           {"mois": "2025-07", "type": "reprise_emploi", "personne": "alice", "salaire_net": 900, "heures": 80})"));
    const engine::CaseData data = applied(c);
    EXPECT_EQ(salary(data, "2025-06"), euros(0));
    EXPECT_EQ(salary(data, "2025-09"), euros(900));
    EXPECT_EQ(salary(data, "2025-10"), euros(0));
}

TEST_F(EventsTest, BirthAddsAPersonWhoBelongedToNoFoyer) {
    TestCase c(rules.program(), case_with_events(R"({"mois": "2025-09", "type": "naissance", "foyer": "f1", "enfant": "zoe"})",
                                                 R"(, "zoe": {"date_naissance": "2025-09-12"})"));
    ASSERT_TRUE(c.reading.problems.empty()) << testing::problems_text(c.reading.problems);
    PreparedCase prepared = prepare_case(rules.program(), c.input());
    ASSERT_TRUE(prepared.problems.empty()) << testing::problems_text(prepared.problems);

    const std::uint32_t nb_enfants = rules.variable("nb_enfants");
    const std::uint32_t age = rules.variable("age");
    const auto needed = std::vector<bool>(rules.program().variables.size(), true);
    auto scenario = engine::Evaluation::run(rules.program(), prepared.scenario, needed);
    auto baseline = engine::Evaluation::run(rules.program(), prepared.baseline, needed);
    ASSERT_TRUE(std::holds_alternative<engine::Evaluation>(scenario));
    ASSERT_TRUE(std::holds_alternative<engine::Evaluation>(baseline));
    const auto& s = std::get<engine::Evaluation>(scenario);
    const auto& b = std::get<engine::Evaluation>(baseline);
    EXPECT_EQ(s.value(nb_enfants, 0, month("2025-08")), 0);
    EXPECT_EQ(s.value(nb_enfants, 0, month("2025-09")), euros(1));
    EXPECT_EQ(s.value(nb_enfants, 0, month("2025-11")), euros(1));
    EXPECT_EQ(b.value(nb_enfants, 0, month("2025-11")), 0);
    // The child's own variables evaluate in the baseline too (attached for no month).
    EXPECT_EQ(b.value(age, 1, month("2025-11")), 0);
}

TEST_F(EventsTest, SeparationRemovesThePartnerFromTheEventMonth) {
    TestCase c(rules.program(),
               case_with_events(R"({"mois": "2025-08", "type": "separation", "foyer": "f1"})",
                                R"(, "bob": {"date_naissance": "1988-05-05"})",
                                R"("demandeur": "alice", "conjoint": "bob")"));
    const engine::CaseData data = applied(c);
    auto run = engine::Evaluation::run(rules.program(), data);
    ASSERT_TRUE(std::holds_alternative<engine::Evaluation>(run));
    const auto& e = std::get<engine::Evaluation>(run);
    const std::uint32_t nb_adultes = rules.variable("nb_adultes");
    EXPECT_EQ(e.value(nb_adultes, 0, month("2025-07")), euros(2));
    EXPECT_EQ(e.value(nb_adultes, 0, month("2025-08")), euros(1));
    EXPECT_EQ(e.value(nb_adultes, 0, month("2025-11")), euros(1));
}

TEST_F(EventsTest, PartnerMovingInCountsFromTheEventMonth) {
    TestCase c(rules.program(),
               case_with_events(R"({"mois": "2025-07", "type": "mise_en_couple", "foyer": "f1", "conjoint": "bob"})",
                                R"(, "bob": {"date_naissance": "1988-05-05"})"));
    const engine::CaseData data = applied(c);
    auto run = engine::Evaluation::run(rules.program(), data);
    ASSERT_TRUE(std::holds_alternative<engine::Evaluation>(run));
    const auto& e = std::get<engine::Evaluation>(run);
    const std::uint32_t nb_adultes = rules.variable("nb_adultes");
    EXPECT_EQ(e.value(nb_adultes, 0, month("2025-06")), euros(1));
    EXPECT_EQ(e.value(nb_adultes, 0, month("2025-07")), euros(2));
}

// ---- Problems ----

TEST_F(EventsTest, UnknownTypeSuggestsTheClosest) {
    const auto p = problems(case_with_events(R"({"mois": "2025-08", "type": "reprise_emplois", "personne": "alice"})"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].type");
    EXPECT_EQ(p[0].value, "reprise_emplois");
    EXPECT_NE(p[0].message.find("vouliez-vous dire « reprise_emploi »"), std::string::npos) << p[0].message;
}

TEST_F(EventsTest, UnknownFieldSuggestsTheClosest) {
    const auto p = problems(case_with_events(
        R"({"mois": "2025-08", "type": "reprise_emploi", "personne": "alice", "salaire_net": 1100, "heures": 104, "salaire": 3})"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].salaire");
    EXPECT_EQ(p[0].value, "3");
    EXPECT_NE(p[0].message.find("salaire_net"), std::string::npos) << p[0].message;
}

TEST_F(EventsTest, MissingAndMistypedFieldsAreEachOneProblem) {
    const auto p = problems(case_with_events(
        R"({"mois": "2025-08", "type": "reprise_emploi", "personne": "alice", "salaire_net": "beaucoup"},
           {"mois": "2025-09", "type": "reprise_emploi", "personne": "alice", "salaire_net": 1, "heures": 2, "fin": "septembre"})"));
    ASSERT_EQ(p.size(), 3u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].salaire_net");
    EXPECT_EQ(p[0].value, "beaucoup");
    EXPECT_NE(p[0].message.find("montant"), std::string::npos);
    EXPECT_EQ(p[1].field, "evenements[0].heures");
    EXPECT_EQ(p[1].value, "");
    EXPECT_NE(p[1].message.find("absent"), std::string::npos);
    EXPECT_EQ(p[2].field, "evenements[1].fin");
    EXPECT_EQ(p[2].value, "septembre");
}

TEST_F(EventsTest, UnknownPersonsAreNamed) {
    const auto p = problems(case_with_events(
        R"({"mois": "2025-08", "type": "fin_contrat", "personne": "alicia"},
           {"mois": "2025-08", "type": "naissance", "foyer": "f1", "enfant": "zoe"})"));
    ASSERT_EQ(p.size(), 2u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].personne");
    EXPECT_EQ(p[0].value, "alicia");
    EXPECT_NE(p[0].message.find("« alice »"), std::string::npos) << p[0].message;
    EXPECT_EQ(p[1].field, "evenements[1].enfant");
    EXPECT_EQ(p[1].value, "zoe");
}

TEST_F(EventsTest, EndBeforeTheEventMonthIsAProblem) {
    const auto p = problems(case_with_events(R"({"mois": "2025-08", "type": "reprise_emploi", "personne": "alice",
                                                 "salaire_net": 1, "heures": 2, "fin": "2025-07"})"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].fin");
    EXPECT_EQ(p[0].value, "2025-07");
}

TEST_F(EventsTest, SeparationWithoutPartnerIsAProblem) {
    const auto p = problems(case_with_events(R"({"mois": "2025-08", "type": "separation", "foyer": "f1"})"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].type");
    EXPECT_NE(p[0].message.find("conjoint"), std::string::npos) << p[0].message;
}

TEST_F(EventsTest, SecondPartnerIsAProblem) {
    const auto p = problems(case_with_events(R"({"mois": "2025-08", "type": "mise_en_couple", "foyer": "f1", "conjoint": "carl"})",
                                             R"(, "bob": {}, "carl": {})", R"("demandeur": "alice", "conjoint": "bob")"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "evenements[0].conjoint");
    EXPECT_EQ(p[0].value, "carl");
    EXPECT_NE(p[0].message.find("« bob »"), std::string::npos) << p[0].message;
}

TEST_F(EventsTest, PersonInNoFoyerWithoutAnEventIsStillAProblem) {
    const auto p = problems(case_with_events("", R"(, "zoe": {})"));
    ASSERT_EQ(p.size(), 1u) << testing::problems_text(p);
    EXPECT_EQ(p[0].field, "personnes.zoe");
}

TEST_F(EventsTest, FoyerMayBeLeftOutWhenTheCaseHasOnlyOne) {
    const auto p = problems(case_with_events(R"({"mois": "2025-09", "type": "demenagement", "depcom": 1053})"));
    EXPECT_TRUE(p.empty()) << testing::problems_text(p);
}

}  // namespace
}  // namespace relais::simulator
