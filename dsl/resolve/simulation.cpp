// Simulation declarations: schemes (dispositifs), transitions, events and orientations. Each
// expression clause becomes a variable of the declaration's entity, named after it
// (`rsa.condition.1`, `orientation_insertion.parcours`), which rules cannot read by name: the
// evaluators compute it like any variable and the simulator reads it by id.
#include <algorithm>

#include "dsl/resolve/resolver.hpp"

namespace relais::dsl::resolver {

namespace {

template <class Items>
std::string first_text(const Items& items, bool (*pick)(const typename Items::value_type&, std::string&)) {
    std::string out;
    for (const auto& item : items) {
        if (pick(item, out)) break;
    }
    return out;
}

template <class Item>
bool label_of(const Item& item, std::string& out) {
    if (const auto* l = as<syntax::LabelAttr>(item)) {
        out = l->text.value;
        return true;
    }
    return false;
}

template <class Item>
bool source_of(const Item& item, std::string& out) {
    if (const auto* s = as<syntax::SourceAttr>(item)) {
        out = s->text.value;
        return true;
    }
    return false;
}

}  // namespace

std::uint32_t Resolver::clause_variable(const std::string& name, const syntax::Operand& value, ir::Type expected,
                                        std::uint32_t entity, const std::string& label) {
    Typed typed = expression(value, Context{entity, std::nullopt});
    if (!typed.ok()) return ir::none;
    if (!fits(typed, expected)) {
        error(Code::ValueType, typed.span,
              "cette clause donne " + a_type(typed.type) + ", " + a_type(expected) + " est attendu",
              expected.kind == ir::Kind::Montant ? euro_hint(typed) : std::string());
        return ir::none;
    }
    ir::Variable variable;
    variable.name = name;
    variable.type = expected;
    variable.entity = entity;
    variable.label = label;
    variable.span = typed.span;
    variable.formulas.push_back({ir::since_always, typed.node, typed.span});
    program_.variables.push_back(std::move(variable));
    variable_ok_.push_back(true);
    return static_cast<std::uint32_t>(program_.variables.size() - 1);
}

std::uint32_t Resolver::scheme_named(const syntax::Identifier& name) {
    for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
        if (program_.schemes[s].name == name.name) return s;
    }
    std::vector<std::string> names;
    for (const ir::Scheme& s : program_.schemes) names.push_back(s.name);
    error(Code::BadScheme, at(name), "dispositif inconnu `" + name.name + "`", did_you_mean(name.name, names));
    return ir::none;
}

void Resolver::resolve_simulation() {
    // Scheme names first: `ouvre` and transitions may name a scheme declared later.
    for (auto& s : scheme_decls_) {
        file_ = s.file;
        const bool taken = std::any_of(program_.schemes.begin(), program_.schemes.end(),
                                       [&](const ir::Scheme& other) { return other.name == s.decl->name.name; });
        if (taken) {
            error(Code::BadScheme, at(s.decl->name), "le dispositif `" + s.decl->name.name + "` est déjà déclaré");
            continue;
        }
        ir::Scheme scheme;
        scheme.name = s.decl->name.name;
        scheme.span = at(s.decl->name);
        s.id = static_cast<std::uint32_t>(program_.schemes.size());
        program_.schemes.push_back(std::move(scheme));
    }
    for (const auto& s : scheme_decls_) {
        if (s.id != ir::none) resolve_scheme(s);
    }
    for (const auto& t : transition_decls_) resolve_transition(t);
    for (const auto& e : event_decls_) resolve_event(e);
    for (const auto& o : orientation_decls_) resolve_orientation(o);
}

