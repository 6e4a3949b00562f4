// Aggregates of a population run worked out by hand on the toy rules of support.hpp (RSA of
// 600 € + 100 € per child minus earnings for a claimant of 25 or more, paid the month after;
// RSJ of 400 € under 25; CSS worth 30 € while the RSA is paid) against a reform that raises the
// RSA's 600 € to 700 €: weights, every breakdown, winners and their bands, cases.csv rows.
#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "simulator/batch.hpp"
#include "tests/simulator/batch_support.hpp"
#include "tests/simulator/support.hpp"

namespace relais::simulator {
namespace {

using testing::BatchRun;
using testing::Rules;
using testing::lines_of;
using testing::run_text_batch;

std::string reform_rules() {
    std::string text = testing::scheme_rules;
    const std::string from = "600 €";
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) text.replace(at, from.size(), "700 €");
    return text;
}

// a: alone, 30, no income, weight 2, in a QPV: RSA 600 € (700 € with the reform) from January.
// b: couple with a child of 5, 200 € of wages, weight 0.5: RSA 700 - 200 = 500 € (600 €), and
//    the toy RSJ of 400 € for the child (every person under 25 has it in the toy rules).
// c: alone, 22, Villeurbanne, weight 1: RSJ 400 €, no RSA on either side.
// Between them: a line that is not JSON, an unknown input, a blank line, and wages that
// overflow the household's sum (an evaluation error).
constexpr const char* population = R"({"id": "a", "poids": "2", "qpv": true, "periode": {"debut": "2026-01", "mois": 3, "historique": 1}, "personnes": {"ana": {"date_naissance": "1995-06-01"}}, "foyers": {"f": {"demandeur": ["ana"]}}}
{oops
{"id": "b", "poids": 0.5, "periode": {"debut": "2026-01", "mois": 3, "historique": 1}, "personnes": {"bob": {"date_naissance": "1985-03-10", "salaire_net": 200}, "bea": {"date_naissance": "1987-01-01"}, "cle": {"date_naissance": "2020-05-05"}}, "foyers": {"f": {"demandeur": ["bob"], "conjoint": ["bea"], "enfants": ["cle"]}}}
{"id": "d", "periode": {"debut": "2026-01", "mois": 3}, "personnes": {"dan": {"salaire_nett": 3}}, "foyers": {"f": {"demandeur": ["dan"]}}}

{"id": "c", "periode": {"debut": "2026-01", "mois": 3, "historique": 1}, "personnes": {"cyd": {"date_naissance": "2003-09-15"}}, "foyers": {"f": {"demandeur": ["cyd"], "depcom": 69266}}}
{"id": "e", "periode": {"debut": "2026-01", "mois": 3, "historique": 1}, "personnes": {"eve": {"salaire_net": 5000000000000}, "eli": {"salaire_net": 5000000000000}}, "foyers": {"f": {"demandeur": ["eve"], "conjoint": ["eli"]}}}
)";

class BatchAggregates : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        base_ = new Rules();
        reform_ = new Rules(reform_rules());
    }
    static void TearDownTestSuite() {
        delete base_;
        delete reform_;
    }
    static BatchRun run(const std::string& text, PopulationFormat format = PopulationFormat::JsonLines,
                        BatchOptions options = {}) {
        return run_text_batch(text, format, BatchSide{&base_->program(), &base_->sources()},
                              BatchSide{&reform_->program(), &reform_->sources()}, std::move(options));
    }
    static nlohmann::json group(const nlohmann::json& aggregates, const std::string& dimension, const std::string& name) {
        for (const auto& g : aggregates["groupes"])
            if (g["dimension"] == dimension && g["groupe"] == name) return g;
        ADD_FAILURE() << "pas de groupe " << dimension << " = " << name;
        return nlohmann::json::object();
    }
    static nlohmann::json month(const nlohmann::json& g, const std::string& m) {
        for (const auto& x : g["mois"])
            if (x["mois"] == m) return x;
        ADD_FAILURE() << "pas de mois " << m;
        return nlohmann::json::object();
    }
    static Rules* base_;
    static Rules* reform_;
};

Rules* BatchAggregates::base_ = nullptr;
Rules* BatchAggregates::reform_ = nullptr;

