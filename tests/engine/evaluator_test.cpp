// Unit tests for the scalar evaluator, its explanations, value display and the rules-test
// runner. Each program is built by hand as IR (no parser), and every expected value was worked
// out by hand from the rules written in the comment above it.
#include "engine/evaluator.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/test_runner.hpp"

namespace relais::engine {
namespace {

using ir::Kind;
using ir::Op;

constexpr ir::Type montant{Kind::Montant};
constexpr ir::Type taux{Kind::Taux};
constexpr ir::Type nombre{Kind::Nombre};
constexpr ir::Type booleen{Kind::Booleen};
constexpr ir::Type date{Kind::Date};
constexpr ir::Type mois{Kind::Mois};

constexpr std::uint32_t personne = 0;
constexpr std::uint32_t foyer = 1;
// Roles of `foyer`, and their bits in an aggregate's mask.
constexpr std::uint32_t demandeur = 0;
constexpr std::uint32_t conjoint = 1;
constexpr std::uint32_t enfants = 2;
constexpr std::uint32_t adultes_mask = 0b011;
constexpr std::uint32_t enfants_mask = 0b100;
constexpr std::uint32_t membres_mask = 0b111;

Value euros(std::int64_t n) { return n * one; }

Month month(int year, unsigned m) { return make_month(year, m); }

// One node's fields, named at the call site: N(Op::Review, montant).ref(base).imm(3).
struct N {
    ir::Node n;
    N(Op op, ir::Type type) {
        n.op = op;
        n.type = type;
    }
    N& ref(std::uint32_t r) { return n.ref = r, *this; }
    N& offset(std::int32_t o) { return n.offset = o, *this; }
    N& offset_to(std::int32_t o) { return n.offset_to = o, *this; }
    N& window_of_input(bool w) { return n.window_of_input = w, *this; }
    N& roles(std::uint32_t r) { return n.roles = r, *this; }
    N& imm(Value v) { return n.imm = v, *this; }
};

// Builds an ir::Program by hand: `personne` (0) and `foyer` (1) with roles demandeur (un),
// conjoint (optionnel), enfants (plusieurs). Node n gets the span [1000 + n, 1001 + n) so that
// an error can be traced back to the node that raised it.
class ProgramBuilder {
public:
    ProgramBuilder() {
        p_.entities.push_back({"personne", {}, {}});
        p_.entities.push_back({"foyer",
                               {{"demandeur", ir::Cardinality::One, {}},
                                {"conjoint", ir::Cardinality::Optional, {}},
                                {"enfants", ir::Cardinality::Many, {}}},
                               {}});
        p_.person_entity = personne;
    }

    ir::Program& program() { return p_; }

    std::uint32_t add(const N& fields, std::vector<std::uint32_t> args = {}) {
        ir::Node n = fields.n;
        const auto id = static_cast<std::uint32_t>(p_.nodes.size());
        n.first_arg = static_cast<std::uint32_t>(p_.args.size());
        n.arg_count = static_cast<std::uint32_t>(args.size());
        n.span = span_of(id);
        p_.args.insert(p_.args.end(), args.begin(), args.end());
        p_.nodes.push_back(n);
        return id;
    }
    static SourceSpan span_of(std::uint32_t node) { return {0, 1000 + node, 1001 + node}; }

    std::uint32_t constant(Value v, ir::Type type = nombre) { return add(N(Op::Const, type).imm(v)); }
    std::uint32_t call(Op op, ir::Type type, std::vector<std::uint32_t> args) {
        return add(N(op, type), std::move(args));
    }

    std::uint32_t input(std::string name, ir::Type type, std::uint32_t entity, std::optional<Value> default_value = {},
                        bool monthly = true) {
        p_.inputs.push_back({std::move(name), type, entity, monthly, default_value, {}, {}});
        return static_cast<std::uint32_t>(p_.inputs.size() - 1);
    }
    std::uint32_t read_input(std::uint32_t input, std::int32_t offset = 0) {
        return add(N(Op::ReadInput, p_.inputs[input].type).ref(input).offset(offset));
    }

    std::uint32_t parameter(std::string name, ir::Type type, std::vector<ir::ParameterValue> values,
                            bool is_scale = false) {
        p_.parameters.push_back({std::move(name), type, is_scale, std::move(values), {}, {}});
        return static_cast<std::uint32_t>(p_.parameters.size() - 1);
    }
    std::uint32_t read_parameter(std::uint32_t parameter, std::int32_t offset = 0) {
        return add(N(Op::ReadParameter, p_.parameters[parameter].type).ref(parameter).offset(offset));
    }

