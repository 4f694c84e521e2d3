"""Each committee's own rows, and its frames computed from them alone, without balancing.

Without a balancing requirement a committee's frames depend only on its own rows (its frames,
volume groups, decisions, participation, internal services, outcomes, ...: every table whose
rows name a committee) and the shared tables (index, cost index, population, internal prices,
...). So a change that touches one committee's rows needs only that committee recomputed, on
its own rows: what `ramkalk.calculation.sensitivity` (a volume group's scenario) and
`ramkalk.calculation.version_diff` (a changed row) do, which keeps both linear in the work.
`tests/test_sensitivity.py` and `tests/test_version_diff.py` check the result against a full
recalculation. Pure.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

from ramkalk.calculation.frames import MODELS, run_chain
from ramkalk.core.frame import Frame
from ramkalk.rules.lookups import Lookups, PopulationTable
from ramkalk.schema.inputs import BalancingRule, PlanningData
from ramkalk.schema.tables import TABLES


def without_balancing(data: PlanningData) -> PlanningData:
    """`data` with the balancing requirement turned off."""
    return dataclasses.replace(data, settings=dataclasses.replace(data.settings, balancing=BalancingRule.NONE))


COMMITTEE_TABLES = frozenset(table.field for table in TABLES if any(c.field == "committee" for c in table.columns))
"""The `PlanningData` fields whose rows name a committee (its column `Nämnd`)."""


def own_rows(data: PlanningData) -> dict[str, PlanningData]:
    """Each committee's data: the committee, its own rows of every table whose rows name a
    committee and every other table whole. Without balancing its frames are the same as in `data`:
    a rule reads only the committee's own rows and the shared tables, and a supplement
    (`ramkalk.rules.components`) that its own rows do not use gives it nothing in `data` either."""
    tables: dict[str, defaultdict[str, list]] = {}
    for name in COMMITTEE_TABLES:
        tables[name] = by_committee = defaultdict(list)
        for row in getattr(data, name):
            by_committee[row.committee].append(row)
    return {c.code: dataclasses.replace(data, committees=(c,), **{
        name: tuple(by_committee.get(c.code, ())) for name, by_committee in tables.items()})
        for c in data.committees}


class KnownPopulation(Lookups):
    """The lookups of changed data, asking `known` (the lookups of data with the same population)
    for the population, so that its tables are built once, not for every change."""

    def __init__(self, data: PlanningData, known: Lookups) -> None:
        super().__init__(data)
        self.known = known

    def population(self, year: int, age_from: int, age_to: int, table: PopulationTable | None = None) -> Decimal:
        return self.known.population(year, age_from, age_to, table)

    def forecast_population(self, made_by: int) -> PopulationTable:
        return self.known.forecast_population(made_by)

    @property
    def outcome_years(self) -> frozenset[int]:
        return self.known.outcome_years

    @property
    def earliest_forecast(self) -> dict[int, int]:
        return self.known.earliest_forecast


def unbalanced_frames(data: PlanningData, known: Lookups) -> tuple[Frame, ...]:
    """Every committee's frames in `data` by its own model, without a balancing requirement,
    comparison chains or rooms. `known`: the lookups of data with the same population."""
    return run_chain(data, KnownPopulation(data, known), lambda committee: MODELS[committee.model])
