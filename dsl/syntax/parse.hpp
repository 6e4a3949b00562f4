// Pass 1: rules text -> syntax tree. The only entry point to the grammar; no X3 here.
#pragma once

#include <cstdint>

#include "dsl/syntax/ast.hpp"
#include "engine/diagnostic.hpp"
#include "engine/source.hpp"

namespace relais::dsl::syntax {

/// Parses one file. Every problem goes to `sink` (the parser resynchronises at the next
/// declaration keyword, so a file reports all its syntax errors); declarations that parsed
/// are returned. Never throws on any input and never recurses without bound.
File parse(const engine::SourceFile& source, std::uint32_t file_id, engine::DiagnosticSink& sink);

}  // namespace relais::dsl::syntax
