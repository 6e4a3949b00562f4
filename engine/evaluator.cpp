// The scalar evaluator: month by month, in the program's evaluation order, every variable for
// every instance, by recursion over the expression nodes. Everything that can be known before
// the first node (parameter values in force, group membership, exception precedence) is
// tabulated once per case, so that evaluating a node never allocates nor searches a map.
#include "engine/evaluator.hpp"
#include "engine/ir/precedence.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/evaluator_internal.hpp"

namespace relais::engine {

namespace {

using ir::Op;

[[noreturn]] void bad_case(const std::string& what) {
    throw std::invalid_argument("données du cas incohérentes avec le programme : " + what);
}

// Index of a variable's value for one instance and month in Evaluation::values_.
std::size_t slot(std::uint32_t instance, std::int32_t months, Month month, Month first) {
    return static_cast<std::size_t>(instance) * static_cast<std::size_t>(months) +
           static_cast<std::size_t>(month - first);
}

// The given value of a by-month series at `month`, or null.
const Value* given_at(const std::vector<std::pair<Month, Value>>& by_month, Month month) {
    const auto it = std::lower_bound(by_month.begin(), by_month.end(), month,
                                     [](const std::pair<Month, Value>& e, Month m) { return e.first < m; });
    return it != by_month.end() && it->first == month ? &it->second : nullptr;
}

}  // namespace

std::string month_for_people(Month m) { return format_month_fr(m) + " (" + format_month(m) + ")"; }

// ---- Per-case tables ----

CaseTables::CaseTables(const ir::Program& program, const CaseData& data)
    : first(data.first), last(data.last) {
    if (data.last < data.first) bad_case("le dernier mois précède le premier");
    months = last - first + 1;

    const std::size_t entity_count = program.entities.size();
    if (data.instance_names.size() != entity_count) bad_case("nombre d'entités");
    if (data.members.size() != entity_count) bad_case("membres : nombre d'entités");

    // Group membership, checked once so that aggregates and role reads can index blindly.
    group_of_person.resize(entity_count);
    for (std::uint32_t g = 0; g < entity_count; ++g) {
        const ir::Entity& entity = program.entities[g];
        if (!entity.is_group()) continue;
        if (program.person_entity >= entity_count) bad_case("pas d'entité individuelle");
        const std::uint32_t persons = data.instance_count(program.person_entity);
        auto& map = group_of_person[g];
        map.assign(persons, ir::none);
        if (data.members[g].size() != data.instance_count(g)) bad_case("membres de « " + entity.name + " »");
        for (std::uint32_t group = 0; group < data.members[g].size(); ++group) {
            const auto& roles = data.members[g][group];
            if (roles.size() != entity.roles.size()) bad_case("rôles de « " + entity.name + " »");
            for (const auto& holders : roles) {
                for (const std::uint32_t person : holders) {
                    if (person >= persons) bad_case("membre inconnu dans « " + entity.name + " »");
                    if (map[person] != ir::none && map[person] != group)
                        bad_case("« " + data.instance_names[program.person_entity][person] +
                                 " » appartient à deux instances de « " + entity.name + " »");
                    map[person] = group;
                }
            }
        }
    }

    // Parameter values in force on the first day of each month that any read can reach.
    std::int32_t lookback = 0;
    for (const ir::Node& n : program.nodes)
        if (n.op == Op::ReadParameter || n.op == Op::ScaleLookup) lookback = std::min(lookback, n.offset);
    parameter_base = first + lookback;
    parameter_months = last - parameter_base + 1;
    parameter_value.assign(program.parameters.size() * static_cast<std::size_t>(parameter_months), ir::none);
    for (std::size_t p = 0; p < program.parameters.size(); ++p) {
        const auto& values = program.parameters[p].values;
        std::uint32_t in_force = ir::none;
        std::uint32_t next = 0;
        for (std::int32_t i = 0; i < parameter_months; ++i) {
            const Date day = first_day(parameter_base + i);
            while (next < values.size() && values[next].effective <= day) in_force = next++;
            parameter_value[p * parameter_months + i] = in_force;
        }
    }

    // Exception precedence: the transitive closure of `sur` (Warshall), per variable.
    over.resize(program.variables.size());
    for (std::size_t v = 0; v < program.variables.size(); ++v) {
        max_exceptions = std::max(max_exceptions, program.variables[v].exceptions.size());
        over[v] = ir::exception_precedence(program.variables[v]);
    }
}

// ---- The node evaluator ----

EvaluatorImpl::EvaluatorImpl(const ir::Program& program, const CaseData& data, const CaseTables& tables,
                             const std::vector<std::vector<Value>>& values, Trace* trace)
    : program_(program), data_(data), tables_(tables), values_(values), trace_(trace),
      applicable_(tables.max_exceptions) {}

std::string EvaluatorImpl::instance_name(std::uint32_t entity, std::uint32_t instance) const {
    if (entity < data_.instance_names.size() && instance < data_.instance_names[entity].size())
        return data_.instance_names[entity][instance];
    return "#" + std::to_string(instance);
}

void EvaluatorImpl::fail(Code code, std::string message, SourceSpan span, const Context& c) const {
    throw EvalFailure{EvalError{code, std::move(message), span, c.entity, c.instance, c.month}};
}

// Error messages are built out of line so that the hot paths carry no string temporaries.

void EvaluatorImpl::fail_empty_scale(const ir::Node& n, const Context& c, const ir::ParameterValue& in_force) const {
    fail(Code::ParameterUndefined,
         "le barème « " + program_.parameters[n.ref].name + " » en vigueur au " + format_date(in_force.effective) +
             " n'a aucune tranche",
         n.span, c);
}

void EvaluatorImpl::fail_no_member(const ir::Node& n, const Context& c) const {
    fail(Code::MissingMember,
         "le rôle « " + program_.entities[c.entity].roles[n.ref].name + " » de « " +
             instance_name(c.entity, c.instance) + " » n'a aucun membre",
         n.span, c);
}

void EvaluatorImpl::fail_no_group(const ir::Node& n, const Context& c) const {
    fail(Code::MissingMember,
         "« " + instance_name(c.entity, c.instance) + " » n'appartient à aucune entité « " +
             program_.entities[n.ref].name + " »",
         n.span, c);
}

void EvaluatorImpl::fail_missing_input(const ir::Node& n, std::uint32_t id, const Context& c, Month month) const {
    const ir::Input& input = program_.inputs[id];
    fail(Code::MissingInput,
         "entrée « " + input.name + " » non renseignée pour « " + instance_name(input.entity, c.instance) + " » en " +
             month_for_people(month),
         n.span, c);
}

void EvaluatorImpl::fail_no_parameter_value(const ir::Node& n, const Context& c, Month month) const {
    fail(Code::ParameterUndefined,
         "paramètre « " + program_.parameters[n.ref].name + " » sans valeur en vigueur au " +
             format_date(first_day(month)),
         n.span, c);
}

void EvaluatorImpl::fail_arithmetic(const ir::Node& n, const Context& c, const ArithmeticError& e) const {
    fail(e.kind == ArithmeticError::Kind::Overflow ? Code::Overflow : Code::DivisionByZero,
         std::string(e.what()) + " pour « " + instance_name(c.entity, c.instance) + " » en " +
             month_for_people(c.month),
         n.span, c);
}

Value EvaluatorImpl::compute(std::uint32_t variable, std::uint32_t instance, Month month, ChosenClause& chosen) {
    const ir::Variable& var = program_.variables[variable];
    const Context c{var.entity, instance, month};

    std::size_t count = 0;
    for (std::uint32_t i = 0; i < var.exceptions.size(); ++i) {
        const ir::Exception& e = var.exceptions[i];
        if (month < e.from || month > e.until) continue;
        const bool holds = e.condition == ir::none || evaluate(e.condition, c) != 0;
        if (trace_) note_condition(e.condition == ir::none ? e.span : program_.nodes[e.condition].span, holds, e.label);
        if (holds) applicable_[count++] = i;
    }
    if (count > 0) {
        const std::uint32_t winner = count == 1 ? applicable_[0] : winning_exception(variable, count, c);
        chosen = {Trace::Clause::Exception, winner};
        return evaluate(var.exceptions[winner].expr, c);
    }

    // The general formula in force: the last one starting at or before `month`.
    for (std::size_t k = var.formulas.size(); k-- > 0;) {
        if (var.formulas[k].from <= month) {
            chosen = {Trace::Clause::Formula, static_cast<std::uint32_t>(k)};
            return evaluate(var.formulas[k].expr, c);
        }
    }
    fail(Code::NoFormula,
         "aucune formule de « " + var.name + " » n'est en vigueur en " + month_for_people(month) + " pour « " +
             instance_name(var.entity, instance) + " »",
         var.span, c);
}

std::uint32_t EvaluatorImpl::winning_exception(std::uint32_t variable, std::size_t count, const Context& c) const {
    const auto& exceptions = program_.variables[variable].exceptions;
    const std::size_t n = exceptions.size();
    const auto& over = tables_.over[variable];
    const auto is_over = [&](std::uint32_t a, std::uint32_t b) { return over[a * n + b] != 0; };

    for (std::size_t k = 0; k < count; ++k) {
        const std::uint32_t candidate = applicable_[k];
        bool over_all = true;
        for (std::size_t l = 0; l < count && over_all; ++l)
            if (l != k && (!is_over(candidate, applicable_[l]) || is_over(applicable_[l], candidate))) over_all = false;
        if (over_all) return candidate;
    }

    // No winner: name the first two exceptions that are not strictly ordered.
    const auto [a, b] = [&]() -> std::pair<std::uint32_t, std::uint32_t> {
        for (std::size_t k = 0; k < count; ++k)
            for (std::size_t l = k + 1; l < count; ++l)
                if (is_over(applicable_[k], applicable_[l]) == is_over(applicable_[l], applicable_[k]))
                    return {applicable_[k], applicable_[l]};
        return {applicable_[0], applicable_[1]};
    }();
    const ir::Variable& var = program_.variables[variable];
    fail(Code::ExceptionConflict,
         "les exceptions « " + exceptions[a].label + " » et « " + exceptions[b].label + " » de « " + var.name +
             " » s'appliquent toutes deux pour « " + instance_name(var.entity, c.instance) + " » en " +
             month_for_people(c.month) + ", et aucune n'est déclarée « sur » l'autre",
         exceptions[b].span, c);
}

Value EvaluatorImpl::evaluate(std::uint32_t node, const Context& c) {
    const ir::Node& n = program_.nodes[node];
    // Only this node's own arithmetic can raise ArithmeticError here: a child's has already
    // become an EvalFailure located at the child.
    try {
        return dispatch(n, c);
    } catch (const ArithmeticError& e) {
        fail_arithmetic(n, c, e);
    }
}

Value EvaluatorImpl::dispatch(const ir::Node& n, const Context& c) {
    // Operands are always evaluated left to right (never as two arguments of one call, whose
    // order C++ leaves open), so errors and traces do not depend on the compiler.
    switch (n.op) {
    case Op::Const: return n.imm;
    case Op::ReadInput: return read_input(n, n.ref, c, c.month + n.offset);
    case Op::ReadVariable:
        return read_variable(n, n.ref, c.instance, c.month + n.offset);
    case Op::ReadParameter: {
        const Month month = c.month + n.offset;
        const ir::ParameterValue& in_force = parameter_in_force(n, c, month);
        if (trace_) note_parameter(n, month, in_force, in_force.value);
        return in_force.value;
    }
    case Op::ScaleLookup: {
        const Value key = evaluate(arg(n, 0), c);
        const Month month = c.month + n.offset;
        const ir::ParameterValue& in_force = parameter_in_force(n, c, month);
        const auto& scale = in_force.scale;
        if (scale.empty()) fail_empty_scale(n, c, in_force);
        // The greatest key not above `key`; below the first key, the first entry.
        auto it = std::upper_bound(scale.begin(), scale.end(), key,
                                   [](Value k, const ir::ScaleEntry& e) { return k < e.key; });
        const Value value = (it == scale.begin() ? it : std::prev(it))->value;
        if (trace_) note_parameter(n, month, in_force, value);
        return value;
    }
    case Op::WindowSum:
    case Op::WindowMean:
    case Op::WindowMin:
    case Op::WindowMax:
    case Op::WindowAll:
    case Op::WindowAny: return window(n, c);

    case Op::Add: {
        const Value a = evaluate(arg(n, 0), c);
        return checked_add(a, evaluate(arg(n, 1), c));
    }
    case Op::Sub: {
        const Value a = evaluate(arg(n, 0), c);
        return checked_sub(a, evaluate(arg(n, 1), c));
    }
    case Op::Mul: {
        const Value a = evaluate(arg(n, 0), c);
        return checked_mul(a, evaluate(arg(n, 1), c));
    }
    case Op::Div: {
        const Value a = evaluate(arg(n, 0), c);
        return checked_div(a, evaluate(arg(n, 1), c));
    }
    case Op::Neg: return checked_neg(evaluate(arg(n, 0), c));

    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
        const Value a = evaluate(arg(n, 0), c);
        const Value b = evaluate(arg(n, 1), c);
        switch (n.op) {
        case Op::Eq: return a == b;
        case Op::Ne: return a != b;
        case Op::Lt: return a < b;
        case Op::Le: return a <= b;
        case Op::Gt: return a > b;
        default: return a >= b;
        }
    }

    case Op::And: return evaluate(arg(n, 0), c) != 0 && evaluate(arg(n, 1), c) != 0;
    case Op::Or: return evaluate(arg(n, 0), c) != 0 || evaluate(arg(n, 1), c) != 0;
    case Op::Not: return evaluate(arg(n, 0), c) == 0;
    case Op::If: {
        const std::uint32_t condition = arg(n, 0);
        const bool holds = evaluate(condition, c) != 0;
        if (trace_) note_condition(program_.nodes[condition].span, holds, {});
        return evaluate(arg(n, holds ? 1 : 2), c);
    }
    case Op::Min:
    case Op::Max: {
        Value result = evaluate(arg(n, 0), c);
        for (std::uint32_t i = 1; i < n.arg_count; ++i) {
            const Value v = evaluate(arg(n, i), c);
            result = n.op == Op::Min ? std::min(result, v) : std::max(result, v);
        }
        return result;
    }
    case Op::Round: return round_to(evaluate(arg(n, 0), c), n.imm, Rounding::HalfAwayFromZero);
    case Op::RoundDown: return round_to(evaluate(arg(n, 0), c), n.imm, Rounding::Down);
    case Op::RoundUp: return round_to(evaluate(arg(n, 0), c), n.imm, Rounding::Up);

    case Op::AggSum:
    case Op::AggCount:
    case Op::AggAny:
    case Op::AggAll:
    case Op::AggMin:
    case Op::AggMax: return aggregate(n, c);

    case Op::RoleGet: {
        const auto& holders = data_.members[c.entity][c.instance][n.ref];
        for (std::size_t k = 0; k < holders.size(); ++k) {
            if (data_.holds_role(c.entity, c.instance, n.ref, k, c.month))
                return evaluate(arg(n, 0), Context{program_.person_entity, holders[k], c.month});
        }
        fail_no_member(n, c);
    }
    case Op::GroupGet: {
        const std::uint32_t group = tables_.group_of_person[n.ref][c.instance];
        if (group == ir::none) fail_no_group(n, c);
        return evaluate(arg(n, 0), Context{n.ref, group, c.month});
    }

    case Op::CurrentMonth: return c.month;
    case Op::MonthStart: return first_day(c.month);
    case Op::AgeYears: {
        const Value birth = evaluate(arg(n, 0), c);
        return checked_scale(one, age_in_years(static_cast<Date>(birth), first_day(c.month)));
    }
    case Op::MonthsBetween: {
        const Value from = evaluate(arg(n, 0), c);
        const Value to = evaluate(arg(n, 1), c);
        return checked_scale(one, checked_sub(to, from));
    }
    case Op::MonthOfDate: return month_of(static_cast<Date>(evaluate(arg(n, 0), c)));
    case Op::Review: return review(n, c);
    case Op::SimulationStart: return data_.report_first.value_or(data_.first);
    }
    throw std::logic_error("évaluateur : opération inconnue " + std::to_string(static_cast<int>(n.op)));
}

