"""Revenues, the room for the committees' frames, and the balancing requirement.

room(t) = skatteintäkter + generella statsbidrag och utjämning + finansnetto
          − resultatmål × (skatteintäkter + statsbidrag) − Σ centrala poster

If the frames of a year exceed the room and the workbook asks for a balancing requirement
(Balanseringskrav), the gap is distributed over the committees, pro rata to their frames
or by fixed shares (Nämnder: Balansandel), with the largest-remainder method so that the
frames after balancing add up to the room to the krona. The requirement is a line of each
frame's explanation and stays in the base of later years, like any permanent change. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Sequence

from ramkalk.core.display import round_parts
from ramkalk.core.frame import BALANCING, Component, Frame, Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.schema.inputs import BalancingRule, Committee, PlanningData

ROOM = "utrymme"

# The balancing rule in words, by the setting Balanseringskrav.
BALANCING_RULES = {
    BalancingRule.NONE: "Överstiger ramarna utrymmet visas skillnaden, men ramarna minskas inte "
                        "(inställningen Balanseringskrav = Nej).",
    BalancingRule.PRO_RATA: "Överstiger ramarna utrymmet fördelas skillnaden som ett balanseringskrav på "
                            "nämnderna i proportion till deras ramar (Balanseringskrav = Proportionellt); "
                            "kravet ligger kvar i basen åren efter.",
    BalancingRule.SHARES: "Överstiger ramarna utrymmet fördelas skillnaden som ett balanseringskrav på "
                          "nämnderna efter deras fasta balansandelar (Balanseringskrav = Fasta andelar); "
                          "kravet ligger kvar i basen åren efter.",
}
ROOM_FORMULA = ("utrymme(t) = skatteintäkter + generella statsbidrag och utjämning + finansnetto\n"
                "             − resultatmål × (skatteintäkter + statsbidrag) − Σ centrala poster")

COMPONENT = Component(
    BALANCING, "Balanseringskrav", "Balanseringskrav", "ramarna anpassas till kommunens intäkter",
    BALANCING_RULES[BalancingRule.NONE], ROOM_FORMULA,
    described=lambda settings: (BALANCING_RULES[settings.balancing], ROOM_FORMULA), optional=True)
"""The balancing requirement: a frame has it only in a year whose frames exceed the room."""


@dataclass(frozen=True)
class Room:
    """The room for the frames in one year, kr, as explanation lines that add up to it."""

    year: int
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass(frozen=True)
class Balance:
    """Frames against the room in one year, kr.

    frames: Σ the frames as computed (each committee by its model, after balancing).
    balancing: Σ the balancing requirement in them (0 or negative).
    gap: frames − room; positive means the frames exceed the room.
    """

    year: int
    room: Room
    frames: Decimal
    balancing: Decimal

    @property
    def gap(self) -> Decimal:
        return self.frames - self.room.total


def room(data: PlanningData, year: int) -> Room | None:
    """The room of `year`, or None if the workbook has no revenues for it."""
    revenue = next((r for r in data.revenues if r.year == year), None)
    if revenue is None:
        return None
    base = revenue.taxes + revenue.grants
    target = round_krona(base * revenue.result_target)
    lines = [
        Line(ROOM, "Skatteintäkter", revenue.taxes, "skatteintäkter",
             (Input("skatteintäkter", revenue.taxes, revenue.source("taxes"), "kr"),)),
        Line(ROOM, "Generella statsbidrag och utjämning", revenue.grants, "generella statsbidrag och utjämning",
             (Input("statsbidrag", revenue.grants, revenue.source("grants"), "kr"),)),
        Line(ROOM, "Finansnetto", revenue.financial_net, "finansnetto",
             (Input("finansnetto", revenue.financial_net, revenue.source("financial_net"), "kr"),)),
        Line(ROOM, "Resultatmål", -target, "−resultatmål × (skatteintäkter + statsbidrag)",
             (Input("resultatmål", revenue.result_target, revenue.source("result_target"), "%"),
              Input("skatteintäkter + statsbidrag", base, unit="kr"))),
    ]
    for item in data.central_items:
        if item.year == year:
            lines.append(Line(ROOM, item.name, -item.amount, "−central post",
                              (Input(item.name, item.amount, item.source("amount"), "kr"),)))
    return Room(year, tuple(lines))


def balance(year_room: Room, frames: Sequence[Frame]) -> Balance:
    """How the frames of a year stand against its room."""
    total = sum((f.total for f in frames), ZERO)
    balancing = sum((f.component(BALANCING) for f in frames), ZERO)
    return Balance(year_room.year, year_room, total, balancing)


def balanced(frames: Sequence[Frame], committees: Sequence[Committee], year_room: Room,
             rule: BalancingRule) -> list[Frame]:
    """The frames of one year with a balancing requirement if they exceed the room."""
    gap = round_krona(sum((f.total for f in frames), ZERO) - year_room.total)
    if rule is BalancingRule.NONE or gap <= 0:
        return list(frames)
    shares = _shares(frames, committees, rule)
    parts = round_parts([gap * share for share in shares], unit=Decimal(1), total=int(gap))
    rule_text = ("(Σ ramar − utrymme) × nämndens andel av Σ ramar" if rule is BalancingRule.PRO_RATA
                 else "(Σ ramar − utrymme) × nämndens balansandel")
    result = []
    for frame, share, part in zip(frames, shares, parts):
        amount = Decimal(-part)
        result.append(frame.with_component(BALANCING, amount,
                                           partial(_balancing_line, amount, rule_text, gap, year_room, share)))
    return result


def _balancing_line(amount: Decimal, rule_text: str, gap: Decimal, year_room: Room, share: Decimal) -> Line:
    return Line(BALANCING, COMPONENT.label, amount, "−" + rule_text, (
        Input(f"Σ ramar {year_room.year}", gap + year_room.total, unit="kr"),
        Input(f"utrymme {year_room.year}", year_room.total, unit="kr"),
        Input("andel", share, unit="%"),
    ))


def _shares(frames: Sequence[Frame], committees: Sequence[Committee], rule: BalancingRule) -> list[Decimal]:
    if rule is BalancingRule.PRO_RATA:
        total = sum((f.total for f in frames), ZERO)
        return [f.total / total for f in frames]
    by_code = {c.code: c.balance_share or ZERO for c in committees}
    return [by_code[f.committee] for f in frames]
