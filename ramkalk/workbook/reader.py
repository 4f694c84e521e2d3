"""Reading a planning workbook (planeringsarbetsbok) into `PlanningData`.

Named steps, each reporting what it could not do as `Problem`s: open the file → find
each sheet (an Excel table's totals row is not data: it reads as an empty row) → find each
column by its header in row 1 → convert every cell by the format (`ramkalk.schema.tables`)
→ build the records (the last three in `ramkalk.workbook.table_rows`, shared with the range reader of
the add-in). Every problem is collected; a row with a bad cell is left out of the data and
named in the problems. Values are read as the spreadsheet last saved them (python-calamine):
nothing is evaluated. A cell that shows an error value or holds a formula without a saved
value (found in the sheet's XML, `ramkalk.workbook.sheet_xml`) is never read as empty: it is a
`CellFault`, an error at that cell whatever the column.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from ramkalk.core.problems import Problem, Source, error
from ramkalk.schema import inputs
from ramkalk.schema.cells import text_key
from ramkalk.schema.tables import SETTINGS_SHEET, TABLES
from ramkalk.workbook.sheet_xml import NO_FACTS, SheetFacts, put_faults, sheet_facts, sheet_parts
from ramkalk.workbook.table_rows import Rows, read_tables

if TYPE_CHECKING:
    import python_calamine


@dataclass(frozen=True)
class Reading:
    """What reading a workbook gave: the data (None if it could not be built) and the problems."""

    data: inputs.PlanningData | None
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
    sheets = _SheetFinder(book, name, problems, _package_facts(Path(path), book.sheet_names))
    data, incomplete = read_tables(sheets.rows(SETTINGS_SHEET), lambda t: sheets.rows(t.sheet, t.optional),
                                   name, problems)
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


@dataclass(frozen=True)
class _Facts:
    """What the package says of a sheet beyond its values: the rows (from 1) of its Excel tables'
    totals rows, its faulty cells and its merged ranges (`ramkalk.workbook.sheet_xml`)."""

    totals: frozenset[int] = frozenset()
    sheet: SheetFacts = NO_FACTS


_READ_SHEETS = frozenset(text_key(name) for name in (SETTINGS_SHEET, *(t.sheet for t in TABLES)))


def _package_facts(path: Path, sheet_names: list[str]) -> dict[str, _Facts]:
    """By sheet name, for the sheets a table is read from: `_Facts`.

    Excel writes a table's totals row (Table Design → Total Row) as the last row of the table's
    range and says so only in the table's own part (`totalsRowCount`). Error values and formulas
    without a saved value are in the sheet's XML (`ramkalk.workbook.sheet_xml`). A part that cannot be
    read is left to the reader of the values, which reports what is wrong with the file."""
    wanted = {name for name in sheet_names if text_key(name) in _READ_SHEETS}
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            parts = sheet_parts(package.read("xl/workbook.xml"), package.read("xl/_rels/workbook.xml.rels"))
            facts = {sheet: _Facts(sheet=sheet_facts(package.read(part)))
                     for sheet, part in parts if sheet in wanted and part in names}
            totals = _totals_rows(package, names, path)
    except Exception:  # zipfile, XML, a ref or calamine: each raises its own types for a broken part
        return {}
    for sheet, rows in totals.items():
        facts[sheet] = _Facts(rows, facts.get(sheet, _Facts()).sheet)
    return facts


def _totals_rows(package: zipfile.ZipFile, names: set[str], path: Path) -> dict[str, frozenset[int]]:
    """The rows (1-based) of the Excel tables' totals rows, by sheet name. Most workbooks have
    none, so the tables' sheets are looked up only when a table has one."""
    import python_calamine  # (as in _open)

    rows: dict[str, frozenset[int]] = {}  # table name -> its totals rows
    for part in names:
        content = package.read(part) if part.startswith("xl/tables/") and part.endswith(".xml") else b""
        if b"totalsRowCount" in content:  # (parsed only then: Excel writes it only for a totals row)
            table = ElementTree.fromstring(content)
            count = int(table.get("totalsRowCount") or 0)
            if count > 0:
                last = _last_row(table.get("ref", ""))
                rows[table.get("displayName", "")] = frozenset(range(last - count + 1, last + 1))
    if not rows:
        return {}
    book = python_calamine.load_workbook(str(path), load_tables=True)
    found: dict[str, frozenset[int]] = {}
    for name, table_rows in rows.items():
        sheet = book.get_table_by_name(name).sheet
        found[sheet] = found.get(sheet, frozenset()) | table_rows
    return found


class _SheetFinder:
    """Finds sheets by name (case and spaces ignored) and reports a missing sheet, or two sheets
    whose names differ only by case or spaces, once each. A sheet's faulty cells are put in
    place of their values and its merged ranges reported (`_Facts`); a table's totals rows read
    as empty rows, so they are skipped like any empty row."""

    def __init__(self, book: python_calamine.CalamineWorkbook, file: str, problems: list[Problem],
                 facts: dict[str, _Facts]) -> None:
        self.book, self.file, self.problems, self.facts = book, file, problems, facts
        self.names: dict[str, list[str]] = {}
        for name in book.sheet_names:
            self.names.setdefault(text_key(name), []).append(name)

    def rows(self, sheet: str, optional: bool = False) -> tuple[str, Rows] | None:
        found = self.names.get(text_key(sheet), [])
        if not found and optional:
            return None
        if not found:
            present = ", ".join(self.book.sheet_names)
            self.problems.append(error(Source(self.file, sheet), f'bladet "{sheet}" saknas (arbetsboken har: {present})'))
            return None
        if len(found) > 1:
            named = " och ".join(f'"{name}"' for name in found)
            self.problems.append(error(Source(self.file, found[0]), (
                f"bladen {named} har samma namn så när som på stora och små bokstäver eller mellanslag, och ramkalk "
                "kan inte veta vilket som gäller; ta bort eller byt namn på det ena")))
            return None
        actual = found[0]
        try:
            rows = self.book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        except Exception as exc:
            self.problems.append(error(Source(self.file, actual), f"bladet kan inte läsas (teknisk orsak: {exc})"))
            return None
        facts = self.facts.get(actual, _Facts())
        for row in facts.totals:
            if row <= len(rows):
                rows[row - 1] = [""] * len(rows[row - 1])
        put_faults(rows, facts.sheet.faults, facts.totals)
        for merged in facts.sheet.merged:
            self.problems.append(error(Source(self.file, actual, merged), (
                f"cellerna {merged} är sammanfogade; i en tabell står värdet då bara i den första cellen och de andra "
                "läses som tomma. Ta bort sammanfogningen (Start → Sammanfoga och centrera) och skriv värdet i varje "
                "cell")))
        return actual, rows


def _last_row(reference: str) -> int:
    """The last row of a table's range "A1:F20" (20); 0 if it names none."""
    digits = re.search(r"(\d+)$", reference)
    return int(digits.group(1)) if digits else 0