TEST_F(BatchAggregates, ReadIsSimulatedPlusRejectedAndEachRejectHasItsLineAndReason) {
    const BatchRun out = run(population);
    EXPECT_EQ(out.summary.read, 6U);  // the blank line is not a case
    EXPECT_EQ(out.summary.simulated, 3U);
    EXPECT_EQ(out.summary.rejected, 3U);
    EXPECT_EQ(out.summary.read, out.summary.simulated + out.summary.rejected);
    const auto rejects = lines_of(out.rejects);
    ASSERT_EQ(rejects.size(), 3U);
    EXPECT_EQ(rejects[0].rfind("2,,ligne_mal_formee,", 0), 0U) << rejects[0];
    EXPECT_EQ(rejects[1].rfind("4,d,cas_invalide,", 0), 0U) << rejects[1];
    EXPECT_NE(rejects[1].find("salaire_net"), std::string::npos) << "a hint names the input: " << rejects[1];
    EXPECT_EQ(rejects[2].rfind("7,e,erreur_de_calcul,", 0), 0U) << rejects[2];
    EXPECT_NE(rejects[2].find("loi de référence"), std::string::npos) << rejects[2];
    const auto summary = nlohmann::json::parse(out.summary_json);
    EXPECT_EQ(summary["lus"], 6);
    EXPECT_EQ(summary["rejets"]["ligne_mal_formee"], 1);
    EXPECT_EQ(summary["rejets"]["cas_invalide"], 1);
    EXPECT_EQ(summary["rejets"]["erreur_de_calcul"], 1);
}

TEST_F(BatchAggregates, CasesCsvHasOneRowPerCaseAndMonthWithBothSides) {
    const BatchRun out = run(population);
    const auto rows = lines_of(out.cases);
    ASSERT_EQ(rows.size(), 9U);
    EXPECT_EQ(cases_csv_header(make_batch_layout(base_->program(), reform_->program(), {}, {})),
              "cas,mois,rsa_base,rsa_reforme,rsj_base,rsj_reforme,css_base,css_reforme,ressources_base,ressources_reforme,ecart");
    EXPECT_EQ(rows[0], "a,2026-01,600.00,700.00,0.00,0.00,1,1,600.00,700.00,100.00");
    EXPECT_EQ(rows[3], "b,2026-01,500.00,600.00,400.00,400.00,1,1,1100.00,1200.00,100.00");
    EXPECT_EQ(rows[8], "c,2026-03,0.00,0.00,400.00,400.00,0,0,400.00,400.00,0.00");
}

TEST_F(BatchAggregates, MonthlySumsAreWeightedExactly) {
    const auto aggregates = nlohmann::json::parse(run(population).aggregates_json);
    EXPECT_EQ(aggregates["ponderation"], true);
    const auto all = group(aggregates, "ensemble", "");
    EXPECT_EQ(all["cas"], 3);
    EXPECT_EQ(all["poids"], "3.5");
    const auto january = month(all, "2026-01");
    const auto& rsa = january["dispositifs"]["rsa"];
    EXPECT_EQ(rsa["foyers"]["base"], "2.5");
    EXPECT_EQ(rsa["beneficiaires"]["reforme"], "2.5");
    EXPECT_EQ(rsa["verse"]["base"], "1450.00");    // 2 × 600 + 0.5 × 500
    EXPECT_EQ(rsa["verse"]["reforme"], "1700.00");  // 2 × 700 + 0.5 × 600
    EXPECT_EQ(rsa["verse"]["ecart"], "250.00");
    EXPECT_EQ(rsa["du"]["base"], "1450.00");
    const auto& rsj = january["dispositifs"]["rsj"];
    EXPECT_EQ(rsj["foyers"]["base"], "1.5");        // b (0.5) and c (1)
    EXPECT_EQ(rsj["verse"]["base"], "600.00");      // 0.5 × 400 + 400
    const auto& css = january["dispositifs"]["css"];
    EXPECT_EQ(css["foyers"]["base"], "2.5");
    EXPECT_EQ(css["valeur"]["base"], "75.00");      // 2.5 × 30
    EXPECT_EQ(january["ressources"]["ressources_totales"]["base"], "2150.00");
    EXPECT_EQ(january["ressources"]["ressources_totales"]["reforme"], "2400.00");
    EXPECT_EQ(january["ressources"]["revenus_hors_prestations"]["base"], "100.00");
    EXPECT_EQ(january["ressources"]["ruptures"]["base"], "0");
}

