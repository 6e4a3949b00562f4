// Unit tests for engine/calendar: day counts, leap years, months across year ends, ages,
// strict ISO parsing and French display. Expected day counts were worked out by hand
// (30 years from 1970 with 7 leap years: 2000-01-01 is 30 × 365 + 7 = 10957).
#include "engine/calendar.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace relais::engine {
namespace {

constexpr Date day_2000_01_01 = 10'957;
constexpr Date day_2024_01_01 = 19'723;  // 54 × 365 + 13 leap days (1972..2020)
constexpr Date day_2025_01_01 = 20'089;  // + 366

// ---- dates ----

TEST(Calendar, CountsDaysFromTheEpoch) {
    EXPECT_EQ(make_date(1970, 1, 1), 0);
    EXPECT_EQ(make_date(1970, 1, 2), 1);
    EXPECT_EQ(make_date(1969, 12, 31), -1);
    EXPECT_EQ(make_date(2000, 1, 1), day_2000_01_01);
    EXPECT_EQ(make_date(2000, 3, 1), day_2000_01_01 + 31 + 29);
    EXPECT_EQ(make_date(2024, 1, 1), day_2024_01_01);
    EXPECT_EQ(make_date(2025, 1, 1), day_2025_01_01);
    EXPECT_EQ(make_date(2025, 3, 1), day_2025_01_01 + 31 + 28);
    EXPECT_EQ(make_date(1900, 1, 1), -25'567);  // 70 × 365 + 17 leap days (1904..1968)
    EXPECT_EQ(make_date(1, 1, 1), -719'162);    // 1969 × 365 + 477 leap days (492 - 19 + 4)
}

TEST(Calendar, HandlesLeapYears) {
    // 2024 is a leap year: 28 Feb, 29 Feb, 1 Mar are consecutive.
    EXPECT_EQ(make_date(2024, 2, 29), day_2024_01_01 + 31 + 28);
    EXPECT_EQ(make_date(2024, 2, 29), make_date(2024, 2, 28) + 1);
    EXPECT_EQ(make_date(2024, 3, 1), make_date(2024, 2, 29) + 1);
    // 2025 is not: 1 Mar follows 28 Feb.
    EXPECT_EQ(make_date(2025, 3, 1), make_date(2025, 2, 28) + 1);
    // 2000 is a leap year (divisible by 400), 1900 and 2100 are not (divisible by 100).
    EXPECT_EQ(make_date(2000, 3, 1), make_date(2000, 2, 28) + 2);
    EXPECT_EQ(make_date(1900, 3, 1), make_date(1900, 2, 28) + 1);
    EXPECT_EQ(make_date(2100, 3, 1), make_date(2100, 2, 28) + 1);
    EXPECT_EQ(make_date(2025, 1, 1) - make_date(2024, 1, 1), 366);
    EXPECT_EQ(make_date(2026, 1, 1) - make_date(2025, 1, 1), 365);
}

TEST(Calendar, CrossesYearEnds) {
    EXPECT_EQ(make_date(2024, 12, 31) + 1, make_date(2025, 1, 1));
    EXPECT_EQ(make_date(2000, 1, 1) - 1, make_date(1999, 12, 31));
}

TEST(Calendar, HandlesYearsBeforeTheCommonEra) {
    // Year 0 is a leap year in the proleptic Gregorian calendar: 366 days before 0001-01-01.
    EXPECT_EQ(make_date(0, 1, 1), -719'162 - 366);
    EXPECT_EQ(make_date(-1, 12, 31), -719'162 - 366 - 1);
}

TEST(Calendar, SplitsADateBackIntoItsParts) {
    struct Case { int year; unsigned month, day; };
    for (const Case c : {Case{1970, 1, 1}, Case{1969, 12, 31}, Case{2024, 2, 29}, Case{2025, 3, 1},
                         Case{1900, 2, 28}, Case{2000, 12, 31}, Case{0, 1, 1}, Case{-1, 12, 31}, Case{9999, 12, 31}}) {
        int year = 0;
        unsigned month = 0, day = 0;
        split_date(make_date(c.year, c.month, c.day), year, month, day);
        EXPECT_EQ(year, c.year);
        EXPECT_EQ(month, c.month);
        EXPECT_EQ(day, c.day);
    }
    int year = 0;
    unsigned month = 0, day = 0;
    split_date(day_2024_01_01 + 59, year, month, day);  // 31 days of January + 28 of February
    EXPECT_EQ(year, 2024);
    EXPECT_EQ(month, 2u);
    EXPECT_EQ(day, 29u);
}

TEST(Calendar, MakeDateRejectsImpossibleDays) {
    EXPECT_THROW(make_date(2025, 2, 29), std::invalid_argument);
    EXPECT_THROW(make_date(1900, 2, 29), std::invalid_argument);
    EXPECT_THROW(make_date(2024, 4, 31), std::invalid_argument);
    EXPECT_THROW(make_date(2024, 1, 0), std::invalid_argument);
    EXPECT_THROW(make_date(2024, 1, 32), std::invalid_argument);
    EXPECT_THROW(make_date(2024, 0, 1), std::invalid_argument);
    EXPECT_THROW(make_date(2024, 13, 1), std::invalid_argument);
    EXPECT_THROW(make_date(10'000'000, 1, 1), std::invalid_argument);  // beyond an int32 day count
}

// ---- months ----

TEST(Calendar, NumbersMonthsFromYearZero) {
    EXPECT_EQ(make_month(2025, 3), 2025 * 12 + 2);
    EXPECT_EQ(make_month(0, 1), 0);
    EXPECT_EQ(year_of(make_month(2025, 3)), 2025);
    EXPECT_EQ(month_number(make_month(2025, 3)), 3u);
    EXPECT_THROW(make_month(2025, 0), std::invalid_argument);
    EXPECT_THROW(make_month(2025, 13), std::invalid_argument);
}

TEST(Calendar, AddsMonthsAcrossYearEnds) {
    EXPECT_EQ(make_month(2024, 12) + 1, make_month(2025, 1));
    EXPECT_EQ(make_month(2025, 1) - 1, make_month(2024, 12));
    EXPECT_EQ(make_month(2024, 11) + 3, make_month(2025, 2));
    EXPECT_EQ(make_month(2025, 1) - 13, make_month(2023, 12));
    EXPECT_EQ(year_of(make_month(2024, 12) + 1), 2025);
    EXPECT_EQ(month_number(make_month(2024, 12) + 1), 1u);
    EXPECT_EQ(year_of(make_month(2024, 12)), 2024);
    EXPECT_EQ(month_number(make_month(2024, 12)), 12u);
}

TEST(Calendar, SplitsMonthsBeforeYearZero) {
    // Month -1 is December of year -1, not "month 0 of year 0".
    EXPECT_EQ(make_month(-1, 12), -1);
    EXPECT_EQ(year_of(-1), -1);
    EXPECT_EQ(month_number(-1), 12u);
    EXPECT_EQ(year_of(-12), -1);
    EXPECT_EQ(month_number(-12), 1u);
}

TEST(Calendar, ConvertsBetweenDatesAndMonths) {
    EXPECT_EQ(month_of(make_date(2024, 2, 29)), make_month(2024, 2));
    EXPECT_EQ(month_of(make_date(2024, 12, 31)), make_month(2024, 12));
    EXPECT_EQ(month_of(make_date(2025, 1, 1)), make_month(2025, 1));
    EXPECT_EQ(month_of(-1), 1969 * 12 + 11);
    EXPECT_EQ(first_day(make_month(2025, 3)), day_2025_01_01 + 31 + 28);
    EXPECT_EQ(first_day(make_month(2024, 3)), day_2024_01_01 + 31 + 29);
    EXPECT_EQ(first_day(make_month(1969, 12)), -31);
    EXPECT_EQ(first_day(make_month(1970, 1)), 0);
}

// ---- ages ----

TEST(Calendar, AgeChangesOnTheBirthday) {
    const Date birth = make_date(1980, 6, 15);
    EXPECT_EQ(age_in_years(birth, make_date(2025, 6, 14)), 44);  // day before the birthday
    EXPECT_EQ(age_in_years(birth, make_date(2025, 6, 15)), 45);  // the birthday
    EXPECT_EQ(age_in_years(birth, make_date(2025, 6, 16)), 45);  // day after
    EXPECT_EQ(age_in_years(birth, make_date(2025, 5, 31)), 44);  // earlier month, later day
    EXPECT_EQ(age_in_years(birth, make_date(2025, 7, 1)), 45);   // later month, earlier day
    EXPECT_EQ(age_in_years(birth, birth), 0);
    EXPECT_EQ(age_in_years(birth, make_date(1981, 6, 14)), 0);
    EXPECT_EQ(age_in_years(birth, make_date(1981, 6, 15)), 1);
}

TEST(Calendar, LeapDayBirthdayCountsOnFirstMarchInCommonYears) {
    const Date birth = make_date(2000, 2, 29);
    EXPECT_EQ(age_in_years(birth, make_date(2018, 2, 28)), 17);
    EXPECT_EQ(age_in_years(birth, make_date(2018, 3, 1)), 18);
    EXPECT_EQ(age_in_years(birth, make_date(2020, 2, 28)), 19);  // leap year: the birthday is tomorrow
    EXPECT_EQ(age_in_years(birth, make_date(2020, 2, 29)), 20);
    // 2100 is not a leap year either.
    EXPECT_EQ(age_in_years(birth, make_date(2100, 2, 28)), 99);
    EXPECT_EQ(age_in_years(birth, make_date(2100, 3, 1)), 100);
}

TEST(Calendar, AgeIsNegativeBeforeBirth) {
    const Date birth = make_date(2000, 6, 15);
    EXPECT_EQ(age_in_years(birth, make_date(2000, 6, 14)), -1);
    EXPECT_EQ(age_in_years(birth, make_date(1999, 6, 15)), -1);
    EXPECT_EQ(age_in_years(birth, make_date(1999, 6, 14)), -2);
}

// ---- parsing ----

TEST(CalendarParse, ReadsIsoDates) {
    EXPECT_EQ(parse_date("2025-03-01"), day_2025_01_01 + 59);
    EXPECT_EQ(parse_date("1970-01-01"), 0);
    EXPECT_EQ(parse_date("1969-12-31"), -1);
    EXPECT_EQ(parse_date("2024-02-29"), day_2024_01_01 + 59);
    EXPECT_EQ(parse_date("2000-02-29"), day_2000_01_01 + 59);
    EXPECT_EQ(parse_date("0000-01-01"), -719'162 - 366);
    EXPECT_EQ(parse_date("9999-12-31"), make_date(9999, 12, 31));
}

class CalendarParseBadDate : public ::testing::TestWithParam<const char*> {};

TEST_P(CalendarParseBadDate, IsRejected) { EXPECT_EQ(parse_date(GetParam()), std::nullopt); }

INSTANTIATE_TEST_SUITE_P(
    Inputs, CalendarParseBadDate,
    ::testing::Values(
        // not a real calendar day
        "2025-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-01-32", "2024-01-00", "2024-00-10",
        "2024-13-01",
        // not exactly YYYY-MM-DD
        "", "2025-3-01", "2025-03-1", "25-03-01", "02025-03-01", "2025/03/01", "2025-03-01 ", " 2025-03-01",
        "20250301", "2025-03", "+025-03-01", "-025-03-01", "2025-03-0a", "2025-0a-01", "2025-03-01T00"));

TEST(CalendarParse, ReadsIsoMonths) {
    EXPECT_EQ(parse_month("2025-03"), 2025 * 12 + 2);
    EXPECT_EQ(parse_month("2024-12"), 2024 * 12 + 11);
    EXPECT_EQ(parse_month("2025-01"), 2025 * 12);
    EXPECT_EQ(parse_month("0000-01"), 0);
}

class CalendarParseBadMonth : public ::testing::TestWithParam<const char*> {};

TEST_P(CalendarParseBadMonth, IsRejected) { EXPECT_EQ(parse_month(GetParam()), std::nullopt); }

INSTANTIATE_TEST_SUITE_P(Inputs, CalendarParseBadMonth,
                         ::testing::Values("2025-00", "2025-13", "2025-3", "2025-003", "2025-03-01", "202503",
                                           "25-03", "2025/03", "2025-1a", " 2025-03", "2025-03 ", "", "-2025-03"));

// ---- display ----

TEST(CalendarFormat, WritesIsoDatesAndMonths) {
    EXPECT_EQ(format_date(day_2025_01_01 + 59), "2025-03-01");
    EXPECT_EQ(format_date(-1), "1969-12-31");
    EXPECT_EQ(format_date(day_2024_01_01 + 59), "2024-02-29");
    EXPECT_EQ(format_date(make_date(999, 1, 5)), "0999-01-05");
    EXPECT_EQ(format_month(2025 * 12 + 2), "2025-03");
    EXPECT_EQ(format_month(2024 * 12 + 11), "2024-12");
    EXPECT_EQ(format_month(make_month(999, 10)), "0999-10");
}

TEST(CalendarFormat, ParsingAndFormattingRoundTrip) {
    for (const char* text : {"2025-03-01", "2024-02-29", "1969-12-31", "0001-01-01", "9999-12-31"})
        EXPECT_EQ(format_date(*parse_date(text)), text);
    for (const char* text : {"2025-03", "2024-12", "0000-01", "9999-12"})
        EXPECT_EQ(format_month(*parse_month(text)), text);
}

struct FrenchMonthCase {
    unsigned month;
    const char* expected;
};

class CalendarFormatFrench : public ::testing::TestWithParam<FrenchMonthCase> {};

TEST_P(CalendarFormatFrench, AbbreviatesTheMonth) {
    EXPECT_EQ(format_month_fr(make_month(2025, GetParam().month)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    EachMonth, CalendarFormatFrench,
    ::testing::Values(FrenchMonthCase{1, "janv. 2025"}, FrenchMonthCase{2, "févr. 2025"},
                      FrenchMonthCase{3, "mars 2025"}, FrenchMonthCase{4, "avr. 2025"},
                      FrenchMonthCase{5, "mai 2025"}, FrenchMonthCase{6, "juin 2025"},
                      FrenchMonthCase{7, "juil. 2025"}, FrenchMonthCase{8, "août 2025"},
                      FrenchMonthCase{9, "sept. 2025"}, FrenchMonthCase{10, "oct. 2025"},
                      FrenchMonthCase{11, "nov. 2025"}, FrenchMonthCase{12, "déc. 2025"}),
    [](const ::testing::TestParamInfo<FrenchMonthCase>& p) { return "Month" + std::to_string(p.param.month); });

TEST(CalendarFormat, FrenchMonthAfterAYearEnd) { EXPECT_EQ(format_month_fr(make_month(2024, 12) + 1), "janv. 2025"); }

}  // namespace
}  // namespace relais::engine
