// Resolver tests: small rules texts compiled through the driver. Bad cases assert the code and
// the line:column of the first error (never the prose); good cases assert facts of the IR.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/driver.hpp"
#include "tests/support/rendered.hpp"
#include "engine/ir/print.hpp"

namespace relais::dsl {
namespace {

// Declarations shared by the cases; each case is a second file, so positions are its own.
constexpr std::string_view prelude = R"(entité personne
entité foyer
  rôle demandeur : un
  rôle conjoint : optionnel
  rôle enfants : plusieurs
énumération statut
  valeurs locataire, proprietaire
énumération couleur
  valeurs rouge, vert
entrée salaire : montant par personne défaut 0 €
entrée heures : nombre par personne défaut 0
entrée handicap : booléen par personne défaut faux
entrée date_naissance : date par personne constante
entrée aide_logement : montant par foyer défaut 0 €
entrée statut_logement : statut par foyer défaut locataire
entrée ancre : mois par foyer constante défaut 2025-01
paramètre forfait : montant
  2022-04-01 : 575.52 € source "Décret n° 2022-699"
paramètre taux_logement : barème de taux
  2009-06-01 : [1 -> 12 %, 2 -> 16 %, 3 -> 16.5 %] source "CASF art. R262-10"
)";

Compilation compile(std::string_view text) {
    return compile_texts({{"prelude.rules", std::string(prelude)}, {"case.rules", std::string(text)}});
}

using test_support::rendered;

/// "E2001 case.rules:2:5" for the first error in file order, or "aucune erreur".
std::string first_error(const Compilation& c) {
    const std::vector<engine::Diagnostic> all = c.diagnostics.sorted();
    if (all.empty()) return "aucune erreur";
    const engine::Diagnostic& d = all.front();
    const engine::SourceFile& file = c.sources.file(d.span.file);
    const engine::LineColumn at = file.locate(d.span.begin);
    return std::string(engine::code_id(d.code)) + " " + file.path() + ":" + std::to_string(at.line) + ":" +
           std::to_string(at.column);
}

const ir::Variable& variable(const ir::Program& p, std::string_view name) {
    const auto it =
        std::find_if(p.variables.begin(), p.variables.end(), [&](const ir::Variable& v) { return v.name == name; });
    EXPECT_NE(it, p.variables.end()) << name;
    return *it;
}

std::string formula(const ir::Program& p, std::string_view name, std::size_t i = 0) {
    const ir::Variable& v = variable(p, name);
    return ir::print_expression(p, v.formulas.at(i).expr, v.entity);
}

// ---- Bad cases: code and position of the first error ----

struct BadCase {
    const char* name;
    const char* text;
    const char* expected;  ///< "E2001 case.rules:2:5"
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.name; }

class Rejects : public testing::TestWithParam<BadCase> {};

TEST_P(Rejects, FirstErrorHasCodeAndPosition) {
    const Compilation c = compile(GetParam().text);
    EXPECT_FALSE(c.program.has_value());
    EXPECT_EQ(first_error(c), GetParam().expected) << rendered(c);
}

const BadCase bad_cases[] = {
    // Names
    {"duplicate_variable", "variable a : montant par personne\n  = 0 €\nvariable a : montant par personne\n  = 1 €\n",
     "E2002 case.rules:3:10"},
    {"variable_named_like_input", "variable salaire : montant par personne\n  = 0 €\n", "E2002 case.rules:1:10"},
    {"enum_value_in_two_enumerations", "énumération autre\n  valeurs locataire, bail\n", "E2002 case.rules:2:11"},
    {"duplicate_role", "entité menage\n  rôle chef : un\n  rôle chef : plusieurs\n", "E2002 case.rules:3:8"},
    {"unknown_type", "variable a : montantt par personne\n  = 0 €\n", "E2001 case.rules:1:14"},
    {"type_is_not_a_type", "variable a : salaire par personne\n  = 0 €\n", "E2001 case.rules:1:14"},
    {"unknown_entity", "variable a : montant par persone\n  = 0 €\n", "E2003 case.rules:1:26"},
    {"unknown_name", "variable a : montant par personne\n  = salair\n", "E2001 case.rules:2:5"},
    {"entity_is_not_a_value", "variable a : montant par personne\n  = foyer\n", "E2001 case.rules:2:5"},
    {"second_individual_entity", "entité individu\n", "E2012 case.rules:1:8"},
    // Literals
    {"too_many_decimals", "variable a : nombre par personne\n  = 0.1234567\n", "E1005 case.rules:2:5"},
    {"rate_too_precise", "variable a : taux par personne\n  = 12.12345 %\n", "E1005 case.rules:2:5"},
    {"number_too_large", "variable a : nombre par personne\n  = 99999999999999999999\n", "E1005 case.rules:2:5"},
    {"bad_date", "variable a : booléen par personne\n  = date_naissance < 2025-02-30\n", "E1008 case.rules:2:22"},
    {"bad_month", "variable a : booléen par personne\n  = mois_courant == 2025-13\n", "E1008 case.rules:2:21"},
    // Types and units
    {"montant_plus_nombre", "variable a : montant par personne\n  = salaire + 1\n", "E3001 case.rules:2:5"},
    {"montant_times_montant", "variable a : montant par personne\n  = salaire * salaire\n", "E3001 case.rules:2:5"},
    {"nombre_divided_by_montant", "variable a : montant par personne\n  = 2 / salaire\n", "E3001 case.rules:2:5"},
    {"montant_compared_to_nombre", "variable a : booléen par personne\n  = salaire > 0\n", "E3001 case.rules:2:5"},
    {"date_compared_to_montant", "variable a : booléen par personne\n  = date_naissance < salaire\n",
     "E3001 case.rules:2:5"},
    {"enumerations_of_two_kinds", "variable a : booléen par foyer\n  = statut_logement == rouge\n",
     "E3001 case.rules:2:5"},
    {"ordering_booleans", "variable a : booléen par personne\n  = handicap < vrai\n", "E3001 case.rules:2:5"},
    {"nombre_for_montant", "variable a : montant par personne\n  = 0\n", "E3005 case.rules:2:5"},
    {"taux_expression_for_nombre", "variable a : nombre par personne\n  = 12 %\n", "E3005 case.rules:2:5"},
    {"condition_not_boolean", "variable a : montant par personne\n  = si salaire alors 1 € sinon 0 €\n",
     "E3002 case.rules:2:8"},
    {"et_on_a_number", "variable a : booléen par personne\n  = handicap et heures\n", "E3002 case.rules:2:17"},
    {"non_on_a_montant", "variable a : booléen par personne\n  = non salaire\n", "E3002 case.rules:2:9"},
    {"branches_of_two_types", "variable a : montant par personne\n  = si handicap alors salaire sinon 0\n",
     "E3003 case.rules:2:5"},
    {"min_of_montant_and_nombre", "variable a : montant par personne\n  = min(salaire, 0)\n", "E3001 case.rules:2:18"},
    {"rounding_step_not_literal", "variable a : montant par personne\n  = arrondi(salaire, forfait)\n",
     "E3004 case.rules:2:22"},
    {"rounding_step_wrong_unit", "variable a : montant par personne\n  = arrondi(salaire, 0.01)\n",
     "E3004 case.rules:2:22"},
    {"rounding_step_zero", "variable a : montant par personne\n  = arrondi_inferieur(salaire, 0 €)\n",
     "E3004 case.rules:2:32"},
    {"rounding_step_negative", "variable a : nombre par personne\n  = arrondi(heures, -1)\n", "E3004 case.rules:2:21"},
    // Time
    {"future_read", "variable a : montant par personne\n  = salaire[M+1]\n", "E3006 case.rules:2:12"},
    {"future_window", "variable a : montant par personne\n  = somme(salaire[M-1..M+1])\n", "E3006 case.rules:2:18"},
    {"window_outside_function", "variable a : montant par personne\n  = salaire[M-3..M-1]\n", "E2015 case.rules:2:12"},
    {"window_in_max_of_values", "variable a : montant par personne\n  = max(salaire[M-3..M-1], 0 €)\n",
     "E2015 case.rules:2:16"},
    {"window_in_arithmetic", "variable a : montant par personne\n  = somme(salaire[M-3..M-1]) + salaire[M-3..M-1]\n",
     "E2015 case.rules:2:39"},
    {"window_on_parameter", "variable a : montant par personne\n  = somme(forfait[M-3..M-1])\n",
     "E2015 case.rules:2:18"},
    {"window_reversed", "variable a : montant par personne\n  = somme(salaire[M-1..M-3])\n", "E2006 case.rules:2:18"},
    {"window_of_booleans_summed", "variable a : montant par personne\n  = somme(handicap[M-3..M-1])\n",
     "E3001 case.rules:2:11"},
    {"tous_of_montants", "variable a : booléen par personne\n  = tous(salaire[M-3..M-1])\n", "E3002 case.rules:2:10"},
    // Parameters in expressions
    {"scale_without_key", "variable a : taux par foyer\n  = taux_logement\n", "E3008 case.rules:2:5"},
    {"key_given_to_plain_parameter", "variable a : montant par foyer\n  = forfait(1)\n", "E3008 case.rules:2:5"},
    {"scale_key_is_a_montant", "variable a : taux par foyer\n  = taux_logement(aide_logement)\n",
     "E3005 case.rules:2:19"},
    // Entities
    {"person_value_in_group_formula", "variable a : montant par foyer\n  = salaire\n", "E2010 case.rules:2:5"},
    {"group_value_in_person_formula", "variable a : montant par personne\n  = aide_logement\n", "E2010 case.rules:2:5"},
    {"role_of_many_members", "variable a : montant par foyer\n  = enfants.salaire\n", "E2011 case.rules:2:5"},
    {"optional_role", "variable a : montant par foyer\n  = conjoint.salaire\n", "E2011 case.rules:2:5"},
    {"role_in_person_formula", "variable a : montant par personne\n  = demandeur.salaire\n", "E2010 case.rules:2:5"},
    {"group_read_from_group",
     "entité menage\n  rôle chef : un\nvariable a : montant par menage\n  = foyer.aide_logement\n",
     "E2010 case.rules:4:5"},
    {"aggregate_in_person_formula", "variable a : montant par personne\n  = somme(salaire pour enfants)\n",
     "E2010 case.rules:2:5"},
    {"unknown_role", "variable a : montant par foyer\n  = somme(salaire pour enfant)\n", "E2004 case.rules:2:24"},
    {"aggregate_of_group_value", "variable a : montant par foyer\n  = somme(aide_logement pour membres)\n",
     "E2010 case.rules:2:11"},
    {"sum_of_booleans", "variable a : nombre par foyer\n  = somme(handicap pour enfants)\n", "E3001 case.rules:2:11"},
    // Calls
    {"unknown_function", "variable a : montant par personne\n  = somm(salaire[M-3..M-1])\n", "E2016 case.rules:2:5"},
    {"wrong_arity", "variable a : nombre par personne\n  = age_en_annees(date_naissance, date_naissance)\n",
     "E2016 case.rules:2:5"},
    {"builtin_argument_type", "variable a : nombre par personne\n  = age_en_annees(salaire)\n",
     "E3005 case.rules:2:19"},
    {"year_of_a_date", "variable a : nombre par personne\n  = annee_de(date_naissance)\n", "E3005 case.rules:2:14"},
    {"pour_in_plain_function", "variable a : nombre par personne\n  = age_en_annees(date_naissance pour enfants)\n",
     "E2016 case.rules:2:19"},
    {"existe_without_condition", "variable a : booléen par foyer\n  = existe(enfants)\n", "E2016 case.rules:2:5"},
    {"moyenne_of_members", "variable a : montant par foyer\n  = moyenne(salaire pour enfants)\n",
     "E2016 case.rules:2:5"},
    {"reexamen_period_not_whole", "variable b : montant par foyer\n  = reexamen(b, ancre, 1.5)\n",
     "E2016 case.rules:2:24"},
    {"reexamen_of_a_parameter", "variable b : montant par foyer\n  = reexamen(forfait, ancre, 3)\n",
     "E2016 case.rules:2:14"},
    {"reexamen_anchor_not_a_month", "variable b : montant par foyer\n  = reexamen(aide_logement, 3, 3)\n",
     "E3005 case.rules:2:29"},
    // Variables: formulas and exceptions
    {"formula_date_not_first_of_month", "variable a : montant par personne\n  = 0 €\n  à partir de 2025-03-15 = 1 €\n",
     "E2007 case.rules:3:15"},
    {"formulas_out_of_order",
     "variable a : montant par personne\n  à partir de 2025-03 = 0 €\n  à partir de 2024-01 = 1 €\n",
     "E2006 case.rules:3:15"},
    {"two_formulas_from_the_beginning", "variable a : montant par personne\n  = 0 €\n  = 1 €\n",
     "E2006 case.rules:3:3"},
    {"no_general_formula", "variable a : montant par personne\n  exception e si handicap = 1 €\n",
     "E2008 case.rules:1:10"},
    {"duplicate_exception",
     "variable a : montant par personne\n  = 0 €\n  exception e si handicap = 1 €\n"
     "  exception e si vrai = 2 €\n",
     "E2009 case.rules:4:13"},
    {"unknown_sur", "variable a : montant par personne\n  = 0 €\n  exception e sur f si handicap = 1 €\n",
     "E2009 case.rules:3:19"},
    {"mutual_sur",
     "variable a : montant par personne\n  = 0 €\n  exception e sur f si handicap = 1 €\n"
     "  exception f sur e si vrai = 2 €\n",
     "E2009 case.rules:4:3"},
    {"exception_value_type", "variable a : montant par personne\n  = 0 €\n  exception e si handicap = 1\n",
     "E3005 case.rules:3:29"},
    {"exception_ends_before_it_starts",
     "variable a : montant par personne\n  = 0 €\n"
     "  exception e à partir de 2025-03 jusqu'à 2025-01 si handicap = 1 €\n",
     "E2006 case.rules:3:43"},
    {"duplicate_label", "variable a : montant par personne\n  libellé \"A\"\n  libellé \"B\"\n  = 0 €\n",
     "E2013 case.rules:3:3"},
    // Parameters
    {"value_without_source", "paramètre p : montant\n  2022-01-01 : 1 €\n", "E2005 case.rules:2:3"},
    {"parameter_dates_out_of_order",
     "paramètre p : montant\n  2022-07-01 : 1 € source \"a\"\n  2022-04-01 : 2 € source \"b\"\n",
     "E2006 case.rules:3:3"},
    {"parameter_value_type", "paramètre p : montant\n  2022-01-01 : 575 source \"a\"\n", "E3005 case.rules:2:16"},
    {"scale_for_plain_parameter", "paramètre p : montant\n  2022-01-01 : [1 -> 1 €] source \"a\"\n",
     "E3008 case.rules:2:16"},
    {"plain_value_for_scale", "paramètre p : barème de montant\n  2022-01-01 : 1 € source \"a\"\n",
     "E3008 case.rules:2:16"},
    {"scale_keys_decreasing", "paramètre p : barème de nombre\n  2022-01-01 : [2 -> 1, 1 -> 2] source \"a\"\n",
     "E2006 case.rules:2:25"},
    {"scale_key_not_whole", "paramètre p : barème de nombre\n  2022-01-01 : [1.5 -> 1] source \"a\"\n",
     "E3005 case.rules:2:17"},
    {"scale_of_dates", "paramètre p : barème de date\n", "E3008 case.rules:1:15"},
    // Inputs
    {"default_of_wrong_type", "entrée e : montant par personne défaut 0\n", "E3005 case.rules:1:40"},
    {"default_unknown_enum_value", "entrée e : statut par foyer défaut locatair\n", "E2001 case.rules:1:36"},
    {"duplicate_default", "entrée e : montant par personne défaut 0 € défaut 1 €\n", "E2013 case.rules:1:44"},
    {"input_as_scale", "entrée e : barème de montant par personne\n", "E3008 case.rules:1:12"},
    // Tests
    {"test_unknown_entity", "test \"t\"\n  période 2025-01 .. 2025-02\n  personn p : salaire = 1 €\n",
     "E2003 case.rules:3:3"},
    {"test_unknown_input", "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salair = 1 €\n",
     "E2001 case.rules:3:16"},
    {"test_input_of_other_entity", "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : aide_logement = 1 €\n",
     "E2014 case.rules:3:16"},
    {"test_assigns_a_variable",
     "variable a : montant par personne\n  = 0 €\ntest \"t\"\n  période 2025-01 .. 2025-02\n  personne p : a = 1 €\n",
     "E2014 case.rules:5:16"},
    {"test_input_value_type", "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = 1\n",
     "E3005 case.rules:3:26"},
    {"test_map_for_constant_input",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : date_naissance = {2025-01: 1990-01-01}\n",
     "E2014 case.rules:3:33"},
    {"test_duplicate_month",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = {2025-01: 1 €, 2025-01: 2 €}\n",
     "E2014 case.rules:3:41"},
    {"test_unknown_member", "test \"t\"\n  période 2025-01 .. 2025-02\n  foyer f : demandeur = q\n",
     "E2014 case.rules:3:25"},
    {"test_member_not_a_person",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  foyer g : demandeur = p\n  foyer f : enfants = [g]\n"
     "  personne p : salaire = 1 €\n",
     "E2014 case.rules:4:24"},
    {"test_person_in_two_groups",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = 1 €\n  foyer f : demandeur = p\n"
     "  foyer g : demandeur = p\n",
     "E2014 case.rules:5:25"},
    {"test_two_roles_in_one_group",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = 1 €\n  foyer f : demandeur = p, enfants = "
     "[p]\n",
     "E2014 case.rules:4:39"},
    {"test_single_role_with_two_members",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = 1 €\n  personne q : salaire = 1 €\n"
     "  foyer f : demandeur = [p, q]\n",
     "E2014 case.rules:5:25"},
    {"test_without_periode", "test \"t\"\n  personne p : salaire = 1 €\n", "E2014 case.rules:1:6"},
    {"test_periode_reversed", "test \"t\"\n  période 2025-03 .. 2025-01\n", "E2006 case.rules:2:3"},
    {"test_duplicate_name", "test \"t\"\n  période 2025-01 .. 2025-01\ntest \"t\"\n  période 2025-01 .. 2025-01\n",
     "E2014 case.rules:3:6"},
    {"test_duplicate_instance",
     "test \"t\"\n  période 2025-01 .. 2025-01\n  personne p : salaire = 1 €\n  personne p : salaire = 2 €\n",
     "E2014 case.rules:4:12"},
    {"test_expectation_outside_periode",
     "variable a : montant par personne\n  = salaire\ntest \"t\"\n  période 2025-01 .. 2025-02\n"
     "  personne p : salaire = 1 €\n  attendu p.a[2025-03] = 1 €\n",
     "E2014 case.rules:6:15"},
    {"test_expectation_on_input",
     "test \"t\"\n  période 2025-01 .. 2025-02\n  personne p : salaire = 1 €\n  attendu p.salaire[2025-01] = 1 €\n",
     "E2014 case.rules:4:13"},
    {"test_expectation_wrong_entity",
     "variable a : montant par foyer\n  = aide_logement\ntest \"t\"\n  période 2025-01 .. 2025-02\n"
     "  personne p : salaire = 1 €\n  attendu p.a[2025-01] = 1 €\n",
     "E2014 case.rules:6:13"},
    {"test_expected_value_type",
     "variable a : montant par personne\n  = salaire\ntest \"t\"\n  période 2025-01 .. 2025-02\n"
     "  personne p : salaire = 1 €\n  attendu p.a[2025-01] = 1\n",
     "E3005 case.rules:6:26"},
    {"test_tolerance_on_boolean",
     "variable a : booléen par personne\n  = handicap\ntest \"t\"\n  période 2025-01 .. 2025-02\n"
     "  personne p : handicap = vrai\n  attendu p.a[2025-01] = vrai à vrai près\n",
     "E2014 case.rules:6:33"},
    {"test_unknown_instance_in_expectation",
     "variable a : montant par personne\n  = salaire\ntest \"t\"\n  période 2025-01 .. 2025-02\n"
     "  attendu q.a[2025-01] = 1 €\n",
     "E2014 case.rules:5:11"},
};

INSTANTIATE_TEST_SUITE_P(Resolve, Rejects, testing::ValuesIn(bad_cases),
                         [](const testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// ---- Reporting ----

TEST(Resolve, ReportsEveryErrorNotJustTheFirst) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = salaire + 1\n"
        "variable b : montant par personne\n  = inconnu\n"
        "paramètre p : montant\n  2022-01-01 : 1 €\n");
    std::vector<std::string> codes;
    for (const engine::Diagnostic& d : c.diagnostics.sorted()) codes.emplace_back(engine::code_id(d.code));
    EXPECT_EQ(codes, (std::vector<std::string>{"E3001", "E2001", "E2005"})) << rendered(c);
}

TEST(Resolve, OneMistakeIsReportedOnce) {
    // The unknown name poisons the expression: no type error follows from it.
    const Compilation c = compile("variable a : montant par personne\n  = (inconnu + 1) * 2 + salaire\n");
    EXPECT_EQ(c.diagnostics.all().size(), 1u) << rendered(c);
}

TEST(Resolve, DuplicateNameNotesTheFirstDeclaration) {
    const Compilation c = compile("variable forfait : montant par personne\n  = 0 €\n");
    ASSERT_EQ(c.diagnostics.all().size(), 1u) << rendered(c);
    const engine::Diagnostic& d = c.diagnostics.all().front();
    ASSERT_EQ(d.notes.size(), 1u);
    EXPECT_EQ(c.sources.file(d.notes[0].span.file).path(), "prelude.rules");
    EXPECT_EQ(c.sources.text_of(d.notes[0].span), "forfait");
}

TEST(Resolve, UnknownNameSuggestsTheClosest) {
    const Compilation c = compile("variable a : montant par personne\n  = salair\n");
    ASSERT_EQ(c.diagnostics.all().size(), 1u);
    EXPECT_NE(c.diagnostics.all()[0].hint.find("`salaire`"), std::string::npos) << rendered(c);
}

TEST(Resolve, MontantNextToBareNumberHintsTheEuroSign) {
    const Compilation c = compile("variable a : booléen par personne\n  = salaire > 150\n");
    ASSERT_EQ(c.diagnostics.all().size(), 1u);
    EXPECT_EQ(c.diagnostics.all()[0].hint, "écrivez `150 €`") << rendered(c);
}

TEST(Resolve, WrongEntityHintsTheWayToReadIt) {
    const Compilation group = compile("variable a : montant par foyer\n  = salaire\n");
    ASSERT_EQ(group.diagnostics.all().size(), 1u);
    EXPECT_NE(group.diagnostics.all()[0].hint.find("somme(salaire pour membres)"), std::string::npos);
    EXPECT_NE(group.diagnostics.all()[0].hint.find("demandeur.salaire"), std::string::npos);
    const Compilation person = compile("variable a : montant par personne\n  = aide_logement\n");
    ASSERT_EQ(person.diagnostics.all().size(), 1u);
    EXPECT_NE(person.diagnostics.all()[0].hint.find("foyer.aide_logement"), std::string::npos);
}

TEST(Resolve, MessagesAreInFrench) {
    const Compilation c = compile("variable a : montant par personne\n  = salaire + 1\n");
    ASSERT_EQ(c.diagnostics.all().size(), 1u);
    EXPECT_EQ(c.diagnostics.all()[0].message, "opération impossible : montant + nombre");
}

TEST(Resolve, NoIndividualEntityIsAnError) {
    const Compilation c = compile_texts({{"a.rules", "entité foyer\n  rôle demandeur : un\n"}});
    EXPECT_EQ(first_error(c), "E2012 a.rules:1:8") << rendered(c);
}

// ---- Good cases: facts of the IR ----

TEST(Resolve, NamesMayBeUsedBeforeTheirDeclarationInAnyFile) {
    const Compilation c = compile_texts({{"b.rules", "variable b : montant par personne\n  = a * 2\n"},
                                         {"a.rules", "entité personne\nvariable a : montant par personne\n  = 1 €\n"}});
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(formula(*c.program, "b"), "(a * 2)");
}

TEST(Resolve, LiteralsAreExact) {
    const Compilation c = compile(
        "paramètre t : taux\n  2020-01-01 : 16.5 % source \"a\"\n  2021-01-01 : 0.5985 source \"b\"\n"
        "  2022-01-01 : 12.3456 % source \"c\" publié 2021-12-30\n"
        "paramètre m : montant\n  2020-01-01 : 575.52 € source \"a\"\n  2021-01-01 : 6 EUR source \"b\"\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Parameter& t = c.program->parameters.at(2);
    ASSERT_EQ(t.name, "t");
    ASSERT_EQ(t.values.size(), 3u);
    EXPECT_EQ(t.values[0].value, 165'000);
    EXPECT_EQ(t.values[1].value, 598'500);
    EXPECT_EQ(t.values[2].value, 123'456);
    EXPECT_EQ(t.values[2].published, engine::make_date(2021, 12, 30));
    EXPECT_EQ(t.values[0].effective, engine::make_date(2020, 1, 1));
    EXPECT_EQ(t.values[0].source, "a");
    const ir::Parameter& m = c.program->parameters.at(3);
    EXPECT_EQ(m.values[0].value, 575'520'000);
    EXPECT_EQ(m.values[1].value, 6'000'000);
}

TEST(Resolve, ScaleEntriesAreConverted) {
    const Compilation c = compile("variable t : taux par foyer\n  = taux_logement(nombre(enfants))\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Parameter& p = c.program->parameters.at(1);
    ASSERT_TRUE(p.is_scale);
    ASSERT_EQ(p.values.at(0).scale.size(), 3u);
    EXPECT_EQ(p.values[0].scale[0].key, engine::one);
    EXPECT_EQ(p.values[0].scale[2].value, 165'000);
    const ir::Node& lookup = c.program->nodes.at(variable(*c.program, "t").formulas.at(0).expr);
    EXPECT_EQ(lookup.op, ir::Op::ScaleLookup);
    EXPECT_EQ(lookup.type.kind, ir::Kind::Taux);
}

TEST(Resolve, BareNumberStandsForTaux) {
    const Compilation c = compile(
        "variable t : taux par personne\n  = 0.5\n"
        "variable u : taux par personne\n  = si handicap alors 0.25 sinon t\n"
        "variable v : booléen par personne\n  = t > 0.1\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Node& half = c.program->nodes.at(variable(*c.program, "t").formulas.at(0).expr);
    EXPECT_EQ(half.type.kind, ir::Kind::Taux);
    EXPECT_EQ(half.imm, 500'000);
    EXPECT_EQ(formula(*c.program, "u"), "(si handicap alors 25 % sinon t)");
}

TEST(Resolve, UnitTable) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = salaire * 12 % + salaire * 2 - salaire / 3\n"
        "variable r : taux par personne\n  = salaire / (salaire + 1 €)\n"
        "variable n : nombre par personne\n  = heures * 2 / 3 - 1\n"
        "variable t : taux par personne\n  = r * 2 + 1\n"
        "variable d : booléen par personne\n  = r < n et date_naissance <= 2000-01-01 ou non handicap\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(formula(*c.program, "a"), "(((salaire * 12 %) + (salaire * 2)) - (salaire / 3))");
    EXPECT_EQ(c.program->nodes.at(variable(*c.program, "t").formulas.at(0).expr).type.kind, ir::Kind::Taux);
    EXPECT_EQ(formula(*c.program, "d"), "(((r < n) et (date_naissance <= 2000-01-01)) ou (non handicap))");
}

TEST(Resolve, NegativeLiteralsStayLiterals) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = max(salaire, -5 €)\n"
        "variable b : montant par personne\n  = -salaire\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Variable& a = variable(*c.program, "a");
    const ir::Node& m = c.program->nodes.at(a.formulas.at(0).expr);
    EXPECT_EQ(c.program->nodes.at(c.program->arg(m, 1)).op, ir::Op::Const);
    EXPECT_EQ(c.program->nodes.at(c.program->arg(m, 1)).imm, -5'000'000);
    EXPECT_EQ(formula(*c.program, "b"), "(-salaire)");
}

TEST(Resolve, MonthsAndWindows) {
    const Compilation c = compile(
        "variable a : montant par personne\n  = salaire[M-1] + somme(salaire[M-3..M-1]) + moyenne(a[M-4..M-2])\n"
        "variable f : montant par personne\n  = forfait[M-1]\n"
        "variable b : booléen par personne\n  = tous(handicap[M-2..M]) ou existe(b[M-1..M-1])\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(formula(*c.program, "a"), "((salaire[M-1] + somme(salaire[M-3..M-1])) + moyenne(a[M-4..M-2]))");
    EXPECT_EQ(formula(*c.program, "f"), "forfait[M-1]");
    EXPECT_EQ(formula(*c.program, "b"), "(tous(handicap[M-2..M]) ou existe(b[M-1..M-1]))");
    const ir::Program& p = *c.program;
    const ir::Node& sum = p.nodes.at(p.arg(p.nodes.at(p.arg(p.nodes.at(variable(p, "a").formulas[0].expr), 0)), 1));
    EXPECT_EQ(sum.op, ir::Op::WindowSum);
    EXPECT_TRUE(sum.window_of_input);
    EXPECT_EQ(sum.offset, -3);
    EXPECT_EQ(sum.offset_to, -1);
}

TEST(Resolve, MembersAndGroups) {
    const Compilation c = compile(
        "variable r : montant par foyer\n"
        "  = somme(salaire pour demandeur, conjoint) + demandeur.salaire[M-1] + max(salaire pour membres si handicap)\n"
        "variable n : nombre par foyer\n  = nombre(enfants si age_en_annees(date_naissance) < 25) + nombre(membres)\n"
        "variable e : booléen par foyer\n  = existe(enfants, conjoint si handicap) et tous(enfants si non handicap)\n"
        "variable p : montant par personne\n  = foyer.r + foyer.demandeur.salaire\n"
        "variable q : montant par foyer\n  = foyer.r\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Program& p = *c.program;
    EXPECT_EQ(
        formula(p, "r"),
        "((somme(salaire pour demandeur, conjoint) + demandeur.salaire[M-1]) + max(salaire pour membres si handicap))");
    EXPECT_EQ(formula(p, "n"), "(nombre(enfants si (age_en_annees(date_naissance) < 25)) + nombre(membres))");
    EXPECT_EQ(formula(p, "e"), "(existe(conjoint, enfants si handicap) et tous(enfants si (non handicap)))");
    EXPECT_EQ(formula(p, "p"), "(foyer.r + foyer.demandeur.salaire)");
    EXPECT_EQ(formula(p, "q"), "r");

    const ir::Node& plus = p.nodes.at(variable(p, "r").formulas[0].expr);
    const ir::Node& sum = p.nodes.at(p.arg(p.nodes.at(p.arg(plus, 0)), 0));
    EXPECT_EQ(sum.op, ir::Op::AggSum);
    EXPECT_EQ(sum.roles, 0b011u);
    ASSERT_EQ(sum.arg_count, 2u);
    EXPECT_EQ(p.arg(sum, 1), ir::none);
    const ir::Node& count = p.nodes.at(p.arg(p.nodes.at(variable(p, "n").formulas[0].expr), 1));
    EXPECT_EQ(count.op, ir::Op::AggCount);
    EXPECT_EQ(count.roles, 0b111u);
    EXPECT_EQ(p.arg(count, 0), ir::none);
    EXPECT_EQ(p.arg(count, 1), ir::none);
    const ir::Node& group = p.nodes.at(p.arg(p.nodes.at(variable(p, "p").formulas[0].expr), 0));
    EXPECT_EQ(group.op, ir::Op::GroupGet);
    EXPECT_EQ(group.ref, 1u);
}

TEST(Resolve, Builtins) {
    const Compilation c = compile(
        "variable a : nombre par personne\n  = age_en_annees(date_naissance) + mois_entre(mois_de(date_naissance), "
        "mois_courant)\n"
        "variable d : date par personne\n  = debut_du_mois\n"
        "variable m : montant par personne\n  = arrondi(salaire * 1.5, 0.01 €) + arrondi_superieur(salaire, 1 €)\n"
        "variable t : taux par personne\n  = arrondi_inferieur(12.34 %, 0.1 %) + arrondi(0.1234, 0.01)\n"
        "variable s : montant par foyer\n  = aide_logement\n"
        "variable r : montant par foyer\n  = reexamen(s, ancre, 3) + reexamen(aide_logement, 2025-01, 1)\n"
        "variable x : date par personne\n  = min(date_naissance, 2000-01-01, debut_du_mois)\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Program& p = *c.program;
    EXPECT_EQ(formula(p, "a"), "(age_en_annees(date_naissance) + mois_entre(mois_de(date_naissance), mois_courant))");
    EXPECT_EQ(formula(p, "m"), "(arrondi((salaire * 1.5), 0.01 €) + arrondi_superieur(salaire, 1 €))");
    EXPECT_EQ(formula(p, "t"), "(arrondi_inferieur(12.34 %, 0.1 %) + arrondi(0.1234, 0.01))");
    EXPECT_EQ(formula(p, "r"), "(reexamen(s, ancre, 3) + reexamen(aide_logement, 2025-01, 1))");
    const ir::Node& review = p.nodes.at(p.arg(p.nodes.at(variable(p, "r").formulas[0].expr), 0));
    EXPECT_EQ(review.op, ir::Op::Review);
    EXPECT_EQ(review.imm, 3);
    EXPECT_FALSE(review.window_of_input);
    EXPECT_EQ(formula(p, "x"), "min(date_naissance, 2000-01-01, debut_du_mois)");
}

TEST(Resolve, MonthOfYearAndYearAreWrittenWithExistingOps) {
    // No IR op yet: floor(n / 12) and n - 12 * floor(n / 12) + 1, n the months since 0000-01.
    const Compilation c = compile(
        "variable y : nombre par personne\n  = annee_de(mois_courant)\n"
        "variable n : nombre par personne\n  = numero_du_mois(mois_de(date_naissance))\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(formula(*c.program, "y"), "arrondi_inferieur((mois_entre(0000-01, mois_courant) / 12), 1)");
    EXPECT_EQ(formula(*c.program, "n"),
              "((mois_entre(0000-01, mois_de(date_naissance)) - (arrondi_inferieur((mois_entre(0000-01, "
              "mois_de(date_naissance)) / 12), 1) * 12)) + 1)");
}

TEST(Resolve, WindowsThroughAGroup) {
    const Compilation c = compile(
        "variable r : montant par foyer\n  = aide_logement\n"
        "variable p : montant par personne\n  = somme(foyer.r[M-3..M-1]) + foyer.aide_logement[M-1]\n");
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(formula(*c.program, "p"), "(foyer.somme(r[M-3..M-1]) + foyer.aide_logement[M-1])");
}

TEST(Resolve, FormulasAndExceptions) {
    const Compilation c = compile(
        "variable a : montant par foyer\n"
        "  libellé \"Montant\"\n  source \"CASF\"\n  note \"une\"\n  note \"deux\"\n"
        "  = 1 €\n  à partir de 2025-03-01 = 2 €\n  à partir de 2026-01 = 3 €\n"
        "  exception general sur proprio si statut_logement == locataire = 4 € source \"art. 1\"\n"
        "  exception proprio à partir de 2025-01 jusqu'à 2025-12 si statut_logement == proprietaire = 5 €\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Variable& a = variable(*c.program, "a");
    EXPECT_EQ(a.label, "Montant");
    EXPECT_EQ(a.source, "CASF");
    EXPECT_EQ(a.notes, (std::vector<std::string>{"une", "deux"}));
    ASSERT_EQ(a.formulas.size(), 3u);
    EXPECT_EQ(a.formulas[0].from, ir::since_always);
    EXPECT_EQ(a.formulas[1].from, engine::make_month(2025, 3));
    EXPECT_EQ(a.formulas[2].from, engine::make_month(2026, 1));
    ASSERT_EQ(a.exceptions.size(), 2u);
    EXPECT_EQ(a.exceptions[0].overrides, (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(a.exceptions[0].source, "art. 1");
    EXPECT_EQ(a.exceptions[0].until, ir::until_forever);
    EXPECT_EQ(a.exceptions[1].from, engine::make_month(2025, 1));
    EXPECT_EQ(a.exceptions[1].until, engine::make_month(2025, 12));
    EXPECT_EQ(ir::print_expression(*c.program, a.exceptions[1].condition), "(statut_logement == proprietaire)");
}

TEST(Resolve, InputsAndDefaults) {
    const Compilation c =
        compile("entrée e : statut par foyer constante défaut proprietaire libellé \"E\" note \"n\"\n");
    ASSERT_TRUE(c.program) << rendered(c);
    const ir::Input& e = c.program->inputs.back();
    EXPECT_EQ(e.name, "e");
    EXPECT_FALSE(e.monthly);
    EXPECT_EQ(e.default_value, 1);
    EXPECT_EQ(e.label, "E");
    EXPECT_EQ(e.type.kind, ir::Kind::Enumeration);
    EXPECT_EQ(c.program->inputs.at(0).default_value, 0);
    EXPECT_FALSE(c.program->inputs.at(3).default_value.has_value());
    EXPECT_EQ(c.program->person_entity, 0u);
}

TEST(Resolve, Tests) {
    const Compilation c = compile(
        "variable r : montant par foyer\n  = somme(salaire pour membres)\n"
        "test \"RSA : couple\"\n  source \"cas 1\"\n  note \"arrondi\"\n  période 2025-01 .. 2025-06\n"
        "  foyer f : demandeur = p, enfants = [e1, e2], statut_logement = proprietaire\n"
        "  personne p : salaire = {2025-03: 2 €, 2025-01: 1 €}\n"
        "  personne e1 : date_naissance = 2010-05-01\n  personne e2 : salaire = 3 €\n"
        "  attendu f.r[2025-01] = 4 €\n  attendu f.r[2025-02 .. 2025-06] = 3 € à 0.01 € près\n");
    ASSERT_TRUE(c.program) << rendered(c);
    ASSERT_EQ(c.program->tests.size(), 1u);
    const ir::Test& t = c.program->tests[0];
    EXPECT_EQ(t.name, "RSA : couple");
    EXPECT_EQ(t.source, "cas 1");
    EXPECT_EQ(t.first, engine::make_month(2025, 1));
    EXPECT_EQ(t.last, engine::make_month(2025, 6));
    ASSERT_EQ(t.instances.size(), 4u);
    EXPECT_EQ(t.instances[0].name, "f");
    EXPECT_EQ(t.instances[0].entity, 1u);
    ASSERT_EQ(t.memberships.size(), 2u);
    EXPECT_EQ(t.memberships[0].role, 0u);
    EXPECT_EQ(t.memberships[0].members, (std::vector<std::uint32_t>{1}));
    EXPECT_EQ(t.memberships[1].members, (std::vector<std::uint32_t>{2, 3}));
    ASSERT_EQ(t.inputs.size(), 4u);
    EXPECT_EQ(t.inputs[0].constant, 1);
    const ir::TestInputValue& by_month = t.inputs[1];
    EXPECT_FALSE(by_month.constant);
    ASSERT_EQ(by_month.by_month.size(), 2u);
    EXPECT_EQ(by_month.by_month[0], std::make_pair(engine::make_month(2025, 1), engine::Value{1'000'000}));
    ASSERT_EQ(t.expectations.size(), 2u);
    EXPECT_EQ(t.expectations[1].from, engine::make_month(2025, 2));
    EXPECT_EQ(t.expectations[1].to, engine::make_month(2025, 6));
    EXPECT_EQ(t.expectations[1].tolerance, 10'000);
    EXPECT_EQ(t.expectations[0].to, t.expectations[0].from);
}

TEST(Resolve, PrintsACanonicalDump) {
    const Compilation c = compile_texts({{"a.rules", R"(entité personne
entité foyer
  rôle demandeur : un
  rôle enfants : plusieurs
énumération statut
  valeurs locataire, proprietaire
entrée salaire : montant par personne défaut 0 €
  libellé "Salaire net"
entrée st : statut par foyer constante défaut locataire
paramètre taux_fl : barème de taux
  2009-06-01 : [1 -> 12 %, 2 -> 16.5 %] source "CASF \"R262-10\"" publié 2009-05-30
variable total : montant par foyer
  = arrondi(somme(salaire pour membres) * taux_fl(nombre(enfants)), 0.01 €)
  exception proprio si st == proprietaire = 0 €
variable ressources : montant par foyer
  = total[M-1] + demandeur.salaire
test "t"
  période 2025-01 .. 2025-02
  personne p : salaire = 10 €
  foyer f : demandeur = p
  attendu f.total[2025-01] = 1.2 € à 0.01 € près
)"}});
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_EQ(ir::print(*c.program), R"(entité personne # personnes

entité foyer
  rôle demandeur : un
  rôle enfants : plusieurs

énumération statut
  valeurs locataire, proprietaire

entrée salaire : montant par personne mensuelle défaut 0 €
  libellé "Salaire net"

entrée st : statut par foyer constante défaut locataire

paramètre taux_fl : barème de taux
  2009-06-01 : [1 -> 12 %, 2 -> 16.5 %] source "CASF \"R262-10\"" publié 2009-05-30

variable total : montant par foyer
  = arrondi((somme(salaire pour membres) * taux_fl(nombre(enfants))), 0.01 €)
  exception proprio si (st == proprietaire) = 0 €

variable ressources : montant par foyer
  = (total[M-1] + demandeur.salaire)

ordre d'évaluation : total ressources

test "t"
  période 2025-01 .. 2025-02
  personne p : salaire = 10 €
  foyer f : demandeur = [p]
  attendu f.total[2025-01] = 1.2 € à 0.01 € près
)");
}

// ---- Driver ----

TEST(Driver, StopsBeforeResolveWhenParsingFails) {
    const Compilation c = compile("variable a : montant par\n");
    ASSERT_FALSE(c.diagnostics.all().empty());
    for (const engine::Diagnostic& d : c.diagnostics.all()) EXPECT_EQ(engine::code_id(d.code).substr(0, 2), "E1");
}

TEST(Driver, ReadsEveryRulesFileBelowADirectoryInSortedOrder) {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("relais_driver_test_" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "a" / "b");
    const auto write = [](const fs::path& path, std::string_view text) { std::ofstream(path) << text; };
    write(root / "z.rules", "variable z : montant par personne\n  = a\n");
    write(root / "a" / "b" / "e.rules", "entité personne\n");
    write(root / "a" / "v.rules", "variable a : montant par personne\n  = 1 €\n");
    write(root / "a" / "notes.txt", "pas des règles");
    const Compilation c = compile_paths({root.string(), (root / "z.rules").string()});
    fs::remove_all(root);
    ASSERT_TRUE(c.program) << rendered(c);
    EXPECT_TRUE(c.io_errors.empty());
    ASSERT_EQ(c.sources.size(), 3u);  // z.rules is read once
    EXPECT_EQ(fs::path(c.sources.file(0).path()).filename(), "e.rules");
    EXPECT_EQ(fs::path(c.sources.file(1).path()).filename(), "v.rules");
    EXPECT_EQ(fs::path(c.sources.file(2).path()).filename(), "z.rules");
}

TEST(Driver, ReportsUnreadablePathsInFrench) {
    const Compilation c = compile_paths({"/nonexistent/relais/rules"});
    ASSERT_EQ(c.io_errors.size(), 1u);
    EXPECT_NE(c.io_errors[0].find("impossible de lire"), std::string::npos);
    EXPECT_FALSE(c.program);
}

}  // namespace
}  // namespace relais::dsl
