// Shared option parsing for the subcommands.
#include "cli/options.hpp"

#include <iostream>

namespace relais::cli {

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << command << " : " << message << "\n"
              << "Voir « " << (command == "relais" ? std::string("relais --help") : command + " --help") << " ».\n";
    return 2;
}

std::optional<CommonOptions> parse_options(const std::string& command, const Arguments& args, bool allow_dump) {
    CommonOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&](const std::string& name) -> std::optional<std::string> {
            if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
            if (i + 1 < args.size()) return args[++i];
            usage_error(command, "l'option " + name + " attend une valeur");
            return std::nullopt;
        };
        if (arg == "-h" || arg == "--help") {
            options.help = true;
        } else if (arg == "-v" || arg == "--verbose") {
            options.verbose = true;
        } else if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
            const auto format = value("--format");
            if (!format) return std::nullopt;
            if (*format == "text") {
                options.format = Format::Text;
            } else if (*format == "json") {
                options.format = Format::Json;
            } else {
                usage_error(command, "format inconnu « " + *format + " » (attendu : text ou json)");
                return std::nullopt;
            }
        } else if (allow_dump && (arg == "--dump" || arg.rfind("--dump=", 0) == 0)) {
            const auto dump = value("--dump");
            if (!dump) return std::nullopt;
            if (*dump != "ir") {
                usage_error(command, "--dump ne connaît que « ir »");
                return std::nullopt;
            }
            options.dump = *dump;
        } else if (!arg.empty() && arg[0] == '-') {
            usage_error(command, "option inconnue « " + arg + " »");
            return std::nullopt;
        } else {
            options.paths.push_back(arg);
        }
    }
    if (!options.help && options.paths.empty()) {
        usage_error(command, "indiquez au moins un fichier ou dossier de règles");
        return std::nullopt;
    }
    return options;
}

}  // namespace relais::cli
