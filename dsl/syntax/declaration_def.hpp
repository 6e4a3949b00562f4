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
struct enum_value_class : annotate {};
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
x3::rule<enum_value_class, EnumValue> const enum_value = "une valeur d'énumération";
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
auto const enum_decl_def = kw_enumeration > identifier > expect_valeurs > (enum_value % comma);
auto const enum_value_def = identifier >> -string_lit;
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

// ---- Simulation declarations ----

inline auto const kw_dispositif = word(x3::lit("dispositif"));
inline auto const kw_nature = word(x3::lit("nature"));
inline auto const kw_condition = word(x3::lit("condition"));
inline auto const kw_ouvre = word(x3::lit("ouvre"));
inline auto const kw_transition = word(x3::lit("transition"));
inline auto const kw_evenement = word(x3::lit("événement") | "evenement");
inline auto const kw_champ = word(x3::lit("champ"));
inline auto const kw_optionnel = word(x3::lit("optionnel"));
inline auto const kw_fixe = word(x3::lit("fixe"));
inline auto const kw_ajoute = word(x3::lit("ajoute"));
inline auto const kw_retire = word(x3::lit("retire"));
inline auto const kw_ponctuel = word(x3::lit("ponctuel"));
inline auto const kw_pendant = word(x3::lit("pendant"));
inline auto const kw_mois = word(x3::lit("mois"));
inline auto const kw_orientation = word(x3::lit("orientation"));
inline auto const kw_sortie = word(x3::lit("sortie"));
inline auto const kw_regle = word(x3::lit("règle") | "regle");
inline auto const kw_modifier = word(x3::lit("modifier"));

struct scheme_keys_ : x3::symbols<SchemeKey> {
    scheme_keys_() {
        add("éligible", SchemeKey::Eligible)("eligible", SchemeKey::Eligible)("dû", SchemeKey::Due)("du", SchemeKey::Due)
           ("versé", SchemeKey::Paid)("verse", SchemeKey::Paid)("valeur", SchemeKey::Value);
    }
};
inline const scheme_keys_ scheme_keys;

struct scheme_decl_class : annotate {};
struct scheme_item_class;
struct nature_attr_class : annotate {};
struct condition_clause_class : annotate {};
struct scheme_value_class : annotate {};
struct opens_clause_class : annotate {};
struct opens_names_class;
struct transition_decl_class : annotate {};
struct description_item_class;
struct event_decl_class : annotate {};
struct event_item_class;
struct field_decl_class : annotate {};
struct set_effect_class : annotate {};
struct add_effect_class : annotate {};
struct remove_effect_class : annotate {};
struct until_clause_class : annotate {};
struct one_off_class : annotate {};
struct orientation_decl_class : annotate {};
struct orientation_item_class;
struct output_decl_class : annotate {};
struct output_assign_class : annotate {};
struct rule_clause_class : annotate {};
struct default_rule_class : annotate {};
struct modify_param_class : annotate {};
struct modify_var_class : annotate {};

x3::rule<scheme_decl_class, SchemeDecl> const scheme_decl = "un dispositif";
x3::rule<scheme_item_class, SchemeItem> const scheme_item = "une clause de dispositif";
x3::rule<nature_attr_class, NatureAttr> const nature_attr = "« nature prestation » ou « nature droit_connexe »";
x3::rule<condition_clause_class, ConditionClause> const condition_clause = "« condition \"...\" = ... »";
x3::rule<scheme_value_class, SchemeValueClause> const scheme_value = "« éligible », « dû », « versé » ou « valeur »";
x3::rule<opens_clause_class, OpensClause> const opens_clause = "« ouvre dispositif, ... »";
x3::rule<opens_names_class, std::vector<Identifier>> const opens_names = "des noms de dispositifs";
x3::rule<transition_decl_class, TransitionDecl> const transition_decl = "une transition";
x3::rule<description_item_class, DescriptionItem> const description_item = "un libellé, une source ou une note";
x3::rule<event_decl_class, EventDecl> const event_decl = "un événement";
x3::rule<event_item_class, EventItem> const event_item = "une clause d'événement";
x3::rule<field_decl_class, FieldDecl> const field_decl = "« champ nom : type »";
x3::rule<set_effect_class, SetEffect> const set_effect = "« fixe entrée = valeur [pendant N mois] »";
x3::rule<add_effect_class, AddEffect> const add_effect = "« ajoute rôle = champ »";
x3::rule<remove_effect_class, RemoveEffect> const remove_effect = "« retire rôle »";
x3::rule<until_clause_class, UntilClause> const until_clause = "« jusqu'à champ »";
x3::rule<one_off_class, OneOffAttr> const one_off = "« ponctuel »";
x3::rule<orientation_decl_class, OrientationDecl> const orientation_decl = "une orientation";
x3::rule<orientation_item_class, OrientationItem> const orientation_item = "une clause d'orientation";
x3::rule<output_decl_class, OutputDecl> const output_decl = "« sortie nom : type »";
x3::rule<output_assign_class, OutputAssign> const output_assign = "« sortie = valeur »";
x3::rule<rule_clause_class, RuleClause> const rule_clause = "« règle \"...\" si ... alors ... »";
x3::rule<default_rule_class, DefaultRule> const default_rule = "« sinon ... »";
x3::rule<modify_param_class, ModifyParamDecl> const modify_param = "« modifier paramètre nom »";
x3::rule<modify_var_class, ModifyVarDecl> const modify_var = "« modifier variable nom »";