void Resolver::resolve_scheme(const Located<syntax::SchemeDecl>& s) {
    file_ = s.file;
    const std::uint32_t entity = entity_named(s.decl->entity);
    ir::Scheme& scheme = program_.schemes[s.id];
    scheme.entity = entity;
    scheme.label = first_text(s.decl->items, label_of<syntax::SchemeItem>);
    scheme.source = first_text(s.decl->items, source_of<syntax::SchemeItem>);
    if (entity == ir::none) return;
    const std::string& name = scheme.name;

    std::vector<const syntax::SchemeValueClause*> seen(4, nullptr);
    for (const syntax::SchemeItem& item : s.decl->items) {
        if (const auto* n = as<syntax::NatureAttr>(item)) {
            if (n->value.name == "prestation") {
                program_.schemes[s.id].nature = ir::SchemeNature::Prestation;
            } else if (n->value.name == "droit_connexe") {
                program_.schemes[s.id].nature = ir::SchemeNature::DroitConnexe;
            } else if (n->value.name == "prestation_ponctuelle") {
                program_.schemes[s.id].nature = ir::SchemeNature::PrestationPonctuelle;
            } else {
                error(Code::BadScheme, at(n->value), "nature inconnue `" + n->value.name + "`",
                      "écrivez `nature prestation`, `nature prestation_ponctuelle` ou `nature droit_connexe`");
            }
        } else if (const auto* c = as<syntax::ConditionClause>(item)) {
            const auto k = program_.schemes[s.id].conditions.size() + 1;
            const std::uint32_t v =
                clause_variable(name + ".condition." + std::to_string(k), c->value, of_kind(ir::Kind::Booleen), entity,
                                c->label.value);
            program_.schemes[s.id].conditions.push_back({c->label.value, v, at(*c)});
        } else if (const auto* v = as<syntax::SchemeValueClause>(item)) {
            const auto key = static_cast<std::size_t>(v->key);
            static const char* const names[] = {"éligible", "dû", "versé", "valeur"};
            if (seen[key]) {
                error(Code::DuplicateClause, at(*v), std::string("`") + names[key] + "` est donné deux fois pour `" + name + "`",
                      "gardez une seule de ces clauses", {note(at(*seen[key]), "première occurrence")});
                continue;
            }
            seen[key] = v;
            const ir::Type type = of_kind(v->key == syntax::SchemeKey::Eligible ? ir::Kind::Booleen : ir::Kind::Montant);
            const std::uint32_t id = clause_variable(name + "." + names[key], v->value, type, entity, {});
            ir::Scheme& target = program_.schemes[s.id];
            switch (v->key) {
            case syntax::SchemeKey::Eligible: target.eligible = id; break;
            case syntax::SchemeKey::Due: target.due = id; break;
            case syntax::SchemeKey::Paid: target.paid = id; break;
            case syntax::SchemeKey::Value: target.value = id; break;
            }
        } else if (const auto* o = as<syntax::OpensClause>(item)) {
            for (const syntax::Identifier& other : o->schemes) {
                const std::uint32_t id = scheme_named(other);
                if (id != ir::none) program_.schemes[s.id].opens.push_back(id);
            }
        }
    }

    ir::Scheme& scheme_now = program_.schemes[s.id];
    if (scheme_now.eligible == ir::none) {
        if (scheme_now.conditions.empty()) {
            error(Code::BadScheme, scheme_now.span, "le dispositif `" + name + "` n'a ni `éligible` ni `condition`",
                  "ajoutez `éligible = ...` ou des `condition \"...\" = ...`");
            return;
        }
        // Eligible when every condition holds.
        std::uint32_t all = ir::none;
        for (const ir::SchemeCondition& c : scheme_now.conditions) {
            if (c.variable == ir::none) return;  // already reported
            ir::Node read;
            read.op = ir::Op::ReadVariable;
            read.type = of_kind(ir::Kind::Booleen);
            read.ref = c.variable;
            read.span = c.span;
            const std::uint32_t node = emit(read);
            if (all == ir::none) {
                all = node;
            } else {
                ir::Node both;
                both.op = ir::Op::And;
                both.type = of_kind(ir::Kind::Booleen);
                both.span = c.span;
                all = emit(both, {all, node});
            }
        }
        ir::Variable eligible;
        eligible.name = name + ".éligible";
        eligible.type = of_kind(ir::Kind::Booleen);
        eligible.entity = entity;
        eligible.span = scheme_now.span;
        eligible.formulas.push_back({ir::since_always, all, scheme_now.span});
        program_.variables.push_back(std::move(eligible));
        variable_ok_.push_back(true);
        program_.schemes[s.id].eligible = static_cast<std::uint32_t>(program_.variables.size() - 1);
    }
    const ir::Scheme& done = program_.schemes[s.id];
    if (done.nature != ir::SchemeNature::DroitConnexe && (done.due == ir::none || done.paid == ir::none) &&
        (!seen[1] || !seen[2])) {
        error(Code::BadScheme, done.span, "la prestation `" + name + "` doit donner `dû = ...` et `versé = ...`",
              "ou déclarez `nature droit_connexe` pour un droit seulement détenu");
    }
}

