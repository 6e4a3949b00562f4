// The IR printer: rules-like text, one declaration per paragraph, expressions fully
// parenthesised with names (never ids), so that a golden diff reads like a rules diff.
#include "engine/ir/print.hpp"

#include <string_view>

namespace relais::ir {

namespace {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string type_text(const Program& p, Type t) {
    switch (t.kind) {
    case Kind::Montant: return "montant";
    case Kind::Taux: return "taux";
    case Kind::Nombre: return "nombre";
    case Kind::Booleen: return "booléen";
    case Kind::Date: return "date";
    case Kind::Mois: return "mois";
    case Kind::Enumeration:
        return t.enumeration < p.enumerations.size() ? p.enumerations[t.enumeration].name : "énumération?";
    }
    return "?";
}

std::string entity_name(const Program& p, std::uint32_t entity) {
    return entity < p.entities.size() ? p.entities[entity].name : "?";
}

std::string month_offset(std::int32_t offset) {
    if (offset == 0) return "M";
    return offset < 0 ? "M-" + std::to_string(-offset) : "M+" + std::to_string(offset);
}

std::string at_month(std::int32_t offset) { return offset == 0 ? "" : "[" + month_offset(offset) + "]"; }

const char* binary_symbol(Op op) {
    switch (op) {
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::And: return "et";
    case Op::Or: return "ou";
    default: return nullptr;
    }
}

const char* function_name(Op op) {
    switch (op) {
    case Op::WindowSum:
    case Op::AggSum: return "somme";
    case Op::WindowMean: return "moyenne";
    case Op::WindowMin:
    case Op::AggMin:
    case Op::Min: return "min";
    case Op::WindowMax:
    case Op::AggMax:
    case Op::Max: return "max";
    case Op::WindowAll:
    case Op::AggAll: return "tous";
    case Op::WindowAny:
    case Op::AggAny: return "existe";
    case Op::AggCount: return "nombre";
    case Op::Round: return "arrondi";
    case Op::RoundDown: return "arrondi_inferieur";
    case Op::RoundUp: return "arrondi_superieur";
    case Op::AgeYears: return "age_en_annees";
    case Op::MonthsBetween: return "mois_entre";
    case Op::MonthOfDate: return "mois_de";
    default: return "?";
    }
}

/// Prints expressions; `entity` is the entity an expression is evaluated for, which names the
/// roles of aggregates (ir::none prints role numbers).
class ExpressionPrinter {
public:
    explicit ExpressionPrinter(const Program& p) : p_(p) {}

