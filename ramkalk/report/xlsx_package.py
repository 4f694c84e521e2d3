"""A small .xlsx writer: the package (a zip of SpreadsheetML parts) of the consolidated workbook.

openpyxl writes every other workbook in ramkalk; this writer exists because the summary of
`ramkalk konsolidera` is large and openpyxl's serialisation of it took most of the command's time.

It writes only what `ramkalk.templates.summary_workbook` needs: named sheets in order (the first one
active), rows of values, number formats, column widths, frozen panes, Excel Tables (autofilter,
"TableStyleMedium2" with row stripes) and a clustered bar chart. Formulas are written without
cached values, so the workbook asks Excel to recalculate it when it is opened.

Values in a row:
* `str` is always text (an inline string), never a formula, whatever it starts with ("=", "+",
  "-", "@"); "" is no cell. Only a `Formula` is a formula; it is written without its "=".
* Characters XML 1.0 forbids (control characters other than tab, line feed and carriage return,
  lone surrogates, U+FFFE and U+FFFF) are replaced by U+FFFD, "\ufffd" (openpyxl raises on them).
  Otherwise text is written as it is; like openpyxl, "_x0041_"-like sequences are not escaped.
* int, finite float, Decimal (as `ramkalk.report.xlsx_cells.number`) and bool. None is no cell, or an
  empty formatted cell if its column has a number format. Anything else is a TypeError.
Rows are written in increasing order. A table writes its own header row, so its column names
are always its header cells' text.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.writer.theme import theme_xml  # Excel's default Office theme, as openpyxl writes it

from ramkalk.report.xlsx_cells import number

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006"
TYPE = "application/vnd.openxmlformats-officedocument."
PACKAGE_TYPE = "application/vnd.openxmlformats-package."
TABLE_STYLE = "TableStyleMedium2"
EMU_PER_CM = 360000
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TO_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # _ILLEGAL and markup
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]*)")
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,254}")
_LIKE_A_REFERENCE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[RrCc]|[Rr][0-9]*[Cc][0-9]*")


class Formula(str):
    """A cell formula such as "=SUM(A1:A3)": written as a formula, unlike any other string."""


def clean(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _ILLEGAL.sub("\ufffd", text)


def _escape(text: str) -> str:
    """Element text: cleaned and escaped; a carriage return as a reference, as a parser would drop it."""
    if not _TO_ESCAPE.search(text):  # most text: one search instead of five passes
        return text
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _cell(ref: str, value: object, s: str) -> str:
    """One <c> element, or "" for no cell; `s` is its style attribute (' s="1"') or ""."""
    if isinstance(value, Decimal):
        value = number(value)
    if isinstance(value, str):
        if isinstance(value, Formula):
            if value[:1] != "=":
                raise ValueError(f'{ref}: a formula starts with "=": {value!r}')
            return f'<c r="{ref}"{s}><f>{_escape(value[1:])}</f></c>'
        if value:
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
        value = None
    if value is None:
        return f'<c r="{ref}"{s}/>' if s else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{ref}: a cell cannot hold {value}")
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    raise TypeError(f"{ref}: cannot write a {type(value).__name__} ({value!r})")


def _position(cell: str) -> tuple[int, int]:
    """(column, row) of "B2" or "$B$2"."""
    match = _CELL.fullmatch(cell)
    if not match:
        raise ValueError(f"not a cell: {cell!r}")
    return column_index_from_string(match[1]), int(match[2])


def _corners(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(column, row) of the first and the last cell of "B1:C5" (or of "B1")."""
    first, _, last = ref.partition(":")
    return _position(first), _position(last or first)


def _absolute(sheet: str, column: int, first_row: int, last_row: int | None = None) -> str:
    """'Sheet'!$B$2:$B$5 (or one cell), escaped for element text."""
    letter = get_column_letter(column)
    cells = f"${letter}${first_row}" + (f":${letter}${last_row}" if last_row is not None else "")
    return _escape("'" + sheet.replace("'", "''") + "'!" + cells)


@dataclass(frozen=True)
class Table:
    name: str
    ref: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class BarChart:
    """A clustered horizontal bar chart: a series per column of `data`, whose first row holds the
    series' titles; categories from the cells of `categories`; its top left corner at `anchor`."""

    title: str
    data: str
    categories: str
    anchor: str
    size_cm: tuple[float, float]
    number_format: str


