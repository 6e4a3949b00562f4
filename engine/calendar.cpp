// Proleptic Gregorian calendar on day and month counts: conversions, strict ISO parsing and
// display. Days are converted with the era-based days_from_civil / civil_from_days method.
#include "engine/calendar.hpp"

#include <array>
#include <limits>
#include <stdexcept>

namespace relais::engine {

namespace {

// 1970-01-01 counted from 0000-03-01, the origin of the era arithmetic below.
constexpr std::int64_t epoch_shift = 719'468;
constexpr std::int64_t days_per_era = 146'097;  // 400 Gregorian years

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
    static constexpr std::array<unsigned, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Years are counted from March so that the leap day falls at the end of the year; 400-year
// eras then repeat exactly, which makes the conversion a few divisions with no table.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;                     // floor division
    const auto year_of_era = static_cast<unsigned>(y - era * 400);             // 0..399
    const unsigned month_from_march = month > 2 ? month - 3 : month + 9;       // 0..11
    const unsigned day_of_year = (153 * month_from_march + 2) / 5 + day - 1;   // 0..365
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * days_per_era + day_of_era - epoch_shift;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(std::int64_t days) {
    const std::int64_t z = days + epoch_shift;
    const std::int64_t era = (z >= 0 ? z : z - (days_per_era - 1)) / days_per_era;
    const auto day_of_era = static_cast<unsigned>(z - era * days_per_era);  // 0..146096
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned month_from_march = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    const unsigned month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

std::int32_t narrow_or_throw(std::int64_t x, const char* what) {
    if (x < std::numeric_limits<std::int32_t>::min() || x > std::numeric_limits<std::int32_t>::max())
        throw std::invalid_argument(std::string(what) + ": hors de l'intervalle représentable");
    return static_cast<std::int32_t>(x);
}

// Floor division, so that months before year 0 still split into a year and a month 1..12.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` ASCII digits of `text` from `pos`; nullopt if any is not a digit.
std::optional<unsigned> read_digits(std::string_view text, std::size_t pos, std::size_t count) {
    unsigned n = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(text[i])) return std::nullopt;
        n = n * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return n;
}

std::string zero_padded(std::int64_t x, int digits) {
    std::string s = std::to_string(x < 0 ? -x : x);
    if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
    return x < 0 ? "-" + s : s;
}

}  // namespace

Date make_date(int year, unsigned month, unsigned day) {
    if (month < 1 || month > 12) throw std::invalid_argument("make_date: mois invalide " + std::to_string(month));
    if (day < 1 || day > days_in_month(year, month))
        throw std::invalid_argument("make_date: jour invalide " + zero_padded(year, 4) + "-" + zero_padded(month, 2) +
                                    "-" + zero_padded(day, 2));
    return narrow_or_throw(days_from_civil(year, month, day), "make_date");
}

void split_date(Date d, int& year, unsigned& month, unsigned& day) {
    const Civil c = civil_from_days(d);
    // Any int32 day count lands within about ±5.9 million years, well inside int.
    year = static_cast<int>(c.year);
    month = c.month;
    day = c.day;
}

Month make_month(int year, unsigned month) {
    if (month < 1 || month > 12) throw std::invalid_argument("make_month: mois invalide " + std::to_string(month));
    return narrow_or_throw(std::int64_t{year} * 12 + (month - 1), "make_month");
}

int year_of(Month m) { return static_cast<int>(floor_div(m, 12)); }

unsigned month_number(Month m) { return static_cast<unsigned>(m - std::int64_t{year_of(m)} * 12 + 1); }

Month month_of(Date d) {
    const Civil c = civil_from_days(d);
    return make_month(static_cast<int>(c.year), c.month);
}

Date first_day(Month m) { return make_date(year_of(m), month_number(m), 1); }

int age_in_years(Date birth, Date on) {
    const Civil b = civil_from_days(birth);
    const Civil o = civil_from_days(on);
    // One year is gained on each anniversary. A 29 February birthday has no anniversary in a
    // common year, so (2, 28) < (2, 29) and it is gained on 1 March. The same formula gives
    // negative ages (floored) when `on` is before `birth`.
    const bool before_anniversary = o.month < b.month || (o.month == b.month && o.day < b.day);
    return static_cast<int>(o.year - b.year - (before_anniversary ? 1 : 0));
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    const auto day = read_digits(text, 8, 2);
    if (!year || !month || !day) return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    return make_date(static_cast<int>(*year), *month, *day);
}

std::optional<Month> parse_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    if (!year || !month || *month < 1 || *month > 12) return std::nullopt;
    return make_month(static_cast<int>(*year), *month);
}

std::string format_date(Date d) {
    const Civil c = civil_from_days(d);
    return zero_padded(c.year, 4) + "-" + zero_padded(c.month, 2) + "-" + zero_padded(c.day, 2);
}

std::string format_month(Month m) { return zero_padded(year_of(m), 4) + "-" + zero_padded(month_number(m), 2); }

std::string format_month_fr(Month m) {
    // The CLDR "fr" abbreviated month names: short ones are written in full, never with a dot.
    static constexpr std::array<std::string_view, 12> names{
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."};
    std::string s(names[month_number(m) - 1]);
    s += ' ';
    s += std::to_string(year_of(m));
    return s;
}

}  // namespace relais::engine
