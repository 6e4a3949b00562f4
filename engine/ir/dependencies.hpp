// Which variables a set of variables needs, at any month: the closure of their reads (same
// month or earlier, through windows, aggregates, role reads and reviews). Lets a test or a
// simulation compute only what it reports, so that one scheme's history never constrains
// another's.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/ir/ir.hpp"

namespace relais::ir {

/// Whether the node reads a variable (Node::ref), at M + offset, over a window or at a review.
bool reads_variable(const Node& n);

/// needed[v] is true for every root and every variable a root reads, directly or not.
std::vector<bool> needed_variables(const Program& program, const std::vector<std::uint32_t>& roots);

}  // namespace relais::ir
