// The columnar evaluator for population runs: evaluates a compiled program over a chunk of
// cases at once, one contiguous int64 column per (variable, month) over every instance of the
// variable's entity in the chunk, with exactly the scalar evaluator's semantics (values and
// which cases fail). A case that fails is marked failed and the others go on; re-run it with
// Evaluation::run (or failure_of) for the exact EvalError.
//
// The cases of a chunk must share their months (first..last); their layouts may differ (any
// number of instances of each entity, persons outside any group, memberships dated with
// CaseData::member_months). Files: columnar_plan.cpp (per program), columnar_layout.cpp
// (per chunk: lanes, members, input columns), columnar_evaluator.cpp and columnar_members.cpp
// (the node interpreter, compiled twice: generic and x86-64-v3, see
// columnar_evaluator_avx2.cpp), columnar_run.cpp (one chunk, results), columnar_parallel.cpp
// (threads, chunking).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "engine/case_data.hpp"
#include "engine/evaluator.hpp"
#include "engine/ir/ir.hpp"

namespace relais::engine::columnar {

/// What a run needs to know about the program before it sees a case: the needed variables in
/// evaluation order, the exception winner tables, how far back inputs and parameters are
/// read. Built once; shared read-only by every chunk and thread. Keeps a pointer to `program`.
class Plan {
public:
    /// `needed` must be closed under reads (see ir::needed_variables), else
    /// std::invalid_argument. A variable with more than 64 exceptions is not supported
    /// (std::invalid_argument).
    Plan(const ir::Program& program, std::vector<bool> needed);
    Plan(const ir::Program&& program, std::vector<bool> needed) = delete;
    /// Every variable of the program.
    explicit Plan(const ir::Program& program);
    explicit Plan(const ir::Program&& program) = delete;

    const ir::Program& program() const { return *program_; }
    const std::vector<bool>& needed() const { return needed_; }
    /// The needed variables, in the program's evaluation order.
    const std::vector<std::uint32_t>& order() const { return order_; }

    /// Inputs read by a needed variable, and for each input the months before M it can be read at.
    const std::vector<std::uint32_t>& inputs_read() const { return inputs_read_; }
    std::int32_t input_lookback(std::uint32_t input) const { return input_lookback_[input]; }
    std::int32_t parameter_lookback() const { return parameter_lookback_; }

    /// For a variable with 1..table_limit exceptions: [set of applicable exceptions as a bit
    /// mask] -> the winning exception, no_exception (empty set) or conflict. Empty otherwise.
    static constexpr std::int16_t no_exception = -1;
    static constexpr std::int16_t conflict = -2;
    static constexpr std::size_t table_limit = 12;
    const std::vector<std::int16_t>& winner_table(std::uint32_t variable) const { return winner_tables_[variable]; }
    /// The same, computed for any mask (the scalar evaluator's rule), for larger variables.
    std::int16_t winner(std::uint32_t variable, std::uint64_t applicable) const;

private:
    const ir::Program* program_;
    std::vector<bool> needed_;
    std::vector<std::uint32_t> order_;
    std::vector<std::uint32_t> inputs_read_;
    std::vector<std::int32_t> input_lookback_;  ///< [input]
    std::int32_t parameter_lookback_ = 0;
    /// [variable] -> n x n transitive `sur` matrix over its exceptions.
    std::vector<std::vector<std::uint8_t>> over_;
    std::vector<std::vector<std::int16_t>> winner_tables_;
};

/// Value columns taken one after the other from blocks kept from chunk to chunk: a chunk
/// touches memory for the columns it computes only (most months share the month before's).
class ColumnArena {
public:
    Value* take(std::size_t lanes);
    /// Gives back `column` (of `lanes` values) if it is the last one taken; else nothing.
    void give_back(const Value* column, std::size_t lanes);
    /// Every column may be taken again (their memory is kept).
    void reset() {
        block_ = 0;
        used_ = 0;
    }
    std::size_t bytes() const;

private:
    static constexpr std::size_t block_values = std::size_t{1} << 16;  // 512 KiB
    std::vector<std::unique_ptr<Value[]>> blocks_;
    std::vector<std::size_t> sizes_;
    std::size_t block_ = 0;
    std::size_t used_ = 0;
};

enum class CaseStatus : std::uint8_t {
    Ok,
    Failed,  ///< the scalar evaluator returns an EvalError for this case; its values are meaningless
};

/// The values of one chunk: for every needed variable and month, one column over the instances
/// of the variable's entity in the chunk, case after case ("lanes"). Keeps a pointer to the
/// program, none to the cases. Move-only (columns may be shared between variables).
class ChunkResult {
public:
    ChunkResult() = default;
    ChunkResult(ChunkResult&&) noexcept = default;
    ChunkResult& operator=(ChunkResult&&) noexcept = default;
    ChunkResult(const ChunkResult&) = delete;
    ChunkResult& operator=(const ChunkResult&) = delete;

    Month first() const { return first_; }
    Month last() const { return last_; }
    std::uint32_t case_count() const { return static_cast<std::uint32_t>(status_.size()); }
    CaseStatus status(std::uint32_t case_index) const { return status_.at(case_index); }
    bool ok(std::uint32_t case_index) const { return status(case_index) == CaseStatus::Ok; }
    std::uint32_t failed_count() const;

    /// The value of `variable` for `instance` (numbered within the case, as in its CaseData)
    /// of case `case_index` at `month`: the zero of the type before `first`;
    /// std::out_of_range after `last` or outside the chunk; std::logic_error for a variable
    /// that was not needed or a case that failed.
    Value value(std::uint32_t variable, std::uint32_t case_index, std::uint32_t instance, Month month) const;

