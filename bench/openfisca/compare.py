"""Merge the two sides and write the comparison table.

The table goes between the markers <!-- table:start --> and <!-- table:end --> of
docs/openfisca-comparison.md (the prose around it is written by hand). With --details, the
diagnostic variables (resources, forfait logement, monthly premiums, AAH base) are printed
too, side by side, to explain a divergence.

Exit status 1 when a non-zero difference (beyond rounding to the cent) has no explanation in
cases.py, or when a case expected to differ agrees: the explanations must stay true.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from cases import CASES

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CENT = 0.005
ROUNDING = "below a cent (note R)"
ROUNDING_NOTE = ("**Note R** — a difference below one cent: relais rounds the amount to the nearest "
                 "cent, OpenFisca does not round it (legislation.md §0.1.5) and computes in single "
                 "precision (float32, about 7 significant digits: 376.52 is held as 376.519989). "
                 "Difference = relais − OpenFisca.")


def fmt_amount(v: float, decimals: int) -> str:
    s = f"{v:,.{decimals}f}".replace(",", " ")
    if decimals > 2:
        s = s.rstrip("0")
        if s.endswith("."):
            s += "00"
        elif len(s.split(".")[1]) < 2:
            s += "0"
    return s


def fmt(v, kind: str, decimals: int = 4) -> str:
    if kind == "booleen":
        return "oui" if v else "non"
    return fmt_amount(v, decimals)


def rows(of_res: dict, rl_res: dict, which: str):
    for case in CASES:
        for kind, c in case.all_compares():
            if kind != which:
                continue
            month = c.month or case.month
            key = f"{c.instance}.{c.relais_variable}[{month}]"
            o, r = of_res[case.id][key], rl_res[case.id][key]
            if c.kind == "booleen":
                diff = 0.0 if bool(o) == bool(r) else 1.0
                status = "=" if diff == 0 else "≠"
            else:
                diff = r - o
                status = "=" if abs(diff) < 1e-6 else ("≈" if abs(diff) < CENT else "≠")
            yield case, c, month, o, r, diff, status


def variable_label(c) -> str:
    if c.of_variable == c.relais_variable or c.instance == "f":
        inst = "" if c.instance == "f" else f" ({c.instance})"
    else:
        inst = f" ({c.instance})"
    return f"`{c.of_variable}` / `{c.relais_variable}`{inst}"


def table(of_res, rl_res) -> tuple[str, list[str], dict]:
    lines = [
        "| # | case | month | variable (OpenFisca / relais) | OpenFisca | relais | difference | explanation |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    problems, counts = [], {"=": 0, "≈": 0, "≠": 0}
    diverging_cases = set()
    for case, c, month, o, r, diff, status in rows(of_res, rl_res, "table"):
        counts[status] += 1
        if status == "≠":
            diverging_cases.add(case.id)
            expl = case.explication
            if not expl:
                problems.append(f"{case.id} {c.relais_variable}: difference {diff} without explanation")
                expl = "**UNEXPLAINED**"
        elif status == "≈":
            expl = ROUNDING
        else:
            expl = ""
        if c.kind == "booleen":
            d = "0" if status == "=" else "differs"
        elif status == "=":
            d = "0"
        elif abs(diff) < 0.00005:
            d = "< 0.0001"
        else:
            d = ("+" if diff > 0 else "") + fmt_amount(diff, 4)
        lines.append(f"| {case.id} | {case.description} | {month} | {variable_label(c)} | "
                     f"{fmt(o, c.kind)} | {fmt(r, c.kind, 2)} | {d} | {expl} |")
    for case in CASES:
        if case.explication and case.id not in diverging_cases:
            problems.append(f"{case.id}: expected to differ but agrees")
    return "\n".join(lines), problems, counts


def details(of_res, rl_res) -> str:
    out = []
    for case, c, month, o, r, diff, status in rows(of_res, rl_res, "diagnostic"):
        out.append(f"{case.id:8} {c.relais_variable:40} {month}  OF {fmt(o, c.kind):>12}  relais "
                   f"{fmt(r, c.kind, 6):>14}  {status}")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--openfisca", default="/tmp/relais-openfisca/openfisca.json")
    ap.add_argument("--relais", default="/tmp/relais-openfisca/relais.json")
    ap.add_argument("--doc", default=os.path.join(REPO, "docs", "openfisca-comparison.md"))
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--print", action="store_true", help="print the table instead of writing the doc")
    args = ap.parse_args()
    of = json.load(open(args.openfisca))
    rl = json.load(open(args.relais))
    text, problems, counts = table(of["results"], rl["results"])
    summary = (f"{len(CASES)} cases, {sum(counts.values())} compared values: {counts['=']} identical, "
               f"{counts['≈']} apart by less than a cent (note R), {counts['≠']} apart by more (explained). "
               f"OpenFisca run: {of['total_seconds']} s (of which {of['load_seconds']} s loading the "
               f"tax-benefit system); relais run: {rl['total_seconds']} s.")
    block = f"{summary}\n\n{ROUNDING_NOTE}\n\n{text}\n"
    if args.print:
        print(block)
    else:
        doc = open(args.doc).read()
        new = re.sub(r"(<!-- table:start -->\n).*?(<!-- table:end -->)", lambda m: m[1] + block + m[2],
                     doc, flags=re.S)
        if new == doc and "<!-- table:start -->" not in doc:
            sys.stderr.write(f"no table markers in {args.doc}\n")
            return 1
        open(args.doc, "w").write(new)
        print(summary, file=sys.stderr)
    if args.details:
        print(details(of["results"], rl["results"]))
    for pb in problems:
        print("PROBLEM:", pb, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
