// Calls: aggregates over the members of a group (`somme(x pour enfants si ...)`,
// `nombre(enfants)`, `existe/tous(ROLES si COND)`), windows of months, min/max of values,
// rounding to a literal step, date builtins, `reexamen` and barème lookups `p(n)`.
#include <algorithm>
#include <array>
#include <string>

#include "dsl/resolve/resolver.hpp"

namespace relais::dsl::resolver {

namespace {

/// Every builtin, for "did you mean" on an unknown function.
// clang-format off
constexpr std::array<std::string_view, 18> function_names = {
    "somme", "moyenne", "min", "max", "tous", "existe", "nombre",
    "arrondi", "arrondi_inferieur", "arrondi_superieur",
    "mois_courant", "debut_du_mois", "age_en_annees", "mois_entre", "mois_de", "numero_du_mois", "annee_de",
    "reexamen"};
// clang-format on

/// The window op of a window function (`somme(x[M-3..M-1])`).
std::optional<ir::Op> window_op(std::string_view f) {
    if (f == "somme") return ir::Op::WindowSum;
    if (f == "moyenne") return ir::Op::WindowMean;
    if (f == "min") return ir::Op::WindowMin;
    if (f == "max") return ir::Op::WindowMax;
    if (f == "tous") return ir::Op::WindowAll;
    if (f == "existe") return ir::Op::WindowAny;
    return std::nullopt;
}

/// Whether `operand` is written as a window `x[M-a..M-b]` (possibly behind a path).
bool is_window(const syntax::Operand& operand) {
    const auto* p = as_recursive<syntax::Postfix>(unwrap(operand));
    if (!p || p->ops.empty()) return false;
    const auto* index = as<syntax::Index>(p->ops.back());
    return index && index->to;
}

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n > 1 ? "s" : ""); }

}  // namespace

bool Resolver::plain_arguments(const syntax::Call& c) {
    for (const syntax::Argument& a : c.arguments) {
        if (!a.roles.empty() || a.filter) {
            error(Code::BadCall, at(a),
                  "`pour` et `si` ne s'emploient que dans somme, nombre, min, max, existe et tous, pas dans `" +
                      c.function.name + "`");
            return false;
        }
    }
    return true;
}

Typed Resolver::call(const syntax::Call& c, const Context& context, const syntax::Index* index) {
    const Context inner{context.entity, std::nullopt};
    const std::string& f = c.function.name;
    const Symbol* symbol = find(f);
    if (symbol && symbol->kind == SymbolKind::Parameter) {
        if (!program_.parameters[symbol->id].is_scale) {
            error(Code::ScaleUse, at(c.function), "`" + f + "` n'est pas un barème : il se lit sans clé",
                  "écrivez `" + f + "`");
            return {};
        }
        return scale_lookup(c, *symbol, inner, index);
    }
    if (index) {
        error(Code::SyntaxError, at(*index),
              "seul un nom d'entrée, de variable ou de paramètre se lit à un autre mois");
        return {};
    }
    if (f == "somme" || f == "moyenne" || f == "min" || f == "max" || f == "tous" || f == "existe" || f == "nombre") {
        return collection(c, inner);
    }
    if (f == "arrondi") return rounding(c, ir::Op::Round, inner);
    if (f == "arrondi_inferieur") return rounding(c, ir::Op::RoundDown, inner);
    if (f == "arrondi_superieur") return rounding(c, ir::Op::RoundUp, inner);
    if (f == "reexamen") return review(c, inner);
    if (f == "mois_courant" || f == "debut_du_mois" || f == "age_en_annees" || f == "mois_entre" || f == "mois_de") {
        return simple_builtin(c, inner);
    }
    if (f == "numero_du_mois" || f == "annee_de") return month_parts(c, inner);
    if (symbol) {
        error(Code::BadCall, at(c.function),
              "`" + f + "` est un nom " + of_kind_name(symbol->kind) + ", pas une fonction",
              "retirez les parenthèses : `" + f + "`");
        return {};
    }
    std::vector<std::string> candidates(function_names.begin(), function_names.end());
    for (const ir::Parameter& p : program_.parameters) {
        if (p.is_scale) candidates.push_back(p.name);
    }
    error(Code::BadCall, at(c.function), "fonction inconnue `" + f + "`", did_you_mean(f, candidates));
    return {};
}

