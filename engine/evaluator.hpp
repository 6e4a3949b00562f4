// The scalar evaluator: computes every variable of a compiled program for every instance and
// month of one case, in the program's evaluation order, and explains any value on request.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/case_data.hpp"
#include "engine/diagnostic.hpp"
#include "engine/ir/ir.hpp"

namespace relais::engine {

/// An evaluation that could not complete: what, where in the rules, and for whom and when.
struct EvalError {
    Code code = Code::Overflow;
    std::string message;   ///< in French, names the input/parameter/variable concerned
    SourceSpan span;       ///< the rules node being evaluated
    std::uint32_t entity = ir::none;
    std::uint32_t instance = ir::none;
    Month month = 0;
};

/// One value read while computing a traced value.
struct TraceRead {
    enum class Kind { Input, Variable, Parameter };
    Kind kind = Kind::Input;
    std::uint32_t ref = ir::none;       ///< input, variable or parameter id
    std::uint32_t entity = ir::none;    ///< whose value (ir::none for parameters)
    std::uint32_t instance = ir::none;
    Month month = 0;
    Value value = 0;
    bool defaulted = false;             ///< input not given: its default was used
    // For parameters: the value's date of effect and its legal source.
    Date effective = 0;
    std::string source;
    SourceSpan span;                    ///< where the rules read it
};

/// A condition evaluated while computing a traced value (an exception's guard or an `si`).
struct TraceCondition {
    SourceSpan span;
    bool value = false;
    std::string exception_label;  ///< set for an exception's guard
};

struct Trace {
    std::uint32_t variable = ir::none;
    std::uint32_t instance = ir::none;
    Month month = 0;
    Value value = 0;
    enum class Clause { Formula, Exception, BeforePeriod } clause = Clause::Formula;
    std::uint32_t formula = ir::none;    ///< index into Variable::formulas when clause == Formula
    std::uint32_t exception = ir::none;  ///< index into Variable::exceptions when clause == Exception
    std::vector<TraceRead> reads;        ///< direct reads of this value's formula, in order, without repeats
    std::vector<TraceCondition> conditions;
};

class Evaluation {
public:
    /// Evaluates every variable for every instance and every month first..last of `data`.
    /// `program` and `data` must outlive the Evaluation.
    static std::variant<Evaluation, EvalError> run(const ir::Program& program, const CaseData& data);
    /// Evaluates only the variables with needed[v] (see ir::needed_variables: it must be
    /// closed under reads). Reading another one with value() is a logic error.
    static std::variant<Evaluation, EvalError> run(const ir::Program& program, const CaseData& data,
                                                   const std::vector<bool>& needed);
    /// The Evaluation keeps pointers to both: temporaries would dangle.
    static std::variant<Evaluation, EvalError> run(const ir::Program&& program, const CaseData& data) = delete;
    static std::variant<Evaluation, EvalError> run(const ir::Program& program, const CaseData&& data) = delete;

    /// The value of `variable` for `instance` at `month` (months before `first` give the zero
    /// of the type; months after `last` are out of range: std::out_of_range).
    Value value(std::uint32_t variable, std::uint32_t instance, Month month) const;

    /// Why `variable` has its value for `instance` at `month`: the clause used and every
    /// input, variable and parameter it read.
    Trace explain(std::uint32_t variable, std::uint32_t instance, Month month) const;

    const CaseData& data() const { return *data_; }

private:
    Evaluation(const ir::Program& program, const CaseData& data);
    friend class EvaluatorImpl;

    const ir::Program* program_;
    const CaseData* data_;
    /// [variable] -> values laid out [instance * months + (month - first)]; empty for a
    /// variable that was not needed.
    std::vector<std::vector<Value>> values_;
    std::vector<bool> computed_;
};

/// Formats a value of `type` for people ("350,82 €", "12 %", "vrai", "2025-03-01",
/// "mars 2025", an enumeration value's name).
std::string format_value(const ir::Program& program, ir::Type type, Value v);

}  // namespace relais::engine
