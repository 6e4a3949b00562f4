// How values are shown to people (explanations, test failures): French conventions, exact
// decimals except for amounts, which are shown to the cent.
#include "engine/evaluator.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace relais::engine {

namespace {

// The non-breaking space format_euros_fr puts before "€", also used before "%".
constexpr std::string_view no_break_space = "\u00A0";

// "-3.5" -> "-3,5".
std::string with_decimal_comma(std::string s) {
    if (const auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
    return s;
}

// A rate as a percentage, exactly: the shortest decimal form of v with its point moved two
// places right (a string shift, so that no rate can overflow on the way).
std::string percent(Value v) {
    std::string digits = format_decimal(v);
    std::string sign;
    if (digits.front() == '-') {
        sign = "-";
        digits.erase(0, 1);
    }
    const auto dot = digits.find('.');
    std::string integer = digits.substr(0, dot);
    std::string fraction = dot == std::string::npos ? "" : digits.substr(dot + 1);
    fraction.resize(std::max<std::size_t>(fraction.size(), 2), '0');
    integer += fraction.substr(0, 2);
    fraction.erase(0, 2);
    integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size() - 1));
    fraction.erase(fraction.find_last_not_of('0') + 1);
    return sign + integer + (fraction.empty() ? "" : "," + fraction);
}

}  // namespace

std::string format_value(const ir::Program& program, ir::Type type, Value v) {
    switch (type.kind) {
    case ir::Kind::Montant: return format_euros_fr(v);
    case ir::Kind::Taux: return percent(v) + std::string(no_break_space) + "%";
    case ir::Kind::Nombre: return with_decimal_comma(format_decimal(v));
    case ir::Kind::Booleen: return v != 0 ? "oui" : "non";
    case ir::Kind::Date: return format_date(static_cast<Date>(v));
    case ir::Kind::Mois: return format_month_fr(static_cast<Month>(v));
    case ir::Kind::Enumeration:
        if (type.enumeration < program.enumerations.size()) {
            const ir::Enumeration& e = program.enumerations[type.enumeration];
            if (v >= 0 && static_cast<std::size_t>(v) < e.values.size()) {
                const auto k = static_cast<std::size_t>(v);
                return k < e.labels.size() && !e.labels[k].empty() ? e.labels[k] : e.values[k];
            }
        }
        return "#" + std::to_string(v);
    }
    return format_decimal(v);
}

}  // namespace relais::engine
