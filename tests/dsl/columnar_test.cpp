// The columnar evaluator against the scalar one, value by value: on every test case of the
// rules in rules/, on a seeded synthetic population, with 1 and 2 threads, and on small
// programs built to hit each place where the scalar evaluator evaluates a node for only some
// instances (branches, short circuits, exceptions, filters, roles), so that a failure must be
// raised for exactly the cases the scalar evaluator fails.
#include "engine/columnar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "dsl/driver.hpp"
#include "engine/ir/dependencies.hpp"
#include "engine/ir/equivalence.hpp"
#include "engine/test_runner.hpp"
#include "tests/support/synthetic_population.hpp"

namespace relais::engine {
namespace {

using columnar::CaseStatus;

std::string diagnostics_of(const dsl::Compilation& c) {
    std::ostringstream out;
    for (const auto& d : c.diagnostics.sorted()) out << render_text(d, c.sources) << "\n";
    for (const auto& e : c.io_errors) out << e << "\n";
    return out.str();
}

const ir::Program& real_rules() {
    static const dsl::Compilation compilation = dsl::compile_paths({RELAIS_SOURCE_DIR "/rules"});
    if (!compilation.program) ADD_FAILURE() << "rules/ does not compile:\n" << diagnostics_of(compilation);
    static const ir::Program empty;
    return compilation.program ? *compilation.program : empty;
}

ir::Program compile(const std::string& text) {
    dsl::Compilation c = dsl::compile_texts({{"columnar_test.rules", text}});
    if (!c.program) throw std::runtime_error("the test program does not compile:\n" + diagnostics_of(c));
    return std::move(*c.program);
}

std::vector<bool> all_variables(const ir::Program& program) { return std::vector<bool>(program.variables.size(), true); }

struct Comparison {
    std::size_t cases = 0;
    std::size_t failed = 0;
    std::size_t values = 0;
};

// Evaluates `cases` both ways and expects the same status for every case and, for the cases
// that succeed, the same value for every needed variable, instance and month (and 0 the month
// before the first). The generic copy of the columnar interpreter must agree with the one the
// processor runs (AVX2 on x86-64-v3) lane for lane.
Comparison expect_same_as_scalar(const ir::Program& program, const std::vector<bool>& needed,
                                 const std::vector<const CaseData*>& cases, std::size_t chunk_size, unsigned threads,
                                 const std::vector<std::string>& names = {}) {
    Comparison stats;
    const columnar::Plan plan(program, needed);
    const std::vector<columnar::Chunk> chunks = columnar::make_chunks(cases, chunk_size);
    const std::vector<columnar::ChunkResult> results = columnar::evaluate_chunks(plan, chunks, threads);
    columnar::Evaluator generic(plan, columnar::InstructionSet::Generic);
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        const columnar::ChunkResult& result = results[k];
        const columnar::ChunkResult generic_result = generic.run(chunks[k].cases);
        for (std::uint32_t c = 0; c < result.case_count(); ++c) {
            EXPECT_EQ(generic_result.status(c), result.status(c)) << "generic and widest interpreters disagree";
            if (!result.ok(c)) continue;
            for (const std::uint32_t v : plan.order())
                for (std::uint32_t i = 0; i < result.instance_count(program.variables[v].entity, c); ++i)
                    for (Month m = result.first(); m <= result.last(); ++m)
                        if (generic_result.value(v, c, i, m) != result.value(v, c, i, m)) {
                            ADD_FAILURE() << "generic and widest interpreters disagree on "
                                          << program.variables[v].name;
                            return stats;
                        }
        }
        for (std::uint32_t c = 0; c < chunks[k].cases.size(); ++c) {
            const CaseData& data = *chunks[k].cases[c];
            const std::size_t index = chunks[k].indices[c];
            const std::string name = index < names.size() ? names[index] : "case " + std::to_string(index);
            ++stats.cases;
            const auto scalar = Evaluation::run(program, data, needed);
            if (const auto* error = std::get_if<EvalError>(&scalar)) {
                ++stats.failed;
                EXPECT_EQ(result.status(c), CaseStatus::Failed)
                    << name << ": the scalar evaluator fails (" << error->message << "), the columnar one does not";
                continue;
            }
            if (result.status(c) != CaseStatus::Ok) {
                ADD_FAILURE() << name << ": the columnar evaluator fails, the scalar one does not";
                continue;
            }
            const Evaluation& evaluation = std::get<Evaluation>(scalar);
            for (const std::uint32_t v : plan.order()) {
                const std::uint32_t entity = program.variables[v].entity;
                for (std::uint32_t i = 0; i < data.instance_count(entity); ++i) {
                    for (Month m = data.first - 1; m <= data.last; ++m) {
                        const Value expected = evaluation.value(v, i, m);
                        const Value actual = result.value(v, c, i, m);
                        ++stats.values;
                        if (expected != actual) {
                            ADD_FAILURE() << name << ": " << program.variables[v].name << " of instance " << i
                                          << " in " << format_month(m) << ": scalar " << format_decimal(expected)
                                          << ", columnar " << format_decimal(actual);
                            return stats;  // one is enough to debug
                        }
                    }
                }
            }
        }
    }
    return stats;
}

std::vector<const CaseData*> pointers(const std::vector<CaseData>& cases) {
    std::vector<const CaseData*> p;
    for (const CaseData& c : cases) p.push_back(&c);
    return p;
}

// ---- The rules in rules/ ----

TEST(ColumnarRealRules, EveryTestCaseGivesTheScalarValuesForEveryVariable) {
    const ir::Program& program = real_rules();
    ASSERT_FALSE(program.tests.empty());
    std::vector<CaseData> cases;
    std::vector<std::string> names;
    for (const ir::Test& test : program.tests) {
        cases.push_back(case_of_test(program, test));
        names.push_back(test.name);
    }
    // Tests with the same months share chunks (of up to 8 cases, so that most chunks mix several).
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 8, 1, names);
    EXPECT_EQ(stats.cases, program.tests.size());
    EXPECT_GT(stats.values, 100'000U);
    RecordProperty("failed_cases", static_cast<int>(stats.failed));
}

TEST(ColumnarRealRules, EveryTestCaseGivesTheScalarValuesForWhatItReads) {
    const ir::Program& program = real_rules();
    // As the test runner evaluates them: only the expected variables and what they read.
    std::map<std::vector<bool>, std::vector<std::uint32_t>> tests_by_needed;
    for (std::uint32_t t = 0; t < program.tests.size(); ++t) {
        std::vector<std::uint32_t> roots;
        for (const ir::Expectation& e : program.tests[t].expectations) roots.push_back(e.variable);
        tests_by_needed[ir::needed_variables(program, roots)].push_back(t);
    }
    std::size_t compared = 0;
    for (const auto& [needed, tests] : tests_by_needed) {
        std::vector<CaseData> cases;
        std::vector<std::string> names;
        for (const std::uint32_t t : tests) {
            cases.push_back(case_of_test(program, program.tests[t]));
            names.push_back(program.tests[t].name);
        }
        const Comparison stats = expect_same_as_scalar(program, needed, pointers(cases), 8, 1, names);
        EXPECT_EQ(stats.failed, 0U) << "a test of rules/ fails to evaluate";
        compared += stats.cases;
    }
    EXPECT_EQ(compared, program.tests.size());
}

// ---- A synthetic population ----

TEST(ColumnarPopulation, FiveHundredHouseholdsOverTwoYearsGiveTheScalarValues) {
    const ir::Program& program = real_rules();
    synthetic::PopulationOptions options;
    options.households = 500;
    options.months = 24;
    const std::vector<CaseData> cases = synthetic::synthetic_population(program, options);
    // Chunks of 64 households; the last one is smaller.
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 64, 2);
    EXPECT_EQ(stats.cases, 500U);
    EXPECT_LT(stats.failed, 25U) << "the synthetic population should mostly evaluate";
}

