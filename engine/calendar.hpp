// Dates and months of the law's calendar: parsing, arithmetic and French display.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais::engine {

/// A calendar date as days since 1970-01-01 (proleptic Gregorian).
using Date = std::int32_t;
/// A calendar month as year * 12 + (month - 1); 2025-03 is 2025 * 12 + 2.
using Month = std::int32_t;

/// Throws std::invalid_argument when (year, month, day) is not a real calendar day or the day
/// count does not fit a Date. make_month likewise for a month outside 1..12.
Date make_date(int year, unsigned month, unsigned day);
void split_date(Date d, int& year, unsigned& month, unsigned& day);
Month make_month(int year, unsigned month);
int year_of(Month m);
unsigned month_number(Month m);  ///< 1..12

Month month_of(Date d);
Date first_day(Month m);

/// Whole years from `birth` to `on` (the age on `on`); negative when `on` < `birth` (floored:
/// the day before birth is -1). Someone born on 29 February gains a year on 1 March in common years.
int age_in_years(Date birth, Date on);

/// "2025-03-01" -> Date; nullopt if malformed or not a real calendar day. Exactly YYYY-MM-DD
/// with ASCII digits (years 0000..9999), nothing before or after.
std::optional<Date> parse_date(std::string_view text);
/// "2025-03" -> Month; nullopt if malformed. Exactly YYYY-MM, month 01..12.
std::optional<Month> parse_month(std::string_view text);

/// "2025-03-01". Years are zero-padded to four digits; years outside 0..9999 (which
/// parse_date does not read back) get more digits or a leading '-'.
std::string format_date(Date d);
std::string format_month(Month m);  ///< "2025-03"
/// French display for people: "janv. 2025", "févr. 2025", "mars 2025", "sept. 2025".
std::string format_month_fr(Month m);

}  // namespace relais::engine
