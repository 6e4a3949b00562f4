// Population runs over threads: chunks are independent, so each worker takes the next chunk
// index from a shared counter and writes only that chunk's result. Results therefore do not
// depend on the number of threads nor on scheduling. Also grouping cases into chunks, and the
// way back to the exact error of a failed case.
#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <stdexcept>
#include <thread>
#include <utility>
#include <variant>

#include "engine/columnar.hpp"

namespace relais::engine::columnar {

namespace {

// How many workers `threads` means for `chunks` chunks: 0 is the hardware's count, and no
// more workers than chunks.
unsigned worker_count(std::size_t chunks, unsigned threads) {
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));
}

// Runs work(worker, chunk) for every chunk over `workers` threads (the calling one when 1).
// The exception of the lowest chunk that threw is rethrown once every thread has stopped.
template <class Work>
void run_parallel(std::size_t chunks, unsigned workers, Work work) {
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(chunks);
    const auto worker = [&](unsigned id) {
        for (std::size_t i = next++; i < chunks; i = next++) {
            try {
                work(id, i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    if (workers <= 1) {
        worker(0);
    } else {
        std::vector<std::thread> pool;
        pool.reserve(workers);
        for (unsigned t = 0; t < workers; ++t) pool.emplace_back(worker, t);
        for (std::thread& t : pool) t.join();
    }
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace

std::vector<Chunk> make_chunks(std::span<const CaseData* const> cases, std::size_t max_cases) {
    if (max_cases == 0) throw std::invalid_argument("make_chunks : max_cases doit être positif");
    std::vector<Chunk> chunks;
    // (first, last) -> the chunk being filled for those months.
    std::map<std::pair<Month, Month>, std::size_t> open;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::pair<Month, Month> months{cases[i]->first, cases[i]->last};
        auto it = open.find(months);
        if (it == open.end() || chunks[it->second].cases.size() == max_cases) {
            chunks.emplace_back();
            it = open.insert_or_assign(months, chunks.size() - 1).first;
        }
        chunks[it->second].cases.push_back(cases[i]);
        chunks[it->second].indices.push_back(i);
    }
    // Order of first appearance is the order chunks were opened, except that a full chunk's
    // successor was opened later: sort by the first case's position.
    std::stable_sort(chunks.begin(), chunks.end(),
                     [](const Chunk& a, const Chunk& b) { return a.indices.front() < b.indices.front(); });
    return chunks;
}

std::vector<ChunkResult> evaluate_chunks(const Plan& plan, std::span<const Chunk> chunks, unsigned threads) {
    std::vector<ChunkResult> results(chunks.size());
    std::vector<Evaluator> evaluators;
    const unsigned workers = worker_count(chunks.size(), threads);
    for (unsigned t = 0; t < workers; ++t) evaluators.emplace_back(plan);
    run_parallel(chunks.size(), workers,
                 [&](unsigned worker, std::size_t i) { evaluators[worker].run(chunks[i].cases, results[i]); });
    return results;
}

void for_each_chunk(const Plan& plan, std::span<const Chunk> chunks, unsigned threads,
                    const std::function<void(std::size_t, const ChunkResult&)>& consume) {
    const unsigned workers = worker_count(chunks.size(), threads);
    std::vector<Evaluator> evaluators;
    std::vector<ChunkResult> results(workers);  // one per worker, reused chunk after chunk
    for (unsigned t = 0; t < workers; ++t) evaluators.emplace_back(plan);
    run_parallel(chunks.size(), workers, [&](unsigned worker, std::size_t i) {
        evaluators[worker].run(chunks[i].cases, results[worker]);
        consume(i, results[worker]);
    });
}

EvalError failure_of(const Plan& plan, const CaseData& data) {
    auto outcome = Evaluation::run(plan.program(), data, plan.needed());
    if (auto* error = std::get_if<EvalError>(&outcome)) return std::move(*error);
    throw std::logic_error("columnar::failure_of : l'évaluateur scalaire n'échoue pas sur ce cas");
}

}  // namespace relais::engine::columnar
