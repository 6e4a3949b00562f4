// Internals of the scalar evaluator, shared by evaluator.cpp (run, value) and explain.cpp: the
// per-case tables built before the first node is evaluated, and the recursive node evaluator.
// Not part of the engine's API: include only from engine/evaluator*.cpp and engine/explain.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/case_data.hpp"
#include "engine/evaluator.hpp"
#include "engine/ir/ir.hpp"

namespace relais::engine {

/// Where an expression is evaluated: one instance of one entity, at one month.
struct Context {
    std::uint32_t entity = ir::none;
    std::uint32_t instance = ir::none;
    Month month = 0;
};

/// What a program and a case allow to know before any node is evaluated, so that every read
/// during evaluation is an index, never a search. Built once per Evaluation::run (and again
/// by explain, which is rare).
struct CaseTables {
    /// Checks the shape of `data` against `program` (std::invalid_argument when it is not the
    /// case of this program: a bug in whoever built it, not a fault of the rules).
    CaseTables(const ir::Program& program, const CaseData& data);

    Month first = 0;
    Month last = 0;
    std::int32_t months = 0;  ///< last - first + 1

    /// Parameter values in force, for months parameter_base..last:
    /// [parameter * parameter_months + (month - parameter_base)] -> index into
    /// Parameter::values, or ir::none before the first value.
    Month parameter_base = 0;
    std::int32_t parameter_months = 0;
    std::vector<std::uint32_t> parameter_value;

    /// [group entity][person instance] -> the group instance the person belongs to, or
    /// ir::none. Empty for the individual entity.
    std::vector<std::vector<std::uint32_t>> group_of_person;

    /// [variable] -> n x n matrix over its exceptions: over[i * n + j] is 1 when exception i
    /// is `sur` exception j, directly or through other exceptions.
    std::vector<std::vector<std::uint8_t>> over;
    std::size_t max_exceptions = 0;

    std::uint32_t parameter_value_at(std::uint32_t parameter, Month month) const {
        if (month < parameter_base || month > last) return ir::none;
        return parameter_value[static_cast<std::size_t>(parameter) * parameter_months + (month - parameter_base)];
    }
};

/// Thrown inside the evaluator and caught by Evaluation::run, which returns the error.
struct EvalFailure {
    EvalError error;
};

/// The clause that gave a variable its value at one month.
struct ChosenClause {
    Trace::Clause clause = Trace::Clause::Formula;
    std::uint32_t index = ir::none;  ///< into Variable::formulas or Variable::exceptions
};

/// Evaluates expression nodes against stored values; one instance serves a whole run. Its only
/// changing state is the optional trace and the scratch list of applicable exceptions, used by
/// compute (which node evaluation never re-enters).
class EvaluatorImpl {
public:
    /// `values` are read (never written) through this object; `trace` is null except for
    /// explain, which records every read and condition into it.
    EvaluatorImpl(const ir::Program& program, const CaseData& data, const CaseTables& tables,
                  const std::vector<std::vector<Value>>& values, Trace* trace);

    /// The value of `variable` for `instance` at `month` (first <= month <= last): chooses the
    /// clause in force and evaluates it. Throws EvalFailure.
    Value compute(std::uint32_t variable, std::uint32_t instance, Month month, ChosenClause& chosen);

private:
    /// Among the `count` exceptions in applicable_, the one that is `sur` all the others.
    std::uint32_t winning_exception(std::uint32_t variable, std::size_t count, const Context& c) const;
    Value evaluate(std::uint32_t node, const Context& c);
    Value dispatch(const ir::Node& n, const Context& c);

    Value read_input(const ir::Node& n, std::uint32_t input, const Context& c, Month month);
    Value read_variable(const ir::Node& n, std::uint32_t variable, std::uint32_t instance, Month month);
    const ir::ParameterValue& parameter_in_force(const ir::Node& n, const Context& c, Month month);
    Value read_window_month(const ir::Node& n, const Context& c, Month month);
    Value window(const ir::Node& n, const Context& c);
    Value aggregate(const ir::Node& n, const Context& c);
    Value review(const ir::Node& n, const Context& c);

    std::uint32_t arg(const ir::Node& n, std::uint32_t i) const {
        return i < n.arg_count ? program_.args[n.first_arg + i] : ir::none;
    }
    std::string instance_name(std::uint32_t entity, std::uint32_t instance) const;
    [[noreturn]] void fail(Code code, std::string message, SourceSpan span, const Context& c) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_empty_scale(const ir::Node& n, const Context& c,
                                                                 const ir::ParameterValue& in_force) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_no_member(const ir::Node& n, const Context& c) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_no_group(const ir::Node& n, const Context& c) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_missing_input(const ir::Node& n, std::uint32_t input,
                                                                   const Context& c, Month month) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_no_parameter_value(const ir::Node& n, const Context& c,
                                                                        Month month) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_arithmetic(const ir::Node& n, const Context& c,
                                                                const ArithmeticError& e) const;

    // Trace recording (explain only; see explain.cpp). Callers test `trace_` first so that a
    // plain run builds no TraceRead.
    void note_read(TraceRead read);
    void note_parameter(const ir::Node& n, Month month, const ir::ParameterValue& in_force, Value value);
    void note_condition(SourceSpan span, bool value, const std::string& exception_label);

    const ir::Program& program_;
    const CaseData& data_;
    const CaseTables& tables_;
    const std::vector<std::vector<Value>>& values_;
    Trace* trace_;
    /// Exceptions whose guard holds, for the variable being computed; sized once.
    std::vector<std::uint32_t> applicable_;
};

/// "mars 2025 (2025-03)": how error messages name a month.
std::string month_for_people(Month m);

}  // namespace relais::engine