Typed Resolver::collection(const syntax::Call& c, const Context& context) {
    const std::string& f = c.function.name;
    const auto& args = c.arguments;
    const bool with_roles =
        std::any_of(args.begin(), args.end(), [](const syntax::Argument& a) { return !a.roles.empty(); });
    if (with_roles) {
        if (f != "somme" && f != "min" && f != "max") {
            const std::string form = f == "nombre"    ? "`nombre(enfants si condition)`"
                                     : f == "moyenne" ? "`moyenne(x[M-3..M-1])`"
                                                      : "`" + f + "(enfants si condition)`";
            error(Code::BadCall, at(c), "`" + f + "` ne prend pas `pour`", "écrivez " + form);
            return {};
        }
        if (args.size() != 1) {
            error(Code::BadCall, at(c), "`" + f + "(x pour rôles)` prend un seul argument",
                  "`" + f + "(x pour enfants, conjoint si condition)`");
            return {};
        }
        return member_aggregate(c,
                                f == "somme" ? ir::Op::AggSum
                                : f == "min" ? ir::Op::AggMin
                                             : ir::Op::AggMax,
                                context);
    }
    if (args.size() == 1 && !args[0].filter && is_window(args[0].value)) {
        if (const auto op = window_op(f)) return expression(args[0].value, Context{context.entity, op});
    }
    if (f == "nombre") return role_aggregate(c, ir::Op::AggCount, context);
    if (f == "existe") return role_aggregate(c, ir::Op::AggAny, context);
    if (f == "tous") return role_aggregate(c, ir::Op::AggAll, context);
    if ((f == "min" || f == "max") && args.size() >= 2)
        return values_min_max(c, f == "min" ? ir::Op::Min : ir::Op::Max, context);
    const std::string form = f == "somme" ? "`somme(x pour rôles)` ou `somme(x[M-3..M-1])`"
                             : f == "moyenne"
                                 ? "`moyenne(x[M-3..M-1])`"
                                 : "`" + f + "(a, b, ...)`, `" + f + "(x pour rôles)` ou `" + f + "(x[M-3..M-1])`";
    error(Code::BadCall, at(c), "arguments invalides pour `" + f + "`", "écrivez " + form);
    return {};
}

std::optional<std::uint32_t> Resolver::role_mask(const std::vector<const syntax::Identifier*>& names,
                                                 std::uint32_t entity, SourceSpan call_span) {
    const ir::Entity& group = program_.entities[entity];
    if (!group.is_group()) {
        std::string hint;
        for (const ir::Entity& e : program_.entities) {
            if (e.is_group()) {
                hint = "dans une formule de personne, lisez la valeur du groupe : `" + e.name + ".x`";
                break;
            }
        }
        error(Code::WrongEntity, call_span,
              "un agrégat sur des rôles s'écrit dans une formule de groupe ; cette formule est calculée pour `" +
                  group.name + "`",
              hint);
        return std::nullopt;
    }
    const std::uint32_t every = group.roles.size() >= 32 ? ~0u : (1u << group.roles.size()) - 1;
    std::uint32_t mask = 0;
    bool good = true;
    for (const syntax::Identifier* name : names) {
        if (name->name == "membres") {
            mask |= every;
            continue;
        }
        const auto role = std::find_if(group.roles.begin(), group.roles.end(),
                                       [&](const ir::Role& r) { return r.name == name->name; });
        if (role != group.roles.end()) {
            mask |= 1u << (role - group.roles.begin());
            continue;
        }
        std::vector<std::string> candidates{"membres"};
        std::string list;
        for (const ir::Role& r : group.roles) {
            candidates.push_back(r.name);
            list += "`" + r.name + "`, ";
        }
        std::string hint = did_you_mean(name->name, candidates);
        if (hint.empty()) hint = "rôles de `" + group.name + "` : " + list + "ou `membres`";
        error(Code::UnknownRole, at(*name), "`" + name->name + "` n'est pas un rôle de `" + group.name + "`", hint);
        good = false;
    }
    if (!good) return std::nullopt;
    return mask;
}

