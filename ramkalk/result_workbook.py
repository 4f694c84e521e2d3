"""The result workbook of `ramkalk beräkna --ut`: frames, their explanation and the checks.

Sheets:
- Ramar: one row per committee, one column per year (kr), with a total row.
- Förklaring: a block per committee, read like a municipality's published
  "sammanställning över budgetposter per nämnd": last year's frame, one row per
  change with a column per year, "Summa ramförändringar" and the new frame. The sums
  and the chaining of plan years are formulas, so the sheet recalculates like any
  spreadsheet and can be checked against the core.
- Förklaringsrader: every explanation line as a flat table with the rule and its inputs;
  "Nivå" tells a component (they add up to the frame) from its detail lines (they add
  up to their component), so a filter on one level sums correctly.
- Kontroll: the warnings of the run (only if there are any).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.explanation import change_lines, inputs_text, previous_frame
from ramkalk.model import PlanningData
from ramkalk.problems import Problem
from ramkalk.results import BASE, Frame
from ramkalk.xlsx_cells import append_values, number, text

KR = "#,##0;-#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOP_LINE = Border(top=Side(style="thin"))
ONE_OFF_REMOVAL = "Avgår engångsposter föregående år"
ONE_OFF_RULE = "−engångsposter i föregående års ram"
COMPONENT_LEVEL, DETAIL_LEVEL = "Komponent", "Delpost"


def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        cell.font, cell.fill = BOLD, HEADER_FILL


def _frames_by_committee(frames: tuple[Frame, ...]) -> dict[str, list[Frame]]:
    grouped: dict[str, list[Frame]] = defaultdict(list)
    for frame in frames:
        grouped[frame.committee].append(frame)
    return grouped


def _write_frames(ws: Worksheet, data: PlanningData, frames: tuple[Frame, ...]) -> None:
    years = data.settings.years
    ws.append([f"Ramar per nämnd, {data.settings.municipality} (kr)"])
    ws["A1"].font = TITLE
    _header(ws, 3, ["Kod", "Nämnd", *[f"Ram {y}" for y in years]])
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


def _write_committee_block(ws: Worksheet, row: int, title: str, frames: list[Frame]) -> int:
    """Write one committee's block from `row`; return the first free row after it."""
    first_year_col = 3
    ws.cell(row=row, column=1, value=title).font = BOLD
    _header(ws, row + 1, ["Post", "Regel", *[str(f.year) for f in frames]])
    previous_row = row + 2
    ws.cell(row=previous_row, column=1, value="Föregående års ram")
    first_previous = previous_frame(frames[0])
    text(ws, previous_row, 2, first_previous.label)
    ws.cell(row=previous_row, column=first_year_col, value=number(first_previous.amount)).number_format = KR

    changes: dict[tuple[str, str], dict[int, Decimal]] = {}
    rules: dict[tuple[str, str], str] = {}
    for index, frame in enumerate(frames):
        for line in change_lines(frame):
            label = ONE_OFF_REMOVAL if line.component == BASE else line.label
            by_year = changes.setdefault((line.component, label), {})
            by_year[index] = by_year.get(index, Decimal(0)) + line.amount
            rules.setdefault((line.component, label), ONE_OFF_RULE if line.component == BASE else line.rule)
    change_rows = list(changes)
    first_change = previous_row + 1
    for offset, key in enumerate(change_rows):
        r = first_change + offset
        text(ws, r, 1, key[1])
        text(ws, r, 2, rules[key])
        for index, amount in changes[key].items():
            ws.cell(row=r, column=first_year_col + index, value=number(amount)).number_format = KR
    sum_row = first_change + len(change_rows)
    frame_row = sum_row + 1
    ws.cell(row=sum_row, column=1, value="Summa ramförändringar").font = BOLD
    ws.cell(row=frame_row, column=1, value="Ny ram").font = BOLD
    for index in range(len(frames)):
        letter = get_column_letter(first_year_col + index)
        if index > 0:
            before = get_column_letter(first_year_col + index - 1)
            ws.cell(row=previous_row, column=first_year_col + index, value=f"={before}{frame_row}").number_format = KR
        last_change = max(sum_row - 1, first_change)
        formula = f"=SUM({letter}{first_change}:{letter}{last_change})" if change_rows else "=0"
        total = ws.cell(row=sum_row, column=first_year_col + index, value=formula)
        total.number_format, total.font, total.border = KR, BOLD, TOP_LINE
        new = ws.cell(row=frame_row, column=first_year_col + index, value=f"={letter}{previous_row}+{letter}{sum_row}")
        new.number_format, new.font = KR, BOLD
    return frame_row + 2


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
    _header(ws, 1, ["Nämnd", "År", "Komponent", "Nivå", "Post", "Belopp (kr)", "Regel", "Indata"])
    for frame in frames:
        for line in frame.lines:
            for level, item in ((COMPONENT_LEVEL, line), *((DETAIL_LEVEL, d) for d in line.details)):
                row = append_values(ws, [frame.committee, frame.year, item.component, level, item.label,
                                         item.amount, item.rule, inputs_text(item)])
                ws.cell(row=row, column=6).number_format = KR
    for letter, width in zip("ABCDEFGH", (8, 6, 16, 11, 50, 16, 60, 100)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{ws.max_row}"


def _write_problems(ws: Worksheet, problems: tuple[Problem, ...]) -> None:
    _header(ws, 1, ["Fil", "Blad", "Cell", "Allvarlighet", "Meddelande"])
    for problem in problems:
        d = problem.as_dict()
        append_values(ws, [str(d[k] or "") for k in ("fil", "blad", "cell", "allvarlighet", "meddelande")])
    for letter, width in zip("ABCDE", (30, 16, 8, 12, 100)):
        ws.column_dimensions[letter].width = width


def build_result_workbook(data: PlanningData, frames: tuple[Frame, ...],
                          problems: tuple[Problem, ...] = ()) -> Workbook:
    book = Workbook()
    frames_ws = book.active
    frames_ws.title = "Ramar"
    _write_frames(frames_ws, data, frames)
    _write_explanation(book.create_sheet("Förklaring"), data, frames)
    _write_lines(book.create_sheet("Förklaringsrader"), frames)
    if problems:
        _write_problems(book.create_sheet("Kontroll"), problems)
    return book


def write_result_workbook(data: PlanningData, frames: tuple[Frame, ...], path: str | Path,
                          problems: tuple[Problem, ...] = ()) -> None:
    """Save the result workbook at `path`."""
    build_result_workbook(data, frames, problems).save(path)
