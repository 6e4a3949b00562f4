// Lexical grammar shared by the grammar TUs: identifiers (UTF-8), keywords in their accented
// and unaccented spellings, literals, punctuation with user-facing names, the span annotation
// and the nesting guard.
#pragma once

#include <type_traits>

#include "dsl/syntax/ast.hpp"
#include "dsl/syntax/ast_adapted.hpp"
#include "dsl/syntax/config.hpp"

namespace relais::dsl::syntax::grammar {

// ---- Hooks ----

/// Rule IDs derive from this to record each node's byte range (our own annotate_on_success:
/// spans are offsets from the start of the text, not x3 position ids).
struct annotate {
    template <typename Iterator, typename T, typename Context>
    void on_success(Iterator const& first, Iterator const& last, T& node, Context const& context) const {
        if constexpr (std::is_base_of_v<Node, T>) {
            const ParseState& state = x3::get<parse_state_tag>(context).get();
            node.begin = static_cast<std::uint32_t>(first - state.base);
            node.end = static_cast<std::uint32_t>(last - state.base);
        }
    }
};

/// `guard[p]`: counts nesting through recursive rules and stops at max_nesting, so that
/// 10 000 nested parentheses are an error, not a stack overflow.
template <typename Subject>
struct guard_directive : x3::unary_parser<Subject, guard_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, guard_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr guard_directive(Subject const& subject) : base_type(subject) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute& attribute) const {
        ParseState& state = x3::get<parse_state_tag>(context).get();
        if (state.depth >= max_nesting) throw NestingTooDeep{first};
        ++state.depth;
        const bool ok = this->subject.parse(first, last, context, rcontext, attribute);
        --state.depth;
        return ok;
    }
};

struct guard_gen {
    template <typename Subject>
    constexpr guard_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
        Subject const& subject) const {
        return {x3::as_parser(subject)};
    }
};
inline constexpr guard_gen guard{};

// ---- Characters ----

// A non-ASCII byte starts or continues a UTF-8 letter, except for the symbols the language
// uses as operators or units, which must end an identifier (`a≤b` is `a ≤ b`).
inline auto const non_ascii = x3::standard::char_ - x3::ascii::char_;
inline auto const reserved_symbol = x3::lit("≤") | "≥" | "≠" | "€" | "×" | "÷" | "→" | "\xC2\xA0" | "\xE2\x80\xAF" | "’";
inline auto const utf8_letter = !reserved_symbol >> non_ascii;
inline auto const ident_start = x3::ascii::alpha | x3::ascii::char_('_') | utf8_letter;
inline auto const ident_char = x3::ascii::alnum | x3::ascii::char_('_') | utf8_letter;

/// A keyword is a whole word: `si` must not match the start of `sinon` or `site`.
template <typename P>
constexpr auto word(P const& p) {
    return x3::lexeme[p >> !ident_char];
}

// ---- Keywords ----
// Every reserved word, in all its spellings: none of them can be a name.
struct reserved_words_ : x3::symbols<> {
    reserved_words_() {
        add("entité")("entite")("énumération")("enumeration")("entrée")("entree")("paramètre")("parametre")
           ("variable")("test")("exception")("si")("alors")("sinon")("et")("ou")("non")("vrai")("faux")
           ("pour")("source")("note")("libellé")("libelle")("défaut")("defaut")("publié")("publie")
           ("période")("periode")("attendu")("dispositif")("transition")("événement")("evenement")
           ("orientation")("modifier")("scénario")("scenario");
    }
};
inline const reserved_words_ reserved_words;
inline auto const reserved = word(reserved_words);

inline auto const kw_entite = word(x3::lit("entité") | "entite");
inline auto const kw_enumeration = word(x3::lit("énumération") | "enumeration");
inline auto const kw_valeurs = word(x3::lit("valeurs"));
inline auto const kw_role = word(x3::lit("rôle") | "role");
inline auto const kw_entree = word(x3::lit("entrée") | "entree");
inline auto const kw_par = word(x3::lit("par"));
inline auto const kw_mensuelle = word(x3::lit("mensuelle") | "mensuel");
inline auto const kw_constante = word(x3::lit("constante") | "constant");
inline auto const kw_defaut = word(x3::lit("défaut") | "defaut");
inline auto const kw_libelle = word(x3::lit("libellé") | "libelle");
inline auto const kw_source = word(x3::lit("source"));
inline auto const kw_note = word(x3::lit("note"));
inline auto const kw_parametre = word(x3::lit("paramètre") | "parametre");
inline auto const kw_bareme = word(x3::lit("barème") | "bareme");
inline auto const kw_de = word(x3::lit("de"));
inline auto const kw_publie = word(x3::lit("publié") | "publie");
inline auto const kw_variable = word(x3::lit("variable"));
inline auto const kw_a = word(x3::lit("à") | "a");
inline auto const kw_a_partir_de = kw_a >> word(x3::lit("partir")) >> kw_de;
inline auto const kw_jusqua = word(x3::lit("jusqu'à") | "jusqu'a" | "jusqu’à" | "jusqu’a");
inline auto const kw_exception = word(x3::lit("exception"));
inline auto const kw_sur = word(x3::lit("sur"));
inline auto const kw_si = word(x3::lit("si"));
inline auto const kw_alors = word(x3::lit("alors"));
inline auto const kw_sinon = word(x3::lit("sinon"));
inline auto const kw_pour = word(x3::lit("pour"));
inline auto const kw_test = word(x3::lit("test"));
inline auto const kw_periode = word(x3::lit("période") | "periode");
inline auto const kw_attendu = word(x3::lit("attendu"));
inline auto const kw_pres = word(x3::lit("près") | "pres");

