"""How a committee's frame went from last year's to this year's: the steps of a waterfall.

The steps of committee c in year t, exact kronor:

    Ram t−1                      the whole frame the year before (the adopted frame before
                                 the budget year, the computed frame before a plan year)
    Avgår engångsposter t−1      −engångs(c, t−1)
    Pris- och löneuppräkning     uppräkning
    Effektiviseringskrav         effektivisering
    Volym                        traditional model: volym; price-tag model: Σ prislappar(t)
                                 − the part of last year's frame outside the technical frame
    Beslut                       beslut
    Balanseringskrav             only where the frame has one
    Ram t                        the frame

The changes add up to Ram t − Ram t−1 to the krona. `shown_amounts` rounds the steps to tkr
so that the shown changes also add up to the shown frames (largest remainder), and `bars`
turns shown steps into the stacked bars of a chart with an invisible base. Used by the
model description, the result workbook and the planning templates. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import round_parts, round_total
from ramkalk.core.explanation import BASES, previous_frame
from ramkalk.schema.inputs import FrameModel
from ramkalk.core.money import ZERO, round_krona
from ramkalk.core.frame import (
    BALANCING,
    DECISIONS,
    EFFICIENCY,
    INDEXATION,
    PRICE_TAG,
    EX_POST,
    INTERNAL_SERVICES,
    PRICE_TAG_PREFIX,
    RESULT,
    SUPPLEMENTS,
    VOLUME,
    Frame,
)

PREVIOUS = "ram-före"
ONE_OFF = "engångs"
FRAME = "ram"

SUPPLEMENT_TEXTS = {
    INTERNAL_SERVICES: ("Interna tjänster", "internprisernas höjning utöver prisökningen, efter kompensationsregeln"),
    EX_POST: ("Efterhandsjustering", "(utfall − prognos) × prislapp för ett tidigare år"),
    RESULT: ("Återfört resultat", "tidigare års över- eller underskott enligt resultatregeln"),
}

VOLUME_TEXTS = {
    False: ("Volymförändring (demografi)", "(volym i år − volym förra året) × prislapp × kompensationsgrad"),
    True: ("Prislappar: förändring", "prislapp × volym i år − förra årets del utanför den tekniska ramen"),
}


@dataclass(frozen=True)
class Step:
    """One bar of the waterfall.

    key: PREVIOUS, ONE_OFF, a component key (INDEXATION, EFFICIENCY, VOLUME, DECISIONS,
    a supplement the frame has, BALANCING) or FRAME. amount: kr; a frame for the first and last step, else a signed change.
    """

    key: str
    label: str
    rule: str
    amount: Decimal

    @property
    def is_frame(self) -> bool:
        return self.key in (PREVIOUS, FRAME)


@dataclass(frozen=True)
class Waterfall:
    """The steps from last year's frame to `year`'s frame of one committee."""

    committee: str
    year: int
    steps: tuple[Step, ...]

    @property
    def changes(self) -> tuple[Step, ...]:
        return self.steps[1:-1]


@dataclass(frozen=True)
class Bar:
    """A stacked bar: an invisible part up to `bottom`, then `height` of one kind."""

    bottom: int
    height: int
    kind: str
    """"frame", "increase" or "decrease"."""


def previous_total(calculation: Calculation, frame: Frame, model: FrameModel | None = None) -> Decimal:
    """The whole frame the year before `frame`, kr: adopted before the first computed year."""
    if frame.year == calculation.data.settings.years[0]:
        return round_krona(calculation.lookups.adopted_frame(frame.committee, frame.year - 1).frame)
    return calculation.frame(frame.committee, frame.year - 1, model).total


def waterfall(calculation: Calculation, committee: str, year: int, model: FrameModel | None = None) -> Waterfall:
    """The waterfall of one frame (by the committee's own model, or by `model` unbalanced)."""
    frame = calculation.frame(committee, year, model)
    before = previous_total(calculation, frame, model)
    carried_before = previous_frame(frame).amount
    tags = sum((a for key, a in frame.amounts if key.startswith(PRICE_TAG_PREFIX)), ZERO)
    volume_label, volume_rule = VOLUME_TEXTS[frame.model == PRICE_TAG]
    one_off = next(line for line in frame.lines if line.component in BASES).details[1].amount
    changes = [
        Step(ONE_OFF, f"Avgår engångsposter {year - 1}", "förra årets tillfälliga medel ingår inte i basen",
             one_off),
        Step(INDEXATION, "Pris- och löneuppräkning", "bas × nämndens index", frame.component(INDEXATION)),
        Step(EFFICIENCY, "Effektiviseringskrav", "−bas × effektiviseringskrav", frame.component(EFFICIENCY)),
        Step(VOLUME, volume_label, volume_rule, frame.component(VOLUME) + tags - (before - carried_before)),
        Step(DECISIONS, "Beslut", "beslutade förändringar för året", frame.component(DECISIONS)),
    ]
    changes += [Step(key, *SUPPLEMENT_TEXTS[key], frame.component(key)) for key in SUPPLEMENTS
                if key in frame.components()]
    if BALANCING in frame.components():
        changes.append(Step(BALANCING, "Balanseringskrav", "ramarna anpassas till kommunens intäkter",
                            frame.component(BALANCING)))
    return Waterfall(committee, year, (
        Step(PREVIOUS, f"Ram {year - 1}", "ramen föregående år", before),
        *changes,
        Step(FRAME, f"Ram {year}", "summan av stegen", frame.total),
    ))


def shown_amounts(found: Waterfall, first: int | None = None, last: int | None = None) -> list[int]:
    """The steps in tkr: the frames rounded (or as shown elsewhere: `first`, `last`), the
    changes adding up to their difference."""
    first = round_total(found.steps[0].amount) if first is None else first
    last = round_total(found.steps[-1].amount) if last is None else last
    changes = round_parts([s.amount for s in found.changes], total=last - first)
    return [first, *changes, last]


def bars(amounts: Sequence[int]) -> list[Bar]:
    """Stacked bars for shown steps: the first and last from zero, each change from the
    lower of the running totals before and after it."""
    result = [Bar(0, amounts[0], "frame")]
    running = amounts[0]
    for amount in amounts[1:-1]:
        after = running + amount
        result.append(Bar(min(running, after), abs(amount), "increase" if amount >= 0 else "decrease"))
        running = after
    result.append(Bar(0, amounts[-1], "frame"))
    return result


def axis_minimum(amounts: Sequence[int | float]) -> int | None:
    """Where a value axis should start so the changes show beside the frames: below the lowest
    running total by the span of the running totals, rounded down to a power of ten of the
    span; None (start at zero) if that is not above zero."""
    running = [amounts[0]]
    for amount in amounts[1:-1]:
        running.append(running[-1] + amount)
    low, span = min(running), max(running) - min(running)
    unit = 10 ** max(len(str(int(max(span, 1)))) - 1, 0)
    start = int((low - max(span, unit)) // unit * unit)
    return start if start > 0 else None
