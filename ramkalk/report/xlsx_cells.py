"""Writing cells with openpyxl so that text stays text and amounts are numbers.

openpyxl stores any string starting with "=" as a formula. Text typed by a person (a
committee name, a decision's description) must never become a formula in a workbook
we write, so every text goes through `text`.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet


def number(amount: Decimal | int) -> int | float:
    """A Decimal as the number a cell stores (whole kronor stay integers)."""
    if isinstance(amount, int):
        return amount
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def text(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write `value` as a plain string, even if it starts with "="."""
    cell = ws.cell(row=row, column=column, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def append_values(ws: Worksheet, values: list[object]) -> int:
    """Append a row in which every string is text (never a formula); return its row number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text(ws, row, column, value)
        elif isinstance(value, Decimal):
            ws.cell(row=row, column=column, value=number(value))
        else:
            ws.cell(row=row, column=column, value=value)
    return row
