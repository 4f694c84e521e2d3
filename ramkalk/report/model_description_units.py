"""The model description's sections on resursfördelning: how each committee with units allocates its
frame of the budget year (`ramkalk.calculation.allocation`), as values for `html/allocation.html.j2`.

Per committee: the rules in words with the committee's own parameters, the amounts per volume unit
(given or derived, kr with öre), and a row per unit with its amounts (tkr, rounded so that the units
and the central lines add up to the frame as shown, and each unit's parts to its sum) and its
avräkning so far (kr). Data keys: `fördelning/NÄMND/…` (see `tests/test_model_description.py`).
"""

from __future__ import annotations

from ramkalk.calculation.allocation import allocations
from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_kronor, round_parts, round_total
from ramkalk.report.html_parts import Row, amount, row, rule, share, value
from ramkalk.rules.allocation import ADDITION, BASE_AMOUNT, STRUCTURAL, Allocation

COMPONENTS = (BASE_AMOUNT, ADDITION, STRUCTURAL)


def allocation_sections(calculation: Calculation) -> list[dict]:
    """One section per committee with units."""
    data = calculation.data
    return [_section(found, data.committee(found.committee).name, data) for found in allocations(calculation)]


def _section(found: Allocation, name: str, data) -> dict:
    code = found.committee
    rule_row = next((r for r in data.allocation_rules if r.committee == code), None)
    units = {u.name: u for u in data.units if u.committee == code}
    intro = [f"{name}s ram för {found.year}, ", amount(f"fördelning/{code}/ram", found.frame, unit="kr"),
             " kr, fördelas till ", str(len(found.units)), " enheter efter elever (volymenheter) per kategori och "
             "månad. En månad räknas som en tolftedel av ett år."]
    if rule_row is not None and rule_row.reserve_share is not None:
        intro += [" En central reserv på ", share(f"fördelning/{code}/reservandel", rule_row.reserve_share),
                  " av ramen stannar hos nämnden."]
    if rule_row is not None and rule_row.structural_share is not None:
        intro += [" ", share(f"fördelning/{code}/strukturandel", rule_row.structural_share),
                  " av ramen fördelas som strukturbelopp efter enheternas indexpoäng över ",
                  value(f"fördelning/{code}/indexgräns", rule_row.index_threshold), " gånger elever."]
    intro += [" Härledda belopp per elev avrundas nedåt till hela öre och varje enhets belopp nedåt till hela"
              " kronor; det som blir över står som en central rad. Utfallet avräknas varje månad mot prognosen"
              " och betalas från den centrala reserven."]
    return {"anchor": f"fordelning-{code.casefold()}", "title": f"Resursfördelning: {code} {name}",
            "intro": intro, "rates": _rates(found), "units": _units(found, units)}


def _rates(found: Allocation) -> list[Row]:
    code = found.committee
    rows = [row(rate.category, "härlett ur ramen" if rate.derived else "angivet",
                value(f"fördelning/{code}/belopp/{rate.category}", rate.amount, format_kronor(rate.amount)),
                rule(rate.rule)) for rate in found.rates]
    if found.structural_rate is not None:
        rate = found.structural_rate
        rows.append(row("Strukturbelopp per indexpoäng", "härlett ur ramen" if rate.derived else "angivet",
                        value(f"fördelning/{code}/strukturbelopp", rate.amount, format_kronor(rate.amount)),
                        rule(rate.rule)))
    return rows


def _units(found: Allocation, units: dict) -> list[Row]:
    """A row per unit and central line (tkr adding up to the frame as shown), and the sum."""
    code = found.committee
    totals = [u.total for u in found.units] + [line.amount for line in found.central]
    shown = round_parts(totals, total=round_total(found.frame))
    rows = []
    for unit, unit_shown in zip(found.units, shown):
        by_key = {line.component: line.amount for line in unit.lines}
        parts = round_parts([by_key.get(key, 0) for key in COMPONENTS], total=unit_shown)
        index = units[unit.unit].index if unit.unit in units else None
        key = f"fördelning/{code}/{unit.unit}"
        rows.append(row(unit.unit, "" if index is None else value(f"{key}/index", index),
                        *(amount(f"{key}/{k}", by_key[k], part) if k in by_key else ""
                          for k, part in zip(COMPONENTS, parts)),
                        amount(f"{key}/summa", unit.total, unit_shown),
                        amount(f"{key}/avräkning", unit.reconciled, unit="kr")))
    for line, line_shown in zip(found.central, shown[len(found.units):]):
        rows.append(row(line.label, "", "", "", "", amount(f"fördelning/{code}/{line.component}", line.amount,
                                                          line_shown), "", css="detail"))
    rows.append(row("Summa: nämndens ram", "", "", "", "", amount(f"fördelning/{code}/ram-tkr", found.frame,
                                                                sum(shown)), "", css="sum"))
    return rows
