// Population-run throughput: the full rules of rules/ over N synthetic households for M months,
// each household evaluated twice (its baseline and a scenario where the first person's
// earnings rise from the 7th month), by the columnar evaluator on 1 and 2 threads and by the
// scalar evaluator. Reports household-months per second (one household-month = both
// evaluations), the median of repeated runs and their spread, and the memory used. Rates are
// given per second of wall-clock time and per second of CPU time used by the process: on a
// machine shared with other work the second one is the stable measure of cost per core.
//
//   columnar_bench [--households N] [--months M] [--repeats R] [--chunk C] [--threads 1,2]
//                  [--scalar-households N] [--rules DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include <sys/resource.h>
#include <time.h>

#include "dsl/driver.hpp"
#include "engine/columnar.hpp"
#include "engine/evaluator.hpp"
#include "tests/support/synthetic_population.hpp"

namespace {

using namespace relais;
using engine::CaseData;
using engine::Month;
using engine::Value;

struct Options {
    std::size_t households = 20'000;
    std::int32_t months = 24;
    int repeats = 7;
    std::size_t chunk = 256;  ///< cases per chunk (baseline and scenario count as two)
    std::vector<unsigned> threads{1, 2};
    std::size_t scalar_households = 2'000;  ///< the scalar evaluator is timed on the first ones
    std::string rules = RELAIS_SOURCE_DIR "/rules";
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: columnar_bench [--households N] [--months M] [--repeats R] [--chunk C] "
                 "[--threads 1,2] [--scalar-households N] [--rules DIR]\n");
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (flag == "--households") o.households = std::stoul(value);
        else if (flag == "--months") o.months = std::stoi(value);
        else if (flag == "--repeats") o.repeats = std::stoi(value);
        else if (flag == "--chunk") o.chunk = std::stoul(value);
        else if (flag == "--scalar-households") o.scalar_households = std::stoul(value);
        else if (flag == "--rules") o.rules = value;
        else if (flag == "--threads") {
            o.threads.clear();
            for (std::size_t at = 0; at < value.size();) {
                const std::size_t comma = std::min(value.find(',', at), value.size());
                o.threads.push_back(static_cast<unsigned>(std::stoul(value.substr(at, comma - at))));
                at = comma + 1;
            }
        } else usage();
    }
    return o;
}

struct Spread {
    double median = 0, low = 0, high = 0;
};

/// Wall-clock and process CPU seconds of one run.
struct Times {
    double wall = 0, cpu = 0;
};

Spread spread(std::vector<double> rates) {
    std::sort(rates.begin(), rates.end());
    const std::size_t n = rates.size();
    const double median = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    return {median, rates.front(), rates.back()};
}

