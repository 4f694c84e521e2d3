"""A `ramkalk.report.sheets.Book` written to an .xlsx file by XlsxWriter.

Rows go to the file as they are written (XlsxWriter's constant-memory mode), so the time and
memory of a large result workbook grow with its rows and no more. XlsxWriter cannot write Excel
Tables in that mode, so a book with tables (the consolidated summary) is kept in memory until it
is saved; its size is bounded by the returns.

Text is written as text (`write_string`), never as a formula; a `Formula` as a formula without a
computed value, so the workbook asks Excel to recalculate when it is opened (XlsxWriter sets
fullCalcOnLoad). Every write is checked: XlsxWriter warns and returns a code instead of
raising, e.g. when it would cut a text longer than Excel's 32 767 characters; here that raises.

In constant-memory mode a row of plain cells (text, numbers, blanks and formulas XlsxWriter
writes as they are) goes to XlsxWriter's row stream as one piece of XML, the very XML its
per-cell calls would write (`_RowStream`); that is most of the time of a large result workbook
saved. Any other row goes through XlsxWriter's calls, cell by cell. `tests/test_xlsx_render.py`
compares the two ways byte for byte, so an XlsxWriter that writes cells otherwise fails there.
"""

from __future__ import annotations

import contextlib
import math
import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet, re_dynamic_function
from xlsxwriter.xmlwriter import XMLwriter

from ramkalk.core.addresses import cell_place as position
from ramkalk.report.sheets import BarChart, Book, Formula, Look, Sheet, WaterfallChart, letter

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
        _checked(code, f"{sheet.name}!{letter(c + 1)}{r + 1}")


SAFE_FUNCTIONS = frozenset({"SUM", "MIN", "MAX", "ROUND", "IF", "LEN"})
"""Functions XlsxWriter writes as they are (no _xlfn. prefix, no dynamic array): a formula naming
no other function is written as its text without the "="."""
FUNCTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=\()")
LONGEST_PLAIN_TEXT = 16383  # (XlsxWriter measures longer texts against Excel's limit in UTF-16 units)
EXACT_INTEGER = 2**53  # (an integer up to this is written as XlsxWriter writes its float, digit for digit)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
"""The characters XlsxWriter writes as an escape (_x0007_)."""


def _plain_text(text: str) -> bool:
    """Whether XlsxWriter writes `text` as it is: no XML's &, < or >, no control character and nothing that
    looks like its escape (_x0041_). Cheaper than one regular expression: these texts are long, and most
    are printable (a text with a non-breaking space, a line break or a tab is looked at character by character)."""
    return ("&" not in text and "<" not in text and ">" not in text and ("_" not in text or "_x" not in text)
            and (text.isprintable() or not CONTROL.search(text)))


STREAM_PARTS = ("row_data_fh", "previous_row", "table", "row_info", "comments", "default_row_height",
                "original_row_height", "excel_version", "xls_rowmax", "xls_colmax", "dim_colmax", "_check_dimensions",
                "_write_single_row", "_escape_data", "_prepare_formula")
"""What `_RowStream` uses of an XlsxWriter worksheet (one without them is written cell by cell)."""


