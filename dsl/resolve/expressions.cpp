// Expressions: names resolved to reads of inputs, variables and parameters, member paths
// (`foyer.x`, `demandeur.x`), month offsets and windows, and the typing of operators by the
// table of docs/language.md (units: montant, taux, nombre). Calls are in calls.cpp.
#include <string>

#include "dsl/resolve/resolver.hpp"

namespace relais::dsl::resolver {

namespace {

const char* symbol_of(syntax::BinaryOp op) {
    switch (op) {
    case syntax::BinaryOp::Or: return "ou";
    case syntax::BinaryOp::And: return "et";
    case syntax::BinaryOp::Eq: return "==";
    case syntax::BinaryOp::Ne: return "!=";
    case syntax::BinaryOp::Lt: return "<";
    case syntax::BinaryOp::Le: return "<=";
    case syntax::BinaryOp::Gt: return ">";
    case syntax::BinaryOp::Ge: return ">=";
    case syntax::BinaryOp::Add: return "+";
    case syntax::BinaryOp::Sub: return "-";
    case syntax::BinaryOp::Mul: return "×";
    case syntax::BinaryOp::Div: return "÷";
    }
    return "?";
}

ir::Op op_of(syntax::BinaryOp op) {
    switch (op) {
    case syntax::BinaryOp::Or: return ir::Op::Or;
    case syntax::BinaryOp::And: return ir::Op::And;
    case syntax::BinaryOp::Eq: return ir::Op::Eq;
    case syntax::BinaryOp::Ne: return ir::Op::Ne;
    case syntax::BinaryOp::Lt: return ir::Op::Lt;
    case syntax::BinaryOp::Le: return ir::Op::Le;
    case syntax::BinaryOp::Gt: return ir::Op::Gt;
    case syntax::BinaryOp::Ge: return ir::Op::Ge;
    case syntax::BinaryOp::Add: return ir::Op::Add;
    case syntax::BinaryOp::Sub: return ir::Op::Sub;
    case syntax::BinaryOp::Mul: return ir::Op::Mul;
    case syntax::BinaryOp::Div: return ir::Op::Div;
    }
    return ir::Op::Add;
}

bool is_comparison(syntax::BinaryOp op) {
    return op == syntax::BinaryOp::Eq || op == syntax::BinaryOp::Ne || op == syntax::BinaryOp::Lt ||
           op == syntax::BinaryOp::Le || op == syntax::BinaryOp::Gt || op == syntax::BinaryOp::Ge;
}

/// The unit table of docs/language.md; nullopt when the operation is a compile error.
std::optional<ir::Kind> arithmetic(syntax::BinaryOp op, ir::Kind a, ir::Kind b) {
    const bool ma = a == ir::Kind::Montant;
    const bool mb = b == ir::Kind::Montant;
    const ir::Kind rate_or_number = (a == ir::Kind::Taux || b == ir::Kind::Taux) ? ir::Kind::Taux : ir::Kind::Nombre;
    switch (op) {
    case syntax::BinaryOp::Add:
    case syntax::BinaryOp::Sub:
        if (ma && mb) return ir::Kind::Montant;
        if (ma || mb) return std::nullopt;
        return rate_or_number;
    case syntax::BinaryOp::Mul:
        if (ma && mb) return std::nullopt;
        if (ma || mb) return ir::Kind::Montant;
        return rate_or_number;
    case syntax::BinaryOp::Div:
        if (ma && mb) return ir::Kind::Taux;
        if (ma) return ir::Kind::Montant;
        if (mb) return std::nullopt;
        return rate_or_number;
    default: return std::nullopt;
    }
}

std::string month_ref_text(const syntax::MonthRef& m) {
    if (m.offset == 0) return "M";
    return m.offset < 0 ? "M-" + std::to_string(-m.offset) : "M+" + std::to_string(m.offset);
}

std::string index_text(const syntax::Index& index) {
    return "[" + month_ref_text(index.from) + (index.to ? ".." + month_ref_text(*index.to) : "") + "]";
}

}  // namespace

// ---- Typing helpers ----

bool Resolver::fits(Typed& value, ir::Type expected) {
    if (value.type == expected) return true;
    if (!value.number_literal.empty() && value.type.kind == ir::Kind::Nombre && expected.kind == ir::Kind::Taux) {
        program_.nodes[value.node].type = expected;
        value.type = expected;
        return true;
    }
    return false;
}

std::string Resolver::euro_hint(const Typed& value) {
    return value.number_literal.empty() ? std::string() : "écrivez `" + value.number_literal + " €`";
}

Typed Resolver::condition(const syntax::Operand& operand, const Context& context) {
    Typed c = expression(operand, Context{context.entity, std::nullopt});
    if (c.ok() && c.type.kind != ir::Kind::Booleen) {
        error(Code::NotBoolean, c.span, "une condition doit être un booléen, pas " + a_type(c.type),
              is_numeric(c.type) ? "comparez la valeur, par exemple `x > 0`" : std::string());
        return {};
    }
    return c;
}

// ---- Expressions ----

Typed Resolver::expression(const syntax::Operand& written, const Context& context) {
    const syntax::Operand& operand = unwrap(written);
    // A window is allowed only as the direct argument of a window function: it passes through
    // a postfix read and nothing else.
    const Context inner{context.entity, std::nullopt};
    if (const auto* n = as<syntax::NumberLit>(operand)) return literal_number(*n);
    if (const auto* d = as<syntax::DateLit>(operand)) {
        const auto value = date(*d);
        if (!value) return {};
        ir::Node node;
        node.op = ir::Op::Const;
        node.type = of_kind(ir::Kind::Date);
        node.imm = *value;
        node.span = at(*d);
        return {emit(node), node.type, node.span, {}};
    }
    if (const auto* m = as<syntax::MonthLit>(operand)) {
        const auto value = month(*m);
        if (!value) return {};
        ir::Node node;
        node.op = ir::Op::Const;
        node.type = of_kind(ir::Kind::Mois);
        node.imm = *value;
        node.span = at(*m);
        return {emit(node), node.type, node.span, {}};
    }
    if (const auto* b = as<syntax::BoolLit>(operand)) {
        ir::Node node;
        node.op = ir::Op::Const;
        node.type = of_kind(ir::Kind::Booleen);
        node.imm = b->value ? 1 : 0;
        node.span = at(*b);
        return {emit(node), node.type, node.span, {}};
    }
    if (const auto* name = as<syntax::Identifier>(operand)) return read(*name, nullptr, inner, at(*name));
    if (const auto* c = as_recursive<syntax::Chain>(operand)) return chain(*c, inner);
    if (const auto* u = as_recursive<syntax::Unary>(operand)) return unary(*u, inner);
    if (const auto* e = as_recursive<syntax::IfExpr>(operand)) return if_expr(*e, inner);
    if (const auto* c = as_recursive<syntax::Call>(operand)) return call(*c, inner);
    if (const auto* p = as_recursive<syntax::Postfix>(operand)) return postfix(*p, context);
    return {};
}

Typed Resolver::literal_number(const syntax::NumberLit& lit) {
    const auto value = number(lit);
    if (!value) return {};
    ir::Node node;
    node.op = ir::Op::Const;
    node.type = of_kind(lit.unit == "€" ? ir::Kind::Montant : lit.unit == "%" ? ir::Kind::Taux : ir::Kind::Nombre);
    node.imm = *value;
    node.span = at(lit);
    return {emit(node), node.type, node.span, lit.unit.empty() ? lit.text : std::string()};
}

Typed Resolver::chain(const syntax::Chain& c, const Context& context) {
    Typed left = expression(c.first, context);
    const std::uint32_t begin = node_of(c.first).begin;
    for (const syntax::Operation& operation : c.rest) {
        Typed right = expression(operation.operand, context);
        left = binary(operation.op, std::move(left), std::move(right), at(begin, node_of(operation.operand).end));
    }
    return left;
}

Typed Resolver::binary(syntax::BinaryOp op, Typed left, Typed right, SourceSpan span) {
    const std::string symbol = symbol_of(op);
    ir::Node node;
    node.op = op_of(op);
    node.span = span;

    if (op == syntax::BinaryOp::And || op == syntax::BinaryOp::Or) {
        bool good = left.ok() && right.ok();
        for (const Typed* side : {&left, &right}) {
            if (side->ok() && side->type.kind != ir::Kind::Booleen) {
                error(Code::NotBoolean, side->span,
                      "`" + symbol + "` relie des conditions (booléens), pas " + a_type(side->type));
                good = false;
            }
        }
        if (!good) return {};
        node.type = of_kind(ir::Kind::Booleen);
        return {emit(node, {left.node, right.node}), node.type, span, {}};
    }

    if (!left.ok() || !right.ok()) return {};
    const std::string operands = type_name(left.type) + " " + symbol + " " + type_name(right.type);
    // A montant next to a bare number is the usual slip: `x > 0` for `x > 0 €`.
    const std::string hint = left.type.kind == ir::Kind::Montant    ? euro_hint(right)
                             : right.type.kind == ir::Kind::Montant ? euro_hint(left)
                                                                    : std::string();

    if (is_comparison(op)) {
        const bool ordering = op != syntax::BinaryOp::Eq && op != syntax::BinaryOp::Ne;
        bool compatible = false;
        if (is_numeric(left.type) && is_numeric(right.type)) {
            compatible = left.type.kind == right.type.kind ||
                         (left.type.kind != ir::Kind::Montant && right.type.kind != ir::Kind::Montant);
        } else if (left.type == right.type) {
            compatible = !ordering || left.type.kind == ir::Kind::Date || left.type.kind == ir::Kind::Mois;
        }
        if (!compatible) {
            std::string why = hint;
            if (left.type == right.type)
                why = "`<`, `<=`, `>`, `>=` ne comparent pas deux valeurs de type " + type_name(left.type) +
                      " : employez `==` ou `!=`";
            error(Code::TypeMismatch, span, "comparaison impossible : " + operands, why);
            return {};
        }
        node.type = of_kind(ir::Kind::Booleen);
        return {emit(node, {left.node, right.node}), node.type, span, {}};
    }

    const auto result = is_numeric(left.type) && is_numeric(right.type)
                            ? arithmetic(op, left.type.kind, right.type.kind)
                            : std::nullopt;
    if (!result) {
        std::string why = hint;
        if (why.empty() && left.type.kind == ir::Kind::Montant && right.type.kind == ir::Kind::Montant) {
            why = "un montant se multiplie par un taux ou un nombre";
        }
        error(Code::TypeMismatch, span, "opération impossible : " + operands, why);
        return {};
    }
    node.type = of_kind(*result);
    return {emit(node, {left.node, right.node}), node.type, span, {}};
}

Typed Resolver::unary(const syntax::Unary& u, const Context& context) {
    Typed operand = expression(u.operand, context);
    if (!operand.ok()) return {};
    const SourceSpan span = at(u);
    if (u.op == syntax::UnaryOp::Not) {
        if (operand.type.kind != ir::Kind::Booleen) {
            error(Code::NotBoolean, operand.span,
                  "`non` s'applique à une condition (booléen), pas à " + a_type(operand.type));
            return {};
        }
        ir::Node node;
        node.op = ir::Op::Not;
        node.type = operand.type;
        node.span = span;
        return {emit(node, {operand.node}), node.type, span, {}};
    }
    if (!is_numeric(operand.type)) {
        error(Code::TypeMismatch, span,
              "`-` s'applique à un montant, un taux ou un nombre, pas à " + a_type(operand.type));
        return {};
    }
    ir::Node& inner = program_.nodes[operand.node];
    if (inner.op == ir::Op::Const) {
        // `-2` stays a literal: the grammar reads the sign as an operator.
        inner.imm = -inner.imm;
        inner.span = span;
        operand.span = span;
        if (!operand.number_literal.empty()) operand.number_literal = "-" + operand.number_literal;
        return operand;
    }
    ir::Node node;
    node.op = ir::Op::Neg;
    node.type = operand.type;
    node.span = span;
    return {emit(node, {operand.node}), node.type, span, {}};
}

Typed Resolver::if_expr(const syntax::IfExpr& e, const Context& context) {
    Typed c = condition(e.condition, context);
    Typed a = expression(e.then_value, context);
    Typed b = expression(e.else_value, context);
    if (!c.ok() || !a.ok() || !b.ok()) return {};
    const SourceSpan span = at(e);
    if (!fits(b, a.type) && !fits(a, b.type)) {
        const std::string hint = a.type.kind == ir::Kind::Montant   ? euro_hint(b)
                                 : b.type.kind == ir::Kind::Montant ? euro_hint(a)
                                                                    : std::string();
        error(Code::BranchTypes, span,
              "les branches de `si` sont de types différents (alors : " + type_name(a.type) +
                  ", sinon : " + type_name(b.type) + ")",
              hint);
        return {};
    }
    ir::Node node;
    node.op = ir::Op::If;
    node.type = a.type;
    node.span = span;
    return {emit(node, {c.node, a.node, b.node}), node.type, span, {}};
}

// ---- Names, paths and months ----

Typed Resolver::postfix(const syntax::Postfix& p, const Context& context) {
    std::vector<const syntax::Identifier*> names;
    const syntax::Index* index = nullptr;
    for (const syntax::PostfixOp& op : p.ops) {
        if (const auto* member = as<syntax::Member>(op)) {
            if (index) {
                error(Code::SyntaxError, at(*member), "le mois se lit à la fin : `foyer.x[M-1]`, pas `foyer[M-1].x`");
                return {};
            }
            names.push_back(&member->name);
        } else {
            if (index) {
                error(Code::SyntaxError, at(node_of(op)), "un seul `[...]` par lecture");
                return {};
            }
            index = &boost::get<syntax::Index>(op.get());
        }
    }
    const syntax::Operand& base_operand = unwrap(p.base);
    if (const auto* c = as_recursive<syntax::Call>(base_operand)) {
        if (names.empty()) return call(*c, context, index);
        error(Code::SyntaxError, at(*names.front()), "`.` suit un rôle ou une entité de groupe, pas un appel");
        return {};
    }
    const auto* base = as<syntax::Identifier>(base_operand);
    if (!base) {
        const syntax::Node& first_op = node_of(p.ops.front());
        error(Code::SyntaxError, at(first_op),
              names.empty() ? "seul un nom d'entrée, de variable ou de paramètre se lit à un autre mois"
                            : "`.` suit un rôle ou une entité de groupe");
        return {};
    }
    names.insert(names.begin(), base);

    // Walk the path: each step changes the entity the rest is read for.
    struct Step {
        ir::Op op;
        std::uint32_t ref;
    };
    std::vector<Step> steps;
    std::uint32_t entity = context.entity;
    const syntax::Identifier& last = *names.back();
    for (std::size_t i = 0; i + 1 < names.size(); ++i) {
        const syntax::Identifier& segment = *names[i];
        if (entity == ir::none) return {};
        const ir::Entity& current = program_.entities[entity];
        std::uint32_t role = ir::none;
        for (std::uint32_t r = 0; r < current.roles.size(); ++r) {
            if (current.roles[r].name == segment.name) role = r;
        }
        if (role != ir::none) {
            const ir::Role& held = current.roles[role];
            if (held.cardinality != ir::Cardinality::One) {
                const bool optional = held.cardinality == ir::Cardinality::Optional;
                error(Code::RoleNotSingle, at(segment),
                      "le rôle `" + held.name + "` " +
                          (optional ? "peut être vide" : "peut compter plusieurs membres") + " : `" + held.name + "." +
                          last.name + "` n'est pas défini",
                      "passez par un agrégat, par exemple `somme(" + last.name + " pour " + held.name +
                          ")` ou `existe(" + held.name + " si ...)`");
                return {};
            }
            steps.push_back({ir::Op::RoleGet, role});
            entity = program_.person_entity;
            continue;
        }
        const Symbol* symbol = find(segment.name);
        if (symbol && symbol->kind == SymbolKind::Entity) {
            const std::uint32_t target = symbol->id;
            const ir::Entity& other = program_.entities[target];
            if (target == entity) continue;  // `foyer.x` in a foyer's formula is `x`
            if (!current.is_group() && other.is_group()) {
                steps.push_back({ir::Op::GroupGet, target});
                entity = target;
                continue;
            }
            ir::Type last_type;
            if (const Symbol* read = find(last.name); read && read->kind == SymbolKind::Input) {
                last_type = program_.inputs[read->id].type;
            } else if (read && read->kind == SymbolKind::Variable) {
                last_type = program_.variables[read->id].type;
            }
            error(Code::WrongEntity, at(segment),
                  "une formule de `" + current.name + "` ne lit pas directement `" + other.name + "`",
                  wrong_entity_hint(entity, target, last.name, last_type));
            return {};
        }
        // A role of another group: say which path reaches it.
        for (const ir::Entity& group : program_.entities) {
            for (const ir::Role& r : group.roles) {
                if (r.name != segment.name) continue;
                std::string hint;
                if (!current.is_group()) hint = "écrivez `" + group.name + "." + r.name + "." + last.name + "`";
                error(Code::WrongEntity, at(segment),
                      "`" + r.name + "` est un rôle de `" + group.name + "`, mais cette formule est calculée pour `" +
                          current.name + "`",
                      hint);
                return {};
            }
        }
        std::vector<std::string> candidates;
        for (const ir::Role& r : current.roles) candidates.push_back(r.name);
        for (const ir::Entity& e : program_.entities) candidates.push_back(e.name);
        error(Code::UnknownRole, at(segment),
              symbol ? "`" + segment.name + "` est un nom " + of_kind_name(symbol->kind) +
                           " : `.` suit un rôle ou une entité de groupe"
                     : "`" + segment.name + "` n'est ni un rôle de `" + current.name + "` ni une entité",
              did_you_mean(segment.name, candidates));
        return {};
    }

    Typed value = read(last, index, Context{entity, context.window}, at(last.begin, index ? index->end : last.end));
    if (!value.ok()) return {};
    const SourceSpan span = at(p);
    for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
        ir::Node node;
        node.op = step->op;
        node.type = value.type;
        node.ref = step->ref;
        node.span = span;
        value = {emit(node, {value.node}), value.type, span, {}};
    }
    return value;
}

