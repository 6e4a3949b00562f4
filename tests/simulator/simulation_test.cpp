// The simulation on small programs: resources, ruptures (drop of resources, right gap),
// transitions with gap or overlap, droits connexes lost, the orientation, the first failing
// condition, and the cumulative gain. Every expected amount is worked out in the comments
// from the toy rules of support.hpp.
#include "simulator/simulation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "support.hpp"

namespace relais::simulator {
namespace {

using testing::euros;
using testing::month;
using testing::Rules;
using testing::TestCase;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Alice, 35, alone, no earnings: RSA 600 € every month, CSS held. She takes a 700 € job in
// August 2025: RSA due falls to 0 in August (700 ≥ 600), so the RSA paid (due of M-1) stops
// in September.
//   total:    juin 600, juil. 600, août 1 300 (700 + 600), sept. 700, oct. 700, nov. 700
//   baseline: 600 every month; gain 0 + 0 + 700 + 100 + 100 + 100 = 1 000 €.
constexpr const char* job_case = R"({
  "periode": {"debut": "2025-06", "mois": 6},
  "personnes": {"alice": {"date_naissance": "1990-01-01"}},
  "foyers": {"f1": {"demandeur": "alice"}},
  "evenements": [{"mois": "2025-08", "type": "reprise_emploi", "personne": "alice", "salaire_net": 700, "heures": 80}]
})";

// Alice turns 25 on 15 September 2025, so she is 25 from October: RSJ due until September
// (paid until October), RSA due from October (paid from November).
constexpr const char* birthday_case = R"({
  "periode": {"debut": "2025-06", "mois": 8},
  "personnes": {"alice": {"date_naissance": "2000-09-15"}},
  "foyers": {"f1": {"demandeur": "alice"}}
})";

Simulation simulated(Rules& rules, const std::string& text, SimulationOptions options = {}) {
    TestCase c(rules.program(), text);
    EXPECT_TRUE(c.reading.problems.empty()) << testing::problems_text(c.reading.problems);
    auto result = simulate(rules.program(), c.input(), options);
    if (auto* error = std::get_if<SimulationError>(&result)) {
        ADD_FAILURE() << testing::problems_text(error->problems)
                      << (error->evaluation ? error->evaluation->message : std::string());
        return {};
    }
    return std::get<Simulation>(std::move(result));
}

const MonthResult& at(const Timeline& timeline, const char* m) {
    for (const MonthResult& result : timeline.months)
        if (result.month == month(m)) return result;
    throw std::out_of_range(m);
}

class SimulationTest : public ::testing::Test {
protected:
    Rules rules;
};

TEST_F(SimulationTest, ReportsOnlyThePeriodWithResourcesAndBaseline) {
    const Simulation s = simulated(rules, job_case);
    ASSERT_EQ(s.scenario.months.size(), 6u);
    ASSERT_EQ(s.baseline.months.size(), 6u);
    EXPECT_EQ(s.scenario.months.front().month, month("2025-06"));
    EXPECT_EQ(s.scenario.months.back().month, month("2025-11"));

    const Resources& june = at(s.scenario, "2025-06").resources;
    EXPECT_EQ(june.earnings, 0);
    EXPECT_EQ(june.benefits, euros(600));
    EXPECT_EQ(june.total, euros(600));
    const Resources& august = at(s.scenario, "2025-08").resources;
    EXPECT_EQ(august.earnings, euros(700));
    EXPECT_EQ(august.benefits, euros(600));
    EXPECT_EQ(august.total, euros(1300));
    EXPECT_EQ(at(s.scenario, "2025-09").resources.total, euros(700));
    for (const MonthResult& m : s.baseline.months) EXPECT_EQ(m.resources.total, euros(600));
    EXPECT_EQ(s.cumulative_gain, euros(1000));
    EXPECT_TRUE(s.notes.empty());
}