Value EvaluatorImpl::read_input(const ir::Node& n, std::uint32_t id, const Context& c, Month month) {
    const ir::Input& input = program_.inputs[id];
    // A case may leave out an input nobody gives: its series are then simply absent.
    const InputSeries* series =
        id < data_.inputs.size() && c.instance < data_.inputs[id].size() ? &data_.inputs[id][c.instance] : nullptr;

    Value value = 0;
    bool defaulted = false;
    if (series && series->constant) {
        value = *series->constant;
    } else if (const Value* given = series ? given_at(series->by_month, month) : nullptr) {
        value = *given;
    } else if (input.default_value) {
        value = *input.default_value;
        defaulted = true;
    } else {
        fail_missing_input(n, id, c, month);
    }
    if (trace_)
        note_read({TraceRead::Kind::Input, id, input.entity, c.instance, month, value, defaulted, 0, {}, n.span});
    return value;
}

Value EvaluatorImpl::read_variable(const ir::Node& n, std::uint32_t variable, std::uint32_t instance, Month month) {
    // Before the first month every variable is the zero of its type; later months are
    // already stored (an earlier month, or earlier in the evaluation order).
    const Value value =
        month < tables_.first ? 0 : values_[variable][slot(instance, tables_.months, month, tables_.first)];
    if (trace_)
        note_read({TraceRead::Kind::Variable, variable, program_.variables[variable].entity, instance, month, value,
                   false, 0, {}, n.span});
    return value;
}

