"""Native Excel waterfall charts with openpyxl: stacked columns on an invisible base.

A waterfall table has one row per step (last year's frame, the changes, the new frame)
and, beside the amount, four helper columns that a stacked column chart draws:

    Osynlig bas   where a change's bar starts: the lower of the running totals before and after
    Ram           the first and the last step (the frames), from zero
    Ökning        a positive change
    Minskning     a negative change, as a positive height

The helpers and the new frame are formulas, so the table recalculates like any sheet.
`write_waterfall_table` writes such a table and returns its ranges; `add_waterfall_chart`
adds the chart for any ranges on a sheet (the result workbook and the planning templates
both use it). The base series has no fill and no line, and its legend entry is deleted.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import Sequence

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.legend import LegendEntry
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.report.xlsx_cells import text
from ramkalk.report.xlsx_style import BOLD, HEADER_FILL

SERIES_TITLES = ("Osynlig bas", "Ram", "Ökning", "Minskning")
SERIES_COLOURS = (None, "2F5597", "548235", "C00000")  # invisible, blue, green, red
HEADERS = ("Steg", "Belopp", *SERIES_TITLES)


@dataclass(frozen=True)
class WaterfallRanges:
    """Cell ranges on one sheet, e.g. "A5:A12": the step labels and the four series, same rows."""

    categories: str
    base: str
    frame: str
    increase: str
    decrease: str

    @property
    def series(self) -> tuple[str, str, str, str]:
        return astuple(self)[1:]


def _reference(ws: Worksheet, cells: str) -> Reference:
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def add_waterfall_chart(ws: Worksheet, ranges: WaterfallRanges, anchor: str, title: str = "",
                        axis_minimum: float | None = None, number_format: str = "#,##0",
                        size: tuple[float, float] = (24, 9)) -> BarChart:
    """Add a waterfall chart drawn from `ranges` to `ws` at `anchor`; return it.

    axis_minimum: where the value axis starts (see `ramkalk.report.waterfall.axis_minimum`), so the
    changes show beside large frames; None starts at zero. size: width and height, cm.
    """
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "col", "stacked", 100, 50
    chart.title = title or None
    categories = AxDataSource(strRef=StrRef(f=str(_reference(ws, ranges.categories))))
    for cells, name, colour in zip(ranges.series, SERIES_TITLES, SERIES_COLOURS):
        series = Series(_reference(ws, cells), title=name)
        series.cat = categories
        if colour is None:
            series.graphicalProperties.noFill = True
            series.graphicalProperties.line.noFill = True
        else:
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    chart.legend.legendEntry = [LegendEntry(idx=0, delete=True)]
    chart.legend.position = "b"
    chart.y_axis.numFmt = number_format
    chart.y_axis.scaling.min = axis_minimum
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width, chart.height = size
    ws.add_chart(chart, anchor)
    return chart


def write_waterfall_table(ws: Worksheet, row: int, column: int, labels: Sequence[str],
                          amounts: Sequence[int | float], number_format: str = "#,##0") -> WaterfallRanges:
    """Write a header row at `row` and one row per step below it, from `column` on.

    labels and amounts: the steps, the first and the last being frames. The last amount is
    written as a formula (the first plus the changes); the helper columns are formulas.
    """
    letters = [get_column_letter(column + offset) for offset in range(len(HEADERS))]
    label, amount, base, frame, increase, decrease = letters
    for letter, heading in zip(letters, HEADERS):
        ws[f"{letter}{row}"] = heading
        ws[f"{letter}{row}"].font, ws[f"{letter}{row}"].fill = BOLD, HEADER_FILL
    first, last = row + 1, row + len(amounts)
    for offset, (name, value) in enumerate(zip(labels, amounts)):
        at = first + offset
        text(ws, at, column, name)
        ws[f"{amount}{at}"] = f"=SUM({amount}{first}:{amount}{last - 1})" if at == last else value
        is_frame = at in (first, last)
        running = f"SUM({amount}${first}:{amount}{at - 1}),SUM({amount}${first}:{amount}{at})"
        ws[f"{base}{at}"] = 0 if is_frame else f"=MIN({running})"
        ws[f"{frame}{at}"] = f"={amount}{at}" if is_frame else 0
        ws[f"{increase}{at}"] = 0 if is_frame else f"=MAX({amount}{at},0)"
        ws[f"{decrease}{at}"] = 0 if is_frame else f"=MAX(-{amount}{at},0)"
        for letter in letters[1:]:
            ws[f"{letter}{at}"].number_format = number_format
    return WaterfallRanges(*(f"{letter}{first}:{letter}{last}" for letter in (label, base, frame, increase, decrease)))
