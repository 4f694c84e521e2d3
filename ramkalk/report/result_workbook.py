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
- Modeller, Prislappar, Balans, Intäktslappar, Känslighet, Resultat: see
  `ramkalk.report.result_model_sheets`.
- Kontroll: the warnings of the run (only if there are any).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.calculation.frames import Calculation
from ramkalk.core.explanation import StatementRow, inputs_text, statement
from ramkalk.schema.inputs import PlanningData
from ramkalk.core.problems import Problem
from ramkalk.report.result_model_sheets import (
    write_balance,
    write_models,
    write_price_tags,
    write_results,
    write_revenue_tags,
    write_sensitivity,
)
from ramkalk.calculation.sensitivity import sensitivity
from ramkalk.core.frame import Frame
from ramkalk.report.result_waterfalls import write_waterfalls
from ramkalk.report.xlsx_cells import append_values, number, text
from ramkalk.report.xlsx_style import BOLD, KR, TITLE, TOP_LINE, header, set_widths

FIRST_YEAR_COLUMN = 3
COMPONENT_LEVEL, DETAIL_LEVEL = "Komponent", "Delpost"


def _frames_by_committee(frames: tuple[Frame, ...]) -> dict[str, list[Frame]]:
    grouped: dict[str, list[Frame]] = defaultdict(list)
    for frame in frames:
        grouped[frame.committee].append(frame)
    return grouped


def _write_frames(ws: Worksheet, data: PlanningData, frames: tuple[Frame, ...]) -> None:
    years = data.settings.years
    version = f", version {data.version}" if data.version else ""
    ws.append([f"Ramar per nämnd, {data.settings.municipality}{version} (kr)"])
    ws["A1"].font = TITLE
    header(ws, 3, ["Kod", "Nämnd", *[f"Ram {y}" for y in years]])
    grouped = _frames_by_committee(frames)
    for row, committee in enumerate(data.committees, start=4):
        text(ws, row, 1, committee.code)
        text(ws, row, 2, committee.name)
        for column, frame in enumerate(grouped[committee.code], start=3):
            ws.cell(row=row, column=column, value=number(frame.total)).number_format = KR
    total_row = 4 + len(data.committees)
    ws.cell(row=total_row, column=2, value="Summa").font = BOLD
    for column in range(3, 3 + len(years)):
        letter = get_column_letter(column)
        cell = ws.cell(row=total_row, column=column, value=f"=SUM({letter}4:{letter}{total_row - 1})")
        cell.number_format, cell.font, cell.border = KR, BOLD, TOP_LINE
    ws.column_dimensions["B"].width = 38
    for column in range(3, 3 + len(years)):
        ws.column_dimensions[get_column_letter(column)].width = 16
    ws.freeze_panes = "C4"


