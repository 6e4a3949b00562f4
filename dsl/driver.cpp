// Chains the passes over a module of rules files: read (the only file I/O of dsl/), parse,
// resolve, order. Each pass runs only when the previous ones reported no error, so that a
// later pass never reports the consequences of an earlier mistake.
#include "dsl/driver.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "dsl/lower/order.hpp"
#include "dsl/resolve/resolve.hpp"
#include "dsl/syntax/parse.hpp"

namespace relais::dsl {

namespace {

namespace fs = std::filesystem;

void compile_sources(Compilation& c) {
    std::vector<syntax::File> files;
    files.reserve(c.sources.size());
    for (std::uint32_t id = 0; id < c.sources.size(); ++id) {
        files.push_back(syntax::parse(c.sources.file(id), id, c.diagnostics));
    }
    if (c.diagnostics.has_errors() || !c.io_errors.empty()) return;
    ir::Program program = resolve(files, c.diagnostics);
    if (c.diagnostics.has_errors()) return;
    order(program, c.diagnostics);
    if (c.diagnostics.has_errors()) return;
    c.program = std::move(program);
}

/// Every `*.rules` below `directory`, sorted by path so that the module is the same on every
/// machine (directory iteration order is not specified).
std::vector<fs::path> rules_below(const fs::path& directory, std::vector<std::string>& io_errors) {
    std::vector<fs::path> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(directory, fs::directory_options::skip_permission_denied, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::error_code type_error;
        if (it->is_regular_file(type_error) && it->path().extension() == ".rules") found.push_back(it->path());
    }
    if (ec) io_errors.push_back("impossible de parcourir le dossier `" + directory.string() + "` : " + ec.message());
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

Compilation compile_paths(const std::vector<std::string>& paths) {
    Compilation c;
    std::vector<fs::path> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            c.io_errors.push_back("impossible de lire `" + path + "` : fichier ou dossier introuvable");
        } else if (fs::is_directory(status)) {
            for (fs::path& p : rules_below(path, c.io_errors)) files.push_back(std::move(p));
        } else {
            files.emplace_back(path);
        }
    }
    // A file named twice (directly and through its directory) is read once.
    std::set<fs::path> seen;
    for (const fs::path& path : files) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(path, ec);
        if (ec) canonical = path;
        if (!seen.insert(canonical).second) continue;
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        if (in) text << in.rdbuf();
        if (!in || in.bad()) {
            c.io_errors.push_back("impossible de lire `" + path.string() + "`");
            continue;
        }
        c.sources.add(path.string(), text.str());
    }
    compile_sources(c);
    return c;
}

Compilation compile_texts(const std::vector<std::pair<std::string, std::string>>& files) {
    Compilation c;
    for (const auto& [path, text] : files) c.sources.add(path, text);
    compile_sources(c);
    return c;
}

}  // namespace relais::dsl