const ir::ParameterValue& EvaluatorImpl::parameter_in_force(const ir::Node& n, const Context& c, Month month) {
    const std::uint32_t index = tables_.parameter_value_at(n.ref, month);
    if (index == ir::none) fail_no_parameter_value(n, c, month);
    return program_.parameters[n.ref].values[index];
}

Value EvaluatorImpl::read_window_month(const ir::Node& n, const Context& c, Month month) {
    if (n.window_of_input) return read_input(n, n.ref, c, month);
    return read_variable(n, n.ref, c.instance, month);
}

Value EvaluatorImpl::window(const ir::Node& n, const Context& c) {
    // Every month is read, even once the result is known, so that a missing input anywhere in
    // the window is reported and an explanation lists the whole window.
    const Month from = c.month + n.offset;
    const Month to = c.month + n.offset_to;
    const bool logical = n.op == Op::WindowAll || n.op == Op::WindowAny;
    Value result = read_window_month(n, c, from);
    if (logical) result = result != 0;
    for (Month month = from + 1; month <= to; ++month) {
        const Value v = read_window_month(n, c, month);
        switch (n.op) {
        case Op::WindowMin: result = std::min(result, v); break;
        case Op::WindowMax: result = std::max(result, v); break;
        case Op::WindowAll: result = result != 0 && v != 0; break;
        case Op::WindowAny: result = result != 0 || v != 0; break;
        default: result = checked_add(result, v); break;  // sum, mean
        }
    }
    if (n.op == Op::WindowMean) result = checked_div_int(result, std::int64_t{to} - from + 1);
    return result;
}

