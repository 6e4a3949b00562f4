// Instantiates the expression grammar: the only TU that sees expression_def.hpp.
#include "dsl/syntax/expression_def.hpp"

namespace relais::dsl::syntax::grammar {
BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
}
