// The simulation for people, in plain French: a table of months ("sept. 2025"), euros with a
// comma ("1 234,56 €"), then sentences for what changes. Written for a référent and the
// person in front of them, so it says "vos ressources", not variable names.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/source.hpp"
#include "simulator/render.hpp"

namespace relais::simulator {

namespace {

std::string euros(Value v) { return engine::format_euros_fr(v); }
std::string month_fr(Month m) { return month_in_words(m); }
std::string month_short(Month m) { return engine::format_month_fr(m); }

std::size_t width(const std::string& s) { return engine::count_code_points(s); }

std::string pad(const std::string& s, std::size_t w, bool right) {
    const std::size_t n = width(s);
    if (n >= w) return s;
    const std::string fill(w - n, ' ');
    return right ? fill + s : s + fill;
}

// Columns aligned on their widest cell: the first and last (words) to the left, the amounts
// between them to the right.
std::string aligned(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c > 0) line += "  ";
            line += pad(row[c], widths[c], c > 0 && c + 1 < row.size());
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    }
    return out;
}

class TableWriter {
public:
    explicit TableWriter(const Simulation& simulation) : s_(simulation), p_(*simulation.program) {}

    std::string run() const {
        const std::string first = month_fr(s_.input.report_first);
        const bool elided = first.rfind("a", 0) == 0 || first.rfind("o", 0) == 0;  // août, avril, octobre
        std::string out = "Simulation du cas « " + s_.input.name + " », " + (elided ? "d'" : "de ") + first + " à " +
                          month_fr(s_.input.data.last) + " (" + std::to_string(s_.input.report_months) + " mois)\n";
        out += events();
        out += "\n" + table();
        out += transitions();
        out += ruptures();
        out += connexes_lost();
        out += orientations();
        out += summary();
        if (!s_.notes.empty()) {
            out += "\nRemarques :\n";
            for (const std::string& note : s_.notes) out += "- " + note + ".\n";
        }
        return out;
    }

private:
    const std::string& name(std::uint32_t entity, std::uint32_t instance) const {
        return s_.input.data.instance_names.at(entity).at(instance);
    }

    std::string events() const {
        if (s_.events.empty()) return "Aucun événement : la simulation et la situation sans changement sont identiques.\n";
        std::string out = "\nÉvénements :\n";
        for (const Event& event : s_.events) {
            const ir::EventType& type = p_.events[event.type];
            std::string fields;
            for (std::size_t f = 0; f < type.fields.size(); ++f) {
                if (!event.fields[f] || f == type.until_field) continue;
                const ir::EventField& field = type.fields[f];
                const std::string value = field.is_person
                                              ? name(p_.person_entity, static_cast<std::uint32_t>(*event.fields[f]))
                                              : engine::format_value(p_, field.type, *event.fields[f]);
                fields += (fields.empty() ? "" : ", ") + field.name + " " + value;
            }
            out += "- " + month_fr(event.month) + " : " + (type.label.empty() ? type.name : type.label) + " (" +
                   name(type.entity, event.instance) + ")";
            if (!fields.empty()) out += " — " + fields;
            if (event.last != ir::until_forever && event.last != event.month) out += ", jusqu'en " + month_fr(event.last);
            if (type.one_off) out += ", ce mois seulement";
            out += "\n";
        }
        return out;
    }

    // Prestations paid in some month of either timeline.
    std::vector<std::uint32_t> paid_schemes() const {
        std::vector<std::uint32_t> out;
        for (std::uint32_t s = 0; s < p_.schemes.size(); ++s) {
            if (p_.schemes[s].nature == ir::SchemeNature::DroitConnexe) continue;
            const auto paid = [s](const MonthResult& m) { return m.totals[s].paid != 0; };
            if (std::any_of(s_.scenario.months.begin(), s_.scenario.months.end(), paid) ||
                std::any_of(s_.baseline.months.begin(), s_.baseline.months.end(), paid))
                out.push_back(s);
        }
        return out;
    }

    std::string table() const {
        const std::vector<std::uint32_t> columns = paid_schemes();
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> header = {"Mois"};
        const bool with_earnings = std::any_of(s_.scenario.months.begin(), s_.scenario.months.end(),
                                               [](const MonthResult& m) { return m.resources.earnings != 0; });
        if (with_earnings) header.push_back("Revenus");
        for (const std::uint32_t s : columns) header.push_back(scheme_display_name(p_.schemes[s]));
        header.insert(header.end(), {"Total", "Sans les événements", "Écart", "Droits connexes"});
        rows.push_back(header);
        for (std::size_t i = 0; i < s_.scenario.months.size(); ++i) {
            const MonthResult& m = s_.scenario.months[i];
            const MonthResult& b = s_.baseline.months[i];
            std::vector<std::string> row = {month_short(m.month)};
            if (with_earnings) row.push_back(euros(m.resources.earnings));
            for (const std::uint32_t s : columns) row.push_back(euros(m.totals[s].paid));
            row.push_back(euros(m.resources.total));
            row.push_back(euros(b.resources.total));
            const Value gap = engine::checked_sub(m.resources.total, b.resources.total);
            row.push_back((gap > 0 ? "+" : "") + euros(gap));
            std::string connexes;
            for (std::uint32_t s = 0; s < p_.schemes.size(); ++s)
                if (p_.schemes[s].nature == ir::SchemeNature::DroitConnexe && m.totals[s].held)
                    connexes += (connexes.empty() ? "" : ", ") + scheme_display_name(p_.schemes[s]);
            row.push_back(connexes.empty() ? "aucun" : connexes);
            rows.push_back(std::move(row));
        }
        return aligned(rows);
    }