auto const scheme_decl_def = kw_dispositif > identifier > colon > identifier > *scheme_item;
auto const scheme_item_def = label_attr | source_attr | note_attr | nature_attr | condition_clause | scheme_value | opens_clause;
auto const nature_attr_def = kw_nature > identifier;
auto const condition_clause_def = kw_condition > string_lit > equals > expr;
auto const scheme_value_def = word(scheme_keys) >> equals > expr;
auto const opens_names_def = identifier % comma;
auto const opens_clause_def = kw_ouvre > opens_names;

auto const transition_decl_def = kw_transition > identifier > colon > identifier > arrow > identifier > *description_item;
auto const description_item_def = label_attr | source_attr | note_attr;

auto const event_decl_def = kw_evenement > identifier > colon > identifier > *event_item;
auto const event_item_def = label_attr | source_attr | note_attr | field_decl | set_effect | add_effect | remove_effect |
                            until_clause | one_off;
auto const field_decl_def = kw_champ > identifier > colon > type_name > ((kw_optionnel >> x3::attr(true)) | x3::attr(false));
auto const set_effect_def = kw_fixe > identifier > equals > literal >
                            -(kw_pendant > x3::uint_parser<unsigned, 10, 1, 3>{} > kw_mois);
auto const add_effect_def = kw_ajoute > identifier > equals > identifier;
auto const remove_effect_def = kw_retire > identifier;
auto const until_clause_def = kw_jusqua > identifier;
auto const one_off_def = kw_ponctuel >> x3::attr(true);

auto const orientation_decl_def = kw_orientation > identifier > colon > identifier > *orientation_item;
auto const orientation_item_def = label_attr | source_attr | note_attr | output_decl | rule_clause | default_rule;
auto const output_decl_def = kw_sortie > identifier > colon > type_name;
auto const output_assign_def = identifier > equals > expr;
auto const rule_clause_def = kw_regle > string_lit > expect_si > expr > expect_alors > (output_assign % comma) >
                             -(kw_source > string_lit);
auto const default_rule_def = kw_sinon > (output_assign % comma) > -(kw_source > string_lit);

auto const modify_param_def = kw_modifier >> kw_parametre > identifier > *param_item;
auto const modify_var_def = kw_modifier >> kw_variable > identifier > *var_item;

auto const declaration_def = entity_decl | enum_decl | input_decl | param_decl | var_decl | test_decl | scheme_decl |
                             transition_decl | event_decl | orientation_decl | modify_param | modify_var;

BOOST_SPIRIT_DEFINE(declaration, entity_decl, role_decl, cardinality, enum_decl, enum_value, type_name, input_decl, input_attr,
                    periodicity, default_attr, label_attr, source_attr, note_attr, param_decl, param_item, param_value,
                    param_body, scale_lit, scale_item, var_decl, var_item, when, formula_clause, exception_clause,
                    test_decl, test_item, period_clause, instance_decl, assignment, test_value, month_map, month_entry,
                    name_list, expect_clause, scale_items, month_entries, names, scheme_decl,
                    scheme_item, nature_attr, condition_clause, scheme_value, opens_clause, opens_names, transition_decl,
                    description_item, event_decl, event_item, field_decl, set_effect, add_effect, remove_effect,
                    until_clause, one_off, orientation_decl, orientation_item, output_decl, output_assign, rule_clause,
                    default_rule, modify_param, modify_var)

}  // namespace relais::dsl::syntax::grammar