TEST(ColumnarPopulation, OneAndTwoThreadsGiveIdenticalColumns) {
    const ir::Program& program = real_rules();
    synthetic::PopulationOptions options;
    options.households = 300;
    options.seed = 7;
    const std::vector<CaseData> cases = synthetic::synthetic_population(program, options);
    const columnar::Plan plan(program);
    const auto chunks = columnar::make_chunks(pointers(cases), 37);
    const auto one = columnar::evaluate_chunks(plan, chunks, 1);
    const auto two = columnar::evaluate_chunks(plan, chunks, 2);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t k = 0; k < one.size(); ++k) {
        for (std::uint32_t c = 0; c < one[k].case_count(); ++c) ASSERT_EQ(one[k].status(c), two[k].status(c));
        for (const std::uint32_t v : plan.order())
            for (Month m = one[k].first(); m <= one[k].last(); ++m) {
                const auto a = one[k].column(v, m);
                const auto b = two[k].column(v, m);
                for (std::size_t lane = 0; lane < a.size(); ++lane) {
                    if (one[k].ok(one[k].lane_cases(program.variables[v].entity)[lane])) {
                        ASSERT_EQ(a[lane], b[lane]) << program.variables[v].name;
                    }
                }
            }
    }
    // The streaming form sees the same results.
    std::vector<Value> totals(chunks.size(), 0);
    const std::uint32_t rsa = [&] {
        for (std::uint32_t v = 0; v < program.variables.size(); ++v)
            if (program.variables[v].name == "rsa_du") return v;
        return ir::none;
    }();
    ASSERT_NE(rsa, ir::none);
    columnar::for_each_chunk(plan, chunks, 2, [&](std::size_t k, const columnar::ChunkResult& r) {
        const auto lanes = r.lane_cases(program.variables[rsa].entity);
        for (Month m = r.first(); m <= r.last(); ++m) {
            const auto column = r.column(rsa, m);
            for (std::size_t lane = 0; lane < column.size(); ++lane)
                if (r.ok(lanes[lane])) totals[k] += column[lane];
        }
    });
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        Value expected = 0;
        const auto lanes = one[k].lane_cases(program.variables[rsa].entity);
        for (Month m = one[k].first(); m <= one[k].last(); ++m) {
            const auto column = one[k].column(rsa, m);
            for (std::size_t lane = 0; lane < column.size(); ++lane)
                if (one[k].ok(lanes[lane])) expected += column[lane];
        }
        EXPECT_EQ(totals[k], expected);
    }
}

TEST(ColumnarPopulation, ACaseMissingAnInputFailsAloneAndTheScalarEvaluatorNamesIt) {
    const ir::Program& program = real_rules();
    synthetic::PopulationOptions options;
    options.households = 12;
    options.dated_one_in = 0;
    std::vector<CaseData> cases = synthetic::synthetic_population(program, options);
    const std::uint32_t birth = synthetic::HouseholdBuilder(program, 0, 0).input("date_naissance");
    ASSERT_NE(birth, ir::none);
    ASSERT_FALSE(program.inputs[birth].default_value.has_value());
    cases[5].inputs[birth][0] = InputSeries{};  // the demandeur's birth date, which has no default

    const columnar::Plan plan(program);
    const auto chunks = columnar::make_chunks(pointers(cases), 100);
    ASSERT_EQ(chunks.size(), 1U);
    const auto result = columnar::Evaluator(plan).run(chunks[0].cases);
    EXPECT_EQ(result.failed_count(), 1U);
    EXPECT_EQ(result.status(5), CaseStatus::Failed);
    EXPECT_THROW(result.value(plan.order().front(), 5, 0, cases[5].first), std::logic_error);
    const EvalError error = columnar::failure_of(plan, cases[5]);
    EXPECT_EQ(error.code, Code::MissingInput);
    EXPECT_NE(error.message.find("date_naissance"), std::string::npos) << error.message;
    // The other cases are untouched by the failure.
    expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
}

// ---- Small programs: one construct each, with cases that fail in some lanes only ----

const char* const entities = R"(
entité personne
entité foyer
  rôle demandeur : un
  rôle conjoint : optionnel
  rôle enfants : plusieurs
)";

Month month(int year, unsigned m) { return make_month(year, m); }

// One foyer per case: `persons` persons, the first demandeur, the second conjoint when `couple`,
// the others enfants; inputs set by `fill(builder, person ids, foyer id)`.
template <class Fill>
CaseData household(const ir::Program& program, Month first, Month last, int persons, bool couple, Fill fill) {
    synthetic::HouseholdBuilder b(program, first, last);
    std::vector<std::uint32_t> ids;
    for (int p = 0; p < persons; ++p) ids.push_back(b.add_person("p" + std::to_string(p)));
    std::vector<std::vector<std::uint32_t>> holders(3);
    for (int p = 0; p < persons; ++p) holders[p == 0 ? 0 : (p == 1 && couple) ? 1 : 2].push_back(ids[p]);
    const std::uint32_t foyer = b.add_group("f", holders);
    fill(b, ids, foyer);
    return std::move(b.data());
}

TEST(ColumnarSemantics, ErrorsAreRaisedOnlyWhereTheScalarEvaluatorEvaluates) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée b : nombre par personne mensuelle défaut 0
entrée drapeau : booléen par personne mensuelle défaut faux
entrée sans_defaut : montant par personne mensuelle
entrée c : nombre par personne mensuelle défaut 0
entrée grand : booléen par personne mensuelle défaut faux

paramètre tardif : montant
  2024-03-01 : 10 € source "test"

paramètre bareme : barème de montant
  2020-01-01 : [1 -> 10 €, 3 -> 20 €, 5 -> 35 €] source "test"

variable quotient : nombre par personne
  = si b == 0 alors 0 sinon a / b
variable et_court : booléen par personne
  = b != 0 et a / b > 1
variable ou_court : booléen par personne
  = b == 0 ou a / b > 1
variable branche_parametre : montant par personne
  = si drapeau alors tardif sinon 0 €
variable fenetre_sans_defaut : montant par personne
  = si drapeau alors somme(sans_defaut[M-2..M]) sinon 0 €
variable produit : nombre par personne
  = si a > 1000 alors a * a * a * a sinon a * b
variable tranche : montant par personne
  = bareme(a)
variable arrondis : nombre par personne
  = arrondi(a / 3, 0.01) + arrondi_inferieur(b / 7, 0.001) - arrondi_superieur(a * 0.7, 1)
variable moyenne_quotient : nombre par personne
  = moyenne(quotient[M-3..M-1]) + max(quotient[M-2..M]) - min(a[M-1..M])
variable moyenne_paire : nombre par personne
  = moyenne(a[M-1..M])
variable fenetre_c : nombre par personne
  = si grand alors somme(c[M-2..M]) sinon 0
variable double_c : nombre par personne
  = si grand alors (c + c) / 4 sinon 0
variable total_c : nombre par foyer
  = somme(c pour membres)
variable fenetres_logiques : booléen par personne
  = tous(drapeau[M-2..M]) ou non existe(drapeau[M-3..M-1])
)");
    const Month first = month(2024, 1), last = month(2024, 6);
    std::vector<CaseData> cases;
    // 0: fine everywhere (b never 0, drapeau never set).
    cases.push_back(household(program, first, last, 2, true, [](auto& b, auto& p, auto) {
        b.constant("a", p[0], 5 * one);
        b.constant("b", p[0], 2 * one);
        b.constant("a", p[1], 1);
        b.constant("b", p[1], 3 * one);
    }));
    // 1: b == 0 everywhere: the divisions are never evaluated.
    cases.push_back(household(program, first, last, 1, false, [](auto& b, auto& p, auto) { b.constant("a", p[0], 7 * one); }));
    // 2: drapeau in March and later: tardif is in force, sans_defaut given for Jan..Jun.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("drapeau", p[0], {{month(2024, 3), 1}, {month(2024, 4), 1}});
        std::vector<std::pair<Month, Value>> given;
        for (Month m = first; m <= last; ++m) given.emplace_back(m, 100 * one);
        b.by_month("sans_defaut", p[0], given);
    }));
    // 3: drapeau in February: tardif has no value yet (ParameterUndefined).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("drapeau", p[0], {{month(2024, 2), 1}});
    }));
    // 4: drapeau in April but sans_defaut missing in March (inside the window).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("drapeau", p[0], {{month(2024, 4), 1}});
        b.by_month("sans_defaut", p[0], {{month(2024, 2), 1}, {month(2024, 4), 1}});
    }));
    // 5: a large a: a^4 overflows (only in the branch a > 1000).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 5), 5'000'000 * one}});
        b.constant("b", p[0], one);
    }));
    // 6: a product that leaves int64 but whose result fits (the exact wide path), negative values.
    cases.push_back(household(program, first, last, 3, false, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], -900 * one);
        b.constant("b", p[0], 4'000'000 * one);
        b.constant("a", p[1], -1'234'567);
        b.constant("b", p[1], -3 * one);
        b.by_month("a", p[2], {{month(2024, 2), 4 * one}, {month(2024, 3), -2'500'000}});
        b.constant("b", p[2], 7);
    }));
    // 7: products, quotients and roundings exactly half-way, both signs.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{first, 1}, {first + 1, -1}, {first + 2, 1}, {first + 3, -1}, {first + 4, 3}, {first + 5, -45'000}});
        b.by_month("b", p[0], {{first, 500'000}, {first + 1, 500'000}, {first + 2, 2 * one}, {first + 3, 2 * one},
                               {first + 4, -2 * one}, {first + 5, 3'500}});
    }));
    // 8..11: sums near the int64 limit. 8 fits (3 × 3e18 micro-units, and (c + c) / 4 through
    // the exact wide division); 9 overflows in the third month of a window; 10 in an aggregate
    // sum; 11 in c + c.
    const auto big = [&](Value c, int persons, Month flag) {
        cases.push_back(household(program, first, last, persons, false, [&](auto& b, auto& p, auto) {
            for (const std::uint32_t id : p) b.constant("c", id, c);
            if (flag != 0) b.by_month("grand", p[0], {{flag, 1}});
        }));
    };
    big(3'000'000'000'000'000'000, 1, first + 1);
    big(4'000'000'000'000'000'000, 1, first + 2);
    big(5'000'000'000'000'000'000, 2, 0);
    big(5'000'000'000'000'000'000, 1, first + 1);
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
    EXPECT_EQ(stats.failed, 6U);  // cases 3, 4, 5, 9, 10 and 11
}

