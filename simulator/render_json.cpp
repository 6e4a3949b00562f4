// The JSON contract of a simulation (docs/simulation-output.md): French keys, months
// "AAAA-MM", amounts as exact decimal strings, keys in a fixed order so that the same
// simulation always gives the same bytes.
#include <string>

#include "engine/calendar.hpp"
#include "simulator/render.hpp"

namespace relais::simulator {

namespace {

using json = nlohmann::ordered_json;

std::string nature_name(ir::SchemeNature nature) {
    switch (nature) {
    case ir::SchemeNature::Prestation: return "prestation";
    case ir::SchemeNature::PrestationPonctuelle: return "prestation_ponctuelle";
    case ir::SchemeNature::DroitConnexe: break;
    }
    return "droit_connexe";
}

class JsonWriter {
public:
    JsonWriter(const Simulation& simulation, const Stamp& stamp)
        : s_(simulation), p_(*simulation.program), stamp_(stamp) {}

    json run() const {
        json out;
        out["version"] = json_contract_version;
        out["tampon"] = {{"moteur", stamp_.engine_version},
                         {"regles", stamp_.rules_hash},
                         {"surcouche", stamp_.overlay_hash ? json(*stamp_.overlay_hash) : json(nullptr)}};
        out["cas"] = s_.input.name;
        out["periode"] = {{"debut", engine::format_month(s_.input.report_first)},
                          {"fin", engine::format_month(s_.input.data.last)},
                          {"mois", s_.input.report_months}};
        out["seuil_rupture"] = engine::format_decimal(s_.options.rupture_share);
        out["dispositifs"] = schemes();
        out["evenements"] = events();
        json months = json::array();
        for (std::size_t i = 0; i < s_.scenario.months.size(); ++i)
            months.push_back(month(s_.scenario.months[i], s_.baseline.months[i]));
        out["mois"] = std::move(months);
        out["transitions"] = transitions();
        out["ruptures"] = ruptures();
        out["droits_connexes_perdus"] = connexes_lost();
        out["orientation"] = orientations();
        out["bilan"] = summary();
        out["remarques"] = s_.notes;
        return out;
    }

private:
    const std::string& name(std::uint32_t entity, std::uint32_t instance) const {
        return s_.input.data.instance_names.at(entity).at(instance);
    }

    json schemes() const {
        json out = json::array();
        for (const ir::Scheme& scheme : p_.schemes) {
            json conditions = json::array();
            for (const ir::SchemeCondition& c : scheme.conditions) conditions.push_back(c.label);
            json opens = json::array();
            for (const std::uint32_t o : scheme.opens)
                if (o < p_.schemes.size()) opens.push_back(p_.schemes[o].name);
            out.push_back({{"nom", scheme.name},
                           {"libelle", scheme.label},
                           {"nature", nature_name(scheme.nature)},
                           {"entite", p_.entities[scheme.entity].name},
                           {"conditions", std::move(conditions)},
                           {"ouvre", std::move(opens)},
                           {"source", scheme.source}});
        }
        return out;
    }

    json events() const {
        json out = json::array();
        for (const Event& event : s_.events) {
            const ir::EventType& type = p_.events[event.type];
            json fields = json::object();
            for (std::size_t f = 0; f < type.fields.size(); ++f) {
                if (!event.fields[f]) continue;
                const ir::EventField& field = type.fields[f];
                fields[field.name] =
                    field.is_person
                        ? json(name(p_.person_entity, static_cast<std::uint32_t>(*event.fields[f])))
                        : value_json(p_, field.type, *event.fields[f]);
            }
            out.push_back({{"indice", event.index},
                           {"mois", engine::format_month(event.month)},
                           {"type", type.name},
                           {"libelle", type.label},
                           {"entite", p_.entities[type.entity].name},
                           {"concerne", name(type.entity, event.instance)},
                           {"champs", std::move(fields)},
                           {"jusqu_a", event.last == ir::until_forever ? json(nullptr) : json(engine::format_month(event.last))}});
        }
        return out;
    }

