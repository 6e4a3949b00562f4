// The lane loops of the columnar evaluator: checked arithmetic with the scalar evaluator's
// exact results and rounding (engine/decimal.cpp), written so that the common case is a tight
// branch-free loop the compiler vectorises. Each checked operation also reports, per lane,
// whether the scalar evaluator would raise an error there; a loop ORs those flags over the
// active lanes, so the (rare) failing lanes are looked for only when there is one.
// Compiled once per instruction set, like the interpreter (columnar_interpreter.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/columnar_interpreter.hpp"
#include "engine/decimal.hpp"

namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA::kernels {

using Bits = std::uint64_t;

// ---- Lane accessors: a column, a value broadcast to every lane, an active mask ----

struct Column {
    const Value* p;
    Value operator[](std::size_t i) const { return p[i]; }
};
struct Uniform {
    Value v;
    Value operator[](std::size_t) const { return v; }
};
struct Everyone {
    Bits operator[](std::size_t) const { return 1; }
};
struct Mask {
    const Value* p;  ///< 0/1
    Bits operator[](std::size_t i) const { return static_cast<Bits>(p[i]); }
};

template <class F>
decltype(auto) visit(const Operand& o, F&& f) {
    return o.column ? f(Column{o.column}) : f(Uniform{o.scalar});
}
template <class F>
decltype(auto) visit_mask(const Value* active, F&& f) {
    return active ? f(Mask{active}) : f(Everyone{});
}

// ---- Loops ----
// An operation that compiles to a loop of scalar instructions anyway (a 64-bit product or
// quotient: AVX2 has neither) declares `sparse`: its loops then compute only the active lanes
// and write 0 to the others, instead of computing every lane branch-free.

template <class Op>
constexpr bool is_sparse = requires { Op::sparse; };

/// out[i] = op(a[i], b[i]); returns nonzero when op flagged an active lane.
template <class A, class B, class M, class Op>
Bits map2(Value* __restrict out, std::size_t n, A a, B b, M m, Op op) {
    Bits bad = 0;
    if constexpr (is_sparse<Op> && !std::is_same_v<M, Everyone>) {
        for (std::size_t i = 0; i < n; ++i) {
            Bits e = 0;
            out[i] = m[i] ? op(a[i], b[i], e) : 0;
            bad |= e;
        }
        return bad;
    }
    for (std::size_t i = 0; i < n; ++i) {
        Bits e = 0;
        out[i] = op(a[i], b[i], e);
        bad |= e & m[i];
    }
    return bad;
}

/// acc[i] = op(acc[i], b[i]) (windows and n-ary min/max accumulate in place).
template <class B, class M, class Op>
Bits fold2(Value* acc, std::size_t n, B b, M m, Op op) {
    Bits bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        Bits e = 0;
        acc[i] = op(acc[i], b[i], e);
        bad |= e & m[i];
    }
    return bad;
}

template <class A, class M, class Op>
Bits map1(Value* __restrict out, std::size_t n, A a, M m, Op op) {
    Bits bad = 0;
    if constexpr (is_sparse<Op> && !std::is_same_v<M, Everyone>) {
        for (std::size_t i = 0; i < n; ++i) {
            Bits e = 0;
            out[i] = m[i] ? op(a[i], e) : 0;
            bad |= e;
        }
        return bad;
    }
    for (std::size_t i = 0; i < n; ++i) {
        Bits e = 0;
        out[i] = op(a[i], e);
        bad |= e & m[i];
    }
    return bad;
}

// ---- Exact wide fallbacks (as engine/decimal.cpp), for products that leave int64 ----

__extension__ typedef __int128 Wide;

inline bool fits(Wide x) {
    return x >= std::numeric_limits<Value>::min() && x <= std::numeric_limits<Value>::max();
}

inline Wide divide_half_away(Wide n, Wide d) {
    Wide q = n / d;
    const Wide r = n % d;
    const Wide abs_r = r < 0 ? -r : r;
    const Wide abs_d = d < 0 ? -d : d;
    if (2 * abs_r >= abs_d) q += ((n < 0) != (d < 0)) ? -1 : 1;
    return q;
}

