// `relais simulate`: runs a case month by month with its events and without, and prints the
// timeline as a table for people, JSON for programs or CSV for spreadsheets.
#include <iostream>

#include "cli/case_loading.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "simulator/render.hpp"
#include "simulator/simulation.hpp"

namespace relais::cli {

namespace {

constexpr const char* simulate_help = R"(Usage : relais simulate CAS.json [OPTIONS]

Simule un cas mois par mois : pour chaque dispositif (RSA, prime d'activité, AAH, RSJ...),
l'éligibilité (et la condition qui manque), le montant dû et le montant versé ; les droits
connexes ouverts (CSS, TCL...) ; les ressources totales. Le même calcul sans les événements du
cas sert de référence : la différence montre ce que le changement fait gagner ou perdre.
Sont aussi signalés les passages d'un dispositif à l'autre (avec les mois sans droit ou de
cumul), les ruptures (baisse des ressources au-delà du seuil, droits interrompus), les droits
connexes perdus et l'orientation du parcours d'insertion au premier mois.

Le format du cas est décrit dans DESIGN.md ; celui de la sortie JSON dans
docs/simulation-output.md.

Options :
  --rules DOSSIER         les règles (défaut : le dossier « rules » du dossier courant)
  --overlay FICHIER       une surcouche (scénario de politique publique) chargée par-dessus
                          les règles ; l'option peut être répétée. Le champ « surcouche » du
                          cas en ajoute une (chemin relatif au fichier du cas).
  --format table|json|csv table (défaut) pour les personnes, json pour les programmes,
                          csv pour un tableur (séparateur décimal « . »)
  --seuil-rupture N       baisse des ressources, en % du mois précédent, au-delà de laquelle
                          un mois est une rupture (défaut : 10)
  -h, --help              cette aide

Codes de sortie : 0 simulation faite, 1 erreur dans les règles ou dans le cas (chaque
problème sur une ligne : champ, valeur, ce qui est attendu), 2 mauvaise utilisation.
)";

enum class Output { Table, Json, Csv };

}  // namespace

int simulate_command(const Arguments& args) {
    const std::string command = "relais simulate";
    CaseRequest request;
    request.command = command;
    Output output = Output::Table;
    simulator::SimulationOptions options;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool missing = false;
        if (arg == "-h" || arg == "--help") {
            std::cout << simulate_help;
            return 0;
        }
        if (auto v = option_value(args, i, "--rules", missing)) {
            if (missing) return usage_error(command, "l'option --rules attend un dossier");
            request.rules = *v;
        } else if (auto v = option_value(args, i, "--overlay", missing)) {
            if (missing) return usage_error(command, "l'option --overlay attend un fichier .rules");
            request.overlays.push_back(*v);
        } else if (auto v = option_value(args, i, "--format", missing)) {
            if (missing) return usage_error(command, "l'option --format attend table, json ou csv");
            if (*v == "table") output = Output::Table;
            else if (*v == "json") output = Output::Json;
            else if (*v == "csv") output = Output::Csv;
            else return usage_error(command, "format inconnu « " + *v + " » (attendu : table, json ou csv)");
        } else if (auto v = option_value(args, i, "--seuil-rupture", missing)) {
            const auto share = missing ? std::nullopt : rupture_share_option(v);
            if (!share) return usage_error(command, rupture_share_usage);
            options.rupture_share = *share;
        } else if (!arg.empty() && arg[0] == '-') {
            return usage_error(command, "option inconnue « " + arg + " »");
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 1) return usage_error(command, "indiquez un seul fichier de cas (CAS.json)");
    request.case_path = positional[0];

    int exit_code = 0;
    const auto loaded = load_case(request, exit_code);
    if (!loaded) return exit_code;

    auto result = simulator::simulate(loaded->program(), loaded->input, options);
    if (auto* error = std::get_if<simulator::SimulationError>(&result)) {
        if (!error->problems.empty()) std::cerr << simulator::describe_problems(loaded->input.name, error->problems);
        if (error->evaluation) print_evaluation_error(*loaded, *error->evaluation, error->in_baseline);
        return 1;
    }
    const simulator::Simulation& simulation = std::get<simulator::Simulation>(result);
    switch (output) {
    case Output::Table: std::cout << simulator::render_table(simulation); break;
    case Output::Json: std::cout << simulator::render_json(simulation, loaded->stamp); break;
    case Output::Csv: std::cout << simulator::render_csv(simulation); break;
    }
    return 0;
}

}  // namespace relais::cli
