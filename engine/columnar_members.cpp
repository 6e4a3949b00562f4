// Nodes over the members of group instances: aggregates over roles with filters
// (somme, nombre, existe, tous, min, max), the one member of a role (demandeur.x) and a
// person's group (foyer.x). The member expression is evaluated once over the person lanes the
// scalar evaluator would visit (members holding the roles this month, of an active group, and
// passing the filter), then each group folds its members in the scalar evaluator's order.
#include <algorithm>

#include "engine/columnar_interpreter.hpp"
#include "engine/columnar_kernels.hpp"
#include "engine/columnar_ops.hpp"

namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA {

using ir::Op;
using kernels::visit;

Operand Interpreter::eval_aggregate(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    const MemberList& list = s.member_list(c.entity, n.roles, c.month);
    const std::uint32_t person = program_.person_entity;
    const std::uint32_t persons = s.lanes(person);
    const std::uint32_t expression = arg(n, 0);
    const std::uint32_t filter = arg(n, 1);
    // `tous(ROLE si COND)` with no member expression: COND is what every member must satisfy.
    const bool filter_is_predicate = n.op == Op::AggAll && expression == ir::none;
    const Month month = c.month;

    // The persons the scalar evaluator visits: members of an active group holding one of the
    // roles this month. With every group active, that is the list's mask. When neither the
    // filter nor the member expression can fail, they are evaluated for every person instead,
    // and no mask is built.
    const bool dense = (filter == ir::none || s.infallible(filter)) && (expression == ir::none || s.infallible(expression));
    const Value* visited = list.mask.data();
    std::uint32_t visited_count = list.count;
    if (dense) {
        visited = nullptr;
        visited_count = list.count > 0 && c.count > 0 ? persons : 0;
    } else if (c.active != nullptr) {
        Value* v = s.stack_.push();
        std::fill(v, v + persons, 0);
        visited_count = 0;
        for (std::size_t g = 0; g < c.lanes; ++g) {
            if (!c.active[g]) continue;
            for (std::size_t k = list.begin[g]; k < list.begin[g + 1]; ++k) {
                visited_count += v[list.person[k]] == 0;
                v[list.person[k]] = 1;
            }
        }
        visited = v;
    }

    Operand passes = Operand::uniform(1);
    Operand values = Operand::uniform(0);
    if (visited_count > 0) {
        const Ctx members_ctx{person, persons, visited_count == persons ? nullptr : visited, visited_count, month};
        if (filter != ir::none) passes = eval(filter, members_ctx, s.stack_.push());
        if (!filter_is_predicate && expression != ir::none) {
            Ctx value_ctx = members_ctx;
            if (filter != ir::none && !dense) {
                if (passes.is_uniform()) {
                    value_ctx.count = passes.scalar != 0 ? value_ctx.count : 0;
                } else {
                    Value* mask = s.stack_.push();
                    const Value* p = passes.column;
                    value_ctx = members_ctx.restricted(mask, make_mask(members_ctx, mask, [p](std::size_t i) { return p[i] != 0; }));
                }
            }
            if (value_ctx.count > 0) values = eval(expression, value_ctx, s.stack_.push());
        }
    }

    // An aggregate of variables or inputs over the same members as its last evaluation gives
    // the same result, remembered when every group lane was active.
    if (dense && reads_column(expression) && reads_column(filter)) {
        if (const Value* again = recall(n, c, passes, values, list.epoch, c.active == nullptr, out))
            return Operand::of(again);
    }

    // Fold per group, over its members in the scalar evaluator's order (sums are checked at
    // each step, so the order decides whether one overflows).
    const bool filtered = filter != ir::none;
    visit(passes, [&](auto pass) {
        visit(values, [&](auto value) {
            // f(person, passes the filter) for every member of group g holding its role.
            const auto each = [&](std::size_t g, auto&& f) {
                for (std::size_t k = list.begin[g]; k < list.begin[g + 1]; ++k) {
                    const std::uint32_t p = list.person[k];
                    f(p, !filtered || pass[p] != 0);
                }
            };
            const auto fold = [&](auto&& group_value) {
                for (std::size_t g = 0; g < c.lanes; ++g) out[g] = c.active_at(g) ? group_value(g) : 0;
            };
            switch (n.op) {
            case Op::AggSum:
                fold([&](std::size_t g) {
                    Value acc = 0;
                    bool failed = false;
                    each(g, [&](std::uint32_t p, bool ok) {
                        if (ok) failed |= __builtin_add_overflow(acc, value[p], &acc);
                    });
                    if (failed) s.fail_lane(c.entity, g);  // Overflow
                    return acc;
                });
                break;
            case Op::AggCount:
                fold([&](std::size_t g) {
                    Value count = 0;
                    each(g, [&](std::uint32_t, bool ok) { count += ok; });
                    return count * one;  // at most 2^32 members: cannot overflow
                });
                break;
            case Op::AggAny:
                fold([&](std::size_t g) {
                    Value any = 0;
                    each(g, [&](std::uint32_t p, bool ok) { any |= ok && (expression == ir::none || value[p] != 0); });
                    return any;
                });
                break;
            case Op::AggAll:
                fold([&](std::size_t g) {
                    Value all = 1;
                    if (filter_is_predicate)
                        each(g, [&](std::uint32_t, bool ok) { all &= ok; });
                    else
                        each(g, [&](std::uint32_t p, bool ok) { all &= !ok || value[p] != 0; });
                    return all;
                });
                break;
            default:  // min, max: 0 of the type when no member counts
                fold([&](std::size_t g) {
                    Value result = 0;
                    bool seen = false;
                    each(g, [&](std::uint32_t p, bool ok) {
                        if (!ok) return;
                        const Value v = value[p];
                        result = !seen ? v : n.op == Op::AggMin ? std::min(result, v) : std::max(result, v);
                        seen = true;
                    });
                    return result;
                });
                break;
            }
        });
    });
    return Operand::of(out);
}

Operand Interpreter::eval_role_get(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    const Members& members = s.members_[c.entity];
    const std::uint32_t person = program_.person_entity;
    const std::uint32_t persons = s.lanes(person);
    Value* holder = s.stack_.push();  // person lane of each group lane, or -1
    Value* visited = s.stack_.push();
    std::fill(visited, visited + persons, 0);
    std::uint32_t count = 0;
    for (std::size_t g = 0; g < c.lanes; ++g) {
        holder[g] = -1;
        if (!c.active_at(g)) continue;
        const std::size_t slot = g * members.roles + n.ref;
        for (std::size_t e = members.role_begin[slot]; e < members.role_begin[slot + 1]; ++e) {
            if (!members.holds(e, c.month)) continue;
            holder[g] = members.person[e];
            break;
        }
        if (holder[g] < 0) {
            s.fail_lane(c.entity, g);  // MissingMember: nobody holds the role this month
            continue;
        }
        count += visited[holder[g]] == 0;
        visited[holder[g]] = 1;
    }
    if (count == 0) return Operand::uniform(0);
    // An expression that cannot fail is evaluated for every person, with no mask.
    const bool dense = s.infallible(arg(n, 0));
    const Ctx members_ctx{person, persons, dense || count == persons ? nullptr : visited, dense ? persons : count,
                          c.month};
    const Operand v = eval(arg(n, 0), members_ctx, s.stack_.push());
    if (v.is_uniform()) return v;
    for (std::size_t g = 0; g < c.lanes; ++g) out[g] = holder[g] < 0 ? 0 : v.column[holder[g]];
    return Operand::of(out);
}

const Value* Interpreter::recall(const ir::Node& n, const Ctx& c, const Operand& a, const Operand& b,
                                 std::uint32_t epoch, bool every_lane, Value*& out) {
    EvaluatorImpl::Memo& memo = s.memos_[static_cast<std::size_t>(&n - program_.nodes.data())];
    const auto same = [](const Operand& x, const Operand& y) {
        return x.column == y.column && (x.column != nullptr || x.scalar == y.scalar);
    };
    const bool valid = memo.chunk == s.chunk_serial_ && memo.lanes == c.lanes;
    if (valid && memo.epoch == epoch && same(memo.a, a) && same(memo.b, b)) return memo.column;
    if (!every_lane) return nullptr;
    if (!valid) memo = {{}, {}, 0, c.lanes, s.kept_columns_.take(c.lanes), s.chunk_serial_};
    memo.a = a;
    memo.b = b;
    memo.epoch = epoch;
    out = memo.column;
    return nullptr;
}

Operand Interpreter::eval_group_get(const ir::Node& n, const Ctx& c, Value* out) {
    ColumnStack::Scope scope(s.stack_);
    const Members& members = s.members_[n.ref];
    const std::uint32_t groups = s.lanes(n.ref);
    const std::uint32_t* group_of = members.group_of_person.data();
    // Every group of an active person is evaluated: every group when every person is active
    // and every group has persons, or when the expression cannot fail (no mask is then built).
    Ctx group_ctx{n.ref, groups, nullptr, groups, c.month};
    const bool dense = s.infallible(arg(n, 0));
    if (dense && !members.every_person_grouped) {
        s.fail_where(c, [&](std::size_t p) { return group_of[p] == ir::none; });  // MissingMember
    } else if (!dense && (c.active != nullptr || !members.every_person_grouped || !members.every_group_populated)) {
        Value* visited = s.stack_.push();
        std::fill(visited, visited + groups, 0);
        std::uint32_t count = 0;
        for (std::size_t p = 0; p < c.lanes; ++p) {
            if (!c.active_at(p)) continue;
            if (group_of[p] == ir::none) {
                s.fail_lane(c.entity, p);  // MissingMember: the person belongs to no such group
                continue;
            }
            count += visited[group_of[p]] == 0;
            visited[group_of[p]] = 1;
        }
        if (count == 0) return Operand::uniform(0);
        group_ctx = {n.ref, groups, count == groups ? nullptr : visited, count, c.month};
    }
    const Operand v = eval(arg(n, 0), group_ctx, s.stack_.push());
    if (v.is_uniform()) return v;
    // Group values are mostly those of the month before while what reads them is evaluated
    // again. Every person's value is gathered, whatever the mask.
    if (reads_column(arg(n, 0))) {
        if (const Value* again = recall(n, c, v, Operand::uniform(0), 0, true, out)) return Operand::of(again);
    }
    if (members.every_person_grouped) {
        for (std::size_t p = 0; p < c.lanes; ++p) out[p] = v.column[group_of[p]];
    } else {
        for (std::size_t p = 0; p < c.lanes; ++p) out[p] = group_of[p] == ir::none ? 0 : v.column[group_of[p]];
    }
    return Operand::of(out);
}

}  // namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA
