// Rules source files and spans: byte offsets into a file, turned into line and column (in
// Unicode code points) only when a diagnostic is rendered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relais::engine {

/// A range of bytes [begin, end) in one source file.
struct SourceSpan {
    std::uint32_t file = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct LineColumn {
    std::uint32_t line = 1;    ///< 1-based
    std::uint32_t column = 1;  ///< 1-based, counted in code points
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    /// Line and column of a byte offset (an offset past the end maps to the end).
    LineColumn locate(std::uint32_t offset) const;
    /// The text of a 1-based line, without its newline.
    std::string_view line_text(std::uint32_t line) const;

private:
    std::string path_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
};

/// Every file of one compilation, addressed by SourceSpan::file.
class SourceSet {
public:
    std::uint32_t add(std::string path, std::string text);
    const SourceFile& file(std::uint32_t id) const { return files_.at(id); }
    std::size_t size() const { return files_.size(); }
    std::string_view text_of(SourceSpan span) const;

private:
    std::vector<SourceFile> files_;
};

/// Number of code points in a UTF-8 byte range (continuation bytes are not counted).
std::uint32_t count_code_points(std::string_view bytes);

}  // namespace relais::engine
