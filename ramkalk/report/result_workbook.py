"""The result workbook of `ramkalk beräkna --ut`: frames, their explanation and the checks.

Sheets:
- Ramar: one row per committee, one column per year (kr), with a total row.
- Förklaring: a block per committee, read like a municipality's published
  "sammanställning över budgetposter per nämnd": last year's frame, one row per
  change with a column per year, "Summa ramförändringar" and the new frame. The sums
  and the chaining of plan years are formulas, so the sheet recalculates like any
  spreadsheet and can be checked against the core.
- Uppbyggnad: per committee the budget year's waterfall from last year's frame, a table
  and a native chart (see `ramkalk.report.result_waterfalls`).
- Förklaringsrader: every explanation line as a flat table with the rule and its inputs;
  "Nivå" tells a component (they add up to the frame) from its detail lines (they add
  up to their component), so a filter on one level sums correctly.
- Modeller, Prislappar, Balans, Intäktslappar, Känslighet (only when asked for:
  `beräkna --känslighet`), Resultat: see `ramkalk.report.result_model_sheets`.
- Resursfördelning: each committee's frame allocated to its units (only with units): see
  `ramkalk.report.result_allocation_sheet`.
- Kontroll: the warnings of the run (only if there are any).

`result_book` builds the workbook once as data (`ramkalk.report.sheets`); `write_result_workbook`
writes it with XlsxWriter, and the add-in writes the same sheets into the open workbook.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.sensitivity import sensitivity
from ramkalk.core.addresses import column_letter
from ramkalk.core.explanation import StatementRow, inputs_text, statement
from ramkalk.core.frame import Frame
from ramkalk.core.problems import Problem
from ramkalk.report.result_allocation_sheet import allocation_sheet
from ramkalk.report.result_model_sheets import (
    balance_sheet,
    models_sheet,
    price_tags_sheet,
    results_sheet,
    revenue_tags_sheet,
    sensitivity_sheet,
)
from ramkalk.report.result_waterfalls import waterfalls_sheet
from ramkalk.report.sheets import AMOUNT_HEADER, BOLD, HEADER, KR, SUM, TITLE, Book, Formula, Sheet, number
from ramkalk.schema.inputs import PlanningData

FIRST_YEAR_COLUMN = 3
COMPONENT_LEVEL, DETAIL_LEVEL = "Komponent", "Delpost"


def _frames_by_committee(frames: tuple[Frame, ...]) -> dict[str, list[Frame]]:
    grouped: dict[str, list[Frame]] = defaultdict(list)
    for frame in frames:
        grouped[frame.committee].append(frame)
    return grouped


def _frames(data: PlanningData, frames: tuple[Frame, ...]) -> Sheet:
    ws = Sheet("Ramar")
    years = data.settings.years
    version = f", version {data.version}" if data.version else ""
    ws.append([f"Ramar per nämnd, {data.settings.municipality}{version} (kr)"], TITLE)
    ws.put(3, ["Kod", "Nämnd", *[f"Ram {y}" for y in years]], [HEADER, HEADER, *[AMOUNT_HEADER] * len(years)])
    grouped = _frames_by_committee(frames)
    for committee in data.committees:
        totals = [number(frame.total) for frame in grouped[committee.code]]
        ws.append([committee.code, committee.name, *totals], [None, None, *[KR] * len(totals)])
    total_row = ws.next_row
    columns = [column_letter(c) for c in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + len(years))]
    ws.append([None, "Summa", *[Formula(f"=SUM({c}4:{c}{total_row - 1})") for c in columns]],
              [None, BOLD, *[SUM] * len(columns)])
    ws.widths[2] = 38
    ws.set_widths([16] * len(years), FIRST_YEAR_COLUMN)
    ws.freeze, ws.print_titles = "C4", 3
    return ws


def _statement_row(ws: Sheet, item: StatementRow, years: dict[int, int]) -> None:
    """A row of `item`'s amounts; years: each year's place among the columns of years."""
    amounts: list[object] = [None] * len(years)
    looks = [None] * len(years)
    for year, amount in item.amounts.items():
        amounts[years[year]], looks[years[year]] = number(amount), KR
    ws.append([item.label, item.rule, *amounts], [None, None, *looks])


def _sum_row(ws: Sheet, label: str, formulas: list[str]) -> int:
    return ws.append([label, None, *map(Formula, formulas)], [BOLD, None, *[SUM] * len(formulas)])


def _range_sum(column: str, first: int, after: int) -> str:
    return f"SUM({column}{first}:{column}{after - 1})" if after > first else "0"


def _committee_block(ws: Sheet, row: int, title: str, frames: list[Frame]) -> int:
    """Write one committee's statement from `row`; return the first free row after it.

    Previous frame, one row per change, "Summa ramförändringar"; in the price-tag model
    then the technical frame and one row per price tag; and "Ny ram". Sums and the
    chaining of plan years (each year opens with the year before's carried frame) are formulas.
    """
    years = [f.year for f in frames]
    columns = [column_letter(FIRST_YEAR_COLUMN + i) for i in range(len(years))]
    found = statement(frames)
    technical = bool(found.tags)
    ws.put(row, [title], BOLD)
    ws.append(["Post", "Regel", *[str(y) for y in years]], [HEADER, HEADER, *[AMOUNT_HEADER] * len(years)])
    opening = row + 2
    after_changes = opening + 1 + len(found.changes)
    carried = after_changes + 1
    ws.append(["Föregående års tekniska ram" if technical else "Föregående års ram", found.opening.label,
               number(found.opening.amount), *[Formula(f"={c}{carried}") for c in columns[:-1]]],
              [None, None, *[KR] * len(years)])
    places = {year: place for place, year in enumerate(years)}
    for item in found.changes:
        _statement_row(ws, item, places)
    _sum_row(ws, "Summa ramförändringar", [f"={_range_sum(c, opening + 1, after_changes)}" for c in columns])
    last = _sum_row(ws, "Teknisk ram" if technical else "Ny ram", [f"={c}{opening}+{c}{after_changes}" for c in columns])
    if technical:
        for item in found.tags:
            _statement_row(ws, item, places)
        after_tags = ws.next_row
        last = _sum_row(ws, "Ny ram", [f"={c}{carried}+{_range_sum(c, carried + 1, after_tags)}" for c in columns])
    return last + 2


def _explanation(data: PlanningData, frames: tuple[Frame, ...]) -> Sheet:
    """Every committee's block."""
    ws = Sheet("Förklaring")
    ws.append([f"Sammanställning över ramförändringar per nämnd, {data.settings.municipality} (kr)"], TITLE)
    grouped = _frames_by_committee(frames)
    row, blocks = 3, []
    for committee in data.committees:
        after = _committee_block(ws, row, f"{committee.code} {committee.name}", grouped[committee.code])
        blocks.append((row, after - 2))
        row = after
    ws.set_widths([58, 60, *[16] * len(data.settings.years)])  # (a decision's text and a rule whole)
    ws.freeze = "C2"
    ws.keep_together(blocks)  # (a committee's block on one page)
    return ws


def _lines(frames: tuple[Frame, ...]) -> Sheet:
    ws = Sheet("Förklaringsrader")
    ws.append(["Nämnd", "År", "Komponent", "Nivå", "Post", "Belopp (kr)", "Regel", "Indata"], HEADER)
    looks = [None] * 5 + [KR]
    for frame in frames:
        for line in frame.lines:
            for level, item in ((COMPONENT_LEVEL, line), *((DETAIL_LEVEL, d) for d in line.details)):
                ws.append([frame.committee, frame.year, item.component, level, item.label,
                           item.amount, item.rule, inputs_text(item)], looks)
    ws.set_widths((8, 6, 16, 11, 50, 16, 60, 100))
    ws.freeze, ws.print_titles = "A2", 1
    ws.autofilter = f"A1:H{len(ws.rows)}"
    return ws


def _problems(problems: tuple[Problem, ...]) -> Sheet:
    ws = Sheet("Kontroll")
    ws.append(["Fil", "Blad", "Cell", "Allvarlighet", "Meddelande"], HEADER)
    for problem in problems:
        d = problem.as_dict()
        ws.append([str(d[k] or "") for k in ("fil", "blad", "cell", "allvarlighet", "meddelande")])
    ws.set_widths((30, 16, 8, 12, 100))
    ws.print_titles = 1
    return ws


def result_book(calculation: Calculation, problems: tuple[Problem, ...] = (),
                with_sensitivity: bool = False) -> Book:
    """The result workbook as data: its sheets in order (see the module docstring).

    with_sensitivity: add the sheet Känslighet (each scenario is a whole calculation again)."""
    data, frames = calculation.data, calculation.frames
    sheets = [_frames(data, frames), _explanation(data, frames), waterfalls_sheet(calculation), _lines(frames),
              models_sheet(calculation)]
    if data.volume_groups:
        sheets.append(price_tags_sheet(calculation))
    if calculation.balances:
        sheets.append(balance_sheet(calculation))
    if data.revenue_tags:
        sheets.append(revenue_tags_sheet(calculation))
    if with_sensitivity:
        sheets.append(sensitivity_sheet(sensitivity(data)))
    if data.outcomes:
        sheets.append(results_sheet(calculation))
    if data.units:
        sheets.append(allocation_sheet(calculation))
    if problems:
        sheets.append(_problems(problems))
    version = f"Version {data.version}" if data.version else ""
    return Book(sheets, data.settings.municipality, f"Ramberäkning {data.settings.years[0]}–{data.settings.years[-1]}",
                version)


def write_result_workbook(calculation: Calculation, path: str | Path, problems: tuple[Problem, ...] = (),
                          with_sensitivity: bool = False) -> None:
    """Save the result workbook at `path` (use through an atomic write)."""
    from ramkalk.report.xlsx_render import save

    save(result_book(calculation, problems, with_sensitivity), path)