    std::string print(std::uint32_t id, std::uint32_t entity) const {
        if (id == none) return "?";
        if (id >= p_.nodes.size()) return "#" + std::to_string(id);
        const Node& n = p_.nodes[id];
        const auto arg = [&](std::uint32_t i, std::uint32_t in = none) {
            return i < n.arg_count ? print(p_.arg(n, i), in == none ? entity : in) : std::string("?");
        };
        if (const char* symbol = binary_symbol(n.op)) return "(" + arg(0) + " " + symbol + " " + arg(1) + ")";
        switch (n.op) {
        case Op::Const: return print_value(p_, n.type, n.imm);
        case Op::ReadInput: return name_of_input(n.ref) + at_month(n.offset);
        case Op::ReadVariable: return name_of_variable(n.ref) + at_month(n.offset);
        case Op::ReadParameter: return name_of_parameter(n.ref) + at_month(n.offset);
        case Op::ScaleLookup: return name_of_parameter(n.ref) + "(" + arg(0) + ")" + at_month(n.offset);
        case Op::WindowSum:
        case Op::WindowMean:
        case Op::WindowMin:
        case Op::WindowMax:
        case Op::WindowAll:
        case Op::WindowAny:
            return std::string(function_name(n.op)) + "(" +
                   (n.window_of_input ? name_of_input(n.ref) : name_of_variable(n.ref)) + "[" + month_offset(n.offset) +
                   ".." + month_offset(n.offset_to) + "])";
        case Op::Neg: return "(-" + arg(0) + ")";
        case Op::Not: return "(non " + arg(0) + ")";
        case Op::If: return "(si " + arg(0) + " alors " + arg(1) + " sinon " + arg(2) + ")";
        case Op::Min:
        case Op::Max: {
            std::string out = std::string(function_name(n.op)) + "(";
            for (std::uint32_t i = 0; i < n.arg_count; ++i) out += (i ? ", " : "") + arg(i);
            return out + ")";
        }
        case Op::Round:
        case Op::RoundDown:
        case Op::RoundUp:
            return std::string(function_name(n.op)) + "(" + arg(0) + ", " + print_value(p_, n.type, n.imm) + ")";
        case Op::AggSum:
        case Op::AggMin:
        case Op::AggMax: {
            std::string out =
                std::string(function_name(n.op)) + "(" + arg(0, p_.person_entity) + " pour " + roles(n.roles, entity);
            if (n.arg_count > 1 && p_.arg(n, 1) != none) out += " si " + arg(1, p_.person_entity);
            return out + ")";
        }
        case Op::AggCount: {
            std::string out = "nombre(" + roles(n.roles, entity);
            if (n.arg_count > 1 && p_.arg(n, 1) != none) out += " si " + arg(1, p_.person_entity);
            return out + ")";
        }
        case Op::AggAny:
        case Op::AggAll:
            return std::string(function_name(n.op)) + "(" + roles(n.roles, entity) + " si " + arg(0, p_.person_entity) +
                   ")";
        case Op::RoleGet: return role_name(n.ref, entity) + "." + arg(0, p_.person_entity);
        case Op::GroupGet: return entity_name(p_, n.ref) + "." + arg(0, n.ref);
        case Op::CurrentMonth: return "mois_courant";
        case Op::MonthStart: return "debut_du_mois";
        case Op::SimulationStart: return "debut_de_la_simulation";
        case Op::AgeYears:
        case Op::MonthOfDate: return std::string(function_name(n.op)) + "(" + arg(0) + ")";
        case Op::MonthsBetween: return "mois_entre(" + arg(0) + ", " + arg(1) + ")";
        case Op::Review:
            return "reexamen(" + (n.window_of_input ? name_of_input(n.ref) : name_of_variable(n.ref)) + ", " + arg(0) +
                   ", " + std::to_string(n.imm) + ")";
        default: return "?";
        }
    }

private:
    std::string name_of_input(std::uint32_t i) const { return i < p_.inputs.size() ? p_.inputs[i].name : "?"; }
    std::string name_of_variable(std::uint32_t i) const { return i < p_.variables.size() ? p_.variables[i].name : "?"; }
    std::string name_of_parameter(std::uint32_t i) const {
        return i < p_.parameters.size() ? p_.parameters[i].name : "?";
    }
    std::string role_name(std::uint32_t role, std::uint32_t entity) const {
        if (entity < p_.entities.size() && role < p_.entities[entity].roles.size()) {
            return p_.entities[entity].roles[role].name;
        }
        return "rôle#" + std::to_string(role);
    }
    std::string roles(std::uint32_t mask, std::uint32_t entity) const {
        if (entity < p_.entities.size()) {
            const std::size_t count = p_.entities[entity].roles.size();
            const std::uint32_t every = count >= 32 ? ~0u : (1u << count) - 1;
            if (count > 0 && mask == every) return "membres";
        }
        std::string out;
        for (std::uint32_t r = 0; r < 32; ++r) {
            if (mask & (1u << r)) out += (out.empty() ? "" : ", ") + role_name(r, entity);
        }
        return out;
    }

