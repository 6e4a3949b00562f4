// Parsing of the options shared by the subcommands (--format, --help, paths).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace relais::cli {

enum class Format { Text, Json };

struct CommonOptions {
    Format format = Format::Text;
    bool help = false;
    bool verbose = false;
    std::optional<std::string> dump;     ///< check --dump ir
    std::vector<std::string> paths;
};

/// Parses `args`; on a mistake prints it and returns nullopt (the caller exits with 2).
std::optional<CommonOptions> parse_options(const std::string& command, const Arguments& args, bool allow_dump);

}  // namespace relais::cli
