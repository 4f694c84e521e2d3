"""Shared test helpers: small planning data sets that read like the domain."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ramkalk.model import (
    AdoptedFrame,
    Committee,
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
    """The worked example of DOMAIN.md: GSN, ram 2025 = 2 000 000 000, engångs 20 000 000."""
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
