// Printing a compilation's problems (unreadable paths and diagnostics) for people or tools.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "dsl/driver.hpp"

namespace relais::cli {

/// Text: every diagnostic in GNU form on stderr. Returns the number of problems.
std::size_t print_problems_text(const dsl::Compilation& compilation);
/// JSON array of the diagnostics (unreadable paths become diagnostics without a position).
std::string problems_json(const dsl::Compilation& compilation);

}  // namespace relais::cli
