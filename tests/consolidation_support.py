"""Shared by the consolidation tests: Exempelstad's templates filled in as a committee would.

`fill_return(template, out)` opens a generated template with openpyxl (formulas kept),
types a budget whose net adds up to the frame shown on Ram, two requests (one with a
description that looks like a formula but is text), a measure and a volume estimate, for every
year the template has, and saves it (bench/large_city.py fills its rounds of returns with it). `REQUESTS` is what it types, so tests compare what was read with what was typed.
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


def fill_return(template: Path, out: Path, requests: bool = True, round_: int = 0) -> Path:
    """A filled copy of `template` at `out` (see the module docstring), for every year the template
    has. `round_` > 0 (the benchmark's rounds of returns): the amounts and titles differ by round, so
    each file is new to the archive; round 0 types exactly `REQUESTS_TYPED` and the figures below."""
    book = openpyxl.load_workbook(template)
    years = year_count(book)
    frames = [book[FRAME][FRAME_SUMMARY.address("frame", i)].value for i in range(years)]
    _budget(book[BUDGET], frames, years, REVENUE_PER_ACTIVITY * (1 + round_))
    if requests:
        _requests(book[REQUESTS], book, years, round_)
    measures = book[MEASURES]
    row = MEASURES_TABLE.first_row
    measures[f"A{row}"], measures[f"B{row}"] = "Färre chefer", "Sammanslagning av två enheter" + _round(round_)
    for i in range(years):
        measures[f"{MEASURES_TABLE.letter('effect', years, i)}{row}"] = 500 + round_
    measures[f"{MEASURES_TABLE.letter('in_budget', years)}{row}"] = "Ja"
    volumes = book[VOLUMES]
    if volumes[f"A{VOLUMES_TABLE.first_row}"].value:
        volumes[f"{VOLUMES_TABLE.letter('own', years)}{VOLUMES_TABLE.first_row}"] = 1234.5 + round_
        volumes[f"{VOLUMES_TABLE.letter('comment', years)}{VOLUMES_TABLE.first_row}"] = "Egen prognos"
    book.save(out)
    return out


def year_count(book) -> int:
    """The number of per-year columns of a template, from the sheet Ram's frame row (filled every year)."""
    ws, count = book[FRAME], 0
    while ws[FRAME_SUMMARY.address("frame", count)].value is not None:
        count += 1
    return count


def _round(round_: int) -> str:
    return f" (omgång {round_})" if round_ else ""


def _budget(ws, frames: list[int], years: int, revenue: int) -> None:
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
            ws[f"{BUDGET_TABLE.letter('costs', years, i)}{row}"] = net + revenue
            ws[f"{BUDGET_TABLE.letter('revenues', years, i)}{row}"] = revenue


def _requests(ws, book, years: int, round_: int) -> None:
    """`REQUESTS_TYPED`; a template with more years than its amounts continues a permanent request at
    its last amount and a one-off at 0."""
    table = layout(years, True).sheet(REQUESTS).tables[0]
    areas = [book["Listor"].cell(row=r, column=3).value for r in range(2, 6)]
    for row, (title, description, amounts, kind, duration, area, reason, priority) in enumerate(
            REQUESTS_TYPED, start=table.first_row):
        ws[f"{table.letter('title', years)}{row}"] = title + _round(round_)
        cell = ws[f"{table.letter('description', years)}{row}"]
        cell.value = description
        cell.data_type = "s"  # typed as text (in Excel: with a leading apostrophe)
        later = amounts[-1] if duration == "Permanent" else 0
        for i in range(years):
            amount = amounts[i] if i < len(amounts) else later
            ws[f"{table.letter('amount', years, i)}{row}"] = amount + 100 * round_ if amount else amount
        ws[f"{table.letter('kind', years)}{row}"] = kind
        ws[f"{table.letter('duration', years)}{row}"] = duration
        ws[f"{table.letter('focus_area', years)}{row}"] = areas[area]
        ws[f"{table.letter('reason', years)}{row}"] = reason
        ws[f"{table.letter('consequence', years)}{row}"] = "Större klasser"
        ws[f"{table.letter('priority', years)}{row}"] = priority


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
