"""The sheets a committee fills in: Budget, Äskanden, Åtgärder, Volymer and Enheter.

Each is one table of the layout with its input cells unlocked, marked and validated, and
sum rows right below the table whose sums count every row between the header and the sum
(`writing.running_sum`), so rows a committee inserts are included.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from openpyxl.formatting.rule import CellIsRule
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.templates.content import Content
from ramkalk.templates.layout import FRAME, FRAME_SUMMARY, SUM_LABEL
from ramkalk.templates.parts import SheetLayout, Table
from ramkalk.templates.style import DIFFERENCE_FILL, DIFFERENCE_FONT
from ramkalk.templates.writing import (
    Formula,
    add_validations,
    running_sum,
    set_widths,
    sum_row,
    title,
    write_header,
    write_rows,
)

MIN_BUDGET_ROWS = 8


def _letters(table: Table, key: str, year_count: int) -> list[str]:
    return [table.letter(key, year_count, i) for i in range(year_count)]


def _start(ws: Worksheet, sheet: SheetLayout, found: Content, heading: str, line: str) -> Table:
    years = found.years
    committee = found.committee
    title(ws, f"{heading} {years[0]}–{years[-1]}: {committee.code} {committee.name}", line)
    table = sheet.tables[0]
    write_header(ws, table, years)
    set_widths(ws, sheet, len(years))
    return table


def _finish(ws: Worksheet, table: Table, found: Content, rows: Sequence[Mapping], keys: Sequence[str],
            list_lengths: dict[str, int]) -> int:
    """Write the rows, the validations and a "Summa" row for the per-year `keys`; return its row."""
    total = write_rows(ws, table, found.years, rows)
    add_validations(ws, table, found.years, total - 1, list_lengths)
    letters = [letter for key in keys for letter in _letters(table, key, len(found.years))]
    sum_row(ws, total, SUM_LABEL, {c: "=" + running_sum(c, table.header_row) for c in letters})
    return total


def write_budget(ws: Worksheet, sheet: SheetLayout, found: Content, list_lengths: dict[str, int]) -> None:
    """Per activity and year: costs, revenues, net; then Summa, the frame and the difference."""
    table = _start(ws, sheet, found, "Budget per verksamhet",
                   "Fyll i kostnader och intäkter i tkr, båda som positiva tal. Netto är kostnader minus intäkter "
                   "och ska bli lika med ramen. Behöver ni fler rader: infoga rader inne i tabellen.")
    count = len(found.years)
    costs, revenues, net = (_letters(table, key, count) for key in ("costs", "revenues", "net"))
    names = (*found.activities, *[None] * table.blank_rows)
    names = (*names, *[None] * (MIN_BUDGET_ROWS - len(names)))
    rows = [{("activity", None): name,
             **{("net", i): Formula(f"={costs[i]}{row}-{revenues[i]}{row}") for i in range(count)}}
            for row, name in enumerate(names, start=table.first_row)]
    total = _finish(ws, table, found, rows, ("costs", "revenues"), list_lengths)
    frame, difference = total + 1, total + 2
    sum_row(ws, total, SUM_LABEL, {n: f"={c}{total}-{r}{total}" for n, c, r in zip(net, costs, revenues)})
    sum_row(ws, frame, table.totals[1], {n: f"={FRAME}!{FRAME_SUMMARY.address('frame', i)}"
                                         for i, n in enumerate(net)})
    sum_row(ws, difference, table.totals[2], {n: f"=ROUND({n}{total}-{n}{frame},3)" for n in net})
    ws.conditional_formatting.add(" ".join(f"{n}{difference}" for n in net),
                                  CellIsRule(operator="notEqual", formula=["0"], fill=DIFFERENCE_FILL,
                                             font=DIFFERENCE_FONT))


def write_requests(ws: Worksheet, sheet: SheetLayout, found: Content, list_lengths: dict[str, int]) -> None:
    table = _start(ws, sheet, found, "Äskanden",
                   "Ett äskande per rad: belopp i tkr per år, typ, varaktighet och fokusområde ur listorna, "
                   "skäl, konsekvens om det inte beviljas och prioritet (1 = viktigast).")
    _finish(ws, table, found, [{}] * table.blank_rows, ("amount",), list_lengths)


def write_measures(ws: Worksheet, sheet: SheetLayout, found: Content, list_lengths: dict[str, int]) -> None:
    table = _start(ws, sheet, found, "Åtgärder för att klara ramen",
                   "En åtgärd per rad: vad nämnden gör, konsekvensen och hur mycket den sänker nettokostnaden "
                   "(tkr, positivt tal) per år.")
    _finish(ws, table, found, [{}] * table.blank_rows, ("effect",), list_lengths)


def write_volumes(ws: Worksheet, sheet: SheetLayout, found: Content, list_lengths: dict[str, int]) -> None:
    """The forecast volume and price tag per group and year, and the committee's own estimate."""
    line = ("Volymerna bakom ramen enligt befolkningsprognosen. Fyll i nämndens egen bedömning där den "
            "skiljer sig, med en kommentar." if found.volumes else
            "Nämnden har ingen automatisk volymkompensation; ramen bygger inte på några volymer.")
    table = _start(ws, sheet, found, "Volymer", line)
    count = len(found.years)
    own, forecast = table.letter("own", count), table.letter("forecast", count)
    rows = [{("group", None): v.group, ("ages", None): v.ages, ("weight", None): v.weight, ("year", None): v.year,
             ("forecast", None): v.forecast, ("price", None): v.price,
             ("difference", None): Formula(f'=IF({own}{row}="","",{own}{row}-{forecast}{row})')}
            for row, v in enumerate(found.volumes, start=table.first_row)]
    last = write_rows(ws, table, found.years, rows) - 1
    add_validations(ws, table, found.years, last, list_lengths)


def write_units(ws: Worksheet, sheet: SheetLayout, found: Content, list_lengths: dict[str, int]) -> None:
    """The preliminary allocation per unit and central line (resursfördelning), and the committee's budget."""
    year = found.years[0]
    line = (f"Den preliminära ramen för {year} fördelad till nämndens enheter enligt resursfördelningsmodellen "
            "(tkr). Fyll i nämndens budget per enhet och för de centrala raderna, med en kommentar där den skiljer "
            "sig." if found.units else "Nämnden har inga enheter i planeringsarbetsboken; ramen fördelas inte här.")
    title(ws, f"Resursfördelning {year}: {found.committee.code} {found.committee.name}", line)
    table = sheet.tables[0]
    write_header(ws, table, found.years)
    set_widths(ws, sheet, len(found.years))
    budget, allocated = (table.letter(key, len(found.years)) for key in ("budget", "allocation"))
    rows = [{("unit", None): u.unit, ("base", None): u.base, ("addition", None): u.addition,
             ("structural", None): u.structural, ("allocation", None): u.allocation,
             ("difference", None): Formula(f'=IF({budget}{row}="","",{budget}{row}-{allocated}{row})')}
            for row, u in enumerate(found.units, start=table.first_row)]
    last = write_rows(ws, table, found.years, rows) - 1
    add_validations(ws, table, found.years, last, list_lengths)