TEST_F(SimulationTest, SchemeMonthsGiveDuePaidAndTheFirstFailingCondition) {
    const Simulation s = simulated(rules, job_case);
    const std::uint32_t rsa = rules.scheme_index("rsa");
    const auto find = [&](const MonthResult& m, std::uint32_t scheme) -> const SchemeMonth& {
        for (const SchemeMonth& sm : m.schemes)
            if (sm.scheme == scheme) return sm;
        throw std::out_of_range("scheme");
    };
    const SchemeMonth& july = find(at(s.scenario, "2025-07"), rsa);
    EXPECT_TRUE(july.eligible);
    EXPECT_FALSE(july.failed_condition.has_value());
    EXPECT_EQ(july.due, euros(600));
    EXPECT_EQ(july.paid, euros(600));
    EXPECT_TRUE(july.held);

    // August: 700 € of earnings, the second condition (resources) fails; paid is July's due.
    const SchemeMonth& august = find(at(s.scenario, "2025-08"), rsa);
    EXPECT_FALSE(august.eligible);
    ASSERT_TRUE(august.failed_condition.has_value());
    EXPECT_EQ(*august.failed_condition, 1u);
    EXPECT_EQ(august.due, 0);
    EXPECT_EQ(august.paid, euros(600));

    // RSJ: one entry per person; alice (35) is not eligible and has no condition declared.
    const SchemeMonth& rsj = find(at(s.scenario, "2025-08"), rules.scheme_index("rsj"));
    EXPECT_FALSE(rsj.eligible);
    EXPECT_FALSE(rsj.failed_condition.has_value());
    EXPECT_TRUE(rsj.in_household);
}

TEST_F(SimulationTest, ResourceDropIsARuptureNamingWhatFell) {
    const Simulation s = simulated(rules, job_case);
    ASSERT_EQ(s.ruptures.size(), 1u);
    const Rupture& r = s.ruptures[0];
    EXPECT_EQ(r.kind, Rupture::Kind::ResourceDrop);
    EXPECT_EQ(r.month, month("2025-09"));
    EXPECT_EQ(r.before, euros(1300));
    EXPECT_EQ(r.after, euros(700));
    ASSERT_EQ(r.falls.size(), 1u);
    EXPECT_EQ(r.falls[0].scheme, rules.scheme_index("rsa"));
    EXPECT_EQ(r.cause, "fin du RSA : 600,00\u00A0€ en août 2025, 0,00\u00A0€ en septembre 2025");
}

TEST_F(SimulationTest, DropBelowTheThresholdIsNoRupture) {
    // 600 / 1 300 = 46 % of the previous month.
    SimulationOptions options;
    options.rupture_share = 470'000;
    EXPECT_TRUE(simulated(rules, job_case, options).ruptures.empty());
    options.rupture_share = 460'000;
    EXPECT_EQ(simulated(rules, job_case, options).ruptures.size(), 1u);
}

// A one-off payment (prestation_ponctuelle): 200 € paid in August 2025 only. Its end in
// September is no rupture by itself; with the RSA's end it is named in the cause.
constexpr const char* one_off_prime = R"rules(
variable prime_versee : montant par foyer
  = si mois_courant == 2025-08 alors 200 € sinon 0 €

dispositif prime : foyer
  libellé "Prime exceptionnelle"
  nature prestation_ponctuelle
  éligible = prime_versee > 0 €
  dû = prime_versee
  versé = prime_versee
)rules";

TEST_F(SimulationTest, TheEndOfAOneOffPaymentIsNoRuptureButIsNamedWithOne) {
    Rules with_prime(testing::scheme_rules, one_off_prime);
    // Without a job: 600 € of RSA every month, 800 € in August with the prime. September's
    // 600 € is 25 % below August's total, but the RSA, the recurring resources, did not fall.
    constexpr const char* no_job = R"({
  "periode": {"debut": "2025-06", "mois": 6},
  "personnes": {"alice": {"date_naissance": "1990-01-01"}},
  "foyers": {"f1": {"demandeur": "alice"}}
})";
    const Simulation quiet = simulated(with_prime, no_job);
    EXPECT_EQ(at(quiet.scenario, "2025-08").resources.total, euros(800));
    EXPECT_EQ(at(quiet.scenario, "2025-09").resources.total, euros(600));
    EXPECT_TRUE(quiet.ruptures.empty());

    // With the job of job_case: August 700 + 600 + 200 = 1 500 €, September 700 €. The
    // recurring resources fall from 1 300 to 700 € (46 %): a rupture, whose fall of 800 € is
    // the RSA's 600 € and the prime's 200 €, both named, largest first.
    const Simulation s = simulated(with_prime, job_case);
    ASSERT_EQ(s.ruptures.size(), 1u);
    const Rupture& r = s.ruptures[0];
    EXPECT_EQ(r.month, month("2025-09"));
    EXPECT_EQ(r.before, euros(1500));
    EXPECT_EQ(r.after, euros(700));
    ASSERT_EQ(r.falls.size(), 2u);
    EXPECT_EQ(r.falls[0].scheme, with_prime.scheme_index("rsa"));
    EXPECT_EQ(r.falls[1].scheme, with_prime.scheme_index("prime"));
    EXPECT_EQ(r.cause,
              "fin du RSA : 600,00\u00A0€ en août 2025, 0,00\u00A0€ en septembre 2025 ; "
              "fin de la prime exceptionnelle : 200,00\u00A0€ en août 2025, 0,00\u00A0€ en septembre 2025");
}

