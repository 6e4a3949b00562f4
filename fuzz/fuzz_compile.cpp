// Fuzzes the rules compiler: any bytes must give a program or diagnostics, never a crash, a
// hang or a sanitizer report. Diagnostics are rendered too, so spans must stay in range.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dsl/driver.hpp"
#include "engine/ir/print.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    const relais::dsl::Compilation c = relais::dsl::compile_texts({{"fuzz.rules", std::move(text)}});
    std::size_t total = 0;
    for (const auto& d : c.diagnostics.all()) {
        total += relais::engine::render_text(d, c.sources).size();
        total += relais::engine::render_json(d, c.sources).size();
    }
    if (c.program) total += relais::ir::print(*c.program).size();
    return total == SIZE_MAX ? 1 : 0;
}