Typed Resolver::member_aggregate(const syntax::Call& c, ir::Op op, const Context& context) {
    const syntax::Argument& a = c.arguments.front();
    if (context.entity == ir::none) return {};
    std::vector<const syntax::Identifier*> names;
    for (const syntax::Identifier& r : a.roles) names.push_back(&r);
    const auto mask = role_mask(names, context.entity, at(c));
    if (!mask) return {};
    // The member expression and the filter are evaluated for each member: a person.
    const Context person{program_.person_entity, std::nullopt};
    Typed value = expression(a.value, person);
    Typed filter = a.filter ? condition(*a.filter, person) : Typed{};
    if (!value.ok() || (a.filter && !filter.ok())) return {};
    if (!is_numeric(value.type)) {
        error(Code::TypeMismatch, value.span,
              "`" + c.function.name + "` porte sur des montants, taux ou nombres, pas sur des valeurs de type " +
                  type_name(value.type),
              value.type.kind == ir::Kind::Booleen ? "pour des conditions, écrivez `existe(rôles si condition)` ou "
                                                     "`nombre(rôles si condition)`"
                                                   : std::string());
        return {};
    }
    ir::Node node;
    node.op = op;
    node.type = value.type;
    node.roles = *mask;
    node.span = at(c);
    return {emit(node, {value.node, a.filter ? filter.node : ir::none}), node.type, node.span, {}};
}

Typed Resolver::role_aggregate(const syntax::Call& c, ir::Op op, const Context& context) {
    const std::string& f = c.function.name;
    const std::string form = "`" + f + "(enfants, conjoint si condition)`";
    if (c.arguments.empty()) {
        error(Code::BadCall, at(c), "`" + f + "` attend des rôles", "écrivez " + form);
        return {};
    }
    std::vector<const syntax::Identifier*> names;
    const syntax::Operand* filter = nullptr;
    for (std::size_t i = 0; i < c.arguments.size(); ++i) {
        const syntax::Argument& a = c.arguments[i];
        const auto* name = as<syntax::Identifier>(unwrap(a.value));
        if (!name) {
            error(Code::BadCall, at(a), "`" + f + "` porte sur des rôles, pas sur une valeur", "écrivez " + form);
            return {};
        }
        if (a.filter) {
            if (i + 1 != c.arguments.size()) {
                error(Code::BadCall, at(node_of(*a.filter)), "la condition `si` se place après le dernier rôle",
                      "écrivez " + form);
                return {};
            }
            filter = &*a.filter;
        }
        names.push_back(name);
    }
    if (!filter && op != ir::Op::AggCount) {
        error(Code::BadCall, at(c), "`" + f + "` attend une condition", "écrivez " + form);
        return {};
    }
    if (context.entity == ir::none) return {};
    const auto mask = role_mask(names, context.entity, at(c));
    if (!mask) return {};
    Typed cond = filter ? condition(*filter, Context{program_.person_entity, std::nullopt}) : Typed{};
    if (filter && !cond.ok()) return {};
    ir::Node node;
    node.op = op;
    node.roles = *mask;
    node.span = at(c);
    // AggCount: no member expression, the condition filters. AggAny/AggAll: the condition is
    // the member expression tested on each member.
    if (op == ir::Op::AggCount) {
        node.type = of_kind(ir::Kind::Nombre);
        return {emit(node, {ir::none, filter ? cond.node : ir::none}), node.type, node.span, {}};
    }
    node.type = of_kind(ir::Kind::Booleen);
    return {emit(node, {cond.node, ir::none}), node.type, node.span, {}};
}

Typed Resolver::values_min_max(const syntax::Call& c, ir::Op op, const Context& context) {
    if (!plain_arguments(c)) return {};
    std::vector<Typed> values;
    bool good = true;
    for (const syntax::Argument& a : c.arguments) {
        values.push_back(expression(a.value, context));
        good = good && values.back().ok();
    }
    if (!good) return {};
    // The common type is the first operand that is not a bare number (a bare number adapts to a taux).
    ir::Type target = values.front().type;
    for (const Typed& v : values) {
        if (v.number_literal.empty()) {
            target = v.type;
            break;
        }
    }
    const bool ordered = is_numeric(target) || target.kind == ir::Kind::Date || target.kind == ir::Kind::Mois;
    if (!ordered) {
        error(Code::TypeMismatch, at(c),
              "`" + c.function.name + "` compare des montants, taux, nombres, dates ou mois, pas des valeurs de type " +
                  type_name(target));
        return {};
    }
    std::vector<std::uint32_t> args;
    for (Typed& v : values) {
        if (!fits(v, target)) {
            error(Code::TypeMismatch, v.span,
                  "`" + c.function.name + "` compare des valeurs d'un même type (ici " + type_name(target) + " et " +
                      type_name(v.type) + ")",
                  target.kind == ir::Kind::Montant ? euro_hint(v) : std::string());
            good = false;
        }
        args.push_back(v.node);
    }
    if (!good) return {};
    ir::Node node;
    node.op = op;
    node.type = target;
    node.span = at(c);
    return {emit(node, args), node.type, node.span, {}};
}

