// The columnar interpreter compiled a second time, for x86-64-v3 (AVX2, BMI2, FMA), inside the
// namespace columnar::avx2; EvaluatorImpl::evaluate_months calls it when the processor has
// those instructions. Every standard and project header the interpreter uses is included
// before the target pragma: only the interpreter's own code, in its own namespace, is
// compiled for AVX2, never an inline function other files share (which the linker could
// then hand to a processor without AVX2).
#include "engine/columnar_internal.hpp"

#if RELAIS_COLUMNAR_AVX2

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/columnar.hpp"
#include "engine/decimal.hpp"

#pragma GCC target("arch=x86-64-v3")
#define RELAIS_COLUMNAR_ISA avx2
#include "engine/columnar_evaluator.cpp"
#include "engine/columnar_members.cpp"

#endif
