"""What one committee's template shows, computed from the core: pure, no spreadsheet.

Amounts are shown in tkr and rounded with the largest-remainder method
(`ramkalk.core.display.round_parts`) so that what is shown adds up to the shown frame:

- each year's frame is the core's frame rounded to tkr;
- the explanation of a year: its change rows add up to the shown frame (in the price-tag
  model: the shown technical frame) less the year before's; the price-tag rows add up to
  the shown frame less the shown technical frame;
- the chart's steps for the budget year add up to the shown frame less last year's;
- the units' allocations and the central lines add up to the shown frame of the budget year, and each
  unit's parts to its allocation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from ramkalk.calculation.allocation import allocation, committees_with_units
from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import round_parts, round_total
from ramkalk.core.explanation import ONE_OFF_REMOVAL, StatementRow, change_lines, statement
from ramkalk.core.frame import BALANCING, ONE_OFF_LEAVING, VOLUME, Frame
from ramkalk.core.money import ZERO, round_krona
from ramkalk.report.waterfall import ONE_OFF, waterfall
from ramkalk.report.waterfall import Step as WaterfallStep
from ramkalk.rules import components
from ramkalk.rules.allocation import ADDITION, BASE_AMOUNT, STRUCTURAL
from ramkalk.schema.inputs import Committee, FrameModel

VOLUME_DECIMALS = Decimal("0.01")
OTHER = "övrigt"
UNIT_PARTS = (BASE_AMOUNT, ADDITION, STRUCTURAL)
"""A unit's parts in the order of the template's columns (Grundbelopp, Tilläggsbelopp, Strukturbelopp)."""
"""The chart's one step for every supplement (`ramkalk.rules.components.SUPPLEMENTS`)."""


def other_step() -> WaterfallStep:
    """The combined step of the supplements, in their own words: "Interna tjänster, …"."""
    supplements = components.supplements()
    names = ", ".join(c.other_name for c in supplements)
    rules = [c.other_rule for c in supplements]
    rule = ", ".join(rules[:-1]) + " och " + rules[-1] if len(rules) > 1 else rules[0]
    return WaterfallStep(OTHER, names[:1].upper() + names[1:], f"{rule} (se förklaringen nedan)", Decimal(0))


@dataclass(frozen=True)
class Row:
    """A shown row: label, rule and tkr per year (None where the row has no amount that year)."""

    label: str
    rule: str
    amounts: tuple[int | None, ...]


@dataclass(frozen=True)
class Step:
    """One bar of the chart of how the budget year's frame was built, tkr."""

    label: str
    rule: str
    amount: int


