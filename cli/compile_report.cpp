// Renders what went wrong in a compilation.
#include "cli/compile_report.hpp"

#include <iostream>

namespace relais::cli {

std::size_t print_problems_text(const dsl::Compilation& compilation) {
    for (const std::string& io : compilation.io_errors) std::cerr << "erreur : " << io << "\n";
    const auto diagnostics = compilation.diagnostics.sorted();
    for (const engine::Diagnostic& d : diagnostics) std::cerr << engine::render_text(d, compilation.sources);
    return compilation.io_errors.size() + diagnostics.size();
}

std::string problems_json(const dsl::Compilation& compilation) {
    std::string out = "[";
    bool first = true;
    for (const std::string& io : compilation.io_errors) {
        out += first ? "" : ",";
        first = false;
        out += "{\"code\":\"io\",\"severity\":\"error\",\"message\":\"" + engine::json_escape(io) + "\"}";
    }
    for (const engine::Diagnostic& d : compilation.diagnostics.sorted()) {
        out += first ? "" : ",";
        first = false;
        out += engine::render_json(d, compilation.sources);
    }
    return out + "]";
}

}  // namespace relais::cli
