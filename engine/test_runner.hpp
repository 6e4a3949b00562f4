// Runs the tests written in the rules language: builds each test's case, evaluates it and
// compares every expectation, month by month.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/ir/ir.hpp"

namespace relais::engine {

/// The case a rules test describes.
CaseData case_of_test(const ir::Program& program, const ir::Test& test);

struct ExpectationFailure {
    std::uint32_t expectation = 0;  ///< index into Test::expectations
    Month month = 0;
    Value expected = 0;
    Value actual = 0;
};

struct TestResult {
    std::uint32_t test = 0;  ///< index into Program::tests
    std::vector<ExpectationFailure> failures;
    std::optional<EvalError> error;  ///< the evaluation failed
    bool passed() const { return failures.empty() && !error; }
};

std::vector<TestResult> run_tests(const ir::Program& program);

}  // namespace relais::engine