TEST_F(SimulationTest, DroitConnexeLostIsReportedWithTheBaseline) {
    const Simulation s = simulated(rules, job_case);
    ASSERT_EQ(s.connexes_lost.size(), 1u);
    const ConnexeLoss& loss = s.connexes_lost[0];
    EXPECT_EQ(loss.month, month("2025-09"));
    EXPECT_EQ(loss.scheme, rules.scheme_index("css"));
    EXPECT_EQ(loss.monthly_value, euros(30));
    EXPECT_TRUE(loss.kept_in_baseline);
    // Droits connexes are not income.
    EXPECT_EQ(at(s.scenario, "2025-08").totals[rules.scheme_index("css")].value, euros(30));
    EXPECT_EQ(at(s.scenario, "2025-08").resources.benefits, euros(600));
}

TEST_F(SimulationTest, OrientationAtTheFirstMonthGivesTheRuleAndOutputs) {
    const Simulation s = simulated(rules, job_case);
    ASSERT_EQ(s.orientations.size(), 1u);
    const OrientationResult& o = s.orientations[0];
    EXPECT_EQ(o.month, month("2025-06"));
    EXPECT_EQ(o.rule, 1u);  // 35 years old: the `sinon` rule
    ASSERT_EQ(o.outputs.size(), 2u);
    EXPECT_EQ(o.outputs[0], 1);  // socio_professionnel
    EXPECT_EQ(o.outputs[1], 0);  // not direct
}

TEST_F(SimulationTest, OnlyTheClaimantAndThePartnerAreOriented) {
    // A couple with a 20-year-old child: the toy orientation gives a result for each person,
    // but the droits et devoirs bind the claimant and the partner only (CASF L262-28).
    const Simulation s = simulated(rules, R"({
  "periode": {"debut": "2025-06", "mois": 2},
  "personnes": {"alice": {"date_naissance": "1990-01-01"}, "bruno": {"date_naissance": "1988-03-01"},
                "chloe": {"date_naissance": "2005-02-01"}},
  "foyers": {"f1": {"demandeur": "alice", "conjoint": "bruno", "enfants": ["chloe"]}}
})");
    ASSERT_EQ(s.orientations.size(), 2u);
    std::vector<std::string> oriented;
    for (const OrientationResult& o : s.orientations) oriented.push_back(s.input.data.instance_names[rules.program().person_entity][o.instance]);
    std::sort(oriented.begin(), oriented.end());
    EXPECT_EQ(oriented, (std::vector<std::string>{"alice", "bruno"}));
}

TEST_F(SimulationTest, TransitionWithoutGap) {
    Rules with_transition(testing::scheme_rules, testing::rsj_to_rsa);
    const Simulation s = simulated(with_transition, birthday_case);
    ASSERT_EQ(s.transitions.size(), 1u);
    const TransitionReport& t = s.transitions[0];
    EXPECT_EQ(t.from_last_paid, month("2025-10"));
    EXPECT_EQ(t.to_first_paid, month("2025-11"));
    EXPECT_EQ(t.gap_months, 0);
    // 400 € of RSJ, then 600 € of RSA: no fall at all.
    EXPECT_TRUE(s.ruptures.empty());
}

TEST_F(SimulationTest, TransitionWithAGapIsARightGapRupture) {
    // The RSA is paid two months after the month it is due for: paid from December.
    Rules late(replaced(testing::scheme_rules, "= rsa_du[M-1]", "= rsa_du[M-2]"), testing::rsj_to_rsa);
    const Simulation s = simulated(late, birthday_case);
    ASSERT_EQ(s.transitions.size(), 1u);
    EXPECT_EQ(s.transitions[0].from_last_paid, month("2025-10"));
    EXPECT_EQ(s.transitions[0].to_first_paid, month("2025-12"));
    EXPECT_EQ(s.transitions[0].gap_months, 1);

    // November: 400 € → 0 €, a drop and a gap.
    ASSERT_EQ(s.ruptures.size(), 2u);
    EXPECT_EQ(s.ruptures[0].kind, Rupture::Kind::ResourceDrop);
    EXPECT_EQ(s.ruptures[0].cause, "fin du RSJ : 400,00\u00A0€ en octobre 2025, 0,00\u00A0€ en novembre 2025");
    const Rupture& gap = s.ruptures[1];
    EXPECT_EQ(gap.kind, Rupture::Kind::RightGap);
    EXPECT_EQ(gap.month, month("2025-11"));
    EXPECT_EQ(gap.transition, 0u);
    EXPECT_EQ(gap.before, euros(400));
    EXPECT_EQ(gap.after, 0);
    EXPECT_EQ(gap.cause,
              "Passage du RSJ au RSA à 25 ans : dernier versement du RSJ en octobre 2025, premier versement du RSA "
              "en décembre 2025, soit 1 mois sans l'un ni l'autre");
}

