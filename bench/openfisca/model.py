"""Neutral description of a comparison case, shared by the OpenFisca and relais drivers.

A case is one household observed over the months [start .. month]; every monthly input is
either a constant (the same value for each month of that range) or a dict {"AAAA-MM": value}
(months not listed take the input's default, 0 or false). Both drivers expand inputs over the
same range, so that the two engines see exactly the same situation; nothing is given outside
the range (except the N-2 income of the AAH, see Person.n2_activite).

Only this file, cases.py and the drivers belong to relais; OpenFisca itself is checked out
outside the repository (see README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

MonthlyValue = Union[int, float, bool, str, dict]


def month_add(month: str, k: int) -> str:
    y, m = (int(x) for x in month.split("-"))
    n = y * 12 + (m - 1) + k
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = month_add(m, 1)
    return out


def expand(value: MonthlyValue, months: list[str]) -> dict:
    """{month: value} over the case's months (a dict keeps only its months inside the range)."""
    if isinstance(value, dict):
        return {m: value[m] for m in months if m in value}
    return {m: value for m in months}


@dataclass
class Person:
    naissance: str  # AAAA-MM-JJ
    # Monthly inputs whose name is the same in OpenFisca-France and in relais:
    # salaire_net, chomage_net, ass, retraite_nette, pensions_invalidite,
    # pensions_alimentaires_percues, pensions_alimentaires_versees_individu, aah (an amount
    # received, read by the RSA and the CSS: only in RSA/CSS cases), enceinte, etudiant,
    # taux_incapacite (a fraction, 0.8), aah_restriction_substantielle_durable_acces_emploi,
    # rsa_jeune_condition_heures_travail_remplie, asf_elig_enfant, aah_conjugalise_eligible.
    inputs: dict = field(default_factory=dict)
    # AAH: taxable activity income of calendar year N-2 (annual amount). relais:
    # aah_base_ressources_activite_eval_annuelle; OpenFisca: salaire_imposable of year N-2.
    n2_activite: Optional[float] = None
    # relais aah_mois_ouverture (anchor of the quarterly AAH review); None = the compared month.
    aah_ancre: Optional[str] = None


@dataclass
class Compare:
    """One compared quantity: an OpenFisca variable and the matching relais variable."""

    of_variable: str
    instance: str  # "f" (the household) or a person id
    relais_variable: str
    kind: str = "montant"  # montant | booleen
    month: Optional[str] = None  # default: the case's month


@dataclass
class Case:
    id: str
    scheme: str  # RSA | PPA | AAH | CSS
    description: str
    month: str  # compared month (AAAA-MM)
    persons: dict  # id -> Person
    demandeur: str
    conjoint: Optional[str] = None
    enfants: list = field(default_factory=list)
    # Household monthly inputs (same names on both sides): statut_occupation_logement, loyer,
    # participation_frais, aide_logement, af, paje_base, paje_prepare, asf, rsa_isolement_recent.
    foyer: dict = field(default_factory=dict)
    compare: list = field(default_factory=list)  # list[Compare]
    diagnostics: list = field(default_factory=list)  # list[Compare], not in the table
    # OpenFisca's departement_experimentation_rsa (window M-4..M-2). None = like with like:
    # true when the compared month is 2025-03 or later (relais switches at the first review
    # from March 2025), false before.
    of_experimentation: Optional[bool] = None
    # relais' departement_experimentation_rsa (pilot departments from 2024-10).
    relais_experimentation: bool = False
    # relais anchors of the quarterly review; None = the compared month (the review month is
    # the compared month, as OpenFisca recomputes every month).
    rsa_ancre: Optional[str] = None
    ppa_ancre: Optional[str] = None
    start: Optional[str] = None  # first month of the range; default month - 14
    # Why relais and OpenFisca are expected to differ (None: they should agree to the cent).
    explication: Optional[str] = None

    @property
    def first_month(self) -> str:
        return self.start or month_add(self.month, -14)

    @property
    def months(self) -> list[str]:
        return month_range(self.first_month, self.month)

    @property
    def of_flag(self) -> bool:
        if self.of_experimentation is not None:
            return self.of_experimentation
        return self.month >= "2025-03"

    def all_compares(self):
        for c in self.compare:
            yield "table", c
        for c in self.diagnostics:
            yield "diagnostic", c