void Resolver::resolve_transition(const Located<syntax::TransitionDecl>& t) {
    file_ = t.file;
    ir::Transition transition;
    transition.name = t.decl->name.name;
    transition.span = at(t.decl->name);
    transition.label = first_text(t.decl->items, label_of<syntax::DescriptionItem>);
    transition.source = first_text(t.decl->items, source_of<syntax::DescriptionItem>);
    transition.from = scheme_named(t.decl->from);
    transition.to = scheme_named(t.decl->to);
    if (transition.from != ir::none && transition.from == transition.to) {
        error(Code::BadScheme, at(t.decl->to), "une transition relie deux dispositifs différents");
        return;
    }
    const bool taken = std::any_of(program_.transitions.begin(), program_.transitions.end(),
                                   [&](const ir::Transition& other) { return other.name == transition.name; });
    if (taken) {
        error(Code::BadScheme, transition.span, "la transition `" + transition.name + "` est déjà déclarée");
        return;
    }
    if (transition.from != ir::none && transition.to != ir::none) program_.transitions.push_back(std::move(transition));
}

void Resolver::resolve_event(const Located<syntax::EventDecl>& e) {
    file_ = e.file;
    ir::EventType event;
    event.name = e.decl->name.name;
    event.span = at(e.decl->name);
    event.label = first_text(e.decl->items, label_of<syntax::EventItem>);
    event.entity = entity_named(e.decl->entity);
    if (std::any_of(program_.events.begin(), program_.events.end(),
                    [&](const ir::EventType& other) { return other.name == event.name; })) {
        error(Code::BadEvent, event.span, "l'événement `" + event.name + "` est déjà déclaré");
        return;
    }
    if (event.entity == ir::none) return;
    const ir::Entity& entity = program_.entities[event.entity];
    const std::string& person_entity =
        program_.person_entity != ir::none ? program_.entities[program_.person_entity].name : std::string();

    auto field_index = [&](const std::string& name) -> std::uint32_t {
        for (std::uint32_t f = 0; f < event.fields.size(); ++f) {
            if (event.fields[f].name == name) return f;
        }
        return ir::none;
    };
    auto role_index = [&](const syntax::Identifier& role) -> std::uint32_t {
        for (std::uint32_t r = 0; r < entity.roles.size(); ++r) {
            if (entity.roles[r].name == role.name) return r;
        }
        std::vector<std::string> names;
        for (const ir::Role& r : entity.roles) names.push_back(r.name);
        error(Code::BadEvent, at(role), "`" + role.name + "` n'est pas un rôle de `" + entity.name + "`",
              did_you_mean(role.name, names));
        return ir::none;
    };

    // Fields first: effects may name a field declared after them.
    for (const syntax::EventItem& item : e.decl->items) {
        const auto* f = as<syntax::FieldDecl>(item);
        if (!f) continue;
        if (field_index(f->name.name) != ir::none) {
            error(Code::BadEvent, at(f->name), "le champ `" + f->name.name + "` est déjà déclaré pour `" + event.name + "`");
            continue;
        }
        ir::EventField field;
        field.name = f->name.name;
        field.optional = f->optional;
        field.span = at(f->name);
        if (!f->type.scale && f->type.name.name == person_entity) {
            field.is_person = true;
            field.type = of_kind(ir::Kind::Nombre);
        } else {
            const SignatureType t = type_of(f->type);
            if (!t.ok) continue;
            if (t.scale) {
                error(Code::BadEvent, at(f->type), "un champ d'événement ne peut pas être un barème");
                continue;
            }
            field.type = t.type;
        }
        event.fields.push_back(std::move(field));
    }

    for (const syntax::EventItem& item : e.decl->items) {
        if (const auto* set = as<syntax::SetEffect>(item)) {
            const Symbol* input = find(set->input.name);
            if (!input || input->kind != SymbolKind::Input || program_.inputs[input->id].entity != event.entity) {
                std::vector<std::string> names;
                for (const ir::Input& in : program_.inputs) {
                    if (in.entity == event.entity) names.push_back(in.name);
                }
                error(Code::BadEvent, at(set->input),
                      "`fixe` change une entrée de `" + entity.name + "` : `" + set->input.name + "` n'en est pas une",
                      did_you_mean(set->input.name, names));
                continue;
            }
            ir::EventEffect effect;
            effect.kind = ir::EffectKind::SetInput;
            effect.input = input->id;
            effect.span = at(*set);
            if (set->months) {
                if (*set->months == 0) {
                    error(Code::BadEvent, at(*set), "`pendant` attend une durée d'au moins 1 mois");
                    continue;
                }
                effect.months = *set->months;
            }
            const ir::Type input_type = program_.inputs[input->id].type;
            const auto* name = as<syntax::Identifier>(set->value);
            const std::uint32_t field = name ? field_index(name->name) : ir::none;
            if (field != ir::none) {
                const ir::EventField& f = event.fields[field];
                const bool compatible = f.type == input_type || (is_numeric(f.type) && is_numeric(input_type) &&
                                                                 f.type.kind != ir::Kind::Montant &&
                                                                 input_type.kind != ir::Kind::Montant);
                if (f.is_person || !compatible) {
                    error(Code::BadEvent, at(*name),
                          "le champ `" + f.name + "` est " + (f.is_person ? std::string("une personne") : a_type(f.type)) +
                              ", l'entrée `" + set->input.name + "` attend " + a_type(input_type));
                    continue;
                }
                effect.field = field;
            } else {
                const auto value = constant(set->value, input_type);
                if (!value) continue;
                effect.literal = *value;
            }
            event.effects.push_back(effect);
        } else if (const auto* add = as<syntax::AddEffect>(item)) {
            const std::uint32_t role = role_index(add->role);
            const std::uint32_t field = field_index(add->field.name);
            if (field == ir::none || !event.fields[field].is_person) {
                error(Code::BadEvent, at(add->field),
                      "`ajoute` attend un champ de type `" + person_entity + "` : `" + add->field.name + "` n'en est pas un");
                continue;
            }
            if (role == ir::none) continue;
            event.effects.push_back({ir::EffectKind::AddMember, ir::none, role, field, 0, at(*add)});
        } else if (const auto* remove = as<syntax::RemoveEffect>(item)) {
            const std::uint32_t role = role_index(remove->role);
            if (role != ir::none) event.effects.push_back({ir::EffectKind::RemoveMember, ir::none, role, ir::none, 0, at(*remove)});
        } else if (const auto* until = as<syntax::UntilClause>(item)) {
            const std::uint32_t field = field_index(until->field.name);
            if (field == ir::none || event.fields[field].type.kind != ir::Kind::Mois || event.fields[field].is_person) {
                error(Code::BadEvent, at(until->field), "`jusqu'à` attend un champ de type mois : `" + until->field.name + "`");
                continue;
            }
            event.until_field = field;
        } else if (as<syntax::OneOffAttr>(item)) {
            event.one_off = true;
        }
    }
    if (event.one_off && event.until_field != ir::none) {
        error(Code::BadEvent, event.span, "un événement `ponctuel` ne peut pas avoir de `jusqu'à`");
        return;
    }
    program_.events.push_back(std::move(event));
}