Value EvaluatorImpl::aggregate(const ir::Node& n, const Context& c) {
    const std::uint32_t expression = arg(n, 0);
    const std::uint32_t filter = arg(n, 1);
    // `tous(ROLE si COND)` may come with COND as the filter and no member expression: COND
    // is then what every member must satisfy, not a restriction of who is counted.
    const bool filter_is_predicate = n.op == Op::AggAll && expression == ir::none;

    Value result = n.op == Op::AggAll ? 1 : 0;
    std::int64_t count = 0;
    bool seen = false;
    const auto& roles = data_.members[c.entity][c.instance];
    for (std::size_t role = 0; role < roles.size() && role < 32; ++role) {
        if (((n.roles >> role) & 1U) == 0) continue;
        for (std::size_t k = 0; k < roles[role].size(); ++k) {
            if (!data_.holds_role(c.entity, c.instance, static_cast<std::uint32_t>(role), k, c.month)) continue;
            const std::uint32_t person = roles[role][k];
            const Context member{program_.person_entity, person, c.month};
            if (filter_is_predicate) {
                if (filter != ir::none && evaluate(filter, member) == 0) result = 0;
                continue;
            }
            if (filter != ir::none && evaluate(filter, member) == 0) continue;
            switch (n.op) {
            case Op::AggSum: result = checked_add(result, evaluate(expression, member)); break;
            case Op::AggCount: ++count; break;
            case Op::AggAny:
                if (expression == ir::none || evaluate(expression, member) != 0) result = 1;
                break;
            case Op::AggAll:
                if (evaluate(expression, member) == 0) result = 0;
                break;
            default: {  // min, max
                const Value v = evaluate(expression, member);
                result = !seen ? v : n.op == Op::AggMin ? std::min(result, v) : std::max(result, v);
                seen = true;
                break;
            }
            }
        }
    }
    return n.op == Op::AggCount ? checked_scale(one, count) : result;
}

