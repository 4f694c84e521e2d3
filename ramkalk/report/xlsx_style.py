"""The look of the workbooks ramkalk writes: number formats, fonts, header rows, widths."""

from __future__ import annotations

from typing import Sequence

from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

KR = "#,##0;-#,##0"
PERSONS = "#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOP_LINE = Border(top=Side(style="thin"))


def header(ws: Worksheet, row: int, values: Sequence[str]) -> None:
    """A bold, shaded header row."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        cell.font, cell.fill = BOLD, HEADER_FILL


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Column widths from column A on."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
