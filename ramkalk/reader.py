"""Reading a planning workbook (planeringsarbetsbok) into `PlanningData`.

Named steps, each reporting what it could not do as `Problem`s: open the file → find
each sheet (an Excel table's totals row is not data: it reads as an empty row) → find each
column by its header in row 1 → convert every cell by the format (`ramkalk.workbook_format`)
→ build the records (the last three in `ramkalk.table_rows`, shared with the range reader of
the add-in). Every problem is collected; a row with a bad cell is left out of the data and
named in the problems. Values are read as the spreadsheet last saved them (python-calamine):
nothing is evaluated.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from defusedxml import ElementTree
from openpyxl.utils.cell import range_boundaries

from ramkalk import model
from ramkalk.problems import Problem, Source, error
from ramkalk.table_rows import EMPTY, Rows, read_tables
from ramkalk.workbook_format import SETTINGS_SHEET

if TYPE_CHECKING:
    import python_calamine


@dataclass(frozen=True)
class Reading:
    """What reading a workbook gave: the data (None if it could not be built) and the problems."""

    data: model.PlanningData | None
    problems: tuple[Problem, ...]
    incomplete_sheets: frozenset[str] = frozenset()
    """Sheets with a row left out for a bad cell: checks that something is missing there are unreliable."""


def read_workbook(path: str | Path) -> Reading:
    """Read a planning workbook; never raises for bad content, only reports it."""
    name = str(path)
    book, problem = _open(Path(path), name)
    if book is None:
        return Reading(None, (problem,))
    problems: list[Problem] = []
    sheets = _SheetFinder(book, name, problems, _totals_rows(Path(path)))
    data, incomplete = read_tables(sheets.rows(SETTINGS_SHEET), lambda t: sheets.rows(t.sheet, t.optional),
                                   name, problems)
    problems = _explain_empty_cells(Path(path), problems)
    return Reading(data, tuple(problems), incomplete)


def _open(path: Path, name: str) -> tuple[python_calamine.CalamineWorkbook | None, Problem | None]:
    import python_calamine  # here, so that reading ranges (the add-in, also in Pyodide) never needs it

    if path.is_dir():
        return None, error(Source(name), "är en mapp, inte en arbetsbok")
    if not path.is_file():
        return None, error(Source(name), "filen finns inte")
    try:
        return python_calamine.load_workbook(str(path)), None
    except python_calamine.PasswordError:
        return None, error(Source(name), "arbetsboken är lösenordsskyddad; spara en kopia utan lösenord och försök igen")
    except Exception as exc:  # calamine raises several types for foreign or corrupt files
        return None, error(Source(name), f"filen kan inte läsas som en Excel-arbetsbok: {_what_it_is(path)} "
                                         f"(teknisk orsak: {exc})")


def _what_it_is(path: Path) -> str:
    """A guess, from the first bytes, of what a file that is not a readable workbook is."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        return "filen är tom"
    if head.startswith(b"%PDF"):
        return "det är en PDF-fil; spara planeringsarbetsboken som .xlsx"
    if head.startswith(b"PK"):
        return "zip-arkivet är skadat eller ofullständigt; spara om arbetsboken från Excel"
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "filen är i gammalt format eller krypterad; spara den som .xlsx utan lösenord"
    return "det är inte en .xlsx-fil; spara planeringsarbetsboken som Excel-arbetsbok (.xlsx)"


def _totals_rows(path: Path) -> dict[str, frozenset[int]]:
    """The rows (1-based) of the Excel tables' totals rows, by sheet name.

    Excel writes a table's totals row (Table Design → Total Row) as the last row of the table's
    range and says so only in the table's own part (`totalsRowCount`); python-calamine gives
    which sheet a table is on, not its totals row. Most workbooks have none, so the tables'
    sheets are looked up only when a table has one. A part that cannot be read is left to the
    reader of the values, which reports what is wrong with the file."""
    import python_calamine  # (as in _open)

    rows: dict[str, frozenset[int]] = {}  # table name -> its totals rows
    try:
        with zipfile.ZipFile(path) as package:
            for part in package.namelist():
                content = package.read(part) if part.startswith("xl/tables/") and part.endswith(".xml") else b""
                if b"totalsRowCount" in content:  # (parsed only then: Excel writes it only for a totals row)
                    table = ElementTree.fromstring(content)
                    count = int(table.get("totalsRowCount") or 0)
                    if count > 0:
                        last = range_boundaries(table.get("ref", ""))[3]
                        rows[table.get("displayName", "")] = frozenset(range(last - count + 1, last + 1))
        if not rows:
            return {}
        book = python_calamine.load_workbook(str(path), load_tables=True)
        found: dict[str, frozenset[int]] = {}
        for name, table_rows in rows.items():
            sheet = book.get_table_by_name(name).sheet
            found[sheet] = found.get(sheet, frozenset()) | table_rows
        return found
    except Exception:  # zipfile, XML, a ref or calamine: each raises its own types for a broken part
        return {}


class _SheetFinder:
    """Finds sheets by name, case-insensitively, and reports missing ones once each; a table's
    totals rows (`_totals_rows`) read as empty rows, so they are skipped like any empty row."""

    def __init__(self, book: python_calamine.CalamineWorkbook, file: str, problems: list[Problem],
                 totals: dict[str, frozenset[int]]) -> None:
        self.book, self.file, self.problems, self.totals = book, file, problems, totals
        self.names = {n.strip().casefold(): n for n in book.sheet_names}

    def rows(self, sheet: str, optional: bool = False) -> tuple[str, Rows] | None:
        actual = self.names.get(sheet.casefold())
        if actual is None and optional:
            return None
        if actual is None:
            found = ", ".join(self.book.sheet_names)
            self.problems.append(error(Source(self.file, sheet), f'bladet "{sheet}" saknas (arbetsboken har: {found})'))
            return None
        try:
            rows = self.book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        except Exception as exc:
            self.problems.append(error(Source(self.file, actual), f"bladet kan inte läsas (teknisk orsak: {exc})"))
            return None
        for row in self.totals.get(actual, ()):
            if row <= len(rows):
                rows[row - 1] = [""] * len(rows[row - 1])
        return actual, rows


def _explain_empty_cells(path: Path, problems: list[Problem]) -> list[Problem]:
    """Say what an "empty" cell really holds when it is not empty in the file.

    python-calamine reads an error value (#N/A, #DIV/0!) and a formula that was never
    calculated as empty. Only when such a problem exists is the file opened a second time
    (with openpyxl, formulas as text) to find what the cell holds.
    """
    empties = [i for i, p in enumerate(problems) if p.message.startswith(EMPTY) and p.source and p.source.cell]
    if not empties:
        return problems
    try:
        book = openpyxl.load_workbook(path, data_only=False)
    except Exception:  # the file was readable by calamine; if openpyxl is not, keep the plain message
        return problems
    explained = list(problems)
    for i in empties:
        problem = problems[i]
        raw = book[problem.source.sheet][problem.source.cell].value
        what = problem.message[len(EMPTY):]
        if isinstance(raw, str) and raw.startswith("#"):
            explained[i] = error(problem.source, f"cellen visar felvärdet {raw}; väntade {what}")
        elif isinstance(raw, str) and raw.startswith("="):
            explained[i] = error(problem.source, f"formeln {raw} har inget sparat värde; öppna arbetsboken i Excel,"
                                                 f" räkna om och spara; väntade {what}")
    return explained
