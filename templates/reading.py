"""Reading a template back through its layout: fixed blocks by address, tables to their end.

Used by the checksum (`ramkalk.templates.identity`), the tests and the consolidation of returned
templates. A table is found from its header row down to its end (`layout.End`), so rows a
committee inserted inside a table are read like the others. Works on openpyxl worksheets,
loaded with formulas (the default): a formula cell has `data_type == "f"`, and on the
read-only sheets of returned templates (`ramkalk.templates.returned_file.GridSheet`).

A table can be read as cells (`table_rows`: openpyxl's `Cell`s, for the generator and the
tests) or as values (`table_values`: per row a list of values and the set of columns that
hold a formula, no object per cell). A read-only sheet keeps each table's last row and its
values once read (`table_ends`, `tables_read`), since it never changes, so the checksum, the
formula check and the reading of the rows share one read. The cell addresses of a layout
are worked out once per layout (cached), not once per file.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, AbstractSet, Callable, Collection, NamedTuple, Sequence

from ramkalk.templates.parts import Block, Table

if TYPE_CHECKING:  # (a returned template is read as a GridBook, like an openpyxl workbook)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

Key = tuple[str, "int | None"]  # (field key, year index or None)


class TableRow(NamedTuple):
    """One row of a table: its row number and its cells by (field key, year index)."""

    row: int
    cells: dict[Key, Cell]

    def value(self, key: str, year_index: int | None = None) -> object:
        return self.cells[(key, year_index)].value


class ValueRow(NamedTuple):
    """One row of a table as values: its row number, the value of each column of the table
    (from column A, in `Table.placed` order; None if empty) and the indexes (0-based, into
    `values`) of the columns whose cell holds a formula (then the value is its cached value on
    a read-only sheet, the formula text on an openpyxl sheet; either way not to be trusted)."""

    row: int
    values: Sequence[object]
    formulas: AbstractSet[int]


def block_cells(ws: Worksheet, block: Block, year_count: int) -> dict[Key, Cell]:
    """The cells of a fixed block by (field key, year index)."""
    return {key: ws[address] for key, address in _block_addresses(block, year_count)}


@cache
def _block_addresses(block: Block, year_count: int) -> tuple[tuple[Key, str], ...]:
    return tuple(((field.key, year_index), block.address(field.key, year_index or 0))
                 for field in block.fields for year_index in (range(year_count) if field.per_year else (None,)))


def last_row(ws: Worksheet, table: Table) -> int:
    """The last row of `table` on `ws` (the header row if the table is empty).

    Raises LookupError if the table ends at a label that is not there.
    """
    end = table.end
    if end.rows is not None:
        return table.header_row + end.rows
    known = getattr(ws, "table_ends", None)  # a read-only sheet keeps what was found
    if known is None:
        return _last_row(ws, table, lambda row: ws.cell(row, 1).value)
    if table not in known:
        known[table] = _last_row(ws, table, lambda row: ws.value(row, 1))
    return known[table]


def _last_row(ws: Worksheet, table: Table, first_value: Callable[[int], object]) -> int:
    """As `last_row`, reading the value in column A of a row with `first_value` (a read-only
    sheet gives the value without making a cell object)."""
    end = table.end
    for row in range(table.first_row, ws.max_row + 1):
        first = first_value(row)
        if end.label is None and first in (None, ""):
            return row - 1
        if end.label is not None and first == end.label:
            return row if end.inclusive else row - 1
    if end.label is not None:
        raise LookupError(f"{ws.title}: raden \"{end.label}\" som avslutar tabellen saknas")
    return ws.max_row


def table_rows(ws: Worksheet, table: Table, year_count: int, keys: Collection[str] | None = None) -> list[TableRow]:
    """Every row of `table`, from the row below its header to its end, with the cells of every
    field (or of the fields named in `keys`; openpyxl creates a cell when it is read)."""
    columns = _columns(table, year_count, None if keys is None else frozenset(keys))
    return [
        TableRow(row, {key: ws.cell(row, column) for key, column in columns})
        for row in range(table.first_row, last_row(ws, table) + 1)
    ]


def table_values(ws: Worksheet, table: Table, year_count: int,
                 keys: Collection[str] | None = None) -> list[ValueRow]:
    """Every row of `table`, as `table_rows`, as values (see `ValueRow`).

    On an openpyxl sheet only the cells of the fields named in `keys` (default: all) are read,
    since openpyxl creates a cell when it is read; the other columns are None. A read-only
    sheet (which has `tables_read`) reads every column of the table once and keeps the rows:
    callers must not change them.
    """
    known = getattr(ws, "tables_read", None)
    if known is None:
        columns = _indexed_columns(table, year_count, None if keys is None else frozenset(keys))
        width = len(table.placed(year_count))
        return [_openpyxl_values(ws, row, columns, width) for row in range(table.first_row, last_row(ws, table) + 1)]
    found = known.get((table, year_count))
    if found is None:
        width = len(table.placed(year_count))
        found = known[(table, year_count)] = [ws.row_values(row, width)
                                              for row in range(table.first_row, last_row(ws, table) + 1)]
    return found


def _openpyxl_values(ws: Worksheet, row: int, columns: tuple[int, ...], width: int) -> ValueRow:
    values: list[object] = [None] * width
    formulas = set()
    for index in columns:
        cell = ws.cell(row, index + 1)
        values[index] = cell.value
        if cell.data_type == "f":
            formulas.add(index)
    return ValueRow(row, values, formulas)


@cache
def _columns(table: Table, year_count: int, keys: frozenset[str] | None) -> tuple[tuple[Key, int], ...]:
    return tuple(((p.field.key, p.year_index), n) for n, p in enumerate(table.placed(year_count), start=1)
                 if keys is None or p.field.key in keys)


@cache
def _indexed_columns(table: Table, year_count: int, keys: frozenset[str] | None) -> tuple[int, ...]:
    """The indexes (0-based) of the columns of the fields named in `keys` (all if None)."""
    return tuple(column - 1 for _key, column in _columns(table, year_count, keys))


@cache
def column_indexes(table: Table, year_count: int) -> dict[Key, int]:
    """(field key, year index) -> the index of its column in `ValueRow.values` (0-based); shared
    (cached): callers must not change it."""
    return {key: column - 1 for key, column in _columns(table, year_count, None)}


def total_rows(ws: Worksheet, table: Table) -> dict[str, int]:
    """The rows after a table (its `totals`) by label: "Summa" -> 23, ..."""
    first = last_row(ws, table) + 1
    return {label: first + offset for offset, label in enumerate(table.totals)}
