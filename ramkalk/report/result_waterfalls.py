"""The result workbook's sheet Uppbyggnad: per committee, how the budget year's frame was
built from last year's, as a table (kr) and a native Excel waterfall chart drawn from it.

A waterfall table has one row per step (last year's frame, the changes, the new frame)
and, beside the amount, four helper columns that a stacked column chart draws:

    Osynlig bas   where a change's bar starts: the lower of the running totals before and after
    Ram           the first and the last step (the frames), from zero
    Ökning        a positive change
    Minskning     a negative change, as a positive height

The steps are `ramkalk.report.waterfall`'s in exact kronor; the new frame and the helper columns
are formulas, so a spreadsheet engine recomputes the frame from the steps and it can be checked
against the core. The chart (`ramkalk.report.sheets.WaterfallChart`) has an invisible base series
whose legend entry is deleted.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from ramkalk.calculation.frames import Calculation
from ramkalk.core.addresses import column_letter
from ramkalk.report.sheets import AMOUNT_HEADER, HEADER, KR, TITLE, Formula, Look, Sheet, WaterfallChart, number
from ramkalk.report.waterfall import axis_minimum, waterfall

CHART_COLUMN = "H"
CHART_ROWS = 17  # the rows a chart of CHART_SIZE covers (9 cm: 17 rows of 15 points)
CHART_SIZE = (18, 9)  # cm
HEADERS = ("Steg", "Belopp", "Osynlig bas", "Ram", "Ökning", "Minskning")


class WaterfallRanges(NamedTuple):
    """Cell ranges on one sheet, e.g. "A5:A12": the step labels and the four series, same rows."""

    categories: str
    series: tuple[str, str, str, str]


def waterfall_table(ws: Sheet, row: int, labels: Sequence[str], amounts: Sequence[int | float],
                    look: Look = KR) -> WaterfallRanges:
    """A header row at `row` and one row per step below it, from column A.

    labels and amounts: the steps, the first and the last being frames. The last amount is
    written as a formula (the first plus the changes); the helper columns are formulas."""
    ws.put(row, HEADERS, [HEADER, *[AMOUNT_HEADER] * (len(HEADERS) - 1)])
    first, last = row + 1, row + len(amounts)
    for at, (name, value) in enumerate(zip(labels, amounts), start=first):
        running = f"SUM(B${first}:B{at - 1}),SUM(B${first}:B{at})"
        if at in (first, last):
            cells = [Formula(f"=SUM(B{first}:B{last - 1})") if at == last else value, 0, Formula(f"=B{at}"), 0, 0]
        else:
            cells = [value, Formula(f"=MIN({running})"), 0, Formula(f"=MAX(B{at},0)"), Formula(f"=MAX(-B{at},0)")]
        ws.put(at, [name, *cells], [None, *[look] * 5])
    columns = (column_letter(c) for c in (3, 4, 5, 6))
    return WaterfallRanges(f"A{first}:A{last}", tuple(f"{c}{first}:{c}{last}" for c in columns))


def waterfalls_sheet(calculation: Calculation) -> Sheet:
    """One block per committee: a title, the step table and the chart beside it."""
    ws = Sheet("Uppbyggnad")
    year = calculation.data.settings.budget_year
    ws.append([f"Så byggdes ramen för {year} upp, per nämnd (kr)"], TITLE)
    row, blocks = 3, []
    for committee in calculation.data.committees:
        found = waterfall(calculation, committee.code, year)
        amounts = [number(step.amount) for step in found.steps]
        ws.put(row, [f"{committee.code} {committee.name}: från ram {year - 1} till ram {year}"], TITLE)
        ranges = waterfall_table(ws, row + 1, [s.label for s in found.steps], amounts)
        ws.charts.append(WaterfallChart(f"{CHART_COLUMN}{row}", f"{committee.code}: från ram {year - 1} till ram {year}"
                                        " (mnkr)", ranges.categories, ranges.series, axis_minimum(amounts),
                                        "#,##0,,", CHART_SIZE))
        blocks.append((row - 1, row + max(CHART_ROWS, len(found.steps) + 2)))  # (a page begins with a blank row:
        # LibreOffice draws the edge of a chart that begins right at a page break on the page before)
        row += max(CHART_ROWS, len(found.steps) + 2) + 2
    ws.set_widths((34, 16, 14, 16, 14, 14))
    ws.keep_together(blocks)  # (a committee's table and chart on one page)
    return ws
