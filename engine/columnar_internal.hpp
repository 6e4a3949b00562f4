// Internals of the columnar evaluator, shared by its files: the chunk's layout (lanes, members,
// input columns), the scratch column stack, and the state the node interpreter works on.
// Include only from engine/columnar*.cpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "engine/columnar.hpp"

namespace relais::engine::columnar {

/// The result of a node over the lanes of its context: a column (one value per lane), or one
/// value shared by every lane (constants, parameters, the month, and what derives from them
/// only), which the kernels broadcast without writing a column.
struct Operand {
    const Value* column = nullptr;
    Value scalar = 0;

    static Operand uniform(Value v) { return {nullptr, v}; }
    static Operand of(const Value* c) { return {c, 0}; }
    bool is_uniform() const { return column == nullptr; }
    Value at(std::size_t lane) const { return column ? column[lane] : scalar; }
};

/// Where a node is evaluated: every lane of one entity in the chunk, at one month, for the
/// `count` lanes where `active` is 1 (null: every lane). Only active lanes may fail; the
/// values of the others are meaningless.
struct Ctx {
    std::uint32_t entity = ir::none;
    std::uint32_t lanes = 0;
    const Value* active = nullptr;
    std::uint32_t count = 0;
    Month month = 0;

    bool active_at(std::size_t lane) const { return active == nullptr || active[lane] != 0; }
    /// The lanes of `mask` (a subset of the active lanes, `n` of them): this context itself
    /// when they are all its lanes, so that the common case keeps the cheaper mask.
    Ctx restricted(const Value* mask, std::uint32_t n) const {
        if (n == count) return *this;
        return {entity, lanes, n == lanes ? nullptr : mask, n, month};
    }
};

/// Scratch columns, taken and given back in stack order (a node's children live while it
/// computes). Columns are separate blocks, so growing never moves one in use; once the deepest
/// expression has been evaluated, nothing is allocated any more.
class ColumnStack {
public:
    /// Makes every column hold at least `lanes` values (reallocating only when they grew).
    void reserve(std::size_t lanes, std::size_t columns);
    Value* push() {
        if (top_ == columns_.size()) grow();
        return columns_[top_++].get();
    }
    std::size_t top() const { return top_; }
    void pop_to(std::size_t top) { top_ = top; }

    /// Gives back every column taken since its construction.
    class Scope {
    public:
        explicit Scope(ColumnStack& stack) : stack_(stack), top_(stack.top()) {}
        ~Scope() { stack_.pop_to(top_); }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        ColumnStack& stack_;
        std::size_t top_;
    };

private:
    struct Free {
        void operator()(Value* p) const;
    };
    void grow();

    std::size_t lanes_ = 0;
    std::size_t top_ = 0;
    std::vector<std::unique_ptr<Value, Free>> columns_;
};

/// The members of the instances of one group entity in the chunk, in the scalar evaluator's
/// order: group lane, then role, then position within the role.
struct Members {
    std::uint32_t roles = 0;
    /// Entries of (group lane g, role r): role_begin[g * roles + r] .. role_begin[g * roles + r + 1].
    std::vector<std::uint32_t> role_begin;
    std::vector<std::uint32_t> person;  ///< person lane of each entry
    std::vector<Month> from;            ///< months the entry holds its role (inclusive)
    std::vector<Month> to;
    bool dated = false;                 ///< some entry does not hold its role every month
    /// Months at which some entry starts or stops holding its role, increasing: between two of
    /// them, the members holding each role do not change.
    std::vector<Month> changes;
    /// Changes at or before `month`: members hold the same roles at months of equal epochs.
    std::uint32_t epoch(Month month) const {
        return static_cast<std::uint32_t>(std::upper_bound(changes.begin(), changes.end(), month) - changes.begin());
    }
    /// [person lane] -> the group lane it belongs to (whatever the months), or ir::none.
    std::vector<std::uint32_t> group_of_person;
    bool every_person_grouped = true;   ///< no ir::none in group_of_person
    bool every_group_populated = true;  ///< every group lane is the group of some person