def _amount_cell(ws: Worksheet, row: int, column: int, value: object, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = KR
    if bold:
        cell.font = BOLD


def _sum_row(ws: Worksheet, row: int, label: str, formulas: list[str]) -> None:
    ws.cell(row=row, column=1, value=label).font = BOLD
    for index, formula in enumerate(formulas):
        _amount_cell(ws, row, FIRST_YEAR_COLUMN + index, formula, bold=True)
        ws.cell(row=row, column=FIRST_YEAR_COLUMN + index).border = TOP_LINE


def _statement_rows(ws: Worksheet, row: int, rows: list[StatementRow], years: list[int]) -> int:
    for offset, item in enumerate(rows):
        text(ws, row + offset, 1, item.label)
        text(ws, row + offset, 2, item.rule)
        for year, amount in item.amounts.items():
            _amount_cell(ws, row + offset, FIRST_YEAR_COLUMN + years.index(year), number(amount))
    return row + len(rows)


def _range_sum(letter: str, first: int, after: int) -> str:
    return f"SUM({letter}{first}:{letter}{after - 1})" if after > first else "0"


def _write_committee_block(ws: Worksheet, row: int, title: str, frames: list[Frame]) -> int:
    """Write one committee's statement from `row`; return the first free row after it.

    Previous frame, one row per change, "Summa ramförändringar"; in the price-tag model
    then the technical frame and one row per price tag; and "Ny ram". Sums and the
    chaining of plan years (each year opens with the year before's carried frame) are formulas.
    """
    years = [f.year for f in frames]
    letters = [get_column_letter(FIRST_YEAR_COLUMN + i) for i in range(len(years))]
    found = statement(frames)
    ws.cell(row=row, column=1, value=title).font = BOLD
    header(ws, row + 1, ["Post", "Regel", *[str(y) for y in years]])
    opening = row + 2
    technical = bool(found.tags)
    ws.cell(row=opening, column=1, value="Föregående års tekniska ram" if technical else "Föregående års ram")
    text(ws, opening, 2, found.opening.label)
    _amount_cell(ws, opening, FIRST_YEAR_COLUMN, number(found.opening.amount))
    after_changes = _statement_rows(ws, opening + 1, found.changes, years)
    _sum_row(ws, after_changes, "Summa ramförändringar",
             [f"={_range_sum(c, opening + 1, after_changes)}" for c in letters])
    carried = after_changes + 1
    _sum_row(ws, carried, "Teknisk ram" if technical else "Ny ram", [f"={c}{opening}+{c}{after_changes}" for c in letters])
    last = carried
    if technical:
        after_tags = _statement_rows(ws, carried + 1, found.tags, years)
        last = after_tags
        _sum_row(ws, last, "Ny ram", [f"={c}{carried}+{_range_sum(c, carried + 1, after_tags)}" for c in letters])
    for index in range(1, len(years)):
        _amount_cell(ws, opening, FIRST_YEAR_COLUMN + index, f"={letters[index - 1]}{carried}")
    return last + 2


def _write_explanation(ws: Worksheet, data: PlanningData, frames: tuple[Frame, ...]) -> dict[str, int]:
    """Write every committee's block; return committee code -> the row of its "Ny ram"."""
    ws.append([f"Sammanställning över ramförändringar per nämnd, {data.settings.municipality} (kr)"])
    ws["A1"].font = TITLE
    grouped = _frames_by_committee(frames)
    new_frame_rows = {}
    row = 3
    for committee in data.committees:
        next_row = _write_committee_block(ws, row, f"{committee.code} {committee.name}", grouped[committee.code])
        new_frame_rows[committee.code] = next_row - 2
        row = next_row
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 40
    for index in range(len(data.settings.years)):
        ws.column_dimensions[get_column_letter(3 + index)].width = 16
    ws.freeze_panes = "C2"
    return new_frame_rows


def _write_lines(ws: Worksheet, frames: tuple[Frame, ...]) -> None:
    header(ws, 1, ["Nämnd", "År", "Komponent", "Nivå", "Post", "Belopp (kr)", "Regel", "Indata"])
    for frame in frames:
        for line in frame.lines:
            for level, item in ((COMPONENT_LEVEL, line), *((DETAIL_LEVEL, d) for d in line.details)):
                row = append_values(ws, [frame.committee, frame.year, item.component, level, item.label,
                                         item.amount, item.rule, inputs_text(item)])
                ws.cell(row=row, column=6).number_format = KR
    set_widths(ws, (8, 6, 16, 11, 50, 16, 60, 100))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{ws.max_row}"


def _write_problems(ws: Worksheet, problems: tuple[Problem, ...]) -> None:
    header(ws, 1, ["Fil", "Blad", "Cell", "Allvarlighet", "Meddelande"])
    for problem in problems:
        d = problem.as_dict()
        append_values(ws, [str(d[k] or "") for k in ("fil", "blad", "cell", "allvarlighet", "meddelande")])
    set_widths(ws, (30, 16, 8, 12, 100))


def build_result_workbook(calculation: Calculation, problems: tuple[Problem, ...] = ()) -> Workbook:
    data, frames = calculation.data, calculation.frames
    book = Workbook()
    frames_ws = book.active
    frames_ws.title = "Ramar"
    _write_frames(frames_ws, data, frames)
    _write_explanation(book.create_sheet("Förklaring"), data, frames)
    write_waterfalls(book.create_sheet("Uppbyggnad"), calculation)
    _write_lines(book.create_sheet("Förklaringsrader"), frames)
    write_models(book.create_sheet("Modeller"), calculation)
    if data.volume_groups:
        write_price_tags(book.create_sheet("Prislappar"), calculation)
    if calculation.balances:
        write_balance(book.create_sheet("Balans"), calculation)
    if data.revenue_tags:
        write_revenue_tags(book.create_sheet("Intäktslappar"), calculation)
    write_sensitivity(book.create_sheet("Känslighet"), data, sensitivity(data))
    if data.outcomes:
        write_results(book.create_sheet("Resultat"), calculation)
    if problems:
        _write_problems(book.create_sheet("Kontroll"), problems)
    return book


def write_result_workbook(calculation: Calculation, path: str | Path, problems: tuple[Problem, ...] = ()) -> None:
    """Save the result workbook at `path`."""
    build_result_workbook(calculation, problems).save(path)