Typed Resolver::rounding(const syntax::Call& c, ir::Op op, const Context& context) {
    const std::string& f = c.function.name;
    if (c.arguments.size() != 2) {
        error(Code::BadCall, at(c), "`" + f + "` attend 2 arguments, pas " + std::to_string(c.arguments.size()),
              "écrivez `" + f + "(x, 0.01 €)`");
        return {};
    }
    if (!plain_arguments(c)) return {};
    Typed value = expression(c.arguments[0].value, context);
    const syntax::Operand& step_operand = unwrap(c.arguments[1].value);
    const auto* step = as<syntax::NumberLit>(step_operand);
    if (!value.ok()) return {};
    if (!is_numeric(value.type)) {
        error(Code::TypeMismatch, value.span,
              "`" + f + "` arrondit un montant, un taux ou un nombre, pas " + a_type(value.type));
        return {};
    }
    const std::string example = value.type.kind == ir::Kind::Montant ? "0.01 €"
                                : value.type.kind == ir::Kind::Taux  ? "0.01 %"
                                                                     : "1";
    if (!step) {
        error(Code::BadRoundingStep, at(node_of(step_operand)),
              "le pas d'arrondi doit être une valeur écrite, positive", "par exemple `" + f + "(x, " + example + ")`");
        return {};
    }
    const bool unit_fits = value.type.kind == ir::Kind::Montant ? step->unit == "€"
                           : value.type.kind == ir::Kind::Taux  ? step->unit != "€"
                                                                : step->unit.empty();
    if (!unit_fits) {
        error(Code::BadRoundingStep, at(*step),
              "le pas d'arrondi doit être du type de la valeur arrondie (" + type_name(value.type) + ")",
              value.type.kind == ir::Kind::Montant ? "écrivez `" + step->text + " €`"
                                                   : "par exemple `" + f + "(x, " + example + ")`");
        return {};
    }
    const auto amount = number(*step);
    if (!amount) return {};
    if (*amount <= 0) {
        error(Code::BadRoundingStep, at(*step), "le pas d'arrondi doit être strictement positif",
              "par exemple `" + f + "(x, " + example + ")`");
        return {};
    }
    ir::Node node;
    node.op = op;
    node.type = value.type;
    node.imm = *amount;
    node.span = at(c);
    return {emit(node, {value.node}), node.type, node.span, {}};
}

