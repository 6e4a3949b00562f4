// The one iterator, skipper and context every grammar TU is instantiated for. A mismatch with
// what parse.cpp passes compiles but fails to link ("undefined reference to parse_rule").
#pragma once

#include <boost/spirit/home/x3.hpp>

namespace relais::dsl::syntax {

namespace x3 = boost::spirit::x3;

using iterator_type = char const*;

/// Parse-wide state reachable from every rule: the start of the text (spans are offsets from
/// it) and the current nesting depth (bounded so that no input can exhaust the stack).
struct ParseState {
    iterator_type base = nullptr;
    int depth = 0;
};

struct parse_state_tag;

/// Thrown when an expression nests deeper than max_nesting; parse() reports E1004.
struct NestingTooDeep {
    iterator_type where;
};
inline constexpr int max_nesting = 64;

// Spaces, line ends, the two no-break spaces, and `#` comments. Tabs were already reported
// and blanked by parse(). x3::space is not used: it asserts on bytes >= 0x80.
inline auto const skipper = x3::lit(' ') | x3::lit('\n') | x3::lit('\r') | x3::lit("\xC2\xA0") |
                            x3::lit("\xE2\x80\xAF") | x3::lexeme['#' >> *(x3::standard::char_ - '\n')];
using skipper_type = std::remove_cv_t<decltype(skipper)>;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<parse_state_tag, std::reference_wrapper<ParseState>, phrase_context_type>;

}  // namespace relais::dsl::syntax
