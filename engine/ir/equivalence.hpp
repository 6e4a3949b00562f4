// Which variables of a reform compute exactly what the base law's variables of the same name
// compute, on the same case: a population run evaluates those once and shares them, and
// evaluates only what the reform touches (and what reads it) a second time.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/ir/ir.hpp"

namespace relais::ir {

/// [reform variable] -> the base variable it always equals, or none. Two variables are equal
/// when they have the same name, type and entity, the same clauses (formulas and exceptions
/// with their months, expressions node for node), read parameters of the same name with the
/// same dated values, and read variables that are themselves equal (the largest such set, so
/// that variables reading their own earlier months can be equal).
/// Inputs, entities, roles and enumerations are compared by index: the caller must make sure
/// both programs declare them alike (a case reads into the same CaseData under both).
std::vector<std::uint32_t> equivalent_variables(const Program& base, const Program& reform);

/// [reform variable] -> the base variable of the same name, type and entity, or none.
std::vector<std::uint32_t> variables_of_same_name(const Program& base, const Program& reform);

/// The first month at which a reform variable may have another value than the base variable
/// of the same name (same inputs and case): the first month at which a parameter of the same
/// name has another value in force, or a variable of the same name another clause in force
/// (formula, exception); until_forever when none ever differs, since_always when one always
/// may. Before it, every variable of variables_of_same_name has the base's values.
Month first_difference(const Program& base, const Program& reform);

/// Whether both programs declare the same schemes (names, entities, labels, natures,
/// conditions, the variables they read, by name; what they open) and the same transitions, in
/// the same order: then a case whose variables have the same values under both has the same
/// timeline under both.
bool same_schemes(const Program& base, const Program& reform);

}  // namespace relais::ir