    /// Every lane of `variable` at `month` (first <= month <= last, else std::out_of_range).
    /// Lanes of failed cases hold meaningless values: skip them (lane_cases, status). Columns
    /// may share memory (with another variable's, or another month's of the same variable).
    std::span<const Value> column(std::uint32_t variable, Month month) const;
    /// Lanes of `entity`: case_index's instances are lanes first_lane .. first_lane + count - 1.
    std::uint32_t lane_count(std::uint32_t entity) const { return lanes_.at(entity); }
    std::uint32_t first_lane(std::uint32_t entity, std::uint32_t case_index) const {
        return case_first_lane_.at(entity).at(case_index);
    }
    std::uint32_t instance_count(std::uint32_t entity, std::uint32_t case_index) const {
        return case_first_lane_.at(entity).at(case_index + 1) - case_first_lane_.at(entity)[case_index];
    }
    /// [lane] -> the case it belongs to.
    std::span<const std::uint32_t> lane_cases(std::uint32_t entity) const { return lane_case_.at(entity); }

    /// Bytes held for value columns (kept for the next chunks).
    std::size_t value_bytes() const { return arena_.bytes(); }

private:
    friend class Evaluator;
    friend struct EvaluatorImpl;

    const ir::Program* program_ = nullptr;
    Month first_ = 0;
    Month last_ = 0;
    std::int32_t months_ = 0;
    std::vector<std::uint32_t> lanes_;                         ///< [entity]
    std::vector<std::vector<std::uint32_t>> case_first_lane_;  ///< [entity][case], one past the end too
    std::vector<std::vector<std::uint32_t>> lane_case_;        ///< [entity][lane]
    std::vector<CaseStatus> status_;                           ///< [case]
    std::vector<bool> computed_;                               ///< [variable]
    /// The columns computed for this chunk.
    ColumnArena arena_;
    /// [variable][month - first] -> the column: taken from arena_, or, for a variable whose formula
    /// that month only reads another variable, that variable's column (no copy), or, for a
    /// variable the same every month of the chunk, its first month's column.
    std::vector<std::vector<const Value*>> columns_;
};

struct EvaluatorImpl;

/// What a run may take from an earlier run over the same cases instead of evaluating it: a
/// population run evaluates the base law, then the reform sharing every variable the reform
/// leaves alone (ir::equivalent_variables). Sharing columns makes the later result point into
/// `base`: keep `base` unchanged while the later result is read.
struct Sharing {
    const ChunkResult* base = nullptr;
    /// [variable of the later run's program] -> the variable of base's program with the same
    /// values, or ir::none.
    std::span<const std::uint32_t> variables;
    /// And before the month `before`, every variable has the values of `same_name`'s variable
    /// (ir::variables_of_same_name, ir::first_difference): a reform dated from periode.debut
    /// shares the whole history.
    std::span<const std::uint32_t> same_name;
    Month before = ir::since_always;
};

/// Which compiled copy of the interpreter runs: the widest the processor supports (AVX2 on
/// x86-64-v3), or the generic one (for tests of both on one machine). Results are identical.
enum class InstructionSet : std::uint8_t { Best, Generic };

/// Evaluates chunks one after the other, keeping its scratch columns so that, once warm, a
/// chunk allocates nothing per node. Not thread-safe: one per thread.
class Evaluator {
public:
    explicit Evaluator(const Plan& plan, InstructionSet instructions = InstructionSet::Best);
    ~Evaluator();
    Evaluator(Evaluator&&) noexcept;
    Evaluator& operator=(Evaluator&&) noexcept;

    /// Evaluates `cases` (every one with the same first and last months, else
    /// std::invalid_argument; at least one) into `result`, reusing its memory. A case that does
    /// not fit the program (the scalar evaluator's std::invalid_argument) throws the same.
    void run(std::span<const CaseData* const> cases, ChunkResult& result);
    ChunkResult run(std::span<const CaseData* const> cases);
    /// The same, sharing `sharing.base`'s columns where `sharing.variables` says so. `cases`
    /// must be the very cases `sharing.base` was evaluated on, in the same order. Nothing is
    /// shared when the base run failed some case (its columns are then incomplete) or when the
    /// chunk's shape differs (std::invalid_argument).
    void run(std::span<const CaseData* const> cases, ChunkResult& result, const Sharing& sharing);

private:
    std::unique_ptr<EvaluatorImpl> impl_;
};

/// Cases evaluated together: all with the same first and last months.
struct Chunk {
    std::vector<const CaseData*> cases;
    std::vector<std::size_t> indices;  ///< position of each case in make_chunks' input
};

/// Groups cases by (first, last) and cuts each group into chunks of at most `max_cases`
/// (> 0), keeping input order within a chunk; chunks are ordered by their first case.
std::vector<Chunk> make_chunks(std::span<const CaseData* const> cases, std::size_t max_cases);

/// Evaluates every chunk over `threads` threads (0: the hardware's count). Results are in
/// chunk order and do not depend on `threads`. Exceptions (malformed cases) are rethrown after
/// every thread stopped: the one of the lowest chunk.
std::vector<ChunkResult> evaluate_chunks(const Plan& plan, std::span<const Chunk> chunks, unsigned threads);

/// The same, handing each result to `consume(chunk_index, result)` instead of keeping them all
/// (a population too large to hold): called from the worker threads, concurrently, each chunk
/// once, with a result that is reused after `consume` returns.
void for_each_chunk(const Plan& plan, std::span<const Chunk> chunks, unsigned threads,
                    const std::function<void(std::size_t, const ChunkResult&)>& consume);

/// The exact error of a case a run marked failed: the scalar evaluator on that case, with the
/// plan's needed variables. std::logic_error if the scalar evaluator succeeds (a bug).
EvalError failure_of(const Plan& plan, const CaseData& data);

}  // namespace relais::engine::columnar
