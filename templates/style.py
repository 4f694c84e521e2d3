"""How a template looks and what it allows: formats, input marking, validation, protection, print.

Everything here follows the layout: a field's kind gives its number format, its role
whether the cell is unlocked and marked as input, its validation the rule Excel and
LibreOffice enforce when a value is typed.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from functools import cache
from typing import Iterable
from weakref import WeakKeyDictionary

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.report.sheets import HEADER_FILL as HEADER_COLOUR
from ramkalk.report.sheets import KR_FORMAT as KR
from ramkalk.report.sheets import ROW_POINTS, wrapped_lines
from ramkalk.templates.layout import LIST_COLUMNS
from ramkalk.templates.parts import DEFAULT_WIDTH, Field, Kind, Role, SheetLayout, Validation

NUMBER_FORMATS = {
    Kind.TEXT: "General",
    Kind.TKR: KR,
    Kind.KR: KR,
    Kind.RATE: "0.00%",
    Kind.NUMBER: "#,##0.00",
    Kind.WHOLE: "0",
    Kind.YEAR: "0",
    Kind.DATE: "yyyy-mm-dd",
}
INPUT_TEXT_FORMAT = "@"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
FORMULA_FILL = PatternFill("solid", fgColor="F2F2F2")
DIFFERENCE_FILL = PatternFill("solid", fgColor="FFC7CE")
DIFFERENCE_FONT = Font(bold=True, color="9C0006")
_GREY = Side(style="thin", color="BFBFBF")
INPUT_BORDER = Border(left=_GREY, right=_GREY, top=_GREY, bottom=_GREY)
UNLOCKED = Protection(locked=False)
NOTE = Font(italic=True, color="595959")
LEFT = Alignment(horizontal="left")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)  # as the result workbook's header rows
TOP_LINE = Border(top=Side(style="thin"))


@dataclass(frozen=True)
class Look:
    """How a kind of cell looks: number format, and font, fill, border, protection and
    alignment where they differ from the default."""

    name: str
    number_format: str = "General"
    font: Font | None = None
    fill: PatternFill | None = None
    border: Border | None = None
    protection: Protection | None = None
    alignment: Alignment | None = None

    def apply_to(self, cell) -> None:
        for attribute in ("font", "fill", "border", "protection", "alignment"):
            value = getattr(self, attribute)
            if value is not None:
                setattr(cell, attribute, value)
        cell.number_format = self.number_format


ROLE_NAMES = {Role.LABEL: "Text", Role.PREFILLED: "Förifyllt", Role.INPUT: "Inmatning", Role.FORMULA: "Formel"}


def number_format(field: Field) -> str:
    if field.role is Role.INPUT and field.kind is Kind.TEXT:
        return INPUT_TEXT_FORMAT
    return NUMBER_FORMATS[field.kind]


WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP = Alignment(wrap_text=True)  # (at the bottom, as the numbers beside it)


@cache
def look(field: Field) -> Look:
    """The look of a field's cells: number format by kind; an input unlocked, filled and
    framed, a formula shaded."""
    name, number = f"{ROLE_NAMES[field.role]} {field.kind.value}", number_format(field)
    if field.role is Role.INPUT:  # (a text typed wraps in its column: the row grows, the page shows it whole)
        return Look(name, number, fill=INPUT_FILL, border=INPUT_BORDER, protection=UNLOCKED,
                    alignment=WRAP_TOP if field.kind is Kind.TEXT else None)
    if field.role is Role.FORMULA:
        return Look(name, number, fill=FORMULA_FILL)
    return Look(name, number, alignment=WRAP if field.kind is Kind.TEXT else None)  # (a long rule shown whole)


HEADER = Look("Rubrik", font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP)
NUMBER_HEADER = Look("Rubrik tal", font=BOLD, fill=HEADER_FILL,
                     alignment=Alignment(wrap_text=True, vertical="top", horizontal="right"))
"""The header over a column of numbers: right-aligned, over its numbers."""
SUM = Look("Summa", KR, font=BOLD, border=TOP_LINE)
LEAD = Look("Ledtext", font=BOLD)
TITLE_LOOK = Look("Titel", font=TITLE)
NOTE_LOOK = Look("Förklaring", font=NOTE)
FACT = Look("Uppgift", alignment=LEFT)
FACT_DATE = Look("Uppgift datum", NUMBER_FORMATS[Kind.DATE], alignment=LEFT)
LEGEND = Look("Inmatning förklaring", fill=INPUT_FILL)


class Looks:
    """The looks used in one workbook, applied fast.

    The first cell of a look gets it through openpyxl's style attributes; later cells copy
    that cell's style array, as openpyxl's own WorksheetCopy copies styles. Setting the
    attributes of every cell would make a template several times slower to write than its
    bare values. Holds no reference to its workbook, which keys the cache weakly (a
    reference would keep every workbook alive).
    """

    def __init__(self) -> None:
        self.arrays: dict[str, object] = {}

    def apply(self, cell, found: Look) -> None:
        array = self.arrays.get(found.name)
        if array is None:
            found.apply_to(cell)
            self.arrays[found.name] = copy(cell._style)
        else:
            cell._style = copy(array)

    def field(self, cell, field: Field) -> None:
        self.apply(cell, look(field))


_LOOKS: WeakKeyDictionary = WeakKeyDictionary()  # workbook -> its Looks (a cache)


def looks_of(book) -> Looks:
    found = _LOOKS.get(book)
    if found is None:
        found = _LOOKS[book] = Looks()
    return found


def apply_look(cell, found: Look) -> None:
    """Give one cell a look."""
    looks_of(cell.parent.parent).apply(cell, found)


def style_cell(cell, field: Field) -> None:
    """Give one cell its field's look."""
    looks_of(cell.parent.parent).field(cell, field)


