// Checks a case's events against their declarations and applies them to a copy of its data.
// Every problem names the event's field and the value, so that a person fixing a scenario sees
// all of them at once; nothing is guessed.
#include "simulator/events.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/calendar.hpp"
#include "engine/diagnostic.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator {

namespace {

using engine::Month;
using engine::Value;
using nlohmann::json;
using Interval = std::pair<Month, Month>;  // inclusive; empty when first > second

constexpr Interval always{ir::since_always, ir::until_forever};
constexpr Interval never{1, 0};

std::string path_of(const Event& event) { return "evenements[" + std::to_string(event.index) + "]"; }

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& candidates) {
    const std::string close = engine::closest_name(wanted, candidates);
    return close.empty() ? "" : " (vouliez-vous dire « " + close + " » ?)";
}

std::optional<std::uint32_t> index_of(const std::vector<std::string>& names, const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::uint32_t>(it - names.begin());
}

class EventChecker {
public:
    EventChecker(const ir::Program& program, const Case& input) : program_(program), input_(input) {}

    EventCheck run() {
        // Most cases of a population have no event: the type names are gathered only for those
        // that do.
        if (input_.events.empty()) return std::move(result_);
        for (const ir::EventType& type : program_.events) type_names_.push_back(type.name);
        for (const RawEvent& raw : input_.events) check(raw);
        return std::move(result_);
    }

private:
    void problem(std::string field, std::string value, std::string message) {
        result_.problems.push_back({std::move(field), std::move(value), std::move(message)});
    }

    void check(const RawEvent& raw) {
        const auto type_index = index_of(type_names_, raw.type);
        if (!type_index) {
            problem(raw.field_path + ".type", raw.type,
                    "type d'événement inconnu" + did_you_mean(raw.type, type_names_) +
                        " ; types déclarés dans les règles : " + joined(type_names_));
            return;
        }
        const ir::EventType& type = program_.events[*type_index];
        if (raw.fields == nullptr || !raw.fields->is_object()) return;  // the case reader said so
        const json& body = *raw.fields;

        Event event;
        event.index = raw.index;
        event.type = *type_index;
        event.month = raw.month;
        event.fields.assign(type.fields.size(), std::nullopt);
        const std::size_t problems_before = result_.problems.size();

        check_keys(raw, type, body);
        event.instance = instance_of(raw, type, body);
        for (std::uint32_t f = 0; f < type.fields.size(); ++f) event.fields[f] = field_value(raw, type, f, body);

        if (type.one_off) {
            event.last = event.month;
        } else if (type.until_field < event.fields.size() && event.fields[type.until_field]) {
            event.last = static_cast<Month>(*event.fields[type.until_field]);
            if (event.last < event.month) {
                problem(raw.field_path + "." + type.fields[type.until_field].name,
                        engine::format_month(event.last),
                        "la fin précède le mois de l'événement (" + engine::format_month(event.month) + ")");
            }
        }
        if (result_.problems.size() == problems_before) result_.events.push_back(std::move(event));
    }

    // Every key is "mois", "type", the entity's name, or a declared field.
    void check_keys(const RawEvent& raw, const ir::EventType& type, const json& body) {
        const std::string& entity = program_.entities[type.entity].name;
        std::vector<std::string> fields;
        for (const ir::EventField& field : type.fields) fields.push_back(field.name);
        for (const auto& [key, value] : body.items()) {
            if (key == "mois" || key == "type" || key == entity || index_of(fields, key)) continue;
            std::vector<std::string> expected = {"mois", "type", entity};
            expected.insert(expected.end(), fields.begin(), fields.end());
            problem(raw.field_path + "." + key, json_excerpt(value),
                    "champ inconnu pour un événement « " + type.name + " »" + did_you_mean(key, expected) +
                        " ; champs possibles : " + joined(expected));
        }
    }

    std::uint32_t instance_of(const RawEvent& raw, const ir::EventType& type, const json& body) {
        const ir::Entity& entity = program_.entities[type.entity];
        const auto& names = input_.data.instance_names.at(type.entity);
        const std::string field = raw.field_path + "." + entity.name;
        if (!body.contains(entity.name)) {
            if (names.size() == 1) return 0;
            problem(field, "",
                    "champ obligatoire absent : le nom de l'entité « " + entity.name + " » concernée (" + joined(names) +
                        ")");
            return ir::none;
        }
        const json& v = body[entity.name];
        if (v.is_string()) {
            if (auto index = index_of(names, v.get<std::string>())) return *index;
        }
        problem(field, json_excerpt(v),
                unknown_instance(type.entity) + did_you_mean(v.is_string() ? v.get<std::string>() : "", names));
        return ir::none;
    }

