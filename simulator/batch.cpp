// The population run. One thread (the caller's) reads the input into units of raw cases and
// writes finished units in input order; worker threads decode, read, evaluate and assemble the
// cases of a unit under both programs and add them to their own exact sums, merged at the end.
// Evaluation is either scalar (one engine::Evaluation per case and side) or columnar (one chunk
// per unit and side); both hand the same CaseValues to the same assembly as simulate().
#include "simulator/batch.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <variant>

#include "engine/calendar.hpp"
#include "engine/columnar.hpp"
#include "engine/evaluator.hpp"
#include "engine/ir/dependencies.hpp"
#include "engine/ir/equivalence.hpp"
#include "simulator/case_file.hpp"
#include "simulator/events.hpp"

namespace relais::simulator {

namespace {

using engine::Month;
using engine::Value;

std::optional<std::uint32_t> variable_named(const ir::Program& program, std::string_view name) {
    for (std::uint32_t v = 0; v < program.variables.size(); ++v)
        if (program.variables[v].name == name) return v;
    return std::nullopt;
}

std::optional<std::uint32_t> input_named(const ir::Program& program, std::string_view name) {
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i)
        if (program.inputs[i].name == name) return i;
    return std::nullopt;
}

// By naming convention (as OpenFisca-France): the person's age in years on the first day of
// the month, and the household's commune code.
constexpr const char* age_variable = "age";
constexpr const char* commune_input = "depcom";

std::optional<std::uint32_t> age_of(const ir::Program& program) {
    const auto v = variable_named(program, age_variable);
    if (!v || program.variables[*v].entity != program.person_entity) return std::nullopt;
    return v;
}

// An input as the evaluator reads it: the constant, the month's value, else the default.
std::optional<Value> input_at(const ir::Program& program, const engine::CaseData& data, std::uint32_t input,
                              std::uint32_t instance, Month m) {
    if (input < data.inputs.size() && instance < data.inputs[input].size()) {
        const engine::InputSeries& series = data.inputs[input][instance];
        if (series.constant) return *series.constant;
        const auto it = std::lower_bound(series.by_month.begin(), series.by_month.end(), std::make_pair(m, Value{0}),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
        if (it != series.by_month.end() && it->first == m) return it->second;
    }
    return program.inputs[input].default_value;
}

// A cases.csv row written through a pointer into room made once in the output (a row has some
// 20 fields; appending them one by one to the string cost more than formatting them).
class RowWriter {
public:
    /// Room for `most` characters at the end of `out`; the row ends where the writer stops.
    RowWriter(std::string& out, std::size_t most) : out_(out) {
        const std::size_t start = out.size();
        out.resize(start + most);
        p_ = out.data() + start;
    }
    ~RowWriter() { out_.resize(static_cast<std::size_t>(p_ - out_.data())); }
    RowWriter(const RowWriter&) = delete;
    RowWriter& operator=(const RowWriter&) = delete;

    /// The longest amount: "-" and 17 digits of cents with their point.
    static constexpr std::size_t amount_size = 21;

    void text(std::string_view s) {
        std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
    }
    /// Where the writer is in the output.
    std::size_t position() const { return static_cast<std::size_t>(p_ - out_.data()); }
    /// Writes again `size` characters written earlier at `from`.
    void repeat(std::size_t from, std::size_t size) {
        std::memcpy(p_, out_.data() + from, size);
        p_ += size;
    }
    void put(char c) { *p_++ = c; }

    // An amount rounded to the cent, half away from zero, as the JSON contract writes it.
    void amount(Value v) {
        if (v > -5'000 && v < 5'000) {  // rounds to zero cents (most amounts of most cases)
            text("0.00");
            return;
        }
        Value cents = v / 10'000;
        const Value rest = v % 10'000;
        if (rest >= 5'000) ++cents;
        if (rest <= -5'000) --cents;
        std::uint64_t a = cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
        char buffer[amount_size];
        char* const end = buffer + sizeof buffer;
        char* q = end;
        *--q = static_cast<char>('0' + a % 10);
        a /= 10;
        *--q = static_cast<char>('0' + a % 10);
        a /= 10;
        *--q = '.';
        do {
            *--q = static_cast<char>('0' + a % 10);
            a /= 10;
        } while (a != 0);
        if (cents < 0) *--q = '-';
        text(std::string_view(q, static_cast<std::size_t>(end - q)));
    }

    // "2026-03", as engine::format_month, without building a string per row.
    void month(Month m) {
        const int year = engine::year_of(m);
        const unsigned number = engine::month_number(m);
        if (year < 1000 || year > 9999) {
            text(engine::format_month(m).substr(0, amount_size));
            return;
        }
        const char digits[7] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                                static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10), '-',
                                static_cast<char>('0' + number / 10), static_cast<char>('0' + number % 10)};
        text(std::string_view(digits, sizeof digits));
    }

private:
    std::string& out_;
    char* p_ = nullptr;
};

std::string problems_text(const std::vector<CaseProblem>& problems) {
    std::string out;
    for (const CaseProblem& p : problems) {
        if (!out.empty()) out += " ; ";
        if (!p.field.empty()) out += "champ « " + p.field + " »";
        if (!p.value.empty()) out += std::string(p.field.empty() ? "" : ", ") + "valeur « " + p.value + " »";
        out += (p.field.empty() && p.value.empty() ? "" : " : ") + p.message;
    }
    return out;
}

// Do the two programs read a case into the same CaseData (same entities, roles, enumerations,
// inputs and events)? Then a case is read and its events applied once, for both sides: an
// overlay that changes parameters and variables, the usual reform, does not change them.
bool same_case_reading(const ir::Program& a, const ir::Program& b) {
    if (a.person_entity != b.person_entity || a.entities.size() != b.entities.size() ||
        a.enumerations.size() != b.enumerations.size() || a.inputs.size() != b.inputs.size() ||
        a.events.size() != b.events.size())
        return false;
    for (std::size_t e = 0; e < a.entities.size(); ++e) {
        const ir::Entity& x = a.entities[e];
        const ir::Entity& y = b.entities[e];
        if (x.name != y.name || x.roles.size() != y.roles.size()) return false;
        for (std::size_t r = 0; r < x.roles.size(); ++r)
            if (x.roles[r].name != y.roles[r].name || x.roles[r].cardinality != y.roles[r].cardinality) return false;
    }
    for (std::size_t e = 0; e < a.enumerations.size(); ++e)
        if (a.enumerations[e].name != b.enumerations[e].name || a.enumerations[e].values != b.enumerations[e].values) return false;
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
        const ir::Input& x = a.inputs[i];
        const ir::Input& y = b.inputs[i];
        if (x.name != y.name || !(x.type == y.type) || x.entity != y.entity || x.monthly != y.monthly ||
            x.default_value != y.default_value)
            return false;
    }
    for (std::size_t k = 0; k < a.events.size(); ++k) {
        const ir::EventType& x = a.events[k];
        const ir::EventType& y = b.events[k];
        if (x.name != y.name || x.entity != y.entity || x.until_field != y.until_field || x.one_off != y.one_off ||
            x.fields.size() != y.fields.size() || x.effects.size() != y.effects.size())
            return false;
        for (std::size_t f = 0; f < x.fields.size(); ++f)
            if (x.fields[f].name != y.fields[f].name || !(x.fields[f].type == y.fields[f].type) ||
                x.fields[f].optional != y.fields[f].optional || x.fields[f].is_person != y.fields[f].is_person)
                return false;
        for (std::size_t f = 0; f < x.effects.size(); ++f)
            if (x.effects[f].kind != y.effects[f].kind || x.effects[f].input != y.effects[f].input ||
                x.effects[f].role != y.effects[f].role || x.effects[f].field != y.effects[f].field ||
                x.effects[f].literal != y.effects[f].literal || x.effects[f].months != y.effects[f].months)
                return false;
    }
    return true;
}

// What one side of the run needs, fixed before the first case.
struct Side {
    const ir::Program* program = nullptr;
    const engine::SourceSet* sources = nullptr;
    const char* label = "";  // for reasons: "loi de référence", "réforme"
    std::vector<bool> needed;
    std::unique_ptr<engine::columnar::Plan> plan;
    std::optional<std::uint32_t> age;
    std::optional<std::uint32_t> commune;
    std::uint32_t household = ir::none;
    /// [variable] -> its slot among the roots (the variables the assembly reads), or -1.
    std::vector<std::int32_t> slot;
    std::vector<std::uint32_t> roots;
    std::vector<std::uint32_t> slot_entity;  ///< [slot] -> the root's entity
    std::optional<AssemblyPlan> assembly;
    std::optional<CaseSchema> schema;
};

std::string evaluation_reason(const Side& side, const engine::CaseData& data, const engine::EvalError& error) {
    std::string out = std::string("erreur de calcul (") + side.label + ") : " + error.message;
    if (side.sources != nullptr && error.span.file < side.sources->size()) {
        const engine::SourceFile& file = side.sources->file(error.span.file);
        const engine::LineColumn at = file.locate(error.span.begin);
        out += " (" + file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ")";
    }
    if (error.entity < data.instance_names.size() && error.instance < data.instance_names[error.entity].size())
        out += ", pour « " + data.instance_names[error.entity][error.instance] + " »";
    if (error.month != 0) out += " en " + engine::format_month(error.month);
    return out;
}

// [band] -> the age band's name ("25-29", "60+"), for lower bounds `age_bands`.
std::vector<std::string> age_band_names(const std::vector<int>& age_bands) {
    std::vector<std::string> names;
    for (std::size_t band = 0; band <= age_bands.size(); ++band) {
        if (band == 0) {
            names.push_back("0-" + std::to_string(age_bands.empty() ? 0 : age_bands[0] - 1));
        } else if (band == age_bands.size()) {
            names.push_back(std::to_string(age_bands[band - 1]) + "+");
        } else {
            names.push_back(std::to_string(age_bands[band - 1]) + "-" + std::to_string(age_bands[band] - 1));
        }
    }
    return names;
}

// The groups of a case, read at periode.debut on the base side; `age_names` are
// age_band_names(age_bands), named once for every case.
CaseGroups groups_of(const Side& side, const std::vector<int>& age_bands, const std::vector<std::string>& age_names,
                     const CaseValues& values, Month at, const CaseAttributes& attributes) {
    CaseGroups g;
    const ir::Program& program = *side.program;
    const engine::CaseData& data = values.data();
    g.qpv = !attributes.qpv ? "inconnu" : *attributes.qpv ? "oui" : "non";
    g.qpv_rank = !attributes.qpv ? 2 : *attributes.qpv ? 0 : 1;
    g.commune = "inconnue";
    g.age_band = "inconnu";
    g.age_rank = static_cast<int>(age_bands.size()) + 1;
    g.household_type = "autre";
    g.household_rank = 4;
    const std::uint32_t h = side.household;
    if (h == ir::none || data.instance_count(h) != 1) return g;
    if (side.commune) {
        if (const auto v = input_at(program, data, *side.commune, 0, at); v && *v > 0) g.commune = engine::format_decimal(*v);
    }
    // Roles by cardinality, not by name: the claimant holds the `un` role, a partner the
    // `optionnel` one, children the `plusieurs` one.
    const ir::Entity& entity = program.entities[h];
    std::optional<std::uint32_t> claimant;
    bool partner = false;
    bool children = false;
    for (std::uint32_t r = 0; r < entity.roles.size(); ++r) {
        const auto& holders = data.members[h][0][r];
        for (std::size_t k = 0; k < holders.size(); ++k) {
            if (!data.holds_role(h, 0, r, k, at)) continue;
            switch (entity.roles[r].cardinality) {
                case ir::Cardinality::One:
                    if (!claimant) claimant = holders[k];
                    break;
                case ir::Cardinality::Optional: partner = true; break;
                case ir::Cardinality::Many: children = true; break;
            }
        }
    }
    static constexpr const char* types[] = {"personne_seule", "couple", "parent_isole", "couple_avec_enfants"};
    g.household_rank = partner && children ? 3 : children ? 2 : partner ? 1 : 0;
    g.household_type = types[g.household_rank];
    if (claimant && side.age) {
        const Value age = values.value(*side.age, *claimant, at) / engine::one;
        std::size_t band = 0;
        while (band < age_bands.size() && age >= age_bands[band]) ++band;
        g.age_rank = static_cast<int>(band);
        g.age_band = age_names[band];
    }
    return g;
}

// One case of a unit, through its stages.
struct Work {
    RawCase raw;
    CaseAttributes attributes;
    Month report_first[2] = {0, 0};
    engine::CaseData data[2];  ///< data[1] is unused when both sides read cases alike
    const engine::CaseData* side_data[2] = {nullptr, nullptr};
    std::optional<BatchReject> reject;
    Run run[2];
    bool reform_is_base = false;  ///< the reform's run is run[0] (same values, same schemes)
    const Run& reform_run() const { return reform_is_base ? run[0] : run[1]; }
    CaseGroups groups;
};

struct Unit {
    std::vector<Work> cases;
    std::string rows;
    std::vector<BatchReject> rejects;
    std::vector<CaseResult> results;
    BatchSummary summary;
    std::exception_ptr error;
    bool done = false;
};

// The columns of a chunk the assembly reads, by slot and month: one pointer per (root, month),
// so that a value is two loads instead of ChunkResult::value's checks.
struct ChunkColumns {
    Month first = 0;
    Month last = 0;
    std::vector<const Value*> columns;  // [slot * months + (month - first)]

