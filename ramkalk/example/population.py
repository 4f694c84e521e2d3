"""Exempelstad's population by single-year age, 2023–2030, from a simple cohort model.

The population on 31 December 2023 is built backwards: each birth cohort starts from
a plausible number of births for its year (a Swedish-like curve with the 1940s and
1960s baby booms, the 1990 peak and the late-1990s dip, plus a little seeded noise)
and is carried forward by survival and net migration to its age in 2023. The years
2024–2030 are then projected forwards: every age ages one year, a new cohort is born,
mortality rises with age (Gompertz-like) and young adults move in (a college town)
while a few families and pensioners move out. Ages 100 and older are one group.

Everything is `Decimal` and seeded, so the result is the same on every run. Counts
are whole persons. 2023–2025 are outcomes (Utfall), 2026–2030 forecasts (Prognos).
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from ramkalk.schema.inputs import PopulationCount, PopulationKind

FIRST_YEAR = 2023
LAST_OUTCOME_YEAR = 2025
LAST_YEAR = 2030
TOP_AGE = 100  # 100 means "100 and older"
OLDEST_COHORT_AGE = 110  # cohorts older than this in 2023 are taken as extinct

ONE = Decimal(1)

# Births in the years after the first stock year (outcomes 2024–2025, forecast after).
BIRTHS = {2024: 1158, 2025: 1136, 2026: 1121, 2027: 1128, 2028: 1142, 2029: 1163, 2030: 1171}

# Anchor years of the historic births curve and births in Exempelstad that year;
# the years between are interpolated linearly.
HISTORIC_BIRTHS = (
    (1910, 960),
    (1920, 1010),
    (1933, 770),
    (1944, 1180),
    (1955, 900),
    (1965, 1090),
    (1978, 850),
    (1990, 1190),
    (1999, 860),
    (2010, 1130),
    (2016, 1190),
    (2023, 1150),
)

# Net migration as a yearly rate by age band (age_from, age_to, rate).
MIGRATION = (
    (0, 5, Decimal("0.006")),
    (6, 15, Decimal("0.002")),
    (16, 18, Decimal("0")),
    (19, 24, Decimal("0.042")),
    (25, 29, Decimal("-0.018")),
    (30, 44, Decimal("0.008")),
    (45, 64, Decimal("-0.001")),
    (65, 79, Decimal("-0.002")),
    (80, OLDEST_COHORT_AGE, Decimal("0")),
)


def mortality(age: int) -> Decimal:
    """The probability of dying within a year at `age`: low in childhood, Gompertz from mid-life."""
    if age == 0:
        return Decimal("0.0022")
    gompertz = Decimal("0.16") * (Decimal("0.1") * (age - 90)).exp()
    return min(max(gompertz, Decimal("0.0001")), Decimal("0.6"))


def migration(age: int) -> Decimal:
    """The yearly net migration rate at `age`."""
    return next(rate for low, high, rate in MIGRATION if low <= age <= high)


def historic_births(year: int) -> Decimal:
    """Births in `year` by the historic curve (before the first stock year's successors)."""
    for (y0, b0), (y1, b1) in zip(HISTORIC_BIRTHS, HISTORIC_BIRTHS[1:]):
        if y0 <= year <= y1:
            return Decimal(b0) + Decimal(b1 - b0) * Decimal(year - y0) / Decimal(y1 - y0)
    return Decimal(HISTORIC_BIRTHS[0][1] if year < HISTORIC_BIRTHS[0][0] else HISTORIC_BIRTHS[-1][1])


def age_one_year(count: Decimal, age: int) -> Decimal:
    """Persons aged `age` a year later, aged `age + 1`: survival, then net migration."""
    return count * (ONE - mortality(age)) * (ONE + migration(age + 1))


def first_stock() -> list[Decimal]:
    """Persons by age 0..OLDEST_COHORT_AGE on 31 December of FIRST_YEAR (not yet rounded)."""
    noise = random.Random(1971)
    stock = []
    for age in range(OLDEST_COHORT_AGE + 1):
        factor = ONE + Decimal(noise.randint(-40, 40)) / 1000
        count = historic_births(FIRST_YEAR - age) * factor * (ONE - mortality(0))
        for younger in range(age):
            count = age_one_year(count, younger)
        stock.append(count)
    return stock


def next_year(stock: list[Decimal], births: int) -> list[Decimal]:
    """The stock a year later: every age one year older, a new cohort at age 0, TOP_AGE open."""
    aged = [age_one_year(count, age) for age, count in enumerate(stock)]
    newborn = Decimal(births) * (ONE - mortality(0))
    top = sum(aged[TOP_AGE - 1 :], Decimal(0))
    return [newborn] + aged[: TOP_AGE - 1] + [top]


def whole(count: Decimal) -> Decimal:
    return count.quantize(ONE, rounding=ROUND_HALF_EVEN)


def by_age(stock: list[Decimal]) -> list[Decimal]:
    """Whole persons at ages 0..TOP_AGE, the last one "TOP_AGE and older"."""
    return [whole(c) for c in stock[:TOP_AGE]] + [whole(sum(stock[TOP_AGE:], Decimal(0)))]


@lru_cache(maxsize=1)
def population() -> tuple[PopulationCount, ...]:
    """Exempelstad's population on 31 December of every year 2023–2030, by age 0–100."""
    stock = first_stock()
    stock = stock[:TOP_AGE] + [sum(stock[TOP_AGE:], Decimal(0))]
    rows: list[PopulationCount] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year > FIRST_YEAR:
            stock = next_year(stock, BIRTHS[year])
        kind = PopulationKind.OUTCOME if year <= LAST_OUTCOME_YEAR else PopulationKind.FORECAST
        rows.extend(PopulationCount(year, age, count, kind) for age, count in enumerate(by_age(stock)))
    return tuple(rows)
