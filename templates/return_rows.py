"""The rows a committee filled in, read through the layout: budget, requests, measures, volumes, units.

Each table is read from the row below its header to its end (`ramkalk.templates.reading`), so rows
the committee inserted are read like the others. Every input cell is read through its field's
declared schema (`ramkalk.templates.parts.InputColumn.read`: `ramkalk.schema.cells.convert` and the
bounds the template's data validation has; messages `väntade …, fick …`); a bad or missing
value is a problem at its cell, and the next cell is still read. Amounts are tkr (`Decimal`);
an empty amount of a row that is there counts as 0.

A return is accepted only with the numbers the committee saw: a cell showing an error value
(#N/A), a formula without a saved value and a number typed or pasted as text (which the
committee's own sums skip: they show #VALUE! or leave it out) are errors at the cell. An
input cell holding a formula is read by its saved value, with a warning (it is the one
value we cannot recompute).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Iterable

from ramkalk.core.money import to_decimal
from ramkalk.core.problems import Problem, Source, error, warning
from ramkalk.schema.cells import CellFault, Invalid, is_empty, shown
from ramkalk.templates.layout import BUDGET, FRAME, FRAME_SUMMARY, MEASURES, REQUESTS, UNITS, VOLUMES
from ramkalk.templates.parts import InputColumn, Role, Table
from ramkalk.templates.reading import Key, ValueRow, column_indexes, table_values
from ramkalk.templates.return_records import (
    BudgetLine,
    Expected,
    Identity,
    Measure,
    Request,
    ReturnContent,
    UnitBudget,
    VolumeEstimate,
)
from ramkalk.templates.returned_file import GridBook

ZERO = Decimal(0)
FOCUS_LIST = "fokusområde"  # the list whose choices are the planning workbook's focus areas


class Cells:
    """Reads the cells of one file as typed values, collecting a problem for each that cannot be read.

    A table's rows are values (`ramkalk.templates.reading.ValueRow`); `start` names the table being read,
    whose fields are then named by key (and year index: `amounts`) and read through their
    declared schema (`InputColumn`)."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems
        self.sheet = ""
        # Of the table being read: the column index of each field not per year (by key), of each
        # per-year field's years (by key), each column's letter, and each column's schema (None
        # if it is not an input).
        self.at: dict[str, int] = {}
        self.years: dict[str, tuple[int, ...]] = {}
        self.letters: tuple[str, ...] = ()
        self.schemas: tuple[InputColumn | None, ...] = ()

    def start(self, book: GridBook, sheet: str, expected: Expected) -> list[ValueRow]:
        """The rows of the (only) table of `sheet`, which the next reads are of."""
        count = len(expected.years)
        table = expected.layout.sheet(sheet).tables[0]
        self.sheet, (self.at, self.years, self.letters) = sheet, _columns(table, count)
        self.schemas = _schemas(table, count, expected.focus_areas)
        return table_values(book[sheet], table, count)

    def where(self, row: ValueRow, index: int) -> Source:
        return Source(self.file, self.sheet, f"{self.letters[index]}{row.row}")

    def raw(self, row: ValueRow, key: str) -> object:
        """The value of a field as the cell holds it (None if empty)."""
        return row.values[self.at[key]]

    def value(self, row: ValueRow, key: str) -> object | None:
        """The typed value of a field of `row`, or None if the cell is empty or bad (then a problem is added)."""
        index = self.at[key]
        return self._typed(row.values[index], index in row.formulas, self.schemas[index], self.letters[index], row.row)

    def amounts(self, row: ValueRow, key: str) -> tuple[Decimal, ...]:
        """A per-year field's typed values, 0 where empty or bad."""
        values, formulas, letters, schemas = row.values, row.formulas, self.letters, self.schemas
        return tuple(self._typed(values[index], index in formulas, schemas[index], letters[index], row.row) or ZERO
                     for index in self.years[key])

    def text(self, row: ValueRow, key: str) -> str:
        found = self.value(row, key)
        return "" if found is None else str(found)

    def _typed(self, raw: object, formula: bool, schema: InputColumn, letter: str, row: int) -> object | None:
        """`raw` read through `schema`; a warning if the cell (letter, row) holds a formula whose saved
        value was read. A faulty cell (an error value, a formula without a saved value) is one
        error, from the schema's reading."""
        if formula and raw.__class__ is not CellFault:
            self.problems.append(warning(Source(self.file, self.sheet, f"{letter}{row}"), (
                f"cellen har en formel; dess sparade värde {shown(raw) if raw is not None else '(inget)'} lästes. "
                "Skriv värdet i stället för en formel")))
        if raw is None or is_empty(raw):
            return None
        try:
            return schema.read(raw)
        except Invalid as exc:
            self.problems.append(error(Source(self.file, self.sheet, f"{letter}{row}"), str(exc)))
            return None

    def require(self, row: ValueRow, key: str, what: str, present: object) -> None:
        """A problem if a field the row needs is empty."""
        if not present:
            self.problems.append(error(self.where(row, self.at[key]), f"{what} saknas"))

    def columns(self, keys: Iterable[Key]) -> tuple[int, ...]:
        """The indexes of the columns of fields (key, year index) of the table being read (for `_filled`)."""
        at, years = self.at, self.years
        return tuple(at[key] if year is None else years[key][year] for key, year in keys)


