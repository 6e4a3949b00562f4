// Reads a case: checks every field against the compiled rules (entities, roles, inputs and
// their types) and converts values exactly. Collects every problem instead of stopping at the
// first, so that a person fixing a case file sees all of them at once.
#include "simulator/case_file.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/calendar.hpp"
#include "engine/decimal.hpp"
#include "engine/diagnostic.hpp"

namespace relais::simulator {

namespace {

using engine::Month;
using engine::Value;
using nlohmann::json;

std::string shown(const JsonView& value) {
    std::string text = value.is_string() ? std::string(value.string()) : value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string plural_key(const ir::Entity& entity) { return entity.name + "s"; }

// The keys of a case besides the entities' plural keys.
constexpr std::array<std::string_view, 3> case_keys = {"periode", "evenements", "surcouche"};

std::optional<Value> decimal_from(const JsonView& v) {
    if (v.is_integer()) {
        const long long n = v.integer();
        if (n > INT64_MAX / engine::one || n < INT64_MIN / engine::one) return std::nullopt;
        return static_cast<Value>(n) * engine::one;
    }
    if (v.is_float()) {
        // A JSON number written with at most 15 significant digits prints back to the
        // same decimal text with %.15g; that text is then converted exactly.
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.15g", v.real());
        return engine::parse_decimal(buffer);
    }
    if (v.is_string()) return engine::parse_decimal(v.string());
    return std::nullopt;
}

// A field's dotted path ("personnes.alice.salaire_net"), written out only when a problem names
// it: most fields of a population have none.
struct FieldPath {
    std::string_view plural;    // "personnes"
    std::string_view instance;  // "alice"
    std::string_view field;     // "salaire_net"
    std::string text() const {
        std::string out;
        out.reserve(plural.size() + instance.size() + field.size() + 2);
        out.append(plural).append(".").append(instance).append(".").append(field);
        return out;
    }
};

// Persons that an event adds to a group (a birth, a partner moving in), per group entity:
// they may belong to no instance of that entity before the event. Read from the raw events,
// since memberships are read before events are checked. Empty (no entity at all) for a case
// without events, as most are.
std::vector<std::set<std::string, std::less<>>> persons_added_by_events(const JsonView& root, const ir::Program& program) {
    std::vector<std::set<std::string, std::less<>>> added;
    const auto events = root.find("evenements");
    if (!events || !events->is_array()) return added;
    added.resize(program.entities.size());
    events->for_each_item([&](const JsonView& event) {
        if (!event.is_object()) return;
        const auto type = event.find("type");
        if (!type || !type->is_string()) return;
        for (const ir::EventType& declared : program.events) {
            if (declared.name != type->string() || declared.entity >= added.size()) continue;
            for (const ir::EventEffect& effect : declared.effects) {
                if (effect.kind != ir::EffectKind::AddMember || effect.field >= declared.fields.size()) continue;
                const auto person = event.find(declared.fields[effect.field].name);
                if (person && person->is_string()) added[declared.entity].emplace(person->string());
            }
        }
    });
    return added;
}

class CaseReader {
public:
    CaseReader(const JsonView& root, const CaseSchema& schema, CaseReading& result)
        : root_(root), schema_(schema), program_(schema.program()), result_(result) {}

    void run(const std::string& name) {
        start(name);
        if (!root_.is_object()) {
            result_.value.data = engine::CaseData();
            problem("", shown(root_), "le cas doit être un objet JSON { \"periode\": ..., \"personnes\": ..., ... }");
            return;
        }
        check_top_level_keys();
        read_period();
        read_instance_names();
        read_memberships();
        read_inputs();
        read_events();
    }

private:
    // The reading as a new one, except for the storage of the data's names, members and
    // inputs: read_instance_names, read_memberships and read_inputs assign them afresh (at
    // every level, so that the vectors inside keep theirs too).
    void start(const std::string& name) {
        engine::CaseData& kept = result_.value.data;
        CaseReading fresh;
        fresh.value.name = name;
        fresh.value.data.instance_names = std::move(kept.instance_names);
        fresh.value.data.members = std::move(kept.members);
        fresh.value.data.inputs = std::move(kept.inputs);
        result_ = std::move(fresh);
    }

    void problem(std::string field, std::string value, std::string message) {
        result_.problems.push_back({std::move(field), std::move(value), std::move(message)});
    }

    // Compared in place: building the set of known keys for every case of a population cost
    // more than reading most of its fields.
    bool is_top_level_key(std::string_view key) const {
        if (std::find(case_keys.begin(), case_keys.end(), key) != case_keys.end()) return true;
        return std::any_of(program_.entities.begin(), program_.entities.end(), [&](const ir::Entity& entity) {
            return key.size() == entity.name.size() + 1 && key.substr(0, entity.name.size()) == entity.name &&
                   key.back() == 's';
        });
    }

    void check_top_level_keys() {
        root_.for_each_member([&](std::string_view key, const JsonView&) {
            if (is_top_level_key(key)) return;
            std::set<std::string> known(case_keys.begin(), case_keys.end());
            for (const ir::Entity& entity : program_.entities) known.insert(plural_key(entity));
            std::string expected;
            for (const std::string& k : known) expected += (expected.empty() ? "" : ", ") + k;
            problem(std::string(key), "", "champ inconnu (champs possibles : " + expected + ")");
        });
        if (const auto overlay = root_.find("surcouche")) {
            if (overlay->is_string()) {
                result_.value.overlay = overlay->string();
            } else {
                problem("surcouche", shown(*overlay), "un chemin de fichier .rules est attendu");
            }
        }
    }

    std::optional<Month> month_from(const JsonView& value, const std::string& field) {
        if (value.is_string()) {
            if (auto month = engine::parse_month(value.string())) return month;
        }
        problem(field, shown(value), "un mois au format AAAA-MM est attendu");
        return std::nullopt;
    }

    void read_period() {
        Case& c = result_.value;
        const auto period = root_.find("periode");
        if (!period) {
            problem("periode", "", "champ obligatoire absent : {\"debut\": \"AAAA-MM\", \"mois\": N}");
            return;
        }
        if (!period->is_object()) {
            problem("periode", shown(*period), "un objet {\"debut\": \"AAAA-MM\", \"mois\": N} est attendu");
            return;
        }
        std::int32_t warm_up = default_warm_up_months;
        period->for_each_member([&](std::string_view key, const JsonView&) {
            if (key != "debut" && key != "mois" && key != "historique") {
                problem("periode." + std::string(key), "", "champ inconnu (debut, mois, historique)");
            }
        });
        if (const auto start = period->find("debut")) {
            if (auto month = month_from(*start, "periode.debut")) c.report_first = *month;
        } else {
            problem("periode.debut", "", "champ obligatoire absent (mois AAAA-MM)");
        }
        auto whole = [&](const char* key, const JsonView& v, int low, int high, std::int32_t& out) {
            if (!v.is_integer() || v.integer() < low || v.integer() > high) {
                problem(std::string("periode.") + key, shown(v),
                        "un nombre entier de mois entre " + std::to_string(low) + " et " + std::to_string(high) + " est attendu");
                return;
            }
            out = static_cast<std::int32_t>(v.integer());
        };
        if (const auto months = period->find("mois")) {
            whole("mois", *months, 1, 600, c.report_months);
        } else {
            problem("periode.mois", "", "champ obligatoire absent (nombre de mois simulés)");
        }
        if (const auto history = period->find("historique")) whole("historique", *history, 0, 240, warm_up);
        c.data.first = c.report_first - warm_up;
        c.data.report_first = c.report_first;
        c.data.last = c.report_first + std::max(c.report_months, 1) - 1;
    }

    void read_instance_names() {
        Case& c = result_.value;
        c.data.instance_names.assign(program_.entities.size(), {});
        for (std::uint32_t e = 0; e < program_.entities.size(); ++e) {
            const std::string key = plural_key(program_.entities[e]);
            const auto instances = root_.find(key);
            if (!instances) {
                problem(key, "", "champ obligatoire absent : un objet { nom: {...} } par " + program_.entities[e].name);
                continue;
            }
            if (!instances->is_object()) {
                problem(key, shown(*instances), "un objet { nom: {...} } est attendu");
                continue;
            }
            c.data.instance_names[e].reserve(instances->size());
            instances->for_each_member([&](std::string_view name, const JsonView& body) {
                if (!body.is_object()) {
                    problem(key + "." + std::string(name), shown(body), "un objet { champ: valeur, ... } est attendu");
                }
                c.data.instance_names[e].emplace_back(name);
            });
        }
    }

    std::optional<std::uint32_t> person_index(std::string_view name) const {
        const auto& names = result_.value.data.instance_names[program_.person_entity];
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) return std::nullopt;
        return static_cast<std::uint32_t>(it - names.begin());
    }

    // How many persons a role names: one name or a list of names; nothing when the value is
    // neither. for_each_person then reads them, without a vector per role.
    static std::optional<std::size_t> person_count(const JsonView& v) {
        if (v.is_string()) return 1;
        if (!v.is_array()) return std::nullopt;
        bool all_names = true;
        v.for_each_item([&](const JsonView& x) { all_names = all_names && x.is_string(); });
        if (!all_names) return std::nullopt;
        return v.size();
    }

    template <class F>
    static void for_each_person(const JsonView& v, F&& f) {
        if (v.is_string()) return f(v.string());
        v.for_each_item([&](const JsonView& x) { f(x.string()); });
    }

    void read_memberships() {
        Case& c = result_.value;
        c.data.members.assign(program_.entities.size(), {});
        const auto added_by_events = persons_added_by_events(root_, program_);
        for (std::uint32_t e = 0; e < program_.entities.size(); ++e) {
            const ir::Entity& entity = program_.entities[e];
            if (!entity.is_group()) continue;
            const std::string key = plural_key(entity);
            const auto& names = c.data.instance_names[e];
            c.data.members[e].assign(names.size(), std::vector<std::vector<std::uint32_t>>(entity.roles.size()));
            const auto& persons = c.data.instance_names[program_.person_entity];
            std::vector<std::uint32_t> group_of_person(persons.size(), ir::none);
            const auto instances = root_.find(key);
            std::uint32_t g = 0;
            // In the order of instance_names, which read_instance_names took from this object.
            if (instances && instances->is_object()) instances->for_each_member([&](std::string_view, const JsonView& body) {
                const std::uint32_t group = g++;
                if (!body.is_object()) return;
                for (std::uint32_t r = 0; r < entity.roles.size(); ++r) {
                    const ir::Role& role = entity.roles[r];
                    const FieldPath field{key, names[group], role.name};
                    const auto v = body.find(role.name);
                    std::size_t held = 0;
                    if (v) {
                        const auto given = person_count(*v);
                        if (!given) {
                            problem(field.text(), shown(*v), "une liste de noms de personnes est attendue");
                            continue;
                        }
                        held = *given;
                    }
                    if (role.cardinality == ir::Cardinality::One && held != 1) {
                        problem(field.text(), std::to_string(held) + " personne(s)",
                                "le rôle « " + role.name + " » doit avoir exactement une personne");
                    } else if (role.cardinality == ir::Cardinality::Optional && held > 1) {
                        problem(field.text(), std::to_string(held) + " personnes",
                                "le rôle « " + role.name + " » a au plus une personne");
                    }
                    if (!v) continue;
                    for_each_person(*v, [&](std::string_view person) {
                        const auto index = person_index(person);
                        if (!index) {
                            problem(field.text(), std::string(person), "personne inconnue (elle doit figurer dans « personnes »)");
                            return;
                        }
                        if (group_of_person[*index] != ir::none) {
                            problem(field.text(), std::string(person),
                                    "cette personne appartient déjà à « " + names[group_of_person[*index]] + " »");
                            return;
                        }
                        group_of_person[*index] = group;
                        c.data.members[e][group][r].push_back(*index);
                    });
                }
            });
            for (std::uint32_t p = 0; p < persons.size(); ++p) {
                if (group_of_person[p] == ir::none && (e >= added_by_events.size() || added_by_events[e].count(persons[p]) == 0)) {
                    problem(plural_key(program_.entities[program_.person_entity]) + "." + persons[p], "",
                            "cette personne n'appartient à aucun " + entity.name + " (chaque personne doit en avoir un)");
                }
            }
        }
    }

    // `field()` names the field, called only for a problem.
    template <class Field>
    std::optional<Value> value_of(const ir::Input& input, const JsonView& v, const Field& field) {
        if (auto value = value_from_json(program_, input.type, v)) return value;
        problem(field(), shown(v), expected_value(program_, input.type));
        return std::nullopt;
    }

    // Only the inputs a case gives get series, one per instance of their entity: the
    // evaluators read an absent series as an input not given (CaseData allows it), and a case
    // gives a few of the rules' inputs.
    void read_inputs() {
        Case& c = result_.value;
        c.data.inputs.assign(program_.inputs.size(), {});
        for (std::uint32_t e = 0; e < program_.entities.size(); ++e) {
            const ir::Entity& entity = program_.entities[e];
            const std::string key = plural_key(entity);
            const auto instances = root_.find(key);
            if (!instances || !instances->is_object()) continue;
            // In the order of instance_names, which read_instance_names took from this object.
            std::uint32_t k = 0;
            instances->for_each_member([&](std::string_view name, const JsonView& body) {
                const std::uint32_t instance = k++;
                if (!body.is_object()) return;
                body.for_each_member([&](std::string_view field_name, const JsonView& v) {
                    if (entity.is_group() && is_role(entity, field_name)) return;
                    const FieldPath field{key, name, field_name};
                    const auto input = schema_.input(field_name, e);
                    if (!input) {
                        problem(field.text(), "",
                                "entrée inconnue pour l'entité « " + entity.name + " »" + unknown_input_hint(field_name, e));
                        return;
                    }
                    auto& series = c.data.inputs[*input];
                    if (series.empty()) series.resize(c.data.instance_names[e].size());
                    read_series(program_.inputs[*input], v, field, series[instance]);
                });
            });
        }
    }

    static bool is_role(const ir::Entity& entity, std::string_view name) {
        return std::any_of(entity.roles.begin(), entity.roles.end(), [&](const ir::Role& r) { return r.name == name; });
    }

    std::string unknown_input_hint(std::string_view name, std::uint32_t entity) const {
        std::vector<std::string> candidates;
        for (const ir::Input& input : program_.inputs) {
            if (input.entity == entity) candidates.push_back(input.name);
        }
        const std::string close = engine::closest_name(std::string(name), candidates);
        return close.empty() ? "" : " (vouliez-vous dire « " + close + " » ?)";
    }

    void read_series(const ir::Input& input, const JsonView& v, const FieldPath& field, engine::InputSeries& out) {
        if (!v.is_object()) {
            out.constant = value_of(input, v, [&] { return field.text(); });
            return;
        }
        if (!input.monthly) {
            problem(field.text(), shown(v), "cette entrée est constante : une seule valeur est attendue, pas une valeur par mois");
            return;
        }
        out.by_month.reserve(v.size());
        v.for_each_member([&](std::string_view month_text, const JsonView& item) {
            const auto month = engine::parse_month(month_text);
            if (!month) {
                problem(field.text() + "." + std::string(month_text), std::string(month_text),
                        "un mois au format AAAA-MM est attendu comme clé");
                return;
            }
            if (auto value = value_of(input, item, [&] { return field.text() + "." + std::string(month_text); }))
                out.by_month.emplace_back(*month, *value);
        });
        // JSON objects are read in key order, which is chronological for AAAA-MM keys.
        std::sort(out.by_month.begin(), out.by_month.end());
    }

    void read_events() {
        Case& c = result_.value;
        const auto given = root_.find("evenements");
        if (!given) return;
        if (!given->is_array()) {
            problem("evenements", shown(*given), "une liste d'événements est attendue");
            return;
        }
        // The events' fields are checked later on nlohmann's tree (check_events): the case
        // keeps one when it was read from another document.
        c.events_json = std::make_shared<const nlohmann::json>(given->to_json());
        const json& events = *c.events_json;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const json& event = events[i];
            const std::string field = "evenements[" + std::to_string(i) + "]";
            if (!event.is_object()) {
                problem(field, shown(event), "un objet {\"mois\": \"AAAA-MM\", \"type\": \"...\", ...} est attendu");
                continue;
            }
            RawEvent raw;
            raw.index = i;
            raw.field_path = field;
            raw.fields = &event;
            if (!event.contains("mois")) {
                problem(field + ".mois", "", "champ obligatoire absent");
                continue;
            }
            const auto month = month_from(event["mois"], field + ".mois");
            if (!month) continue;
            raw.month = *month;
            if (!event.contains("type") || !event["type"].is_string()) {
                problem(field + ".type", event.contains("type") ? shown(event["type"]) : "", "le type d'événement est attendu");
                continue;
            }
            raw.type = event["type"].get<std::string>();
            if (raw.month < c.report_first || raw.month > c.data.last) {
                problem(field + ".mois", shown(event["mois"]), "le mois doit être dans la période simulée");
                continue;
            }
            c.events.push_back(raw);
        }
    }

