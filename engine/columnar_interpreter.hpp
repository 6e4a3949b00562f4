// The columnar node interpreter's declaration. Its code (columnar_evaluator.cpp,
// columnar_members.cpp, and the kernels and operations they include) is compiled once per
// instruction set, each time inside its own namespace RELAIS_COLUMNAR_ISA, so that the copies
// never mix (see columnar_evaluator_avx2.cpp). Include only from those files.
#pragma once

#include "engine/columnar_internal.hpp"

#ifndef RELAIS_COLUMNAR_ISA
#define RELAIS_COLUMNAR_ISA generic
#endif

namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA {

/// Evaluates the nodes of the chunk laid out in `s`, one variable at one month at a time.
class Interpreter {
public:
    explicit Interpreter(EvaluatorImpl& state) : s(state), program_(state.program_) {}

    void compute_variable(std::uint32_t variable, Month month);
    /// Evaluates node `id`; a column result may be written into `out` (c.lanes values).
    Operand eval(std::uint32_t id, const Ctx& c, Value* out) {
        return s.kept(id) ? eval_kept(id, c, out) : eval_node(id, c, out);
    }

    EvaluatorImpl& s;

private:
    void compute_with_one_exception(const ir::Variable& var, std::size_t exception, const Ctx& root, Value* out);
    /// Evaluates the formula in force for the lanes active in `c` into `out` (every lane).
    void apply_formula(const ir::Variable& var, const Ctx& c, Value* out);
    /// Whether `node`'s value is always 0 or 1 (comparisons, logic, existe, tous).
    bool yields_boolean(std::uint32_t node) const;
    /// The expression of the general formula in force at `month`, or ir::none.
    std::uint32_t formula_in_force(const ir::Variable& var, Month month) const;

    Operand eval_node(std::uint32_t id, const Ctx& c, Value* out);
    /// For node `n` whose value is a function of the operands `a`, `b` and the members' `epoch`
    /// only, where an operand that is a column is a variable's or an input's (the same memory,
    /// with the same values, all chunk long: a column is given back only before anything reads
    /// it): its result of the last evaluation in this chunk with the same ones, or null. Then
    /// `out` becomes the node's own column, where the result is remembered, when `every_lane`
    /// (this evaluation gives every lane's value and fails every failing lane's case).
    const Value* recall(const ir::Node& n, const Ctx& c, const Operand& a, const Operand& b, std::uint32_t epoch,
                        bool every_lane, Value*& out);
    /// Whether `node` only reads a variable's or an input's column (or is none).
    bool reads_column(std::uint32_t node) const {
        return node == ir::none || program_.nodes[node].op == ir::Op::ReadVariable ||
               program_.nodes[node].op == ir::Op::ReadInput;
    }
    /// A kept node (EvaluatorImpl::kept): its value computed at an earlier month of the chunk,
    /// else computed now for every lane and kept.
    Operand eval_kept(std::uint32_t id, const Ctx& c, Value* out);
    Operand eval_arithmetic(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_comparison(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_logic(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_if(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_min_max(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_round(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_scale(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_window(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_review(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_calendar(const ir::Node& n, const Ctx& c, Value* out);
    // columnar_members.cpp
    Operand eval_aggregate(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_role_get(const ir::Node& n, const Ctx& c, Value* out);
    Operand eval_group_get(const ir::Node& n, const Ctx& c, Value* out);

    Operand read_input(std::uint32_t input, const Ctx& c, Month month);
    Operand read_variable(std::uint32_t variable, Month month) const;

    std::uint32_t arg(const ir::Node& n, std::uint32_t i) const {
        return i < n.arg_count ? program_.args[n.first_arg + i] : ir::none;
    }

    const ir::Program& program_;
};

/// Every needed variable of the chunk laid out in `state`, month by month.
void evaluate_months(EvaluatorImpl& state);

}  // namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA
