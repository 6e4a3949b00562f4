// Exact fixed-point decimals: every amount, rate and number of the law is an int64 count of
// millionths. Sums are exact; products and quotients round half away from zero to the
// millionth; overflow is an error, never a wrap.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace relais::engine {

/// A decimal value in millionths: 12.5 is 12'500'000.
using Value = std::int64_t;

inline constexpr int decimal_places = 6;
inline constexpr Value one = 1'000'000;

/// Raised when a result does not fit (or a division by zero); the evaluator turns it into a
/// located evaluation error.
struct ArithmeticError : std::runtime_error {
    enum class Kind { Overflow, DivisionByZero };
    Kind kind;
    ArithmeticError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
};

Value checked_add(Value a, Value b);
Value checked_sub(Value a, Value b);
Value checked_neg(Value a);
/// a * b / one, rounded half away from zero.
Value checked_mul(Value a, Value b);
/// a * one / b, rounded half away from zero.
Value checked_div(Value a, Value b);
/// Integer count times a value (for sums of n equal terms and similar), exact.
Value checked_scale(Value a, std::int64_t n);
/// a / n for an integer n (means), rounded half away from zero.
Value checked_div_int(Value a, std::int64_t n);

enum class Rounding { HalfAwayFromZero, Down, Up };  ///< Down = toward -inf, Up = toward +inf
/// Rounds `v` to a multiple of `step`. Throws std::invalid_argument when step <= 0 (a bug, not
/// data), and ArithmeticError{Overflow} when the multiple does not fit.
Value round_to(Value v, Value step, Rounding mode);

/// Parses "12", "-3.5", "151.67" exactly; nullopt when malformed, when it has more than six
/// decimals, or when it does not fit. Accepted form: `-?[0-9]+(\.[0-9]{1,6})?` with ASCII digits
/// only; no spaces, '+', exponent or ',' ("12." and ".5" are malformed; leading zeros are fine).
std::optional<Value> parse_decimal(std::string_view text);

/// "12.5", "-0.000001", "3" (shortest exact form, '.' separator).
std::string format_decimal(Value v);
/// Fixed number of decimals (rounded half away from zero), '.' separator: (1234567, 2) -> "1.23".
/// `decimals` must be in 0..6 (else std::invalid_argument). A value that rounds to zero has no
/// sign: (-4000, 2) -> "0.00".
std::string format_fixed(Value v, int decimals);
/// French display of an amount for people: "1 234,57 €" (rounded to the cent, half away from
/// zero). Exactly: an optional '-' (U+002D, omitted when the cent-rounded value is zero), the
/// units grouped by three with U+202F NARROW NO-BREAK SPACE, ',', two digits, U+00A0 NO-BREAK
/// SPACE, '€'. UTF-8. Examples: "0,00 €", "-12,00 €", "1 234 567,89 €".
std::string format_euros_fr(Value v);

}  // namespace relais::engine
