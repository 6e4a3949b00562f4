// Shared by the simulator tests: small programs compiled from inline rules text (entities,
// inputs, variables and the simulation declarations: dispositifs, transitions, événements,
// orientation), and cases read from inline JSON.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "engine/calendar.hpp"
#include "simulator/case_file.hpp"

namespace relais::simulator::testing {

inline engine::Value euros(std::int64_t n) { return n * engine::one; }
inline engine::Month month(const char* text) { return *engine::parse_month(text); }

/// The entities, inputs and variables every test program starts from.
inline constexpr const char* base_rules = R"rules(entité personne
entité foyer
  rôle demandeur : un
  rôle conjoint : optionnel
  rôle enfants : plusieurs

énumération parcours_insertion
  valeurs emploi, socio_professionnel

entrée date_naissance : date par personne constante défaut 1980-01-01
entrée salaire_net : montant par personne mensuelle défaut 0 €
entrée heures : nombre par personne mensuelle défaut 0
entrée aide_ponctuelle : montant par personne mensuelle défaut 0 €
entrée depcom : nombre par foyer constante défaut 69123

variable age : nombre par personne
  = age_en_annees(date_naissance)

variable nb_enfants : nombre par foyer
  = nombre(enfants)

variable nb_adultes : nombre par foyer
  = nombre(demandeur, conjoint)

variable dans_la_metropole : booléen par foyer
  = depcom >= 69000 et depcom < 70000

variable revenus_hors_prestations : montant par foyer
  = somme(salaire_net + aide_ponctuelle pour membres)
)rules";

/// A toy RSA (600 € plus 100 € per child, minus earnings, for a demandeur of 25 or more),
/// paid the month after; a toy RSJ (400 € under 25); a CSS held while the RSA is paid.
inline constexpr const char* scheme_rules = R"rules(
variable rsa_condition_age : booléen par foyer
  = demandeur.age >= 25
variable rsa_condition_ressources : booléen par foyer
  = revenus_hors_prestations < 600 € + 100 € * nb_enfants
variable rsa_eligible : booléen par foyer
  = rsa_condition_age et rsa_condition_ressources
variable rsa_du : montant par foyer
  = si rsa_eligible alors 600 € + 100 € * nb_enfants - revenus_hors_prestations sinon 0 €
variable rsa_verse : montant par foyer
  = rsa_du[M-1]

variable rsj_eligible : booléen par personne
  = age < 25
variable rsj_du : montant par personne
  = si rsj_eligible alors 400 € sinon 0 €
variable rsj_verse : montant par personne
  = rsj_du[M-1]

variable css_eligible : booléen par foyer
  = rsa_verse > 0 €
variable css_valeur : montant par foyer
  = 30 €
)rules";

/// The declarations of docs/simulation-language.md for the toy schemes, the events the tests
/// use, and an orientation.
inline constexpr const char* declarations = R"rules(
dispositif rsa : foyer
  libellé "Revenu de solidarité active (RSA)"
  nature prestation
  condition "avoir 25 ans" = rsa_condition_age
  condition "ressources inférieures au montant forfaitaire" = rsa_condition_ressources
  éligible = rsa_eligible
  dû = rsa_du
  versé = rsa_verse
  ouvre css
  source "Source de rsa"

dispositif rsj : personne
  libellé "Revenu solidarité jeunes (RSJ)"
  éligible = rsj_eligible
  dû = rsj_du
  versé = rsj_verse

dispositif css : foyer
  libellé "Complémentaire santé solidaire (CSS)"
  nature droit_connexe
  éligible = css_eligible
  valeur = css_valeur

événement reprise_emploi : personne
  libellé "Reprise d'emploi"
  champ salaire_net : montant
  champ heures : nombre
  champ fin : mois optionnel
  fixe salaire_net = salaire_net
  fixe heures = heures
  jusqu'à fin

événement fin_contrat : personne
  libellé "Fin de contrat"
  fixe salaire_net = 0 €
  fixe heures = 0