    /// A variable with one general formula "from the beginning", appended to the evaluation
    /// order (so declare dependencies first).
    std::uint32_t variable(std::string name, ir::Type type, std::uint32_t entity, std::uint32_t expr) {
        ir::Variable v;
        v.name = std::move(name);
        v.type = type;
        v.entity = entity;
        v.formulas.push_back({ir::since_always, expr, {}});
        p_.variables.push_back(std::move(v));
        const auto id = static_cast<std::uint32_t>(p_.variables.size() - 1);
        p_.evaluation_order.push_back(id);
        return id;
    }
    std::uint32_t read_variable(std::uint32_t variable, std::int32_t offset = 0) {
        return add(N(Op::ReadVariable, p_.variables[variable].type).ref(variable).offset(offset));
    }
    std::uint32_t window(Op op, std::uint32_t ref, bool of_input, std::int32_t from, std::int32_t to, ir::Type type) {
        return add(N(op, type).ref(ref).offset(from).offset_to(to).window_of_input(of_input));
    }
    std::uint32_t aggregate(Op op, ir::Type type, std::uint32_t roles, std::uint32_t expr,
                            std::uint32_t filter = ir::none) {
        return add(N(op, type).roles(roles), {expr, filter});
    }

private:
    ir::Program p_;
};

ir::ParameterValue dated(Date effective, Value value, std::string source = "source") {
    ir::ParameterValue v;
    v.effective = effective;
    v.value = value;
    v.source = std::move(source);
    return v;
}

// A case with the given persons and foyers (no members yet) and every input sized but not given.
CaseData make_case(const ir::Program& p, Month first, Month last, std::vector<std::string> persons,
                   std::vector<std::string> foyers = {}) {
    CaseData data;
    data.first = first;
    data.last = last;
    data.instance_names = {std::move(persons), std::move(foyers)};
    data.members.resize(2);
    data.members[foyer].assign(data.instance_names[foyer].size(), std::vector<std::vector<std::uint32_t>>(3));
    data.inputs.resize(p.inputs.size());
    for (std::size_t i = 0; i < p.inputs.size(); ++i) data.inputs[i].resize(data.instance_count(p.inputs[i].entity));
    return data;
}

// The Evaluation points into `data`: a temporary case would dangle.
Evaluation run_ok(const ir::Program& p, const CaseData&& data) = delete;
Evaluation run_ok(const ir::Program& p, const CaseData& data) {
    auto outcome = Evaluation::run(p, data);
    if (const auto* error = std::get_if<EvalError>(&outcome)) {
        ADD_FAILURE() << "unexpected evaluation error: " << error->message;
        throw std::runtime_error(error->message);
    }
    return std::get<Evaluation>(std::move(outcome));
}

EvalError run_error(const ir::Program& p, const CaseData& data) {
    auto outcome = Evaluation::run(p, data);
    if (const auto* error = std::get_if<EvalError>(&outcome)) return *error;
    ADD_FAILURE() << "expected an evaluation error";
    return {};
}

// ---- windows ----

// entrée salaire : montant par personne (no default), given 2024-10..2025-02
// variable moyenne_3 = moyenne(salaire[M-3..M-1])
// variable copie = salaire ; variable moyenne_copie = moyenne(copie[M-2..M])
// evaluated 2025-01..2025-02.
TEST(Evaluator, WindowMeanAcrossYearEndRoundsHalfAwayFromZero) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne);
    const auto moyenne_3 =
        b.variable("moyenne_3", montant, personne, b.window(Op::WindowMean, salaire, true, -3, -1, montant));
    const auto minimum =
        b.variable("minimum", montant, personne, b.window(Op::WindowMin, salaire, true, -3, -1, montant));
    const auto maximum =
        b.variable("maximum", montant, personne, b.window(Op::WindowMax, salaire, true, -3, -1, montant));
    const auto somme = b.variable("somme", montant, personne, b.window(Op::WindowSum, salaire, true, -3, -1, montant));
    const auto copie = b.variable("copie", montant, personne, b.read_input(salaire));
    const auto moyenne_copie =
        b.variable("moyenne_copie", montant, personne, b.window(Op::WindowMean, copie, false, -2, 0, montant));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 2), {"alice"});
    data.inputs[salaire][0].by_month = {{month(2024, 10), euros(400)},
                                        {month(2024, 11), euros(100)},
                                        {month(2024, 12), euros(200)},
                                        {month(2025, 1), 100'000'001},  // 100.000001 €
                                        {month(2025, 2), euros(50)}};
    const Evaluation e = run_ok(b.program(), data);

    // 2025-01: (400 + 100 + 200) / 3 = 233.3333333... -> 233.333333
    EXPECT_EQ(e.value(moyenne_3, 0, month(2025, 1)), 233'333'333);
    // 2025-02: (100 + 200 + 100.000001) / 3 = 133.3333336666... -> 133.333334
    EXPECT_EQ(e.value(moyenne_3, 0, month(2025, 2)), 133'333'334);
    EXPECT_EQ(e.value(somme, 0, month(2025, 2)), 400'000'001);
    EXPECT_EQ(e.value(minimum, 0, month(2025, 2)), euros(100));
    EXPECT_EQ(e.value(maximum, 0, month(2025, 2)), euros(200));
    // A variable's window counts the months before the period as 0:
    // 2025-01: (0 + 0 + 100.000001) / 3 = 33.3333336666... -> 33.333334
    EXPECT_EQ(e.value(moyenne_copie, 0, month(2025, 1)), 33'333'334);
    // 2025-02: (0 + 100.000001 + 50) / 3 = 50.0000003333... -> 50.000000
    EXPECT_EQ(e.value(moyenne_copie, 0, month(2025, 2)), euros(50));
}

// variable tous_positifs = tous(positif[M-2..M]) ; existe_positif = existe(positif[M-2..M])
// with positif = salaire > 0 €; salaire 2025-01: 0, 2025-02: 10, 2025-03: 10, 2025-04: 10.
TEST(Evaluator, BooleanWindowsTreatMonthsBeforeThePeriodAsFalse) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne, 0);
    const auto positif = b.variable("positif", booleen, personne,
                                    b.call(Op::Gt, booleen, {b.read_input(salaire), b.constant(0, montant)}));
    const auto tous = b.variable("tous", booleen, personne, b.window(Op::WindowAll, positif, false, -2, 0, booleen));
    const auto existe =
        b.variable("existe", booleen, personne, b.window(Op::WindowAny, positif, false, -2, 0, booleen));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 4), {"alice"});
    data.inputs[salaire][0].by_month = {
        {month(2025, 2), euros(10)}, {month(2025, 3), euros(10)}, {month(2025, 4), euros(10)}};
    const Evaluation e = run_ok(b.program(), data);

    EXPECT_EQ(e.value(existe, 0, month(2025, 1)), 0);
    EXPECT_EQ(e.value(existe, 0, month(2025, 2)), 1);
    EXPECT_EQ(e.value(tous, 0, month(2025, 3)), 0);  // 2025-01 was 0
    EXPECT_EQ(e.value(tous, 0, month(2025, 4)), 1);  // 2025-02..04 all positive
}

// ---- parameters ----

// paramètre forfait : montant
//   2022-04-01 : 575.52 € ; 2022-07-01 : 598.54 € ; 2022-08-15 : 600 €
// variable courant = forfait ; variable precedent = forfait[M-1]
TEST(Evaluator, ParameterTakesTheValueInForceOnTheFirstDayOfTheMonth) {
    ProgramBuilder b;
    const auto forfait = b.parameter("forfait", montant,
                                     {dated(make_date(2022, 4, 1), 575'520'000),
                                      dated(make_date(2022, 7, 1), 598'540'000),
                                      dated(make_date(2022, 8, 15), euros(600))});
    const auto courant = b.variable("courant", montant, personne, b.read_parameter(forfait));
    const auto precedent = b.variable("precedent", montant, personne, b.read_parameter(forfait, -1));

    const CaseData data = make_case(b.program(), month(2022, 5), month(2022, 9), {"alice"});
    const Evaluation e = run_ok(b.program(), data);

    EXPECT_EQ(e.value(courant, 0, month(2022, 6)), 575'520'000);
    EXPECT_EQ(e.value(courant, 0, month(2022, 7)), 598'540'000);  // changes on 1 July
    EXPECT_EQ(e.value(courant, 0, month(2022, 8)), 598'540'000);  // 15 August is not in force on 1 August
    EXPECT_EQ(e.value(courant, 0, month(2022, 9)), euros(600));
    EXPECT_EQ(e.value(precedent, 0, month(2022, 5)), 575'520'000);
    EXPECT_EQ(e.value(precedent, 0, month(2022, 7)), 575'520'000);
    EXPECT_EQ(e.value(precedent, 0, month(2022, 8)), 598'540'000);
}

