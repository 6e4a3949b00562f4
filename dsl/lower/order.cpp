// Same-month dependencies between variables: a variable must be computed after every
// variable its formulas and exceptions read at the same month (reads of earlier months are
// free, since months are evaluated in order). Cycles are found with Tarjan's strongly
// connected components and reported with their path; the rest is a topological order with
// ties broken by variable id, so the same rules always give the same order.
#include "dsl/lower/order.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <vector>

namespace relais::dsl {

namespace {

using engine::SourceSpan;

/// For each variable, the variables it reads at the same month, with the first place it does.
using Reads = std::vector<std::map<std::uint32_t, SourceSpan>>;

bool reads_same_month(const ir::Node& n) {
    switch (n.op) {
    case ir::Op::ReadVariable: return n.offset == 0;
    case ir::Op::WindowSum:
    case ir::Op::WindowMean:
    case ir::Op::WindowMin:
    case ir::Op::WindowMax:
    case ir::Op::WindowAll:
    case ir::Op::WindowAny: return !n.window_of_input && n.offset_to == 0;
    // The last review month may be M itself.
    case ir::Op::Review: return !n.window_of_input;
    default: return false;
    }
}

/// Every same-month read in the tree under `root` (members' and groups' values included).
void collect(const ir::Program& program, std::uint32_t root, std::map<std::uint32_t, SourceSpan>& out) {
    if (root == ir::none) return;
    std::vector<std::uint32_t> pending{root};
    while (!pending.empty()) {
        const ir::Node& n = program.nodes[pending.back()];
        pending.pop_back();
        if (reads_same_month(n)) out.try_emplace(n.ref, n.span);
        for (std::uint32_t i = 0; i < n.arg_count; ++i) {
            const std::uint32_t child = program.arg(n, i);
            if (child != ir::none) pending.push_back(child);
        }
    }
}

Reads dependencies(const ir::Program& program) {
    Reads reads(program.variables.size());
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        const ir::Variable& variable = program.variables[v];
        for (const ir::Formula& f : variable.formulas) collect(program, f.expr, reads[v]);
        for (const ir::Exception& e : variable.exceptions) {
            collect(program, e.condition, reads[v]);
            collect(program, e.expr, reads[v]);
        }
    }
    return reads;
}

/// Tarjan's algorithm, iterative (a long chain of variables must not exhaust the stack).
/// Returns the components, each sorted by variable id.
std::vector<std::vector<std::uint32_t>> components(const Reads& reads) {
    const auto n = static_cast<std::uint32_t>(reads.size());
    constexpr std::uint32_t unvisited = ir::none;
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::uint32_t> stack;
    std::vector<std::vector<std::uint32_t>> result;
    std::uint32_t next = 0;

    struct Frame {
        std::uint32_t v;
        std::map<std::uint32_t, SourceSpan>::const_iterator edge;
    };
    for (std::uint32_t root = 0; root < n; ++root) {
        if (index[root] != unvisited) continue;
        std::vector<Frame> calls{{root, reads[root].begin()}};
        index[root] = low[root] = next++;
        stack.push_back(root);
        on_stack[root] = true;
        while (!calls.empty()) {
            Frame& frame = calls.back();
            const std::uint32_t v = frame.v;
            if (frame.edge != reads[v].end()) {
                const std::uint32_t w = frame.edge->first;
                ++frame.edge;
                if (index[w] == unvisited) {
                    index[w] = low[w] = next++;
                    stack.push_back(w);
                    on_stack[w] = true;
                    calls.push_back({w, reads[w].begin()});
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<std::uint32_t> component;
                std::uint32_t w = 0;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    component.push_back(w);
                } while (w != v);
                std::sort(component.begin(), component.end());
                result.push_back(std::move(component));
            }
            calls.pop_back();
            if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
        }
    }
    return result;
}

/// The shortest cycle from `start` back to itself inside `members` (breadth first, smaller ids
/// first, so the path printed is always the same).
std::vector<std::uint32_t> cycle_path(const Reads& reads, const std::vector<std::uint32_t>& members,
                                      std::uint32_t start) {
    const auto inside = [&](std::uint32_t v) { return std::binary_search(members.begin(), members.end(), v); };
    std::map<std::uint32_t, std::uint32_t> parent;
    std::queue<std::uint32_t> queue;
    queue.push(start);
    while (!queue.empty()) {
        const std::uint32_t v = queue.front();
        queue.pop();
        for (const auto& [w, span] : reads[v]) {
            if (w == start) {
                std::vector<std::uint32_t> path{start};
                for (std::uint32_t u = v; u != start; u = parent.at(u)) path.push_back(u);
                std::reverse(path.begin() + 1, path.end());
                path.push_back(start);
                return path;
            }
            if (!inside(w) || parent.count(w) != 0) continue;
            parent.emplace(w, v);
            queue.push(w);
        }
    }
    return {start, start};
}

}  // namespace

void order(ir::Program& program, engine::DiagnosticSink& sink) {
    const Reads reads = dependencies(program);
    const auto n = static_cast<std::uint32_t>(reads.size());

    std::vector<std::vector<std::uint32_t>> cycles;
    for (std::vector<std::uint32_t>& component : components(reads)) {
        const std::uint32_t v = component.front();
        if (component.size() > 1 || reads[v].count(v) != 0) cycles.push_back(std::move(component));
    }
    std::sort(cycles.begin(), cycles.end());
    for (const std::vector<std::uint32_t>& cycle : cycles) {
        const std::uint32_t start = cycle.front();
        const std::vector<std::uint32_t> path = cycle_path(reads, cycle, start);
        std::string text;
        std::vector<engine::Note> notes;
        for (std::size_t i = 0; i < path.size(); ++i) {
            text += (i ? " → " : "") + program.variables[path[i]].name;
            if (i + 1 < path.size()) {
                const ir::Variable& reader = program.variables[path[i]];
                notes.push_back(
                    {reads[path[i]].at(path[i + 1]), true,
                     "`" + reader.name + "` lit `" + program.variables[path[i + 1]].name + "` au même mois"});
            }
        }
        sink.report({engine::Code::Cycle, program.variables[start].span, "cycle de dépendances au même mois : " + text,
                     "lisez l'une de ces valeurs au mois précédent (`x[M-1]`) ou séparez le calcul en deux variables",
                     std::move(notes)});
    }

    // Kahn's algorithm: a variable is ready once everything it reads at the same month is placed.
    std::vector<std::uint32_t> waiting(n, 0);
    std::vector<std::vector<std::uint32_t>> readers(n);
    for (std::uint32_t v = 0; v < n; ++v) {
        for (const auto& [w, span] : reads[v]) {
            if (w == v) continue;
            ++waiting[v];
            readers[w].push_back(v);
        }
    }
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> ready;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (waiting[v] == 0) ready.push(v);
    }
    std::vector<bool> placed(n, false);
    program.evaluation_order.clear();
    while (!ready.empty()) {
        const std::uint32_t v = ready.top();
        ready.pop();
        placed[v] = true;
        program.evaluation_order.push_back(v);
        for (const std::uint32_t r : readers[v]) {
            if (--waiting[r] == 0) ready.push(r);
        }
    }
    // Variables on a cycle (already reported) go last, so the order still lists every variable.
    for (std::uint32_t v = 0; v < n; ++v) {
        if (!placed[v]) program.evaluation_order.push_back(v);
    }
}

}  // namespace relais::dsl