    const JsonView root_;
    const CaseSchema& schema_;
    const ir::Program& program_;
    CaseReading& result_;
};
}  // namespace

CaseSchema::CaseSchema(const ir::Program& program) : program_(&program), inputs_(program.entities.size()) {
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i) {
        const std::uint32_t entity = program.inputs[i].entity;
        if (entity < inputs_.size()) inputs_[entity].emplace(program.inputs[i].name, i);
    }
}

std::optional<std::uint32_t> CaseSchema::input(std::string_view name, std::uint32_t entity) const {
    if (entity >= inputs_.size()) return std::nullopt;
    const auto found = inputs_[entity].find(name);
    if (found == inputs_[entity].end()) return std::nullopt;
    return found->second;
}

std::optional<Value> value_from_json(const ir::Program& program, ir::Type type, const JsonView& v) {
    switch (type.kind) {
        case ir::Kind::Montant:
        case ir::Kind::Taux:
        case ir::Kind::Nombre: return decimal_from(v);
        case ir::Kind::Booleen:
            if (v.is_boolean()) return v.boolean() ? 1 : 0;
            return std::nullopt;
        case ir::Kind::Date:
            if (v.is_string()) {
                if (auto d = engine::parse_date(v.string())) return *d;
            }
            return std::nullopt;
        case ir::Kind::Mois:
            if (v.is_string()) {
                if (auto m = engine::parse_month(v.string())) return *m;
            }
            return std::nullopt;
        case ir::Kind::Enumeration: {
            if (type.enumeration >= program.enumerations.size() || !v.is_string()) return std::nullopt;
            const auto& values = program.enumerations[type.enumeration].values;
            const auto it = std::find(values.begin(), values.end(), v.string());
            if (it == values.end()) return std::nullopt;
            return static_cast<Value>(it - values.begin());
        }
    }
    return std::nullopt;
}