    bool holds(std::size_t entry, Month month) const {
        return !dated || (from[entry] <= month && month <= to[entry]);
    }
};

/// One input over the lanes of its entity, resolved once per chunk (given constant, given
/// month, else default) for months base .. last.
struct InputColumns {
    Month base = 0;
    std::size_t stride = 0;      ///< lanes, or 0 when no lane varies by month (one column)
    bool uniform = false;        ///< every lane and month has `uniform_value`, none missing
    Value uniform_value = 0;
    std::vector<Value> values;   ///< [(month - base) * stride + lane]
    /// Lanes given no value and without default, same layout (0/1); empty when none.
    std::vector<Value> missing;
    std::vector<std::uint8_t> missing_at;  ///< [(month - base) if stride else 0]: some lane missing
    /// [(month - base)]: 1 when some lane's value (or being missing) differs from the month
    /// before; empty when no lane varies by month. Index 0 is 1 (the month before is unknown).
    std::vector<std::uint8_t> changed;
    /// While laying out: the lanes that give some months, and their series.
    std::vector<std::pair<std::uint32_t, const InputSeries*>> given;
};

/// The members of each group lane that hold one of a set of roles at a month, in the scalar
/// evaluator's order: built once per chunk and role set (once per month when some membership
/// is dated), and read by every aggregate over those roles.
struct MemberList {
    std::uint32_t roles = 0;            ///< the role set, a bit mask over the entity's roles
    bool built = false;
    std::uint32_t epoch = 0;            ///< Members::epoch of the month it was built for
    std::vector<std::uint32_t> begin;   ///< [group lane] .. [group lane + 1] into person
    std::vector<std::uint32_t> person;  ///< person lanes
    std::vector<Value> mask;            ///< [person lane]: 1 when in some group's list
    std::uint32_t count = 0;            ///< persons in `mask`
};

/// What evaluating a variable observes besides its own clauses, gathered from every formula
/// and exception it has: the variables and inputs it reads and at which months relative to M,
/// the parameters, the group entities whose memberships it aggregates over, and whether it
/// reads the month itself. If none of these changed since M-1, neither did the variable.
struct Observed {
    struct Range {
        std::uint32_t ref = 0;
        std::int32_t from = 0;  ///< months M+from .. M+to
        std::int32_t to = 0;
    };
    std::vector<Range> variables;
    std::vector<Range> inputs;
    std::vector<std::pair<std::uint32_t, std::int32_t>> parameters;  ///< (parameter, offset)
    std::uint64_t member_entities = 0;
    bool month_dependent = false;  ///< mois_courant, debut_du_mois, age_en_annees, or > 64 entities
};

/// The interpreter is compiled a second time for x86-64-v3 (columnar_evaluator_avx2.cpp)
/// with GCC on x86-64; other compilers and processors use the generic copy only.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RELAIS_COLUMNAR_AVX2 1
#else
#define RELAIS_COLUMNAR_AVX2 0
#endif

/// A date column split into year, month and day once per chunk (age_en_annees and mois_de read
/// the same birth dates every month).
struct DateSplit {
    const Value* column = nullptr;  ///< an input's or a variable's column: fixed within a chunk
    std::vector<Value> year, month, day;
};

struct EvaluatorImpl {
    EvaluatorImpl(const Plan& plan, InstructionSet instructions);

    void run(std::span<const CaseData* const> cases, ChunkResult& result, const Sharing* sharing = nullptr);
    /// shared_ and shared_base_ for this chunk (after lay_out).
    void share(const Sharing& sharing);

    // ---- Layout (columnar_layout.cpp) ----
    /// Lanes, members and input columns of `cases` into result_ and this; throws
    /// std::invalid_argument for a case that does not fit the program.
    void lay_out(std::span<const CaseData* const> cases);
    void lay_out_members(std::span<const CaseData* const> cases, std::uint32_t group_entity);
    void lay_out_inputs(std::span<const CaseData* const> cases);
    void lay_out_input(std::uint32_t input);

    /// Every needed variable, month by month (columnar_evaluator.cpp, compiled once per
    /// instruction set: the widest the processor has is used).
    void evaluate_months();

    /// The members holding one of `roles` (a bit set over the entity's roles) at `month`.
    const MemberList& member_list(std::uint32_t group_entity, std::uint32_t roles, Month month);

