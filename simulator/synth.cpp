// The synthetic population. Each household is drawn from its own PRNG stream (the seed mixed
// with its index), so the population can be written, or regenerated in part, in any order.
// Shares are in parts per million and amounts in cents: no floating point anywhere, so the
// same seed gives the same bytes on every platform. Every figure below is either a public
// figure (cited in docs/population.md, section « Calibrage ») or an assumption said as such.
#include "simulator/synth.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "simulator/population.hpp"

namespace relais::simulator {

using json = nlohmann::ordered_json;
using engine::Month;

// ---- PRNG ----

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

Xoshiro256::Xoshiro256(std::uint64_t seed) {
    for (std::uint64_t& s : s_) s = splitmix64(seed);
}

Xoshiro256 Xoshiro256::from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
    Xoshiro256 g(0);
    g.s_[0] = s0;
    g.s_[1] = s1;
    g.s_[2] = s2;
    g.s_[3] = s3;
    return g;
}

std::uint64_t Xoshiro256::next() {
    const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

std::uint64_t Xoshiro256::below(std::uint64_t n) {
    if (n == 0) throw std::invalid_argument("Xoshiro256::below(0)");
    __extension__ using u128 = unsigned __int128;
    u128 m = static_cast<u128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<u128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Xoshiro256::between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

bool Xoshiro256::chance(std::uint32_t ppm) { return below(1'000'000) < ppm; }

std::size_t Xoshiro256::pick(const std::vector<std::uint64_t>& weights) {
    std::uint64_t total = 0;
    for (const std::uint64_t w : weights) total += w;
    std::uint64_t r = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    return weights.size() - 1;
}

// ---- Communes ----

const std::vector<SynthCommune>& synth_communes() {
    // Population: INSEE, populations légales (millésime 2019) for the 15 largest communes as
    // published by lyonpoleimmo.com (29 December 2021); Saint-Fons and Fleurieu from INSEE
    // (2020, 2021); the others and the split of Lyon into arrondissements are orders of
    // magnitude to be checked against INSEE (docs/population.md). Oullins and Pierre-Bénite
    // merged on 1 January 2024: one commune, code 69149.
    // QPV share: an assumption per commune (where the quartiers prioritaires are), scaled at
    // draw time so that 21 % of the metropolitan population lives in a QPV (PMI'e, fiche 19).
    static const std::vector<SynthCommune> communes = {
        {69381, "Lyon 1er", 29'000, 80'000},       {69382, "Lyon 2e", 31'000, 0},
        {69383, "Lyon 3e", 103'000, 50'000},       {69384, "Lyon 4e", 36'000, 0},
        {69385, "Lyon 5e", 47'000, 50'000},        {69386, "Lyon 6e", 51'000, 0},
        {69387, "Lyon 7e", 85'000, 100'000},       {69388, "Lyon 8e", 86'000, 350'000},
        {69389, "Lyon 9e", 50'000, 300'000},       {69266, "Villeurbanne", 152'212, 180'000},
        {69259, "Vénissieux", 67'285, 450'000},    {69256, "Vaulx-en-Velin", 52'795, 600'000},
        {69290, "Saint-Priest", 46'927, 250'000},  {69034, "Caluire-et-Cuire", 43'294, 70'000},
        {69029, "Bron", 42'244, 300'000},          {69149, "Oullins-Pierre-Bénite", 36'900, 100'000},
        {69282, "Meyzieu", 34'640, 150'000},       {69286, "Rillieux-la-Pape", 30'697, 450'000},
        {69275, "Décines-Charpieu", 28'930, 150'000}, {69244, "Tassin-la-Demi-Lune", 22'286, 0},
        {69202, "Sainte-Foy-lès-Lyon", 22'175, 50'000}, {69204, "Saint-Genis-Laval", 20'914, 80'000},
        {69091, "Givors", 20'000, 300'000},        {69199, "Saint-Fons", 19'500, 500'000},
        {69081, "Écully", 18'500, 120'000},        {69089, "Francheville", 15'000, 0},
        {69283, "Mions", 13'500, 0},               {69069, "Craponne", 11'500, 0},
        {69273, "Corbas", 11'000, 0},              {69271, "Chassieu", 10'500, 0},
        {69276, "Feyzin", 10'000, 100'000},        {69096, "Grigny", 9'900, 200'000},
        {69100, "Irigny", 8'800, 0},               {69072, "Dardilly", 8'700, 0},
        {69143, "Neuville-sur-Saône", 7'600, 150'000}, {69088, "Fontaines-sur-Saône", 7'000, 150'000},
        {69194, "Saint-Didier-au-Mont-d'Or", 6'800, 0}, {69142, "La Mulatière", 6'600, 100'000},
        {69292, "Sathonay-Camp", 6'300, 0},        {69279, "Jonage", 6'000, 0},
        {69191, "Saint-Cyr-au-Mont-d'Or", 5'700, 0}, {69278, "Genay", 5'700, 0},
        {69040, "Champagne-au-Mont-d'Or", 5'600, 0}, {69044, "Charbonnières-les-Bains", 5'200, 0},
        {69260, "Vernaison", 5'000, 0},            {69205, "Saint-Genis-les-Ollières", 4'900, 0},
        {69046, "Charly", 4'500, 0},               {69250, "La Tour-de-Salvagny", 4'300, 0},
        {69063, "Collonges-au-Mont-d'Or", 4'100, 0}, {69127, "Marcy-l'Étoile", 3'900, 0},
        {69116, "Limonest", 3'800, 0},             {69163, "Quincieux", 3'500, 0},
        {69087, "Fontaines-Saint-Martin", 3'100, 0}, {69117, "Lissieu", 3'100, 0},
        {69207, "Saint-Germain-au-Mont-d'Or", 3'000, 0}, {69284, "Montanay", 3'000, 0},
        {69296, "Solaize", 3'000, 0},              {69003, "Albigny-sur-Saône", 2'900, 0},
        {69033, "Cailloux-sur-Fontaines", 2'900, 0}, {69068, "Couzon-au-Mont-d'Or", 2'600, 0},
        {69293, "Sathonay-Village", 2'400, 0},     {69085, "Fleurieu-sur-Saône", 1'501, 0},
        {69168, "Rochetaillée-sur-Saône", 1'500, 0}, {69153, "Poleymieux-au-Mont-d'Or", 1'300, 0},
        {69071, "Curis-au-Mont-d'Or", 1'200, 0},   {69233, "Saint-Romain-au-Mont-d'Or", 1'200, 0},
    };
    return communes;
}

namespace {

// ---- Calibration (docs/population.md, « Calibrage ») ----

// Share of households in QPV: 43 % of RSA households, 21 % of the population (PMI'e, fiche 19).
// Every household of a modest profile (RSA, prime d'activité, AAH, RSJ, ARE: about a sixth of
// households, and nine in ten of the RSA households the rules find) lives in a QPV with
// probability 46 %, so that the RSA households the rules find are 43 % in QPV (the tenth from
// other profiles are in QPV as often as the others); the others get the share that keeps the
// whole at 21 % (qpv_ppm_other).
constexpr std::uint32_t qpv_ppm_modest = 460'000;
constexpr std::uint32_t qpv_ppm_population = 210'000;

enum class Profile { Rsa, Ppa, Aah, Rsj, Are, Other };
// Households per profile, ppm. Targets for what the rules then find (docs/population.md):
// RSA 5.6 % (CAF du Rhône 2023: 46 172 foyers, 80 % assumed in the Métropole, over 662 000
// ménages), prime d'activité 14.9 % (CAF du Rhône: 131 084 foyers, 75 % in the Métropole), AAH
// 3 % (derived from the CAF du Rhône's 321 M€ of AAH in 2023), RSJ about 0.1 % (555 jeunes in
// June 2022, Lyon Capitale). The profiles are smaller than the targets where other profiles
// also qualify (a low-wage family gets the RSA too); ARE 4 % is an assumption.
const std::vector<std::uint64_t> profile_ppm = {45'000, 60'000, 29'000, 1'000, 40'000, 825'000};
constexpr std::uint64_t modest_ppm = 45'000 + 60'000 + 29'000 + 1'000 + 40'000;
constexpr std::uint32_t qpv_ppm_other =
    static_cast<std::uint32_t>((qpv_ppm_population * 1'000'000ULL - qpv_ppm_modest * modest_ppm) / (1'000'000ULL - modest_ppm));

enum class HouseholdType { Single, Couple, SingleParent, CoupleWithChildren };
// [single, couple, single parent, couple with children].
// RSA: INSEE, foyers bénéficiaires du RSA socle selon la situation familiale, France, 2021.
const std::vector<std::uint64_t> types_rsa = {1'072'800, 49'700, 620'600, 187'800};
// Everyone else: INSEE RP2019, unité urbaine de Lyon (one-person and other households without
// family as single).
const std::vector<std::uint64_t> types_general = {331'685, 169'256, 72'276, 187'032};
// Assumptions.
const std::vector<std::uint64_t> types_ppa = {400, 100, 200, 300};
const std::vector<std::uint64_t> types_aah = {600, 200, 50, 150};

struct AgeBand {
    int low;
    int high;
    std::uint64_t weight;
};
// Ages of the claimant at periode.debut (assumptions, in the spirit of the DREES age pyramids
// of minima sociaux recipients).
const std::vector<AgeBand> ages_rsa = {{25, 29, 18}, {30, 39, 30}, {40, 49, 24}, {50, 59, 20}, {60, 64, 8}};
const std::vector<AgeBand> ages_general = {{20, 24, 5}, {25, 29, 10}, {30, 39, 20}, {40, 49, 20},
                                           {50, 59, 18}, {60, 74, 17}, {75, 90, 10}};
const std::vector<AgeBand> ages_working = {{20, 24, 8}, {25, 29, 16}, {30, 39, 28}, {40, 49, 26}, {50, 59, 22}};
const std::vector<AgeBand> ages_aah = {{25, 29, 10}, {30, 39, 20}, {40, 49, 25}, {50, 59, 30}, {60, 64, 15}};
// ARE: a tenth are 25 (the RSJ at 25 reform acts on them), a fiftieth 24.
const std::vector<AgeBand> ages_are = {{24, 24, 2}, {25, 25, 10}, {26, 29, 16}, {30, 39, 28}, {40, 49, 24}, {50, 60, 20}};
// RSJ: 18-24, three in ten aged 24 (they turn 25 during the year).
const std::vector<AgeBand> ages_rsj = {{18, 19, 10}, {20, 23, 60}, {24, 24, 30}};

struct Household {
    Xoshiro256& rng;
    const SynthOptions& options;
    Profile profile = Profile::Other;
    json persons = json::object();
    json foyer = json::object();
    json events = json::array();
    int next_person = 1;
    Month last = 0;

    std::string amount(std::int64_t cents) const { return engine::format_fixed(cents * 10'000, 2); }
    std::string month_text(Month m) const { return engine::format_month(m); }

    // A birth date giving `age` years on the first day of periode.debut.
    std::string birth_for_age(int age) {
        int year = 0;
        unsigned month = 0;
        unsigned day = 0;
        engine::split_date(engine::first_day(options.first), year, month, day);
        const engine::Date anniversary = engine::make_date(year - age, month, 1);
        return engine::format_date(anniversary - static_cast<engine::Date>(rng.between(0, 364)));
    }

    int draw_age(const std::vector<AgeBand>& bands) {
        std::vector<std::uint64_t> weights;
        for (const AgeBand& b : bands) weights.push_back(b.weight);
        const AgeBand& band = bands[rng.pick(weights)];
        return static_cast<int>(rng.between(band.low, band.high));
    }

    std::string add_person(const std::string& role, int age) {
        const std::string id = "p" + std::to_string(next_person++);
        json person = json::object();
        person["date_naissance"] = birth_for_age(age);
        persons[id] = std::move(person);
        if (!role.empty()) foyer[role].push_back(id);
        return id;
    }

    Month event_month(std::int64_t latest_offset_from_end = 0) {
        return options.first + static_cast<Month>(rng.between(0, std::max<std::int64_t>(0, options.months - 1 - latest_offset_from_end)));
    }

    void event(json e) { events.push_back(std::move(e)); }
};

void housing(Household& h, bool modest, int children) {
    Xoshiro256& rng = h.rng;
    std::string status;
    std::int64_t rent = 0;
    std::int64_t aid = 0;
    if (modest) {
        static const std::vector<std::uint64_t> w = {55, 25, 8, 10, 2};
        static const char* statuses[] = {"locataire_hlm", "locataire_vide", "locataire_meuble", "loge_gratuitement", "sans_domicile"};
        const std::size_t k = rng.pick(w);
        status = statuses[k];
        if (k == 0) rent = rng.between(350, 550);
        if (k == 1) rent = rng.between(450, 750);
        if (k == 2) rent = rng.between(400, 650);
        if (rent > 0) aid = rng.between(150, 350) + 50 * children;
    } else {
        static const std::vector<std::uint64_t> w = {45, 35, 20};
        static const char* statuses[] = {"proprietaire", "locataire_vide", "locataire_hlm"};
        const std::size_t k = rng.pick(w);
        status = statuses[k];
        if (k == 1) rent = rng.between(550, 1100);
        if (k == 2) {
            rent = rng.between(400, 650);
            if (rng.chance(200'000)) aid = rng.between(80, 250);
        }
    }
    h.foyer["statut_occupation_logement"] = status;
    h.foyer["loyer"] = h.amount(rent * 100);
    h.foyer["aide_logement"] = h.amount(std::min(aid, rent) * 100);
}

void commune_and_qpv(Household& h, json& root, std::uint32_t qpv_ppm) {
    const bool qpv = h.rng.chance(qpv_ppm);
    // Weights: population × (scaled) QPV share for a QPV household, population × the rest otherwise.
    static const auto weights = [] {
        const auto& communes = synth_communes();
        std::uint64_t population = 0;
        std::uint64_t in_qpv = 0;  // population × ppm
        for (const SynthCommune& c : communes) {
            population += c.population;
            in_qpv += static_cast<std::uint64_t>(c.population) * c.qpv_share_ppm;
        }
        // Scale the assumed shares so that the metropolitan share is 21 %.
        const std::uint64_t target = population * qpv_ppm_population;
        std::array<std::vector<std::uint64_t>, 2> w;
        for (const SynthCommune& c : communes) {
            std::uint64_t share = in_qpv == 0 ? 0 : static_cast<std::uint64_t>(c.qpv_share_ppm) * target / in_qpv;
            share = std::min<std::uint64_t>(share, 950'000);
            w[1].push_back(static_cast<std::uint64_t>(c.population) * share);
            w[0].push_back(static_cast<std::uint64_t>(c.population) * (1'000'000 - share));
        }
        return w;
    }();
    const SynthCommune& commune = synth_communes()[h.rng.pick(weights[qpv ? 1 : 0])];
    h.foyer["depcom"] = commune.code;
    root["qpv"] = qpv;
}

void add_children(Household& h, int claimant_age, bool adult_child_possible) {
    static const std::vector<std::uint64_t> counts = {45, 35, 20};  // 1, 2, 3 children (assumption)
    const int n = static_cast<int>(h.rng.pick(counts)) + 1;
    const int oldest_possible = std::max(0, std::min(17, claimant_age - 18));
    for (int k = 0; k < n; ++k) {
        if (adult_child_possible && k == 0 && claimant_age >= 40 && h.rng.chance(150'000)) {
            // A young adult child still studying (student: no RSJ, no RSA of their own).
            const std::string id = h.add_person("enfants", static_cast<int>(h.rng.between(18, 22)));
            h.persons[id]["etudiant"] = true;
            continue;
        }
        const int age = static_cast<int>(h.rng.between(0, oldest_possible));
        const std::string id = h.add_person("enfants", age);
        // At school until 18 and after (pupils count as students): no RSJ at 18 in the year.
        if (age >= 15) h.persons[id]["etudiant"] = true;
    }
}

// A return to work: from a random month, a salary and hours; a fixed-term contract ends.
void job_start(Household& h, const std::string& person, Month m, std::int64_t low, std::int64_t high, std::uint32_t fixed_term_ppm) {
    const std::int64_t salary = h.rng.between(low, high);
    json e = json::object();
    e["mois"] = h.month_text(m);
    e["type"] = "reprise_emploi";
    e["personne"] = person;
    e["salaire_net"] = h.amount(salary * 100);
    // Hours at about the net hourly minimum wage (assumption: 9.40 € net per hour), capped at full time.
    e["heures"] = std::to_string(std::min<std::int64_t>(151, salary * 100 / 940));
    if (h.rng.chance(fixed_term_ppm)) {
        const Month end = m + static_cast<Month>(h.rng.between(2, 5));
        if (end < h.last) e["fin"] = h.month_text(end);
    }
    h.event(std::move(e));
}

}  // namespace

json synth_household(const SynthOptions& options, std::uint64_t index) {
    std::uint64_t state = options.seed ^ (0xD1B54A32D192ED03ULL * (index + 1));
    Xoshiro256 rng(splitmix64(state));
    Household h{rng, options};
    h.last = options.first + options.months - 1;
    json root = json::object();
    char id[32];
    std::snprintf(id, sizeof id, "m%07llu", static_cast<unsigned long long>(index + 1));
    root["id"] = id;
    if (options.represented_households > 0 && options.households > 0) {
        // Exact to the millionth, rounded half up.
        __extension__ using u128 = unsigned __int128;
        const u128 scaled = (static_cast<u128>(options.represented_households) * 2'000'000 / options.households + 1) / 2;
        root["poids"] = engine::format_decimal(static_cast<engine::Value>(scaled));
    }

    h.profile = static_cast<Profile>(rng.pick(profile_ppm));
    const bool modest = h.profile != Profile::Other;
    HouseholdType type = HouseholdType::Single;
    switch (h.profile) {
        case Profile::Rsa: type = static_cast<HouseholdType>(rng.pick(types_rsa)); break;
        case Profile::Ppa: type = static_cast<HouseholdType>(rng.pick(types_ppa)); break;
        case Profile::Aah: type = static_cast<HouseholdType>(rng.pick(types_aah)); break;
        case Profile::Rsj: type = HouseholdType::Single; break;
        case Profile::Are:
        case Profile::Other: type = static_cast<HouseholdType>(rng.pick(types_general)); break;
    }
    const bool couple = type == HouseholdType::Couple || type == HouseholdType::CoupleWithChildren;
    const bool children = type == HouseholdType::SingleParent || type == HouseholdType::CoupleWithChildren;

    int age = 0;
    switch (h.profile) {
        case Profile::Rsa:
            age = type == HouseholdType::SingleParent && rng.chance(100'000) ? static_cast<int>(rng.between(20, 24))
                                                                            : h.draw_age(ages_rsa);
            break;
        case Profile::Ppa: age = h.draw_age(ages_working); break;
        case Profile::Aah: age = h.draw_age(ages_aah); break;
        case Profile::Rsj: age = h.draw_age(ages_rsj); break;
        case Profile::Are: age = h.draw_age(ages_are); break;
        case Profile::Other:
            age = h.draw_age(ages_general);
            // A young adult of the general population living alone is most often a student or working.
            break;
    }
    if (children) age = std::max(age, 20);
    const std::string claimant = h.add_person("demandeur", age);
    h.foyer["conjoint"] = json::array();
    h.foyer["enfants"] = json::array();
    std::string partner;
    if (couple) partner = h.add_person("conjoint", std::clamp(age + static_cast<int>(rng.between(-6, 6)), 18, 95));
    if (children) add_children(h, age, h.profile == Profile::Other);
    // The foyer's keys in the case format's order: roles first, then inputs.
    json foyer = json::object();
    foyer["demandeur"] = h.foyer["demandeur"];
    foyer["conjoint"] = h.foyer["conjoint"];
    foyer["enfants"] = h.foyer["enfants"];
    h.foyer = std::move(foyer);

    json& p = h.persons[claimant];
    const auto cents = [&](std::int64_t lo, std::int64_t hi) { return h.amount(rng.between(lo, hi) * 100); };
    switch (h.profile) {
        case Profile::Rsa:
            if (rng.chance(200'000)) p["salaire_net"] = cents(200, 700);
            if (type == HouseholdType::SingleParent && rng.chance(300'000)) p["pensions_alimentaires_percues"] = cents(100, 300);
            break;
        case Profile::Ppa:
            // Low wages, higher for those who keep a family (so that most get the prime
            // d'activité without the RSA); assumptions.
            switch (type) {
                case HouseholdType::Single: p["salaire_net"] = cents(900, 1700); break;
                case HouseholdType::SingleParent: p["salaire_net"] = cents(1200, 1900); break;
                case HouseholdType::Couple: p["salaire_net"] = cents(1000, 1800); break;
                case HouseholdType::CoupleWithChildren: p["salaire_net"] = cents(1300, 2000); break;
            }
            if (couple && rng.chance(500'000)) h.persons[partner]["salaire_net"] = cents(600, 1200);
            break;
        case Profile::Aah:
            p["taux_incapacite"] = rng.chance(700'000) ? "0.8" : "0.5";
            if (p["taux_incapacite"] == "0.5") p["aah_restriction_substantielle_durable_acces_emploi"] = true;
            p["aah_mois_ouverture"] = h.month_text(options.first - static_cast<Month>(rng.between(1, 120)));
            if (rng.chance(150'000)) p["salaire_net"] = cents(200, 700);
            break;
        case Profile::Rsj: {
            // Studies until a recent month: the RSJ started then, not 24 months before the period.
            const Month start = options.first - static_cast<Month>(rng.between(0, 18));
            json studies = json::object();
            for (Month m = options.first - 24; m < start; ++m) studies[h.month_text(m)] = true;
            if (!studies.empty()) p["etudiant"] = std::move(studies);
            if (rng.chance(100'000)) p["salaire_net"] = cents(100, 350);
            break;
        }
        case Profile::Are:
            p["chomage_net"] = cents(800, 1500);
            if (couple && rng.chance(600'000)) h.persons[partner]["salaire_net"] = cents(1200, 3000);
            break;
        case Profile::Other:
            if (age >= 63) {
                p["retraite_nette"] = cents(1100, 3000);
            } else if (age <= 24 && rng.chance(600'000)) {
                p["etudiant"] = true;
            } else {
                p["salaire_net"] = cents(1900, 4500);
            }
            if (couple) {
                if (age >= 63) h.persons[partner]["retraite_nette"] = cents(900, 2500);
                else if (rng.chance(600'000)) h.persons[partner]["salaire_net"] = cents(1500, 4000);
            }
            break;
    }

    // A partner under 25 without income is a student (the RSJ's « sans soutien » condition,
    // which the rules do not model, would refuse them anyway).
    if (couple) {
        json& q = h.persons[partner];
        const int partner_age = engine::age_in_years(*engine::parse_date(q["date_naissance"].get<std::string>()),
                                                     engine::first_day(options.first));
        if (partner_age < 25 && !q.contains("salaire_net") && !q.contains("chomage_net")) q["etudiant"] = true;
    }

    int child_count = 0;
    for (const auto& c : h.foyer["enfants"]) child_count += c.is_string();
    housing(h, modest, child_count);
    commune_and_qpv(h, root, modest ? qpv_ppm_modest : qpv_ppm_other);
    if (h.profile == Profile::Rsa)
        h.foyer["rsa_mois_ouverture"] = h.month_text(options.first - static_cast<Month>(rng.between(1, 72)));
    if (h.profile == Profile::Rsa || h.profile == Profile::Ppa || h.profile == Profile::Aah)
        h.foyer["ppa_mois_ouverture"] = h.month_text(options.first - static_cast<Month>(rng.between(1, 60)));

    // ---- Events during the period (assumed yearly frequencies) ----
    switch (h.profile) {
        case Profile::Rsa: {
            bool poe = false;
            if (options.months >= 4 && rng.chance(40'000)) {
                // A POE of three months (entree_formation with poe = vrai), then a job for six in ten.
                poe = true;
                const Month m = h.event_month(3);
                json e = json::object();
                e["mois"] = h.month_text(m);
                e["type"] = "entree_formation";
                e["personne"] = claimant;
                e["remuneration"] = cents(500, 700);
                e["poe"] = true;
                e["fin"] = h.month_text(m + 2);
                h.event(std::move(e));
                if (m + 3 <= h.last && rng.chance(600'000)) job_start(h, claimant, m + 3, 1000, 1500, 300'000);
            }
            if (!poe && rng.chance(120'000)) job_start(h, claimant, h.event_month(), 600, 1500, 400'000);
            if (!poe && rng.chance(10'000)) {
                json e = json::object();
                e["mois"] = h.month_text(h.event_month());
                e["type"] = "decision_aah";
                e["personne"] = claimant;
                e["taux"] = "0.8";
                e["rsdae"] = false;
                h.event(std::move(e));
            }
            break;
        }
        case Profile::Ppa:
            if (rng.chance(60'000)) {
                json e = json::object();
                e["mois"] = h.month_text(h.event_month());
                e["type"] = "perte_emploi";
                e["personne"] = claimant;
                e["are"] = cents(600, 1100);
                h.event(std::move(e));
            } else if (rng.chance(50'000)) {
                json e = json::object();
                e["mois"] = h.month_text(h.event_month());
                e["type"] = "changement_heures";
                e["personne"] = claimant;
                const std::int64_t salary = rng.between(500, 1700);
                e["salaire_net"] = h.amount(salary * 100);
                e["heures"] = std::to_string(std::min<std::int64_t>(151, salary * 100 / 940));
                h.event(std::move(e));
            }
            break;
        case Profile::Are:
            if (rng.chance(200'000)) job_start(h, claimant, h.event_month(), 1200, 2200, 300'000);
            break;
        case Profile::Rsj:
            if (rng.chance(100'000)) {
                json e = json::object();
                e["mois"] = h.month_text(h.event_month());
                e["type"] = "demande_faj";
                e["personne"] = claimant;
                e["montant"] = cents(100, 300);
                h.event(std::move(e));
            }
            if (rng.chance(150'000)) job_start(h, claimant, h.event_month(), 300, 1200, 500'000);
            break;
        case Profile::Other:
            if (h.persons[claimant].contains("salaire_net") && rng.chance(20'000)) {
                json e = json::object();
                e["mois"] = h.month_text(h.event_month());
                e["type"] = "perte_emploi";
                e["personne"] = claimant;
                e["are"] = cents(1000, 2500);
                h.event(std::move(e));
            }
            break;
        case Profile::Aah: break;
    }
    if (couple && rng.chance(15'000)) {
        json e = json::object();
        e["mois"] = h.month_text(h.event_month());
        e["type"] = "separation";
        h.event(std::move(e));
    } else if ((couple || children) && age < 43 && rng.chance(20'000)) {
        // A birth: the child exists in the case but belongs to the foyer only from the event.
        const Month m = h.event_month();
        const std::string child = "p" + std::to_string(h.next_person++);
        json person = json::object();
        person["date_naissance"] = engine::format_date(engine::first_day(m) + static_cast<engine::Date>(rng.between(0, 27)));
        h.persons[child] = std::move(person);
        json e = json::object();
        e["mois"] = h.month_text(m);
        e["type"] = "naissance";
        e["enfant"] = child;
        h.event(std::move(e));
    }
    // Events in month order (the case's order within a month is kept).
    std::stable_sort(h.events.begin(), h.events.end(),
                     [](const json& a, const json& b) { return a["mois"].get<std::string>() < b["mois"].get<std::string>(); });

    json period = json::object();
    period["debut"] = h.month_text(options.first);
    period["mois"] = options.months;
    root["periode"] = std::move(period);
    root["personnes"] = std::move(h.persons);
    root["foyers"] = json::object();
    root["foyers"]["f"] = std::move(h.foyer);
    if (!h.events.empty()) root["evenements"] = std::move(h.events);
    return root;
}

void write_synth_jsonl(const SynthOptions& options, std::ostream& out) {
    for (std::uint64_t i = 0; i < options.households; ++i) out << synth_household(options, i).dump() << '\n';
}

void write_synth_csv(const SynthOptions& options, std::ostream& out) {
    // The columns every household may use, in a fixed order; a month column per month of the
    // students' history (the RSJ profile's studies before the period).
    std::vector<std::string> columns = {"foyer", "personne", "role", "poids", "qpv", "periode_debut", "periode_mois",
                                        "date_naissance", "salaire_net", "chomage_net", "retraite_nette",
                                        "pensions_alimentaires_percues", "etudiant"};
    for (Month m = options.first - 24; m < options.first; ++m) columns.push_back("etudiant_" + engine::format_month(m));
    for (const char* c : {"taux_incapacite", "aah_restriction_substantielle_durable_acces_emploi", "aah_mois_ouverture",
                          "statut_occupation_logement", "loyer", "aide_logement", "depcom", "rsa_mois_ouverture",
                          "ppa_mois_ouverture", "evenements"})
        columns.emplace_back(c);
    std::map<std::string, std::size_t> at;
    for (std::size_t c = 0; c < columns.size(); ++c) at[columns[c]] = c;
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << columns[c];
    out << '\n';
    const auto text = [](const json& v) {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_boolean()) return std::string(v.get<bool>() ? "oui" : "non");
        return v.dump();
    };
    for (std::uint64_t i = 0; i < options.households; ++i) {
        const json c = synth_household(options, i);
        const json& foyer = c["foyers"]["f"];
        std::vector<std::vector<std::string>> rows;
        std::map<std::string, std::size_t> row_of;
        for (const auto& [person, body] : c["personnes"].items()) {
            std::vector<std::string> row(columns.size());
            row[at["foyer"]] = c["id"].get<std::string>();
            row[at["personne"]] = person;
            for (const char* role : {"demandeur", "conjoint", "enfants"})
                for (const json& holder : foyer[role])
                    if (holder == person) row[at["role"]] = role;
            for (const auto& [key, value] : body.items()) {
                if (value.is_object()) {
                    for (const auto& [month, v] : value.items()) row.at(at.at(key + "_" + month)) = text(v);
                } else {
                    row.at(at.at(key)) = text(value);
                }
            }
            row_of[person] = rows.size();
            rows.push_back(std::move(row));
        }
        std::vector<json> events_of(rows.size(), json::array());
        if (c.contains("evenements")) {
            for (const json& e : c["evenements"]) {
                const std::size_t r = e.contains("personne") ? row_of.at(e["personne"].get<std::string>()) : 0;
                events_of[r].push_back(e);
            }
        }
        std::vector<std::string>& first = rows.front();
        if (c.contains("poids")) first[at["poids"]] = c["poids"].get<std::string>();
        first[at["qpv"]] = text(c["qpv"]);
        first[at["periode_debut"]] = c["periode"]["debut"].get<std::string>();
        first[at["periode_mois"]] = std::to_string(c["periode"]["mois"].get<int>());
        for (const auto& [key, value] : foyer.items()) {
            if (key == "demandeur" || key == "conjoint" || key == "enfants") continue;
            first.at(at.at(key)) = text(value);
        }
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (!events_of[r].empty()) rows[r][at["evenements"]] = events_of[r].dump();
            for (std::size_t k = 0; k < columns.size(); ++k) out << (k ? "," : "") << csv_field(rows[r][k]);
            out << '\n';
        }
    }
}

}  // namespace relais::simulator
