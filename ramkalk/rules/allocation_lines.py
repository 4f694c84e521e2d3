"""The lines of a unit's allocation (resursfördelning, `ramkalk.rules.allocation`): a category's amount and
its months, the structural amount and its months, and each month's avräkning; the keys and words of an
allocation's explanation, and the rates it is paid by. Pure; amounts are exact `Decimal` kronor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from ramkalk.core.display import round_parts
from ramkalk.core.frame import Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.schema.inputs import AllocationAmount, AllocationRule, AllocationUnit, AmountKind, UnitVolume

MONTHS = tuple(range(1, 13))
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december")
TWELVE = Decimal(12)

# Line keys of an allocation's explanation (`Line.component`).
BASE_AMOUNT = "grundbelopp"
ADDITION = "tilläggsbelopp"
STRUCTURAL = "strukturbelopp"
RESERVE = "reserv"
REMAINDER = "avrundningsrest"
DIFFERENCE = "skillnad mot ramen"
RECONCILIATION = "avräkning"
UNIT = "enhet"

LABELS = {BASE_AMOUNT: "Grundbelopp", ADDITION: "Tilläggsbelopp", STRUCTURAL: "Strukturbelopp",
          RESERVE: "Central reserv", REMAINDER: "Avrundningsrest", DIFFERENCE: "Skillnad mot ramen",
          RECONCILIATION: "Avräkning"}


@dataclass(frozen=True)
class Rate:
    """The amount per volume unit and year of one category, kr (öre possible), given or derived.

    rule, inputs: how it was set (a derived rate's inputs are the frame and what it is shared by).
    """

    category: str
    kind: AmountKind
    amount: Decimal
    derived: bool
    weight: Decimal
    rule: str
    inputs: tuple[Input, ...]


def floor_krona(value: Decimal) -> Decimal:
    return Decimal(math.floor(value)) + ZERO


def month_lines(component: str, label: str, exact: Sequence[Decimal], total: Decimal,
                 inputs: Sequence[tuple[Input, ...]], rule: str) -> tuple[Line, ...]:
    """`total` split over the months in proportion to `exact` (to the krona, largest remainder)."""
    shown = round_parts(list(exact), Decimal(1), int(total)) if any(exact) else [0] * len(exact)
    return tuple(Line(component, f"{label}, {MONTH_NAMES[m - 1]}", Decimal(amount), rule, inputs[m - 1],
                      part=str(m))
                 for m, amount in zip(MONTHS, shown) if amount or any(i.value for i in inputs[m - 1]))


class Volumes:
    """A committee's volumes of a year by (unit, category): forecast and actual per month, with rows."""

    def __init__(self, volumes: Iterable[UnitVolume]) -> None:
        self.rows: dict[tuple[str, str], dict[int, UnitVolume]] = {}
        for row in volumes:
            self.rows.setdefault((row.unit.casefold(), row.category.casefold()), {})[row.month] = row

    def months(self, unit: str, category: str) -> dict[int, UnitVolume]:
        return self.rows.get((unit.casefold(), category.casefold()), {})

    def forecast(self, unit: str, category: str) -> list[Decimal]:
        found = self.months(unit, category)
        return [found[m].forecast if m in found else ZERO for m in MONTHS]

    def total(self, unit: str, category: str) -> Decimal:
        return sum(self.forecast(unit, category), ZERO)

    def forecast_inputs(self, unit: str, category: str) -> list[tuple[Input, ...]]:
        found = self.months(unit, category)
        return [(Input(f"prognos {MONTH_NAMES[m - 1]}", found[m].forecast if m in found else ZERO,
                       found[m].source("forecast") if m in found else None),) for m in MONTHS]


def amount_input(amount: AllocationAmount, rate: Rate) -> Input:
    if rate.derived:
        return Input(f"årsbelopp {amount.category} (härlett ur ramen)", rate.amount, unit="kr")
    return Input(f"årsbelopp {amount.category}", rate.amount, amount.source("amount"), "kr")


def category_line(component: str, unit: str, amount: AllocationAmount, rate: Rate, volumes: Volumes) -> Line:
    forecast = volumes.forecast(unit, amount.category)
    total = floor_krona(rate.amount * sum(forecast, ZERO) / TWELVE)
    rule = "årsbelopp × volymmånader / 12, avrundat nedåt till hela kronor"
    months = month_lines(component, amount.category, [rate.amount * f / TWELVE for f in forecast], total,
                          volumes.forecast_inputs(unit, amount.category),
                          "årsbelopp × månadens prognos / 12, fördelat så att månaderna summerar till året")
    return Line(component, amount.category, total, rule,
                (amount_input(amount, rate), Input("volymmånader (prognos)", sum(forecast, ZERO))),
                months, part=amount.category)


def structural_line(unit: AllocationUnit, rule: AllocationRule, structural: Rate, points: Decimal,
                     base_volume: list[Decimal], total: Decimal, volumes: Volumes,
                     base: list[AllocationAmount]) -> Line:
    inputs = (Input("strukturindex", unit.index, unit.source("index")),
              Input("indexgräns", rule.index_threshold, rule.source("index_threshold")),
              Input("belopp per indexpoäng" + (" (härlett)" if structural.derived else ""), structural.amount,
                    rule.source("point_amount") if not structural.derived else None, "kr"),
              Input("volymmånader (prognos, grundbelopp)", sum(base_volume, ZERO)))
    month_inputs = [(Input(f"prognos {MONTH_NAMES[m - 1]}", base_volume[m - 1]),) for m in MONTHS]
    months = month_lines(STRUCTURAL, LABELS[STRUCTURAL], [structural.amount * points * v / TWELVE for v in base_volume],
                          total, month_inputs, "belopp per indexpoäng × indexpoäng × månadens volym / 12")
    return Line(STRUCTURAL, LABELS[STRUCTURAL], total,
                "belopp per indexpoäng × (strukturindex − indexgräns) × volymmånader / 12, avrundat nedåt",
                inputs, months)


def reconciliation(unit: AllocationUnit, base: list[AllocationAmount], additions: list[AllocationAmount],
                    rates: dict[str, Rate], structural: Rate | None, points: Decimal,
                    volumes: Volumes) -> tuple[Line, ...]:
    lines = []
    structural_rate = structural.amount * points if structural is not None else ZERO
    for month in MONTHS:
        details = []
        for amount in (*base, *additions):
            row = volumes.months(unit.name, amount.category).get(month)
            if row is None or row.actual is None:
                continue
            structural_part = structural_rate if amount.kind is AmountKind.BASE else ZERO
            per_unit = rates[amount.category].amount + structural_part
            change = round_krona(per_unit * (row.actual - row.forecast) / TWELVE)
            rate_inputs = (Input(f"årsbelopp {amount.category}", rates[amount.category].amount, unit="kr"),) + (
                (Input("strukturbelopp per volymenhet och år", structural_part, unit="kr"),) if structural_part else ())
            details.append(Line(RECONCILIATION, f"{amount.category}, {MONTH_NAMES[month - 1]}", change,
                                "(årsbelopp + strukturbelopp per volymenhet) × (utfall − prognos) / 12, avrundat"
                                if structural_part else "årsbelopp × (utfall − prognos) / 12, avrundat",
                                rate_inputs + (Input("prognos", row.forecast, row.source("forecast")),
                                               Input("utfall", row.actual, row.source("actual"))),
                                part=amount.category))
        if details:
            lines.append(Line(RECONCILIATION, f"{LABELS[RECONCILIATION]} {MONTH_NAMES[month - 1]}",
                              sum((d.amount for d in details), ZERO), "Σ kategorierna", details=tuple(details),
                              part=str(month)))
    return tuple(lines)
