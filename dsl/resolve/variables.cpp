// Variables: general formulas in force from a month on, labelled exceptions (with `sur`
// precedence and validity months), and the text attributes explanations show. Every value is
// typed against the variable's declared type, for the variable's entity.
#include <algorithm>
#include <unordered_map>

#include "dsl/resolve/resolver.hpp"
#include "engine/calendar.hpp"

namespace relais::dsl::resolver {

void Resolver::resolve_variables() {
    for (const auto& v : var_decls_) resolve_variable(v);
}

void Resolver::resolve_variable(const Located<syntax::VarDecl>& v, const std::vector<std::string>* base_labels) {
    const bool overlay = base_labels != nullptr;
    file_ = v.file;
    ir::Variable& variable = program_.variables[v.id];
    const Context context{variable.entity, std::nullopt};
    const bool typed = variable_ok_[v.id];

    const auto check_value = [&](Typed& value) {
        if (!value.ok() || !typed || fits(value, variable.type)) return;
        error(Code::ValueType, value.span,
              "la formule donne " + a_type(value.type) + ", mais `" + variable.name + "` est de type " +
                  type_name(variable.type),
              variable.type.kind == ir::Kind::Montant ? euro_hint(value) : std::string());
    };

    // Labels first: an exception may be `sur` one declared after it.
    std::unordered_map<std::string, std::uint32_t> labels;
    std::vector<std::string> label_names;
    std::uint32_t count = 0;
    // An overlay's exceptions come after the base variable's, which its `sur` may name.
    if (base_labels) {
        for (const std::string& name : *base_labels) {
            labels.emplace(name, count++);
            label_names.push_back(name);
        }
    }
    for (const syntax::VarItem& item : v.decl->items) {
        const auto* e = as<syntax::ExceptionClause>(item);
        if (!e) continue;
        const auto [it, inserted] = labels.try_emplace(e->label.name, count);
        if (inserted) {
            label_names.push_back(e->label.name);
        } else {
            const syntax::ExceptionClause* first = nullptr;
            for (const syntax::VarItem& other : v.decl->items) {
                if (const auto* o = as<syntax::ExceptionClause>(other); o && o->label.name == e->label.name) {
                    first = o;
                    break;
                }
            }
            error(Code::BadException, at(e->label),
                  "l'exception `" + e->label.name + "` est déjà déclarée pour `" + variable.name + "`",
                  "donnez à chaque exception d'une variable un libellé distinct",
                  {note(at(first->label), "première exception `" + e->label.name + "`")});
        }
        ++count;
    }

    const syntax::Node* label = nullptr;
    const syntax::Node* source = nullptr;
    const syntax::FormulaClause* previous = nullptr;
    engine::Month previous_from = ir::since_always;
    for (const syntax::VarItem& item : v.decl->items) {
        if (const auto* l = as<syntax::LabelAttr>(item)) {
            if (label) {
                error(Code::DuplicateClause, at(*l), "`libellé` est donné deux fois pour `" + variable.name + "`",
                      "gardez un seul libellé", {note(at(*label), "premier libellé")});
            } else {
                label = l;
                variable.label = l->text.value;
            }
        } else if (const auto* s = as<syntax::SourceAttr>(item)) {
            if (source) {
                error(Code::DuplicateClause, at(*s), "`source` est donnée deux fois pour `" + variable.name + "`",
                      "réunissez les références dans une seule source", {note(at(*source), "première source")});
            } else {
                source = s;
                variable.source = s->text.value;
            }
        } else if (const auto* n = as<syntax::NoteAttr>(item)) {
            variable.notes.push_back(n->text.value);
        } else if (const auto* f = as<syntax::FormulaClause>(item)) {
            ir::Formula formula;
            formula.span = at(*f);
            std::optional<engine::Month> from = ir::since_always;
            if (f->from) from = when(*f->from);
            if (from && previous && *from <= previous_from) {
                const syntax::Node& where = f->from ? node_of(*f->from) : static_cast<const syntax::Node&>(*f);
                error(Code::DateOrder, at(where),
                      "les formules générales de `" + variable.name + "` vont par dates strictement croissantes",
                      f->from
                          ? "remettez les formules dans l'ordre de leurs dates"
                          : "une seule formule s'applique « depuis le début » : datez les suivantes avec `à partir de`",
                      {note(at(*previous), "formule précédente")});
            } else if (from) {
                previous = f;
                previous_from = *from;
            }
            formula.from = from.value_or(ir::since_always);
            Typed value = expression(f->value, context);
            check_value(value);
            formula.expr = value.node;
            variable.formulas.push_back(formula);
        } else if (const auto* e = as<syntax::ExceptionClause>(item)) {
            ir::Exception exception;
            exception.label = e->label.name;
            exception.span = at(*e);
            if (e->source) exception.source = e->source->value;
            for (const syntax::Identifier& over : e->over) {
                if (over.name == e->label.name) {
                    error(Code::BadException, at(over),
                          "l'exception `" + over.name + "` ne peut pas être `sur` elle-même");
                    continue;
                }
                const auto target = labels.find(over.name);
                if (target == labels.end()) {
                    std::string hint = did_you_mean(over.name, label_names);
                    if (hint.empty() && label_names.size() > 1) {
                        hint = "exceptions de `" + variable.name + "` :";
                        for (const std::string& name : label_names) hint += " `" + name + "`";
                    }
                    error(Code::BadException, at(over),
                          "exception inconnue `" + over.name + "` pour la variable `" + variable.name + "`", hint);
                    continue;
                }
                exception.overrides.push_back(target->second);
            }
            const std::optional<engine::Month> from = e->from ? when(*e->from) : ir::since_always;
            const std::optional<engine::Month> until = e->until ? when(*e->until) : ir::until_forever;
            if (from && until && *from > *until) {
                error(Code::DateOrder, at(node_of(*e->until)),
                      "l'exception `" + exception.label + "` finit avant de commencer",
                      "`jusqu'à` (inclus) doit venir après `à partir de`");
            }
            exception.from = from.value_or(ir::since_always);
            exception.until = until.value_or(ir::until_forever);
            exception.condition = condition(e->condition, context).node;
            Typed value = expression(e->value, context);
            check_value(value);
            exception.expr = value.node;
            variable.exceptions.push_back(std::move(exception));
        }
    }

    if (variable.formulas.empty() && !overlay) {
        error(Code::NoGeneralFormula, variable.span, "la variable `" + variable.name + "` n'a pas de formule générale",
              "ajoutez `= ...` : la valeur quand aucune exception ne s'applique");
    }
    // Two exceptions each `sur` the other could never be told apart.
    for (std::uint32_t i = 0; i < variable.exceptions.size(); ++i) {
        for (const std::uint32_t j : variable.exceptions[i].overrides) {
            if (j <= i || j >= variable.exceptions.size()) continue;  // (an overlay's `sur` a base exception)
            const auto& back = variable.exceptions[j].overrides;
            if (std::find(back.begin(), back.end(), i) == back.end()) continue;
            error(Code::BadException, variable.exceptions[j].span,
                  "les exceptions `" + variable.exceptions[i].label + "` et `" + variable.exceptions[j].label +
                      "` sont chacune `sur` l'autre",
                  "une seule des deux l'emporte : retirez l'un des `sur`",
                  {note(variable.exceptions[i].span, "exception `" + variable.exceptions[i].label + "`")});
        }
    }
}

}  // namespace relais::dsl::resolver
