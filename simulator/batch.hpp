// A population run (`relais batch`): every case of a population under the base law and under a
// reform, each with its own events; per case and month what each scheme pays on both sides
// (cases.csv), exact aggregates by month, scheme and group of cases (batch_aggregates.hpp), and
// the cases that could not be simulated with their line and reason (rejects.csv). The input is
// streamed in units of cases over worker threads; rows are written in input order as units
// finish, so memory does not grow with the population and the output does not depend on the
// number of threads. Like the rest of simulator/, no file is opened here: the caller gives the
// streams.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/source.hpp"
#include "simulator/batch_aggregates.hpp"
#include "simulator/population.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator {

/// One side of the comparison: the compiled rules (with their overlay) and, optionally, their
/// sources, so that an evaluation error can name its place in the rules.
struct BatchSide {
    const ir::Program* program = nullptr;
    const engine::SourceSet* sources = nullptr;
};

enum class BatchEvaluator {
    Scalar,    ///< engine::Evaluation per case
    Columnar,  ///< engine::columnar over units of cases
};

/// Why a case was not simulated.
enum class RejectKind {
    Malformed,  ///< the line (JSON Lines) or rows (CSV) cannot be read
    Invalid,    ///< the case does not fit the rules (a field, a value, an event)
    Failed,     ///< the evaluation failed (a missing input without default, an overflow...)
};
const char* reject_kind_name(RejectKind kind);  ///< ligne_mal_formee, cas_invalide, erreur_de_calcul

struct BatchReject {
    std::uint64_t line = 0;  ///< first line of the case in the input
    std::string case_id;     ///< empty when unknown
    RejectKind kind = RejectKind::Malformed;
    std::string reason;      ///< in French
};

/// A simulated case as the run saw it, handed to BatchOptions::on_case (tests).
struct CaseResult {
    std::uint64_t line = 0;
    CaseAttributes attributes;
    CaseGroups groups;
    Run base;
    Run reform;
};

struct BatchProgress {
    std::uint64_t read = 0;
    std::uint64_t simulated = 0;
    std::uint64_t rejected = 0;
    std::uint64_t bytes_read = 0;
};

/// Default bands of gains and losses over the period (euros): up to 10, 50, 100, 250, 500,
/// 1000, 2500, and above. Reporting bands, not law.
std::vector<engine::Value> default_gain_bands();
/// Default lower bounds of the claimant's age bands: under 18, 18-24, 25-29, 30-39, 40-49,
/// 50-59, 60 and over.
std::vector<int> default_age_bands();

struct BatchOptions {
    unsigned threads = 1;  ///< worker threads; 0: the hardware's count
    BatchEvaluator evaluator = BatchEvaluator::Columnar;
    std::size_t cases_per_unit = 128;  ///< cases a worker takes at once (a columnar chunk)
    SimulationOptions simulation;
    std::vector<engine::Value> gain_bands = default_gain_bands();
    std::vector<int> age_bands = default_age_bands();
    /// Called for every simulated case, in input order, on the thread that called run_batch.
    std::function<void(const CaseResult&)> on_case;
    /// Called after each unit of cases is written, on the thread that called run_batch.
    std::function<void(const BatchProgress&)> on_progress;
};

struct BatchSummary {
    std::uint64_t read = 0;       ///< cases read: read == simulated + rejected
    std::uint64_t simulated = 0;
    std::uint64_t rejected = 0;
    std::uint64_t rejected_by_kind[3] = {0, 0, 0};  ///< by RejectKind
    std::uint64_t case_months = 0;  ///< Σ reported months of the simulated cases (each side counts once)
    std::optional<engine::Month> first;  ///< first and last reported months over the simulated cases
    std::optional<engine::Month> last;
};

struct BatchResult {
    std::unique_ptr<BatchLayout> layout;
    Aggregates aggregates;
    BatchSummary summary;
};

/// The header of cases.csv for `layout`.
std::string cases_csv_header(const BatchLayout& layout);
inline constexpr const char* rejects_csv_header = "ligne,cas,nature,motif";

/// Runs every case of `input` under `base` and `reform`. Writes cases.csv rows (after the header,
/// which the caller writes) to `cases` and rejects.csv rows to `rejects` (either may be null),
/// both in input order. Throws only for the caller's mistakes (no program).
BatchResult run_batch(PopulationInput& input, const BatchSide& base, const BatchSide& reform,
                      const BatchOptions& options, std::ostream* cases, std::ostream* rejects);

/// summary.json: the counts (read == simulated + rejected, rejects by kind), the period, and
/// the whole population's totals, winners, losers and ruptures. Deterministic: no time, no
/// thread count.
nlohmann::ordered_json batch_summary_json(const BatchResult& result, const BatchHeader& header);

/// The variables a population run reads: timeline_roots and, when the rules define it, the
/// claimant's `age` (for the age bands).
std::vector<std::uint32_t> batch_roots(const ir::Program& program);

}  // namespace relais::simulator
