"""A `ramkalk.report.sheets.Book` written to an .xlsx file by XlsxWriter.

Rows go to the file as they are written (XlsxWriter's constant-memory mode), so the time and
memory of a large result workbook grow with its rows and no more. XlsxWriter cannot write Excel
Tables in that mode, so a book with tables (the consolidated summary) is kept in memory until it
is saved; its size is bounded by the returns.

Text is written as text (`write_string`), never as a formula; a `Formula` as a formula without a
computed value, so the workbook asks Excel to recalculate when it is opened (XlsxWriter sets
fullCalcOnLoad). Every write is checked: XlsxWriter warns and returns a code instead of
raising, e.g. when it would cut a text longer than Excel's 32 767 characters; here that raises.

"""

from __future__ import annotations

import contextlib
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ramkalk.core.addresses import cell_place as position
from ramkalk.core.addresses import column_letter
from ramkalk.report.sheets import BarChart, Book, Formula, Look, Sheet, WaterfallChart

PIXELS_PER_CM = 360000 / 9525  # XlsxWriter sizes charts in pixels of 9 525 EMU; a cm is 360 000 EMU
TABLE_STYLE = "Table Style Medium 2"
WATERFALL_SERIES = (("Osynlig bas", None), ("Ram", "#2F5597"), ("Ökning", "#548235"), ("Minskning", "#C00000"))
OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
           "nan_inf_to_errors": False}


class WriteError(ValueError):
    """XlsxWriter refused a value or a part (it returns a code instead of raising)."""


def _checked(code: object, what: str) -> None:
    if isinstance(code, int) and code < 0:
        raise WriteError(f"XlsxWriter did not write {what} (code {code})")


class _Formats:
    """One XlsxWriter format per look, made when first used."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book, self.made = book, {}

    def __call__(self, look: Look | None):
        if look is None:
            return None
        found = self.made.get(look)
        if found is None:
            properties: dict[str, object] = {}
            if look.number_format:
                properties["num_format"] = look.number_format
            if look.bold:
                properties["bold"] = True
            if look.size:
                properties["font_size"] = look.size
            if look.fill:
                properties.update(pattern=1, bg_color="#" + look.fill)
            if look.top_line:
                properties["top"] = 1
            if look.wrap:
                properties.update(text_wrap=True, valign="top")
            if look.right:
                properties["align"] = "right"
            found = self.made[look] = self.book.add_format(properties)
        return found


def _write_cell(ws: Worksheet, sheet: Sheet, r: int, c: int, value: object, style) -> None:
    """One cell through XlsxWriter's own call for its kind."""
    if isinstance(value, Formula):
        code = ws.write_formula(r, c, value, style, "")
    elif isinstance(value, str):
        code = ws.write_string(r, c, value, style) if value else ws.write_blank(r, c, None, style)
    elif isinstance(value, bool):
        code = ws.write_boolean(r, c, value, style)
    elif value is None:
        code = ws.write_blank(r, c, None, style)
    else:
        code = ws.write_number(r, c, value, style)
    if code:
        _checked(code, f"{sheet.name}!{column_letter(c + 1)}{r + 1}")


def _write_cells(ws: Worksheet, sheet: Sheet, formats: _Formats) -> None:
    for r, cells in enumerate(sheet.rows):
        for c, cell in enumerate(cells):
            if cell is not None:
                _write_cell(ws, sheet, r, c, cell.value, formats(cell.look))


def _reference(sheet: str, cells: str) -> str:
    """='Sheet'!$A$5:$A$11 of "A5:A11" ('Sheet'!$B$1 of "B1")."""
    first, _, last = cells.partition(":")
    (r1, c1), (r2, c2) = position(first), position(last or first)
    quoted = "'" + sheet.replace("'", "''") + "'"
    cells = f"${column_letter(c1)}${r1}" + (f":${column_letter(c2)}${r2}" if (r1, c1) != (r2, c2) else "")
    return f"={quoted}!{cells}"


def _size(size_cm: tuple[float, float]) -> dict[str, int]:
    return {"width": round(size_cm[0] * PIXELS_PER_CM), "height": round(size_cm[1] * PIXELS_PER_CM)}


