// Overlays: `modifier paramètre` and `modifier variable` declarations, usually in a policy
// scenario file loaded over the base rules. Each is resolved like the declaration it changes
// (same type and entity), into a scratch slot, then merged: dated values and general formulas
// replace the base's from the overlay's first date on; exceptions and notes are added.
#include <algorithm>

#include "dsl/resolve/resolver.hpp"

namespace relais::dsl::resolver {

namespace {

std::vector<std::string> names_of(const std::unordered_map<std::string, Symbol>& globals, SymbolKind kind) {
    std::vector<std::string> names;
    for (const auto& [name, symbol] : globals) {
        if (symbol.kind == kind) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

void Resolver::resolve_overlays() {
    for (const auto& m : modify_param_decls_) {
        file_ = m.file;
        const Symbol* target = find(m.decl->name.name);
        if (!target || target->kind != SymbolKind::Parameter) {
            error(Code::OverlayTarget, at(m.decl->name), "`modifier paramètre` : paramètre inconnu `" + m.decl->name.name + "`",
                  did_you_mean(m.decl->name.name, names_of(globals_, SymbolKind::Parameter)));
            continue;
        }
        // Resolve the overlay's values as a copy of the base parameter, in a scratch slot.
        const std::uint32_t base = target->id;
        const auto scratch = static_cast<std::uint32_t>(program_.parameters.size());
        ir::Parameter copy = program_.parameters[base];
        copy.values.clear();
        program_.parameters.push_back(std::move(copy));
        parameter_ok_.push_back(parameter_ok_[base]);
        syntax::ParamDecl synthetic;
        synthetic.name = m.decl->name;
        synthetic.items = m.decl->items;
        resolve_parameter(Located<syntax::ParamDecl>{&synthetic, m.file, scratch});
        std::vector<ir::ParameterValue> added = std::move(program_.parameters[scratch].values);
        program_.parameters.pop_back();
        parameter_ok_.pop_back();
        if (added.empty()) continue;

        auto& values = program_.parameters[base].values;
        const engine::Date from = added.front().effective;
        values.erase(std::remove_if(values.begin(), values.end(),
                                    [&](const ir::ParameterValue& v) { return v.effective >= from; }),
                     values.end());
        values.insert(values.end(), added.begin(), added.end());
    }

    for (const auto& m : modify_var_decls_) {
        file_ = m.file;
        const Symbol* target = find(m.decl->name.name);
        if (!target || target->kind != SymbolKind::Variable) {
            error(Code::OverlayTarget, at(m.decl->name), "`modifier variable` : variable inconnue `" + m.decl->name.name + "`",
                  did_you_mean(m.decl->name.name, names_of(globals_, SymbolKind::Variable)));
            continue;
        }
        const std::uint32_t base = target->id;
        const auto scratch = static_cast<std::uint32_t>(program_.variables.size());
        ir::Variable copy;
        copy.name = program_.variables[base].name;
        copy.type = program_.variables[base].type;
        copy.entity = program_.variables[base].entity;
        copy.span = at(m.decl->name);
        program_.variables.push_back(std::move(copy));
        variable_ok_.push_back(variable_ok_[base]);
        syntax::VarDecl synthetic;
        synthetic.name = m.decl->name;
        synthetic.items = m.decl->items;
        // An overlay may add exceptions only: the base keeps its general formulas.
        std::vector<std::string> base_labels;
        for (const ir::Exception& e : program_.variables[base].exceptions) base_labels.push_back(e.label);
        resolve_variable(Located<syntax::VarDecl>{&synthetic, m.file, scratch}, &base_labels);
        ir::Variable added = std::move(program_.variables[scratch]);
        program_.variables.pop_back();
        variable_ok_.pop_back();

        ir::Variable& variable = program_.variables[base];
        if (!added.formulas.empty()) {
            const engine::Month from = added.formulas.front().from;
            variable.formulas.erase(std::remove_if(variable.formulas.begin(), variable.formulas.end(),
                                                   [&](const ir::Formula& f) { return f.from >= from; }),
                                    variable.formulas.end());
            variable.formulas.insert(variable.formulas.end(), added.formulas.begin(), added.formulas.end());
        }
        // Labels already taken by the base were reported by resolve_variable (E2009); the
        // overrides of the added exceptions are already numbered after the base's.
        for (ir::Exception& e : added.exceptions) variable.exceptions.push_back(std::move(e));
        variable.notes.insert(variable.notes.end(), added.notes.begin(), added.notes.end());
    }
}

}  // namespace relais::dsl::resolver
