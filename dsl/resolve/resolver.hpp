// Internal to dsl/resolve/: the state shared by the files of pass 2 (the global namespace,
// the program being built, the file being read) and the helpers they use to report at syntax
// nodes. Each .cpp implements one job of the Resolver; resolve.cpp chains them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "dsl/syntax/ast.hpp"
#include "engine/diagnostic.hpp"
#include "engine/ir/ir.hpp"

namespace relais::dsl::resolver {

using engine::Code;
using engine::SourceSpan;

enum class SymbolKind : std::uint8_t { Entity, Enumeration, EnumValue, Input, Parameter, Variable };

/// One name of the global namespace.
struct Symbol {
    SymbolKind kind = SymbolKind::Variable;
    std::uint32_t id = ir::none;  ///< index into the Program table of its kind
    std::uint32_t ordinal = 0;    ///< for an enumeration value: its position
    SourceSpan span;              ///< the declaring name
};

/// A resolved expression: its IR node and type. `node == ir::none` means the expression had
/// an error, already reported: callers stay quiet about it so that one mistake is reported once.
struct Typed {
    std::uint32_t node = ir::none;
    ir::Type type;
    SourceSpan span;
    /// The text of a unit-less number literal (`0`, `-2.5`): such a literal may stand for a
    /// taux, and is the usual mistake where a montant is expected (the hint says `0 €`).
    std::string number_literal;
    bool ok() const { return node != ir::none; }
};

/// A declaration of the syntax tree with the file it comes from.
template <class Decl>
struct Located {
    const Decl* decl = nullptr;
    std::uint32_t file = 0;
    std::uint32_t id = ir::none;  ///< index into the matching Program table
};

/// How an expression is read: for which entity, and whether it is the single argument of a
/// window function (then a window `x[M-3..M-1]` is allowed and becomes this op).
struct Context {
    std::uint32_t entity = ir::none;  ///< ir::none when the declaration's entity is unknown
    std::optional<ir::Op> window;
};

class Resolver {
public:
    Resolver(ir::Program& program, engine::DiagnosticSink& sink) : program_(program), sink_(sink) {}

    // ---- declarations.cpp ----
    /// Declares every global name and builds entities and enumerations.
    void collect(const std::vector<syntax::File>& files);
    /// Exactly one entity without roles (E2012).
    void check_individual_entity();
    /// Types and entities of inputs, parameters and variables (so that expressions can be
    /// typed whatever the declaration order).
    void declare_signatures();
    void resolve_inputs();
    void resolve_parameters();
    // ---- variables.cpp ----
    void resolve_variables();
    // ---- tests.cpp ----
    void resolve_tests();
    // ---- overlays.cpp ----
    /// Applies `modifier paramètre` / `modifier variable` declarations to the resolved base.
    void resolve_overlays();
    // ---- simulation.cpp ----
    /// Schemes, transitions, events and orientations; their expression clauses become
    /// variables of the declaration's entity.
    void resolve_simulation();

    // ---- literals.cpp ----
    /// A number literal in millionths (`%` divides by 100 exactly); E1005 when it does not fit.
    std::optional<engine::Value> number(const syntax::NumberLit& lit);
    std::optional<engine::Date> date(const syntax::DateLit& lit);     ///< E1008
    std::optional<engine::Month> month(const syntax::MonthLit& lit);  ///< E1008
    /// The month a clause takes effect; a date must be the first of a month (E2007).
    std::optional<engine::Month> when(const syntax::When& w);
    /// A constant of a declaration, converted to `expected` (E3005 when it is not one).
    std::optional<engine::Value> constant(const syntax::Literal& lit, ir::Type expected);

    // ---- expressions.cpp ----
    Typed expression(const syntax::Operand& operand, const Context& context);
    /// `value` where `expected` is wanted: the same type, or a unit-less number literal where a
    /// taux is expected (it then becomes a taux).
    bool fits(Typed& value, ir::Type expected);
    /// "écrivez `0 €`" when `value` is a number literal; empty otherwise.
    static std::string euro_hint(const Typed& value);
    /// A condition (E3002 when not a booléen).
    Typed condition(const syntax::Operand& operand, const Context& context);

