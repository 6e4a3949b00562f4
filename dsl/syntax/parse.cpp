// Parses a rules file declaration by declaration. Text-level checks come first (size, UTF-8,
// tabs, unterminated strings); after a syntax error the parser skips to the next line that
// starts a declaration, so one run reports every broken declaration of the file.
#include "dsl/syntax/parse.hpp"

#include <array>
#include <cstdio>
#include <set>
#include <string_view>

#include "dsl/syntax/config.hpp"
#include "dsl/syntax/grammar.hpp"

namespace relais::dsl::syntax {

namespace {

using engine::Code;
using engine::DiagnosticSink;
using engine::SourceSpan;

constexpr std::size_t max_file_size = 8 * 1024 * 1024;

constexpr std::array<std::string_view, 16> declaration_keywords = {
    "entité", "entite", "énumération", "enumeration", "entrée", "entree", "paramètre", "parametre", "variable", "test",
    "dispositif", "transition", "événement", "evenement", "orientation", "modifier"};

constexpr std::array<std::string_view, 2> planned_keywords = {"scénario", "scenario"};

constexpr std::array<std::string_view, 39> reserved_words = {
    "entité", "entite", "énumération", "enumeration", "entrée", "entree", "paramètre", "parametre",
    "variable", "test", "exception", "si", "alors", "sinon", "et", "ou", "non", "vrai", "faux", "pour",
    "source", "note", "libellé", "libelle", "défaut", "defaut", "publié", "publie", "période", "periode",
    "attendu", "dispositif", "transition", "événement", "evenement", "orientation", "modifier", "scénario",
    "scenario"};

bool is_ident_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || u == '_' || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

/// The whole word starting at `at` (identifier bytes only).
std::string_view word_at(std::string_view text, std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && is_ident_byte(text[end])) ++end;
    return text.substr(at, end - at);
}

template <std::size_t N>
bool word_is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
        if (!w.empty() && w == word) return true;
    }
    return false;
}

/// Validates UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF); returns the offset
/// of the first bad byte, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code = c & 0x07;
        } else {
            return i;
        }
        if (i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k) {
            const auto d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80) return i;
            code = (code << 6) | (d & 0x3F);
        }
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return i;
        i += length;
    }
    return std::string_view::npos;
}

class FileParser {
public:
    FileParser(const engine::SourceFile& source, std::uint32_t file_id, DiagnosticSink& sink)
        : source_(source), file_id_(file_id), sink_(sink) {}

