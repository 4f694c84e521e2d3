"""A unit's allocation (resursfördelning, `ramkalk.rules.allocation`) as text and as JSON.

`unit_explanation` is what `ramkalk förklara ARBETSBOK NÄMND ÅR --enhet ENHET` prints: the unit's
amounts line by line with rule and inputs (each with its cell), the amounts per volume unit it was
paid by (how a derived one was worked out), then a table of its months, budget and avräkning.
`allocation_json` is the `fördelning` of a committee's budget year in `beräkna --json`.
`find_unit` turns what a person typed into a unit, or a Swedish message saying what is known.
"""

from __future__ import annotations

import textwrap
from typing import Iterator, Sequence

from ramkalk.calculation.allocation import allocation, allocations, committees_with_units
from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_amount, format_kronor
from ramkalk.core.explanation import input_text
from ramkalk.core.money import plain_number
from ramkalk.report.frame_text import INDENT, WIDTH, line_rows, row
from ramkalk.rules.allocation import LABELS, MONTH_NAMES, MONTHS, STRUCTURAL, Allocation, Rate, UnitAllocation


def find_unit(calculation: Calculation, code: str, year: str, name: str
              ) -> tuple[Allocation | None, UnitAllocation | None, str]:
    """The allocation and the unit asked for, or Nones and a message naming what is known."""
    data = calculation.data
    committee = next((c for c in data.committees if c.code.casefold() == code.casefold()), None)
    if committee is None:
        return None, None, f'okänd nämnd "{code}"; kända nämnder: {", ".join(c.code for c in data.committees)}'
    if committee.code not in committees_with_units(data):
        having = ", ".join(committees_with_units(data)) or "ingen nämnd"
        return None, None, f"{committee.code} har inga enheter på bladet Enheter (enheter har: {having})"
    budget_year = data.settings.budget_year
    if year.strip() != str(budget_year):
        return None, None, f"{year} är inte budgetåret; ramen fördelas till enheterna för budgetåret {budget_year}"
    found = allocation(calculation, committee.code)
    unit = found.unit(name)
    if unit is None:
        return found, None, (f'okänd enhet "{name}" hos {committee.code}; enheterna är: '
                             f"{', '.join(u.unit for u in found.units)}")
    return found, unit, ""


def _rate_rows(rate: Rate) -> Iterator[str]:
    label = "Strukturbelopp per indexpoäng" if rate.category == "strukturbelopp" else rate.category
    yield row(label, format_kronor(rate.amount), 1)
    inner = INDENT * 2
    yield textwrap.fill(f"regel: {rate.rule}", WIDTH, initial_indent=inner, subsequent_indent=inner + "  ")
    if rate.inputs:
        yield textwrap.fill("indata: " + "; ".join(input_text(i) for i in rate.inputs), WIDTH,
                            initial_indent=inner, subsequent_indent=inner + "  ")


def unit_explanation(found: Allocation, unit: UnitAllocation) -> str:
    """The unit's allocation line by line, its rates and its months (kr)."""
    lines = [f"{found.committee}: {unit.unit}, resursfördelning {found.year} (kr)", ""]
    for line in unit.lines:  # (the months are in the table below)
        lines += line_rows(line, 0, deepest=0 if line.component == STRUCTURAL else 1)
    lines.append(row(f"Tilldelning {found.year}", format_amount(unit.total), 0))
    categories = {d.part for line in unit.lines for d in line.details}
    used = [r for r in found.rates if r.category in categories]
    if found.structural_rate is not None and any(line.component == STRUCTURAL for line in unit.lines):
        used.append(found.structural_rate)
    if used:
        lines += ["", "Belopp per volymenhet och år"]
        for rate in used:
            lines += _rate_rows(rate)
    lines += ["", f"{'Månad':<12}{'Budget':>16}{'Avräkning':>16}{'Efter avräkning':>18}"]
    for month, budget in zip(MONTHS, unit.months):
        change = unit.reconciliation_of(month)
        shown = "–" if change is None else format_amount(change)
        after = budget + (change or 0)
        lines.append(f"{MONTH_NAMES[month - 1]:<12}{format_amount(budget):>16}{shown:>16}{format_amount(after):>18}")
    lines.append(f"{'Summa':<12}{format_amount(unit.total):>16}{format_amount(unit.reconciled):>16}"
                 f"{format_amount(unit.after_reconciliation):>18}")
    if unit.reconciliation:
        lines += ["", LABELS["avräkning"]]
        for line in unit.reconciliation:
            lines += line_rows(line, 1)
    return "\n".join(lines)


def allocation_json(found: Allocation) -> dict[str, object]:
    """A committee's allocation as the `fördelning` object of `beräkna --json` (kr)."""
    return {
        "belopp_per_volymenhet": {r.category: plain_number(r.amount) for r in found.rates},
        "strukturbelopp_per_indexpoäng": (None if found.structural_rate is None
                                          else plain_number(found.structural_rate.amount)),
        "enheter": [{
            "enhet": unit.unit,
            "tilldelning": plain_number(unit.total),
            "komponenter": {line.component: plain_number(line.amount) for line in unit.lines},
            "månader": [plain_number(m) for m in unit.months],
            "avräkning": [None if (c := unit.reconciliation_of(m)) is None else plain_number(c) for m in MONTHS],
            "efter_avräkning": plain_number(unit.after_reconciliation),
        } for unit in found.units],
        "centralt": {line.component: plain_number(line.amount) for line in found.central},
        "reserv_efter_avräkning": plain_number(found.reserve_after_reconciliation),
    }


def with_allocations(objects: Sequence[dict[str, object]], calculation: Calculation) -> list[dict[str, object]]:
    """`beräkna --json`'s frame objects, the budget year's of each committee with units with its `fördelning`."""
    by_key = {(a.committee, a.year): a for a in allocations(calculation)}
    return [{**o, "fördelning": allocation_json(by_key[key])} if (key := (o["nämnd"], o["år"])) in by_key else o
            for o in objects]
