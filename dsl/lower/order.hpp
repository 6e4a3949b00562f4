// Pass 3: dependency analysis of a resolved program. Builds the graph of same-month reads
// between variables, reports each cycle with its path, and fills Program::evaluation_order.
#pragma once

#include "engine/diagnostic.hpp"
#include "engine/ir/ir.hpp"

namespace relais::dsl {

void order(ir::Program& program, engine::DiagnosticSink& sink);

}  // namespace relais::dsl
