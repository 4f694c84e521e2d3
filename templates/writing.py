"""Writing a template's parts where the layout puts them: titles, headers, rows, validation.

A row is given as a mapping (field key, year index) -> value. A `Formula` is written as a
formula; any other string is written as text, never as a formula (`ramkalk.workbook.writer.text`),
so a committee's or a decision's name starting with "=" stays text.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Mapping, Sequence

from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.core.addresses import column_letter
from ramkalk.report.sheets import Formula, number
from ramkalk.templates.parts import DEFAULT_WIDTH, Field, Kind, Role, SheetLayout, Table, Validation
from ramkalk.templates.reading import Key
from ramkalk.templates.style import (
    HEADER,
    LEAD,
    NOTE_LOOK,
    NUMBER_HEADER,
    SUM,
    TITLE_LOOK,
    apply_look,
    data_validation,
    looks_of,
)
from ramkalk.workbook.writer import text


def put(ws: Worksheet, row: int, column: int, value: object):
    """Write one value: a Formula as formula, text as text, Decimal as number; return the cell."""
    if isinstance(value, Formula):
        return ws.cell(row=row, column=column, value=str(value))
    if isinstance(value, str):
        return text(ws, row, column, value)
    if isinstance(value, Decimal):
        return ws.cell(row=row, column=column, value=number(value))
    return ws.cell(row=row, column=column, value=value)


def title(ws: Worksheet, heading: str, line: str) -> None:
    """The sheet's title in A1 and a line of explanation in A2."""
    apply_look(put(ws, 1, 1, heading), TITLE_LOOK)
    apply_look(put(ws, 2, 1, line), NOTE_LOOK)


def heading(ws: Worksheet, row: int, value: str) -> None:
    apply_look(put(ws, row, 1, value), LEAD)


def header_row(ws: Worksheet, row: int, values: Sequence[str], first_column: int = 1) -> None:
    """A bold, shaded header row."""
    for column, value in enumerate(values, start=first_column):
        apply_look(put(ws, row, column, value), HEADER)


def header_label(field: Field, year: int | None) -> str:
    return field.label.format(år=year) if year is not None else field.label


def write_header(ws: Worksheet, table: Table, years: Sequence[int]) -> None:
    """The table's header row, "{år}" replaced by each column's year; a header over numbers
    right-aligned like them."""
    for column, p in enumerate(table.placed(len(years)), start=1):
        label = header_label(p.field, None if p.year_index is None else years[p.year_index])
        apply_look(put(ws, table.header_row, column, label), HEADER if p.field.kind is Kind.TEXT else NUMBER_HEADER)


def write_rows(ws: Worksheet, table: Table, years: Sequence[int], rows: Sequence[Mapping[Key, object]],
               first_row: int | None = None) -> int:
    """Write `rows` from the table's first row (or `first_row`), each cell styled by its field
    (an empty cell only if it is an input); return the row after the last one written."""
    looks = looks_of(ws.parent)
    columns = [(column, (p.field.key, p.year_index), p.field, p.field.role is Role.INPUT)
               for column, p in enumerate(table.placed(len(years)), start=1)]
    row = table.first_row if first_row is None else first_row
    for values in rows:
        for column, key, field, is_input in columns:
            value = values.get(key)
            if value is None and not is_input:
                continue
            cell = put(ws, row, column, value) if value is not None else ws.cell(row=row, column=column)
            looks.field(cell, field)
        row += 1
    return row


def add_validations(ws: Worksheet, table: Table, years: Sequence[int], last: int,
                    list_lengths: dict[str, int]) -> None:
    """One data validation per rule of the table's inputs, over all their rows (and years)."""
    if last < table.first_row:
        return
    ranges: dict[Validation, list[str]] = defaultdict(list)
    for place in table.placed(len(years)):
        if place.field.role is Role.INPUT and place.field.validation is not None:
            ranges[place.field.validation].append(f"{place.letter}{table.first_row}:{place.letter}{last}")
    for rule, where in ranges.items():
        ws.add_data_validation(data_validation(rule, where, list_lengths))


def sum_row(ws: Worksheet, row: int, label: str, formulas: Mapping[str, str]) -> None:
    """A bold row with a label in column A and formulas (tkr) by column letter."""
    apply_look(put(ws, row, 1, label), LEAD)
    for letter, formula in formulas.items():
        cell = ws[f"{letter}{row}"]
        cell.value = formula
        apply_look(cell, SUM)


def running_sum(letter: str, header_row: int) -> str:
    """The sum of a column from the table's header down to the row above the formula's own.

    Counts every row between them, also rows a committee inserts anywhere in the table
    (even right above the sum), in Excel and LibreOffice alike; text in the header is ignored.
    """
    return f"SUM({letter}{header_row}:INDEX({letter}:{letter},ROW()-1))"


def set_widths(ws: Worksheet, sheet: SheetLayout, year_count: int) -> None:
    """The sheet's widths if it gives them, else each column's widest field over its tables;
    the usual width as the sheet's default, so that only the other columns need a width."""
    widths: dict[int, float] = dict(enumerate(sheet.widths, start=1))
    if not widths:
        for table in sheet.tables:
            for index, place in enumerate(table.placed(year_count), start=1):
                widths[index] = max(widths.get(index, 0), place.field.width)
    ws.sheet_format.defaultColWidth = DEFAULT_WIDTH
    for index, width in widths.items():
        if width != DEFAULT_WIDTH:
            ws.column_dimensions[column_letter(index)].width = width
