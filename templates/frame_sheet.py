"""The sheet `Ram`: the preliminary frame per year, how the budget year's frame was built
(a table and a waterfall chart drawn from it) and every year's changes, in tkr.

Prefilled amounts come from `ramkalk.templates.content` (rounded so that they add up); sums, the
new frame and the chaining of plan years are formulas, so the sheet recomputes like the
result workbook's Förklaring and can be checked against the core in a spreadsheet engine.
"""

from __future__ import annotations

from typing import Sequence

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.report.waterfall import axis_minimum
from ramkalk.schema.inputs import FrameModel
from ramkalk.templates.content import Content, FrameContent, Row, Step
from ramkalk.templates.layout import (
    CHART_ANCHOR,
    CHART_ROWS,
    EXPLANATION,
    FRAME_HEADER_ROW,
    FRAME_SUMMARY,
    NEW_FRAME_LABEL,
    WATERFALL,
)
from ramkalk.templates.parts import SheetLayout
from ramkalk.templates.style import style_cell
from ramkalk.templates.writing import (
    Formula,
    header_row,
    heading,
    put,
    set_widths,
    sum_row,
    title,
    write_header,
    write_rows,
)

MODEL_TEXT = {
    FrameModel.TRADITIONAL: "den traditionella modellen: föregående års ram, uppräknad och justerad",
    FrameModel.PRICE_TAG: "prislappsmodellen: prislapp × volym för volymgrupperna plus en teknisk ram",
}
CHART_COLUMNS = ("step", "base", "frame_bar", "increase", "decrease")  # categories, then the four series
SERIES_TITLES = ("Osynlig bas", "Ram", "Ökning", "Minskning")
SERIES_COLOURS = (None, "2F5597", "548235", "C00000")  # invisible, blue, green, red (as the result workbook's)
CHART_WIDTH = 32  # cm: as wide as the table above it, so that the steps' names need less turning
LABEL_SIZE = 800  # the steps' names in 8 points (hundredths of a point)


def _summary(ws: Worksheet, years: Sequence[int], frame: FrameContent) -> None:
    header_row(ws, FRAME_HEADER_ROW, ["Ram (tkr)", "", *[str(y) for y in years]])
    for field, values in zip(FRAME_SUMMARY.fields, (frame.frames, frame.one_offs)):
        for index, value in enumerate(values):
            cell = ws[FRAME_SUMMARY.address(field.key, index)]
            cell.value = value
            style_cell(cell, field)
            put(ws, cell.row, 1, field.label)


def _waterfall_rows(steps: Sequence[Step]) -> list[dict]:
    first, last = WATERFALL.first_row, WATERFALL.first_row + len(steps) - 1
    amount = WATERFALL.letter("amount", 1)
    rows = []
    for offset, step in enumerate(steps):
        row = first + offset
        values = {("step", None): step.label, ("rule", None): step.rule, ("amount", None): step.amount}
        if row in (first, last):
            values[("frame_bar", None)] = Formula(f"={amount}{row}")
        else:
            values[("base", None)] = Formula(f"=MIN(SUM({amount}${first}:{amount}{row - 1}),"
                                             f"SUM({amount}${first}:{amount}{row}))")
            values[("increase", None)] = Formula(f"=MAX({amount}{row},0)")
            values[("decrease", None)] = Formula(f"=MAX(-{amount}{row},0)")
        rows.append(values)
    rows[-1][("amount", None)] = Formula(f"=SUM({amount}{first}:{amount}{last - 1})")
    return rows


