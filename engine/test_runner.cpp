// Runs the tests written in the rules language: each test becomes a case, is evaluated, and
// every expectation is compared month by month within its tolerance.
#include "engine/test_runner.hpp"

#include "engine/ir/dependencies.hpp"

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

namespace relais::engine {

namespace {

// A test numbers its instances across entities; a case numbers them within each entity.
std::vector<std::uint32_t> case_indices(const ir::Program& program, const ir::Test& test) {
    std::vector<std::uint32_t> next(program.entities.size(), 0);
    std::vector<std::uint32_t> index(test.instances.size());
    for (std::size_t i = 0; i < test.instances.size(); ++i) index[i] = next.at(test.instances[i].entity)++;
    return index;
}

// |a - b| without overflow (values may span the whole int64 range).
std::uint64_t distance(Value a, Value b) {
    return a >= b ? static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)
                  : static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
}

}  // namespace

CaseData case_of_test(const ir::Program& program, const ir::Test& test) {
    CaseData data;
    data.first = test.first;
    data.last = test.last;

    const std::vector<std::uint32_t> index = case_indices(program, test);
    data.instance_names.resize(program.entities.size());
    for (const ir::TestInstance& instance : test.instances)
        data.instance_names.at(instance.entity).push_back(instance.name);

    data.members.resize(program.entities.size());
    for (std::uint32_t e = 0; e < program.entities.size(); ++e)
        if (program.entities[e].is_group())
            data.members[e].assign(data.instance_count(e),
                                   std::vector<std::vector<std::uint32_t>>(program.entities[e].roles.size()));
    for (const ir::TestMembership& membership : test.memberships) {
        const std::uint32_t entity = test.instances.at(membership.group_instance).entity;
        auto& holders = data.members[entity].at(index[membership.group_instance]).at(membership.role);
        for (const std::uint32_t person : membership.members) holders.push_back(index.at(person));
    }

    data.inputs.resize(program.inputs.size());
    for (std::size_t i = 0; i < program.inputs.size(); ++i)
        data.inputs[i].resize(data.instance_count(program.inputs[i].entity));
    for (const ir::TestInputValue& given : test.inputs) {
        InputSeries& series = data.inputs.at(given.input).at(index.at(given.instance));
        series.constant = given.constant;
        series.by_month = given.by_month;
    }
    return data;
}

std::vector<TestResult> run_tests(const ir::Program& program) {
    std::vector<TestResult> results;
    results.reserve(program.tests.size());
    for (std::uint32_t t = 0; t < program.tests.size(); ++t) {
        const ir::Test& test = program.tests[t];
        TestResult result;
        result.test = t;

        // The resolver keeps every expectation inside the test's period (E2014).
        const CaseData data = case_of_test(program, test);
        // Only what the test expects (and what that reads) is computed: a test of one scheme
        // does not depend on the history of the others.
        std::vector<std::uint32_t> expected_variables;
        for (const ir::Expectation& e : test.expectations) expected_variables.push_back(e.variable);
        auto outcome = Evaluation::run(program, data, ir::needed_variables(program, expected_variables));
        if (auto* error = std::get_if<EvalError>(&outcome)) {
            result.error = std::move(*error);
        } else {
            const Evaluation& evaluation = std::get<Evaluation>(outcome);
            const std::vector<std::uint32_t> index = case_indices(program, test);
            for (std::uint32_t k = 0; k < test.expectations.size(); ++k) {
                const ir::Expectation& e = test.expectations[k];
                for (Month month = e.from; month <= e.to; ++month) {
                    const Value actual = evaluation.value(e.variable, index.at(e.instance), month);
                    if (distance(actual, e.expected) > static_cast<std::uint64_t>(std::max<Value>(e.tolerance, 0)))
                        result.failures.push_back({k, month, e.expected, actual});
                }
            }
        }
        results.push_back(std::move(result));
    }
    return results;
}

}  // namespace relais::engine