class Sheet:
    """A worksheet: rows written in increasing order, widths, a frozen pane, tables and a chart."""

    def __init__(self, book: Workbook, name: str) -> None:
        self.book, self.name = book, name
        self.tables: list[Table] = []
        self.chart: BarChart | None = None
        self._rows: list[str] = []
        self._last_row = self._last_column = 0
        self._widths: dict[int, float] = {}
        self._pane = ""

    def set_widths(self, widths: Sequence[float], first_column: int = 1) -> None:
        """Column widths (in characters) from `first_column` on."""
        self._widths.update(enumerate(widths, start=first_column))

    def freeze(self, cell: str) -> None:
        """Freeze the rows above `cell` and the columns left of it (as openpyxl's freeze_panes)."""
        column, row = _position(cell)
        x, y = column - 1, row - 1
        if not x and not y:
            self._pane = ""
            return
        active = "bottomRight" if x and y else "topRight" if x else "bottomLeft"
        others = ("topRight", "bottomLeft") if active == "bottomRight" else ()
        split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
        self._pane = (f'<pane{split} topLeftCell="{cell}" activePane="{active}" state="frozen"/>'
                      + "".join(f'<selection pane="{pane}"/>' for pane in others)
                      + f'<selection pane="{active}" activeCell="A1" sqref="A1"/>')

    def write_row(self, row: int, values: Sequence[object], formats: Sequence[str | None] = (),
                  first_column: int = 1) -> None:
        """Write `values` from `first_column` on, the n-th with number format `formats[n]` if any."""
        self.write_rows(row, [values], formats, first_column)

    def write_rows(self, first_row: int, rows: Sequence[Sequence[object]], formats: Sequence[str | None] = (),
                   first_column: int = 1) -> None:
        """Write `rows` from row `first_row` down (see `write_row`)."""
        if first_row <= self._last_row:
            raise ValueError(f"{self.name}: row {first_row} is written after row {self._last_row}; rows go in order")
        width = max(map(len, rows), default=0)
        styles = [f' s="{style}"' if style else "" for style in map(self.book.style, formats[:width])]
        columns = list(zip(map(get_column_letter, range(first_column, first_column + width)),
                           styles + [""] * (width - len(styles))))
        for row, values in enumerate(rows, start=first_row):
            label = str(row)  # (made once per row, not formatted again into every cell's reference)
            cells = "".join([_cell(letter + label, value, s) for (letter, s), value in zip(columns, values)])
            if cells:
                self._rows.append(f'<row r="{label}">{cells}</row>')
        self._last_row = max(self._last_row, first_row + len(rows) - 1)
        self._last_column = max(self._last_column, first_column + width - 1)

    def add_table(self, name: str, columns: Sequence[str], rows: Sequence[Sequence[object]],
                  formats: Sequence[str | None] = (), row: int = 1, column: int = 1) -> str:
        """Write a header row of `columns` and `rows` under it as an Excel Table; return its ref.
        An empty table gets one empty row (a table has a row under its header)."""
        self.book.check_table(name, columns)
        self.write_row(row, columns, first_column=column)
        rows = rows or [[None] * len(columns)]
        self.write_rows(row + 1, rows, formats, column)
        ref = f"{get_column_letter(column)}{row}:{get_column_letter(column + len(columns) - 1)}{row + len(rows)}"
        self.tables.append(Table(name, ref, tuple(columns)))
        return ref

    def add_bar_chart(self, title: str, data: str, categories: str, anchor: str,
                      size_cm: tuple[float, float] = (20, 10), number_format: str = "#,##0") -> None:
        """A clustered horizontal bar chart (see `BarChart`); one per sheet."""
        if self.chart:
            raise ValueError(f"{self.name}: the sheet already has a chart")
        _corners(data), _corners(categories), _position(anchor)  # or ValueError
        self.chart = BarChart(title, data, categories, anchor, size_cm, number_format)

    def xml(self, relations: Sequence[str], first: bool) -> str:
        """The worksheet part; `relations` are the kinds of its relationships (rId1, rId2…)."""
        dimension = f"A1:{get_column_letter(max(self._last_column, 1))}{max(self._last_row, 1)}"
        selected = ' tabSelected="1"' if first else ""
        cols = "".join(f'<col min="{c}" max="{c}" width="{width:g}" customWidth="1"/>'
                       for c, width in sorted(self._widths.items()))
        drawing = "".join(f'<drawing r:id="rId{i}"/>' for i, kind in enumerate(relations, 1) if kind == "drawing")
        tables = "".join(f'<tablePart r:id="rId{i}"/>' for i, kind in enumerate(relations, 1) if kind == "table")
        return (f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="{dimension}"/><sheetViews>'
                f'<sheetView{selected} workbookViewId="0">{self._pane}</sheetView>'
                '</sheetViews><sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "")
                + f'<sheetData>{"".join(self._rows)}</sheetData>'
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
                + drawing + (f'<tableParts count="{len(self.tables)}">{tables}</tableParts>' if tables else "")
                + "</worksheet>")


