// Transitive closure of variable reads over every formula and exception of a program.
#include "engine/ir/dependencies.hpp"

namespace relais::ir {

std::vector<bool> needed_variables(const Program& program, const std::vector<std::uint32_t>& roots) {
    std::vector<bool> needed(program.variables.size(), false);
    std::vector<std::uint32_t> variables_to_visit;
    std::vector<std::uint32_t> nodes_to_visit;
    auto need = [&](std::uint32_t v) {
        if (v == none || needed[v]) return;
        needed[v] = true;
        variables_to_visit.push_back(v);
    };
    for (const std::uint32_t root : roots) need(root);
    while (!variables_to_visit.empty()) {
        const Variable& variable = program.variables[variables_to_visit.back()];
        variables_to_visit.pop_back();
        for (const Formula& f : variable.formulas) nodes_to_visit.push_back(f.expr);
        for (const Exception& e : variable.exceptions) {
            nodes_to_visit.push_back(e.condition);
            nodes_to_visit.push_back(e.expr);
        }
        while (!nodes_to_visit.empty()) {
            const std::uint32_t id = nodes_to_visit.back();
            nodes_to_visit.pop_back();
            if (id == none) continue;
            const Node& n = program.nodes[id];
            if (reads_variable(n)) need(n.ref);
            for (std::uint32_t i = 0; i < n.arg_count; ++i) nodes_to_visit.push_back(program.arg(n, i));
        }
    }
    return needed;
}

bool reads_variable(const Node& n) {
    if (n.op == Op::ReadVariable) return true;
    return (is_window(n.op) || n.op == Op::Review) && !n.window_of_input;
}

}  // namespace relais::ir