@cache
def _schemas(table: Table, count: int, focus_areas: tuple[str, ...]) -> tuple[InputColumn | None, ...]:
    """Each column's declared schema (None if not an input); a choice from the focus areas gets
    this planning workbook's."""
    return tuple(None if place.field.cell is None
                 else place.field.cell.with_choices(focus_areas) if place.field.cell.list_name == FOCUS_LIST
                 else place.field.cell
                 for place in table.placed(count))


@cache
def _columns(table: Table, count: int) -> tuple[dict[str, int], dict[str, tuple[int, ...]], tuple[str, ...]]:
    """As `Cells` keeps them: column index by key (fields not per year), the indexes of a per-year
    field's years by key, and the letter of each column."""
    indexes = column_indexes(table, count)
    at = {key: index for (key, year), index in indexes.items() if year is None}
    years = {field.key: tuple(indexes[(field.key, year)] for year in range(count))
             for field in table.columns if field.per_year}
    return at, years, tuple(place.letter for place in table.placed(count))


def _filled(row: ValueRow, columns: tuple[int, ...]) -> bool:
    """Whether any of the columns holds a value or a formula."""
    values = [row.values[index] for index in columns]
    if values.count(None) == len(values) and row.formulas.isdisjoint(columns):
        return False  # most often: every cell empty and no formula, found without calling is_empty
    return any(not is_empty(value) for value in values) or not row.formulas.isdisjoint(columns)


def _inputs(expected: Expected, sheet: str) -> list[Key]:
    return [(p.field.key, p.year_index) for p in expected.layout.sheet(sheet).tables[0].placed(len(expected.years))
            if p.field.role is Role.INPUT]


def read_budget(book: GridBook, expected: Expected, cells: Cells) -> tuple[BudgetLine, ...]:
    rows = cells.start(book, BUDGET, expected)
    filled = cells.columns([("activity", None), *(key for key in _inputs(expected, BUDGET) if key[1] is not None)])
    lines = []
    for row in rows:
        if not _filled(row, filled):
            continue
        costs, revenues = cells.amounts(row, "costs"), cells.amounts(row, "revenues")
        activity = cells.text(row, "activity")
        if any(costs) or any(revenues):
            cells.require(row, "activity", "verksamhet för raden med belopp", activity)
        lines.append(BudgetLine(row.row, activity, costs, revenues))
    if not any(any(line.costs) or any(line.revenues) for line in lines):
        cells.problems.append(error(Source(cells.file, BUDGET), "budgeten är inte ifylld: inga kostnader eller "
                                                                "intäkter per verksamhet"))
    return tuple(lines)


