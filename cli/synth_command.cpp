// `relais synth`: writes a synthetic population of the Métropole de Lyon (simulator/synth.hpp,
// docs/population.md), the same bytes for the same seed on every machine.
#include <fstream>
#include <iostream>

#include "cli/case_loading.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "engine/calendar.hpp"
#include "simulator/synth.hpp"

namespace relais::cli {

namespace {

constexpr const char* synth_help = R"(Usage : relais synth --households N --seed S --out FICHIER [OPTIONS]

Écrit une population synthétique de la Métropole de Lyon : N foyers tirés selon des parts
calées sur des chiffres publics (types de foyers, âges, revenus, bénéficiaires du RSA, de la
prime d'activité, de l'AAH et du RSJ, 43 % des foyers au RSA en QPV contre 21 % de la
population, communes pondérées par leur population), avec des événements pendant la période
(reprises d'emploi, entrées en POE, pertes d'emploi, naissances, séparations). Les chiffres,
leurs sources et les hypothèses sont dans docs/population.md. La même graine donne le même
fichier, octet pour octet, sur toute machine.

Options :
  --households N          nombre de foyers (obligatoire)
  --seed S                graine du tirage, entier (obligatoire)
  --out FICHIER           fichier écrit (obligatoire)
  --format jsonl|csv      JSON Lines (défaut) ou CSV (une ligne par personne)
  --debut AAAA-MM         premier mois simulé de chaque cas (défaut : 2026-01)
  --mois N                nombre de mois simulés (défaut : 12)
  --poids-total N         nombre de foyers que la population représente : chaque foyer pèse
                          N / households (défaut : 662000, les ménages de la Métropole ; 0 :
                          pas de poids)
  -h, --help              cette aide
)";

std::optional<std::uint64_t> whole(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoull(text);
}

}  // namespace

int synth_command(const Arguments& args) {
    const std::string command = "relais synth";
    simulator::SynthOptions options;
    std::optional<std::uint64_t> households;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> out;
    bool csv = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool missing = false;
        if (arg == "-h" || arg == "--help") {
            std::cout << synth_help;
            return 0;
        }
        if (auto v = option_value(args, i, "--households", missing)) {
            households = missing ? std::nullopt : whole(*v);
            if (!households || *households == 0) return usage_error(command, "--households attend un nombre de foyers positif");
        } else if (auto v = option_value(args, i, "--seed", missing)) {
            seed = missing ? std::nullopt : whole(*v);
            if (!seed) return usage_error(command, "--seed attend un entier positif ou nul");
        } else if (auto v = option_value(args, i, "--out", missing)) {
            if (missing || v->empty()) return usage_error(command, "--out attend un fichier");
            out = *v;
        } else if (auto v = option_value(args, i, "--format", missing)) {
            if (!missing && *v == "jsonl") csv = false;
            else if (!missing && *v == "csv") csv = true;
            else return usage_error(command, "--format attend jsonl ou csv");
        } else if (auto v = option_value(args, i, "--debut", missing)) {
            const auto month = missing ? std::nullopt : engine::parse_month(*v);
            if (!month) return usage_error(command, "--debut attend un mois AAAA-MM");
            options.first = *month;
        } else if (auto v = option_value(args, i, "--mois", missing)) {
            const auto months = missing ? std::nullopt : whole(*v);
            if (!months || *months == 0 || *months > 600) return usage_error(command, "--mois attend un nombre de mois entre 1 et 600");
            options.months = static_cast<std::int32_t>(*months);
        } else if (auto v = option_value(args, i, "--poids-total", missing)) {
            const auto total = missing ? std::nullopt : whole(*v);
            if (!total) return usage_error(command, "--poids-total attend un nombre de foyers (0 : pas de poids)");
            options.represented_households = *total;
        } else {
            return usage_error(command, (!arg.empty() && arg[0] == '-' ? "option inconnue « " : "argument inattendu « ") + arg + " »");
        }
    }
    if (!households) return usage_error(command, "indiquez le nombre de foyers avec --households N");
    if (!seed) return usage_error(command, "indiquez la graine avec --seed S");
    if (!out) return usage_error(command, "indiquez le fichier à écrire avec --out FICHIER");
    options.households = *households;
    options.seed = *seed;
    std::ofstream file(*out, std::ios::binary);
    if (!file) return usage_error(command, "impossible d'écrire « " + *out + " »");
    if (csv) simulator::write_synth_csv(options, file);
    else simulator::write_synth_jsonl(options, file);
    file.close();
    if (!file) {
        std::cerr << command << " : erreur d'écriture dans « " << *out << " »\n";
        return 1;
    }
    return 0;
}

}  // namespace relais::cli
