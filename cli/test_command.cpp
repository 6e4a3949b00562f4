// `relais test`: runs the tests written in rules files and reports each failing expectation
// with the expected and actual values and where the expectation is written.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/compile_report.hpp"
#include "cli/options.hpp"
#include "dsl/driver.hpp"
#include "engine/test_runner.hpp"

namespace relais::cli {

namespace {

constexpr const char* test_help = R"(Usage : relais test [OPTIONS] CHEMIN...

Compile les règles puis exécute chaque bloc « test » : le cas décrit est évalué mois par mois
et chaque valeur « attendu » est comparée exactement (au millionième : les règles arrondissent
elles-mêmes au centime), ou à la tolérance donnée par « à X près ». Chaque échec donne la position de l'attente, la valeur attendue et la valeur
obtenue. La dernière ligne est « N passed, N failed ».

Options :
  --format text|json   text (défaut) ou json ({"tests": [...], "passed": N, "failed": N})
  -v, --verbose        affiche aussi les tests réussis
  -h, --help           cette aide

Codes de sortie : 0 tous les tests passent, 1 erreur dans les règles ou test en échec,
2 mauvaise utilisation.
)";

std::string position(const dsl::Compilation& c, engine::SourceSpan span) {
    const engine::SourceFile& file = c.sources.file(span.file);
    const engine::LineColumn at = file.locate(span.begin);
    return file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string describe_failure(const dsl::Compilation& c, const ir::Program& program, const ir::Test& test,
                             const engine::ExpectationFailure& failure) {
    const ir::Expectation& e = test.expectations[failure.expectation];
    const ir::Variable& variable = program.variables[e.variable];
    // Booleans as the rules write them (vrai/faux), not as people read them (oui/non).
    const auto shown = [&](engine::Value v) {
        if (variable.type.kind == ir::Kind::Booleen) return std::string(v != 0 ? "vrai" : "faux");
        return engine::format_value(program, variable.type, v);
    };
    std::string expected = shown(failure.expected);
    std::string actual = shown(failure.actual);
    if (expected == actual) {
        // The display rounds to the cent; show the exact values when that hides the gap.
        expected = engine::format_decimal(failure.expected);
        actual = engine::format_decimal(failure.actual);
    }
    // A gap means something for quantities only (not for vrai/faux, dates, months, enumerations).
    const ir::Kind kind = variable.type.kind;
    const bool quantity = kind == ir::Kind::Montant || kind == ir::Kind::Taux || kind == ir::Kind::Nombre;
    return position(c, e.span) + ": échec : " + test.instances[e.instance].name + "." + variable.name + " en " +
           engine::format_month_fr(failure.month) + " (" + engine::format_month(failure.month) + ") : attendu " +
           expected + ", obtenu " + actual +
           (quantity ? " (écart " + engine::format_decimal(failure.actual - failure.expected) + ")" : std::string());
}

std::string describe_error(const dsl::Compilation& c, const engine::EvalError& error) {
    return engine::render_text({error.code, error.span, error.message, {}, {}}, c.sources);
}

}  // namespace

int test_command(const Arguments& args) {
    const auto options = parse_options("relais test", args, /*allow_dump=*/false);
    if (!options) return 2;
    if (options->help) {
        std::cout << test_help;
        return 0;
    }
    const dsl::Compilation compilation = dsl::compile_paths(options->paths);
    if (!compilation.program || !compilation.io_errors.empty()) {
        if (options->format == Format::Json) {
            std::cout << "{\"ok\":false,\"diagnostics\":" << problems_json(compilation) << "}\n";
        } else {
            print_problems_text(compilation);
            std::cout << "les règles ne compilent pas : aucun test exécuté\n0 passed, 1 failed\n";
        }
        return 1;
    }
    const ir::Program& program = *compilation.program;
    const std::vector<engine::TestResult> results = engine::run_tests(program);
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::string json = "{\"tests\":[";
    for (const engine::TestResult& result : results) {
        const ir::Test& test = program.tests[result.test];
        result.passed() ? ++passed : ++failed;
        std::vector<std::string> problems;
        if (result.error) problems.push_back(describe_error(compilation, *result.error));
        for (const auto& failure : result.failures) problems.push_back(describe_failure(compilation, program, test, failure));
        if (options->format == Format::Json) {
            json += (&result == &results.front() ? "" : ",");
            json += "{\"name\":\"" + engine::json_escape(test.name) + "\",\"location\":\"" +
                    engine::json_escape(position(compilation, test.span)) + "\",\"passed\":" +
                    (result.passed() ? "true" : "false") + ",\"problems\":[";
            for (std::size_t i = 0; i < problems.size(); ++i) {
                json += (i ? ",\"" : "\"") + engine::json_escape(problems[i]) + "\"";
            }
            json += "]}";
            continue;
        }
        if (result.passed()) {
            if (options->verbose) std::cout << "ok     " << test.name << "\n";
            continue;
        }
        std::cout << "ÉCHEC  " << test.name << " (" << position(compilation, test.span) << ")\n";
        for (const std::string& problem : problems) std::cout << "  " << problem << "\n";
    }
    if (options->format == Format::Json) {
        std::cout << json << "],\"passed\":" << passed << ",\"failed\":" << failed << "}\n";
    } else {
        std::cout << passed << " passed, " << failed << " failed\n";
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace relais::cli