@dataclass(frozen=True)
class FrameContent:
    """A committee's frames as shown, tkr per year (budget year first).

    opening: last year's frame (technical frame in the price-tag model) the first year starts
    from. changes: the rows changing it. technical: the technical frame per year, or None in
    the traditional model. tags: the price-tag rows (price-tag model only). steps: the chart.
    """

    model: FrameModel
    frames: tuple[int, ...]
    one_offs: tuple[int, ...]
    opening: Row
    changes: tuple[Row, ...]
    technical: tuple[int, ...] | None
    tags: tuple[Row, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class VolumeRow:
    """A volume group's forecast for one year: volume (2 decimals) and price tag (kr, whole)."""

    group: str
    ages: str
    weight: Decimal
    year: int
    forecast: Decimal
    price: Decimal


@dataclass(frozen=True)
class UnitRow:
    """A unit's preliminary allocation in the budget year (resursfördelning), tkr: its base, additional and
    structural amounts (None: it has none) and the whole; a central line (reserve, rest) has only the whole.
    The wholes of a committee add up to its frame as the template shows it."""

    unit: str
    base: int | None
    addition: int | None
    structural: int | None
    allocation: int


@dataclass(frozen=True)
class RateRow:
    """The rates of one year, fractions: wage, price, the committee's blended index, efficiency."""

    year: int
    wage: Decimal
    price: Decimal
    blended: Decimal
    efficiency: Decimal


@dataclass(frozen=True)
class Content:
    """Everything one committee's template shows that comes from the planning workbook."""

    municipality: str
    source: str
    committee: Committee
    years: tuple[int, ...]
    frame: FrameContent
    rates: tuple[RateRow, ...]
    volumes: tuple[VolumeRow, ...]
    activities: tuple[str, ...]
    focus_areas: tuple[str, ...]
    units: tuple[UnitRow, ...] = ()


def _shown_rows(rows: Sequence[StatementRow], years: Sequence[int], totals: Sequence[int]) -> tuple[Row, ...]:
    """Statement rows in tkr; in each year the rows having an amount add up to `totals[i]`."""
    shown: list[list[int | None]] = [[None] * len(years) for _ in rows]
    for index, (year, total) in enumerate(zip(years, totals)):
        present = [n for n, row in enumerate(rows) if year in row.amounts]
        if not present and total:
            raise ValueError(f"inga rader att visa {total} tkr på för {year}")
        for n, amount in zip(present, round_parts([rows[n].amounts[year] for n in present], total=total)):
            shown[n][index] = amount
    return tuple(Row(row.label, row.rule, tuple(amounts)) for row, amounts in zip(rows, shown))


def _steps(calculation: Calculation, frame: Frame, changes: tuple[Row, ...], shown_previous: int,
           shown_new: int) -> tuple[Step, ...]:
    """The chart's steps for the budget year (`ramkalk.report.waterfall`), shown in tkr.

    Each change is the sum of the shown explanation rows of its component, so the chart and
    the explanation agree; the volume step is what is left (in the price-tag model: the
    change of the part the price tags pay for). Internal services, ex-post correction and
    returned results are one step. A year without them or without a balancing requirement
    shows a step of zero, so every template has the same steps.
    """
    step_of = {ONE_OFF_REMOVAL if line.part == ONE_OFF_LEAVING else line.label:
               ONE_OFF if line.part == ONE_OFF_LEAVING else line.component for line in change_lines(frame)}
    shown: dict[str, int] = defaultdict(int)
    for row in changes:
        shown[step_of.get(row.label)] += row.amounts[0] or 0
    supplements = {c.key for c in components.supplements()}
    found = [step for step in waterfall(calculation, frame.committee, frame.year).steps if step.key not in supplements]
    found.insert(len(found) - (2 if found[-2].key == BALANCING else 1), other_step())
    shown[OTHER] = sum(shown[key] for key in supplements)
    if all(step.key != BALANCING for step in found):
        none = WaterfallStep(BALANCING, components.BALANCING.name, "inget balanseringskrav i år", Decimal(0))
        found.insert(-1, none)
    shown[VOLUME] = shown_new - shown_previous - sum(shown[s.key] for s in found[1:-1] if s.key != VOLUME)
    amounts = [shown_previous, *(shown[s.key] for s in found[1:-1]), shown_new]
    return tuple(Step(s.label, s.rule, amount) for s, amount in zip(found, amounts))


def frame_content(calculation: Calculation, committee: Committee) -> FrameContent:
    """The committee's frames, explanation and chart steps in tkr (see the module docstring)."""
    years = calculation.data.settings.years
    frames = [calculation.frame(committee.code, year) for year in years]
    found = statement(frames)
    shown = tuple(round_total(f.total) for f in frames)
    carried = [round_total(f.carried_forward) for f in frames]
    opening = round_total(found.opening.amount)
    before = [opening, *carried[:-1]]
    changes = _shown_rows(found.changes, years, [c - b for c, b in zip(carried, before)])
    tags = _shown_rows(found.tags, years, [s - c for s, c in zip(shown, carried)]) if found.tags else ()
    adopted = calculation.lookups.adopted_frame(committee.code, years[0] - 1)
    return FrameContent(
        model=committee.model,
        frames=shown,
        one_offs=tuple(round_total(f.one_off) for f in frames),
        opening=Row("Föregående års tekniska ram" if found.tags else "Föregående års ram", found.opening.label,
                    (opening,)),
        changes=changes,
        technical=tuple(carried) if found.tags else None,
        tags=tags,
        steps=_steps(calculation, frames[0], changes, round_total(round_krona(adopted.frame)), shown[0]),
    )


def _volumes(calculation: Calculation, committee: Committee) -> tuple[VolumeRow, ...]:
    lookups = calculation.lookups
    years = calculation.data.settings.years
    # the price tag of the committee's own model (price-tag model: with the efficiency requirement, by the setting)
    price = lookups.tag_price if committee.model is FrameModel.PRICE_TAG else lookups.price
    return tuple(
        VolumeRow(group.name, f"{group.age_from}–{group.age_to} år", group.weight, year,
                  lookups.volume(group, year).quantize(VOLUME_DECIMALS), round_krona(price(committee, group, year)))
        for group in lookups.groups_of(committee)
        for year in (years[0] - 1, *years)
    )


def _units(calculation: Calculation, committee: Committee) -> tuple[UnitRow, ...]:
    """The committee's units and central lines, tkr, rounded so that they add up to the frame shown (the largest
    remainder) and each unit's parts to its whole; none for a committee without units."""
    if committee.code not in committees_with_units(calculation.data):
        return ()
    found = allocation(calculation, committee.code)
    wholes = round_parts([u.total for u in found.units] + [line.amount for line in found.central],
                         total=round_total(found.frame))
    rows = []
    for unit, whole in zip(found.units, wholes):
        amounts = {line.component: line.amount for line in unit.lines}
        parts = round_parts([amounts.get(key, ZERO) for key in UNIT_PARTS], total=whole)
        rows.append(UnitRow(unit.unit, *(part if key in amounts else None for key, part in zip(UNIT_PARTS, parts)),
                            whole))
    rows += [UnitRow(line.label, None, None, None, whole) for line, whole in zip(found.central, wholes[len(rows):])]
    return tuple(rows)


def _rates(calculation: Calculation, committee: Committee) -> tuple[RateRow, ...]:
    lookups = calculation.lookups
    return tuple(
        RateRow(year, rates.wage_increase, rates.price_increase, lookups.blended_index(committee, year),
                rates.efficiency)
        for year in calculation.data.settings.years
        for rates in (lookups.index_of(year),)
    )


def content(calculation: Calculation, committee: Committee, source: str = "") -> Content:
    """One committee's template content; `source` names the planning workbook (a file name)."""
    data = calculation.data
    return Content(
        municipality=data.settings.municipality,
        source=source,
        committee=committee,
        years=data.settings.years,
        frame=frame_content(calculation, committee),
        rates=_rates(calculation, committee),
        volumes=_volumes(calculation, committee),
        units=_units(calculation, committee),
        activities=tuple(a.name for a in data.activities if a.committee == committee.code),
        focus_areas=tuple(f.name for f in data.focus_areas),
    )
