// Exact fixed-point arithmetic on int64 millionths: checked operations, rounding, parsing and
// display. Products and quotients go through __int128 so that no intermediate can wrap.
#include "engine/decimal.hpp"

#include <limits>

namespace relais::engine {

namespace {

// __extension__ keeps -Wpedantic quiet: __int128 is a GCC/Clang extension, which we rely on.
__extension__ typedef __int128 Wide;

constexpr Value value_min = std::numeric_limits<Value>::min();
constexpr Value value_max = std::numeric_limits<Value>::max();

bool fits(Wide x) { return x >= value_min && x <= value_max; }

[[noreturn]] void overflow(const std::string& operation) {
    throw ArithmeticError(ArithmeticError::Kind::Overflow, "dépassement de capacité: " + operation);
}

[[noreturn]] void division_by_zero(const std::string& operation) {
    throw ArithmeticError(ArithmeticError::Kind::DivisionByZero, "division par zéro: " + operation);
}

// n / d rounded half away from zero. C++ division truncates toward zero, so the remainder has
// the sign of n and only its magnitude decides whether to move one step away from zero.
Wide divide_half_away(Wide n, Wide d) {
    Wide q = n / d;
    Wide r = n % d;
    Wide abs_r = r < 0 ? -r : r;
    Wide abs_d = d < 0 ? -d : d;
    if (2 * abs_r >= abs_d) q += ((n < 0) != (d < 0)) ? -1 : 1;
    return q;
}

// Magnitude as unsigned so that INT64_MIN, whose negation does not fit, can still be shown.
std::uint64_t magnitude(Value v) {
    return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

std::uint64_t power_of_ten(int exponent) {
    std::uint64_t p = 1;
    for (int i = 0; i < exponent; ++i) p *= 10;
    return p;
}

// `digits` decimal digits of x, left-padded with zeros.
std::string zero_padded(std::uint64_t x, int digits) {
    std::string s = std::to_string(x);
    if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
    return s;
}

// |v| rounded half away from zero to `decimals` places, counted in units of 10^-decimals.
// Done on the unsigned magnitude: |INT64_MIN| + a rounding step still fits in uint64, so
// display never overflows even where round_to would.
std::uint64_t rounded_magnitude(Value v, int decimals) {
    const std::uint64_t step = power_of_ten(decimal_places - decimals);
    const std::uint64_t m = magnitude(v);
    std::uint64_t q = m / step;
    if (2 * (m % step) >= step) ++q;
    return q;
}

void check_decimals(int decimals) {
    if (decimals < 0 || decimals > decimal_places)
        throw std::invalid_argument("format_fixed: le nombre de décimales doit être entre 0 et 6, reçu " +
                                    std::to_string(decimals));
}

}  // namespace

Value checked_add(Value a, Value b) {
    Value r;
    if (__builtin_add_overflow(a, b, &r)) overflow(format_decimal(a) + " + " + format_decimal(b));
    return r;
}

Value checked_sub(Value a, Value b) {
    Value r;
    if (__builtin_sub_overflow(a, b, &r)) overflow(format_decimal(a) + " - " + format_decimal(b));
    return r;
}

Value checked_neg(Value a) {
    if (a == value_min) overflow("-(" + format_decimal(a) + ")");
    return -a;
}

Value checked_mul(Value a, Value b) {
    // |a * b| < 2^126: always fits in __int128.
    const Wide r = divide_half_away(Wide{a} * b, one);
    if (!fits(r)) overflow(format_decimal(a) + " × " + format_decimal(b));
    return static_cast<Value>(r);
}

Value checked_div(Value a, Value b) {
    if (b == 0) division_by_zero(format_decimal(a) + " ÷ 0");
    // |a * one| < 2^83: always fits in __int128.
    const Wide r = divide_half_away(Wide{a} * one, b);
    if (!fits(r)) overflow(format_decimal(a) + " ÷ " + format_decimal(b));
    return static_cast<Value>(r);
}

Value checked_scale(Value a, std::int64_t n) {
    Value r;
    if (__builtin_mul_overflow(a, n, &r)) overflow(format_decimal(a) + " × " + std::to_string(n) + " (entier)");
    return r;
}

Value checked_div_int(Value a, std::int64_t n) {
    if (n == 0) division_by_zero(format_decimal(a) + " ÷ 0 (entier)");
    // Only INT64_MIN / -1 can leave the range.
    const Wide r = divide_half_away(a, n);
    if (!fits(r)) overflow(format_decimal(a) + " ÷ " + std::to_string(n) + " (entier)");
    return static_cast<Value>(r);
}

Value round_to(Value v, Value step, Rounding mode) {
    if (step <= 0) throw std::invalid_argument("round_to: le pas doit être strictement positif, reçu " + format_decimal(step));
    // Division truncates toward zero and the remainder takes the sign of v: a negative
    // remainder means the truncated quotient is one above the floor, a positive one below the ceiling.
    Wide q = v / step;
    const Value r = v % step;
    switch (mode) {
    case Rounding::HalfAwayFromZero: q = divide_half_away(v, step); break;
    case Rounding::Down: q -= (r < 0); break;
    case Rounding::Up: q += (r > 0); break;
    }
    const Wide result = q * step;
    if (!fits(result)) overflow("arrondi de " + format_decimal(v) + " au pas de " + format_decimal(step));
    return static_cast<Value>(result);
}

std::optional<Value> parse_decimal(std::string_view text) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    // Largest magnitude accepted: |INT64_MIN| = 2^63 for negatives, INT64_MAX otherwise.
    constexpr Wide limit = Wide{1} << 63;

    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;

