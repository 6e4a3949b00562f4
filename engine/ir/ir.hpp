// The compiled rules: a typed, name-resolved program whose expressions are flat node arrays,
// evaluated month by month in a fixed order. Produced by dsl/ (resolve, then order);
// consumed by the scalar and columnar evaluators. No names are looked up after this point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/decimal.hpp"
#include "engine/source.hpp"

namespace relais::ir {

using engine::Date;
using engine::Month;
using engine::SourceSpan;
using engine::Value;

inline constexpr std::uint32_t none = UINT32_MAX;
/// A formula "from the beginning" starts at this month.
inline constexpr Month since_always = INT32_MIN;
inline constexpr Month until_forever = INT32_MAX;

/// Every value is an engine::Value (int64): millionths for montant/taux/nombre, 0/1 for
/// booléen, days since 1970-01-01 for date, year*12+month-1 for mois, the ordinal for an
/// enumeration value.
enum class Kind : std::uint8_t { Montant, Taux, Nombre, Booleen, Date, Mois, Enumeration };

struct Type {
    Kind kind = Kind::Nombre;
    std::uint32_t enumeration = none;  ///< index into Program::enumerations when kind == Enumeration
    friend bool operator==(const Type&, const Type&) = default;
};

enum class Cardinality : std::uint8_t { One, Optional, Many };

struct Role {
    std::string name;
    Cardinality cardinality = Cardinality::Many;
    SourceSpan span;
};

/// `personne` (no roles) or a group such as `foyer` (with roles).
struct Entity {
    std::string name;
    std::vector<Role> roles;
    SourceSpan span;
    bool is_group() const { return !roles.empty(); }
};

struct Enumeration {
    std::string name;
    std::vector<std::string> values;
    SourceSpan span;
    std::vector<std::string> labels;  ///< per value, for people ("France Travail"); empty if none
};

struct Input {
    std::string name;
    Type type;
    std::uint32_t entity = none;
    bool monthly = true;
    std::optional<Value> default_value;
    std::string label;
    SourceSpan span;
};

struct ScaleEntry {
    Value key = 0;  ///< a whole number, in millionths like every Value
    Value value = 0;
};

struct ParameterValue {
    Date effective = 0;         ///< in force from this day
    Value value = 0;            ///< plain parameters
    std::vector<ScaleEntry> scale;  ///< barèmes, keys increasing
    std::string source;
    std::optional<Date> published;
    SourceSpan span;
};

struct Parameter {
    std::string name;
    Type type;  ///< the type of a value (of an entry for a barème)
    bool is_scale = false;
    std::vector<ParameterValue> values;  ///< effective dates strictly increasing
    std::string label;
    SourceSpan span;
};

enum class Op : std::uint8_t {
    Const,         ///< imm
    ReadInput,     ///< ref = input, offset (<= 0) months from M
    ReadVariable,  ///< ref = variable, offset (<= 0)
    ReadParameter, ///< ref = parameter, offset (<= 0): value in force on the first day of M+offset
    ScaleLookup,   ///< ref = barème parameter, offset; args[0] = key (nombre)
    // Windows over months M+offset .. M+offset_to (offset <= offset_to <= 0) of one input or
    // variable; `window_of_input` says which table `ref` indexes.
    WindowSum, WindowMean, WindowMin, WindowMax, WindowAll, WindowAny,
    Add, Sub, Mul, Div, Neg,
    Eq, Ne, Lt, Le, Gt, Ge,
    And, Or, Not,
    If,            ///< args: condition, then, else (only the chosen branch is evaluated)
    Min, Max,      ///< args: two or more values of one type
    Round, RoundDown, RoundUp,  ///< args[0] value; imm = step (> 0)
    // Over the members of the current group instance holding the roles in `roles` (a bit
    // mask over Entity::roles). args[0] = the member expression (person context; none for
    // AggCount), args[1] = filter (person context; none when absent).
    AggSum, AggCount, AggAny, AggAll, AggMin, AggMax,
    RoleGet,       ///< group context: args[0] (person context) for the one member of role `ref`
    GroupGet,      ///< person context: args[0] evaluated for the person's instance of group entity `ref`
    CurrentMonth,  ///< M as a mois
    MonthStart,    ///< first day of M as a date
    AgeYears,      ///< args[0] date: whole years to the first day of M
    MonthsBetween, ///< args[0], args[1] mois: args[1] - args[0] as a nombre
    MonthOfDate,   ///< args[0] date -> mois
    Review,        ///< ref = variable; args[0] = anchor mois; imm = period in months (> 0):
                   ///< the variable at the last month R <= M with (R - anchor) % period == 0
    SimulationStart,  ///< the first month the case reports (CaseData::report_first), as a mois
};

/// Windows over months of one input or variable (Node::window_of_input says which).
inline bool is_window(Op op) {
    return op == Op::WindowSum || op == Op::WindowMean || op == Op::WindowMin || op == Op::WindowMax ||
           op == Op::WindowAll || op == Op::WindowAny;
}
/// Aggregates over the members of a group instance.
inline bool is_aggregate(Op op) {
    return op == Op::AggSum || op == Op::AggCount || op == Op::AggAny || op == Op::AggAll || op == Op::AggMin ||
           op == Op::AggMax;
}

struct Node {
    Op op = Op::Const;
    Type type;
    std::uint32_t ref = none;
    std::int32_t offset = 0;
    std::int32_t offset_to = 0;
    bool window_of_input = false;
    std::uint32_t roles = 0;  ///< role bit mask for Agg* nodes
    Value imm = 0;
    std::uint32_t first_arg = 0;  ///< into Program::args
    std::uint32_t arg_count = 0;
    SourceSpan span;
};

/// A general formula, in force from `from` until the next one.
struct Formula {
    Month from = since_always;
    std::uint32_t expr = none;
    SourceSpan span;
};

struct Exception {
    std::string label;
    std::vector<std::uint32_t> overrides;  ///< indices of exceptions (same variable) this one is `sur`
    Month from = since_always;
    Month until = until_forever;  ///< inclusive
    std::uint32_t condition = none;
    std::uint32_t expr = none;
    std::string source;
    SourceSpan span;
};

struct Variable {
    std::string name;
    Type type;
    std::uint32_t entity = none;
    std::vector<Formula> formulas;  ///< `from` strictly increasing
    std::vector<Exception> exceptions;
    std::string label;
    std::string source;
    std::vector<std::string> notes;
    SourceSpan span;
};

// ---- Tests written in the rules language ----

struct TestInstance {
    std::string name;
    std::uint32_t entity = none;
    SourceSpan span;
};

/// The value of one input for one test instance: a constant, or values for some months
/// (other months take the input's default).
struct TestInputValue {
    std::uint32_t input = none;
    std::uint32_t instance = none;  ///< index into Test::instances
    std::optional<Value> constant;
    std::vector<std::pair<Month, Value>> by_month;  ///< months increasing
    SourceSpan span;
};

struct TestMembership {
    std::uint32_t group_instance = none;  ///< index into Test::instances
    std::uint32_t role = none;            ///< index into the group entity's roles
    std::vector<std::uint32_t> members;   ///< indices into Test::instances (persons)
    SourceSpan span;
};

struct Expectation {
    std::uint32_t instance = none;
    std::uint32_t variable = none;
    Month from = 0;
    Month to = 0;  ///< inclusive
    Value expected = 0;
    Value tolerance = 0;
    SourceSpan span;
};

struct Test {
    std::string name;
    std::string source;
    std::vector<std::string> notes;
    Month first = 0;
    Month last = 0;
    std::vector<TestInstance> instances;
    std::vector<TestInputValue> inputs;
    std::vector<TestMembership> memberships;
    std::vector<Expectation> expectations;
    SourceSpan span;
};

// ---- Simulation declarations (docs/simulation-language.md) ----
// Every clause that is an expression was compiled into a variable of the declaration's
// entity (named after the declaration, e.g. `rsa.condition.1`), so the evaluators compute
// them like any other variable and the simulator only reads values by id.

/// A one-off prestation (the prime de Noël) counts in the month's resources, but its absence
/// the next month is not a rupture.
enum class SchemeNature : std::uint8_t { Prestation, DroitConnexe, PrestationPonctuelle };

struct SchemeCondition {
    std::string label;                 ///< in French, for people: "avoir 25 ans"
    std::uint32_t variable = none;     ///< booléen
    SourceSpan span;
};

struct Scheme {
    std::string name;
    std::uint32_t entity = none;
    std::string label;
    SchemeNature nature = SchemeNature::Prestation;
    std::vector<SchemeCondition> conditions;
    std::uint32_t eligible = none;  ///< booléen variable
    std::uint32_t due = none;       ///< montant variable (the right for the month)
    std::uint32_t paid = none;      ///< montant variable (paid in the month)
    std::uint32_t value = none;     ///< montant variable: a droit connexe's value per month, or none
    std::vector<std::uint32_t> opens;  ///< schemes (droits connexes) this one opens
    std::string source;
    SourceSpan span;
};

struct Transition {
    std::string name;
    std::string label;
    std::uint32_t from = none;  ///< scheme
    std::uint32_t to = none;    ///< scheme
    std::string source;
    SourceSpan span;
};

struct EventField {
    std::string name;
    Type type;
    bool optional = false;
    bool is_person = false;  ///< the field names a person of the case (its Value is the person index)
    SourceSpan span;
};

enum class EffectKind : std::uint8_t { SetInput, AddMember, RemoveMember };

struct EventEffect {
    EffectKind kind = EffectKind::SetInput;
    std::uint32_t input = none;  ///< SetInput: the input of the event's entity that changes
    std::uint32_t role = none;   ///< Add/RemoveMember: the role of the event's (group) entity
    std::uint32_t field = none;  ///< the field giving the value (or the person); none with a literal
    Value literal = 0;           ///< SetInput with a constant
    SourceSpan span;
    std::uint32_t months = 0;    ///< SetInput `pendant N mois`: lasts N months at most (0: as the event)
};

struct EventType {
    std::string name;
    std::uint32_t entity = none;
    std::string label;
    std::vector<EventField> fields;
    std::vector<EventEffect> effects;
    std::uint32_t until_field = none;  ///< a `mois` field: effects end after that month
    bool one_off = false;              ///< `ponctuel`: effects last only the event's month
    SourceSpan span;
};

struct OrientationRule {
    std::string label;  ///< the reason reported
    std::string source;
    SourceSpan span;
};

struct OrientationOutput {
    std::string name;
    std::uint32_t variable = none;
};

struct Orientation {
    std::string name;
    std::uint32_t entity = none;
    std::string label;
    std::vector<OrientationOutput> outputs;
    std::vector<OrientationRule> rules;  ///< in order; the `sinon` rule last
    std::uint32_t rule_variable = none;  ///< nombre: k × engine::one when rule k applies (0-based)
    SourceSpan span;
};

struct Program {
    std::vector<Entity> entities;
    std::uint32_t person_entity = none;  ///< the entity without roles
    std::vector<Enumeration> enumerations;
    std::vector<Input> inputs;
    std::vector<Parameter> parameters;
    std::vector<Variable> variables;
    std::vector<Node> nodes;
    std::vector<std::uint32_t> args;  ///< child node ids, addressed by Node::first_arg
    std::vector<Test> tests;
    std::vector<Scheme> schemes;
    std::vector<Transition> transitions;
    std::vector<EventType> events;
    std::vector<Orientation> orientations;
    /// Variables in an order where every same-month dependency comes first (set by the
    /// ordering pass; reads of earlier months are free).
    std::vector<std::uint32_t> evaluation_order;

    std::uint32_t arg(const Node& n, std::uint32_t i) const { return args[n.first_arg + i]; }
};

}  // namespace relais::ir