    void reset(const Side& side, const engine::columnar::ChunkResult& chunk) {
        first = chunk.first();
        last = chunk.last();
        const std::size_t months = static_cast<std::size_t>(last - first + 1);
        columns.assign(side.roots.size() * months, nullptr);
        for (std::size_t k = 0; k < side.roots.size(); ++k)
            for (Month m = first; m <= last; ++m)
                columns[k * months + static_cast<std::size_t>(m - first)] = chunk.column(side.roots[k], m).data();
    }
};

// The values of one case of a columnar chunk.
class ChunkCaseValues final : public CaseValues {
public:
    ChunkCaseValues(const Side& side, const engine::columnar::ChunkResult& chunk, const ChunkColumns& columns,
                    std::uint32_t index, const engine::CaseData& data)
        : side_(side), chunk_(chunk), columns_(columns), index_(index), data_(data) {
        const auto& entities = side.program->entities;
        first_lane_.resize(entities.size());
        for (std::uint32_t e = 0; e < entities.size(); ++e) first_lane_[e] = chunk.first_lane(e, index);
    }
    const engine::CaseData& data() const override { return data_; }
    Value value(std::uint32_t variable, std::uint32_t instance, Month month) const override {
        const std::int32_t slot = side_.slot[variable];
        if (slot < 0 || month > columns_.last) return chunk_.value(variable, index_, instance, month);
        if (month < columns_.first) return 0;
        const std::size_t months = static_cast<std::size_t>(columns_.last - columns_.first + 1);
        const Value* column = columns_.columns[static_cast<std::size_t>(slot) * months + static_cast<std::size_t>(month - columns_.first)];
        return column[first_lane_[side_.slot_entity[static_cast<std::size_t>(slot)]] + instance];
    }
    void values(std::uint32_t variable, std::uint32_t instance, Month first, Month last, Value* out) const override {
        const std::int32_t slot = side_.slot[variable];
        if (slot < 0) return CaseValues::values(variable, instance, first, last, out);
        // value()'s look-ups once per row, then one load per month of the chunk.
        const Month chunk_first = columns_.first;
        const Month chunk_last = columns_.last;
        const std::size_t months = static_cast<std::size_t>(chunk_last - chunk_first + 1);
        const Value* const* columns = &columns_.columns[static_cast<std::size_t>(slot) * months];
        const std::uint32_t lane = first_lane_[side_.slot_entity[static_cast<std::size_t>(slot)]] + instance;
        Month m = first;
        for (; m <= last && m < chunk_first; ++m) *out++ = 0;
        for (; m <= last && m <= chunk_last; ++m) *out++ = columns[m - chunk_first][lane];
        for (; m <= last; ++m) *out++ = chunk_.value(variable, index_, instance, m);
    }

private:
    const Side& side_;
    const engine::columnar::ChunkResult& chunk_;
    const ChunkColumns& columns_;
    std::uint32_t index_;
    const engine::CaseData& data_;
    std::vector<std::uint32_t> first_lane_;
};

struct WorkerState {
    explicit WorkerState(const BatchLayout* layout) : aggregates(layout) {}
    Aggregates aggregates;
    CaseContribution contribution;  ///< the last case's, kept for its storage
    std::vector<Run> spare_runs;    ///< of finished cases, kept for their storage
    DecodedCase decoded;            ///< the case being read, kept for its storage
    CaseReading reading;            ///< its reading, kept for its storage
    std::vector<engine::CaseData> spare_data;  ///< of finished cases, kept for their storage
    std::unique_ptr<engine::columnar::Evaluator> evaluators[2];
    engine::columnar::ChunkResult chunks[2];
    ChunkColumns columns[2];
    std::vector<char> differs;  ///< see Runner::cases_differing_from_base
};

class Runner {
public:
    Runner(const PopulationInput& input, const Side (&sides)[2], const BatchOptions& options, const BatchLayout& layout,
           bool shared_reading)
        : input_(input), sides_(sides), options_(options), layout_(layout), age_names_(age_band_names(options.age_bands)),
          shared_reading_(shared_reading) {
        for (const BatchLayout::Scheme& scheme : layout.schemes)
            for (int side = 0; side < 2; ++side)
                if (const std::uint32_t index = side == 0 ? scheme.base : scheme.reform; index != ir::none)
                    row_schemes_[side].emplace_back(index, scheme.connexe);
        if (!shared_reading_) return;
        shared_variables_ = ir::equivalent_variables(*sides[0].program, *sides[1].program);
        same_name_ = ir::variables_of_same_name(*sides[0].program, *sides[1].program);
        first_difference_ = ir::first_difference(*sides[0].program, *sides[1].program);
        // A case whose reform roots equal its base roots (the base variables of the same name)
        // has the base's timeline when both declare the same schemes. Shared roots compare by
        // pointer at once.
        if (!ir::same_schemes(*sides[0].program, *sides[1].program)) return;
        for (std::size_t k = 0; k < sides[1].roots.size(); ++k) {
            const std::uint32_t b = same_name_[sides[1].roots[k]];
            if (b == ir::none || sides[0].slot[b] < 0) return;
            compared_roots_.emplace_back(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(sides[0].slot[b]));
        }
        compare_with_base_ = true;
    }

