"""Results as text and JSON for the terminal: frames, model comparison and balance.

Amounts are shown in tkr, rounded so that what is shown adds up: each year's total is the
sum of the rows shown (largest remainder), and a difference is the difference of the
shown numbers. JSON carries exact kronor.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Sequence

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.sensitivity import Sensitivity
from ramkalk.core.display import format_amount, round_total
from ramkalk.core.frame import Frame
from ramkalk.core.money import plain_number
from ramkalk.rules.revenue_tags import revenue_tag_rows
from ramkalk.schema.inputs import FrameModel, PlanningData

COLUMN = 14


def frame_json(frame: Frame, calculation: Calculation | None = None) -> dict[str, object]:
    """One frame as the JSON object of `beräkna --json`; with a calculation, also both models."""
    found: dict[str, object] = {
        "nämnd": frame.committee,
        "år": frame.year,
        "modell": frame.model,
        "ram": plain_number(frame.total),
        "engångs": plain_number(frame.one_off),
        "komponenter": {key: plain_number(amount) for key, amount in frame.components().items()},
    }
    if calculation is not None:
        traditional, price_tag = _both(calculation, frame.committee, frame.year)
        found["jämförelse"] = {
            "traditionell": plain_number(traditional),
            "prislapp": plain_number(price_tag),
            "arv": plain_number(traditional - price_tag),
        }
        if calculation.data.standard_costs:  # the cost per inhabitant against the standard cost (Standardkostnader)
            from ramkalk.report.standard_cost_text import standard_cost_json

            found["jämförelse"] |= standard_cost_json(calculation, frame.committee, frame.year)
    return found


def _both(calculation: Calculation, committee: str, year: int) -> tuple[Decimal, Decimal]:
    return (calculation.frame(committee, year, FrameModel.TRADITIONAL).total,
            calculation.frame(committee, year, FrameModel.PRICE_TAG).total)


def _cells(values: Sequence[int | str]) -> str:
    return "".join(f"{format_amount(v) if isinstance(v, int) else v:>{COLUMN}}" for v in values)


def _labels(data: PlanningData) -> tuple[list[str], int]:
    code_width = max(len(c.code) for c in data.committees) + 2
    labels = [f"{c.code:<{code_width}}{c.name}" for c in data.committees]
    return labels, max(len(label) for label in labels) + 2


def frames_table(data: PlanningData, frames: Sequence[Frame]) -> str:
    """Every committee's frame per year in tkr, each rounded on its own (the same tkr as in every
    other output); each year's total is the sum of the shown rows."""
    years = data.settings.years
    by_key = {(f.committee, f.year): f.total for f in frames}
    shown = {year: [round_total(by_key[(c.code, year)]) for c in data.committees] for year in years}
    labels, width = _labels(data)
    plan = "" if len(years) == 1 else f" med planår {years[-1]}" if len(years) == 2 else f" med planår {years[1]}–{years[-1]}"
    version = f", version {data.version}" if data.version else ""
    lines = [
        f"{data.settings.municipality}: ramar per nämnd (tkr), budgetår {years[0]}{plan}{version}",
        "",
        "Nämnd".ljust(width) + _cells([str(y) for y in years]),
    ]
    for row, label in enumerate(labels):
        lines.append(label.ljust(width) + _cells([shown[y][row] for y in years]))
    lines.append("Summa".ljust(width) + _cells([sum(shown[y]) for y in years]))
    return "\n".join(lines)


def comparison_table(calculation: Calculation) -> str:
    """Per committee and year: the model in use, both models' frames and the arv, in tkr."""
    data = calculation.data
    labels, width = _labels(data)
    lines = ["", "Jämförelse av modellerna (tkr); arv = traditionell ram − prislappsram", "",
             "Nämnd".ljust(width) + f"{'År':>6}{'Modell':>14}" + _cells(["Traditionell", "Prislapp", "Arv"])]
    for label, committee in zip(labels, data.committees):
        for year in data.settings.years:
            traditional, price_tag = (round_total(a) for a in _both(calculation, committee.code, year))
            lines.append(label.ljust(width) + f"{year:>6}{committee.model.value:>14}"
                         + _cells([traditional, price_tag, traditional - price_tag]))
    if data.standard_costs:  # the price-tag committees' cost per inhabitant against the standard cost
        from ramkalk.report.standard_cost_text import standard_cost_table

        lines.append(standard_cost_table(calculation))
    return "\n".join(lines)