Value EvaluatorImpl::review(const ir::Node& n, const Context& c) {
    if (n.imm <= 0) throw std::logic_error("réexamen : période non positive");
    const Value anchor = evaluate(arg(n, 0), c);
    // (M - anchor) mod period, taken in 0..period-1 also when M is before the anchor.
    std::int64_t phase = (std::int64_t{c.month} - anchor) % n.imm;
    if (phase < 0) phase += n.imm;
    // The resolver also accepts `reexamen` of an input, flagged as for windows.
    return read_window_month(n, c, static_cast<Month>(c.month - phase));
}

// ---- Evaluation ----

Evaluation::Evaluation(const ir::Program& program, const CaseData& data) : program_(&program), data_(&data) {}

std::variant<Evaluation, EvalError> Evaluation::run(const ir::Program& program, const CaseData& data) {
    return run(program, data, std::vector<bool>(program.variables.size(), true));
}

std::variant<Evaluation, EvalError> Evaluation::run(const ir::Program& program, const CaseData& data,
                                                    const std::vector<bool>& needed) {
    const CaseTables tables(program, data);
    Evaluation evaluation(program, data);
    evaluation.computed_ = needed;
    evaluation.computed_.resize(program.variables.size(), false);
    evaluation.values_.resize(program.variables.size());
    std::vector<std::uint32_t> order;
    for (const std::uint32_t v : program.evaluation_order) {
        if (!evaluation.computed_[v]) continue;
        order.push_back(v);
        evaluation.values_[v].assign(
            static_cast<std::size_t>(data.instance_count(program.variables[v].entity)) * tables.months, 0);
    }

    EvaluatorImpl impl(program, data, tables, evaluation.values_, nullptr);
    ChosenClause chosen;
    try {
        for (Month month = tables.first; month <= tables.last; ++month) {
            for (const std::uint32_t v : order) {
                auto& column = evaluation.values_[v];
                const std::uint32_t instances = data.instance_count(program.variables[v].entity);
                for (std::uint32_t i = 0; i < instances; ++i)
                    column[slot(i, tables.months, month, tables.first)] = impl.compute(v, i, month, chosen);
            }
        }
    } catch (const EvalFailure& failure) {
        return failure.error;
    }
    return evaluation;
}

Value Evaluation::value(std::uint32_t variable, std::uint32_t instance, Month month) const {
    const ir::Variable& var = program_->variables.at(variable);
    if (instance >= data_->instance_count(var.entity))
        throw std::out_of_range("Evaluation::value : instance " + std::to_string(instance) + " de « " + var.name +
                                " » hors du cas");
    if (month > data_->last)
        throw std::out_of_range("Evaluation::value : " + format_month(month) + " après la fin du cas (" +
                                format_month(data_->last) + ")");
    if (!computed_[variable])
        throw std::logic_error("Evaluation::value : « " + var.name + " » n'a pas été calculée (variable non demandée)");
    if (month < data_->first) return 0;
    return values_[variable][slot(instance, data_->last - data_->first + 1, month, data_->first)];
}

}  // namespace relais::engine
