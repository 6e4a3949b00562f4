// The stamp every simulation result carries, so that a result can be traced to the engine and
// the exact rules that produced it: the engine's version and SHA-256 digests of the rules and
// of the overlay.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais::simulator {

struct Stamp {
    std::string engine_version;               ///< "0.1.0"
    std::string rules_hash;                   ///< "sha256:<64 hex digits>"
    std::optional<std::string> overlay_hash;  ///< likewise; nullopt without an overlay
};

/// SHA-256 (FIPS 180-4) of `bytes`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

/// "sha256:..." of several files' texts, in the given order. Each text is prefixed by its
/// length, so that moving bytes from one file to the next changes the digest. Paths are left
/// out: the same rules give the same digest wherever they are checked out.
std::string digest_of_texts(const std::vector<std::string_view>& texts);

}  // namespace relais::simulator
