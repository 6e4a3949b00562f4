// The layout of a chunk: which lanes each case's instances take, the members of each group
// instance (CSR, with their months), every input resolved into columns (given constant, given
// month, default, or missing), and the parameter values in force. Everything evaluation reads
// becomes an index here, once per chunk. Checks each case as the scalar evaluator does.
#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/columnar_internal.hpp"

namespace relais::engine::columnar {

namespace {

[[noreturn]] void bad_case(const std::string& what) {
    throw std::invalid_argument("données du cas incohérentes avec le programme : " + what);
}

// `values` (one row of `row` values) followed by copies of that row, `rows` rows in all:
// appended, so that the new rows are written once (resizing would zero them first).
void repeat_row(std::vector<Value>& values, std::size_t row, std::size_t rows) {
    if (rows <= 1) return;
    const std::vector<Value> first(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(row));
    values.reserve(row * rows);
    for (std::size_t k = 1; k < rows; ++k) values.insert(values.end(), first.begin(), first.end());
}

}  // namespace

void EvaluatorImpl::lay_out(std::span<const CaseData* const> cases) {
    if (cases.empty()) throw std::invalid_argument("columnar : un lot sans cas");
    ChunkResult& r = *result_;
    const std::size_t entity_count = program_.entities.size();
    const std::uint32_t case_count = static_cast<std::uint32_t>(cases.size());

    r.program_ = &program_;
    r.first_ = cases[0]->first;
    r.last_ = cases[0]->last;
    for (const CaseData* data : cases) {
        if (data->first != r.first_ || data->last != r.last_)
            throw std::invalid_argument("columnar : les cas d'un lot doivent avoir les mêmes mois");
        if (data->last < data->first) bad_case("le dernier mois précède le premier");
        if (data->instance_names.size() != entity_count) bad_case("nombre d'entités");
        if (data->members.size() != entity_count) bad_case("membres : nombre d'entités");
    }
    r.months_ = r.last_ - r.first_ + 1;

    // Lanes: case after case, each case's instances in its own order.
    r.lanes_.assign(entity_count, 0);
    r.case_first_lane_.resize(entity_count);
    r.lane_case_.resize(entity_count);
    for (std::size_t e = 0; e < entity_count; ++e) {
        auto& first_lane = r.case_first_lane_[e];
        first_lane.resize(case_count + 1);
        std::uint32_t lanes = 0;
        for (std::uint32_t c = 0; c < case_count; ++c) {
            first_lane[c] = lanes;
            lanes += cases[c]->instance_count(static_cast<std::uint32_t>(e));
        }
        first_lane[case_count] = lanes;
        r.lanes_[e] = lanes;
        auto& lane_case = r.lane_case_[e];
        lane_case.resize(lanes);
        for (std::uint32_t c = 0; c < case_count; ++c)
            std::fill(lane_case.begin() + first_lane[c], lane_case.begin() + first_lane[c + 1], c);
    }
    r.status_.assign(case_count, CaseStatus::Ok);
    report_first_.resize(case_count);
    for (std::uint32_t c = 0; c < case_count; ++c) report_first_[c] = cases[c]->report_first.value_or(cases[c]->first);
    report_first_uniform_ = std::all_of(report_first_.begin(), report_first_.end(),
                                        [&](Value v) { return v == report_first_.front(); });

    members_.resize(entity_count);
    member_lists_.resize(entity_count);
    for (auto& lists : member_lists_)
        for (MemberList& list : lists) list.built = false;
    for (std::uint32_t g = 0; g < entity_count; ++g) {
        if (!program_.entities[g].is_group()) continue;
        if (program_.person_entity >= entity_count) bad_case("pas d'entité individuelle");
        lay_out_members(cases, g);
    }

    lay_out_inputs(cases);

    // Parameter values in force on the first day of each month a read can reach.
    parameter_base_ = r.first_ - plan_.parameter_lookback();
    parameter_months_ = r.last_ - parameter_base_ + 1;
    std::vector<Date> first_days(static_cast<std::size_t>(parameter_months_));
    for (std::int32_t i = 0; i < parameter_months_; ++i) first_days[i] = first_day(parameter_base_ + i);
    parameter_value_.assign(program_.parameters.size() * static_cast<std::size_t>(parameter_months_), ir::none);
    for (std::size_t p = 0; p < program_.parameters.size(); ++p) {
        const auto& values = program_.parameters[p].values;
        std::uint32_t in_force = ir::none;
        std::uint32_t next = 0;
        for (std::int32_t i = 0; i < parameter_months_; ++i) {
            while (next < values.size() && values[next].effective <= first_days[i]) in_force = next++;
            parameter_value_[p * parameter_months_ + i] = in_force;
        }
    }

    // Which nodes cannot fail and which variables are the same every month depend on the chunk
    // only through its months, which inputs vary by month or miss somewhere, and which
    // memberships change: consecutive chunks of a population usually agree, and keep them.
    std::vector<std::int64_t>& signature = analysis_signature_next_;
    signature.assign({r.first_, r.last_});
    for (const std::uint32_t id : plan_.inputs_read())
        signature.push_back((inputs_[id].stride == 0 ? 1 : 0) | (inputs_[id].missing.empty() ? 2 : 0));
    for (std::uint32_t g = 0; g < members_.size(); ++g) {
        if (!program_.entities[g].is_group()) continue;
        const Members& m = members_[g];
        signature.push_back((m.every_person_grouped ? 1 : 0) | (m.dated && m.epoch(r.first_) != m.epoch(r.last_) ? 2 : 0));
    }
    if (signature != analysis_signature_) {
        find_infallible_nodes();
        find_invariant_variables();
        analysis_signature_.swap(signature);
    }
    if (observed_.empty()) find_observations();
    find_clause_changes();
    date_splits_used_ = 0;

    // Value columns are taken as variables are computed; the others share them.
    r.computed_ = plan_.needed();
    r.arena_.reset();
    r.columns_.resize(program_.variables.size());
    for (std::uint32_t v = 0; v < program_.variables.size(); ++v) {
        if (r.computed_[v]) r.columns_[v].assign(static_cast<std::size_t>(r.months_), nullptr);
        else r.columns_[v].clear();
    }
}

void EvaluatorImpl::lay_out_members(std::span<const CaseData* const> cases, std::uint32_t g) {
    const ChunkResult& r = *result_;
    const ir::Entity& entity = program_.entities[g];
    const std::uint32_t person = program_.person_entity;
    Members& m = members_[g];
    m.roles = static_cast<std::uint32_t>(entity.roles.size());
    m.role_begin.assign(static_cast<std::size_t>(r.lanes_[g]) * m.roles + 1, 0);
    m.person.clear();
    m.from.clear();
    m.to.clear();
    m.dated = false;
    m.group_of_person.assign(r.lanes_[person], ir::none);

    std::size_t slot = 0;
    for (std::uint32_t c = 0; c < cases.size(); ++c) {
        const CaseData& data = *cases[c];
        const std::uint32_t persons = data.instance_count(person);
        const std::uint32_t person_lane = r.case_first_lane_[person][c];
        const std::uint32_t group_lane = r.case_first_lane_[g][c];
        if (data.members[g].size() != data.instance_count(g)) bad_case("membres de « " + entity.name + " »");
        for (std::uint32_t group = 0; group < data.members[g].size(); ++group) {
            const auto& roles = data.members[g][group];
            if (roles.size() != entity.roles.size()) bad_case("rôles de « " + entity.name + " »");
            for (std::uint32_t role = 0; role < roles.size(); ++role) {
                for (std::size_t k = 0; k < roles[role].size(); ++k) {
                    const std::uint32_t holder = roles[role][k];
                    if (holder >= persons) bad_case("membre inconnu dans « " + entity.name + " »");
                    std::uint32_t& of = m.group_of_person[person_lane + holder];
                    if (of != ir::none && of != group_lane + group)
                        bad_case("« " + data.instance_names[person][holder] + " » appartient à deux instances de « " +
                                 entity.name + " »");
                    of = group_lane + group;
                    // CaseData::holds_role: no months given (at any level) means always.
                    Month from = std::numeric_limits<Month>::min();
                    Month to = std::numeric_limits<Month>::max();
                    const auto& dated = data.member_months;
                    if (g < dated.size() && group < dated[g].size() && role < dated[g][group].size() &&
                        k < dated[g][group][role].size()) {
                        from = dated[g][group][role][k].first;
                        to = dated[g][group][role][k].second;
                        m.dated = true;
                    }
                    m.person.push_back(person_lane + holder);
                    m.from.push_back(from);
                    m.to.push_back(to);
                }
                m.role_begin[++slot] = static_cast<std::uint32_t>(m.person.size());
            }
        }
    }
    // A membership from `from` to `to` changes at `from` and at `to + 1`.
    m.changes.clear();
    for (std::size_t e = 0; e < m.person.size(); ++e) {
        if (m.from[e] != std::numeric_limits<Month>::min()) m.changes.push_back(m.from[e]);
        if (m.to[e] != std::numeric_limits<Month>::max()) m.changes.push_back(m.to[e] + 1);
    }
    std::sort(m.changes.begin(), m.changes.end());
    m.changes.erase(std::unique(m.changes.begin(), m.changes.end()), m.changes.end());
    m.every_person_grouped = std::find(m.group_of_person.begin(), m.group_of_person.end(), ir::none) ==
                             m.group_of_person.end();
    std::vector<std::uint8_t> populated(r.lanes_[g], 0);
    for (const std::uint32_t group : m.group_of_person)
        if (group != ir::none) populated[group] = 1;
    m.every_group_populated = std::find(populated.begin(), populated.end(), 0) == populated.end();
}

void EvaluatorImpl::lay_out_inputs(std::span<const CaseData* const> cases) {
    const ChunkResult& r = *result_;
    const auto& read = plan_.inputs_read();
    inputs_.resize(program_.inputs.size());

    // One pass over the cases (each case's data is read once, not once per input): each
    // lane's value for the months it gives none of (a given constant wins, else the default,
    // else missing), and the lanes that give months.
    // Every lane starts with the default (or missing, without one); then only the inputs a
    // case gives are visited (a case gives few of the inputs the rules read).
    for (const std::uint32_t id : read) {
        const ir::Input& input = program_.inputs[id];
        const std::size_t lanes = r.lanes_[input.entity];
        InputColumns& col = inputs_[id];
        col.base = r.first_ - plan_.input_lookback(id);
        col.values.assign(lanes, input.default_value.value_or(0));  // the base row; grown below when some lane varies
        col.missing.assign(input.default_value ? 0 : lanes, 1);
        col.given.clear();
    }
    for (std::uint32_t c = 0; c < cases.size(); ++c) {
        const CaseData& data = *cases[c];
        for (const std::uint32_t id : read) {
            // A case may leave out an input nobody gives: its series are then simply absent.
            if (id >= data.inputs.size() || data.inputs[id].empty()) continue;
            const ir::Input& input = program_.inputs[id];
            InputColumns& col = inputs_[id];
            const std::uint32_t first_lane = r.case_first_lane_[input.entity][c];
            const std::uint32_t instances = data.instance_count(input.entity);
            const InputSeries* series = data.inputs[id].data();
            const std::size_t given = std::min<std::size_t>(data.inputs[id].size(), instances);
            for (std::uint32_t i = 0; i < given; ++i) {
                const InputSeries& s = series[i];
                if (s.constant) {
                    col.values[first_lane + i] = *s.constant;
                    if (!input.default_value) col.missing[first_lane + i] = 0;
                } else if (!s.by_month.empty()) {
                    col.given.emplace_back(first_lane + i, &s);
                }
            }
        }
    }
    for (const std::uint32_t id : read) lay_out_input(id);
}

void EvaluatorImpl::lay_out_input(std::uint32_t id) {
    const ChunkResult& r = *result_;
    const ir::Input& input = program_.inputs[id];
    const std::size_t lanes = r.lanes_[input.entity];
    InputColumns& col = inputs_[id];
    const std::size_t months = static_cast<std::size_t>(r.last_ - col.base + 1);
    const bool varies = !col.given.empty();
    const bool any_missing = std::find(col.missing.begin(), col.missing.end(), 1) != col.missing.end();

    // Month columns, each a copy of the base row, then the given months.
    col.stride = varies ? lanes : 0;
    const std::size_t columns = varies ? months : 1;
    repeat_row(col.values, lanes, columns);
    if (any_missing) repeat_row(col.missing, lanes, columns);
    for (const auto& [lane, series] : col.given) {
        for (const auto& [month, value] : series->by_month) {
            if (month < col.base || month > r.last_) continue;
            const std::size_t at = static_cast<std::size_t>(month - col.base) * lanes + lane;
            col.values[at] = value;
            if (any_missing) col.missing[at] = 0;
        }
    }

    col.missing_at.clear();
    if (any_missing) {
        col.missing_at.assign(columns, 0);
        for (std::size_t k = 0; k < columns; ++k)
            for (std::size_t lane = 0; lane < lanes; ++lane)
                col.missing_at[k] |= static_cast<std::uint8_t>(col.missing[k * lanes + lane]);
    } else {
        col.missing.clear();
    }
    col.changed.clear();
    if (varies) {
        // Every row is the base row but for the months lanes give: a lane can differ from the
        // month before only at a month it gives or the one after.
        col.changed.assign(columns, 0);
        col.changed[0] = 1;
        const auto differs = [&](std::size_t k, std::size_t lane) {
            const std::size_t at = k * lanes + lane, before = at - lanes;
            return col.values[at] != col.values[before] || (any_missing && col.missing[at] != col.missing[before]);
        };
        for (const auto& [lane, series] : col.given) {
            for (const auto& given : series->by_month) {
                if (given.first < col.base || given.first > r.last_) continue;
                const auto k = static_cast<std::size_t>(given.first - col.base);
                if (k >= 1 && differs(k, lane)) col.changed[k] = 1;
                if (k + 1 < columns && differs(k + 1, lane)) col.changed[k + 1] = 1;
            }
        }
    }
    // One value for every lane and month (typically an input nobody gives): read as a scalar.
    const Value fallback = input.default_value.value_or(0);
    col.uniform = lanes == 0 || (!varies && !any_missing &&
                                 std::all_of(col.values.begin(), col.values.end(),
                                             [&](Value v) { return v == col.values.front(); }));
    col.uniform_value = lanes == 0 ? fallback : col.values.front();
}

void EvaluatorImpl::find_infallible_nodes() {
    using ir::Op;
    if (node_order_end_.empty()) find_node_order();
    infallible_.assign(program_.nodes.size(), 0);
    find_parameter_reads();
    const auto parameter_defined = [&](std::uint32_t id) { return (parameter_reads_[id] & defined_every_month) != 0; };
    const auto input_complete = [&](std::uint32_t input) { return inputs_[input].missing.empty(); };
    // Arguments come before the nodes that read them: one pass decides every node.
    for (const std::uint32_t id : node_order_) {
        const ir::Node& n = program_.nodes[id];
        const auto children = [&] {
            for (std::uint32_t i = 0; i < n.arg_count; ++i) {
                const std::uint32_t a = program_.arg(n, i);
                if (a != ir::none && infallible_[a] == 0) return false;
            }
            return true;
        };
        bool ok = false;
        switch (n.op) {
        case Op::Const:
        case Op::ReadVariable:
        case Op::CurrentMonth:
        case Op::MonthStart:
        case Op::SimulationStart: ok = true; break;
        case Op::ReadInput: ok = input_complete(n.ref); break;
        case Op::ReadParameter: ok = parameter_defined(id); break;
        case Op::ScaleLookup: ok = parameter_defined(id) && children(); break;
        // A sum (and a mean) can overflow; the others only read.
        case Op::WindowMin:
        case Op::WindowMax:
        case Op::WindowAll:
        case Op::WindowAny: ok = !n.window_of_input || input_complete(n.ref); break;
        case Op::Review: ok = (!n.window_of_input || input_complete(n.ref)) && children(); break;
        case Op::Eq:
        case Op::Ne:
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
        case Op::And:
        case Op::Or:
        case Op::Not:
        case Op::If:
        case Op::Min:
        case Op::Max:
        case Op::AgeYears:
        case Op::MonthOfDate:
        case Op::AggCount:
        case Op::AggAny:
        case Op::AggAll:
        case Op::AggMin:
        case Op::AggMax: ok = children(); break;
        case Op::GroupGet: ok = members_[n.ref].every_person_grouped && children(); break;
        default: ok = false; break;  // arithmetic, sums, rounding, role reads: can fail
        }
        infallible_[id] = ok ? 1 : 0;
    }
}

void EvaluatorImpl::find_parameter_reads() {
    using ir::Op;
    const ChunkResult& r = *result_;
    // The values in force depend on the chunk's months only: consecutive chunks share them.
    if (!parameter_reads_.empty() && parameter_reads_months_ == std::pair{r.first_, r.last_}) return;
    parameter_reads_months_ = {r.first_, r.last_};
    parameter_reads_.assign(program_.nodes.size(), 0);
    for (const std::uint32_t id : node_order_) {
        const ir::Node& n = program_.nodes[id];
        if (n.op != Op::ReadParameter && n.op != Op::ScaleLookup) continue;
        const std::uint32_t at_first = parameter_at(n.ref, r.first_ + n.offset);
        bool defined = true, one = true;
        for (Month m = r.first_ + n.offset; m <= r.last_ + n.offset; ++m) {
            const std::uint32_t index = parameter_at(n.ref, m);
            one = one && index == at_first;
            defined = defined && index != ir::none &&
                      !(n.op == Op::ScaleLookup && program_.parameters[n.ref].values[index].scale.empty());
        }
        parameter_reads_[id] = static_cast<std::uint8_t>((defined ? defined_every_month : 0) | (one ? one_value : 0));
    }
}

void EvaluatorImpl::find_node_order() {
    // Depth first, each node after its arguments, each once; variable after variable in
    // evaluation order, so that a variable read at M comes (decided) before its readers.
    std::vector<std::uint8_t> seen(program_.nodes.size(), 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> path;  // (node, its next argument)
    const auto visit = [&](std::uint32_t root) {
        if (root == ir::none || seen[root]) return;
        seen[root] = 1;
        path.emplace_back(root, 0);
        while (!path.empty()) {
            const std::uint32_t id = path.back().first;
            const ir::Node& n = program_.nodes[id];
            if (path.back().second < n.arg_count) {
                const std::uint32_t a = program_.arg(n, path.back().second++);
                if (a != ir::none && !seen[a]) {
                    seen[a] = 1;
                    path.emplace_back(a, 0);
                }
                continue;
            }
            node_order_.push_back(id);
            path.pop_back();
        }
    };
    node_order_.clear();
    node_order_end_.clear();
    for (const std::uint32_t v : plan_.order()) {
        const ir::Variable& var = program_.variables[v];
        for (const ir::Formula& f : var.formulas) visit(f.expr);
        for (const ir::Exception& e : var.exceptions) {
            visit(e.condition);
            visit(e.expr);
        }
        node_order_end_.push_back(static_cast<std::uint32_t>(node_order_.size()));
    }
}

void EvaluatorImpl::find_node_contexts() {
    using ir::Op;
    node_contexts_known_ = true;
    node_contexts_.assign(program_.nodes.size(), 0);
    too_many_entities_ = program_.entities.size() > 64;
    if (too_many_entities_) return;
    // (node, entity) pairs reachable from the needed variables' clauses.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> to_visit;
    for (const std::uint32_t v : plan_.order()) {
        const ir::Variable& var = program_.variables[v];
        for (const ir::Formula& f : var.formulas) to_visit.emplace_back(f.expr, var.entity);
        for (const ir::Exception& e : var.exceptions) {
            to_visit.emplace_back(e.condition, var.entity);
            to_visit.emplace_back(e.expr, var.entity);
        }
    }
    while (!to_visit.empty()) {
        const auto [id, entity] = to_visit.back();
        to_visit.pop_back();
        if (id == ir::none || entity >= 64) continue;
        const std::uint64_t bit = std::uint64_t{1} << entity;
        if (node_contexts_[id] & bit) continue;
        node_contexts_[id] |= bit;
        const ir::Node& n = program_.nodes[id];
        std::uint32_t inner = entity;  // the entity the node's arguments are evaluated over
        switch (n.op) {
        case Op::AggSum:
        case Op::AggCount:
        case Op::AggAny:
        case Op::AggAll:
        case Op::AggMin:
        case Op::AggMax:
        case Op::RoleGet: inner = program_.person_entity; break;
        case Op::GroupGet: inner = n.ref; break;
        default: break;
        }
        for (std::uint32_t i = 0; i < n.arg_count; ++i) to_visit.emplace_back(program_.arg(n, i), inner);
    }
}

void EvaluatorImpl::find_invariant_variables() {
    using ir::Op;
    if (!node_contexts_known_) find_node_contexts();
    if (node_order_end_.empty()) find_node_order();
    const ChunkResult& r = *result_;
    invariant_node_.assign(program_.nodes.size(), 0);
    invariant_variable_.assign(program_.variables.size(), 0);
    kept_node_.assign(program_.nodes.size(), 0);
    if (r.first_ == r.last_) return;  // one month: nothing to share (every answer is "no")

    find_parameter_reads();
    const auto parameter_fixed = [&](std::uint32_t id) { return (parameter_reads_[id] & one_value) != 0; };
    // Every group entity the node is evaluated over has the same members every month.
    const auto members_fixed = [&](std::uint32_t id) {
        if (too_many_entities_) return false;
        for (std::uint64_t set = node_contexts_[id]; set != 0; set &= set - 1) {
            const Members& m = members_[static_cast<std::size_t>(std::countr_zero(set))];
            if (m.dated && m.epoch(r.first_) != m.epoch(r.last_)) return false;
        }
        return true;
    };
    const auto input_fixed = [&](std::uint32_t input) { return inputs_[input].stride == 0; };
    const auto invariant_at = [&](std::uint32_t id) { return id == ir::none || invariant_node_[id] == 1; };

    const auto decide_node = [&](std::uint32_t id) {
        const ir::Node& n = program_.nodes[id];
        const auto children = [&] {
            for (std::uint32_t i = 0; i < n.arg_count; ++i)
                if (!invariant_at(program_.arg(n, i))) return false;
            return true;
        };
        bool ok = false;
        switch (n.op) {
        case Op::Const:
        case Op::SimulationStart: ok = true; break;
        case Op::ReadInput: ok = input_fixed(n.ref); break;
        // A variable read at M is decided before (evaluation order); read at another month it varies.
        case Op::ReadVariable: ok = n.offset == 0 && invariant_variable_[n.ref] == 1; break;
        case Op::ReadParameter: ok = parameter_fixed(id); break;
        case Op::ScaleLookup: ok = parameter_fixed(id) && children(); break;
        case Op::WindowSum:
        case Op::WindowMean:
        case Op::WindowMin:
        case Op::WindowMax:
        case Op::WindowAll:
        case Op::WindowAny: ok = n.window_of_input && input_fixed(n.ref); break;
        case Op::Review: ok = n.window_of_input && input_fixed(n.ref) && children(); break;
        case Op::CurrentMonth:
        case Op::MonthStart:
        case Op::AgeYears: ok = false; break;
        case Op::AggSum:
        case Op::AggCount:
        case Op::AggAny:
        case Op::AggAll:
        case Op::AggMin:
        case Op::AggMax:
        case Op::RoleGet: ok = members_fixed(id) && children(); break;
        default: ok = children(); break;  // element-wise, GroupGet (a person's group never changes)
        }
        invariant_node_[id] = ok ? 1 : 0;
    };
    const auto decide_variable = [&](std::uint32_t v) {
        const ir::Variable& var = program_.variables[v];
        bool ok = plan_.needed()[v];
        for (const ir::Formula& f : var.formulas)
            if (f.from > r.first_ && f.from <= r.last_) ok = false;  // another formula comes in force
        for (const ir::Exception& e : var.exceptions) {
            const bool always = e.from <= r.first_ && e.until >= r.last_;
            const bool never = e.until < r.first_ || e.from > r.last_;
            if (!always && !never) ok = false;
            if (always) ok = ok && invariant_at(e.condition) && invariant_at(e.expr);
        }
        std::uint32_t expr = ir::none;
        for (const ir::Formula& f : var.formulas)
            if (f.from <= r.first_) expr = f.expr;
        invariant_variable_[v] = ok && invariant_at(expr) ? 1 : 0;
    };
    std::uint32_t begin = 0;
    for (std::size_t k = 0; k < plan_.order().size(); ++k) {
        for (std::uint32_t i = begin; i < node_order_end_[k]; ++i) decide_node(node_order_[i]);
        begin = node_order_end_[k];
        decide_variable(plan_.order()[k]);
    }

    // The invariant nodes that a month-dependent node, or a clause of a variable evaluated
    // month after month, reads: their value is kept from the first month that computes it.
    // Reads cost nothing to repeat; a node evaluated over several entities (none in practice)
    // is not kept.
    const auto keep = [&](std::uint32_t id) {
        if (id == ir::none || invariant_node_[id] == 0) return;
        const Op op = program_.nodes[id].op;
        const bool read = op == Op::Const || op == Op::ReadInput || op == Op::ReadVariable ||
                          op == Op::ReadParameter || op == Op::SimulationStart;
        kept_node_[id] = !read && std::popcount(node_contexts_[id]) == 1;
    };
    for (const std::uint32_t id : node_order_) {
        if (invariant_node_[id] == 1) continue;
        const ir::Node& n = program_.nodes[id];
        for (std::uint32_t i = 0; i < n.arg_count; ++i) keep(program_.arg(n, i));
    }
    for (const std::uint32_t v : plan_.order()) {
        if (invariant(v)) continue;  // evaluated once anyway
        const ir::Variable& var = program_.variables[v];
        for (const ir::Formula& f : var.formulas) keep(f.expr);
        for (const ir::Exception& e : var.exceptions) {
            keep(e.condition);
            keep(e.expr);
        }
    }
}

const DateSplit& EvaluatorImpl::split_dates(const Value* column, std::size_t lanes) {
    for (std::size_t k = 0; k < date_splits_used_; ++k)
        if (date_splits_[k].column == column) return date_splits_[k];
    if (date_splits_used_ == date_splits_.size()) date_splits_.emplace_back();
    DateSplit& split = date_splits_[date_splits_used_++];
    split.column = column;
    split.year.resize(lanes);
    split.month.resize(lanes);
    split.day.resize(lanes);
    for (std::size_t i = 0; i < lanes; ++i) {
        int year = 0;
        unsigned month = 0, day = 0;
        split_date(static_cast<Date>(column[i]), year, month, day);
        split.year[i] = year;
        split.month[i] = month;
        split.day[i] = day;
    }
    return split;
}

const MemberList& EvaluatorImpl::member_list(std::uint32_t g, std::uint32_t roles, Month month) {
    const Members& m = members_[g];
    auto& lists = member_lists_[g];
    auto found = std::find_if(lists.begin(), lists.end(), [&](const MemberList& l) { return l.roles == roles; });
    MemberList* list = found != lists.end() ? &*found : &lists.emplace_back();
    list->roles = roles;
    // Undated memberships hold every month: one list serves the whole chunk; dated ones,
    // every month until a membership starts or ends.
    if (list->built && (!m.dated || list->epoch == m.epoch(month))) return *list;
    const std::uint32_t groups = result_->lanes_[g];
    const std::uint32_t role_count = std::min<std::uint32_t>(m.roles, 32);
    list->begin.assign(groups + 1, 0);
    list->person.clear();
    list->mask.assign(result_->lanes_[program_.person_entity], 0);
    list->count = 0;
    for (std::uint32_t group = 0; group < groups; ++group) {
        for (std::uint32_t role = 0; role < role_count; ++role) {
            if (((roles >> role) & 1U) == 0) continue;
            const std::size_t slot = static_cast<std::size_t>(group) * m.roles + role;
            for (std::uint32_t e = m.role_begin[slot]; e < m.role_begin[slot + 1]; ++e) {
                if (!m.holds(e, month)) continue;
                const std::uint32_t p = m.person[e];
                list->person.push_back(p);
                list->count += list->mask[p] == 0;
                list->mask[p] = 1;
            }
        }
        list->begin[group + 1] = static_cast<std::uint32_t>(list->person.size());
    }
    list->built = true;
    list->epoch = m.epoch(month);
    return *list;
}

}  // namespace relais::engine::columnar
