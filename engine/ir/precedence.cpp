// Transitive closure of `sur` between the exceptions of one variable (Warshall).
#include "engine/ir/precedence.hpp"

namespace relais::ir {

std::vector<std::uint8_t> exception_precedence(const Variable& variable) {
    const auto& exceptions = variable.exceptions;
    const std::size_t n = exceptions.size();
    std::vector<std::uint8_t> m(n * n, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (const std::uint32_t j : exceptions[i].overrides)
            if (j < n) m[i * n + j] = 1;
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < n; ++i)
            if (m[i * n + k])
                for (std::size_t j = 0; j < n; ++j)
                    if (m[k * n + j]) m[i * n + j] = 1;
    return m;
}

}  // namespace relais::ir