    void process(Unit& unit, WorkerState& state) const {
        for (Work& work : unit.cases) prepare(work, state);
        if (options_.evaluator == BatchEvaluator::Columnar) {
            evaluate_columnar(unit, state);
        } else {
            for (Work& work : unit.cases) evaluate_scalar(work, state);
        }
        for (Work& work : unit.cases) finish(work, unit, state);
    }

private:
    void reject(Work& work, RejectKind kind, std::string reason) const {
        if (work.reject) return;
        work.reject = BatchReject{work.raw.line, work.attributes.id_given ? work.attributes.id : std::string(),
                                  kind, std::move(reason)};
    }

    void prepare(Work& work, WorkerState& state) const {
        if (!work.raw.problem.empty()) {
            work.attributes.id = work.raw.id;
            work.attributes.id_given = !work.raw.id.empty();
            reject(work, RejectKind::Malformed, work.raw.problem);
            return;
        }
        DecodedCase& decoded = state.decoded;
        input_.decode(work.raw, decoded);
        work.attributes = std::move(decoded.attributes);
        if (!decoded.problems.empty()) {
            std::string reason;
            for (const std::string& p : decoded.problems) reason += (reason.empty() ? "" : " ; ") + p;
            reject(work, decoded.malformed ? RejectKind::Malformed : RejectKind::Invalid, std::move(reason));
            return;
        }
        for (int s = 0; s < (shared_reading_ ? 1 : 2); ++s) {
            const ir::Program& program = *sides_[s].program;
            const std::string suffix = s == 1 ? std::string(" (") + sides_[s].label + ")" : std::string();
            CaseReading& reading = state.reading;
            if (!state.spare_data.empty()) {
                reading.value.data = std::move(state.spare_data.back());
                state.spare_data.pop_back();
            }
            read_case(decoded.view(), *sides_[s].schema, work.attributes.id, reading);
            if (reading.problems.empty() && !reading.value.overlay.empty())
                reading.problems.push_back({"surcouche", reading.value.overlay,
                                            "une surcouche propre au cas n'est pas prise en compte dans un lot : "
                                            "donnez-la avec --scenario ou --baseline"});
            EventCheck events = check_events(program, reading.value);
            if (!reading.problems.empty() || !events.problems.empty()) {
                reading.problems.insert(reading.problems.end(), events.problems.begin(), events.problems.end());
                reject(work, RejectKind::Invalid, problems_text(reading.problems) + suffix);
                return;
            }
            // The scenario only: a population run compares two laws, not the case with and
            // without its events, so the baseline data simulate() also builds is not needed.
            AppliedEvents applied = apply_events(program, std::move(reading.value.data), events.events);
            if (!applied.problems.empty()) {
                reject(work, RejectKind::Invalid, problems_text(applied.problems) + suffix);
                return;
            }
            work.report_first[s] = reading.value.report_first;
            work.data[s] = std::move(applied.data);
            work.side_data[s] = &work.data[s];
        }
        if (shared_reading_) {
            work.report_first[1] = work.report_first[0];
            work.side_data[1] = &work.data[0];
        }
        // The case is read and its events applied: its document is no longer read (a flat
        // one keeps its storage for the next case).
        decoded.json = nlohmann::json();
    }

