"""A computed frame and its explanation, as immutable records.

A `Frame` is a committee's frame for one year: a list of explanation lines, one per
component (bas, uppräkning, effektivisering, volym, beslut), each with its amount in
whole kronor, the rule in words and the inputs it used. The frame is the sum of its
lines, so the explanation always adds up to the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Callable, NamedTuple

from ramkalk.core.money import ZERO
from ramkalk.core.problems import Source

# Component keys. They are the keys of `komponenter` in `ramkalk beräkna --json` and the
# component argument of the add-in. Each has one record (`Component`) in the registry
# `ramkalk.rules.components`, which every consumer iterates, in the order shown there.
BASE = "bas"
INDEXATION = "uppräkning"
EFFICIENCY = "effektivisering"
VOLUME = "volym"
DECISIONS = "beslut"
TECHNICAL_BASE = "teknisk bas"
PRICE_TAG_PREFIX = "prislapp "  # + the group's name: one component per volume group
BALANCING = "balansering"
INTERNAL_SERVICES = "interna tjänster"
EX_POST = "efterhandsjustering"
RESULT = "resultat"

# The keys of a base line's two details (`Line.part`): last year's frame, and its one-off items leaving.
PREVIOUS_FRAME = "föregående ram"
ONE_OFF_LEAVING = "avgående engångs"

TRADITIONAL = "traditionell"
PRICE_TAG = "prislapp"


@dataclass(frozen=True)
class Component:
    """One component of a frame, declared once, next to the rule that computes it; the registry
    `ramkalk.rules.components` lists them and every consumer (explanation, waterfall, model
    description, planning template, add-in, JSON) takes its words from here.

    key: the component key (a price tag's is `PRICE_TAG_PREFIX` + the group: `prefix`).
    label: the explanation line's label (a rule may add to it, e.g. the year corrected).
    name: the short name: the waterfall step and the model description's heading.
    step_rule: the waterfall step's rule in words.
    words, formula: the rule in the model description, in words and as a formula
    (`described` gives them instead where a setting chooses between variants).
    other_name, other_rule: a supplement's part of the planning template's combined row.
    one_off: the component leaves next year's base. optional: a frame has it only when the
    workbook uses it (supplements, balancing), so it is shown only where it is.
    """

    key: str
    label: str
    name: str
    step_rule: str
    words: str
    formula: str
    described: Callable[[object], tuple[str, str]] | None = field(default=None, compare=False)
    other_name: str = ""
    other_rule: str = ""
    one_off: bool = False
    optional: bool = False
    prefix: bool = False

    def matches(self, key: str) -> bool:
        """Whether a frame's component `key` is this component."""
        return key.startswith(self.key) if self.prefix else key == self.key

    def description(self, settings: object) -> tuple[str, str]:
        """The rule's words and formula for a workbook with `settings`."""
        return self.described(settings) if self.described else (self.words, self.formula)


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
    reference: str = ""
    """Where the value comes from beyond its cell, e.g. "SKR cirkulär 26:12" (Index: Källa)."""


@dataclass(frozen=True)
class Line:
    """One line of a frame's explanation.

    component: the component key (see `Component`) or, for a sub-line, its parent's key.
    label: the Swedish text shown to users.
    amount: kr, whole kronor, signed as it changes the frame.
    rule: the rule in words and symbols.
    inputs: the values the rule used, each with its source.
    details: sub-lines (per decision, per volume group, ...) that add up to `amount`.
    part: a sub-line's own key where a consumer selects it (PREVIOUS_FRAME, ONE_OFF_LEAVING).
    """

    component: str
    label: str
    amount: Decimal
    rule: str
    inputs: tuple[Input, ...] = ()
    details: tuple[Line, ...] = ()
    part: str = ""

    def detail(self, part: str) -> Line:
        """The sub-line with the key `part` (KeyError if there is none)."""
        found = next((d for d in self.details if d.part == part), None)
        if found is None:
            raise KeyError(f"{self.component}: no sub-line {part!r}")
        return found


class Previous(NamedTuple):
    """What a year's frame starts from: last year's adopted or computed frame, kr.

    frame: the amount the base starts from (the whole frame, or in the price-tag model the
    technical frame). one_off: last year's one-off items, which leave the base.
    """

    year: int
    frame: Decimal
    one_off: Decimal
    frame_source: Source | None = None
    one_off_source: Source | None = None
    adopted: bool = True

    @staticmethod
    def of(frame: "Frame") -> "Previous":
        """The start of the year after `frame`."""
        return Previous(frame.year, frame.carried_forward, frame.one_off, adopted=False)


@dataclass(frozen=True)
class Frame:
    """A committee's frame (ram) for one year, with its explanation.

    committee: committee code. year: the budget or plan year. model: the model used.
    total: the frame, kr; equal to the sum of `amounts` and of `lines`.
    amounts: (component key, kr) per component, in the model's order (see its `explain`).
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
    carried: Decimal | None = None
    """What next year's base starts from before one-offs leave it, kr: the whole frame in
    the traditional model, the technical frame (everything but the price tags) in the
    price-tag model. None means the whole frame."""

    @property
    def carried_forward(self) -> Decimal:
        return self.total if self.carried is None else self.carried

    def with_component(self, component: str, amount: Decimal, line: Callable[[], Line],
                       one_off: bool = False) -> Frame:
        """This frame with one more component of `amount` kr (e.g. a balancing requirement),
        explained by `line()` once the lines are read; a one-off component leaves next year's base."""
        explain = self.explain
        return replace(
            self,
            total=self.total + amount,
            amounts=self.amounts + ((component, amount),),
            one_off=self.one_off + amount if one_off else self.one_off,
            explain=lambda: explain() + (line(),),
            carried=None if self.carried is None else self.carried + amount,
        )

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        """One line per component, in the order of `amounts`, each with its rule, inputs and details."""
        return self.explain()

    def component(self, key: str) -> Decimal:
        """The amount of one component, kr (zero if the frame has no such component)."""
        return dict(self.amounts).get(key, ZERO)

    def components(self) -> dict[str, Decimal]:
        """Component key -> kr, in the order of `amounts`."""
        return dict(self.amounts)
