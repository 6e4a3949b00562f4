// Pass 2 entry point: chains the resolver's jobs in the order their results are needed, and
// the helpers every job shares (reporting at nodes, the global namespace, IR emission).
#include "dsl/resolve/resolve.hpp"

#include <algorithm>

#include "dsl/resolve/resolver.hpp"

namespace relais::dsl {

ir::Program resolve(const std::vector<syntax::File>& files, engine::DiagnosticSink& sink) {
    ir::Program program;
    resolver::Resolver r(program, sink);
    // Names first, then signatures, then bodies: a formula may read a name declared later,
    // in any file of the module.
    r.collect(files);
    r.check_individual_entity();
    r.declare_signatures();
    r.resolve_inputs();
    r.resolve_parameters();
    r.resolve_variables();
    r.resolve_overlays();
    r.resolve_simulation();
    r.resolve_tests();
    return program;
}

}  // namespace relais::dsl

namespace relais::dsl::resolver {

void Resolver::error(Code code, SourceSpan span, std::string message, std::string hint,
                     std::vector<engine::Note> notes) {
    sink_.report({code, span, std::move(message), std::move(hint), std::move(notes)});
}

std::string Resolver::kind_name(SymbolKind kind) {
    switch (kind) {
    case SymbolKind::Entity: return "entité";
    case SymbolKind::Enumeration: return "énumération";
    case SymbolKind::EnumValue: return "valeur d'énumération";
    case SymbolKind::Input: return "entrée";
    case SymbolKind::Parameter: return "paramètre";
    case SymbolKind::Variable: return "variable";
    }
    return "nom";
}

std::string Resolver::of_kind_name(SymbolKind kind) {
    const std::string name = kind_name(kind);
    const bool vowel = name.rfind("e", 0) == 0 || name.rfind("é", 0) == 0;
    return vowel ? "d'" + name : "de " + name;
}

bool Resolver::declare(const syntax::Identifier& name, SymbolKind kind, std::uint32_t id, std::uint32_t ordinal) {
    const auto [it, inserted] = globals_.try_emplace(name.name, Symbol{kind, id, ordinal, at(name)});
    if (inserted) return true;
    error(Code::DuplicateName, at(name), "le nom `" + name.name + "` est déjà déclaré",
          "les entités, énumérations, valeurs, entrées, paramètres et variables partagent un seul espace de noms : "
          "choisissez un autre nom",
          {note(it->second.span, "première déclaration de `" + name.name + "` (" + kind_name(it->second.kind) + ")")});
    return false;
}

const Symbol* Resolver::find(const std::string& name) const {
    const auto it = globals_.find(name);
    return it == globals_.end() ? nullptr : &it->second;
}

std::string Resolver::did_you_mean(std::string_view wanted, const std::vector<std::string>& candidates) {
    const std::string best = engine::closest_name(wanted, candidates);
    return best.empty() ? std::string() : "vouliez-vous dire `" + best + "` ?";
}

std::uint32_t Resolver::entity_named(const syntax::Identifier& name) {
    const Symbol* symbol = find(name.name);
    if (symbol && symbol->kind == SymbolKind::Entity) return symbol->id;
    std::vector<std::string> entities;
    for (const ir::Entity& e : program_.entities) entities.push_back(e.name);
    if (symbol) {
        error(Code::UnknownEntity, at(name),
              "`" + name.name + "` n'est pas une entité (c'est " +
                  (symbol->kind == SymbolKind::Entity ? "une entité" : "un nom " + of_kind_name(symbol->kind)) + ")",
              did_you_mean(name.name, entities));
    } else {
        error(Code::UnknownEntity, at(name), "entité inconnue `" + name.name + "`", did_you_mean(name.name, entities));
    }
    return ir::none;
}

std::vector<std::string> Resolver::value_names() const {
    std::vector<std::string> names;
    for (const auto& [name, symbol] : globals_) {
        if (symbol.kind != SymbolKind::Entity && symbol.kind != SymbolKind::Enumeration) names.push_back(name);
    }
    // The namespace is a hash map: sort so that a tie between two suggestions is stable.
    std::sort(names.begin(), names.end());
    return names;
}

std::string Resolver::type_name(ir::Type type) const {
    switch (type.kind) {
    case ir::Kind::Montant: return "montant";
    case ir::Kind::Taux: return "taux";
    case ir::Kind::Nombre: return "nombre";
    case ir::Kind::Booleen: return "booléen";
    case ir::Kind::Date: return "date";
    case ir::Kind::Mois: return "mois";
    case ir::Kind::Enumeration:
        return type.enumeration < program_.enumerations.size() ? program_.enumerations[type.enumeration].name
                                                               : "énumération";
    }
    return "?";
}

std::string Resolver::a_type(ir::Type type) const {
    switch (type.kind) {
    case ir::Kind::Date: return "une date";
    case ir::Kind::Enumeration: return "une valeur de `" + type_name(type) + "`";
    default: return "un " + type_name(type);
    }
}

std::uint32_t Resolver::emit(ir::Node node, std::initializer_list<std::uint32_t> args) {
    node.first_arg = static_cast<std::uint32_t>(program_.args.size());
    node.arg_count = static_cast<std::uint32_t>(args.size());
    program_.args.insert(program_.args.end(), args.begin(), args.end());
    program_.nodes.push_back(node);
    return static_cast<std::uint32_t>(program_.nodes.size() - 1);
}

std::uint32_t Resolver::emit(ir::Node node, const std::vector<std::uint32_t>& args) {
    node.first_arg = static_cast<std::uint32_t>(program_.args.size());
    node.arg_count = static_cast<std::uint32_t>(args.size());
    program_.args.insert(program_.args.end(), args.begin(), args.end());
    program_.nodes.push_back(node);
    return static_cast<std::uint32_t>(program_.nodes.size() - 1);
}

}  // namespace relais::dsl::resolver