// One person per case, inputs a and b given by month.
std::vector<CaseData> persons(const ir::Program& program, Month first, Month last,
                              const std::vector<std::pair<std::vector<std::pair<Month, Value>>,
                                                          std::vector<std::pair<Month, Value>>>>& inputs) {
    std::vector<CaseData> cases;
    for (const auto& [a, b] : inputs)
        cases.push_back(household(program, first, last, 1, false, [&](auto& builder, auto& p, auto) {
            builder.by_month("a", p[0], a);
            builder.by_month("b", p[0], b);
        }));
    return cases;
}

TEST(ColumnarSemantics, ExceptionsFollowPrecedenceAndConflictsFailTheirCaseOnly) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée b : nombre par personne mensuelle défaut 0

variable choix : nombre par personne
  = 0
  exception x si a > 1 = 1
  exception y si b > 1 = 2 / b
  exception z sur x si a > 5 = 3
  exception w sur z, y si a > 100 = 4
)");
    const Month jan = month(2024, 1);
    const std::vector<CaseData> cases = persons(
        program, jan, jan + 5,
        {
            {{{jan, 2 * one}, {jan + 1, 6 * one}, {jan + 2, one}, {jan + 3, 200 * one}}, {{jan + 3, 5 * one}}},  // x, z, -, w
            {{{jan + 2, 2 * one}}, {{jan + 2, 2 * one}}},                                                    // x and y in March
            {{{jan + 4, 6 * one}}, {{jan + 4, 2 * one}}},                                                    // x, y, z in May: z not over y
            {{}, {{jan, 3 * one}, {jan + 1, 4 * one}}},                                                      // y alone
        });
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 3, 1);
    EXPECT_EQ(stats.failed, 2U);  // cases 1 and 2
}

TEST(ColumnarSemantics, AMonthWithoutFormulaFailsOnlyWhereNoExceptionApplies) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée b : nombre par personne mensuelle défaut 0

variable tardive : nombre par personne
  à partir de 2024-04 = 1
  exception avant jusqu'à 2024-05 si a > 0 = 2
  exception toujours si b > 10 = 3 / (b - 11)
)");
    const Month jan = month(2024, 1);
    const std::vector<CaseData> cases = persons(
        program, jan, jan + 5,
        {
            {{{jan, one}, {jan + 1, one}, {jan + 2, one}}, {}},                       // avant until April
            {{{jan, one}}, {}},                                                       // no formula in February
            {{}, {{jan, 20 * one}, {jan + 1, 20 * one}, {jan + 2, 20 * one}, {jan + 3, 11 * one}}},  // 3 / 0 in April
            {{}, {{jan, 20 * one}, {jan + 1, 20 * one}, {jan + 2, 20 * one}}},        // toujours until April
        });
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 3, 1);
    EXPECT_EQ(stats.failed, 2U);  // cases 1 and 2
}

TEST(ColumnarSemantics, AggregatesRolesGroupsReviewsAndMonths) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée b : nombre par personne mensuelle défaut 1
entrée naissance : date par personne constante défaut 1990-05-17
entrée ancre : mois par foyer constante défaut 2023-11
entrée loyer : montant par foyer mensuelle défaut 0 €

variable total : nombre par foyer
  = somme(a pour membres si a > 0) + nombre(enfants si a > 2) + somme(a pour demandeur, conjoint)
variable ratios : nombre par foyer
  = somme(a / b pour membres si b != 0) + max(a / b pour enfants) + nombre(enfants si a / b > 1)
variable extremes : nombre par foyer
  = max(a pour enfants) - min(a pour membres)
variable drapeaux : booléen par foyer
  = existe(enfants si a > 1) et tous(membres si a >= 0) ou existe(conjoint si a > 3)
variable part : nombre par personne
  = a / foyer.total
variable du_demandeur : nombre par foyer
  = demandeur.a + demandeur.part
variable age : nombre par personne
  = age_en_annees(naissance)
variable mois_ecoules : nombre par foyer
  = mois_entre(ancre, mois_courant) + numero_du_mois(mois_de(debut_du_mois))
variable fige : nombre par personne
  = reexamen(part, foyer.ancre, 3)
variable fige_foyer : montant par foyer
  = reexamen(loyer_lisse, ancre, 3)
variable loyer_lisse : montant par foyer
  = moyenne(loyer[M-3..M-1])
variable cumul : nombre par personne
  = somme(a[M-5..M]) + age
variable precedent : nombre par foyer
  = total[M-1] + somme(total[M-4..M-2])
variable loyer_passe : montant par foyer
  = fige_foyer[M-2] + max(loyer_lisse[M-14..M-12])
)");
    const Month first = month(2024, 1), last = month(2025, 2);
    std::vector<CaseData> cases;
    // 0: a couple with two children, a child born in June 2024, the conjoint leaving in Oct.
    cases.push_back(household(program, first, last, 4, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 3 * one);
        b.by_month("a", p[1], {{month(2024, 2), 4 * one}, {month(2024, 9), 5 * one}});
        b.constant("a", p[2], 2 * one);
        b.constant("a", p[3], -one);
        b.constant("naissance", p[2], make_date(2012, 2, 29));
        b.constant("naissance", p[3], make_date(2024, 6, 1));
        b.constant("ancre", f, month(2024, 2));
        b.by_month("loyer", f, {{month(2023, 11), 500 * one}, {month(2024, 4), 520 * one}});
        b.member_months(f, 2, 1, month(2024, 6), std::numeric_limits<Month>::max());
        b.member_months(f, 1, 0, std::numeric_limits<Month>::min(), month(2024, 10));
    }));
    // 1: a person alone whose total is 0 in some months (part divides by zero).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 3), one}});
    }));
    // 2: the demandeur leaves in May: demandeur.a has no member afterwards (MissingMember).
    cases.push_back(household(program, first, last, 2, false, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], one);
        b.constant("a", p[1], 3 * one);
        b.member_months(f, 0, 0, std::numeric_limits<Month>::min(), month(2024, 4));
    }));
    // 3: a person outside any foyer (foyer.total fails for that person only).
    cases.push_back(household(program, first, last, 2, false, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], 2 * one);
        b.constant("a", p[1], 2 * one);
        const std::uint32_t alone = b.add_person("seul");
        b.constant("a", alone, one);
    }));
    // 4: two foyers in one case, anchors apart.
    {
        synthetic::HouseholdBuilder b(program, first, last);
        std::vector<std::uint32_t> p;
        for (int i = 0; i < 5; ++i) p.push_back(b.add_person("p" + std::to_string(i)));
        const std::uint32_t f1 = b.add_group("f1", {{p[0]}, {p[1]}, {p[2]}});
        const std::uint32_t f2 = b.add_group("f2", {{p[3]}, {}, {p[4]}});
        for (int i = 0; i < 5; ++i) b.constant("a", p[i], (i + 1) * one);
        b.constant("ancre", f1, month(2023, 12));
        b.constant("ancre", f2, month(2024, 7));
        b.constant("loyer", f2, 300 * one);
        cases.push_back(std::move(b.data()));
    }
    // 5: b = 0 only where the filter excludes the member, or once the child has left.
    cases.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 2 * one);
        b.constant("b", p[0], 0);
        b.constant("a", p[1], 3 * one);
        b.constant("a", p[2], 4 * one);
        b.by_month("b", p[2], {{month(2024, 4), 0}, {month(2024, 5), 0}, {month(2024, 6), 0}});
        b.member_months(f, 2, 0, std::numeric_limits<Month>::min(), month(2024, 3));
    }));
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
    EXPECT_EQ(stats.failed, 3U);  // cases 1, 2 and 3
}

TEST(ColumnarSemantics, ALoneExceptionAndItsFormulaAreEachEvaluatedOnlyWhereTheyApply) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée b : nombre par personne mensuelle défaut 0

variable exception_fragile : nombre par personne
  = 0
  exception division si b != 0 = a / b
variable formule_fragile : nombre par personne
  = a / b
  exception zero si b == 0 = 0