TEST(Evaluator, ParameterReadBeforeItsFirstValueIsAnError) {
    ProgramBuilder b;
    const auto forfait = b.parameter("forfait", montant, {dated(make_date(2022, 4, 1), 575'520'000)});
    const auto read = b.read_parameter(forfait, -1);
    b.variable("precedent", montant, personne, read);

    const EvalError error = run_error(b.program(), make_case(b.program(), month(2022, 4), month(2022, 5), {"alice"}));
    EXPECT_EQ(error.code, Code::ParameterUndefined);
    EXPECT_EQ(error.message, "paramètre « forfait » sans valeur en vigueur au 2022-03-01");
    EXPECT_EQ(error.span.begin, ProgramBuilder::span_of(read).begin);
    EXPECT_EQ(error.month, month(2022, 4));
}

// paramètre taux_forfait : barème de taux, 2009-06-01 : [1 -> 12 %, 2 -> 16 %, 3 -> 16.5 %]
// variable t = taux_forfait(n), with n given per month.
TEST(Evaluator, ScaleTakesTheGreatestKeyNotAboveAndTheFirstEntryBelow) {
    ProgramBuilder b;
    ir::ParameterValue scale = dated(make_date(2009, 6, 1), 0);
    scale.scale = {{euros(1), 120'000}, {euros(2), 160'000}, {euros(3), 165'000}};
    const auto taux_forfait = b.parameter("taux_forfait", taux, {scale}, true);
    const auto n = b.input("n", nombre, personne);
    const auto t = b.variable("t", taux, personne,
                              b.add(N(Op::ScaleLookup, taux).ref(taux_forfait), {b.read_input(n)}));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 5), {"alice"});
    data.inputs[n][0].by_month = {{month(2025, 1), euros(5)},
                                  {month(2025, 2), 0},
                                  {month(2025, 3), 2'500'000},
                                  {month(2025, 4), euros(3)},
                                  {month(2025, 5), euros(1)}};
    const Evaluation e = run_ok(b.program(), data);

    EXPECT_EQ(e.value(t, 0, month(2025, 1)), 165'000);  // 5 is above the last key 3
    EXPECT_EQ(e.value(t, 0, month(2025, 2)), 120'000);  // 0 is below the first key 1
    EXPECT_EQ(e.value(t, 0, month(2025, 3)), 160'000);  // 2.5 -> key 2
    EXPECT_EQ(e.value(t, 0, month(2025, 4)), 165'000);
    EXPECT_EQ(e.value(t, 0, month(2025, 5)), 120'000);
}

// ---- review ----

// variable base = ressources ; variable fixe = reexamen(base, 2025-02, 3)
// ressources 2025-01..2025-08 = 10, 20, ..., 80 €. Review months: ..., 2024-11, 2025-02, 2025-05, 2025-08.
// variable fixe_tardif = reexamen(base, 2025-07, 3)
TEST(Evaluator, QuarterlyReviewKeepsTheValueOfTheLastReviewMonth) {
    ProgramBuilder b;
    const auto ressources = b.input("ressources", montant, personne);
    const auto base = b.variable("base", montant, personne, b.read_input(ressources));
    const auto fixe = b.variable(
        "fixe", montant, personne,
        b.add(N(Op::Review, montant).ref(base).imm(3), {b.constant(month(2025, 2), mois)}));

    // An anchor after M still gives review months before M: 2025-07 - 3k = 2025-01, 2025-04, ...
    const auto fixe_tardif = b.variable(
        "fixe_tardif", montant, personne,
        b.add(N(Op::Review, montant).ref(base).imm(3), {b.constant(month(2025, 7), mois)}));

    // Review of an input (window_of_input says which table `ref` indexes): inputs keep their
    // values before the period, so 2024-11 gives 5 € where the variable gave 0.
    const auto fixe_entree = b.variable(
        "fixe_entree", montant, personne,
        b.add(N(Op::Review, montant).ref(ressources).window_of_input(true).imm(3), {b.constant(month(2025, 2), mois)}));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 8), {"alice"});
    data.inputs[ressources][0].by_month.push_back({month(2024, 11), euros(5)});
    for (unsigned m = 1; m <= 8; ++m) data.inputs[ressources][0].by_month.push_back({month(2025, m), euros(10 * m)});
    const Evaluation e = run_ok(b.program(), data);
    EXPECT_EQ(e.value(fixe_entree, 0, month(2025, 1)), euros(5));
    EXPECT_EQ(e.value(fixe_entree, 0, month(2025, 4)), euros(20));

    const Value expected[] = {0, euros(20), euros(20), euros(20), euros(50), euros(50), euros(50), euros(80)};
    const Value expected_tardif[] = {euros(10), euros(10), euros(10), euros(40),
                                     euros(40), euros(40), euros(70), euros(70)};
    for (unsigned m = 1; m <= 8; ++m) {
        EXPECT_EQ(e.value(fixe, 0, month(2025, m)), expected[m - 1]) << "month 2025-" << m;
        EXPECT_EQ(e.value(fixe_tardif, 0, month(2025, m)), expected_tardif[m - 1]) << "month 2025-" << m;
    }
}

// ---- exceptions ----

// variable montant : nombre par personne
//   = 10 ; à partir de 2025-03 = 15
//   exception a si a = 20
//   exception b sur a si b = 30
//   exception c si c = 40
//   exception d sur b si d = 50
//   exception hiver à partir de 2025-02 jusqu'à 2025-02 si hiver = 60
struct ExceptionProgram {
    ProgramBuilder b;
    std::uint32_t flag[5];
    std::uint32_t montant_var;

    ExceptionProgram() {
        const char* names[] = {"a", "b", "c", "d", "hiver"};
        for (int i = 0; i < 5; ++i) flag[i] = b.input(names[i], booleen, personne, 0);
        montant_var = b.variable("montant", nombre, personne, b.constant(euros(10)));
        ir::Variable& v = b.program().variables[montant_var];
        v.formulas.push_back({month(2025, 3), b.constant(euros(15)), {}});
        const Value values[] = {20, 30, 40, 50, 60};
        const std::vector<std::uint32_t> overrides[] = {{}, {0}, {}, {1}, {}};
        for (int i = 0; i < 5; ++i) {
            ir::Exception e;
            e.label = names[i];
            e.overrides = overrides[i];
            e.condition = b.read_input(flag[i]);
            e.expr = b.constant(euros(values[i]));
            b.program().variables[montant_var].exceptions.push_back(e);
        }
        ir::Exception& hiver = b.program().variables[montant_var].exceptions[4];
        hiver.from = month(2025, 2);
        hiver.until = month(2025, 2);
    }
};

TEST(Evaluator, GeneralFormulaChangesAtItsDateAndBoundedExceptionApplies) {
    ExceptionProgram x;
    CaseData data = make_case(x.b.program(), month(2025, 1), month(2025, 4), {"p"});
    data.inputs[x.flag[4]][0].constant = 1;  // hiver holds every month, in force only in 2025-02
    const Evaluation e = run_ok(x.b.program(), data);
    EXPECT_EQ(e.value(x.montant_var, 0, month(2025, 1)), euros(10));
    EXPECT_EQ(e.value(x.montant_var, 0, month(2025, 2)), euros(60));
    EXPECT_EQ(e.value(x.montant_var, 0, month(2025, 3)), euros(15));
    EXPECT_EQ(e.value(x.montant_var, 0, month(2025, 4)), euros(15));
}

TEST(Evaluator, ExceptionOverridesTheFormulaAndOtherExceptionsTransitively) {
    ExceptionProgram x;
    CaseData data = make_case(x.b.program(), month(2025, 3), month(2025, 3), {"aucune", "a", "ab", "b", "abd"});
    const auto set = [&](std::uint32_t person, std::vector<int> flags) {
        for (int f : flags) data.inputs[x.flag[f]][person].constant = 1;
    };
    set(1, {0});
    set(2, {0, 1});
    set(3, {1});
    set(4, {0, 1, 3});
    const Evaluation e = run_ok(x.b.program(), data);
    const Month m = month(2025, 3);
    EXPECT_EQ(e.value(x.montant_var, 0, m), euros(15));
    EXPECT_EQ(e.value(x.montant_var, 1, m), euros(20));
    EXPECT_EQ(e.value(x.montant_var, 2, m), euros(30));  // b sur a
    EXPECT_EQ(e.value(x.montant_var, 3, m), euros(30));
    EXPECT_EQ(e.value(x.montant_var, 4, m), euros(50));  // d sur b sur a

    const Trace trace = e.explain(x.montant_var, 2, m);
    EXPECT_EQ(trace.clause, Trace::Clause::Exception);
    EXPECT_EQ(trace.exception, 1u);
    EXPECT_EQ(trace.value, euros(30));
    // The guards of a, b, c, d (hiver is not in force in 2025-03), in declaration order.
    ASSERT_EQ(trace.conditions.size(), 4u);
    EXPECT_EQ(trace.conditions[0].exception_label, "a");
    EXPECT_TRUE(trace.conditions[0].value);
    EXPECT_EQ(trace.conditions[1].exception_label, "b");
    EXPECT_TRUE(trace.conditions[1].value);
    EXPECT_EQ(trace.conditions[2].exception_label, "c");
    EXPECT_FALSE(trace.conditions[2].value);
    EXPECT_EQ(trace.conditions[3].exception_label, "d");
    EXPECT_FALSE(trace.conditions[3].value);

    const Trace general = e.explain(x.montant_var, 0, m);
    EXPECT_EQ(general.clause, Trace::Clause::Formula);
    EXPECT_EQ(general.formula, 1u);  // the formula from 2025-03
}

TEST(Evaluator, TwoExceptionsNeitherOverridingTheOtherAreAConflict) {
    ExceptionProgram x;
    CaseData data = make_case(x.b.program(), month(2025, 3), month(2025, 3), {"ok", "ac"});
    data.inputs[x.flag[0]][1].constant = 1;
    data.inputs[x.flag[2]][1].constant = 1;
    const EvalError error = run_error(x.b.program(), data);
    EXPECT_EQ(error.code, Code::ExceptionConflict);
    EXPECT_EQ(error.instance, 1u);
    EXPECT_EQ(error.month, month(2025, 3));
    EXPECT_NE(error.message.find("« a »"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("« c »"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find("« ac »"), std::string::npos) << error.message;
}

TEST(Evaluator, NoGeneralFormulaInForceIsAnError) {
    ProgramBuilder b;
    const auto v = b.variable("tardive", nombre, personne, b.constant(euros(1)));
    b.program().variables[v].formulas[0].from = month(2025, 6);
    const EvalError error = run_error(b.program(), make_case(b.program(), month(2025, 5), month(2025, 6), {"p"}));
    EXPECT_EQ(error.code, Code::NoFormula);
    EXPECT_EQ(error.month, month(2025, 5));
}

// ---- aggregates and entities ----

// foyer f: demandeur p0 (1000 €), conjoint p1 (500 €), enfants p2 (0 €), p3 (150 €).
struct HouseholdProgram {
    ProgramBuilder b;
    std::uint32_t salaire;
    CaseData data;

    HouseholdProgram() { salaire = b.input("salaire", montant, personne, 0); }
    std::uint32_t salaire_of_member() { return b.read_input(salaire); }
    std::uint32_t above(Value threshold) {
        return b.call(Op::Gt, booleen, {b.read_input(salaire), b.constant(threshold, montant)});
    }
    void make_data() {
        data = make_case(b.program(), month(2025, 3), month(2025, 3), {"p0", "p1", "p2", "p3"}, {"f"});
        data.members[foyer][0][demandeur] = {0};
        data.members[foyer][0][conjoint] = {1};
        data.members[foyer][0][enfants] = {2, 3};
        const Value salaires[] = {euros(1000), euros(500), 0, euros(150)};
        for (int p = 0; p < 4; ++p) data.inputs[salaire][p].constant = salaires[p];
    }
};

TEST(Evaluator, AggregatesOverRolesWithAFilter) {
    HouseholdProgram h;
    auto& b = h.b;
    const auto adultes = b.variable("adultes", montant, foyer,
                                    b.aggregate(Op::AggSum, montant, adultes_mask, h.salaire_of_member()));
    const auto filtre = b.variable(
        "filtre", montant, foyer,
        b.aggregate(Op::AggSum, montant, membres_mask, h.salaire_of_member(), h.above(euros(100))));
    const auto nb_enfants_actifs = b.variable(
        "nb_enfants_actifs", nombre, foyer,
        b.aggregate(Op::AggCount, nombre, enfants_mask, ir::none, h.above(euros(100))));
    const auto nb_enfants =
        b.variable("nb_enfants", nombre, foyer, b.aggregate(Op::AggCount, nombre, enfants_mask, ir::none));
    const auto max_enfants = b.variable("max_enfants", montant, foyer,
                                        b.aggregate(Op::AggMax, montant, enfants_mask, h.salaire_of_member()));
    const auto min_enfants = b.variable("min_enfants", montant, foyer,
                                        b.aggregate(Op::AggMin, montant, enfants_mask, h.salaire_of_member()));
    const auto max_personne = b.variable(
        "max_personne", montant, foyer,
        b.aggregate(Op::AggMax, montant, membres_mask, h.salaire_of_member(), h.above(euros(1000))));
    const auto existe = b.variable("existe", booleen, foyer,
                                   b.aggregate(Op::AggAny, booleen, enfants_mask, ir::none, h.above(euros(100))));
    const auto tous_expr = b.variable("tous_expr", booleen, foyer,
                                      b.aggregate(Op::AggAll, booleen, enfants_mask, h.above(euros(100))));
    const auto tous_filtre = b.variable("tous_filtre", booleen, foyer,
                                        b.aggregate(Op::AggAll, booleen, adultes_mask, ir::none, h.above(euros(100))));
    const auto salaire_demandeur = b.variable(
        "salaire_demandeur", montant, foyer,
        b.add(N(Op::RoleGet, montant).ref(demandeur), {h.salaire_of_member()}));
    // Person context: part = salaire / foyer.filtre (a taux).
    const auto part = b.variable(
        "part", taux, personne,
        b.call(Op::Div, taux,
               {h.salaire_of_member(),
                b.add(N(Op::GroupGet, montant).ref(foyer), {b.read_variable(filtre)})}));
    h.make_data();
    const Evaluation e = run_ok(b.program(), h.data);
    const Month m = month(2025, 3);

    EXPECT_EQ(e.value(adultes, 0, m), euros(1500));
    EXPECT_EQ(e.value(filtre, 0, m), euros(1650));  // p2 (0 €) is filtered out
    EXPECT_EQ(e.value(nb_enfants_actifs, 0, m), euros(1));
    EXPECT_EQ(e.value(nb_enfants, 0, m), euros(2));
    EXPECT_EQ(e.value(max_enfants, 0, m), euros(150));
    EXPECT_EQ(e.value(min_enfants, 0, m), 0);
    EXPECT_EQ(e.value(max_personne, 0, m), 0);  // nobody earns more than 1000 €: 0
    EXPECT_EQ(e.value(existe, 0, m), 1);
    EXPECT_EQ(e.value(tous_expr, 0, m), 0);
    EXPECT_EQ(e.value(tous_filtre, 0, m), 1);
    EXPECT_EQ(e.value(salaire_demandeur, 0, m), euros(1000));
    EXPECT_EQ(e.value(part, 0, m), 606'061);  // 1000 / 1650 = 0.6060606... -> 0.606061
    EXPECT_EQ(e.value(part, 3, m), 90'909);   // 150 / 1650 = 0.0909090... -> 0.090909

    // The explanation lists the reads made for each member, with the member's instance.
    const Trace trace = e.explain(filtre, 0, m);
    std::vector<std::uint32_t> read_instances;
    for (const TraceRead& r : trace.reads) {
        EXPECT_EQ(r.kind, TraceRead::Kind::Input);
        EXPECT_EQ(r.entity, personne);
        read_instances.push_back(r.instance);
    }
    EXPECT_EQ(read_instances, (std::vector<std::uint32_t>{0, 1, 2, 3}));  // once each, in member order
}

TEST(Evaluator, RoleWithoutMemberAndPersonWithoutGroupAreErrors) {
    {
        HouseholdProgram h;
        const auto get = h.b.add(N(Op::RoleGet, montant).ref(conjoint), {h.salaire_of_member()});
        h.b.variable("salaire_conjoint", montant, foyer, get);
        h.make_data();
        h.data.members[foyer][0][conjoint].clear();
        h.data.members[foyer][0][enfants].push_back(1);
        const EvalError error = run_error(h.b.program(), h.data);
        EXPECT_EQ(error.code, Code::MissingMember);
        EXPECT_EQ(error.entity, foyer);
        EXPECT_EQ(error.message, "le rôle « conjoint » de « f » n'a aucun membre");
        EXPECT_EQ(error.span.begin, ProgramBuilder::span_of(get).begin);
    }
    {
        HouseholdProgram h;
        const auto total = h.b.variable("total", montant, foyer,
                                        h.b.aggregate(Op::AggSum, montant, membres_mask, h.salaire_of_member()));
        h.b.variable("total_du_foyer", montant, personne,
                     h.b.add(N(Op::GroupGet, montant).ref(foyer), {h.b.read_variable(total)}));
        h.make_data();
        h.data.members[foyer][0][enfants] = {2};  // p3 belongs to no foyer
        const EvalError error = run_error(h.b.program(), h.data);
        EXPECT_EQ(error.code, Code::MissingMember);
        EXPECT_EQ(error.entity, personne);
        EXPECT_EQ(error.instance, 3u);
    }
}

// ---- errors ----

TEST(Evaluator, MissingInputIsAnErrorNamingInputInstanceAndMonth) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire_net", montant, personne);
    const auto read = b.read_input(salaire);
    b.variable("revenu", montant, personne, read);
    CaseData data = make_case(b.program(), month(2025, 2), month(2025, 3), {"bob", "alice"});
    data.inputs[salaire][0].constant = euros(1);
    data.inputs[salaire][1].by_month = {{month(2025, 2), euros(1200)}};

    const EvalError error = run_error(b.program(), data);
    EXPECT_EQ(error.code, Code::MissingInput);
    EXPECT_EQ(error.message, "entrée « salaire_net » non renseignée pour « alice » en mars 2025 (2025-03)");
    EXPECT_EQ(error.entity, personne);
    EXPECT_EQ(error.instance, 1u);
    EXPECT_EQ(error.month, month(2025, 3));
    EXPECT_EQ(error.span.begin, ProgramBuilder::span_of(read).begin);
}

TEST(Evaluator, InputNotGivenForAMonthTakesItsDefault) {
    ProgramBuilder b;
    const auto aide = b.input("aide", montant, personne, euros(7));
    const auto v = b.variable("v", montant, personne, b.read_input(aide));
    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 2), {"p", "q"});
    data.inputs[aide][0].by_month = {{month(2025, 2), euros(80)}};
    const Evaluation e = run_ok(b.program(), data);
    EXPECT_EQ(e.value(v, 0, month(2025, 1)), euros(7));
    EXPECT_EQ(e.value(v, 0, month(2025, 2)), euros(80));
    EXPECT_EQ(e.value(v, 1, month(2025, 2)), euros(7));

    const Trace trace = e.explain(v, 0, month(2025, 1));
    ASSERT_EQ(trace.reads.size(), 1u);
    EXPECT_TRUE(trace.reads[0].defaulted);
    EXPECT_FALSE(e.explain(v, 0, month(2025, 2)).reads[0].defaulted);
}

TEST(Evaluator, DivisionByZeroAndOverflowAreLocatedErrors) {
    {
        ProgramBuilder b;
        const auto zero = b.input("zero", nombre, personne, 0);
        const auto div = b.call(Op::Div, nombre, {b.constant(euros(3)), b.read_input(zero)});
        b.variable("quotient", nombre, personne, b.call(Op::Add, nombre, {div, b.constant(euros(1))}));
        const EvalError error = run_error(b.program(), make_case(b.program(), month(2025, 1), month(2025, 1), {"p"}));
        EXPECT_EQ(error.code, Code::DivisionByZero);
        EXPECT_EQ(error.span.begin, ProgramBuilder::span_of(div).begin);  // the division, not the sum
    }
    {
        ProgramBuilder b;
        const auto mul = b.call(Op::Mul, nombre, {b.constant(euros(10'000'000)), b.constant(euros(10'000'000))});
        b.variable("produit", nombre, personne, mul);
        const EvalError error = run_error(b.program(), make_case(b.program(), month(2025, 1), month(2025, 1), {"p"}));
        EXPECT_EQ(error.code, Code::Overflow);
        EXPECT_EQ(error.span.begin, ProgramBuilder::span_of(mul).begin);
    }
}

TEST(Evaluator, LogicShortCircuitsAndIfEvaluatesOnlyTheChosenBranch) {
    ProgramBuilder b;
    const auto absente = b.input("absente", booleen, personne);  // never given, no default
    const auto ou = b.variable("ou", booleen, personne,
                               b.call(Op::Or, booleen, {b.constant(1, booleen), b.read_input(absente)}));
    const auto et = b.variable("et", booleen, personne,
                               b.call(Op::And, booleen, {b.constant(0, booleen), b.read_input(absente)}));
    const auto si = b.variable(
        "si", nombre, personne,
        b.call(Op::If, nombre, {b.constant(0, booleen), b.read_input(absente), b.constant(euros(2))}));
    const CaseData data = make_case(b.program(), month(2025, 1), month(2025, 1), {"p"});
    const Evaluation e = run_ok(b.program(), data);
    EXPECT_EQ(e.value(ou, 0, month(2025, 1)), 1);
    EXPECT_EQ(e.value(et, 0, month(2025, 1)), 0);
    EXPECT_EQ(e.value(si, 0, month(2025, 1)), euros(2));
    const Trace trace = e.explain(si, 0, month(2025, 1));
    ASSERT_EQ(trace.conditions.size(), 1u);
    EXPECT_FALSE(trace.conditions[0].value);
    EXPECT_TRUE(trace.conditions[0].exception_label.empty());
}

// ---- time ----

// variable x = salaire ; variable precedent = x[M-1] ; variable drapeau = x > 0 € ;
// variable drapeau_precedent = drapeau[M-1] ; variable salaire_precedent = salaire[M-1]
TEST(Evaluator, VariablesReadBeforeTheFirstMonthAreZeroInputsKeepTheirValues) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne, euros(5));
    const auto x = b.variable("x", montant, personne, b.read_input(salaire));
    const auto precedent = b.variable("precedent", montant, personne, b.read_variable(x, -1));
    const auto drapeau =
        b.variable("drapeau", booleen, personne, b.call(Op::Gt, booleen, {b.read_variable(x), b.constant(0, montant)}));
    const auto drapeau_precedent = b.variable("drapeau_precedent", booleen, personne, b.read_variable(drapeau, -1));
    const auto salaire_precedent = b.variable("salaire_precedent", montant, personne, b.read_input(salaire, -1));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 2), {"p"});
    data.inputs[salaire][0].by_month = {{month(2024, 12), euros(90)}, {month(2025, 1), euros(100)}};
    const Evaluation e = run_ok(b.program(), data);

    EXPECT_EQ(e.value(precedent, 0, month(2025, 1)), 0);
    EXPECT_EQ(e.value(precedent, 0, month(2025, 2)), euros(100));
    EXPECT_EQ(e.value(drapeau_precedent, 0, month(2025, 1)), 0);
    EXPECT_EQ(e.value(drapeau_precedent, 0, month(2025, 2)), 1);
    EXPECT_EQ(e.value(salaire_precedent, 0, month(2025, 1)), euros(90));  // given before the period
    EXPECT_EQ(e.value(salaire_precedent, 0, month(2025, 2)), euros(100));
    EXPECT_EQ(e.value(x, 0, month(2025, 2)), euros(5));                    // default
    EXPECT_EQ(e.value(x, 0, month(2024, 6)), 0);                          // before the period
    EXPECT_THROW(e.value(x, 0, month(2025, 3)), std::out_of_range);
    EXPECT_EQ(e.explain(x, 0, month(2024, 12)).clause, Trace::Clause::BeforePeriod);
}

