// A read-only view of a JSON value held either in nlohmann's tree (case files, CSV households
// rebuilt as JSON) or in a FlatJson (the lines of a population), so that one case reader
// checks both and gives the same messages. Objects are seen in nlohmann's order (sorted keys).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "simulator/flat_json.hpp"

namespace relais::simulator {

class JsonView {
public:
    JsonView(const nlohmann::json& json) : json_(&json) {}  // NOLINT: a view of it
    JsonView(const FlatJson& doc, std::uint32_t index) : flat_(&doc), index_(index) {}

    bool is_object() const { return json_ ? json_->is_object() : kind() == FlatJson::Kind::Object; }
    bool is_array() const { return json_ ? json_->is_array() : kind() == FlatJson::Kind::Array; }
    bool is_string() const { return json_ ? json_->is_string() : kind() == FlatJson::Kind::String; }
    bool is_boolean() const { return json_ ? json_->is_boolean() : kind() == FlatJson::Kind::Boolean; }
    /// A number written without fraction nor exponent (nlohmann's is_number_integer).
    bool is_integer() const {
        return json_ ? json_->is_number_integer() : kind() == FlatJson::Kind::Signed || kind() == FlatJson::Kind::Unsigned;
    }
    bool is_float() const { return json_ ? json_->is_number_float() : kind() == FlatJson::Kind::Float; }

    std::string_view string() const { return json_ ? std::string_view(json_->get_ref<const std::string&>()) : flat_->string(flat_value()); }
    bool boolean() const { return json_ ? json_->get<bool>() : flat_value().truth; }
    /// As nlohmann's get<long long>().
    long long integer() const { return json_ ? json_->get<long long>() : flat_value().integer; }
    double real() const { return json_ ? json_->get<double>() : flat_value().real; }
    /// Members of an object, items of an array.
    std::size_t size() const { return json_ ? json_->size() : flat_value().count; }

    /// The member `key` of an object, or nothing.
    std::optional<JsonView> find(std::string_view key) const {
        if (json_) {
            const auto it = json_->find(key);
            if (it == json_->end()) return std::nullopt;
            return JsonView(*it);
        }
        for (const FlatJson::Member& m : flat_->members(flat_value()))
            if (flat_->key(m) == key) return JsonView(*flat_, m.value);
        return std::nullopt;
    }

    /// f(key, value) for each member of an object, keys in increasing order.
    template <class F>
    void for_each_member(F&& f) const {
        if (json_) {
            for (const auto& [key, value] : json_->get_ref<const nlohmann::json::object_t&>())
                f(std::string_view(key), JsonView(value));
            return;
        }
        for (const FlatJson::Member& m : flat_->members(flat_value())) f(flat_->key(m), JsonView(*flat_, m.value));
    }

    /// f(item) for each item of an array.
    template <class F>
    void for_each_item(F&& f) const {
        if (json_) {
            for (const nlohmann::json& item : *json_) f(JsonView(item));
            return;
        }
        for (const std::uint32_t item : flat_->items(flat_value())) f(JsonView(*flat_, item));
    }

    /// nlohmann's tree of the value: the value itself when the view is of one, else a copy.
    nlohmann::json to_json() const { return json_ ? *json_ : flat_->to_json(index_); }
    /// nlohmann's dump() of the value.
    std::string dump() const { return json_ ? json_->dump() : to_json().dump(); }

private:
    const FlatJson::Value& flat_value() const { return flat_->value(index_); }
    FlatJson::Kind kind() const { return flat_value().kind; }

    const nlohmann::json* json_ = nullptr;
    const FlatJson* flat_ = nullptr;
    std::uint32_t index_ = 0;
};

}  // namespace relais::simulator
