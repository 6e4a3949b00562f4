// The subcommands of `relais`; each returns the process exit code (0 ok, 1 findings, 2 usage).
#pragma once

#include <string>
#include <vector>

namespace relais::cli {

using Arguments = std::vector<std::string>;

int check_command(const Arguments& args);
int test_command(const Arguments& args);
int simulate_command(const Arguments& args);
int explain_command(const Arguments& args);
int batch_command(const Arguments& args);
int synth_command(const Arguments& args);

/// Exit code for a command-line mistake: prints the message and a pointer to --help.
int usage_error(const std::string& command, const std::string& message);

}  // namespace relais::cli
