"""The comparison cases: RSA, prime d'activité, AAH and CSS (see README.md).

Each case is anchored so that relais' quarterly review month is the compared month (OpenFisca
recomputes every month on a rolling window), except the cases marked "fixing" that show the
quarterly fixing on purpose. For compared months from 2025-03 on, OpenFisca's
departement_experimentation_rsa is set (window M-4..M-2) to compare like with like, except the
cases marked "window switch" that show OpenFisca's default.

`explication` says why the two engines are expected to differ; compare.py prints it for every
non-zero difference (and flags any non-zero difference without one, or any case that was
expected to differ but agrees).
"""

from model import Case, Compare, Person, month_add, month_range

# ---------------------------------------------------------------------------------------------
# Helpers


RSA_DIAG = [Compare("rsa_base_ressources", "f", "rsa_ressources"),
            Compare("rsa_forfait_logement", "f", "rsa_forfait_logement")]


def rsa_case(id, description, month, persons, demandeur="p", **kw):
    return Case(id=id, scheme="RSA", description=description, month=month, persons=persons,
                demandeur=demandeur, compare=[Compare("rsa", "f", "rsa_du")],
                diagnostics=list(RSA_DIAG), **kw)


def ppa_diag(month):
    # the four months M-4..M-1 cover both reference windows
    return [Compare("ppa_fictive", "f", "ppa_fictive", month=month_add(month, -k)) for k in (4, 3, 2, 1)]


def ppa_case(id, description, month, persons, demandeur="p", extra=(), **kw):
    return Case(id=id, scheme="PPA", description=description, month=month, persons=persons,
                demandeur=demandeur, compare=[Compare("ppa", "f", "ppa_du"), *extra],
                diagnostics=ppa_diag(month), **kw)


def aah_case(id, description, month, persons, demandeur="p", base="aah_base_ressources_deconjugalisee", **kw):
    return Case(id=id, scheme="AAH", description=description, month=month, persons=persons,
                demandeur=demandeur, compare=[Compare("aah", demandeur, "aah_du")],
                diagnostics=[Compare(base, demandeur, base)], **kw)


def css_case(id, description, month, persons, demandeur="p", **kw):
    return Case(id=id, scheme="CSS", description=description, month=month, persons=persons,
                demandeur=demandeur,
                compare=[Compare("cmu_c_plafond", "f", "css_plafond_gratuite"),
                         Compare("css_cmu_base_ressources", "f", "css_ressources"),
                         Compare("cmu_c", "f", "css_condition_gratuite", kind="booleen")],
                **kw)


def rising(first, last, start_value, step):
    """A salary rising by `step` each month: the mean of three consecutive months is the
    middle month's salary, so a one-month shift of the window is visible."""
    return {m: start_value + step * i for i, m in enumerate(month_range(first, last))}


def until(last, value, first="2000-01"):
    return {m: value for m in month_range(first, last)}


def since(first, value, last="2030-12"):
    return {m: value for m in month_range(first, last)}


def p(naissance, n2=None, ancre=None, **inputs):
    return Person(naissance=naissance, inputs=inputs, n2_activite=n2, aah_ancre=ancre)


TENANT = dict(statut_occupation_logement="locataire_vide", loyer=500)
FREE = dict(statut_occupation_logement="loge_gratuitement")
FREE_PARTICIPATING = dict(statut_occupation_logement="loge_gratuitement", participation_frais=True)

# Explanations shared by several cases.
WINDOW_SWITCH = (
    "Window switch date. relais applies the « solidarité à la source » window M-4..M-2 to every "
    "household from its first review on or after 2025-03 (décret n° 2025-185); OpenFisca-France "
    "keeps M-3..M-1 unless departement_experimentation_rsa is set, which is left at its default "
    "(false) here. With the flag set (the like-with-like twin case) the two agree.")
FIXING = (
    "Quarterly fixing vs rolling window. relais fixes the amount at the household's last "
    "quarterly review (the resources for the RSA and the AAH, the premium for the prime "
    "d'activité; anchor {anchor}, so the review for {month} is {review}) and keeps it until the "
    "next one; OpenFisca recomputes every month on a rolling window.")

