// Which exception of a variable overrides which: the transitive closure of `sur`, shared by
// both evaluators so that they choose the same clause.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/ir/ir.hpp"

namespace relais::ir {

/// An n × n matrix over the variable's exceptions: [i * n + j] is 1 when exception i is `sur`
/// exception j, directly or through other exceptions.
std::vector<std::uint8_t> exception_precedence(const Variable& variable);

}  // namespace relais::ir
