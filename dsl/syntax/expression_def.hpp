// Expression grammar: precedence levels from `si ... alors ... sinon` down to postfix reads
// `x[M-1]` and member access `foyer.x`. Included only by expression.cpp.
#pragma once

#include "dsl/syntax/common_def.hpp"
#include "dsl/syntax/grammar.hpp"

namespace relais::dsl::syntax::grammar {

// ---- Operators ----

struct comparison_ops_ : x3::symbols<BinaryOp> {
    comparison_ops_() {
        add("==", BinaryOp::Eq)("!=", BinaryOp::Ne)("≠", BinaryOp::Ne)("<=", BinaryOp::Le)("≤", BinaryOp::Le)
           (">=", BinaryOp::Ge)("≥", BinaryOp::Ge)("<", BinaryOp::Lt)(">", BinaryOp::Gt);
    }
};
inline const comparison_ops_ comparison_ops;

struct additive_ops_ : x3::symbols<BinaryOp> {
    additive_ops_() { add("+", BinaryOp::Add)("-", BinaryOp::Sub); }
};
inline const additive_ops_ additive_ops;

struct multiplicative_ops_ : x3::symbols<BinaryOp> {
    multiplicative_ops_() { add("*", BinaryOp::Mul)("×", BinaryOp::Mul)("/", BinaryOp::Div)("÷", BinaryOp::Div); }
};
inline const multiplicative_ops_ multiplicative_ops;

inline auto const or_op = word(x3::lit("ou")) >> x3::attr(BinaryOp::Or);
inline auto const and_op = word(x3::lit("et")) >> x3::attr(BinaryOp::And);
// `-` followed by `>` is the scale arrow, never a subtraction.
inline auto const additive_op = !x3::lit("->") >> additive_ops;
inline auto const neg_op = x3::lit('-') >> x3::attr(UnaryOp::Neg);
inline auto const not_op = word(x3::lit("non")) >> x3::attr(UnaryOp::Not);

// ---- Rules ----

struct if_expr_class : annotate {};
struct or_expr_class : annotate {};
struct and_expr_class : annotate {};
struct not_expr_class;
struct not_unary_class : annotate {};
struct comparison_class : annotate {};
struct comparison_operation_class : annotate {};
struct additive_class : annotate {};
struct multiplicative_class : annotate {};
struct unary_expr_class;
struct neg_unary_class : annotate {};
struct postfix_class : annotate {};
struct primary_class;
struct call_class : annotate {};
struct argument_class : annotate {};
struct month_ref_class : annotate {};
struct index_class : annotate {};
struct member_class : annotate {};
struct parenthesised_class;

expression_type const expression = "une expression";
x3::rule<if_expr_class, IfExpr> const if_expr = "une expression";
x3::rule<or_expr_class, Chain> const or_expr = "une expression";
x3::rule<and_expr_class, Chain> const and_expr = "une expression";
x3::rule<not_expr_class, Operand> const not_expr = "une expression";
x3::rule<not_unary_class, Unary> const not_unary = "une expression";
x3::rule<comparison_class, Chain> const comparison = "une expression";
x3::rule<comparison_operation_class, Operation> const comparison_operation = "une comparaison";
x3::rule<additive_class, Chain> const additive = "une expression";
x3::rule<multiplicative_class, Chain> const multiplicative = "une expression";
x3::rule<unary_expr_class, Operand> const unary_expr = "une expression";
x3::rule<neg_unary_class, Unary> const neg_unary = "une expression";
x3::rule<postfix_class, Postfix> const postfix = "une expression";
x3::rule<primary_class, Operand> const primary = "une valeur, un nom ou une expression entre parenthèses";
x3::rule<call_class, Call> const call = "un appel de fonction";
x3::rule<argument_class, Argument> const argument = "un argument";
x3::rule<month_ref_class, MonthRef> const month_ref = "un mois relatif (M, M-1, ...)";
x3::rule<index_class, Index> const index = "« [ »";
x3::rule<member_class, Member> const member = "« . »";
x3::rule<parenthesised_class, Operand> const parenthesised = "une expression entre parenthèses";

auto const expression_def = guard[if_expr | or_expr];
auto const if_expr_def = kw_si > expression > expect_alors > expression > expect_sinon > expression;
auto const or_expr_def = and_expr >> *(or_op > and_expr);
auto const and_expr_def = not_expr >> *(and_op > not_expr);
auto const not_expr_def = not_unary | comparison;
auto const not_unary_def = guard[not_op > not_expr];
// Comparisons do not chain: `a < b < c` is a syntax error, not a surprise.
auto const comparison_def = additive >> x3::repeat(0, 1)[comparison_operation];
auto const comparison_operation_def = comparison_ops > additive;
auto const additive_def = multiplicative >> *(additive_op > multiplicative);
auto const multiplicative_def = unary_expr >> *(multiplicative_ops > unary_expr);
auto const unary_expr_def = neg_unary | postfix;
auto const neg_unary_def = guard[neg_op > unary_expr];
auto const postfix_def = primary >> *(index | member);
auto const primary_def = date_lit | month_lit | unsigned_number | bool_lit | call | identifier | parenthesised;
auto const parenthesised_def = open_paren > expression > close_paren;
auto const call_def = identifier >> open_paren > -(argument % comma) > close_paren;
auto const argument_def = expression >> -(kw_pour > (identifier % comma)) >> -(kw_si > expression);

// `M`, `M-3`, `M+1`: the sign is kept (resolve reports a future read).
// Offsets are capped at four digits so that a huge number cannot overflow the int.
auto const month_count = x3::uint_parser<unsigned, 10, 1, 4>{};
auto const month_offset =
    (x3::lit('-') >> month_count)[([](auto& ctx) { x3::_val(ctx).offset = -static_cast<int>(x3::_attr(ctx)); })] |
    (x3::lit('+') >> month_count)[([](auto& ctx) { x3::_val(ctx).offset = static_cast<int>(x3::_attr(ctx)); })] |
    x3::eps[([](auto& ctx) { x3::_val(ctx).offset = 0; })];
auto const month_ref_def = x3::lexeme[x3::lit('M') >> !ident_char] >> month_offset;
auto const index_def = open_bracket >> month_ref > -(dot_dot > month_ref) > close_bracket;
auto const member_def = dot >> identifier;

BOOST_SPIRIT_DEFINE(expression, if_expr, or_expr, and_expr, not_expr, not_unary, comparison, comparison_operation, additive, multiplicative,
                    unary_expr, neg_unary, postfix, primary, parenthesised, call, argument, month_ref, index, member)

}  // namespace relais::dsl::syntax::grammar