variable formule_tardive : nombre par personne
  à partir de 2024-04 = 1
  exception tot si a > 0 = 2
)");
    const Month jan = month(2024, 1);
    const std::vector<CaseData> cases = persons(
        program, jan, jan + 5,
        {
            {{{jan, one}, {jan + 1, one}, {jan + 2, one}, {jan + 3, one}, {jan + 4, one}, {jan + 5, one}}, {}},  // b = 0
            {{{jan, one}, {jan + 1, one}, {jan + 2, one}}, {{jan, 2 * one}, {jan + 1, 2 * one}, {jan + 2, 2 * one},
                                                            {jan + 3, 2 * one}, {jan + 4, 2 * one}, {jan + 5, 2 * one}}},
            {{{jan, one}, {jan + 2, one}}, {}},  // a = 0 in February: no formula
        });
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 3, 1);
    EXPECT_EQ(stats.failed, 1U);  // case 2
}

TEST(ColumnarSemantics, ReadsThatCanFailAreRestrictedEvenInsideOtherwiseSafeExpressions) {
    // Each read can fail (a missing input, a person without foyer) but sits where the scalar
    // evaluator does not evaluate it for the lanes concerned.
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée drapeau : booléen par personne mensuelle défaut faux
entrée sans_defaut : montant par personne mensuelle
entrée t : nombre par foyer mensuelle défaut 0

variable lecture_directe : montant par personne
  = si drapeau alors sans_defaut sinon 0 €
variable fenetre_max : montant par personne
  = si drapeau alors max(sans_defaut[M-2..M]) sinon 0 €
variable du_foyer : nombre par personne
  = si a > 1 alors foyer.t sinon 0
variable et_foyer : booléen par personne
  = a > 1 et foyer.t > 0
variable compte : nombre par foyer
  = nombre(membres si drapeau et sans_defaut > 0 €)
)");
    const Month first = month(2024, 1), last = month(2024, 6);
    std::vector<CaseData> cases;
    // 0: drapeau in May only, sans_defaut given from March to May only.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto f) {
        b.by_month("drapeau", p[0], {{month(2024, 5), 1}});
        b.by_month("sans_defaut", p[0], {{month(2024, 3), 10 * one}, {month(2024, 4), 20 * one}, {month(2024, 5), 30 * one}});
        b.constant("sans_defaut", p[1], 5 * one);
        b.constant("a", p[1], 2 * one);
        b.constant("t", f, 7 * one);
    }));
    // 1: a person outside any foyer, for whom foyer.t is never read (a = 1), and a person who
    // never gives sans_defaut (nor needs it).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto&, auto f) {
        b.constant("t", f, one);
        const std::uint32_t alone = b.add_person("seul");
        b.constant("a", alone, one);
        b.constant("sans_defaut", alone, one);
    }));
    // 2: the same person with a = 2: foyer.t is read, and fails.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("sans_defaut", p[0], one);
        const std::uint32_t alone = b.add_person("seul");
        b.constant("a", alone, 2 * one);
        b.constant("sans_defaut", alone, one);
    }));
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
    EXPECT_EQ(stats.failed, 1U);  // case 2
}

TEST(ColumnarSemantics, TheSimulationStartIsEachCasesOwn) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
variable depuis_le_debut : nombre par personne
  = mois_entre(debut_de_la_simulation, mois_courant) + a
variable apres_le_debut : booléen par foyer
  = mois_courant >= debut_de_la_simulation
)");
    const Month first = month(2024, 1), last = month(2024, 12);
    std::vector<CaseData> cases;
    for (int k = 0; k < 4; ++k) {
        cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto) { b.constant("a", p[1], k * one); }));
        if (k > 0) cases.back().report_first = first + 3 * k;  // case 0 starts at `first`
    }
    expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
    // All cases starting together: the start is read as one value.
    for (CaseData& c : cases) c.report_first = first + 2;
    expect_same_as_scalar(program, all_variables(program), pointers(cases), 100, 1);
}

TEST(ColumnarSemantics, ChunksMustShareTheirMonths) {
    const ir::Program program = compile(std::string(entities) + "variable v : nombre par personne\n  = 1\n");
    std::vector<CaseData> cases;
    cases.push_back(household(program, month(2024, 1), month(2024, 3), 1, false, [](auto&, auto&, auto) {}));
    cases.push_back(household(program, month(2024, 1), month(2024, 4), 1, false, [](auto&, auto&, auto) {}));
    const columnar::Plan plan(program);
    columnar::Evaluator evaluator(plan);
    EXPECT_THROW(evaluator.run(pointers(cases)), std::invalid_argument);
    const auto chunks = columnar::make_chunks(pointers(cases), 10);
    ASSERT_EQ(chunks.size(), 2U);
    EXPECT_EQ(chunks[1].indices, std::vector<std::size_t>{1});
}

TEST(ColumnarSemantics, ThePlanNeedsAClosedSetOfVariables) {
    const ir::Program program =
        compile(std::string(entities) + "variable u : nombre par personne\n  = 1\nvariable v : nombre par personne\n  = u + 1\n");
    std::vector<bool> needed(program.variables.size(), false);
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) needed[v] = program.variables[v].name == "v";
    EXPECT_THROW(columnar::Plan(program, needed), std::invalid_argument);
}

// A variable whose inputs, parameters, members, formula and exceptions do not change over a
// chunk's months is evaluated at the first month only, its other months sharing that column;
// each thing that does change must keep it evaluated month by month.
TEST(ColumnarSemantics, AVariableTheSameEveryMonthIsEvaluatedOnceAndOnlyThen) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée c : nombre par personne mensuelle défaut 1
entrée naissance : date par personne constante défaut 1990-05-17
entrée loyer : montant par foyer mensuelle défaut 0 €

paramètre taux : nombre
  2020-01-01 : 0.5 source "test"
paramètre revalorise : nombre
  2020-01-01 : 2 source "test"
  2024-04-01 : 3 source "test"

variable fixe : nombre par personne
  = a * taux / c
variable fixe_aussi : nombre par personne
  = si fixe > 1 alors fixe + foyer.compte sinon taux
variable compte : nombre par foyer
  = somme(a pour membres) + nombre(enfants si a > 0)
variable loyer_fixe : montant par foyer
  = loyer * taux
variable reevalue : nombre par personne
  = a * revalorise
variable precedent : nombre par personne
  = fixe[M-1]
variable fenetre : nombre par personne
  = somme(fixe[M-2..M])
variable age : nombre par personne
  = age_en_annees(naissance)
variable mois : nombre par personne
  = numero_du_mois(mois_courant) + fixe
variable nouvelle_formule : nombre par personne
  = fixe
  à partir de 2024-03 = fixe + 1
variable exception_datee : nombre par personne
  = fixe
  exception printemps à partir de 2024-04 jusqu'à 2024-05 si a > 0 = 7
variable enfants : nombre par foyer
  = nombre(enfants)
variable selon_fixe : nombre par personne
  = fixe + 1
)");
    const Month first = month(2024, 1), last = month(2024, 8);
    // Chunk A: constant inputs (one case divides by zero every month, the scalar evaluator fails it).
    std::vector<CaseData> stable;
    stable.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 3 * one);
        b.constant("a", p[1], 4 * one);
        b.constant("loyer", f, 500 * one);
    }));
    stable.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], 2 * one);
        b.constant("c", p[0], 0);
    }));
    // Chunk B: the same, but one person's `a` changes in May and a child arrives in June.
    std::vector<CaseData> changing = [&] {
        std::vector<CaseData> cases;
        cases.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
            b.constant("a", p[0], 3 * one);
            b.by_month("a", p[1], {{month(2024, 5), 6 * one}});
            b.constant("loyer", f, 500 * one);
            b.member_months(f, 2, 0, month(2024, 6), std::numeric_limits<Month>::max());
        }));
        cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
            b.constant("a", p[0], 2 * one);
        }));
        return cases;
    }();

    const auto variable = [&](const std::string& name) {
        for (std::uint32_t v = 0; v < program.variables.size(); ++v)
            if (program.variables[v].name == name) return v;
        throw std::runtime_error("no variable " + name);
    };
    // Whether `name` shares one column over the chunk's months (evaluated once).
    const auto shared = [&](const columnar::ChunkResult& r, const std::string& name) {
        const std::uint32_t v = variable(name);
        for (Month m = r.first() + 1; m <= r.last(); ++m)
            if (r.column(v, m).data() != r.column(v, r.first()).data()) return false;
        return true;
    };

    const columnar::Plan plan(program);
    columnar::Evaluator evaluator(plan);
    {
        const columnar::ChunkResult r = evaluator.run(pointers(stable));
        EXPECT_EQ(r.failed_count(), 1U);
        for (const char* name : {"fixe", "fixe_aussi", "compte", "loyer_fixe", "enfants", "selon_fixe"})
            EXPECT_TRUE(shared(r, name)) << name;
        for (const char* name : {"reevalue", "precedent", "fenetre", "age", "mois", "nouvelle_formule", "exception_datee"})
            EXPECT_FALSE(shared(r, name)) << name;
    }
    {
        const columnar::ChunkResult r = evaluator.run(pointers(changing));
        EXPECT_EQ(r.failed_count(), 0U);
        for (const char* name : {"fixe", "fixe_aussi", "compte", "enfants", "selon_fixe"})
            EXPECT_FALSE(shared(r, name)) << name;
    }
    // Every value as the scalar evaluator's, chunk by chunk and both chunks together.
    expect_same_as_scalar(program, all_variables(program), pointers(stable), 10, 1);
    expect_same_as_scalar(program, all_variables(program), pointers(changing), 10, 1);
    std::vector<CaseData> both = stable;
    both.insert(both.end(), changing.begin(), changing.end());
    const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(both), 10, 1);
    EXPECT_EQ(stats.failed, 1U);
    // A one-month chunk shares nothing and still agrees.
    std::vector<CaseData> one_month;
    one_month.push_back(household(program, first, first, 2, true, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], one);
    }));
    expect_same_as_scalar(program, all_variables(program), pointers(one_month), 10, 1);
}


