"""Exempelstad's schools: how Grundskolenämnden (GSN) allocates its frame to its units.

Six schools with a socioeconomic index (100 = the municipality's average), three school forms
(förskoleklass, grundskola in two stages, anpassad grundskola) and an additional amount for newly
arrived pupils. The base amounts of förskoleklass and grundskola are derived from the frame with
weights 0,9, 1,0 and 1,2; anpassad grundskola and the additional amount are given. 5 % of the
frame is distributed as structural amounts by index points above 90, and 1,5 % is kept as a
central reserve (docs/ramberakning.md, Resursfördelning till enheter).

The pupils per month follow Exempelstad's population (`ramkalk.example.population`): January–July
the school year 2026/27 (the ages of 31 December 2026), August–December 2027/28 (those of 2027),
each school a fixed share of each age; so the months' mean is within 1 % of GSN's volume groups.
January–March have actual pupils, as if the workbook were used in April 2027. Plain data.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.schema.inputs import (
    AllocationAmount,
    AllocationRule,
    AllocationUnit,
    AmountKind,
    PopulationCount,
    UnitVolume,
)

D = Decimal
COMMITTEE = "GSN"

# name, socioeconomic index, stages, share of each age 6–12 (förskoleklass, åk 1–6), of 13–15 (åk 7–9),
# pupils in anpassad grundskola, newly arrived pupils
SCHOOLS = (
    ("Centrumskolan", 118, "F–9", "0.22", "0.30", 18, 20),
    ("Norrskolan", 92, "F–6", "0.20", "0", 0, 0),
    ("Söderskolan", 131, "F–9", "0.18", "0.28", 24, 35),
    ("Västerskolan", 104, "F–6", "0.24", "0", 0, 0),
    ("Österskolan", 87, "7–9", "0", "0.42", 0, 15),
    ("Ängsskolan", 96, "F–6", "0.16", "0", 0, 25),
)

PRESCHOOL_CLASS, YOUNGER, OLDER, ADAPTED, NEWLY_ARRIVED = (
    "Förskoleklass", "Grundskola åk 1–6", "Grundskola åk 7–9", "Anpassad grundskola", "Nyanlända elever")

# category, kind, amount per pupil and year (None: derived from the frame), weight, volume group
AMOUNTS = (
    (PRESCHOOL_CLASS, AmountKind.BASE, None, "0.9", "Förskoleklass"),
    (YOUNGER, AmountKind.BASE, None, "1.0", "Grundskola"),
    (OLDER, AmountKind.BASE, None, "1.2", "Grundskola"),
    (ADAPTED, AmountKind.BASE, 420_000, "1", "Grundskola"),
    (NEWLY_ARRIVED, AmountKind.ADDITION, 18_000, "1", None),
)

AGES = {PRESCHOOL_CLASS: (6, 6), YOUNGER: (7, 12), OLDER: (13, 15)}
ACTUAL_MONTHS = (1, 2, 3)


def units() -> tuple[AllocationUnit, ...]:
    return tuple(AllocationUnit(COMMITTEE, name, D(index), f"Skola {stages}")
                 for name, index, stages, *_ in SCHOOLS)


def rules() -> tuple[AllocationRule, ...]:
    return (AllocationRule(COMMITTEE, structural_share=D("0.05"), index_threshold=D(90), index_low=D(50),
                           index_high=D(200), reserve_share=D("0.015")),)


def amounts() -> tuple[AllocationAmount, ...]:
    return tuple(AllocationAmount(COMMITTEE, category, kind, None if amount is None else D(amount), D(weight), group)
                 for category, kind, amount, weight, group in AMOUNTS)


def _pupils(population: tuple[PopulationCount, ...], year: int, ages: tuple[int, int]) -> Decimal:
    """The forecast population of `ages` on 31 December of `year` (the current forecast)."""
    return sum((p.count for p in population if p.year == year and p.forecast_year is None
                and ages[0] <= p.age <= ages[1]), D(0))


def _forecasts(population: tuple[PopulationCount, ...], year: int) -> dict[tuple[str, str], list[Decimal]]:
    """(school, category) -> the 12 months' forecast pupils."""
    spring = {category: _pupils(population, year - 1, ages) for category, ages in AGES.items()}
    autumn = {category: _pupils(population, year, ages) for category, ages in AGES.items()}
    found = {}
    for name, _index, _stages, younger, older, adapted, arrived in SCHOOLS:
        shares = {PRESCHOOL_CLASS: D(younger), YOUNGER: D(younger), OLDER: D(older)}
        for category, share in shares.items():
            if share:
                found[(name, category)] = [(share * (spring if month <= 7 else autumn)[category]).quantize(D(1))
                                           for month in range(1, 13)]
        for category, count in ((ADAPTED, adapted), (NEWLY_ARRIVED, arrived)):
            if count:
                found[(name, category)] = [D(count)] * 12
    return found


def volumes(population: tuple[PopulationCount, ...], year: int) -> tuple[UnitVolume, ...]:
    """Twelve months of pupils per school and category in `year`, January–March with actual pupils
    (the forecast −2 … +2, varying by school, category and month)."""
    rows = []
    for number, ((school, category), months) in enumerate(_forecasts(population, year).items()):
        for month, forecast in enumerate(months, start=1):
            actual = forecast + (number * 7 + month * 3) % 5 - 2 if month in ACTUAL_MONTHS else None
            rows.append(UnitVolume(COMMITTEE, school, category, year, month, forecast,
                                   None if actual is None else max(actual, D(0))))
    return tuple(rows)


def allocation_tables(population: tuple[PopulationCount, ...], year: int) -> dict[str, tuple]:
    """The `PlanningData` fields of GSN's allocation to its schools in `year`."""
    return {"units": units(), "allocation_rules": rules(), "allocation_amounts": amounts(),
            "unit_volumes": volumes(population, year)}