class Workbook:
    """Sheets in order (the first is active) and their number formats; `save` writes the package."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self._formats: dict[str, int] = {}  # number format code -> cell style (index in cellXfs)
        self._table_names: set[str] = set()

    def add_sheet(self, name: str) -> Sheet:
        """A new last sheet, named as Excel allows: 1–31 characters, none of []:*?/\\, unique."""
        if (not 0 < len(name) <= 31 or re.search(r"[\[\]:*?/\\]", name) or clean(name) != name
                or name[0] == "'" or name[-1] == "'" or name.casefold() == "history"
                or name.casefold() in {s.name.casefold() for s in self.sheets}):
            raise ValueError(f"not a usable sheet name: {name!r}")
        self.sheets.append(Sheet(self, name))
        return self.sheets[-1]

    def style(self, number_format: str | None) -> int:
        """The cell style with `number_format` (0, the default style, for None)."""
        return self._formats.setdefault(number_format, len(self._formats) + 1) if number_format else 0

    def check_table(self, name: str, columns: Sequence[str]) -> None:
        """Refuse table and column names Excel would "repair" the file for; keep the name as taken."""
        if not _TABLE_NAME.fullmatch(name) or _LIKE_A_REFERENCE.fullmatch(name) or name.casefold() in self._table_names:
            raise ValueError(f"not a usable table name: {name!r}")
        if (not columns or any(not isinstance(c, str) or not c or clean(c) != c or re.search("[\t\n\r]", c)
                               for c in columns) or len({c.casefold() for c in columns}) != len(columns)):
            raise ValueError(f"table {name}: the column names must be unique, non-empty, one-line text: {columns}")
        self._table_names.add(name.casefold())

    def save(self, path: Path) -> None:
        """Write the package: a zip of the parts, each declared in [Content_Types].xml."""
        if not self.sheets:
            raise ValueError("a workbook needs a sheet")
        parts: dict[str, tuple[str | None, str]] = {}  # name -> (content type, None for a .rels; xml)
        tables = charts = 0
        for index, sheet in enumerate(self.sheets, 1):
            relations = []
            if sheet.chart:
                charts += 1
                relations.append(("drawing", f"../drawings/drawing{charts}.xml"))
                parts[f"xl/drawings/drawing{charts}.xml"] = TYPE + "drawing+xml", _drawing(sheet.chart)
                parts[f"xl/drawings/_rels/drawing{charts}.xml.rels"] = None, _relationships(
                    [("chart", f"../charts/chart{charts}.xml")])
                parts[f"xl/charts/chart{charts}.xml"] = TYPE + "drawingml.chart+xml", _chart(sheet.name, sheet.chart)
            for table in sheet.tables:
                tables += 1
                relations.append(("table", f"../tables/table{tables}.xml"))
                parts[f"xl/tables/table{tables}.xml"] = TYPE + "spreadsheetml.table+xml", _table(tables, table)
            parts[f"xl/worksheets/sheet{index}.xml"] = TYPE + "spreadsheetml.worksheet+xml", sheet.xml(
                [kind for kind, _ in relations], first=index == 1)
            if relations:
                parts[f"xl/worksheets/_rels/sheet{index}.xml.rels"] = None, _relationships(relations)
        sheets = "".join(f'<sheet name="{_attribute(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, s in enumerate(self.sheets, 1))
        parts["xl/workbook.xml"] = TYPE + "spreadsheetml.sheet.main+xml", (
            f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="0"/>'
            f'</bookViews><sheets>{sheets}</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
        parts["xl/_rels/workbook.xml.rels"] = None, _relationships(
            [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(self.sheets) + 1)]
            + [("styles", "styles.xml"), ("theme", "theme/theme1.xml")])
        parts["xl/styles.xml"] = TYPE + "spreadsheetml.styles+xml", _styles(self._formats)
        parts["xl/theme/theme1.xml"] = TYPE + "theme+xml", theme_xml
        parts["docProps/core.xml"] = PACKAGE_TYPE + "core-properties+xml", _core(datetime.now(timezone.utc))
        parts["docProps/app.xml"] = TYPE + "extended-properties+xml", (
            f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>ramkalk</Application></Properties>')
        parts["_rels/.rels"] = None, _relationships([("officeDocument", "xl/workbook.xml"),
                                                     ("core-properties", "docProps/core.xml"),
                                                     ("extended-properties", "docProps/app.xml")])
        overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                            for name, (kind, _) in parts.items() if kind)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", (
                f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                f'<Default Extension="rels" ContentType="{PACKAGE_TYPE}relationships+xml"/>'
                f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'))
            for name, (_, xml) in parts.items():
                package.writestr(name, xml)


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    """A .rels part: the (kind, target) pairs get the ids rId1, rId2… in order."""
    def uri(kind: str) -> str:
        return f"{PACKAGE_REL}/metadata/core-properties" if kind == "core-properties" else f"{REL}/{kind}"
    body = "".join(f'<Relationship Id="rId{i}" Type="{uri(kind)}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, 1))
    return f'{DECLARATION}<Relationships xmlns="{PACKAGE_REL}">{body}</Relationships>'


def _styles(formats: dict[str, int]) -> str:
    """One font (the theme's Calibri 11), the two required fills, no border; a style per number format
    (custom number formats have ids from 164 on)."""
    codes = "".join(f'<numFmt numFmtId="{163 + i}" formatCode="{_attribute(c)}"/>' for c, i in formats.items())
    xfs = "".join(f'<xf numFmtId="{163 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                  for i in formats.values())
    return (f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(formats)}">{codes}</numFmts>' if formats else "")
            + '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
            '<scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
            '<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
            f'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{len(formats) + 1}"><xf numFmtId="0" '
            f'fontId="0" fillId="0" borderId="0" xfId="0"/>{xfs}</cellXfs><cellStyles count="1"><cellStyle '
            'name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
            f'defaultTableStyle="{TABLE_STYLE}" defaultPivotStyle="PivotStyleLight16"/></styleSheet>')


def _table(id_: int, table: Table) -> str:
    columns = "".join(f'<tableColumn id="{i}" name="{_attribute(c)}"/>' for i, c in enumerate(table.columns, 1))
    return (f'{DECLARATION}<table xmlns="{MAIN}" id="{id_}" name="{table.name}" displayName="{table.name}" '
            f'ref="{table.ref}" totalsRowShown="0"><autoFilter ref="{table.ref}"/><tableColumns '
            f'count="{len(table.columns)}">{columns}</tableColumns><tableStyleInfo name="{TABLE_STYLE}" '
            'showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>')


def _drawing(chart: BarChart) -> str:
    """The drawing that holds the chart, its top left corner at the anchor cell."""
    column, row = _position(chart.anchor)
    width, height = (round(cm * EMU_PER_CM) for cm in chart.size_cm)
    return (f'{DECLARATION}<xdr:wsDr xmlns:xdr="{DRAWING}/spreadsheetDrawing" xmlns:a="{DRAWING}/main">'
            f'<xdr:oneCellAnchor><xdr:from><xdr:col>{column - 1}</xdr:col><xdr:colOff>0</xdr:colOff>'
            f'<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="{width}" cy="{height}"/>'
            '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="1" name="Chart 1"/>'
            '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            f'</xdr:xfrm><a:graphic><a:graphicData uri="{DRAWING}/chart"><c:chart xmlns:c="{DRAWING}/chart" '
            f'xmlns:r="{REL}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>'
            '</xdr:oneCellAnchor></xdr:wsDr>')


def _chart(sheet: str, chart: BarChart) -> str:
    """The chart part: series titles, categories and values refer to the sheet's cells (no cached values).
    The axes are shown (<c:delete val="0"/>: without it Excel hides them)."""
    (first_column, title_row), (last_column, last_row) = _corners(chart.data)
    (category_column, first_category), (_, last_category) = _corners(chart.categories)
    categories = _absolute(sheet, category_column, first_category, last_category)
    series = "".join(
        f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:strRef><c:f>{_absolute(sheet, column, title_row)}'
        '</c:f></c:strRef></c:tx><c:invertIfNegative val="0"/>'
        f'<c:cat><c:strRef><c:f>{categories}</c:f></c:strRef></c:cat><c:val><c:numRef>'
        f'<c:f>{_absolute(sheet, column, title_row + 1, last_row)}</c:f></c:numRef></c:val></c:ser>'
        for i, column in enumerate(range(first_column, last_column + 1)))
    axis = '<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
    ticks = '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
    return (f'{DECLARATION}<c:chartSpace xmlns:c="{DRAWING}/chart" xmlns:a="{DRAWING}/main" xmlns:r="{REL}">'
            '<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r>'
            f'<a:t>{_escape(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
            '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/>'
            f'<c:grouping val="clustered"/><c:varyColors val="0"/>{series}<c:gapWidth val="150"/>'
            f'<c:axId val="10"/><c:axId val="100"/></c:barChart><c:catAx><c:axId val="10"/>{axis}<c:axPos val="l"/>'
            f'{ticks}<c:crossAx val="100"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            f'<c:lblOffset val="100"/></c:catAx><c:valAx><c:axId val="100"/>{axis}<c:axPos val="b"/>'
            f'<c:majorGridlines/><c:numFmt formatCode="{_attribute(chart.number_format)}" sourceLinked="0"/>{ticks}'
            '<c:crossAx val="10"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
            '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
            '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')


def _core(now: datetime) -> str:
    time = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:creator>ramkalk</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{time}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{time}</dcterms:modified></cp:coreProperties>')
