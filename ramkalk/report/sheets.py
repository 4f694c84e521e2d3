"""The workbooks ramkalk writes from scratch, as data: sheets of rows of cells, each cell a value
and a look, and what a sheet has besides its cells (widths, frozen panes, a filter, Excel
Tables, charts, print set-up).

Printing: every sheet is A4, one page wide (`Page`: landscape or portrait, how many pages high),
with the book's page header (municipality, the sheet's name, version) and footer (what the
workbook is, "Sida x av y"); `Sheet.keep_together` puts page breaks between blocks of rows (a
committee, a chart with its table) so that none is split over two pages, from the rows that fit
on a page at the scale that fits the sheet's width (`page_points`, `row_points`).

Built once by `ramkalk.report.result_workbook` (and `ramkalk.templates.summary_workbook`), then
rendered by XlsxWriter to a file (`ramkalk.report.xlsx_render`) or by the add-in into the open
workbook through xlwings (`ramkalk.addin.macros.write_results`). Imports no spreadsheet library,
so the add-in needs none for result sheets (xlwings Lite runs it in Pyodide).

Values of a cell:
* `str` is always text, never a formula, whatever it starts with; only a `Formula` is a formula.
* int, finite float and bool; a `Decimal` becomes a number when the row is added (`number`).
* None is an empty cell (with a look: an empty formatted cell).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Sequence

from ramkalk.core.addresses import cell_place, column_letter
from ramkalk.core.money import plain_number

KR_FORMAT = "#,##0;-#,##0"
PERSONS_FORMAT = "#,##0"


class Formula(str):
    """A cell formula such as "=SUM(A1:A3)": written as a formula, unlike any other string."""

    def __new__(cls, text: str) -> Formula:
        if text[:1] != "=":
            raise ValueError(f'a formula starts with "=": {text!r}')
        return super().__new__(cls, text)


def number(amount: Decimal | int | float) -> int | float:
    """A Decimal as the number a cell stores (whole kronor stay integers)."""
    return plain_number(amount) if isinstance(amount, Decimal) else amount


@dataclass(frozen=True)
class Look:
    """How a cell looks: number format (None: General), bold, font size (None: the default),
    fill colour (RGB hex, None: none), a thin line above, text wrapped in the column's width (the
    row as high as it needs: a header never cut off), and aligned to the right (over amounts)."""

    number_format: str | None = None
    bold: bool = False
    size: float | None = None
    fill: str | None = None
    top_line: bool = False
    wrap: bool = False
    right: bool = False


KR = Look(KR_FORMAT)
PERSONS = Look(PERSONS_FORMAT)
HEADER_FILL = "DDEBF7"
HEADER = Look(bold=True, fill=HEADER_FILL, wrap=True)
AMOUNT_HEADER = Look(bold=True, fill=HEADER_FILL, wrap=True, right=True)
BOLD = Look(bold=True)
TITLE = Look(bold=True, size=14)
BOLD_KR = Look(KR_FORMAT, bold=True)
SUM = Look(KR_FORMAT, bold=True, top_line=True)


class Cell(NamedTuple):
    value: object
    look: Look | None = None


def _checked(value: object) -> object:
    if isinstance(value, Decimal):
        value = number(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a cell cannot hold {value}")
    if value is not None and not isinstance(value, (str, int, float)):
        raise TypeError(f"cannot write a {type(value).__name__} ({value!r})")
    return value


_PLAIN = frozenset({str, Formula, int, type(None)})
"""The kinds of value a cell holds as given (a bool, a float or a Decimal is checked first)."""


_tuple = tuple.__new__
"""_tuple(Cell, (value, look)) is Cell(value, look) without NamedTuple's __new__ (in Python: a third of
the time of building a large sheet)."""


@dataclass(frozen=True)
class WaterfallChart:
    """A waterfall as stacked columns on an invisible base: categories and the four series
    (base, frame, increase, decrease) are ranges of one column each on the chart's sheet."""

    anchor: str
    title: str
    categories: str
    series: tuple[str, str, str, str]
    axis_minimum: float | None
    number_format: str
    size_cm: tuple[float, float]


