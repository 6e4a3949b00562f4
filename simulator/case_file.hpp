// Reading a case (DESIGN.md's JSON format) into the evaluator's CaseData: persons, groups with
// their roles, inputs as constants or month maps, the period, and the raw events. Every
// problem names the case, the field and the value; nothing is guessed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/case_data.hpp"
#include "engine/ir/ir.hpp"

namespace relais::simulator {

/// One problem in a case: "personnes.alice.salaire_net.2025-13" and what was wrong.
struct CaseProblem {
    std::string field;   ///< path in the case, dot-separated
    std::string value;   ///< the offending value as written (may be empty)
    std::string message; ///< in French: what is wrong and what was expected
};

/// An event as written in the case, checked later against its declaration.
struct RawEvent {
    std::size_t index = 0;  ///< position in "evenements"
    engine::Month month = 0;
    std::string type;
    std::string field_path;  ///< "evenements[3]"
    const nlohmann::json* fields = nullptr;  ///< the event object (owned by the caller's json)
};

struct Case {
    std::string name;
    engine::Month report_first = 0;  ///< periode.debut
    std::int32_t report_months = 0;  ///< periode.mois
    engine::CaseData data;           ///< data.first is report_first minus the warm-up months
    std::vector<RawEvent> events;
    std::string overlay;             ///< optional "surcouche" path given in the case
};

/// Months evaluated before `periode.debut` so that lagged reads (payment in M+1, reference
/// windows, quarterly fixing, 12-month rights) start from the case's history, not from zero.
inline constexpr std::int32_t default_warm_up_months = 24;

struct CaseReading {
    Case value;
    std::vector<CaseProblem> problems;  ///< empty when the case is usable
};

/// `name` identifies the case in messages (a file name, or "ligne 12" in a population).
CaseReading read_case(const nlohmann::json& json, const ir::Program& program, const std::string& name);

/// Renders problems one per line: "cas « x », champ « f », valeur « v » : message".
std::string describe_problems(const std::string& case_name, const std::vector<CaseProblem>& problems);

}  // namespace relais::simulator
