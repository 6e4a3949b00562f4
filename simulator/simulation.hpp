// A case run month by month through its scenario of events, beside its baseline (the same
// case without events): each scheme's eligibility (and the first failing condition), amount
// due and paid, droits connexes held, total resources, transitions, ruptures, droits connexes
// lost, the orientation, and the cumulative gain or loss. Built generically from the rules'
// schemes, events, transitions and orientations: no C++ per benefit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/decimal.hpp"
#include "engine/evaluator.hpp"
#include "engine/ir/ir.hpp"
#include "simulator/case_file.hpp"
#include "simulator/events.hpp"

namespace relais::simulator {

using engine::Month;
using engine::Value;

/// By naming convention, the montant variable of the household entity that holds its
/// resources other than the schemes' payments (earnings, ARE, pensions...).
inline constexpr const char* earnings_variable = "revenus_hors_prestations";

struct SimulationOptions {
    /// A month is a rupture when total resources fall by more than this share of the
    /// previous month's (millionths: 100'000 = 10 %).
    Value rupture_share = 100'000;
};

/// One scheme for one beneficiary (the instance of the scheme's entity) in one month.
struct SchemeMonth {
    std::uint32_t scheme = ir::none;
    std::uint32_t instance = ir::none;       ///< of the scheme's entity
    bool eligible = false;
    /// When not eligible: the first condition that is false (index into Scheme::conditions);
    /// none when every declared condition holds (the `éligible` clause asks for more).
    std::optional<std::uint32_t> failed_condition;
    Value due = 0;
    Value paid = 0;
    Value value = 0;   ///< a droit connexe's value in € per month (0 when the law gives none)
    bool held = false; ///< droit connexe: eligible (held) this month; prestation: paid > 0
    bool in_household = false;  ///< counts in the household's resources this month (see Resources)
};

/// One scheme over the household in one month: sums over the SchemeMonths in_household.
struct SchemeTotal {
    Value due = 0;
    Value paid = 0;
    Value value = 0;
    bool held = false;  ///< by at least one beneficiary
    std::uint32_t beneficiaries = 0;  ///< who hold it (counted in the household)
};

/// The household's money in one month of one timeline. The household is every instance of
/// the household entity (the entity of `revenus_hors_prestations`, else the first group
/// entity): a case normally has one. A person counts while they hold a role in it.
struct Resources {
    Value earnings = 0;  ///< `revenus_hors_prestations` of the household (0 when the rules lack it)
    Value benefits = 0;  ///< sum of `versé` of every prestation of the household and its members
    Value total = 0;     ///< earnings + benefits (droits connexes are not income)
};

struct MonthResult {
    Month month = 0;
    std::vector<SchemeMonth> schemes;  ///< every scheme × beneficiary, in program order (empty: AssemblyDetail::Totals)
    std::vector<SchemeTotal> totals;   ///< per Program::schemes
    Resources resources;
};

struct Timeline {
    std::vector<MonthResult> months;  ///< periode.debut .. end
};

struct TransitionReport {
    std::uint32_t transition = ir::none;
    std::uint32_t from_instance = ir::none;  ///< of the first scheme's entity
    std::uint32_t to_instance = ir::none;    ///< of the second scheme's entity
    Month from_last_paid = 0;   ///< last month the first scheme was paid
    Month to_first_paid = 0;    ///< first month the second scheme is paid
    /// Months with neither: to_first_paid - from_last_paid - 1 (negative: months both are paid).
    std::int32_t gap_months = 0;
};

/// What fell in a month of rupture: one scheme's payments over the household, or earnings.
struct Fall {
    std::uint32_t scheme = ir::none;  ///< none: the household's earnings
    Value before = 0;
    Value after = 0;
};

struct Rupture {
    Month month = 0;
    enum class Kind { ResourceDrop, RightGap } kind = Kind::ResourceDrop;
    Value before = 0;  ///< total resources in the previous month
    Value after = 0;   ///< total resources this month
    std::vector<Fall> falls;  ///< ResourceDrop: largest fall first
    std::uint32_t transition = ir::none;  ///< RightGap: index into Simulation::transitions
    std::string cause; ///< in French, for people: "fin du RSA : 646,52 € en juin 2025, 0,00 € en juillet 2025"
};

/// A droit connexe a member of the household held in the previous month and does not hold.
struct ConnexeLoss {
    Month month = 0;  ///< first month without the droit connexe
    std::uint32_t scheme = ir::none;
    std::uint32_t instance = ir::none;
    Value monthly_value = 0;        ///< its value in the last month it was held
    bool kept_in_baseline = false;  ///< the baseline still holds it that month
};

struct OrientationResult {
    std::uint32_t orientation = ir::none;
    std::uint32_t instance = ir::none;  ///< of the orientation's entity
    Month month = 0;
    std::uint32_t rule = ir::none;      ///< index into Orientation::rules
    std::vector<Value> outputs;         ///< per Orientation::outputs
};

struct Simulation {
    const ir::Program* program = nullptr;
    Case input;                       ///< the case as read (its RawEvents point into the caller's JSON)
    SimulationOptions options;
    std::vector<Event> events;        ///< the case's events, checked
    std::uint32_t household_entity = ir::none;
    Timeline scenario;
    Timeline baseline;
    std::vector<TransitionReport> transitions;
    std::vector<Rupture> ruptures;    ///< by month
    std::vector<ConnexeLoss> connexes_lost;
    std::vector<OrientationResult> orientations;  ///< at periode.debut, for the household's members
    Value cumulative_gain = 0;        ///< Σ (scenario total − baseline total) over the period
    std::vector<std::string> notes;   ///< in French: what the reader should know (missing earnings...)
};

/// What the timeline assembly reads: one case's data and its evaluated values. Implemented
/// over the scalar engine::Evaluation (simulate()) and over one case of a columnar chunk (the
/// population run), so that both build timelines with the same code.
class CaseValues {
public:
    virtual ~CaseValues() = default;
    virtual const engine::CaseData& data() const = 0;
    /// The value of `variable` for `instance` at `month`, as engine::Evaluation::value (the
    /// zero of the type before data().first). Only the variables of simulation_roots and what
    /// they read are asked for.
    virtual Value value(std::uint32_t variable, std::uint32_t instance, Month month) const = 0;
    /// value() for every month first..last into out[0 .. last - first]. The assembly reads
    /// values a row of months at a time: override it where a row costs less than its months
    /// one by one.
    virtual void values(std::uint32_t variable, std::uint32_t instance, Month first, Month last, Value* out) const;
};

/// CaseValues over a scalar evaluation.
class EvaluationValues final : public CaseValues {
public:
    explicit EvaluationValues(const engine::Evaluation& evaluation) : evaluation_(evaluation) {}
    const engine::CaseData& data() const override { return evaluation_.data(); }
    Value value(std::uint32_t variable, std::uint32_t instance, Month month) const override {
        return evaluation_.value(variable, instance, month);
    }

private:
    const engine::Evaluation& evaluation_;
};

/// One evaluated timeline and what is read off it alone, without a baseline: the timeline of
/// simulate()'s scenario, or of one side (base or reform) of a population run.
struct Run {
    std::optional<MonthResult> previous;  ///< the month before periode.debut, when it was evaluated
    Timeline timeline;                    ///< periode.debut .. end
    std::vector<TransitionReport> transitions;
    std::vector<Rupture> ruptures;        ///< by month
};

/// What the assembly reads off a program's declarations before any case: found once per
/// program, so that a population run does not look them up again for every case. Keeps a
/// pointer to the program, which must outlive it.
struct AssemblyPlan {
    explicit AssemblyPlan(const ir::Program& program);

