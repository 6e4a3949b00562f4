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

std::uint32_t household_entity_of(const ir::Program& program, std::optional<std::uint32_t> earnings) {
    if (earnings) return program.variables[*earnings].entity;
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

// checked_add inline: the library's out-of-line call only when it overflows, for its message.
Value add(Value a, Value b) {
    Value r;
    if (__builtin_add_overflow(a, b, &r)) return engine::checked_add(a, b);
    return r;
}

// What assembling a case needs besides its Run, kept per thread for its storage: a population
// run assembles case after case.
struct Scratch {
    std::vector<MonthResult*> results;
    std::vector<std::uint32_t> instances;
    std::vector<char> counts;     // household_months
    std::vector<Value> rows;      // SchemeRows
    std::vector<Value> earnings;
    std::vector<std::size_t> row_of;  // transitions
    std::vector<char> running;
    std::vector<char> runs_some_month;
    std::vector<Value> row;
};

Scratch& scratch() {
    thread_local Scratch buffers;
    return buffers;
}

// One beneficiary's rows of months first..last, read for a scheme: a condition, éligible, dû,
// versé, valeur (and, for the full assembly, the first false condition). Each row is written
// before it is read.
class SchemeRows {
public:
    SchemeRows(const CaseValues& values, Month first, Month last, std::vector<Value>& buffer)
        : values_(values), first_(first), last_(last), months_(static_cast<std::size_t>(last - first + 1)),
          buffer_(buffer) {
        buffer_.resize(6 * months_);
    }

    std::size_t months() const { return months_; }
    Value* condition() { return row(0); }
    Value* eligible() { return row(1); }
    Value* due() { return row(2); }
    Value* paid() { return row(3); }
    Value* value() { return row(4); }
    Value* failed() { return row(5); }

    /// `variable` of `instance` over the months into `out` (0 for no variable).
    void read(std::uint32_t variable, std::uint32_t instance, Value* out) const {
        if (variable == ir::none) std::fill(out, out + months_, Value{0});
        else values_.values(variable, instance, first_, last_, out);
    }
    /// The scheme's dû, versé and valeur rows of `instance`.
    void read_amounts(const ir::Scheme& scheme, std::uint32_t instance) {
        read(scheme.due, instance, due());
        read(scheme.paid, instance, paid());
        read(scheme.value, instance, value());
    }

private:
    Value* row(std::size_t k) { return buffer_.data() + k * months_; }

    const CaseValues& values_;
    Month first_;
    Month last_;
    std::size_t months_;
    std::vector<Value>& buffer_;
};

// Reads timelines and what follows from them off the rules' declarations, through CaseValues:
// the same code serves the scalar evaluation of one case and a case of a columnar chunk.
class Assembler {
public:
    Assembler(const AssemblyPlan& plan, Month report_first, const SimulationOptions& options)
        : plan_(plan), program_(*plan.program), report_first_(report_first), options_(options) {}

    /// The reported months (periode.debut to the end) into run.timeline; the month before
    /// periode.debut, when the case evaluated it, into run.previous so that the first month
    /// can be compared with it. Whatever `run` held is replaced, its storage reused.
    void timeline(const CaseValues& values, Run& run, AssemblyDetail detail) const {
        const engine::CaseData& data = values.data();
        const bool has_previous = report_first_ - 1 >= data.first;
        const Month first = has_previous ? report_first_ - 1 : report_first_;
        const Month last = has_previous ? std::max(first, data.last) : data.last;
        if (last < first) {
            run.previous.reset();
            run.timeline.months.clear();
            return;
        }
        const std::size_t months = static_cast<std::size_t>(last - first + 1);
        if (!has_previous) run.previous.reset();
        else if (!run.previous) run.previous.emplace();
        run.timeline.months.resize(months - (has_previous ? 1 : 0));
        Scratch& buffers = scratch();
        std::vector<MonthResult*>& results = buffers.results;  // [k]: month first + k
        results.clear();
        if (has_previous) results.push_back(&*run.previous);
        for (MonthResult& result : run.timeline.months) results.push_back(&result);
        std::vector<std::uint32_t>& instances = buffers.instances;
        instances.resize(program_.schemes.size());
        std::size_t beneficiaries = 0;
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            instances[s] = data.instance_count(program_.schemes[s].entity);
            beneficiaries += instances[s];
        }
        for (std::size_t k = 0; k < months; ++k) {
            MonthResult& result = *results[k];
            result.month = first + static_cast<Month>(k);
            result.totals.assign(program_.schemes.size(), SchemeTotal{});
            if (detail == AssemblyDetail::Full) result.schemes.assign(beneficiaries, SchemeMonth{});
            else result.schemes.clear();
            result.resources = Resources{};
        }
        if (detail == AssemblyDetail::Full) schemes(values, first, last, instances, results);
        else scheme_totals(values, first, last, instances, results);

        // Sums month by month, in the order simulate() always added them (an overflow's
        // message names the same operands).
        std::vector<Value>& earnings = buffers.earnings;
        std::uint32_t groups = 0;
        if (plan_.earnings) {
            groups = data.instance_count(program_.variables[*plan_.earnings].entity);
            earnings.resize(groups * months);
            for (std::uint32_t g = 0; g < groups; ++g)
                values.values(*plan_.earnings, g, first, last, &earnings[g * months]);
        }
        for (std::size_t k = 0; k < months; ++k) {
            MonthResult& result = *results[k];
            const SchemeMonth* sm = result.schemes.data();
            for (std::uint32_t s = 0; s < program_.schemes.size() && detail == AssemblyDetail::Full; ++s) {
                SchemeTotal& total = result.totals[s];
                for (const SchemeMonth* end = sm + instances[s]; sm != end; ++sm)
                    if (sm->in_household) add_to_totals(s, *sm, total, result.resources);
            }
            for (std::uint32_t g = 0; g < groups; ++g)
                result.resources.earnings = add(result.resources.earnings, earnings[g * months + k]);
            result.resources.total = add(result.resources.earnings, result.resources.benefits);
        }
    }

    void transitions(const CaseValues& values, std::vector<TransitionReport>& out) const {
        const engine::CaseData& data = values.data();
        // A transition ends no earlier than data.first + 1: fewer months report nothing.
        if (program_.transitions.empty() || data.last <= data.first) return;
        const std::size_t months = static_cast<std::size_t>(data.last - data.first + 1);
        // Whether each scheme a transition reads runs, by instance and month, read once per
        // case rather than once per pair and month.
        Scratch& buffers = scratch();
        std::vector<std::size_t>& row_of = buffers.row_of;
        row_of.resize(program_.schemes.size());
        std::size_t rows = 0;
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            row_of[s] = rows;
            if (plan_.in_transition[s]) rows += data.instance_count(program_.schemes[s].entity);
        }
        std::vector<char>& running = buffers.running;
        running.assign(rows * months, 0);
        std::vector<char>& runs_some_month = buffers.runs_some_month;  // [row]
        runs_some_month.assign(rows, 0);
        std::vector<Value>& row_buffer = buffers.row;
        row_buffer.resize(months);
        const Value* const row = row_buffer.data();
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            if (!plan_.in_transition[s]) continue;
            const ir::Scheme& scheme = program_.schemes[s];
            // A prestation is "running" while it is paid; a droit connexe while it is held.
            const bool connexe = scheme.nature == ir::SchemeNature::DroitConnexe;
            const std::uint32_t variable = connexe ? scheme.eligible : scheme.paid;
            if (variable == ir::none) continue;
            for (std::uint32_t i = 0; i < data.instance_count(scheme.entity); ++i) {
                values.values(variable, i, data.first, data.last, row_buffer.data());
                char* const bits = &running[(row_of[s] + i) * months];
                if (connexe) for (std::size_t k = 0; k < months; ++k) bits[k] = row[k] != 0;
                else for (std::size_t k = 0; k < months; ++k) bits[k] = row[k] > 0;
                runs_some_month[row_of[s] + i] = std::find(bits, bits + months, 1) != bits + months;
            }
        }
        for (std::uint32_t t = 0; t < program_.transitions.size(); ++t) {
            const ir::Transition& transition = program_.transitions[t];
            if (transition.from >= program_.schemes.size() || transition.to >= program_.schemes.size()) continue;
            for_each_pair(data, program_.schemes[transition.from].entity, program_.schemes[transition.to].entity,
                          [&](std::uint32_t a, std::uint32_t b) {
                              // A scheme that never runs relays to nothing (most beneficiaries).
                              if (!runs_some_month[row_of[transition.from] + a]) return;
                              const char* from = &running[(row_of[transition.from] + a) * months];
                              const char* to = &running[(row_of[transition.to] + b) * months];
                              transitions_of_pair(data, t, a, b, from, to, out);
                          });
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
        const auto by_month = [](const Rupture& a, const Rupture& b) { return a.month < b.month; };
        if (!std::is_sorted(out.begin(), out.end(), by_month)) std::stable_sort(out.begin(), out.end(), by_month);
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
                // The claimant and the partner are oriented (CASF L262-28: the beneficiary and
                // spouse are bound by the droits et devoirs), not the children of the household,
                // nor a person who joins it later.
                if (orientation.entity == program_.person_entity && !in_household(values.data(), i, at, true)) continue;
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

    // Does `person` hold a role in an instance of the household entity in `m` (with
    // `adults_only`, a role of cardinality `un` or `optionnel`: the claimant or the partner)?
    bool in_household(const engine::CaseData& data, std::uint32_t person, Month m, bool adults_only = false) const {
        const std::uint32_t h = plan_.household_entity;
        if (h == ir::none) return true;
        for (std::uint32_t g = 0; g < data.members[h].size(); ++g) {
            const auto& roles = data.members[h][g];
            for (std::uint32_t r = 0; r < roles.size(); ++r) {
                if (adults_only && program_.entities[h].roles[r].cardinality == ir::Cardinality::Many) continue;
                for (std::size_t k = 0; k < roles[r].size(); ++k)
                    if (roles[r][k] == person && data.holds_role(h, g, r, k, m)) return true;
            }
        }
        return false;
    }

    // [person * months + k]: does the person hold a role in the household in month first + k?
    // Empty when every scheme counts whole (no person entity).
    const std::vector<char>& household_months(const engine::CaseData& data, Month first, std::size_t months) const {
        std::vector<char>& counts = scratch().counts;
        counts.clear();
        if (program_.person_entity >= program_.entities.size()) return counts;
        const std::uint32_t h = plan_.household_entity;
        counts.assign(data.instance_count(program_.person_entity) * months, h == ir::none);
        if (h == ir::none) return counts;
        // No dated membership in the household entity (a case without such events): every
        // member holds its role every month, without asking month by month.
        const bool undated = h >= data.member_months.size();
        for (std::uint32_t g = 0; g < data.members[h].size(); ++g) {
            const auto& roles = data.members[h][g];
            for (std::uint32_t r = 0; r < roles.size(); ++r)
                for (std::size_t k = 0; k < roles[r].size(); ++k) {
                    char* row = counts.data() + roles[r][k] * months;
                    if (undated) {
                        std::fill_n(row, months, 1);
                        continue;
                    }
                    for (std::size_t j = 0; j < months; ++j)
                        if (data.holds_role(h, g, r, k, first + static_cast<Month>(j))) row[j] = 1;
                }
        }
        return counts;
    }

    // A beneficiary's month into its scheme's total and the household's benefits, in the order
    // simulate() always added them (an overflow's message names the same operands).
    void add_to_totals(std::uint32_t s, const SchemeMonth& sm, SchemeTotal& total, Resources& resources) const {
        total.due = add(total.due, sm.due);
        total.paid = add(total.paid, sm.paid);
        if (sm.held) total.value = add(total.value, sm.value);
        total.held = total.held || sm.held;
        total.beneficiaries += sm.held ? 1 : 0;
        if (program_.schemes[s].nature != ir::SchemeNature::DroitConnexe)
            resources.benefits = add(resources.benefits, sm.paid);
    }

    // The totals of every scheme for months first..last, beneficiary by beneficiary as
    // schemes() and timeline() give them, without keeping each beneficiary's month: of the
    // eligibility, only a droit connexe's is read (whether its conditions all hold, without an
    // `éligible` clause), and nothing more of a beneficiary with nothing due, paid nor held.
    void scheme_totals(const CaseValues& values, Month first, Month last, const std::vector<std::uint32_t>& instances,
                       const std::vector<MonthResult*>& results) const {
        const std::size_t months = results.size();
        const std::vector<char>& counts = household_months(values.data(), first, months);
        SchemeRows rows(values, first, last, scratch().rows);
        const Value* const eligible = rows.eligible();
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            const ir::Scheme& scheme = program_.schemes[s];
            const bool connexe = scheme.nature == ir::SchemeNature::DroitConnexe;
            const bool person = scheme.entity == program_.person_entity && !counts.empty();
            for (std::uint32_t i = 0; i < instances[s]; ++i) {
                // Only a droit connexe is held by being eligible; a prestation is held when paid.
                if (connexe) {
                    if (scheme.eligible != ir::none) {
                        rows.read(scheme.eligible, i, rows.eligible());
                    } else {
                        std::fill(rows.eligible(), rows.eligible() + months, Value{1});
                        for (const ir::SchemeCondition& c : scheme.conditions) {
                            rows.read(c.variable, i, rows.condition());
                            for (std::size_t k = 0; k < months; ++k)
                                rows.eligible()[k] = rows.eligible()[k] != 0 && rows.condition()[k] != 0;
                        }
                    }
                }
                const Value* const due = rows.due();
                const Value* const paid = rows.paid();
                rows.read(scheme.due, i, rows.due());
                rows.read(scheme.paid, i, rows.paid());
                // Most beneficiaries of most schemes have nothing due, paid nor held in any
                // month: they add nothing to the totals.
                bool adds = false;
                for (std::size_t k = 0; k < months; ++k) adds = adds || due[k] != 0 || paid[k] != 0;
                for (std::size_t k = 0; k < months && connexe; ++k) adds = adds || eligible[k] != 0;
                if (!adds) continue;
                const Value* const value = rows.value();
                rows.read(scheme.value, i, rows.value());
                const char* in_household = person ? &counts[i * months] : nullptr;
                for (std::size_t k = 0; k < months; ++k) {
                    if (in_household && !in_household[k]) continue;
                    SchemeMonth sm;
                    sm.due = due[k];
                    sm.paid = paid[k];
                    sm.value = value[k];
                    sm.held = connexe ? eligible[k] != 0 : sm.paid > 0;
                    add_to_totals(s, sm, results[k]->totals[s], results[k]->resources);
                }
            }
        }
    }

    // Every scheme × beneficiary of months first..last into results[k]->schemes (k: month
    // first + k), scheme by scheme, each variable read as a row of months.
    void schemes(const CaseValues& values, Month first, Month last, const std::vector<std::uint32_t>& instances,
                 const std::vector<MonthResult*>& results) const {
        const std::size_t months = results.size();
        const std::vector<char>& counts = household_months(values.data(), first, months);
        std::vector<SchemeMonth*> at(months);
        for (std::size_t k = 0; k < months; ++k) at[k] = results[k]->schemes.data();
        SchemeRows rows(values, first, last, scratch().rows);
        Value* const condition = rows.condition();
        Value* const eligible = rows.eligible();
        Value* const due = rows.due();
        Value* const paid = rows.paid();
        Value* const value = rows.value();
        Value* const failed = rows.failed();
        constexpr Value none = -1;
        const auto read_row = [&](std::uint32_t variable, std::uint32_t i, Value* out) { rows.read(variable, i, out); };
        std::size_t index = 0;  // into MonthResult::schemes
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            const ir::Scheme& scheme = program_.schemes[s];
            const bool connexe = scheme.nature == ir::SchemeNature::DroitConnexe;
            const bool person = scheme.entity == program_.person_entity && !counts.empty();
            for (std::uint32_t i = 0; i < instances[s]; ++i, ++index) {
                std::fill(failed, failed + months, none);
                std::size_t holding = months;  // months where every condition so far holds
                for (std::uint32_t c = 0; c < scheme.conditions.size() && holding > 0; ++c) {
                    read_row(scheme.conditions[c].variable, i, condition);
                    for (std::size_t k = 0; k < months; ++k) {
                        if (failed[k] != none || condition[k] != 0) continue;
                        failed[k] = c;
                        --holding;
                    }
                }
                if (scheme.eligible != ir::none) read_row(scheme.eligible, i, eligible);
                else for (std::size_t k = 0; k < months; ++k) eligible[k] = failed[k] == none;
                rows.read_amounts(scheme, i);
                const char* in_household = person ? &counts[i * months] : nullptr;
                for (std::size_t k = 0; k < months; ++k) {
                    SchemeMonth& sm = at[k][index];
                    sm.scheme = s;
                    sm.instance = i;
                    sm.eligible = eligible[k] != 0;
                    if (!sm.eligible && failed[k] != none) sm.failed_condition = static_cast<std::uint32_t>(failed[k]);
                    sm.due = due[k];
                    sm.paid = paid[k];
                    sm.value = value[k];
                    sm.held = connexe ? sm.eligible : sm.paid > 0;
                    sm.in_household = !in_household || in_household[k];
                }
            }
        }
    }

    // Calls f(a, b) for each pair of beneficiaries a transition links: the same instance for
    // schemes of one entity, a person and the group they belong to across a person and a
    // group entity.
    template <class F>
    void for_each_pair(const engine::CaseData& data, std::uint32_t from, std::uint32_t to, const F& f) const {
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
                if (linked) f(a, b);
            }
        }
    }

    // `from_runs[m - data.first]`: the first scheme runs for `a` in month m; `to_runs` the same
    // for the second one and `b`.
    void transitions_of_pair(const engine::CaseData& data, std::uint32_t t, std::uint32_t a, std::uint32_t b,
                             const char* from_runs, const char* to_runs, std::vector<TransitionReport>& out) const {
        const auto paid_from = [&](Month m) { return from_runs[m - data.first] != 0; };
        const auto paid_to = [&](Month m) { return to_runs[m - data.first] != 0; };
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

    // The month's resources without its one-off payments (the prime de Noël): their absence
    // the next month is no rupture (docs/simulation-language.md).
    Value recurring_resources(const MonthResult& month) const {
        Value total = month.resources.total;
        for (const std::uint32_t s : plan_.one_off) total = engine::checked_sub(total, month.totals[s].paid);
        return total;
    }

    void resource_drop(const MonthResult& previous, const MonthResult& current, std::vector<Rupture>& out) const {
        if (!falls_by_more_than(recurring_resources(previous), recurring_resources(current), options_.rupture_share))
            return;
        Rupture rupture;
        rupture.month = current.month;
        rupture.before = previous.resources.total;
        rupture.after = current.resources.total;
        if (current.resources.earnings < previous.resources.earnings)
            rupture.falls.push_back({ir::none, previous.resources.earnings, current.resources.earnings});
        // Every payment that fell, the one-off ones too: together they make the fall reported.
        for (std::uint32_t s = 0; s < program_.schemes.size(); ++s) {
            if (program_.schemes[s].nature == ir::SchemeNature::DroitConnexe) continue;
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

    const AssemblyPlan& plan_;
    const ir::Program& program_;
    Month report_first_;
    SimulationOptions options_;
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

std::uint32_t household_entity(const ir::Program& program) {
    return household_entity_of(program, earnings_of(program));
}

void CaseValues::values(std::uint32_t variable, std::uint32_t instance, Month first, Month last, Value* out) const {
    for (Month m = first; m <= last; ++m) *out++ = value(variable, instance, m);
}

AssemblyPlan::AssemblyPlan(const ir::Program& program)
    : program(&program), earnings(earnings_of(program)), in_transition(program.schemes.size(), 0) {
    household_entity = household_entity_of(program, earnings);
    for (std::uint32_t s = 0; s < program.schemes.size(); ++s)
        if (program.schemes[s].nature == ir::SchemeNature::PrestationPonctuelle) one_off.push_back(s);
    for (const ir::Transition& transition : program.transitions) {
        if (transition.from >= program.schemes.size() || transition.to >= program.schemes.size()) continue;
        in_transition[transition.from] = 1;
        in_transition[transition.to] = 1;
    }
}

std::vector<std::uint32_t> timeline_roots(const ir::Program& program) {
    std::vector<std::uint32_t> roots;
    for (const ir::Scheme& scheme : program.schemes) {
        for (const ir::SchemeCondition& condition : scheme.conditions) roots.push_back(condition.variable);
        for (const std::uint32_t v : {scheme.eligible, scheme.due, scheme.paid, scheme.value})
            if (v != ir::none) roots.push_back(v);
    }
    if (const auto earnings = earnings_of(program)) roots.push_back(*earnings);
    return roots;
}

std::vector<std::uint32_t> simulation_roots(const ir::Program& program) {
    std::vector<std::uint32_t> roots = timeline_roots(program);
    for (const ir::Orientation& orientation : program.orientations) {
        if (orientation.rule_variable != ir::none) roots.push_back(orientation.rule_variable);
        for (const ir::OrientationOutput& output : orientation.outputs)
            if (output.variable != ir::none) roots.push_back(output.variable);
    }
    return roots;
}

void assemble_run(const AssemblyPlan& plan, Month report_first, const CaseValues& values,
                  const SimulationOptions& options, AssemblyDetail detail, Run& run) {
    const Assembler assembler(plan, report_first, options);
    run.transitions.clear();
    run.ruptures.clear();
    assembler.timeline(values, run, detail);
    assembler.transitions(values, run.transitions);
    assembler.ruptures(run, run.ruptures);
}

Run assemble_run(const AssemblyPlan& plan, Month report_first, const CaseValues& values,
                 const SimulationOptions& options, AssemblyDetail detail) {
    Run run;
    assemble_run(plan, report_first, values, options, detail, run);
    return run;
}

Run assemble_run(const ir::Program& program, Month report_first, const CaseValues& values,
                 const SimulationOptions& options) {
    return assemble_run(AssemblyPlan(program), report_first, values, options);
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
    const AssemblyPlan plan(program);
    if (!plan.earnings) {
        out.notes.push_back(std::string("les règles ne définissent pas de variable « ") + earnings_variable +
                            " » (montant, par foyer) : les revenus hors prestations sont comptés pour 0 € et les "
                            "ressources ne comprennent que les prestations versées");
    }
    if (program.schemes.empty()) out.notes.push_back("les règles ne déclarent aucun dispositif");

    const Assembler assembler(plan, out.input.report_first, options);
    const EvaluationValues scenario_values(scenario);
    Run scenario_run = assemble_run(plan, out.input.report_first, scenario_values, options);
    Run baseline_run;
    assembler.timeline(EvaluationValues(baseline), baseline_run, AssemblyDetail::Full);
    assembler.connexes_lost(scenario_run, baseline_run, out.connexes_lost);
    assembler.orientations(scenario_values, out.orientations);
    for (std::size_t i = 0; i < scenario_run.timeline.months.size(); ++i) {
        const Value gap = engine::checked_sub(scenario_run.timeline.months[i].resources.total,
                                              baseline_run.timeline.months[i].resources.total);
        out.cumulative_gain = engine::checked_add(out.cumulative_gain, gap);
    }
    out.household_entity = plan.household_entity;
    out.transitions = std::move(scenario_run.transitions);
    out.ruptures = std::move(scenario_run.ruptures);
    out.scenario = std::move(scenario_run.timeline);
    out.baseline = std::move(baseline_run.timeline);
    return out;
}

}  // namespace relais::simulator