    static json resources(const Resources& r) {
        return {{"activite", amount_text(r.earnings)},
                {"prestations", amount_text(r.benefits)},
                {"total", amount_text(r.total)}};
    }

    json paid_by_scheme(const MonthResult& m) const {
        json out = json::object();
        for (std::size_t s = 0; s < p_.schemes.size(); ++s)
            if (p_.schemes[s].nature != ir::SchemeNature::DroitConnexe) out[p_.schemes[s].name] = amount_text(m.totals[s].paid);
        return out;
    }

    json month(const MonthResult& scenario, const MonthResult& baseline) const {
        json schemes = json::object();
        json connexes = json::array();
        for (const ir::Scheme& scheme : p_.schemes) schemes[scheme.name] = json::array();
        for (const SchemeMonth& sm : scenario.schemes) {
            const ir::Scheme& scheme = p_.schemes[sm.scheme];
            const bool connexe = scheme.nature == ir::SchemeNature::DroitConnexe;
            json failed = nullptr;
            if (sm.failed_condition)
                failed = {{"indice", *sm.failed_condition}, {"libelle", scheme.conditions[*sm.failed_condition].label}};
            json entry = {{"beneficiaire", name(scheme.entity, sm.instance)},
                          {"eligible", sm.eligible},
                          {"condition_non_remplie", std::move(failed)},
                          {"du", amount_text(sm.due)},
                          {"verse", amount_text(sm.paid)},
                          {"detenu", sm.held},
                          {"valeur", amount_text(sm.value)},
                          {"dans_le_foyer", sm.in_household}};
            schemes[scheme.name].push_back(std::move(entry));
            if (connexe && sm.held && sm.in_household)
                connexes.push_back({{"dispositif", scheme.name},
                                    {"beneficiaire", name(scheme.entity, sm.instance)},
                                    {"valeur", amount_text(sm.value)}});
        }
        json ressources = resources(scenario.resources);
        ressources["par_dispositif"] = paid_by_scheme(scenario);
        json reference = resources(baseline.resources);
        reference["par_dispositif"] = paid_by_scheme(baseline);
        return {{"mois", engine::format_month(scenario.month)},
                {"dispositifs", std::move(schemes)},
                {"droits_connexes", std::move(connexes)},
                {"ressources", std::move(ressources)},
                {"reference", std::move(reference)},
                {"ecart", amount_text(engine::checked_sub(scenario.resources.total, baseline.resources.total))}};
    }

    json transitions() const {
        json out = json::array();
        for (const TransitionReport& t : s_.transitions) {
            const ir::Transition& declared = p_.transitions[t.transition];
            const ir::Scheme& from = p_.schemes[declared.from];
            const ir::Scheme& to = p_.schemes[declared.to];
            out.push_back({{"nom", declared.name},
                           {"libelle", declared.label},
                           {"source", declared.source},
                           {"de", from.name},
                           {"vers", to.name},
                           {"beneficiaire_de", name(from.entity, t.from_instance)},
                           {"beneficiaire_vers", name(to.entity, t.to_instance)},
                           {"dernier_mois_de", engine::format_month(t.from_last_paid)},
                           {"premier_mois_vers", engine::format_month(t.to_first_paid)},
                           {"mois_sans_droit", t.gap_months > 0 ? t.gap_months : 0},
                           {"mois_de_cumul", t.gap_months < 0 ? -t.gap_months : 0}});
        }
        return out;
    }

    json ruptures() const {
        json out = json::array();
        for (const Rupture& r : s_.ruptures) {
            json falls = json::array();
            for (const Fall& f : r.falls)
                falls.push_back({{"dispositif", f.scheme == ir::none ? json(nullptr) : json(p_.schemes[f.scheme].name)},
                                 {"avant", amount_text(f.before)},
                                 {"apres", amount_text(f.after)}});
            const bool drop = r.kind == Rupture::Kind::ResourceDrop;
            out.push_back({{"mois", engine::format_month(r.month)},
                           {"nature", drop ? "baisse_des_ressources" : "droits_interrompus"},
                           {"avant", amount_text(r.before)},
                           {"apres", amount_text(r.after)},
                           {"baisse", amount_text(engine::checked_sub(r.before, r.after))},
                           {"baisses", std::move(falls)},
                           {"transition", drop ? json(nullptr) : json(p_.transitions[s_.transitions[r.transition].transition].name)},
                           {"cause", r.cause}});
        }
        return out;
    }

