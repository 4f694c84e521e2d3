"""The result workbook's sheet Uppbyggnad: per committee, how the budget year's frame was
built from last year's, as a table (kr) and a native Excel waterfall chart drawn from it.

The steps are `ramkalk.report.waterfall`'s in exact kronor; the new frame and the chart's helper
columns are formulas (`ramkalk.report.xlsx_charts`), so a spreadsheet engine recomputes the frame
from the steps and it can be checked against the core.
"""

from __future__ import annotations

from typing import NamedTuple

from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.calculation.frames import Calculation
from ramkalk.report.waterfall import axis_minimum, waterfall
from ramkalk.report.xlsx_cells import number, text
from ramkalk.report.xlsx_charts import WaterfallRanges, add_waterfall_chart, write_waterfall_table
from ramkalk.report.xlsx_style import KR, TITLE, set_widths

CHART_COLUMN = "H"
CHART_ROWS = 22  # the rows a chart of CHART_SIZE covers
CHART_SIZE = (24, 11)  # cm


class CommitteeWaterfall(NamedTuple):
    """Where one committee's waterfall was written: its table's ranges and the chart's anchor."""

    committee: str
    ranges: WaterfallRanges
    anchor: str


def write_waterfalls(ws: Worksheet, calculation: Calculation) -> list[CommitteeWaterfall]:
    """One block per committee: a title, the step table and the chart beside it."""
    year = calculation.data.settings.budget_year
    text(ws, 1, 1, f"Så byggdes ramen för {year} upp, per nämnd (kr)").font = TITLE
    written, row = [], 3
    for committee in calculation.data.committees:
        found = waterfall(calculation, committee.code, year)
        amounts = [number(step.amount) for step in found.steps]
        text(ws, row, 1, f"{committee.code} {committee.name}: från ram {year - 1} till ram {year}").font = TITLE
        ranges = write_waterfall_table(ws, row + 1, 1, [s.label for s in found.steps], amounts, KR)
        anchor = f"{CHART_COLUMN}{row}"
        add_waterfall_chart(ws, ranges, anchor, f"{committee.code}: från ram {year - 1} till ram {year} (mnkr)",
                            axis_minimum(amounts), '#,##0,,', CHART_SIZE)
        written.append(CommitteeWaterfall(committee.code, ranges, anchor))
        row += max(CHART_ROWS, len(found.steps) + 2) + 2
    set_widths(ws, (34, 16, 14, 16, 14, 14))
    return written
