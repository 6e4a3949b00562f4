// Line tables and code-point columns for rules files.
#include "engine/source.hpp"

#include <algorithm>

namespace relais::engine {

std::uint32_t count_code_points(std::string_view bytes) {
    std::uint32_t n = 0;
    for (unsigned char c : bytes) {
        if ((c & 0xC0) != 0x80) ++n;
    }
    return n;
}

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
}

LineColumn SourceFile::locate(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line_index = static_cast<std::uint32_t>(it - line_starts_.begin()) - 1;
    const std::uint32_t start = line_starts_[line_index];
    const auto column = count_code_points(std::string_view(text_).substr(start, offset - start)) + 1;
    return {line_index + 1, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::uint32_t start = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
    if (end > start && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(start, end - start);
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
    files_.emplace_back(std::move(path), std::move(text));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string_view SourceSet::text_of(SourceSpan span) const {
    const std::string& text = file(span.file).text();
    const std::uint32_t begin = std::min<std::uint32_t>(span.begin, static_cast<std::uint32_t>(text.size()));
    const std::uint32_t end = std::clamp<std::uint32_t>(span.end, begin, static_cast<std::uint32_t>(text.size()));
    return std::string_view(text).substr(begin, end - begin);
}

}  // namespace relais::engine