TEST_F(BatchAggregates, WinnersLosersAndBandsOverThePeriod) {
    const auto aggregates = nlohmann::json::parse(run(population).aggregates_json);
    const auto period = group(aggregates, "ensemble", "")["periode"];
    EXPECT_EQ(period["ressources_totales"]["base"], "6450.00");
    EXPECT_EQ(period["ressources_totales"]["ecart"], "750.00");
    EXPECT_EQ(period["gagnants"]["nombre"], "2.5");
    EXPECT_EQ(period["gagnants"]["cas"], 2);
    EXPECT_EQ(period["gagnants"]["montant_total"], "750.00");
    EXPECT_EQ(period["gagnants"]["montant_moyen"], "300.00");
    const auto& bands = period["gagnants"]["tranches"];
    ASSERT_EQ(bands.size(), 8U);
    for (std::size_t b = 0; b < bands.size(); ++b)
        EXPECT_EQ(bands[b]["nombre"], b == 4 ? "2.5" : "0") << "tranche " << b;  // 300 € is in ]250 ; 500]
    EXPECT_EQ(bands[4]["de"], "250.00");
    EXPECT_EQ(bands[4]["jusqu_a"], "500.00");
    EXPECT_TRUE(bands[7]["jusqu_a"].is_null());
    EXPECT_EQ(period["perdants"]["nombre"], "0");
    EXPECT_TRUE(period["perdants"]["montant_moyen"].is_null());
    EXPECT_EQ(period["inchanges"]["nombre"], "1");
}

TEST_F(BatchAggregates, BreakdownsByAgeBandHouseholdTypeQpvAndCommune) {
    const auto aggregates = nlohmann::json::parse(run(population).aggregates_json);
    EXPECT_EQ(group(aggregates, "qpv", "oui")["poids"], "2");
    EXPECT_EQ(group(aggregates, "qpv", "inconnu")["poids"], "1.5");
    EXPECT_EQ(group(aggregates, "type_foyer", "personne_seule")["cas"], 2);
    EXPECT_EQ(group(aggregates, "type_foyer", "couple_avec_enfants")["poids"], "0.5");
    EXPECT_EQ(group(aggregates, "tranche_age", "30-39")["poids"], "2");
    EXPECT_EQ(group(aggregates, "tranche_age", "40-49")["poids"], "0.5");
    EXPECT_EQ(group(aggregates, "tranche_age", "18-24")["periode"]["inchanges"]["nombre"], "1");
    EXPECT_EQ(group(aggregates, "commune", "69123")["cas"], 2);
    EXPECT_EQ(group(aggregates, "commune", "69266")["periode"]["gagnants"]["nombre"], "0");
    const auto qpv = month(group(aggregates, "qpv", "oui"), "2026-02");
    EXPECT_EQ(qpv["dispositifs"]["rsa"]["verse"]["ecart"], "200.00");  // a: 2 × 100
    // Groups come in a fixed order: ensemble, age bands, household types, QPV, communes.
    std::vector<std::string> order;
    for (const auto& g : aggregates["groupes"]) order.push_back(g["dimension"].get<std::string>() + ":" + g["groupe"].get<std::string>());
    EXPECT_EQ(order, (std::vector<std::string>{"ensemble:", "tranche_age:18-24", "tranche_age:30-39", "tranche_age:40-49",
                                               "type_foyer:personne_seule", "type_foyer:couple_avec_enfants", "qpv:oui",
                                               "qpv:inconnu", "commune:69123", "commune:69266"}));
}

TEST_F(BatchAggregates, AggregatesCsvSaysWhatTheJsonSays) {
    const BatchRun out = run(population);
    const auto rows = lines_of(out.aggregates_csv);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], "dimension,groupe,mois,objet,indicateur,calcul,valeur");
    const auto has = [&](const std::string& row) { return std::find(rows.begin(), rows.end(), row) != rows.end(); };
    EXPECT_TRUE(has("ensemble,,2026-01,rsa,verse,base,1450.00"));
    EXPECT_TRUE(has("ensemble,,2026-01,rsa,verse,reforme,1700.00"));
    EXPECT_TRUE(has("ensemble,,periode,gagnants,tranche_250_500,,2.5"));
    EXPECT_TRUE(has("ensemble,,periode,gagnants,montant_moyen,,300.00"));
    EXPECT_TRUE(has("commune,69266,periode,inchanges,cas,,1"));
}

