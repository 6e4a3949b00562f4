// Unit tests for engine/decimal: exact sums, half-away-from-zero products and quotients,
// overflow and division-by-zero errors, rounding to a step, parsing and display.
// Every expected value below was worked out by hand.
#include "engine/decimal.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace relais::engine {
namespace {

constexpr Value max_value = std::numeric_limits<Value>::max();  // 9223372036854.775807
constexpr Value min_value = std::numeric_limits<Value>::min();  // -9223372036854.775808

// Runs `f` and returns the kind of ArithmeticError it throws; fails the test if none is thrown.
template <typename F>
ArithmeticError::Kind error_kind(F f) {
    try {
        f();
    } catch (const ArithmeticError& e) {
        return e.kind;
    }
    ADD_FAILURE() << "expected an ArithmeticError";
    return ArithmeticError::Kind::DivisionByZero;
}

// Same, returning the message.
template <typename F>
std::string error_message(F f) {
    try {
        f();
    } catch (const ArithmeticError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an ArithmeticError";
    return {};
}

using Kind = ArithmeticError::Kind;

// ---- addition, subtraction, negation ----

TEST(Decimal, AddsAndSubtractsExactly) {
    EXPECT_EQ(checked_add(1'500'000, 2'250'000), 3'750'000);          // 1.5 + 2.25 = 3.75
    EXPECT_EQ(checked_add(100'000, 200'000), 300'000);                // 0.1 + 0.2 = 0.3, exactly
    EXPECT_EQ(checked_sub(1'000'000, 2'500'000), -1'500'000);         // 1 - 2.5 = -1.5
    EXPECT_EQ(checked_add(max_value, min_value), -1);                 // (2^63 - 1) + (-2^63)
    EXPECT_EQ(checked_sub(-1, max_value), min_value);                 // -1 - (2^63 - 1) = -2^63
}

TEST(Decimal, AdditionOverflowIsAnError) {
    EXPECT_EQ(error_kind([] { checked_add(max_value, 1); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { checked_add(min_value, -1); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { checked_sub(min_value, 1); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { checked_sub(0, min_value); }), Kind::Overflow);  // 0 - (-2^63) = 2^63
}

TEST(Decimal, AdditionOverflowMessageShowsTheOperands) {
    EXPECT_EQ(error_message([] { checked_add(max_value, 1'000'000); }),
              "dépassement de capacité: 9223372036854.775807 + 1");
}

TEST(Decimal, NegatesExceptTheMostNegativeValue) {
    EXPECT_EQ(checked_neg(2'500'000), -2'500'000);
    EXPECT_EQ(checked_neg(0), 0);
    EXPECT_EQ(checked_neg(max_value), -max_value);
    EXPECT_EQ(error_kind([] { checked_neg(min_value); }), Kind::Overflow);
}

// ---- multiplication ----

TEST(Decimal, MultipliesExactProducts) {
    EXPECT_EQ(checked_mul(2'500'000, 4'000'000), 10'000'000);           // 2.5 × 4 = 10
    EXPECT_EQ(checked_mul(575'520'000, 300'000), 172'656'000);          // 575.52 × 0.3 = 172.656
    EXPECT_EQ(checked_mul(151'670'000, 11'650'000), 1'766'955'500);     // 151.67 × 11.65 = 1766.9555
    EXPECT_EQ(checked_mul(-2'000'000, 3'500'000), -7'000'000);          // -2 × 3.5 = -7
    EXPECT_EQ(checked_mul(-2'000'000, -3'500'000), 7'000'000);
}

TEST(Decimal, MultiplicationRoundsHalfAwayFromZero) {
    EXPECT_EQ(checked_mul(1'234'567, 100'000), 123'457);    // 0.1234567 -> 0.123457 (7th digit 7: up)
    EXPECT_EQ(checked_mul(1'234'564, 100'000), 123'456);    // 0.1234564 -> 0.123456 (7th digit 4: down)
    EXPECT_EQ(checked_mul(1'234'565, 100'000), 123'457);    // 0.1234565 -> exactly half: away from zero
    EXPECT_EQ(checked_mul(-1'234'565, 100'000), -123'457);  // -0.1234565 -> -0.123457
    EXPECT_EQ(checked_mul(-1'234'564, 100'000), -123'456);
    EXPECT_EQ(checked_mul(1, 500'000), 1);                  // 0.000001 × 0.5 = 0.0000005 -> 0.000001
    EXPECT_EQ(checked_mul(-1, 500'000), -1);
    EXPECT_EQ(checked_mul(1, 499'999), 0);                  // 0.000000499999 -> 0
}

TEST(Decimal, MultiplicationUsesAWideIntermediate) {
    // 9223372036854.775807 × 1: the raw product is above 2^63 before dividing by one.
    EXPECT_EQ(checked_mul(max_value, 1'000'000), max_value);
    // (2^63 - 1) / 2 = 4611686018427387903.5 millionths -> rounded away from zero.
    EXPECT_EQ(checked_mul(max_value, 500'000), 4'611'686'018'427'387'904);
}

TEST(Decimal, MultiplicationOverflowIsAnError) {
    EXPECT_EQ(error_kind([] { checked_mul(max_value, 2'000'000); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { checked_mul(min_value, -1'000'000); }), Kind::Overflow);  // -(-2^63)
    EXPECT_EQ(error_message([] { checked_mul(max_value, 2'000'000); }),
              "dépassement de capacité: 9223372036854.775807 × 2");
}

TEST(Decimal, ScalesByAnIntegerExactly) {
    EXPECT_EQ(checked_scale(12'500'000, 3), 37'500'000);  // 12.5 × 3 = 37.5
    EXPECT_EQ(checked_scale(1, -7), -7);
    EXPECT_EQ(error_kind([] { checked_scale(max_value, 2); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { checked_scale(min_value, -1); }), Kind::Overflow);
}

// ---- division ----

TEST(Decimal, DividesAndRoundsHalfAwayFromZero) {
    EXPECT_EQ(checked_div(10'000'000, 4'000'000), 2'500'000);  // 10 ÷ 4 = 2.5
    EXPECT_EQ(checked_div(1'000'000, 3'000'000), 333'333);     // 0.3333333... -> down
    EXPECT_EQ(checked_div(2'000'000, 3'000'000), 666'667);     // 0.6666666... -> up
    EXPECT_EQ(checked_div(-2'000'000, 3'000'000), -666'667);
    EXPECT_EQ(checked_div(2'000'000, -3'000'000), -666'667);
    EXPECT_EQ(checked_div(-1'000'000, -3'000'000), 333'333);
    EXPECT_EQ(checked_div(1, 2'000'000), 1);                   // 0.0000005 -> 0.000001 (half)
    EXPECT_EQ(checked_div(-1, 2'000'000), -1);
    EXPECT_EQ(checked_div(1, 3'000'000), 0);                   // 0.000000333... -> 0
    EXPECT_EQ(checked_div(1'000'000, 1), 1'000'000'000'000);   // 1 ÷ 0.000001 = 1000000
}

TEST(Decimal, DivisionByZeroIsAnError) {
    EXPECT_EQ(error_kind([] { checked_div(1'000'000, 0); }), Kind::DivisionByZero);
    EXPECT_EQ(error_kind([] { checked_div(0, 0); }), Kind::DivisionByZero);
    EXPECT_EQ(error_kind([] { checked_div_int(1'000'000, 0); }), Kind::DivisionByZero);
    EXPECT_EQ(error_message([] { checked_div(12'500'000, 0); }), "division par zéro: 12.5 ÷ 0");
}

TEST(Decimal, DivisionOverflowIsAnError) {
    EXPECT_EQ(error_kind([] { checked_div(max_value, 500'000); }), Kind::Overflow);  // ÷ 0.5 doubles it
    EXPECT_EQ(error_kind([] { checked_div(min_value, -1'000'000); }), Kind::Overflow);  // ÷ -1
    EXPECT_EQ(error_kind([] { checked_div(10'000'000'000'000, 1); }), Kind::Overflow);  // 10^7 ÷ 10^-6 = 10^13
}

TEST(Decimal, DividesByAnIntegerWithRounding) {
    EXPECT_EQ(checked_div_int(10'000'000, 4), 2'500'000);  // 10 / 4 = 2.5
    EXPECT_EQ(checked_div_int(5, 2), 3);                   // 0.0000025 -> 0.000003
    EXPECT_EQ(checked_div_int(-5, 2), -3);
    EXPECT_EQ(checked_div_int(5, -2), -3);
    EXPECT_EQ(checked_div_int(7, 3), 2);                   // 0.00000233... -> 0.000002
    EXPECT_EQ(checked_div_int(8, 3), 3);                   // 0.00000266... -> 0.000003
    EXPECT_EQ(error_kind([] { checked_div_int(min_value, -1); }), Kind::Overflow);
}

// ---- rounding to a step ----

constexpr Value cent = 10'000;

TEST(Decimal, RoundsToTheCentHalfAwayFromZero) {
    EXPECT_EQ(round_to(2'345'000, cent, Rounding::HalfAwayFromZero), 2'350'000);    // 2.345 -> 2.35
    EXPECT_EQ(round_to(-2'345'000, cent, Rounding::HalfAwayFromZero), -2'350'000);  // -2.345 -> -2.35
    EXPECT_EQ(round_to(2'344'999, cent, Rounding::HalfAwayFromZero), 2'340'000);    // 2.344999 -> 2.34
    EXPECT_EQ(round_to(-2'344'999, cent, Rounding::HalfAwayFromZero), -2'340'000);
    EXPECT_EQ(round_to(2'340'000, cent, Rounding::HalfAwayFromZero), 2'340'000);
    EXPECT_EQ(round_to(4'999, cent, Rounding::HalfAwayFromZero), 0);                // 0.004999 -> 0
    EXPECT_EQ(round_to(5'000, cent, Rounding::HalfAwayFromZero), cent);             // 0.005 -> 0.01
}

TEST(Decimal, RoundsDownTowardMinusInfinity) {
    EXPECT_EQ(round_to(2'349'000, cent, Rounding::Down), 2'340'000);    // 2.349 -> 2.34
    EXPECT_EQ(round_to(-2'341'000, cent, Rounding::Down), -2'350'000);  // -2.341 -> -2.35
    EXPECT_EQ(round_to(-2'340'000, cent, Rounding::Down), -2'340'000);  // already a multiple
    EXPECT_EQ(round_to(-1, cent, Rounding::Down), -cent);
}

TEST(Decimal, RoundsUpTowardPlusInfinity) {
    EXPECT_EQ(round_to(2'341'000, cent, Rounding::Up), 2'350'000);    // 2.341 -> 2.35
    EXPECT_EQ(round_to(-2'349'000, cent, Rounding::Up), -2'340'000);  // -2.349 -> -2.34
    EXPECT_EQ(round_to(2'340'000, cent, Rounding::Up), 2'340'000);
    EXPECT_EQ(round_to(-1, cent, Rounding::Up), 0);
}

TEST(Decimal, RoundsToOtherSteps) {
    EXPECT_EQ(round_to(172'500'000, one, Rounding::HalfAwayFromZero), 173'000'000);  // 172.5 -> 173
    EXPECT_EQ(round_to(172'499'999, one, Rounding::HalfAwayFromZero), 172'000'000);
    EXPECT_EQ(round_to(1'250'000, 500'000, Rounding::HalfAwayFromZero), 1'500'000);  // 1.25 step 0.5 -> 1.5
    EXPECT_EQ(round_to(1'249'999, 500'000, Rounding::HalfAwayFromZero), 1'000'000);
    EXPECT_EQ(round_to(-1'250'000, 500'000, Rounding::HalfAwayFromZero), -1'500'000);
    EXPECT_EQ(round_to(1'234'567, 1, Rounding::Down), 1'234'567);                    // step = one millionth
}

TEST(Decimal, RoundingRejectsANonPositiveStep) {
    EXPECT_THROW(round_to(1'000'000, 0, Rounding::HalfAwayFromZero), std::invalid_argument);
    EXPECT_THROW(round_to(1'000'000, -cent, Rounding::Down), std::invalid_argument);
}

TEST(Decimal, RoundingPastTheLimitIsAnOverflow) {
    // 9223372036854.775807 rounded up to a unit would be 9223372036855.
    EXPECT_EQ(error_kind([] { round_to(max_value, one, Rounding::Up); }), Kind::Overflow);
    EXPECT_EQ(error_kind([] { round_to(min_value, one, Rounding::Down); }), Kind::Overflow);
    EXPECT_EQ(round_to(max_value, one, Rounding::Down), 9'223'372'036'854'000'000);
}

// ---- parsing ----

TEST(DecimalParse, ReadsWellFormedNumbers) {
    EXPECT_EQ(parse_decimal("12"), 12'000'000);
    EXPECT_EQ(parse_decimal("-3.5"), -3'500'000);
    EXPECT_EQ(parse_decimal("151.67"), 151'670'000);
    EXPECT_EQ(parse_decimal("0.000001"), 1);
    EXPECT_EQ(parse_decimal("-0.000001"), -1);
    EXPECT_EQ(parse_decimal("0"), 0);
    EXPECT_EQ(parse_decimal("-0"), 0);
    EXPECT_EQ(parse_decimal("1.500000"), 1'500'000);  // six decimals, trailing zeros allowed
    EXPECT_EQ(parse_decimal("007.5"), 7'500'000);     // leading zeros are harmless
}

TEST(DecimalParse, ReadsTheExtremeValues) {
    EXPECT_EQ(parse_decimal("9223372036854.775807"), max_value);
    EXPECT_EQ(parse_decimal("-9223372036854.775808"), min_value);
}

TEST(DecimalParse, RejectsMoreThanSixDecimals) {
    EXPECT_EQ(parse_decimal("1.1234567"), std::nullopt);
    EXPECT_EQ(parse_decimal("1.0000000"), std::nullopt);  // even when the 7th decimal is a zero
    EXPECT_EQ(parse_decimal("0.0000001"), std::nullopt);
}

TEST(DecimalParse, RejectsValuesThatDoNotFit) {
    EXPECT_EQ(parse_decimal("9223372036854.775808"), std::nullopt);
    EXPECT_EQ(parse_decimal("-9223372036854.775809"), std::nullopt);
    EXPECT_EQ(parse_decimal("9223372036855"), std::nullopt);
    EXPECT_EQ(parse_decimal("10000000000000"), std::nullopt);  // 10^13 × 10^6 > 2^63
    // Long enough to wrap even a 128-bit accumulator if it were not checked.
    EXPECT_EQ(parse_decimal("999999999999999999999999999999999999999999999999"), std::nullopt);
}

class DecimalParseMalformed : public ::testing::TestWithParam<const char*> {};

TEST_P(DecimalParseMalformed, IsRejected) { EXPECT_EQ(parse_decimal(GetParam()), std::nullopt); }

INSTANTIATE_TEST_SUITE_P(Inputs, DecimalParseMalformed,
                         ::testing::Values("", "-", ".", "12.", ".5", "-.5", "-12.", "+1", " 1", "1 ", "1 000",
                                           "1e3", "1E3", "1,5", "1.2.3", "--1", "1-", "0x10", "abc", "1.5a",
                                           "١٢"));  // Arabic-Indic digits are not ASCII digits

// ---- display ----

TEST(DecimalFormat, WritesTheShortestExactForm) {
    EXPECT_EQ(format_decimal(12'500'000), "12.5");
    EXPECT_EQ(format_decimal(3'000'000), "3");
    EXPECT_EQ(format_decimal(-1), "-0.000001");
    EXPECT_EQ(format_decimal(0), "0");
    EXPECT_EQ(format_decimal(151'670'000), "151.67");
    EXPECT_EQ(format_decimal(-3'500'000), "-3.5");
    EXPECT_EQ(format_decimal(1'000'010), "1.00001");
    EXPECT_EQ(format_decimal(max_value), "9223372036854.775807");
    EXPECT_EQ(format_decimal(min_value), "-9223372036854.775808");
}

TEST(DecimalFormat, FixedDecimalsRoundHalfAwayFromZero) {
    EXPECT_EQ(format_fixed(1'234'567, 2), "1.23");
    EXPECT_EQ(format_fixed(1'235'000, 2), "1.24");   // 1.235: half -> up
    EXPECT_EQ(format_fixed(-1'235'000, 2), "-1.24");
    EXPECT_EQ(format_fixed(1'234'999, 2), "1.23");
    EXPECT_EQ(format_fixed(1'999'999, 0), "2");
    EXPECT_EQ(format_fixed(500'000, 0), "1");        // 0.5 -> 1
    EXPECT_EQ(format_fixed(-500'000, 0), "-1");
    EXPECT_EQ(format_fixed(499'999, 0), "0");
    EXPECT_EQ(format_fixed(50'000, 1), "0.1");       // 0.05 -> 0.1
    EXPECT_EQ(format_fixed(12'500'000, 6), "12.500000");
    EXPECT_EQ(format_fixed(7, 5), "0.00001");        // 0.000007 -> 0.00001
    EXPECT_EQ(format_fixed(0, 3), "0.000");
    EXPECT_EQ(format_fixed(max_value, 0), "9223372036855");  // no overflow while formatting
    EXPECT_EQ(format_fixed(min_value, 0), "-9223372036855");
}

TEST(DecimalFormat, FixedDecimalsNeverShowMinusZero) {
    EXPECT_EQ(format_fixed(-4'000, 2), "0.00");  // -0.004
    EXPECT_EQ(format_fixed(-1, 0), "0");
}

TEST(DecimalFormat, FixedDecimalsRejectAnInvalidCount) {
    EXPECT_THROW(format_fixed(1, -1), std::invalid_argument);
    EXPECT_THROW(format_fixed(1, 7), std::invalid_argument);
}

// U+202F NARROW NO-BREAK SPACE between thousands, U+00A0 NO-BREAK SPACE before the euro sign.
#define NNBSP "\u202F"
#define NBSP "\u00A0"

TEST(DecimalFormat, EurosInFrenchStyle) {
    EXPECT_EQ(format_euros_fr(1'234'567'000), "1" NNBSP "234,57" NBSP "€");  // 1234.567 -> 1234.57
    EXPECT_EQ(format_euros_fr(0), "0,00" NBSP "€");
    EXPECT_EQ(format_euros_fr(-12'000'000), "-12,00" NBSP "€");
    EXPECT_EQ(format_euros_fr(575'520'000), "575,52" NBSP "€");
    EXPECT_EQ(format_euros_fr(1'000'000'000), "1" NNBSP "000,00" NBSP "€");
    EXPECT_EQ(format_euros_fr(1'234'567'890'000'000), "1" NNBSP "234" NNBSP "567" NNBSP "890,00" NBSP "€");
    EXPECT_EQ(format_euros_fr(-1'234'567'000), "-1" NNBSP "234,57" NBSP "€");
}

TEST(DecimalFormat, EurosRoundToTheCent) {
    EXPECT_EQ(format_euros_fr(999'994'999), "999,99" NBSP "€");                 // 999.994999
    EXPECT_EQ(format_euros_fr(999'995'000), "1" NNBSP "000,00" NBSP "€");       // 999.995: carries into thousands
    EXPECT_EQ(format_euros_fr(5'000), "0,01" NBSP "€");                         // 0.005
    EXPECT_EQ(format_euros_fr(-5'000), "-0,01" NBSP "€");
    EXPECT_EQ(format_euros_fr(-4'000), "0,00" NBSP "€");                        // no "-0,00 €"
    // -9223372036854.775808: the 0.005808 beyond the cent rounds up to .78.
    EXPECT_EQ(format_euros_fr(min_value), "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854,78" NBSP "€");
}

}  // namespace
}  // namespace relais::engine