// A subexpression the same every month inside a variable that is not (a quotient of constant
// inputs next to the month, a group's input read by its persons, an aggregate over fixed
// members) is computed once per chunk and read back: it must still fail exactly the cases the
// scalar evaluator fails, also where it is evaluated under a mask (a branch taken in some
// months and lanes only).
TEST(ColumnarSemantics, ASubexpressionTheSameEveryMonthFailsOnlyWhereTheScalarEvaluatorEvaluatesIt) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 2
entrée c : nombre par personne mensuelle défaut 1
entrée d : nombre par personne mensuelle défaut 1
entrée drapeau : booléen par personne mensuelle défaut faux
entrée loyer : montant par foyer mensuelle défaut 0 €

variable partout : nombre par personne
  = numero_du_mois(mois_courant) + a / d
variable par_branche : nombre par personne
  = si drapeau et numero_du_mois(mois_courant) > 3 alors a / c sinon 0
variable sans_echec : booléen par personne
  = si numero_du_mois(mois_courant) > 3 alors a > 2 et c < 5 sinon faux
variable du_foyer : montant par personne
  = numero_du_mois(mois_courant) * foyer.loyer
variable somme_membres : nombre par foyer
  = numero_du_mois(mois_courant) + somme(a / c pour membres si c != 0)
)");
    const Month first = month(2024, 1), last = month(2024, 8);
    std::vector<CaseData> cases;
    // 0: fine everywhere.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 3 * one);
        b.constant("loyer", f, 400 * one);
    }));
    // 1: d = 0: partout divides by zero every month.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("d", p[0], 0);
    }));
    // 2: c = 0 but the branch dividing by c is never taken (drapeau only before April).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("c", p[0], 0);
        b.by_month("drapeau", p[0], {{month(2024, 2), 1}});
    }));
    // 3: c = 0 and the branch taken in June.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("c", p[0], 0);
        b.by_month("drapeau", p[0], {{month(2024, 6), 1}});
    }));
    // 4: the branch taken every month from April by every lane of its chunk (of 1 case).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("drapeau", p[0], 1);
        b.constant("a", p[0], 5 * one);
    }));
    for (const std::size_t chunk : {std::size_t{100}, std::size_t{1}}) {
        const Comparison stats = expect_same_as_scalar(program, all_variables(program), pointers(cases), chunk, 1);
        EXPECT_EQ(stats.failed, 2U);  // cases 1 and 3
    }
}

// A month is not evaluated again when nothing a variable observes changed since the month
// before, and a column equal to the month before's is shared with it. Each construct below
// changes alone in one month (an input, a parameter, a member, a dated clause, a review
// month): the values must still be the scalar evaluator's, and a column must be the month
// before's exactly when its values are.
TEST(ColumnarSemantics, AMonthIsSharedWithTheOneBeforeExactlyWhenItsValuesAreTheSame) {
    const ir::Program program = compile(std::string(entities) + R"(
entrée a : nombre par personne mensuelle défaut 0
entrée ancre : mois par foyer constante défaut 2024-01
paramètre revalorise : nombre
  2020-01-01 : 2 source "test"
  2024-04-01 : 3 source "test"

variable double : nombre par personne
  = a * 2
variable decale : nombre par personne
  = double[M-1]
variable glisse : nombre par personne
  = somme(double[M-2..M-1])
variable glisse_entree : nombre par personne
  = somme(a[M-1..M])
variable total : nombre par foyer
  = somme(double pour membres)
variable membres_comptes : nombre par foyer
  = nombre(enfants)
variable revu : nombre par foyer
  = reexamen(total, ancre, 3)
variable indexe : nombre par personne
  = a * revalorise
variable indexe_avant : nombre par personne
  = revalorise[M-1]
variable formule_datee : nombre par personne
  = double
  à partir de 2024-06 = double + 1
variable exception_datee : nombre par personne
  = 0
  exception ete à partir de 2024-07 jusqu'à 2024-07 si vrai = 1
variable cumul : nombre par personne
  = cumul[M-1] + double
)");
    const Month first = month(2024, 1), last = month(2024, 9);
    std::vector<CaseData> cases;
    // a: 1 for the demandeur all along; the conjoint's 6 in May only; a child arrives in June.
    cases.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], one);
        b.by_month("a", p[1], {{month(2024, 5), 6 * one}});
        b.member_months(f, 2, 0, month(2024, 6), std::numeric_limits<Month>::max());
    }));
    // A second foyer, reviewed from February: its quarters are not the first one's.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 2 * one);
        b.constant("ancre", f, month(2024, 2));
    }));
    expect_same_as_scalar(program, all_variables(program), pointers(cases), 10, 1);

    const columnar::Plan plan(program);
    columnar::Evaluator evaluator(plan);
    const columnar::ChunkResult r = evaluator.run(pointers(cases));
    ASSERT_EQ(r.failed_count(), 0U);
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        for (Month m = first + 1; m <= last; ++m) {
            const auto now = r.column(v, m);
            const auto before = r.column(v, m - 1);
            const bool equal = std::equal(now.begin(), now.end(), before.begin());
            EXPECT_EQ(now.data() == before.data(), equal)
                << program.variables[v].name << " in " << format_month(m) << ": values "
                << (equal ? "equal" : "different") << " to the month before";
        }
    }
    // Hand-worked: where each variable's values change (so where its column is new).
    const auto changes = [&](const std::string& name) {
        std::string months;
        for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
            if (program.variables[v].name != name) continue;
            for (Month m = first + 1; m <= last; ++m)
                if (r.column(v, m).data() != r.column(v, m - 1).data()) months += format_month(m).substr(5) + " ";
        }
        return months;
    };
    EXPECT_EQ(changes("double"), "05 06 ");
    EXPECT_EQ(changes("decale"), "02 06 07 ");
    // Apr+May and May+Jun both hold the conjoint's one month at 12: no change in July.
    EXPECT_EQ(changes("glisse"), "02 03 06 08 ");
    // The demandeur's constant 1 holds before January too; the conjoint's May is in two windows.
    EXPECT_EQ(changes("glisse_entree"), "05 07 ");
    EXPECT_EQ(changes("total"), "05 06 ");
    EXPECT_EQ(changes("membres_comptes"), "06 ");
    // The first foyer is reviewed in January, April and July, when its total is 2 (14 in May
    // only); the second from February (0 in January: its last review was November 2023).
    EXPECT_EQ(changes("revu"), "02 ");
    EXPECT_EQ(changes("indexe"), "04 05 06 ");
    EXPECT_EQ(changes("indexe_avant"), "05 ");
    EXPECT_EQ(changes("formule_datee"), "05 06 ");
    EXPECT_EQ(changes("exception_datee"), "07 08 ");
    EXPECT_EQ(changes("cumul"), "02 03 04 05 06 07 08 09 ");
}


// ---- A reform evaluated after its base law, sharing what it leaves alone ----

const char* const sharing_base = R"(
entrée a : nombre par personne mensuelle défaut 1
entrée c : nombre par personne mensuelle défaut 1
paramètre taux : nombre
  2020-01-01 : 2 source "loi"

variable double : nombre par personne
  = a * taux
variable decale : nombre par personne
  = double[M-1]
variable compteur : nombre par personne
  = compteur[M-1] + a
variable autre : nombre par personne
  = a + 1
variable suit : nombre par personne
  = autre * 2 + compteur
variable ratio : nombre par personne
  = a / c
)";

struct BaseAndReform {
    ir::Program base;
    ir::Program reform;
};

BaseAndReform base_and_reform(const std::string& overlay) {
    const auto compiled = [](std::vector<std::pair<std::string, std::string>> files) {
        dsl::Compilation c = dsl::compile_texts(files);
        if (!c.program) throw std::runtime_error("the test program does not compile:\n" + diagnostics_of(c));
        return std::move(*c.program);
    };
    const std::string base = std::string(entities) + sharing_base;
    return {compiled({{"base.rules", base}}), compiled({{"base.rules", base}, {"reforme.rules", overlay}})};
}

