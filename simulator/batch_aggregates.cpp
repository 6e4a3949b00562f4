// Sums of a population run and their two renderings: aggregates.json (nested, for programs) and
// aggregates.csv (one number per row, for spreadsheets and DataFrames). Both are produced from
// one enumeration of the indicators, so they always say the same thing.
#include "simulator/batch_aggregates.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <limits>

#include "engine/calendar.hpp"
#include "simulator/population.hpp"

namespace relais::simulator {

namespace {

constexpr Wide micro = 1'000'000;

Wide round_div(Wide n, Wide d) {
    // Half away from zero; d > 0.
    const Wide q = n / d;
    const Wide r = n % d;
    if (2 * (r < 0 ? -r : r) >= d) return n < 0 ? q - 1 : q + 1;
    return q;
}

std::string wide_text(Wide v) {
    if (v == 0) return "0";
    const bool negative = v < 0;
    std::string digits;
    while (v != 0) {
        const int d = static_cast<int>(v % 10);
        digits += static_cast<char>('0' + (d < 0 ? -d : d));
        v /= 10;
    }
    if (negative) digits += '-';
    std::reverse(digits.begin(), digits.end());
    return digits;
}

std::string cents_text(Wide cents) {
    const bool negative = cents < 0;
    const Wide a = negative ? -cents : cents;
    std::string frac = wide_text(a % 100);
    if (frac.size() < 2) frac = "0" + frac;
    return (negative ? "-" : "") + wide_text(a / 100) + "." + frac;
}

std::string band_label(const std::vector<engine::Value>& bands, std::size_t b) {
    const auto euros = [](engine::Value v) { return engine::format_decimal(v); };
    const std::string low = b == 0 ? "0" : euros(bands[b - 1]);
    return b < bands.size() ? "tranche_" + low + "_" + euros(bands[b]) : "tranche_" + low + "_plus";
}

// Every number a group reports, once: the JSON and the CSV are both built from this.
struct Indicator {
    std::string month;       ///< "AAAA-MM" or "periode"
    std::string object;      ///< scheme, transition, "" (resources), gagnants / perdants / inchanges
    std::string name;
    enum class Unit { Count, Amount } unit = Unit::Count;
    Wide base = 0;
    Wide reform = 0;
};

void for_each_month_indicator(const BatchLayout& layout, engine::Month month, const std::vector<Wide>& record,
                              const std::function<void(const Indicator&)>& visit) {
    using L = BatchLayout;
    const std::string m = engine::format_month(month);
    const auto emit = [&](const std::string& object, const std::string& name, Indicator::Unit unit, std::size_t base_at,
                          std::size_t reform_at) {
        visit({m, object, name, unit, record[base_at], record[base_at] + record[reform_at]});  // reform − base kept
    };
    using U = Indicator::Unit;
    for (std::size_t s = 0; s < layout.schemes.size(); ++s) {
        const auto& scheme = layout.schemes[s];
        const auto at = [&](int side, L::SchemeField f) { return layout.scheme_at(side, s, f); };
        emit(scheme.name, "foyers", U::Count, at(0, L::Households), at(1, L::Households));
        emit(scheme.name, "beneficiaires", U::Count, at(0, L::Beneficiaries), at(1, L::Beneficiaries));
        if (scheme.connexe) {
            emit(scheme.name, "valeur", U::Amount, at(0, L::ConnexeValue), at(1, L::ConnexeValue));
        } else {
            emit(scheme.name, "verse", U::Amount, at(0, L::Paid), at(1, L::Paid));
            emit(scheme.name, "du", U::Amount, at(0, L::Due), at(1, L::Due));
        }
    }
    const auto side = [&](L::SideField f) { return std::make_pair(layout.side_at(0, f), layout.side_at(1, f)); };
    for (const auto& [name, field, unit] : {std::tuple{"ressources_totales", L::Total, U::Amount},
                                            std::tuple{"revenus_hors_prestations", L::Earnings, U::Amount},
                                            std::tuple{"prestations_versees", L::Benefits, U::Amount},
                                            std::tuple{"ruptures", L::Ruptures, U::Count},
                                            std::tuple{"baisses_de_ressources", L::ResourceDrops, U::Count},
                                            std::tuple{"droits_interrompus", L::RightGaps, U::Count}}) {
        const auto [b, r] = side(field);
        emit("", name, unit, b, r);
    }
    for (std::size_t t = 0; t < layout.transitions.size(); ++t) {
        const auto& name = layout.transitions[t].name;
        emit(name, "transitions", U::Count, layout.transition_at(0, t, L::Count), layout.transition_at(1, t, L::Count));
        emit(name, "avec_interruption", U::Count, layout.transition_at(0, t, L::WithGap), layout.transition_at(1, t, L::WithGap));
        emit(name, "mois_sans_droit", U::Count, layout.transition_at(0, t, L::GapMonths),
             layout.transition_at(1, t, L::GapMonths));
    }
}

std::string as_text(Indicator::Unit unit, Wide v) {
    return unit == Indicator::Unit::Amount ? wide_amount(v) : wide_decimal(v);
}

nlohmann::ordered_json three(Indicator::Unit unit, Wide base, Wide reform) {
    nlohmann::ordered_json j;
    j["base"] = as_text(unit, base);
    j["reforme"] = as_text(unit, reform);
    j["ecart"] = as_text(unit, reform - base);
    return j;
}

nlohmann::ordered_json gains_json(const BatchLayout& layout, const GroupSums::Gains& gains) {
    nlohmann::ordered_json j;
    j["nombre"] = wide_decimal(gains.weight);
    j["cas"] = gains.cases;
    j["montant_total"] = wide_amount(gains.amount);
    j["montant_moyen"] = gains.weight > 0 ? nlohmann::ordered_json(wide_mean_amount(gains.amount, gains.weight))
                                          : nlohmann::ordered_json(nullptr);
    nlohmann::ordered_json bands = nlohmann::ordered_json::array();
    for (std::size_t b = 0; b < gains.bands.size(); ++b) {
        nlohmann::ordered_json band;
        band["de"] = b == 0 ? std::string("0.00") : engine::format_fixed(layout.gain_bands[b - 1], 2);
        band["jusqu_a"] = b < layout.gain_bands.size() ? nlohmann::ordered_json(engine::format_fixed(layout.gain_bands[b], 2))
                                                       : nlohmann::ordered_json(nullptr);
        band["nombre"] = wide_decimal(gains.bands[b]);
        bands.push_back(std::move(band));
    }
    j["tranches"] = std::move(bands);
    return j;
}

}  // namespace

// ---- Layout ----

BatchLayout make_batch_layout(const ir::Program& base, const ir::Program& reform, std::vector<engine::Value> gain_bands,
                              std::vector<int> age_bands) {
    BatchLayout layout;
    layout.gain_bands = std::move(gain_bands);
    layout.age_bands = std::move(age_bands);
    const ir::Program* programs[2] = {&base, &reform};
    for (int side = 0; side < 2; ++side) {
        const ir::Program& p = *programs[side];
        layout.scheme_of[side].assign(p.schemes.size(), ir::none);
        for (std::uint32_t s = 0; s < p.schemes.size(); ++s) {
            auto it = std::find_if(layout.schemes.begin(), layout.schemes.end(),
                                   [&](const BatchLayout::Scheme& x) { return x.name == p.schemes[s].name; });
            if (it == layout.schemes.end()) {
                layout.schemes.push_back({p.schemes[s].name, p.schemes[s].nature == ir::SchemeNature::DroitConnexe});
                it = layout.schemes.end() - 1;
            }
            (side == 0 ? it->base : it->reform) = s;
            layout.scheme_of[side][s] = static_cast<std::uint32_t>(it - layout.schemes.begin());
        }
        layout.transition_of[side].assign(p.transitions.size(), ir::none);
        for (std::uint32_t t = 0; t < p.transitions.size(); ++t) {
            auto it = std::find_if(layout.transitions.begin(), layout.transitions.end(),
                                   [&](const BatchLayout::Transition& x) { return x.name == p.transitions[t].name; });
            if (it == layout.transitions.end()) {
                layout.transitions.push_back({p.transitions[t].name});
                it = layout.transitions.end() - 1;
            }
            (side == 0 ? it->base : it->reform) = t;
            layout.transition_of[side][t] = static_cast<std::uint32_t>(it - layout.transitions.begin());
        }
    }
    return layout;
}

const char* dimension_name(Dimension d) {
    switch (d) {
        case Dimension::Ensemble: return "ensemble";
        case Dimension::AgeBand: return "tranche_age";
        case Dimension::HouseholdType: return "type_foyer";
        case Dimension::Qpv: return "qpv";
        case Dimension::Commune: return "commune";
    }
    return "";
}

// ---- One case ----

void contribution_of(const BatchLayout& layout, const Run& base, const Run& reform, CaseContribution& c) {
    using L = BatchLayout;
    const std::size_t months = base.timeline.months.size();
    const std::size_t width = layout.month_width();
    c.first = 0;
    c.month_count = months;
    c.values.clear();
    c.total_base = 0;
    c.total_reform = 0;
    c.ruptures_base = 0;
    c.ruptures_reform = 0;
    if (months == 0) return;
    // Built dense, then kept sparse: a bit per field says it was written (most fields of most
    // cases never are), so that neither zeroing nor reading back goes over every field.
    thread_local std::vector<std::int64_t> dense;
    thread_local std::vector<std::uint64_t> written;
    dense.resize(months * width);
    written.assign((months * width + 63) / 64, 0);
    const auto field = [&](std::size_t at) -> std::int64_t& {
        std::uint64_t& word = written[at / 64];
        const std::uint64_t bit = std::uint64_t{1} << (at % 64);
        if ((word & bit) == 0) {
            word |= bit;
            dense[at] = 0;
        }
        return dense[at];
    };
    const auto set = [&](std::size_t at, std::int64_t value) {
        if (value != 0) field(at) = value;
    };
    // Calls f(at) for every written field from `from` to `to` (excluded), in order.
    const auto for_each_written = [&](std::size_t from, std::size_t to, auto f) {
        for (std::size_t w = from / 64; w * 64 < to; ++w) {
            std::uint64_t bits = written[w];
            if (w * 64 < from) bits &= ~std::uint64_t{0} << (from % 64);
            if ((w + 1) * 64 > to) bits &= ~(~std::uint64_t{0} << (to % 64));
            for (; bits != 0; bits &= bits - 1) f(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
        }
    };
    c.first = base.timeline.months.front().month;
    const Run* runs[2] = {&base, &reform};
    // The reform's run is the base's (the case is not touched by the reform): reform − base is
    // zero, when both sides number schemes and transitions alike.
    const bool same_run = &base == &reform && layout.scheme_of[0] == layout.scheme_of[1] &&
                          layout.transition_of[0] == layout.transition_of[1];
    for (int side = 0; side < (same_run ? 1 : 2); ++side) {
        const Run& run = *runs[side];
        const auto& scheme_of = layout.scheme_of[side];
        for (std::size_t i = 0; i < months && i < run.timeline.months.size(); ++i) {
            const MonthResult& month = run.timeline.months[i];
            const std::size_t record = i * width;
            for (std::size_t s = 0; s < month.totals.size(); ++s) {
                const SchemeTotal& total = month.totals[s];
                if (!total.held && total.paid == 0 && total.due == 0 && total.value == 0) continue;  // nothing to write
                const std::size_t at = record + layout.scheme_at(side, scheme_of[s], L::SchemeField{});
                set(at + L::Households, total.held ? 1 : 0);
                set(at + L::Paid, total.paid);
                set(at + L::Due, total.due);
                set(at + L::ConnexeValue, total.value);
                set(at + L::Beneficiaries, total.beneficiaries);
            }
            set(record + layout.side_at(side, L::Total), month.resources.total);
            set(record + layout.side_at(side, L::Earnings), month.resources.earnings);
            set(record + layout.side_at(side, L::Benefits), month.resources.benefits);
        }
        const auto index_of = [&](engine::Month m) -> std::int64_t {
            const std::int64_t i = m - c.first;
            return i >= 0 && static_cast<std::size_t>(i) < months ? i : -1;
        };
        for (const Rupture& rupture : run.ruptures) {
            const std::int64_t i = index_of(rupture.month);
            if (i < 0) continue;
            const std::size_t record = static_cast<std::size_t>(i) * width;
            ++field(record + layout.side_at(side, L::Ruptures));
            ++field(record + layout.side_at(side, rupture.kind == Rupture::Kind::RightGap ? L::RightGaps : L::ResourceDrops));
        }
        for (const TransitionReport& report : run.transitions) {
            const std::int64_t i = index_of(report.from_last_paid + 1);
            if (i < 0) continue;
            const std::size_t record = static_cast<std::size_t>(i) * width;
            const std::uint32_t t = layout.transition_of[side][report.transition];
            ++field(record + layout.transition_at(side, t, L::Count));
            if (report.gap_months > 0) {
                ++field(record + layout.transition_at(side, t, L::WithGap));
                field(record + layout.transition_at(side, t, L::GapMonths)) += report.gap_months;
            }
        }
        engine::Value total = 0;
        for (const MonthResult& month : run.timeline.months) total = engine::checked_add(total, month.resources.total);
        (side == 0 ? c.total_base : c.total_reform) = total;
        (side == 0 ? c.ruptures_base : c.ruptures_reform) = static_cast<std::int64_t>(run.ruptures.size());
    }
    const std::size_t half = layout.side_width();
    if (same_run) {
        c.total_reform = c.total_base;
        c.ruptures_reform = c.ruptures_base;
    } else {
        // The reform side is kept as reform − base: it is written wherever the base side is.
        for (std::size_t i = 0; i < months; ++i)
            for_each_written(i * width, i * width + half, [&](std::size_t at) { field(at + half); });
    }
    const auto is_written = [&](std::size_t at) { return (written[at / 64] >> (at % 64) & 1) != 0; };
    // A difference of two int64 may need 65 bits: then more than one entry at the position.
    const auto emit = [&](std::size_t at, Wide v) {
        const auto position = static_cast<std::uint32_t>(at);
        using limits = std::numeric_limits<std::int64_t>;
        for (; v > limits::max(); v -= limits::max()) c.values.emplace_back(position, limits::max());
        for (; v < limits::min(); v -= limits::min()) c.values.emplace_back(position, limits::min());
        if (v != 0) c.values.emplace_back(position, static_cast<std::int64_t>(v));
    };
    for (std::size_t i = 0; i < months; ++i) {
        const std::size_t record = i * width;
        for_each_written(record, record + half, [&](std::size_t at) { emit(at, dense[at]); });
        if (same_run) continue;  // reform − base is zero everywhere
        for_each_written(record + half, record + width, [&](std::size_t at) {
            emit(at, static_cast<Wide>(dense[at]) - (is_written(at - half) ? dense[at - half] : 0));
        });
    }
}

// ---- Sums ----

void GroupSums::add(const BatchLayout& layout, const CaseContribution& c, engine::Value w,
                    const std::vector<WeightedTerm>& terms) {
    ++cases;
    weight += w;
    // Every reported month has a record, even one where the case adds nothing.
    if (cache_.value.first != c.first || cache_.value.records.size() != c.month_count) {
        cache_.value.first = c.first;
        cache_.value.records.resize(c.month_count);
        for (std::size_t i = 0; i < c.month_count; ++i) {
            std::vector<Wide>& record = months[c.first + static_cast<engine::Month>(i)];
            if (record.empty()) record.assign(layout.month_width(), 0);
            cache_.value.records[i] = record.data();
        }
    }
    Wide* const* const records = cache_.value.records.data();
    for (const WeightedTerm& term : terms) records[term.month][term.field] += term.amount;
    const Wide gain = static_cast<Wide>(c.total_reform) - c.total_base;
    total_base += static_cast<Wide>(w) * c.total_base;
    total_reform += static_cast<Wide>(w) * c.total_reform;
    ruptures_base += static_cast<Wide>(w) * c.ruptures_base;
    ruptures_reform += static_cast<Wide>(w) * c.ruptures_reform;
    if (gain == 0) {
        ++unchanged_cases;
        unchanged_weight += w;
        return;
    }
    Gains& side = gain > 0 ? winners : losers;
    const Wide size = gain > 0 ? gain : -gain;
    if (side.bands.empty()) side.bands.assign(layout.gain_bands.size() + 1, 0);
    ++side.cases;
    side.weight += w;
    side.amount += static_cast<Wide>(w) * size;
    std::size_t band = 0;
    while (band < layout.gain_bands.size() && size > layout.gain_bands[band]) ++band;
    side.bands[band] += w;
}

void GroupSums::merge(const GroupSums& other) {
    cases += other.cases;
    weight += other.weight;
    for (const auto& [month, record] : other.months) {
        std::vector<Wide>& mine = months[month];
        if (mine.empty()) mine.assign(record.size(), 0);
        for (std::size_t k = 0; k < record.size(); ++k) mine[k] += record[k];
    }
    for (auto [mine, theirs] : {std::pair{&winners, &other.winners}, std::pair{&losers, &other.losers}}) {
        mine->cases += theirs->cases;
        mine->weight += theirs->weight;
        mine->amount += theirs->amount;
        if (mine->bands.size() < theirs->bands.size()) mine->bands.resize(theirs->bands.size(), 0);
        for (std::size_t b = 0; b < theirs->bands.size(); ++b) mine->bands[b] += theirs->bands[b];
    }
    unchanged_cases += other.unchanged_cases;
    unchanged_weight += other.unchanged_weight;
    total_base += other.total_base;
    total_reform += other.total_reform;
    ruptures_base += other.ruptures_base;
    ruptures_reform += other.ruptures_reform;
}

void Aggregates::add(const CaseContribution& contribution, const CaseGroups& groups, engine::Value weight) {
    if (weight != engine::one) weighted_ = true;
    static const std::string whole;  // the label of the whole population
    const std::tuple<Dimension, int, const std::string&> keys[] = {
        {Dimension::Ensemble, 0, whole},
        {Dimension::AgeBand, groups.age_rank, groups.age_band},
        {Dimension::HouseholdType, groups.household_rank, groups.household_type},
        {Dimension::Qpv, groups.qpv_rank, groups.qpv},
        {Dimension::Commune, 0, groups.commune}};
    // The weighted values once for the case's groups. Positions do not decrease: walk the
    // months along instead of dividing each position.
    const std::size_t width = layout_->month_width();
    terms_.clear();
    std::uint32_t month = 0;
    std::size_t month_start = 0;
    for (const auto& [at, value] : contribution.values) {
        while (at >= month_start + width) {
            month_start += width;
            ++month;
        }
        terms_.push_back({month, static_cast<std::uint32_t>(at - month_start), static_cast<Wide>(weight) * value});
    }
    for (const auto& [dimension, rank, label] : keys) group(dimension, rank, label).add(*layout_, contribution, weight, terms_);
}

GroupSums& Aggregates::group(Dimension dimension, int rank, const std::string& label) {
    const auto d = static_cast<std::size_t>(dimension);
    auto& dimensions = index_.value;
    if (dimensions.size() <= d) dimensions.resize(d + 1);
    const auto found = dimensions[d].find(label);
    if (found != dimensions[d].end() && found->second.first == rank) return *found->second.second;
    GroupSums& sums = groups_[GroupKey{dimension, rank, label}];
    dimensions[d].insert_or_assign(label, std::pair{rank, &sums});
    return sums;
}

void Aggregates::merge(const Aggregates& other) {
    weighted_ = weighted_ || other.weighted_;
    for (const auto& [key, sums] : other.groups_) group(key.dimension, key.rank, key.label).merge(sums);
}

// ---- Numbers ----

std::string wide_decimal(Wide millionths) {
    const bool negative = millionths < 0;
    const Wide a = negative ? -millionths : millionths;
    std::string frac = wide_text(a % micro);
    frac.insert(0, 6 - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return (negative ? "-" : "") + wide_text(a / micro) + (frac.empty() ? "" : "." + frac);
}

std::string wide_amount(Wide picos) { return cents_text(round_div(picos, static_cast<Wide>(10'000'000'000LL))); }

std::string wide_mean_amount(Wide picos, Wide weight_millionths) {
    return cents_text(round_div(picos, weight_millionths * 10'000));
}

// ---- Renderings ----

nlohmann::ordered_json batch_json_root(const BatchHeader& header) {
    using json = nlohmann::ordered_json;
    json root;
    root["version"] = "relais.lot/1";
    json stamp;
    stamp["moteur"] = header.engine_version;
    stamp["regles"] = header.rules_hash;
    stamp["reference"] = header.baseline_hash ? json(*header.baseline_hash) : json(nullptr);
    stamp["reforme"] = header.reform_hash;
    root["tampon"] = std::move(stamp);
    root["reference"] = header.baseline_label;
    root["reforme"] = header.reform_label;
    return root;
}

nlohmann::ordered_json aggregates_json(const Aggregates& aggregates, const BatchHeader& header) {
    const BatchLayout& layout = aggregates.layout();
    using json = nlohmann::ordered_json;
    json root = batch_json_root(header);
    root["seuil_rupture"] = engine::format_decimal(header.rupture_share);
    root["ponderation"] = aggregates.weighted();
    json schemes = json::array();
    for (const auto& s : layout.schemes) {
        json j;
        j["nom"] = s.name;
        j["nature"] = s.connexe ? "droit_connexe" : "prestation";
        j["dans_la_reference"] = s.base != ir::none;
        j["dans_la_reforme"] = s.reform != ir::none;
        schemes.push_back(std::move(j));
    }
    root["dispositifs"] = std::move(schemes);
    json transitions = json::array();
    for (const auto& t : layout.transitions) transitions.push_back(t.name);
    root["transitions"] = std::move(transitions);
    json bands = json::array();
    for (const engine::Value b : layout.gain_bands) bands.push_back(engine::format_fixed(b, 2));
    root["tranches_de_gain"] = std::move(bands);

    json groups = json::array();
    for (const auto& [key, sums] : aggregates.groups()) {
        json g;
        g["dimension"] = dimension_name(key.dimension);
        g["groupe"] = key.label;
        g["cas"] = sums.cases;
        g["poids"] = wide_decimal(sums.weight);
        json period;
        period["ressources_totales"] = three(Indicator::Unit::Amount, sums.total_base, sums.total_reform);
        period["ruptures"] = three(Indicator::Unit::Count, sums.ruptures_base, sums.ruptures_reform);
        period["gagnants"] = gains_json(layout, sums.winners);
        period["perdants"] = gains_json(layout, sums.losers);
        json unchanged;
        unchanged["nombre"] = wide_decimal(sums.unchanged_weight);
        unchanged["cas"] = sums.unchanged_cases;
        period["inchanges"] = std::move(unchanged);
        g["periode"] = std::move(period);
        json months = json::array();
        for (const auto& [month, record] : sums.months) {
            json m;
            m["mois"] = engine::format_month(month);
            json schemes_of_month = json::object();
            json resources = json::object();
            json transitions_of_month = json::object();
            for_each_month_indicator(layout, month, record, [&](const Indicator& x) {
                json& target = x.object.empty() ? resources
                               : std::any_of(layout.schemes.begin(), layout.schemes.end(),
                                             [&](const BatchLayout::Scheme& s) { return s.name == x.object; })
                                   ? schemes_of_month[x.object]
                                   : transitions_of_month[x.object];
                target[x.name] = three(x.unit, x.base, x.reform);
            });
            m["dispositifs"] = std::move(schemes_of_month);
            m["ressources"] = std::move(resources);
            m["transitions"] = std::move(transitions_of_month);
            months.push_back(std::move(m));
        }
        g["mois"] = std::move(months);
        groups.push_back(std::move(g));
    }
    root["groupes"] = std::move(groups);
    return root;
}

void write_aggregates_csv(const Aggregates& aggregates, std::ostream& out) {
    const BatchLayout& layout = aggregates.layout();
    out << "dimension,groupe,mois,objet,indicateur,calcul,valeur\n";
    for (const auto& [key, sums] : aggregates.groups()) {
        const std::string prefix = std::string(dimension_name(key.dimension)) + "," + csv_field(key.label) + ",";
        const auto row = [&](const std::string& month, const std::string& object, const std::string& name,
                             const std::string& calcul, const std::string& value) {
            out << prefix << month << ',' << csv_field(object) << ',' << name << ',' << calcul << ',' << value << '\n';
        };
        const auto three_rows = [&](const std::string& month, const std::string& object, const std::string& name,
                                    Indicator::Unit unit, Wide base, Wide reform) {
            row(month, object, name, "base", as_text(unit, base));
            row(month, object, name, "reforme", as_text(unit, reform));
            row(month, object, name, "ecart", as_text(unit, reform - base));
        };
        row("periode", "", "cas", "", std::to_string(sums.cases));
        row("periode", "", "poids", "", wide_decimal(sums.weight));
        three_rows("periode", "", "ressources_totales", Indicator::Unit::Amount, sums.total_base, sums.total_reform);
        three_rows("periode", "", "ruptures", Indicator::Unit::Count, sums.ruptures_base, sums.ruptures_reform);
        for (const auto& [object, gains] : {std::pair{"gagnants", &sums.winners}, std::pair{"perdants", &sums.losers}}) {
            row("periode", object, "nombre", "", wide_decimal(gains->weight));
            row("periode", object, "cas", "", std::to_string(gains->cases));
            row("periode", object, "montant_total", "", wide_amount(gains->amount));
            row("periode", object, "montant_moyen", "", gains->weight > 0 ? wide_mean_amount(gains->amount, gains->weight) : "");
            for (std::size_t b = 0; b <= layout.gain_bands.size(); ++b)
                row("periode", object, band_label(layout.gain_bands, b), "",
                    wide_decimal(b < gains->bands.size() ? gains->bands[b] : 0));
        }
        row("periode", "inchanges", "nombre", "", wide_decimal(sums.unchanged_weight));
        row("periode", "inchanges", "cas", "", std::to_string(sums.unchanged_cases));
        for (const auto& [month, record] : sums.months)
            for_each_month_indicator(layout, month, record, [&](const Indicator& x) {
                three_rows(x.month, x.object, x.name, x.unit, x.base, x.reform);
            });
    }
}

}  // namespace relais::simulator
