// Operations over operands shared by the columnar evaluator's files: masks, storing a result,
// and applying a checked kernel to uniform or column operands under an active mask, failing
// the lanes where the scalar evaluator raises an error. Compiled once per instruction set,
// like the interpreter (columnar_interpreter.hpp).
#pragma once

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "engine/columnar_interpreter.hpp"
#include "engine/columnar_kernels.hpp"

namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA {

/// mask := the active lanes of `c` where pred(lane), as 0/1; returns how many.
template <class Pred>
std::uint32_t make_mask(const Ctx& c, Value* mask, Pred pred) {
    Value count = 0;
    kernels::visit_mask(c.active, [&](auto m) {
        for (std::size_t i = 0; i < c.lanes; ++i) {
            const Value v = static_cast<Value>(m[i]) & static_cast<Value>(pred(i));
            mask[i] = v;
            count += v;
        }
    });
    return static_cast<std::uint32_t>(count);
}

/// How many active lanes of `c` satisfy pred(lane) (one pass, no mask written).
template <class Pred>
std::uint32_t count_where(const Ctx& c, Pred pred) {
    Value count = 0;
    kernels::visit_mask(c.active, [&](auto m) {
        for (std::size_t i = 0; i < c.lanes; ++i) count += static_cast<Value>(m[i]) & static_cast<Value>(pred(i));
    });
    return static_cast<std::uint32_t>(count);
}

/// Whether some active lane of `c` satisfies pred(lane): block after block of lanes (each a
/// branch-free loop), stopping after the first block that has one.
template <class Pred>
bool any_where(const Ctx& c, Pred pred) {
    constexpr std::size_t block = 32;
    return kernels::visit_mask(c.active, [&](auto m) {
        for (std::size_t begin = 0; begin < c.lanes; begin += block) {
            const std::size_t end = std::min<std::size_t>(begin + block, c.lanes);
            Value any = 0;
            for (std::size_t i = begin; i < end; ++i) any |= static_cast<Value>(m[i]) & static_cast<Value>(pred(i));
            if (any != 0) return true;
        }
        return false;
    });
}

/// Writes `value` into `out` for every lane, or only where `only` is 1.
inline void store(const Operand& value, Value* out, std::size_t lanes, const Value* only) {
    if (only == nullptr) {
        if (value.is_uniform())
            std::fill(out, out + lanes, value.scalar);
        else if (value.column != out)
            std::memcpy(out, value.column, lanes * sizeof(Value));
        return;
    }
    kernels::visit(value, [&](auto v) {
        for (std::size_t i = 0; i < lanes; ++i) out[i] = only[i] ? v[i] : out[i];
    });
}

template <class Op>
Operand unary(EvaluatorImpl& self, const Operand& a, const Ctx& c, Value* out, Op op) {
    using kernels::Bits;
    if (a.is_uniform()) {
        Bits e = 0;
        const Value r = op(a.scalar, e);
        if (e) self.fail_active(c);
        return Operand::uniform(r);
    }
    const Bits bad = kernels::visit_mask(
        c.active, [&](auto m) { return kernels::map1(out, c.lanes, kernels::Column{a.column}, m, op); });
    if (bad)
        self.fail_where(c, [&](std::size_t i) {
            Bits e = 0;
            op(a.column[i], e);
            return e != 0;
        });
    return Operand::of(out);
}

template <class Op>
Operand binary(EvaluatorImpl& self, const Operand& a, const Operand& b, const Ctx& c, Value* out, Op op) {
    using kernels::Bits;
    if (a.is_uniform() && b.is_uniform()) {
        Bits e = 0;
        const Value r = op(a.scalar, b.scalar, e);
        if (e) self.fail_active(c);
        return Operand::uniform(r);
    }
    const Bits bad = kernels::visit(a, [&](auto va) {
        return kernels::visit(b, [&](auto vb) {
            return kernels::visit_mask(c.active, [&](auto m) { return kernels::map2(out, c.lanes, va, vb, m, op); });
        });
    });
    if (bad)
        self.fail_where(c, [&](std::size_t i) {
            Bits e = 0;
            op(a.at(i), b.at(i), e);
            return e != 0;
        });
    return Operand::of(out);
}

/// Folds `b` into a running result (a window, an n-ary min/max): in place once the result is
/// in `out`. Of the folding operations only the sum can fail, and a wrapped sum is undone
/// exactly by a wrapping subtraction, which finds the failing lanes after the fact.
template <class Op>
Operand accumulate(EvaluatorImpl& self, const Operand& acc, const Operand& b, const Ctx& c, Value* out, Op op) {
    using kernels::Bits;
    if (acc.column != out) return binary(self, acc, b, c, out, op);
    const Bits bad = kernels::visit(b, [&](auto vb) {
        return kernels::visit_mask(c.active, [&](auto m) { return kernels::fold2(out, c.lanes, vb, m, op); });
    });
    if constexpr (std::is_same_v<Op, kernels::Add>) {
        if (bad)
            self.fail_where(c, [&](std::size_t i) {
                const auto before =
                    static_cast<Value>(static_cast<std::uint64_t>(out[i]) - static_cast<std::uint64_t>(b.at(i)));
                Bits e = 0;
                op(before, b.at(i), e);
                return e != 0;
            });
    }
    return Operand::of(out);
}

}  // namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA
