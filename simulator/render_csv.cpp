// The simulation as CSV for spreadsheets and scripts: one row per month, '.' as the decimal
// separator whatever the locale, amounts with two decimals. The header is documented in
// docs/simulation-output.md.
#include <string>
#include <vector>

#include "engine/calendar.hpp"
#include "simulator/render.hpp"

namespace relais::simulator {

std::string render_csv(const Simulation& simulation) {
    const ir::Program& program = *simulation.program;
    std::vector<std::string> header = {"mois"};
    for (const ir::Scheme& scheme : program.schemes) {
        if (scheme.nature != ir::SchemeNature::DroitConnexe) {
            header.push_back(scheme.name + "_du");
            header.push_back(scheme.name + "_verse");
        } else {
            header.push_back(scheme.name + "_detenu");
            header.push_back(scheme.name + "_valeur");
        }
    }
    for (const char* column : {"ressources_activite", "ressources_prestations", "ressources_total",
                               "reference_activite", "reference_prestations", "reference_total", "ecart"})
        header.push_back(column);

    std::string out;
    for (std::size_t c = 0; c < header.size(); ++c) out += (c ? "," : "") + header[c];
    out += "\n";
    for (std::size_t i = 0; i < simulation.scenario.months.size(); ++i) {
        const MonthResult& m = simulation.scenario.months[i];
        const MonthResult& b = simulation.baseline.months[i];
        std::string row = engine::format_month(m.month);
        for (std::size_t s = 0; s < program.schemes.size(); ++s) {
            const SchemeTotal& total = m.totals[s];
            if (program.schemes[s].nature != ir::SchemeNature::DroitConnexe) {
                row += "," + amount_text(total.due) + "," + amount_text(total.paid);
            } else {
                row += std::string(",") + (total.held ? "1" : "0") + "," + amount_text(total.value);
            }
        }
        for (const Resources* r : {&m.resources, &b.resources})
            row += "," + amount_text(r->earnings) + "," + amount_text(r->benefits) + "," + amount_text(r->total);
        row += "," + amount_text(engine::checked_sub(m.resources.total, b.resources.total));
        out += row + "\n";
    }
    return out;
}

}  // namespace relais::simulator