@dataclass(frozen=True)
class BarChart:
    """A clustered horizontal bar chart: a series per column of `data`, whose first row holds the
    series' titles; categories from the cells of `categories`."""

    anchor: str
    title: str
    data: str
    categories: str
    number_format: str
    size_cm: tuple[float, float]


A4_POINTS = (595.0, 842.0)
MARGIN_POINTS = (0.7 * 72, 0.75 * 72)  # left and right, top and bottom: Excel's normal margins
HEADER_POINTS = 28.0  # room taken from the body by the page header and by the footer, each (at most)
ROW_POINTS = 15.0  # a row in the default font (Calibri 11)
DEFAULT_WIDTH = 8.43  # characters
SAFETY = 0.9  # the share of a page's height counted on (engines differ a little in row heights)


def width_points(characters: float) -> float:
    """A column `characters` wide, in points (Excel: 7 pixels a character plus 5, 96 pixels an inch)."""
    return (int(characters * 7 + 0.5) + 5) * 72 / 96


def wrapped_lines(value: object, width: float) -> int:
    """The lines a text takes wrapped at its words in a column `width` characters wide (counted
    with a tenth to spare: fonts differ between spreadsheet programs)."""
    room = max(1, int(width * 0.9) - 1)
    lines, used = 1, 0
    for word in str(value).split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


@dataclass(frozen=True)
class Page:
    """How a sheet prints: A4, landscape or portrait, always one page wide; `pages_high` pages high
    (0: as many as it takes, 1: the whole sheet on one page)."""

    landscape: bool = True
    pages_high: int = 0


@dataclass(frozen=True)
class Table:
    """An Excel Table over `ref` ("A1:C5"), its header row the first, named `columns`."""

    name: str
    ref: str
    columns: tuple[str, ...]