double process_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <class F>
Times seconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    f();
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            process_cpu_seconds() - cpu_start};
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void report(const char* what, const Spread& wall, const Spread& cpu) {
    std::printf("%-36s %9.0f household-months/s wall (min %.0f, max %.0f); %9.0f per CPU-second (min %.0f, max %.0f)\n",
                what, wall.median, wall.low, wall.high, cpu.median, cpu.low, cpu.high);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    const dsl::Compilation compilation = dsl::compile_paths({options.rules});
    if (!compilation.program) {
        std::fprintf(stderr, "%s does not compile (relais check %s)\n", options.rules.c_str(), options.rules.c_str());
        return 1;
    }
    const ir::Program& program = *compilation.program;

    synthetic::PopulationOptions population;
    population.households = options.households;
    population.months = options.months;
    const std::vector<CaseData> baseline = synthetic::synthetic_population(program, population);
    std::vector<CaseData> scenario;
    scenario.reserve(baseline.size());
    for (const CaseData& c : baseline)
        scenario.push_back(synthetic::with_raise(program, c, population.first + 6, 900 * engine::one));
    // Baseline and scenario of a household side by side, as a simulation would submit them.
    std::vector<const CaseData*> cases;
    for (std::size_t h = 0; h < baseline.size(); ++h) {
        cases.push_back(&baseline[h]);
        cases.push_back(&scenario[h]);
    }
    const double household_months = static_cast<double>(options.households) * options.months;
    const long rss_cases = peak_rss_kib();

    const engine::columnar::Plan plan(program);
    const auto chunks = engine::columnar::make_chunks(cases, options.chunk);
    std::printf("rules: %zu variables (%zu nodes), %zu inputs; %zu households x %d months, 2 evaluations each; "
                "%zu chunks of up to %zu cases\n",
                plan.order().size(), program.nodes.size(), program.inputs.size(), options.households, options.months,
                chunks.size(), options.chunk);

    // Columnar: every chunk, its result read by a consumer (the sum of one amount per chunk, so
    // that nothing is optimised away and reading is counted).
    const std::uint32_t read_variable = plan.order().back();
    std::vector<Value> sums(chunks.size());
    std::size_t failed = 0;
    std::size_t value_bytes = 0;
    for (const unsigned threads : options.threads) {
        std::vector<double> rates, cpu_rates;
        for (int r = 0; r < options.repeats; ++r) {
            std::vector<std::size_t> failures(chunks.size());
            std::vector<std::size_t> bytes(chunks.size());
            const Times t = seconds([&] {
                engine::columnar::for_each_chunk(plan, chunks, threads,
                                                 [&](std::size_t k, const engine::columnar::ChunkResult& result) {
                                                     Value sum = 0;
                                                     for (Month m = result.first(); m <= result.last(); ++m)
                                                         for (const Value v : result.column(read_variable, m))
                                                             sum += v;
                                                     sums[k] = sum;
                                                     failures[k] = result.failed_count();
                                                     bytes[k] = result.value_bytes();
                                                 });
            });
            rates.push_back(household_months / t.wall);
            cpu_rates.push_back(household_months / t.cpu);
            failed = 0;
            for (const std::size_t f : failures) failed += f;
            value_bytes = *std::max_element(bytes.begin(), bytes.end());
        }
        const std::string label = "columnar, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : "");
        report(label.c_str(), spread(rates), spread(cpu_rates));
    }
    std::printf("  cases failed: %zu of %zu; value columns per chunk result: %.1f MiB (%.0f bytes per case-month)\n",
                failed, cases.size(), value_bytes / 1048576.0,
                static_cast<double>(value_bytes) / (std::min(options.chunk, cases.size()) * options.months));

    // Scalar: the same cases (the first scalar_households households), one thread.
    const std::size_t scalar_households = std::min(options.scalar_households, options.households);
    if (scalar_households > 0) {
        std::vector<double> rates, cpu_rates;
        std::size_t scalar_failed = 0;
        const int repeats = std::max(1, std::min(options.repeats, 3));
        for (int r = 0; r < repeats; ++r) {
            scalar_failed = 0;
            const Times t = seconds([&] {
                for (std::size_t i = 0; i < 2 * scalar_households; ++i) {
                    const auto outcome = engine::Evaluation::run(program, *cases[i], plan.needed());
                    scalar_failed += std::holds_alternative<engine::EvalError>(outcome);
                }
            });
            rates.push_back(static_cast<double>(scalar_households) * options.months / t.wall);
            cpu_rates.push_back(static_cast<double>(scalar_households) * options.months / t.cpu);
        }
        const std::string label = "scalar, 1 thread (" + std::to_string(scalar_households) + " households)";
        report(label.c_str(), spread(rates), spread(cpu_rates));
        std::printf("  cases failed: %zu of %zu\n", scalar_failed, 2 * scalar_households);
    }
    std::printf("peak RSS: %.1f MiB once the cases were generated, %.1f MiB at the end\n", rss_cases / 1024.0,
                peak_rss_kib() / 1024.0);
    return 0;
}