std::uint32_t variable_named(const ir::Program& program, const std::string& name) {
    for (std::uint32_t v = 0; v < program.variables.size(); ++v)
        if (program.variables[v].name == name) return v;
    throw std::runtime_error("no variable " + name);
}

TEST(ColumnarSharing, TheReformSharesEveryVariableThatReadsNothingItChanged) {
    const BaseAndReform p = base_and_reform(R"(
modifier paramètre taux
  2024-03-01 : 3 source "réforme"
)");
    const std::vector<std::uint32_t> same = ir::equivalent_variables(p.base, p.reform);
    const auto shared = [&](const std::string& name) { return same[variable_named(p.reform, name)] != ir::none; };
    EXPECT_FALSE(shared("double"));  // reads taux
    EXPECT_FALSE(shared("decale"));  // reads double
    EXPECT_TRUE(shared("compteur"));  // reads itself, and a
    EXPECT_TRUE(shared("autre"));
    EXPECT_TRUE(shared("suit"));
    EXPECT_TRUE(shared("ratio"));
    EXPECT_EQ(same[variable_named(p.reform, "suit")], variable_named(p.base, "suit"));

    // A variable that reads itself is not shared once what it adds changes.
    const BaseAndReform q = base_and_reform(R"(
modifier variable autre
  à partir de 2024-05 = a + 2
)");
    const std::vector<std::uint32_t> same_q = ir::equivalent_variables(q.base, q.reform);
    EXPECT_EQ(same_q[variable_named(q.reform, "compteur")], variable_named(q.base, "compteur"));
    EXPECT_EQ(same_q[variable_named(q.reform, "autre")], ir::none);
    EXPECT_EQ(same_q[variable_named(q.reform, "suit")], ir::none);
    EXPECT_EQ(same_q[variable_named(q.reform, "double")], variable_named(q.base, "double"));
    EXPECT_TRUE(ir::same_schemes(q.base, q.reform));
}

TEST(ColumnarSharing, SharedColumnsAreTheBasesAndTheReformsValuesAreItsOwn) {
    const BaseAndReform p = base_and_reform(R"(
modifier paramètre taux
  2024-03-01 : 3 source "réforme"
)");
    const Month first = month(2024, 1), last = month(2024, 6);
    const auto population = [&](const ir::Program& program, bool with_failure) {
        std::vector<CaseData> cases;
        cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& q, auto) {
            b.by_month("a", q[0], {{month(2024, 4), 5 * one}});
        }));
        cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& q, auto) {
            if (with_failure) b.by_month("c", q[0], {{month(2024, 2), 0}});  // a / 0 in February
        }));
        return cases;
    };
    const std::vector<std::uint32_t> same = ir::equivalent_variables(p.base, p.reform);
    const columnar::Plan base_plan(p.base), reform_plan(p.reform);
    for (const bool with_failure : {false, true}) {
        SCOPED_TRACE(with_failure ? "the base fails a case" : "no failure");
        // The same cases for both sides: the two programs read them alike.
        const std::vector<CaseData> cases = population(p.base, with_failure);
        columnar::Evaluator base_evaluator(base_plan), reform_evaluator(reform_plan);
        const columnar::ChunkResult base = base_evaluator.run(pointers(cases));
        columnar::ChunkResult reform;
        reform_evaluator.run(pointers(cases), reform, columnar::Sharing{&base, same, {}, ir::since_always});
        const columnar::ChunkResult alone = columnar::Evaluator(reform_plan).run(pointers(cases));
        ASSERT_EQ(base.failed_count(), with_failure ? 1U : 0U);
        ASSERT_EQ(reform.failed_count(), alone.failed_count());
        for (std::uint32_t v = 0; v < p.reform.variables.size(); ++v) {
            for (Month m = first; m <= last; ++m) {
                const auto mine = reform.column(v, m);
                const auto own = alone.column(v, m);
                for (std::uint32_t c = 0; c < reform.case_count(); ++c) {
                    if (!reform.ok(c)) continue;
                    const std::uint32_t e = p.reform.variables[v].entity;
                    for (std::uint32_t i = 0; i < reform.instance_count(e, c); ++i) {
                        const std::uint32_t lane = reform.first_lane(e, c) + i;
                        EXPECT_EQ(mine[lane], own[lane]) << p.reform.variables[v].name << " in " << format_month(m);
                    }
                }
                // Shared: the very column of the base's run, unless the base failed a case.
                const bool from_base = same[v] != ir::none && mine.data() == base.column(same[v], m).data();
                EXPECT_EQ(from_base, same[v] != ir::none && !with_failure) << p.reform.variables[v].name;
            }
        }
        // The reform's own values: 3 × a from March (5 in April), 2 × a before.
        const std::uint32_t twice = variable_named(p.reform, "double");
        EXPECT_EQ(reform.value(twice, 0, 0, month(2024, 2)), 2 * one);
        EXPECT_EQ(reform.value(twice, 0, 0, month(2024, 3)), 3 * one);
        EXPECT_EQ(reform.value(twice, 0, 0, month(2024, 4)), 15 * one);
        EXPECT_EQ(base.value(variable_named(p.base, "double"), 0, 0, month(2024, 4)), 10 * one);
    }
}


TEST(ColumnarSharing, BeforeTheReformsFirstDifferenceEveryVariableIsTheBases) {
    // The first month a clause or a parameter value in force differs.
    EXPECT_EQ(ir::first_difference(base_and_reform("").base, base_and_reform("").reform), ir::until_forever);
    const BaseAndReform parameter = base_and_reform("modifier paramètre taux\n  2024-03-01 : 3 source \"r\"\n");
    EXPECT_EQ(ir::first_difference(parameter.base, parameter.reform), month(2024, 3));
    const BaseAndReform mid_month = base_and_reform("modifier paramètre taux\n  2024-03-15 : 3 source \"r\"\n");
    // In force from April's first day: March is on the safe side.
    EXPECT_EQ(ir::first_difference(mid_month.base, mid_month.reform), month(2024, 3));
    const BaseAndReform same_value = base_and_reform("modifier paramètre taux\n  2024-03-01 : 2 source \"r\"\n");
    EXPECT_EQ(ir::first_difference(same_value.base, same_value.reform), ir::until_forever);
    const BaseAndReform formula = base_and_reform("modifier variable autre\n  à partir de 2024-05 = a + 2\n");
    EXPECT_EQ(ir::first_difference(formula.base, formula.reform), month(2024, 5));
    const BaseAndReform dated = base_and_reform(
        "modifier variable autre\n  exception ete à partir de 2024-06 si a > 1 = 0\n");
    EXPECT_EQ(ir::first_difference(dated.base, dated.reform), month(2024, 6));
    const BaseAndReform always = base_and_reform("modifier variable autre\n  exception toujours si a > 1 = 0\n");
    EXPECT_EQ(ir::first_difference(always.base, always.reform), ir::since_always);

    // Sharing until March: `double` (which reads taux) is the base's in January and February
    // only, and the reform's own from March.
    const Month first = month(2024, 1), last = month(2024, 5);
    std::vector<CaseData> cases;
    cases.push_back(household(parameter.base, first, last, 1, false, [&](auto&, auto&, auto) {}));
    const std::vector<std::uint32_t> same = ir::equivalent_variables(parameter.base, parameter.reform);
    const std::vector<std::uint32_t> names = ir::variables_of_same_name(parameter.base, parameter.reform);
    const columnar::Plan base_plan(parameter.base), reform_plan(parameter.reform);
    columnar::Evaluator base_evaluator(base_plan), reform_evaluator(reform_plan);
    const columnar::ChunkResult base = base_evaluator.run(pointers(cases));
    columnar::ChunkResult reform;
    reform_evaluator.run(pointers(cases), reform, columnar::Sharing{&base, same, names, month(2024, 3)});
    const std::uint32_t twice = variable_named(parameter.reform, "double");
    const std::uint32_t base_twice = variable_named(parameter.base, "double");
    for (Month m = first; m <= last; ++m) {
        EXPECT_EQ(reform.column(twice, m).data() == base.column(base_twice, m).data(), m < month(2024, 3))
            << format_month(m);
        EXPECT_EQ(reform.value(twice, 0, 0, m), (m < month(2024, 3) ? 2 : 3) * one) << format_month(m);
    }
    // decale = double[M-1]: the base's until March, its own from April.
    const std::uint32_t before = variable_named(parameter.reform, "decale");
    EXPECT_EQ(reform.value(before, 0, 0, month(2024, 3)), 2 * one);
    EXPECT_EQ(reform.value(before, 0, 0, month(2024, 4)), 3 * one);
}


// ---- Adversarial: steady months, one construct each, changing in one lane in one month ----

