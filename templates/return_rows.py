"""The rows a committee filled in, read through the layout: budget, requests, measures, volumes.

Each table is read from the row below its header to its end (`templates.reading`), so rows
the committee inserted are read like the others. Every input cell is converted by
`ramkalk.cell_values` (messages `väntade …, fick …`); a bad or missing value is a problem at
its cell, and the next cell is still read. Amounts are tkr (`Decimal`); an empty amount of a
row that is there counts as 0. An input cell holding a formula is read by its saved value,
with a warning (it is the one value we cannot recompute).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ramkalk.cell_values import Invalid, convert, is_empty, shown
from ramkalk.model import DecisionType, Duration
from ramkalk.problems import Problem, Source, error, warning
from ramkalk.workbook_format import Column, Kind, choice
from templates.layout import BUDGET, FRAME, FRAME_SUMMARY, MEASURES, REQUESTS, VOLUMES, YES_NO
from templates.parts import Role, Table
from templates.reading import TableRow, table_rows
from templates.return_records import BudgetLine, Expected, Identity, Measure, Request, ReturnContent, VolumeEstimate
from templates.returned_file import GridBook, GridCell

ZERO = Decimal(0)
AMOUNT = Column("amount", "", Kind.AMOUNT, "belopp i tkr")
POSITIVE = Column("amount", "", Kind.PRICE, "belopp i tkr")
VOLUME = Column("own", "", Kind.COUNT, "volym")
KIND = choice("kind", "Typ", "typ", DecisionType)
DURATION = choice("duration", "Varaktighet", "varaktighet", Duration)
IN_BUDGET = Column("in_budget", "", Kind.CHOICE, "Ja eller Nej", choices=YES_NO)
PRIORITY = Column("priority", "", Kind.AMOUNT, "prioritet")
TEXT = Column("text", "", Kind.TEXT, "text")


class Cells:
    """Reads cells of one file as typed values, collecting a problem for each that cannot be read."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems
        self.sheet = ""

    def where(self, cell: GridCell) -> Source:
        return Source(self.file, self.sheet, cell.coordinate)

    def value(self, cell: GridCell, column: Column) -> object | None:
        """The typed value, or None if the cell is empty or bad (then a problem is added)."""
        if cell.data_type == "f":
            self.problems.append(warning(self.where(cell), f"cellen har en formel; dess sparade värde "
                                                           f"{shown(cell.value) if cell.value is not None else '(inget)'}"
                                                           " lästes. Skriv värdet i stället för en formel"))
        if is_empty(cell.value):
            return None
        try:
            return convert(cell.value, column)
        except Invalid as exc:
            self.problems.append(error(self.where(cell), str(exc)))
            return None

    def text(self, cell: GridCell) -> str:
        found = self.value(cell, TEXT)
        return "" if found is None else str(found)

    def amounts(self, row: TableRow, key: str, count: int, column: Column = AMOUNT) -> tuple[Decimal, ...]:
        return tuple(self.value(row.cells[(key, i)], column) or ZERO for i in range(count))

    def require(self, row: TableRow, key: str, what: str, present: object) -> None:
        """A problem if a field the row needs is empty."""
        if not present:
            self.problems.append(error(self.where(row.cells[(key, None)]), f"{what} saknas"))


def _filled(row: TableRow, keys: Iterable[tuple[str, int | None]]) -> bool:
    return any(not is_empty(row.cells[key].value) or row.cells[key].data_type == "f" for key in keys)


def _rows(book: GridBook, sheet: str, found: Expected, cells: Cells) -> tuple[Table, list[TableRow]]:
    cells.sheet = sheet
    table = found.layout.sheet(sheet).tables[0]
    return table, table_rows(book[sheet], table, len(found.years))


def _inputs(table: Table, count: int) -> list[tuple[str, int | None]]:
    return [(p.field.key, p.year_index) for p in table.placed(count) if p.field.role is Role.INPUT]


def read_budget(book: GridBook, expected: Expected, cells: Cells) -> tuple[BudgetLine, ...]:
    table, rows = _rows(book, BUDGET, expected, cells)
    count = len(expected.years)
    amounts = [key for key in _inputs(table, count) if key[1] is not None]
    lines = []
    for row in rows:
        if not _filled(row, [("activity", None), *amounts]):
            continue
        costs, revenues = cells.amounts(row, "costs", count, POSITIVE), cells.amounts(row, "revenues", count, POSITIVE)
        activity = cells.text(row.cells[("activity", None)])
        if any(costs) or any(revenues):
            cells.require(row, "activity", "verksamhet för raden med belopp", activity)
        lines.append(BudgetLine(row.row, activity, costs, revenues))
    if not any(any(line.costs) or any(line.revenues) for line in lines):
        cells.problems.append(error(Source(cells.file, BUDGET), "budgeten är inte ifylld: inga kostnader eller "
                                                                "intäkter per verksamhet"))
    return tuple(lines)