std::string expected_value(const ir::Program& program, ir::Type type) {
    switch (type.kind) {
        case ir::Kind::Montant:
            return "un montant en euros est attendu (au plus 6 décimales ; par exemple 1100.50)";
        case ir::Kind::Taux:
        case ir::Kind::Nombre: return "un nombre est attendu (au plus 6 décimales ; par exemple 1100.50)";
        case ir::Kind::Booleen: return "true ou false est attendu";
        case ir::Kind::Date: return "une date AAAA-MM-JJ est attendue";
        case ir::Kind::Mois: return "un mois AAAA-MM est attendu";
        case ir::Kind::Enumeration: {
            std::string allowed;
            if (type.enumeration < program.enumerations.size()) {
                for (const std::string& name : program.enumerations[type.enumeration].values)
                    allowed += (allowed.empty() ? "" : ", ") + name;
            }
            return "une valeur parmi : " + allowed;
        }
    }
    return "une valeur est attendue";
}

std::string json_excerpt(const json& value) { return shown(value); }

CaseReading read_case(const JsonView& json, const CaseSchema& schema, const std::string& name) {
    CaseReading out;
    read_case(json, schema, name, out);
    return out;
}

void read_case(const JsonView& json, const CaseSchema& schema, const std::string& name, CaseReading& out) {
    CaseReader(json, schema, out).run(name);
}

CaseReading read_case(const nlohmann::json& json, const ir::Program& program, const std::string& name) {
    return read_case(json, CaseSchema(program), name);
}

std::string describe_problems(const std::string& case_name, const std::vector<CaseProblem>& problems) {
    std::string out;
    for (const CaseProblem& p : problems) {
        out += "cas « " + case_name + " »";
        if (!p.field.empty()) out += ", champ « " + p.field + " »";
        if (!p.value.empty()) out += ", valeur « " + p.value + " »";
        out += " : " + p.message + "\n";
    }
    return out;
}

}  // namespace relais::simulator
