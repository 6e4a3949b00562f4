// Test helper: every diagnostic of a compilation, rendered in GNU form, in source order.
#pragma once

#include <string>

#include "dsl/driver.hpp"

namespace relais::test_support {

inline std::string rendered(const dsl::Compilation& c) {
    std::string out;
    for (const engine::Diagnostic& d : c.diagnostics.sorted()) out += engine::render_text(d, c.sources);
    return out;
}

}  // namespace relais::test_support