TEST(Evaluator, CalendarFunctions) {
    ProgramBuilder b;
    const auto naissance = b.input("date_naissance", date, personne, {}, false);
    const auto ouverture = b.input("ouverture", mois, personne, {}, false);
    const auto age = b.variable("age", nombre, personne, b.call(Op::AgeYears, nombre, {b.read_input(naissance)}));
    const auto anciennete = b.variable(
        "anciennete", nombre, personne,
        b.call(Op::MonthsBetween, nombre, {b.read_input(ouverture), b.add(N(Op::CurrentMonth, mois))}));
    const auto mois_naissance =
        b.variable("mois_naissance", mois, personne, b.call(Op::MonthOfDate, mois, {b.read_input(naissance)}));
    const auto debut = b.variable("debut", date, personne, b.add(N(Op::MonthStart, date)));

    CaseData data = make_case(b.program(), month(2025, 3), month(2025, 4), {"p"});
    data.inputs[naissance][0].constant = make_date(2015, 3, 2);
    data.inputs[ouverture][0].constant = month(2024, 11);
    const Evaluation e = run_ok(b.program(), data);

    EXPECT_EQ(e.value(age, 0, month(2025, 3)), euros(9));  // 10th birthday on 2 March, after the 1st
    EXPECT_EQ(e.value(age, 0, month(2025, 4)), euros(10));
    EXPECT_EQ(e.value(anciennete, 0, month(2025, 3)), euros(4));
    EXPECT_EQ(e.value(mois_naissance, 0, month(2025, 3)), month(2015, 3));
    EXPECT_EQ(e.value(debut, 0, month(2025, 4)), make_date(2025, 4, 1));
}