void Resolver::resolve_orientation(const Located<syntax::OrientationDecl>& o) {
    file_ = o.file;
    ir::Orientation orientation;
    orientation.name = o.decl->name.name;
    orientation.span = at(o.decl->name);
    orientation.label = first_text(o.decl->items, label_of<syntax::OrientationItem>);
    orientation.entity = entity_named(o.decl->entity);
    if (orientation.entity == ir::none) return;
    if (std::any_of(program_.orientations.begin(), program_.orientations.end(),
                    [&](const ir::Orientation& other) { return other.name == orientation.name; })) {
        error(Code::BadOrientation, orientation.span, "l'orientation `" + orientation.name + "` est déjà déclarée");
        return;
    }
    const Context context{orientation.entity, std::nullopt};

    std::vector<std::string> output_names;
    std::vector<ir::Type> output_types;
    for (const syntax::OrientationItem& item : o.decl->items) {
        const auto* out = as<syntax::OutputDecl>(item);
        if (!out) continue;
        if (std::find(output_names.begin(), output_names.end(), out->name.name) != output_names.end()) {
            error(Code::BadOrientation, at(out->name), "la sortie `" + out->name.name + "` est déjà déclarée");
            continue;
        }
        const SignatureType t = type_of(out->type);
        if (!t.ok) continue;
        output_names.push_back(out->name.name);
        output_types.push_back(t.type);
    }
    if (output_names.empty()) {
        error(Code::BadOrientation, orientation.span, "l'orientation `" + orientation.name + "` n'a aucune `sortie`",
              "déclarez par exemple `sortie parcours : parcours_insertion`");
        return;
    }

    // Each rule: its condition node (none for `sinon`) and one value node per output.
    struct Rule {
        std::uint32_t condition = ir::none;
        std::vector<std::uint32_t> values;
    };
    std::vector<Rule> rules;
    bool has_default = false;
    bool good = true;
    auto assignments = [&](const std::vector<syntax::OutputAssign>& outputs, const syntax::Node& where) {
        std::vector<std::uint32_t> values(output_names.size(), ir::none);
        for (const syntax::OutputAssign& a : outputs) {
            const auto it = std::find(output_names.begin(), output_names.end(), a.name.name);
            if (it == output_names.end()) {
                error(Code::BadOrientation, at(a.name), "sortie inconnue `" + a.name.name + "`",
                      did_you_mean(a.name.name, output_names));
                good = false;
                continue;
            }
            const auto k = static_cast<std::size_t>(it - output_names.begin());
            if (values[k] != ir::none) {
                error(Code::BadOrientation, at(a.name), "la sortie `" + a.name.name + "` est donnée deux fois");
                good = false;
                continue;
            }
            Typed v = expression(a.value, context);
            if (!v.ok()) {
                good = false;
                continue;
            }
            if (!fits(v, output_types[k])) {
                error(Code::ValueType, v.span,
                      "la sortie `" + a.name.name + "` attend " + a_type(output_types[k]) + ", pas " + a_type(v.type));
                good = false;
                continue;
            }
            values[k] = v.node;
        }
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (values[k] == ir::none && good) {
                error(Code::BadOrientation, at(where), "cette règle ne donne pas la sortie `" + output_names[k] + "`",
                      "chaque règle donne toutes les sorties");
                good = false;
            }
        }
        return values;
    };
    for (const syntax::OrientationItem& item : o.decl->items) {
        if (const auto* r = as<syntax::RuleClause>(item)) {
            if (has_default) {
                error(Code::BadOrientation, at(*r), "une règle après `sinon` ne s'appliquerait jamais",
                      "placez `sinon` en dernier");
                good = false;
                continue;
            }
            Typed c = condition(r->condition, context);
            if (!c.ok()) good = false;
            rules.push_back({c.node, assignments(r->outputs, *r)});
            orientation.rules.push_back({r->label.value, r->source ? r->source->value : std::string(), at(*r)});
        } else if (const auto* d = as<syntax::DefaultRule>(item)) {
            if (has_default) {
                error(Code::BadOrientation, at(*d), "`sinon` est donné deux fois");
                good = false;
                continue;
            }
            has_default = true;
            rules.push_back({ir::none, assignments(d->outputs, *d)});
            orientation.rules.push_back({"aucun critère particulier", d->source ? d->source->value : std::string(), at(*d)});
        }
    }
    if (!has_default) {
        error(Code::BadOrientation, orientation.span, "l'orientation `" + orientation.name + "` n'a pas de `sinon`",
              "ajoutez en dernier `sinon sortie = ..., ...` : l'orientation quand aucune règle ne s'applique");
        return;
    }
    if (!good) return;

    // First matching rule wins: si c1 alors v1 sinon si c2 alors v2 ... sinon défaut.
    auto chain = [&](const std::vector<std::uint32_t>& values, ir::Type type) {
        std::uint32_t node = values.back();
        for (std::size_t r = rules.size() - 1; r-- > 0;) {
            ir::Node choose;
            choose.op = ir::Op::If;
            choose.type = type;
            choose.span = orientation.rules[r].span;
            node = emit(choose, {rules[r].condition, values[r], node});
        }
        return node;
    };
    auto add_variable = [&](const std::string& name, ir::Type type, std::uint32_t expr) {
        ir::Variable v;
        v.name = orientation.name + "." + name;
        v.type = type;
        v.entity = orientation.entity;
        v.label = orientation.label;
        v.span = orientation.span;
        v.formulas.push_back({ir::since_always, expr, orientation.span});
        program_.variables.push_back(std::move(v));
        variable_ok_.push_back(true);
        return static_cast<std::uint32_t>(program_.variables.size() - 1);
    };
    for (std::size_t k = 0; k < output_names.size(); ++k) {
        std::vector<std::uint32_t> values;
        for (const Rule& r : rules) values.push_back(r.values[k]);
        orientation.outputs.push_back({output_names[k], add_variable(output_names[k], output_types[k], chain(values, output_types[k]))});
    }
    std::vector<std::uint32_t> indices;
    for (std::size_t r = 0; r < rules.size(); ++r) {
        ir::Node index;
        index.op = ir::Op::Const;
        index.type = of_kind(ir::Kind::Nombre);
        index.imm = static_cast<engine::Value>(r) * engine::one;
        index.span = orientation.rules[r].span;
        indices.push_back(emit(index));
    }
    orientation.rule_variable = add_variable("règle", of_kind(ir::Kind::Nombre), chain(indices, of_kind(ir::Kind::Nombre)));
    program_.orientations.push_back(std::move(orientation));
}

}  // namespace relais::dsl::resolver
