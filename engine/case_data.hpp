// The data of one case for the evaluator: the months to evaluate, the instances of each
// entity, who holds which role, and the given inputs. Built from a rules test or a case file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/decimal.hpp"

namespace relais::engine {

/// One input of one instance: a constant for every month, or values for some months. A month
/// with no value takes the input's default (an error when the input has none).
struct InputSeries {
    std::optional<Value> constant;
    std::vector<std::pair<Month, Value>> by_month;  ///< months strictly increasing
    bool given() const { return constant.has_value() || !by_month.empty(); }
};

struct CaseData {
    Month first = 0;  ///< first month evaluated
    Month last = 0;   ///< last month evaluated (inclusive)
    /// The first month reported (a simulation's periode.debut, after its warm-up months);
    /// unset means `first`. Rules read it as `debut_de_la_simulation`.
    std::optional<Month> report_first;
    /// [entity][instance] -> name, as the case calls it ("alice", "f1").
    std::vector<std::vector<std::string>> instance_names;
    /// [group entity][group instance][role] -> person instances holding that role.
    /// Empty for the individual entity.
    std::vector<std::vector<std::vector<std::vector<std::uint32_t>>>> members;
    /// [input][instance of the input's entity]; an input no instance gives may have no
    /// instances at all (the evaluators read it as not given: its default).
    std::vector<std::vector<InputSeries>> inputs;
    /// Optional months of membership, for members that join or leave during the case (an
    /// event: a birth, a separation): [group entity][group instance][role][k] -> {from, to}
    /// (inclusive) for members[...][role][k]. Empty (at any level) means always. A person
    /// keeps its group for `foyer.x` reads; only aggregates and role reads follow these months.
    std::vector<std::vector<std::vector<std::vector<std::pair<Month, Month>>>>> member_months;

    bool holds_role(std::uint32_t group_entity, std::uint32_t group, std::uint32_t role, std::size_t k,
                    Month month) const {
        if (group_entity >= member_months.size() || group >= member_months[group_entity].size()) return true;
        const auto& roles = member_months[group_entity][group];
        if (role >= roles.size() || k >= roles[role].size()) return true;
        return roles[role][k].first <= month && month <= roles[role][k].second;
    }

    std::uint32_t instance_count(std::uint32_t entity) const {
        return static_cast<std::uint32_t>(instance_names.at(entity).size());
    }
};

}  // namespace relais::engine