Typed Resolver::review(const syntax::Call& c, const Context& context) {
    const std::string form = "écrivez `reexamen(x, mois_ancre, 3)`";
    if (c.arguments.size() != 3) {
        error(Code::BadCall, at(c), "`reexamen` attend 3 arguments, pas " + std::to_string(c.arguments.size()), form);
        return {};
    }
    if (!plain_arguments(c)) return {};
    const syntax::Operand& var_operand = unwrap(c.arguments[0].value);
    const auto* name = as<syntax::Identifier>(var_operand);
    const Symbol* symbol = name ? find(name->name) : nullptr;
    if (name && !symbol) {
        error(Code::UnknownName, at(*name), "nom inconnu `" + name->name + "`",
              did_you_mean(name->name, value_names()));
        return {};
    }
    if (!symbol || (symbol->kind != SymbolKind::Input && symbol->kind != SymbolKind::Variable)) {
        error(Code::BadCall, at(node_of(var_operand)),
              "le premier argument de `reexamen` est le nom d'une variable ou d'une entrée", form);
        return {};
    }
    const bool is_input = symbol->kind == SymbolKind::Input;
    const std::uint32_t owner = is_input ? program_.inputs[symbol->id].entity : program_.variables[symbol->id].entity;
    const ir::Type type = is_input ? program_.inputs[symbol->id].type : program_.variables[symbol->id].type;
    if (context.entity != ir::none && owner != ir::none && owner != context.entity) {
        error(Code::WrongEntity, at(*name),
              "`" + name->name + "` est " + (is_input ? "une entrée" : "une variable") + " de `" +
                  program_.entities[owner].name + "`, mais cette formule est calculée pour `" +
                  program_.entities[context.entity].name + "`",
              "le réexamen porte sur une valeur de la même entité");
        return {};
    }
    Typed anchor = expression(c.arguments[1].value, context);
    bool good = anchor.ok();
    if (anchor.ok() && anchor.type.kind != ir::Kind::Mois) {
        error(Code::ValueType, anchor.span, "l'ancre de `reexamen` est un mois, pas " + a_type(anchor.type),
              "par exemple `2025-01` ou une entrée de type mois");
        good = false;
    }
    const syntax::Operand& period_operand = unwrap(c.arguments[2].value);
    const auto* period = as<syntax::NumberLit>(period_operand);
    std::optional<engine::Value> months;
    if (period && period->unit.empty()) {
        months = number(*period);  // E1005 when it does not fit
        good = good && months.has_value();
    }
    if (!period || !period->unit.empty() || (months && (*months <= 0 || *months % engine::one != 0))) {
        error(Code::BadCall, at(node_of(period_operand)),
              "la période de `reexamen` est un nombre entier de mois, positif et écrit tel quel", form);
        good = false;
    }
    const bool typed = is_input ? input_ok_[symbol->id] : variable_ok_[symbol->id];
    if (!good || !typed) return {};
    ir::Node node;
    node.op = ir::Op::Review;
    node.type = type;
    node.ref = symbol->id;
    // Review of an input: the flag says which table `ref` indexes, as for windows.
    node.window_of_input = is_input;
    node.imm = *months / engine::one;
    node.span = at(c);
    return {emit(node, {anchor.node}), node.type, node.span, {}};
}

Typed Resolver::scale_lookup(const syntax::Call& c, const Symbol& parameter, const Context& context,
                             const syntax::Index* index) {
    const ir::Parameter& p = program_.parameters[parameter.id];
    if (c.arguments.size() != 1) {
        error(Code::ScaleUse, at(c),
              "le barème `" + p.name + "` se lit avec une seule clé, pas " + plural(c.arguments.size(), "argument"),
              "écrivez `" + p.name + "(n)`");
        return {};
    }
    if (!plain_arguments(c)) return {};
    std::int32_t offset = 0;
    if (index) {
        if (index->to) {
            error(Code::MisplacedWindow, at(*index),
                  "une fenêtre de mois porte sur une entrée ou une variable, pas sur le barème `" + p.name + "`");
            return {};
        }
        if (index->from.offset > 0) {
            error(Code::FutureRead, at(*index), "lecture d'un mois futur",
                  "une formule lit le mois courant `M` ou les mois passés `M-1`, `M-2`, ...");
            return {};
        }
        offset = index->from.offset;
    }
    Typed key = expression(c.arguments[0].value, context);
    if (!key.ok()) return {};
    if (key.type.kind != ir::Kind::Nombre) {
        error(Code::ValueType, key.span, "la clé du barème `" + p.name + "` est un nombre, pas " + a_type(key.type));
        return {};
    }
    if (!parameter_ok_[parameter.id]) return {};
    ir::Node node;
    node.op = ir::Op::ScaleLookup;
    node.type = p.type;
    node.ref = parameter.id;
    node.offset = offset;
    node.span = at(c);
    return {emit(node, {key.node}), node.type, node.span, {}};
}

