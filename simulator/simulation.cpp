// Runs a case and its baseline and reads the timelines off the rules' scheme, transition and
// orientation declarations. Nothing here knows a benefit by name: every amount and condition
// is a variable of the rules, read by id.
#include "simulator/simulation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "engine/calendar.hpp"
#include "engine/ir/dependencies.hpp"

namespace relais::simulator {

namespace {

std::optional<std::uint32_t> find_variable(const ir::Program& program, const std::string& name) {
    for (std::uint32_t v = 0; v < program.variables.size(); ++v)
        if (program.variables[v].name == name) return v;
    return std::nullopt;
}

// The earnings variable, when the rules define it as the convention says.
std::optional<std::uint32_t> earnings_of(const ir::Program& program) {
    const auto v = find_variable(program, earnings_variable);
    if (!v) return std::nullopt;
    const ir::Variable& variable = program.variables[*v];
    if (variable.type.kind != ir::Kind::Montant || variable.entity >= program.entities.size() ||
        !program.entities[variable.entity].is_group())
        return std::nullopt;
    return v;
}

std::uint32_t household_entity_of(const ir::Program& program) {
    if (const auto v = earnings_of(program)) return program.variables[*v].entity;
    for (std::uint32_t e = 0; e < program.entities.size(); ++e)
        if (program.entities[e].is_group()) return e;
    return ir::none;
}

bool starts_with_vowel(const std::string& s) {
    return !s.empty() && std::string("AEIOUYHaeiouyh").find(s.front()) != std::string::npos;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool ends_with(const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

// The label without a trailing parenthesis: "Prime de Noël (aide exceptionnelle...)" ->
// "Prime de Noël".
std::string label_head(const std::string& label) {
    const auto open = label.find(" (");
    return open == std::string::npos ? label : label.substr(0, open);
}

// How a scheme is named in sentences. The rules give a name (rsa) and a label ("Revenu de
// solidarité active (RSA)"); the language has no grammatical gender, so the article is
// inferred from the label's first word, a heuristic of French spelling, not a list of
// benefits: feminine for words ending in -e, -ion or -té ("Prime", "Allocation",
// "Complémentaire", "Activité"), masculine otherwise ("Revenu", "Fonds"); elided before a vowel.
struct SchemeWords {
    std::string name;      // "RSA", "prime d'activité"
    bool elided = false;   // "l'AAH"
    bool feminine = false;
};

SchemeWords words_of(const ir::Scheme& scheme) {
    SchemeWords w;
    const std::string acronym = upper(scheme.name);
    const std::string head = label_head(scheme.label);
    const std::string first = lower(head.substr(0, head.find(' ')));
    w.feminine = ends_with(first, "e") || ends_with(first, "ion") || ends_with(first, "té");
    const bool labelled_acronym = scheme.label.find("(" + acronym + ")") != std::string::npos ||
                                  scheme.label.find("(" + acronym + " ") != std::string::npos;
    const bool plain_ascii_start = !head.empty() && static_cast<unsigned char>(head.front()) < 0x80;
    if (labelled_acronym || head.empty() || head.size() > 30 || !plain_ascii_start) {
        w.name = acronym;
    } else {
        w.name = head;
        w.name.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(w.name.front())));
    }
    w.elided = starts_with_vowel(w.name);
    return w;
}

// "du RSA" / "de l'AAH" / "de la prime d'activité"; with `to`: "au RSA", "à l'AAH", "à la ...".
std::string with_article(const ir::Scheme& scheme, bool to) {
    const SchemeWords w = words_of(scheme);
    if (w.elided) return (to ? "à l'" : "de l'") + w.name;
    if (w.feminine) return (to ? "à la " : "de la ") + w.name;
    return (to ? "au " : "du ") + w.name;
}

std::string euros(Value v) { return engine::format_euros_fr(v); }
std::string month_fr(Month m) { return month_in_words(m); }

// Is `before - after` more than `share` of `before`? Exactly, in 128 bits.
bool falls_by_more_than(Value before, Value after, Value share) {
    if (before <= 0 || after >= before) return false;
    __extension__ using wide = __int128;
    return (static_cast<wide>(before) - after) * engine::one > static_cast<wide>(share) * before;
}

// Reads timelines and what follows from them off the rules' declarations, through CaseValues:
// the same code serves the scalar evaluation of one case and a case of a columnar chunk.
class Assembler {
public:
    Assembler(const ir::Program& program, Month report_first, const SimulationOptions& options)
        : program_(program),
          report_first_(report_first),
          options_(options),
          earnings_(earnings_of(program)),
          household_entity_(household_entity_of(program)) {}