def _reference(ws: Worksheet, cells: str) -> Reference:
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def add_waterfall_chart(ws: Worksheet, ranges: Sequence[str], anchor: str, title: str,
                        axis_minimum: float | None, size: tuple[float, float]) -> BarChart:
    """A waterfall drawn from `ranges` (the categories, then the base, frame, increase and decrease
    columns, same rows) at `anchor`: stacked columns on an invisible base whose legend entry is
    deleted. axis_minimum: where the value axis starts (None: zero); size: width and height, cm."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "col", "stacked", 100, 50
    chart.title = title or None
    categories = AxDataSource(strRef=StrRef(f=str(_reference(ws, ranges[0]))))
    for cells, name, colour in zip(ranges[1:], SERIES_TITLES, SERIES_COLOURS):
        series = Series(_reference(ws, cells), title=name)
        series.cat = categories
        if colour is None:
            series.graphicalProperties.noFill = True
            series.graphicalProperties.line.noFill = True
        else:
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    label = CharacterProperties(sz=LABEL_SIZE)
    chart.x_axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=label), endParaRPr=label)])
    chart.legend.legendEntry = [LegendEntry(idx=0, delete=True)]
    chart.legend.position = "b"
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.scaling.min = axis_minimum
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width, chart.height = size
    ws.add_chart(chart, anchor)
    return chart


def _chart(ws: Worksheet, frame: FrameContent, year: int) -> None:
    """The waterfall chart of the table `uppbyggnad`."""
    first, last = WATERFALL.first_row, WATERFALL.header_row + len(frame.steps)
    letters = {p.field.key: p.letter for p in WATERFALL.placed(1)}
    ranges = [f"{letters[key]}{first}:{letters[key]}{last}" for key in CHART_COLUMNS]
    add_waterfall_chart(ws, ranges, CHART_ANCHOR, f"Från ram {year - 1} till ram {year} (tkr)",
                        axis_minimum([step.amount for step in frame.steps]), size=(CHART_WIDTH, CHART_ROWS * 0.5))


def _explanation_rows(rows: Sequence[Row]) -> list[dict]:
    return [{("item", None): row.label, ("rule", None): row.rule,
             **{("amount", i): amount for i, amount in enumerate(row.amounts) if amount is not None}}
            for row in rows]


def _explanation(ws: Worksheet, years: Sequence[int], frame: FrameContent) -> None:
    """Opening, changes, "Summa ramförändringar", (Teknisk ram, price tags,) "Ny ram".

    Each plan year opens with the year before's new frame (technical frame in the price-tag
    model), a formula."""
    write_header(ws, EXPLANATION, years)
    letters = [EXPLANATION.letter("amount", len(years), i) for i in range(len(years))]
    opening = EXPLANATION.first_row
    sums = opening + 1 + len(frame.changes)
    carried = sums + 1
    rows = _explanation_rows((frame.opening, *frame.changes))
    rows[0].update({("amount", i): Formula(f"={letters[i - 1]}{carried}") for i in range(1, len(years))})
    write_rows(ws, EXPLANATION, years, rows)
    sum_row(ws, sums, "Summa ramförändringar",
            {c: f"=SUM({c}{opening + 1}:{c}{sums - 1})" if sums > opening + 1 else "=0" for c in letters})
    if frame.technical is None:
        sum_row(ws, carried, NEW_FRAME_LABEL, {c: f"={c}{opening}+{c}{sums}" for c in letters})
    else:
        sum_row(ws, carried, "Teknisk ram", {c: f"={c}{opening}+{c}{sums}" for c in letters})
        last_tag = write_rows(ws, EXPLANATION, years, _explanation_rows(frame.tags), carried + 1) - 1
        sum_row(ws, last_tag + 1, NEW_FRAME_LABEL, {c: f"={c}{carried}+SUM({c}{carried + 1}:{c}{last_tag})"
                                                      for c in letters})


def write_frame_sheet(ws: Worksheet, sheet: SheetLayout, found: Content) -> None:
    years, frame = found.years, found.frame
    committee = found.committee
    title(ws, f"Preliminär ram {years[0]}–{years[-1]}: {committee.code} {committee.name} (tkr)",
          f"Beräknad med {MODEL_TEXT[frame.model]}. Beloppen är i tusentals kronor och avrundade så att "
          f"raderna summerar till ramen.")
    _summary(ws, years, frame)
    heading(ws, WATERFALL.header_row - 1, f"Så byggdes ramen för {years[0]} upp (tkr)")
    write_header(ws, WATERFALL, years)
    write_rows(ws, WATERFALL, years, _waterfall_rows(frame.steps))
    _chart(ws, frame, years[0])
    heading(ws, EXPLANATION.header_row - 1, "Ramens förändringar per år (tkr)")
    ws.row_breaks.append(Break(id=EXPLANATION.header_row - 2))  # (the chart ends its page; the changes begin one)
    _explanation(ws, years, frame)
    set_widths(ws, sheet, len(years))
