"""The model description's section per committee: its frames, the waterfall from last
year's frame to the budget year's, its frame changes per year (tkr), the budget year's
explanation line by line (kr) and, on the price-tag model, the comparison with the
traditional model.

Rounding to tkr: each frame is rounded on its own (`ramkalk.core.display.round_total`), so it
reads the same tkr here as in every other output (`shown_frames`), and a sum of frames is the
sum of the frames shown; the rows between two shown frames are rounded to add up to their
difference (`ramkalk.core.display.round_parts`).
"""

from __future__ import annotations

from typing import Sequence

from ramkalk.calculation.frames import Calculation
from ramkalk.report.charts import waterfall_svg
from ramkalk.core.display import round_parts, round_total
from ramkalk.core.explanation import StatementRow, statement
from ramkalk.report.html_parts import amount, esc, paragraph, section, table, tag
from ramkalk.schema.inputs import Committee, FrameModel
from ramkalk.report.model_rules import inputs_html
from ramkalk.core.money import round_krona
from ramkalk.core.frame import Frame, Line
from ramkalk.report.waterfall import shown_amounts, waterfall

MODEL_TEXTS = {
    FrameModel.TRADITIONAL: "den traditionella rammodellen (föregående års ram, uppräknad och justerad)",
    FrameModel.PRICE_TAG: "prislappsmodellen (prislapp × volym för volymgrupperna plus en teknisk ram)",
}


Shown = dict[tuple[str, int], int]


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


def committee_sections(calculation: Calculation, shown: Shown) -> list[tuple[str, str, str]]:
    """(anchor, title, html) for every committee, in the workbook's order."""
    return [(f"namnd-{index}", f"{c.code} {c.name}", _committee(calculation, c, f"namnd-{index}", shown))
            for index, c in enumerate(calculation.data.committees, start=1)]


def _committee(calculation: Calculation, committee: Committee, anchor: str, shown: Shown) -> str:
    years = calculation.data.settings.years
    frames = [calculation.frame(committee.code, year) for year in years]
    groups = [g.name for g in calculation.lookups.groups_of(committee)]
    volume = (f"Volymgrupper: {', '.join(groups)}." if groups else "Nämnden har inga volymgrupper."
              if committee.automatic_volume else "Nämnden har ingen automatisk volym.")
    about = f"Ramen beräknas enligt {MODEL_TEXTS[committee.model]}. {volume}"
    body = [paragraph(esc(about)), _key_figures(frames, shown), _waterfall(calculation, committee, shown),
            _statement(frames, shown), _lines(frames[0])]
    if committee.model is FrameModel.PRICE_TAG:
        body.append(_comparison(calculation, committee))
    return section(anchor, f"{committee.code} {committee.name}", "".join(body), "committee")


def frame_amount(frame: Frame, shown: Shown) -> str:
    """A frame in tkr, as shown everywhere in the document."""
    return amount(f"ram/{frame.committee}/{frame.year}", frame.total, shown[(frame.committee, frame.year)])


def _key_figures(frames: Sequence[Frame], shown: Shown) -> str:
    boxes = [tag("div", f"Ram {f.year}" + tag("b", frame_amount(f, shown) + " tkr")
                 + "varav engångs " + amount(f"engångs/{f.committee}/{f.year}", f.one_off) + " tkr")
             for f in frames]
    return tag("div", "".join(boxes), class_="keyfigures")


def _waterfall(calculation: Calculation, committee: Committee, frames: Shown) -> str:
    year = calculation.data.settings.budget_year
    found = waterfall(calculation, committee.code, year)
    shown = shown_amounts(found, frames[(committee.code, year - 1)], frames[(committee.code, year)])
    labels = [s.label for s in found.steps]
    chart = waterfall_svg(f"Från ram {year - 1} till ram {year}, {committee.code}", labels, shown)
    rows = [("sum" if step.is_frame else "", [esc(step.label), amount(f"steg/{committee.code}/{year}/{step.key}",
                                                                      step.amount, value),
                                              tag("td", esc(step.rule), class_="rule")])
            for step, value in zip(found.steps, shown)]
    return (tag("h3", esc(f"Från ram {year - 1} till ram {year}"))
            + tag("figure", chart + tag("figcaption", "Belopp i tkr, axeln i mnkr. Blått: ramen; grönt: ökning; "
                                                      "rött: minskning."))
            + table(["Steg", "tkr", "Förklaring"], rows, numeric=(1,)))