// Every column of `r` that is the previous month's pointer holds the previous month's values
// (the converse is share_if_unchanged's job and is not required for correctness).
void expect_shared_months_equal(const ir::Program& program, const columnar::ChunkResult& r) {
    for (std::uint32_t v = 0; v < program.variables.size(); ++v)
        for (Month m = r.first() + 1; m <= r.last(); ++m) {
            const auto now = r.column(v, m);
            const auto before = r.column(v, m - 1);
            if (now.data() != before.data()) continue;
            for (std::uint32_t c = 0; c < r.case_count(); ++c) {
                if (!r.ok(c)) continue;
                const std::uint32_t e = program.variables[v].entity;
                for (std::uint32_t i = 0; i < r.instance_count(e, c); ++i)
                    ASSERT_EQ(now[r.first_lane(e, c) + i], before[r.first_lane(e, c) + i]);
            }
        }
}

const char* const steady_program = R"(
entrée a : nombre par personne mensuelle défaut 0
entrée s : nombre par personne mensuelle
entrée drapeau : booléen par personne mensuelle défaut faux
entrée ancre : mois par foyer mensuelle défaut 2024-01
entrée naissance : date par personne constante défaut 1990-05-17
entrée jour : date par personne mensuelle défaut 2024-01-15
paramètre p : nombre
  2020-01-01 : 2 source "t"
  2024-03-15 : 3 source "t"
  2024-06-01 : 3 source "t"
paramètre tardif : nombre
  2024-05-01 : 7 source "t"
paramètre bareme : barème de nombre
  2020-01-01 : [0 -> 1, 2 -> 5] source "t"
  2024-04-01 : [0 -> 1, 3 -> 5] source "t"

variable a_double : nombre par personne
  = a * 2
variable copie : nombre par personne
  = a_double
variable copie_passee : nombre par personne
  = a_double[M-2]
variable copie_de_copie : nombre par personne
  = copie_passee
variable inverse : nombre par personne
  = si drapeau alors 1 / s sinon 0
variable manquante : nombre par personne
  = si drapeau alors s sinon 0
variable fenetre_manquante : nombre par personne
  = si drapeau[M-1] alors somme(s[M-2..M-1]) sinon 0
variable fenetre : nombre par personne
  = somme(a_double[M-3..M-1]) + max(a[M-4..M-2])
variable indexe : nombre par personne
  = a * p + p[M-2]
variable tard : nombre par personne
  = si drapeau alors tardif sinon 0
variable tard_passe : nombre par personne
  = si a > 5 et drapeau alors tardif[M-1] sinon 0
variable bar : nombre par personne
  = bareme(a) + bareme(a[M-1] + 1)
variable exc : nombre par personne
  = 1
  exception e1 à partir de 2024-03 jusqu'à 2024-04 si a > 0 = 2
  exception e2 sur e1 à partir de 2024-04 si a > 1 = 3
  exception e3 jusqu'à 2024-02 si a >= 0 = 4
  exception e4 à partir de 2024-08 jusqu'à 2024-08 si drapeau = 5
variable conflit : nombre par personne
  = 0
  exception x à partir de 2024-05 si a > 3 = 1
  exception y si a > 4 = 2
variable nouvelle_formule : nombre par personne
  à partir de 2024-03 = a
  à partir de 2024-07 = a
  exception avant jusqu'à 2024-02 si a >= 0 = 5
variable sans_formule : nombre par personne
  à partir de 2024-04 = 1
  exception tot si a < 100 = 2
variable depuis_debut : nombre par foyer
  = mois_entre(debut_de_la_simulation, ancre)
variable jour_mois : nombre par personne
  = mois_entre(mois_de(jour), debut_de_la_simulation)
variable age : nombre par personne
  = age_en_annees(naissance)
variable mois_naissance : nombre par personne
  = mois_entre(mois_de(naissance), debut_de_la_simulation)
variable somme_a : nombre par foyer
  = somme(a pour membres) + nombre(enfants si a > 0)
variable revue : nombre par foyer
  = reexamen(somme_a, ancre, 3)
variable revue_debut : nombre par foyer
  = reexamen(somme_a, debut_de_la_simulation, 4)
variable revue_entree : nombre par personne
  = reexamen(a, foyer.ancre, 2)
variable lit_foyer : nombre par personne
  = foyer.somme_a + foyer.revue
variable demandeur_a : nombre par foyer
  = demandeur.a + demandeur.copie_passee
variable conjoint_a : nombre par foyer
  = max(a pour conjoint) + somme(copie_passee pour conjoint, enfants)
variable cumul : nombre par personne
  = cumul[M-1] + a
variable cumul_borne : nombre par personne
  = min(cumul_borne[M-1] + 1, 3)
variable mois_ici : nombre par foyer
  = si debut_de_la_simulation <= mois_courant alors 1 sinon 0
)";

// The cases of one chunk, each with one thing that changes in one lane in one month.
std::vector<CaseData> steady_cases(const ir::Program& program, Month first, Month last) {
    std::vector<CaseData> cases;
    const Month forever = std::numeric_limits<Month>::max(), always = std::numeric_limits<Month>::min();
    // 0: nothing changes.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], one);
        b.constant("s", p[0], one);
        b.constant("s", p[1], one);
    }));
    // 1: a of the conjoint changes in April only; the child arrives in June, leaves after August.
    cases.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 2 * one);
        b.by_month("a", p[1], {{month(2024, 4), 6 * one}});
        b.constant("a", p[2], one);
        for (const std::uint32_t id : p) b.constant("s", id, one);
        b.member_months(f, 2, 0, month(2024, 6), month(2024, 8));
    }));
    // 2: drapeau in July with s = 0 in July only (1 / 0): fails.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        std::vector<std::pair<Month, Value>> s;
        for (Month m = first - 6; m <= last; ++m) s.emplace_back(m, m == month(2024, 7) ? 0 : one);
        b.by_month("s", p[0], s);
        b.by_month("drapeau", p[0], {{month(2024, 7), 1}});
        b.constant("a", p[0], one);
    }));
    // s = 1 in every month but `missing`.
    const auto s_but = [&](Month missing) {
        std::vector<std::pair<Month, Value>> s;
        for (Month m = first - 6; m <= last; ++m)
            if (m != missing) s.emplace_back(m, one);
        return s;
    };
    // 3: s missing in one month only, read when drapeau holds: fails in May.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("s", p[0], s_but(month(2024, 5)));
        b.by_month("drapeau", p[0], {{month(2024, 5), 1}});
    }));
    // 4: s missing in one month only, read by the window a month later.
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("s", p[0], s_but(month(2024, 9)));
        b.by_month("drapeau", p[0], {{month(2024, 10), 1}});
    }));
    // 5: drapeau in April: tardif undefined then (fails).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("drapeau", p[0], {{month(2024, 4), 1}});
        b.constant("s", p[0], one);
    }));
    // 6: a > 5 and drapeau in May: tardif[M-1] undefined in May (fails).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 5), 6 * one}, {month(2024, 6), 6 * one}});
        b.by_month("drapeau", p[0], {{month(2024, 5), 1}});
        b.constant("s", p[0], one);
    }));
    // 7: a = 5 in October only: x and y both apply (conflict).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 10), 5 * one}});
        b.constant("s", p[0], one);
    }));
    // 8: the demandeur leaves after September: demandeur.a fails from October.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], one);
        b.constant("s", p[0], one);
        b.constant("s", p[1], one);
        b.member_months(f, 0, 0, always, month(2024, 9));
    }));
    // 9: the conjoint arrives in March; the anchor moves in May (reviews elsewhere); a date
    // moves in August; the case starts reporting in April.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[0], 3 * one);
        b.constant("a", p[1], 4 * one);
        b.constant("s", p[0], one);
        b.constant("s", p[1], one);
        b.member_months(f, 1, 0, month(2024, 3), forever);
        b.by_month("ancre", f, {{month(2024, 5), month(2024, 2)}, {month(2024, 6), month(2024, 2)}});
        b.by_month("jour", p[1], {{month(2024, 8), make_date(2023, 3, 31)}});
        b.constant("naissance", p[1], make_date(2000, 7, 1));
    }));
    cases.back().report_first = month(2024, 4);
    // 10: like 0 but starting to report in June.
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto) {
        b.constant("a", p[0], one);
        b.constant("s", p[0], one);
        b.constant("s", p[1], one);
    }));
    cases.back().report_first = month(2024, 6);
    // 11: a person outside the foyer (foyer.x fails for that person, every month).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.constant("s", p[0], one);
        const std::uint32_t alone = b.add_person("seul");
        b.constant("s", alone, one);
    }));
    // 12: a = 100 in March: no exception and no formula yet for sans_formule (fails).
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 3), 100 * one}});
        b.constant("s", p[0], one);
    }));
    return cases;
}

