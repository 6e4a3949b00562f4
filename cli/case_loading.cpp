// Loads a case for the simulation commands: the only place where case files and overlays are
// read from disk.
#include "cli/case_loading.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include "cli/compile_report.hpp"
#include "cli/options.hpp"
#include "simulator/events.hpp"

namespace relais::cli {

namespace {

namespace fs = std::filesystem;

fs::path canonical(const std::string& path) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(path, ec);
    return ec ? fs::path(path) : c;
}

simulator::Stamp stamp_of(const dsl::Compilation& compilation, const std::vector<std::string>& overlays) {
    std::vector<fs::path> overlay_paths;
    for (const std::string& overlay : overlays) overlay_paths.push_back(canonical(overlay));
    std::vector<std::string_view> rules;
    std::vector<std::string_view> overlay_texts;
    for (std::uint32_t id = 0; id < compilation.sources.size(); ++id) {
        const engine::SourceFile& file = compilation.sources.file(id);
        const bool is_overlay =
            std::find(overlay_paths.begin(), overlay_paths.end(), canonical(file.path())) != overlay_paths.end();
        (is_overlay ? overlay_texts : rules).push_back(file.text());
    }
    simulator::Stamp stamp;
    stamp.engine_version = RELAIS_VERSION;
    stamp.rules_hash = simulator::digest_of_texts(rules);
    if (!overlays.empty()) stamp.overlay_hash = simulator::digest_of_texts(overlay_texts);
    return stamp;
}

}  // namespace

std::optional<std::string> option_value(const std::vector<std::string>& args, std::size_t& i, const std::string& name,
                                        bool& missing) {
    const std::string& arg = args[i];
    if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
    if (arg != name) return std::nullopt;
    if (i + 1 < args.size()) return args[++i];
    missing = true;
    return std::string();
}

std::optional<engine::Value> rupture_share_option(const std::optional<std::string>& percent_text) {
    const auto percent = percent_text ? engine::parse_decimal(*percent_text) : std::nullopt;
    if (!percent || *percent < 0 || *percent > 100 * engine::one) return std::nullopt;
    return engine::checked_div_int(*percent, 100);
}

std::unique_ptr<LoadedCase> load_case(const CaseRequest& request, int& exit_code) {
    exit_code = 0;
    auto loaded = std::make_unique<LoadedCase>();

    std::ifstream in(request.case_path, std::ios::binary);
    if (!in) {
        exit_code = usage_error(request.command, "impossible de lire le cas « " + request.case_path + " »");
        return nullptr;
    }
    std::ostringstream text;
    text << in.rdbuf();
    loaded->json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (loaded->json.is_discarded()) {
        std::cerr << simulator::describe_problems(
            request.case_path, {{"", "", "ce fichier n'est pas du JSON valide (vérifiez les virgules, guillemets "
                                         "et accolades)"}});
        exit_code = 1;
        return nullptr;
    }

    // The case's own overlay is relative to the case file.
    std::vector<std::string> overlays = request.overlays;
    if (loaded->json.is_object() && loaded->json.contains("surcouche") && loaded->json["surcouche"].is_string()) {
        const fs::path overlay = fs::path(request.case_path).parent_path() / loaded->json["surcouche"].get<std::string>();
        overlays.push_back(overlay.string());
    }

    std::error_code ec;
    if (!fs::is_directory(request.rules, ec)) {
        exit_code = usage_error(request.command, "dossier de règles introuvable : « " + request.rules +
                                                     " » (indiquez-le avec --rules DOSSIER)");
        return nullptr;
    }
    std::vector<std::string> paths = {request.rules};
    paths.insert(paths.end(), overlays.begin(), overlays.end());
    loaded->compilation = dsl::compile_paths(paths);
    if (!loaded->compilation.program || !loaded->compilation.io_errors.empty()) {
        print_problems_text(loaded->compilation);
        std::cerr << "les règles ne compilent pas : aucune simulation\n";
        exit_code = 1;
        return nullptr;
    }

    simulator::CaseReading reading = simulator::read_case(loaded->json, loaded->program(), request.case_path);
    if (!reading.problems.empty()) {
        // Every problem at once: the events too, as far as the case could be read.
        const simulator::EventCheck events = simulator::check_events(loaded->program(), reading.value);
        reading.problems.insert(reading.problems.end(), events.problems.begin(), events.problems.end());
        std::cerr << simulator::describe_problems(request.case_path, reading.problems);
        exit_code = 1;
        return nullptr;
    }
    loaded->input = std::move(reading.value);
    loaded->stamp = stamp_of(loaded->compilation, overlays);
    return loaded;
}

void print_evaluation_error(const LoadedCase& loaded, const engine::EvalError& error, bool in_baseline) {
    std::cerr << engine::render_text({error.code, error.span, error.message, {}, {}}, loaded.compilation.sources);
    std::cerr << "le calcul du cas « " << loaded.input.name << " » a échoué"
              << (in_baseline ? " (situation de référence, sans les événements)" : "") << "\n";
}

}  // namespace relais::cli
