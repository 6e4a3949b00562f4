// Months where a variable cannot have changed. Most of a population's months repeat the one
// before for most variables: the history months before periode.debut hold the case's
// situation still, and in the reported months an event moves a few lanes of a chunk and only
// what reads them. A variable whose clauses and observations (variables and inputs read at
// M+k, parameters, memberships) are the same as at M-1 shares M-1's column instead of being
// evaluated; and a column that comes out equal to M-1's is replaced by it, so that steadiness
// spreads to what reads it. Equal columns are recognised by pointer: a shared column is the
// same memory.
//
// Why skipping is exact, failures included: a variable's value and whether a lane fails are
// functions of what it observes; if that is the same at M as at M-1, the evaluation at M
// repeats the one at M-1, which either failed (the case is failed already) or gave this column.
#include <algorithm>
#include <bit>
#include <cstring>

#include "engine/columnar_internal.hpp"

namespace relais::engine::columnar {

namespace {

// The same reference read at several places (or at overlapping months) is checked once.
void merge_ranges(std::vector<Observed::Range>& ranges) {
    std::sort(ranges.begin(), ranges.end(),
              [](const Observed::Range& a, const Observed::Range& b) { return std::pair{a.ref, a.from} < std::pair{b.ref, b.from}; });
    std::size_t kept = 0;
    for (const Observed::Range& r : ranges) {
        if (kept > 0 && ranges[kept - 1].ref == r.ref && r.from <= ranges[kept - 1].to + 1)
            ranges[kept - 1].to = std::max(ranges[kept - 1].to, r.to);
        else
            ranges[kept++] = r;
    }
    ranges.resize(kept);
}

}  // namespace

void EvaluatorImpl::find_observations() {
    using ir::Op;
    if (!node_contexts_known_) find_node_contexts();
    observed_.assign(program_.variables.size(), Observed{});
    std::vector<std::uint32_t> seen(program_.nodes.size(), ir::none);  // [node] -> variable that visited it
    for (const std::uint32_t v : plan_.order()) {
        Observed& o = observed_[v];
        const auto visit = [&](auto& self, std::uint32_t id) -> void {
            if (id == ir::none || seen[id] == v) return;
            seen[id] = v;
            const ir::Node& n = program_.nodes[id];
            if (ir::is_window(n.op)) {
                (n.window_of_input ? o.inputs : o.variables).push_back({n.ref, n.offset, n.offset_to});
            } else if (ir::is_aggregate(n.op) || n.op == Op::RoleGet) {
                if (too_many_entities_) o.month_dependent = true;
                o.member_entities |= node_contexts_[id];
            }
            switch (n.op) {
            case Op::ReadVariable: o.variables.push_back({n.ref, n.offset, n.offset}); break;
            case Op::ReadInput: o.inputs.push_back({n.ref, n.offset, n.offset}); break;
            case Op::ReadParameter:
            case Op::ScaleLookup: o.parameters.emplace_back(n.ref, n.offset); break;
            case Op::Review: {
                // Reads the reference at its last review month R, M-period < R <= M: if the
                // reference did not change over M-period .. M, any R at M or M-1 reads the same.
                const std::int32_t reach = n.imm > 0 && n.imm <= 1200 ? static_cast<std::int32_t>(n.imm) - 1 : 0;
                if (n.imm <= 0 || n.imm > 1200) o.month_dependent = true;
                (n.window_of_input ? o.inputs : o.variables).push_back({n.ref, -reach, 0});
                break;
            }
            case Op::CurrentMonth:
            case Op::MonthStart:
            case Op::AgeYears: o.month_dependent = true; break;
            default: break;  // element-wise, constants, GroupGet (a person's group never changes)
            }
            for (std::uint32_t i = 0; i < n.arg_count; ++i) self(self, program_.arg(n, i));
        };
        const ir::Variable& var = program_.variables[v];
        for (const ir::Formula& f : var.formulas) visit(visit, f.expr);
        for (const ir::Exception& e : var.exceptions) {
            visit(visit, e.condition);
            visit(visit, e.expr);
        }
        merge_ranges(o.variables);
        merge_ranges(o.inputs);
        std::sort(o.parameters.begin(), o.parameters.end());
        o.parameters.erase(std::unique(o.parameters.begin(), o.parameters.end()), o.parameters.end());
    }
}

bool EvaluatorImpl::same_clauses_and_parameters(std::uint32_t variable, Month month) const {
    const ir::Variable& var = program_.variables[variable];
    // The same clauses in force: no formula starts at M, no exception starts or ends.
    for (const ir::Formula& f : var.formulas)
        if (f.from == month) return false;
    for (const ir::Exception& e : var.exceptions)
        if (e.from == month || e.until == month - 1) return false;
    for (const auto& [parameter, offset] : observed_[variable].parameters)
        if (parameter_at(parameter, month + offset) != parameter_at(parameter, month - 1 + offset)) return false;
    return true;
}

void EvaluatorImpl::find_clause_changes() {
    // They depend on the chunk's months only: consecutive chunks share them.
    const ChunkResult& r = *result_;
    if (!clause_changes_.empty() && clause_changes_months_ == std::pair{r.first_, r.last_}) return;
    clause_changes_months_ = {r.first_, r.last_};
    clause_changes_.assign(program_.variables.size(), 0);
    for (const std::uint32_t v : plan_.order())
        for (Month month = r.first_ + 1; month <= r.last_ && month - r.first_ < 64; ++month)
            if (!same_clauses_and_parameters(v, month)) clause_changes_[v] |= std::uint64_t{1} << (month - r.first_);
}

bool EvaluatorImpl::steady(std::uint32_t variable, Month month) const {
    const Observed& o = observed_[variable];
    if (o.month_dependent) return false;
    const Month first = result_->first_;
    if (month - first < 64 ? (clause_changes_[variable] >> (month - first)) & 1
                           : !same_clauses_and_parameters(variable, month))
        return false;

    for (const Observed::Range& r : o.variables) {
        // Months M+from-1 .. M+to, each column looked up once; before the first month every
        // variable is 0: no column.
        const Value* const* columns = result_->columns_[r.ref].data();
        const std::int64_t low = std::int64_t{month} + r.from - first, high = std::int64_t{month} + r.to - first;
        const Value* before = low < 1 ? nullptr : columns[low - 1];
        for (std::int64_t i = low; i <= high; ++i) {
            const Value* now = i < 0 ? nullptr : columns[i];
            if (now != before) return false;
            before = now;
        }
    }
    for (const Observed::Range& r : o.inputs) {
        const InputColumns& col = inputs_[r.ref];
        if (col.changed.empty()) continue;
        for (std::int32_t k = r.from; k <= r.to; ++k) {
            const std::int64_t at = std::int64_t{month} + k - col.base;
            if (at < 1 || at >= static_cast<std::int64_t>(col.changed.size()) || col.changed[static_cast<std::size_t>(at)])
                return false;
        }
    }
    for (std::uint64_t set = o.member_entities; set != 0; set &= set - 1) {
        const Members& m = members_[static_cast<std::size_t>(std::countr_zero(set))];
        if (m.dated && m.epoch(month) != m.epoch(month - 1)) return false;
    }
    return true;
}

void EvaluatorImpl::share_if_unchanged(std::uint32_t variable, Month month) {
    const std::uint32_t lanes = result_->lanes_[program_.variables[variable].entity];
    if (lanes == 0) return;
    const Value* now = column(variable, month);
    const Value* before = column(variable, month - 1);
    if (now != before && std::memcmp(now, before, lanes * sizeof(Value)) == 0) {
        alias(variable, month, before);
        give_back(variable, now);  // when it was this variable's own new column
    }
}

}  // namespace relais::engine::columnar
