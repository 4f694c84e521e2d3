"""The template's identity: a hidden, protected sheet that says what a file is, and a checksum.

The sheet `Identitet` holds the committee, budget year, version, template id, generator
and layout versions and a checksum of the prefilled values. The checksum is SHA-256 over
one line per prefilled value (the layout's `Role.PREFILLED` fields, tables read to their
end), each `sheet|part|row|field|year=value`, with numbers written with six decimals so
that a file saved again by Excel or LibreOffice gives the same text. Formulas are not in
it (they are recomputed); a returned file whose checksum differs had its numbers changed.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import cache
from typing import Iterator, Mapping

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.templates.layout import IDENTITY, IDENTITY_BLOCK, layout
from ramkalk.templates.parts import Block, Layout, Role, SheetLayout, Table
from ramkalk.templates.reading import block_cells, table_values
from ramkalk.templates.style import FACT_DATE, apply_look
from ramkalk.templates.writing import header_row, put


def canonical(value: object) -> str:
    """A value as the checksum sees it: numbers with six decimals, dates as ISO, None as "".

    A number is its binary value rounded to six decimals, half to even, as both `round(x, 6)`
    and the format ".6f" round it; the format alone is the same text at a third of the time
    (the first checksums were made with round then format: test_identity)."""
    if value.__class__ is float:  # most values are floats: the first test (bool is not a float)
        return f"{value:.6f}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f"{float(value):.6f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def prefilled_cells(book: Workbook, found: Layout) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell coordinate, line) per prefilled value, in layout order: the lines of the
    checksum with the cell each came from (so a changed value can be named by its cell)."""
    for sheet, letter, row, line in _prefilled(book, found):
        yield sheet, f"{letter}{row}", line


def _prefilled(book: Workbook, found: Layout) -> Iterator[tuple[str, str, int, str]]:
    """(sheet, column letter, row, line) per prefilled value, in layout order; formula cells are
    left out. Tables are read as values (`reading.table_values`), blocks (a few cells) as cells."""
    for sheet in found.sheets:
        parts = _prefilled_keys(sheet)
        if not parts or sheet.name not in book.sheetnames:
            continue  # (a sheet with nothing prefilled is not read: a returned file's sheet costs a read)
        ws = book[sheet.name]
        for part, keys in parts:
            if isinstance(part, Block):
                for (key, year), cell in block_cells(ws, part, found.year_count).items():
                    if key in keys and cell.data_type != "f":
                        place = f"{sheet.name}|{part.key}|0|{key}|{'' if year is None else year}"
                        yield sheet.name, get_column_letter(cell.column), cell.row, f"{place}={canonical(cell.value)}"
                continue
            places = _prefilled_places(part, found.year_count, keys)
            for number, row in enumerate(table_values(ws, part, found.year_count, keys)):
                head, values, formulas = f"{sheet.name}|{part.key}|{number}|", row.values, row.formulas
                for index, letter, field in places:
                    if index not in formulas:
                        yield sheet.name, letter, row.row, f"{head}{field}={canonical(values[index])}"


@cache
def _prefilled_keys(sheet: SheetLayout) -> tuple[tuple[Block | Table, frozenset[str]], ...]:
    """The parts of a sheet with prefilled fields, and the keys of those fields."""
    found = ((part, frozenset(f.key for f in part.fields if f.role is Role.PREFILLED))
             for part in (*sheet.blocks, *sheet.tables))
    return tuple((part, keys) for part, keys in found if keys)


@cache
def _prefilled_places(table: Table, year_count: int, keys: frozenset[str]) -> tuple[tuple[int, str, str], ...]:
    """(column index, column letter, "field|year") of each prefilled column of a table, in order."""
    return tuple((index, place.letter, f"{place.field.key}|{'' if place.year_index is None else place.year_index}")
                 for index, place in enumerate(table.placed(year_count)) if place.field.key in keys)


def checksum(book: Workbook, found: Layout) -> str:
    """SHA-256 (hex) of the prefilled values of `book`: their lines, each ended by a newline."""
    lines = [line for _sheet, _letter, _row, line in _prefilled(book, found)]
    return hashlib.sha256(("\n".join(lines) + "\n" if lines else "").encode("utf-8")).hexdigest()


def template_id(code: str, budget_year: int, version: str, checksum_hex: str) -> str:
    """A readable id that changes with the numbers: "GSN-2027-Juni-1a2b3c4d"."""
    return f"{code}-{budget_year}-{version}-{checksum_hex[:8]}"


def write_identity(ws: Worksheet, values: Mapping[str, object]) -> None:
    """Fill the identity sheet: key and value per row (see `layout.IDENTITY_BLOCK`)."""
    header_row(ws, 1, ["Uppgift", "Värde"])
    for field in IDENTITY_BLOCK.fields:
        where = ws[IDENTITY_BLOCK.address(field.key)]
        put(ws, where.row, 1, field.label)
        value = values[field.key]
        cell = put(ws, where.row, where.column, value)
        if isinstance(value, date):
            apply_look(cell, FACT_DATE)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 70


def read_identity(book: Workbook) -> dict[str, object]:
    """The identity of a template: field key -> value (empty if the sheet is missing)."""
    if IDENTITY not in book.sheetnames:
        return {}
    cells = block_cells(book[IDENTITY], IDENTITY_BLOCK, 1)
    return {key: cell.value for (key, _), cell in cells.items()}


def checksum_matches(book: Workbook) -> bool:
    """Whether the prefilled values of `book` are those its identity sheet records."""
    identity = read_identity(book)
    if not identity.get("year_count") or not identity.get("checksum"):
        return False
    return checksum(book, layout(int(identity["year_count"]))) == identity["checksum"]
