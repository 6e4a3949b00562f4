// Diagnostics about rules files: a stable code, a primary span, a message, an optional hint
// and notes; rendered in GNU form (path:line:col: error[CODE]: ...) or as JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/source.hpp"

namespace relais::engine {

enum class Code {
#define X(name, id, summary) name,
#include "engine/diagnostic_codes.def"
#undef X
};

std::string_view code_id(Code code);       ///< "E2001"
std::string_view code_summary(Code code);  ///< one line, English
/// Every code, in declaration order (for the meta-test that each one has a golden case).
const std::vector<Code>& all_codes();

struct Note {
    SourceSpan span;
    bool has_span = false;
    std::string message;
};

struct Diagnostic {
    Code code;
    SourceSpan span;
    std::string message;
    std::string hint;   ///< "did you mean `montant_forfaitaire`?"; empty if none
    std::vector<Note> notes;
};

/// Collects diagnostics from every pass; passes keep going after an error so that a file
/// reports all its problems.
class DiagnosticSink {
public:
    void report(Diagnostic d) { all_.push_back(std::move(d)); }
    void error(Code code, SourceSpan span, std::string message, std::string hint = {}) {
        report({code, span, std::move(message), std::move(hint), {}});
    }
    bool has_errors() const { return !all_.empty(); }
    const std::vector<Diagnostic>& all() const { return all_; }
    /// Sorted by file, then position, for stable output.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> all_;
};

/// GNU form with the source line and a caret under the span:
///   rules/rsa.rules:42:7: error[E2001]: unknown name `revenu_menage`
///      42 |   si revenu_menage > plafond alors
///         |      ^~~~~~~~~~~~~
///   help: did you mean `revenus_menage`?
std::string render_text(const Diagnostic& d, const SourceSet& sources);
/// One JSON object: {"code","severity","file","line","column","end_line","end_column","message","hint","notes"}.
std::string render_json(const Diagnostic& d, const SourceSet& sources);
/// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

/// Edit distance for "did you mean" hints; returns the closest candidate within a small
/// distance, or an empty string.
std::string closest_name(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace relais::engine