def sensitivity_tables(data: PlanningData, found: Sensitivity) -> str:
    """One table per scenario: the change of every frame that moves, Σ, and the gap after (tkr)."""
    years = data.settings.years
    labels, width = _labels(data)
    width = max(width, 40)
    lines = [f"{data.settings.municipality}: känslighet (förändring av ramen i tkr, utan balanseringskrav)"]
    by_scenario: dict[str, dict[tuple[str, int], Decimal]] = {b.scenario: {} for b in found.balance}
    for e in found.effects:
        by_scenario[e.scenario][(e.committee, e.year)] = e.change
    gaps_of: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    for b in found.balance:
        gaps_of[b.scenario][b.year] = b.gap
    for scenario, changes in by_scenario.items():
        moved = [(label, c) for label, c in zip(labels, data.committees) if (c.code, years[0]) in changes]
        shown = {year: [round_total(changes[(c.code, year)]) for _, c in moved] for year in years}
        lines += ["", scenario, "Nämnd".ljust(width) + _cells([str(y) for y in years])]
        for row, (label, _) in enumerate(moved):
            lines.append(label.ljust(width) + _cells([shown[y][row] for y in years]))
        lines.append("Summa".ljust(width) + _cells([sum(shown[y]) for y in years]))
        gaps = gaps_of[scenario]
        if any(gap is not None for gap in gaps.values()):
            lines.append("Σ ramar − utrymme efter ändringen".ljust(width)
                         + _cells([round_total(gaps[y]) if gaps[y] is not None else "–" for y in years]))
    return "\n".join(lines)


def revenue_tags_table(calculation: Calculation) -> str:
    """Per revenue tag and year: inhabitants, revenue and the price tags' cost of the same ages (tkr)."""
    rows = revenue_tag_rows(calculation.lookups)
    if not rows:
        return ""
    width = max(len(r.name) for r in rows) + 2
    lines = ["", "Intäktslappar mot prislappar för samma åldrar (tkr)", "",
             "Grupp".ljust(width) + f"{'År':>6}" + _cells(["Invånare", "Intäkt", "Kostnad", "Netto"])]
    for r in rows:
        revenue, costs = round_total(r.revenue), round_total(r.costs)
        lines.append(r.name.ljust(width) + f"{r.year:>6}"
                     + _cells([int(round_total(r.inhabitants, Decimal(1))), revenue, costs, revenue - costs]))
    return "\n".join(lines)


def balance_table(calculation: Calculation) -> str:
    """Per year: the room, the frames before and after a balancing requirement, the difference (tkr)."""
    balances = calculation.balances
    if not balances:
        return ""
    width = 36
    rows = []
    for b in balances:
        # Σ ramar is the sum of the frames as shown (each rounded on its own, as in frames_table); the
        # difference is the exact gap rounded, and a rounding row closes Σ ramar − utrymme if needed.
        frames = sum(round_total(f.total) for f in calculation.frames_of_year(b.year))
        room, requirement, gap = round_total(b.room.total), round_total(b.balancing), round_total(b.gap)
        rows.append((room, frames - requirement, requirement, frames, frames - room - gap, gap))
    labels = ("Utrymme för nämndernas ramar", "Σ ramar före balanseringskrav", "Balanseringskrav", "Σ ramar",
              "Avrundning", "Differens: Σ ramar − utrymme")
    lines = ["", "Balans mot intäkterna (tkr)", "", "".ljust(width) + _cells([str(b.year) for b in balances])]
    for index, label in enumerate(labels):
        if label == "Avrundning" and not any(row[index] for row in rows):
            continue
        lines.append(label.ljust(width) + _cells([row[index] for row in rows]))
    return "\n".join(lines)

