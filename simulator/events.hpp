// The events of a case (a job taken, a birth, a separation) checked against their declarations
// in the rules, then applied to a copy of the case's data: inputs change from the event's
// month, members join or leave a group. The case without its events is the baseline.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/case_data.hpp"
#include "engine/ir/ir.hpp"
#include "simulator/case_file.hpp"

namespace relais::simulator {

/// An event of the case that matches its declaration.
struct Event {
    std::size_t index = 0;              ///< position in the case's "evenements"
    std::uint32_t type = ir::none;      ///< into Program::events
    std::uint32_t instance = ir::none;  ///< of the event type's entity
    engine::Month month = 0;            ///< first month of its effects
    engine::Month last = ir::until_forever;  ///< last month of its effects (inclusive)
    /// Per EventType::fields: the value given (a person field holds the person's index), or
    /// nullopt for an optional field left out.
    std::vector<std::optional<engine::Value>> fields;
};

struct EventCheck {
    std::vector<Event> events;          ///< in the case's order
    std::vector<CaseProblem> problems;  ///< one per fault, naming evenements[i].field and the value
};

/// Checks every raw event of `input`: known type (with a "did you mean"), the instance it
/// concerns (the key named after the event's entity, e.g. "personne"; optional when the case
/// has a single instance of that entity), every field known, given when required and of its
/// declared type, persons known, `fin` not before the event's month.
EventCheck check_events(const ir::Program& program, const Case& input);

/// `data` with `events` applied in month order (the case's order within a month), or the
/// problems that prevent it (a member added twice, a role emptied or overfilled...).
///  * SetInput: the input of the event's instance takes the field's (or literal) value from
///    the event's month to its last month; before and after, the previous values are kept.
///  * AddMember: the person holds the role from the event's month (to its last month).
///  * RemoveMember: the person named by the field, or every holder of the role, stops
///    holding it from the event's month (and holds it again after the last month, if any).
/// Memberships that change are written as CaseData::member_months; a person keeps its group
/// for `foyer.x` reads.
struct AppliedEvents {
    engine::CaseData data;
    std::vector<CaseProblem> problems;
};
AppliedEvents apply_events(const ir::Program& program, const engine::CaseData& data, const std::vector<Event>& events);
/// The same, taking `data` over instead of copying it (a case read only to be simulated).
AppliedEvents apply_events(const ir::Program& program, engine::CaseData&& data, const std::vector<Event>& events);

/// The baseline: `data` without any effect, except that a person whom an event adds to a
/// group (and who belongs to none in the case) is attached to it for no month, so that the
/// person's own variables can still read their group's.
engine::CaseData baseline_data(const ir::Program& program, const engine::CaseData& data,
                               const std::vector<Event>& events);

/// The case checked and made ready to evaluate: its events, the scenario (with the events) and
/// the baseline (without). When `problems` is not empty the two data sets are not usable.
struct PreparedCase {
    std::vector<Event> events;
    engine::CaseData scenario;
    engine::CaseData baseline;
    std::vector<CaseProblem> problems;
};
PreparedCase prepare_case(const ir::Program& program, const Case& input);

}  // namespace relais::simulator
