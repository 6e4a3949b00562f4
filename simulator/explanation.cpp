// Explanations of one value of a case, from the engine's trace: the engine says what was read
// and which clause applied; this file names everything for people and finds, for a scheme
// that is refused, the condition that blocks it and when it lifts.
#include "simulator/explanation.hpp"

#include <string>
#include <utility>

#include "engine/calendar.hpp"
#include "engine/ir/dependencies.hpp"
#include "simulator/events.hpp"
#include "simulator/render.hpp"

namespace relais::simulator {

namespace {

using json = nlohmann::ordered_json;

// "1er avril 2025".
std::string date_fr(engine::Date d) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    engine::split_date(d, year, month, day);
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " +
           month_in_words(engine::make_month(year, month));
}

std::string position(const engine::SourceSet* sources, engine::SourceSpan span) {
    if (sources == nullptr || span.file >= sources->size()) return {};
    const engine::SourceFile& file = sources->file(span.file);
    const engine::LineColumn at = file.locate(span.begin);
    return file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// The rules text of a span on one line (a condition as written), or empty.
std::string excerpt(const engine::SourceSet* sources, engine::SourceSpan span) {
    if (sources == nullptr || span.file >= sources->size() || span.end <= span.begin) return {};
    std::string text(sources->text_of(span));
    if (text.find('\n') != std::string::npos || text.size() > 120) return {};
    return text;
}

std::string read_kind(engine::TraceRead::Kind kind) {
    switch (kind) {
    case engine::TraceRead::Kind::Input: return "entrée";
    case engine::TraceRead::Kind::Variable: return "variable";
    case engine::TraceRead::Kind::Parameter: return "paramètre";
    }
    return "";
}

std::string read_kind_key(engine::TraceRead::Kind kind) {
    switch (kind) {
    case engine::TraceRead::Kind::Input: return "entree";
    case engine::TraceRead::Kind::Variable: return "variable";
    case engine::TraceRead::Kind::Parameter: return "parametre";
    }
    return "";
}

std::string type_name(const ir::Program& program, ir::Type type) {
    switch (type.kind) {
    case ir::Kind::Montant: return "montant";
    case ir::Kind::Taux: return "taux";
    case ir::Kind::Nombre: return "nombre";
    case ir::Kind::Booleen: return "booleen";
    case ir::Kind::Date: return "date";
    case ir::Kind::Mois: return "mois";
    case ir::Kind::Enumeration:
        return type.enumeration < program.enumerations.size() ? program.enumerations[type.enumeration].name
                                                               : "enumeration";
    }
    return "";
}

struct Named {
    std::string name;
    std::string label;
    ir::Type type;
};

Named named(const ir::Program& program, const engine::TraceRead& read) {
    switch (read.kind) {
    case engine::TraceRead::Kind::Input: {
        const ir::Input& input = program.inputs.at(read.ref);
        return {input.name, input.label, input.type};
    }
    case engine::TraceRead::Kind::Variable: {
        const ir::Variable& variable = program.variables.at(read.ref);
        return {variable.name, variable.label, variable.type};
    }
    case engine::TraceRead::Kind::Parameter: {
        const ir::Parameter& parameter = program.parameters.at(read.ref);
        return {parameter.name, parameter.label, parameter.type};
    }
    }
    return {};
}

std::string instance_of(const Explanation& e, const engine::TraceRead& read) {
    if (read.entity >= e.instance_names.size() || read.instance >= e.instance_names[read.entity].size()) return {};
    return e.instance_names[read.entity][read.instance];
}

std::string clause_text(const Explanation& e, const engine::SourceSet* sources) {
    const ir::Variable& variable = e.program->variables[e.trace.variable];
    std::string out;
    std::string where;
    switch (e.trace.clause) {
    case engine::Trace::Clause::BeforePeriod:
        return "avant le premier mois évalué : valeur nulle par convention";
    case engine::Trace::Clause::Formula: {
        const ir::Formula& formula = variable.formulas.at(e.trace.formula);
        out = formula.from == ir::since_always ? "formule générale"
                                               : "formule générale en vigueur à partir de " +
                                                     month_in_words(formula.from);
        where = position(sources, formula.span);
        break;
    }
    case engine::Trace::Clause::Exception: {
        const ir::Exception& exception = variable.exceptions.at(e.trace.exception);
        out = "exception « " + exception.label + " »";
        if (!exception.source.empty()) out += ", source : " + exception.source;
        where = position(sources, exception.span);
        break;
    }
    }
    return where.empty() ? out : out + " (" + where + ")";
}

// A clause the resolver compiled into a variable that only reads another one (`éligible =
// rsa_eligible` gives `rsa.éligible` = rsa_eligible): that other variable, else `variable`.
std::uint32_t aliased(const ir::Program& program, std::uint32_t variable) {
    if (variable >= program.variables.size()) return variable;
    const ir::Variable& v = program.variables[variable];
    if (v.formulas.size() != 1 || !v.exceptions.empty() || v.formulas[0].expr >= program.nodes.size()) return variable;
    const ir::Node& n = program.nodes[v.formulas[0].expr];
    return n.op == ir::Op::ReadVariable && n.offset == 0 ? n.ref : variable;
}

}  // namespace

std::variant<Explanation, SimulationError> explain(const ir::Program& program, const Case& input,
                                                   std::uint32_t variable, std::uint32_t instance, Month month,
                                                   bool scenario) {
    PreparedCase prepared = prepare_case(program, input);
    if (!prepared.problems.empty()) return SimulationError{std::move(prepared.problems), std::nullopt, false};
    const engine::CaseData& data = scenario ? prepared.scenario : prepared.baseline;

    // A scheme's eligibility, whether asked by its clause's name or by the variable it reads.
    const auto is_eligibility = [&](const ir::Scheme& scheme) {
        return scheme.eligible != ir::none && (scheme.eligible == variable || aliased(program, scheme.eligible) == variable);
    };
    std::vector<std::uint32_t> roots = {variable};
    for (const ir::Scheme& scheme : program.schemes)
        if (is_eligibility(scheme))
            for (const ir::SchemeCondition& condition : scheme.conditions) roots.push_back(condition.variable);
    auto run = engine::Evaluation::run(program, data, ir::needed_variables(program, roots));
    if (auto* error = std::get_if<engine::EvalError>(&run)) return SimulationError{{}, *error, !scenario};
    const engine::Evaluation& evaluation = std::get<engine::Evaluation>(run);

    Explanation out;
    out.program = &program;
    out.trace = evaluation.explain(variable, instance, month);
    out.case_name = input.name;
    out.instance_names = data.instance_names;
    out.instance_name = data.instance_names.at(program.variables[variable].entity).at(instance);
    out.scenario = scenario;
    out.case_last = data.last;

    if (program.variables[variable].type.kind == ir::Kind::Booleen && out.trace.value == 0) {
        for (std::uint32_t s = 0; s < program.schemes.size() && !out.failing; ++s) {
            const ir::Scheme& scheme = program.schemes[s];
            if (!is_eligibility(scheme)) continue;
            for (std::uint32_t c = 0; c < scheme.conditions.size(); ++c) {
                const std::uint32_t condition = scheme.conditions[c].variable;
                if (month < data.first || evaluation.value(condition, instance, month) != 0) continue;
                FailingCondition failing{s, c, std::nullopt};
                for (Month later = month + 1; later <= data.last && !failing.holds_from; ++later)
                    if (evaluation.value(condition, instance, later) != 0) failing.holds_from = later;
                out.failing = failing;
                break;
            }
            if (!out.failing) out.failing = FailingCondition{s, ir::none, std::nullopt};
        }
    }
    return out;
}

std::string render_explanation_text(const Explanation& e, const engine::SourceSet* sources) {
    const ir::Program& program = *e.program;
    const ir::Variable& variable = program.variables[e.trace.variable];
    const std::string month = month_in_words(e.trace.month);
    std::string out = variable.name;
    if (!variable.label.empty()) out += " (" + variable.label + ")";
    out += " pour « " + e.instance_name + " » en " + month + " : " +
           engine::format_value(program, variable.type, e.trace.value) + "\n";
    out += e.scenario ? "Calcul : avec les événements du cas.\n"
                      : "Calcul : sans les événements du cas (situation de référence).\n";
    if (!variable.source.empty()) out += "Source : " + variable.source + "\n";
    for (const std::string& note : variable.notes) out += "Note : " + note + "\n";
    out += "Règle appliquée : " + clause_text(e, sources) + "\n";

    if (!e.trace.conditions.empty()) {
        out += "Conditions examinées :\n";
        for (const engine::TraceCondition& c : e.trace.conditions) {
            std::string what = c.exception_label.empty() ? "condition" : "exception « " + c.exception_label + " »";
            const std::string text = excerpt(sources, c.span);
            if (!text.empty()) what += " « " + text + " »";
            out += "  - " + what + " : " + (c.value ? "remplie" : "non remplie");
            const std::string where = position(sources, c.span);
            if (!where.empty()) out += " (" + where + ")";
            out += "\n";
        }
    }
    if (!e.trace.reads.empty()) {
        out += "Valeurs lues :\n";
        for (const engine::TraceRead& read : e.trace.reads) {
            const Named n = named(program, read);
            out += "  - " + read_kind(read.kind) + " « " + n.name + " »";
            if (!n.label.empty()) out += " (" + n.label + ")";
            const std::string whose = instance_of(e, read);
            if (!whose.empty()) out += " de « " + whose + " »";
            out += " en " + month_in_words(read.month) + " : " +
                   engine::format_value(program, n.type, read.value);
            if (read.defaulted) out += " (valeur par défaut)";
            if (read.kind == engine::TraceRead::Kind::Parameter) {
                out += ", en vigueur depuis le " + date_fr(read.effective);
                if (!read.source.empty()) out += ", source : " + read.source;
            }
            out += "\n";
        }
    }
    if (e.failing) {
        const ir::Scheme& scheme = program.schemes[e.failing->scheme];
        if (e.failing->condition == ir::none) {
            out += "Toutes les conditions déclarées " + scheme_with_article(scheme) + " sont remplies en " + month +
                   " : c'est la règle d'éligibilité elle-même qui n'est pas satisfaite (voir la règle appliquée).\n";
        } else {
            const ir::SchemeCondition& condition = scheme.conditions[e.failing->condition];
            out += "La condition « " + condition.label + " » n'est pas remplie en " + month;
            if (e.failing->holds_from) {
                out += " ; elle l'est à partir de " + month_in_words(*e.failing->holds_from) + ".\n";
            } else {
                out += " ; elle ne l'est toujours pas en " + month_in_words(e.case_last) +
                       ", dernier mois du cas.\n";
            }
            if (condition.variable < program.variables.size())
                out += "Pour le détail de cette condition : relais explain " + e.case_name + " " +
                       program.variables[aliased(program, condition.variable)].name + " " +
                       engine::format_month(e.trace.month) + "\n";
        }
    }
    return out;
}

nlohmann::ordered_json explanation_json(const Explanation& e, const engine::SourceSet* sources) {
    const ir::Program& program = *e.program;
    const ir::Variable& variable = program.variables[e.trace.variable];
    const auto maybe = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };

    json clause;
    switch (e.trace.clause) {
    case engine::Trace::Clause::BeforePeriod: clause = {{"nature", "avant_periode"}}; break;
    case engine::Trace::Clause::Formula: {
        const ir::Formula& formula = variable.formulas.at(e.trace.formula);
        clause = {{"nature", "formule"},
                  {"depuis", formula.from == ir::since_always ? json(nullptr) : json(engine::format_month(formula.from))},
                  {"position", maybe(position(sources, formula.span))}};
        break;
    }
    case engine::Trace::Clause::Exception: {
        const ir::Exception& exception = variable.exceptions.at(e.trace.exception);
        clause = {{"nature", "exception"},
                  {"exception", exception.label},
                  {"source", maybe(exception.source)},
                  {"position", maybe(position(sources, exception.span))}};
        break;
    }
    }

    json conditions = json::array();
    for (const engine::TraceCondition& c : e.trace.conditions)
        conditions.push_back({{"exception", maybe(c.exception_label)},
                              {"texte", maybe(excerpt(sources, c.span))},
                              {"remplie", c.value},
                              {"position", maybe(position(sources, c.span))}});

    json reads = json::array();
    for (const engine::TraceRead& read : e.trace.reads) {
        const Named n = named(program, read);
        json entry = {{"nature", read_kind_key(read.kind)},
                      {"nom", n.name},
                      {"libelle", maybe(n.label)},
                      {"instance", maybe(instance_of(e, read))},
                      {"mois", engine::format_month(read.month)},
                      {"valeur", value_json(program, n.type, read.value)},
                      {"valeur_texte", engine::format_value(program, n.type, read.value)}};
        if (read.kind == engine::TraceRead::Kind::Input) entry["valeur_par_defaut"] = read.defaulted;
        if (read.kind == engine::TraceRead::Kind::Parameter) {
            entry["en_vigueur_depuis"] = engine::format_date(read.effective);
            entry["source"] = read.source;
        }
        entry["position"] = maybe(position(sources, read.span));
        reads.push_back(std::move(entry));
    }

