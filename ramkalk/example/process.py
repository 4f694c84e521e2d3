"""Exempelstad's budget process: versions, an earlier population forecast, internal services
and the outcome of 2025.

- Versions: the rows of `ramkalk.example.municipality` belong to every version (they are the June frame
  decision). In October the municipal executive board (KS) proposes SKR's October rates for
  2027 and changes two decisions; in November the council (KF) adds one. The scenario
  "Högre löner" branches from November with a higher wage increase for 2027.
- The forecast of 2025 made in 2024 (Prognosår 2024), before the outcome was known: it
  expected more school children than there were, so the school groups' ex-post correction
  (efterhandsjustering) takes money back in 2027.
- Internal services (IT, lokaler, måltider) for four committees, with internal prices that
  rise faster than the price index, under each compensation rule.
- The outcome of 2025 for every committee, and result rules: GSN recovers its deficit over
  three years, VÄN gets its surplus back the year after, KFN keeps its surplus up to a cap.

Plain data, like the rest of the example.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.schema.inputs import (
    Compensation,
    Decision,
    DecisionType,
    Duration,
    IndexYear,
    InternalPrice,
    InternalService,
    Outcome,
    PopulationCount,
    PopulationKind,
    ResultRule,
    Scenario,
)

D = Decimal
KS_OCT = "KS 2026-10-12"
KF_NOV = "KF 2026-11-23"

SCENARIOS = (
    Scenario("Högre löner", "November", "Löneökningen 2027 blir 4,0 % i stället för SKR:s 3,3 %"),
)

# SKR's October forecast for 2027, proposed by KS in October.
OCTOBER_INDEX = (
    (2027, "0.033", "0.024", "0.0075", "SKR cirkulär 26:41, PKV oktober 2026; KS 2026-10-12 § 140", "Oktober"),
    (2027, "0.040", "0.024", "0.0075", "Scenario: lönerna ökar mer än SKR:s prognos", "Högre löner"),
)

# committee, year, amount (kr), type, duration, focus area, description, version
VERSIONED_DECISIONS = (
    ("GSN", 2027, 15_000_000, DecisionType.INVESTMENT, Duration.PERMANENT, "Barn och unga",
     "KF 2026-06-15 § 87 Fler lärare i läsa-skriva-räkna", "Oktober"),
    ("IFO", 2027, 12_000_000, DecisionType.VOLUME, Duration.ONE_OFF, "Trygghet",
     "KF 2026-06-15 § 91 Tillfälligt fler placeringar av barn och unga", "Oktober"),
    ("KFN", 2027, -1_000_000, DecisionType.SAVING, Duration.PERMANENT, None,
     f"{KS_OCT} § 141 Minskade öppettider på biblioteksfilialerna", "Oktober"),
    ("TN", 2027, 2_500_000, DecisionType.INVESTMENT, Duration.ONE_OFF, "Klimat och miljö",
     f"{KF_NOV} § 180 Trädplantering längs infarterna", "November"),
)

# The forecast of 2025 made in 2024 was this much higher than the outcome, by age band.
EARLIER_FORECAST_ERROR = ((6, 15, D("1.005")),)

# committee, service, cost 2026 (kr), compensation
INTERNAL_SERVICES = (
    ("KS", "IT", 21_000_000, Compensation.FULL),
    ("GSN", "IT", 38_000_000, Compensation.INDEX),
    ("GSN", "Lokaler", 262_000_000, Compensation.INDEX),
    ("FSN", "Måltider", 41_000_000, Compensation.FULL),
    ("VÄN", "Måltider", 58_000_000, Compensation.NONE),
    ("VÄN", "Lokaler", 187_000_000, Compensation.INDEX),
)

# service, rate 2027–2030, source
INTERNAL_PRICES = (
    ("IT", ("0.050", "0.045", "0.040", "0.040"), "IT-avdelningens prislista 2027, KS 2026-10-12 § 142"),
    ("Lokaler", ("0.034", "0.030", "0.028", "0.027"), "Internhyresmodellen: KPI + underhållsplan"),
    ("Måltider", ("0.045", "0.040", "0.035", "0.035"), "Kostenhetens prislista 2027"),
)

# committee, net cost 2025 (kr); the adopted frames 2025 are in ramkalk.example.municipality
OUTCOMES_2025 = (
    ("KS", 385_900_000), ("FSN", 779_800_000), ("GSN", 1_418_300_000), ("GYN", 531_100_000),
    ("VÄN", 1_302_000_000), ("SON", 879_400_000), ("IFO", 497_300_000), ("KFN", 186_600_000),
    ("SBN", 115_900_000), ("TN", 292_500_000), ("MSN", 47_100_000),
)

# committee, rule, years a returned result is spread over, cap (kr)
RESULT_RULES = {
    "GSN": (ResultRule.RETURN, 3, None),
    "VÄN": (ResultRule.RETURN, 1, None),
    "KFN": (ResultRule.KEEP, 1, D(5_000_000)),
}


def index_rows(years: dict[int, IndexYear]) -> tuple[IndexYear, ...]:
    """The versioned index rows, with the PO-pålägg of the row they replace."""
    return tuple(
        IndexYear(year, D(wage), D(price), D(eff), source, years[year].payroll_overhead, version)
        for year, wage, price, eff, source, version in OCTOBER_INDEX
    )


def decisions() -> tuple[Decision, ...]:
    return tuple(Decision(code, year, D(amount), kind, duration, focus, text, version)
                 for code, year, amount, kind, duration, focus, text, version in VERSIONED_DECISIONS)


def earlier_forecast(population: tuple[PopulationCount, ...], year: int = 2025,
                     made: int = 2024) -> tuple[PopulationCount, ...]:
    """The forecast of `year` made in `made`: the outcome, off by EARLIER_FORECAST_ERROR."""
    def forecast(row: PopulationCount) -> Decimal:
        factor = next((f for low, high, f in EARLIER_FORECAST_ERROR if low <= row.age <= high), D(1))
        return (row.count * factor).quantize(D(1))

    return tuple(PopulationCount(row.year, row.age, forecast(row), PopulationKind.FORECAST, made)
                 for row in population if row.year == year and row.kind is PopulationKind.OUTCOME)


def internal_services() -> tuple[InternalService, ...]:
    return tuple(InternalService(code, service, D(cost), rule) for code, service, cost, rule in INTERNAL_SERVICES)


def internal_prices(first_year: int) -> tuple[InternalPrice, ...]:
    return tuple(InternalPrice(service, first_year + i, D(rate), source)
                 for service, rates, source in INTERNAL_PRICES for i, rate in enumerate(rates))


def outcomes() -> tuple[Outcome, ...]:
    return tuple(Outcome(code, 2025, D(net_cost)) for code, net_cost in OUTCOMES_2025)
