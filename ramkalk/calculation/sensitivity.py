"""Sensitivity: how every frame and the balance move when one assumption moves.

Scenarios, each applied to the budget year and every plan year:
- the wage increase ±1 percentage point,
- the price increase ±1 percentage point (and with it every cost type's rate),
- each volume group's volume ±1 % in the budget year and plan years (as if the forecast
  were 1 % off; the years before are outcomes and stay as they are).
Each scenario is the whole calculation run again on changed data, so every effect (on
the base of later years, on indexed price tags) is included; the effect is the
difference from the unchanged calculation, kr. A balancing requirement would absorb the
change, so both runs are made without it: the effect on the balance is the change in
Σ frames and so in the gap. Pure.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Callable, NamedTuple

from ramkalk.schema import versions
from ramkalk.calculation.frames import Calculation
from ramkalk.schema.inputs import BalancingRule, Participation, PlanningData
from ramkalk.core.money import ZERO

POINT = Decimal("0.01")


class Scenario(NamedTuple):
    """A named change of the planning data (the name is Swedish, shown to users)."""

    name: str
    change: Callable[[PlanningData], PlanningData]


class Effect(NamedTuple):
    """How much one frame changes in one scenario, kr."""

    scenario: str
    committee: str
    year: int
    change: Decimal


class BalanceEffect(NamedTuple):
    """How Σ frames and the gap to the room change in one scenario and year, kr.

    gap: the gap after the change (frames − room; positive means frames above the room),
    None if the workbook has no revenues for the year.
    """

    scenario: str
    year: int
    change: Decimal
    gap: Decimal | None


class Sensitivity(NamedTuple):
    effects: list[Effect]
    balance: list[BalanceEffect]


def _rates(field: str, delta: Decimal) -> Callable[[PlanningData], PlanningData]:
    """The index field ± delta in the computed years; a price change also moves every cost type's rate."""
    def change(data: PlanningData) -> PlanningData:
        years = set(data.settings.years)
        changed = dataclasses.replace(data, index=tuple(
            dataclasses.replace(row, **{field: getattr(row, field) + delta}) if row.year in years else row
            for row in data.index))
        if field != "price_increase":
            return changed
        return dataclasses.replace(changed, cost_index=tuple(
            dataclasses.replace(row, rate=row.rate + delta) if row.year in years else row
            for row in data.cost_index))
    return change


def _volume(committee: str, group: str, factor: Decimal) -> Callable[[PlanningData], PlanningData]:
    """The group's volume × factor in the budget year and plan years (as if the forecast were
    off), not in the years before: its weight those years becomes a participation share."""
    def change(data: PlanningData) -> PlanningData:
        found = next(g for g in data.volume_groups if (g.committee, g.name) == (committee, group))
        given = {p.year: p.share for p in data.participation if (p.committee, p.group) == (committee, group)}
        years = set(data.settings.years)
        kept = tuple(p for p in data.participation
                     if (p.committee, p.group) != (committee, group) or p.year not in years)
        changed = tuple(Participation(committee, group, year, given.get(year, found.weight) * factor) for year in years)
        return dataclasses.replace(data, participation=kept + changed)
    return change


def scenarios(data: PlanningData) -> list[Scenario]:
    """The scenarios for `data`: wages, prices and each volume group, up and down."""
    found = []
    for sign, word in ((1, "+"), (-1, "−")):
        found.append(Scenario(f"Löneökning {word}1 procentenhet", _rates("wage_increase", sign * POINT)))
        found.append(Scenario(f"Prisökning {word}1 procentenhet", _rates("price_increase", sign * POINT)))
    for group in data.volume_groups:
        for factor, word in ((Decimal("1.01"), "+"), (Decimal("0.99"), "−")):
            found.append(Scenario(f"Volym {group.name} ({group.committee}) {word}1 %",
                                  _volume(group.committee, group.name, factor)))
    return found


def sensitivity(data: PlanningData) -> Sensitivity:
    """Every scenario's effect on every frame and on the balance (data must have passed validation)."""
    data = versions.select(data, data.version)
    unbalanced = dataclasses.replace(data, settings=dataclasses.replace(data.settings, balancing=BalancingRule.NONE))
    base = Calculation(unbalanced)
    before = {(f.committee, f.year): f.total for f in base.frames}
    rooms = {year: room.total for year, room in base.rooms.items()}
    effects, balance = [], []
    for scenario in scenarios(unbalanced):
        after = Calculation(scenario.change(unbalanced)).frames
        for frame in after:
            effects.append(Effect(scenario.name, frame.committee, frame.year, frame.total - before[frame.committee,
                                                                                                 frame.year]))
        for year in data.settings.years:
            total = sum((f.total for f in after if f.year == year), ZERO)
            change = total - sum((v for (c, y), v in before.items() if y == year), ZERO)
            gap = total - rooms[year] if year in rooms else None
            balance.append(BalanceEffect(scenario.name, year, change, gap))
    return Sensitivity(effects, balance)
