// Declarations of the grammar's entry rules (definitions in *_def.hpp, instantiated once in
// expression.cpp and declaration.cpp).
#pragma once

#include "dsl/syntax/ast.hpp"
#include "dsl/syntax/config.hpp"

namespace relais::dsl::syntax::grammar {

struct expression_class;
using expression_type = x3::rule<expression_class, Operand>;
BOOST_SPIRIT_DECLARE(expression_type)

struct declaration_class;
using declaration_type = x3::rule<declaration_class, Declaration>;
BOOST_SPIRIT_DECLARE(declaration_type)

}  // namespace relais::dsl::syntax::grammar
