// Canonical dump of the syntax tree: one declaration per block, every clause on its own line,
// expressions fully parenthesised, so that golden files show exactly what was parsed.
#include "dsl/syntax/print.hpp"

#include <boost/variant/apply_visitor.hpp>

namespace relais::dsl::syntax {

namespace {

std::string_view binary_op_text(BinaryOp op) {
    switch (op) {
        case BinaryOp::Or: return "ou";
        case BinaryOp::And: return "et";
        case BinaryOp::Eq: return "==";
        case BinaryOp::Ne: return "!=";
        case BinaryOp::Lt: return "<";
        case BinaryOp::Le: return "<=";
        case BinaryOp::Gt: return ">";
        case BinaryOp::Ge: return ">=";
        case BinaryOp::Add: return "+";
        case BinaryOp::Sub: return "-";
        case BinaryOp::Mul: return "*";
        case BinaryOp::Div: return "/";
    }
    return "?";
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string month_ref_text(const MonthRef& ref) {
    if (ref.offset == 0) return "M";
    return ref.offset < 0 ? "M-" + std::to_string(-ref.offset) : "M+" + std::to_string(ref.offset);
}

struct ExpressionPrinter {
    using result_type = std::string;

    std::string operator()(const NumberLit& n) const { return n.unit.empty() ? n.text : n.text + " " + n.unit; }
    std::string operator()(const DateLit& d) const { return d.text; }
    std::string operator()(const MonthLit& m) const { return m.text; }
    std::string operator()(const BoolLit& b) const { return b.value ? "vrai" : "faux"; }
    std::string operator()(const Identifier& i) const { return i.name; }
    std::string operator()(const Chain& c) const {
        std::string out = (*this)(c.first);
        for (const Operation& op : c.rest) {
            out = "(" + out + " " + std::string(binary_op_text(op.op)) + " " + (*this)(op.operand) + ")";
        }
        return out;
    }
    std::string operator()(const Unary& u) const {
        return u.op == UnaryOp::Neg ? "(-" + (*this)(u.operand) + ")" : "(non " + (*this)(u.operand) + ")";
    }
    std::string operator()(const IfExpr& e) const {
        return "(si " + (*this)(e.condition) + " alors " + (*this)(e.then_value) + " sinon " + (*this)(e.else_value) + ")";
    }
    std::string operator()(const Call& c) const {
        std::string out = c.function.name + "(";
        for (std::size_t i = 0; i < c.arguments.size(); ++i) {
            const Argument& a = c.arguments[i];
            if (i) out += ", ";
            out += (*this)(a.value);
            if (!a.roles.empty()) {
                out += " pour ";
                for (std::size_t r = 0; r < a.roles.size(); ++r) out += (r ? ", " : "") + a.roles[r].name;
            }
            if (a.filter) out += " si " + (*this)(*a.filter);
        }
        return out + ")";
    }
    std::string operator()(const Postfix& p) const {
        std::string out = (*this)(p.base);
        for (const PostfixOp& op : p.ops) {
            if (const auto* index = boost::get<Index>(&op)) {
                out += "[" + month_ref_text(index->from);
                if (index->to) out += ".." + month_ref_text(*index->to);
                out += "]";
            } else {
                out += "." + boost::get<Member>(op).name.name;
            }
        }
        return out;
    }
    template <typename T>
    std::string operator()(const x3::forward_ast<T>& node) const {
        return (*this)(node.get());
    }
    std::string operator()(const Operand& operand) const { return boost::apply_visitor(*this, operand); }
};

std::string expression(const Operand& operand) { return ExpressionPrinter{}(operand); }

struct LiteralPrinter {
    using result_type = std::string;
    template <typename T>
    std::string operator()(const T& value) const {
        return ExpressionPrinter{}(value);
    }
};

std::string literal(const Literal& l) { return boost::apply_visitor(LiteralPrinter{}, l); }

std::string when(const When& w) { return boost::apply_visitor(LiteralPrinter{}, w); }

std::string type_name(const TypeName& t) { return (t.scale ? "barème de " : "") + t.name.name; }

struct AttributePrinter {
    using result_type = std::string;
    std::string operator()(const LabelAttr& a) const { return "  libellé " + quoted(a.text.value) + "\n"; }
    std::string operator()(const SourceAttr& a) const { return "  source " + quoted(a.text.value) + "\n"; }
    std::string operator()(const NoteAttr& a) const { return "  note " + quoted(a.text.value) + "\n"; }
    std::string operator()(const Periodicity& p) const { return p.monthly ? "  mensuelle\n" : "  constante\n"; }
    std::string operator()(const DefaultAttr& d) const { return "  défaut " + literal(d.value) + "\n"; }
    std::string operator()(const ParamValueDecl& v) const {
        std::string out = "  " + v.date.text + " : ";
        if (const auto* scale = boost::get<ScaleLit>(&v.body)) {
            out += "[";
            for (std::size_t i = 0; i < scale->items.size(); ++i) {
                out += (i ? ", " : "") + ExpressionPrinter{}(scale->items[i].key) + " -> " + literal(scale->items[i].value);
            }
            out += "]";
        } else {
            out += literal(boost::get<Literal>(v.body));
        }
        if (v.source) out += " source " + quoted(v.source->value);
        if (v.published) out += " publié " + v.published->text;
        return out + "\n";
    }
    std::string operator()(const FormulaClause& f) const {
        return std::string("  ") + (f.from ? "à partir de " + when(*f.from) + " " : "") + "= " + expression(f.value) + "\n";
    }
    std::string operator()(const ExceptionClause& e) const {
        std::string out = "  exception " + e.label.name;
        if (!e.over.empty()) {
            out += " sur ";
            for (std::size_t i = 0; i < e.over.size(); ++i) out += (i ? ", " : "") + e.over[i].name;
        }
        if (e.from) out += " à partir de " + when(*e.from);
        if (e.until) out += " jusqu'à " + when(*e.until);
        out += " si " + expression(e.condition) + " = " + expression(e.value);
        if (e.source) out += " source " + quoted(e.source->value);
        return out + "\n";
    }
    std::string operator()(const PeriodClause& p) const { return "  période " + p.from.text + " .. " + p.to.text + "\n"; }
    std::string operator()(const InstanceDecl& i) const {
        std::string out = "  " + i.entity.name + " " + i.name.name + " :";
        for (std::size_t k = 0; k < i.assignments.size(); ++k) {
            const Assignment& a = i.assignments[k];
            out += (k ? ", " : " ") + a.name.name + " = ";
            if (const auto* map = boost::get<MonthMap>(&a.value)) {
                out += "{";
                for (std::size_t m = 0; m < map->entries.size(); ++m) {
                    out += (m ? ", " : "") + map->entries[m].month.text + ": " + literal(map->entries[m].value);
                }
                out += "}";
            } else if (const auto* list = boost::get<NameList>(&a.value)) {
                out += "[";
                for (std::size_t m = 0; m < list->names.size(); ++m) out += (m ? ", " : "") + list->names[m].name;
                out += "]";
            } else {
                out += literal(boost::get<Literal>(a.value));
            }
        }
        return out + "\n";
    }
    std::string operator()(const NatureAttr& a) const { return "  nature " + a.value.name + "\n"; }
    std::string operator()(const ConditionClause& c) const {
        return "  condition " + quoted(c.label.value) + " = " + expression(c.value) + "\n";
    }
    std::string operator()(const SchemeValueClause& c) const {
        static const char* const keys[] = {"éligible", "dû", "versé", "valeur"};
        return std::string("  ") + keys[static_cast<int>(c.key)] + " = " + expression(c.value) + "\n";
    }
    std::string operator()(const OpensClause& c) const {
        std::string out = "  ouvre";
        for (std::size_t i = 0; i < c.schemes.size(); ++i) out += (i ? ", " : " ") + c.schemes[i].name;
        return out + "\n";
    }
    std::string operator()(const FieldDecl& f) const {
        return "  champ " + f.name.name + " : " + type_name(f.type) + (f.optional ? " optionnel" : "") + "\n";
    }
    std::string operator()(const SetEffect& e) const {
        return "  fixe " + e.input.name + " = " + literal(e.value) +
               (e.months ? " pendant " + std::to_string(*e.months) + " mois" : std::string()) + "\n";
    }
    std::string operator()(const AddEffect& e) const { return "  ajoute " + e.role.name + " = " + e.field.name + "\n"; }
    std::string operator()(const RemoveEffect& e) const { return "  retire " + e.role.name + "\n"; }
    std::string operator()(const UntilClause& u) const { return "  jusqu'à " + u.field.name + "\n"; }
    std::string operator()(const OneOffAttr&) const { return "  ponctuel\n"; }
    std::string operator()(const OutputDecl& o) const { return "  sortie " + o.name.name + " : " + type_name(o.type) + "\n"; }
    static std::string assignments(const std::vector<OutputAssign>& outputs) {
        std::string out;
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            out += (i ? ", " : "") + outputs[i].name.name + " = " + expression(outputs[i].value);
        }
        return out;
    }
    std::string operator()(const RuleClause& r) const {
        return "  règle " + quoted(r.label.value) + " si " + expression(r.condition) + " alors " + assignments(r.outputs) +
               (r.source ? " source " + quoted(r.source->value) : "") + "\n";
    }
    std::string operator()(const DefaultRule& r) const {
        return "  sinon " + assignments(r.outputs) + (r.source ? " source " + quoted(r.source->value) : "") + "\n";
    }
    std::string operator()(const ExpectClause& e) const {
        std::string out = "  attendu " + e.instance.name + "." + e.variable.name + "[" + e.from.text;
        if (e.to) out += " .. " + e.to->text;
        out += "] = " + literal(e.expected);
        if (e.tolerance) out += " à " + literal(*e.tolerance) + " près";
        return out + "\n";
    }
};

template <typename Items>
std::string items(const Items& list) {
    std::string out;
    for (const auto& item : list) out += boost::apply_visitor(AttributePrinter{}, item);
    return out;
}

std::string_view cardinality_text(Cardinality c) {
    switch (c) {
        case Cardinality::One: return "un";
        case Cardinality::Optional: return "optionnel";
        case Cardinality::Many: return "plusieurs";
    }
    return "?";
}

struct DeclarationPrinter {
    using result_type = std::string;
    std::string operator()(const EntityDecl& e) const {
        std::string out = "entité " + e.name.name + "\n";
        for (const RoleDecl& r : e.roles) out += "  rôle " + r.name.name + " : " + std::string(cardinality_text(r.cardinality)) + "\n";
        return out;
    }
    std::string operator()(const EnumDecl& e) const {
        std::string out = "énumération " + e.name.name + "\n  valeurs";
        for (std::size_t i = 0; i < e.values.size(); ++i) {
            out += (i ? ", " : " ") + e.values[i].name.name;
            if (e.values[i].label) out += " " + quoted(e.values[i].label->value);
        }
        return out + "\n";
    }
    std::string operator()(const InputDecl& d) const {
        return "entrée " + d.name.name + " : " + type_name(d.type) + " par " + d.entity.name + "\n" + items(d.attributes);
    }
    std::string operator()(const ParamDecl& d) const {
        return "paramètre " + d.name.name + " : " + type_name(d.type) + "\n" + items(d.items);
    }
    std::string operator()(const VarDecl& d) const {
        return "variable " + d.name.name + " : " + type_name(d.type) + " par " + d.entity.name + "\n" + items(d.items);
    }
    std::string operator()(const TestDecl& d) const { return "test " + quoted(d.name.value) + "\n" + items(d.items); }
    std::string operator()(const SchemeDecl& d) const {
        return "dispositif " + d.name.name + " : " + d.entity.name + "\n" + items(d.items);
    }
    std::string operator()(const TransitionDecl& d) const {
        return "transition " + d.name.name + " : " + d.from.name + " -> " + d.to.name + "\n" + items(d.items);
    }
    std::string operator()(const EventDecl& d) const {
        return "événement " + d.name.name + " : " + d.entity.name + "\n" + items(d.items);
    }
    std::string operator()(const OrientationDecl& d) const {
        return "orientation " + d.name.name + " : " + d.entity.name + "\n" + items(d.items);
    }
    std::string operator()(const ModifyParamDecl& d) const { return "modifier paramètre " + d.name.name + "\n" + items(d.items); }
    std::string operator()(const ModifyVarDecl& d) const { return "modifier variable " + d.name.name + "\n" + items(d.items); }
};

}  // namespace

std::string print(const File& file) {
    std::string out;
    for (const Declaration& d : file.declarations) out += boost::apply_visitor(DeclarationPrinter{}, d) + "\n";
    return out;
}

}  // namespace relais::dsl::syntax
