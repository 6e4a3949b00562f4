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

std::string shown(const json& value) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string plural_key(const ir::Entity& entity) { return entity.name + "s"; }

// The keys of a case besides the entities' plural keys.
constexpr std::array<std::string_view, 3> case_keys = {"periode", "evenements", "surcouche"};

std::optional<Value> decimal_from(const json& v) {
    if (v.is_number_integer()) {
        const long long n = v.get<long long>();
        if (n > INT64_MAX / engine::one || n < INT64_MIN / engine::one) return std::nullopt;
        return static_cast<Value>(n) * engine::one;
    }
    if (v.is_number_float()) {
        // A JSON number written with at most 15 significant digits prints back to the
        // same decimal text with %.15g; that text is then converted exactly.
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.15g", v.get<double>());
        return engine::parse_decimal(buffer);
    }
    if (v.is_string()) return engine::parse_decimal(v.get_ref<const std::string&>());
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
// since memberships are read before events are checked.
std::vector<std::set<std::string>> persons_added_by_events(const json& root, const ir::Program& program) {
    std::vector<std::set<std::string>> added(program.entities.size());
    if (!root.contains("evenements") || !root["evenements"].is_array()) return added;
    for (const json& event : root["evenements"]) {
        if (!event.is_object() || !event.contains("type") || !event["type"].is_string()) continue;
        const std::string type = event["type"].get<std::string>();
        for (const ir::EventType& declared : program.events) {
            if (declared.name != type || declared.entity >= added.size()) continue;
            for (const ir::EventEffect& effect : declared.effects) {
                if (effect.kind != ir::EffectKind::AddMember || effect.field >= declared.fields.size()) continue;
                const std::string& field = declared.fields[effect.field].name;
                if (event.contains(field) && event[field].is_string())
                    added[declared.entity].insert(event[field].get<std::string>());
            }
        }
    }
    return added;
}

class CaseReader {
public:
    CaseReader(const json& root, const CaseSchema& schema, const std::string& name)
        : root_(root), schema_(schema), program_(schema.program()) {
        result_.value.name = name;
    }

    CaseReading run() {
        if (!root_.is_object()) {
            problem("", shown(root_), "le cas doit être un objet JSON { \"periode\": ..., \"personnes\": ..., ... }");
            return std::move(result_);
        }
        check_top_level_keys();
        read_period();
        read_instance_names();
        read_memberships();
        read_inputs();
        read_events();
        return std::move(result_);
    }

private:
    void problem(std::string field, std::string value, std::string message) {
        result_.problems.push_back({std::move(field), std::move(value), std::move(message)});
    }

    // Compared in place: building the set of known keys for every case of a population cost
    // more than reading most of its fields.
    bool is_top_level_key(const std::string& key) const {
        if (std::find(case_keys.begin(), case_keys.end(), key) != case_keys.end()) return true;
        return std::any_of(program_.entities.begin(), program_.entities.end(), [&](const ir::Entity& entity) {
            return key.size() == entity.name.size() + 1 && key.compare(0, entity.name.size(), entity.name) == 0 &&
                   key.back() == 's';
        });
    }

    void check_top_level_keys() {
        for (const auto& [key, value] : root_.get_ref<const json::object_t&>()) {
            if (is_top_level_key(key)) continue;
            std::set<std::string> known(case_keys.begin(), case_keys.end());
            for (const ir::Entity& entity : program_.entities) known.insert(plural_key(entity));
            std::string expected;
            for (const std::string& k : known) expected += (expected.empty() ? "" : ", ") + k;
            problem(key, "", "champ inconnu (champs possibles : " + expected + ")");
        }
        if (root_.contains("surcouche")) {
            if (root_["surcouche"].is_string()) {
                result_.value.overlay = root_["surcouche"].get<std::string>();
            } else {
                problem("surcouche", shown(root_["surcouche"]), "un chemin de fichier .rules est attendu");
            }
        }
    }

    std::optional<Month> month_from(const json& value, const std::string& field) {
        if (value.is_string()) {
            if (auto month = engine::parse_month(value.get<std::string>())) return month;
        }
        problem(field, shown(value), "un mois au format AAAA-MM est attendu");
        return std::nullopt;
    }

    void read_period() {
        Case& c = result_.value;
        if (!root_.contains("periode")) {
            problem("periode", "", "champ obligatoire absent : {\"debut\": \"AAAA-MM\", \"mois\": N}");
            return;
        }
        const json& period = root_["periode"];
        if (!period.is_object()) {
            problem("periode", shown(period), "un objet {\"debut\": \"AAAA-MM\", \"mois\": N} est attendu");
            return;
        }
        std::int32_t warm_up = default_warm_up_months;
        for (const auto& [key, value] : period.items()) {
            if (key != "debut" && key != "mois" && key != "historique") {
                problem("periode." + key, "", "champ inconnu (debut, mois, historique)");
            }
        }
        if (period.contains("debut")) {
            if (auto month = month_from(period["debut"], "periode.debut")) c.report_first = *month;
        } else {
            problem("periode.debut", "", "champ obligatoire absent (mois AAAA-MM)");
        }
        auto whole = [&](const char* key, int low, int high, std::int32_t& out) {
            const json& v = period[key];
            if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high) {
                problem(std::string("periode.") + key, shown(v),
                        "un nombre entier de mois entre " + std::to_string(low) + " et " + std::to_string(high) + " est attendu");
                return;
            }
            out = static_cast<std::int32_t>(v.get<long long>());
        };
        if (period.contains("mois")) {
            whole("mois", 1, 600, c.report_months);
        } else {
            problem("periode.mois", "", "champ obligatoire absent (nombre de mois simulés)");
        }
        if (period.contains("historique")) whole("historique", 0, 240, warm_up);
        c.data.first = c.report_first - warm_up;
        c.data.report_first = c.report_first;
        c.data.last = c.report_first + std::max(c.report_months, 1) - 1;
    }

    void read_instance_names() {
        Case& c = result_.value;
        c.data.instance_names.assign(program_.entities.size(), {});
        for (std::uint32_t e = 0; e < program_.entities.size(); ++e) {
            const std::string key = plural_key(program_.entities[e]);
            if (!root_.contains(key)) {
                problem(key, "", "champ obligatoire absent : un objet { nom: {...} } par " + program_.entities[e].name);
                continue;
            }
            const json& instances = root_[key];
            if (!instances.is_object()) {
                problem(key, shown(instances), "un objet { nom: {...} } est attendu");
                continue;
            }
            c.data.instance_names[e].reserve(instances.size());
            for (const auto& [name, body] : instances.get_ref<const json::object_t&>()) {
                if (!body.is_object()) {
                    problem(key + "." + name, shown(body), "un objet { champ: valeur, ... } est attendu");
                }
                c.data.instance_names[e].push_back(name);
            }
        }
    }

    std::optional<std::uint32_t> person_index(const std::string& name) const {
        const auto& names = result_.value.data.instance_names[program_.person_entity];
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) return std::nullopt;
        return static_cast<std::uint32_t>(it - names.begin());
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
            for (std::uint32_t g = 0; g < names.size(); ++g) {
                const json& body = root_[key][names[g]];
                if (!body.is_object()) continue;
                for (std::uint32_t r = 0; r < entity.roles.size(); ++r) {
                    const ir::Role& role = entity.roles[r];
                    const FieldPath field{key, names[g], role.name};
                    // The names stay in the case's JSON, which outlives this reading.
                    std::vector<const std::string*> held;
                    if (const auto it = body.find(role.name); it != body.end()) {
                        const json& v = *it;
                        if (v.is_string()) {
                            held.push_back(&v.get_ref<const std::string&>());
                        } else if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); })) {
                            held.reserve(v.size());
                            for (const json& x : v) held.push_back(&x.get_ref<const std::string&>());
                        } else {
                            problem(field.text(), shown(v), "une liste de noms de personnes est attendue");
                            continue;
                        }
                    }
                    if (role.cardinality == ir::Cardinality::One && held.size() != 1) {
                        problem(field.text(), std::to_string(held.size()) + " personne(s)",
                                "le rôle « " + role.name + " » doit avoir exactement une personne");
                    } else if (role.cardinality == ir::Cardinality::Optional && held.size() > 1) {
                        problem(field.text(), std::to_string(held.size()) + " personnes",
                                "le rôle « " + role.name + " » a au plus une personne");
                    }
                    for (const std::string* person : held) {
                        const auto index = person_index(*person);
                        if (!index) {
                            problem(field.text(), *person, "personne inconnue (elle doit figurer dans « personnes »)");
                            continue;
                        }
                        if (group_of_person[*index] != ir::none) {
                            problem(field.text(), *person,
                                    "cette personne appartient déjà à « " + names[group_of_person[*index]] + " »");
                            continue;
                        }
                        group_of_person[*index] = g;
                        c.data.members[e][g][r].push_back(*index);
                    }
                }
            }
            for (std::uint32_t p = 0; p < persons.size(); ++p) {
                if (group_of_person[p] == ir::none && added_by_events[e].count(persons[p]) == 0) {
                    problem(plural_key(program_.entities[program_.person_entity]) + "." + persons[p], "",
                            "cette personne n'appartient à aucun " + entity.name + " (chaque personne doit en avoir un)");
                }
            }
        }
    }

    // `field()` names the field, called only for a problem.
    template <class Field>
    std::optional<Value> value_of(const ir::Input& input, const json& v, const Field& field) {
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
            if (instances == root_.end() || !instances->is_object()) continue;
            // In the order of instance_names, which read_instance_names took from this object.
            std::uint32_t k = 0;
            for (const auto& [name, body] : instances->get_ref<const json::object_t&>()) {
                const std::uint32_t instance = k++;
                if (!body.is_object()) continue;
                for (const auto& [field_name, v] : body.get_ref<const json::object_t&>()) {
                    if (entity.is_group() && is_role(entity, field_name)) continue;
                    const FieldPath field{key, name, field_name};
                    const auto input = schema_.input(field_name, e);
                    if (!input) {
                        problem(field.text(), "",
                                "entrée inconnue pour l'entité « " + entity.name + " »" + unknown_input_hint(field_name, e));
                        continue;
                    }
                    auto& series = c.data.inputs[*input];
                    if (series.empty()) series.resize(c.data.instance_names[e].size());
                    read_series(program_.inputs[*input], v, field, series[instance]);
                }
            }
        }
    }

    static bool is_role(const ir::Entity& entity, const std::string& name) {
        return std::any_of(entity.roles.begin(), entity.roles.end(), [&](const ir::Role& r) { return r.name == name; });
    }

    std::string unknown_input_hint(const std::string& name, std::uint32_t entity) const {
        std::vector<std::string> candidates;
        for (const ir::Input& input : program_.inputs) {
            if (input.entity == entity) candidates.push_back(input.name);
        }
        const std::string close = engine::closest_name(name, candidates);
        return close.empty() ? "" : " (vouliez-vous dire « " + close + " » ?)";
    }

    void read_series(const ir::Input& input, const json& v, const FieldPath& field, engine::InputSeries& out) {
        if (!v.is_object()) {
            out.constant = value_of(input, v, [&] { return field.text(); });
            return;
        }
        if (!input.monthly) {
            problem(field.text(), shown(v), "cette entrée est constante : une seule valeur est attendue, pas une valeur par mois");
            return;
        }
        out.by_month.reserve(v.size());
        for (const auto& item : v.get_ref<const json::object_t&>()) {
            // Named, not structured bindings: clang 14 cannot capture those.
            const std::string& month_text = item.first;
            const auto month = engine::parse_month(month_text);
            if (!month) {
                problem(field.text() + "." + month_text, month_text, "un mois au format AAAA-MM est attendu comme clé");
                continue;
            }
            if (auto value = value_of(input, item.second, [&] { return field.text() + "." + month_text; }))
                out.by_month.emplace_back(*month, *value);
        }
        // JSON objects are read in key order, which is chronological for AAAA-MM keys.
        std::sort(out.by_month.begin(), out.by_month.end());
    }

    void read_events() {
        Case& c = result_.value;
        if (!root_.contains("evenements")) return;
        const json& events = root_["evenements"];
        if (!events.is_array()) {
            problem("evenements", shown(events), "une liste d'événements est attendue");
            return;
        }
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

    const json& root_;
    const CaseSchema& schema_;
    const ir::Program& program_;
    CaseReading result_;
};

}  // namespace

