"""The model description's section per committee: its frames, the waterfall from last
year's frame to the budget year's, its frame changes per year (tkr), the budget year's
explanation line by line (kr) and, on the price-tag model, the comparison with the
traditional model. The template `html/committee.html.j2` lays them out.

Rounding to tkr: each frame is rounded on its own (`ramkalk.core.display.round_total`), so it
reads the same tkr here as in every other output (`shown_frames`), and a sum of frames is the
sum of the frames shown; the rows between two shown frames are rounded to add up to their
difference (`ramkalk.core.display.round_parts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import round_parts, round_total
from ramkalk.core.explanation import StatementRow, statement
from ramkalk.core.frame import Frame, Line
from ramkalk.core.money import round_krona
from ramkalk.report.charts import waterfall_svg
from ramkalk.report.html_parts import Number, Row, amount, chart, row, rule
from ramkalk.report.model_rules import inputs_pieces
from ramkalk.report.waterfall import shown_amounts, waterfall
from ramkalk.schema.inputs import Committee, FrameModel

Shown = dict[tuple[str, int], int]


@dataclass(frozen=True)
class CommitteeSection:
    """One committee's section.

    price_tag: the committee uses the price-tag model. groups: its volume groups' names.
    key_figures: (year, frame, one-off) per year, tkr. years: the budget year and plan years.
    waterfall_chart and waterfall: the steps from last year's frame to the budget year's (step, tkr, rule).
    statement: opening, changes, (technical frame, price tags,) new frame per year, tkr.
    lines: the budget year's explanation (item, kr, rule, inputs). comparison: on the price-tag model,
    year, price-tag frame, traditional frame and the inheritance, tkr.
    """

    anchor: str
    title: str
    price_tag: bool
    automatic_volume: bool
    groups: tuple[str, ...]
    key_figures: tuple[tuple[int, Number, Number], ...]
    years: tuple[int, ...]
    waterfall_chart: Markup
    waterfall: tuple[Row, ...]
    statement: tuple[Row, ...]
    lines: tuple[Row, ...]
    comparison: tuple[Row, ...]


def shown_frames(calculation: Calculation) -> Shown:
    """(committee, year) -> the frame in tkr as every output shows it (rounded on its own), for
    the year before the budget year (adopted) and every computed year."""
    data = calculation.data
    codes = [c.code for c in data.committees]
    first = data.settings.years[0]
    by_year = {first - 1: [round_krona(calculation.lookups.adopted_frame(code, first - 1).frame) for code in codes]}
    by_year.update({year: [calculation.frame(code, year).total for code in codes] for year in data.settings.years})
    return {(code, year): shown for year, amounts in by_year.items()
            for code, shown in zip(codes, map(round_total, amounts))}


def committee_sections(calculation: Calculation, shown: Shown) -> list[CommitteeSection]:
    """Every committee's section, in the workbook's order."""
    return [_committee(calculation, c, f"namnd-{index}", shown)
            for index, c in enumerate(calculation.data.committees, start=1)]


def _committee(calculation: Calculation, committee: Committee, anchor: str, shown: Shown) -> CommitteeSection:
    years = calculation.data.settings.years
    frames = [calculation.frame(committee.code, year) for year in years]
    price_tag = committee.model is FrameModel.PRICE_TAG
    chart_svg, steps = _waterfall(calculation, committee, shown)
    return CommitteeSection(
        anchor=anchor, title=f"{committee.code} {committee.name}", price_tag=price_tag,
        automatic_volume=committee.automatic_volume,
        groups=tuple(g.name for g in calculation.lookups.groups_of(committee)),
        key_figures=tuple((f.year, frame_amount(f, shown), amount(f"engångs/{f.committee}/{f.year}", f.one_off))
                          for f in frames),
        years=tuple(years), waterfall_chart=chart_svg, waterfall=steps, statement=_statement(frames, shown),
        lines=_lines(frames[0]), comparison=_comparison(calculation, committee) if price_tag else ())


def frame_amount(frame: Frame, shown: Shown) -> Number:
    """A frame in tkr, as shown everywhere in the document."""
    return amount(f"ram/{frame.committee}/{frame.year}", frame.total, shown[(frame.committee, frame.year)])


def _waterfall(calculation: Calculation, committee: Committee, frames: Shown) -> tuple[Markup, tuple[Row, ...]]:
    """The chart, and rows: step, tkr, rule (the frames as sum rows)."""
    year = calculation.data.settings.budget_year
    found = waterfall(calculation, committee.code, year)
    shown = shown_amounts(found, frames[(committee.code, year - 1)], frames[(committee.code, year)])
    labels = [s.label for s in found.steps]
    svg = waterfall_svg(f"Från ram {year - 1} till ram {year}, {committee.code}", labels, shown)
    rows = tuple(row(step.label, amount(f"steg/{committee.code}/{year}/{step.key}", step.amount, value),
                     rule(step.rule), css="sum" if step.is_frame else "")
                 for step, value in zip(found.steps, shown))
    return chart(svg), rows


def _shown_column(rows: Sequence[StatementRow], year: int, total: int) -> dict[int, int]:
    """Row index -> tkr for the rows with an amount in `year`, adding up to `total`."""
    present = [i for i, row in enumerate(rows) if year in row.amounts]
    return dict(zip(present, round_parts([rows[i].amounts[year] for i in present], total=total)))


def _statement(frames: Sequence[Frame], shown: Shown) -> tuple[Row, ...]:
    """Opening, changes, their sum, (technical frame, price tags,) new frame: tkr per year.

    In the traditional model the opening and the new frame are the frames as shown
    everywhere; in the price-tag model the opening and the technical frame are rounded alone.
    """
    found = statement(list(frames))
    code, years = frames[0].committee, [f.year for f in frames]
    opening = [found.opening.amount, *(f.carried_forward for f in frames[:-1])]
    carried = [f.carried_forward for f in frames]
    shown_carried = [round_total(c) if found.tags else shown[(code, f.year)] for c, f in zip(carried, frames)]
    shown_open = [round_total(opening[0]) if found.tags else shown[(code, years[0] - 1)], *shown_carried[:-1]]
    changes = [_shown_column(found.changes, y, c - o) for y, c, o in zip(years, shown_carried, shown_open)]
    rows = [row("Föregående års tekniska ram" if found.tags else "Föregående års ram",
                *[amount(f"ingång/{code}/{y}", a, s) for y, a, s in zip(years, opening, shown_open)])]
    rows += _rows(f"förändring/{code}", found.changes, years, changes)
    rows.append(row("Summa ramförändringar", *[amount(f"summa-förändringar/{code}/{y}", c - o, sc - so)
                                               for y, c, o, sc, so in zip(years, carried, opening,
                                                                           shown_carried, shown_open)], css="sum"))
    if found.tags:
        rows.append(row("Teknisk ram", *[amount(f"teknisk/{code}/{y}", c, s)
                                         for y, c, s in zip(years, carried, shown_carried)], css="sum"))
        tags = [_shown_column(found.tags, f.year, shown[(code, f.year)] - s) for f, s in zip(frames, shown_carried)]
        rows += _rows(f"prislapprad/{code}", found.tags, years, tags)
    rows.append(row("Ny ram", *[frame_amount(f, shown) for f in frames], css="sum"))
    return tuple(rows)


def _rows(key: str, rows: Sequence[StatementRow], years: Sequence[int], shown: Sequence[dict[int, int]]) -> list[Row]:
    return [row(statement_row.label, *[amount(f"{key}/{i}/{y}", statement_row.amounts[y], column[i])
                                       if i in column else "" for y, column in zip(years, shown)])
            for i, statement_row in enumerate(rows)]


def _lines(frame: Frame) -> tuple[Row, ...]:
    """The budget year's explanation: every line and its details, with rule and inputs, kr."""
    rows = []
    for index, line in enumerate(frame.lines):
        rows.append(_line_row(f"rad/{frame.committee}/{frame.year}/{index}", line, ""))
        rows += [_line_row(f"rad/{frame.committee}/{frame.year}/{index}/{d}", detail, "detail")
                 for d, detail in enumerate(line.details)]
    rows.append(row(f"Ram {frame.year}", amount(f"ram-kr/{frame.committee}/{frame.year}", frame.total, unit="kr"),
                    "", "", css="sum"))
    return tuple(rows)


def _line_row(key: str, line: Line, css: str) -> Row:
    return row(line.label, amount(key, line.amount, unit="kr"), rule(line.rule), rule(*inputs_pieces(key, line)),
               css=css)


def _comparison(calculation: Calculation, committee: Committee) -> tuple[Row, ...]:
    """Rows: year, the price-tag frame, the traditional frame, the inheritance (their difference), tkr."""
    rows = []
    for year in calculation.data.settings.years:
        price_tag = calculation.frame(committee.code, year, FrameModel.PRICE_TAG).total
        traditional = calculation.frame(committee.code, year, FrameModel.TRADITIONAL).total
        shown = round_total(traditional), round_total(price_tag)
        rows.append(row(str(year), amount(f"prislappsram/{committee.code}/{year}", price_tag, shown[1]),
                        amount(f"traditionell/{committee.code}/{year}", traditional, shown[0]),
                        amount(f"arv/{committee.code}/{year}", traditional - price_tag, shown[0] - shown[1])))
    return tuple(rows)