    /// The reported months (periode.debut to the end) into run.timeline; the month before
    /// periode.debut, when the case evaluated it, into run.previous so that the first month
    /// can be compared with it.
    void timeline(const CaseValues& values, Run& run) const {
        const engine::CaseData& data = values.data();
        if (report_first_ - 1 >= data.first) run.previous = month(values, report_first_ - 1);
        run.timeline.months.reserve(static_cast<std::size_t>(std::max(0, data.last - report_first_ + 1)));
        for (Month m = report_first_; m <= data.last; ++m) run.timeline.months.push_back(month(values, m));
    }

    void transitions(const CaseValues& values, std::vector<TransitionReport>& out) const {
        for (std::uint32_t t = 0; t < program_.transitions.size(); ++t) {
            const ir::Transition& transition = program_.transitions[t];
            if (transition.from >= program_.schemes.size() || transition.to >= program_.schemes.size()) continue;
            for (const auto& [a, b] : instance_pairs(values.data(), program_.schemes[transition.from].entity,
                                                     program_.schemes[transition.to].entity))
                transitions_of_pair(values, t, a, b, out);
        }
    }

    /// Ruptures of `run`'s timeline and of its transitions (run.transitions must be set).
    void ruptures(const Run& run, std::vector<Rupture>& out) const {
        const MonthResult* previous = run.previous ? &*run.previous : nullptr;
        for (const MonthResult& current : run.timeline.months) {
            if (previous) resource_drop(*previous, current, out);
            previous = &current;
        }
        for (std::uint32_t r = 0; r < run.transitions.size(); ++r) {
            const TransitionReport& report = run.transitions[r];
            if (report.gap_months <= 0) continue;
            right_gap(run, r, report, out);
        }
        std::stable_sort(out.begin(), out.end(), [](const Rupture& a, const Rupture& b) { return a.month < b.month; });
    }

    void connexes_lost(const Run& scenario, const Run& baseline, std::vector<ConnexeLoss>& out) const {
        const MonthResult* previous = scenario.previous ? &*scenario.previous : nullptr;
        for (std::size_t i = 0; i < scenario.timeline.months.size(); ++i) {
            const MonthResult& current = scenario.timeline.months[i];
            if (previous) {
                for (std::size_t k = 0; k < current.schemes.size(); ++k) {
                    const SchemeMonth& now = current.schemes[k];
                    const SchemeMonth& before = previous->schemes[k];
                    if (program_.schemes[now.scheme].nature != ir::SchemeNature::DroitConnexe) continue;
                    if (!before.held || now.held || !before.in_household) continue;
                    ConnexeLoss loss;
                    loss.month = current.month;
                    loss.scheme = now.scheme;
                    loss.instance = now.instance;
                    loss.monthly_value = before.value;
                    loss.kept_in_baseline = baseline.timeline.months[i].schemes[k].held;
                    out.push_back(loss);
                }
            }
            previous = &current;
        }
    }

    void orientations(const CaseValues& values, std::vector<OrientationResult>& out) const {
        const Month at = report_first_;
        for (std::uint32_t o = 0; o < program_.orientations.size(); ++o) {
            const ir::Orientation& orientation = program_.orientations[o];
            if (orientation.rule_variable == ir::none) continue;
            for (std::uint32_t i = 0; i < values.data().instance_count(orientation.entity); ++i) {
                // A person who joins the household later (a birth) has no orientation yet.
                if (orientation.entity == program_.person_entity && !in_household(values.data(), i, at)) continue;
                OrientationResult result;
                result.orientation = o;
                result.instance = i;
                result.month = at;
                result.rule = static_cast<std::uint32_t>(values.value(orientation.rule_variable, i, at) / engine::one);
                for (const ir::OrientationOutput& output : orientation.outputs)
                    result.outputs.push_back(read(values, output.variable, i, at));
                out.push_back(std::move(result));
            }
        }
    }

private:
    static Value read(const CaseValues& values, std::uint32_t variable, std::uint32_t instance, Month m) {
        return variable == ir::none ? 0 : values.value(variable, instance, m);
    }

    // Does `person` hold a role in an instance of the household entity in `m`?
    bool in_household(const engine::CaseData& data, std::uint32_t person, Month m) const {
        const std::uint32_t h = household_entity_;
        if (h == ir::none) return true;
        for (std::uint32_t g = 0; g < data.members[h].size(); ++g) {
            const auto& roles = data.members[h][g];
            for (std::uint32_t r = 0; r < roles.size(); ++r)
                for (std::size_t k = 0; k < roles[r].size(); ++k)
                    if (roles[r][k] == person && data.holds_role(h, g, r, k, m)) return true;
        }
        return false;
    }

