// Renderings of a simulation: JSON for programs (the stable contract of
// docs/simulation-output.md), a table in plain French for people, and CSV for spreadsheets.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "simulator/simulation.hpp"
#include "simulator/stamp.hpp"

namespace relais::simulator {

/// The version of the JSON contract; it changes only when a key changes meaning or goes away.
inline constexpr const char* json_contract_version = "relais.simulation/1";

/// The whole simulation as the JSON object of docs/simulation-output.md (keys in a fixed
/// order; amounts as exact decimal strings with two decimals).
nlohmann::ordered_json simulation_json(const Simulation& simulation, const Stamp& stamp);
/// simulation_json dumped with `indent` spaces (-1: on one line), UTF-8, ending with a newline.
std::string render_json(const Simulation& simulation, const Stamp& stamp, int indent = 2);

/// A value of `type` as JSON: montant "646.52" (two decimals, rounded half away from zero),
/// taux and nombre as exact decimal strings ("0.12", "3"), booléen true/false, date
/// "AAAA-MM-JJ", mois "AAAA-MM", an enumeration value's name.
nlohmann::ordered_json value_json(const ir::Program& program, ir::Type type, engine::Value v);
/// An amount as the contract writes it: "646.52", "-12.00", "0.00".
std::string amount_text(engine::Value v);

/// For people: one line per month with a column per scheme paid, the total, the total
/// without the events and the difference, then sentences for transitions, ruptures,
/// droits connexes lost and the orientation.
std::string render_table(const Simulation& simulation);

/// One row per month; the header is documented in docs/simulation-output.md.
std::string render_csv(const Simulation& simulation);

}  // namespace relais::simulator
