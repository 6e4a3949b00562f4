// The renderings: the JSON contract's shape and its exact decimal strings, the French table's
// sentences, the CSV header, the stamp's digest, and explanations.
#include "simulator/render.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "simulator/explanation.hpp"
#include "support.hpp"

namespace relais::simulator {
namespace {

using testing::euros;
using testing::month;
using testing::Rules;
using testing::TestCase;

constexpr const char* job_case = R"({
  "periode": {"debut": "2025-06", "mois": 6},
  "personnes": {"alice": {"date_naissance": "1990-01-01"}},
  "foyers": {"f1": {"demandeur": "alice"}},
  "evenements": [{"mois": "2025-08", "type": "reprise_emploi", "personne": "alice", "salaire_net": "700.125", "heures": 80}]
})";

class RenderTest : public ::testing::Test {
protected:
    RenderTest() : c(prepare(), job_case) {
        auto result = simulate(rules.program(), c.input());
        if (auto* error = std::get_if<SimulationError>(&result))
            throw std::runtime_error(testing::problems_text(error->problems));
        simulation = std::get<Simulation>(std::move(result));
        stamp = {"0.1.0", "sha256:abc", std::nullopt};
    }

    const ir::Program& prepare() { return rules.program(); }

    Rules rules;
    TestCase c;
    Simulation simulation;
    Stamp stamp;
};

