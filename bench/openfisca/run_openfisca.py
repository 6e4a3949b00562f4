"""OpenFisca-France side of the comparison: one simulation per case, explicit situations.

Run with Debian's /usr/bin/python3 and PYTHONPATH pointing at the OpenFisca checkouts and at
the compatibility shims (see README.md); writes a JSON file {case id: {key: value}}.

One case = one simulation: in a vectorised simulation an input given for one household is
"given" (at its default) for all the others, so cases are never batched.

Inputs that relais does not model (ASI, ASPA, CAAH/MVA, complément familial, CLCA/COLCA) are
pinned to 0 on the OpenFisca side, and the family benefits (AF, ASF, PAJE, PreParE) and the
housing benefit are given explicitly for every month, so that OpenFisca does not compute them
from the composition of the household or its rent: relais takes them as inputs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time

import of_compat  # noqa: F401  (runtime fixes for Debian 12's Python stack; see README.md)
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem

from cases import CASES
from model import Case, expand

PERSON_INPUTS = {
    "salaire_net", "chomage_net", "ass", "retraite_nette", "pensions_invalidite",
    "pensions_alimentaires_percues", "pensions_alimentaires_versees_individu", "aah",
    "enceinte", "etudiant", "taux_incapacite", "aah_restriction_substantielle_durable_acces_emploi",
    "rsa_jeune_condition_heures_travail_remplie", "asf_elig_enfant", "aah_conjugalise_eligible",
    "remuneration_apprenti",
}
# Household inputs that OpenFisca holds on the ménage (housing) or on the famille.
MENAGE_INPUTS = {"statut_occupation_logement", "loyer", "participation_frais"}
FAMILLE_INPUTS = {"aide_logement", "af", "paje_base", "paje_prepare", "asf", "rsa_isolement_recent"}
# Pinned to 0 each month unless the case gives them (relais takes them as inputs or ignores them).
FAMILLE_PINNED = ["aide_logement", "af", "af_base", "asf", "paje_base", "paje_prepare",
                  "paje_clca", "paje_colca", "cf", "aspa"]
PERSON_PINNED = ["asi", "caah", "ass"]


def situation(case: Case) -> dict:
    months = case.months
    individus = {}
    for pid, p in case.persons.items():
        d = {"date_naissance": {"ETERNITY": p.naissance}}
        for name in PERSON_PINNED:
            d[name] = expand(0, months)
        for name, value in p.inputs.items():
            if name not in PERSON_INPUTS:
                raise ValueError(f"{case.id}: unknown person input {name}")
            d[name] = expand(value, months)
        # OpenFisca's AAH tests activity with salaire_imposable (not salaire_net) and evaluates
        # year N-2 on salaire_imposable: give it the net salary of each month, and N-2 apart.
        sal = d.get("salaire_net", {})
        d["salaire_imposable"] = {m: v for m, v in sal.items()}
        if p.n2_activite is not None:
            n2 = str(int(case.month[:4]) - 2)
            if any(m.startswith(n2) for m in months):
                raise ValueError(f"{case.id}: the range reaches year N-2 and N-2 income is given")
            d["salaire_imposable"][n2] = p.n2_activite
        individus[pid] = d

    parents = [case.demandeur] + ([case.conjoint] if case.conjoint else [])
    famille = {"parents": parents, "enfants": list(case.enfants)}
    for name in FAMILLE_PINNED:
        famille[name] = expand(0, months)
    famille["departement_experimentation_rsa"] = expand(case.of_flag, months)
    menage = {"personne_de_reference": [case.demandeur], "enfants": list(case.enfants)}
    if case.conjoint:
        menage["conjoint"] = [case.conjoint]
    for name, value in case.foyer.items():
        if name in MENAGE_INPUTS:
            menage[name] = expand(value, months)
        elif name in FAMILLE_INPUTS:
            famille[name] = expand(value, months)
            if name == "af":  # RSA and PPA count min(af_base, af)
                famille["af_base"] = expand(value, months)
        else:
            raise ValueError(f"{case.id}: unknown household input {name}")
    return {
        "individus": individus,
        "familles": {"f": famille},
        "foyers_fiscaux": {"ff": {"declarants": parents, "personnes_a_charge": list(case.enfants)}},
        "menages": {"m": menage},
    }


def value(sim, c, case: Case, month: str):
    arr = sim.calculate(c.of_variable, month)
    if c.instance == "f":
        v = arr[0]
    else:
        v = arr[list(sim.persons.ids).index(c.instance)]
    return bool(v) if c.kind == "booleen" else float(v)


def key(c, case: Case) -> str:
    return f"{c.instance}.{c.relais_variable}[{c.month or case.month}]"


def run(tbs, case: Case) -> dict:
    sim = SimulationBuilder().build_from_entities(tbs, situation(case))
    out = {}
    for _, c in case.all_compares():
        out[key(c, case)] = value(sim, c, case, c.month or case.month)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="/tmp/relais-openfisca/openfisca.json")
    ap.add_argument("--only", nargs="*", help="case ids")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    t0 = time.time()
    tbs = FranceTaxBenefitSystem()
    t_load = time.time() - t0
    results, timings = {}, {}
    for case in CASES:
        if args.only and case.id not in args.only:
            continue
        t = time.time()
        results[case.id] = run(tbs, case)
        timings[case.id] = round(time.time() - t, 2)
        print(f"{case.id}: {timings[case.id]} s", file=sys.stderr)
    total = time.time() - t0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"results": results, "timings": timings, "load_seconds": round(t_load, 1),
                   "total_seconds": round(total, 1)}, f, indent=1, sort_keys=True)
    print(f"{len(results)} cases, {total:.1f} s (of which loading the tax-benefit system {t_load:.1f} s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