    void assemble(Work& work, int s, const CaseValues& values, WorkerState& state) const {
        // A run's totals are all it reports, unless the caller wants each case's whole runs.
        const AssemblyDetail detail = options_.on_case ? AssemblyDetail::Full : AssemblyDetail::Totals;
        if (!state.spare_runs.empty()) {
            work.run[s] = std::move(state.spare_runs.back());
            state.spare_runs.pop_back();
        }
        assemble_run(*sides_[s].assembly, work.report_first[s], values, options_.simulation, detail, work.run[s]);
        if (s == 0)
            work.groups = groups_of(sides_[0], options_.age_bands, age_names_, values, work.report_first[0],
                                    work.attributes);
    }

    void evaluate_scalar(Work& work, WorkerState& state) const {
        for (int s = 0; s < 2 && !work.reject; ++s) evaluate_scalar_side(work, s, state);
    }

    // Chunk by chunk: the base law, then the reform over the same cases, sharing the base's
    // columns for every variable the reform leaves alone (when both read cases alike).
    void evaluate_columnar(Unit& unit, WorkerState& state) const {
        namespace col = engine::columnar;
        std::vector<Work*> works;
        std::vector<const engine::CaseData*> cases;
        for (Work& work : unit.cases) {
            if (work.reject) continue;
            works.push_back(&work);
            cases.push_back(work.side_data[0]);
        }
        if (cases.empty()) return;
        for (int s = 0; s < 2; ++s)
            if (!state.evaluators[s]) state.evaluators[s] = std::make_unique<col::Evaluator>(*sides_[s].plan);
        for (const col::Chunk& chunk : col::make_chunks(cases, cases.size())) {
            std::vector<Work*> chunk_works;
            for (const std::size_t i : chunk.indices) chunk_works.push_back(works[i]);
            const bool base_evaluated = evaluate_chunk(chunk_works, state, 0, nullptr);
            const col::Sharing sharing{&state.chunks[0], shared_variables_, same_name_, first_difference_};
            evaluate_chunk(chunk_works, state, 1, base_evaluated && !shared_variables_.empty() ? &sharing : nullptr);
        }
    }

