// Fusion adaptation of the multi-member syntax nodes; included only by the *_def.hpp files.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "dsl/syntax/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::NumberLit, text, unit)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::IfExpr, condition, then_value, else_value)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Argument, value, roles, filter)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Call, function, arguments)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Index, from, to)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Postfix, base, ops)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::TypeName, scale, name)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::RoleDecl, name, cardinality)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::EntityDecl, name, roles)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::EnumDecl, name, values)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::InputDecl, name, type, entity, attributes)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::ScaleItem, key, value)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::ParamValueDecl, date, body, source, published)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::ParamDecl, name, type, items)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::FormulaClause, from, value)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::ExceptionClause, label, over, from, until, condition, value, source)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::VarDecl, name, type, entity, items)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::MonthEntry, month, value)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::Assignment, name, value)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::InstanceDecl, entity, name, assignments)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::PeriodClause, from, to)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::ExpectClause, instance, variable, from, to, expected, tolerance)
BOOST_FUSION_ADAPT_STRUCT(relais::dsl::syntax::TestDecl, name, items)