    const Program& p_;
};

const char* cardinality_text(Cardinality c) {
    switch (c) {
    case Cardinality::One: return "un";
    case Cardinality::Optional: return "optionnel";
    case Cardinality::Many: return "plusieurs";
    }
    return "?";
}

std::string month_text(Month m) {
    if (m == since_always) return "toujours";
    if (m == until_forever) return "jamais";
    return engine::format_month(m);
}

}  // namespace

std::string print_value(const Program& program, Type type, Value value) {
    switch (type.kind) {
    case Kind::Montant: return engine::format_decimal(value) + " €";
    case Kind::Taux: {
        Value percent = 0;
        if (__builtin_mul_overflow(value, Value{100}, &percent)) return engine::format_decimal(value);
        return engine::format_decimal(percent) + " %";
    }
    case Kind::Nombre: return engine::format_decimal(value);
    case Kind::Booleen: return value ? "vrai" : "faux";
    case Kind::Date: return engine::format_date(static_cast<Date>(value));
    case Kind::Mois: return engine::format_month(static_cast<Month>(value));
    case Kind::Enumeration:
        if (type.enumeration < program.enumerations.size() && value >= 0 &&
            static_cast<std::size_t>(value) < program.enumerations[type.enumeration].values.size()) {
            return program.enumerations[type.enumeration].values[static_cast<std::size_t>(value)];
        }
        return "#" + std::to_string(value);
    }
    return "?";
}

std::string print_expression(const Program& program, std::uint32_t node, std::uint32_t entity) {
    return ExpressionPrinter(program).print(node, entity);
}

std::string print(const Program& p) {
    const ExpressionPrinter expr(p);
    std::string out;
    const auto paragraph = [&] {
        if (!out.empty()) out += "\n";
    };

    for (std::uint32_t e = 0; e < p.entities.size(); ++e) {
        paragraph();
        const Entity& entity = p.entities[e];
        out += "entité " + entity.name + (e == p.person_entity ? " # personnes" : "") + "\n";
        for (const Role& r : entity.roles) out += "  rôle " + r.name + " : " + cardinality_text(r.cardinality) + "\n";
    }
    for (const Enumeration& e : p.enumerations) {
        paragraph();
        out += "énumération " + e.name + "\n  valeurs ";
        for (std::size_t i = 0; i < e.values.size(); ++i) {
            out += (i ? ", " : "") + e.values[i];
            if (i < e.labels.size() && !e.labels[i].empty()) out += " " + quoted(e.labels[i]);
        }
        out += "\n";
    }
    for (const Input& in : p.inputs) {
        paragraph();
        out += "entrée " + in.name + " : " + type_text(p, in.type) + " par " + entity_name(p, in.entity) +
               (in.monthly ? " mensuelle" : " constante");
        if (in.default_value) out += " défaut " + print_value(p, in.type, *in.default_value);
        out += "\n";
        if (!in.label.empty()) out += "  libellé " + quoted(in.label) + "\n";
    }
    for (const Parameter& param : p.parameters) {
        paragraph();
        out +=
            "paramètre " + param.name + " : " + (param.is_scale ? "barème de " : "") + type_text(p, param.type) + "\n";
        if (!param.label.empty()) out += "  libellé " + quoted(param.label) + "\n";
        for (const ParameterValue& v : param.values) {
            out += "  " + engine::format_date(v.effective) + " : ";
            if (param.is_scale) {
                out += "[";
                for (std::size_t i = 0; i < v.scale.size(); ++i) {
                    out += (i ? ", " : "") + engine::format_decimal(v.scale[i].key) + " -> " +
                           print_value(p, param.type, v.scale[i].value);
                }
                out += "]";
            } else {
                out += print_value(p, param.type, v.value);
            }
            out += " source " + quoted(v.source);
            if (v.published) out += " publié " + engine::format_date(*v.published);
            out += "\n";
        }
    }
    for (const Variable& v : p.variables) {
        paragraph();
        out += "variable " + v.name + " : " + type_text(p, v.type) + " par " + entity_name(p, v.entity) + "\n";
        if (!v.label.empty()) out += "  libellé " + quoted(v.label) + "\n";
        if (!v.source.empty()) out += "  source " + quoted(v.source) + "\n";
        for (const std::string& note : v.notes) out += "  note " + quoted(note) + "\n";
        for (const Formula& f : v.formulas) {
            out += "  ";
            if (f.from != since_always) out += "à partir de " + month_text(f.from) + " ";
            out += "= " + expr.print(f.expr, v.entity) + "\n";
        }
        for (const Exception& e : v.exceptions) {
            out += "  exception " + e.label;
            for (std::size_t i = 0; i < e.overrides.size(); ++i) {
                const std::uint32_t o = e.overrides[i];
                out += (i ? ", " : " sur ") + (o < v.exceptions.size() ? v.exceptions[o].label : "?");
            }
            if (e.from != since_always) out += " à partir de " + month_text(e.from);
            if (e.until != until_forever) out += " jusqu'à " + month_text(e.until);
            out += " si " + expr.print(e.condition, v.entity) + " = " + expr.print(e.expr, v.entity);
            if (!e.source.empty()) out += " source " + quoted(e.source);
            out += "\n";
        }
    }
    auto variable_name = [&](std::uint32_t v) { return v < p.variables.size() ? p.variables[v].name : std::string("-"); };
    for (const Scheme& s : p.schemes) {
        paragraph();
        out += "dispositif " + s.name + " : " + entity_name(p, s.entity) + " (" +
               (s.nature == SchemeNature::Prestation             ? "prestation"
                : s.nature == SchemeNature::DroitConnexe ? "droit_connexe"
                                                         : "prestation_ponctuelle") + ")\n";
        if (!s.label.empty()) out += "  libellé " + quoted(s.label) + "\n";
        for (const SchemeCondition& c : s.conditions) out += "  condition " + quoted(c.label) + " = " + variable_name(c.variable) + "\n";
        out += "  éligible = " + variable_name(s.eligible) + ", dû = " + variable_name(s.due) + ", versé = " +
               variable_name(s.paid) + ", valeur = " + variable_name(s.value) + "\n";
        if (!s.opens.empty()) {
            out += "  ouvre";
            for (const std::uint32_t o : s.opens) out += " " + p.schemes[o].name;
            out += "\n";
        }
    }
    for (const Transition& t : p.transitions) {
        paragraph();
        out += "transition " + t.name + " : " + p.schemes[t.from].name + " -> " + p.schemes[t.to].name + "\n";
    }
    for (const EventType& e : p.events) {
        paragraph();
        out += "événement " + e.name + " : " + entity_name(p, e.entity) + (e.one_off ? " (ponctuel)" : "") + "\n";
        for (const EventField& f : e.fields) {
            out += "  champ " + f.name + " : " + (f.is_person ? std::string("personne") : type_text(p, f.type)) +
                   (f.optional ? " optionnel" : "") + "\n";
        }
        for (const EventEffect& x : e.effects) {
            switch (x.kind) {
            case EffectKind::SetInput:
                out += "  fixe " + p.inputs[x.input].name + " = " +
                       (x.field != none ? e.fields[x.field].name : print_value(p, p.inputs[x.input].type, x.literal)) +
                       (x.months != 0 ? " pendant " + std::to_string(x.months) + " mois" : std::string()) + "\n";
                break;
            case EffectKind::AddMember:
                out += "  ajoute " + p.entities[e.entity].roles[x.role].name + " = " + e.fields[x.field].name + "\n";
                break;
            case EffectKind::RemoveMember: out += "  retire " + p.entities[e.entity].roles[x.role].name + "\n"; break;
            }
        }
        if (e.until_field != none) out += "  jusqu'à " + e.fields[e.until_field].name + "\n";
    }
    for (const Orientation& o : p.orientations) {
        paragraph();
        out += "orientation " + o.name + " : " + entity_name(p, o.entity) + "\n";
        for (const OrientationOutput& x : o.outputs) out += "  sortie " + x.name + " = " + variable_name(x.variable) + "\n";
        for (const OrientationRule& r : o.rules) out += "  règle " + quoted(r.label) + "\n";
        out += "  règle appliquée = " + variable_name(o.rule_variable) + "\n";
    }
    if (!p.evaluation_order.empty()) {
        paragraph();
        out += "ordre d'évaluation :";
        for (const std::uint32_t v : p.evaluation_order) {
            out += " " + (v < p.variables.size() ? p.variables[v].name : "?");
        }
        out += "\n";
    }
    for (const Test& t : p.tests) {
        paragraph();
        out += "test " + quoted(t.name) + "\n";
        if (!t.source.empty()) out += "  source " + quoted(t.source) + "\n";
        for (const std::string& note : t.notes) out += "  note " + quoted(note) + "\n";
        out += "  période " + engine::format_month(t.first) + " .. " + engine::format_month(t.last) + "\n";
        for (std::uint32_t i = 0; i < t.instances.size(); ++i) {
            const TestInstance& instance = t.instances[i];
            out += "  " + entity_name(p, instance.entity) + " " + instance.name;
            bool first = true;
            const auto separator = [&] {
                out += first ? " : " : ", ";
                first = false;
            };
            for (const TestMembership& m : t.memberships) {
                if (m.group_instance != i) continue;
                separator();
                const Entity* group = instance.entity < p.entities.size() ? &p.entities[instance.entity] : nullptr;
                out += (group && m.role < group->roles.size() ? group->roles[m.role].name : "?") + " = [";
                for (std::size_t k = 0; k < m.members.size(); ++k) {
                    out += (k ? ", " : "") + (m.members[k] < t.instances.size() ? t.instances[m.members[k]].name : "?");
                }
                out += "]";
            }
            for (const TestInputValue& v : t.inputs) {
                if (v.instance != i || v.input >= p.inputs.size()) continue;
                separator();
                const Input& input = p.inputs[v.input];
                out += input.name + " = ";
                if (v.constant) {
                    out += print_value(p, input.type, *v.constant);
                } else {
                    out += "{";
                    for (std::size_t k = 0; k < v.by_month.size(); ++k) {
                        out += (k ? ", " : "") + engine::format_month(v.by_month[k].first) + ": " +
                               print_value(p, input.type, v.by_month[k].second);
                    }
                    out += "}";
                }
            }
            out += "\n";
        }
        for (const Expectation& e : t.expectations) {
            const Type type = e.variable < p.variables.size() ? p.variables[e.variable].type : Type{};
            out += "  attendu " + (e.instance < t.instances.size() ? t.instances[e.instance].name : "?") + "." +
                   (e.variable < p.variables.size() ? p.variables[e.variable].name : "?") + "[" +
                   engine::format_month(e.from) + (e.to != e.from ? " .. " + engine::format_month(e.to) : "") +
                   "] = " + print_value(p, type, e.expected);
            if (e.tolerance != 0) out += " à " + print_value(p, type, e.tolerance) + " près";
            out += "\n";
        }
    }
    return out;
}

}  // namespace relais::ir