    // One side of a chunk: evaluated, then each case assembled (or rejected). False when the
    // columnar evaluator does not take the chunk: the scalar evaluator then does each case.
    bool evaluate_chunk(const std::vector<Work*>& works, WorkerState& state, int s,
                        const engine::columnar::Sharing* sharing) const {
        namespace col = engine::columnar;
        std::vector<const engine::CaseData*> cases;
        for (const Work* work : works) cases.push_back(work->side_data[s]);
        col::ChunkResult& result = state.chunks[s];
        try {
            if (sharing != nullptr) state.evaluators[s]->run(cases, result, *sharing);
            else state.evaluators[s]->run(cases, result);
        } catch (const std::invalid_argument&) {
            // A case the columnar evaluator does not take: the scalar evaluator says why.
            for (Work* work : works)
                if (!work->reject) evaluate_scalar_side(*work, s, state);
            return false;
        }
        state.columns[s].reset(sides_[s], result);
        if (sharing != nullptr) cases_differing_from_base(state);
        for (std::uint32_t c = 0; c < works.size(); ++c) {
            Work& work = *works[c];
            if (work.reject) continue;
            const engine::CaseData& data = *work.side_data[s];
            try {
                if (!result.ok(c)) {
                    reject(work, RejectKind::Failed,
                           evaluation_reason(sides_[s], data, col::failure_of(*sides_[s].plan, data)));
                    continue;
                }
                if (sharing != nullptr && !state.differs[c]) {
                    work.reform_is_base = true;  // the same timeline: not assembled twice
                    continue;
                }
                assemble(work, s, ChunkCaseValues(sides_[s], result, state.columns[s], c, data), state);
            } catch (const std::exception& e) {
                reject(work, RejectKind::Failed, std::string("erreur de calcul (") + sides_[s].label + ") : " + e.what());
            }
        }
        return true;
    }

    // [case of the chunk] -> 1 when some reform root differs from the base's, some month; all
    // 1 when the two sides cannot be compared. One pass over the lanes of the columns that
    // are not shared.
    void cases_differing_from_base(WorkerState& state) const {
        const engine::columnar::ChunkResult& reform = state.chunks[1];
        std::vector<char>& differs = state.differs;
        differs.assign(reform.case_count(), compare_with_base_ ? 0 : 1);
        if (!compare_with_base_) return;
        const ChunkColumns& base_columns = state.columns[0];
        const ChunkColumns& reform_columns = state.columns[1];
        const std::size_t months = static_cast<std::size_t>(reform_columns.last - reform_columns.first + 1);
        for (const auto& [reform_slot, base_slot] : compared_roots_) {
            const std::uint32_t entity = sides_[1].slot_entity[reform_slot];
            const auto lane_cases = reform.lane_cases(entity);
            for (std::size_t m = 0; m < months; ++m) {
                const Value* a = reform_columns.columns[reform_slot * months + m];
                const Value* b = base_columns.columns[base_slot * months + m];
                if (a == b) continue;
                for (std::size_t lane = 0; lane < lane_cases.size(); ++lane)
                    if (a[lane] != b[lane]) differs[lane_cases[lane]] = 1;
            }
        }
    }