    // The chunk being evaluated (EvaluatorImpl is the one friend of ChunkResult).
    Month first() const { return result_->first_; }
    Month last() const { return result_->last_; }
    std::uint32_t lanes(std::uint32_t entity) const { return result_->lanes_[entity]; }
    /// A new column for `variable` at `month` (first <= month <= last), where it is written.
    Value* own_column(std::uint32_t variable, Month month) {
        Value* column = result_->arena_.take(result_->lanes_[program_.variables[variable].entity]);
        result_->columns_[variable][static_cast<std::size_t>(month - result_->first_)] = column;
        last_own_ = column;
        return column;
    }
    /// `column` is not used after all: given back to the arena when it is the column just
    /// taken by own_column (not one `variable` shares with another variable).
    void give_back(std::uint32_t variable, const Value* column) {
        if (column != last_own_) return;
        result_->arena_.give_back(column, result_->lanes_[program_.variables[variable].entity]);
        last_own_ = nullptr;
    }
    /// Where `variable` at `month` is read: its own column, or the one it aliases.
    const Value* column(std::uint32_t variable, Month month) const {
        return result_->columns_[variable][static_cast<std::size_t>(month - result_->first_)];
    }
    /// `variable` at `month` is exactly `source`'s column (the same lanes): share it.
    void alias(std::uint32_t variable, Month month, const Value* source) const {
        result_->columns_[variable][static_cast<std::size_t>(month - result_->first_)] = source;
    }
    /// The base run's column `variable` shares at `month`, or null (see Sharing).
    const Value* shared_column(std::uint32_t variable, Month month) const {
        if (shared_base_ == nullptr) return nullptr;
        const std::uint32_t b = month < shared_before_ ? shared_early_[variable] : shared_[variable];
        if (b == ir::none) return nullptr;
        return shared_base_->columns_[b][static_cast<std::size_t>(month - result_->first_)];
    }
    std::uint32_t lane_case(std::uint32_t entity, std::size_t lane) const { return result_->lane_case_[entity][lane]; }
    /// Live lanes of `entity` (see live), when some case has failed.
    std::uint32_t live_count(std::uint32_t entity) const { return live_count_[entity]; }

    /// Index into Parameter::values of the value in force on the first day of `month`, or ir::none.
    std::uint32_t parameter_at(std::uint32_t parameter, Month month) const {
        if (month < parameter_base_ || month > result_->last_) return ir::none;
        return parameter_value_[static_cast<std::size_t>(parameter) * parameter_months_ + (month - parameter_base_)];
    }

    /// Whether evaluating `node` can fail for no lane of this chunk, whatever its mask: then
    /// it may be evaluated over all lanes, and the masks that restrict it are not built.
    bool infallible(std::uint32_t node) const { return infallible_[node] == 1; }
    void find_infallible_nodes();
    void find_node_order();
    /// parameter_reads_, when the chunk's months are not those it was found for.
    void find_parameter_reads();

    /// Whether `variable` has, in this chunk, the same value at every month for every lane
    /// (see find_invariant_variables): then it is evaluated at the first month only and its
    /// other months share that column.
    bool invariant(std::uint32_t variable) const { return invariant_variable_[variable] == 1; }
    /// A variable is invariant when its formula and exceptions in force do not change over the
    /// chunk's months and its expressions observe nothing of the month: no calendar node on M,
    /// no read at another month of anything that varies (a variable read back is 0 before the
    /// first month, so it varies), only inputs no lane gives by month, parameters with one
    /// value in force, memberships that do not change, and variables that are invariant.
    void find_invariant_variables();
    /// Whether `node`'s value is kept once computed and read back at the chunk's other months
    /// (see find_invariant_variables and Interpreter::eval_kept).
    bool kept(std::uint32_t node) const { return kept_node_[node] == 1; }
    /// Whether `variable` at `month` (> first) is certainly its value at month - 1 for every
    /// lane: the same clauses in force and nothing it observes changed (columnar_steady.cpp).
    bool steady(std::uint32_t variable, Month month) const;
    /// After computing `variable` at `month` (> first): when the column came out equal to the
    /// month before's, share that one instead, so that what reads it can be found steady.
    void share_if_unchanged(std::uint32_t variable, Month month);
    /// observed_, once per evaluator (it depends on the program only, and on node_contexts_).
    void find_observations();
    /// Whether at `month` the same clauses of `variable` are in force as at month - 1, and
    /// the parameters it reads have the same values (part of steady()).
    bool same_clauses_and_parameters(std::uint32_t variable, Month month) const;
    /// clause_changes_, when the chunk's months are not those it was found for (after
    /// find_observations).
    void find_clause_changes();
    /// [node] -> bit set of the entities the node is evaluated over (for the membership checks
    /// of aggregates and role reads); computed once, from the program.
    void find_node_contexts();
    /// `column` (lanes dates, fixed for the chunk) split into civil year, month and day.
    const DateSplit& split_dates(const Value* column, std::size_t lanes);

    // ---- Failures ----
    void fail_lane(std::uint32_t entity, std::size_t lane);
    void fail_active(const Ctx& c);
    /// Marks failed every active lane of `c` where bad(lane).
    template <class Bad>
    void fail_where(const Ctx& c, Bad bad) {
        for (std::size_t i = 0; i < c.lanes; ++i)
            if (c.active_at(i) && bad(i)) fail_lane(c.entity, i);
    }
    /// The lanes of cases not failed yet, as an active mask (null when none failed).
    const Value* live(std::uint32_t entity);

