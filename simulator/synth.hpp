// A synthetic population of the Métropole de Lyon for population runs and benchmarks: households
// drawn with calibrated shares (household types, ages, earnings, RSA, prime d'activité, AAH and
// RSJ profiles, QPV, communes weighted by population) and events during the period (job starts,
// POE entries, job losses, births, separations), so that reforms have something to act on. The
// figures and their sources are in docs/population.md. Deterministic for a seed on every
// platform: its own PRNG (xoshiro256**), integer arithmetic only, no std:: distribution.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/calendar.hpp"
#include "engine/decimal.hpp"

namespace relais::simulator {

/// xoshiro256** (Blackman and Vigna, 2018), seeded through splitmix64.
class Xoshiro256 {
public:
    explicit Xoshiro256(std::uint64_t seed);
    /// A generator in a given state (not all zero), for the reference test vectors.
    static Xoshiro256 from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3);
    std::uint64_t next();
    /// Uniform in [0, n) (n > 0), without modulo bias (Lemire's method with rejection).
    std::uint64_t below(std::uint64_t n);
    /// Uniform in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    /// True with probability ppm / 1 000 000.
    bool chance(std::uint32_t ppm);
    /// An index drawn with the given integer weights (not all zero).
    std::size_t pick(const std::vector<std::uint64_t>& weights);

private:
    std::uint64_t s_[4];
};

/// splitmix64 (Steele, Lea and Flood, 2014): advances `state` and returns the next output.
std::uint64_t splitmix64(std::uint64_t& state);

struct SynthOptions {
    std::uint64_t households = 1000;
    std::uint64_t seed = 1;
    engine::Month first = engine::make_month(2026, 1);  ///< periode.debut of every case
    std::int32_t months = 12;
    /// Households the population stands for: each case weighs total / households (exact to the
    /// millionth, rounded). 0: every case weighs 1.
    std::uint64_t represented_households = 662'000;
};

/// The metropolitan communes the generator draws from: INSEE code, name, population and the
/// assumed share of its inhabitants living in a QPV (docs/population.md).
struct SynthCommune {
    int code = 0;
    const char* name = "";
    std::uint32_t population = 0;
    std::uint32_t qpv_share_ppm = 0;  ///< before scaling to the metropolitan 21 %
};
const std::vector<SynthCommune>& synth_communes();

/// Household `index` (0-based) of the population: a case in the simulator's JSON format with
/// the population keys "id", "poids" and "qpv". Depends only on the options and the index.
nlohmann::ordered_json synth_household(const SynthOptions& options, std::uint64_t index);

/// Writes the whole population as JSON Lines.
void write_synth_jsonl(const SynthOptions& options, std::ostream& out);
/// Writes it as CSV (one row per person; docs/population.md).
void write_synth_csv(const SynthOptions& options, std::ostream& out);

}  // namespace relais::simulator
