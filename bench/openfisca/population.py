"""OpenFisca-France on a whole synthetic population: one vectorised simulation, timed.

Reads a population written by `relais synth` (JSON Lines, the simulator's case format), turns
every household into one famille / foyer fiscal / ménage of ONE OpenFisca simulation (entities
declared with arrays through SimulationBuilder.declare_entity / join_with_persons, inputs given
with Simulation.set_input as one array per variable and month: the way OpenFisca is run on a
survey), computes rsa, ppa and aah for the reported months and prints the times, the peak
memory, household-months per second and the population's monthly totals; with
--relais-cases (the cases.csv of `relais batch` on the same file) it also prints relais' base
totals and how many household-months agree.

Run with Debian's /usr/bin/python3, PYTHONPATH as in run.sh (see README.md, "Population run").

What the conversion does (and simplifies):
* every input of the case is given for each month of the history relais evaluates (24 months
  before periode.debut, constant) and of the reported period, so the quarterly windows and
  the AAH's year N-2 read the same earnings on both sides;
* events that set an input (reprise_emploi, fin_contrat, changement_heures, entree_formation,
  perte_emploi, decision_aah; `fin` inclusive, then the previous values come back) are applied
  to the monthly arrays; separation sets rsa_isolement_recent from its month;
* memberships are those at periode.debut for the whole run (an OpenFisca simulation has one
  composition): a partner who leaves (separation) stays in the famille, a person who joins
  later (naissance, mise_en_couple) is put alone in an entity of its own that is left out of
  the totals; heures_travaillees, en_formation/en_poe, depcom and the relais-only quarterly
  anchors (rsa/ppa/aah_mois_ouverture) have no counterpart and are not given;
* as in run_openfisca.py, the benefits relais takes as inputs are pinned (housing benefit as
  given by the case, AF/ASF/PAJE/... at 0) and OpenFisca's salaire_imposable is the net
  salary; departement_experimentation_rsa is set from 2025-03 (relais' window M-4..M-2).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import resource
import sys
import time
from collections import defaultdict

import numpy as np

from model import month_add, month_range

HISTORY = 24  # months relais evaluates before periode.debut (docs/population.md)

# Person inputs of the case with the same name and meaning in OpenFisca-France.
PERSON_MONEY = ["salaire_net", "chomage_net", "retraite_nette", "pensions_alimentaires_percues",
                "revenus_stage_formation_pro", "indemnites_journalieres", "ass",
                "pensions_invalidite"]
PERSON_OTHER = {"taux_incapacite": np.float32, "aah_restriction_substantielle_durable_acces_emploi": bool,
                "etudiant": bool, "enceinte": bool}
# relais-only inputs: anchors of the quarterly reviews and inputs nothing compared reads.
IGNORED_PERSON = {"date_naissance", "aah_mois_ouverture"}
IGNORED_FOYER = {"demandeur", "conjoint", "enfants", "depcom", "rsa_mois_ouverture",
                 "ppa_mois_ouverture", "statut_occupation_logement", "loyer", "aide_logement"}
# event type -> {input: field of the event, or a literal}
EVENT_EFFECTS = {
    "reprise_emploi": {"salaire_net": "salaire_net"},
    "fin_contrat": {"salaire_net": 0.0},
    "changement_heures": {"salaire_net": "salaire_net"},
    "entree_formation": {"revenus_stage_formation_pro": "remuneration", "salaire_net": 0.0},
    "perte_emploi": {"salaire_net": 0.0, "chomage_net": "are"},
    "decision_aah": {"taux_incapacite": "taux",
                     "aah_restriction_substantielle_durable_acces_emploi": "rsdae"},
}
EVENTS_NOT_GIVEN = {"naissance", "mise_en_couple", "demenagement", "demande_faj"}


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self):
        w, c = time.perf_counter(), time.process_time()
        out = (w - self.wall, c - self.cpu)
        self.wall, self.cpu = w, c
        return out


def convert(path: str):
    """Reads the population into flat arrays (persons, households, monthly inputs)."""
    cases = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    debut, n_rep = cases[0]["periode"]["debut"], cases[0]["periode"]["mois"]
    for c in cases:
        if c["periode"]["debut"] != debut or c["periode"]["mois"] != n_rep:
            raise SystemExit(f"{c.get('id')}: every case must have the same periode")
        if "historique" in c["periode"] and c["periode"]["historique"] != HISTORY:
            raise SystemExit(f"{c.get('id')}: only {HISTORY} months of history are supported")
    months = month_range(month_add(debut, -HISTORY), month_add(debut, n_rep - 1))
    reported = months[HISTORY:]
    mi = {m: i for i, m in enumerate(months)}

    n_pers = sum(len(c["personnes"]) for c in cases)
    T = len(months)
    money = {v: np.zeros((T, n_pers), dtype=np.float32) for v in PERSON_MONEY}
    other = {v: np.zeros((T, n_pers), dtype=t) for v, t in PERSON_OTHER.items()}
    birth = np.empty(n_pers, dtype="datetime64[D]")
    # Entities: a household's famille/foyer/ménage share an index; persons not in the foyer at
    # periode.debut get an extra entity of their own (not counted).
    ent_of = np.empty(n_pers, dtype=np.int64)
    fam_role, ff_role, men_role = [], [], []
    counted = []  # per entity: True for the case's household
    n_ent = 0
    statut, loyer, aide_logement = [], [], []  # per entity
    isolement_from = {}  # entity -> month index
    case_of_entity = []
    pid_index = 0
    for ci, c in enumerate(cases):
        (fname, foyer), = c["foyers"].items()
        unknown = set(foyer) - IGNORED_FOYER
        if unknown:
            raise SystemExit(f"{c.get('id')}: household input(s) not converted: {sorted(unknown)}")
        roles = {}
        for p in foyer.get("demandeur", []):
            roles[p] = ("demandeur", "declarant_principal", "personne_de_reference")
        for p in foyer.get("conjoint", []):
            roles[p] = ("conjoint", "conjoint", "conjoint")
        for p in foyer.get("enfants", []):
            roles[p] = ("enfant", "personne_a_charge", "enfant")
        hh = n_ent
        n_ent += 1
        counted.append(True)
        case_of_entity.append(ci)
        st = foyer.get("statut_occupation_logement", "non_renseigne")
        statut.append(st)
        loyer.append(float(foyer.get("loyer", 0)))
        aide_logement.append(float(foyer.get("aide_logement", 0)))
        index = {}
        for name, p in c["personnes"].items():
            i = pid_index
            pid_index += 1
            index[name] = i
            unknown = set(p) - IGNORED_PERSON - set(PERSON_MONEY) - set(PERSON_OTHER)
            if unknown:
                raise SystemExit(f"{c.get('id')}: person input(s) not converted: {sorted(unknown)}")
            birth[i] = np.datetime64(p["date_naissance"])
            for v in PERSON_MONEY:
                if v in p:
                    money[v][:, i] = float(p[v])
            for v in PERSON_OTHER:
                if v in p:
                    other[v][:, i] = p[v]
            if name in roles:
                ent_of[i] = hh
                r = roles[name]
            else:  # joins later (naissance, mise_en_couple): alone, not counted
                ent_of[i] = n_ent
                n_ent += 1
                counted.append(False)
                case_of_entity.append(ci)
                statut.append(st)
                loyer.append(0.0)
                aide_logement.append(0.0)
                r = ("demandeur", "declarant_principal", "personne_de_reference")
            fam_role.append(r[0])
            ff_role.append(r[1])
            men_role.append(r[2])
        for e in sorted(c.get("evenements", []), key=lambda e: e["mois"]):
            start = mi[e["mois"]]
            end = mi[e["fin"]] + 1 if e.get("fin") else T
            t = e["type"]
            if t in EVENT_EFFECTS:
                i = index[e["personne"]]
                for var, src in EVENT_EFFECTS[t].items():
                    val = e[src] if isinstance(src, str) else src
                    arr = money[var] if var in money else other[var]
                    arr[start:end, i] = float(val) if arr.dtype != bool else bool(val)
            elif t == "separation":
                isolement_from[hh] = start
            elif t not in EVENTS_NOT_GIVEN:
                raise SystemExit(f"{c.get('id')}: event {t} not converted")
    iso = np.zeros((T, n_ent), dtype=bool)
    for hh, start in isolement_from.items():
        iso[start:, hh] = True
    return {
        "cases": len(cases), "months": months, "reported": reported, "n_pers": n_pers,
        "n_ent": n_ent, "ent_of": ent_of, "fam_role": fam_role, "ff_role": ff_role,
        "men_role": men_role, "counted": np.array(counted), "birth": birth, "money": money,
        "other": other, "statut": statut, "loyer": np.array(loyer, dtype=np.float32),
        "aide_logement": np.array(aide_logement, dtype=np.float32), "isolement": iso,
        "case_of_entity": np.array(case_of_entity), "ids": [c.get("id", f"ligne {k + 1}")
                                                           for k, c in enumerate(cases)],
    }


def build(tbs, pop):
    from openfisca_core.simulation_builder import SimulationBuilder
    from run_openfisca import FAMILLE_PINNED, PERSON_PINNED

    sb = SimulationBuilder()
    sb.create_entities(tbs)
    sb.declare_person_entity("individu", np.arange(pop["n_pers"]))
    ent_ids = np.arange(pop["n_ent"])
    for key, roles in (("famille", pop["fam_role"]), ("foyer_fiscal", pop["ff_role"]),
                       ("menage", pop["men_role"])):
        group = sb.declare_entity(key, ent_ids)
        sb.join_with_persons(group, pop["ent_of"], roles)
    sim = sb.build(tbs)

    months, n_pers, n_ent = pop["months"], pop["n_pers"], pop["n_ent"]
    sim.set_input("date_naissance", "ETERNITY", pop["birth"].astype("datetime64[D]"))
    statut_enum = tbs.variables["statut_occupation_logement"].possible_values
    statut = np.array([statut_enum[s].index for s in pop["statut"]], dtype=np.int16)
    from openfisca_core.indexed_enums import EnumArray
    statut = EnumArray(statut, statut_enum)
    zeros_p = np.zeros(n_pers, dtype=np.float32)
    zeros_e = np.zeros(n_ent, dtype=np.float32)
    for t, m in enumerate(months):
        for v, arr in pop["money"].items():
            sim.set_input(v, m, arr[t])
        sim.set_input("salaire_imposable", m, pop["money"]["salaire_net"][t])
        for v, arr in pop["other"].items():
            sim.set_input(v, m, arr[t])
        for v in PERSON_PINNED:
            if v not in pop["money"]:
                sim.set_input(v, m, zeros_p)
        for v in FAMILLE_PINNED:
            sim.set_input(v, m, pop["aide_logement"] if v == "aide_logement" else zeros_e)
        sim.set_input("departement_experimentation_rsa", m, np.full(n_ent, m >= "2025-03"))
        sim.set_input("rsa_isolement_recent", m, pop["isolement"][t])
        sim.set_input("statut_occupation_logement", m, statut)
        sim.set_input("loyer", m, pop["loyer"])
    return sim


def relais_totals(path, months):
    """relais' rights by month, read from what it pays: cases.csv gives the amounts paid
    (rsa_verse, ppa_verse, aah_verse), and relais pays in M+1 the right of M (rsa_verse =
    rsa_du[M-1]), whereas OpenFisca's rsa(M) is the right of M. So the payment of M+1 is
    compared with OpenFisca's M; the last reported month has no payment to compare with."""
    tot = {m: defaultdict(float) for m in months[:-1]}
    per_case = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            m = month_add(row["mois"], -1)
            if m not in tot:
                continue
            for s in ("rsa", "ppa", "aah"):
                v = float(row[f"{s}_base"])
                tot[m][s] += v
                tot[m][s + "_n"] += v > 0
                per_case[(row["cas"], m, s)] = v
    return tot, per_case


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("population", help="JSON Lines written by relais synth")
    ap.add_argument("--relais-cases", help="cases.csv of relais batch on the same file")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    logging.disable(logging.WARNING)

    clock = Clock()
    import of_compat  # noqa: F401  (runtime fixes for Debian 12's Python stack)
    from openfisca_france import FranceTaxBenefitSystem
    tbs = FranceTaxBenefitSystem()
    t_load = clock.lap()
    pop = convert(args.population)
    t_convert = clock.lap()
    sim = build(tbs, pop)
    t_build = clock.lap()
    rss_fixed = rss_mib()

    counted = pop["counted"]
    fam_counted = counted  # famille index = entity index
    pers_counted = counted[pop["ent_of"]]
    results = {}
    for m in pop["reported"]:
        rsa = sim.calculate("rsa", m)
        ppa = sim.calculate("ppa", m)
        aah = sim.calculate("aah", m)
        results[m] = (rsa, ppa, aah)
    t_calc = clock.lap()
    rss_peak = rss_mib()

    households, n_months = pop["cases"], len(pop["reported"])
    hm = households * n_months
    wall = t_load[0] + t_convert[0] + t_build[0] + t_calc[0]
    cpu = t_load[1] + t_convert[1] + t_build[1] + t_calc[1]
    print(f"{households} households ({pop['n_pers']} persons, {pop['n_ent']} entities of each "
          f"kind), {len(pop['months'])} months of inputs, {n_months} reported")
    for name, (w, c) in (("load the tax-benefit system", t_load), ("read and convert", t_convert),
                         ("build the simulation", t_build), ("calculate rsa, ppa, aah", t_calc)):
        print(f"  {name:30s} wall {w:8.2f} s   CPU {c:8.2f} s")
    print(f"  {'total':30s} wall {wall:8.2f} s   CPU {cpu:8.2f} s")
    print(f"peak RSS {rss_peak:.0f} MiB (after the build: {rss_fixed:.0f} MiB)")
    print(f"household-months (x1, one law): {hm}; per second of the calculation {hm / t_calc[0]:.0f} "
          f"wall, {hm / t_calc[1]:.0f} CPU; end to end {hm / wall:.0f} wall, {hm / cpu:.0f} CPU")

    of_tot = {}
    for m, (rsa, ppa, aah) in results.items():
        of_tot[m] = {"rsa": float(rsa[fam_counted].sum()), "ppa": float(ppa[fam_counted].sum()),
                     "aah": float(aah[pers_counted].sum()),
                     "rsa_n": int((rsa[fam_counted] > 0).sum()),
                     "ppa_n": int((ppa[fam_counted] > 0).sum()),
                     "aah_n": int((aah[pers_counted] > 0).sum())}
    rel = None
    if args.relais_cases:
        rel, per_case = relais_totals(args.relais_cases, pop["reported"])
        # per household-month agreement within 1 EUR (AAH summed over the household)
        agree = defaultdict(int)
        ids = pop["ids"]
        hh_idx = np.flatnonzero(counted)
        case_idx = pop["case_of_entity"][hh_idx]
        for m, (rsa, ppa, aah) in results.items():
            if m not in rel:
                continue
            aah_hh = np.bincount(pop["ent_of"][pers_counted], weights=aah[pers_counted],
                                 minlength=pop["n_ent"])
            for s, arr in (("rsa", rsa), ("ppa", ppa), ("aah", aah_hh)):
                for e, ci in zip(hh_idx, case_idx):
                    if abs(arr[e] - per_case[(ids[ci], m, s)]) <= 1.0:
                        agree[s] += 1
    print("\nmonthly totals over the population (unweighted, EUR; households or persons paid)")
    head = f"{'month':8s}" + "".join(f"{s + ' OF':>14s}{'n':>6s}" + (f"{s + ' relais':>14s}{'n':>6s}" if rel else "")
                                     for s in ("rsa", "ppa", "aah"))
    print(head)
    for m in pop["reported"]:
        line = f"{m:8s}"
        for s in ("rsa", "ppa", "aah"):
            line += f"{of_tot[m][s]:14.0f}{of_tot[m][s + '_n']:6d}"
            if rel and m in rel:
                line += f"{rel[m][s]:14.0f}{int(rel[m][s + '_n']):6d}"
        print(line)
    compared = [m for m in of_tot if not rel or m in rel]
    totals = {s: sum(of_tot[m][s] for m in compared) for s in ("rsa", "ppa", "aah")}
    print(f"months {compared[0]}..{compared[-1]}" +
          "".join(f"  {s}: OF {totals[s]:.0f}" + (f" / relais {sum(rel[m][s] for m in rel):.0f}" if rel else "")
                  for s in totals))
    if rel:
        hm_compared = households * len(compared)
        print("household-months equal within 1 EUR (rights of the same month): " +
              ", ".join(f"{s} {agree[s]}/{hm_compared} ({100 * agree[s] / hm_compared:.2f} %)"
                        for s in ("rsa", "ppa", "aah")))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"households": households, "persons": pop["n_pers"], "household_months": hm,
                       "load": t_load, "convert": t_convert, "build": t_build, "calculate": t_calc,
                       "wall": wall, "cpu": cpu, "peak_rss_mib": rss_peak, "rss_after_build_mib": rss_fixed,
                       "openfisca": of_tot, "relais": rel and {m: dict(v) for m, v in rel.items()},
                       "agree": rel and dict(agree)}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
