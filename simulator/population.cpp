// Reads a population case after case. JSON Lines lines are cut as they are; CSV rows are grouped
// by household id (the rows of a household follow each other) and decoded into the same case
// JSON as a case file, so that one reader (read_case) checks both formats and gives the same
// messages. Nothing is kept from one case to the next but the row read ahead.
#include "simulator/population.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <map>
#include <set>

#include "engine/calendar.hpp"
#include "engine/diagnostic.hpp"
#include "simulator/case_file.hpp"

namespace relais::simulator {

using nlohmann::json;

// ---- CSV columns ----

struct CsvColumn {
    enum class Kind { Household, Person, Role, Weight, Qpv, PeriodStart, PeriodMonths, PeriodHistory, Events, Input };
    Kind kind = Kind::Input;
    std::string name;                  ///< as in the header
    std::uint32_t input = ir::none;    ///< Kind::Input
    std::optional<engine::Month> month;  ///< an input's month column (NAME_AAAA-MM)
    bool household_level = false;      ///< one value per household (every kind but Person, Role, Events and person inputs)
};

struct CsvLayout {
    char separator = ',';
    std::vector<CsvColumn> columns;
    std::size_t household = 0;  ///< index of the household id column
    std::uint32_t group_entity = ir::none;
};

namespace {

constexpr std::size_t no_column = static_cast<std::size_t>(-1);

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<bool> boolean_word(std::string_view text) {
    const std::string w = lower(text);
    if (w == "true" || w == "vrai" || w == "oui" || w == "1") return true;
    if (w == "false" || w == "faux" || w == "non" || w == "0") return false;
    return std::nullopt;
}

std::string excerpt(std::string_view text) {
    std::string s(text.substr(0, 60));
    if (text.size() > 60) s += "...";
    return s;
}

std::string plural_key(const ir::Entity& entity) { return entity.name + "s"; }

// A cell of an input column as the case JSON writes it: booleans as JSON booleans, the rest
// as text, which read_case converts exactly (decimals, dates, months, enumeration values) and
// rejects with the field's name.
json cell_json(ir::Type type, const std::string& text) {
    if (type.kind == ir::Kind::Booleen) {
        if (const auto b = boolean_word(text)) return *b;
    }
    return text;
}

json whole_number_or_text(const std::string& text) {
    if (!text.empty() && text.size() < 10 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::stoll(text);
    return text;
}

std::vector<std::string> check_layout(CsvLayout& layout, const std::vector<std::string>& header,
                                      const ir::Program& program) {
    std::vector<std::string> problems;
    for (std::uint32_t e = 0; e < program.entities.size(); ++e) {
        if (!program.entities[e].is_group()) continue;
        if (layout.group_entity != ir::none) {
            problems.push_back("le format CSV ne décrit qu'une entité de groupe, les règles en déclarent plusieurs (" +
                               program.entities[layout.group_entity].name + ", " + program.entities[e].name +
                               ") : utilisez le format JSON Lines");
            return problems;
        }
        layout.group_entity = e;
    }
    if (layout.group_entity == ir::none || program.person_entity >= program.entities.size()) {
        problems.push_back("les règles ne déclarent pas d'entité personne et d'entité de groupe (foyer)");
        return problems;
    }
    std::vector<std::string> known = {"foyer", "personne", "role", "poids", "qpv", "periode_debut", "periode_mois",
                                      "periode_historique", "evenements"};
    for (const ir::Input& input : program.inputs) known.push_back(input.name);
    const auto input_named = [&](std::string_view name) -> std::uint32_t {
        for (std::uint32_t i = 0; i < program.inputs.size(); ++i)
            if (program.inputs[i].name == name) return i;
        return ir::none;
    };
    std::set<std::string> seen;
    std::size_t household = no_column;
    bool role = false;
    bool period_start = false;
    bool period_months = false;
    for (std::size_t c = 0; c < header.size(); ++c) {
        CsvColumn column;
        column.name = header[c];
        const std::string& name = column.name;
        if (!seen.insert(name).second) {
            problems.push_back("colonne « " + name + " » en double dans l'en-tête");
            continue;
        }
        using Kind = CsvColumn::Kind;
        if (name == "foyer") {
            column.kind = Kind::Household;
            household = c;
        } else if (name == "personne") {
            column.kind = Kind::Person;
        } else if (name == "role") {
            column.kind = Kind::Role;
            role = true;
        } else if (name == "poids") {
            column.kind = Kind::Weight;
        } else if (name == "qpv") {
            column.kind = Kind::Qpv;
        } else if (name == "periode_debut") {
            column.kind = Kind::PeriodStart;
            period_start = true;
        } else if (name == "periode_mois") {
            column.kind = Kind::PeriodMonths;
            period_months = true;
        } else if (name == "periode_historique") {
            column.kind = Kind::PeriodHistory;
        } else if (name == "evenements") {
            column.kind = Kind::Events;
        } else {
            std::uint32_t input = input_named(name);
            // NAME_AAAA-MM: the input's value for one month.
            if (input == ir::none && name.size() > 8 && name[name.size() - 8] == '_') {
                const auto month = engine::parse_month(std::string_view(name).substr(name.size() - 7));
                const std::uint32_t base = input_named(std::string_view(name).substr(0, name.size() - 8));
                if (month && base != ir::none) {
                    if (!program.inputs[base].monthly) {
                        problems.push_back("colonne « " + name + " » : l'entrée « " + program.inputs[base].name +
                                           " » est constante, elle n'a pas de valeur par mois (colonne « " +
                                           program.inputs[base].name + " »)");
                        continue;
                    }
                    input = base;
                    column.month = month;
                }
            }
            if (input == ir::none) {
                std::string close = engine::closest_name(name, known);
                // A truncated name ("salaire" for "salaire_net") is too far for the edit distance.
                for (const std::string& k : known)
                    if (close.empty() && name.size() >= 4 && k.rfind(name, 0) == 0) close = k;
                problems.push_back("colonne « " + name + " » inconnue : ni une colonne du format (foyer, personne, role, "
                                   "poids, qpv, periode_debut, periode_mois, periode_historique, evenements), ni une "
                                   "entrée des règles, ni ENTREE_AAAA-MM" +
                                   (close.empty() ? std::string() : " (vouliez-vous dire « " + close + " » ?)"));
                continue;
            }
            const std::uint32_t entity = program.inputs[input].entity;
            if (entity != program.person_entity && entity != layout.group_entity) {
                problems.push_back("colonne « " + name + " » : entrée d'une entité que le format CSV ne décrit pas");
                continue;
            }
            column.kind = Kind::Input;
            column.input = input;
        }
        column.household_level = !(column.kind == Kind::Person || column.kind == Kind::Role || column.kind == Kind::Events ||
                                   (column.kind == Kind::Input && program.inputs[column.input].entity == program.person_entity));
        layout.columns.push_back(std::move(column));
    }
    if (household == no_column) problems.push_back("colonne obligatoire « foyer » absente (identifiant du foyer)");
    if (!role) problems.push_back("colonne obligatoire « role » absente (rôle de la personne dans le foyer)");
    if (!period_start) problems.push_back("colonne obligatoire « periode_debut » absente (premier mois simulé, AAAA-MM)");
    if (!period_months) problems.push_back("colonne obligatoire « periode_mois » absente (nombre de mois simulés)");
    layout.household = household;
    return problems;
}

}  // namespace

// ---- CSV records ----

CsvSplit split_csv_record(std::string_view text, char separator, std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (true) {
        field.clear();
        if (i < n && text[i] == '"') {
            ++i;
            while (true) {
                if (i >= n) return CsvSplit::Unclosed;
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
            if (i < n && text[i] != separator) return CsvSplit::Malformed;
        } else {
            const std::size_t end = text.find(separator, i);
            const std::size_t stop = end == std::string_view::npos ? n : end;
            field.assign(text.substr(i, stop - i));
            i = stop;
        }
        fields.push_back(field);
        if (i >= n) return CsvSplit::Ok;
        ++i;  // the separator
        if (i == n) {
            fields.emplace_back();
            return CsvSplit::Ok;
        }
    }
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// ---- PopulationInput ----

PopulationInput::PopulationInput(std::istream& in, PopulationFormat format, const ir::Program& program)
    : in_(&in), format_(format), program_(&program) {}
PopulationInput::PopulationInput(PopulationInput&&) noexcept = default;
PopulationInput& PopulationInput::operator=(PopulationInput&&) noexcept = default;
PopulationInput::~PopulationInput() = default;

std::variant<PopulationInput, std::vector<std::string>> PopulationInput::open(std::istream& in, PopulationFormat format,
                                                                             const ir::Program& program) {
    PopulationInput input(in, format, program);
    if (format == PopulationFormat::JsonLines) return input;
    input.layout_ = std::make_unique<CsvLayout>();
    std::string header;
    while (input.read_line(header)) {
        if (header.find_first_not_of(" \t") != std::string::npos) break;
        header.clear();
    }
    if (header.empty()) return std::vector<std::string>{"le fichier CSV est vide : une ligne d'en-tête est attendue"};
    if (header.size() >= 3 && header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);  // UTF-8 BOM
    // A spreadsheet in French writes ';' between fields.
    input.layout_->separator = header.find(',') == std::string::npos && header.find(';') != std::string::npos ? ';' : ',';
    std::vector<std::string> names;
    if (split_csv_record(header, input.layout_->separator, names) != CsvSplit::Ok)
        return std::vector<std::string>{"ligne d'en-tête mal formée (guillemets)"};
    for (std::string& name : names) {
        const auto first = name.find_first_not_of(' ');
        const auto last = name.find_last_not_of(' ');
        name = first == std::string::npos ? std::string() : name.substr(first, last - first + 1);
    }
    auto problems = check_layout(*input.layout_, names, program);
    if (!problems.empty()) return problems;
    return input;
}

bool PopulationInput::read_line(std::string& line) {
    if (!std::getline(*in_, line)) return false;
    ++line_;
    bytes_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool PopulationInput::next_csv_row(CsvRow& row, std::string& problem) {
    problem.clear();
    std::string text;
    while (true) {
        if (!read_line(text)) return false;
        if (text.find_first_not_of(" \t") != std::string::npos) break;
    }
    row.line = line_;
    while (true) {
        const CsvSplit split = split_csv_record(text, layout_->separator, row.fields);
        if (split == CsvSplit::Ok) break;
        if (split == CsvSplit::Malformed) {
            problem = "ligne " + std::to_string(row.line) + " mal formée : du texte suit un champ entre guillemets";
            break;
        }
        std::string more;
        if (!read_line(more)) {
            problem = "ligne " + std::to_string(row.line) + " mal formée : guillemet ouvert jamais fermé";
            break;
        }
        text += '\n';
        text += more;
    }
    if (problem.empty() && row.fields.size() != layout_->columns.size())
        problem = "ligne " + std::to_string(row.line) + " mal formée : " + std::to_string(row.fields.size()) +
                  " champs au lieu de " + std::to_string(layout_->columns.size()) + " (séparateur « " +
                  std::string(1, layout_->separator) + " »)";
    return true;
}

bool PopulationInput::next(RawCase& out) {
    out = RawCase{};
    if (format_ == PopulationFormat::JsonLines) {
        std::string line;
        while (read_line(line)) {
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            out.line = out.last_line = line_;
            out.text = std::move(line);
            return true;
        }
        return false;
    }
    // CSV: the rows of one household, up to the first row of the next.
    const auto household_of = [&](const CsvRow& row) -> std::optional<std::string> {
        if (layout_->household >= row.fields.size()) return std::nullopt;
        return row.fields[layout_->household];
    };
    CsvRow row;
    std::string problem;
    if (pending_) {
        row = std::move(*pending_);
        pending_.reset();
        problem = std::move(pending_problem_);
        pending_problem_.clear();
    } else if (!next_csv_row(row, problem)) {
        return false;
    }
    const auto id = household_of(row);
    out.line = out.last_line = row.line;
    out.problem = problem;
    if (!id) return true;  // a malformed row without a household id: rejected alone
    out.id = *id;
    if (out.id.empty() && out.problem.empty())
        out.problem = "ligne " + std::to_string(row.line) + " : identifiant de foyer vide (colonne « foyer »)";
    out.rows.push_back(std::move(row));
    if (out.id.empty()) return true;
    while (true) {
        CsvRow next_row;
        if (!next_csv_row(next_row, problem)) break;
        const auto next_id = household_of(next_row);
        if (next_id && *next_id == out.id) {
            // A malformed row of the household rejects the whole household.
            if (!problem.empty() && out.problem.empty()) out.problem = problem;
            out.last_line = next_row.line;
            out.rows.push_back(std::move(next_row));
            continue;
        }
        pending_ = std::move(next_row);
        pending_problem_ = problem;
        break;
    }
    return true;
}

DecodedCase PopulationInput::decode(const RawCase& raw) const {
    DecodedCase out;
    decode(raw, out);
    return out;
}

void PopulationInput::decode(const RawCase& raw, DecodedCase& out) const {
    if (format_ == PopulationFormat::JsonLines) {
        decode_json_line(raw, out);
    } else {
        out = decode_csv_household(raw);
    }
}

void PopulationInput::decode_json_line(const RawCase& raw, DecodedCase& out) const {
    FlatJson flat = std::move(out.flat);  // all `out` keeps of the case before: its storage
    out = DecodedCase();
    out.flat = std::move(flat);
    out.attributes.id = "ligne " + std::to_string(raw.line);
    if (out.flat.parse(raw.text)) {
        out.in_flat = true;
    } else {
        // What FlatJson leaves to nlohmann, with nlohmann's messages (their byte offset).
        try {
            out.json = json::parse(raw.text);
        } catch (const json::parse_error& e) {
            out.problems.push_back("ligne mal formée : ce n'est pas du JSON valide (octet " + std::to_string(e.byte) +
                                   " de la ligne) ; chaque ligne doit être un cas complet sur une seule ligne");
            out.malformed = true;
            return;
        } catch (const json::exception&) {
            // A number out of a double's range (out_of_range.406): this line only, not the run.
            out.problems.push_back("ligne mal formée : un nombre est trop grand pour être lu");
            out.malformed = true;
            return;
        }
    }
    const JsonView root = out.view();
    if (!root.is_object()) {
        out.problems.push_back("ligne mal formée : un objet JSON (un cas) est attendu, pas « " + excerpt(root.dump()) + " »");
        out.malformed = true;
        return;
    }
    // The population's own keys leave the case once read: they are not the rules' inputs.
    const auto take_out = [&](std::string_view key) {
        if (out.in_flat) {
            out.flat.erase(FlatJson::root, key);
        } else {
            out.json.erase(std::string(key));
        }
    };
    if (const auto id = root.find(population_id_key)) {
        if (id->is_string() && !id->string().empty()) {
            out.attributes.id = id->string();
            out.attributes.id_given = true;
        } else if (id->is_integer()) {
            out.attributes.id = id->dump();
            out.attributes.id_given = true;
        } else {
            out.problems.push_back("champ « id », valeur « " + excerpt(id->dump()) +
                                   " » : un identifiant (texte non vide ou entier) est attendu");
        }
        take_out(population_id_key);
    }
    if (const auto weight_given = root.find(population_weight_key)) {
        const auto weight = value_from_json(*program_, ir::Type{ir::Kind::Nombre}, *weight_given);
        if (!weight || *weight < 0) {
            out.problems.push_back("champ « poids », valeur « " +
                                   excerpt(weight_given->is_string() ? std::string(weight_given->string()) : weight_given->dump()) +
                                   " » : un nombre positif ou nul est attendu (au plus 6 décimales)");
        } else {
            out.attributes.weight = *weight;
        }
        take_out(population_weight_key);
    }
    if (const auto qpv = root.find(population_qpv_key)) {
        if (qpv->is_boolean()) {
            out.attributes.qpv = qpv->boolean();
        } else {
            out.problems.push_back("champ « qpv », valeur « " + excerpt(qpv->dump()) + " » : true ou false est attendu");
        }
        take_out(population_qpv_key);
    }
}

DecodedCase PopulationInput::decode_csv_household(const RawCase& raw) const {
    DecodedCase out;
    out.attributes.id = raw.id.empty() ? "ligne " + std::to_string(raw.line) : raw.id;
    out.attributes.id_given = !raw.id.empty();
    if (!raw.problem.empty()) {
        out.problems.push_back(raw.problem);
        return out;
    }
    const ir::Program& program = *program_;
    const CsvLayout& layout = *layout_;
    const ir::Entity& group = program.entities[layout.group_entity];
    const std::string persons_key = plural_key(program.entities[program.person_entity]);
    const std::string groups_key = plural_key(group);
    using Kind = CsvColumn::Kind;

    // Household-level columns: the same value on every row that gives one.
    std::vector<std::optional<std::pair<std::string, std::uint64_t>>> household_values(layout.columns.size());
    for (const CsvRow& row : raw.rows) {
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            if (!layout.columns[c].household_level || row.fields[c].empty()) continue;
            auto& slot = household_values[c];
            if (!slot) {
                slot = std::make_pair(row.fields[c], row.line);
            } else if (slot->first != row.fields[c]) {
                out.problems.push_back("colonne « " + layout.columns[c].name + " » : valeurs différentes pour le même foyer (« " +
                                       excerpt(slot->first) + " » ligne " + std::to_string(slot->second) + ", « " +
                                       excerpt(row.fields[c]) + " » ligne " + std::to_string(row.line) + ")");
            }
        }
    }

    json person_objects = json::object();
    json group_object = json::object();
    for (const ir::Role& role : group.roles) group_object[role.name] = json::array();
    json events = json::array();
    json period = json::object();
    std::size_t person_column = no_column;
    std::size_t role_column = no_column;
    std::size_t events_column = no_column;
    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        if (layout.columns[c].kind == Kind::Person) person_column = c;
        if (layout.columns[c].kind == Kind::Role) role_column = c;
        if (layout.columns[c].kind == Kind::Events) events_column = c;
    }

    // Monthly values gathered per (input, instance) before they become {month: value} objects.
    const auto set_input = [&](json& object, const CsvColumn& column, const std::string& text, std::uint64_t line) {
        const ir::Input& input = program.inputs[column.input];
        json value = cell_json(input.type, text);
        if (!column.month) {
            if (object.contains(input.name) && object[input.name].is_object()) {
                out.problems.push_back("ligne " + std::to_string(line) + ", colonne « " + column.name +
                                       " » : l'entrée a aussi des colonnes par mois (" + input.name +
                                       "_AAAA-MM) ; donnez l'une ou les autres");
                return;
            }
            object[input.name] = std::move(value);
            return;
        }
        json& slot = object[input.name];
        if (!slot.is_null() && !slot.is_object()) {
            out.problems.push_back("ligne " + std::to_string(line) + ", colonne « " + column.name + " » : l'entrée a aussi une colonne « " +
                                   input.name + " » (valeur constante) ; donnez l'une ou les autres");
            return;
        }
        slot[engine::format_month(*column.month)] = std::move(value);
    };

    std::size_t rank = 0;
    for (const CsvRow& row : raw.rows) {
        ++rank;
        std::string person = person_column == no_column ? std::string() : row.fields[person_column];
        if (person.empty()) person = "p" + std::to_string(rank);
        if (person_objects.contains(person)) {
            out.problems.push_back("ligne " + std::to_string(row.line) + " : la personne « " + person +
                                   " » figure deux fois dans le foyer");
            continue;
        }
        json& object = person_objects[person];
        object = json::object();
        const std::string role = row.fields[role_column];
        const auto r = std::find_if(group.roles.begin(), group.roles.end(), [&](const ir::Role& x) { return x.name == role; });
        if (role.empty()) {
            // A person an event adds to the household (a birth, a partner moving in).
        } else if (r == group.roles.end()) {
            std::string allowed;
            for (const ir::Role& x : group.roles) allowed += (allowed.empty() ? "" : ", ") + x.name;
            out.problems.push_back("ligne " + std::to_string(row.line) + ", colonne « role », valeur « " + excerpt(role) +
                                   " » : un rôle du " + group.name + " est attendu (" + allowed + ")");
        } else {
            group_object[role].push_back(person);
        }
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            const CsvColumn& column = layout.columns[c];
            if (column.kind != Kind::Input || column.household_level || row.fields[c].empty()) continue;
            set_input(object, column, row.fields[c], row.line);
        }
        if (events_column != no_column && !row.fields[events_column].empty()) {
            json cell = json::parse(row.fields[events_column], nullptr, /*allow_exceptions=*/false);
            if (cell.is_object()) cell = json::array({cell});
            if (!cell.is_array()) {
                out.problems.push_back("ligne " + std::to_string(row.line) +
                                       ", colonne « evenements » : une liste JSON d'événements est attendue, par exemple "
                                       "[{\"mois\": \"2026-03\", \"type\": \"reprise_emploi\", \"salaire_net\": 900, \"heures\": 80}]");
            } else {
                // An event of a person, on that person's row, concerns that person unless it says otherwise.
                const std::string& person_key = program.entities[program.person_entity].name;
                for (json& event : cell) {
                    if (event.is_object() && event.contains("type") && event["type"].is_string() && !event.contains(person_key)) {
                        const std::string type = event["type"].get<std::string>();
                        for (const ir::EventType& declared : program.events)
                            if (declared.name == type && declared.entity == program.person_entity) event[person_key] = person;
                    }
                    events.push_back(std::move(event));
                }
            }
        }
    }

    for (std::size_t c = 0; c < layout.columns.size(); ++c) {
        const auto& given = household_values[c];
        if (!given) continue;
        const CsvColumn& column = layout.columns[c];
        const std::string& text = given->first;
        switch (column.kind) {
            case Kind::Weight: {
                const auto weight = engine::parse_decimal(text);
                if (!weight || *weight < 0) {
                    out.problems.push_back("colonne « poids », valeur « " + excerpt(text) +
                                           " » : un nombre positif ou nul est attendu (au plus 6 décimales, séparateur « . »)");
                } else {
                    out.attributes.weight = *weight;
                }
                break;
            }
            case Kind::Qpv: {
                const auto qpv = boolean_word(text);
                if (!qpv) {
                    out.problems.push_back("colonne « qpv », valeur « " + excerpt(text) + " » : oui ou non est attendu");
                } else {
                    out.attributes.qpv = *qpv;
                }
                break;
            }
            case Kind::PeriodStart: period["debut"] = text; break;
            case Kind::PeriodMonths: period["mois"] = whole_number_or_text(text); break;
            case Kind::PeriodHistory: period["historique"] = whole_number_or_text(text); break;
            case Kind::Input: set_input(group_object, column, text, given->second); break;
            default: break;
        }
    }
    if (!out.problems.empty()) return out;
    out.json = json::object();
    out.json["periode"] = std::move(period);
    out.json[persons_key] = std::move(person_objects);
    out.json[groups_key] = json::object();
    out.json[groups_key][raw.id] = std::move(group_object);
    if (!events.empty()) out.json["evenements"] = std::move(events);
    return out;
}

}  // namespace relais::simulator