TEST(ColumnarSteady, EachConstructChangingInOneLaneInOneMonthGivesTheScalarValues) {
    const ir::Program program = compile(std::string(entities) + steady_program);
    const Month first = month(2024, 1), last = month(2024, 12);
    const std::vector<CaseData> cases = steady_cases(program, first, last);
    // Alone, in pairs, all together: the same answers (steadiness is per chunk).
    Comparison all;
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{100}}) {
        SCOPED_TRACE("chunks of " + std::to_string(chunk));
        all = expect_same_as_scalar(program, all_variables(program), pointers(cases), chunk, 1);
    }
    EXPECT_EQ(all.failed, 9U);  // cases 2, 3, 4, 5, 6, 7, 8, 11 and 12
    // Every needed subset read by one variable: a variable with fewer neighbours in the order.
    for (const std::string root : {"revue", "lit_foyer", "demandeur_a", "bar", "exc", "copie_de_copie"}) {
        SCOPED_TRACE(root);
        std::uint32_t v = 0;
        for (; v < program.variables.size() && program.variables[v].name != root; ++v) {}
        expect_same_as_scalar(program, ir::needed_variables(program, {v}), pointers(cases), 100, 1);
    }
    const columnar::Plan plan(program);
    columnar::Evaluator evaluator(plan);
    const columnar::ChunkResult r = evaluator.run(pointers(cases));
    expect_shared_months_equal(program, r);
    // The same evaluator again (warm arena, kept analyses), on the chunk reversed.
    std::vector<const CaseData*> reversed = pointers(cases);
    std::reverse(reversed.begin(), reversed.end());
    const columnar::ChunkResult again = evaluator.run(reversed);
    expect_shared_months_equal(program, again);
}


// ---- Adversarial: a reform sharing its base's columns, overlay by overlay ----

// The reform evaluated with every sharing the batch uses (equivalent variables, and every
// variable of the same name before the first difference), against the scalar evaluator on
// the reform alone: the same statuses and values.
void expect_shared_reform_as_scalar(const std::string& base_text, const std::string& overlay,
                                    const std::vector<CaseData>& cases, bool base_fails) {
    const auto compiled = [](std::vector<std::pair<std::string, std::string>> files) {
        dsl::Compilation c = dsl::compile_texts(files);
        if (!c.program) throw std::runtime_error("the test program does not compile:\n" + diagnostics_of(c));
        return std::move(*c.program);
    };
    const ir::Program base = compiled({{"base.rules", base_text}});
    const ir::Program reform = compiled({{"base.rules", base_text}, {"reforme.rules", overlay}});
    const std::vector<std::uint32_t> same = ir::equivalent_variables(base, reform);
    const std::vector<std::uint32_t> names = ir::variables_of_same_name(base, reform);
    const Month before = ir::first_difference(base, reform);
    const columnar::Plan base_plan(base), reform_plan(reform);
    columnar::Evaluator base_evaluator(base_plan), reform_evaluator(reform_plan);
    // Twice, so that the second chunk runs on warm arenas and kept analyses.
    for (int round = 0; round < 2; ++round) {
        const columnar::ChunkResult base_result = base_evaluator.run(pointers(cases));
        ASSERT_EQ(base_result.failed_count() > 0, base_fails);
        columnar::ChunkResult r;
        reform_evaluator.run(pointers(cases), r, columnar::Sharing{&base_result, same, names, before});
        expect_shared_months_equal(reform, r);
        for (std::uint32_t c = 0; c < cases.size(); ++c) {
            const auto scalar = Evaluation::run(reform, cases[c], all_variables(reform));
            if (const auto* error = std::get_if<EvalError>(&scalar)) {
                EXPECT_FALSE(r.ok(c)) << "case " << c << ": the scalar evaluator fails (" << error->message << ")";
                continue;
            }
            ASSERT_TRUE(r.ok(c)) << "case " << c << ": the columnar evaluator fails, the scalar one does not";
            const Evaluation& e = std::get<Evaluation>(scalar);
            for (std::uint32_t v = 0; v < reform.variables.size(); ++v)
                for (std::uint32_t i = 0; i < cases[c].instance_count(reform.variables[v].entity); ++i)
                    for (Month m = cases[c].first; m <= cases[c].last; ++m)
                        ASSERT_EQ(r.value(v, c, i, m), e.value(v, i, m))
                            << "case " << c << ": " << reform.variables[v].name << " in " << format_month(m);
        }
    }
}

const char* const sharing_adversarial_base = R"(
entrée a : nombre par personne mensuelle défaut 1
entrée c : nombre par personne mensuelle défaut 1
paramètre taux : nombre
  2020-01-01 : 2 source "loi"
  2024-04-01 : 3 source "loi"
paramètre bareme : barème de nombre
  2020-01-01 : [0 -> 1, 2 -> 5] source "loi"
variable double : nombre par personne
  = a * taux
variable decale : nombre par personne
  = double[M-3] + taux[M-2]
variable compteur : nombre par personne
  = compteur[M-1] + double
variable tranche : nombre par personne
  = bareme(a)
variable choix : nombre par personne
  = 0
  exception e1 si a > 2 = 1
  exception e2 sur e1 si a > 4 = 2
variable ratio : nombre par personne
  = a / c + choix
variable total : nombre par foyer
  = somme(ratio pour membres) + somme(tranche pour membres)
variable fige : nombre par foyer
  = reexamen(total, debut_de_la_simulation, 3)
variable tardive : nombre par personne
  à partir de 2024-03 = decale
  exception avant jusqu'à 2024-02 si a >= 0 = 0
)";

std::vector<CaseData> sharing_adversarial_cases(const ir::Program& program, bool with_failure) {
    const Month first = month(2024, 1), last = month(2024, 9);
    std::vector<CaseData> cases;
    cases.push_back(household(program, first, last, 2, true, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 5), 5 * one}, {month(2024, 6), 3 * one}});
    }));
    cases.push_back(household(program, first, last, 1, false, [&](auto& b, auto& p, auto) {
        b.by_month("a", p[0], {{month(2024, 2), 3 * one}, {month(2024, 7), 3 * one}});
        if (with_failure) b.by_month("c", p[0], {{month(2024, 8), 0}});  // a / 0 in August
    }));
    cases.back().report_first = month(2024, 3);
    cases.push_back(household(program, first, last, 3, true, [&](auto& b, auto& p, auto f) {
        b.constant("a", p[2], 6 * one);
        b.member_months(f, 2, 0, month(2024, 4), month(2024, 7));
    }));
    return cases;
}

TEST(ColumnarSharing, EveryKindOfOverlayGivesTheReformsScalarValues) {
    const std::string base_text = std::string(entities) + sharing_adversarial_base;
    const ir::Program base = compile(base_text);
    const std::vector<std::string> overlays = {
        "",
        // A value mid-month (in force from June's first day), and one equal to the base's.
        "modifier paramètre taux\n  2024-05-15 : 4 source \"r\"\n",
        // The base's April revaluation withdrawn: the reform's April is its March.
        "modifier paramètre taux\n  2024-04-01 : 2 source \"r\"\n",
        // A value before the base's first one.
        "modifier paramètre taux\n  2019-01-01 : 9 source \"r\"\n  2020-01-01 : 2 source \"r\"\n  2024-04-01 : 3 source \"r\"\n",
        // A barème changed from June.
        "modifier paramètre bareme\n  2024-06-01 : [0 -> 1, 2 -> 7] source \"r\"\n",
        // A formula from June reading months before the first difference.
        "modifier variable double\n  à partir de 2024-06 = a * taux + double[M-1]\n",
        // A formula from June equal to the base's: no difference at all.
        "modifier variable double\n  à partir de 2024-06 = a * taux\n",
        // An exception over a base exception, dated; one undated; one ending.
        "modifier variable choix\n  exception r sur e2, e1 à partir de 2024-05 si a > 2 = 7\n",
        "modifier variable choix\n  exception r sur e1 si a > 3 = 7\n",
        "modifier variable choix\n  exception r jusqu'à 2024-05 si a > 3 = 7\n",
        // An exception in conflict with a base one from July (a case fails there).
        "modifier variable choix\n  exception r à partir de 2024-07 si a > 2 = 7\n",
        // A new parameter and a new variable read from May.
        "paramètre bonus : nombre\n  2020-01-01 : 10 source \"r\"\n"
        "variable prime : nombre par personne\n  = bonus + compteur[M-2]\n"
        "modifier variable tardive\n  à partir de 2024-05 = decale + prime\n",
        // A formula for tardive before the base has one.
        "modifier variable tardive\n  à partir de 2024-02 = decale\n",
    };
    for (const bool with_failure : {false, true}) {
        const std::vector<CaseData> cases = sharing_adversarial_cases(base, with_failure);
        for (const std::string& overlay : overlays) {
            SCOPED_TRACE(overlay + (with_failure ? " (the base fails a case)" : ""));
            expect_shared_reform_as_scalar(base_text, overlay, cases, with_failure);
        }
    }
}

}  // namespace
}  // namespace relais::engine
