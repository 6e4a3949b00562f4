// A JSON text read into one flat array of values, for the lines of a population: nlohmann's
// tree costs a few allocations per value and about 80 instructions per byte, which was most of
// the cost of reading a case. Reads only what it reads exactly as nlohmann does (same value,
// same number types, same order of object members); anything else is left to nlohmann.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace relais::simulator {

class FlatJson {
public:
    enum class Kind : std::uint8_t { Null, Boolean, Unsigned, Signed, Float, String, Array, Object };

    /// One value. Strings keep their place in the text (they have no escapes); objects and
    /// arrays a range of members or items.
    struct Value {
        Kind kind = Kind::Null;
        bool truth = false;         ///< Boolean
        std::uint32_t offset = 0;   ///< String: its content's place in the text
        std::uint32_t length = 0;
        std::uint32_t first = 0;    ///< Object: members_[first, first + count); Array: items_
        std::uint32_t count = 0;
        std::int64_t integer = 0;   ///< Unsigned (as nlohmann: up to INT64_MAX here) and Signed
        double real = 0;            ///< Float
    };

    struct Member {
        std::uint32_t key_offset = 0;
        std::uint32_t key_length = 0;
        std::uint32_t value = 0;
    };

    /// Reads `text`. False when the text is not JSON, or holds what this reader leaves to
    /// nlohmann: an escape, a control character, a byte order mark, a number nlohmann would
    /// convert through a double or refuse, nesting deeper than 64. The document is then empty.
    /// A document read again reuses its storage: a worker reads every line of its cases into one.
    bool parse(std::string_view text);

    static constexpr std::uint32_t root = 0;
    const Value& value(std::uint32_t index) const { return values_[index]; }
    std::string_view string(const Value& v) const { return {text_.data() + v.offset, v.length}; }
    std::string_view key(const Member& m) const { return {text_.data() + m.key_offset, m.key_length}; }
    /// An object's members in nlohmann's order: sorted by key, a key given twice once (its
    /// last value).
    std::span<const Member> members(const Value& object) const { return {members_.data() + object.first, object.count}; }
    std::span<const std::uint32_t> items(const Value& array) const { return {items_.data() + array.first, array.count}; }

    /// Takes `key` out of an object (the population's own keys leave the case this way).
    void erase(std::uint32_t object, std::string_view key);

    /// The value as nlohmann's tree, for what reads it (events, messages).
    nlohmann::json to_json(std::uint32_t index) const;

private:
    class Parser;

    std::string text_;
    std::vector<Value> values_;
    std::vector<Member> members_;
    std::vector<std::uint32_t> items_;
    std::vector<Member> pending_members_;      ///< while parsing: members of the objects being read
    std::vector<std::uint32_t> pending_items_;  ///< while parsing: items of the arrays being read
};

}  // namespace relais::simulator