    const std::size_t integer_start = i;
    Wide integer_part = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
        integer_part = integer_part * 10 + (text[i] - '0');
        // Stop early: the integer part alone is already too large, and more digits could wrap even __int128.
        if (integer_part > limit) return std::nullopt;
    }
    if (i == integer_start) return std::nullopt;

    Wide fraction = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        const std::size_t fraction_start = i;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            if (i - fraction_start == static_cast<std::size_t>(decimal_places)) return std::nullopt;
            fraction = fraction * 10 + (text[i] - '0');
        }
        const std::size_t count = i - fraction_start;
        if (count == 0) return std::nullopt;
        fraction *= static_cast<Wide>(power_of_ten(decimal_places - static_cast<int>(count)));
    }
    if (i != text.size()) return std::nullopt;

    const Wide total = integer_part * one + fraction;
    if (total > (negative ? limit : limit - 1)) return std::nullopt;
    return static_cast<Value>(negative ? -total : total);
}

std::string format_decimal(Value v) {
    const std::uint64_t m = magnitude(v);
    std::string s = v < 0 ? "-" : "";
    s += std::to_string(m / one);
    if (const std::uint64_t fraction = m % one; fraction != 0) {
        std::string digits = zero_padded(fraction, decimal_places);
        digits.erase(digits.find_last_not_of('0') + 1);
        s += '.';
        s += digits;
    }
    return s;
}

std::string format_fixed(Value v, int decimals) {
    check_decimals(decimals);
    const std::uint64_t q = rounded_magnitude(v, decimals);
    const std::uint64_t unit = power_of_ten(decimals);
    // No "-0.00": a value that rounds to zero is shown without a sign.
    std::string s = (v < 0 && q != 0) ? "-" : "";
    s += std::to_string(q / unit);
    if (decimals > 0) {
        s += '.';
        s += zero_padded(q % unit, decimals);
    }
    return s;
}

std::string format_euros_fr(Value v) {
    static constexpr std::string_view narrow_no_break_space = "\u202F";
    static constexpr std::string_view no_break_space = "\u00A0";

    const std::uint64_t cents = rounded_magnitude(v, 2);
    const std::string units = std::to_string(cents / 100);

    std::string s = (v < 0 && cents != 0) ? "-" : "";
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (i != 0 && (units.size() - i) % 3 == 0) s += narrow_no_break_space;
        s += units[i];
    }
    s += ',';
    s += zero_padded(cents % 100, 2);
    s += no_break_space;
    s += "€";
    return s;
}

}  // namespace relais::engine
