// Why a variable has its value for one instance in one month of a case: the clause used, every
// value read (inputs, variables, parameters with their date of effect and legal source), and
// for a scheme's eligibility that is false, the first condition that fails and the month it
// would hold. Rendered in plain French and as JSON (the `relais explain` command).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "engine/evaluator.hpp"
#include "engine/source.hpp"
#include "simulator/case_file.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator {

/// The condition of a scheme that makes its eligibility false.
struct FailingCondition {
    std::uint32_t scheme = ir::none;
    std::uint32_t condition = ir::none;   ///< index into Scheme::conditions
    std::optional<Month> holds_from;      ///< first later month of the case where it holds
};

struct Explanation {
    const ir::Program* program = nullptr;
    engine::Trace trace;
    std::string case_name;      ///< Case::name, for the commands it suggests
    std::string instance_name;
    std::vector<std::vector<std::string>> instance_names;  ///< the case's, to name what was read
    bool scenario = true;       ///< with the case's events (false: the baseline)
    Month case_last = 0;        ///< last month of the case
    std::optional<FailingCondition> failing;
};

/// Evaluates `input` (with its events when `scenario`, else its baseline) and explains
/// `variable` for `instance` (of the variable's entity) at `month` (within the case's months).
std::variant<Explanation, SimulationError> explain(const ir::Program& program, const Case& input,
                                                   std::uint32_t variable, std::uint32_t instance, Month month,
                                                   bool scenario = true);

/// Plain French, several lines. `sources` (the rules' files) adds "fichier:ligne" positions.
std::string render_explanation_text(const Explanation& explanation, const engine::SourceSet* sources = nullptr);
/// The same as JSON ("version": "relais.explication/1"); see docs/simulation-output.md.
nlohmann::ordered_json explanation_json(const Explanation& explanation, const engine::SourceSet* sources = nullptr);

}  // namespace relais::simulator
