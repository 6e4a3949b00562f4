#include "engine/ir/equivalence.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "engine/calendar.hpp"
#include "engine/ir/dependencies.hpp"

namespace relais::ir {

namespace {

bool same_parameter(const Parameter& a, const Parameter& b) {
    if (a.name != b.name || !(a.type == b.type) || a.is_scale != b.is_scale || a.values.size() != b.values.size())
        return false;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        const ParameterValue& x = a.values[i];
        const ParameterValue& y = b.values[i];
        if (x.effective != y.effective || x.value != y.value || x.scale.size() != y.scale.size()) return false;
        for (std::size_t k = 0; k < x.scale.size(); ++k)
            if (x.scale[k].key != y.scale[k].key || x.scale[k].value != y.scale[k].value) return false;
    }
    return true;
}


// Compares one base variable's clauses with one reform variable's, node for node; collects the
// reform variables read (to be equal themselves). Parameters are compared with their values,
// or by name only (when their values are compared month by month elsewhere).
class Comparer {
public:
    enum class Parameters { WithValues, ByName };
    Comparer(const Program& base, const Program& reform, Parameters parameters = Parameters::WithValues)
        : base_(base), reform_(reform), parameters_(parameters) {}

    /// Two expressions, node for node (reads of variables compared by name).
    bool same_expression(std::uint32_t a, std::uint32_t b) {
        std::vector<std::uint32_t> reads;
        reads_ = &reads;
        return same_node(a, b);
    }

    bool same_variable(std::uint32_t a, std::uint32_t b, std::vector<std::uint32_t>& reads) {
        const Variable& x = base_.variables[a];
        const Variable& y = reform_.variables[b];
        reads_ = &reads;
        if (x.name != y.name || !(x.type == y.type) || x.entity != y.entity || x.formulas.size() != y.formulas.size() ||
            x.exceptions.size() != y.exceptions.size())
            return false;
        for (std::size_t i = 0; i < x.formulas.size(); ++i)
            if (x.formulas[i].from != y.formulas[i].from || !same_node(x.formulas[i].expr, y.formulas[i].expr)) return false;
        for (std::size_t i = 0; i < x.exceptions.size(); ++i) {
            const Exception& e = x.exceptions[i];
            const Exception& f = y.exceptions[i];
            if (e.overrides != f.overrides || e.from != f.from || e.until != f.until ||
                !same_node(e.condition, f.condition) || !same_node(e.expr, f.expr))
                return false;
        }
        return true;
    }

private:
    bool same_node(std::uint32_t a, std::uint32_t b) {
        if (a == none || b == none) return a == b;
        const Node& x = base_.nodes[a];
        const Node& y = reform_.nodes[b];
        if (x.op != y.op || !(x.type == y.type) || x.offset != y.offset || x.offset_to != y.offset_to ||
            x.window_of_input != y.window_of_input || x.roles != y.roles || x.imm != y.imm || x.arg_count != y.arg_count)
            return false;
        if (reads_variable(x)) {
            if (base_.variables[x.ref].name != reform_.variables[y.ref].name) return false;
            reads_->push_back(y.ref);
        } else if (x.op == Op::ReadParameter || x.op == Op::ScaleLookup) {
            const Parameter& p = base_.parameters[x.ref];
            const Parameter& q = reform_.parameters[y.ref];
            if (parameters_ == Parameters::ByName ? p.name != q.name : !same_parameter(p, q)) return false;
        } else if (x.ref != y.ref) {
            return false;  // an input, entity or role: declared alike in both programs
        }
        for (std::uint32_t i = 0; i < x.arg_count; ++i)
            if (!same_node(base_.arg(x, i), reform_.arg(y, i))) return false;
        return true;
    }

    const Program& base_;
    const Program& reform_;
    Parameters parameters_;
    std::vector<std::uint32_t>* reads_ = nullptr;
};

// The value of `p` in force on `day`, or null before its first.
const ParameterValue* in_force(const Parameter& p, Date day) {
    const ParameterValue* found = nullptr;
    for (const ParameterValue& v : p.values)
        if (v.effective <= day) found = &v;
    return found;
}

bool same_value(const ParameterValue* a, const ParameterValue* b) {
    if (a == nullptr || b == nullptr) return a == b;
    if (a->value != b->value || a->scale.size() != b->scale.size()) return false;
    for (std::size_t k = 0; k < a->scale.size(); ++k)
        if (a->scale[k].key != b->scale[k].key || a->scale[k].value != b->scale[k].value) return false;
    return true;
}

// The first month in which a value in force on some day differs (the month of that day).
Month first_value_difference(const Parameter& a, const Parameter& b) {
    std::vector<Date> days;
    for (const Parameter* p : {&a, &b})
        for (const ParameterValue& v : p->values) days.push_back(v.effective);
    std::sort(days.begin(), days.end());
    for (const Date day : days)
        if (!same_value(in_force(a, day), in_force(b, day))) return engine::month_of(day);
    return until_forever;
}

// The first month in which the clauses in force of two variables of the same name differ.
Month first_clause_difference(const Variable& x, const Variable& y, Comparer& names) {
    Month first = until_forever;
    // Formulas: the one in force changes only where one of them starts.
    std::vector<Month> starts{since_always};
    for (const Variable* v : {&x, &y})
        for (const Formula& f : v->formulas) starts.push_back(f.from);
    std::sort(starts.begin(), starts.end());
    const auto formula_at = [](const Variable& v, Month m) {
        std::uint32_t expr = none;
        for (const Formula& f : v.formulas)
            if (f.from <= m) expr = f.expr;
        return expr;
    };
    for (const Month m : starts) {
        const std::uint32_t a = formula_at(x, m);
        const std::uint32_t b = formula_at(y, m);
        if ((a == none) != (b == none) || (a != none && !names.same_expression(a, b))) {
            first = m;
            break;
        }
    }
    // Exceptions: the base's, unchanged and first, then the reform's own from their first month
    // (a base exception cannot be `sur` one of them, so they change nothing before).
    if (y.exceptions.size() < x.exceptions.size()) return since_always;
    for (std::size_t i = 0; i < x.exceptions.size(); ++i) {
        const Exception& e = x.exceptions[i];
        const Exception& f = y.exceptions[i];
        if (e.overrides != f.overrides || e.from != f.from || e.until != f.until ||
            !names.same_expression(e.condition, f.condition) || !names.same_expression(e.expr, f.expr))
            return since_always;
    }
    for (std::size_t i = x.exceptions.size(); i < y.exceptions.size(); ++i) first = std::min(first, y.exceptions[i].from);
    return first;
}

std::string_view variable_name(const Program& program, std::uint32_t v) {
    return v < program.variables.size() ? std::string_view(program.variables[v].name) : std::string_view();
}

}  // namespace

