// A seeded synthetic population of households for the rules in rules/: persons of every age,
// earnings and benefits that change over the months, housing and aide au logement, and a few
// members who join or leave during the period. Used to compare the columnar evaluator with the
// scalar one, and to benchmark it. Header-only so that tests and bench/ share it without a
// library; inputs the program does not declare are skipped, so rules may evolve.
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/calendar.hpp"
#include "engine/case_data.hpp"
#include "engine/ir/ir.hpp"

namespace relais::synthetic {

using engine::CaseData;
using engine::Month;
using engine::Value;

struct PopulationOptions {
    std::size_t households = 500;
    Month first = engine::make_month(2024, 1);
    std::int32_t months = 24;
    std::uint64_t seed = 20240101;
    /// One household in `dated_one_in` has a member who joins or leaves during the period.
    std::uint32_t dated_one_in = 20;
};

/// Builds cases input by input, by name.
class HouseholdBuilder {
public:
    HouseholdBuilder(const ir::Program& program, Month first, Month last) : program_(program) {
        data_.first = first;
        data_.last = last;
        data_.instance_names.resize(program.entities.size());
        data_.members.resize(program.entities.size());
        data_.inputs.resize(program.inputs.size());
        for (std::uint32_t e = 0; e < program.entities.size(); ++e)
            if (program.entities[e].is_group()) group_ = group_ == ir::none ? e : group_;
    }

    std::uint32_t group_entity() const { return group_; }

    std::uint32_t add_person(std::string name) {
        auto& names = data_.instance_names[program_.person_entity];
        names.push_back(std::move(name));
        resize_inputs();
        return static_cast<std::uint32_t>(names.size() - 1);
    }

    /// A group instance (of the first group entity) with `holders` per role.
    std::uint32_t add_group(std::string name, std::vector<std::vector<std::uint32_t>> holders) {
        holders.resize(program_.entities[group_].roles.size());
        data_.instance_names[group_].push_back(std::move(name));
        data_.members[group_].push_back(std::move(holders));
        resize_inputs();
        return static_cast<std::uint32_t>(data_.members[group_].size() - 1);
    }

    /// Role index by name, or `fallback` when the entity has no such role.
    std::uint32_t role(std::string_view name, std::uint32_t fallback) const {
        const auto& roles = program_.entities[group_].roles;
        for (std::uint32_t r = 0; r < roles.size(); ++r)
            if (roles[r].name == name) return r;
        return std::min<std::uint32_t>(fallback, static_cast<std::uint32_t>(roles.size() - 1));
    }

    std::uint32_t input(std::string_view name) const {
        for (std::uint32_t i = 0; i < program_.inputs.size(); ++i)
            if (program_.inputs[i].name == name) return i;
        return ir::none;
    }

    void constant(std::string_view name, std::uint32_t instance, Value v) {
        if (const std::uint32_t i = input(name); i != ir::none) data_.inputs[i][instance].constant = v;
    }
    void by_month(std::string_view name, std::uint32_t instance, std::vector<std::pair<Month, Value>> values) {
        if (const std::uint32_t i = input(name); i != ir::none) data_.inputs[i][instance].by_month = std::move(values);
    }

    /// Dates the membership of holders[role][k] of `group` (inclusive months).
    void member_months(std::uint32_t group, std::uint32_t role, std::size_t k, Month from, Month to) {
        auto& dated = data_.member_months;
        dated.resize(program_.entities.size());
        dated[group_].resize(data_.members[group_].size());
        auto& roles = dated[group_][group];
        roles.resize(data_.members[group_][group].size());
        for (std::size_t r = 0; r < roles.size(); ++r)
            roles[r].resize(data_.members[group_][group][r].size(),
                            {std::numeric_limits<Month>::min(), std::numeric_limits<Month>::max()});
        roles[role][k] = {from, to};
    }

    CaseData& data() { return data_; }

private:
    void resize_inputs() {
        for (std::size_t i = 0; i < program_.inputs.size(); ++i)
            data_.inputs[i].resize(data_.instance_names[program_.inputs[i].entity].size());
    }