    json connexes_lost() const {
        json out = json::array();
        for (const ConnexeLoss& loss : s_.connexes_lost) {
            const ir::Scheme& scheme = p_.schemes[loss.scheme];
            out.push_back({{"mois", engine::format_month(loss.month)},
                           {"dispositif", scheme.name},
                           {"beneficiaire", name(scheme.entity, loss.instance)},
                           {"valeur_mensuelle", amount_text(loss.monthly_value)},
                           {"conserve_sans_evenement", loss.kept_in_baseline}});
        }
        return out;
    }

    json orientations() const {
        json out = json::array();
        for (const OrientationResult& o : s_.orientations) {
            const ir::Orientation& declared = p_.orientations[o.orientation];
            json outputs = json::object();
            for (std::size_t k = 0; k < declared.outputs.size() && k < o.outputs.size(); ++k) {
                const std::uint32_t variable = declared.outputs[k].variable;
                outputs[declared.outputs[k].name] =
                    variable == ir::none ? json(nullptr) : value_json(p_, p_.variables[variable].type, o.outputs[k]);
            }
            const bool known = o.rule < declared.rules.size();
            out.push_back({{"nom", declared.name},
                           {"libelle", declared.label},
                           {"beneficiaire", name(declared.entity, o.instance)},
                           {"mois", engine::format_month(o.month)},
                           {"regle", o.rule},
                           {"motif", known ? json(declared.rules[o.rule].label) : json(nullptr)},
                           {"source", known ? json(declared.rules[o.rule].source) : json(nullptr)},
                           {"sorties", std::move(outputs)}});
        }
        return out;
    }

    json summary() const {
        Value scenario = 0;
        Value baseline = 0;
        for (const MonthResult& m : s_.scenario.months) scenario = engine::checked_add(scenario, m.resources.total);
        for (const MonthResult& m : s_.baseline.months) baseline = engine::checked_add(baseline, m.resources.total);
        std::size_t drops = 0;
        for (const Rupture& r : s_.ruptures) drops += r.kind == Rupture::Kind::ResourceDrop;
        return {{"ressources_totales", amount_text(scenario)},
                {"ressources_totales_reference", amount_text(baseline)},
                {"gain_cumule", amount_text(s_.cumulative_gain)},
                {"ruptures", s_.ruptures.size()},
                {"baisses_de_ressources", drops},
                {"droits_connexes_perdus", s_.connexes_lost.size()},
                {"transitions", s_.transitions.size()}};
    }

    const Simulation& s_;
    const ir::Program& p_;
    const Stamp& stamp_;
};

}  // namespace

std::string amount_text(engine::Value v) { return engine::format_fixed(v, 2); }

nlohmann::ordered_json value_json(const ir::Program& program, ir::Type type, engine::Value v) {
    switch (type.kind) {
    case ir::Kind::Montant: return amount_text(v);
    case ir::Kind::Taux:
    case ir::Kind::Nombre: return engine::format_decimal(v);
    case ir::Kind::Booleen: return v != 0;
    case ir::Kind::Date: return engine::format_date(static_cast<engine::Date>(v));
    case ir::Kind::Mois: return engine::format_month(static_cast<engine::Month>(v));
    case ir::Kind::Enumeration:
        if (type.enumeration < program.enumerations.size()) {
            const auto& values = program.enumerations[type.enumeration].values;
            if (v >= 0 && static_cast<std::size_t>(v) < values.size()) return values[static_cast<std::size_t>(v)];
        }
        return nullptr;
    }
    return nullptr;
}

nlohmann::ordered_json simulation_json(const Simulation& simulation, const Stamp& stamp) {
    return JsonWriter(simulation, stamp).run();
}

std::string render_json(const Simulation& simulation, const Stamp& stamp, int indent) {
    return simulation_json(simulation, stamp).dump(indent) + "\n";
}

}  // namespace relais::simulator
