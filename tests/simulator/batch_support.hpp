// Shared by the population-run tests: the rules of rules/ compiled once per overlay, a batch run
// over in-memory text that returns every output, and exact comparisons of a batch case with
// simulate().
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "dsl/driver.hpp"
#include "engine/calendar.hpp"
#include "engine/decimal.hpp"
#include "simulator/batch.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator::testing {

inline const std::filesystem::path source_dir = RELAIS_SOURCE_DIR;

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// rules/ with `overlays` (paths relative to the source directory), compiled once.
inline const dsl::Compilation& real_rules(const std::vector<std::string>& overlays = {}) {
    static std::map<std::vector<std::string>, std::unique_ptr<dsl::Compilation>> cache;
    auto& slot = cache[overlays];
    if (!slot) {
        std::vector<std::string> paths = {(source_dir / "rules").string()};
        for (const std::string& o : overlays) paths.push_back((source_dir / o).string());
        slot = std::make_unique<dsl::Compilation>(dsl::compile_paths(paths));
        if (!slot->program) {
            std::string all;
            for (const auto& d : slot->diagnostics.sorted()) all += engine::render_text(d, slot->sources);
            ADD_FAILURE() << "les règles ne compilent pas :\n" << all;
        }
    }
    return *slot;
}

/// Whether a test run also keeps each case's runs (CaseResult, through BatchOptions::on_case,
/// which makes the batch assemble full timelines) or only what the batch writes (totals only,
/// as `relais batch` runs).
enum class Keep { Outputs, Results };

/// Everything a batch run writes, as text.
struct BatchRun {
    std::vector<std::string> open_problems;  ///< the input could not be opened (CSV header)
    std::string cases;
    std::string rejects;
    std::string aggregates_json;
    std::string aggregates_csv;
    std::string summary_json;
    BatchSummary summary;
    std::vector<CaseResult> results;
};

inline BatchRun run_text_batch(const std::string& text, PopulationFormat format, const BatchSide& base,
                               const BatchSide& reform, BatchOptions options = {}, Keep keep = Keep::Outputs) {
    BatchRun out;
    std::istringstream in(text);
    auto opened = PopulationInput::open(in, format, *base.program);
    if (auto* problems = std::get_if<std::vector<std::string>>(&opened)) {
        out.open_problems = *problems;
        return out;
    }
    if (keep == Keep::Results) options.on_case = [&](const CaseResult& c) { out.results.push_back(c); };
    std::ostringstream cases;
    std::ostringstream rejects;
    BatchResult result = run_batch(std::get<PopulationInput>(opened), base, reform, options, &cases, &rejects);
    BatchHeader header;
    header.engine_version = "test";
    header.rules_hash = "sha256:test";
    header.reform_hash = "sha256:test";
    header.rupture_share = options.simulation.rupture_share;
    out.cases = cases.str();
    out.rejects = rejects.str();
    out.aggregates_json = aggregates_json(result.aggregates, header).dump(1);
    std::ostringstream csv;
    write_aggregates_csv(result.aggregates, csv);
    out.aggregates_csv = csv.str();
    out.summary_json = batch_summary_json(result, header).dump(1);
    out.summary = result.summary;
    return out;
}

inline BatchRun run_text_batch(const std::string& text, PopulationFormat format, const dsl::Compilation& base,
                               const dsl::Compilation& reform, BatchOptions options = {}, Keep keep = Keep::Outputs) {
    return run_text_batch(text, format, BatchSide{&*base.program, &base.sources},
                          BatchSide{&*reform.program, &reform.sources}, std::move(options), keep);
}

/// Lines of text.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// ---- Exact comparison of a Run with simulate()'s scenario ----

inline std::string describe_difference(const char* what, engine::Month m, std::int64_t expected, std::int64_t actual) {
    return std::string(what) + " en " + engine::format_month(m) + " : simulate " + std::to_string(expected) + ", lot " +
           std::to_string(actual);
}

/// Empty when `run` is exactly the scenario of `simulation`: every month (every scheme and
/// beneficiary, totals, resources), transitions and ruptures (with their causes).
inline std::string difference(const Simulation& simulation, const Run& run) {
    const Timeline& a = simulation.scenario;
    const Timeline& b = run.timeline;
    if (a.months.size() != b.months.size())
        return "nombre de mois : " + std::to_string(a.months.size()) + " contre " + std::to_string(b.months.size());
    for (std::size_t i = 0; i < a.months.size(); ++i) {
        const MonthResult& x = a.months[i];
        const MonthResult& y = b.months[i];
        if (x.month != y.month) return "mois " + engine::format_month(x.month) + " contre " + engine::format_month(y.month);
        if (x.schemes.size() != y.schemes.size()) return "bénéficiaires en " + engine::format_month(x.month);
        for (std::size_t k = 0; k < x.schemes.size(); ++k) {
            const SchemeMonth& s = x.schemes[k];
            const SchemeMonth& t = y.schemes[k];
            if (s.scheme != t.scheme || s.instance != t.instance || s.eligible != t.eligible ||
                s.failed_condition != t.failed_condition || s.held != t.held || s.in_household != t.in_household)
                return "dispositif " + std::to_string(s.scheme) + " instance " + std::to_string(s.instance) + " en " +
                       engine::format_month(x.month) + " : éligibilité ou détention";
            if (s.due != t.due) return describe_difference("dû", x.month, s.due, t.due);
            if (s.paid != t.paid) return describe_difference("versé", x.month, s.paid, t.paid);
            if (s.value != t.value) return describe_difference("valeur", x.month, s.value, t.value);
        }
        for (std::size_t k = 0; k < x.totals.size(); ++k) {
            if (x.totals[k].paid != y.totals[k].paid || x.totals[k].due != y.totals[k].due ||
                x.totals[k].value != y.totals[k].value || x.totals[k].held != y.totals[k].held)
                return "total du dispositif " + std::to_string(k) + " en " + engine::format_month(x.month);
        }
        if (x.resources.earnings != y.resources.earnings || x.resources.benefits != y.resources.benefits ||
            x.resources.total != y.resources.total)
            return describe_difference("ressources", x.month, x.resources.total, y.resources.total);
    }
    if (simulation.transitions.size() != run.transitions.size()) return "nombre de transitions";
    for (std::size_t i = 0; i < run.transitions.size(); ++i) {
        const TransitionReport& s = simulation.transitions[i];
        const TransitionReport& t = run.transitions[i];
        if (s.transition != t.transition || s.from_instance != t.from_instance || s.to_instance != t.to_instance ||
            s.from_last_paid != t.from_last_paid || s.to_first_paid != t.to_first_paid || s.gap_months != t.gap_months)
            return "transition " + std::to_string(i);
    }
    if (simulation.ruptures.size() != run.ruptures.size()) return "nombre de ruptures";
    for (std::size_t i = 0; i < run.ruptures.size(); ++i) {
        const Rupture& s = simulation.ruptures[i];
        const Rupture& t = run.ruptures[i];
        if (s.month != t.month || s.kind != t.kind || s.before != t.before || s.after != t.after ||
            s.transition != t.transition || s.cause != t.cause || s.falls.size() != t.falls.size())
            return "rupture " + std::to_string(i) + " : « " + s.cause + " » contre « " + t.cause + " »";
    }
    return "";
}

}  // namespace relais::simulator::testing
