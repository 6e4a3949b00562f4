// Tests written in the rules language: the période, instances of entities with their inputs
// and role members, and expectations on variables. A test is data for the test runner, so
// everything it names is resolved here, once; every inconsistency is an error at compile time.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "dsl/resolve/resolver.hpp"
#include "engine/calendar.hpp"

namespace relais::dsl::resolver {

void Resolver::resolve_tests() {
    std::unordered_map<std::string, SourceSpan> names;
    for (const auto& t : test_decls_) resolve_test(t, names);
}

void Resolver::resolve_test(const Located<syntax::TestDecl>& t, std::unordered_map<std::string, SourceSpan>& names) {
    file_ = t.file;
    const syntax::TestDecl& decl = *t.decl;
    ir::Test test;
    test.name = decl.name.value;
    test.span = at(decl.name);
    if (const auto [it, inserted] = names.try_emplace(test.name, test.span); !inserted) {
        error(Code::BadTest, test.span, "un test s'appelle déjà « " + test.name + " »",
              "donnez à chaque test un nom distinct", {note(it->second, "premier test de ce nom")});
    }

    // Header and instances first: an instance may be named before the line declaring it.
    const syntax::Node* source = nullptr;
    const syntax::PeriodClause* period = nullptr;
    bool period_ok = false;
    std::unordered_map<std::string, std::uint32_t> instances;
    std::vector<std::string> instance_names;
    std::vector<const syntax::InstanceDecl*> instance_decls;
    for (const syntax::TestItem& item : decl.items) {
        if (const auto* s = as<syntax::SourceAttr>(item)) {
            if (source) {
                error(Code::DuplicateClause, at(*s), "`source` est donnée deux fois pour ce test",
                      "réunissez les références dans une seule source", {note(at(*source), "première source")});
            } else {
                source = s;
                test.source = s->text.value;
            }
        } else if (const auto* n = as<syntax::NoteAttr>(item)) {
            test.notes.push_back(n->text.value);
        } else if (const auto* p = as<syntax::PeriodClause>(item)) {
            if (period) {
                error(Code::DuplicateClause, at(*p), "`période` est donnée deux fois pour ce test",
                      "gardez une seule période", {note(at(*period), "première période")});
                continue;
            }
            period = p;
            const auto first = month(p->from);
            const auto last = month(p->to);
            if (first && last && *first > *last) {
                error(Code::DateOrder, at(*p), "période à l'envers : " + p->from.text + " .. " + p->to.text,
                      "écrivez le premier mois d'abord : `période " + p->to.text + " .. " + p->from.text + "`");
            } else if (first && last) {
                test.first = *first;
                test.last = *last;
                period_ok = true;
            }
        } else if (const auto* i = as<syntax::InstanceDecl>(item)) {
            const std::uint32_t entity = entity_named(i->entity);
            const auto index = static_cast<std::uint32_t>(test.instances.size());
            if (const auto [it, inserted] = instances.try_emplace(i->name.name, index); !inserted) {
                error(Code::BadTest, at(i->name), "l'instance `" + i->name.name + "` est déjà déclarée dans ce test",
                      "donnez à chaque instance un nom distinct",
                      {note(test.instances[it->second].span, "première instance `" + i->name.name + "`")});
                continue;
            }
            instance_names.push_back(i->name.name);
            test.instances.push_back({i->name.name, entity, at(i->name)});
            instance_decls.push_back(i);
        }
    }
    if (!period) {
        error(Code::BadTest, test.span, "le test « " + test.name + " » n'a pas de `période`",
              "ajoutez par exemple `période 2025-01 .. 2025-12`");
    }

    // Inputs and role members. A person belongs to at most one instance of each group entity.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint32_t, SourceSpan>> member_of;
    for (std::uint32_t index = 0; index < instance_decls.size(); ++index) {
        const ir::TestInstance& instance = test.instances[index];
        if (instance.entity == ir::none) continue;
        const ir::Entity& entity = program_.entities[instance.entity];
        std::unordered_map<std::string, SourceSpan> assigned;
        for (const syntax::Assignment& a : instance_decls[index]->assignments) {
            const std::string& name = a.name.name;
            if (const auto [it, inserted] = assigned.try_emplace(name, at(a.name)); !inserted) {
                error(Code::BadTest, at(a.name), "`" + name + "` est donné deux fois pour `" + instance.name + "`",
                      "gardez une seule valeur", {note(it->second, "première valeur")});
                continue;
            }
            const auto role = std::find_if(entity.roles.begin(), entity.roles.end(),
                                           [&](const ir::Role& r) { return r.name == name; });
            if (role != entity.roles.end()) {
                ir::TestMembership membership;
                membership.group_instance = index;
                membership.role = static_cast<std::uint32_t>(role - entity.roles.begin());
                membership.span = at(a);
                std::vector<const syntax::Identifier*> members;
                if (const auto* list = as<syntax::NameList>(a.value)) {
                    for (const syntax::Identifier& m : list->names) members.push_back(&m);
                } else if (const auto* literal = as<syntax::Literal>(a.value);
                           literal && as<syntax::Identifier>(*literal)) {
                    members.push_back(as<syntax::Identifier>(*literal));
                } else {
                    error(Code::BadTest, at(node_of(a.value)),
                          "le rôle `" + name + "` reçoit un membre ou une liste de membres",
                          "écrivez `" + name + " = p` ou `" + name + " = [p1, p2]`");
                    continue;
                }
                if (role->cardinality != ir::Cardinality::Many && members.size() > 1) {
                    error(Code::BadTest, at(node_of(a.value)),
                          "le rôle `" + name + "` a au plus un membre, pas " + std::to_string(members.size()),
                          "déclarez le rôle `plusieurs` ou donnez un seul membre");
                }
                for (const syntax::Identifier* m : members) {
                    const auto found = instances.find(m->name);
                    if (found == instances.end()) {
                        error(Code::BadTest, at(*m), "instance inconnue `" + m->name + "` dans ce test",
                              did_you_mean(m->name, instance_names));
                        continue;
                    }
                    const ir::TestInstance& person = test.instances[found->second];
                    if (person.entity == ir::none) continue;
                    if (person.entity != program_.person_entity) {
                        error(Code::BadTest, at(*m),
                              "`" + m->name + "` est une instance de `" + program_.entities[person.entity].name +
                                  "` : un rôle reçoit des personnes");
                        continue;
                    }
                    const auto key = std::make_pair(found->second, instance.entity);
                    if (const auto [it, inserted] = member_of.try_emplace(key, index, at(*m)); !inserted) {
                        const std::string other = test.instances[it->second.first].name;
                        error(Code::BadTest, at(*m),
                              it->second.first == index
                                  ? "`" + m->name + "` a déjà un rôle dans `" + other + "`"
                                  : "`" + m->name + "` est déjà membre de `" + other +
                                        "` : une personne appartient à un seul `" + entity.name + "`",
                              {}, {note(it->second.second, "première appartenance")});
                        continue;
                    }
                    membership.members.push_back(found->second);
                }
                test.memberships.push_back(std::move(membership));
                continue;
            }

            const Symbol* symbol = find(name);
            if (!symbol || symbol->kind != SymbolKind::Input) {
                std::vector<std::string> candidates;
                for (const ir::Input& input : program_.inputs) {
                    if (input.entity == instance.entity) candidates.push_back(input.name);
                }
                for (const ir::Role& r : entity.roles) candidates.push_back(r.name);
                if (!symbol) {
                    error(Code::UnknownName, at(a.name), "nom inconnu `" + name + "`", did_you_mean(name, candidates));
                } else {
                    error(Code::BadTest, at(a.name),
                          "`" + name + "` est un nom " + of_kind_name(symbol->kind) +
                              " : un test donne des entrées et les membres des rôles",
                          symbol->kind == SymbolKind::Variable ? "vérifiez sa valeur avec `attendu`" : std::string());
                }
                continue;
            }
            const ir::Input& input = program_.inputs[symbol->id];
            if (input.entity != ir::none && input.entity != instance.entity) {
                error(Code::BadTest, at(a.name),
                      "`" + name + "` est une entrée de `" + program_.entities[input.entity].name + "`, pas de `" +
                          entity.name + "`",
                      "donnez-la à une instance de `" + program_.entities[input.entity].name + "`");
                continue;
            }
            ir::TestInputValue value;
            value.input = symbol->id;
            value.instance = index;
            value.span = at(a);
            if (const auto* list = as<syntax::NameList>(a.value)) {
                error(Code::BadTest, at(*list),
                      "une liste `[...]` donne les membres d'un rôle ; `" + name + "` est une entrée");
                continue;
            }
            if (const auto* map = as<syntax::MonthMap>(a.value)) {
                if (!input.monthly) {
                    error(Code::BadTest, at(*map),
                          "`" + name + "` est constante : une seule valeur, pas de valeurs par mois",
                          "écrivez `" + name + " = valeur`");
                    continue;
                }
                std::map<engine::Month, const syntax::MonthEntry*> seen;
                for (const syntax::MonthEntry& entry : map->entries) {
                    const auto m = month(entry.month);
                    const auto v = input_ok_[symbol->id] ? constant(entry.value, input.type) : std::nullopt;
                    if (!m) continue;
                    if (const auto [it, inserted] = seen.try_emplace(*m, &entry); !inserted) {
                        error(Code::BadTest, at(entry.month), "le mois " + entry.month.text + " est donné deux fois",
                              {}, {note(at(it->second->month), "première valeur")});
                        continue;
                    }
                    if (v.has_value()) value.by_month.emplace_back(*m, v.value_or(0));
                }
                std::sort(value.by_month.begin(), value.by_month.end());
                test.inputs.push_back(std::move(value));
                continue;
            }
            if (input_ok_[symbol->id]) {
                value.constant = constant(boost::get<syntax::Literal>(a.value.get()), input.type);
                if (!value.constant) continue;
            }
            test.inputs.push_back(std::move(value));
        }
    }

    // Expectations: variables of the instance's entity, months inside the période.
    for (const syntax::TestItem& item : decl.items) {
        const auto* e = as<syntax::ExpectClause>(item);
        if (!e) continue;
        ir::Expectation expectation;
        expectation.span = at(*e);
        bool good = true;
        std::uint32_t entity = ir::none;
        const auto found = instances.find(e->instance.name);
        if (found == instances.end()) {
            error(Code::BadTest, at(e->instance), "instance inconnue `" + e->instance.name + "` dans ce test",
                  did_you_mean(e->instance.name, instance_names));
            good = false;
        } else {
            expectation.instance = found->second;
            entity = test.instances[found->second].entity;
        }
        const Symbol* symbol = find(e->variable.name);
        if (!symbol || symbol->kind != SymbolKind::Variable) {
            if (!symbol) {
                std::vector<std::string> candidates;
                for (const ir::Variable& v : program_.variables) candidates.push_back(v.name);
                error(Code::UnknownName, at(e->variable), "variable inconnue `" + e->variable.name + "`",
                      did_you_mean(e->variable.name, candidates));
            } else {
                error(Code::BadTest, at(e->variable),
                      "`" + e->variable.name + "` est un nom " + of_kind_name(symbol->kind) +
                          " : `attendu` porte sur une variable calculée");
            }
            continue;
        }
        const ir::Variable& variable = program_.variables[symbol->id];
        expectation.variable = symbol->id;
        if (entity != ir::none && variable.entity != ir::none && variable.entity != entity) {
            error(Code::BadTest, at(e->variable),
                  "`" + variable.name + "` est une variable de `" + program_.entities[variable.entity].name +
                      "`, mais `" + e->instance.name + "` est une instance de `" + program_.entities[entity].name +
                      "`");
            good = false;
        }
        const auto from = month(e->from);
        const auto to = e->to ? month(*e->to) : from;
        if (!from || !to) {
            good = false;
        } else if (*from > *to) {
            error(Code::DateOrder, at(*e->to), "mois à l'envers : " + e->from.text + " .. " + e->to->text,
                  "écrivez le premier mois d'abord");
            good = false;
        } else if (period_ok && (*from < test.first || *to > test.last)) {
            const syntax::MonthLit& outside = *from < test.first || !e->to ? e->from : *e->to;
            error(Code::BadTest, at(outside),
                  "le mois " + outside.text + " est hors de la période du test (" + period->from.text + " .. " +
                      period->to.text + ")",
                  "attendez un mois de la période, ou élargissez la période");
            good = false;
        } else {
            expectation.from = *from;
            expectation.to = *to;
        }
        if (variable_ok_[symbol->id]) {
            const auto expected = constant(e->expected, variable.type);
            good = good && expected.has_value();
            expectation.expected = expected.value_or(0);
            if (e->tolerance) {
                if (!is_numeric(variable.type)) {
                    error(Code::BadTest, at(node_of(*e->tolerance)),
                          "une tolérance `à ... près` s'applique à un montant, un taux ou un nombre, pas à " +
                              a_type(variable.type));
                    good = false;
                } else if (const auto tolerance = constant(*e->tolerance, variable.type); !tolerance) {
                    good = false;
                } else if (*tolerance < 0) {
                    error(Code::BadTest, at(node_of(*e->tolerance)), "une tolérance est positive ou nulle");
                    good = false;
                } else {
                    expectation.tolerance = *tolerance;
                }
            }
        }
        if (good) test.expectations.push_back(expectation);
    }
    program_.tests.push_back(std::move(test));
}

}  // namespace relais::dsl::resolver