def _waterfall(book: xlsxwriter.Workbook, sheet: str, found: WaterfallChart):
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    for index, (cells, (name, colour)) in enumerate(zip(found.series, WATERFALL_SERIES)):
        series: dict[str, object] = {"name": name, "categories": _reference(sheet, found.categories),
                                     "values": _reference(sheet, cells)}
        if colour is None:
            series.update(fill={"none": True}, border={"none": True})
        else:
            series.update(fill={"color": colour}, border={"color": colour})
        if index == 0:
            series.update(gap=50, overlap=100)
        chart.add_series(series)
    if found.title:
        chart.set_title({"name": found.title})
    chart.set_legend({"position": "bottom", "delete_series": [0]})
    chart.set_x_axis({"num_font": {"size": 8, "rotation": 0}})  # (the steps' names level, wrapped)
    axis: dict[str, object] = {"num_format": found.number_format}
    if found.axis_minimum is not None:
        axis["min"] = found.axis_minimum
    chart.set_y_axis(axis)
    chart.set_size(_size(found.size_cm))
    return chart


def _bars(book: xlsxwriter.Workbook, sheet: str, found: BarChart):
    chart = book.add_chart({"type": "bar"})
    first, _, last = found.data.partition(":")
    (title_row, first_column), (last_row, last_column) = position(first), position(last)
    for column in range(first_column, last_column + 1):
        cells = f"{column_letter(column)}{title_row + 1}:{column_letter(column)}{last_row}"
        chart.add_series({"name": _reference(sheet, f"{column_letter(column)}{title_row}"),
                          "categories": _reference(sheet, found.categories), "values": _reference(sheet, cells)})
    chart.set_title({"name": found.title})
    if first_column == last_column:  # (one series: its title is the chart's)
        chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": found.number_format, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})  # (the categories top down, in the order of the table)
    chart.set_size(_size(found.size_cm))
    return chart


def _layout(book: xlsxwriter.Workbook, ws: Worksheet, sheet: Sheet, book_texts: tuple[str, str, str]) -> None:
    for column, width in sheet.widths.items():
        ws.set_column(column - 1, column - 1, width)
    if sheet.freeze:
        row, column = position(sheet.freeze)
        ws.freeze_panes(row - 1, column - 1)
    if sheet.autofilter:
        ws.autofilter(sheet.autofilter)
    for table in sheet.tables:
        _checked(ws.add_table(table.ref, {"name": table.name, "style": TABLE_STYLE,
                                          "columns": [{"header": c} for c in table.columns]}),
                 f"the table {table.name}")
    for chart in sheet.charts:
        made = _waterfall(book, sheet.name, chart) if isinstance(chart, WaterfallChart) else _bars(
            book, sheet.name, chart)
        _checked(ws.insert_chart(chart.anchor, made), f"the chart {chart.title}")
    _page(ws, sheet, book_texts)


def _text(text: str) -> str:
    """A text shown as it is in a page header or footer (& starts a code there)."""
    return text.replace("&", "&&")


def _page(ws: Worksheet, sheet: Sheet, texts: tuple[str, str, str]) -> None:
    """A4, one page wide, landscape or portrait, the header rows repeated, the page breaks; the
    header names the municipality, the sheet (&A) and the version, the footer the workbook and
    the page (&P of &N)."""
    municipality, title, version = map(_text, texts)
    if sheet.page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, sheet.page.pages_high)  # one page wide; 0: as many high as it takes
    if sheet.print_titles:
        ws.repeat_rows(sheet.print_titles - 1)
    if sheet.page_breaks:
        ws.set_h_pagebreaks([row - 1 for row in sheet.page_breaks])  # (XlsxWriter: the break above this row)
    ws.set_header(f"&L{municipality}&C&A&R{version}")
    ws.set_footer(f"&L{title}&RSida &P av &N")


def save(book: Book, path: str | Path) -> None:
    """Write `book` to `path` (use through an atomic write)."""
    if not book.sheets:
        raise ValueError("a workbook needs a sheet")
    constant_memory = not any(sheet.tables for sheet in book.sheets)
    workbook = xlsxwriter.Workbook(str(path), {**OPTIONS, "constant_memory": constant_memory})
    try:
        formats = _Formats(workbook)
        for sheet in book.sheets:
            if not sheet.name:  # (XlsxWriter would name it Sheet1)
                raise WriteError("a sheet needs a name")
            ws = workbook.add_worksheet(sheet.name)
            for row, height in sheet.heights().items():  # (before the rows: constant memory writes them at once)
                ws.set_row(row - 1, height)
            _write_cells(ws, sheet, formats)
            _layout(workbook, ws, sheet, (book.municipality, book.title, book.version))
    except BaseException:
        with contextlib.suppress(Exception):  # (its temporary files closed; the caller discards the file)
            workbook.close()
        raise
    workbook.close()