    const ir::Program& program_;
    CaseData data_;
    std::uint32_t group_ = ir::none;
};

/// Deterministic on every platform (no std:: distribution, whose output is unspecified).
class Dice {
public:
    explicit Dice(std::uint64_t seed) : rng_(seed) {}
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool one_in(std::int64_t n) { return between(1, n) == 1; }
    bool percent(std::int64_t p) { return between(1, 100) <= p; }
    /// An amount in euros, to the cent, in millionths.
    Value euros(std::int64_t lo, std::int64_t hi) { return between(lo * 100, hi * 100) * 10'000; }

private:
    std::mt19937_64 rng_;
};

/// A monthly amount: constant, or changing once or twice during (or just before) the period.
inline void monthly_amount(HouseholdBuilder& b, Dice& dice, std::string_view input, std::uint32_t instance,
                           Value amount, Month first, Month last) {
    if (dice.percent(60)) {
        b.constant(input, instance, amount);
        return;
    }
    std::vector<std::pair<Month, Value>> months;
    const Month change = static_cast<Month>(dice.between(first - 6, last));
    const Value after = dice.percent(40) ? 0 : amount + dice.euros(-200, 600);
    for (Month m = first - 14; m <= last; ++m) {
        if (dice.one_in(12)) continue;  // a month not given takes the default
        months.emplace_back(m, m < change ? amount : std::max<Value>(after, 0));
    }
    b.by_month(input, instance, std::move(months));
}

inline CaseData synthetic_household(const ir::Program& program, const PopulationOptions& options, std::size_t index,
                                    Dice& dice) {
    const Month first = options.first;
    const Month last = first + options.months - 1;
    HouseholdBuilder b(program, first, last);
    const engine::Date start = engine::first_day(first);
    const std::uint32_t demandeur = b.role("demandeur", 0);
    const std::uint32_t conjoint = b.role("conjoint", 1);
    const std::uint32_t enfants = b.role("enfants", 2);

    const int persons = static_cast<int>(dice.between(1, 5));
    const bool couple = persons >= 2 && dice.percent(55);
    std::vector<std::vector<std::uint32_t>> holders(program.entities[b.group_entity()].roles.size());
    for (int p = 0; p < persons; ++p) {
        const std::uint32_t id = b.add_person("p" + std::to_string(index) + "_" + std::to_string(p));
        const bool adult = p == 0 || (p == 1 && couple);
        (p == 0 ? holders[demandeur] : adult ? holders[conjoint] : holders[enfants]).push_back(id);
        const std::int64_t age = adult ? dice.between(18, 72) : dice.between(0, 24);
        b.constant("date_naissance", id, start - static_cast<Value>(age * 365 + dice.between(0, 364)));
        if (adult) {
            if (dice.percent(55)) {
                monthly_amount(b, dice, "salaire_net", id, dice.euros(200, 3200), first, last);
                b.constant("heures_travaillees", id, dice.between(20, 152) * engine::one);
            } else if (dice.percent(50)) {
                monthly_amount(b, dice, "chomage_net", id, dice.euros(400, 1600), first, last);
            }
            if (dice.percent(6)) {
                b.constant("aah", id, dice.euros(600, 1000));
                b.constant("taux_incapacite", id, dice.percent(50) ? 800'000 : 500'000);
            }
            if (age >= 62 && dice.percent(60)) b.constant("retraite_nette", id, dice.euros(700, 2200));
            if (dice.percent(5)) b.constant("pensions_alimentaires_percues", id, dice.euros(100, 400));
            if (dice.percent(4)) b.by_month("enceinte", id, {{first + static_cast<Month>(dice.between(0, 8)), 1}});
            if (age < 25 && dice.percent(30)) b.constant("rsa_jeune_condition_heures_travail_remplie", id, 1);
        } else {
            if (age >= 18 && dice.percent(30)) b.constant("etudiant", id, 1);
            if (age >= 16 && dice.percent(15)) monthly_amount(b, dice, "remuneration_apprenti", id, dice.euros(300, 900), first, last);
        }
    }
    const std::size_t children = holders[enfants].size();
    const std::uint32_t foyer = b.add_group("f" + std::to_string(index), holders);

    // Housing: the enumeration's values in their declared order.
    const std::uint32_t housing = b.input("statut_occupation_logement");
    if (housing != ir::none) {
        const ir::Type type = program.inputs[housing].type;
        const std::size_t values =
            type.enumeration != ir::none ? program.enumerations[type.enumeration].values.size() : 1;
        const Value status = dice.between(0, static_cast<std::int64_t>(values) - 1);
        b.constant("statut_occupation_logement", foyer, status);
    }
    if (dice.percent(75)) b.constant("loyer", foyer, dice.euros(250, 1200));
    if (dice.percent(55)) monthly_amount(b, dice, "aide_logement", foyer, dice.euros(40, 450), first, last);
    if (children >= 2) b.constant("af", foyer, dice.euros(140, 400));
    if (dice.percent(10)) b.constant("rsa_isolement_recent", foyer, 1);
    if (dice.percent(10)) b.constant("departement_experimentation_rsa", foyer, 1);
    if (dice.percent(15)) b.constant("non_imposable", foyer, 1);
    b.constant("rsa_mois_ouverture", foyer, dice.between(first - 30, last));
    b.constant("ppa_mois_ouverture", foyer, dice.between(first - 30, last));

    // Someone joins (a birth, a new partner's child) or leaves (a separation) mid-period.
    if (options.dated_one_in > 0 && dice.one_in(options.dated_one_in)) {
        const Month change = static_cast<Month>(dice.between(first + 1, last - 1));
        if (children > 0)
            b.member_months(foyer, enfants, children - 1, change, std::numeric_limits<Month>::max());
        else if (couple)
            b.member_months(foyer, conjoint, 0, std::numeric_limits<Month>::min(), change);
    }
    return std::move(b.data());
}

/// `options.households` households, one case each (one group instance with its persons).
inline std::vector<CaseData> synthetic_population(const ir::Program& program, const PopulationOptions& options) {
    Dice dice(options.seed);
    std::vector<CaseData> cases;
    cases.reserve(options.households);
    for (std::size_t h = 0; h < options.households; ++h) cases.push_back(synthetic_household(program, options, h, dice));
    return cases;
}

/// The same household after an event at `month`: the first person's earnings rise by `raise`
/// from then on (the scenario beside a baseline).
inline CaseData with_raise(const ir::Program& program, CaseData data, Month month, Value raise) {
    HouseholdBuilder lookup(program, data.first, data.last);
    const std::uint32_t input = lookup.input("salaire_net");
    if (input == ir::none || data.inputs[input].empty()) return data;
    engine::InputSeries& series = data.inputs[input][0];
    const Value fallback = program.inputs[input].default_value.value_or(0);
    std::vector<std::pair<Month, Value>> months;
    for (Month m = data.first - 14; m <= data.last; ++m) {
        Value v = series.constant.value_or(fallback);
        if (!series.constant)
            for (const auto& [given, value] : series.by_month)
                if (given == m) v = value;
        months.emplace_back(m, m >= month ? v + raise : v);
    }
    series.constant.reset();
    series.by_month = std::move(months);
    return data;
}

}  // namespace relais::synthetic