def _shown_column(rows: Sequence[StatementRow], year: int, total: int) -> dict[int, int]:
    """Row index -> tkr for the rows with an amount in `year`, adding up to `total`."""
    present = [i for i, row in enumerate(rows) if year in row.amounts]
    return dict(zip(present, round_parts([rows[i].amounts[year] for i in present], total=total)))


def _statement(frames: Sequence[Frame], shown: Shown) -> str:
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
    rows = [("", ["Föregående års tekniska ram" if found.tags else "Föregående års ram",
                  *[amount(f"ingång/{code}/{y}", a, s) for y, a, s in zip(years, opening, shown_open)]])]
    rows += _rows(f"förändring/{code}", found.changes, years, changes)
    rows.append(("sum", ["Summa ramförändringar", *[amount(f"summa-förändringar/{code}/{y}", c - o, sc - so)
                                                    for y, c, o, sc, so in zip(years, carried, opening,
                                                                                shown_carried, shown_open)]]))
    if found.tags:
        rows.append(("sum", ["Teknisk ram", *[amount(f"teknisk/{code}/{y}", c, s)
                                              for y, c, s in zip(years, carried, shown_carried)]]))
        tags = [_shown_column(found.tags, f.year, shown[(code, f.year)] - s) for f, s in zip(frames, shown_carried)]
        rows += _rows(f"prislapprad/{code}", found.tags, years, tags)
    rows.append(("sum", ["Ny ram", *[frame_amount(f, shown) for f in frames]]))
    return tag("h3", esc(f"Ramförändringar {years[0]}–{years[-1]} (tkr)")) + table(["Post", *map(str, years)], rows)


def _rows(key: str, rows: Sequence[StatementRow], years: Sequence[int],
          shown: Sequence[dict[int, int]]) -> list[tuple[str, list[str]]]:
    return [("", [esc(row.label), *[amount(f"{key}/{i}/{y}", row.amounts[y], column[i]) if i in column else ""
                                     for y, column in zip(years, shown)]])
            for i, row in enumerate(rows)]


def _lines(frame: Frame) -> str:
    """The budget year's explanation: every line and its details, with rule and inputs, kr."""
    rows = []
    for index, line in enumerate(frame.lines):
        rows.append(_line_row(f"rad/{frame.committee}/{frame.year}/{index}", line, ""))
        rows += [_line_row(f"rad/{frame.committee}/{frame.year}/{index}/{d}", detail, "detail")
                 for d, detail in enumerate(line.details)]
    rows.append(("sum", [f"Ram {frame.year}", amount(f"ram-kr/{frame.committee}/{frame.year}", frame.total, unit="kr"),
                         "", ""]))
    return (tag("h3", esc(f"Förklaring av ramen {frame.year}, rad för rad (kr)"))
            + table(["Post", "kr", "Regel", "Indata"], rows, numeric=(1,)))


def _line_row(key: str, line: Line, css: str) -> tuple[str, list[str]]:
    return (css, [esc(line.label), amount(key, line.amount, unit="kr"), tag("td", esc(line.rule), class_="rule"),
                  tag("td", inputs_html(key, line), class_="rule")])


def _comparison(calculation: Calculation, committee: Committee) -> str:
    rows = []
    for year in calculation.data.settings.years:
        price_tag = calculation.frame(committee.code, year, FrameModel.PRICE_TAG).total
        traditional = calculation.frame(committee.code, year, FrameModel.TRADITIONAL).total
        shown = round_total(traditional), round_total(price_tag)
        rows.append([str(year), amount(f"prislappsram/{committee.code}/{year}", price_tag, shown[1]),
                     amount(f"traditionell/{committee.code}/{year}", traditional, shown[0]),
                     amount(f"arv/{committee.code}/{year}", traditional - price_tag, shown[0] - shown[1])])
    return (tag("h3", "Jämförelse med den traditionella modellen (tkr)")
            + paragraph("Båda modellerna utan balanseringskrav. Arvet är den traditionella ramen minus "
                        "prislappsramen: det nämnden har fått genom att ramen förs vidare, utöver vad "
                        "prislapparna ger för dagens volym.")
            + table(["År", "Prislappsmodellen", "Traditionell modell", "Arv"], rows))
