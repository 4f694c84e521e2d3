"""Reading a planning workbook (planeringsarbetsbok) into `PlanningData`.

Named steps, each reporting what it could not do as `Problem`s: open the file → find
each sheet → find each column by its header in row 1 → convert every cell by the
format (`ramkalk.workbook_format`) → build the records (the last three in
`ramkalk.table_rows`, shared with the range reader of the add-in). Every problem is collected;
a row with a bad cell is left out of the data and named in the problems. Values are
read as the spreadsheet last saved them (python-calamine): nothing is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl

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
    sheets = _SheetFinder(book, name, problems)
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
        return None, error(Source(name), f"filen kan inte läsas som en Excel-arbetsbok: {_what_it_is(path)} (teknisk orsak: {exc})")


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


class _SheetFinder:
    """Finds sheets by name, case-insensitively, and reports missing ones once each."""

    def __init__(self, book: python_calamine.CalamineWorkbook, file: str, problems: list[Problem]) -> None:
        self.book, self.file, self.problems = book, file, problems
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
            return actual, self.book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        except Exception as exc:
            self.problems.append(error(Source(self.file, actual), f"bladet kan inte läsas (teknisk orsak: {exc})"))
            return None


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