    std::string unknown_instance(std::uint32_t entity) const {
        const std::string& name = program_.entities[entity].name;
        const std::string key = name + "s";
        return entity == program_.person_entity ? "personne inconnue (elle doit figurer dans « " + key + " »)"
                                                : name + " inconnu (il doit figurer dans « " + key + " »)";
    }

    std::optional<Value> field_value(const RawEvent& raw, const ir::EventType& type, std::uint32_t f, const json& body) {
        const ir::EventField& declared = type.fields[f];
        const std::string field = raw.field_path + "." + declared.name;
        if (!body.contains(declared.name)) {
            if (!declared.optional) {
                problem(field, "",
                        "champ obligatoire absent pour un événement « " + type.name + " » : " +
                            (declared.is_person ? std::string("le nom d'une personne du cas est attendu")
                                                : expected_value(program_, declared.type)));
            }
            return std::nullopt;
        }
        const json& v = body[declared.name];
        if (declared.is_person) {
            const auto& persons = input_.data.instance_names.at(program_.person_entity);
            if (v.is_string()) {
                if (auto index = index_of(persons, v.get<std::string>())) return *index;
            }
            problem(field, json_excerpt(v),
                    unknown_instance(program_.person_entity) +
                        did_you_mean(v.is_string() ? v.get<std::string>() : "", persons));
            return std::nullopt;
        }
        if (auto value = value_from_json(program_, declared.type, v)) return value;
        problem(field, json_excerpt(v), expected_value(program_, declared.type));
        return std::nullopt;
    }

    const ir::Program& program_;
    const Case& input_;
    std::vector<std::string> type_names_;
    EventCheck result_;
};

// The earliest month, relative to the month evaluated, from which any formula reads an input:
// a constant input that an event changes is spelled out month by month from there.
std::int32_t input_lookback(const ir::Program& program) {
    std::int32_t lookback = 0;
    for (const ir::Node& n : program.nodes) {
        switch (n.op) {
        case ir::Op::ReadInput: lookback = std::min(lookback, n.offset); break;
        case ir::Op::WindowSum:
        case ir::Op::WindowMean:
        case ir::Op::WindowMin:
        case ir::Op::WindowMax:
        case ir::Op::WindowAll:
        case ir::Op::WindowAny:
            if (n.window_of_input) lookback = std::min(lookback, n.offset);
            break;
        case ir::Op::Review:
            if (n.window_of_input) lookback = std::min<std::int64_t>(lookback, 1 - n.imm);
            break;
        default: break;
        }
    }
    return lookback;
}

class EventApplier {
public:
    EventApplier(const ir::Program& program, engine::CaseData data) : program_(program), result_{std::move(data), {}} {}

    AppliedEvents run(const std::vector<Event>& events) {
        std::vector<std::size_t> order(events.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return events[a].month < events[b].month; });
        for (const std::size_t i : order) apply(events[i]);
        return std::move(result_);
    }