TEST_F(SimulationTest, TransitionWithOverlapHasANegativeGap) {
    // The RSJ is paid three months late: paid until December, while the RSA starts in November.
    Rules overlap(replaced(testing::scheme_rules, "= rsj_du[M-1]", "= rsj_du[M-3]"), testing::rsj_to_rsa);
    const Simulation s = simulated(overlap, birthday_case);
    ASSERT_EQ(s.transitions.size(), 1u);
    EXPECT_EQ(s.transitions[0].from_last_paid, month("2025-12"));
    EXPECT_EQ(s.transitions[0].to_first_paid, month("2025-11"));
    EXPECT_EQ(s.transitions[0].gap_months, -2);
}

TEST_F(SimulationTest, MissingEarningsVariableCountsZeroAndSaysSo) {
    Rules rules_without(replaced(std::string(testing::base_rules) + testing::scheme_rules, "revenus_hors_prestations",
                                 "revenus_autres"),
                        "", /*with_base=*/false);
    const Simulation s = simulated(rules_without, job_case);
    ASSERT_EQ(s.notes.size(), 1u);
    EXPECT_NE(s.notes[0].find("revenus_hors_prestations"), std::string::npos);
    EXPECT_EQ(at(s.scenario, "2025-08").resources.earnings, 0);
    EXPECT_EQ(at(s.scenario, "2025-08").resources.total, euros(600));
}

TEST_F(SimulationTest, PersonLevelPrestationsCountOnlyWhileMembers) {
    // Zoé is born in September (RSJ is paid the month after its right: from October). She is
    // under 25, so the toy RSJ is due for her from her birth month; it counts only from then.
    const Simulation s = simulated(rules, R"({
      "periode": {"debut": "2025-06", "mois": 6},
      "personnes": {"alice": {"date_naissance": "1990-01-01"}, "zoe": {"date_naissance": "2025-09-12"}},
      "foyers": {"f1": {"demandeur": "alice"}},
      "evenements": [{"mois": "2025-09", "type": "naissance", "foyer": "f1", "enfant": "zoe"}]
    })");
    const std::uint32_t rsj = rules.scheme_index("rsj");
    // Age is negative before birth (< 25): due, but not counted before September.
    EXPECT_EQ(at(s.scenario, "2025-08").totals[rsj].paid, 0);
    EXPECT_EQ(at(s.scenario, "2025-09").totals[rsj].paid, euros(400));
    // The baseline never counts her.
    EXPECT_EQ(at(s.baseline, "2025-09").totals[rsj].paid, 0);
    // RSA: 600 + 100 for the child from September (due), paid from October.
    EXPECT_EQ(at(s.scenario, "2025-10").totals[rules.scheme_index("rsa")].paid, euros(700));
}

TEST_F(SimulationTest, CaseProblemsStopTheSimulation) {
    TestCase c(rules.program(), R"({
      "periode": {"debut": "2025-06", "mois": 6},
      "personnes": {"alice": {}}, "foyers": {"f1": {"demandeur": "alice"}},
      "evenements": [{"mois": "2025-08", "type": "inconnu"}]
    })");
    auto result = simulate(rules.program(), c.input());
    ASSERT_TRUE(std::holds_alternative<SimulationError>(result));
    EXPECT_EQ(std::get<SimulationError>(result).problems.size(), 1u);
}

TEST_F(SimulationTest, EvaluationErrorsStopTheSimulation) {
    // A droit connexe whose value reads an input the case does not give (no default).
    Rules strict(testing::scheme_rules, "entrée loyer : montant par foyer\ndispositif logement : foyer\n"
                                        "  nature droit_connexe\n  éligible = vrai\n  valeur = loyer\n");
    TestCase c(strict.program(), job_case);
    auto result = simulate(strict.program(), c.input());
    ASSERT_TRUE(std::holds_alternative<SimulationError>(result));
    const SimulationError& error = std::get<SimulationError>(result);
    ASSERT_TRUE(error.evaluation.has_value());
    EXPECT_NE(error.evaluation->message.find("loyer"), std::string::npos);
}

}  // namespace
}  // namespace relais::simulator
