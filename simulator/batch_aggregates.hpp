// What a population run keeps of its cases: exact sums per group of cases (the whole population,
// and by age band of the claimant, household type, QPV and commune), per month and scheme, for
// the base law and the reform, and the winners and losers over the period. Every sum is an
// integer (weights and amounts are exact decimals in millionths), so that adding cases in any
// order, on any number of threads, gives the same bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/calendar.hpp"
#include "engine/decimal.hpp"
#include "engine/ir/ir.hpp"
#include "simulator/simulation.hpp"

namespace relais::simulator {

__extension__ using Wide = __int128;

/// The schemes and transitions a population run reports, matched by name across the base and
/// reform programs (base order first), and how a month of sums is laid out.
struct BatchLayout {
    struct Scheme {
        std::string name;
        bool connexe = false;       ///< a droit connexe (held, with a value) rather than a prestation (paid)
        std::uint32_t base = ir::none;    ///< index in the base program's schemes
        std::uint32_t reform = ir::none;  ///< in the reform program's
    };
    struct Transition {
        std::string name;
        std::uint32_t base = ir::none;
        std::uint32_t reform = ir::none;
    };
    std::vector<Scheme> schemes;
    std::vector<Transition> transitions;
    /// Program scheme / transition index -> index above, for each side (0 base, 1 reform).
    std::vector<std::uint32_t> scheme_of[2];
    std::vector<std::uint32_t> transition_of[2];
    /// Upper bounds of the bands of gains and losses over the period, in millionths of a euro,
    /// increasing; a last band holds what is above the last bound.
    std::vector<engine::Value> gain_bands;
    /// Lower bounds of the age bands of the claimant (years), increasing.
    std::vector<int> age_bands;

    // One side (base or reform) of one month: per scheme `scheme_fields` sums, then the
    // household's resources and counts, then per transition `transition_fields` sums. In a
    // contribution and in a group's sums the reform side holds reform − base, so that a case
    // the reform leaves alone adds nothing there.
    enum SchemeField { Households, Beneficiaries, Paid, Due, ConnexeValue, scheme_fields };
    enum SideField { Total, Earnings, Benefits, Ruptures, ResourceDrops, RightGaps, side_fields };
    enum TransitionField { Count, WithGap, GapMonths, transition_fields };

    std::size_t side_width() const {
        return schemes.size() * scheme_fields + side_fields + transitions.size() * transition_fields;
    }
    std::size_t month_width() const { return 2 * side_width(); }
    std::size_t scheme_at(int side, std::size_t scheme, SchemeField f) const {
        return side * side_width() + scheme * scheme_fields + f;
    }
    std::size_t side_at(int side, SideField f) const {
        return side * side_width() + schemes.size() * scheme_fields + f;
    }
    std::size_t transition_at(int side, std::size_t transition, TransitionField f) const {
        return side * side_width() + schemes.size() * scheme_fields + side_fields + transition * transition_fields + f;
    }
};

BatchLayout make_batch_layout(const ir::Program& base, const ir::Program& reform, std::vector<engine::Value> gain_bands,
                              std::vector<int> age_bands);

/// The breakdowns of the aggregates.
enum class Dimension { Ensemble, AgeBand, HouseholdType, Qpv, Commune };
const char* dimension_name(Dimension d);

/// The groups a case belongs to, beside the whole population.
struct CaseGroups {
    std::string age_band;        ///< "25-29", "60+", "inconnu"
    int age_rank = 0;            ///< for ordering
    std::string household_type;  ///< personne_seule, couple, parent_isole, couple_avec_enfants, autre
    int household_rank = 0;
    std::string qpv;             ///< oui, non, inconnu
    int qpv_rank = 0;
    std::string commune;         ///< the foyer's depcom at periode.debut, or "inconnue"
};

/// One case's contribution, unweighted: per reported month a record of `month_width` values
/// (counts, and amounts in millionths; the reform side as reform − base), and what is summed
/// over the period.
struct CaseContribution {
    engine::Month first = 0;                ///< first reported month
    std::size_t month_count = 0;
    /// The fields that are not zero, by position (month index * month_width + field), not
    /// decreasing: a case receives a few schemes, so this is much shorter than every field of
    /// every month. A position appears more than once when its reform − base needs more than 64 bits.
    std::vector<std::pair<std::uint32_t, std::int64_t>> values;
    engine::Value total_base = 0;           ///< Σ total resources over the period, base law
    engine::Value total_reform = 0;
    std::int64_t ruptures_base = 0;
    std::int64_t ruptures_reform = 0;
};

/// `base` and `reform` are the two runs of one case (same months); into `out`, whose storage
/// is reused from one case to the next.
void contribution_of(const BatchLayout& layout, const Run& base, const Run& reform, CaseContribution& out);

/// Exact sums over a group of cases; weighted fields hold Σ weight × value (weights in
/// millionths, so a weighted count is in millionths and a weighted amount in 10^-12 euros).
/// A cache of pointers into the object that holds it: a copy starts it empty (it would point
/// into the original); a move keeps it (the pointed-to nodes move along).
template <class T>
struct ResetOnCopy {
    T value;
    ResetOnCopy() = default;
    ResetOnCopy(const ResetOnCopy&) {}
    ResetOnCopy(ResetOnCopy&&) noexcept = default;
    ResetOnCopy& operator=(const ResetOnCopy&) {
        value = T();
        return *this;
    }
    ResetOnCopy& operator=(ResetOnCopy&&) noexcept = default;
};

/// A value of a contribution times the case's weight, at its month (index among the case's
/// reported months) and field: computed once per case, for each of the groups it is added to.
struct WeightedTerm {
    std::uint32_t month = 0;
    std::uint32_t field = 0;
    Wide amount = 0;
};

struct GroupSums {
    std::uint64_t cases = 0;
    Wide weight = 0;
    std::map<engine::Month, std::vector<Wide>> months;
    struct Gains {
        std::uint64_t cases = 0;
        Wide weight = 0;
        Wide amount = 0;          ///< Σ weight × |gain|
        std::vector<Wide> bands;  ///< Σ weight per band (gain_bands.size() + 1)
    };
    Gains winners;
    Gains losers;
    std::uint64_t unchanged_cases = 0;
    Wide unchanged_weight = 0;
    Wide total_base = 0;
    Wide total_reform = 0;
    Wide ruptures_base = 0;
    Wide ruptures_reform = 0;