private:
    engine::CaseData& data() { return result_.data; }

    void problem(std::string field, std::string value, std::string message) {
        result_.problems.push_back({std::move(field), std::move(value), std::move(message)});
    }

    void apply(const Event& event) {
        const ir::EventType& type = program_.events.at(event.type);
        const Month to = std::min(event.last, data().last);
        for (const ir::EventEffect& effect : type.effects) {
            switch (effect.kind) {
            case ir::EffectKind::SetInput: set_input(event, effect, to); break;
            case ir::EffectKind::AddMember: add_member(event, type, effect, to); break;
            case ir::EffectKind::RemoveMember: remove_member(event, type, effect, to); break;
            }
        }
    }

    void set_input(const Event& event, const ir::EventEffect& effect, Month to) {
        if (effect.months != 0) to = std::min<Month>(to, event.month + static_cast<Month>(effect.months) - 1);
        Value value = effect.literal;
        if (effect.field != ir::none) {
            if (effect.field >= event.fields.size() || !event.fields[effect.field]) return;  // optional, left out
            value = *event.fields[effect.field];
        }
        auto& series_of_input = data().inputs;
        if (series_of_input.size() < program_.inputs.size()) series_of_input.resize(program_.inputs.size());
        auto& instances = series_of_input[effect.input];
        if (instances.size() <= event.instance) instances.resize(event.instance + 1);
        engine::InputSeries& series = instances[event.instance];

        if (series.constant) {
            // A constant holds for every month: spell it out over every month a formula can
            // read, so that the months outside the event keep it.
            const Value constant = *series.constant;
            series.constant.reset();
            series.by_month.clear();
            for (Month m = data().first + lookback(); m <= data().last; ++m) series.by_month.emplace_back(m, constant);
        }
        auto& by_month = series.by_month;
        const auto begin = std::lower_bound(by_month.begin(), by_month.end(), event.month,
                                            [](const std::pair<Month, Value>& e, Month m) { return e.first < m; });
        const auto end = std::upper_bound(begin, by_month.end(), to,
                                          [](Month m, const std::pair<Month, Value>& e) { return m < e.first; });
        std::vector<std::pair<Month, Value>> changed;
        for (Month m = event.month; m <= to; ++m) changed.emplace_back(m, value);
        const auto at = by_month.erase(begin, end);
        by_month.insert(at, changed.begin(), changed.end());
    }

    // member_months of one group instance, spelled out for every member (always, unless an
    // earlier event changed it), so that new entries can be appended beside them.
    std::vector<std::vector<Interval>>& intervals(std::uint32_t entity, std::uint32_t group) {
        auto& months = data().member_months;
        if (months.size() < program_.entities.size()) months.resize(program_.entities.size());
        auto& groups = months[entity];
        if (groups.size() < data().members[entity].size()) groups.resize(data().members[entity].size());
        auto& roles = groups[group];
        const auto& members = data().members[entity][group];
        if (roles.size() < members.size()) roles.resize(members.size());
        for (std::size_t r = 0; r < members.size(); ++r) roles[r].resize(members[r].size(), always);
        return roles;
    }

    // The first month of [from, to] in which someone other than `except` holds `role`
    // (any one when `except` is none), with that person.
    std::optional<std::pair<Month, std::uint32_t>> held_during(std::uint32_t entity, std::uint32_t group,
                                                               std::uint32_t role, Month from, Month to,
                                                               std::uint32_t except = ir::none) {
        const auto& roles = intervals(entity, group);
        const auto& holders = data().members[entity][group][role];
        std::optional<std::pair<Month, std::uint32_t>> first;
        for (std::size_t k = 0; k < holders.size(); ++k) {
            if (holders[k] == except) continue;
            const Interval& in = roles[role][k];
            if (in.first > to || in.second < from) continue;
            const Month month = std::max(in.first, from);
            if (!first || month < first->first) first = std::make_pair(month, holders[k]);
        }
        return first;
    }

    std::string person(std::uint32_t p) const { return result_.data.instance_names[program_.person_entity].at(p); }
    std::string instance(std::uint32_t entity, std::uint32_t i) const {
        return result_.data.instance_names[entity].at(i);
    }
    static std::string month(Month m) { return month_in_words(m); }

    void add_member(const Event& event, const ir::EventType& type, const ir::EventEffect& effect, Month to) {
        if (effect.field >= event.fields.size() || !event.fields[effect.field]) return;
        const auto p = static_cast<std::uint32_t>(*event.fields[effect.field]);
        const std::uint32_t entity = type.entity;
        const std::uint32_t group = event.instance;
        const ir::Entity& declared = program_.entities[entity];
        const std::string field = path_of(event) + "." + type.fields[effect.field].name;

        for (std::uint32_t other = 0; other < data().members[entity].size(); ++other) {
            if (other == group) continue;
            for (const auto& holders : data().members[entity][other]) {
                if (std::find(holders.begin(), holders.end(), p) == holders.end()) continue;
                problem(field, person(p),
                        "cette personne fait déjà partie de « " + instance(entity, other) + " » : dans un cas, une "
                        "personne n'appartient qu'à un " + declared.name + " ; ne la rattachez à aucun " +
                            declared.name + ", l'événement l'ajoute à « " + instance(entity, group) + " »");
                return;
            }
        }
        for (std::uint32_t r = 0; r < declared.roles.size(); ++r) {
            const auto& holders = data().members[entity][group][r];
            if (std::find(holders.begin(), holders.end(), p) == holders.end()) continue;
            if (auto held = held_during(entity, group, r, event.month, to); held && held->second == p) {
                problem(field, person(p),
                        "cette personne fait déjà partie de « " + instance(entity, group) + " » (rôle « " +
                            declared.roles[r].name + " ») en " + month(held->first));
                return;
            }
        }
        const ir::Role& role = declared.roles.at(effect.role);
        if (role.cardinality != ir::Cardinality::Many) {
            if (auto held = held_during(entity, group, effect.role, event.month, to)) {
                problem(field, person(p),
                        "le rôle « " + role.name + " » de « " + instance(entity, group) + " » n'admet qu'une "
                        "personne et « " + person(held->second) + " » le tient en " + month(held->first));
                return;
            }
        }
        auto& roles = intervals(entity, group);
        data().members[entity][group][effect.role].push_back(p);
        roles[effect.role].push_back({event.month, to});
    }

    void remove_member(const Event& event, const ir::EventType& type, const ir::EventEffect& effect, Month to) {
        const std::uint32_t entity = type.entity;
        const std::uint32_t group = event.instance;
        const ir::Role& role = program_.entities[entity].roles.at(effect.role);
        std::optional<std::uint32_t> only;
        std::string field = path_of(event) + ".type";
        std::string value = type.name;
        if (effect.field != ir::none) {
            if (effect.field >= event.fields.size() || !event.fields[effect.field]) return;
            only = static_cast<std::uint32_t>(*event.fields[effect.field]);
            field = path_of(event) + "." + type.fields[effect.field].name;
            value = person(*only);
        }
        if (role.cardinality == ir::Cardinality::One) {
            problem(field, value,
                    "le rôle « " + role.name + " » de « " + instance(entity, group) +
                        " » doit toujours avoir une personne : il ne peut pas être retiré");
            return;
        }
        auto& roles = intervals(entity, group);
        auto& holders = data().members[entity][group][effect.role];
        bool removed = false;
        // Appending while walking: the pieces after the event are checked again, harmlessly
        // (they start after `to`).
        for (std::size_t k = 0; k < holders.size(); ++k) {
            if (only && holders[k] != *only) continue;
            const Interval in = roles[effect.role][k];
            if (in.first > event.month || in.second < event.month) continue;  // not a holder at the event
            removed = true;
            roles[effect.role][k] = in.first < event.month ? Interval{in.first, event.month - 1} : never;
            if (to < in.second) {
                holders.push_back(holders[k]);
                roles[effect.role].push_back({to + 1, in.second});
            }
        }
        if (!removed) {
            problem(field, value,
                    (only ? "« " + person(*only) + " » n'a pas" : std::string("personne n'a")) + " le rôle « " +
                        role.name + " » dans « " + instance(entity, group) + " » en " + month(event.month));
        }
    }

    // Walks every node of the program: computed only for a case whose event changes a constant
    // input, not for every case of a population.
    std::int32_t lookback() {
        if (!lookback_) lookback_ = input_lookback(program_);
        return *lookback_;
    }

    const ir::Program& program_;
    AppliedEvents result_;
    std::optional<std::int32_t> lookback_;
};