    void evaluate_scalar_side(Work& work, int s, WorkerState& state) const {
        try {
            const engine::CaseData& data = *work.side_data[s];
            auto outcome = engine::Evaluation::run(*sides_[s].program, data, sides_[s].needed);
            if (const auto* error = std::get_if<engine::EvalError>(&outcome)) {
                reject(work, RejectKind::Failed, evaluation_reason(sides_[s], data, *error));
                return;
            }
            assemble(work, s, EvaluationValues(std::get<engine::Evaluation>(outcome)), state);
        } catch (const std::exception& e) {
            reject(work, RejectKind::Failed, std::string("erreur de calcul (") + sides_[s].label + ") : " + e.what());
        }
    }

    void finish(Work& work, Unit& unit, WorkerState& state) const {
        ++unit.summary.read;
        if (work.reject) {
            ++unit.summary.rejected;
            ++unit.summary.rejected_by_kind[static_cast<int>(work.reject->kind)];
            unit.rejects.push_back(std::move(*work.reject));
            release(work, state);
            return;
        }
        const Run& base = work.run[0];
        const Run& reform = work.reform_run();
        ++unit.summary.simulated;
        const std::size_t months = base.timeline.months.size();
        unit.summary.case_months += months;
        if (months > 0) {
            const Month first = base.timeline.months.front().month;
            const Month last = base.timeline.months.back().month;
            if (!unit.summary.first || first < *unit.summary.first) unit.summary.first = first;
            if (!unit.summary.last || last > *unit.summary.last) unit.summary.last = last;
        }
        contribution_of(layout_, base, reform, state.contribution);
        state.aggregates.add(state.contribution, work.groups, work.attributes.weight);
        write_rows(work, unit.rows);
        if (options_.on_case)
            unit.results.push_back({work.raw.line, work.attributes, work.groups, work.run[0], work.reform_run()});
        release(work, state);
    }

    // What a worker allocated, it frees (freeing it from the writing thread would contend for
    // the worker's malloc arena), or keeps for its next cases: the runs, whose months and
    // totals the next assembly overwrites, and the data, which the next reading assigns afresh.
    static void release(Work& work, WorkerState& state) {
        for (engine::CaseData& data : work.data) {
            if (data.instance_names.capacity() > 0) state.spare_data.push_back(std::move(data));
            data = engine::CaseData();
        }
        for (Run& run : work.run) {
            if (run.timeline.months.capacity() > 0) state.spare_runs.push_back(std::move(run));
            run = Run();
        }
        work.reform_is_base = false;
        work.attributes = CaseAttributes();
        std::string().swap(work.raw.text);
        std::vector<CsvRow>().swap(work.raw.rows);
    }

    void write_rows(const Work& work, std::string& out) const {
        const Run& base = work.run[0];
        const Run& reform = work.reform_run();
        const std::string id = csv_field(work.attributes.id);
        const std::size_t months = std::min(base.timeline.months.size(), reform.timeline.months.size());
        // id, month, two fields per scheme and three resources, each with its comma.
        const std::size_t most = id.size() + (3 + 2 * layout_.schemes.size() + 3) * (RowWriter::amount_size + 1);
        std::size_t fields = 0;       // where the last formatted row's fields after its month start in `out`
        std::size_t fields_size = 0;
        for (std::size_t i = 0; i < months; ++i) {
            const MonthResult& b = base.timeline.months[i];
            const MonthResult& r = reform.timeline.months[i];
            RowWriter row(out, most);
            row.text(id);
            row.put(',');
            row.month(b.month);
            // Most months of most cases write what the month before wrote: copied, not formatted.
            if (i > 0 && same_row_fields(base.timeline.months[i - 1], b, 0) &&
                same_row_fields(reform.timeline.months[i - 1], r, 1)) {
                row.repeat(fields, fields_size);
                continue;
            }
            fields = row.position();
            for (const BatchLayout::Scheme& scheme : layout_.schemes) {
                for (const auto& [index, month] : {std::pair{scheme.base, &b}, std::pair{scheme.reform, &r}}) {
                    row.put(',');
                    if (index == ir::none || index >= month->totals.size()) {
                        row.text(scheme.connexe ? "0" : "0.00");
                    } else if (scheme.connexe) {
                        row.put(month->totals[index].held ? '1' : '0');
                    } else {
                        row.amount(month->totals[index].paid);
                    }
                }
            }
            row.put(',');
            row.amount(b.resources.total);
            row.put(',');
            row.amount(r.resources.total);
            row.put(',');
            row.amount(engine::checked_sub(r.resources.total, b.resources.total));
            row.put('\n');
            fields_size = row.position() - fields;
        }
    }

    // Do months `a` and `b` of one side (0 base, 1 reform) write the same fields of a
    // cases.csv row?
    bool same_row_fields(const MonthResult& a, const MonthResult& b, int side) const {
        if (a.resources.total != b.resources.total || a.totals.size() != b.totals.size()) return false;
        for (const auto& [index, connexe] : row_schemes_[side]) {
            if (index >= a.totals.size()) continue;
            const SchemeTotal& x = a.totals[index];
            const SchemeTotal& y = b.totals[index];
            if (connexe ? x.held != y.held : x.paid != y.paid) return false;
        }
        return true;
    }

