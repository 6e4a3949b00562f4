// Pass 2: syntax trees -> typed IR. Resolves every name to an id exactly once, checks types,
// units, entities and time (no future reads), and converts literals exactly. Reports every
// problem it finds; the program it returns is meaningful only when the sink has no errors.
#pragma once

#include <vector>

#include "dsl/syntax/ast.hpp"
#include "engine/diagnostic.hpp"
#include "engine/ir/ir.hpp"

namespace relais::dsl {

ir::Program resolve(const std::vector<syntax::File>& files, engine::DiagnosticSink& sink);

}  // namespace relais::dsl