TEST(Evaluator, RoundingAndMinMax) {
    ProgramBuilder b;
    const auto x = b.input("x", montant, personne);
    const auto rounded = [&](Op op) {
        return b.add(N(op, montant).imm(10'000), {b.read_input(x)});  // to the cent
    };
    const auto half = b.variable("half", montant, personne, rounded(Op::Round));
    const auto down = b.variable("down", montant, personne, rounded(Op::RoundDown));
    const auto up = b.variable("up", montant, personne, rounded(Op::RoundUp));
    const auto smallest = b.variable(
        "smallest", montant, personne,
        b.call(Op::Min, montant, {b.constant(euros(3), montant), b.read_input(x), b.constant(euros(-2), montant)}));
    const auto largest = b.variable("largest", montant, personne,
                                    b.call(Op::Max, montant, {b.constant(euros(3), montant), b.read_input(x)}));

    CaseData data = make_case(b.program(), month(2025, 1), month(2025, 2), {"p"});
    data.inputs[x][0].by_month = {{month(2025, 1), -12'345'000}, {month(2025, 2), 12'344'999}};  // -12.345, 12.344999
    const Evaluation e = run_ok(b.program(), data);
    EXPECT_EQ(e.value(half, 0, month(2025, 1)), -12'350'000);
    EXPECT_EQ(e.value(down, 0, month(2025, 1)), -12'350'000);
    EXPECT_EQ(e.value(up, 0, month(2025, 1)), -12'340'000);
    EXPECT_EQ(e.value(half, 0, month(2025, 2)), 12'340'000);
    EXPECT_EQ(e.value(up, 0, month(2025, 2)), 12'350'000);
    EXPECT_EQ(e.value(smallest, 0, month(2025, 1)), -12'345'000);
    EXPECT_EQ(e.value(largest, 0, month(2025, 2)), 12'344'999);
}

// ---- explanations ----

// variable montant = si salaire > seuil alors salaire - seuil + salaire[M-1] sinon 0 €
TEST(Evaluator, ExplainListsEachReadOnceWithParameterSources) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne);
    const auto seuil = b.parameter("seuil", montant,
                                   {dated(make_date(2020, 1, 1), euros(100), "Décret A"),
                                    dated(make_date(2025, 2, 1), euros(120), "Décret B")});
    const auto condition = b.call(Op::Gt, booleen, {b.read_input(salaire), b.read_parameter(seuil)});
    const auto difference = b.call(Op::Sub, montant, {b.read_input(salaire), b.read_parameter(seuil)});
    const auto v = b.variable(
        "montant", montant, personne,
        b.call(Op::If, montant,
               {condition, b.call(Op::Add, montant, {difference, b.read_input(salaire, -1)}), b.constant(0, montant)}));

    CaseData data = make_case(b.program(), month(2025, 2), month(2025, 2), {"p"});
    data.inputs[salaire][0].by_month = {{month(2025, 1), euros(10)}, {month(2025, 2), euros(200)}};
    const Evaluation e = run_ok(b.program(), data);
    EXPECT_EQ(e.value(v, 0, month(2025, 2)), euros(90));  // 200 - 120 + 10

    const Trace trace = e.explain(v, 0, month(2025, 2));
    EXPECT_EQ(trace.value, euros(90));
    EXPECT_EQ(trace.clause, Trace::Clause::Formula);
    EXPECT_EQ(trace.formula, 0u);
    ASSERT_EQ(trace.reads.size(), 3u);  // salaire[2025-02], seuil, salaire[2025-01]
    EXPECT_EQ(trace.reads[0].kind, TraceRead::Kind::Input);
    EXPECT_EQ(trace.reads[0].month, month(2025, 2));
    EXPECT_EQ(trace.reads[0].value, euros(200));
    EXPECT_EQ(trace.reads[1].kind, TraceRead::Kind::Parameter);
    EXPECT_EQ(trace.reads[1].value, euros(120));
    EXPECT_EQ(trace.reads[1].effective, make_date(2025, 2, 1));
    EXPECT_EQ(trace.reads[1].source, "Décret B");
    EXPECT_EQ(trace.reads[1].instance, ir::none);
    EXPECT_EQ(trace.reads[2].month, month(2025, 1));
    EXPECT_EQ(trace.reads[2].value, euros(10));
    ASSERT_EQ(trace.conditions.size(), 1u);
    EXPECT_TRUE(trace.conditions[0].value);
    EXPECT_EQ(trace.conditions[0].span.begin, ProgramBuilder::span_of(condition).begin);
}

