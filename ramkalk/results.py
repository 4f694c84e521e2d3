"""A computed frame and its explanation, as immutable records.

A `Frame` is a committee's frame for one year: a list of explanation lines, one per
component (bas, uppräkning, effektivisering, volym, beslut), each with its amount in
whole kronor, the rule in words and the inputs it used. The frame is the sum of its
lines, so the explanation always adds up to the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Callable

from ramkalk.money import ZERO
from ramkalk.problems import Source

# Component keys, in the order they are shown. They are the keys of `komponenter`
# in `ramkalk beräkna --json` and the component argument of the add-in.
BASE = "bas"
INDEXATION = "uppräkning"
EFFICIENCY = "effektivisering"
VOLUME = "volym"
DECISIONS = "beslut"
COMPONENTS = (BASE, INDEXATION, EFFICIENCY, VOLUME, DECISIONS)

TRADITIONAL = "traditionell"


@dataclass(frozen=True)
class Input:
    """One input an explanation line used: a Swedish name, its value and where it came from.

    unit: how the value is shown: "kr" (an amount), "%" (a fraction shown as a
    percentage), "" (a plain number or a text).
    """

    name: str
    value: Decimal | int | str
    source: Source | None = None
    unit: str = ""


@dataclass(frozen=True)
class Line:
    """One line of a frame's explanation.

    component: the component key (see COMPONENTS) or, for a sub-line, its parent's key.
    label: the Swedish text shown to users.
    amount: kr, whole kronor, signed as it changes the frame.
    rule: the rule in words and symbols.
    inputs: the values the rule used, each with its source.
    details: sub-lines (per decision, per volume group, ...) that add up to `amount`.
    """

    component: str
    label: str
    amount: Decimal
    rule: str
    inputs: tuple[Input, ...] = ()
    details: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A committee's frame (ram) for one year, with its explanation.

    committee: committee code. year: the budget or plan year. model: the model used.
    total: the frame, kr; equal to the sum of `amounts` and of `lines`.
    amounts: (component key, kr) per component, in COMPONENTS order.
    one_off: the part of the frame that is one-off (engångs), kr; it leaves next year's base.
    explain: builds the explanation lines from the same amounts; called once, when
    `lines` is first read, so computing frames costs no more than the arithmetic.
    """

    committee: str
    year: int
    model: str
    total: Decimal
    amounts: tuple[tuple[str, Decimal], ...]
    one_off: Decimal = ZERO
    explain: Callable[[], tuple[Line, ...]] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        """One line per component, in COMPONENTS order, each with its rule, inputs and details."""
        return self.explain()

    def component(self, key: str) -> Decimal:
        """The amount of one component, kr (zero if the frame has no such component)."""
        return dict(self.amounts).get(key, ZERO)

    def components(self) -> dict[str, Decimal]:
        """Component key -> kr, in COMPONENTS order."""
        return dict(self.amounts)
