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
    (supplements)                each supplement the frame has (`ramkalk.rules.components`)
    Balanseringskrav             only where the frame has one
    Ram t                        the frame

Every step's words come from its component's record in the registry.

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
from ramkalk.core.explanation import base_line, one_off_leaving, previous_frame
from ramkalk.core.frame import BASE, PRICE_TAG, PRICE_TAG_PREFIX, VOLUME, Frame
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules import components
from ramkalk.schema.inputs import FrameModel

PREVIOUS = "ram-före"
ONE_OFF = "engångs"
FRAME = "ram"


@dataclass(frozen=True)
class Step:
    """One bar of the waterfall.

    key: PREVIOUS, ONE_OFF, a component key (indexation, efficiency, volume, decisions, a
    supplement the frame has, balancing) or FRAME. amount: kr; a frame for the first and last
    step, else a signed change.
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
    base = components.component(base_line(frame).component)
    changes = [Step(ONE_OFF, f"Avgår engångsposter {year - 1}", base.step_rule, one_off_leaving(frame).amount)]
    for component in changes_shown():
        if component.key == VOLUME:
            changes.append(_volume_step(frame, before))
        elif not component.optional or component.key in frame.components():
            changes.append(Step(component.key, component.name, component.step_rule, frame.component(component.key)))
    return Waterfall(committee, year, (
        Step(PREVIOUS, f"Ram {year - 1}", "ramen föregående år", before),
        *changes,
        Step(FRAME, f"Ram {year}", "summan av stegen", frame.total),
    ))


def changes_shown() -> tuple[components.Component, ...]:
    """The components that are steps of a waterfall, in order (a supplement or the balancing
    requirement only where the frame has it)."""
    model = tuple(c for c in components.TRADITIONAL if c.key != BASE)  # the base is the one-off step
    return (*model, *components.supplements(), components.BALANCING)


def _volume_step(frame: Frame, before: Decimal) -> Step:
    """The volume step: the volume component, or in the price-tag model the change of what the
    price tags pay for (Σ price tags − the part of last year's frame outside the technical frame)."""
    record = components.component(PRICE_TAG_PREFIX if frame.model == PRICE_TAG else VOLUME)
    tags = sum((a for key, a in frame.amounts if key.startswith(PRICE_TAG_PREFIX)), ZERO)
    outside = before - previous_frame(frame).amount
    return Step(VOLUME, record.name, record.step_rule, frame.component(VOLUME) + tags - outside)


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