CaseSchema::CaseSchema(const ir::Program& program) : program_(&program), inputs_(program.entities.size()) {
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i) {
        const std::uint32_t entity = program.inputs[i].entity;
        if (entity < inputs_.size()) inputs_[entity].emplace(program.inputs[i].name, i);
    }
}

std::optional<std::uint32_t> CaseSchema::input(const std::string& name, std::uint32_t entity) const {
    if (entity >= inputs_.size()) return std::nullopt;
    const auto found = inputs_[entity].find(name);
    if (found == inputs_[entity].end()) return std::nullopt;
    return found->second;
}

std::optional<Value> value_from_json(const ir::Program& program, ir::Type type, const json& v) {
    switch (type.kind) {
        case ir::Kind::Montant:
        case ir::Kind::Taux:
        case ir::Kind::Nombre: return decimal_from(v);
        case ir::Kind::Booleen:
            if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
            return std::nullopt;
        case ir::Kind::Date:
            if (v.is_string()) {
                if (auto d = engine::parse_date(v.get_ref<const std::string&>())) return *d;
            }
            return std::nullopt;
        case ir::Kind::Mois:
            if (v.is_string()) {
                if (auto m = engine::parse_month(v.get_ref<const std::string&>())) return *m;
            }
            return std::nullopt;
        case ir::Kind::Enumeration: {
            if (type.enumeration >= program.enumerations.size() || !v.is_string()) return std::nullopt;
            const auto& values = program.enumerations[type.enumeration].values;
            const auto it = std::find(values.begin(), values.end(), v.get_ref<const std::string&>());
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

CaseReading read_case(const nlohmann::json& json, const CaseSchema& schema, const std::string& name) {
    return CaseReader(json, schema, name).run();
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
