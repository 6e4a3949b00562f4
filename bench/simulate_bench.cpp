// Times what a référent waits for: compiling all of rules/, and simulating one case (scenario
// and baseline, 24 warm-up months) with the rules already compiled, for every scenario under
// scenarios/. Prints the median and the spread (min, max) of repeated runs.
//
//   build/bench/simulate_bench [REPEATS]        (from the repository root; default 31)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "simulator/case_file.hpp"
#include "simulator/simulation.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
    double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.front(), ms.back()};
}

template <class F>
Stats time_runs(int repeats, F&& run) {
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        run();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return stats(ms);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(3, std::atoi(argv[1])) : 31;
    const fs::path root = RELAIS_SOURCE_DIR;

    const Stats compile = time_runs(repeats, [&] {
        const auto c = relais::dsl::compile_paths({(root / "rules").string()});
        if (!c.program) std::abort();
    });
    std::printf("compile rules/ (%d runs): median %.2f ms, min %.2f, max %.2f\n", repeats, compile.median, compile.min,
                compile.max);

    const auto compilation = relais::dsl::compile_paths({(root / "rules").string()});
    if (!compilation.program) {
        std::fprintf(stderr, "rules/ does not compile\n");
        return 1;
    }
    const relais::ir::Program& program = *compilation.program;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::recursive_directory_iterator(root / "scenarios")) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".json" && name.find(".attendu") == std::string::npos) cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    std::printf("\nsimulate one case over 24 months, scenario + baseline, rules compiled (%d runs each):\n", repeats);
    std::printf("%-45s %8s %12s %8s %8s\n", "case", "months", "median ms", "min", "max");
    for (const fs::path& path : cases) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        nlohmann::json json = nlohmann::json::parse(text.str());
        if (json.contains("surcouche")) continue;  // needs the overlay compiled in: timed without it elsewhere
        json["periode"]["mois"] = 24;  // the référent's horizon the target is set for (24 warm-up months too)
        const auto reading = relais::simulator::read_case(json, program, path.filename().string());
        if (!reading.problems.empty()) continue;
        int months = reading.value.report_months;
        const Stats s = time_runs(repeats, [&] {
            auto result = relais::simulator::simulate(program, reading.value);
            if (result.index() != 0) std::abort();
        });
        std::printf("%-45s %8d %12.2f %8.2f %8.2f\n", fs::relative(path, root).string().c_str(), months, s.median, s.min,
                    s.max);
    }
    return 0;
}
