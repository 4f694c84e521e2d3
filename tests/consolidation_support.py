"""Shared by the consolidation tests: Exempelstad's templates filled in as a committee would.

`fill_return(template, out, code)` opens a generated template with openpyxl (formulas kept),
types a budget whose net adds up to the frame shown on Ram, two requests (one with a
description that looks like a formula but is text), a measure and a volume estimate, and
saves it. `REQUESTS` is what it types, so tests compare what was read with what was typed.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
from templates_support import SOURCE, exempelstad_calculation, write_all

from ramkalk.example.municipality import exempelstad
from ramkalk.templates.consolidation import expected_of
from ramkalk.templates.layout import (
    BUDGET,
    BUDGET_TABLE,
    FRAME,
    FRAME_SUMMARY,
    MEASURES,
    MEASURES_TABLE,
    REQUESTS,
    VOLUMES,
    VOLUMES_TABLE,
    layout,
)
from ramkalk.templates.return_records import Expected
from ramkalk.workbook.writer import write_workbook

YEARS = 4
FORMULA_LIKE = "=HYPERLINK(\"http://exempel.se\") är inte en formel"
# (title, description, amounts tkr per year, type, duration, focus area index, reason, priority)
REQUESTS_TYPED = (
    ("Fler lärare", FORMULA_LIKE, (4000, 4100, 4200, 4300), "Satsning", "Permanent", 0, "Fler elever", 1),
    ("Ny e-tjänst", "+ digital ansökan", (1500, 0, 0, 0), "Satsning", "Engångs", 3, "Snabbare handläggning", 2),
)
REVENUE_PER_ACTIVITY = 1000


def expected() -> Expected:
    return expected_of(exempelstad_calculation(), "Juni", SOURCE)


def generate(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return write_all(folder)


def _letter(table, key: str, year: int | None = None) -> str:
    return table.letter(key, YEARS, year)


def fill_return(template: Path, out: Path, requests: bool = True) -> Path:
    """A filled copy of `template` at `out` (see the module docstring)."""
    book = openpyxl.load_workbook(template)
    frames = [book[FRAME][FRAME_SUMMARY.address("frame", i)].value for i in range(YEARS)]
    _budget(book[BUDGET], frames)
    if requests:
        _requests(book[REQUESTS], book)
    measures = book[MEASURES]
    row = MEASURES_TABLE.first_row
    measures[f"A{row}"], measures[f"B{row}"] = "Färre chefer", "Sammanslagning av två enheter"
    for i in range(YEARS):
        measures[f"{_letter(MEASURES_TABLE, 'effect', i)}{row}"] = 500
    measures[f"{_letter(MEASURES_TABLE, 'in_budget')}{row}"] = "Ja"
    volumes = book[VOLUMES]
    if volumes[f"A{VOLUMES_TABLE.first_row}"].value:
        volumes[f"{_letter(VOLUMES_TABLE, 'own')}{VOLUMES_TABLE.first_row}"] = 1234.5
        volumes[f"{_letter(VOLUMES_TABLE, 'comment')}{VOLUMES_TABLE.first_row}"] = "Egen prognos"
    book.save(out)
    return out


def _budget(ws, frames: list[int]) -> None:
    """Costs and revenues per activity so that the net adds up to the frame each year."""
    rows = []
    for row in range(BUDGET_TABLE.first_row, ws.max_row + 1):
        if ws[f"A{row}"].value == "Summa":
            break
        if ws[f"A{row}"].value:
            rows.append(row)
    count = len(rows)
    for i, frame in enumerate(frames):
        share = frame // count
        for n, row in enumerate(rows):
            net = share if n < count - 1 else frame - share * (count - 1)
            ws[f"{_letter(BUDGET_TABLE, 'costs', i)}{row}"] = net + REVENUE_PER_ACTIVITY
            ws[f"{_letter(BUDGET_TABLE, 'revenues', i)}{row}"] = REVENUE_PER_ACTIVITY


def _requests(ws, book) -> None:
    table = layout(YEARS, True).sheet(REQUESTS).tables[0]
    areas = [book["Listor"].cell(row=r, column=3).value for r in range(2, 6)]
    for row, (title, description, amounts, kind, duration, area, reason, priority) in enumerate(
            REQUESTS_TYPED, start=table.first_row):
        ws[f"{_letter(table, 'title')}{row}"] = title
        cell = ws[f"{_letter(table, 'description')}{row}"]
        cell.value = description
        cell.data_type = "s"  # typed as text (in Excel: with a leading apostrophe)
        for i, amount in enumerate(amounts):
            ws[f"{_letter(table, 'amount', i)}{row}"] = amount
        ws[f"{_letter(table, 'kind')}{row}"] = kind
        ws[f"{_letter(table, 'duration')}{row}"] = duration
        ws[f"{_letter(table, 'focus_area')}{row}"] = areas[area]
        ws[f"{_letter(table, 'reason')}{row}"] = reason
        ws[f"{_letter(table, 'consequence')}{row}"] = "Större klasser"
        ws[f"{_letter(table, 'priority')}{row}"] = priority


def requested(year_index: int) -> Decimal:
    """What one filled return requests in a year, tkr."""
    return Decimal(sum(r[2][year_index] for r in REQUESTS_TYPED))


def copy(path: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(path, folder / (name or path.name)))


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ramkalk-konsolidera-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@cache
def templates() -> dict[str, Path]:
    """Every Exempelstad committee's template, generated once per test process."""
    return generate(_folder() / "mallar")


@cache
def filled() -> dict[str, Path]:
    """Every Exempelstad committee's template filled in (see `fill_return`), once per test process."""
    folder = _folder() / "ifyllda"
    folder.mkdir(exist_ok=True)
    return {code: fill_return(path, folder / path.name) for code, path in templates().items()}


@cache
def planning_workbook() -> Path:
    """Exempelstad as a planning workbook file, for the command line."""
    path = _folder() / "exempelstad.xlsx"
    write_workbook(exempelstad(), path)
    return path
