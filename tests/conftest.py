"""Shared test helpers: small planning data sets that read like the domain."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    CostShare,
    CostTypeRate,
    Decision,
    IndexYear,
    PlanningData,
    PopulationCount,
    Settings,
    VolumeGroup,
)

D = Decimal


def population(counts_by_year: dict[int, dict[tuple[int, int], int]], top_age: int = 100) -> tuple[PopulationCount, ...]:
    """Population rows for every age 0..top_age; `counts_by_year[year][(from, to)]` is the
    total for an age range, spread evenly over its ages (ages not named get 0)."""
    rows = []
    for year, ranges in counts_by_year.items():
        per_age = {}
        for (low, high), total in ranges.items():
            ages = range(low, high + 1)
            for age in ages:
                per_age[age] = D(total) / len(ages)
        rows.extend(PopulationCount(year, age, per_age.get(age, D(0))) for age in range(top_age + 1))
    return tuple(rows)


def worked_example(plan_years: int = 0, decisions: tuple[Decision, ...] = ()) -> PlanningData:
    """The worked example of docs/ramberakning.md ("Räkneexempel: Grundskolenämnden"): GSN, ram 2025 = 2 000 000 000, engångs 20 000 000."""
    years = range(2026, 2027 + plan_years)
    pupils = {2025: 11_800, 2026: 11_900, 2027: 12_000, 2028: 12_050, 2029: 12_050}
    return PlanningData(
        settings=Settings("Exempel", 2026, plan_years),
        committees=(Committee("GSN", "Grundskolenämnden", D("0.60")),),
        index=tuple(IndexYear(y, D("0.033"), D("0.018"), D("0.01")) for y in years),
        frames=(AdoptedFrame("GSN", 2025, D(2_000_000_000), D(20_000_000)),),
        population=population({y: {(6, 15): pupils[y]} for y in range(2025, 2027 + plan_years)}),
        volume_groups=(VolumeGroup("GSN", "grundskola", 6, 15, D(1), D(110_000), 2026, D(1)),),
        decisions=decisions,
    )


@pytest.fixture
def example_data() -> PlanningData:
    return worked_example()


RATES = {  # cost type: (2026, 2027)
    "Entreprenader": ("0.03", "0.025"),
    "Hyror": ("0.02", "0.03"),
    "Livsmedel": ("0.04", "0.02"),
    "Övrigt": ("0.016", "0.02"),
}
SHARES = {"Entreprenader": "0.5", "Hyror": "0.25", "Livsmedel": "0.125", "Övrigt": "0.125"}


def by_cost_type(shares: dict[str, str] = SHARES) -> PlanningData:
    """The cost-type example of tests/test_indexation.py and docs/ramberakning.md ("Uppräkning
    per kostnadsslag"): 100 mnkr, wage share 60 %, wages revised in April, PO 39 % → 40 % in
    2026, four cost types."""
    return PlanningData(
        settings=Settings("Test", 2026, 1, pay_revision_month=4),
        committees=(Committee("VÄN", "Vård- och äldrenämnden", D("0.6"), automatic_volume=False),),
        index=(
            IndexYear(2025, D("0.04"), D("0.02"), D(0), payroll_overhead=D("0.39")),
            IndexYear(2026, D("0.03"), D("0.02"), D(0), payroll_overhead=D("0.40")),
            IndexYear(2027, D("0.024"), D("0.02"), D(0), payroll_overhead=D("0.40")),
        ),
        frames=(AdoptedFrame("VÄN", 2025, D(100_000_000)),),
        cost_structure=tuple(CostShare("VÄN", kind, D(share)) for kind, share in shares.items()),
        cost_index=tuple(CostTypeRate(year, kind, D(rates[i]), "PKV april")
                         for kind, rates in RATES.items() for i, year in enumerate((2026, 2027))),
    )


@pytest.fixture(scope="session")
def small_workbook(tmp_path_factory) -> Path:
    """Småby's workbook (tests/small_workbook.py), written once per session with the add-in's
    sheet Beräkning, as `ramkalk exempel` writes Exempelstad's. Read it; copy it to change it."""
    from small_workbook import write_smaby

    return write_smaby(tmp_path_factory.mktemp("smaby") / "smaby.xlsx")
