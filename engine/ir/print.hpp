// Canonical, readable dump of a compiled program for golden tests and `--dump=ir`: every
// declaration with its type, parameter values with their dates and sources, each variable's
// formulas and exceptions as fully parenthesised expressions using names, the evaluation
// order and the tests. The same program always prints the same bytes.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ir/ir.hpp"

namespace relais::ir {

std::string print(const Program& program);
/// One expression, fully parenthesised (for messages and tests); `entity` is the entity it is
/// evaluated for, which names the roles of aggregates.
std::string print_expression(const Program& program, std::uint32_t node, std::uint32_t entity = none);
/// A value of `type` as the rules would write it: `575.52 €`, `16.5 %`, `2025-03`, `vrai`, ...
std::string print_value(const Program& program, Type type, Value value);

}  // namespace relais::ir
