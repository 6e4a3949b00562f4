// Fuzzes what a référent's tool feeds the simulator: any bytes as a case file must give a
// simulation or problems naming the field, never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "simulator/case_file.hpp"
#include "simulator/simulation.hpp"

namespace {

const relais::ir::Program& program() {
    static const relais::dsl::Compilation compilation = relais::dsl::compile_paths({RELAIS_SOURCE_DIR "/rules"});
    if (!compilation.program) __builtin_trap();  // the shipped rules must compile
    return *compilation.program;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return 0;
    auto reading = relais::simulator::read_case(json, program(), "fuzz.json");
    if (!reading.problems.empty()) {
        return relais::simulator::describe_problems("fuzz.json", reading.problems).empty() ? 1 : 0;
    }
    // Long periods are legal but slow: keep each run short so the fuzzer explores.
    if (reading.value.report_months > 36 || reading.value.data.last - reading.value.data.first > 72) return 0;
    const auto result = relais::simulator::simulate(program(), std::move(reading.value));
    return result.index() == 0 ? 0 : 0;
}