@dataclass
class Sheet:
    """A worksheet built row by row, top down (as XlsxWriter's constant-memory mode writes it).

    rows[0] is row 1; a row is a list of cells from column A, None for an empty one.
    print_titles: the header row repeated on every printed page (None: none); page: how it prints;
    page_breaks: the rows that begin a new printed page (`keep_together` sets them).
    """

    name: str
    rows: list[list[Cell | None]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    autofilter: str | None = None
    tables: list[Table] = field(default_factory=list)
    charts: list[WaterfallChart | BarChart] = field(default_factory=list)
    print_titles: int | None = None
    page: Page = Page()
    page_breaks: list[int] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def put(self, row: int, values: Sequence[object], looks: Sequence[Look | None] | Look | None = None,
            column: int = 1) -> int:
        """Write `values` in row `row` (not above the last row written) from `column` on; return `row`.

        looks: one look for every value, or one per value (None: plain)."""
        rows = self.rows
        if row == len(rows) + 1 and column == 1:  # (the usual: the next row, from column A)
            cells: list[Cell | None] = []
            rows.append(cells)
        else:
            if row < len(rows):
                raise ValueError(f"{self.name}: row {row} is written after row {len(rows)}; rows go in order")
            while len(rows) < row:
                rows.append([])
            cells = rows[row - 1]
            if len(cells) >= column:
                raise ValueError(f"{self.name}: row {row} already has cells from column {column} on")
            cells.extend([None] * (column - 1 - len(cells)))
        values = [value if type(value) in _PLAIN else _checked(value) for value in values]
        if looks is None:
            cells.extend([None if value is None else _tuple(Cell, (value, None)) for value in values])
        elif isinstance(looks, Look):
            cells.extend([_tuple(Cell, (value, looks)) for value in values])
        else:
            looks = [*looks, *[None] * (len(values) - len(looks))]
            cells.extend([None if value is None and look is None else _tuple(Cell, (value, look))
                          for value, look in zip(values, looks)])
        return row

    def append(self, values: Sequence[object], looks: Sequence[Look | None] | Look | None = None) -> int:
        """Write `values` in the next row; return its number."""
        return self.put(self.next_row, values, looks)

    def set_widths(self, widths: Sequence[float], first_column: int = 1) -> None:
        """Column widths (in characters) from `first_column` on."""
        self.widths.update(enumerate(widths, start=first_column))

    def add_table(self, name: str, columns: Sequence[str], rows: Sequence[Sequence[object]],
                  looks: Sequence[Look | None] = (), row: int = 1, column: int = 1) -> str:
        """A header row of `columns` and `rows` under it as an Excel Table; return its ref.
        An empty table gets one empty row (a table has a row under its header)."""
        self.put(row, columns, column=column)
        rows = rows or [[None] * len(columns)]
        for offset, values in enumerate(rows, start=1):
            self.put(row + offset, values, looks, column)
        ref = f"{column_letter(column)}{row}:{column_letter(column + len(columns) - 1)}{row + len(rows)}"
        self.tables.append(Table(name, ref, tuple(columns)))
        return ref

    def content_width(self) -> float:
        """The printed width in points: the columns used (DEFAULT_WIDTH unless set) or a chart's right edge."""
        def left(column: int) -> float:
            return sum(width_points(self.widths.get(c, DEFAULT_WIDTH)) for c in range(1, column))

        columns = max(max(map(len, self.rows), default=1), max(self.widths, default=1))
        edges = [left(columns + 1)]
        for chart in self.charts:
            column = cell_place(chart.anchor)[1]
            edges.append(left(column) + chart.size_cm[0] / 2.54 * 72)
        return max(edges)

    def page_points(self) -> float:
        """The height of a printed page's body, counted with SAFETY, in points of the sheet (at the
        scale that fits its width on the page)."""
        width, height = A4_POINTS[::-1] if self.page.landscape else A4_POINTS
        body_width = width - 2 * MARGIN_POINTS[0]
        body_height = height - 2 * MARGIN_POINTS[1] - 2 * HEADER_POINTS
        scale = min(1.0, body_width / self.content_width())
        return body_height * SAFETY / scale

    def row_points(self) -> list[float]:
        """Each row's height in points, rows[0] first: wrapped text's lines, a larger font's size."""
        wrapped = self.heights()
        return [wrapped.get(row, max((ROW_POINTS, *(cell.look.size * 1.35 for cell in cells
                                                    if cell is not None and cell.look is not None and cell.look.size))))
                for row, cells in enumerate(self.rows, start=1)]

    def keep_together(self, blocks: Sequence[tuple[int, int]]) -> None:
        """Page breaks so that no block (its first and last row, a chart's rows counted) is split:
        a block that does not fit on the rest of the page begins the next. A block longer than a
        page begins a page and runs on. Rows are counted at their heights (`row_points`), a row
        below the written ones at ROW_POINTS; the header rows repeated on a page take their room."""
        heights = self.row_points()
        titles = sum(heights[:self.print_titles or 0])
        room = self.page_points()
        ends = [0.0]  # ends[r]: the height of rows 1..r
        for first, last in blocks:
            while len(ends) <= last:
                ends.append(ends[-1] + (heights[len(ends) - 1] if len(ends) <= len(heights) else ROW_POINTS))
        page_first = 1
        for first, last in blocks:
            used = ends[last] - ends[page_first - 1] + (titles if page_first > 1 else 0)
            if used > room and first > page_first:
                self.page_breaks.append(first)
                page_first = first

    def heights(self) -> dict[int, float]:
        """The rows (1-based) with wrapped text that needs more than one line in its column's
        width, and the height (points) of the lines it needs."""
        found = {}
        for row, cells in enumerate(self.rows, start=1):
            lines = max((wrapped_lines(cell.value, self.widths.get(column, DEFAULT_WIDTH))
                         for column, cell in enumerate(cells, start=1)
                         if cell is not None and cell.look is not None and cell.look.wrap), default=1)
            if lines > 1:
                found[row] = lines * ROW_POINTS
        return found

    def grid(self) -> list[list[Cell | None]]:
        """The rows as a rectangle from A1 (rows padded with None to the widest)."""
        width = max(map(len, self.rows), default=0)
        return [[*cells, *[None] * (width - len(cells))] for cells in self.rows]


@dataclass
class Book:
    """Sheets in order; the first is the active one.

    Printed pages name `municipality` at the top left, the sheet in the middle and `version` at
    the right, and `title` (what the workbook is) at the bottom left beside "Sida x av y"."""

    sheets: list[Sheet] = field(default_factory=list)
    municipality: str = ""
    title: str = ""
    version: str = ""

    def add_sheet(self, name: str) -> Sheet:
        self.sheets.append(Sheet(name))
        return self.sheets[-1]

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def __getitem__(self, name: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)