std::string Resolver::wrong_entity_hint(std::uint32_t context_entity, std::uint32_t owner, const std::string& name,
                                        ir::Type type) const {
    const ir::Entity& here = program_.entities[context_entity];
    const ir::Entity& there = program_.entities[owner];
    std::string single_role;
    for (const ir::Role& r : here.roles) {
        if (r.cardinality == ir::Cardinality::One) {
            single_role = r.name;
            break;
        }
    }
    if (!here.is_group() && there.is_group()) return "écrivez `" + there.name + "." + name + "`";
    if (here.is_group() && !there.is_group()) {
        std::string forms;
        if (is_numeric(type)) forms = "`somme(" + name + " pour membres)`";
        if (type.kind == ir::Kind::Booleen) forms = "`existe(membres si " + name + ")`";
        if (!single_role.empty()) forms += (forms.empty() ? "`" : " ou `") + single_role + "." + name + "`";
        return forms.empty() ? std::string() : "écrivez " + forms;
    }
    if (!single_role.empty()) return "passez par un membre : `" + single_role + "." + there.name + "." + name + "`";
    return {};
}

Typed Resolver::read(const syntax::Identifier& name, const syntax::Index* index, const Context& context,
                     SourceSpan span) {
    const Symbol* symbol = find(name.name);
    if (!symbol) {
        if (!index && (name.name == "mois_courant" || name.name == "debut_du_mois" ||
                       name.name == "debut_de_la_simulation")) {
            ir::Node node;
            node.op = name.name == "mois_courant"    ? ir::Op::CurrentMonth
                      : name.name == "debut_du_mois" ? ir::Op::MonthStart
                                                     : ir::Op::SimulationStart;
            node.type = of_kind(node.op == ir::Op::MonthStart ? ir::Kind::Date : ir::Kind::Mois);
            node.span = span;
            return {emit(node), node.type, span, {}};
        }
        std::vector<std::string> candidates = value_names();
        candidates.emplace_back("mois_courant");
        candidates.emplace_back("debut_du_mois");
        candidates.emplace_back("debut_de_la_simulation");
        error(Code::UnknownName, at(name), "nom inconnu `" + name.name + "`", did_you_mean(name.name, candidates));
        return {};
    }

    // Months: `[M-k]`, or a window `[M-a..M-b]` where a window function allows one.
    const auto check_index = [&](bool window_possible) {
        if (!index) return true;
        if (index->to && !context.window) {
            error(Code::MisplacedWindow, at(*index),
                  "une fenêtre de mois " + index_text(*index) +
                      " n'est permise que comme argument unique de somme, moyenne, min, max, tous ou existe",
                  "par exemple `somme(" + name.name + index_text(*index) + ")`");
            return false;
        }
        if (index->to && !window_possible) {
            error(Code::MisplacedWindow, at(*index),
                  "une fenêtre de mois porte sur une entrée ou une variable, pas sur le " + kind_name(symbol->kind) +
                      " `" + name.name + "`");
            return false;
        }
        bool good = true;
        for (const syntax::MonthRef* ref : {&index->from, index->to ? &*index->to : nullptr}) {
            if (ref && ref->offset > 0) {
                error(Code::FutureRead, at(*index), "lecture d'un mois futur : `" + month_ref_text(*ref) + "`",
                      "une formule lit le mois courant `M` ou les mois passés `M-1`, `M-2`, ...");
                good = false;
            }
        }
        if (good && index->to && index->from.offset > index->to->offset) {
            error(Code::DateOrder, at(*index), "fenêtre à l'envers : " + index_text(*index),
                  "écrivez le mois le plus ancien d'abord : `[" + month_ref_text(*index->to) + ".." +
                      month_ref_text(index->from) + "]`");
            good = false;
        }
        return good;
    };
    const std::int32_t from = index ? index->from.offset : 0;
    const std::int32_t to = index && index->to ? index->to->offset : from;

    switch (symbol->kind) {
    case SymbolKind::Input:
    case SymbolKind::Variable: {
        const bool is_input = symbol->kind == SymbolKind::Input;
        const std::uint32_t owner =
            is_input ? program_.inputs[symbol->id].entity : program_.variables[symbol->id].entity;
        const ir::Type type = is_input ? program_.inputs[symbol->id].type : program_.variables[symbol->id].type;
        const bool typed = is_input ? input_ok_[symbol->id] : variable_ok_[symbol->id];
        if (context.entity != ir::none && owner != ir::none && owner != context.entity) {
            error(Code::WrongEntity, at(name),
                  "`" + name.name + "` est " + (is_input ? "une entrée" : "une variable") + " de `" +
                      program_.entities[owner].name + "`, mais cette formule est calculée pour `" +
                      program_.entities[context.entity].name + "`",
                  wrong_entity_hint(context.entity, owner, name.name, type));
            return {};
        }
        if (!check_index(true) || !typed) return {};
        ir::Node node;
        node.ref = symbol->id;
        node.offset = from;
        node.span = span;
        node.type = type;
        if (index && index->to) {
            const ir::Op op = *context.window;
            const bool logical = op == ir::Op::WindowAll || op == ir::Op::WindowAny;
            if (logical && type.kind != ir::Kind::Booleen) {
                error(Code::NotBoolean, span,
                      "`tous` et `existe` portent sur des booléens, pas sur des valeurs de type " + type_name(type));
                return {};
            }
            if (!logical && !is_numeric(type)) {
                error(
                    Code::TypeMismatch, span,
                    "cette fenêtre porte sur des montants, taux ou nombres, pas sur des valeurs de type " +
                        type_name(type),
                    type.kind == ir::Kind::Booleen ? "pour des booléens, employez `tous` ou `existe`" : std::string());
                return {};
            }
            node.op = op;
            node.offset_to = to;
            node.window_of_input = is_input;
            if (logical) node.type = of_kind(ir::Kind::Booleen);
        } else {
            node.op = is_input ? ir::Op::ReadInput : ir::Op::ReadVariable;
        }
        return {emit(node), node.type, span, {}};
    }
    case SymbolKind::Parameter: {
        const ir::Parameter& parameter = program_.parameters[symbol->id];
        if (!check_index(false)) return {};
        if (parameter.is_scale) {
            error(Code::ScaleUse, at(name), "`" + name.name + "` est un barème : il se lit avec une clé",
                  "écrivez `" + name.name + "(n)`");
            return {};
        }
        if (!parameter_ok_[symbol->id]) return {};
        ir::Node node;
        node.op = ir::Op::ReadParameter;
        node.type = parameter.type;
        node.ref = symbol->id;
        node.offset = from;
        node.span = span;
        return {emit(node), node.type, span, {}};
    }
    case SymbolKind::EnumValue: {
        if (index) {
            error(Code::SyntaxError, at(*index), "une valeur d'énumération ne dépend pas du mois",
                  "retirez `" + index_text(*index) + "`");
            return {};
        }
        ir::Node node;
        node.op = ir::Op::Const;
        node.type = ir::Type{ir::Kind::Enumeration, symbol->id};
        node.imm = symbol->ordinal;
        node.span = span;
        return {emit(node), node.type, span, {}};
    }
    case SymbolKind::Entity:
        error(Code::UnknownName, at(name), "`" + name.name + "` est une entité, pas une valeur",
              program_.entities[symbol->id].is_group() ? "lisez une valeur du groupe : `" + name.name + ".x`"
                                                       : std::string());
        return {};
    case SymbolKind::Enumeration:
        error(
            Code::UnknownName, at(name), "`" + name.name + "` est une énumération, pas une valeur",
            "comparez à l'une de ses valeurs, par exemple `x == " +
                (program_.enumerations[symbol->id].values.empty() ? std::string("...")
                                                                  : program_.enumerations[symbol->id].values.front()) +
                "`");
        return {};
    }
    return {};
}

}  // namespace relais::dsl::resolver
