"""The template's identity: a hidden, protected sheet that says what a file is, and a checksum.

The sheet `Identitet` holds the committee, budget year, version, template id, generator
and layout versions and a checksum of the prefilled values. The checksum is SHA-256 over
one line per prefilled value (the layout's `Role.PREFILLED` fields, tables read to their
end), each `sheet|part|row|field|year=value`, with numbers written with six decimals so
that a file saved again by Excel or LibreOffice gives the same text. Formulas are not in
it (they are recomputed); a returned file whose checksum differs had its numbers changed.

The lines come from one of two places, which give the same lines for a template as generated:

- `prefilled_cells(book, layout)`: read from a workbook through the layout (a returned file);
- `generated_cells(content, layout)`: what the generator writes, from the committee's content
  (`ramkalk.templates.content`) and the layout alone, no workbook. The generator records the
  checksum of these lines, and a return whose checksum differs is compared with them cell by
  cell, so checking a return never builds a template and the two can never disagree.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

from ramkalk.core.addresses import column_letter
from ramkalk.report.sheets import number as cell_number
from ramkalk.templates.content import Content, Row
from ramkalk.templates.layout import (
    EXPLANATION,
    FRAME_SUMMARY,
    IDENTITY,
    IDENTITY_BLOCK,
    NEW_FRAME_LABEL,
    RATES,
    SUM_OF_CHANGES,
    TECHNICAL_FRAME,
    UNITS_TABLE,
    VOLUMES_TABLE,
    WATERFALL,
    layout,
)
from ramkalk.templates.parts import Block, Layout, Role, SheetLayout, Table
from ramkalk.templates.reading import Key, block_cells, table_values

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


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


Cell = tuple[str, str, str]  # (sheet, cell coordinate, line): a line of the checksum and where it is


def prefilled_cells(book: Workbook, found: Layout) -> Iterator[Cell]:
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
                        yield sheet.name, column_letter(cell.column), cell.row, f"{place}={canonical(cell.value)}"
                continue
            places = _prefilled_places(part, found.year_count, keys)
            for number, row in enumerate(table_values(ws, part, found.year_count, keys)):
                head, values, formulas = f"{sheet.name}|{part.key}|{number}|", row.values, row.formulas
                for index, letter, field, _key in places:
                    if index not in formulas:
                        yield sheet.name, letter, row.row, f"{head}{field}={canonical(values[index])}"


@cache
def _prefilled_keys(sheet: SheetLayout) -> tuple[tuple[Block | Table, frozenset[str]], ...]:
    """The parts of a sheet with prefilled fields, and the keys of those fields."""
    found = ((part, frozenset(f.key for f in part.fields if f.role is Role.PREFILLED))
             for part in (*sheet.blocks, *sheet.tables))
    return tuple((part, keys) for part, keys in found if keys)


@cache
def _prefilled_places(table: Table, year_count: int,
                      keys: frozenset[str]) -> tuple[tuple[int, str, str, Key], ...]:
    """(column index, column letter, "field|year", (field, year)) of each prefilled column of a
    table, in order."""
    return tuple((index, place.letter, f"{place.field.key}|{'' if place.year_index is None else place.year_index}",
                  (place.field.key, place.year_index))
                 for index, place in enumerate(table.placed(year_count)) if place.field.key in keys)


# --- The prefilled values as the generator writes them, from the content ------------------------

FORMULA = object()
"""A cell the generator writes a formula into, in `written`'s rows: not in the checksum."""

Values = dict[Key, object]  # (field key, year index) -> a cell's value; an empty cell is left out


def written(found: Content) -> dict[Block | Table, Values | list[Values]]:
    """What the generator writes into each part of the layout with prefilled fields, from the
    committee's content: a block's values, or a table's rows from its first row on (FORMULA where
    it writes a formula). Values are the content's (tkr, fractions, kr, text); `generated_cells`
    makes them what a cell holds."""
    frame, count = found.frame, len(found.years)
    every_year = {("amount", index): FORMULA for index in range(count)}
    steps = [{("step", None): step.label, ("rule", None): step.rule, ("amount", None): step.amount}
             for step in frame.steps]
    steps[-1][("amount", None)] = FORMULA  # the new frame: the sum of the steps above it
    opening = {**_explained(frame.opening), **{("amount", index): FORMULA for index in range(1, count)}}
    explanation = [opening, *map(_explained, frame.changes), {("item", None): SUM_OF_CHANGES, **every_year}]
    if frame.technical is not None:  # the price-tag model: the technical frame, then the price tags
        explanation += [{("item", None): TECHNICAL_FRAME, **every_year}, *map(_explained, frame.tags)]
    explanation.append({("item", None): NEW_FRAME_LABEL, **every_year})
    return {
        RATES: [{("year", None): rate.year, ("wage", None): rate.wage, ("price", None): rate.price,
                 ("blended", None): rate.blended, ("efficiency", None): rate.efficiency} for rate in found.rates],
        FRAME_SUMMARY: {**{("frame", index): value for index, value in enumerate(frame.frames)},
                        **{("one_off", index): value for index, value in enumerate(frame.one_offs)}},
        WATERFALL: steps,
        EXPLANATION: explanation,
        VOLUMES_TABLE: [{("group", None): volume.group, ("ages", None): volume.ages, ("weight", None): volume.weight,
                         ("year", None): volume.year, ("forecast", None): volume.forecast,
                         ("price", None): volume.price} for volume in found.volumes],
        UNITS_TABLE: [{("unit", None): u.unit, ("base", None): u.base, ("addition", None): u.addition,
                       ("structural", None): u.structural, ("allocation", None): u.allocation} for u in found.units],
    }


