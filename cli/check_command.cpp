// `relais check`: compiles rules files and reports every problem with its position.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/compile_report.hpp"
#include "cli/options.hpp"
#include "dsl/driver.hpp"
#include "engine/ir/print.hpp"

namespace relais::cli {

namespace {

constexpr const char* check_help = R"(Usage : relais check [OPTIONS] CHEMIN...

Vérifie des fichiers de règles : syntaxe, noms, types et unités, dates, lectures de mois futurs,
cycles. Chaque erreur est donnée sous la forme « fichier:ligne:colonne: error[CODE]: message »,
avec la ligne source et un repère sous la partie fautive. Toutes les erreurs d'un fichier sont
signalées, pas seulement la première.

CHEMIN est un fichier .rules ou un dossier (tous les *.rules qu'il contient, récursivement).
Tous les fichiers donnés forment un seul ensemble de règles.

Options :
  --format text|json   text (défaut) pour les personnes ; json pour les outils :
                       {"ok": bool, "files": N, "diagnostics": [{code, file, line, column, ...}]}
  --dump ir            affiche le programme compilé (pour relire ou comparer)
  -h, --help           cette aide

Codes de sortie : 0 aucune erreur, 1 erreurs, 2 mauvaise utilisation.
)";

}  // namespace

int check_command(const Arguments& args) {
    const auto options = parse_options("relais check", args, /*allow_dump=*/true);
    if (!options) return 2;
    if (options->help) {
        std::cout << check_help;
        return 0;
    }
    const dsl::Compilation compilation = dsl::compile_paths(options->paths);
    const bool ok = compilation.program.has_value() && compilation.io_errors.empty();
    if (options->format == Format::Json) {
        std::cout << "{\"ok\":" << (ok ? "true" : "false") << ",\"files\":" << compilation.sources.size()
                  << ",\"diagnostics\":" << problems_json(compilation) << "}\n";
        return ok ? 0 : 1;
    }
    const std::size_t problems = print_problems_text(compilation);
    if (ok && options->dump) std::cout << ir::print(*compilation.program);
    std::cout << compilation.sources.size() << " fichier(s) vérifié(s), " << problems
              << (problems > 1 ? " erreurs" : " erreur") << "\n";
    return ok ? 0 : 1;
}

}  // namespace relais::cli
