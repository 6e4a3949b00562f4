// Reading a case (DESIGN.md's JSON format) into the evaluator's CaseData: persons, groups with
// their roles, inputs as constants or month maps, the period, and the raw events. Every
// problem names the case, the field and the value; nothing is guessed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/case_data.hpp"
#include "engine/ir/ir.hpp"
#include "simulator/json_view.hpp"

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
    const nlohmann::json* fields = nullptr;  ///< the event object, in its Case's events_json
};

struct Case {
    std::string name;
    engine::Month report_first = 0;  ///< periode.debut
    std::int32_t report_months = 0;  ///< periode.mois
    /// data.first is report_first minus the warm-up months; data.inputs[i] is empty for an
    /// input the case does not give (the evaluators read it as not given).
    engine::CaseData data;
    std::vector<RawEvent> events;
    std::shared_ptr<const nlohmann::json> events_json;  ///< "evenements" as read (RawEvent::fields point into it)
    std::string overlay;             ///< optional "surcouche" path given in the case
};

/// Months evaluated before `periode.debut` so that lagged reads (payment in M+1, reference
/// windows, quarterly fixing, 12-month rights) start from the case's history, not from zero.
inline constexpr std::int32_t default_warm_up_months = 24;

struct CaseReading {
    Case value;
    std::vector<CaseProblem> problems;  ///< empty when the case is usable
};

/// The inputs of a program by entity and name, indexed once: a population run reads every
/// case with one program. Keeps a pointer to the program, which must outlive it.
class CaseSchema {
public:
    explicit CaseSchema(const ir::Program& program);
    const ir::Program& program() const { return *program_; }
    /// The input of `entity` named `name`, or nothing.
    std::optional<std::uint32_t> input(std::string_view name, std::uint32_t entity) const;

private:
    const ir::Program* program_;
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
    };
    /// [entity] name -> input, looked up by string_view.
    std::vector<std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>>> inputs_;
};

/// `name` identifies the case in messages (a file name, or "ligne 12" in a population).
/// Every person must belong to one instance of each group entity, unless an event of the case
/// adds them to one (a birth, a partner moving in): they then belong to none before it.
/// Events are only read here (month, type); check_events (events.hpp) checks the rest.
CaseReading read_case(const nlohmann::json& json, const ir::Program& program, const std::string& name);
/// The same with the program's inputs already indexed.
CaseReading read_case(const JsonView& json, const CaseSchema& schema, const std::string& name);
/// The same into `out`, whose storage it reuses (its data's vectors too): a population run
/// reads its cases into the storage of the cases before.
void read_case(const JsonView& json, const CaseSchema& schema, const std::string& name, CaseReading& out);

/// Converts one JSON value of a case (an input's value, an event's field) to a value of
/// `type`, exactly: numbers as decimals with at most 6 places (integers, JSON numbers of at
/// most 15 significant digits, or decimal strings), true/false, "AAAA-MM-JJ", "AAAA-MM", an
/// enumeration value's name. nullopt when `v` is not such a value.
std::optional<engine::Value> value_from_json(const ir::Program& program, ir::Type type, const JsonView& v);
/// What value_from_json expects for `type`, as the end of a French message:
/// "un montant en euros est attendu (au plus 6 décimales ; par exemple 1100.50)".
std::string expected_value(const ir::Program& program, ir::Type type);
/// A JSON value as a problem shows it: strings without quotes, at most 60 characters.
std::string json_excerpt(const nlohmann::json& value);

/// Renders problems one per line: "cas « x », champ « f », valeur « v » : message".
std::string describe_problems(const std::string& case_name, const std::vector<CaseProblem>& problems);

}  // namespace relais::simulator
