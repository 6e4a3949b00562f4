// Declarations: the one global namespace (entities, enumerations and their values, inputs,
// parameters, variables), entities with their roles, type names, inputs with their
// attributes, and parameters with their dated, sourced values.
#include <algorithm>
#include <array>
#include <utility>

#include "dsl/resolve/resolver.hpp"
#include "engine/calendar.hpp"

namespace relais::dsl::resolver {

namespace {

constexpr std::array<std::pair<std::string_view, ir::Kind>, 7> builtin_types = {{
    {"montant", ir::Kind::Montant},
    {"taux", ir::Kind::Taux},
    {"nombre", ir::Kind::Nombre},
    {"booléen", ir::Kind::Booleen},
    {"booleen", ir::Kind::Booleen},
    {"date", ir::Kind::Date},
    {"mois", ir::Kind::Mois},
}};

/// Role bits are a 32-bit mask (ir::Node::roles).
constexpr std::size_t max_roles = 32;

ir::Cardinality cardinality_of(syntax::Cardinality c) {
    switch (c) {
    case syntax::Cardinality::One: return ir::Cardinality::One;
    case syntax::Cardinality::Optional: return ir::Cardinality::Optional;
    case syntax::Cardinality::Many: return ir::Cardinality::Many;
    }
    return ir::Cardinality::Many;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \n\r") == std::string::npos; }

}  // namespace

void Resolver::collect(const std::vector<syntax::File>& files) {
    for (const syntax::File& f : files) {
        file_ = f.file_id;
        for (const syntax::Declaration& d : f.declarations) {
            if (const auto* e = as<syntax::EntityDecl>(d)) {
                collect_entity(*e);
            } else if (const auto* e = as<syntax::EnumDecl>(d)) {
                collect_enumeration(*e);
            } else if (const auto* in = as<syntax::InputDecl>(d)) {
                const auto id = static_cast<std::uint32_t>(program_.inputs.size());
                if (!declare(in->name, SymbolKind::Input, id)) continue;
                program_.inputs.push_back({in->name.name, {}, ir::none, true, std::nullopt, {}, at(in->name)});
                input_decls_.push_back({in, file_, id});
            } else if (const auto* p = as<syntax::ParamDecl>(d)) {
                const auto id = static_cast<std::uint32_t>(program_.parameters.size());
                if (!declare(p->name, SymbolKind::Parameter, id)) continue;
                ir::Parameter parameter;
                parameter.name = p->name.name;
                parameter.span = at(p->name);
                program_.parameters.push_back(std::move(parameter));
                param_decls_.push_back({p, file_, id});
            } else if (const auto* v = as<syntax::VarDecl>(d)) {
                const auto id = static_cast<std::uint32_t>(program_.variables.size());
                if (!declare(v->name, SymbolKind::Variable, id)) continue;
                ir::Variable variable;
                variable.name = v->name.name;
                variable.span = at(v->name);
                program_.variables.push_back(std::move(variable));
                var_decls_.push_back({v, file_, id});
            } else if (const auto* t = as<syntax::TestDecl>(d)) {
                test_decls_.push_back({t, file_, ir::none});
            } else if (const auto* m = as<syntax::ModifyParamDecl>(d)) {
                modify_param_decls_.push_back({m, file_, ir::none});
            } else if (const auto* m = as<syntax::ModifyVarDecl>(d)) {
                modify_var_decls_.push_back({m, file_, ir::none});
            } else if (const auto* s = as<syntax::SchemeDecl>(d)) {
                scheme_decls_.push_back({s, file_, ir::none});
            } else if (const auto* t = as<syntax::TransitionDecl>(d)) {
                transition_decls_.push_back({t, file_, ir::none});
            } else if (const auto* e = as<syntax::EventDecl>(d)) {
                event_decls_.push_back({e, file_, ir::none});
            } else if (const auto* o = as<syntax::OrientationDecl>(d)) {
                orientation_decls_.push_back({o, file_, ir::none});
            }
        }
    }
    input_ok_.assign(program_.inputs.size(), false);
    parameter_ok_.assign(program_.parameters.size(), false);
    variable_ok_.assign(program_.variables.size(), false);
}

void Resolver::collect_entity(const syntax::EntityDecl& e) {
    const auto id = static_cast<std::uint32_t>(program_.entities.size());
    if (!declare(e.name, SymbolKind::Entity, id)) return;
    ir::Entity entity{e.name.name, {}, at(e.name)};
    for (const syntax::RoleDecl& role : e.roles) {
        const auto same = std::find_if(entity.roles.begin(), entity.roles.end(),
                                       [&](const ir::Role& r) { return r.name == role.name.name; });
        if (same != entity.roles.end()) {
            error(Code::DuplicateName, at(role.name),
                  "le rôle `" + role.name.name + "` est déjà déclaré dans `" + entity.name + "`",
                  "donnez un autre nom à ce rôle", {note(same->span, "première déclaration du rôle")});
            continue;
        }
        if (role.name.name == "membres") {
            error(Code::DuplicateName, at(role.name), "`membres` désigne déjà tous les rôles d'un groupe",
                  "donnez un autre nom à ce rôle");
            continue;
        }
        if (entity.roles.size() == max_roles) {
            error(Code::UnknownRole, at(role.name), "une entité a au plus 32 rôles");
            continue;
        }
        entity.roles.push_back({role.name.name, cardinality_of(role.cardinality), at(role.name)});
    }
    program_.entities.push_back(std::move(entity));
    entity_decls_.push_back({&e, file_, id});
}

void Resolver::collect_enumeration(const syntax::EnumDecl& e) {
    const auto id = static_cast<std::uint32_t>(program_.enumerations.size());
    if (!declare(e.name, SymbolKind::Enumeration, id)) return;
    ir::Enumeration enumeration{e.name.name, {}, at(e.name), {}};
    for (const syntax::EnumValue& value : e.values) {
        const auto ordinal = static_cast<std::uint32_t>(enumeration.values.size());
        if (!declare(value.name, SymbolKind::EnumValue, id, ordinal)) continue;
        enumeration.values.push_back(value.name.name);
        enumeration.labels.push_back(value.label ? value.label->value : std::string());
    }
    program_.enumerations.push_back(std::move(enumeration));
}

void Resolver::check_individual_entity() {
    std::vector<std::uint32_t> individuals;
    for (std::uint32_t i = 0; i < program_.entities.size(); ++i) {
        if (!program_.entities[i].is_group()) individuals.push_back(i);
    }
    if (!individuals.empty()) {
        program_.person_entity = individuals.front();
        const ir::Entity& first = program_.entities[individuals.front()];
        for (std::size_t k = 1; k < individuals.size(); ++k) {
            const ir::Entity& extra = program_.entities[individuals[k]];
            error(Code::IndividualEntity, extra.span,
                  "une seule entité sans rôle est permise, et `" + first.name + "` en est déjà une",
                  "donnez des rôles à `" + extra.name + "` si c'est un groupe",
                  {note(first.span, "entité des personnes")});
        }
    } else if (!program_.entities.empty()) {
        error(Code::IndividualEntity, program_.entities.front().span,
              "aucune entité sans rôle : il en faut exactement une, celle des personnes",
              "déclarez par exemple `entité personne`");
    }
}

Resolver::SignatureType Resolver::type_of(const syntax::TypeName& t) {
    for (const auto& [name, kind] : builtin_types) {
        if (t.name.name == name) return {of_kind(kind), t.scale, true};
    }
    const Symbol* symbol = find(t.name.name);
    if (symbol && symbol->kind == SymbolKind::Enumeration) {
        return {ir::Type{ir::Kind::Enumeration, symbol->id}, t.scale, true};
    }
    std::vector<std::string> candidates;
    for (const auto& [name, kind] : builtin_types) candidates.emplace_back(name);
    for (const ir::Enumeration& e : program_.enumerations) candidates.push_back(e.name);
    if (symbol) {
        error(Code::UnknownName, at(t.name),
              "`" + t.name.name + "` n'est pas un type (c'est un nom " + of_kind_name(symbol->kind) + ")",
              "types possibles : montant, taux, nombre, booléen, date, mois ou une énumération");
    } else {
        error(Code::UnknownName, at(t.name), "type inconnu `" + t.name.name + "`",
              did_you_mean(t.name.name, candidates));
    }
    return {};
}

void Resolver::declare_signatures() {
    for (const auto& in : input_decls_) {
        file_ = in.file;
        ir::Input& input = program_.inputs[in.id];
        SignatureType t = type_of(in.decl->type);
        if (t.ok && t.scale) {
            error(Code::ScaleUse, at(in.decl->type), "une entrée ne peut pas être un barème",
                  "déclarez le barème comme `paramètre`");
            t.ok = false;
        }
        input.type = t.type;
        input_ok_[in.id] = t.ok;
        input.entity = entity_named(in.decl->entity);
    }
    for (const auto& p : param_decls_) {
        file_ = p.file;
        ir::Parameter& parameter = program_.parameters[p.id];
        SignatureType t = type_of(p.decl->type);
        if (t.ok && t.scale && !is_numeric(t.type)) {
            error(Code::ScaleUse, at(p.decl->type), "un barème contient des montants, des taux ou des nombres",
                  "écrivez `barème de montant`, `barème de taux` ou `barème de nombre`");
            t.ok = false;
        } else if (t.ok && !is_numeric(t.type) && t.type.kind != ir::Kind::Booleen) {
            error(Code::ValueType, at(p.decl->type),
                  "un paramètre est un montant, un taux, un nombre, un booléen ou un barème, pas " + a_type(t.type));
            t.ok = false;
        }
        parameter.type = t.type;
        parameter.is_scale = t.scale;
        parameter_ok_[p.id] = t.ok;
    }
    for (const auto& v : var_decls_) {
        file_ = v.file;
        ir::Variable& variable = program_.variables[v.id];
        SignatureType t = type_of(v.decl->type);
        if (t.ok && t.scale) {
            error(Code::ScaleUse, at(v.decl->type), "une variable ne peut pas être un barème",
                  "déclarez le barème comme `paramètre` et lisez-le avec une clé : `bareme(n)`");
            t.ok = false;
        }
        variable.type = t.type;
        variable_ok_[v.id] = t.ok;
        variable.entity = entity_named(v.decl->entity);
    }
}

void Resolver::resolve_inputs() {
    for (const auto& in : input_decls_) resolve_input(in);
}

void Resolver::resolve_input(const Located<syntax::InputDecl>& in) {
    file_ = in.file;
    ir::Input& input = program_.inputs[in.id];
    // First attribute of each kind, by variant index, to report repeats.
    static constexpr std::array<const char*, 5> attribute_names = {"la périodicité (`mensuelle` ou `constante`)",
                                                                   "`défaut`", "`libellé`", "`source`", "`note`"};
    std::array<const syntax::Node*, 5> first{};
    for (const syntax::InputAttr& attribute : in.decl->attributes) {
        const auto which = static_cast<std::size_t>(attribute.get().which());
        const syntax::Node& node = node_of(attribute);
        const bool is_note = as<syntax::NoteAttr>(attribute) != nullptr;
        if (first[which] && !is_note) {
            error(Code::DuplicateClause, at(node),
                  std::string(attribute_names[which]) + " est donné deux fois pour l'entrée `" + input.name + "`",
                  "gardez une seule de ces clauses", {note(at(*first[which]), "première occurrence")});
            continue;
        }
        first[which] = &node;
        if (const auto* p = as<syntax::Periodicity>(attribute)) {
            input.monthly = p->monthly;
        } else if (const auto* d = as<syntax::DefaultAttr>(attribute)) {
            if (input_ok_[in.id]) input.default_value = constant(d->value, input.type);
        } else if (const auto* l = as<syntax::LabelAttr>(attribute)) {
            input.label = l->text.value;
        }
        // `source` and `note` document the input; the IR keeps only what explanations show.
    }
}

void Resolver::resolve_parameters() {
    for (const auto& p : param_decls_) resolve_parameter(p);
}

void Resolver::resolve_parameter(const Located<syntax::ParamDecl>& p) {
    file_ = p.file;
    ir::Parameter& parameter = program_.parameters[p.id];
    const bool typed = parameter_ok_[p.id];
    const syntax::Node* label = nullptr;
    const syntax::ParamValueDecl* previous = nullptr;
    std::optional<engine::Date> previous_date;
    for (const syntax::ParamItem& item : p.decl->items) {
        if (const auto* l = as<syntax::LabelAttr>(item)) {
            if (label) {
                error(Code::DuplicateClause, at(*l),
                      "`libellé` est donné deux fois pour le paramètre `" + parameter.name + "`",
                      "gardez un seul libellé", {note(at(*label), "premier libellé")});
            } else {
                label = l;
                parameter.label = l->text.value;
            }
            continue;
        }
        const auto* v = as<syntax::ParamValueDecl>(item);
        if (!v) continue;  // a note documents the parameter only

        ir::ParameterValue value;
        value.span = at(*v);
        const std::optional<engine::Date> effective = date(v->date);
        if (effective && previous_date && *effective <= *previous_date) {
            error(Code::DateOrder, at(v->date),
                  "les valeurs d'un paramètre vont par dates strictement croissantes : `" + v->date.text +
                      "` vient après `" + previous->date.text + "`",
                  "remettez les valeurs dans l'ordre des dates", {note(at(previous->date), "valeur précédente")});
        } else if (effective) {
            previous_date = effective;
            previous = v;
        }
        value.effective = effective.value_or(0);

        if (const auto* scale = as<syntax::ScaleLit>(v->body)) {
            if (!parameter.is_scale) {
                if (typed) {
                    error(Code::ScaleUse, at(*scale),
                          "`" + parameter.name + "` n'est pas un barème : donnez une seule valeur",
                          "ou déclarez `" + parameter.name + " : barème de " + type_name(parameter.type) + "`");
                }
            } else {
                const syntax::ScaleItem* previous_item = nullptr;
                std::optional<engine::Value> previous_key;
                for (const syntax::ScaleItem& entry : scale->items) {
                    std::optional<engine::Value> key;
                    if (!entry.key.unit.empty()) {
                        error(Code::ValueType, at(entry.key), "une clé de barème est un nombre entier, sans unité",
                              "écrivez `" + entry.key.text + "`");
                    } else {
                        key = number(entry.key);
                        if (key && *key % engine::one != 0) {
                            error(Code::ValueType, at(entry.key),
                                  "une clé de barème est un nombre entier : `" + entry.key.text + "`");
                            key.reset();
                        }
                    }
                    if (key && previous_key && *key <= *previous_key) {
                        error(Code::DateOrder, at(entry.key),
                              "les clés d'un barème vont en ordre strictement croissant",
                              "remettez les lignes dans l'ordre des clés",
                              {note(at(previous_item->key), "clé précédente")});
                    } else if (key) {
                        previous_key = key;
                        previous_item = &entry;
                    }
                    const std::optional<engine::Value> entry_value =
                        typed ? constant(entry.value, parameter.type) : std::nullopt;
                    value.scale.push_back({key.value_or(0), entry_value.value_or(0)});
                }
            }
        } else {
            const auto& literal = boost::get<syntax::Literal>(v->body.get());
            if (parameter.is_scale) {
                if (typed) {
                    error(Code::ScaleUse, at(node_of(literal)),
                          "le barème `" + parameter.name + "` attend une liste de lignes `[clé -> valeur, ...]`",
                          "par exemple `[1 -> 12 %, 2 -> 16 %]`");
                }
            } else if (typed) {
                value.value = constant(literal, parameter.type).value_or(0);
            }
        }

        if (!v->source || blank(v->source->value)) {
            error(Code::MissingSource, at(*v), "valeur du paramètre `" + parameter.name + "` sans source légale",
                  "ajoutez `source \"...\"` : le texte (décret, arrêté, article) qui fixe cette valeur");
        } else {
            value.source = v->source->value;
        }
        if (v->published) value.published = date(*v->published);
        parameter.values.push_back(std::move(value));
    }
}

}  // namespace relais::dsl::resolver