    // ---- shared helpers (resolve.cpp) ----
    SourceSpan at(const syntax::Node& node) const { return {file_, node.begin, node.end}; }
    SourceSpan at(std::uint32_t begin, std::uint32_t end) const { return {file_, begin, end}; }
    void error(Code code, SourceSpan span, std::string message, std::string hint = {},
               std::vector<engine::Note> notes = {});
    static engine::Note note(SourceSpan span, std::string message) { return {span, true, std::move(message)}; }
    /// Adds `name` to the global namespace; E2002 (with a note at the first one) if taken.
    bool declare(const syntax::Identifier& name, SymbolKind kind, std::uint32_t id, std::uint32_t ordinal = 0);
    const Symbol* find(const std::string& name) const;
    /// Entity named `name`, or E2003 (with a did-you-mean) and ir::none.
    std::uint32_t entity_named(const syntax::Identifier& name);
    /// "did you mean `x`?" among `candidates`, or empty.
    static std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& candidates);
    /// Names of the global values (inputs, variables, parameters, enumeration values).
    std::vector<std::string> value_names() const;
    std::string type_name(ir::Type type) const;
    /// With its article, for messages: "un montant", "une date", "une valeur de `statut`".
    std::string a_type(ir::Type type) const;
    static std::string kind_name(SymbolKind kind);
    /// "d'entrée", "de variable": for "un nom d'entrée".
    static std::string of_kind_name(SymbolKind kind);
    std::uint32_t emit(ir::Node node, std::initializer_list<std::uint32_t> args = {});
    std::uint32_t emit(ir::Node node, const std::vector<std::uint32_t>& args);

    ir::Program& program() { return program_; }

private:
    // expressions.cpp
    Typed literal_number(const syntax::NumberLit& lit);
    Typed chain(const syntax::Chain& chain, const Context& context);
    Typed binary(syntax::BinaryOp op, Typed left, Typed right, SourceSpan span);
    Typed unary(const syntax::Unary& unary, const Context& context);
    Typed if_expr(const syntax::IfExpr& e, const Context& context);
    Typed postfix(const syntax::Postfix& p, const Context& context);
    /// Reads `name` (optionally at `index`) for `context.entity`.
    Typed read(const syntax::Identifier& name, const syntax::Index* index, const Context& context, SourceSpan span);
    std::string wrong_entity_hint(std::uint32_t context_entity, std::uint32_t owner, const std::string& name,
                                  ir::Type type) const;
    // calls.cpp
    Typed call(const syntax::Call& c, const Context& context, const syntax::Index* index = nullptr);
    Typed collection(const syntax::Call& c, const Context& context);
    Typed member_aggregate(const syntax::Call& c, ir::Op op, const Context& context);
    Typed role_aggregate(const syntax::Call& c, ir::Op op, const Context& context);
    Typed values_min_max(const syntax::Call& c, ir::Op op, const Context& context);
    Typed rounding(const syntax::Call& c, ir::Op op, const Context& context);
    Typed review(const syntax::Call& c, const Context& context);
    Typed scale_lookup(const syntax::Call& c, const Symbol& parameter, const Context& context,
                       const syntax::Index* index);
    Typed simple_builtin(const syntax::Call& c, const Context& context);
    /// `numero_du_mois(m)`, `annee_de(m)`.
    Typed month_parts(const syntax::Call& c, const Context& context);
    /// Role bit mask for `names` in the group `entity` (`membres` = every role).
    std::optional<std::uint32_t> role_mask(const std::vector<const syntax::Identifier*>& names, std::uint32_t entity,
                                           SourceSpan call_span);
    bool plain_arguments(const syntax::Call& c);
    // variables.cpp
    /// `base_labels`: set for the clauses of a `modifier variable`, which need no general
    /// formula, and whose exceptions follow (and may be `sur`) the base variable's.
    void resolve_variable(const Located<syntax::VarDecl>& v, const std::vector<std::string>* base_labels = nullptr);
    // simulation.cpp
    /// A variable computing `value` for `entity`, named `name` (not readable by rules).
    std::uint32_t clause_variable(const std::string& name, const syntax::Operand& value, ir::Type expected,
                                  std::uint32_t entity, const std::string& label);
    std::uint32_t scheme_named(const syntax::Identifier& name);
    void resolve_scheme(const Located<syntax::SchemeDecl>& s);
    void resolve_transition(const Located<syntax::TransitionDecl>& t);
    void resolve_event(const Located<syntax::EventDecl>& e);
    void resolve_orientation(const Located<syntax::OrientationDecl>& o);
    // tests.cpp
    void resolve_test(const Located<syntax::TestDecl>& t, std::unordered_map<std::string, SourceSpan>& names);
    // declarations.cpp
    struct SignatureType {
        ir::Type type;
        bool scale = false;
        bool ok = false;
    };
    SignatureType type_of(const syntax::TypeName& name);
    void collect_entity(const syntax::EntityDecl& e);
    void collect_enumeration(const syntax::EnumDecl& e);
    void resolve_input(const Located<syntax::InputDecl>& in);
    void resolve_parameter(const Located<syntax::ParamDecl>& p);

