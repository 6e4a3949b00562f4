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

    // Month columns, each a copy of the base row (contiguous writes), then the given months.
    col.stride = varies ? lanes : 0;
    const std::size_t columns = varies ? months : 1;
    col.values.resize(columns * lanes);
    if (any_missing) col.missing.resize(columns * lanes);
    for (std::size_t k = 1; k < columns; ++k) {
        std::copy_n(col.values.begin(), lanes, col.values.begin() + static_cast<std::ptrdiff_t>(k * lanes));
        if (any_missing)
            std::copy_n(col.missing.begin(), lanes, col.missing.begin() + static_cast<std::ptrdiff_t>(k * lanes));
    }
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
        col.changed.assign(columns, 1);
        for (std::size_t k = 1; k < columns; ++k) {
            const auto same = [&](const std::vector<Value>& v) {
                return v.empty() || std::equal(v.begin() + static_cast<std::ptrdiff_t>(k * lanes),
                                               v.begin() + static_cast<std::ptrdiff_t>((k + 1) * lanes),
                                               v.begin() + static_cast<std::ptrdiff_t>((k - 1) * lanes));
            };
            col.changed[k] = !(same(col.values) && same(col.missing));
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
    constexpr std::uint8_t unknown = 2;
    infallible_.assign(program_.nodes.size(), unknown);
    const ChunkResult& r = *result_;
    // A parameter read at offset `offset` has a value (and a non-empty barème) every month.
    const auto parameter_defined = [&](const ir::Node& n) {
        for (Month m = r.first_ + n.offset; m <= r.last_ + n.offset; ++m) {
            const std::uint32_t index = parameter_at(n.ref, m);
            if (index == ir::none) return false;
            if (n.op == Op::ScaleLookup && program_.parameters[n.ref].values[index].scale.empty()) return false;
        }
        return true;
    };
    const auto input_complete = [&](std::uint32_t input) { return inputs_[input].missing.empty(); };
    const auto check = [&](auto& self, std::uint32_t id) -> bool {
        if (id == ir::none) return true;
        if (infallible_[id] != unknown) return infallible_[id] == 1;
        const ir::Node& n = program_.nodes[id];
        const auto children = [&] {
            for (std::uint32_t i = 0; i < n.arg_count; ++i)
                if (!self(self, program_.arg(n, i))) return false;
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
        case Op::ReadParameter: ok = parameter_defined(n); break;
        case Op::ScaleLookup: ok = parameter_defined(n) && children(); break;
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
        return ok;
    };
    for (std::uint32_t id = 0; id < program_.nodes.size(); ++id) check(check, id);
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
    constexpr std::uint8_t unknown = 2, deciding = 3;
    const ChunkResult& r = *result_;
    invariant_node_.assign(program_.nodes.size(), unknown);
    invariant_variable_.assign(program_.variables.size(), unknown);
    if (r.first_ == r.last_) return;  // one month: nothing to share (every answer is "no")

    // The parameter value (or its absence) in force at M + offset is the same for every M.
    const auto parameter_fixed = [&](const ir::Node& n) {
        const std::uint32_t index = parameter_at(n.ref, r.first_ + n.offset);
        for (Month m = r.first_ + 1; m <= r.last_; ++m)
            if (parameter_at(n.ref, m + n.offset) != index) return false;
        return true;
    };
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

    const auto variable = [&](auto& self_variable, auto& self_node, std::uint32_t v) -> bool {
        if (invariant_variable_[v] == deciding) return false;  // (only reads at offset 0 recurse: a DAG)
        if (invariant_variable_[v] != unknown) return invariant_variable_[v] == 1;
        invariant_variable_[v] = deciding;
        const ir::Variable& var = program_.variables[v];
        bool ok = plan_.needed()[v];
        for (const ir::Formula& f : var.formulas)
            if (f.from > r.first_ && f.from <= r.last_) ok = false;  // another formula comes in force
        for (const ir::Exception& e : var.exceptions) {
            const bool always = e.from <= r.first_ && e.until >= r.last_;
            const bool never = e.until < r.first_ || e.from > r.last_;
            if (!always && !never) ok = false;
            if (ok && always)
                ok = self_node(self_variable, self_node, e.condition) && self_node(self_variable, self_node, e.expr);
        }
        if (ok) {
            std::uint32_t expr = ir::none;
            for (const ir::Formula& f : var.formulas)
                if (f.from <= r.first_) expr = f.expr;
            ok = self_node(self_variable, self_node, expr);
        }
        invariant_variable_[v] = ok ? 1 : 0;
        return ok;
    };
    const auto node = [&](auto& self_variable, auto& self_node, std::uint32_t id) -> bool {
        if (id == ir::none) return true;
        if (invariant_node_[id] != unknown) return invariant_node_[id] == 1;
        const ir::Node& n = program_.nodes[id];
        const auto children = [&] {
            for (std::uint32_t i = 0; i < n.arg_count; ++i)
                if (!self_node(self_variable, self_node, program_.arg(n, i))) return false;
            return true;
        };
        bool ok = false;
        switch (n.op) {
        case Op::Const:
        case Op::SimulationStart: ok = true; break;
        case Op::ReadInput: ok = input_fixed(n.ref); break;
        case Op::ReadVariable: ok = n.offset == 0 && self_variable(self_variable, self_node, n.ref); break;
        case Op::ReadParameter: ok = parameter_fixed(n); break;
        case Op::ScaleLookup: ok = parameter_fixed(n) && children(); break;
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
        return ok;
    };
    for (const std::uint32_t v : plan_.order()) variable(variable, node, v);
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