    json failing = nullptr;
    if (e.failing) {
        const ir::Scheme& scheme = program.schemes[e.failing->scheme];
        failing = {{"dispositif", scheme.name}};
        if (e.failing->condition == ir::none) {
            failing["indice"] = nullptr;
            failing["libelle"] = nullptr;
            failing["variable"] = nullptr;
        } else {
            const ir::SchemeCondition& condition = scheme.conditions[e.failing->condition];
            failing["indice"] = e.failing->condition;
            failing["libelle"] = condition.label;
            failing["variable"] = condition.variable < program.variables.size()
                                      ? json(program.variables[aliased(program, condition.variable)].name)
                                      : json(nullptr);
        }
        failing["remplie_a_partir_de"] =
            e.failing->holds_from ? json(engine::format_month(*e.failing->holds_from)) : json(nullptr);
    }

    return {{"version", "relais.explication/1"},
            {"variable", variable.name},
            {"libelle", maybe(variable.label)},
            {"source", maybe(variable.source)},
            {"notes", variable.notes},
            {"entite", program.entities[variable.entity].name},
            {"instance", e.instance_name},
            {"mois", engine::format_month(e.trace.month)},
            {"calcul", e.scenario ? "scenario" : "reference"},
            {"type", type_name(program, variable.type)},
            {"valeur", value_json(program, variable.type, e.trace.value)},
            {"valeur_texte", engine::format_value(program, variable.type, e.trace.value)},
            {"regle", std::move(clause)},
            {"conditions", std::move(conditions)},
            {"lectures", std::move(reads)},
            {"condition_non_remplie", std::move(failing)}};
}

}  // namespace relais::simulator
