"""Resursfördelning: a committee's frame allocated to its units (enheter), month by month, and
the monthly reconciliation (avräkning) of actual against forecast volumes. Pure; docs/ramberakning.md
(Resursfördelning till enheter) describes the rules in Swedish.

For the committee's frame F of a year (`ramkalk.calculation.frames`), its rule R (`Fördelning`),
its categories k with an amount per volume unit and year A_k (`Fördelningsbelopp`) and each unit's
forecast volume f(u, k, m) per month m (`Enhetsvolymer`; a month counts 1/12 of a year):

- reserve (central reserv) = R.reserve, or round(R.reserve_share × F), or 0;
- index points of a unit p_u = max(index_u − R.index_threshold, 0) (0 without an index);
- structural rate (kr per index point and volume unit and year) s = R.point_amount, or, with a
  structural share, the pool round(R.structural_share × F) × 12 divided by Σ_u p_u × base
  volume-months of u, rounded down to whole öre;
- a base category without an amount gets one derived from the frame: what is left of F after the
  reserve, the structural amounts (the pool, or what the points give), the additional amounts
  and the base amounts given, × 12 divided by Σ_k weight_k × volume-months_k over those categories,
  times weight_k, rounded down to whole öre (exact: the volume-months are never divided first);
- a unit gets per category A_k × Σ_m f(u, k, m) / 12 (grundbelopp, tilläggsbelopp) and
  s × p_u × Σ_m Σ_{k base} f(u, k, m) / 12 (strukturbelopp), each rounded **down** to whole
  kronor, so that no unit gets more than its rule gives; each amount is split over the months in
  proportion to their volume, to the krona (largest remainder), so the months add up to the year;
- what is left, F − reserve − Σ units, is the central line "Avrundningsrest" when the base amounts
  are derived and had a volume (and a structural pool index points) to go by (then it is less than
  a krona per line, never negative), else "Skillnad mot ramen" (the money the given amounts leave,
  negative if they give more than the frame). The units, the reserve and that line add up to F
  exactly.

The reconciliation of a month with an actual volume a(u, k, m) is (A_k + s × p_u for a base
category) × (a − f) / 12, per category, each rounded to the krona (half away from zero); it is
paid from (or back to) the central reserve, so the units after reconciliation and the reserve after
reconciliation still add up to F.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

from ramkalk.core.frame import Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.core.problems import Source
from ramkalk.rules.allocation_lines import (
    ADDITION,
    BASE_AMOUNT,
    DIFFERENCE,
    LABELS,
    MONTH_NAMES,
    MONTHS,
    RECONCILIATION,
    REMAINDER,
    RESERVE,
    STRUCTURAL,
    TWELVE,
    UNIT,
    Rate,
    Volumes,
    category_line,
    floor_krona,
    reconciliation,
    structural_line,
)
from ramkalk.schema.inputs import AllocationAmount, AllocationRule, AllocationUnit, AmountKind, UnitVolume

__all__ = ["ADDITION", "BASE_AMOUNT", "DIFFERENCE", "LABELS", "MONTH_NAMES", "MONTHS", "RECONCILIATION", "REMAINDER",
           "RESERVE", "STRUCTURAL", "UNIT", "Allocation", "AllocationInputs", "Rate", "UnitAllocation", "allocate"]
"""(The keys, words and months of an allocation's explanation are `ramkalk.rules.allocation_lines`'s, named here too.)"""

@dataclass(frozen=True)
class AllocationInputs:
    """One committee's allocation inputs for one year.

    frame: the committee's frame for `year`, kr, as computed (`ramkalk.calculation.frames`).
    rule: its row on `Fördelning` (None: no structural amount, no reserve). amounts, units: its
    rows on `Fördelningsbelopp` and `Enheter`. volumes: its rows on `Enhetsvolymer` for `year`.
    """

    committee: str
    year: int
    frame: Decimal
    rule: AllocationRule | None
    amounts: tuple[AllocationAmount, ...]
    units: tuple[AllocationUnit, ...]
    volumes: tuple[UnitVolume, ...]


@dataclass(frozen=True)
class UnitAllocation:
    """One unit's allocation for the year.

    lines: grundbelopp, strukturbelopp and tilläggsbelopp (those it has), each with a detail per
    category and, below it, per month; they add up to `total`. months: the allocation of each
    month, kr (12 amounts adding up to `total`). reconciliation: one line per month with an actual
    volume, with a detail per category (and the structural amount), kr, signed as it changes the
    unit's money.
    """

    committee: str
    unit: str
    year: int
    lines: tuple[Line, ...]
    months: tuple[Decimal, ...]
    reconciliation: tuple[Line, ...]
    source: Source | None = None

    @property
    def total(self) -> Decimal:
        """The year's allocation by the forecast, kr."""
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def reconciled(self) -> Decimal:
        """The sum of the months' reconciliations so far, kr."""
        return sum((line.amount for line in self.reconciliation), ZERO)

    @property
    def after_reconciliation(self) -> Decimal:
        return self.total + self.reconciled

    def reconciliation_of(self, month: int) -> Decimal | None:
        """The month's reconciliation, kr; None if the month has no actual volume yet."""
        return next((line.amount for line in self.reconciliation if line.part == str(month)), None)


