// `relais batch`: a population under the base law and under a reform, case by case and month by
// month, with exact aggregates (docs/population.md). Opens the files; the run itself is
// simulator::run_batch.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/compile_report.hpp"
#include "cli/case_loading.hpp"
#include "cli/options.hpp"
#include "dsl/driver.hpp"
#include "simulator/batch.hpp"
#include "simulator/stamp.hpp"

namespace relais::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* batch_help = R"(Usage : relais batch POPULATION --scenario REFORME.rules [OPTIONS]

Simule chaque cas d'une population sous la loi de référence et sous une réforme (une
surcouche de règles, par exemple scenarios/reformes/rsj-25-ans.rules), chacun avec ses propres
événements, et compare mois par mois : ce que chaque dispositif verse, les droits connexes,
les ressources, les ruptures et les passages d'un dispositif à l'autre ; qui gagne, qui perd
et combien, par tranche d'âge du demandeur, type de foyer, QPV et commune, avec les poids des
cas. Les cas illisibles ou invalides sont écartés (rejects.csv) sans arrêter le lot.

POPULATION : un fichier JSON Lines (.jsonl : un cas par ligne, au format de relais simulate,
avec en plus « id », « poids », « qpv ») ou CSV (.csv : une ligne par personne, une colonne
« foyer »). Les deux formats sont décrits dans docs/population.md.

Options :
  --scenario FICHIER      la réforme : surcouche chargée par-dessus les règles (obligatoire)
  --baseline FICHIER      une surcouche pour la référence (défaut : les règles seules)
  --rules DOSSIER         les règles (défaut : « rules » dans le dossier courant)
  --out DOSSIER           le dossier des résultats (défaut : « resultats-lot ») :
                          cases.csv, aggregates.json, aggregates.csv, rejects.csv, summary.json
  --threads N             fils de calcul (défaut : 1 ; 0 = autant que de cœurs). Les
                          résultats ne dépendent pas de N.
  --format jsonl|csv      le format de la population (défaut : d'après l'extension)
  --seuil-rupture N       baisse des ressources, en % du mois précédent, au-delà de laquelle
                          un mois est une rupture (défaut : 10)
  --evaluateur colonnes|scalaire
                          l'évaluateur : colonnes (défaut, des lots de cas à la fois) ou
                          scalaire (un cas à la fois, 45 fois plus lent) ; mêmes résultats
  --tranches A,B,...      bornes des tranches de gain et de perte en euros
                          (défaut : 10,50,100,250,500,1000,2500)
  --quiet                 pas de ligne d'avancement ni de durée sur la sortie d'erreur
  -h, --help              cette aide

Codes de sortie : 0 lot terminé (même avec des cas écartés), 1 règles qui ne compilent pas ou
population illisible (en-tête CSV...), 2 mauvaise utilisation.
)";

fs::path canonical(const std::string& path) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(path, ec);
    return ec ? fs::path(path) : c;
}

// "sha256:..." of the rules files (every file but the overlay), and of the overlay's.
std::pair<std::string, std::string> digests(const dsl::Compilation& compilation, const std::string& overlay) {
    const fs::path overlay_path = canonical(overlay);
    std::vector<std::string_view> rules;
    std::vector<std::string_view> overlay_texts;
    for (std::uint32_t id = 0; id < compilation.sources.size(); ++id) {
        const engine::SourceFile& file = compilation.sources.file(id);
        (canonical(file.path()) == overlay_path ? overlay_texts : rules).push_back(file.text());
    }
    return {simulator::digest_of_texts(rules), simulator::digest_of_texts(overlay_texts)};
}

std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), "\u202f");
    return digits;
}

std::string duration_text(double seconds) {
    if (seconds < 60) return std::to_string(static_cast<int>(seconds + 0.5)) + " s";
    const int s = static_cast<int>(seconds + 0.5);
    if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

// An amount of aggregates.json ("1234.57") for people: "1 234,57 €".
std::string euros_text(const std::string& amount) {
    const auto v = engine::parse_decimal(amount);
    return v ? engine::format_euros_fr(*v) : amount + " €";
}

}  // namespace