événement demande_aide : personne
  libellé "Demande d'aide ponctuelle"
  champ montant : montant
  fixe aide_ponctuelle = montant
  ponctuel

événement naissance : foyer
  libellé "Naissance"
  champ enfant : personne
  ajoute enfants = enfant

événement mise_en_couple : foyer
  libellé "Mise en couple"
  champ conjoint : personne
  ajoute conjoint = conjoint

événement separation : foyer
  libellé "Séparation"
  retire conjoint

événement demenagement : foyer
  libellé "Déménagement"
  champ depcom : nombre
  fixe depcom = depcom

orientation orientation_insertion : personne
  libellé "Orientation du parcours d'insertion"
  sortie parcours : parcours_insertion
  sortie directe : booléen
  règle "Jeune de moins de 26 ans" si age < 26 alors parcours = emploi, directe = vrai source "Loi n° 2023-1196, art. 1"
  sinon parcours = socio_professionnel, directe = faux
)rules";

/// The transition the transition tests declare.
inline constexpr const char* rsj_to_rsa = R"rules(
transition rsj_vers_rsa : rsj -> rsa
  libellé "Passage du RSJ au RSA à 25 ans"
  source "Source de la transition"
)rules";

/// A program compiled from base_rules + `variables` + declarations + `more`.
class Rules {
public:
    explicit Rules(const std::string& variables = scheme_rules, const std::string& more = "", bool with_base = true) {
        const std::string text =
            (with_base ? std::string(base_rules) : std::string()) + variables + declarations + more;
        compilation_ = std::make_unique<dsl::Compilation>(dsl::compile_texts({{"test.rules", text}}));
        if (!compilation_->program) {
            std::string all;
            for (const auto& d : compilation_->diagnostics.sorted()) all += engine::render_text(d, compilation_->sources);
            throw std::runtime_error("les règles de test ne compilent pas :\n" + all);
        }
    }

    const ir::Program& program() const { return *compilation_->program; }
    const engine::SourceSet& sources() const { return compilation_->sources; }

    std::uint32_t variable(const std::string& name) const {
        for (std::uint32_t v = 0; v < program().variables.size(); ++v)
            if (program().variables[v].name == name) return v;
        throw std::invalid_argument("variable inconnue : " + name);
    }
    std::uint32_t input(const std::string& name) const {
        for (std::uint32_t i = 0; i < program().inputs.size(); ++i)
            if (program().inputs[i].name == name) return i;
        throw std::invalid_argument("entrée inconnue : " + name);
    }
    std::uint32_t scheme_index(const std::string& name) const {
        for (std::uint32_t s = 0; s < program().schemes.size(); ++s)
            if (program().schemes[s].name == name) return s;
        throw std::invalid_argument("dispositif inconnu : " + name);
    }

private:
    std::unique_ptr<dsl::Compilation> compilation_;
};

/// A case read from JSON text; keeps the JSON alive for its events.
struct TestCase {
    nlohmann::json json;
    CaseReading reading;

    TestCase(const ir::Program& program, const std::string& text) : json(nlohmann::json::parse(text)) {
        reading = read_case(json, program, "cas");
    }
    TestCase(const TestCase&) = delete;
    const Case& input() const { return reading.value; }
};

/// The input as the evaluator reads it for one instance and month (constant, given month,
/// else the default; nullopt when missing).
inline std::optional<engine::Value> input_at(const ir::Program& program, const engine::CaseData& data,
                                             std::uint32_t input, std::uint32_t instance, engine::Month m) {
    const engine::InputSeries* series =
        input < data.inputs.size() && instance < data.inputs[input].size() ? &data.inputs[input][instance] : nullptr;
    if (series && series->constant) return *series->constant;
    if (series)
        for (const auto& [month, value] : series->by_month)
            if (month == m) return value;
    return program.inputs[input].default_value;
}

inline std::string problems_text(const std::vector<CaseProblem>& problems) {
    return describe_problems("cas", problems);
}

}  // namespace relais::simulator::testing
