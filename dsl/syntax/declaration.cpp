// Instantiates the declaration grammar: the only TU that sees declaration_def.hpp.
#include "dsl/syntax/declaration_def.hpp"

namespace relais::dsl::syntax::grammar {
BOOST_SPIRIT_INSTANTIATE(declaration_type, iterator_type, context_type)
}