TEST_F(BatchAggregates, WithoutWeightsEveryCaseCountsOnce) {
    std::string text;
    for (const std::string& line : lines_of(population)) {
        std::string l = line;
        for (const char* w : {"\"poids\": \"2\", ", "\"poids\": 0.5, "}) {
            const auto at = l.find(w);
            if (at != std::string::npos) l.erase(at, std::string(w).size());
        }
        text += l + "\n";
    }
    const auto aggregates = nlohmann::json::parse(run(text).aggregates_json);
    EXPECT_EQ(aggregates["ponderation"], false);
    const auto all = group(aggregates, "ensemble", "");
    EXPECT_EQ(all["poids"], "3");
    EXPECT_EQ(month(all, "2026-01")["dispositifs"]["rsa"]["verse"]["base"], "1100.00");  // 600 + 500
    EXPECT_EQ(all["periode"]["gagnants"]["nombre"], "2");
}

TEST_F(BatchAggregates, GainBandsCanBeChosen) {
    BatchOptions options;
    options.gain_bands = {100 * engine::one, 1000 * engine::one};
    const auto aggregates = nlohmann::json::parse(run(population, PopulationFormat::JsonLines, options).aggregates_json);
    const auto all = group(aggregates, "ensemble", "");
    const auto& bands = all["periode"]["gagnants"]["tranches"];
    ASSERT_EQ(bands.size(), 3U);
    EXPECT_EQ(bands[1]["nombre"], "2.5");
}

TEST_F(BatchAggregates, TheCsvPopulationGivesTheSameResultsAsTheJsonLines) {
    const std::string csv =
        "foyer,personne,role,poids,qpv,periode_debut,periode_mois,periode_historique,date_naissance,salaire_net,depcom\n"
        "a,ana,demandeur,2,oui,2026-01,3,1,1995-06-01,,\n"
        "b,bob,demandeur,0.5,,2026-01,3,1,1985-03-10,200,\n"
        "b,bea,conjoint,,,,,,1987-01-01,,\n"
        "b,cle,enfants,,,,,,2020-05-05,,\n"
        "c,cyd,demandeur,,,2026-01,3,1,2003-09-15,,69266\n";
    const BatchRun from_csv = run(csv, PopulationFormat::Csv);
    ASSERT_TRUE(from_csv.open_problems.empty());
    EXPECT_EQ(from_csv.rejects, "");
    const BatchRun from_json = run(population);
    EXPECT_EQ(from_csv.cases, from_json.cases);
    EXPECT_EQ(from_csv.aggregates_json, from_json.aggregates_json);
}

// The reform side of a record holds reform − base, which two int64 amounts can push past 64
// bits: the sums stay exact. Resources of one month: -9 223 372 036 854,775808 € under the base
// law, 9 223 372 036 854,775807 € under the reform (the extremes of an amount), by hand.
TEST_F(BatchAggregates, AReformMinusBaseBeyond64BitsStaysExact) {
    const BatchLayout layout = make_batch_layout(base_->program(), reform_->program(), {}, {});
    const auto run_with_total = [&](const ir::Program& program, engine::Value total) {
        simulator::Run out;
        MonthResult month;
        month.month = testing::month("2026-01");
        month.totals.resize(program.schemes.size());
        month.resources.total = total;
        out.timeline.months.push_back(month);
        return out;
    };
    const simulator::Run base = run_with_total(base_->program(), std::numeric_limits<std::int64_t>::min());
    const simulator::Run reform = run_with_total(reform_->program(), std::numeric_limits<std::int64_t>::max());
    CaseContribution contribution;
    contribution_of(layout, base, reform, contribution);
    Aggregates aggregates(&layout);
    aggregates.add(contribution, CaseGroups{}, engine::one);
    std::ostringstream csv;
    write_aggregates_csv(aggregates, csv);
    const std::string text = csv.str();
    EXPECT_NE(text.find("ensemble,,2026-01,,ressources_totales,base,-9223372036854.78\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ensemble,,2026-01,,ressources_totales,reforme,9223372036854.78\n"), std::string::npos);
    EXPECT_NE(text.find("ensemble,,2026-01,,ressources_totales,ecart,18446744073709.55\n"), std::string::npos);
}

}  // namespace
}  // namespace relais::simulator
