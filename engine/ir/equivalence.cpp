#include "engine/ir/equivalence.hpp"

#include <string_view>
#include <unordered_map>

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

bool reads_variable(const Node& n) {
    switch (n.op) {
    case Op::ReadVariable: return true;
    case Op::WindowSum:
    case Op::WindowMean:
    case Op::WindowMin:
    case Op::WindowMax:
    case Op::WindowAll:
    case Op::WindowAny:
    case Op::Review: return !n.window_of_input;
    default: return false;
    }
}

// Compares one base variable's clauses with one reform variable's, node for node; collects the
// reform variables read (to be equal themselves).
class Comparer {
public:
    Comparer(const Program& base, const Program& reform) : base_(base), reform_(reform) {}

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
            if (!same_parameter(base_.parameters[x.ref], reform_.parameters[y.ref])) return false;
        } else if (x.ref != y.ref) {
            return false;  // an input, entity or role: declared alike in both programs
        }
        for (std::uint32_t i = 0; i < x.arg_count; ++i)
            if (!same_node(base_.arg(x, i), reform_.arg(y, i))) return false;
        return true;
    }

    const Program& base_;
    const Program& reform_;
    std::vector<std::uint32_t>* reads_ = nullptr;
};

std::string_view variable_name(const Program& program, std::uint32_t v) {
    return v < program.variables.size() ? std::string_view(program.variables[v].name) : std::string_view();
}

}  // namespace

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
    std::unordered_map<std::string_view, std::uint32_t> base_by_name;
    for (std::uint32_t v = 0; v < base.variables.size(); ++v) base_by_name.emplace(base.variables[v].name, v);

    std::vector<std::uint32_t> same(reform.variables.size(), none);
    std::vector<std::vector<std::uint32_t>> reads(reform.variables.size());
    Comparer comparer(base, reform);
    for (std::uint32_t v = 0; v < reform.variables.size(); ++v) {
        const auto found = base_by_name.find(reform.variables[v].name);
        if (found != base_by_name.end() && comparer.same_variable(found->second, v, reads[v])) same[v] = found->second;
    }
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