Typed Resolver::simple_builtin(const syntax::Call& c, const Context& context) {
    const std::string& f = c.function.name;
    struct Signature {
        ir::Op op;
        std::vector<ir::Kind> parameters;
        ir::Kind result;
        const char* example;
    };
    const Signature s =
        f == "mois_courant"    ? Signature{ir::Op::CurrentMonth, {}, ir::Kind::Mois, "mois_courant"}
        : f == "debut_du_mois" ? Signature{ir::Op::MonthStart, {}, ir::Kind::Date, "debut_du_mois"}
        : f == "age_en_annees"
            ? Signature{ir::Op::AgeYears, {ir::Kind::Date}, ir::Kind::Nombre, "age_en_annees(date_naissance)"}
        : f == "mois_de"
            ? Signature{ir::Op::MonthOfDate, {ir::Kind::Date}, ir::Kind::Mois, "mois_de(d)"}
            : Signature{ir::Op::MonthsBetween, {ir::Kind::Mois, ir::Kind::Mois}, ir::Kind::Nombre, "mois_entre(a, b)"};
    if (c.arguments.size() != s.parameters.size()) {
        error(Code::BadCall, at(c),
              "`" + f + "` attend " + plural(s.parameters.size(), "argument") + ", pas " +
                  std::to_string(c.arguments.size()),
              std::string("écrivez `") + s.example + "`");
        return {};
    }
    if (!plain_arguments(c)) return {};
    std::vector<std::uint32_t> args;
    bool good = true;
    for (std::size_t i = 0; i < s.parameters.size(); ++i) {
        Typed a = expression(c.arguments[i].value, context);
        if (a.ok() && a.type.kind != s.parameters[i]) {
            error(Code::ValueType, a.span,
                  "`" + f + "` attend " + (s.parameters[i] == ir::Kind::Date ? "une date" : "un mois") + ", pas " +
                      a_type(a.type));
            good = false;
        }
        good = good && a.ok();
        args.push_back(a.node);
    }
    if (!good) return {};
    ir::Node node;
    node.op = s.op;
    node.type = of_kind(s.result);
    node.span = at(c);
    return {emit(node, args), node.type, node.span, {}};
}

Typed Resolver::month_parts(const syntax::Call& c, const Context& context) {
    const std::string& f = c.function.name;
    if (c.arguments.size() != 1) {
        error(Code::BadCall, at(c), "`" + f + "` attend 1 argument, pas " + std::to_string(c.arguments.size()),
              "écrivez `" + f + "(mois_courant)`");
        return {};
    }
    if (!plain_arguments(c)) return {};
    Typed m = expression(c.arguments[0].value, context);
    if (!m.ok()) return {};
    if (m.type.kind != ir::Kind::Mois) {
        error(Code::ValueType, m.span, "`" + f + "` attend un mois, pas " + a_type(m.type),
              "par exemple `" + f + "(mois_courant)` ou `" + f + "(mois_de(d))`");
        return {};
    }
    // The IR has no op for these yet: they are written exactly with existing ones. With n the
    // months since 0000-01 (a mois is year * 12 + month - 1), the year is floor(n / 12) (n / 12
    // is exact to the millionth but for k/12, never rounded up to the next whole number) and
    // the month of the year n - 12 * year + 1.
    const SourceSpan span = at(c);
    const auto make = [&](ir::Op op, ir::Kind kind, std::initializer_list<std::uint32_t> args, engine::Value imm = 0) {
        ir::Node node;
        node.op = op;
        node.type = of_kind(kind);
        node.imm = imm;
        node.span = span;
        return emit(node, args);
    };
    const std::uint32_t origin = make(ir::Op::Const, ir::Kind::Mois, {}, 0);
    const std::uint32_t months = make(ir::Op::MonthsBetween, ir::Kind::Nombre, {origin, m.node});
    const std::uint32_t twelve = make(ir::Op::Const, ir::Kind::Nombre, {}, 12 * engine::one);
    const std::uint32_t ratio = make(ir::Op::Div, ir::Kind::Nombre, {months, twelve});
    const std::uint32_t year = make(ir::Op::RoundDown, ir::Kind::Nombre, {ratio}, engine::one);
    if (f == "annee_de") return {year, of_kind(ir::Kind::Nombre), span, {}};
    const std::uint32_t whole_years = make(ir::Op::Mul, ir::Kind::Nombre, {year, twelve});
    const std::uint32_t in_year = make(ir::Op::Sub, ir::Kind::Nombre, {months, whole_years});
    const std::uint32_t first = make(ir::Op::Const, ir::Kind::Nombre, {}, engine::one);
    return {make(ir::Op::Add, ir::Kind::Nombre, {in_year, first}), of_kind(ir::Kind::Nombre), span, {}};
}

}  // namespace relais::dsl::resolver
