// Differential fuzzing of the JSON Lines reader of population runs: whatever the bytes, a line
// reads as nlohmann::json reads it (the same value, same number types), or is rejected as
// malformed exactly when nlohmann refuses it; the case read from it (FlatJson for most lines)
// has the same problems as the case read from nlohmann's tree; never a crash, a hang or a
// sanitizer report.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "dsl/driver.hpp"
#include "simulator/case_file.hpp"
#include "simulator/population.hpp"

namespace {

const relais::ir::Program& program() {
    static const relais::dsl::Compilation compilation = relais::dsl::compile_paths({RELAIS_SOURCE_DIR "/rules"});
    if (!compilation.program) __builtin_trap();  // the shipped rules must compile
    return *compilation.program;
}

const relais::simulator::PopulationInput& input() {
    static std::istringstream empty;
    static const auto opened =
        relais::simulator::PopulationInput::open(empty, relais::simulator::PopulationFormat::JsonLines, program());
    if (opened.index() != 0) __builtin_trap();
    return std::get<relais::simulator::PopulationInput>(opened);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    relais::simulator::RawCase raw;
    raw.line = 1;
    raw.last_line = 1;
    raw.text.assign(reinterpret_cast<const char*>(data), size);
    const relais::simulator::DecodedCase decoded = input().decode(raw);

    nlohmann::json expected;
    try {
        expected = nlohmann::json::parse(raw.text);
    } catch (const nlohmann::json::exception&) {
        if (!decoded.malformed) __builtin_trap();  // nlohmann refuses it, the reader took it
        return 0;
    }
    if (!expected.is_object()) {
        if (!decoded.malformed) __builtin_trap();
        return 0;
    }
    // The population's own keys are taken out of the case (they are not the rules' inputs).
    namespace sim = relais::simulator;
    for (const char* key : {sim::population_id_key, sim::population_weight_key, sim::population_qpv_key})
        expected.erase(key);
    if (decoded.malformed || decoded.view().dump() != expected.dump()) __builtin_trap();

    static const sim::CaseSchema schema(program());
    const sim::CaseReading read = sim::read_case(decoded.view(), schema, "cas");
    const sim::CaseReading reference = sim::read_case(expected, schema, "cas");
    if (sim::describe_problems("cas", read.problems) != sim::describe_problems("cas", reference.problems)) __builtin_trap();
    if (read.value.data.instance_names != reference.value.data.instance_names ||
        read.value.data.members != reference.value.data.members || read.value.data.first != reference.value.data.first ||
        read.value.data.last != reference.value.data.last || read.value.events.size() != reference.value.events.size())
        __builtin_trap();
    for (std::size_t i = 0; i < read.value.data.inputs.size(); ++i) {
        const auto& a = read.value.data.inputs[i];
        const auto& b = reference.value.data.inputs[i];
        if (a.size() != b.size()) __builtin_trap();
        for (std::size_t k = 0; k < a.size(); ++k)
            if (a[k].constant != b[k].constant || a[k].by_month != b[k].by_month) __builtin_trap();
    }
    return 0;
}
