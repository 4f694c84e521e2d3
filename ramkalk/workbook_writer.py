"""Writing `PlanningData` as a planning workbook (used by `ramkalk exempel`).

The layout comes from `ramkalk.workbook_format`, the same definition the reader uses,
so a written workbook reads back to the same data. Each table is an Excel Table with
a frozen header; amounts are written in the workbook's unit, rates as percentages.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.model import PlanningData
from ramkalk.xlsx_cells import append_values
from ramkalk.workbook_format import (
    SETTINGS,
    SETTINGS_KEY_HEADER,
    SETTINGS_SHEET,
    SETTINGS_VALUE_HEADER,
    TABLES,
    Column,
    Kind,
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
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write_table(ws: Worksheet, name: str, headers: list[str], rows: list[list[object]],
                 formats: list[str | None]) -> None:
    append_values(ws, headers)
    for row in rows:
        append_values(ws, row)
    for index, (header, number_format) in enumerate(zip(headers, formats), start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[letter].width = max(12, len(header) + 4)
        if number_format:
            for (data_cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                data_cell.number_format = number_format
    ws.freeze_panes = "A2"
    last = f"{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
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
    factor = settings.unit.factor
    for table in TABLES:
        records = getattr(data, table.field)
        if table.optional and not records:
            continue
        ws = book.create_sheet(table.sheet)
        rows = [
            [_cell_value(getattr(record, c.field), c, factor) for c in table.columns]
            for record in records
        ]
        _write_table(
            ws,
            _table_name(table.sheet),
            [c.header for c in table.columns],
            rows,
            [NUMBER_FORMATS.get(c.kind) for c in table.columns],
        )
    return book


def write_workbook(data: PlanningData, path: str | Path) -> None:
    """Save `data` as a planning workbook at `path` (overwrites)."""
    build_workbook(data).save(path)