    ir::Program& program_;
    engine::DiagnosticSink& sink_;
    std::uint32_t file_ = 0;  ///< the file of the declaration being resolved
    std::unordered_map<std::string, Symbol> globals_;
    std::vector<Located<syntax::EntityDecl>> entity_decls_;
    std::vector<Located<syntax::InputDecl>> input_decls_;
    std::vector<Located<syntax::ParamDecl>> param_decls_;
    std::vector<Located<syntax::VarDecl>> var_decls_;
    std::vector<Located<syntax::TestDecl>> test_decls_;
    std::vector<Located<syntax::ModifyParamDecl>> modify_param_decls_;
    std::vector<Located<syntax::ModifyVarDecl>> modify_var_decls_;
    std::vector<Located<syntax::SchemeDecl>> scheme_decls_;
    std::vector<Located<syntax::TransitionDecl>> transition_decls_;
    std::vector<Located<syntax::EventDecl>> event_decls_;
    std::vector<Located<syntax::OrientationDecl>> orientation_decls_;
    // Whether a declaration's type resolved (reads of a badly typed name stay quiet).
    std::vector<bool> input_ok_, parameter_ok_, variable_ok_;
};

// ---- Syntax tree access (the tree uses x3 variants) ----

/// The Node (span) of any alternative of a syntax variant.
struct NodeOf {
    using result_type = const syntax::Node&;
    template <class T>
    const syntax::Node& operator()(const T& x) const {
        if constexpr (std::is_base_of_v<syntax::Node, T>) {
            return x;
        } else {
            return node_of_variant(x);
        }
    }
    template <class T>
    const syntax::Node& operator()(const syntax::x3::forward_ast<T>& x) const {
        return x.get();
    }
    template <class V>
    static const syntax::Node& node_of_variant(const V& v) {
        return boost::apply_visitor(NodeOf{}, v);
    }
};

template <class Variant>
const syntax::Node& node_of(const Variant& v) {
    return boost::apply_visitor(NodeOf{}, v);
}

/// The alternative `T` of a syntax variant, or nullptr.
template <class T, class Variant>
const T* as(const Variant& v) {
    return boost::get<T>(&v.get());
}

/// The recursive alternative `T` (wrapped in forward_ast) of a syntax variant, or nullptr.
template <class T, class Variant>
const T* as_recursive(const Variant& v) {
    if (const auto* wrapped = boost::get<syntax::x3::forward_ast<T>>(&v.get())) return &wrapped->get();
    return nullptr;
}

/// `operand` without the single-element layers the grammar leaves (a Chain with no operator,
/// a Postfix with no `[...]` or `.`), so that its shape can be inspected: `x`, `3`, `x[M-1]`.
inline const syntax::Operand& unwrap(const syntax::Operand& operand) {
    const syntax::Operand* current = &operand;
    for (;;) {
        if (const auto* c = as_recursive<syntax::Chain>(*current); c && c->rest.empty()) {
            current = &c->first;
        } else if (const auto* p = as_recursive<syntax::Postfix>(*current); p && p->ops.empty()) {
            current = &p->base;
        } else {
            return *current;
        }
    }
}

/// Whether a type is a montant, a taux or a nombre.
inline bool is_numeric(ir::Type t) {
    return t.kind == ir::Kind::Montant || t.kind == ir::Kind::Taux || t.kind == ir::Kind::Nombre;
}

inline ir::Type of_kind(ir::Kind k) { return ir::Type{k, ir::none}; }

}  // namespace relais::dsl::resolver
