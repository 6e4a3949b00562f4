// `relais explain`: why one variable of a case has its value in one month, in plain French or
// as JSON: the rule applied, every value read with its source, and for a refused scheme the
// condition that fails and when it would hold.
#include <algorithm>
#include <iostream>

#include "cli/case_loading.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "engine/calendar.hpp"
#include "engine/diagnostic.hpp"
#include "simulator/explanation.hpp"

namespace relais::cli {

namespace {

constexpr const char* explain_help = R"(Usage : relais explain CAS.json VARIABLE MOIS [OPTIONS]

Explique la valeur d'une variable des règles pour un cas, un mois donné (AAAA-MM) : la règle
appliquée (formule générale et sa date, ou exception avec sa source), le libellé, la source et
les notes de la variable, et chaque valeur lue : entrées du cas, autres variables, paramètres
avec leur valeur, leur date d'effet et leur source juridique. Pour l'éligibilité d'un
dispositif qui est refusée, la première condition non remplie et le premier mois suivant où
elle l'est.

Exemples :
  relais explain cas/alice.json rsa_du 2025-09
  relais explain cas/alice.json rsj_eligible 2026-05 --instance alice --reference

Options :
  --instance NOM          le foyer ou la personne concerné (obligatoire quand le cas en a
                          plusieurs pour l'entité de la variable)
  --scenario              avec les événements du cas (défaut)
  --reference             sans les événements du cas (situation de référence)
  --rules DOSSIER         les règles (défaut : le dossier « rules » du dossier courant)
  --overlay FICHIER       une surcouche chargée par-dessus les règles (répétable)
  --format text|json      text (défaut) pour les personnes, json pour les programmes
  -h, --help              cette aide

Codes de sortie : 0 explication donnée, 1 erreur dans les règles ou dans le cas,
2 mauvaise utilisation (variable, mois ou instance inconnus).
)";

}  // namespace

int explain_command(const Arguments& args) {
    const std::string command = "relais explain";
    CaseRequest request;
    request.command = command;
    bool json_output = false;
    bool scenario = true;
    std::optional<std::string> instance_name;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool missing = false;
        if (arg == "-h" || arg == "--help") {
            std::cout << explain_help;
            return 0;
        }
        if (arg == "--scenario") {
            scenario = true;
        } else if (arg == "--reference") {
            scenario = false;
        } else if (auto v = option_value(args, i, "--instance", missing)) {
            if (missing) return usage_error(command, "l'option --instance attend un nom du cas");
            instance_name = *v;
        } else if (auto v = option_value(args, i, "--rules", missing)) {
            if (missing) return usage_error(command, "l'option --rules attend un dossier");
            request.rules = *v;
        } else if (auto v = option_value(args, i, "--overlay", missing)) {
            if (missing) return usage_error(command, "l'option --overlay attend un fichier .rules");
            request.overlays.push_back(*v);
        } else if (auto v = option_value(args, i, "--format", missing)) {
            if (missing) return usage_error(command, "l'option --format attend text ou json");
            if (*v == "text") json_output = false;
            else if (*v == "json") json_output = true;
            else return usage_error(command, "format inconnu « " + *v + " » (attendu : text ou json)");
        } else if (!arg.empty() && arg[0] == '-') {
            return usage_error(command, "option inconnue « " + arg + " »");
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 3) return usage_error(command, "indiquez CAS.json VARIABLE MOIS");
    request.case_path = positional[0];
    const std::string& variable_name = positional[1];
    const auto month = engine::parse_month(positional[2]);
    if (!month) return usage_error(command, "mois « " + positional[2] + " » invalide (attendu : AAAA-MM)");

    int exit_code = 0;
    const auto loaded = load_case(request, exit_code);
    if (!loaded) return exit_code;
    const ir::Program& program = loaded->program();
    const engine::CaseData& data = loaded->input.data;

    std::vector<std::string> names;
    for (const ir::Variable& v : program.variables) names.push_back(v.name);
    const auto found = std::find(names.begin(), names.end(), variable_name);
    if (found == names.end()) {
        const std::string close = engine::closest_name(variable_name, names);
        return usage_error(command, "variable inconnue « " + variable_name + " »" +
                                        (close.empty() ? "" : " (vouliez-vous dire « " + close + " » ?)"));
    }
    const auto variable = static_cast<std::uint32_t>(found - names.begin());
    if (*month < data.first || *month > data.last)
        return usage_error(command, "le mois " + positional[2] + " est hors du cas (de " +
                                        engine::format_month(data.first) + " à " + engine::format_month(data.last) +
                                        ", historique compris)");

    const std::uint32_t entity = program.variables[variable].entity;
    const auto& instances = data.instance_names[entity];
    std::uint32_t instance = 0;
    std::string listed;
    for (const std::string& name : instances) listed += (listed.empty() ? "" : ", ") + name;
    if (instance_name) {
        const auto it = std::find(instances.begin(), instances.end(), *instance_name);
        if (it == instances.end())
            return usage_error(command, "« " + *instance_name + " » n'est pas une instance de « " +
                                            program.entities[entity].name + " » dans le cas (" + listed + ")");
        instance = static_cast<std::uint32_t>(it - instances.begin());
    } else if (instances.size() != 1) {
        return usage_error(command, "le cas a plusieurs instances de « " + program.entities[entity].name + " » (" +
                                        listed + ") : précisez --instance NOM");
    }

    auto result = simulator::explain(program, loaded->input, variable, instance, *month, scenario);
    if (auto* error = std::get_if<simulator::SimulationError>(&result)) {
        if (!error->problems.empty()) std::cerr << simulator::describe_problems(loaded->input.name, error->problems);
        if (error->evaluation) print_evaluation_error(*loaded, *error->evaluation, error->in_baseline);
        return 1;
    }
    const auto& explanation = std::get<simulator::Explanation>(result);
    const engine::SourceSet* sources = &loaded->compilation.sources;
    if (json_output) {
        std::cout << simulator::explanation_json(explanation, sources).dump(2) << "\n";
    } else {
        std::cout << simulator::render_explanation_text(explanation, sources);
    }
    return 0;
}

}  // namespace relais::cli
