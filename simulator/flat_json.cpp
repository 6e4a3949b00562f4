// The grammar is RFC 8259's, narrowed to what nlohmann reads the same way; the differential
// fuzz target fuzz/fuzz_population_line.cpp holds the two readers to the same values.
#include "simulator/flat_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

namespace relais::simulator {

namespace {

// The length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7, the sequences
// nlohmann accepts), 0 when there is none.
std::size_t utf8_length(const char* p, const char* end) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (byte(0) >= 0xC2 && byte(0) <= 0xDF) {
        length = 2;
    } else if (byte(0) >= 0xE0 && byte(0) <= 0xEF) {
        length = 3;
        if (byte(0) == 0xE0) low = 0xA0;
        if (byte(0) == 0xED) high = 0x9F;
    } else if (byte(0) >= 0xF0 && byte(0) <= 0xF4) {
        length = 4;
        if (byte(0) == 0xF0) low = 0x90;
        if (byte(0) == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (static_cast<std::size_t>(end - p) < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    return length;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// The bytes a string holds as they are: printable ASCII but the quote and the backslash.
constexpr auto plain_bytes = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
}();

}  // namespace

class FlatJson::Parser {
public:
    explicit Parser(FlatJson& doc)
        : doc_(doc), begin_(doc.text_.data()), at_(begin_), end_(begin_ + doc.text_.size()),
          pending_members_(doc.pending_members_), pending_items_(doc.pending_items_) {
        pending_members_.clear();
        pending_items_.clear();
    }

    bool document() {
        if (!value(0)) return false;
        skip_space();
        return at_ == end_;
    }

private:
    static constexpr int max_depth = 64;

    bool next_is(char c) const { return at_ != end_ && *at_ == c; }
    void skip_digits() {
        while (at_ != end_ && digit(*at_)) ++at_;
    }
    void skip_space() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
    }
    std::uint32_t offset() const { return static_cast<std::uint32_t>(at_ - begin_); }

    // Appends a value and returns its index: values are referred to by index, since reading
    // their children grows the array.
    std::uint32_t add(Kind kind) {
        doc_.values_.push_back(Value{.kind = kind});
        return static_cast<std::uint32_t>(doc_.values_.size() - 1);
    }

    bool value(int depth) {
        skip_space();
        if (at_ == end_) return false;
        switch (*at_) {
            case '{': return depth < max_depth && object(depth + 1);
            case '[': return depth < max_depth && array(depth + 1);
            case '"': {
                const std::uint32_t v = add(Kind::String);
                std::uint32_t content = 0;
                std::uint32_t length = 0;
                if (!string(content, length)) return false;
                doc_.values_[v].offset = content;
                doc_.values_[v].length = length;
                return true;
            }
            case 't': doc_.values_[add(Kind::Boolean)].truth = true; return word("true");
            case 'f': add(Kind::Boolean); return word("false");
            case 'n': add(Kind::Null); return word("null");
            default: return number();
        }
    }

    bool word(std::string_view w) {
        if (static_cast<std::size_t>(end_ - at_) < w.size() || std::memcmp(at_, w.data(), w.size()) != 0) return false;
        at_ += w.size();
        return true;
    }

    // The members of an object or the items of an array, each read by `item`, up to `close`.
    template <class Item>
    bool sequence(char close, const Item& item) {
        ++at_;  // '{' or '['
        skip_space();
        if (next_is(close)) {
            ++at_;
            return true;
        }
        while (true) {
            if (!item()) return false;
            skip_space();
            if (next_is(',')) {
                ++at_;
            } else if (next_is(close)) {
                ++at_;
                return true;
            } else {
                return false;
            }
        }
    }

    bool object(int depth) {
        const std::uint32_t v = add(Kind::Object);
        const std::size_t mark = pending_members_.size();
        const bool read = sequence('}', [&] {
            skip_space();
            Member member;
            if (!next_is('"') || !string(member.key_offset, member.key_length)) return false;
            skip_space();
            if (!next_is(':')) return false;
            ++at_;
            member.value = static_cast<std::uint32_t>(doc_.values_.size());
            pending_members_.push_back(member);
            return value(depth);
        });
        if (!read) return false;
        // nlohmann keeps members in a std::map: sorted by key, a key given twice keeps its
        // last value. An insertion sort (objects are small, often sorted already) is stable,
        // so the last of equal keys is the last given.
        const auto first = pending_members_.begin() + static_cast<std::ptrdiff_t>(mark);
        const auto key = [&](const Member& m) { return std::string_view(begin_ + m.key_offset, m.key_length); };
        for (auto m = first + (first != pending_members_.end()); m < pending_members_.end(); ++m) {
            const Member moved = *m;
            auto to = m;
            for (; to != first && key(moved) < key(*(to - 1)); --to) *to = *(to - 1);
            *to = moved;
        }
        doc_.values_[v].first = static_cast<std::uint32_t>(doc_.members_.size());
        for (auto m = first; m != pending_members_.end(); ++m) {
            if (m + 1 != pending_members_.end() && key(*m) == key(*(m + 1))) continue;
            doc_.members_.push_back(*m);
        }
        doc_.values_[v].count = static_cast<std::uint32_t>(doc_.members_.size() - doc_.values_[v].first);
        pending_members_.resize(mark);
        return true;
    }

    bool array(int depth) {
        const std::uint32_t v = add(Kind::Array);
        const std::size_t mark = pending_items_.size();
        const bool read = sequence(']', [&] {
            pending_items_.push_back(static_cast<std::uint32_t>(doc_.values_.size()));
            return value(depth);
        });
        if (!read) return false;
        doc_.values_[v].first = static_cast<std::uint32_t>(doc_.items_.size());
        doc_.values_[v].count = static_cast<std::uint32_t>(pending_items_.size() - mark);
        doc_.items_.insert(doc_.items_.end(), pending_items_.begin() + static_cast<std::ptrdiff_t>(mark), pending_items_.end());
        pending_items_.resize(mark);
        return true;
    }

    bool string(std::uint32_t& content, std::uint32_t& length) {
        ++at_;  // '"'
        const char* start = at_;
        while (true) {
            while (at_ != end_ && plain_bytes[static_cast<unsigned char>(*at_)]) ++at_;
            if (at_ == end_) return false;
            if (*at_ == '"') break;
            const std::size_t n = utf8_length(at_, end_);  // 0 for an escape or a control character
            if (n == 0) return false;
            at_ += n;
        }
        content = static_cast<std::uint32_t>(start - begin_);
        length = static_cast<std::uint32_t>(at_ - start);
        ++at_;  // '"'
        return true;
    }

    // nlohmann's types: an integer without '-' is unsigned, with '-' signed, one that does not
    // fit becomes a double (left to nlohmann, as are unsigned integers above INT64_MAX); a
    // fraction or an exponent makes a double, which from_chars rounds as strtod does
    // (correctly), except out of range, left to nlohmann.
    bool number() {
        const char* start = at_;
        if (next_is('-')) ++at_;
        if (at_ == end_ || !digit(*at_)) return false;
        if (*at_ == '0') {
            ++at_;
        } else {
            skip_digits();
        }
        bool integer = true;
        if (next_is('.')) {
            integer = false;
            ++at_;
            if (at_ == end_ || !digit(*at_)) return false;
            skip_digits();
        }
        if (next_is('e') || next_is('E')) {
            integer = false;
            ++at_;
            if (next_is('+') || next_is('-')) ++at_;
            if (at_ == end_ || !digit(*at_)) return false;
            skip_digits();
        }
        const auto converted = [&](auto& parsed) {
            const auto [stop, error] = std::from_chars(start, at_, parsed);
            return error == std::errc() && stop == at_;
        };
        if (!integer) {
            Value& v = doc_.values_[add(Kind::Float)];
            return converted(v.real) && std::isfinite(v.real);
        }
        Value& v = doc_.values_[add(*start == '-' ? Kind::Signed : Kind::Unsigned)];
        return converted(v.integer);
    }

    FlatJson& doc_;
    const char* begin_;
    const char* at_;
    const char* end_;
    std::vector<Member>& pending_members_;
    std::vector<std::uint32_t>& pending_items_;
};

bool FlatJson::parse(std::string_view text) {
    text_.assign(text);
    // Room for a case line at once rather than growing step by step: a population's lines
    // hold about one value per 15 bytes.
    values_.clear();
    values_.reserve(text_.size() / 8 + 8);
    members_.clear();
    members_.reserve(text_.size() / 8 + 8);
    items_.clear();
    if (text_.size() < std::numeric_limits<std::uint32_t>::max() && Parser(*this).document()) return true;
    values_.clear();
    members_.clear();
    items_.clear();
    return false;
}

void FlatJson::erase(std::uint32_t object, std::string_view name) {
    Value& v = values_[object];
    const auto first = members_.begin() + v.first;
    const auto last = first + v.count;
    const auto found = std::find_if(first, last, [&](const Member& m) { return key(m) == name; });
    if (found == last) return;
    std::move(found + 1, last, found);
    --v.count;
}

nlohmann::json FlatJson::to_json(std::uint32_t index) const {
    const Value& v = values_[index];
    switch (v.kind) {
        case Kind::Null: return nullptr;
        case Kind::Boolean: return v.truth;
        case Kind::Unsigned: return static_cast<std::uint64_t>(v.integer);
        case Kind::Signed: return v.integer;
        case Kind::Float: return v.real;
        case Kind::String: return std::string(string(v));
        case Kind::Array: {
            nlohmann::json out = nlohmann::json::array();
            for (const std::uint32_t item : items(v)) out.push_back(to_json(item));
            return out;
        }
        case Kind::Object: {
            nlohmann::json out = nlohmann::json::object();
            for (const Member& m : members(v)) out[std::string(key(m))] = to_json(m.value);
            return out;
        }
    }
    return nullptr;
}

}  // namespace relais::simulator