// ---- Named punctuation: the name is what "attendu ..." messages show ----
#define RELAIS_NAMED(name, text, parser) \
    inline auto const name = x3::rule<struct name##_class>{text} = (parser)
RELAIS_NAMED(colon, "« : »", x3::lit(':'));
RELAIS_NAMED(equals, "« = »", x3::lit('=') >> !x3::lit('='));
RELAIS_NAMED(comma, "« , »", x3::lit(','));
RELAIS_NAMED(open_paren, "« ( »", x3::lit('('));
RELAIS_NAMED(close_paren, "« ) »", x3::lit(')'));
RELAIS_NAMED(open_bracket, "« [ »", x3::lit('['));
RELAIS_NAMED(close_bracket, "« ] »", x3::lit(']'));
RELAIS_NAMED(open_brace, "« { »", x3::lit('{'));
RELAIS_NAMED(close_brace, "« } »", x3::lit('}'));
RELAIS_NAMED(dot_dot, "« .. »", x3::lit(".."));
RELAIS_NAMED(arrow, "« -> »", x3::lit("->") | x3::lit("→"));
RELAIS_NAMED(dot, "« . »", x3::lit('.') >> !x3::lit('.'));
RELAIS_NAMED(expect_par, "« par »", kw_par);
RELAIS_NAMED(expect_alors, "« alors »", kw_alors);
RELAIS_NAMED(expect_sinon, "« sinon »", kw_sinon);
RELAIS_NAMED(expect_si, "« si » et une condition", kw_si);
RELAIS_NAMED(expect_valeurs, "« valeurs »", kw_valeurs);
RELAIS_NAMED(expect_de, "« de »", kw_de);
RELAIS_NAMED(expect_pres, "« près »", kw_pres);
#undef RELAIS_NAMED

// ---- Lexemes ----

struct identifier_class : annotate {};
struct name_text_class;
struct number_lit_class : annotate {};
struct date_lit_class : annotate {};
struct month_lit_class : annotate {};
struct bool_lit_class : annotate {};
struct string_lit_class : annotate {};
struct string_text_class;
struct literal_class;
struct date_text_class;
struct month_text_class;
struct unsigned_number_class : annotate {};

x3::rule<name_text_class, std::string> const name_text = "un nom";
x3::rule<identifier_class, Identifier> const identifier = "un nom";
x3::rule<number_lit_class, NumberLit> const number_lit = "un nombre";
x3::rule<unsigned_number_class, NumberLit> const unsigned_number = "un nombre";
x3::rule<date_lit_class, DateLit> const date_lit = "une date (AAAA-MM-JJ)";
x3::rule<month_lit_class, MonthLit> const month_lit = "un mois (AAAA-MM)";
x3::rule<bool_lit_class, BoolLit> const bool_lit = "vrai ou faux";
x3::rule<string_text_class, std::string> const string_text = "une chaîne entre guillemets";
x3::rule<string_lit_class, StringLit> const string_lit = "une chaîne entre guillemets";
x3::rule<literal_class, Literal> const literal = "une valeur";
// raw[] yields a string, which converts to DateLit/MonthLit only through a string rule.
x3::rule<date_text_class, std::string> const date_text = "une date (AAAA-MM-JJ)";
x3::rule<month_text_class, std::string> const month_text = "un mois (AAAA-MM)";

inline auto const digit = x3::ascii::digit;
inline auto const date_raw = x3::raw[x3::lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >> '-' >>
                                                  x3::repeat(2)[digit] >> !ident_char]];
inline auto const month_raw = x3::raw[x3::lexeme[x3::repeat(4)[digit] >> '-' >> x3::repeat(2)[digit] >>
                                                   !(ident_char | '-')]];
inline auto const decimal_text = x3::lexeme[+digit >> -(x3::char_('.') >> +digit)];
inline auto const unit = (x3::lit("€") >> x3::attr(std::string("€"))) |
                         (word(x3::lit("EUR")) >> x3::attr(std::string("€"))) |
                         (x3::lit('%') >> x3::attr(std::string("%"))) | x3::attr(std::string());

inline auto const name_text_def = x3::raw[x3::lexeme[!reserved >> ident_start >> *ident_char]];
inline auto const identifier_def = name_text;
inline auto const number_lit_def = x3::raw[x3::lexeme[-x3::char_('-') >> decimal_text]] >> unit;
inline auto const unsigned_number_def = x3::raw[decimal_text] >> unit;
inline auto const date_text_def = date_raw;
inline auto const month_text_def = month_raw;
inline auto const date_lit_def = date_text;
inline auto const month_lit_def = month_text;
inline auto const bool_lit_def = (word(x3::lit("vrai")) >> x3::attr(true)) | (word(x3::lit("faux")) >> x3::attr(false));
inline auto const string_text_def =
    x3::lexeme['"' >> *(('\\' >> x3::standard::char_("\"\\")) | (x3::standard::char_ - '"' - '\\' - '\n')) >> '"'];
inline auto const string_lit_def = string_text;
inline auto const literal_def = date_lit | month_lit | number_lit | bool_lit | identifier;

BOOST_SPIRIT_DEFINE(date_text, month_text, name_text, identifier, number_lit, unsigned_number, date_lit, month_lit, bool_lit, string_text,
                    string_lit, literal)

}  // namespace relais::dsl::syntax::grammar
