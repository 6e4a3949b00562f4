// Rendering of diagnostics (GNU text and JSON) and the did-you-mean helper.
#include "engine/diagnostic.hpp"

#include <algorithm>
#include <cstdio>

namespace relais::engine {

namespace {

struct CodeInfo {
    Code code;
    std::string_view id;
    std::string_view summary;
};

const std::vector<CodeInfo>& code_table() {
    static const std::vector<CodeInfo> table = {
#define X(name, id, summary) {Code::name, id, summary},
#include "engine/diagnostic_codes.def"
#undef X
    };
    return table;
}

std::string location(const Diagnostic& d, const SourceSet& sources) {
    const SourceFile& file = sources.file(d.span.file);
    const LineColumn at = file.locate(d.span.begin);
    return file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// The source line and a caret line under the span (clipped to the first line of the span).
std::string excerpt(SourceSpan span, const SourceSet& sources) {
    const SourceFile& file = sources.file(span.file);
    const LineColumn begin = file.locate(span.begin);
    const LineColumn end = file.locate(std::max(span.end, span.begin));
    const std::string_view text = file.line_text(begin.line);
    const std::uint32_t width = count_code_points(text);
    std::uint32_t last_column = end.line == begin.line ? end.column : width + 1;
    if (last_column <= begin.column) last_column = begin.column + 1;
    const std::string number = std::to_string(begin.line);
    const std::string gutter(number.size(), ' ');
    std::string out = " " + number + " | " + std::string(text) + "\n";
    out += " " + gutter + " | " + std::string(begin.column - 1, ' ') + "^";
    for (std::uint32_t c = begin.column + 1; c < last_column; ++c) out += '~';
    out += "\n";
    return out;
}

}  // namespace

std::string_view code_id(Code code) { return code_table()[static_cast<std::size_t>(code)].id; }
std::string_view code_summary(Code code) { return code_table()[static_cast<std::size_t>(code)].summary; }

const std::vector<Code>& all_codes() {
    static const std::vector<Code> codes = [] {
        std::vector<Code> out;
        for (const CodeInfo& info : code_table()) out.push_back(info.code);
        return out;
    }();
    return codes;
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
    std::vector<Diagnostic> out = all_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.span.file != b.span.file) return a.span.file < b.span.file;
        return a.span.begin < b.span.begin;
    });
    return out;
}

std::string render_text(const Diagnostic& d, const SourceSet& sources) {
    std::string out = location(d, sources) + ": error[" + std::string(code_id(d.code)) + "]: " + d.message + "\n";
    out += excerpt(d.span, sources);
    for (const Note& note : d.notes) {
        if (note.has_span) {
            out += "note: " + note.message + " (" + location({d.code, note.span, {}, {}, {}}, sources) + ")\n";
        } else {
            out += "note: " + note.message + "\n";
        }
    }
    if (!d.hint.empty()) out += "help: " + d.hint + "\n";
    return out;
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    out += buffer;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

std::string render_json(const Diagnostic& d, const SourceSet& sources) {
    const SourceFile& file = sources.file(d.span.file);
    const LineColumn begin = file.locate(d.span.begin);
    const LineColumn end = file.locate(std::max(d.span.end, d.span.begin));
    std::string out = "{\"code\":\"" + std::string(code_id(d.code)) + "\",\"severity\":\"error\"";
    out += ",\"file\":\"" + json_escape(file.path()) + "\"";
    out += ",\"line\":" + std::to_string(begin.line) + ",\"column\":" + std::to_string(begin.column);
    out += ",\"end_line\":" + std::to_string(end.line) + ",\"end_column\":" + std::to_string(end.column);
    out += ",\"message\":\"" + json_escape(d.message) + "\"";
    out += ",\"hint\":\"" + json_escape(d.hint) + "\"";
    out += ",\"notes\":[";
    for (std::size_t i = 0; i < d.notes.size(); ++i) {
        if (i) out += ",";
        out += "\"" + json_escape(d.notes[i].message) + "\"";
    }
    out += "]}";
    return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string closest_name(std::string_view wanted, const std::vector<std::string>& candidates) {
    // A third of the name's length, at least 1 and at most 3 edits: close enough to be a typo.
    const std::size_t limit = std::clamp<std::size_t>(wanted.size() / 3, 1, 3);
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const std::string& candidate : candidates) {
        const std::size_t d = edit_distance(wanted, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace relais::engine