TEST(AmountText, IsExactWithTwoDecimalsRoundedHalfAwayFromZero) {
    EXPECT_EQ(amount_text(646'520'000), "646.52");
    EXPECT_EQ(amount_text(0), "0.00");
    EXPECT_EQ(amount_text(-12 * engine::one), "-12.00");
    EXPECT_EQ(amount_text(4'999), "0.00");
    EXPECT_EQ(amount_text(5'000), "0.01");
    EXPECT_EQ(amount_text(-5'000), "-0.01");
    EXPECT_EQ(amount_text(-4'999), "0.00");
    // Far beyond what a double holds exactly to the cent.
    EXPECT_EQ(amount_text(9'007'199'254'740'993'000), "9007199254740.99");
    EXPECT_EQ(amount_text(INT64_MAX), "9223372036854.78");
}

TEST_F(RenderTest, JsonHasTheVersionStampAndPeriod) {
    const auto j = simulation_json(simulation, stamp);
    EXPECT_EQ(j["version"], "relais.simulation/1");
    EXPECT_EQ(j["tampon"]["moteur"], "0.1.0");
    EXPECT_EQ(j["tampon"]["regles"], "sha256:abc");
    EXPECT_TRUE(j["tampon"]["surcouche"].is_null());
    EXPECT_EQ(j["periode"]["debut"], "2025-06");
    EXPECT_EQ(j["periode"]["fin"], "2025-11");
    EXPECT_EQ(j["periode"]["mois"], 6);
    EXPECT_EQ(j["seuil_rupture"], "0.1");
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"version", "tampon", "cas", "periode", "seuil_rupture", "dispositifs",
                                              "evenements", "mois", "transitions", "ruptures",
                                              "droits_connexes_perdus", "orientation", "bilan", "remarques"}));
}

TEST_F(RenderTest, JsonMonthsCarrySchemesResourcesAndBaselineAsStrings) {
    const auto j = simulation_json(simulation, stamp);
    ASSERT_EQ(j["mois"].size(), 6u);
    const auto& august = j["mois"][2];
    EXPECT_EQ(august["mois"], "2025-08");
    const auto& rsa = august["dispositifs"]["rsa"];
    ASSERT_EQ(rsa.size(), 1u);
    EXPECT_EQ(rsa[0]["beneficiaire"], "f1");
    EXPECT_EQ(rsa[0]["eligible"], false);
    EXPECT_EQ(rsa[0]["condition_non_remplie"]["indice"], 1);
    EXPECT_EQ(rsa[0]["condition_non_remplie"]["libelle"], "ressources inférieures au montant forfaitaire");
    EXPECT_EQ(rsa[0]["du"], "0.00");
    EXPECT_EQ(rsa[0]["verse"], "600.00");
    EXPECT_EQ(rsa[0]["detenu"], true);
    // 700.125 € of salary: shown to the cent, half away from zero.
    EXPECT_EQ(august["ressources"]["activite"], "700.13");
    EXPECT_EQ(august["ressources"]["prestations"], "600.00");
    EXPECT_EQ(august["ressources"]["total"], "1300.13");
    EXPECT_EQ(august["ressources"]["par_dispositif"]["rsa"], "600.00");
    EXPECT_EQ(august["reference"]["total"], "600.00");
    EXPECT_EQ(august["ecart"], "700.13");
    ASSERT_EQ(august["droits_connexes"].size(), 1u);
    EXPECT_EQ(august["droits_connexes"][0]["dispositif"], "css");
    EXPECT_EQ(august["droits_connexes"][0]["valeur"], "30.00");
    for (const auto& m : j["mois"]) {
        EXPECT_TRUE(m["ressources"]["total"].is_string());
        EXPECT_TRUE(m["ecart"].is_string());
    }
}

TEST_F(RenderTest, JsonReportsEventsRupturesLossesOrientationAndSummary) {
    const auto j = simulation_json(simulation, stamp);
    ASSERT_EQ(j["evenements"].size(), 1u);
    EXPECT_EQ(j["evenements"][0]["type"], "reprise_emploi");
    EXPECT_EQ(j["evenements"][0]["concerne"], "alice");
    EXPECT_EQ(j["evenements"][0]["champs"]["salaire_net"], "700.13");
    EXPECT_EQ(j["evenements"][0]["champs"]["heures"], "80");
    EXPECT_TRUE(j["evenements"][0]["jusqu_a"].is_null());

    ASSERT_EQ(j["ruptures"].size(), 1u);
    EXPECT_EQ(j["ruptures"][0]["mois"], "2025-09");
    EXPECT_EQ(j["ruptures"][0]["nature"], "baisse_des_ressources");
    EXPECT_EQ(j["ruptures"][0]["avant"], "1300.13");
    EXPECT_EQ(j["ruptures"][0]["apres"], "700.13");
    EXPECT_EQ(j["ruptures"][0]["baisse"], "600.00");
    EXPECT_EQ(j["ruptures"][0]["baisses"][0]["dispositif"], "rsa");

    ASSERT_EQ(j["droits_connexes_perdus"].size(), 1u);
    EXPECT_EQ(j["droits_connexes_perdus"][0]["dispositif"], "css");
    EXPECT_EQ(j["droits_connexes_perdus"][0]["conserve_sans_evenement"], true);

    ASSERT_EQ(j["orientation"].size(), 1u);
    EXPECT_EQ(j["orientation"][0]["motif"], "aucun critère particulier");
    EXPECT_EQ(j["orientation"][0]["sorties"]["parcours"], "socio_professionnel");
    EXPECT_EQ(j["orientation"][0]["sorties"]["directe"], false);

    // 0 + 0 + 700.125 + 100.125 × 3 = 1 000.50 €.
    EXPECT_EQ(j["bilan"]["gain_cumule"], "1000.50");
    EXPECT_EQ(j["bilan"]["ruptures"], 1);
}

TEST_F(RenderTest, JsonIsTheSameBytesEveryTime) {
    EXPECT_EQ(render_json(simulation, stamp), render_json(simulation, stamp));
    EXPECT_EQ(render_json(simulation, stamp, -1).find('\n'), render_json(simulation, stamp, -1).size() - 1);
}

TEST_F(RenderTest, TableSpeaksFrench) {
    const std::string table = render_table(simulation);
    EXPECT_NE(table.find("sept. 2025"), std::string::npos) << table;
    EXPECT_NE(table.find("1\u202F300,13\u00A0€"), std::string::npos) << table;
    EXPECT_NE(table.find("En septembre 2025, vos ressources baissent de 600,00\u00A0€"), std::string::npos) << table;
    EXPECT_NE(table.find(": fin du RSA."), std::string::npos) << table;
    EXPECT_NE(table.find("ce droit serait conservé"), std::string::npos) << table;
    EXPECT_NE(table.find("motif : aucun critère particulier"), std::string::npos) << table;
    EXPECT_NE(table.find("vous y gagnez 1\u202F000,50\u00A0€"), std::string::npos) << table;
}

TEST_F(RenderTest, CsvHasADocumentedHeaderAndOneRowPerMonth) {
    const std::string csv = render_csv(simulation);
    const std::string header = csv.substr(0, csv.find('\n'));
    EXPECT_EQ(header,
              "mois,rsa_du,rsa_verse,rsj_du,rsj_verse,css_detenu,css_valeur,ressources_activite,"
              "ressources_prestations,ressources_total,reference_activite,reference_prestations,reference_total,ecart");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
    EXPECT_NE(csv.find("\n2025-08,0.00,600.00,0.00,0.00,1,30.00,700.13,600.00,1300.13,0.00,600.00,600.00,700.13\n"),
              std::string::npos)
        << csv;
}

ir::Scheme scheme_called(const std::string& name, const std::string& label) {
    ir::Scheme s;
    s.name = name;
    s.label = label;
    return s;
}

TEST(SchemeNames, UseTheAcronymOrTheShortLabelWithTheirArticle) {
    const ir::Scheme rsa = scheme_called("rsa", "Revenu de solidarité active (RSA)");
    EXPECT_EQ(scheme_display_name(rsa), "RSA");
    EXPECT_EQ(scheme_with_article(rsa), "du RSA");
    const ir::Scheme ppa = scheme_called("ppa", "Prime d'activité");
    EXPECT_EQ(scheme_display_name(ppa), "Prime d'activité");
    EXPECT_EQ(scheme_with_article(ppa), "de la prime d'activité");
    const ir::Scheme aah = scheme_called("aah", "Allocation aux adultes handicapés (AAH)");
    EXPECT_EQ(scheme_display_name(aah), "AAH");
    EXPECT_EQ(scheme_with_article(aah), "de l'AAH");
    const ir::Scheme noel = scheme_called("aefa", "Prime de Noël (aide exceptionnelle de fin d'année)");
    EXPECT_EQ(scheme_display_name(noel), "Prime de Noël");
    EXPECT_EQ(scheme_with_article(noel), "de la prime de Noël");
    const ir::Scheme faj = scheme_called("faj", "Fonds d'aide aux jeunes (FAJ) de la Métropole de Lyon");
    EXPECT_EQ(scheme_with_article(faj), "du FAJ");
    EXPECT_EQ(scheme_with_article(scheme_called("css", "Complémentaire santé solidaire (CSS)")), "de la CSS");
    EXPECT_EQ(scheme_with_article(scheme_called("xyz", "")), "du XYZ");
}

TEST(MonthInWords, IsTheFullFrenchName) {
    EXPECT_EQ(month_in_words(month("2025-07")), "juillet 2025");
    EXPECT_EQ(month_in_words(month("2026-02")), "février 2026");
    EXPECT_EQ(month_in_words(month("2025-12")), "décembre 2025");
}

TEST(Stamp, Sha256MatchesTheStandardVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Stamp, DigestOfTextsDependsOnFileBoundaries) {
    EXPECT_NE(digest_of_texts({"ab", "c"}), digest_of_texts({"a", "bc"}));
    EXPECT_EQ(digest_of_texts({"ab", "c"}).rfind("sha256:", 0), 0u);
}

TEST_F(RenderTest, ExplanationOfARefusedSchemeNamesTheFailingConditionAndWhenItHolds) {
    // Alice turns 25 on 15 September 2025: the age condition holds from October.
    Rules young;
    TestCase young_case(young.program(), R"({
      "periode": {"debut": "2025-06", "mois": 8},
      "personnes": {"alice": {"date_naissance": "2000-09-15"}},
      "foyers": {"f1": {"demandeur": "alice"}}
    })");
    auto result = explain(young.program(), young_case.input(), young.variable("rsa_eligible"), 0, month("2025-08"));
    ASSERT_TRUE(std::holds_alternative<Explanation>(result));
    const Explanation& e = std::get<Explanation>(result);
    ASSERT_TRUE(e.failing.has_value());
    EXPECT_EQ(e.failing->condition, 0u);
    EXPECT_EQ(e.failing->holds_from, month("2025-10"));

    const std::string text = render_explanation_text(e, &young.sources());
    EXPECT_NE(text.find("rsa_eligible pour « f1 » en août 2025 : non"), std::string::npos) << text;
    EXPECT_NE(text.find("La condition « avoir 25 ans » n'est pas remplie en août 2025 ; elle l'est à partir de "
                        "octobre 2025."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("variable « rsa_condition_age » de « f1 » en août 2025 : non"), std::string::npos) << text;
    EXPECT_NE(text.find("test.rules:"), std::string::npos) << text;

    const auto j = explanation_json(e, &young.sources());
    EXPECT_EQ(j["version"], "relais.explication/1");
    EXPECT_EQ(j["valeur"], false);
    EXPECT_EQ(j["regle"]["nature"], "formule");
    EXPECT_EQ(j["condition_non_remplie"]["libelle"], "avoir 25 ans");
    EXPECT_EQ(j["condition_non_remplie"]["remplie_a_partir_de"], "2025-10");
    EXPECT_EQ(j["lectures"][0]["nature"], "variable");
}

TEST_F(RenderTest, ExplanationListsInputsWithTheirValues) {
    auto result = explain(rules.program(), c.input(), rules.variable("revenus_hors_prestations"), 0, month("2025-08"));
    ASSERT_TRUE(std::holds_alternative<Explanation>(result));
    const std::string text = render_explanation_text(std::get<Explanation>(result));
    EXPECT_NE(text.find("entrée « salaire_net » de « alice » en août 2025 : 700,13\u00A0€"), std::string::npos) << text;
    EXPECT_NE(text.find("entrée « aide_ponctuelle » de « alice » en août 2025 : 0,00\u00A0€ (valeur par défaut)"),
              std::string::npos)
        << text;

    auto reference = explain(rules.program(), c.input(), rules.variable("revenus_hors_prestations"), 0,
                             month("2025-08"), /*scenario=*/false);
    ASSERT_TRUE(std::holds_alternative<Explanation>(reference));
    EXPECT_EQ(std::get<Explanation>(reference).trace.value, 0);
}

}  // namespace
}  // namespace relais::simulator