    const ir::Program* program = nullptr;
    std::optional<std::uint32_t> earnings;  ///< earnings_variable, when the rules define it as a montant by group
    std::uint32_t household_entity = ir::none;  ///< as household_entity()
    std::vector<char> in_transition;  ///< [scheme]: a transition reads when it runs
    std::vector<std::uint32_t> one_off;  ///< schemes of nature prestation_ponctuelle
};

/// What a Run's months hold: every scheme × beneficiary (simulate(), explanations), or only
/// the totals per scheme (population runs: the same totals, resources, transitions and
/// ruptures, without reading the conditions of each beneficiary).
enum class AssemblyDetail : std::uint8_t { Full, Totals };

/// Assembles a Run from evaluated values: `report_first` is the case's periode.debut. The
/// Run's transitions, ruptures and timeline are exactly simulate()'s scenario ones (with
/// AssemblyDetail::Totals, MonthResult::schemes is left empty).
Run assemble_run(const AssemblyPlan& plan, Month report_first, const CaseValues& values,
                 const SimulationOptions& options = {}, AssemblyDetail detail = AssemblyDetail::Full);
/// The same into `run`, whatever it held, reusing its storage (a population run keeps the runs
/// of its finished cases for the next ones).
void assemble_run(const AssemblyPlan& plan, Month report_first, const CaseValues& values,
                  const SimulationOptions& options, AssemblyDetail detail, Run& run);
/// The same, planning the program for this one case.
Run assemble_run(const ir::Program& program, Month report_first, const CaseValues& values,
                 const SimulationOptions& options = {});

/// An error that stops a simulation: problems in the case, or an evaluation error.
struct SimulationError {
    std::vector<CaseProblem> problems;
    std::optional<engine::EvalError> evaluation;
    bool in_baseline = false;  ///< the evaluation error is the baseline's
};

/// Checks the case's events against their declarations, builds the scenario and baseline
/// data, evaluates both, and assembles the timelines and reports.
std::variant<Simulation, SimulationError> simulate(const ir::Program& program, Case input,
                                                   const SimulationOptions& options = {});

/// The entity whose instance is the household: the entity of `revenus_hors_prestations`, else
/// the first group entity (ir::none when the rules have none).
std::uint32_t household_entity(const ir::Program& program);

/// The variables assemble_run reads: every scheme's, and the earnings.
std::vector<std::uint32_t> timeline_roots(const ir::Program& program);
/// The variables a simulation reads: timeline_roots and every orientation's.
std::vector<std::uint32_t> simulation_roots(const ir::Program& program);

/// A month in words, for sentences: "juillet 2025" (tables use the short "juil. 2025").
std::string month_in_words(Month m);

/// A scheme's name for people: its acronym when its label gives it ("Revenu de solidarité
/// active (RSA)" -> "RSA") or the label is long, else the label ("Prime d'activité").
std::string scheme_display_name(const ir::Scheme& scheme);
/// The same in a sentence, after "de": "du RSA", "de l'AAH", "de la prime d'activité".
std::string scheme_with_article(const ir::Scheme& scheme);

}  // namespace relais::simulator