int batch_command(const Arguments& args) {
    const std::string command = "relais batch";
    std::string rules = "rules";
    std::optional<std::string> scenario;
    std::optional<std::string> baseline;
    std::string out_dir = "resultats-lot";
    std::optional<simulator::PopulationFormat> format;
    simulator::BatchOptions options;
    bool quiet = false;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool missing = false;
        if (arg == "-h" || arg == "--help") {
            std::cout << batch_help;
            return 0;
        }
        if (arg == "--quiet") {
            quiet = true;
        } else if (auto v = option_value(args, i, "--rules", missing)) {
            if (missing) return usage_error(command, "l'option --rules attend un dossier");
            rules = *v;
        } else if (auto v = option_value(args, i, "--scenario", missing)) {
            if (missing) return usage_error(command, "l'option --scenario attend un fichier .rules");
            scenario = *v;
        } else if (auto v = option_value(args, i, "--baseline", missing)) {
            if (missing) return usage_error(command, "l'option --baseline attend un fichier .rules");
            baseline = *v;
        } else if (auto v = option_value(args, i, "--out", missing)) {
            if (missing) return usage_error(command, "l'option --out attend un dossier");
            out_dir = *v;
        } else if (auto v = option_value(args, i, "--threads", missing)) {
            if (missing || v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos)
                return usage_error(command, "--threads attend un nombre de fils (0 à 999)");
            options.threads = static_cast<unsigned>(std::stoul(*v));
        } else if (auto v = option_value(args, i, "--format", missing)) {
            if (!missing && *v == "jsonl") format = simulator::PopulationFormat::JsonLines;
            else if (!missing && *v == "csv") format = simulator::PopulationFormat::Csv;
            else return usage_error(command, "--format attend jsonl ou csv");
        } else if (auto v = option_value(args, i, "--seuil-rupture", missing)) {
            const auto share = missing ? std::nullopt : rupture_share_option(v);
            if (!share) return usage_error(command, rupture_share_usage);
            options.simulation.rupture_share = *share;
        } else if (auto v = option_value(args, i, "--evaluateur", missing)) {
            if (!missing && *v == "scalaire") options.evaluator = simulator::BatchEvaluator::Scalar;
            else if (!missing && *v == "colonnes") options.evaluator = simulator::BatchEvaluator::Columnar;
            else return usage_error(command, "--evaluateur attend scalaire ou colonnes");
        } else if (auto v = option_value(args, i, "--tranches", missing)) {
            std::vector<engine::Value> bands;
            std::stringstream list(missing ? std::string() : *v);
            std::string item;
            while (std::getline(list, item, ',')) {
                const auto euros = engine::parse_decimal(item);
                if (!euros || *euros <= 0 || (!bands.empty() && *euros <= bands.back())) {
                    bands.clear();
                    break;
                }
                bands.push_back(*euros);
            }
            if (bands.empty()) return usage_error(command, "--tranches attend des montants croissants et positifs, par exemple 10,50,100");
            options.gain_bands = std::move(bands);
        } else if (!arg.empty() && arg[0] == '-') {
            return usage_error(command, "option inconnue « " + arg + " »");
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 1) return usage_error(command, "indiquez un seul fichier de population (.jsonl ou .csv)");
    if (!scenario) return usage_error(command, "indiquez la réforme avec --scenario FICHIER.rules");
    const std::string population_path = positional[0];
    if (!format) {
        const std::string extension = fs::path(population_path).extension().string();
        format = extension == ".csv" ? simulator::PopulationFormat::Csv : simulator::PopulationFormat::JsonLines;
    }
    std::error_code ec;
    if (!fs::is_directory(rules, ec))
        return usage_error(command, "dossier de règles introuvable : « " + rules + " » (indiquez-le avec --rules DOSSIER)");
    for (const std::string* overlay : {&*scenario, baseline ? &*baseline : nullptr}) {
        if (overlay != nullptr && !fs::is_regular_file(*overlay, ec))
            return usage_error(command, "surcouche introuvable : « " + *overlay + " »");
    }

    // The two sides: rules (+ baseline overlay) and rules + scenario overlay.
    std::vector<std::string> base_paths = {rules};
    if (baseline) base_paths.push_back(*baseline);
    const dsl::Compilation base = dsl::compile_paths(base_paths);
    const dsl::Compilation reform = dsl::compile_paths({rules, *scenario});
    for (const dsl::Compilation* c : {&base, &reform}) {
        if (!c->program || !c->io_errors.empty()) {
            print_problems_text(*c);
            std::cerr << "les règles ne compilent pas" << (c == &reform ? " avec la réforme" : "") << " : aucun calcul\n";
            return 1;
        }
    }

    std::ifstream population(population_path, std::ios::binary);
    if (!population) return usage_error(command, "impossible de lire la population « " + population_path + " »");
    auto opened = simulator::PopulationInput::open(population, *format, *base.program);
    if (auto* problems = std::get_if<std::vector<std::string>>(&opened)) {
        for (const std::string& p : *problems) std::cerr << population_path << " : " << p << "\n";
        std::cerr << "population illisible : aucun calcul\n";
        return 1;
    }
    simulator::PopulationInput& input = std::get<simulator::PopulationInput>(opened);
    const std::uint64_t total_bytes = fs::file_size(population_path, ec);

    fs::create_directories(out_dir, ec);
    if (ec) return usage_error(command, "impossible de créer le dossier « " + out_dir + " » : " + ec.message());
    const fs::path out = out_dir;
    std::ofstream cases(out / "cases.csv", std::ios::binary);
    std::ofstream rejects(out / "rejects.csv", std::ios::binary);
    if (!cases || !rejects) return usage_error(command, "impossible d'écrire dans « " + out_dir + " »");

    simulator::BatchHeader header;
    header.engine_version = RELAIS_VERSION;
    header.rules_hash = digests(base, baseline.value_or("")).first;
    if (baseline) header.baseline_hash = digests(base, *baseline).second;
    header.reform_hash = digests(reform, *scenario).second;
    header.baseline_label = baseline ? rules + " + " + *baseline : rules;
    header.reform_label = rules + " + " + *scenario;
    header.rupture_share = options.simulation.rupture_share;

    const bool progress = !quiet && isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    auto last_shown = start;
    if (progress) {
        options.on_progress = [&](const simulator::BatchProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last_shown < std::chrono::milliseconds(250)) return;
            last_shown = now;
            const double elapsed = std::chrono::duration<double>(now - start).count();
            const double rate = elapsed > 0 ? static_cast<double>(p.read) / elapsed : 0;
            std::string left;
            if (total_bytes > 0 && p.bytes_read > 0 && p.bytes_read < total_bytes)
                left = ", reste ~" + duration_text(elapsed * static_cast<double>(total_bytes - p.bytes_read) /
                                                   static_cast<double>(p.bytes_read));
            std::cerr << "\r" << grouped(p.read) << " cas (" << grouped(p.rejected) << " écartés), "
                      << grouped(static_cast<std::uint64_t>(rate)) << " cas/s" << left << "\x1b[K" << std::flush;
        };
    }

    const simulator::BatchSide base_side{&*base.program, &base.sources};
    const simulator::BatchSide reform_side{&*reform.program, &reform.sources};
    const auto layout_for_header = simulator::make_batch_layout(*base.program, *reform.program, options.gain_bands, options.age_bands);
    cases << simulator::cases_csv_header(layout_for_header) << "\n";
    rejects << simulator::rejects_csv_header << "\n";
    std::optional<simulator::BatchResult> finished;
    try {
        finished = simulator::run_batch(input, base_side, reform_side, options, &cases, &rejects);
    } catch (const std::exception& e) {
        // A bug or an exhausted machine (memory), not a case: cases are rejected one by one.
        if (progress) std::cerr << "\r\x1b[K";
        std::cerr << command << " : le lot s'est arrêté : " << e.what() << "\n";
        return 1;
    }
    simulator::BatchResult& result = *finished;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) std::cerr << "\r\x1b[K";

    {
        std::ofstream json(out / "aggregates.json", std::ios::binary);
        json << simulator::aggregates_json(result.aggregates, header).dump(2) << "\n";
        std::ofstream csv(out / "aggregates.csv", std::ios::binary);
        simulator::write_aggregates_csv(result.aggregates, csv);
        std::ofstream summary(out / "summary.json", std::ios::binary);
        summary << simulator::batch_summary_json(result, header).dump(2) << "\n";
        cases.close();
        rejects.close();
        if (!json || !csv || !summary || !cases || !rejects) {
            std::cerr << "erreur d'écriture dans « " << out_dir << " » (disque plein ?)\n";
            return 1;
        }
    }

    const simulator::BatchSummary& s = result.summary;
    const auto summary = simulator::batch_summary_json(result, header);
    std::cout << "Lot : " << grouped(s.read) << " cas lus, " << grouped(s.simulated) << " simulés, " << grouped(s.rejected)
              << " écartés" << (s.rejected > 0 ? " (motifs dans " + (out / "rejects.csv").string() + ")" : std::string()) << "\n";
    if (s.first && s.last)
        std::cout << "Période : " << engine::format_month_fr(*s.first) << " à " << engine::format_month_fr(*s.last) << ", "
                  << grouped(s.case_months) << " mois-foyers par calcul\n";
    std::cout << "Référence : " << header.baseline_label << " ; réforme : " << header.reform_label << "\n";
    const auto& totals = summary["ressources_totales"];
    std::cout << "Ressources sur la période" << (result.aggregates.weighted() ? " (pondérées)" : "") << " : "
              << euros_text(totals["base"]) << " sans la réforme, " << euros_text(totals["reforme"]) << " avec, écart "
              << euros_text(totals["ecart"]) << "\n";
    const auto mean = [](const nlohmann::ordered_json& j) {
        return j["montant_moyen"].is_null() ? std::string() : " (en moyenne " + euros_text(j["montant_moyen"]) + ")";
    };
    std::cout << "Gagnants : " << summary["gagnants"]["nombre"].get<std::string>() << mean(summary["gagnants"])
              << " ; perdants : " << summary["perdants"]["nombre"].get<std::string>() << mean(summary["perdants"])
              << " ; inchangés : " << summary["inchanges"]["nombre"].get<std::string>() << "\n";
    std::cout << "Ruptures : " << summary["ruptures"]["base"].get<std::string>() << " sans la réforme, "
              << summary["ruptures"]["reforme"].get<std::string>() << " avec\n";
    std::cout << "Résultats : " << out.string() << "/ (cases.csv, aggregates.json, aggregates.csv, rejects.csv, summary.json)\n";
    if (!quiet)
        std::cerr << "Durée : " << duration_text(elapsed) << " ("
                  << grouped(static_cast<std::uint64_t>(elapsed > 0 ? static_cast<double>(s.read) / elapsed : 0))
                  << " cas/s)\n";
    return 0;
}

}  // namespace relais::cli