@dataclass(frozen=True)
class Allocation:
    """A committee's frame allocated to its units (see the module docstring).

    frame: the committee's frame, kr. rates: per category, the amount per volume unit and year.
    structural_rate: kr per index point and volume unit and year (None: no structural amount).
    units: per unit. central: the reserve and the rest (Avrundningsrest or Skillnad mot ramen).
    Σ units + Σ central = frame, exactly.
    """

    committee: str
    year: int
    frame: Decimal
    rates: tuple[Rate, ...]
    structural_rate: Rate | None
    units: tuple[UnitAllocation, ...]
    central: tuple[Line, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        """The frame's explanation: one line per unit (its lines as details), then the central lines."""
        return tuple(Line(UNIT, unit.unit, unit.total, "enhetens tilldelning",
                          details=unit.lines, part=unit.unit) for unit in self.units) + self.central

    @property
    def reserve_after_reconciliation(self) -> Decimal:
        """The central lines less what the reconciliations paid to the units, kr."""
        return sum((line.amount for line in self.central), ZERO) - sum((u.reconciled for u in self.units), ZERO)

    def unit(self, name: str) -> UnitAllocation | None:
        key = name.casefold()
        return next((u for u in self.units if u.unit.casefold() == key), None)


def floor_ore(value: Fraction) -> Decimal:
    """An exact rational amount rounded down to whole öre."""
    return Decimal(math.floor(value * 100)) / 100


def allocate(given: AllocationInputs) -> Allocation:
    """The committee's allocation; see the module docstring. Never raises for validated data, and
    for data with gaps (no volumes, no amounts) it allocates what it can and the rest stays central."""
    rule = given.rule or AllocationRule(given.committee)
    frame = given.frame
    volumes = Volumes(given.volumes)
    units = given.units
    base = [a for a in given.amounts if a.kind is AmountKind.BASE]
    additions = [a for a in given.amounts if a.kind is AmountKind.ADDITION]

    reserve, reserve_line = _reserve(rule, frame)
    points = {u.name: _points(u, rule) for u in units}
    base_volume = {u.name: [sum(parts) for parts in zip(*(volumes.forecast(u.name, a.category) for a in base))]
                   or [ZERO] * 12 for u in units}
    structural, pool = _structural_rate(rule, frame, units, points, base_volume)

    structural_amounts = {u.name: floor_krona(structural.amount * points[u.name] * sum(base_volume[u.name]) / TWELVE)
                          if structural else ZERO for u in units}
    given_rates = {a.category: Rate(a.category, a.kind, a.amount, False, a.weight, "angivet belopp",
                                    (Input(f"årsbelopp {a.category}", a.amount, a.source("amount"), "kr"),))
                   for a in given.amounts if a.amount is not None}
    fixed = sum((floor_krona(given_rates[a.category].amount * volumes.total(u.name, a.category) / TWELVE)
                 for a in given.amounts if a.amount is not None for u in units), ZERO)
    structural_total = pool if pool is not None else sum(structural_amounts.values(), ZERO)
    rates = dict(given_rates)
    rates.update(_derived_rates(frame, reserve, structural_total, fixed, [a for a in base if a.amount is None],
                                units, volumes))

    allocated = tuple(_unit(given, u, rule, base, additions, rates, structural, points[u.name],
                            base_volume[u.name], structural_amounts[u.name], volumes) for u in units)
    rest = frame - reserve - sum((u.total for u in allocated), ZERO)
    # Only a share of the frame by volume leaves a mere rounding rest: derived amounts with a volume to go by.
    # The rest is a mere rounding rest only when the derived amounts had a volume to go by and a structural pool
    # had index points to go by; else it holds money the rule could not give out (Skillnad mot ramen).
    derived = any(a.weight * volumes.total(u.name, a.category) for u in units for a in base if a.amount is None) and (
        not pool or any(structural_amounts.values()))
    key = REMAINDER if derived else DIFFERENCE
    rest_rule = ("ram − central reserv − enheternas tilldelning: det som avrundningen nedåt lämnar kvar"
                 if derived else "ram − central reserv − enheternas tilldelning med de angivna beloppen")
    central = (reserve_line, Line(key, LABELS[key], rest, rest_rule,
                                  (Input("ram", frame, unit="kr"), Input("central reserv", reserve, unit="kr"))))
    ordered = tuple(rates[a.category] for a in given.amounts if a.category in rates)
    return Allocation(given.committee, given.year, frame, ordered, structural, allocated, central)


def _reserve(rule: AllocationRule, frame: Decimal) -> tuple[Decimal, Line]:
    if rule.reserve is not None:
        return rule.reserve, Line(RESERVE, LABELS[RESERVE], rule.reserve, "angivet belopp",
                                  (Input("reserv", rule.reserve, rule.source("reserve"), "kr"),))
    if rule.reserve_share is not None:
        amount = round_krona(rule.reserve_share * frame)
        return amount, Line(RESERVE, LABELS[RESERVE], amount, "reservandel × ram, avrundat till hela kronor",
                            (Input("reservandel", rule.reserve_share, rule.source("reserve_share"), "%"),
                             Input("ram", frame, unit="kr")))
    return ZERO, Line(RESERVE, LABELS[RESERVE], ZERO, "ingen reserv angiven")


def _points(unit: AllocationUnit, rule: AllocationRule) -> Decimal:
    if unit.index is None:
        return ZERO
    return max(unit.index - rule.index_threshold, ZERO)


def _structural_rate(rule: AllocationRule, frame: Decimal, units: Sequence[AllocationUnit],
                     points: dict[str, Decimal], base_volume: dict[str, list[Decimal]]
                     ) -> tuple[Rate | None, Decimal | None]:
    """The structural rate and, with a structural share, the pool it shares."""
    threshold = Input("indexgräns", rule.index_threshold, rule.source("index_threshold"))
    if rule.point_amount is not None:
        return Rate("strukturbelopp", AmountKind.BASE, rule.point_amount, False, Decimal(1), "angivet belopp",
                    (Input("belopp per indexpoäng", rule.point_amount, rule.source("point_amount"), "kr"),
                     threshold)), None
    if rule.structural_share is None:
        return None, None
    pool = round_krona(rule.structural_share * frame)
    weighted = sum((points[u.name] * sum(base_volume[u.name]) for u in units), ZERO)  # point-months, exact
    amount = floor_ore(Fraction(pool) * 12 / Fraction(weighted)) if weighted else ZERO
    return Rate("strukturbelopp", AmountKind.BASE, amount, True, Decimal(1),
                "strukturpott × 12 / Σ indexpoäng × volymmånader, avrundat nedåt till hela öre",
                (Input("strukturandel", rule.structural_share, rule.source("structural_share"), "%"),
                 Input("ram", frame, unit="kr"), Input("strukturpott", pool, unit="kr"),
                 Input("Σ indexpoäng × volymmånader", weighted), threshold)), pool


def _derived_rates(frame: Decimal, reserve: Decimal, structural: Decimal, fixed: Decimal,
                   derived: Sequence[AllocationAmount], units: Sequence[AllocationUnit],
                   volumes: Volumes) -> dict[str, Rate]:
    """The base amounts derived from the frame: what is left, shared by weight × volume-years."""
    if not derived:
        return {}
    left = frame - reserve - structural - fixed
    months = {a.category: sum((volumes.total(u.name, a.category) for u in units), ZERO) for a in derived}
    weighted = sum((a.weight * months[a.category] for a in derived), ZERO)  # weighted volume-months, exact
    inputs = (Input("ram", frame, unit="kr"), Input("central reserv", reserve, unit="kr"),
              Input("strukturbelopp", structural, unit="kr"), Input("givna belopp och tillägg", fixed, unit="kr"),
              Input("att fördela", left, unit="kr"), Input("Σ vikt × volymmånader", weighted))
    rule = ("vikt × (ram − reserv − strukturbelopp − givna belopp) × 12 / Σ vikt × volymmånader,"
            " avrundat nedåt till hela öre")
    return {a.category: Rate(a.category, a.kind,
                             floor_ore(Fraction(a.weight) * Fraction(left) * 12 / Fraction(weighted))
                             if weighted else ZERO,
                             True, a.weight, rule, inputs + (Input(f"vikt {a.category}", a.weight, a.source("weight")),))
            for a in derived}


def _unit(given: AllocationInputs, unit: AllocationUnit, rule: AllocationRule, base: list[AllocationAmount],
          additions: list[AllocationAmount], rates: dict[str, Rate], structural: Rate | None, points: Decimal,
          base_volume: list[Decimal], structural_amount: Decimal, volumes: Volumes) -> UnitAllocation:
    lines = []
    for component, amounts in ((BASE_AMOUNT, base), (ADDITION, additions)):
        details = tuple(category_line(component, unit.name, a, rates[a.category], volumes)
                        for a in amounts if volumes.months(unit.name, a.category))
        if details:
            lines.append(Line(component, LABELS[component], sum((d.amount for d in details), ZERO),
                              "Σ kategorierna", details=details))
    if structural is not None and unit.index is not None:  # (below the threshold: 0, with the index shown)
        lines.append(structural_line(unit, rule, structural, points, base_volume, structural_amount, volumes, base))
    months = tuple(sum((d.amount for line in lines for c in _categories(line) for d in c.details
                        if d.part == str(m)), ZERO) for m in MONTHS)
    return UnitAllocation(given.committee, unit.name, given.year, tuple(lines), months,
                          reconciliation(unit, base, additions, rates, structural, points, volumes), unit.source("name"))


def _categories(line: Line) -> tuple[Line, ...]:
    """A unit line's per-category details (the structural line is its own)."""
    return line.details if line.component != STRUCTURAL else (line,)


