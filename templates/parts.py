"""The vocabulary of a template layout: fields, fixed blocks, tables and sheets.

`ramkalk.templates.layout` uses it to define the planning template; the generator writes what a
layout describes and `ramkalk.templates.reading` reads it back. A field has a role (who writes the
cell) and a kind (what the value is); a block is a few cells at fixed addresses; a table
has a header row, columns (some repeated for every year) and a rule for where it ends.

An input field carries its cell's schema once, an `InputColumn`: how a returned value is
read (a `ramkalk.schema.tables.Column`: kind, Swedish "what", choices) and its bounds.
The Excel data validation the generator writes is derived from it (`InputColumn.validation`)
and `ramkalk.templates.return_rows` reads returns through it (`InputColumn.read`), so what Excel
refuses when a committee types and what the consolidation refuses are the same rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Iterator, NamedTuple

from ramkalk.core.addresses import column_letter, column_number
from ramkalk.schema.cells import Invalid, convert, shown
from ramkalk.schema.tables import Column
from ramkalk.schema.tables import Kind as CellKind

DEFAULT_WIDTH = 14  # the width of most columns (characters)


class Role(enum.Enum):
    """Who writes a cell.

    LABEL: fixed text or information written by the generator (not in the checksum).
    PREFILLED: a value from the calculation; locked; covered by the checksum.
    INPUT: filled in by the committee; unlocked, marked and validated (may have a default).
    FORMULA: computed by the spreadsheet; locked.
    """

    LABEL = "ledtext"
    PREFILLED = "förifylld"
    INPUT = "inmatning"
    FORMULA = "formel"


class Kind(enum.Enum):
    """What a value is, and so its number format."""

    TEXT = "text"
    TKR = "tkr"  # thousands of kronor
    KR = "kr"
    RATE = "procent"  # a fraction shown as a percentage
    NUMBER = "tal"  # a volume or weight, may have decimals
    WHOLE = "heltal"
    YEAR = "år"
    DATE = "datum"


@dataclass(frozen=True)
class Validation:
    """A data validation rule (Excel's Data → Data Validation) for an input.

    type: "decimal", "whole", "list" or "textLength". operator: as Excel names it.
    minimum, maximum: bounds (formula text). choices: the name of a list on the sheet
    `Listor` (see LIST_COLUMNS). prompt, error: Swedish texts shown to the user.
    """

    type: str
    prompt: str
    error: str
    operator: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    choices: str | None = None


NUMERIC = frozenset({CellKind.AMOUNT, CellKind.PRICE, CellKind.COUNT})
"""The cell kinds of number inputs: validated in Excel as a decimal (or whole) number."""


@dataclass(frozen=True)
class InputColumn(Column):
    """The schema of an input cell, declared once: a `Column` (kind, what, choices: how
    `ramkalk.schema.cells.convert` reads it, with its messages) and the bounds of its value.

    minimum, maximum: the bounds of a number (None: unbounded that way); whole: a whole number.
    max_length: the longest text. list_name: the list on the sheet `Listor` the value is chosen
    from (see layout.LIST_COLUMNS); choices: its values, () if they come from the planning
    workbook (the focus areas: given when read, `with_choices`). prompt, error: the Swedish
    texts Excel shows for the cell (its input message and the message when a value is refused).
    """

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    whole: bool = False
    max_length: int | None = None
    list_name: str | None = None
    prompt: str = ""
    error: str = ""

    @property
    def validation(self) -> Validation:
        """The Excel data validation of the cell, derived from the schema."""
        if self.list_name is not None:
            return Validation("list", self.prompt, self.error, choices=self.list_name)
        if self.kind is CellKind.TEXT:
            return Validation("textLength", self.prompt, self.error, "lessThanOrEqual", None,
                              None if self.max_length is None else str(self.max_length))
        if self.kind not in NUMERIC:
            raise ValueError(f"{self.kind} has no Excel validation")
        low, high = (None if bound is None else f"{bound:f}" for bound in (self.minimum, self.maximum))
        operator = ("between" if low is not None and high is not None else "greaterThanOrEqual" if low is not None
                    else "lessThanOrEqual" if high is not None else None)
        return Validation("whole" if self.whole else "decimal", self.prompt, self.error, operator, low, high)

    def with_choices(self, choices: tuple[str, ...]) -> InputColumn:
        """The same schema with the choices a list holds in this template (the focus areas)."""
        return replace(self, choices=choices)

    def read(self, raw: object) -> object:
        """The typed value of a non-empty cell; raises `Invalid` with a Swedish message, the same
        `convert` gives the planning workbook's cells, or one naming the bound the value breaks."""
        value = convert(raw, self)
        minimum, maximum = self.minimum, self.maximum
        if ((minimum is not None and value < minimum) or (maximum is not None and value > maximum)
                or (self.whole and value != value.to_integral_value())):
            raise Invalid(self.bounds_message(raw))
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid(f"väntade {self.what} på högst {self.max_length} tecken, fick {len(value)} tecken")
        return value

    def bounds_message(self, raw: object) -> str:
        """What a number outside the bounds (or not whole) is told."""
        low, high = (None if bound is None else _number_text(bound) for bound in (self.minimum, self.maximum))
        number = "ett heltal" if self.whole else "ett tal"
        if low is not None and high is not None:
            expected = f"{number} {low}–{high}" if self.whole else f"{number} från {low} till {high}"
        elif low is not None:
            expected = f"{number} på {low} eller mer"
        elif high is not None:
            expected = f"{number} på högst {high}"
        else:
            expected = number
        return f"väntade {self.what}: {expected}, fick {shown(raw)}"


def _number_text(number: Decimal) -> str:
    """A bound as a Swedish reader writes it: 100 000 000, −100 000 000, 0, 99."""
    text = f"{abs(number):,f}".replace(",", "\u00a0").replace(".", ",")
    return f"−{text}" if number < 0 else text


@dataclass(frozen=True, eq=False)
class Field:
    """One value of a template (a cell, or a column of a table).

    key: the name the generator and readers use. label: the Swedish header or leading text;
    "{år}" in it is replaced by the column's year. meaning: what the value is, its unit and
    sign (for developers). cell: an input's schema (`InputColumn`): its Excel validation and
    how a return's value is read. per_year: one column per year (budget year first).
    A field is a place in the layout: equal only to itself (so hashing it is cheap).
    """

    key: str
    label: str
    meaning: str
    kind: Kind
    role: Role
    cell: InputColumn | None = None
    per_year: bool = False
    width: float = DEFAULT_WIDTH

    @property
    def validation(self) -> Validation | None:
        """The Excel data validation of an input (derived from `cell`), else None."""
        return None if self.cell is None else self.cell.validation


@dataclass(frozen=True)
class End:
    """How a reader finds the last row of a table.

    label: the table ends at the row whose first column holds `label`: before it, or
    including it if `inclusive`. Without a label the table ends before the first row whose
    first column is empty. rows: a fixed number of rows (no search).
    """

    label: str | None = None
    inclusive: bool = False
    rows: int | None = None


@dataclass(frozen=True)
class Block:
    """Rows at fixed addresses: each field's label in column A and its value in
    `value_column` (per-year fields: one column per year from there), from `first_row` on."""

    key: str
    first_row: int
    value_column: str
    fields: tuple[Field, ...]

    def address(self, key: str, year_index: int = 0) -> str:
        """The cell of one field (of one year)."""
        row = self.first_row + [f.key for f in self.fields].index(key)
        return f"{column_letter(column_number(self.value_column) + year_index)}{row}"


class Placed(NamedTuple):
    """A table column at its place: the field, the year index (None if not per year), the letter."""

    field: Field
    year_index: int | None
    letter: str


@dataclass(frozen=True, eq=False)
class Table:
    """A table whose header is in `header_row` and whose rows start right below it.

    columns: its fields in order from column A; a run of per-year fields is repeated for
    every year (budget year first). end: how a reader finds the last row.
    blank_rows: empty input rows the generator adds for the committee to fill.
    totals: the labels (in column A) of the rows right after the table, in order.
    Equal only to itself, like a field.
    """

    key: str
    header_row: int
    columns: tuple[Field, ...]
    end: End
    blank_rows: int = 0
    totals: tuple[str, ...] = ()

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def fields(self) -> tuple[Field, ...]:
        """The columns, once each (as for a block)."""
        return self.columns

    def placed(self, year_count: int) -> tuple[Placed, ...]:
        """Every column at its letter, per-year runs repeated for each year."""
        return _place(self.columns, year_count)

    def letter(self, key: str, year_count: int, year_index: int | None = None) -> str:
        return next(p.letter for p in self.placed(year_count) if p.field.key == key and p.year_index == year_index)


@cache
def _place(columns: tuple[Field, ...], year_count: int) -> tuple[Placed, ...]:
    placed: list[Placed] = []
    index = 0
    while index < len(columns):
        if not columns[index].per_year:
            placed.append(Placed(columns[index], None, ""))
            index += 1
            continue
        run_end = index
        while run_end < len(columns) and columns[run_end].per_year:
            run_end += 1
        placed.extend(Placed(f, year, "") for year in range(year_count) for f in columns[index:run_end])
        index = run_end
    return tuple(p._replace(letter=column_letter(n)) for n, p in enumerate(placed, start=1))


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: its fixed blocks and tables.

    Every sheet has its title in A1 and a line of explanation in A2. hidden: not shown to users.
    insert_rows: whether a committee may insert rows (into its input tables).
    freeze: the top-left cell of the scrolling part. print_titles: rows repeated on
    every printed page. widths: column widths from column A (default: the first table's).
    """

    name: str
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    hidden: bool = False
    insert_rows: bool = False
    freeze: str | None = None
    print_titles: str | None = None
    widths: tuple[float, ...] = ()

    def block(self, key: str) -> Block:
        return next(b for b in self.blocks if b.key == key)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass(frozen=True)
class Layout:
    """The whole template for `year_count` years (budget year and plan years)."""

    version: str
    year_count: int
    focus_list: bool
    sheets: tuple[SheetLayout, ...]

    def sheet(self, name: str) -> SheetLayout:
        return next(s for s in self.sheets if s.name == name)

    def fields(self) -> Iterator[tuple[SheetLayout, Block | Table, Field]]:
        for sheet in self.sheets:
            for part in (*sheet.blocks, *sheet.tables):
                for item in part.fields:
                    yield sheet, part, item