    std::string transitions() const {
        if (s_.transitions.empty()) return "";
        std::string out = "\nTransitions :\n";
        for (const TransitionReport& t : s_.transitions) {
            const ir::Transition& declared = p_.transitions[t.transition];
            const ir::Scheme& from = p_.schemes[declared.from];
            const ir::Scheme& to = p_.schemes[declared.to];
            const std::string label = declared.label.empty()
                                          ? scheme_display_name(from) + " → " + scheme_display_name(to)
                                          : declared.label;
            out += "- " + label + " : dernier versement " + scheme_with_article(from) + " en " +
                   month_fr(t.from_last_paid) + ", premier versement " + scheme_with_article(to) + " en " +
                   month_fr(t.to_first_paid);
            if (t.gap_months > 0) {
                out += " ; " + std::to_string(t.gap_months) + " mois sans l'un ni l'autre.\n";
            } else if (t.gap_months < 0) {
                out += " ; les deux sont versés pendant " + std::to_string(-t.gap_months) + " mois.\n";
            } else {
                out += " ; le relais se fait sans interruption.\n";
            }
        }
        return out;
    }

    std::string short_cause(const Rupture& r) const {
        std::string out;
        for (const Fall& f : r.falls) {
            std::string what;
            if (f.scheme == ir::none) {
                what = f.after == 0 ? "fin des revenus" : "baisse des revenus";
            } else {
                what = (f.after == 0 ? "fin " : "baisse ") + scheme_with_article(p_.schemes[f.scheme]);
            }
            out += (out.empty() ? "" : ", ") + what;
        }
        return out;
    }

    std::string ruptures() const {
        if (s_.ruptures.empty()) return "";
        std::string out = "\nRuptures :\n";
        for (const Rupture& r : s_.ruptures) {
            if (r.kind == Rupture::Kind::ResourceDrop) {
                out += "- En " + month_fr(r.month) + ", vos ressources baissent de " +
                       euros(engine::checked_sub(r.before, r.after)) + " (de " + euros(r.before) + " à " +
                       euros(r.after) + ") : " + short_cause(r) + ".\n";
            } else {
                out += "- En " + month_fr(r.month) + ", vos droits s'interrompent : " + r.cause + ".\n";
            }
        }
        return out;
    }

    std::string connexes_lost() const {
        if (s_.connexes_lost.empty()) return "";
        std::string out = "\nDroits connexes perdus :\n";
        for (const ConnexeLoss& loss : s_.connexes_lost) {
            const ir::Scheme& scheme = p_.schemes[loss.scheme];
            out += "- En " + month_fr(loss.month) + ", « " + name(scheme.entity, loss.instance) + " » perd " +
                   scheme_display_name(scheme);
            if (!scheme.label.empty() && scheme_display_name(scheme).find(scheme.label) == std::string::npos)
                out += " (" + scheme.label + ")";
            if (loss.monthly_value != 0) out += ", d'une valeur de " + euros(loss.monthly_value) + " par mois";
            out += loss.kept_in_baseline ? " ; sans les événements, ce droit serait conservé.\n"
                                         : " ; sans les événements, ce droit serait perdu aussi.\n";
        }
        return out;
    }

    std::string orientations() const {
        if (s_.orientations.empty()) return "";
        std::string out = "\nOrientation en " + month_fr(s_.input.report_first) + " :\n";
        for (const OrientationResult& o : s_.orientations) {
            const ir::Orientation& declared = p_.orientations[o.orientation];
            std::string outputs;
            for (std::size_t k = 0; k < declared.outputs.size() && k < o.outputs.size(); ++k) {
                const std::uint32_t variable = declared.outputs[k].variable;
                if (variable == ir::none) continue;
                outputs += (outputs.empty() ? "" : ", ") + declared.outputs[k].name + " " +
                           engine::format_value(p_, p_.variables[variable].type, o.outputs[k]);
            }
            out += "- " + name(declared.entity, o.instance) + " : " + outputs;
            if (o.rule < declared.rules.size()) {
                const ir::OrientationRule& rule = declared.rules[o.rule];
                out += " — motif : " + rule.label;
                if (!rule.source.empty()) out += " (source : " + rule.source + ")";
            }
            out += ".\n";
        }
        return out;
    }

    std::string summary() const {
        Value scenario = 0;
        Value baseline = 0;
        for (const MonthResult& m : s_.scenario.months) scenario = engine::checked_add(scenario, m.resources.total);
        for (const MonthResult& m : s_.baseline.months) baseline = engine::checked_add(baseline, m.resources.total);
        std::string out = "\nBilan : sur " + std::to_string(s_.input.report_months) + " mois, vos ressources sont de " +
                          euros(scenario) + " avec ces changements, contre " + euros(baseline) + " sans";
        const Value gain = s_.cumulative_gain;
        if (gain > 0) out += " : vous y gagnez " + euros(gain) + ".\n";
        else if (gain < 0) out += " : vous y perdez " + euros(engine::checked_neg(gain)) + ".\n";
        else out += " : ni gain ni perte.\n";
        return out;
    }

    const Simulation& s_;
    const ir::Program& p_;
};

}  // namespace

std::string render_table(const Simulation& simulation) { return TableWriter(simulation).run(); }

}  // namespace relais::simulator
