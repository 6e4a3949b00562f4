// A population for `relais batch`, read case after case and never held whole: JSON Lines (one
// case per line, the simulator's case format plus three population keys) or CSV (one row per
// person, the rows of a household one after the other). Cutting the input into raw cases is
// cheap and done by one thread; decoding a raw case into case JSON and its population
// attributes is done by the workers. docs/population.md describes both formats.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string_view>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/decimal.hpp"
#include "engine/ir/ir.hpp"
#include "simulator/flat_json.hpp"
#include "simulator/json_view.hpp"

namespace relais::simulator {

enum class PopulationFormat { JsonLines, Csv };

/// The population keys a JSON Lines case may carry beside the case format's own keys.
inline constexpr const char* population_id_key = "id";
inline constexpr const char* population_weight_key = "poids";
inline constexpr const char* population_qpv_key = "qpv";

/// One CSV record, split into fields.
struct CsvRow {
    std::uint64_t line = 0;  ///< its first line in the input (a quoted field may span lines)
    std::vector<std::string> fields;
};

/// A case as cut out of the input, not yet decoded.
struct RawCase {
    std::uint64_t line = 0;       ///< first line of the case in the input (1-based)
    std::uint64_t last_line = 0;  ///< last line
    std::string text;             ///< JSON Lines: the line
    std::vector<CsvRow> rows;     ///< CSV: the household's rows, in input order
    std::string id;               ///< CSV: the household id (empty when it could not be read)
    std::string problem;          ///< the input is malformed here: the case is rejected with this reason
};

/// What a population says about a case beside the rules' inputs.
struct CaseAttributes {
    std::string id;                     ///< the case's id, or "ligne N" when the input gives none
    bool id_given = false;
    engine::Value weight = engine::one; ///< exact decimal, >= 0
    std::optional<bool> qpv;            ///< lives in a quartier prioritaire de la politique de la ville
};

struct DecodedCase {
    CaseAttributes attributes;
    /// The case in the simulator's format, without the population keys: in `flat` for a line
    /// FlatJson reads (most), else in `json` (CSV households, lines left to nlohmann).
    FlatJson flat;
    bool in_flat = false;
    nlohmann::json json;
    JsonView view() const { return in_flat ? JsonView(flat, FlatJson::root) : JsonView(json); }
    std::vector<std::string> problems;  ///< not empty: the case cannot be read (each in French)
    bool malformed = false;             ///< the text itself is not a case (JSON syntax, not an object)
};

/// The columns of a CSV population, checked against the rules once.
struct CsvLayout;

/// A population being read from a stream (which must outlive it).
class PopulationInput {
public:
    /// Reads the CSV header (for CSV) and checks its columns against `program` (the base
    /// rules: input names, entities, types, roles). On a problem that makes the whole input
    /// unreadable (no header, an unknown column), returns the problems in French.
    static std::variant<PopulationInput, std::vector<std::string>> open(std::istream& in, PopulationFormat format,
                                                                       const ir::Program& program);

    PopulationInput(PopulationInput&&) noexcept;
    PopulationInput& operator=(PopulationInput&&) noexcept;
    ~PopulationInput();

    PopulationFormat format() const { return format_; }

    /// The next raw case; false at the end of the input. Blank lines are skipped.
    bool next(RawCase& out);

    /// Decodes a raw case. Thread-safe (const, reads only the layout and the program).
    DecodedCase decode(const RawCase& raw) const;
    /// The same into `out`, whose storage it reuses (a worker decodes its cases into one).
    void decode(const RawCase& raw, DecodedCase& out) const;

    /// Bytes consumed so far (for a progress estimate).
    std::uint64_t bytes_read() const { return bytes_; }

private:
    PopulationInput(std::istream& in, PopulationFormat format, const ir::Program& program);
    bool read_line(std::string& line);
    bool next_csv_row(CsvRow& row, std::string& problem);
    void decode_json_line(const RawCase& raw, DecodedCase& out) const;
    DecodedCase decode_csv_household(const RawCase& raw) const;

    std::istream* in_;
    PopulationFormat format_;
    const ir::Program* program_;
    std::unique_ptr<CsvLayout> layout_;
    std::uint64_t line_ = 0;
    std::uint64_t bytes_ = 0;
    std::optional<CsvRow> pending_;  ///< a row read ahead: the first of the next household
    std::string pending_problem_;    ///< why that row is malformed, if it is
};

enum class CsvSplit {
    Ok,
    Unclosed,   ///< a quoted field is not closed: the record goes on on the next line
    Malformed,  ///< text after a closing quote
};
/// Splits one CSV record (RFC 4180: `separator`-separated; a field in double quotes may hold
/// separators, newlines and "" for a quote). Exposed for tests.
CsvSplit split_csv_record(std::string_view text, char separator, std::vector<std::string>& fields);

/// A field written for CSV: quoted when it holds the separator ',', a quote or a newline.
std::string csv_field(std::string_view text);

}  // namespace relais::simulator