inline std::uint64_t magnitude(Value v) {
    return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

[[gnu::noinline, gnu::cold]] inline Value mul_wide(Value a, Value b, Bits& e) {
    const Wide r = divide_half_away(Wide{a} * b, one);
    e = !fits(r);
    return static_cast<Value>(r);
}

[[gnu::noinline, gnu::cold]] inline Value div_wide(Value a, Value b, Bits& e) {
    const Wide r = divide_half_away(Wide{a} * one, b);
    e = !fits(r);
    return static_cast<Value>(r);
}

// ---- Operations: value, and e = 1 where the scalar evaluator raises an error ----

struct Add {
    Value operator()(Value a, Value b, Bits& e) const {
        const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
        const std::uint64_t r = ua + ub;
        e = ((ua ^ r) & (ub ^ r)) >> 63;
        return static_cast<Value>(r);
    }
};

struct Sub {
    Value operator()(Value a, Value b, Bits& e) const {
        const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
        const std::uint64_t r = ua - ub;
        e = ((ua ^ ub) & (ua ^ r)) >> 63;
        return static_cast<Value>(r);
    }
};

struct Neg {
    Value operator()(Value a, Bits& e) const {
        e = a == std::numeric_limits<Value>::min();
        return static_cast<Value>(std::uint64_t{0} - static_cast<std::uint64_t>(a));
    }
};

/// a * b / one, half away from zero (checked_mul). In int64 when the product fits, which is
/// every realistic amount times a rate.
struct Mul {
    static constexpr bool sparse = true;
    Value operator()(Value a, Value b, Bits& e) const {
        // Half away from zero: move p half a unit away from zero, then truncate.
        Value p, biased;
        const bool wide = __builtin_mul_overflow(a, b, &p) ||
                          __builtin_add_overflow(p, (one / 2) + ((p >> 63) & -one), &biased);
        if (wide) [[unlikely]]
            return mul_wide(a, b, e);
        return biased / one;
    }
};

/// a * one / b, half away from zero (checked_div); b == 0 is an error.
struct Div {
    static constexpr bool sparse = true;
    Value operator()(Value a, Value b, Bits& e) const {
        if (b == 0) [[unlikely]] {
            e = 1;
            return 0;
        }
        Value n;
        if (__builtin_mul_overflow(a, one, &n)) [[unlikely]]
            return div_wide(a, b, e);
        // n is a multiple of one, so never INT64_MIN: n / -1 cannot trap.
        Value q = n / b;
        const std::uint64_t abs_r = magnitude(n % b);
        if (abs_r >= magnitude(b) - abs_r) q += ((n < 0) != (b < 0)) ? -1 : 1;
        return q;
    }
};

/// a / N for a whole count N > 0, half away from zero (checked_div_int; cannot overflow).
template <class Count>
struct DivCount {
    static constexpr bool sparse = true;
    Count n;
    Value operator()(Value a, Bits&) const {
        const Value d = n;
        const Value q = a / d;
        const std::uint64_t abs_r = magnitude(a % d);
        return q + (abs_r >= static_cast<std::uint64_t>(d) - abs_r ? (a < 0 ? -1 : 1) : 0);
    }
};

template <Value N>
struct Constant {
    operator Value() const { return N; }
};

/// round_to(v, step, mode) for step > 0; e = 1 when the multiple does not fit.
template <Rounding mode, class Step>
struct Round {
    static constexpr bool sparse = true;
    Step step;
    Value operator()(Value v, Bits& e) const {
        const Value s = step;
        Value q = v / s;
        const Value r = v % s;
        if constexpr (mode == Rounding::HalfAwayFromZero) {
            const std::uint64_t abs_r = magnitude(r);
            q += abs_r >= static_cast<std::uint64_t>(s) - abs_r ? (v < 0 ? -1 : 1) : 0;
        } else if constexpr (mode == Rounding::Down) {
            q -= r < 0;
        } else {
            q += r > 0;
        }
        Value result;
        e = __builtin_mul_overflow(q, s, &result);
        return result;
    }
};

struct Eq { Value operator()(Value a, Value b, Bits&) const { return a == b; } };
struct Ne { Value operator()(Value a, Value b, Bits&) const { return a != b; } };
struct Lt { Value operator()(Value a, Value b, Bits&) const { return a < b; } };
struct Le { Value operator()(Value a, Value b, Bits&) const { return a <= b; } };
struct Gt { Value operator()(Value a, Value b, Bits&) const { return a > b; } };
struct Ge { Value operator()(Value a, Value b, Bits&) const { return a >= b; } };
struct Both { Value operator()(Value a, Value b, Bits&) const { return (a != 0) & (b != 0); } };
struct Either { Value operator()(Value a, Value b, Bits&) const { return (a != 0) | (b != 0); } };
struct Truthy { Value operator()(Value a, Bits&) const { return a != 0; } };
struct Falsy { Value operator()(Value a, Bits&) const { return a == 0; } };
struct Smaller { Value operator()(Value a, Value b, Bits&) const { return a < b ? a : b; } };
struct Larger { Value operator()(Value a, Value b, Bits&) const { return a < b ? b : a; } };

/// mois_entre: (b - a) months as a nombre (checked_sub then checked_scale by one). Written
/// without overflow builtins so that it vectorises: d * one overflows exactly when d is
/// outside [min / one, max / one] (the quotients truncated toward zero).
struct MonthsBetween {
    Value operator()(Value a, Value b, Bits& e) const {
        const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
        const std::uint64_t r = ub - ua;
        const auto d = static_cast<Value>(r);
        const Bits sub = ((ub ^ ua) & (ub ^ r)) >> 63;
        const Bits scale = (d > std::numeric_limits<Value>::max() / one) | (d < std::numeric_limits<Value>::min() / one);
        e = sub | scale;
        return static_cast<Value>(r * static_cast<std::uint64_t>(one));
    }
};

}  // namespace relais::engine::columnar::RELAIS_COLUMNAR_ISA::kernels
