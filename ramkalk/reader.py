"""Reading a planning workbook (planeringsarbetsbok) into `PlanningData`.

Named steps, each reporting what it could not do as `Problem`s: open the file → find
each sheet → find each column by its header in row 1 → convert every cell by the
format (`ramkalk.workbook_format`) → build the records. Every problem is collected;
a row with a bad cell is left out of the data and named in the problems. Values are
read as the spreadsheet last saved them (python-calamine): nothing is evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import openpyxl
import python_calamine
from openpyxl.utils import get_column_letter

from ramkalk import model
from ramkalk.cell_values import Invalid, convert, is_empty
from ramkalk.problems import Problem, RowOrigin, Source, error, warning
from ramkalk.workbook_format import (
    SETTINGS,
    SETTINGS_KEY_HEADER,
    SETTINGS_SHEET,
    SETTINGS_VALUE_HEADER,
    TABLES,
    Column,
    Table,
)

Rows = list[list[object]]


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
    settings = _read_settings(sheets.rows(SETTINGS_SHEET), name, problems)
    factor = settings.unit.factor if settings else Decimal(1)
    tables, incomplete = {}, set()
    for table in TABLES:
        before = len(problems)
        tables[table] = _read_table(table, sheets.rows(table.sheet, table.optional), name, factor, problems)
        if len(problems) > before:
            incomplete.add(table.sheet)
    problems = _explain_empty_cells(Path(path), problems)
    if settings is None:
        return Reading(None, tuple(problems), frozenset(incomplete))
    data = model.PlanningData(
        settings=settings,
        file=name,
        **{table.field: tuple(records) for table, records in tables.items()},
    )
    return Reading(data, tuple(problems), frozenset(incomplete))


def _open(path: Path, name: str) -> tuple[python_calamine.CalamineWorkbook | None, Problem | None]:
    if path.is_dir():
        return None, error(Source(name), "är en mapp, inte en arbetsbok")
    if not path.is_file():
        return None, error(Source(name), "filen finns inte")
    try:
        return python_calamine.load_workbook(str(path)), None
    except python_calamine.PasswordError:
        return None, error(Source(name), "arbetsboken är lösenordsskyddad; spara en kopia utan lösenord och försök igen")
    except Exception as exc:  # calamine raises several types for foreign or corrupt files
        return None, error(Source(name), f"filen kan inte läsas som en Excel-arbetsbok: {_what_it_is(path)} ({exc})")


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
            self.problems.append(error(Source(self.file, actual), f"bladet kan inte läsas ({exc})"))
            return None


def _header_key(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def _columns(table: Table, sheet: str, rows: Rows, file: str, problems: list[Problem]) -> dict[str, int] | None:
    """Field -> column index, from the header in row 1; None if a required column is missing."""
    header = rows[0] if rows else []
    found = {_header_key(v): i for i, v in enumerate(header) if not is_empty(v)}
    columns, missing = {}, []
    for column in table.columns:
        index = found.get(_header_key(column.header))
        if index is not None:
            columns[column.field] = index
        elif column.required:
            missing.append(column.header)
    present = ", ".join(str(v).strip() for v in header if not is_empty(v)) or "inga rubriker"
    for header_name in missing:
        problems.append(error(Source(file, sheet),
                              f'kolumnen "{header_name}" saknas i rubrikraden (rad 1 har: {present})'))
    return None if missing else columns


def _read_table(table: Table, located: tuple[str, Rows] | None, file: str, factor: Decimal,
                problems: list[Problem]) -> list[object]:
    if located is None:
        return []
    sheet, rows = located
    columns = _columns(table, sheet, rows, file, problems)
    if columns is None:
        return []
    letters = MappingProxyType({f: get_column_letter(i + 1) for f, i in columns.items()})
    build = table.record
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {field: (row[i] if i < len(row) else None) for field, i in columns.items()}
        if all(is_empty(v) for v in cells.values()):
            continue
        origin = RowOrigin(file, sheet, number, letters)
        values = _convert_row(table, cells, origin, factor, problems)
        if values is not None:
            records.append(build(origin=origin, **values))
    return records


def _convert_row(table: Table, cells: dict[str, object], origin: RowOrigin, factor: Decimal,
                 problems: list[Problem]) -> dict[str, object] | None:
    values, ok = {}, True
    for column in table.columns:
        raw = cells.get(column.field)
        try:
            values[column.field] = _value(raw, column, factor)
        except Invalid as exc:
            problems.append(error(origin.cell(column.field), str(exc)))
            ok = False
    return values if ok else None


EMPTY = "cellen är tom; väntade "


def _value(raw: object, column: Column, factor: Decimal) -> object:
    if is_empty(raw):
        if column.required:
            raise Invalid(f"{EMPTY}{column.what}")
        if column.default is None:
            return None
        raw = column.default
    value = convert(raw, column, factor)
    return column.enum(value) if column.enum else value


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


def _read_settings(located: tuple[str, Rows] | None, file: str, problems: list[Problem]) -> model.Settings | None:
    """The key/value table of `Inställningar`; None if a required setting is missing or bad."""
    if located is None:
        return None
    sheet, rows = located
    header = [_header_key(v) for v in (rows[0] if rows else [])]
    try:
        key_col = header.index(_header_key(SETTINGS_KEY_HEADER))
        value_col = header.index(_header_key(SETTINGS_VALUE_HEADER))
    except ValueError:
        problems.append(error(Source(file, sheet),
                              f'rubrikraden (rad 1) ska ha kolumnerna "{SETTINGS_KEY_HEADER}" och "{SETTINGS_VALUE_HEADER}"'))
        return None
    by_key = {_header_key(c.header): c for c in SETTINGS}
    values: dict[str, object] = {}
    sources: dict[str, Source] = {}
    ok = True
    for number, row in enumerate(rows[1:], start=2):
        key = row[key_col] if key_col < len(row) else None
        if is_empty(key):
            continue
        key_source = Source(file, sheet, f"{get_column_letter(key_col + 1)}{number}")
        column = by_key.get(_header_key(key))
        if column is None:
            known = ", ".join(c.header for c in SETTINGS)
            problems.append(warning(key_source, f'okänd inställning "{key}" används inte (kända: {known})'))
            continue
        if column.field in values:
            problems.append(error(key_source, f'inställningen "{column.header}" finns två gånger'))
            ok = False
            continue
        source = Source(file, sheet, f"{get_column_letter(value_col + 1)}{number}")
        raw = row[value_col] if value_col < len(row) else None
        try:
            values[column.field] = _value(raw, column, Decimal(1))
            sources[column.field] = source
        except Invalid as exc:
            problems.append(error(source, str(exc)))
            values[column.field] = None
            ok = False
    for column in SETTINGS:
        if column.field not in values:
            if column.required:
                problems.append(error(Source(file, sheet), f'inställningen "{column.header}" saknas'))
                ok = False
            else:
                values[column.field] = _value(None, column, Decimal(1))
    if not ok:
        return None
    return model.Settings(**values, sources=tuple(sources.items()))