    MonthResult month(const CaseValues& values, Month m) const {
        const engine::CaseData& data = values.data();
        MonthResult result;
        result.month = m;
        result.totals.resize(program_.schemes.size());
        std::vector<char> person_counts;
        if (program_.person_entity < program_.entities.size()) {
            const std::uint32_t persons = data.instance_count(program_.person_entity);
            person_counts.resize(persons);
            for (std::uint32_t p = 0; p < persons; ++p) person_counts[p] = in_household(data, p, m);
        }
        std::size_t beneficiaries = 0;
        for (const ir::Scheme& scheme : program_.schemes) beneficiaries += data.instance_count(scheme.entity);
        result.schemes.reserve(beneficiaries);
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            const ir::Scheme& scheme = program_.schemes[s];
            const bool connexe = scheme.nature == ir::SchemeNature::DroitConnexe;
            for (std::uint32_t i = 0; i < data.instance_count(scheme.entity); ++i) {
                SchemeMonth sm;
                sm.scheme = s;
                sm.instance = i;
                std::optional<std::uint32_t> failed;
                for (std::uint32_t c = 0; c < scheme.conditions.size() && !failed; ++c)
                    if (read(values, scheme.conditions[c].variable, i, m) == 0) failed = c;
                sm.eligible = scheme.eligible != ir::none ? values.value(scheme.eligible, i, m) != 0 : !failed;
                if (!sm.eligible) sm.failed_condition = failed;
                sm.due = read(values, scheme.due, i, m);
                sm.paid = read(values, scheme.paid, i, m);
                sm.value = read(values, scheme.value, i, m);
                sm.held = connexe ? sm.eligible : sm.paid > 0;
                sm.in_household = scheme.entity != program_.person_entity || person_counts.empty() || person_counts[i];
                if (sm.in_household) {
                    SchemeTotal& total = result.totals[s];
                    total.due = engine::checked_add(total.due, sm.due);
                    total.paid = engine::checked_add(total.paid, sm.paid);
                    if (sm.held) total.value = engine::checked_add(total.value, sm.value);
                    total.held = total.held || sm.held;
                    if (!connexe) result.resources.benefits = engine::checked_add(result.resources.benefits, sm.paid);
                }
                result.schemes.push_back(std::move(sm));
            }
        }
        if (earnings_) {
            const std::uint32_t entity = program_.variables[*earnings_].entity;
            for (std::uint32_t g = 0; g < data.instance_count(entity); ++g)
                result.resources.earnings =
                    engine::checked_add(result.resources.earnings, values.value(*earnings_, g, m));
        }
        result.resources.total = engine::checked_add(result.resources.earnings, result.resources.benefits);
        return result;
    }

    // The beneficiaries a transition links: the same instance for schemes of one entity, a
    // person and the group they belong to across a person and a group entity.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> instance_pairs(const engine::CaseData& data,
                                                                        std::uint32_t from, std::uint32_t to) const {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        const auto member_of = [&](std::uint32_t group_entity, std::uint32_t group, std::uint32_t person) {
            for (const auto& holders : data.members[group_entity][group])
                if (std::find(holders.begin(), holders.end(), person) != holders.end()) return true;
            return false;
        };
        const std::uint32_t persons = program_.person_entity;
        for (std::uint32_t a = 0; a < data.instance_count(from); ++a) {
            for (std::uint32_t b = 0; b < data.instance_count(to); ++b) {
                bool linked = false;
                if (from == to) linked = a == b;
                else if (from == persons) linked = member_of(to, b, a);
                else if (to == persons) linked = member_of(from, a, b);
                else linked = true;
                if (linked) pairs.emplace_back(a, b);
            }
        }
        return pairs;
    }