def list_range(name: str, length: int) -> str:
    """The cells of a list on the sheet Listor: "Listor!$A$2:$A$7"."""
    column = LIST_COLUMNS[name]
    return f"Listor!${column}$2:${column}${max(2, length + 1)}"


def data_validation(rule: Validation, ranges: Iterable[str], list_lengths: dict[str, int]) -> DataValidation:
    """An openpyxl DataValidation for `rule` over `ranges` ("B6:B12")."""
    if rule.choices is not None:
        first, second = list_range(rule.choices, list_lengths[rule.choices]), None
    else:
        first, second = rule.minimum, rule.maximum
        if rule.operator != "between":
            first = first if first is not None else second
            second = None
    validation = DataValidation(
        type=rule.type, operator=None if rule.choices else rule.operator, formula1=first, formula2=second,
        allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="Ogiltigt värde", error=rule.error, promptTitle="Att fylla i", prompt=rule.prompt,
    )
    validation.sqref = " ".join(ranges)
    return validation


def protect(ws: Worksheet, sheet: SheetLayout, password: str | None) -> None:
    """Protect the sheet: only unlocked cells can be edited; rows may be inserted where the
    layout allows it. A guard against mistakes, not security."""
    protection = ws.protection
    protection.sheet = True
    protection.insertRows = not sheet.insert_rows  # True means "not allowed"
    protection.formatColumns = False  # widening a column is harmless
    if password:
        protection.password = password


def protect_workbook(book, password: str | None) -> None:
    """Lock the structure: sheets cannot be added, renamed or unhidden."""
    book.security = WorkbookProtection(lockStructure=True)
    if password:
        book.security.workbookPassword = password


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


def print_setup(ws: Worksheet, sheet: SheetLayout, left: str, center: str, municipality: str = "",
                version: str = "") -> None:
    """A4 landscape, fit to one page wide, title rows repeated; a header naming the municipality,
    the sheet and the version, a footer naming the committee, the template and the page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.print_titles:
        ws.print_title_rows = sheet.print_titles
    for row in ws.iter_rows():  # (a row with wrapped text as high as the text: no program grows it on opening)
        lines = max((wrapped_lines(cell.value, _width(ws, cell.column_letter)) for cell in row
                     if isinstance(cell.value, str) and cell.alignment.wrap_text), default=1)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * ROW_POINTS
    ws.oddFooter.left.text = _footer_text(left)
    ws.oddFooter.center.text = _footer_text(center)
    ws.oddFooter.right.text = "Sida &P av &N"
    ws.oddHeader.left.text = _footer_text(municipality)
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.right.text = _footer_text(version)


def _width(ws: Worksheet, letter: str) -> float:
    """A column's width in characters (the sheet's default unless set), without adding a column entry."""
    found = ws.column_dimensions.get(letter)
    return found.width if found is not None and found.customWidth else ws.sheet_format.defaultColWidth or DEFAULT_WIDTH