std::vector<std::uint32_t> variables_of_same_name(const Program& base, const Program& reform) {
    std::unordered_map<std::string_view, std::uint32_t> base_by_name;
    for (std::uint32_t v = 0; v < base.variables.size(); ++v) base_by_name.emplace(base.variables[v].name, v);
    std::vector<std::uint32_t> same(reform.variables.size(), none);
    for (std::uint32_t v = 0; v < reform.variables.size(); ++v) {
        const auto found = base_by_name.find(reform.variables[v].name);
        if (found == base_by_name.end()) continue;
        const Variable& x = base.variables[found->second];
        const Variable& y = reform.variables[v];
        if (x.type == y.type && x.entity == y.entity) same[v] = found->second;
    }
    return same;
}

Month first_difference(const Program& base, const Program& reform) {
    Month first = until_forever;
    std::unordered_map<std::string_view, std::uint32_t> parameters;
    for (std::uint32_t p = 0; p < base.parameters.size(); ++p) parameters.emplace(base.parameters[p].name, p);
    for (const Parameter& q : reform.parameters) {
        const auto found = parameters.find(q.name);
        if (found == parameters.end()) continue;  // new: read only by clauses that differ
        const Parameter& p = base.parameters[found->second];
        if (!(p.type == q.type) || p.is_scale != q.is_scale) return since_always;
        first = std::min(first, first_value_difference(p, q));
    }
    Comparer names(base, reform, Comparer::Parameters::ByName);
    const std::vector<std::uint32_t> same = variables_of_same_name(base, reform);
    for (std::uint32_t v = 0; v < reform.variables.size(); ++v) {
        if (same[v] == none) continue;  // new, or another type: read only by clauses that differ
        first = std::min(first, first_clause_difference(base.variables[same[v]], reform.variables[v], names));
    }
    return first;
}

bool same_schemes(const Program& base, const Program& reform) {
    if (base.schemes.size() != reform.schemes.size() || base.transitions.size() != reform.transitions.size()) return false;
    const auto same_variable = [&](std::uint32_t a, std::uint32_t b) {
        return (a == none) == (b == none) && variable_name(base, a) == variable_name(reform, b);
    };
    for (std::size_t s = 0; s < base.schemes.size(); ++s) {
        const Scheme& x = base.schemes[s];
        const Scheme& y = reform.schemes[s];
        if (x.name != y.name || x.entity != y.entity || x.label != y.label || x.nature != y.nature ||
            x.opens != y.opens || x.source != y.source || x.conditions.size() != y.conditions.size() ||
            !same_variable(x.eligible, y.eligible) || !same_variable(x.due, y.due) || !same_variable(x.paid, y.paid) ||
            !same_variable(x.value, y.value))
            return false;
        for (std::size_t c = 0; c < x.conditions.size(); ++c)
            if (x.conditions[c].label != y.conditions[c].label ||
                !same_variable(x.conditions[c].variable, y.conditions[c].variable))
                return false;
    }
    for (std::size_t t = 0; t < base.transitions.size(); ++t) {
        const Transition& x = base.transitions[t];
        const Transition& y = reform.transitions[t];
        if (x.name != y.name || x.label != y.label || x.from != y.from || x.to != y.to || x.source != y.source) return false;
    }
    return true;
}

std::vector<std::uint32_t> equivalent_variables(const Program& base, const Program& reform) {
    // Candidates: the base variable of the same name, type and entity, with the same clauses.
    std::vector<std::uint32_t> same = variables_of_same_name(base, reform);
    std::vector<std::vector<std::uint32_t>> reads(reform.variables.size());
    Comparer comparer(base, reform);
    for (std::uint32_t v = 0; v < reform.variables.size(); ++v)
        if (same[v] != none && !comparer.same_variable(same[v], v, reads[v])) same[v] = none;
    // Drop every variable that reads one that is not equal, until none is left to drop.
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (std::uint32_t v = 0; v < reform.variables.size(); ++v) {
            if (same[v] == none) continue;
            for (const std::uint32_t u : reads[v]) {
                if (same[u] == none) {
                    same[v] = none;
                    dropped = true;
                    break;
                }
            }
        }
    }
    return same;
}

}  // namespace relais::ir
