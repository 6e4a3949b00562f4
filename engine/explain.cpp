// Explanations: recomputes one stored value with the node evaluator in recording mode, so that
// the trace holds exactly what the formula read and which conditions it tested. Reads of other
// variables come from the stored values, so an explanation is one level deep by design; a
// caller explains a read variable by asking again.
#include "engine/evaluator.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "engine/evaluator_internal.hpp"

namespace relais::engine {

namespace {

bool same_span(const SourceSpan& a, const SourceSpan& b) {
    return a.file == b.file && a.begin == b.begin && a.end == b.end;
}

}  // namespace

Trace Evaluation::explain(std::uint32_t variable, std::uint32_t instance, Month month) const {
    const ir::Variable& var = program_->variables.at(variable);
    if (instance >= data_->instance_count(var.entity))
        throw std::out_of_range("Evaluation::explain : instance " + std::to_string(instance) + " de « " + var.name +
                                " » hors du cas");
    if (month > data_->last)
        throw std::out_of_range("Evaluation::explain : " + format_month(month) + " après la fin du cas (" +
                                format_month(data_->last) + ")");

    Trace trace;
    trace.variable = variable;
    trace.instance = instance;
    trace.month = month;
    if (month < data_->first) {
        trace.clause = Trace::Clause::BeforePeriod;
        return trace;
    }

    const CaseTables tables(*program_, *data_);
    EvaluatorImpl impl(*program_, *data_, tables, values_, &trace);
    ChosenClause chosen;
    try {
        trace.value = impl.compute(variable, instance, month, chosen);
    } catch (const EvalFailure& failure) {
        // The run that produced this Evaluation computed the same value without error.
        throw std::logic_error("Evaluation::explain : le recalcul a échoué : " + failure.error.message);
    }
    trace.clause = chosen.clause;
    if (chosen.clause == Trace::Clause::Formula) trace.formula = chosen.index;
    if (chosen.clause == Trace::Clause::Exception) trace.exception = chosen.index;
    return trace;
}

void EvaluatorImpl::note_read(TraceRead read) {
    // A window or an aggregate may read the same value more than once; it is listed once.
    for (const TraceRead& r : trace_->reads)
        if (r.kind == read.kind && r.ref == read.ref && r.entity == read.entity && r.instance == read.instance &&
            r.month == read.month && r.value == read.value)
            return;
    trace_->reads.push_back(std::move(read));
}

void EvaluatorImpl::note_parameter(const ir::Node& n, Month month, const ir::ParameterValue& in_force, Value value) {
    TraceRead read;
    read.kind = TraceRead::Kind::Parameter;
    read.ref = n.ref;
    read.month = month;
    read.value = value;
    read.effective = in_force.effective;
    read.source = in_force.source;
    read.span = n.span;
    note_read(std::move(read));
}

void EvaluatorImpl::note_condition(SourceSpan span, bool value, const std::string& exception_label) {
    // An `si` inside an aggregate is tested once per member; identical outcomes are listed once.
    for (const TraceCondition& c : trace_->conditions)
        if (same_span(c.span, span) && c.value == value && c.exception_label == exception_label) return;
    trace_->conditions.push_back({span, value, exception_label});
}

}  // namespace relais::engine
