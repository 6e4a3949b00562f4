// Throughput of a population run (`relais batch`), never run by ctest: a synthetic population
// (relais synth) is written once to a file, then run_batch reads it, evaluates every case under
// the base rules and under a reform, assembles the timelines, sums the aggregates and writes
// cases.csv, several times; the median, the spread and the peak memory are printed.
//
//   batch_bench [--households N] [--threads T] [--repeat R] [--evaluateur colonnes|scalaire]
//               [--scenario FICHIER.rules] [--cases fichier|aucun] [--dir DOSSIER]
//
// Household-months per second = simulated households × reported months × 2 (the base law and
// the reform each count as one household-month of work) / wall-clock seconds of the run. The
// 24 warm-up months each case also evaluates (history) are work the run does, not counted.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "dsl/driver.hpp"
#include "simulator/batch.hpp"
#include "simulator/synth.hpp"

namespace {

namespace fs = std::filesystem;
using namespace relais;

// A stream that only counts what it is given (cases.csv without the disk).
class CountingBuffer : public std::streambuf {
public:
    std::uint64_t bytes = 0;

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) ++bytes;
        return c;
    }
    std::streamsize xsputn(const char*, std::streamsize n) override {
        bytes += static_cast<std::uint64_t>(n);
        return n;
    }
};

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

const dsl::Compilation& compiled(std::vector<std::string> paths) {
    static std::vector<std::unique_ptr<dsl::Compilation>> keep;
    keep.push_back(std::make_unique<dsl::Compilation>(dsl::compile_paths(paths)));
    if (!keep.back()->program) {
        std::cerr << "les règles ne compilent pas : " << paths.back() << "\n";
        std::exit(1);
    }
    return *keep.back();
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t households = 10'000;
    unsigned threads = 1;
    int repeat = 3;
    bool columnar = true;
    bool cases_to_file = true;
    std::string scenario = RELAIS_SOURCE_DIR "/scenarios/reformes/rsj-25-ans.rules";
    fs::path dir = fs::temp_directory_path() / "relais-batch-bench";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << arg << " attend une valeur\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--households") households = std::stoull(next());
        else if (arg == "--threads") threads = static_cast<unsigned>(std::stoul(next()));
        else if (arg == "--repeat") repeat = std::stoi(next());
        else if (arg == "--evaluateur") columnar = next() == "colonnes";
        else if (arg == "--scenario") scenario = next();
        else if (arg == "--cases") cases_to_file = next() == "fichier";
        else if (arg == "--dir") dir = next();
        else {
            std::cerr << "usage : batch_bench [--households N] [--threads T] [--repeat R] [--evaluateur colonnes|scalaire] "
                         "[--scenario FICHIER] [--cases fichier|aucun] [--dir DOSSIER]\n";
            return 2;
        }
    }
    fs::create_directories(dir);
    const fs::path population = dir / ("synth-" + std::to_string(households) + ".jsonl");
    if (!fs::exists(population)) {
        simulator::SynthOptions options;
        options.households = households;
        options.seed = 2026;
        std::ofstream out(population, std::ios::binary);
        simulator::write_synth_jsonl(options, out);
    }
    const dsl::Compilation& base = compiled({RELAIS_SOURCE_DIR "/rules"});
    const dsl::Compilation& reform = compiled({RELAIS_SOURCE_DIR "/rules", scenario});

    std::vector<double> seconds;
    std::vector<double> cpu;
    std::uint64_t case_months = 0;
    std::uint64_t simulated = 0;
    for (int r = 0; r < repeat; ++r) {
        std::ifstream in(population, std::ios::binary);
        auto opened = simulator::PopulationInput::open(in, simulator::PopulationFormat::JsonLines, *base.program);
        auto& input = std::get<simulator::PopulationInput>(opened);
        simulator::BatchOptions options;
        options.threads = threads;
        options.evaluator = columnar ? simulator::BatchEvaluator::Columnar : simulator::BatchEvaluator::Scalar;
        CountingBuffer counting;
        std::ostream counted(&counting);
        std::ofstream file;
        if (cases_to_file) file.open(dir / "cases.csv", std::ios::binary);
        std::ostream& cases = cases_to_file ? static_cast<std::ostream&>(file) : counted;
        const double cpu_start = cpu_seconds();
        const auto start = std::chrono::steady_clock::now();
        const simulator::BatchResult result = simulator::run_batch(input, {&*base.program, &base.sources},
                                                                   {&*reform.program, &reform.sources}, options, &cases, nullptr);
        if (cases_to_file) file.flush();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        cpu.push_back(cpu_seconds() - cpu_start);
        case_months = result.summary.case_months;
        simulated = result.summary.simulated;
        std::printf("run %d: %.3f s (CPU %.3f s), %llu cas simulés, %.0f mois-foyers/s, %.0f par seconde de CPU\n", r + 1,
                    seconds.back(), cpu.back(), static_cast<unsigned long long>(simulated),
                    2.0 * static_cast<double>(case_months) / seconds.back(), 2.0 * static_cast<double>(case_months) / cpu.back());
        std::fflush(stdout);
    }
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    std::vector<double> cpu_sorted = cpu;
    std::sort(cpu_sorted.begin(), cpu_sorted.end());
    const double cpu_median = cpu_sorted[cpu_sorted.size() / 2];
    const double work = 2.0 * static_cast<double>(case_months);
    std::printf("households=%llu threads=%u evaluator=%s cases=%s: median %.3f s (min %.3f, max %.3f), "
                "%.0f household-months/s (min %.0f, max %.0f), %.0f households/s; CPU median %.3f s, "
                "%.0f household-months per CPU second; peak RSS %ld MiB\n",
                static_cast<unsigned long long>(households), threads, columnar ? "colonnes" : "scalaire",
                cases_to_file ? "fichier" : "aucun", median, sorted.front(), sorted.back(), work / median,
                work / sorted.back(), work / sorted.front(), static_cast<double>(simulated) / median, cpu_median,
                work / cpu_median, peak_rss_kib() / 1024);
    return 0;
}