    /// Adds a case of contribution `c` and weight `weight`; `terms` are c.values weighted.
    void add(const BatchLayout& layout, const CaseContribution& c, engine::Value weight,
             const std::vector<WeightedTerm>& terms);
    void merge(const GroupSums& other);

private:
    /// The records of the last case's months (map nodes do not move, nor a record once
    /// sized): the next case, usually over the same months, finds them without a look-up.
    struct RecordCache {
        engine::Month first = 0;
        std::vector<Wide*> records;
    };
    ResetOnCopy<RecordCache> cache_;
};

struct GroupKey {
    Dimension dimension = Dimension::Ensemble;
    int rank = 0;
    std::string label;
    friend bool operator<(const GroupKey& a, const GroupKey& b) {
        return std::tie(a.dimension, a.rank, a.label) < std::tie(b.dimension, b.rank, b.label);
    }
};

class Aggregates {
public:
    explicit Aggregates(const BatchLayout* layout = nullptr) : layout_(layout) {}
    void add(const CaseContribution& contribution, const CaseGroups& groups, engine::Value weight);
    void merge(const Aggregates& other);
    const std::map<GroupKey, GroupSums>& groups() const { return groups_; }
    const BatchLayout& layout() const { return *layout_; }
    bool weighted() const { return weighted_; }

private:
    GroupSums& group(Dimension dimension, int rank, const std::string& label);

    const BatchLayout* layout_;
    std::map<GroupKey, GroupSums> groups_;
    /// [dimension] -> label -> (rank, its sums in groups_): a case finds its five groups
    /// without comparing keys along the map. Rebuilt on demand.
    ResetOnCopy<std::vector<std::unordered_map<std::string, std::pair<int, GroupSums*>>>> index_;
    std::vector<WeightedTerm> terms_;  ///< add()'s, kept for its storage
    bool weighted_ = false;  ///< some case has a weight other than 1
};

/// Exact decimal text of a sum in millionths (a weighted count): "1234.5", "3".
std::string wide_decimal(Wide millionths);
/// A weighted amount (10^-12 euros) rounded to the cent, half away from zero: "1234.57".
std::string wide_amount(Wide picos);
/// numerator / denominator rounded to the cent (half away from zero), as "12.34"; both in the
/// same unit scaled so that numerator / denominator is in euros times `scale`.
std::string wide_mean_amount(Wide picos, Wide weight_millionths);

/// What describes a run in aggregates.json and summary.json.
struct BatchHeader {
    std::string engine_version;
    std::string rules_hash;
    std::optional<std::string> baseline_hash;  ///< --baseline overlay, if any
    std::string reform_hash;
    std::string baseline_label;                ///< how the run names the base law (paths)
    std::string reform_label;
    engine::Value rupture_share = 0;
};

/// The opening keys every batch JSON file shares: version, tampon (stamp), reference, reforme.
nlohmann::ordered_json batch_json_root(const BatchHeader& header);
nlohmann::ordered_json aggregates_json(const Aggregates& aggregates, const BatchHeader& header);
void write_aggregates_csv(const Aggregates& aggregates, std::ostream& out);

}  // namespace relais::simulator