def _explained(row: Row) -> Values:
    """A row of the explanation: its label, rule and the years it has an amount."""
    return {("item", None): row.label, ("rule", None): row.rule,
            **{("amount", index): amount for index, amount in enumerate(row.amounts) if amount is not None}}


def generated_cells(found: Content, found_layout: Layout) -> list[Cell]:
    """(sheet, cell coordinate, line) per prefilled value of the committee's template, in layout
    order, as `prefilled_cells` reads them from the template as generated; from the content and
    the layout alone (`written`), no workbook."""
    parts, cells = written(found), []
    for sheet in found_layout.sheets:
        for part, keys in _prefilled_keys(sheet):
            values = parts[part]  # (a prefilled part that `written` does not know is a mistake: KeyError)
            lines = _block_lines if isinstance(part, Block) else _table_lines
            cells.extend((sheet.name, cell, f"{sheet.name}|{part.key}|{line}")
                         for cell, line in lines(part, keys, values, found_layout.year_count))
    return cells


def _block_lines(block: Block, keys: frozenset[str], values: Values, year_count: int) -> Iterator[tuple[str, str]]:
    """(cell, "0|field|year=value") per prefilled cell of a block that is not a formula."""
    for field in block.fields:
        for year in (range(year_count) if field.per_year else (None,)) if field.key in keys else ():
            value = values.get((field.key, year))
            if value is not FORMULA:
                place = f"0|{field.key}|{'' if year is None else year}"
                yield block.address(field.key, year or 0), f"{place}={_canonical(value)}"


def _table_lines(table: Table, keys: frozenset[str], rows: list[Values], year_count: int) -> Iterator[tuple[str, str]]:
    """(cell, "row|field|year=value") per prefilled cell of a table's rows that is not a formula."""
    places = _prefilled_places(table, year_count, keys)
    for offset, row in enumerate(_to_end(table, rows, year_count)):
        for _index, letter, field, key in places:
            value = row.get(key)
            if value is not FORMULA:
                yield f"{letter}{table.first_row + offset}", f"{offset}|{field}={_canonical(value)}"


def _canonical(value: object) -> str:
    """A value of the content as the checksum sees it in the cell the generator writes it into
    (a Decimal is written as `ramkalk.report.sheets.number` makes it: a whole number, else a float)."""
    return canonical(cell_number(value) if isinstance(value, Decimal) else value)


def _to_end(table: Table, rows: Sequence[Values], year_count: int) -> Sequence[Values]:
    """The rows of `rows` a reader of the template finds (`reading.last_row`): a fixed number, up
    to the row that ends the table, or up to the first row with nothing in its first column."""
    end = table.end
    if end.rows is not None:
        return [*rows[:end.rows], *[{}] * (end.rows - len(rows))]
    first = table.placed(year_count)[0]
    key = (first.field.key, first.year_index)
    for offset, row in enumerate(rows):
        value = row.get(key)
        if end.label is None and (value is None or value == ""):
            return rows[:offset]
        if end.label is not None and value == end.label:
            return rows[:offset + 1] if end.inclusive else rows[:offset]
    if end.label is not None:
        raise ValueError(f'{table.key}: the generator writes no row "{end.label}" to end the table')
    return rows


def checksum(book: Workbook, found: Layout) -> str:
    """SHA-256 (hex) of the prefilled values of `book` (`prefilled_cells`)."""
    return _digest([line for _sheet, _letter, _row, line in _prefilled(book, found)])


def checksum_of(cells: Iterable[Cell]) -> str:
    """SHA-256 (hex) of the lines of `cells` (`prefilled_cells` or `generated_cells`)."""
    return _digest([line for _sheet, _cell, line in cells])


def _digest(lines: list[str]) -> str:
    """SHA-256 (hex) of the lines, each ended by a newline."""
    return hashlib.sha256(("\n".join(lines) + "\n" if lines else "").encode("utf-8")).hexdigest()


def template_id(code: str, budget_year: int, version: str, checksum_hex: str) -> str:
    """A readable id that changes with the numbers: "GSN-2027-Juni-1a2b3c4d"."""
    return f"{code}-{budget_year}-{version}-{checksum_hex[:8]}"


def write_identity(ws: Worksheet, values: Mapping[str, object]) -> None:
    """Fill the identity sheet: key and value per row (see `layout.IDENTITY_BLOCK`)."""
    from ramkalk.templates.style import FACT_DATE, apply_look  # (writing a template: openpyxl; checking needs none)
    from ramkalk.templates.writing import header_row, put

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
