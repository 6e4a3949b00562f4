// Chains the passes: read files, parse, resolve, order. Stops before a pass when the
// previous one reported errors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/diagnostic.hpp"
#include "engine/ir/ir.hpp"
#include "engine/source.hpp"

namespace relais::dsl {

struct Compilation {
    engine::SourceSet sources;
    engine::DiagnosticSink diagnostics;
    std::optional<ir::Program> program;  ///< set when there is no error
    std::vector<std::string> io_errors;  ///< unreadable paths, in French
};

/// Paths are files or directories (every `*.rules` below, in sorted order).
Compilation compile_paths(const std::vector<std::string>& paths);
/// Compiles in-memory files (path, text), for tests and fuzzing.
Compilation compile_texts(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace relais::dsl