bool in_group(const engine::CaseData& data, std::uint32_t entity, std::uint32_t person) {
    for (const auto& roles : data.members[entity])
        for (const auto& holders : roles)
            if (std::find(holders.begin(), holders.end(), person) != holders.end()) return true;
    return false;
}

}  // namespace

EventCheck check_events(const ir::Program& program, const Case& input) { return EventChecker(program, input).run(); }

AppliedEvents apply_events(const ir::Program& program, const engine::CaseData& data, const std::vector<Event>& events) {
    return EventApplier(program, data).run(events);
}

AppliedEvents apply_events(const ir::Program& program, engine::CaseData&& data, const std::vector<Event>& events) {
    return EventApplier(program, std::move(data)).run(events);
}

engine::CaseData baseline_data(const ir::Program& program, const engine::CaseData& data,
                               const std::vector<Event>& events) {
    engine::CaseData baseline = data;
    for (const Event& event : events) {
        const ir::EventType& type = program.events.at(event.type);
        for (const ir::EventEffect& effect : type.effects) {
            if (effect.kind != ir::EffectKind::AddMember || effect.field >= event.fields.size() ||
                !event.fields[effect.field])
                continue;
            const auto p = static_cast<std::uint32_t>(*event.fields[effect.field]);
            if (in_group(baseline, type.entity, p)) continue;
            // Spell out the group's months (always for its members), then attach for no month.
            auto& months = baseline.member_months;
            if (months.size() < program.entities.size()) months.resize(program.entities.size());
            auto& groups = months[type.entity];
            if (groups.size() < baseline.members[type.entity].size())
                groups.resize(baseline.members[type.entity].size());
            auto& roles = groups[event.instance];
            auto& members = baseline.members[type.entity][event.instance];
            if (roles.size() < members.size()) roles.resize(members.size());
            for (std::size_t r = 0; r < members.size(); ++r) roles[r].resize(members[r].size(), always);
            members[effect.role].push_back(p);
            roles[effect.role].push_back(never);
        }
    }
    return baseline;
}

PreparedCase prepare_case(const ir::Program& program, const Case& input) {
    PreparedCase prepared;
    EventCheck check = check_events(program, input);
    prepared.events = std::move(check.events);
    prepared.problems = std::move(check.problems);
    if (!prepared.problems.empty()) return prepared;
    AppliedEvents applied = apply_events(program, input.data, prepared.events);
    prepared.problems = std::move(applied.problems);
    prepared.scenario = std::move(applied.data);
    prepared.baseline = baseline_data(program, input.data, prepared.events);
    return prepared;
}

}  // namespace relais::simulator