    const PopulationInput& input_;
    const Side (&sides_)[2];
    const BatchOptions& options_;
    const BatchLayout& layout_;
    std::vector<std::string> age_names_;  ///< age_band_names(options_.age_bands)
    /// [side] -> (index in the side's program, droit connexe) of each scheme of a cases.csv row.
    std::vector<std::pair<std::uint32_t, bool>> row_schemes_[2];
    bool shared_reading_;
    /// [reform variable] -> the base variable with the same values (ir::equivalent_variables);
    /// empty when the two sides do not read cases alike.
    std::vector<std::uint32_t> shared_variables_;
    /// And before first_difference_, every variable of the same name (ir::first_difference).
    std::vector<std::uint32_t> same_name_;
    Month first_difference_ = ir::since_always;
    /// (reform slot, base slot) of every reform root; compare_with_base_ when each has one.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> compared_roots_;
    bool compare_with_base_ = false;
};

// Worker threads over a queue of units; joined on destruction, whatever happened.
class Pool {
public:
    Pool(unsigned threads, const Runner& runner, std::vector<WorkerState>& states) : runner_(runner) {
        for (unsigned t = 0; t < threads; ++t) threads_.emplace_back([this, &states, t] { work(states[t]); });
    }
    ~Pool() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        work_ready_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

    void submit(Unit* unit) {
        {
            std::lock_guard lock(mutex_);
            pending_.push_back(unit);
        }
        work_ready_.notify_one();
    }

    void wait(const Unit& unit) {
        std::unique_lock lock(mutex_);
        unit_done_.wait(lock, [&] { return unit.done; });
    }

private:
    void work(WorkerState& state) {
        while (true) {
            Unit* unit = nullptr;
            {
                std::unique_lock lock(mutex_);
                work_ready_.wait(lock, [&] { return closing_ || !pending_.empty(); });
                if (pending_.empty()) return;
                unit = pending_.front();
                pending_.pop_front();
            }
            try {
                runner_.process(*unit, state);
            } catch (...) {
                unit->error = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                unit->done = true;
            }
            unit_done_.notify_all();
        }
    }

    const Runner& runner_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable unit_done_;
    std::deque<Unit*> pending_;
    bool closing_ = false;
    std::vector<std::thread> threads_;
};

void add_summary(BatchSummary& total, const BatchSummary& part) {
    total.read += part.read;
    total.simulated += part.simulated;
    total.rejected += part.rejected;
    for (int k = 0; k < 3; ++k) total.rejected_by_kind[k] += part.rejected_by_kind[k];
    total.case_months += part.case_months;
    if (part.first && (!total.first || *part.first < *total.first)) total.first = part.first;
    if (part.last && (!total.last || *part.last > *total.last)) total.last = part.last;
}

}  // namespace

const char* reject_kind_name(RejectKind kind) {
    switch (kind) {
        case RejectKind::Malformed: return "ligne_mal_formee";
        case RejectKind::Invalid: return "cas_invalide";
        case RejectKind::Failed: return "erreur_de_calcul";
    }
    return "";
}

std::vector<Value> default_gain_bands() {
    std::vector<Value> bands;
    for (const Value euros : {10, 50, 100, 250, 500, 1000, 2500}) bands.push_back(euros * engine::one);
    return bands;
}

std::vector<int> default_age_bands() { return {18, 25, 30, 40, 50, 60}; }

std::vector<std::uint32_t> batch_roots(const ir::Program& program) {
    std::vector<std::uint32_t> roots = timeline_roots(program);  // no orientation: a batch does not report it
    if (const auto age = age_of(program)) roots.push_back(*age);
    return roots;
}

std::string cases_csv_header(const BatchLayout& layout) {
    std::string header = "cas,mois";
    for (const BatchLayout::Scheme& scheme : layout.schemes) header += "," + scheme.name + "_base," + scheme.name + "_reforme";
    return header + ",ressources_base,ressources_reforme,ecart";
}

nlohmann::ordered_json batch_summary_json(const BatchResult& result, const BatchHeader& header) {
    using json = nlohmann::ordered_json;
    const BatchSummary& summary = result.summary;
    json root = batch_json_root(header);
    root["lus"] = summary.read;
    root["simules"] = summary.simulated;
    root["rejetes"] = summary.rejected;
    json by_kind;
    for (const RejectKind kind : {RejectKind::Malformed, RejectKind::Invalid, RejectKind::Failed})
        by_kind[reject_kind_name(kind)] = summary.rejected_by_kind[static_cast<int>(kind)];
    root["rejets"] = std::move(by_kind);
    if (summary.first && summary.last) {
        json period;
        period["debut"] = engine::format_month(*summary.first);
        period["fin"] = engine::format_month(*summary.last);
        root["periode"] = std::move(period);
    } else {
        root["periode"] = nullptr;
    }
    root["mois_foyers"] = summary.case_months;
    root["ponderation"] = result.aggregates.weighted();
    const auto all = result.aggregates.groups().find(GroupKey{Dimension::Ensemble, 0, ""});
    const GroupSums empty;
    const GroupSums& sums = all == result.aggregates.groups().end() ? empty : all->second;
    root["poids_total"] = wide_decimal(sums.weight);
    const auto three = [](std::string b, std::string r, std::string e) {
        json j;
        j["base"] = std::move(b);
        j["reforme"] = std::move(r);
        j["ecart"] = std::move(e);
        return j;
    };
    root["ressources_totales"] = three(wide_amount(sums.total_base), wide_amount(sums.total_reform),
                                       wide_amount(sums.total_reform - sums.total_base));
    root["ruptures"] = three(wide_decimal(sums.ruptures_base), wide_decimal(sums.ruptures_reform),
                             wide_decimal(sums.ruptures_reform - sums.ruptures_base));
    for (const auto& [key, gains] : {std::pair{"gagnants", &sums.winners}, std::pair{"perdants", &sums.losers}}) {
        json j;
        j["nombre"] = wide_decimal(gains->weight);
        j["cas"] = gains->cases;
        j["montant_total"] = wide_amount(gains->amount);
        j["montant_moyen"] = gains->weight > 0 ? json(wide_mean_amount(gains->amount, gains->weight)) : json(nullptr);
        root[key] = std::move(j);
    }
    json unchanged;
    unchanged["nombre"] = wide_decimal(sums.unchanged_weight);
    unchanged["cas"] = sums.unchanged_cases;
    root["inchanges"] = std::move(unchanged);
    root["fichiers"] = json::array({"cases.csv", "aggregates.json", "aggregates.csv", "rejects.csv", "summary.json"});
    return root;
}