def read_requests(book: GridBook, expected: Expected, cells: Cells) -> tuple[Request, ...]:
    rows = cells.start(book, REQUESTS, expected)
    inputs = cells.columns(_inputs(expected, REQUESTS))
    found = []
    for row in rows:
        if not _filled(row, inputs):
            continue
        title = cells.text(row, "title")
        amounts = cells.amounts(row, "amount")
        kind, duration, area = (cells.value(row, key) for key in ("kind", "duration", "focus_area"))
        reason = cells.text(row, "reason")
        named = f' för äskandet "{title}"' if title else ""
        for key, what, value in (("title", "rubrik (Äskande)", title), ("kind", "typ", kind),
                                 ("duration", "varaktighet", duration), ("focus_area", "fokusområde", area),
                                 ("reason", "skäl", reason)):
            cells.require(row, key, what + named, value or not is_empty(cells.raw(row, key)))
        if not any(amounts) and all(is_empty(row.values[index]) for index in cells.years["amount"]):
            cells.problems.append(error(cells.where(row, cells.years["amount"][0]), "belopp saknas" + named))
        found.append(Request(row.row, title, cells.text(row, "description"), amounts, kind or "",
                             duration or "", area or "", reason, cells.text(row, "consequence"),
                             _priority(row, cells)))
    return tuple(found)


def _priority(row: ValueRow, cells: Cells) -> int | None:
    number = cells.value(row, "priority")
    return None if number is None else int(number)


def read_measures(book: GridBook, expected: Expected, cells: Cells) -> tuple[Measure, ...]:
    rows = cells.start(book, MEASURES, expected)
    inputs = cells.columns(_inputs(expected, MEASURES))
    found = []
    for row in rows:
        if not _filled(row, inputs):
            continue
        measure = cells.text(row, "measure")
        cells.require(row, "measure", "åtgärd (namn)", measure)
        in_budget = cells.value(row, "in_budget")
        found.append(Measure(row.row, measure, cells.text(row, "consequence"), cells.amounts(row, "effect"),
                             in_budget or ""))
    return tuple(found)


def read_volumes(book: GridBook, expected: Expected, cells: Cells) -> tuple[VolumeEstimate, ...]:
    rows = cells.start(book, VOLUMES, expected)
    found = []
    for row in rows:
        found.append(VolumeEstimate(
            row.row, str(cells.raw(row, "group") or ""), _locked_year(cells.raw(row, "year")),
            _locked_number(cells.raw(row, "forecast")), cells.value(row, "own"), cells.text(row, "comment")))
    return tuple(found)


def read_units(book: GridBook, expected: Expected, cells: Cells) -> tuple[UnitBudget, ...]:
    """Each unit and central line of the resursfördelning: the allocation shown and the committee's budget."""
    rows = cells.start(book, UNITS, expected)
    return tuple(UnitBudget(row.row, str(cells.raw(row, "unit") or ""), _locked_number(cells.raw(row, "allocation")),
                            cells.value(row, "budget"), cells.text(row, "comment")) for row in rows)


def _locked_year(raw: object) -> int:
    """A prefilled year as written (0 if empty). A locked cell changed to something else is 0: the
    checksum has named the cell, and the return is rejected."""
    try:
        return int(raw or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def _locked_number(raw: object) -> Decimal:
    """A prefilled number as written (0 if empty; a float by its shortest text). A locked cell changed
    to something else is 0, as for `_locked_year`."""
    try:
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw or 0)
    except (TypeError, ValueError, ArithmeticError):
        return ZERO


def read_frames(book: GridBook, expected: Expected, cells: Cells) -> tuple[Decimal, ...]:
    """The preliminary frame per year the template showed (prefilled, covered by the checksum), tkr.
    Read as locked cells are: a changed cell is named by the checksum (`return_checks`), once."""
    ws = book[FRAME]
    return tuple(_locked_amount(ws[FRAME_SUMMARY.address("frame", i)].value) for i in range(len(expected.years)))


def _locked_amount(raw: object) -> Decimal:
    """A prefilled amount as written; 0 if it is not a number (as for `_locked_year`)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = to_decimal(raw)
        return number if number.is_finite() else ZERO
    return ZERO


def read_rows(book: GridBook, name: str, found: Identity, expected: Expected) -> tuple[ReturnContent, list[Problem]]:
    """Everything the committee filled in, and the problems of its cells."""
    problems: list[Problem] = []
    cells = Cells(name, problems)
    content = ReturnContent(found, read_frames(book, expected, cells), read_budget(book, expected, cells),
                            read_requests(book, expected, cells), read_measures(book, expected, cells),
                            read_volumes(book, expected, cells), read_units(book, expected, cells))
    return content, problems
