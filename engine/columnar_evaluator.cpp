// The columnar node interpreter: one variable at one month over every lane of its entity in
// the chunk, node by node over whole columns. It follows the scalar evaluator
// (engine/evaluator.cpp) clause for clause; where the scalar evaluator evaluates a node for
// only some instances (a branch of `si`, the right of `et`/`ou`, an exception's value), this
// one evaluates it under an active mask, so that an error is raised exactly for the lanes the
// scalar evaluator would raise it for. Nodes over members (aggregates, role and group reads)
// are in columnar_members.cpp.
//
// Why failing a lane is enough: the scalar evaluator stops a case at its first error, and any
// error fails the whole case; nodes have no other effect. So a case fails here if and only if
// one of the node evaluations the scalar evaluator would make for it (up to its first error)
// fails, whatever the order in which the columns are computed.
#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

#include "engine/columnar_interpreter.hpp"
#include "engine/columnar_kernels.hpp"
#include "engine/columnar_ops.hpp"

namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA {

using ir::Op;
using kernels::visit;
using kernels::visit_mask;

void evaluate_months(EvaluatorImpl& state) {
    Interpreter interpreter(state);
    const Month first = state.first();
    for (Month month = first; month <= state.last(); ++month)
        for (const std::uint32_t v : state.plan_.order()) {
            if (const Value* shared = state.shared_column(v, month)) {
                state.alias(v, month, shared);
            } else if (month == first) {
                interpreter.compute_variable(v, month);
            } else if (state.invariant(v)) {
                // The same value every month: the first month's column serves them all.
                state.alias(v, month, state.column(v, first));
            } else if (state.steady(v, month)) {
                state.alias(v, month, state.column(v, month - 1));
            } else {
                interpreter.compute_variable(v, month);
                state.share_if_unchanged(v, month);
            }
        }
}

// ---- Variables ----

void Interpreter::compute_variable(std::uint32_t variable, Month month) {
    const ir::Variable& var = program_.variables[variable];
    const std::uint32_t lanes = s.lanes(var.entity);
    if (lanes == 0) return;
    Value* out = s.own_column(variable, month);
    const Value* live_lanes = s.live(var.entity);
    const std::uint32_t live_count = live_lanes ? s.live_count(var.entity) : lanes;
    if (live_count == 0) return;  // every case with lanes here has failed
    const Ctx root{var.entity, lanes, live_count == lanes ? nullptr : live_lanes, live_count, month};

    std::uint64_t in_force = 0;
    for (std::size_t i = 0; i < var.exceptions.size(); ++i)
        if (var.exceptions[i].from <= month && month <= var.exceptions[i].until) in_force |= std::uint64_t{1} << i;
    if (in_force == 0) {
        // A formula that only reads another variable's column (same lanes, same or an earlier
        // month) shares it instead of copying it.
        const std::uint32_t expr = formula_in_force(var, month);
        if (expr != ir::none) {
            const ir::Node& n = program_.nodes[expr];
            if (n.op == Op::ReadVariable && month + n.offset >= s.first()) {
                s.alias(variable, month, s.column(n.ref, month + n.offset));
                s.give_back(variable, out);
                return;
            }
        }
        apply_formula(var, root, out);
        return;
    }

    if ((in_force & (in_force - 1)) == 0) {
        compute_with_one_exception(var, static_cast<std::size_t>(std::countr_zero(in_force)), root, out);
        return;
    }

    // Every guard in force is evaluated for every lane, as the scalar evaluator does; a lane's
    // applicable exceptions are a bit set.
    ColumnStack::Scope scope(s.stack_);
    Value* applicable = s.stack_.push();
    Value* guard = s.stack_.push();
    bool first_guard = true;
    Value any = 0;
    for (std::size_t i = 0; i < var.exceptions.size(); ++i) {
        if (((in_force >> i) & 1U) == 0) continue;
        const ir::Exception& e = var.exceptions[i];
        const Value bit = Value{1} << i;
        const Operand holds = e.condition == ir::none ? Operand::uniform(1) : eval(e.condition, root, guard);
        visit(holds, [&](auto h) {
            visit_mask(root.active, [&](auto m) {
                for (std::size_t l = 0; l < lanes; ++l) {
                    const Value set = -static_cast<Value>(h[l] != 0) & bit;
                    applicable[l] = first_guard ? set : applicable[l] | set;
                    any |= set & -static_cast<Value>(m[l]);
                }
            });
        });
        first_guard = false;
    }
    if (any == 0) {
        apply_formula(var, root, out);
        return;
    }

    // The winner of each lane: an exception, the formula (no_exception) or a conflict.
    Value* winner = applicable;  // overwritten in place
    const auto& table = s.plan_.winner_table(variable);
    if (!table.empty()) {
        for (std::size_t l = 0; l < lanes; ++l) winner[l] = table[static_cast<std::size_t>(applicable[l])];
    } else {
        for (std::size_t l = 0; l < lanes; ++l)
            winner[l] = s.plan_.winner(variable, static_cast<std::uint64_t>(applicable[l]));
    }
    s.fail_where(root, [&](std::size_t l) { return winner[l] == Plan::conflict; });

    // Each clause is evaluated for its lanes: under a mask of them, or, when it cannot fail,
    // over every lane and then kept where it applies.
    Value* mask = s.stack_.push();
    Value* value = guard;
    for (std::int32_t w = Plan::no_exception; w < static_cast<std::int32_t>(var.exceptions.size()); ++w) {
        if (w >= 0 && ((in_force >> w) & 1U) == 0) continue;
        const std::uint32_t expr = w >= 0 ? var.exceptions[static_cast<std::size_t>(w)].expr : formula_in_force(var, month);
        const bool dense = expr != ir::none && s.infallible(expr);
        const auto takes = [&](std::size_t l) { return winner[l] == w; };
        const std::uint32_t count = dense ? count_where(root, takes) : make_mask(root, mask, takes);
        if (count == 0) continue;
        if (expr == ir::none) {
            s.fail_where(root, takes);  // NoFormula: no exception applies and no formula is in force
            continue;
        }
        if (count == root.count) {
            store(eval(expr, root, out), out, lanes, nullptr);
        } else if (dense) {
            visit(eval(expr, root, value), [&](auto v) {
                for (std::size_t l = 0; l < lanes; ++l) out[l] = winner[l] == w ? v[l] : out[l];
            });
        } else {
            store(eval(expr, root.restricted(mask, count), value), out, lanes, mask);
        }
    }
}

void Interpreter::compute_with_one_exception(const ir::Variable& var, std::size_t exception, const Ctx& root,
                                             Value* out) {
    // One exception in force: where its guard holds it applies, elsewhere the formula does
    // (and no formula in force fails those lanes), exactly like `si guard alors ... sinon ...`.
    const ir::Exception& e = var.exceptions[exception];
    const std::uint32_t formula = formula_in_force(var, root.month);
    ColumnStack::Scope scope(s.stack_);
    const Operand holds = e.condition == ir::none ? Operand::uniform(1) : eval(e.condition, root, s.stack_.push());
    if (holds.is_uniform()) {
        if (holds.scalar != 0)
            store(eval(e.expr, root, out), out, root.lanes, nullptr);
        else
            apply_formula(var, root, out);
        return;
    }
    const Value* h = holds.column;
    const bool dense_exception = s.infallible(e.expr);
    const bool dense_formula = formula != ir::none && s.infallible(formula);
    Value* exception_mask = dense_exception ? nullptr : s.stack_.push();
    const auto applies = [h](std::size_t l) { return h[l] != 0; };
    const std::uint32_t count =
        dense_exception ? count_where(root, applies) : make_mask(root, exception_mask, applies);
    if (count == 0) {
        apply_formula(var, root, out);
        return;
    }
    if (count == root.count) {
        store(eval(e.expr, root, out), out, root.lanes, nullptr);
        return;
    }
    if (formula == ir::none) {
        s.fail_where(root, [h](std::size_t l) { return h[l] == 0; });  // NoFormula
    }
    Ctx formula_ctx = root;
    if (formula != ir::none && !dense_formula) {
        Value* formula_mask = s.stack_.push();
        formula_ctx = root.restricted(formula_mask, make_mask(root, formula_mask, [h](std::size_t l) { return h[l] == 0; }));
    }
    Value* exception_values = s.stack_.push();
    Value* formula_values = s.stack_.push();
    const Operand x = eval(e.expr, dense_exception ? root : root.restricted(exception_mask, count), exception_values);
    const Operand f = formula == ir::none ? Operand::uniform(0) : eval(formula, formula_ctx, formula_values);
    visit(x, [&](auto vx) {
        visit(f, [&](auto vf) {
            for (std::size_t l = 0; l < root.lanes; ++l) out[l] = h[l] != 0 ? vx[l] : vf[l];
        });
    });
}

bool Interpreter::yields_boolean(std::uint32_t node) const {
    // These produce 0 or 1 themselves; other boolean values (inputs, variables) may be any
    // nonzero and are normalised where 0/1 is needed.
    switch (program_.nodes[node].op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
    case Op::And:
    case Op::Or:
    case Op::Not:
    case Op::AggAny:
    case Op::AggAll:
    case Op::WindowAll:
    case Op::WindowAny: return true;
    default: return false;
    }
}

std::uint32_t Interpreter::formula_in_force(const ir::Variable& var, Month month) const {
    // The general formula in force: the last one starting at or before the month.
    for (std::size_t k = var.formulas.size(); k-- > 0;)
        if (var.formulas[k].from <= month) return var.formulas[k].expr;
    return ir::none;
}

void Interpreter::apply_formula(const ir::Variable& var, const Ctx& c, Value* out) {
    const std::uint32_t expr = formula_in_force(var, c.month);
    if (expr == ir::none) {
        s.fail_active(c);  // NoFormula
        return;
    }
    store(eval(expr, c, out), out, c.lanes, nullptr);
}

// ---- Reads ----

Operand Interpreter::read_variable(std::uint32_t variable, Month month) const {
    // Before the first month every variable is the zero of its type.
    if (month < s.first()) return Operand::uniform(0);
    return Operand::of(s.column(variable, month));
}

Operand Interpreter::read_input(std::uint32_t input, const Ctx& c, Month month) {
    const InputColumns& col = s.inputs_[input];
    if (month < col.base || month > s.last())
        throw std::logic_error("columnar : entrée lue hors des mois préparés");
    const std::size_t k = col.stride ? static_cast<std::size_t>(month - col.base) : 0;
    if (!col.missing_at.empty() && col.missing_at[k]) {
        const Value* missing = col.missing.data() + k * col.stride;
        s.fail_where(c, [&](std::size_t i) { return missing[i] != 0; });  // MissingInput
    }
    if (col.uniform) return Operand::uniform(col.uniform_value);
    return Operand::of(col.values.data() + k * col.stride);
}

// ---- Nodes ----

Operand Interpreter::eval_kept(std::uint32_t id, const Ctx& c, Value* out) {
    // Exact for every later context: the node has the same value (and fails for the same
    // lanes) every month, and its first evaluation covered every lane, so that each lane's
    // value is there and each failing lane's case has failed already.
    EvaluatorImpl::Kept& kept = s.kept_[id];
    if (kept.chunk == s.chunk_serial_) return kept.value;
    // A node that can fail is kept only from a context of every lane: evaluating it for
    // inactive lanes would fail cases the scalar evaluator does not.
    if (c.active != nullptr && !s.infallible(id)) return eval_node(id, c, out);
    Operand value = eval_node(id, {c.entity, c.lanes, nullptr, c.lanes, c.month}, out);
    if (!value.is_uniform()) {
        Value* column = s.kept_columns_.take(c.lanes);
        std::memcpy(column, value.column, c.lanes * sizeof(Value));
        value = Operand::of(column);
    }
    kept = {value, s.chunk_serial_};
    return value;
}

Operand Interpreter::eval_node(std::uint32_t id, const Ctx& c, Value* out) {
    const ir::Node& n = program_.nodes[id];
    switch (n.op) {
    case Op::Const: return Operand::uniform(n.imm);
    case Op::ReadInput: return read_input(n.ref, c, c.month + n.offset);
    case Op::ReadVariable: return read_variable(n.ref, c.month + n.offset);
    case Op::ReadParameter: {
        const std::uint32_t index = s.parameter_at(n.ref, c.month + n.offset);
        if (index == ir::none) {
            s.fail_active(c);  // ParameterUndefined
            return Operand::uniform(0);
        }
        return Operand::uniform(program_.parameters[n.ref].values[index].value);
    }
    case Op::ScaleLookup: return eval_scale(n, c, out);
    case Op::WindowSum:
    case Op::WindowMean:
    case Op::WindowMin:
    case Op::WindowMax:
    case Op::WindowAll:
    case Op::WindowAny: return eval_window(n, c, out);
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Neg: return eval_arithmetic(n, c, out);
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: return eval_comparison(n, c, out);
    case Op::And:
    case Op::Or:
    case Op::Not: return eval_logic(n, c, out);
    case Op::If: return eval_if(n, c, out);
    case Op::Min:
    case Op::Max: return eval_min_max(n, c, out);
    case Op::Round:
    case Op::RoundDown:
    case Op::RoundUp: return eval_round(n, c, out);
    case Op::AggSum:
    case Op::AggCount:
    case Op::AggAny:
    case Op::AggAll:
    case Op::AggMin:
    case Op::AggMax: return eval_aggregate(n, c, out);
    case Op::RoleGet: return eval_role_get(n, c, out);
    case Op::GroupGet: return eval_group_get(n, c, out);
    case Op::CurrentMonth:
    case Op::MonthStart:
    case Op::AgeYears:
    case Op::MonthsBetween:
    case Op::MonthOfDate: return eval_calendar(n, c, out);
    case Op::Review: return eval_review(n, c, out);
    case Op::SimulationStart: {
        // The case's first reported month: the same for every lane of a case.
        if (s.report_first_uniform_) return Operand::uniform(s.report_first_.front());
        for (std::size_t i = 0; i < c.lanes; ++i) out[i] = s.report_first_[s.lane_case(c.entity, i)];
        return Operand::of(out);
    }
    }
    throw std::logic_error("évaluateur : opération inconnue " + std::to_string(static_cast<int>(n.op)));
}

Operand Interpreter::eval_arithmetic(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* left = s.stack_.push();
    const Operand a = eval(arg(n, 0), c, left);
    if (n.op == Op::Neg) return unary(s, a, c, out, kernels::Neg{});
    Value* right = s.stack_.push();
    const Operand b = eval(arg(n, 1), c, right);
    switch (n.op) {
    case Op::Add: return binary(s, a, b, c, out, kernels::Add{});
    case Op::Sub: return binary(s, a, b, c, out, kernels::Sub{});
    case Op::Mul: return binary(s, a, b, c, out, kernels::Mul{});
    default: return binary(s, a, b, c, out, kernels::Div{});
    }
}

Operand Interpreter::eval_comparison(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* left = s.stack_.push();
    Value* right = s.stack_.push();
    const Operand a = eval(arg(n, 0), c, left);
    const Operand b = eval(arg(n, 1), c, right);
    switch (n.op) {
    case Op::Eq: return binary(s, a, b, c, out, kernels::Eq{});
    case Op::Ne: return binary(s, a, b, c, out, kernels::Ne{});
    case Op::Lt: return binary(s, a, b, c, out, kernels::Lt{});
    case Op::Le: return binary(s, a, b, c, out, kernels::Le{});
    case Op::Gt: return binary(s, a, b, c, out, kernels::Gt{});
    default: return binary(s, a, b, c, out, kernels::Ge{});
    }
}

Operand Interpreter::eval_logic(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* left = s.stack_.push();
    const Operand a = eval(arg(n, 0), c, left);
    if (n.op == Op::Not) return unary(s, a, c, out, kernels::Falsy{});

    // The right operand is evaluated only where the left one does not decide: true for `et`,
    // false for `ou`.
    const bool is_and = n.op == Op::And;
    const std::uint32_t right_node = arg(n, 1);
    Value* right = s.stack_.push();
    if (a.is_uniform()) {
        if ((a.scalar != 0) != is_and) return Operand::uniform(is_and ? 0 : 1);
        const Operand b = eval(right_node, c, right);
        return yields_boolean(right_node) ? b : unary(s, b, c, out, kernels::Truthy{});
    }
    const auto undecided = [&](std::size_t i) { return (a.column[i] != 0) == is_and; };
    // A right operand that cannot fail is evaluated over every lane, with no mask: then only
    // whether some lane is undecided matters, not how many.
    const bool dense = s.infallible(right_node);
    Value* mask = dense ? nullptr : s.stack_.push();
    const std::uint32_t count = dense ? 0 : make_mask(c, mask, undecided);
    if (dense ? !any_where(c, undecided) : count == 0)
        return yields_boolean(arg(n, 0)) ? a : unary(s, a, c, out, kernels::Truthy{});
    const Operand b = eval(right_node, dense ? c : c.restricted(mask, count), right);
    if (is_and) return binary(s, a, b, c, out, kernels::Both{});
    return binary(s, a, b, c, out, kernels::Either{});
}

Operand Interpreter::eval_if(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* condition = s.stack_.push();
    const Operand holds = eval(arg(n, 0), c, condition);
    if (holds.is_uniform()) return eval(arg(n, holds.scalar != 0 ? 1 : 2), c, out);

    // A branch no active lane takes is not evaluated; one every active lane takes is
    // evaluated under the same mask, straight into `out`; one that cannot fail is evaluated
    // over every lane, with no mask.
    const std::uint32_t then_node = arg(n, 1);
    const std::uint32_t else_node = arg(n, 2);
    const bool dense_then = s.infallible(then_node);
    const bool dense_else = s.infallible(else_node);
    const Value* h = holds.column;
    Value* then_mask = dense_then ? nullptr : s.stack_.push();
    const std::uint32_t then_count = dense_then ? count_where(c, [h](std::size_t i) { return h[i] != 0; })
                                                : make_mask(c, then_mask, [h](std::size_t i) { return h[i] != 0; });
    if (then_count == 0) return eval(else_node, c, out);
    if (then_count == c.count) return eval(then_node, c, out);
    Ctx else_ctx = c;
    if (!dense_else) {
        Value* else_mask = s.stack_.push();
        else_ctx = c.restricted(else_mask, make_mask(c, else_mask, [h](std::size_t i) { return h[i] == 0; }));
    }
    Value* then_values = s.stack_.push();
    Value* else_values = s.stack_.push();
    const Operand t = eval(then_node, dense_then ? c : c.restricted(then_mask, then_count), then_values);
    const Operand e = eval(else_node, else_ctx, else_values);
    visit(t, [&](auto vt) {
        visit(e, [&](auto ve) {
            for (std::size_t i = 0; i < c.lanes; ++i) out[i] = h[i] != 0 ? vt[i] : ve[i];
        });
    });
    return Operand::of(out);
}

Operand Interpreter::eval_min_max(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* first = s.stack_.push();
    Value* next = s.stack_.push();
    Operand result = eval(arg(n, 0), c, first);
    for (std::uint32_t i = 1; i < n.arg_count; ++i) {
        const Operand v = eval(arg(n, i), c, next);
        result = n.op == Op::Min ? accumulate(s, result, v, c, out, kernels::Smaller{})
                                 : accumulate(s, result, v, c, out, kernels::Larger{});
    }
    if (!result.is_uniform() && result.column == first) {
        std::memcpy(out, first, c.lanes * sizeof(Value));  // `first` is given back on return
        return Operand::of(out);
    }
    return result;
}

Operand Interpreter::eval_round(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* value = s.stack_.push();
    const Operand a = eval(arg(n, 0), c, value);
    // The usual steps (the cent, the unit) are compile-time constants, so that the division
    // becomes a multiplication.
    const auto with_step = [&]<Rounding mode>() {
        using kernels::Constant;
        using kernels::Round;
        if (n.imm == 10'000) return unary(s, a, c, out, Round<mode, Constant<10'000>>{});
        if (n.imm == one) return unary(s, a, c, out, Round<mode, Constant<one>>{});
        return unary(s, a, c, out, Round<mode, Value>{n.imm});
    };
    switch (n.op) {
    case Op::Round: return with_step.template operator()<Rounding::HalfAwayFromZero>();
    case Op::RoundDown: return with_step.template operator()<Rounding::Down>();
    default: return with_step.template operator()<Rounding::Up>();
    }
}

Operand Interpreter::eval_scale(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    Value* keys = s.stack_.push();
    const Operand key = eval(arg(n, 0), c, keys);
    const std::uint32_t index = s.parameter_at(n.ref, c.month + n.offset);
    if (index == ir::none || program_.parameters[n.ref].values[index].scale.empty()) {
        s.fail_active(c);  // ParameterUndefined: no value in force, or an empty barème
        return Operand::uniform(0);
    }
    // The greatest key not above the lane's key; below the first key, the first entry. Keys
    // increase, so taking each entry whose key is reached, in order, leaves the right one (one
    // vectorised pass per entry).
    const auto& scale = program_.parameters[n.ref].values[index].scale;
    if (key.is_uniform()) {
        Value v = scale[0].value;
        for (std::size_t j = 1; j < scale.size(); ++j) v = key.scalar >= scale[j].key ? scale[j].value : v;
        return Operand::uniform(v);
    }
    const Value* k = key.column;
    std::fill(out, out + c.lanes, scale[0].value);
    for (std::size_t j = 1; j < scale.size(); ++j) {
        const Value at = scale[j].key;
        const Value value = scale[j].value;
        for (std::size_t i = 0; i < c.lanes; ++i) out[i] = k[i] >= at ? value : out[i];
    }
    return Operand::of(out);
}

Operand Interpreter::eval_window(const ir::Node& n, const Ctx& c, Value* out) {
    // Every month is read, as the scalar evaluator does, so that a missing input anywhere in
    // the window fails the lane.
    const Month from = c.month + n.offset;
    const Month to = c.month + n.offset_to;
    const auto month_value = [&](Month m) {
        return n.window_of_input ? read_input(n.ref, c, m) : read_variable(n.ref, m);
    };
    const bool logical = n.op == Op::WindowAll || n.op == Op::WindowAny;
    Operand result = month_value(from);
    if (logical) result = unary(s, result, c, out, kernels::Truthy{});
    for (Month m = from + 1; m <= to; ++m) {
        const Operand v = month_value(m);
        switch (n.op) {
        case Op::WindowMin: result = accumulate(s, result, v, c, out, kernels::Smaller{}); break;
        case Op::WindowMax: result = accumulate(s, result, v, c, out, kernels::Larger{}); break;
        case Op::WindowAll: result = accumulate(s, result, v, c, out, kernels::Both{}); break;
        case Op::WindowAny: result = accumulate(s, result, v, c, out, kernels::Either{}); break;
        default: result = accumulate(s, result, v, c, out, kernels::Add{}); break;  // sum, mean
        }
    }
    if (n.op != Op::WindowMean) return result;
    const std::int64_t count = std::int64_t{to} - from + 1;
    ColumnStack::Scope scope(s.stack_);
    if (result.column == out) {
        // The division reads one column and writes another: move the sum aside first.
        Value* sum = s.stack_.push();
        std::memcpy(sum, out, c.lanes * sizeof(Value));
        result = Operand::of(sum);
    }
    if (count == 3) return unary(s, result, c, out, kernels::DivCount<kernels::Constant<3>>{});
    if (count == 12) return unary(s, result, c, out, kernels::DivCount<kernels::Constant<12>>{});
    return unary(s, result, c, out, kernels::DivCount<Value>{count});
}

// Reviews of a variable with at most this period read it through a table of month columns.
constexpr std::int64_t max_review_period = 12;

Operand Interpreter::eval_review(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    const Operand anchor = eval(arg(n, 0), c, s.stack_.push());
    const Month month = c.month;
    // The last review month R <= M: M - ((M - anchor) mod period), the remainder taken in
    // 0..period-1 (the subtraction wraps as the scalar evaluator's does in practice).
    const auto phase_of = [month](Value a, auto period) {
        const Value p = period;
        std::int64_t phase = static_cast<std::int64_t>(static_cast<std::uint64_t>(std::int64_t{month}) -
                                                       static_cast<std::uint64_t>(a)) % p;
        if (phase < 0) phase += p;
        return phase;
    };
    const auto review_month = [&](Value a, auto period) { return static_cast<Month>(month - phase_of(a, period)); };
    if (anchor.is_uniform()) {
        const Month r = review_month(anchor.scalar, n.imm);
        return n.window_of_input ? read_input(n.ref, c, r) : read_variable(n.ref, r);
    }
    const auto gather = [&](auto period) {
        if (!n.window_of_input && n.imm <= max_review_period) {
            // R is one of the `period` months up to M: their columns are looked up once (a
            // column of zeros before the first month).
            const Value* columns[max_review_period];
            Value* zeros = nullptr;
            for (std::int64_t phase = 0; phase < n.imm; ++phase) {
                const Month r = static_cast<Month>(month - phase);
                if (r >= s.first()) {
                    columns[phase] = s.column(n.ref, r);
                    continue;
                }
                if (zeros == nullptr) {
                    zeros = s.stack_.push();
                    std::fill(zeros, zeros + c.lanes, 0);
                }
                columns[phase] = zeros;
            }
            for (std::size_t i = 0; i < c.lanes; ++i) out[i] = columns[phase_of(anchor.column[i], period)][i];
            return;
        }
        if (!n.window_of_input) {
            const Month first = s.first();
            for (std::size_t i = 0; i < c.lanes; ++i) {
                const Month r = review_month(anchor.column[i], period);
                out[i] = r < first ? 0 : s.column(n.ref, r)[i];
            }
            return;
        }
        const InputColumns& col = s.inputs_[n.ref];
        for (std::size_t i = 0; i < c.lanes; ++i) {
            const Month r = review_month(anchor.column[i], period);
            const std::size_t k = col.stride ? static_cast<std::size_t>(r - col.base) * col.stride : 0;
            out[i] = col.uniform ? col.uniform_value : col.values[k + i];
            if (!col.missing.empty() && col.missing[k + i] && c.active_at(i)) s.fail_lane(c.entity, i);
        }
    };
    if (n.imm == 3)
        gather(kernels::Constant<3>{});
    else
        gather(n.imm);
    return Operand::of(out);
}

Operand Interpreter::eval_calendar(const ir::Node& n, const Ctx& c, Value* out) {
    switch (n.op) {
    case Op::CurrentMonth: return Operand::uniform(c.month);
    case Op::MonthStart: return Operand::uniform(first_day(c.month));
    default: break;
    }
    ColumnStack::Scope scope(s.stack_);
    const Operand a = eval(arg(n, 0), c, s.stack_.push());
    if (n.op == Op::MonthsBetween) {
        const Operand b = eval(arg(n, 1), c, s.stack_.push());
        return binary(s, a, b, c, out, kernels::MonthsBetween{});
    }
    // A date column read from an input or a variable is the same all chunk long: it is split
    // into year, month and day once, and each month only compares.
    const ir::Node& date_node = program_.nodes[arg(n, 0)];
    const bool stable = date_node.op == Op::ReadInput || date_node.op == Op::ReadVariable;
    if (n.op == Op::MonthOfDate) {
        const auto month_of_date = [](Value d) -> Value { return month_of(static_cast<Date>(d)); };
        if (a.is_uniform()) return Operand::uniform(month_of_date(a.scalar));
        if (stable) {
            const DateSplit& split = s.split_dates(a.column, c.lanes);
            for (std::size_t i = 0; i < c.lanes; ++i) out[i] = split.year[i] * 12 + split.month[i] - 1;
            return Operand::of(out);
        }
        for (std::size_t i = 0; i < c.lanes; ++i) out[i] = month_of_date(a.column[i]);
        return Operand::of(out);
    }
    // AgeYears: whole years from the lane's date to the first day of the month (age_in_years);
    // the first day is split once.
    int year = 0;
    unsigned on_month = 0, on_day = 0;
    split_date(first_day(c.month), year, on_month, on_day);
    const auto age = [&](Value birth) -> Value {
        int y = 0;
        unsigned m = 0, d = 0;
        split_date(static_cast<Date>(birth), y, m, d);
        const bool before_anniversary = on_month < m || (on_month == m && on_day < d);
        return Value{year - y - (before_anniversary ? 1 : 0)} * one;  // |age| < 2^23: no overflow
    };
    if (a.is_uniform()) return Operand::uniform(age(a.scalar));
    if (stable) {
        const DateSplit& split = s.split_dates(a.column, c.lanes);
        const Value om = on_month, od = on_day;
        for (std::size_t i = 0; i < c.lanes; ++i) {
            const Value before = (om < split.month[i]) | ((om == split.month[i]) & (od < split.day[i]));
            out[i] = (year - split.year[i] - before) * one;
        }
        return Operand::of(out);
    }
    for (std::size_t i = 0; i < c.lanes; ++i) out[i] = age(a.column[i]);
    return Operand::of(out);
}

}  // namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA
