// Declaration grammar: entités, énumérations, entrées, paramètres, variables and tests.
// Included only by declaration.cpp; expressions come from the rule instantiated in
// expression.cpp.
#pragma once

#include "dsl/syntax/common_def.hpp"
#include "dsl/syntax/grammar.hpp"

namespace relais::dsl::syntax::grammar {

struct cardinalities_ : x3::symbols<Cardinality> {
    cardinalities_() {
        add("un", Cardinality::One)("optionnel", Cardinality::Optional)("plusieurs", Cardinality::Many);
    }
};
inline const cardinalities_ cardinalities;

struct entity_decl_class : annotate {};
struct role_decl_class : annotate {};
struct enum_decl_class : annotate {};
struct type_name_class : annotate {};
struct input_decl_class : annotate {};
struct input_attr_class;
struct periodicity_class : annotate {};
struct default_attr_class : annotate {};
struct label_attr_class : annotate {};
struct source_attr_class : annotate {};
struct note_attr_class : annotate {};
struct param_decl_class : annotate {};
struct param_item_class;
struct param_value_class : annotate {};
struct param_body_class;
struct scale_lit_class : annotate {};
struct scale_item_class : annotate {};
struct var_decl_class : annotate {};
struct var_item_class;
struct formula_clause_class : annotate {};
struct exception_clause_class : annotate {};
struct when_class;
struct test_decl_class : annotate {};
struct test_item_class;
struct period_clause_class : annotate {};
struct instance_decl_class : annotate {};
struct assignment_class : annotate {};
struct test_value_class;
struct month_map_class : annotate {};
struct month_entry_class : annotate {};
struct name_list_class : annotate {};
struct scale_items_class;
struct month_entries_class;
struct names_class;
struct expect_clause_class : annotate {};
struct cardinality_class;

declaration_type const declaration = "une déclaration (entité, énumération, entrée, paramètre, variable ou test)";
x3::rule<entity_decl_class, EntityDecl> const entity_decl = "une entité";
x3::rule<role_decl_class, RoleDecl> const role_decl = "un rôle";
x3::rule<cardinality_class, Cardinality> const cardinality = "« un », « optionnel » ou « plusieurs »";
x3::rule<enum_decl_class, EnumDecl> const enum_decl = "une énumération";
x3::rule<type_name_class, TypeName> const type_name = "un type (montant, taux, nombre, booléen, date, mois ou une énumération)";
x3::rule<input_decl_class, InputDecl> const input_decl = "une entrée";
x3::rule<input_attr_class, InputAttr> const input_attr = "un attribut d'entrée";
x3::rule<periodicity_class, Periodicity> const periodicity = "« mensuelle » ou « constante »";
x3::rule<default_attr_class, DefaultAttr> const default_attr = "« défaut »";
x3::rule<label_attr_class, LabelAttr> const label_attr = "« libellé »";
x3::rule<source_attr_class, SourceAttr> const source_attr = "« source »";
x3::rule<note_attr_class, NoteAttr> const note_attr = "« note »";
x3::rule<param_decl_class, ParamDecl> const param_decl = "un paramètre";
x3::rule<param_item_class, ParamItem> const param_item = "une valeur datée";
x3::rule<param_value_class, ParamValueDecl> const param_value = "une valeur datée (AAAA-MM-JJ : valeur source \"...\")";
x3::rule<param_body_class, ParamBody> const param_body = "une valeur ou un barème [1 -> ..., 2 -> ...]";
x3::rule<scale_lit_class, ScaleLit> const scale_lit = "un barème";
x3::rule<scale_item_class, ScaleItem> const scale_item = "une ligne de barème (clé -> valeur)";
x3::rule<var_decl_class, VarDecl> const var_decl = "une variable";
x3::rule<var_item_class, VarItem> const var_item = "une formule, une exception, un libellé, une source ou une note";
x3::rule<formula_clause_class, FormulaClause> const formula_clause = "une formule (= ...)";
x3::rule<exception_clause_class, ExceptionClause> const exception_clause = "une exception";
x3::rule<when_class, When> const when = "une date ou un mois";
x3::rule<test_decl_class, TestDecl> const test_decl = "un test";
x3::rule<test_item_class, TestItem> const test_item = "une ligne de test";
x3::rule<period_clause_class, PeriodClause> const period_clause = "« période AAAA-MM .. AAAA-MM »";
x3::rule<instance_decl_class, InstanceDecl> const instance_decl = "une instance (entité nom : ...)";
x3::rule<assignment_class, Assignment> const assignment = "une affectation (nom = valeur)";
x3::rule<test_value_class, TestValue> const test_value = "une valeur, {mois: valeur, ...} ou [membres]";
x3::rule<month_map_class, MonthMap> const month_map = "{mois: valeur, ...}";
x3::rule<month_entry_class, MonthEntry> const month_entry = "mois: valeur";
x3::rule<name_list_class, NameList> const name_list = "[nom, ...]";
// Bracketed lists are parsed into vectors first: X3 would otherwise treat the one-member
// wrapper nodes as containers.
x3::rule<scale_items_class, std::vector<ScaleItem>> const scale_items = "un barème";
x3::rule<month_entries_class, std::vector<MonthEntry>> const month_entries = "{mois: valeur, ...}";
x3::rule<names_class, std::vector<Identifier>> const names = "[nom, ...]";
x3::rule<expect_clause_class, ExpectClause> const expect_clause = "« attendu instance.variable[mois] = valeur »";
// The expression rule is defined and instantiated in expression.cpp; rules of one type share
// its parse function, so a fresh object of that type is enough here.
inline expression_type const expr = "une expression";

auto const entity_decl_def = kw_entite > identifier > *role_decl;
auto const role_decl_def = kw_role > identifier > colon > cardinality;
auto const cardinality_def = word(cardinalities);
auto const enum_decl_def = kw_enumeration > identifier > expect_valeurs > (identifier % comma);
auto const type_name_def = (kw_bareme >> x3::attr(true) > expect_de > identifier) | (x3::attr(false) >> identifier);

auto const input_decl_def = kw_entree > identifier > colon > type_name > expect_par > identifier > *input_attr;
auto const input_attr_def = periodicity | default_attr | label_attr | source_attr | note_attr;
auto const periodicity_def = (kw_mensuelle >> x3::attr(true)) | (kw_constante >> x3::attr(false));
auto const default_attr_def = kw_defaut > literal;
auto const label_attr_def = kw_libelle > string_lit;
auto const source_attr_def = kw_source > string_lit;
auto const note_attr_def = kw_note > string_lit;

auto const param_decl_def = kw_parametre > identifier > colon > type_name > *param_item;
auto const param_item_def = label_attr | note_attr | param_value;
auto const param_value_def = date_lit >> colon > param_body >> -(kw_source > string_lit) >> -(kw_publie > date_lit);
auto const param_body_def = scale_lit | literal;
auto const scale_items_def = open_bracket > (scale_item % comma) > close_bracket;
auto const scale_lit_def = scale_items;
auto const scale_item_def = number_lit > arrow > literal;

auto const var_decl_def = kw_variable > identifier > colon > type_name > expect_par > identifier > *var_item;
auto const var_item_def = label_attr | source_attr | note_attr | formula_clause | exception_clause;
auto const when_def = date_lit | month_lit;
auto const formula_clause_def = -(kw_a_partir_de > when) >> equals > expr;
auto const exception_clause_def = kw_exception > identifier > -(kw_sur > (identifier % comma)) >
                                   -(kw_a_partir_de > when) > -(kw_jusqua > when) > expect_si > expr > equals >
                                   expr > -(kw_source > string_lit);

auto const test_decl_def = kw_test > string_lit > *test_item;
auto const test_item_def = source_attr | note_attr | period_clause | expect_clause | instance_decl;
auto const period_clause_def = kw_periode > month_lit > dot_dot > month_lit;
auto const instance_decl_def = identifier >> identifier >> -(colon > (assignment % comma));
auto const assignment_def = identifier > equals > test_value;
auto const test_value_def = month_map | name_list | literal;
auto const month_entries_def = open_brace > (month_entry % comma) > close_brace;
auto const month_map_def = month_entries;
auto const month_entry_def = month_lit > colon > literal;
auto const names_def = open_bracket > (identifier % comma) > close_bracket;
auto const name_list_def = names;
auto const expect_clause_def = kw_attendu > identifier > dot > identifier > open_bracket > month_lit >
                               -(dot_dot > month_lit) > close_bracket > equals > literal >
                               -(kw_a > literal > expect_pres);

auto const declaration_def = entity_decl | enum_decl | input_decl | param_decl | var_decl | test_decl;

BOOST_SPIRIT_DEFINE(declaration, entity_decl, role_decl, cardinality, enum_decl, type_name, input_decl, input_attr,
                    periodicity, default_attr, label_attr, source_attr, note_attr, param_decl, param_item, param_value,
                    param_body, scale_lit, scale_item, var_decl, var_item, when, formula_clause, exception_clause,
                    test_decl, test_item, period_clause, instance_decl, assignment, test_value, month_map, month_entry,
                    name_list, expect_clause, scale_items, month_entries, names)

}  // namespace relais::dsl::syntax::grammar