def read_requests(book: GridBook, expected: Expected, cells: Cells) -> tuple[Request, ...]:
    table, rows = _rows(book, REQUESTS, expected, cells)
    count, inputs = len(expected.years), _inputs(table, len(expected.years))
    focus = (Column("focus_area", "", Kind.CHOICE, "fokusområde", choices=expected.focus_areas)
             if expected.focus_areas else Column("focus_area", "", Kind.TEXT, "fokusområde"))
    found = []
    for row in rows:
        if not _filled(row, inputs):
            continue
        title = cells.text(row.cells[("title", None)])
        amounts = cells.amounts(row, "amount", count)
        kind, duration, area = (cells.value(row.cells[(key, None)], column)
                                for key, column in (("kind", KIND), ("duration", DURATION), ("focus_area", focus)))
        reason = cells.text(row.cells[("reason", None)])
        named = f' för äskandet "{title}"' if title else ""
        for key, what, value in (("title", "rubrik (Äskande)", title), ("kind", "typ", kind),
                                 ("duration", "varaktighet", duration), ("focus_area", "fokusområde", area),
                                 ("reason", "skäl", reason)):
            cells.require(row, key, what + named, value or not is_empty(row.cells[(key, None)].value))
        if not any(amounts) and all(is_empty(row.cells[("amount", i)].value) for i in range(count)):
            cells.problems.append(error(cells.where(row.cells[("amount", 0)]), "belopp saknas" + named))
        found.append(Request(row.row, title, cells.text(row.cells[("description", None)]), amounts, kind or "",
                             duration or "", area or "", reason, cells.text(row.cells[("consequence", None)]),
                             _priority(row.cells[("priority", None)], cells)))
    return tuple(found)


def _priority(cell: GridCell, cells: Cells) -> int | None:
    number = cells.value(cell, PRIORITY)
    if number is None:
        return None
    if number != number.to_integral_value() or not 1 <= number <= 99:
        cells.problems.append(error(cells.where(cell), f"väntade en prioritet: ett heltal 1–99, fick {shown(cell.value)}"))
        return None
    return int(number)


def read_measures(book: GridBook, expected: Expected, cells: Cells) -> tuple[Measure, ...]:
    table, rows = _rows(book, MEASURES, expected, cells)
    count, inputs = len(expected.years), _inputs(table, len(expected.years))
    found = []
    for row in rows:
        if not _filled(row, inputs):
            continue
        measure = cells.text(row.cells[("measure", None)])
        cells.require(row, "measure", "åtgärd (namn)", measure)
        in_budget = cells.value(row.cells[("in_budget", None)], IN_BUDGET)
        found.append(Measure(row.row, measure, cells.text(row.cells[("consequence", None)]),
                             cells.amounts(row, "effect", count, POSITIVE), in_budget or ""))
    return tuple(found)


def read_volumes(book: GridBook, expected: Expected, cells: Cells) -> tuple[VolumeEstimate, ...]:
    _table, rows = _rows(book, VOLUMES, expected, cells)
    found = []
    for row in rows:
        forecast = row.value("forecast")
        found.append(VolumeEstimate(
            row.row, str(row.value("group") or ""), int(row.value("year") or 0),
            Decimal(repr(forecast)) if isinstance(forecast, float) else Decimal(forecast or 0),
            cells.value(row.cells[("own", None)], VOLUME), cells.text(row.cells[("comment", None)])))
    return tuple(found)


def read_frames(book: GridBook, expected: Expected, cells: Cells) -> tuple[Decimal, ...]:
    """The preliminary frame per year the template showed (prefilled, covered by the checksum), tkr."""
    cells.sheet = FRAME
    ws = book[FRAME]
    return tuple(cells.value(ws[FRAME_SUMMARY.address("frame", i)], AMOUNT) or ZERO for i in range(len(expected.years)))


def read_rows(book: GridBook, name: str, found: Identity, expected: Expected) -> tuple[ReturnContent, list[Problem]]:
    """Everything the committee filled in, and the problems of its cells."""
    problems: list[Problem] = []
    cells = Cells(name, problems)
    content = ReturnContent(found, read_frames(book, expected, cells), read_budget(book, expected, cells),
                            read_requests(book, expected, cells), read_measures(book, expected, cells),
                            read_volumes(book, expected, cells))
    return content, problems