CASES = [
    # =========================================================================================
    # RSA
    rsa_case("rsa-01", "Single, 40, no income, tenant, AL 300", "2024-06",
             {"p": p("1984-01-10")}, foyer=dict(TENANT, aide_logement=300)),
    rsa_case("rsa-02", "Single, 35, no income, housed free of charge", "2025-06",
             {"p": p("1990-05-02")}, foyer=dict(FREE)),
    rsa_case("rsa-03", "Couple, salaries 100 + 67 Jun-Sep 2024, AL 200 (OpenFisca test)", "2024-09",
             {"p": p("1980-01-01", salaire_net={m: 100 for m in month_range("2024-06", "2024-09")}),
              "c": p("1982-02-02", salaire_net={m: 67 for m in month_range("2024-06", "2024-09")})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200)),
    rsa_case("rsa-04", "Couple, salaries 100 + 67 except Dec 2024, AL 200, pilot department", "2025-01",
             {"p": p("1980-01-01", salaire_net={"2024-09": 100, "2024-10": 100, "2024-11": 100, "2025-01": 100}),
              "c": p("1982-02-02", salaire_net={"2024-09": 67, "2024-10": 67, "2024-11": 67, "2025-01": 67})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200),
             of_experimentation=True, relais_experimentation=True),
    rsa_case("rsa-05", "Same couple, department outside the experiment", "2025-01",
             {"p": p("1980-01-01", salaire_net={"2024-09": 100, "2024-10": 100, "2024-11": 100, "2025-01": 100}),
              "c": p("1982-02-02", salaire_net={"2024-09": 67, "2024-10": 67, "2024-11": 67, "2025-01": 67})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200),
             of_experimentation=False, relais_experimentation=False),
    rsa_case("rsa-06", "Single, salary rising 30 €/month (270 € in Mar 2025), housed with participation; OpenFisca flag set",
             "2025-06", {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 60, 30))},
             foyer=dict(FREE_PARTICIPATING)),
    rsa_case("rsa-07", "Same single, OpenFisca flag at its default (window switch)", "2025-06",
             {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 60, 30))},
             foyer=dict(FREE_PARTICIPATING), of_experimentation=False, explication=WINDOW_SWITCH),
    rsa_case("rsa-08", "Single parent, 2 children (10 and 7), not majoré, tenant AL 350, AF 150", "2025-06",
             {"p": p("1988-04-04"), "e1": p("2015-03-01"), "e2": p("2018-02-01")}, enfants=["e1", "e2"],
             foyer=dict(TENANT, aide_logement=350, af=150)),
    rsa_case("rsa-09", "Single parent, child born Jan 2024 (majoration), salary 500, tenant AL 400", "2025-06",
             {"p": p("1995-07-07", salaire_net=500), "e1": p("2024-01-15")}, enfants=["e1"],
             foyer=dict(TENANT, aide_logement=400)),
    rsa_case("rsa-10", "Pregnant woman, isolated, 23, housed free (leximpact rsa_06)", "2024-06",
             {"p": p("2001-02-14", enceinte=True)}, foyer=dict(FREE)),
    rsa_case("rsa-11", "23-year-old, RSA jeune actif hours condition met, housed free", "2024-06",
             {"p": p("2001-02-14", rsa_jeune_condition_heures_travail_remplie=True)}, foyer=dict(FREE)),
    rsa_case("rsa-12", "18-year-old (born 2006-03-01), RSA jeune actif hours condition met, housed free", "2024-09",
             {"p": p("2006-03-01", rsa_jeune_condition_heures_travail_remplie=True)}, foyer=dict(FREE),
             explication=(
                 "OpenFisca's known approximation (legislation.md §11.11): its RSA jeune test is "
                 "« age > 18 », so an 18-year-old is excluded although the parameter age_min_rsa_jeune "
                 "(18) is a minimum; relais reads it as age ≥ 18 (CASF art. L262-7-1).")),
    rsa_case("rsa-13", "24-year-old without child nor hours condition", "2024-06",
             {"p": p("2000-01-20")}, foyer=dict(FREE)),
    rsa_case("rsa-14", "Born 1999-06-15: 24 on 1 June 2024", "2024-06",
             {"p": p("1999-06-15")}, foyer=dict(FREE)),
    rsa_case("rsa-15", "Born 1999-06-15: 25 on 1 July 2024", "2024-07",
             {"p": p("1999-06-15")}, foyer=dict(FREE)),
    rsa_case("rsa-16", "Student, 30, no income", "2024-06",
             {"p": p("1994-01-01", etudiant=True)}, foyer=dict(FREE)),
    rsa_case("rsa-17", "Salary 600 until May 2025, nothing since: first month without salary (neutralised)", "2025-06",
             {"p": p("1982-05-05", salaire_net=until("2025-05", 600))}, foyer=dict(FREE_PARTICIPATING)),
    rsa_case("rsa-18", "Same person, second month without salary", "2025-07",
             {"p": p("1982-05-05", salaire_net=until("2025-05", 600))}, foyer=dict(FREE_PARTICIPATING),
             explication=(
                 "Neutralisation rules. relais neutralises a stopped activity income as long as the "
                 "interruption lasts and the review still counts it (CASF art. R262-13, CNAF doctrine); "
                 "OpenFisca only in the first month without it (0 in M and > 0 in M-1), so from the "
                 "second month it counts the window's 600 € again (rules/rsa/rsa.rules, "
                 "rsa_activite_interrompue).")),
    rsa_case("rsa-19", "Salary 600 until May 2025, ARE 500 since June: no neutralisation", "2025-07",
             {"p": p("1982-05-05", salaire_net=until("2025-05", 600), chomage_net=since("2025-06", 500))},
             foyer=dict(FREE_PARTICIPATING)),
    rsa_case("rsa-20", "ASS 500 until May 2025, nothing since", "2025-06",
             {"p": p("1970-03-03", ass=until("2025-05", 500))}, foyer=dict(FREE_PARTICIPATING),
             explication=(
                 "Neutralisation rules. relais counts the ASS among the substitution incomes that are "
                 "neutralised when they stop (CNAF doctrine on R262-13); OpenFisca counts the ASS as a "
                 "minimum social benefit averaged over the window, never neutralised.")),
    rsa_case("rsa-21", "Salary 600 until May 2025, ASS 500 since June", "2025-06",
             {"p": p("1970-03-03", salaire_net=until("2025-05", 600), ass=since("2025-06", 500))},
             foyer=dict(FREE_PARTICIPATING),
             explication=(
                 "Neutralisation rules. For relais the ASS received in June is a substitution income, "
                 "so the stopped salary is not neutralised (600 € of the window counted); OpenFisca's "
                 "substitution incomes are only ARE, sickness benefits and pensions, so it neutralises "
                 "the salary and counts the window's ASS (0 in Feb-Apr).")),
    rsa_case("rsa-22", "Single receiving a reduced AAH of 400, tenant AL 300", "2024-06",
             {"p": p("1984-01-10", aah=400)}, foyer=dict(TENANT, aide_logement=300)),
    rsa_case("rsa-23", "Alimony 200 received until May 2025, nothing since", "2025-06",
             {"p": p("1985-09-09", pensions_alimentaires_percues=until("2025-05", 200))},
             foyer=dict(FREE_PARTICIPATING),
             explication=(
                 "Neutralisation rules. OpenFisca neutralises a stopped non-professional income "
                 "(here alimony) within 3 × the RSA base amount; relais does not neutralise these "
                 "« autres ressources » (rules/rsa/rsa.rules, rsa_autres_ressources, note).")),
    rsa_case("rsa-24", "Couple + 3 children, one salary 1500, AF 300, tenant AL 500", "2024-06",
             {"p": p("1980-01-01", salaire_net=1500), "c": p("1981-01-01"),
              "e1": p("2010-01-01"), "e2": p("2013-01-01"), "e3": p("2016-01-01")},
             conjoint="c", enfants=["e1", "e2", "e3"], foyer=dict(TENANT, aide_logement=500, af=300)),
    rsa_case("rsa-25", "Single, salary 630, housed with participation: 5.71 € < 6 € threshold", "2024-06",
             {"p": p("1984-01-10", salaire_net=630)}, foyer=dict(FREE_PARTICIPATING)),
    rsa_case("rsa-26", "Single parent, child 11 with ASF 199.19, tenant AL 300", "2025-06",
             {"p": p("1986-06-06"), "e1": p("2014-01-01", asf_elig_enfant=True)}, enfants=["e1"],
             foyer=dict(TENANT, aide_logement=300, asf=199.19)),
    rsa_case("rsa-27", "Rising salary of rsa-06, review anchored on June, compared in August (fixing)", "2025-08",
             {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 60, 30))},
             foyer=dict(FREE_PARTICIPATING), rsa_ancre="2025-06",
             explication=FIXING.format(anchor="2025-06", month="2025-08", review="2025-06")
             + " relais: window Feb-Apr 2025 of the June review, mean 270 €; OpenFisca: Apr-Jun, mean 330 €."),
    rsa_case("rsa-28", "Couple, one on ARE 800, tenant AL 250", "2024-06",
             {"p": p("1975-01-01", chomage_net=800), "c": p("1977-01-01")}, conjoint="c",
             foyer=dict(TENANT, aide_logement=250)),
    rsa_case("rsa-29", "Single, no income, housed free, month of the April 2025 revaluation", "2025-04",
             {"p": p("1975-01-01")}, foyer=dict(FREE)),

    rsa_case("rsa-30", "Couple + child of 22 earning 800 €", "2025-06",
             {"p": p("1975-01-01"), "c": p("1976-01-01"), "e1": p("2003-01-01", salaire_net=800)},
             conjoint="c", enfants=["e1"], foyer=dict(FREE),
             explication=(
                 "Child with resources. OpenFisca approximates the CAF rule « a child whose resources "
                 "lower the RSA is not counted » by dropping a child whose resources reach 40 % of the "
                 "base amount (legislation.md §1.a), so it computes a couple without the child; relais "
                 "counts every member of the « enfants » role under 25 with their resources and leaves "
                 "the choice of who is a dependant to the case (rules/rsa/rsa.rules, "
                 "rsa_enfant_a_charge, note).")),
    rsa_case("rsa-31", "Single parent isolated for less than 18 months, child of 8 (majoration), no income, AL 300",
             "2025-06", {"p": p("1990-01-01"), "e1": p("2017-01-01")}, enfants=["e1"],
             foyer=dict(TENANT, aide_logement=300, rsa_isolement_recent=True)),
    rsa_case("rsa-32", "Single, salary 629.715, housed with participation: 5.995 € before rounding", "2024-06",
             {"p": p("1984-01-10", salaire_net=629.715)}, foyer=dict(FREE_PARTICIPATING),
             explication=(
                 "Rounding to the cent before the 6 € threshold. relais rounds the amount to the cent "
                 "and then applies the threshold (5.995 → 6.00 € is paid: rules/rsa/rsa.rules, "
                 "rsa_montant_calcule, rsa_du); OpenFisca compares the unrounded 5.995 € with 6 € and "
                 "pays nothing. The order is not fixed by the texts read.")),
    rsa_case("rsa-33", "Rising salary of rsa-06, reviews in Jan/Apr/Jul/Oct, compared in March 2025 (switch at the next review)",
             "2025-03", {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 60, 30))},
             foyer=dict(FREE_PARTICIPATING), rsa_ancre="2024-01",
             explication=(
                 "Window switch at the household's next review combined with quarterly fixing. relais "
                 "pays March 2025 on the January review (window Oct-Dec 2024, mean 150 €); the shifted "
                 "window applies from its April review (decree n° 2025-185 applies to reviews from "
                 "March 2025). OpenFisca, with the flag set, recomputes March on Nov 2024-Jan 2025 "
                 "(mean 180 €).")),
    rsa_case("rsa-34", "Couple, owners without loan, no income (forfait logement in kind)", "2025-06",
             {"p": p("1960-01-01"), "c": p("1962-01-01")}, conjoint="c",
             foyer=dict(statut_occupation_logement="proprietaire")),

    rsa_case("rsa-35", "Single parent, 3 children (5, 8, 11), not majoré, no income, AL 400, AF 300", "2025-06",
             {"p": p("1988-01-01"), "e1": p("2020-01-01"), "e2": p("2017-01-01"), "e3": p("2014-01-01")},
             enfants=["e1", "e2", "e3"], foyer=dict(TENANT, aide_logement=400, af=300)),

    rsa_case("rsa-36", "Single, no income, tenant AL 300, after the April 2026 revaluation", "2026-06",
             {"p": p("1980-01-01")}, foyer=dict(TENANT, aide_logement=300)),

    # =========================================================================================
    # Prime d'activité
    ppa_case("ppa-01", "Single, salary 1000, tenant without AL", "2025-09", {"p": p("1990-01-01", salaire_net=1000)},
             foyer=dict(TENANT)),
    ppa_case("ppa-02", "Single, salary 1200, tenant without AL", "2025-09", {"p": p("1990-01-01", salaire_net=1200)},
             foyer=dict(TENANT)),
    ppa_case("ppa-03", "Single, salary 500, tenant without AL", "2025-09", {"p": p("1990-01-01", salaire_net=500)},
             foyer=dict(TENANT)),
    ppa_case("ppa-04", "Single, salary 1583.1951 (OpenFisca test « Revalorisation 2022 »)", "2023-01",
             {"p": p("1997-01-01", salaire_net=1583.1951)}, foyer=dict(TENANT)),
    ppa_case("ppa-05", "Couple, 300 + 300 Jun-Sep 2024, AL 200 (OpenFisca test)", "2024-09",
             {"p": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-06", "2024-09")}),
              "c": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-06", "2024-09")})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200)),
    ppa_case("ppa-06", "Couple, 300 + 300 Sep-Nov 2024, AL 200, pilot department", "2025-01",
             {"p": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-09", "2024-11")}),
              "c": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-09", "2024-11")})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200),
             of_experimentation=True, relais_experimentation=True),
    ppa_case("ppa-07", "Same couple outside the experiment", "2025-01",
             {"p": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-09", "2024-11")}),
              "c": p("1984-01-01", salaire_net={m: 300 for m in month_range("2024-09", "2024-11")})},
             conjoint="c", foyer=dict(TENANT, aide_logement=200),
             of_experimentation=False, relais_experimentation=False),
    ppa_case("ppa-08", "Couple + child (6), salaries 1800 + 400, tenant AL 250", "2025-09",
             {"p": p("1988-01-01", salaire_net=1800), "c": p("1989-01-01", salaire_net=400), "e1": p("2019-01-01")},
             conjoint="c", enfants=["e1"], foyer=dict(TENANT, aide_logement=250)),
    ppa_case("ppa-09", "Single parent, child born Mar 2024 (majoration), salary 900, tenant AL 300", "2025-06",
             {"p": p("1996-01-01", salaire_net=900), "e1": p("2024-03-10")}, enfants=["e1"],
             foyer=dict(TENANT, aide_logement=300)),
    ppa_case("ppa-10", "Student earning 800 (below 0.55 × 169 SMIC_h)", "2025-09",
             {"p": p("2003-01-01", salaire_net=800, etudiant=True)}, foyer=dict(TENANT)),
    ppa_case("ppa-11", "Student earning 1200 (above 0.55 × 169 SMIC_h)", "2025-09",
             {"p": p("2003-01-01", salaire_net=1200, etudiant=True)}, foyer=dict(TENANT)),
    ppa_case("ppa-12", "Single, salary 2000: 14.48 € < 15 € threshold", "2025-09",
             {"p": p("1990-01-01", salaire_net=2000)}, foyer=dict(TENANT)),
    ppa_case("ppa-13", "Single, salary 1000, window Feb-Apr 2025 straddling the April revaluation", "2025-06",
             {"p": p("1990-01-01", salaire_net=1000)}, foyer=dict(TENANT)),
    ppa_case("ppa-14", "Salary 1000 in March 2025 only (window Mar-May)", "2025-07",
             {"p": p("1990-01-01", salaire_net={"2025-03": 1000})}, foyer=dict(TENANT),
             explication=(
                 "OpenFisca approximation: with the window M-4..M-2 its activity condition "
                 "(ppa_eligibilite_apprenants) still looks for earnings in M-3..M-1 (Apr-Jun: none), "
                 "so it pays nothing although the window contains the March salary; relais reads the "
                 "condition on the reference window (CSS art. L842-1 and R843-1: the premium of each "
                 "reference month), giving one third of the March premium.")),
    ppa_case("ppa-15", "Job since May 2024 at 1000: one earning month in the window Mar-May", "2024-06",
             {"p": p("1990-01-01", salaire_net=since("2024-05", 1000))}, foyer=dict(TENANT)),
    ppa_case("ppa-16", "Salary 800 until Mar 2025 then 1400; review anchored on June, compared in August (fixing)",
             "2025-08", {"p": p("1990-01-01", salaire_net={**until("2025-03", 800), **since("2025-04", 1400)})},
             foyer=dict(TENANT), ppa_ancre="2025-06",
             explication=FIXING.format(anchor="2025-06", month="2025-08", review="2025-06")
             + " relais: June review, window Feb-Apr (800, 800, 1400); OpenFisca: Apr-Jun, all 1400."),
    ppa_case("ppa-17", "Disabled worker (80 %), salary 500 ≥ 29 SMIC_h: AAH counted as earnings", "2025-09",
             {"p": p("1980-01-01", salaire_net=500, taux_incapacite=0.8)}, foyer=dict(TENANT),
             extra=[Compare("aah", "p", "aah_du")]),
    ppa_case("ppa-18", "Disabled worker (80 %), salary 300 < 29 SMIC_h: AAH a plain resource", "2025-09",
             {"p": p("1980-01-01", salaire_net=300, taux_incapacite=0.8)}, foyer=dict(TENANT),
             extra=[Compare("aah", "p", "aah_du")]),
    ppa_case("ppa-19", "Single, salary 800 and ARE 400", "2025-09",
             {"p": p("1990-01-01", salaire_net=800, chomage_net=400)}, foyer=dict(TENANT)),
    ppa_case("ppa-20", "Single, salary 1500, July 2026: window Mar-May straddling the April 2026 bonus reform", "2026-07",
             {"p": p("1990-01-01", salaire_net=1500)}, foyer=dict(TENANT)),
    ppa_case("ppa-21", "Salary rising 30 €/month (810 € in Mar 2025), tenant, OpenFisca flag at its default (window switch)", "2025-06",
             {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 600, 30))},
             foyer=dict(TENANT), of_experimentation=False, explication=WINDOW_SWITCH),
    ppa_case("ppa-22", "Same rising salary, OpenFisca flag set (like with like)", "2025-06",
             {"p": p("1984-10-03", salaire_net=rising("2024-08", "2025-09", 600, 30))},
             foyer=dict(TENANT)),
    ppa_case("ppa-23", "Couple, salaries 1200 + 1000, tenant AL 300", "2024-06",
             {"p": p("1985-01-01", salaire_net=1200), "c": p("1986-01-01", salaire_net=1000)},
             conjoint="c", foyer=dict(TENANT, aide_logement=300)),

    ppa_case("ppa-24", "Pregnant woman living alone, salary 700, housed free (majoration)", "2025-09",
             {"p": p("1999-01-01", salaire_net=700, enceinte=True)}, foyer=dict(FREE)),
    ppa_case("ppa-25", "Single parent, child of 8 with ASF 199.19, salary 1000, tenant AL 300", "2025-09",
             {"p": p("1990-01-01", salaire_net=1000), "e1": p("2017-01-01", asf_elig_enfant=True)}, enfants=["e1"],
             foyer=dict(TENANT, aide_logement=300, asf=199.19)),
    ppa_case("ppa-26", "Couple + 2 children, salary 1500, AF 150, tenant AL 350", "2025-09",
             {"p": p("1985-01-01", salaire_net=1500), "c": p("1986-01-01"), "e1": p("2014-01-01"), "e2": p("2017-01-01")},
             conjoint="c", enfants=["e1", "e2"], foyer=dict(TENANT, aide_logement=350, af=150)),

    ppa_case("ppa-27", "Young worker born 2007-06-15 (18 from July 2025), salary 1000 since Jan 2025, housed free", "2025-08",
             {"p": p("2007-06-15", salaire_net=since("2025-01", 1000))}, foyer=dict(FREE),
             explication=(
                 "Age condition. relais checks « 18 years old » in the month of right (August: 18) and "
                 "averages the premiums of the whole window (rules/ppa/ppa.rules, ppa_condition_age, "
                 "note); OpenFisca sets to 0 the premium of each reference month in which nobody is 18 "
                 "(ppa_eligibilite inside ppa_fictive): April-June 2025, when the worker was 17.")),

    ppa_case("ppa-28", "Student earning 1090 in Aug-Oct 2024, compared in November (SMIC rise)", "2024-11",
             {"p": p("2002-01-01", salaire_net=1090, etudiant=True)}, foyer=dict(TENANT),
             explication=(
                 "SMIC of the students' earnings floor (0.55 × 169 × SMIC_h). relais uses the SMIC of "
                 "each reference month (11.65 € in Aug-Oct 2024: floor 1 082.87 €, passed by 1 090 €); "
                 "OpenFisca uses the SMIC of the month of right (11.88 € in November: floor 1 104.25 €, "
                 "not passed), as the note of ppa_condition_statut_mois in rules/ppa/ppa.rules says.")),

    ppa_case("ppa-29", "Single parent earning 1500 with a child of 22 earning 1000, tenant without AL", "2025-09",
             {"p": p("1980-01-01", salaire_net=1500), "e1": p("2003-01-01", salaire_net=1000)}, enfants=["e1"],
             foyer=dict(TENANT),
             explication=(
                 "Child with resources. OpenFisca does not count the child in the household size "
                 "(its RSA approximation drops a child whose resources reach 40 % of the base amount, "
                 "and the prime d'activité reuses rsa_nb_enfants) but still adds the child's earnings "
                 "and bonus to the household's (it sums over all members of the famille); relais "
                 "counts the child (under 25, in the « enfants » role) in the size, the earnings and "
                 "the bonuses.")),

    # =========================================================================================
    # AAH
    aah_case("aah-01", "Single, 80 %, no income", "2025-06", {"p": p("1980-01-01", taux_incapacite=0.8)}),
    aah_case("aah-02", "Single, 80 %, salary 800 (legislation.md 2025 check: 769.54)", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=800)}),
    aah_case("aah-03", "Single, 80 %, salary 1500", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=1500)}),
    aah_case("aah-04", "Single, 80 %, not working, 12 000 € taxable salary in N-2 (30 % abatement)", "2025-06",
             {"p": p("1980-01-01", n2=12000, taux_incapacite=0.8)}),
    aah_case("aah-05", "Single, 80 %, salary 800 in the month, 12 000 in N-2 (quarterly evaluation)", "2025-06",
             {"p": p("1980-01-01", n2=12000, taux_incapacite=0.8, salaire_net=800)}),
    aah_case("aah-06", "Single, 60 % with RSDAE, no income", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.6, aah_restriction_substantielle_durable_acces_emploi=True)}),
    aah_case("aah-07", "Single, 60 % without RSDAE", "2025-06", {"p": p("1980-01-01", taux_incapacite=0.6)}),
    aah_case("aah-08", "Couple, claimant 80 % without income, partner salary 2000 (déconjugalisation)", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8), "c": p("1980-01-01", salaire_net=2000)}, conjoint="c"),
    aah_case("aah-09", "Couple before déconjugalisation: partner's 2021 taxable salary 24 000", "2023-06",
             {"p": p("1980-01-01", taux_incapacite=0.8), "c": p("1980-01-01", n2=24000)}, conjoint="c",
             base="aah_base_ressources_conjugalisee"),
    aah_case("aah-10", "Single, 80 %, invalidity pension 500 since Jan 2025, not working", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, pensions_invalidite=since("2025-01", 500))}),
    aah_case("aah-11", "Single, 80 %, salary 1200: November 2024 SMIC rise", "2024-11",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=1200)}),
    aah_case("aah-12", "Salary 800 until May 2025 then 1500; review anchored on June, compared in August (fixing)",
             "2025-08", {"p": p("1980-01-01", ancre="2025-06", taux_incapacite=0.8,
                                salaire_net={**until("2025-05", 800), **since("2025-06", 1500)})},
             explication=FIXING.format(anchor="2025-06", month="2025-08", review="2025-06")
             + " relais: June review, Mar-May × 4 = 9 600 €; OpenFisca: May-Jul × 4 = 15 200 €."),
    aah_case("aah-13", "55 % with RSDAE, 64 years old (born Jan 1961)", "2025-06",
             {"p": p("1961-01-15", taux_incapacite=0.55, aah_restriction_substantielle_durable_acces_emploi=True)},
             explication=(
                 "Retirement-age boundary. OpenFisca keeps the RSDAE AAH while age ≤ 64 (its simplified "
                 "retirement age); relais stops it once the age is reached (age < 64), as its note on "
                 "aah_condition_incapacite says. Both simplify the cohort-dependent legal age "
                 "(legislation.md §11.9).")),
    aah_case("aah-14", "Single, 80 %, salary 600 and ARE 400 (30 % abatement while working)", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=600, chomage_net=400)}),
    aah_case("aah-15", "Single parent, 80 %, salary 1800, 2 children (ceiling × 2)", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=1800),
              "e1": p("2015-01-01"), "e2": p("2018-01-01")}, enfants=["e1", "e2"]),

    aah_case("aah-16", "Single parent, 80 %, salary 3000, children of 12 and 16 (ceiling × 2 binds)", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=3000),
              "e1": p("2013-01-01"), "e2": p("2009-01-01")}, enfants=["e1", "e2"]),
    aah_case("aah-17", "Single parent, 80 %, salary 3000, children of 21 and 23", "2025-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=3000),
              "e1": p("2004-01-01"), "e2": p("2002-01-01")}, enfants=["e1", "e2"]),
    aah_case("aah-18", "Couple + child before déconjugalisation: partner's 2021 taxable salary 24 000", "2023-06",
             {"p": p("1980-01-01", taux_incapacite=0.8), "c": p("1980-01-01", n2=24000), "e1": p("2015-01-01")},
             conjoint="c", enfants=["e1"], base="aah_base_ressources_conjugalisee"),

    aah_case("aah-19", "Couple entitled to the conjugalised option: claimant 80 % earning 2000, partner without income",
             "2025-06", {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=2000, aah_conjugalise_eligible=True),
                         "c": p("1980-01-01")}, conjoint="c"),
    aah_case("aah-20", "Couple before déconjugalisation, both working: claimant 80 % earning 500, partner 1500", "2023-06",
             {"p": p("1980-01-01", taux_incapacite=0.8, salaire_net=500), "c": p("1980-01-01", salaire_net=1500)},
             conjoint="c", base="aah_base_ressources_conjugalisee"),

    # =========================================================================================
    # Complémentaire santé solidaire
    css_case("css-01", "Single, salary 800 every month, tenant without AL", "2024-09",
             {"p": p("1990-01-01", salaire_net=800)}, foyer=dict(TENANT)),
    css_case("css-02", "Single, salary 800 then 1000 from Aug 2024, tenant without AL", "2024-09",
             {"p": p("1990-01-01", salaire_net={**until("2024-07", 800), **since("2024-08", 1000)})},
             foyer=dict(TENANT),
             explication=(
                 "Reference window (legislation.md §4.d, §11.7). OpenFisca sums the 12 months M-12..M-1 "
                 "(Sep 2023-Aug 2024: 11 × 800 + 1000); relais the 12 months M-13..M-2 in force since "
                 "2022 (décret n° 2021-1642, CSS art. R861-8: Aug 2023-Jul 2024, 12 × 800).")),
    css_case("css-03", "Couple + 2 children, one salary 1500, tenant without AL (2025 ceiling)", "2025-06",
             {"p": p("1985-01-01", salaire_net=1500), "c": p("1985-01-01"),
              "e1": p("2015-01-01"), "e2": p("2018-01-01")}, conjoint="c", enfants=["e1", "e2"],
             foyer=dict(TENANT),
             explication=(
                 "Parameters absent from OpenFisca (legislation.md §11.7): the 1 April 2025 ceiling "
                 "(10 339 € for one person, 21 711 € published for four) is not in OpenFisca-France "
                 "176.0.7, which keeps 10 166 € × 2.1 = 21 349 €; relais uses the published 2025 figure.")),
    css_case("css-04", "Single receiving AAH 1016.05 every month, tenant without AL", "2024-09",
             {"p": p("1980-01-01", aah=1016.05)}, foyer=dict(TENANT)),
    css_case("css-05", "Single parent, 3 children, no income, tenant without AL (4-person ceiling)", "2024-06",
             {"p": p("1985-01-01"), "e1": p("2012-01-01"), "e2": p("2015-01-01"), "e3": p("2018-01-01")},
             enfants=["e1", "e2", "e3"], foyer=dict(TENANT),
             explication=(
                 "Published ceilings (rules/css/css.rules, css_plafond_gratuite): from April 2023 relais "
                 "uses the ceilings published per household size, truncated to the euro (21 348 € for "
                 "four persons in 2024); OpenFisca rounds 10 166 × 2.1 = 21 348.6 to 21 349 €.")),
    css_case("css-06", "Single, no income, tenant with AL 200: free CSS through the RSA", "2024-09",
             {"p": p("1990-01-01")}, foyer=dict(TENANT, aide_logement=200)),
    css_case("css-07", "Couple of owners without loan, pensions 700 + 500 (forfait logement in kind)", "2024-09",
             {"p": p("1955-01-01", retraite_nette=700), "c": p("1957-01-01", retraite_nette=500)}, conjoint="c",
             foyer=dict(statut_occupation_logement="proprietaire")),
]
