"""Writing `PlanningData` as a planning workbook (used by `ramkalk exempel`).

The layout comes from `ramkalk.schema.tables`, the same definition the reader uses,
so a written workbook reads back to the same data. Each table is an Excel Table with
a frozen header; amounts are written in the workbook's unit, rates as percentages.

`write_workbook` adds last the sheet `Beräkning` for the Excel add-in (docs/tillagg.md): the model cell,
named `Modell`, with =RAMMODELL over every table written, and =RAM for every committee
and year. The reader never reads it (it is no table of the format).
"""

from __future__ import annotations

import enum
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.core.addresses import column_letter
from ramkalk.core.money import plain_number
from ramkalk.schema.inputs import PlanningData, Unit
from ramkalk.schema.tables import (
    SETTINGS,
    SETTINGS_KEY_HEADER,
    SETTINGS_SHEET,
    SETTINGS_VALUE_HEADER,
    TABLES,
    Column,
    Kind,
    Table,
)

NUMBER_FORMATS = {
    Kind.AMOUNT: "#,##0",
    Kind.PRICE: "#,##0",
    Kind.COUNT: "#,##0",
    Kind.SHARE: "0.0%",
    Kind.RATE: "0.00%",
    Kind.WEIGHT: "0.00",
    Kind.YEAR: "0",
    Kind.AGE: "0",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _cell_value(value: object, column: Column, unit_factor: Decimal) -> object:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if column.kind in (Kind.AMOUNT, Kind.PRICE):
        value = value / unit_factor
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


def text(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write `value` as a plain string, even if it starts with "=" (openpyxl stores any string
    starting with "=" as a formula). The one way the openpyxl workbooks (this one, the templates)
    write a text."""
    cell = ws.cell(row=row, column=column, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _write_row(ws: Worksheet, row: int, values: Sequence[object]) -> None:
    """One row in which every string is text, never a formula."""
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text(ws, row, column, value)
        else:
            ws.cell(row=row, column=column, value=value)


def _write_table(ws: Worksheet, name: str, headers: list[str], rows: list[list[object]],
                 formats: list[str | None]) -> None:
    for row, values in enumerate([headers, *rows], start=1):
        _write_row(ws, row, values)
    for index, (header, number_format) in enumerate(zip(headers, formats), start=1):
        letter = column_letter(index)
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[letter].width = max(12, len(header) + 4)
        if number_format:
            for (data_cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                data_cell.number_format = number_format
    ws.freeze_panes = "A2"
    last = f"{column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    table = ExcelTable(displayName=name, ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def _table_name(sheet: str) -> str:
    plain = sheet.translate(str.maketrans("åäöÅÄÖ", "aaoAAO")).replace(" ", "")
    return f"tbl{plain}"


def build_workbook(data: PlanningData) -> Workbook:
    """The planning workbook for `data`, as an openpyxl Workbook (not yet saved)."""
    book = Workbook()
    settings_ws = book.active
    settings_ws.title = SETTINGS_SHEET
    settings = data.settings
    _write_table(
        settings_ws,
        _table_name(SETTINGS_SHEET),
        [SETTINGS_KEY_HEADER, SETTINGS_VALUE_HEADER],
        [[c.header, _cell_value(getattr(settings, c.field), c, Decimal(1))] for c in SETTINGS],
        [None, None],
    )
    settings_ws.column_dimensions["A"].width = 18
    for table in TABLES:
        records = getattr(data, table.field)
        if not table.optional or records:
            write_table_sheet(book.create_sheet(table.sheet), table, records, settings.unit)
    return book


def write_table_sheet(ws: Worksheet, table: Table, records: Sequence[object], unit: Unit) -> None:
    """One table of the format on `ws`: its headers, one row per record (amounts in `unit`),
    as an Excel Table with number formats and a frozen header."""
    rows = [[_cell_value(getattr(record, c.field), c, unit.factor) for c in table.columns] for record in records]
    _write_table(ws, _table_name(table.sheet), [c.header for c in table.columns], rows,
                 [NUMBER_FORMATS.get(c.kind) for c in table.columns])


CALCULATION_SHEET = "Beräkning"
MODEL_NAME = "Modell"
MODEL_CELL, VERSION_CELL, MODEL_TYPE_CELL = "$B$1", "$B$2", "$B$3"
FRAMES_HEADER_ROW = 5
ADD_IN_NOTE = ("Formlerna kräver Excel-tillägget ramkalk (docs/tillagg.md). Tomt i Version och Modelltyp: "
               "arbetsbokens senaste version och varje nämnds egen modell. Ctrl+Alt+F9 räknar om allt.")


def _table_range(ws: Worksheet) -> str:
    """The sheet's Excel table as a structured reference (`tblNamnder[#All]`: headers and rows, so
    the model cell grows with the table), or its cells if it has no table."""
    if ws.tables:
        return f"{next(iter(ws.tables))}[#All]"
    return f"{quote_sheetname(ws.title)}!$A$1:${column_letter(ws.max_column)}${ws.max_row}"


def add_calculation_sheet(book: Workbook, data: PlanningData) -> None:
    """The model cell (named Modell) over every table of `book`, and =RAM per committee and year."""
    tables = ",".join(_table_range(ws) for ws in book.worksheets)
    ws = book.create_sheet(CALCULATION_SHEET)
    for address, value in (("A1", MODEL_NAME), (MODEL_CELL, f"=RAMMODELL({tables})"), ("A2", "Version"),
                           ("A3", "Modelltyp"), ("D1", ADD_IN_NOTE)):
        ws[address.replace("$", "")] = value  # our own texts and the one formula
    book.defined_names[MODEL_NAME] = DefinedName(MODEL_NAME, attr_text=f"{quote_sheetname(ws.title)}!{MODEL_CELL}")
    years = data.settings.years
    header, first = FRAMES_HEADER_ROW, FRAMES_HEADER_ROW + 1
    last = first + len(data.committees) - 1
    for column, value in enumerate(["Nämnd", "Namn", *years], start=1):
        cell = ws.cell(row=header, column=column, value=value)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, committee in enumerate(data.committees, start=first):
        text(ws, row, 1, committee.code)
        text(ws, row, 2, committee.name)
    ws.cell(row=last + 1, column=1, value="Summa").font = HEADER_FONT
    for column in range(3, 3 + len(years)):
        letter = column_letter(column)
        for row in range(first, last + 1):
            formula = f"=RAM({MODEL_NAME},$A{row},{letter}${header},{VERSION_CELL},{MODEL_TYPE_CELL})"
            ws.cell(row=row, column=column, value=formula).number_format = NUMBER_FORMATS[Kind.AMOUNT]
        total = ws.cell(row=last + 1, column=column, value=f"=SUM({letter}{first}:{letter}{last})")
        total.number_format, total.font = NUMBER_FORMATS[Kind.AMOUNT], HEADER_FONT
        ws.column_dimensions[letter].width = 16
    ws.column_dimensions["B"].width = 36
    book.calculation.fullCalcOnLoad = True  # Excel computes the formulas (the model first) when it opens the file


def write_workbook(data: PlanningData, path: str | Path) -> None:
    """Save `data` as a planning workbook at `path` (overwrites), with the add-in's sheet Beräkning."""
    book = build_workbook(data)
    add_calculation_sheet(book, data)
    book.save(path)