    const Plan& plan_;
    const ir::Program& program_;
    InstructionSet instructions_;
    ChunkResult* result_ = nullptr;
    ColumnStack stack_;

    std::vector<Members> members_;          ///< [entity]; empty for the individual entity
    /// [entity] -> one list per role set aggregated over (a deque: references stay valid).
    std::vector<std::deque<MemberList>> member_lists_;
    std::vector<InputColumns> inputs_;      ///< [input]; filled for Plan::inputs_read only
    /// [case] -> CaseData::report_first (or first), and whether every case of the chunk agrees.
    std::vector<Value> report_first_;
    bool report_first_uniform_ = true;
    Month parameter_base_ = 0;
    std::int32_t parameter_months_ = 0;
    std::vector<std::uint32_t> parameter_value_;  ///< as CaseTables::parameter_value

    std::vector<std::uint8_t> infallible_;          ///< [node]: 1 infallible, 0 not (or not needed)
    std::vector<std::uint8_t> invariant_node_;      ///< [node]: 1 month-invariant, 0 not
    std::vector<std::uint8_t> invariant_variable_;  ///< [variable]: likewise
    /// The nodes of the needed variables' clauses, each after its arguments, variable after
    /// variable in evaluation order; node_order_end_[k]: the end of the k-th variable's nodes
    /// (those not already listed). Once per evaluator (find_node_order).
    std::vector<std::uint32_t> node_order_;
    std::vector<std::uint32_t> node_order_end_;
    /// [node] of a parameter read, over the chunk's months M (read at M + offset): whether a
    /// value (a non-empty barème) is in force every month, and whether it is the same one.
    static constexpr std::uint8_t defined_every_month = 1, one_value = 2;
    std::vector<std::uint8_t> parameter_reads_;
    std::pair<Month, Month> parameter_reads_months_;  ///< the chunk months it was found for
    /// [node]: 1 for a month-invariant node that computes something (not a read) and is read by
    /// a node that is not invariant, or is a clause of a variable that is not: its value is
    /// kept for the chunk.
    std::vector<std::uint8_t> kept_node_;
    /// A kept node's value, valid when `chunk` is chunk_serial_; columns from kept_columns_.
    struct Kept {
        Operand value;
        std::uint64_t chunk = 0;
    };
    std::vector<Kept> kept_;
    /// [node] whose value is a function of columns it reads and that stay the same memory all
    /// chunk long (a group read or an aggregate of variables or inputs): the operands of its
    /// last evaluation over every lane in this chunk (valid when `chunk` is chunk_serial_) and
    /// its result (see Interpreter::recall).
    struct Memo {
        Operand a, b;
        std::uint32_t epoch = 0;  ///< of the members aggregated over
        std::uint32_t lanes = 0;
        Value* column = nullptr;
        std::uint64_t chunk = 0;
    };
    std::vector<Memo> memos_;
    std::uint64_t chunk_serial_ = 0;
    ColumnArena kept_columns_;  ///< kept_ and memos_ columns, for one chunk
    std::vector<std::uint64_t> node_contexts_;      ///< [node]: entities it is evaluated over
    std::vector<Observed> observed_;                ///< [variable], for the needed ones
    /// [variable]: bit i (0 < i < 64) when same_clauses_and_parameters is false at month
    /// first + i; steady() reads it instead of looking again at every month of every chunk.
    std::vector<std::uint64_t> clause_changes_;
    std::pair<Month, Month> clause_changes_months_;  ///< the chunk months it was found for
    /// What infallible_ and invariant_* were found for (see lay_out), and a buffer for the next.
    std::vector<std::int64_t> analysis_signature_, analysis_signature_next_;
    const Value* last_own_ = nullptr;               ///< the column own_column took last
    const ChunkResult* shared_base_ = nullptr;      ///< the run shared from, for this chunk
    std::vector<std::uint32_t> shared_;             ///< [variable] -> base variable, or none
    std::vector<std::uint32_t> shared_early_;       ///< the same before shared_before_
    Month shared_before_ = ir::since_always;
    bool node_contexts_known_ = false;
    bool too_many_entities_ = false;                ///< more than 64: aggregates never invariant
    std::vector<DateSplit> date_splits_;    ///< cleared for each chunk
    std::size_t date_splits_used_ = 0;
    std::vector<std::uint8_t> failed_;      ///< [case]
    std::size_t failures_ = 0;
    std::size_t live_failures_ = 0;         ///< failures_ when live_ was last rebuilt
    std::vector<std::vector<Value>> live_;  ///< [entity][lane]: 1 unless the lane's case failed
    std::vector<std::uint32_t> live_count_; ///< [entity]: lanes at 1 in live_
};

}  // namespace relais::engine::columnar