    void transitions_of_pair(const CaseValues& values, std::uint32_t t, std::uint32_t a, std::uint32_t b,
                             std::vector<TransitionReport>& out) const {
        const ir::Transition& transition = program_.transitions[t];
        const ir::Scheme& from = program_.schemes[transition.from];
        const ir::Scheme& to = program_.schemes[transition.to];
        const engine::CaseData& data = values.data();
        // A prestation is "running" while it is paid; a droit connexe while it is held.
        const auto running = [&](const ir::Scheme& scheme, std::uint32_t instance, Month m) {
            if (scheme.nature == ir::SchemeNature::DroitConnexe)
                return scheme.eligible != ir::none && read(values, scheme.eligible, instance, m) != 0;
            return read(values, scheme.paid, instance, m) > 0;
        };
        const auto paid_from = [&](Month m) { return running(from, a, m); };
        const auto paid_to = [&](Month m) { return running(to, b, m); };
        const Month first = std::max(data.first + 1, report_first_);
        for (Month stop = first; stop <= data.last; ++stop) {
            if (!paid_from(stop - 1) || paid_from(stop)) continue;  // `stop`: first month without
            // The second scheme takes over if it starts during the first one's last run
            // (overlap) or after it ends, before the first one is paid again (gap). One that
            // was paid before the first one started relays nothing.
            Month run_start = stop - 1;
            while (run_start - 1 >= data.first && paid_from(run_start - 1)) --run_start;
            std::optional<Month> start;
            if (paid_to(stop - 1)) {
                Month s = stop - 1;
                while (s - 1 >= data.first && paid_to(s - 1)) --s;
                if (s >= run_start && s > data.first) start = s;
            } else {
                for (Month m = stop; m <= data.last && !start; ++m) {
                    if (paid_to(m)) start = m;
                    else if (paid_from(m)) break;
                }
            }
            if (!start) continue;
            TransitionReport report;
            report.transition = t;
            report.from_instance = a;
            report.to_instance = b;
            report.from_last_paid = stop - 1;
            report.to_first_paid = *start;
            report.gap_months = *start - stop;
            out.push_back(report);
        }
    }

    void resource_drop(const MonthResult& previous, const MonthResult& current, std::vector<Rupture>& out) const {
        const Value before = previous.resources.total;
        const Value after = current.resources.total;
        if (!falls_by_more_than(before, after, options_.rupture_share)) return;
        Rupture rupture;
        rupture.month = current.month;
        rupture.before = before;
        rupture.after = after;
        if (current.resources.earnings < previous.resources.earnings)
            rupture.falls.push_back({ir::none, previous.resources.earnings, current.resources.earnings});
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            if (program_.schemes[s].nature != ir::SchemeNature::Prestation) continue;
            if (current.totals[s].paid < previous.totals[s].paid)
                rupture.falls.push_back({s, previous.totals[s].paid, current.totals[s].paid});
        }
        std::stable_sort(rupture.falls.begin(), rupture.falls.end(),
                         [](const Fall& x, const Fall& y) { return x.before - x.after > y.before - y.after; });
        for (const Fall& fall : rupture.falls) {
            std::string what;
            if (fall.scheme == ir::none) {
                what = fall.after == 0 ? "fin des revenus hors prestations" : "baisse des revenus hors prestations";
            } else {
                what = (fall.after == 0 ? "fin " : "baisse ") + scheme_with_article(program_.schemes[fall.scheme]);
            }
            rupture.cause += (rupture.cause.empty() ? "" : " ; ") + what + " : " + euros(fall.before) + " en " +
                             month_fr(previous.month) + ", " + euros(fall.after) + " en " + month_fr(current.month);
        }
        out.push_back(std::move(rupture));
    }

    void right_gap(const Run& run, std::uint32_t r, const TransitionReport& report, std::vector<Rupture>& out) const {
        const ir::Transition& transition = program_.transitions[report.transition];
        const ir::Scheme& from = program_.schemes[transition.from];
        const ir::Scheme& to = program_.schemes[transition.to];
        Rupture rupture;
        rupture.kind = Rupture::Kind::RightGap;
        rupture.month = report.from_last_paid + 1;
        rupture.transition = r;
        const auto total_at = [&](Month m) -> Value {
            if (run.previous && run.previous->month == m) return run.previous->resources.total;
            for (const MonthResult& result : run.timeline.months)
                if (result.month == m) return result.resources.total;
            return 0;
        };
        rupture.before = total_at(rupture.month - 1);
        rupture.after = total_at(rupture.month);
        const std::string label = transition.label.empty()
                                      ? "passage " + with_article(from, false) + " " + with_article(to, true)
                                      : transition.label;
        const std::int32_t gap = report.gap_months;
        rupture.cause = label + " : dernier versement " + with_article(from, false) + " en " +
                        month_fr(report.from_last_paid) + ", premier versement " + with_article(to, false) + " en " +
                        month_fr(report.to_first_paid) + ", soit " + std::to_string(gap) +
                        " mois sans l'un ni l'autre";
        out.push_back(std::move(rupture));
    }

    const ir::Program& program_;
    Month report_first_;
    SimulationOptions options_;
    std::optional<std::uint32_t> earnings_;
    std::uint32_t household_entity_;
};

}  // namespace