BatchResult run_batch(PopulationInput& input, const BatchSide& base, const BatchSide& reform, const BatchOptions& options,
                      std::ostream* cases, std::ostream* rejects) {
    if (base.program == nullptr || reform.program == nullptr) throw std::invalid_argument("run_batch : règles absentes");
    BatchResult result;
    result.layout = std::make_unique<BatchLayout>(
        make_batch_layout(*base.program, *reform.program, options.gain_bands, options.age_bands));
    result.aggregates = Aggregates(result.layout.get());

    Side sides[2];
    const BatchSide* given[2] = {&base, &reform};
    for (int s = 0; s < 2; ++s) {
        Side& side = sides[s];
        side.program = given[s]->program;
        side.sources = given[s]->sources;
        side.label = s == 0 ? "loi de référence" : "réforme";
        side.roots = batch_roots(*side.program);
        std::sort(side.roots.begin(), side.roots.end());
        side.roots.erase(std::unique(side.roots.begin(), side.roots.end()), side.roots.end());
        side.needed = ir::needed_variables(*side.program, side.roots);
        side.slot.assign(side.program->variables.size(), -1);
        for (std::size_t k = 0; k < side.roots.size(); ++k) {
            side.slot[side.roots[k]] = static_cast<std::int32_t>(k);
            side.slot_entity.push_back(side.program->variables[side.roots[k]].entity);
        }
        side.age = age_of(*side.program);
        side.commune = input_named(*side.program, commune_input);
        if (side.commune && side.program->inputs[*side.commune].entity != household_entity(*side.program)) side.commune.reset();
        side.household = household_entity(*side.program);
        side.assembly.emplace(*side.program);
        side.schema.emplace(*side.program);
        if (options.evaluator == BatchEvaluator::Columnar)
            side.plan = std::make_unique<engine::columnar::Plan>(*side.program, side.needed);
    }

    unsigned threads = options.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : options.threads;
    const std::size_t per_unit = std::max<std::size_t>(1, options.cases_per_unit);
    const std::size_t max_in_flight = std::max<std::size_t>(4, 3 * threads);
    std::vector<WorkerState> states;
    states.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) states.emplace_back(result.layout.get());
    const Runner runner(input, sides, options, *result.layout, same_case_reading(*base.program, *reform.program));
    std::exception_ptr failure;
    {
        // Declared before the pool: after a failure, the pool's destructor lets the workers
        // finish the units they hold before the units go.
        std::deque<std::unique_ptr<Unit>> in_flight;
        Pool pool(threads, runner, states);
        bool more = true;
        while (true) {
            while (more && in_flight.size() < max_in_flight) {
                auto unit = std::make_unique<Unit>();
                unit->cases.reserve(per_unit);
                unit->rows.reserve(per_unit * 12 * 160);  // a year of rows per case, most of the time
                RawCase raw;
                while (unit->cases.size() < per_unit && (more = input.next(raw))) {
                    unit->cases.emplace_back();
                    unit->cases.back().raw = std::move(raw);
                }
                if (unit->cases.empty()) break;
                pool.submit(unit.get());
                in_flight.push_back(std::move(unit));
            }
            if (in_flight.empty()) break;
            Unit& unit = *in_flight.front();
            pool.wait(unit);
            if (unit.error) {
                failure = unit.error;
                break;
            }
            if (cases) *cases << unit.rows;
            if (rejects)
                for (const BatchReject& r : unit.rejects)
                    *rejects << r.line << ',' << csv_field(r.case_id) << ',' << reject_kind_name(r.kind) << ','
                             << csv_field(r.reason) << '\n';
            add_summary(result.summary, unit.summary);
            if (options.on_case)
                for (const CaseResult& c : unit.results) options.on_case(c);
            if (options.on_progress)
                options.on_progress({result.summary.read, result.summary.simulated, result.summary.rejected, input.bytes_read()});
            in_flight.pop_front();
        }
        // The pool's destructor waits for units still in flight after a failure.
    }
    if (failure) std::rethrow_exception(failure);
    for (const WorkerState& state : states) result.aggregates.merge(state.aggregates);
    return result;
}

}  // namespace relais::simulator
