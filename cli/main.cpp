// relais: the command-line entry point; dispatches to one subcommand.
#include <iostream>
#include <string>

#include "cli/commands.hpp"

namespace {

constexpr const char* help_text = R"(relais — règles et simulation des aides à l'insertion (RSA, prime d'activité, AAH, RSJ...)

Usage : relais COMMANDE [OPTIONS] [CHEMINS...]

Commandes :
  check CHEMIN...   vérifie des fichiers de règles (*.rules ; un dossier = tous ses *.rules)
  test CHEMIN...    exécute les tests écrits dans les règles et compare chaque valeur attendue
  simulate CAS.json simule un cas mois par mois, avec ses événements et sans (référence)
  explain CAS.json VARIABLE MOIS
                    explique une valeur : règle appliquée, valeurs lues, sources
  batch POPULATION --scenario REFORME.rules
                    simule une population sous la loi et sous une réforme : coût,
                    gagnants, perdants, ruptures, par groupe (docs/population.md)
  synth --households N --seed S --out FICHIER
                    écrit une population synthétique de la Métropole de Lyon

Options générales :
  -h, --help        cette aide ; « relais COMMANDE --help » détaille une commande
  --version         version du moteur

Codes de sortie : 0 tout va bien, 1 erreurs dans les règles ou le cas, ou tests en échec,
2 mauvaise utilisation.
Le langage des règles est décrit dans docs/language.md.
)";

}  // namespace

int main(int argc, char** argv) {
    relais::cli::Arguments args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::cout << help_text;
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "relais " << RELAIS_VERSION << "\n";
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "check") return relais::cli::check_command(args);
    if (command == "test") return relais::cli::test_command(args);
    if (command == "simulate") return relais::cli::simulate_command(args);
    if (command == "explain") return relais::cli::explain_command(args);
    if (command == "batch") return relais::cli::batch_command(args);
    if (command == "synth") return relais::cli::synth_command(args);
    return relais::cli::usage_error("relais", "commande inconnue « " + command + " »");
}