std::string month_in_words(Month m) {
    static constexpr std::array<const char*, 12> names = {"janvier", "février", "mars",      "avril",
                                                          "mai",     "juin",    "juillet",   "août",
                                                          "septembre", "octobre", "novembre", "décembre"};
    return std::string(names[engine::month_number(m) - 1]) + " " + std::to_string(engine::year_of(m));
}

std::string scheme_display_name(const ir::Scheme& scheme) {
    std::string name = words_of(scheme).name;
    name.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(name.front())));
    return name;
}

std::string scheme_with_article(const ir::Scheme& scheme) { return with_article(scheme, false); }

std::uint32_t household_entity(const ir::Program& program) { return household_entity_of(program); }

std::vector<std::uint32_t> simulation_roots(const ir::Program& program) {
    std::vector<std::uint32_t> roots;
    for (const ir::Scheme& scheme : program.schemes) {
        for (const ir::SchemeCondition& condition : scheme.conditions) roots.push_back(condition.variable);
        for (const std::uint32_t v : {scheme.eligible, scheme.due, scheme.paid, scheme.value})
            if (v != ir::none) roots.push_back(v);
    }
    for (const ir::Orientation& orientation : program.orientations) {
        if (orientation.rule_variable != ir::none) roots.push_back(orientation.rule_variable);
        for (const ir::OrientationOutput& output : orientation.outputs)
            if (output.variable != ir::none) roots.push_back(output.variable);
    }
    if (const auto earnings = earnings_of(program)) roots.push_back(*earnings);
    return roots;
}

Run assemble_run(const ir::Program& program, Month report_first, const CaseValues& values,
                 const SimulationOptions& options) {
    const Assembler assembler(program, report_first, options);
    Run run;
    assembler.timeline(values, run);
    assembler.transitions(values, run.transitions);
    assembler.ruptures(run, run.ruptures);
    return run;
}

std::variant<Simulation, SimulationError> simulate(const ir::Program& program, Case input,
                                                   const SimulationOptions& options) {
    PreparedCase prepared = prepare_case(program, input);
    if (!prepared.problems.empty()) return SimulationError{std::move(prepared.problems), std::nullopt, false};

    const std::vector<bool> needed = ir::needed_variables(program, simulation_roots(program));
    auto scenario_evaluation = engine::Evaluation::run(program, prepared.scenario, needed);
    if (auto* error = std::get_if<engine::EvalError>(&scenario_evaluation)) return SimulationError{{}, *error, false};
    auto baseline_evaluation = engine::Evaluation::run(program, prepared.baseline, needed);
    if (auto* error = std::get_if<engine::EvalError>(&baseline_evaluation)) return SimulationError{{}, *error, true};
    const engine::Evaluation& scenario = std::get<engine::Evaluation>(scenario_evaluation);
    const engine::Evaluation& baseline = std::get<engine::Evaluation>(baseline_evaluation);

    Simulation out;
    out.program = &program;
    out.input = std::move(input);
    out.options = options;
    out.events = std::move(prepared.events);
    if (!earnings_of(program)) {
        out.notes.push_back(std::string("les règles ne définissent pas de variable « ") + earnings_variable +
                            " » (montant, par foyer) : les revenus hors prestations sont comptés pour 0 € et les "
                            "ressources ne comprennent que les prestations versées");
    }
    if (program.schemes.empty()) out.notes.push_back("les règles ne déclarent aucun dispositif");

    const Assembler assembler(program, out.input.report_first, options);
    const EvaluationValues scenario_values(scenario);
    Run scenario_run = assemble_run(program, out.input.report_first, scenario_values, options);
    Run baseline_run;
    assembler.timeline(EvaluationValues(baseline), baseline_run);
    assembler.connexes_lost(scenario_run, baseline_run, out.connexes_lost);
    assembler.orientations(scenario_values, out.orientations);
    for (std::size_t i = 0; i < scenario_run.timeline.months.size(); ++i) {
        const Value gap = engine::checked_sub(scenario_run.timeline.months[i].resources.total,
                                              baseline_run.timeline.months[i].resources.total);
        out.cumulative_gain = engine::checked_add(out.cumulative_gain, gap);
    }
    out.household_entity = household_entity_of(program);
    out.transitions = std::move(scenario_run.transitions);
    out.ruptures = std::move(scenario_run.ruptures);
    out.scenario = std::move(scenario_run.timeline);
    out.baseline = std::move(baseline_run.timeline);
    return out;
}

}  // namespace relais::simulator