class _RowStream:
    """Whole rows of plain cells written as XML into XlsxWriter's constant-memory row stream.

    The XML is what `Worksheet._write_single_row` writes for the same cells (a row without
    attributes; per cell its reference, its format's index and the value as XlsxWriter escapes
    it), and the sheet's dimensions and format indices are kept as XlsxWriter keeps them (the
    indices given in the order the cells are written). A row it cannot write (`row` returns
    False: a boolean, a number that is not finite, a long text, a formula XlsxWriter rewrites or
    writes as a dynamic array) is written through XlsxWriter's calls; a row so held is written
    out before the next one here."""

    def __init__(self, ws: Worksheet, formats: _Formats) -> None:
        self.ws, self.formats = ws, formats
        self.styles: dict[int, str] = {id(None): ""}  # by the look's id: ' s="N"'
        self.looks: list[Look] = []  # (each look in `styles`, kept alive so that its id stays its own)
        self.starts: list[str] = []  # by column: '<c r="A'
        self.escape_data, self.prepare_formula = ws._escape_data, ws._prepare_formula

    @staticmethod
    def usable(ws: Worksheet) -> bool:
        """Whether `ws` streams its rows (constant memory) and writes them without attributes."""
        return bool(getattr(ws, "constant_memory", False)) and all(hasattr(ws, name) for name in STREAM_PARTS) and (
            not ws.row_info and not ws.comments and ws.default_row_height == ws.original_row_height
            and ws.excel_version == 2007)

    def _style(self, look: Look) -> str:
        """' s="N"', the look's format index (given on first use, as XlsxWriter gives it)."""
        self.looks.append(look)
        found = self.styles[id(look)] = f' s="{self.formats(look)._get_xf_index()}"'
        return found

    def _formula(self, formula: str) -> str | None:
        """The formula as XlsxWriter writes it (None: as a dynamic array, not here)."""
        if formula[-1:] != "}" and SAFE_FUNCTIONS.issuperset(FUNCTION_NAME.findall(formula)):
            text = formula[1:] if formula[:1] == "=" else formula
        elif re_dynamic_function.search(formula) or (formula[:1] == "{" and formula[-1:] == "}"):
            return None
        else:
            text = self.prepare_formula(formula)
        return self.escape_data(text) if "&" in text or "<" in text or ">" in text else text

    def row(self, r: int, cells: list) -> bool:
        """Write row `r` (0-based) of `cells`; False if it has a cell to write through XlsxWriter."""
        ws, styles, starts = self.ws, self.styles, self.starts
        if r >= ws.xls_rowmax or len(cells) > ws.xls_colmax:
            return False
        while len(starts) < len(cells):
            starts.append(f'<c r="{letter(len(starts) + 1)}')
        if ws.table:  # (a row held by XlsxWriter goes first)
            ws._write_single_row(r)
        number, parts, first, last = str(r + 1), [], -1, -1
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            value, look = cell
            style = styles.get(id(look))
            if style is None:
                style = self._style(look)
            kind = type(value)
            if kind is str:
                if not value:
                    if look is None:
                        continue
                    parts.append(f'{starts[c]}{number}"{style}/>')
                else:
                    if len(value) > LONGEST_PLAIN_TEXT:
                        return False
                    if not _plain_text(value):
                        value = self.escape_data(XMLwriter._escape_control_characters(value))
                    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                    parts.append(f'{starts[c]}{number}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            elif kind is int and -EXACT_INTEGER <= value <= EXACT_INTEGER:
                parts.append(f'{starts[c]}{number}"{style}><v>{value}</v></c>')
            elif kind is int or (kind is float and math.isfinite(value)):
                parts.append(f'{starts[c]}{number}"{style}><v>{value:.16G}</v></c>')
            elif kind is Formula:
                text = self._formula(value)
                if text is None:
                    return False
                parts.append(f'{starts[c]}{number}"{style}><f>{text}</f><v></v></c>')
            elif value is None:
                if look is None:
                    continue
                parts.append(f'{starts[c]}{number}"{style}/>')
            else:  # (a boolean, a number that is not finite, …)
                return False
            if first < 0:
                first = c
            last = c
        if parts:
            ws._check_dimensions(r, first)
            if last > ws.dim_colmax:
                ws._check_dimensions(r, last)
            ws.row_data_fh.write(f'<row r="{number}">{"".join(parts)}</row>')
        ws.previous_row = r
        return True


def _write_cells(ws: Worksheet, sheet: Sheet, formats: _Formats, whole_rows: bool = True) -> None:
    stream = _RowStream(ws, formats) if whole_rows and _RowStream.usable(ws) else None
    for r, cells in enumerate(sheet.rows):
        if stream is not None and stream.row(r, cells):
            continue
        for c, cell in enumerate(cells):
            if cell is not None:
                _write_cell(ws, sheet, r, c, cell.value, formats(cell.look))


def _reference(sheet: str, cells: str) -> str:
    """='Sheet'!$A$5:$A$11 of "A5:A11" ('Sheet'!$B$1 of "B1")."""
    first, _, last = cells.partition(":")
    (r1, c1), (r2, c2) = position(first), position(last or first)
    quoted = "'" + sheet.replace("'", "''") + "'"
    cells = f"${letter(c1)}${r1}" + (f":${letter(c2)}${r2}" if (r1, c1) != (r2, c2) else "")
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
        cells = f"{letter(column)}{title_row + 1}:{letter(column)}{last_row}"
        chart.add_series({"name": _reference(sheet, f"{letter(column)}{title_row}"),
                          "categories": _reference(sheet, found.categories), "values": _reference(sheet, cells)})
    chart.set_title({"name": found.title})
    chart.set_x_axis({"num_format": found.number_format, "major_gridlines": {"visible": True}})
    chart.set_size(_size(found.size_cm))
    return chart


def _layout(book: xlsxwriter.Workbook, ws: Worksheet, sheet: Sheet) -> None:
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
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many high as it takes
    if sheet.print_titles:
        ws.repeat_rows(sheet.print_titles - 1)


def save(book: Book, path: str | Path, whole_rows: bool = True) -> None:
    """Write `book` to `path` (use through an atomic write).

    whole_rows: write rows of plain cells as whole rows (`_RowStream`) in constant-memory mode;
    False: every cell through XlsxWriter's calls (the same file, slower; tests compare the two)."""
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
            _write_cells(ws, sheet, formats, whole_rows)
            _layout(workbook, ws, sheet)
    except BaseException:
        with contextlib.suppress(Exception):  # (its temporary files closed; the caller discards the file)
            workbook.close()
        raise
    workbook.close()