    File run() {
        File file{file_id_, {}};
        const std::string& original = source_.text();
        if (original.size() > max_file_size) {
            error(Code::FileTooLarge, 0, 0,
                  "fichier trop volumineux (" + std::to_string(original.size()) + " octets, au plus " +
                      std::to_string(max_file_size) + ")");
            return file;
        }
        const std::size_t bad = first_invalid_utf8(original);
        if (bad != std::string_view::npos) {
            error(Code::InvalidUtf8, bad, bad + 1, "le fichier n'est pas en UTF-8 valide (octet " + std::to_string(bad) + ")",
                  "enregistrez le fichier en UTF-8");
            return file;
        }
        text_ = original;
        blank_tabs();
        find_unterminated_strings();
        parse_declarations(file);
        return file;
    }

private:
    void error(Code code, std::size_t begin, std::size_t end, std::string message, std::string hint = {}) {
        sink_.error(code, SourceSpan{file_id_, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)},
                    std::move(message), std::move(hint));
    }

    std::uint32_t line_of(std::size_t offset) const {
        return source_.locate(static_cast<std::uint32_t>(offset)).line;
    }

    // A tab is reported once per line and parsed as a space, so the rest still gets checked.
    void blank_tabs() {
        std::uint32_t last_line = 0;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            if (text_[i] != '\t') continue;
            text_[i] = ' ';
            const std::uint32_t line = line_of(i);
            if (line == last_line) continue;
            last_line = line;
            error(Code::TabCharacter, i, i + 1, "tabulation interdite", "utilisez des espaces pour l'indentation");
        }
    }

    void find_unterminated_strings() {
        bool in_string = false;
        std::size_t opening = 0;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            const char c = text_[i];
            if (in_string) {
                if (c == '\\' && i + 1 < text_.size() && text_[i + 1] != '\n') {
                    ++i;
                } else if (c == '"') {
                    in_string = false;
                } else if (c == '\n') {
                    report_unterminated(opening);
                    in_string = false;
                }
            } else if (c == '#') {
                while (i < text_.size() && text_[i] != '\n') ++i;
            } else if (c == '"') {
                in_string = true;
                opening = i;
            }
        }
        if (in_string) report_unterminated(opening);
    }

    void report_unterminated(std::size_t opening) {
        error(Code::UnterminatedString, opening, opening + 1, "chaîne non terminée",
              "fermez la chaîne par « \" » sur la même ligne");
        string_error_lines_.insert(line_of(opening));
    }

    std::size_t skip_blank(std::size_t at) const {
        while (at < text_.size()) {
            const char c = text_[at];
            if (c == ' ' || c == '\n' || c == '\r') {
                ++at;
            } else if (text_.compare(at, 2, "\xC2\xA0") == 0) {
                at += 2;
            } else if (text_.compare(at, 3, "\xE2\x80\xAF") == 0) {
                at += 3;
            } else if (c == '#') {
                while (at < text_.size() && text_[at] != '\n') ++at;
            } else {
                break;
            }
        }
        return at;
    }

    bool at_declaration(std::size_t at) const {
        const std::string_view word = word_at(text_, at);
        return word_is_one_of(word, declaration_keywords) || word_is_one_of(word, planned_keywords);
    }

    /// The next line (after `at`) whose first word starts a declaration, or the end.
    std::size_t resynchronise(std::size_t at) const {
        while (at < text_.size()) {
            while (at < text_.size() && text_[at] != '\n') ++at;
            if (at < text_.size()) ++at;
            std::size_t first = at;
            while (first < text_.size() && text_[first] == ' ') ++first;
            if (at_declaration(first)) return first;
        }
        return text_.size();
    }

    /// What stands at `at`, for "trouvé ..." in messages.
    std::string found_at(std::size_t at) const {
        if (at >= text_.size()) return "la fin du fichier";
        if (text_[at] == '\n' || text_[at] == '\r') return "la fin de la ligne";
        if (static_cast<unsigned char>(text_[at]) < 0x20 || text_[at] == 0x7F) {
            char code[64];
            std::snprintf(code, sizeof code, "le caractère de contrôle U+%04X", static_cast<unsigned char>(text_[at]));
            return code;
        }
        std::size_t end = at;
        if (is_ident_byte(text_[at])) {
            end = at + word_at(text_, at).size();
        } else {
            while (end < text_.size() && end - at < 12 && text_[end] != ' ' && text_[end] != '\n' &&
                   !is_ident_byte(text_[end])) {
                ++end;
            }
            if (end == at) end = at + 1;
        }
        // Keep whole UTF-8 characters.
        while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
        return "« " + text_.substr(at, end - at) + " »";
    }

    void syntax_error(std::size_t at, const std::string& expected) {
        // X3 reports the position before the skipped spaces; point at what follows them.
        while (at < text_.size() && text_[at] == ' ') ++at;
        if (string_error_lines_.count(line_of(at)) != 0) return;  // already reported as E1006
        const std::string_view word = word_at(text_, at);
        std::string hint;
        if (word_is_one_of(word, reserved_words)) {
            hint = "« " + std::string(word) + " » est un mot réservé du langage : il ne peut pas servir de nom";
        } else if (at < text_.size() && (text_[at] == '<' || text_[at] == '>' || text_.compare(at, 2, "==") == 0 ||
                                         text_.compare(at, 2, "!=") == 0)) {
            hint = "les comparaisons ne s'enchaînent pas : écrivez par exemple `a < b et b < c`";
        }
        std::size_t end = at + std::max<std::size_t>(word.size(), 1);
        if (at >= text_.size()) end = at;
        error(Code::SyntaxError, at, end, "attendu " + expected + ", trouvé " + found_at(at), hint);
    }

    void parse_declarations(File& file) {
        ParseState state{text_.data(), 0};
        auto const parser = x3::with<parse_state_tag>(std::ref(state))[grammar::declaration_type{"une déclaration"}];
        const char* const begin = text_.data();
        const char* const end = begin + text_.size();
        std::size_t at = skip_blank(0);
        while (at < text_.size()) {
            const std::string_view word = word_at(text_, at);
            if (word_is_one_of(word, planned_keywords)) {
                error(Code::ReservedKeyword, at, at + word.size(),
                      "« " + std::string(word) + " » est un mot réservé pour des déclarations à venir",
                      "un scénario est pour l'instant un fichier de règles chargé avec --overlay (voir "
                      "docs/simulation-language.md)");
                at = skip_blank(resynchronise(at));
                continue;
            }
            const char* first = begin + at;
            Declaration declaration;
            state.depth = 0;
            try {
                if (x3::phrase_parse(first, end, parser, skipper, declaration)) {
                    file.declarations.push_back(std::move(declaration));
                    at = skip_blank(static_cast<std::size_t>(first - begin));
                    if (at < text_.size() && !at_declaration(at)) {
                        syntax_error(at, "une clause de la déclaration ou une nouvelle déclaration");
                        at = skip_blank(resynchronise(at));
                    }
                    continue;
                }
                syntax_error(at, "une déclaration (entité, énumération, entrée, paramètre, variable, test, dispositif, transition, événement, orientation ou modifier)");
                at = skip_blank(resynchronise(at));
            } catch (const x3::expectation_failure<iterator_type>& failure) {
                const auto where = static_cast<std::size_t>(failure.where() - begin);
                syntax_error(where, failure.which());
                at = skip_blank(resynchronise(std::max(where, at)));
            } catch (const NestingTooDeep& deep) {
                const auto where = static_cast<std::size_t>(deep.where - begin);
                error(Code::NestingTooDeep, where, where + 1,
                      "expression trop imbriquée (plus de " + std::to_string(max_nesting) + " niveaux)",
                      "découpez la formule en variables intermédiaires");
                at = skip_blank(resynchronise(std::max(where, at)));
            }
        }
    }

    const engine::SourceFile& source_;
    std::uint32_t file_id_;
    DiagnosticSink& sink_;
    std::string text_;
    std::set<std::uint32_t> string_error_lines_;
};

}  // namespace

File parse(const engine::SourceFile& source, std::uint32_t file_id, DiagnosticSink& sink) {
    return FileParser(source, file_id, sink).run();
}

}  // namespace relais::dsl::syntax
