// Exact conversion of the literals written in rules: numbers to millionths (a rate written
// with `%` is divided by 100 exactly), dates and months, and typed constants of declarations
// (defaults, parameter values, test values). Nothing is rounded: what does not fit is an error.
#include <string>

#include "dsl/resolve/resolver.hpp"
#include "engine/calendar.hpp"
#include "engine/decimal.hpp"

namespace relais::dsl::resolver {

namespace {

std::string written(const syntax::NumberLit& lit) { return lit.unit.empty() ? lit.text : lit.text + " " + lit.unit; }

ir::Kind kind_of_number(const syntax::NumberLit& lit) {
    if (lit.unit == "€") return ir::Kind::Montant;
    if (lit.unit == "%") return ir::Kind::Taux;
    return ir::Kind::Nombre;
}

/// What a literal is, for "trouvé : ..." in messages.
struct Describe {
    using result_type = std::string;
    std::string operator()(const syntax::NumberLit& n) const {
        const ir::Kind k = kind_of_number(n);
        const char* kind = k == ir::Kind::Montant ? "montant" : k == ir::Kind::Taux ? "taux" : "nombre";
        return std::string(kind) + " `" + written(n) + "`";
    }
    std::string operator()(const syntax::DateLit& d) const { return "date `" + d.text + "`"; }
    std::string operator()(const syntax::MonthLit& m) const { return "mois `" + m.text + "`"; }
    std::string operator()(const syntax::BoolLit& b) const {
        return std::string("booléen `") + (b.value ? "vrai" : "faux") + "`";
    }
    std::string operator()(const syntax::Identifier& i) const { return "nom `" + i.name + "`"; }
};

}  // namespace

std::optional<engine::Value> Resolver::number(const syntax::NumberLit& lit) {
    const std::optional<engine::Value> parsed = engine::parse_decimal(lit.text);
    if (!parsed) {
        const std::size_t dot = lit.text.find('.');
        const std::size_t decimals = dot == std::string::npos ? 0 : lit.text.size() - dot - 1;
        if (decimals > static_cast<std::size_t>(engine::decimal_places)) {
            error(Code::BadNumber, at(lit), "`" + written(lit) + "` a plus de 6 décimales",
                  "les valeurs sont exactes au millionième : écrivez au plus 6 décimales");
        } else {
            error(Code::BadNumber, at(lit), "nombre trop grand : `" + written(lit) + "`",
                  "la partie entière doit rester sous 9 223 372 036 854");
        }
        return std::nullopt;
    }
    if (lit.unit == "%") {
        // 16.5 % is 0.165: exact only when the written number has at most 4 decimals.
        if (*parsed % 100 != 0) {
            error(Code::BadNumber, at(lit), "le taux `" + written(lit) + "` a plus de 4 décimales avant `%`",
                  "un taux est exact au millionième : écrivez au plus 4 décimales avant `%`");
            return std::nullopt;
        }
        return *parsed / 100;
    }
    return parsed;
}

std::optional<engine::Date> Resolver::date(const syntax::DateLit& lit) {
    if (const auto d = engine::parse_date(lit.text)) return d;
    error(Code::BadDate, at(lit), "date invalide : `" + lit.text + "`",
          "une date s'écrit AAAA-MM-JJ et doit exister au calendrier");
    return std::nullopt;
}

std::optional<engine::Month> Resolver::month(const syntax::MonthLit& lit) {
    if (const auto m = engine::parse_month(lit.text)) return m;
    error(Code::BadDate, at(lit), "mois invalide : `" + lit.text + "`", "un mois s'écrit AAAA-MM, de 01 à 12");
    return std::nullopt;
}

std::optional<engine::Month> Resolver::when(const syntax::When& w) {
    if (const auto* m = as<syntax::MonthLit>(w)) return month(*m);
    const auto& d = boost::get<syntax::DateLit>(w.get());
    const auto day = date(d);
    if (!day) return std::nullopt;
    int year = 0;
    unsigned month_number = 0, day_number = 0;
    engine::split_date(*day, year, month_number, day_number);
    if (day_number != 1) {
        error(Code::NotFirstOfMonth, at(d), "une règle prend effet au premier jour d'un mois, pas le `" + d.text + "`",
              "écrivez le mois, `" + d.text.substr(0, 7) + "`, ou `" + d.text.substr(0, 7) + "-01`");
        return std::nullopt;
    }
    return engine::month_of(*day);
}

std::optional<engine::Value> Resolver::constant(const syntax::Literal& lit, ir::Type expected) {
    const std::string found = boost::apply_visitor(Describe{}, lit);
    const auto mismatch = [&](const syntax::Node& node, std::string hint = {}) -> std::optional<engine::Value> {
        error(Code::ValueType, at(node),
              "valeur du mauvais type (attendu : " + type_name(expected) + ", trouvé : " + found + ")",
              std::move(hint));
        return std::nullopt;
    };

    if (const auto* n = as<syntax::NumberLit>(lit)) {
        const ir::Kind k = kind_of_number(*n);
        if (!is_numeric(expected)) return mismatch(*n);
        // A unit-less number stands for a taux (0.5985 is 59.85 %), never for a montant.
        if (k != expected.kind && !(k == ir::Kind::Nombre && expected.kind == ir::Kind::Taux)) {
            std::string hint;
            if (expected.kind == ir::Kind::Montant) hint = "écrivez `" + n->text + " €`";
            if (expected.kind == ir::Kind::Nombre) hint = "écrivez le nombre sans unité : `" + n->text + "`";
            if (expected.kind == ir::Kind::Taux) hint = "un taux s'écrit `12 %` ou `0.12`";
            return mismatch(*n, hint);
        }
        return number(*n);
    }
    if (const auto* d = as<syntax::DateLit>(lit)) {
        if (expected.kind != ir::Kind::Date) return mismatch(*d);
        return date(*d);
    }
    if (const auto* m = as<syntax::MonthLit>(lit)) {
        if (expected.kind != ir::Kind::Mois) return mismatch(*m);
        return month(*m);
    }
    if (const auto* b = as<syntax::BoolLit>(lit)) {
        if (expected.kind != ir::Kind::Booleen) return mismatch(*b);
        return b->value ? 1 : 0;
    }
    const auto& name = boost::get<syntax::Identifier>(lit.get());
    const Symbol* symbol = find(name.name);
    if (expected.kind != ir::Kind::Enumeration) {
        if (!symbol || symbol->kind != SymbolKind::EnumValue) {
            return mismatch(name, "une valeur constante est attendue ici, pas un nom");
        }
        return mismatch(name);
    }
    const ir::Enumeration& enumeration = program_.enumerations[expected.enumeration];
    if (symbol && symbol->kind == SymbolKind::EnumValue && symbol->id == expected.enumeration) return symbol->ordinal;
    if (symbol && symbol->kind == SymbolKind::EnumValue) {
        error(Code::ValueType, at(name),
              "`" + name.name + "` est une valeur de `" + program_.enumerations[symbol->id].name + "`, pas de `" +
                  enumeration.name + "`",
              did_you_mean(name.name, enumeration.values));
        return std::nullopt;
    }
    std::string hint = did_you_mean(name.name, enumeration.values);
    if (hint.empty())
        hint = "valeurs possibles de `" + enumeration.name + "` : " + [&] {
            std::string list;
            for (const std::string& v : enumeration.values) list += (list.empty() ? "" : ", ") + v;
            return list;
        }();
    error(Code::UnknownName, at(name), "`" + name.name + "` n'est pas une valeur de `" + enumeration.name + "`", hint);
    return std::nullopt;
}

}  // namespace relais::dsl::resolver
