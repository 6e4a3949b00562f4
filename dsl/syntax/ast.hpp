// The syntax tree of a rules file, exactly as written: nothing is resolved or typed here.
// Every node records its byte range in its file so that later passes can point at it.
// Only x3's variant is included: the grammar itself stays in the *_def.hpp / .cpp files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace relais::dsl::syntax {

namespace x3 = boost::spirit::x3;

/// Byte offsets [begin, end) in the file (set by the parser's annotation handler).
struct Node {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// Single-member nodes have an implicit constructor from their member instead of a Fusion
// adaptation: X3 collapses one-element sequences, so adapting them does not compose.

struct Identifier : Node {
    Identifier(std::string n = {}) : name(std::move(n)) {}
    std::string name;
};

/// `12`, `-3.5`, `575.52 €`, `16.5 %`: the exact text, and the unit ("", "€" or "%").
struct NumberLit : Node {
    std::string text;
    std::string unit;
};

struct DateLit : Node {
    DateLit(std::string t = {}) : text(std::move(t)) {}
    std::string text;  ///< "2025-03-01"
};

struct MonthLit : Node {
    MonthLit(std::string t = {}) : text(std::move(t)) {}
    std::string text;  ///< "2025-03"
};

struct BoolLit : Node {
    BoolLit(bool v = false) : value(v) {}
    bool value;
};

struct StringLit : Node {
    StringLit(std::string v = {}) : value(std::move(v)) {}
    std::string value;  ///< unescaped
};

// ---- Expressions ----

enum class BinaryOp { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div };
enum class UnaryOp { Neg, Not };

struct Chain;
struct Unary;
struct IfExpr;
struct Call;
struct Postfix;

struct Operand : x3::variant<NumberLit, DateLit, MonthLit, BoolLit, Identifier,
                             x3::forward_ast<Chain>, x3::forward_ast<Unary>, x3::forward_ast<IfExpr>,
                             x3::forward_ast<Call>, x3::forward_ast<Postfix>> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `first op operand op operand ...`, all operators of one precedence level (left to right).
struct Operation : Node {
    BinaryOp op = BinaryOp::Add;
    Operand operand;
};

struct Chain : Node {
    Operand first;
    std::vector<Operation> rest;
};

struct Unary : Node {
    UnaryOp op = UnaryOp::Neg;
    Operand operand;
};

struct IfExpr : Node {
    Operand condition;
    Operand then_value;
    Operand else_value;
};

/// One argument of a call: `x`, `x pour enfants, conjoint`, `enfants si age < 25`.
struct Argument : Node {
    Operand value;
    std::vector<Identifier> roles;
    boost::optional<Operand> filter;
};

struct Call : Node {
    Identifier function;
    std::vector<Argument> arguments;
};

/// `M`, `M-3`, `M+1` (the sign is kept so that a future read can be reported).
struct MonthRef : Node {
    MonthRef(int o = 0) : offset(o) {}
    int offset;
};

/// `[M-1]` or `[M-3..M-1]`.
struct Index : Node {
    MonthRef from;
    boost::optional<MonthRef> to;
};

/// `.name`
struct Member : Node {
    Member(Identifier n = {}) : name(std::move(n)) {}
    Identifier name;
};

struct PostfixOp : x3::variant<Index, Member> {
    using base_type::base_type;
    using base_type::operator=;
};

struct Postfix : Node {
    Operand base;
    std::vector<PostfixOp> ops;
};

/// A constant written in a declaration: number/amount/rate, date, month, boolean, or a name
/// (an enumeration value, or a member in a test).
struct Literal : x3::variant<NumberLit, DateLit, MonthLit, BoolLit, Identifier> {
    using base_type::base_type;
    using base_type::operator=;
};

/// The month a clause takes effect: `2025-03` or `2025-03-01`.
struct When : x3::variant<DateLit, MonthLit> {
    using base_type::base_type;
    using base_type::operator=;
};

// ---- Attributes shared by declarations ----

struct LabelAttr : Node {
    LabelAttr(StringLit t = {}) : text(std::move(t)) {}
    StringLit text;
};
struct SourceAttr : Node {
    SourceAttr(StringLit t = {}) : text(std::move(t)) {}
    StringLit text;
};
struct NoteAttr : Node {
    NoteAttr(StringLit t = {}) : text(std::move(t)) {}
    StringLit text;
};

/// `montant`, `taux`, `nombre`, `booléen`, `date`, `mois`, an enumeration name, or
/// `barème de <type>`.
struct TypeName : Node {
    bool scale = false;
    Identifier name;
};

// ---- Declarations ----

enum class Cardinality { One, Optional, Many };

struct RoleDecl : Node {
    Identifier name;
    Cardinality cardinality = Cardinality::Many;
};

struct EntityDecl : Node {
    Identifier name;
    std::vector<RoleDecl> roles;
};

/// `france_travail "France Travail"`: a value and its optional label for people.
struct EnumValue : Node {
    Identifier name;
    boost::optional<StringLit> label;
};

struct EnumDecl : Node {
    Identifier name;
    std::vector<EnumValue> values;
};

struct Periodicity : Node {
    Periodicity(bool m = true) : monthly(m) {}
    bool monthly;
};

struct DefaultAttr : Node {
    DefaultAttr(Literal v = {}) : value(std::move(v)) {}
    Literal value;
};

struct InputAttr : x3::variant<Periodicity, DefaultAttr, LabelAttr, SourceAttr, NoteAttr> {
    using base_type::base_type;
    using base_type::operator=;
};

struct InputDecl : Node {
    Identifier name;
    TypeName type;
    Identifier entity;
    std::vector<InputAttr> attributes;
};

struct ScaleItem : Node {
    NumberLit key;
    Literal value;
};

struct ScaleLit : Node {
    ScaleLit(std::vector<ScaleItem> i = {}) : items(std::move(i)) {}
    std::vector<ScaleItem> items;
};

struct ParamBody : x3::variant<Literal, ScaleLit> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `2022-04-01 : 575.52 € source "..." publié 2022-04-26`
struct ParamValueDecl : Node {
    DateLit date;
    ParamBody body;
    boost::optional<StringLit> source;
    boost::optional<DateLit> published;
};

struct ParamItem : x3::variant<LabelAttr, NoteAttr, ParamValueDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

struct ParamDecl : Node {
    Identifier name;
    TypeName type;
    std::vector<ParamItem> items;
};

/// `= EXPR` or `à partir de 2025-03 = EXPR`
struct FormulaClause : Node {
    boost::optional<When> from;
    Operand value;
};

/// `exception LABEL [sur A, B] [à partir de W] [jusqu'à W] si COND = EXPR [source "..."]`
struct ExceptionClause : Node {
    Identifier label;
    std::vector<Identifier> over;
    boost::optional<When> from;
    boost::optional<When> until;
    Operand condition;
    Operand value;
    boost::optional<StringLit> source;
};

struct VarItem : x3::variant<LabelAttr, SourceAttr, NoteAttr, FormulaClause, ExceptionClause> {
    using base_type::base_type;
    using base_type::operator=;
};

struct VarDecl : Node {
    Identifier name;
    TypeName type;
    Identifier entity;
    std::vector<VarItem> items;
};

// ---- Tests ----

struct MonthEntry : Node {
    MonthLit month;
    Literal value;
};

struct MonthMap : Node {
    MonthMap(std::vector<MonthEntry> e = {}) : entries(std::move(e)) {}
    std::vector<MonthEntry> entries;
};

struct NameList : Node {
    NameList(std::vector<Identifier> n = {}) : names(std::move(n)) {}
    std::vector<Identifier> names;
};

struct TestValue : x3::variant<Literal, MonthMap, NameList> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `salaire_net = 134 €`, `enfants = [e1, e2]`, `salaire_net = {2016-10: 200 €}`
struct Assignment : Node {
    Identifier name;
    TestValue value;
};

/// `personne p : date_naissance = 1980-01-01, salaire_net = 134 €`
struct InstanceDecl : Node {
    Identifier entity;
    Identifier name;
    std::vector<Assignment> assignments;
};

/// `période 2018-01 .. 2018-05`
struct PeriodClause : Node {
    MonthLit from;
    MonthLit to;
};

/// `attendu f.rsa[2018-02..2018-05] = 350.82 € à 0.03 € près`
struct ExpectClause : Node {
    Identifier instance;
    Identifier variable;
    MonthLit from;
    boost::optional<MonthLit> to;
    Literal expected;
    boost::optional<Literal> tolerance;
};

struct TestItem : x3::variant<SourceAttr, NoteAttr, PeriodClause, InstanceDecl, ExpectClause> {
    using base_type::base_type;
    using base_type::operator=;
};

struct TestDecl : Node {
    StringLit name;
    std::vector<TestItem> items;
};

// ---- Simulation declarations (docs/simulation-language.md) ----

struct NatureAttr : Node {
    NatureAttr(Identifier v = {}) : value(std::move(v)) {}
    Identifier value;  ///< prestation | droit_connexe
};

/// `condition "avoir 25 ans" = EXPR`
struct ConditionClause : Node {
    StringLit label;
    Operand value;
};

enum class SchemeKey { Eligible, Due, Paid, Value };

/// `éligible = EXPR`, `dû = EXPR`, `versé = EXPR`, `valeur = EXPR`
struct SchemeValueClause : Node {
    SchemeKey key = SchemeKey::Eligible;
    Operand value;
};

/// `ouvre css, tcl`
struct OpensClause : Node {
    OpensClause(std::vector<Identifier> s = {}) : schemes(std::move(s)) {}
    std::vector<Identifier> schemes;
};

struct SchemeItem : x3::variant<LabelAttr, SourceAttr, NoteAttr, NatureAttr, ConditionClause, SchemeValueClause,
                                OpensClause> {
    using base_type::base_type;
    using base_type::operator=;
};

struct SchemeDecl : Node {
    Identifier name;
    Identifier entity;
    std::vector<SchemeItem> items;
};

struct DescriptionItem : x3::variant<LabelAttr, SourceAttr, NoteAttr> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `transition rsj_vers_rsa : rsj -> rsa`
struct TransitionDecl : Node {
    Identifier name;
    Identifier from;
    Identifier to;
    std::vector<DescriptionItem> items;
};

/// `champ salaire_net : montant [optionnel]` (the type may be the person entity's name)
struct FieldDecl : Node {
    Identifier name;
    TypeName type;
    bool optional = false;
};

/// `fixe salaire_net = salaire_net [pendant 12 mois]` (a field name or a constant)
struct SetEffect : Node {
    Identifier input;
    Literal value;
    boost::optional<unsigned> months;  ///< `pendant N mois`: the effect lasts N months at most
};

/// `ajoute enfants = enfant`
struct AddEffect : Node {
    Identifier role;
    Identifier field;
};

/// `retire conjoint`
struct RemoveEffect : Node {
    RemoveEffect(Identifier r = {}) : role(std::move(r)) {}
    Identifier role;
};

/// `jusqu'à fin`
struct UntilClause : Node {
    UntilClause(Identifier f = {}) : field(std::move(f)) {}
    Identifier field;
};

/// `ponctuel`
struct OneOffAttr : Node {
    OneOffAttr(bool v = true) : value(v) {}
    bool value;
};

struct EventItem : x3::variant<LabelAttr, SourceAttr, NoteAttr, FieldDecl, SetEffect, AddEffect, RemoveEffect,
                               UntilClause, OneOffAttr> {
    using base_type::base_type;
    using base_type::operator=;
};

struct EventDecl : Node {
    Identifier name;
    Identifier entity;
    std::vector<EventItem> items;
};

/// `sortie parcours : parcours_insertion`
struct OutputDecl : Node {
    Identifier name;
    TypeName type;
};

/// `parcours = emploi`
struct OutputAssign : Node {
    Identifier name;
    Operand value;
};

/// `règle "label" si COND alors a = x, b = y [source "..."]`
struct RuleClause : Node {
    StringLit label;
    Operand condition;
    std::vector<OutputAssign> outputs;
    boost::optional<StringLit> source;
};

/// `sinon a = x, b = y [source "..."]`
struct DefaultRule : Node {
    std::vector<OutputAssign> outputs;
    boost::optional<StringLit> source;
};

struct OrientationItem : x3::variant<LabelAttr, SourceAttr, NoteAttr, OutputDecl, RuleClause, DefaultRule> {
    using base_type::base_type;
    using base_type::operator=;
};

struct OrientationDecl : Node {
    Identifier name;
    Identifier entity;
    std::vector<OrientationItem> items;
};

/// `modifier paramètre p` + dated values: an overlay's change of a base parameter.
struct ModifyParamDecl : Node {
    Identifier name;
    std::vector<ParamItem> items;
};

/// `modifier variable v` + clauses: an overlay's change of a base variable.
struct ModifyVarDecl : Node {
    Identifier name;
    std::vector<VarItem> items;
};

struct Declaration : x3::variant<EntityDecl, EnumDecl, InputDecl, ParamDecl, VarDecl, TestDecl, SchemeDecl,
                                 TransitionDecl, EventDecl, OrientationDecl, ModifyParamDecl, ModifyVarDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

/// One parsed file. Declarations that failed to parse are absent (their errors are in the sink).
struct File {
    std::uint32_t file_id = 0;
    std::vector<Declaration> declarations;
};

}  // namespace relais::dsl::syntax
