// Running one chunk: lay it out, then month by month every needed variable in evaluation
// order, then each case's status. Also the scratch column stack and the Evaluator handle.
#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

#include "engine/columnar_internal.hpp"

namespace relais::engine::columnar {

namespace {

// Columns are aligned to a cache line and padded to a whole number of 512-bit vectors.
constexpr std::size_t column_alignment = 64;
constexpr std::size_t lane_padding = 8;
// Enough for the expressions of the rules in rules/ without growing; more are added on demand.
constexpr std::size_t initial_columns = 96;

}  // namespace

// ---- ColumnStack ----

void ColumnStack::Free::operator()(Value* p) const { ::operator delete[](p, std::align_val_t{column_alignment}); }

void ColumnStack::reserve(std::size_t lanes, std::size_t columns) {
    const std::size_t padded = (std::max<std::size_t>(lanes, 1) + lane_padding - 1) / lane_padding * lane_padding;
    if (padded > lanes_) {
        columns_.clear();
        lanes_ = padded;
    }
    while (columns_.size() < columns) grow();
}

void ColumnStack::grow() {
    auto* p = static_cast<Value*>(::operator new[](lanes_ * sizeof(Value), std::align_val_t{column_alignment}));
    columns_.emplace_back(p);
}

// ---- One chunk ----

EvaluatorImpl::EvaluatorImpl(const Plan& plan, InstructionSet instructions)
    : plan_(plan),
      program_(plan.program()),
      instructions_(instructions),
      kept_(program_.nodes.size()),
      memos_(program_.nodes.size()) {}

namespace generic {
void evaluate_months(EvaluatorImpl& state);
}
#if RELAIS_COLUMNAR_AVX2
namespace avx2 {
void evaluate_months(EvaluatorImpl& state);
}
#endif

void EvaluatorImpl::evaluate_months() {
#if RELAIS_COLUMNAR_AVX2
    static const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") &&
                                 __builtin_cpu_supports("fma") && __builtin_cpu_supports("popcnt");
    if (has_avx2 && instructions_ == InstructionSet::Best) return avx2::evaluate_months(*this);
#endif
    generic::evaluate_months(*this);
}

void EvaluatorImpl::run(std::span<const CaseData* const> cases, ChunkResult& result, const Sharing* sharing) {
    result_ = &result;
    lay_out(cases);
    ++chunk_serial_;  // forgets the kept values of the chunk before
    kept_columns_.reset();
    shared_base_ = nullptr;
    if (sharing != nullptr && sharing->base != nullptr) share(*sharing);
    failed_.assign(cases.size(), 0);
    failures_ = 0;
    live_failures_ = 0;

    std::uint32_t widest = 0;
    for (const std::uint32_t lanes : result.lanes_) widest = std::max(widest, lanes);
    stack_.reserve(widest, initial_columns);

    evaluate_months();

    for (std::size_t c = 0; c < cases.size(); ++c) result.status_[c] = failed_[c] ? CaseStatus::Failed : CaseStatus::Ok;
    result_ = nullptr;
}

void EvaluatorImpl::share(const Sharing& sharing) {
    const ChunkResult& base = *sharing.base;
    const ChunkResult& r = *result_;
    if (base.first_ != r.first_ || base.last_ != r.last_ || base.case_first_lane_ != r.case_first_lane_)
        throw std::invalid_argument("columnar : le lot partagé n'a pas les mêmes cas");
    if (sharing.variables.size() != program_.variables.size())
        throw std::invalid_argument("columnar : correspondance des variables incomplète");
    if (!sharing.same_name.empty() && sharing.same_name.size() != program_.variables.size())
        throw std::invalid_argument("columnar : correspondance des variables incomplète");
    if (base.failed_count() > 0) return;
    const auto computed = [&](std::uint32_t b) { return b != ir::none && b < base.computed_.size() && base.computed_[b]; };
    shared_.assign(program_.variables.size(), ir::none);
    shared_early_.assign(program_.variables.size(), ir::none);
    for (const std::uint32_t v : plan_.order()) {
        if (computed(sharing.variables[v])) shared_[v] = sharing.variables[v];
        shared_early_[v] = shared_[v];
        if (!sharing.same_name.empty() && computed(sharing.same_name[v])) shared_early_[v] = sharing.same_name[v];
    }
    shared_before_ = sharing.same_name.empty() ? ir::since_always : sharing.before;
    shared_base_ = &base;
}

// ---- Failures ----

void EvaluatorImpl::fail_lane(std::uint32_t entity, std::size_t lane) {
    const std::uint32_t case_index = result_->lane_case_[entity][lane];
    if (failed_[case_index]) return;
    failed_[case_index] = 1;
    ++failures_;
}

void EvaluatorImpl::fail_active(const Ctx& c) {
    for (std::size_t i = 0; i < c.lanes; ++i)
        if (c.active_at(i)) fail_lane(c.entity, i);
}

const Value* EvaluatorImpl::live(std::uint32_t entity) {
    if (failures_ == 0) return nullptr;
    if (live_failures_ != failures_) {
        const ChunkResult& r = *result_;
        live_.resize(r.lanes_.size());
        live_count_.assign(r.lanes_.size(), 0);
        for (std::size_t e = 0; e < r.lanes_.size(); ++e) {
            live_[e].resize(r.lanes_[e]);
            for (std::size_t lane = 0; lane < r.lanes_[e]; ++lane) {
                live_[e][lane] = !failed_[r.lane_case_[e][lane]];
                live_count_[e] += static_cast<std::uint32_t>(live_[e][lane]);
            }
        }
        live_failures_ = failures_;
    }
    return live_[entity].data();
}

// ---- Evaluator ----

Evaluator::Evaluator(const Plan& plan, InstructionSet instructions)
    : impl_(std::make_unique<EvaluatorImpl>(plan, instructions)) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

void Evaluator::run(std::span<const CaseData* const> cases, ChunkResult& result) { impl_->run(cases, result); }

void Evaluator::run(std::span<const CaseData* const> cases, ChunkResult& result, const Sharing& sharing) {
    impl_->run(cases, result, &sharing);
}

ChunkResult Evaluator::run(std::span<const CaseData* const> cases) {
    ChunkResult result;
    impl_->run(cases, result);
    return result;
}

// ---- ChunkResult ----

std::uint32_t ChunkResult::failed_count() const {
    std::uint32_t n = 0;
    for (const CaseStatus s : status_) n += s == CaseStatus::Failed;
    return n;
}

Value ChunkResult::value(std::uint32_t variable, std::uint32_t case_index, std::uint32_t instance, Month month) const {
    const ir::Variable& var = program_->variables.at(variable);
    if (case_index >= case_count())
        throw std::out_of_range("ChunkResult::value : cas " + std::to_string(case_index) + " hors du lot");
    if (instance >= instance_count(var.entity, case_index))
        throw std::out_of_range("ChunkResult::value : instance " + std::to_string(instance) + " de « " + var.name +
                                " » hors du cas");
    if (month > last_)
        throw std::out_of_range("ChunkResult::value : " + format_month(month) + " après la fin du lot (" +
                                format_month(last_) + ")");
    if (!computed_[variable])
        throw std::logic_error("ChunkResult::value : « " + var.name + " » n'a pas été calculée (variable non demandée)");
    if (status_[case_index] == CaseStatus::Failed)
        throw std::logic_error("ChunkResult::value : le cas " + std::to_string(case_index) +
                               " a échoué (columnar::failure_of donne l'erreur)");
    if (month < first_) return 0;
    return columns_[variable][static_cast<std::size_t>(month - first_)][case_first_lane_[var.entity][case_index] + instance];
}

std::span<const Value> ChunkResult::column(std::uint32_t variable, Month month) const {
    const ir::Variable& var = program_->variables.at(variable);
    if (month < first_ || month > last_)
        throw std::out_of_range("ChunkResult::column : " + format_month(month) + " hors du lot");
    if (!computed_[variable])
        throw std::logic_error("ChunkResult::column : « " + var.name + " » n'a pas été calculée (variable non demandée)");
    const std::size_t lanes = lanes_[var.entity];
    return {columns_[variable][static_cast<std::size_t>(month - first_)], lanes};
}

// ---- ColumnArena ----

Value* ColumnArena::take(std::size_t lanes) {
    for (; block_ < blocks_.size(); ++block_, used_ = 0) {
        if (used_ + lanes <= sizes_[block_]) {
            Value* column = blocks_[block_].get() + used_;
            used_ += lanes;
            return column;
        }
    }
    const std::size_t size = std::max(block_values, lanes);
    blocks_.push_back(std::make_unique_for_overwrite<Value[]>(size));
    sizes_.push_back(size);
    block_ = blocks_.size() - 1;
    used_ = lanes;
    return blocks_.back().get();
}

void ColumnArena::give_back(const Value* column, std::size_t lanes) {
    if (block_ < blocks_.size() && used_ >= lanes && blocks_[block_].get() + (used_ - lanes) == column) used_ -= lanes;
}

std::size_t ColumnArena::bytes() const {
    std::size_t values = 0;
    for (const std::size_t size : sizes_) values += size;
    return values * sizeof(Value);
}

}  // namespace relais::engine::columnar
