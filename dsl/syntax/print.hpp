// Canonical dump of a syntax tree (fully parenthesised expressions) for golden tests.
#pragma once

#include <string>

#include "dsl/syntax/ast.hpp"

namespace relais::dsl::syntax {

std::string print(const File& file);

}  // namespace relais::dsl::syntax