// ---- display ----

TEST(FormatValue, FollowsFrenchConventions) {
    ir::Program p;
    p.enumerations.push_back({"statut", {"locataire", "proprietaire"}, {}, {"", "propriétaire"}});
    const std::string nbsp = "\u00A0";
    EXPECT_EQ(format_value(p, montant, 350'820'000), "350,82" + nbsp + "€");
    EXPECT_EQ(format_value(p, taux, 120'000), "12" + nbsp + "%");
    EXPECT_EQ(format_value(p, taux, 165'000), "16,5" + nbsp + "%");
    EXPECT_EQ(format_value(p, taux, 0), "0" + nbsp + "%");
    EXPECT_EQ(format_value(p, taux, 1'500'000), "150" + nbsp + "%");
    EXPECT_EQ(format_value(p, taux, -5), "-0,0005" + nbsp + "%");
    EXPECT_EQ(format_value(p, nombre, 151'670'000), "151,67");
    EXPECT_EQ(format_value(p, nombre, euros(3)), "3");
    EXPECT_EQ(format_value(p, nombre, -2'500'000), "-2,5");
    EXPECT_EQ(format_value(p, booleen, 1), "oui");
    EXPECT_EQ(format_value(p, booleen, 0), "non");
    EXPECT_EQ(format_value(p, date, make_date(2025, 3, 1)), "2025-03-01");
    EXPECT_EQ(format_value(p, mois, month(2025, 3)), "mars 2025");
    EXPECT_EQ(format_value(p, ir::Type{Kind::Enumeration, 0}, 0), "locataire");      // no label: the name
    EXPECT_EQ(format_value(p, ir::Type{Kind::Enumeration, 0}, 1), "propriétaire");   // its label for people
}

// ---- rules tests ----

// variable double = salaire × 2, with tests:
//   "passe": personne p : salaire = 175.41 € ; attendu p.double[2025-01..2025-02] = 350.82 €
//   "echoue": personne p : salaire = {2025-01: 175.41 €, 2025-02: 175.425 €}
//             attendu p.double[2025-01..2025-02] = 350.82 € à 0.02 € près   (2025-02 is 350.85 €: off by 0.03 €)
//   "erreur": personne p without salaire (no default) ; attendu p.double[2025-01] = 0 €
TEST(TestRunner, ReportsFailuresMonthByMonthAndEvaluationErrors) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne);
    const auto double_v = b.variable("double", montant, personne,
                                     b.call(Op::Mul, montant, {b.read_input(salaire), b.constant(euros(2))}));
    ir::Program& p = b.program();

    const auto make_test = [&](std::string name) {
        ir::Test t;
        t.name = std::move(name);
        t.first = month(2025, 1);
        t.last = month(2025, 2);
        t.instances = {{"p", personne, {}}};
        return t;
    };
    ir::Test passe = make_test("passe");
    passe.inputs.push_back({salaire, 0, 175'410'000, {}, {}});
    passe.expectations.push_back({0, double_v, month(2025, 1), month(2025, 2), 350'820'000, 0, {}});
    ir::Test echoue = make_test("echoue");
    echoue.inputs.push_back(
        {salaire, 0, std::nullopt, {{month(2025, 1), 175'410'000}, {month(2025, 2), 175'425'000}}, {}});
    echoue.expectations.push_back({0, double_v, month(2025, 1), month(2025, 2), 350'820'000, 20'000, {}});
    ir::Test erreur = make_test("erreur");
    erreur.expectations.push_back({0, double_v, month(2025, 1), month(2025, 1), 0, 0, {}});
    p.tests = {passe, echoue, erreur};

    const std::vector<TestResult> results = run_tests(p);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[0].passed());
    EXPECT_FALSE(results[1].passed());
    ASSERT_EQ(results[1].failures.size(), 1u);
    EXPECT_EQ(results[1].failures[0].expectation, 0u);
    EXPECT_EQ(results[1].failures[0].month, month(2025, 2));
    EXPECT_EQ(results[1].failures[0].expected, 350'820'000);
    EXPECT_EQ(results[1].failures[0].actual, 350'850'000);
    EXPECT_FALSE(results[2].passed());
    ASSERT_TRUE(results[2].error.has_value());
    EXPECT_EQ(results[2].error->code, Code::MissingInput);
    EXPECT_EQ(results[2].test, 2u);
}

// personne alice, personne bob, foyer f : demandeur = bob, enfants = [alice]
TEST(TestRunner, BuildsTheCaseOfATest) {
    ProgramBuilder b;
    const auto salaire = b.input("salaire", montant, personne);
    const auto loyer = b.input("loyer", montant, foyer);
    ir::Test t;
    t.first = month(2025, 1);
    t.last = month(2025, 3);
    t.instances = {{"alice", personne, {}}, {"f", foyer, {}}, {"bob", personne, {}}};
    t.memberships = {{1, demandeur, {2}, {}}, {1, enfants, {0}, {}}};
    t.inputs = {{salaire, 2, euros(1), {}, {}}, {loyer, 1, std::nullopt, {{month(2025, 2), euros(500)}}, {}}};

    const CaseData data = case_of_test(b.program(), t);
    EXPECT_EQ(data.first, month(2025, 1));
    EXPECT_EQ(data.last, month(2025, 3));
    EXPECT_EQ(data.instance_names[personne], (std::vector<std::string>{"alice", "bob"}));
    EXPECT_EQ(data.instance_names[foyer], (std::vector<std::string>{"f"}));
    ASSERT_EQ(data.members[foyer].size(), 1u);
    EXPECT_EQ(data.members[foyer][0][demandeur], (std::vector<std::uint32_t>{1}));
    EXPECT_TRUE(data.members[foyer][0][conjoint].empty());
    EXPECT_EQ(data.members[foyer][0][enfants], (std::vector<std::uint32_t>{0}));
    ASSERT_EQ(data.inputs[salaire].size(), 2u);
    EXPECT_FALSE(data.inputs[salaire][0].given());
    EXPECT_EQ(data.inputs[salaire][1].constant, euros(1));
    ASSERT_EQ(data.inputs[loyer].size(), 1u);
    ASSERT_EQ(data.inputs[loyer][0].by_month.size(), 1u);
    EXPECT_EQ(data.inputs[loyer][0].by_month[0].second, euros(500));
}

}  // namespace
}  // namespace relais::engine
