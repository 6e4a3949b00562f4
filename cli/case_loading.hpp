// What `relais simulate` and `relais explain` share: reading a case file, compiling the rules
// with the overlays (those given on the command line and the case's "surcouche"), reading the
// case against them, and stamping the result.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "engine/evaluator.hpp"
#include "simulator/case_file.hpp"
#include "simulator/stamp.hpp"

namespace relais::cli {

struct CaseRequest {
    std::string command;                ///< "relais simulate", for messages
    std::string case_path;
    std::string rules = "rules";
    std::vector<std::string> overlays;  ///< in the order given
};

/// A case ready to run. Not movable: the case's events point into `json` and the simulation
/// points into `compilation`.
struct LoadedCase {
    dsl::Compilation compilation;
    nlohmann::json json;
    simulator::Case input;
    simulator::Stamp stamp;

    LoadedCase() = default;
    LoadedCase(const LoadedCase&) = delete;
    LoadedCase& operator=(const LoadedCase&) = delete;
    const ir::Program& program() const { return *compilation.program; }
};

/// Loads the case; on failure prints what went wrong (rules diagnostics, case problems one per
/// line) and sets `exit_code` (1 for rules or case problems, 2 for an unreadable path).
std::unique_ptr<LoadedCase> load_case(const CaseRequest& request, int& exit_code);

/// Prints an evaluation error in the GNU form of rules diagnostics, with the case's names.
void print_evaluation_error(const LoadedCase& loaded, const engine::EvalError& error, bool in_baseline);

/// Parses "--name value" or "--name=value" at args[i] (advancing i); nullopt when `arg` is not
/// this option. Sets `missing` when the value is absent.
std::optional<std::string> option_value(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                                        bool& missing);

/// The value of --seuil-rupture: a percentage from 0 to 100 ("10", "12.5") as a share in
/// millionths; nullopt when absent or out of range.
std::optional<engine::Value> rupture_share_option(const std::optional<std::string>& percent_text);
inline constexpr const char* rupture_share_usage =
    "--seuil-rupture attend un pourcentage entre 0 et 100 (par exemple 10 ou 12.5)";

}  // namespace relais::cli
