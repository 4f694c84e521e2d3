"""The result workbook's sheet Resursfördelning: each committee's frame allocated to its units.

Per committee with units (`ramkalk.calculation.allocation`), for the budget year:
- the amounts per volume unit and year, given or derived (with how a derived one was set);
- one row per unit: grundbelopp, tilläggsbelopp, strukturbelopp, the allocation, the avräkning so
  far and what the unit has after it; then the central reserve and the rest; the sum rows are
  formulas, so the sheet shows (and a spreadsheet checks) that units and reserve make the frame;
- the months: per unit the budget of each month and, below, each month's avräkning;
- per unit, its explanation: every line with its rule and inputs (with their cells), what a head
  teacher reads to see why the school got what it got.
"""

from __future__ import annotations

from ramkalk.calculation.allocation import allocations
from ramkalk.calculation.frames import Calculation
from ramkalk.core.addresses import column_letter
from ramkalk.core.display import format_kronor
from ramkalk.core.explanation import inputs_text
from ramkalk.report.sheets import BOLD, HEADER, KR, SUM, TITLE, Formula, Look, Sheet, number
from ramkalk.rules.allocation import ADDITION, BASE_AMOUNT, MONTH_NAMES, STRUCTURAL, Allocation

NAME = "Resursfördelning"
RATE = Look("#,##0.00")
COMPONENTS = ((BASE_AMOUNT, "Grundbelopp"), (ADDITION, "Tilläggsbelopp"), (STRUCTURAL, "Strukturbelopp"))


def allocation_sheet(calculation: Calculation) -> Sheet:
    """The sheet for every committee with units (see the module docstring)."""
    ws = Sheet(NAME)
    data = calculation.data
    ws.append([f"Resursfördelning till enheter, {data.settings.municipality} {data.settings.budget_year} (kr)"],
              TITLE)
    for found in allocations(calculation):
        ws.append([])
        _committee(ws, found, data.committee(found.committee).name)
    ws.set_widths([34, 16, 16, 16, 16, 16, 16, 16, 14, 14, 14, 14, 14])
    ws.freeze = "B2"
    return ws


def _committee(ws: Sheet, found: Allocation, name: str) -> None:
    ws.append([f"{found.committee} {name}: ram {found.year} {format_kronor(found.frame)}"], BOLD)
    ws.append(["Belopp per volymenhet och år", "Belopp", "Hur", "Regel"], HEADER)
    rates = [*found.rates, *([found.structural_rate] if found.structural_rate else [])]
    for rate in rates:
        label = "Strukturbelopp per indexpoäng" if rate is found.structural_rate else rate.category
        ws.append([label, number(rate.amount), "härlett ur ramen" if rate.derived else "angivet", rate.rule],
                  [None, RATE])
    ws.append([])
    header = ws.append(["Enhet", *(label for _, label in COMPONENTS), "Tilldelning", "Avräkning hittills",
                        "Efter avräkning"], HEADER)
    for unit in found.units:
        amounts = {line.component: line.amount for line in unit.lines}
        row = ws.next_row
        ws.append([unit.unit, *(number(amounts[key]) if key in amounts else None for key, _ in COMPONENTS),
                   Formula(f"=SUM(B{row}:D{row})"), number(unit.reconciled), Formula(f"=E{row}+F{row}")],
                  [None, *[KR] * 6])
    last_unit = ws.next_row - 1
    central = ws.next_row
    for line in found.central:
        ws.append([line.label, None, None, None, number(line.amount), None, None], [None, *[KR] * 6])
    ws.append(["Central reserv efter avräkning", None, None, None, None, None,
               Formula(f"=SUM(E{central}:E{ws.next_row - 1})-SUM(F{header + 1}:F{last_unit})")], [None, *[KR] * 6])
    ws.append(["Summa (nämndens ram)", None, None, None, Formula(f"=SUM(E{header + 1}:E{ws.next_row - 2})"), None,
               Formula(f"=SUM(G{header + 1}:G{ws.next_row - 1})")], [BOLD, *[SUM] * 6])
    _months(ws, found)
    for unit in found.units:
        ws.append([])
        ws.append([f"{unit.unit}: förklaring", "Belopp", "Regel", "Indata"], HEADER)
        for line in unit.lines:
            ws.append([line.label, number(line.amount), line.rule, inputs_text(line)], [BOLD, KR])
            for detail in line.details if line.component != STRUCTURAL else ():
                ws.append([f"    {detail.label}", number(detail.amount), detail.rule, inputs_text(detail)], [None, KR])


def _months(ws: Sheet, found: Allocation) -> None:
    """Per unit its months' budget, then each month's avräkning (empty: no actual volume yet)."""
    months = [name.capitalize() for name in MONTH_NAMES]
    for title, values in (("Budget per månad", lambda u, m: number(u.months[m - 1])),
                          ("Avräkning per månad", lambda u, m: None if (c := u.reconciliation_of(m)) is None
                           else number(c))):
        ws.append([])
        first = ws.append([title, *months, "Summa"], HEADER)
        for unit in found.units:
            row = ws.next_row
            ws.append([unit.unit, *(values(unit, m) for m in range(1, 13)),
                       Formula(f"=SUM(B{row}:{column_letter(13)}{row})")], [None, *[KR] * 13])
        ws.append(["Summa", *(Formula(f"=SUM({c}{first + 1}:{c}{ws.next_row - 1})")
                              for c in (column_letter(i) for i in range(2, 15)))], [BOLD, *[SUM] * 13])
