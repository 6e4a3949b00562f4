// The columnar plan: what a population run derives from the program alone (order, lookbacks,
// inputs read, exception precedence), once, before any chunk.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/columnar.hpp"
#include "engine/ir/dependencies.hpp"
#include "engine/ir/precedence.hpp"

namespace relais::engine::columnar {

namespace {

using ir::Op;

// Every node reachable from the clauses of the needed variables, each once.
std::vector<std::uint32_t> reachable_nodes(const ir::Program& program, const std::vector<bool>& needed) {
    std::vector<bool> seen(program.nodes.size(), false);
    std::vector<std::uint32_t> nodes;
    std::vector<std::uint32_t> to_visit;
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        if (!needed[v]) continue;
        const ir::Variable& variable = program.variables[v];
        for (const ir::Formula& f : variable.formulas) to_visit.push_back(f.expr);
        for (const ir::Exception& e : variable.exceptions) {
            to_visit.push_back(e.condition);
            to_visit.push_back(e.expr);
        }
    }
    while (!to_visit.empty()) {
        const std::uint32_t id = to_visit.back();
        to_visit.pop_back();
        if (id == ir::none || seen.at(id)) continue;
        seen[id] = true;
        nodes.push_back(id);
        const ir::Node& n = program.nodes[id];
        for (std::uint32_t i = 0; i < n.arg_count; ++i) to_visit.push_back(program.arg(n, i));
    }
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

}  // namespace

Plan::Plan(const ir::Program& program) : Plan(program, std::vector<bool>(program.variables.size(), true)) {}

Plan::Plan(const ir::Program& program, std::vector<bool> needed) : program_(&program), needed_(std::move(needed)) {
    needed_.resize(program.variables.size(), false);
    for (const std::uint32_t v : program.evaluation_order)
        if (needed_.at(v)) order_.push_back(v);

    std::vector<bool> input_read(program.inputs.size(), false);
    input_lookback_.assign(program.inputs.size(), 0);
    for (const std::uint32_t id : reachable_nodes(program, needed_)) {
        const ir::Node& n = program.nodes[id];
        const bool reads_input = n.op == Op::ReadInput || ((ir::is_window(n.op) || n.op == Op::Review) && n.window_of_input);
        const bool reads_variable = ir::reads_variable(n);
        if (reads_variable && !needed_.at(n.ref))
            throw std::invalid_argument("columnar::Plan : « " + program.variables.at(n.ref).name +
                                        " » est lue par une variable demandée sans être demandée");
        if (n.op == Op::Review && n.imm <= 0) throw std::logic_error("réexamen : période non positive");
        if ((n.op == Op::Round || n.op == Op::RoundDown || n.op == Op::RoundUp) && n.imm <= 0)
            throw std::invalid_argument("round_to: le pas doit être strictement positif");
        if (reads_input) {
            input_read.at(n.ref) = true;
            // A review reads back at most period - 1 months.
            const std::int64_t back = n.op == Op::Review ? n.imm - 1 : -std::int64_t{n.offset};
            input_lookback_[n.ref] = static_cast<std::int32_t>(std::max<std::int64_t>(input_lookback_[n.ref], back));
        }
        if (n.op == Op::ReadParameter || n.op == Op::ScaleLookup)
            parameter_lookback_ = std::max(parameter_lookback_, -n.offset);
    }
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i)
        if (input_read[i]) inputs_read_.push_back(i);

    // Exception precedence: the transitive closure of `sur`, as the scalar evaluator builds it.
    over_.resize(program.variables.size());
    winner_tables_.resize(program.variables.size());
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        if (!needed_[v]) continue;
        const auto& exceptions = program.variables[v].exceptions;
        const std::size_t n = exceptions.size();
        if (n > 64)
            throw std::invalid_argument("columnar::Plan : « " + program.variables[v].name +
                                        " » a plus de 64 exceptions");
        auto& m = over_[v];
        m = ir::exception_precedence(program.variables[v]);
        if (n >= 1 && n <= table_limit) {
            auto& table = winner_tables_[v];
            table.resize(std::size_t{1} << n);
            for (std::uint64_t mask = 0; mask < table.size(); ++mask) table[mask] = winner(v, mask);
        }
    }
}

std::int16_t Plan::winner(std::uint32_t variable, std::uint64_t applicable) const {
    // The scalar evaluator lists applicable exceptions in index order and takes the first one
    // that is strictly `sur` every other; none such is a conflict.
    std::uint32_t list[64];
    std::size_t count = 0;
    for (std::uint32_t i = 0; i < 64; ++i)
        if ((applicable >> i) & 1U) list[count++] = i;
    if (count == 0) return no_exception;
    if (count == 1) return static_cast<std::int16_t>(list[0]);
    const std::size_t n = program_->variables[variable].exceptions.size();
    const auto& over = over_[variable];
    const auto is_over = [&](std::uint32_t a, std::uint32_t b) { return over[a * n + b] != 0; };
    for (std::size_t k = 0; k < count; ++k) {
        bool over_all = true;
        for (std::size_t l = 0; l < count && over_all; ++l)
            if (l != k && (!is_over(list[k], list[l]) || is_over(list[l], list[k]))) over_all = false;
        if (over_all) return static_cast<std::int16_t>(list[k]);
    }
    return conflict;
}

}  // namespace relais::engine::columnar
