"""Indexed views of validated planning data, shared by the calculation rules.

`Lookups` answers the questions the rules ask (the index of a year, a group's volume,
last year's adopted frame) in constant time. It assumes the data passed validation;
asking for something validation guarantees but that is missing is misuse and raises
`LookupError` with the missing key.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cached_property
from itertools import accumulate

from ramkalk.indexation import IndexPart, composite_index, index_parts
from ramkalk.model import (
    AdoptedFrame,
    Committee,
    CostShare,
    CostTypeRate,
    Decision,
    EfficiencyBase,
    IndexYear,
    InternalPrice,
    InternalService,
    Outcome,
    PlanningData,
    PopulationCount,
    PopulationKind,
    VolumeDefinition,
    VolumeGroup,
)
from ramkalk.money import ONE, ZERO


class Lookups:
    """Constant-time access to the parts of `PlanningData` the rules need."""

    def __init__(self, data: PlanningData) -> None:
        self.data = data
        self.index: dict[int, IndexYear] = {row.year: row for row in data.index}
        self.adopted: dict[tuple[str, int], AdoptedFrame] = {
            (row.committee, row.year): row for row in data.frames
        }
        groups: dict[str, list[VolumeGroup]] = defaultdict(list)
        for group in data.volume_groups:
            groups[group.committee].append(group)
        self.groups = {code: tuple(found) for code, found in groups.items()}
        decisions: dict[tuple[str, int], list[Decision]] = defaultdict(list)
        for decision in data.decisions:
            decisions[(decision.committee, decision.year)].append(decision)
        self.decisions = {key: tuple(found) for key, found in decisions.items()}
        self._population_sums: dict[tuple[int, int, int], Decimal] = {}
        self._forecasts: dict[int, dict[int, list[Decimal]]] = {}
        self._prices: dict[tuple[str, str, int], Decimal] = {}
        self._blended: dict[tuple[str, int], Decimal] = {}
        self._parts: dict[tuple[str, int], list[IndexPart]] = {}
        structure: dict[str, list[CostShare]] = defaultdict(list)
        for item in data.cost_structure:
            structure[item.committee].append(item)
        self.cost_structure = dict(structure)
        self.cost_rates = {(rate.year, rate.cost_type.casefold()): rate for rate in data.cost_index}
        self.participation = {(p.committee, p.group, p.year): p.share for p in data.participation}
        self._participating = {(p.committee, p.group) for p in data.participation}
        self.efficiency_after_indexation = data.settings.efficiency_base is EfficiencyBase.BASE_AFTER_INDEXATION

    @cached_property
    def _population(self) -> dict[int, list[Decimal]]:
        """Year -> cumulative population by age (cum[a] = persons aged below a), from the
        population as now known: the outcome where there is one, else the newest forecast."""
        return _cumulative(current_population(self.data.population))

    @cached_property
    def outcome_years(self) -> frozenset[int]:
        """The years the population table has an outcome for."""
        return frozenset(r.year for r in self.data.population if r.kind is PopulationKind.OUTCOME)

    @cached_property
    def earliest_forecast(self) -> dict[int, int]:
        """Year -> the earliest Prognosår of a forecast of that year (forecasts without one left out)."""
        found: dict[int, int] = {}
        for r in self.data.population:
            if r.kind is PopulationKind.FORECAST and r.forecast_year is not None:
                found[r.year] = min(found.get(r.year, r.forecast_year), r.forecast_year)
        return found

    def forecast_population(self, made_by: int) -> dict[int, list[Decimal]]:
        """Like `_population`, but as known in `made_by`, when the frame of `made_by + 1` was
        computed (`ramkalk.ex_post`): the outcomes of the years before `made_by` and the newest
        forecast made in or before `made_by` (Prognosår)."""
        kept = self._forecasts.get(made_by)
        if kept is None:
            rows = [r for r in self.data.population
                    if (r.year < made_by if r.kind is PopulationKind.OUTCOME
                        else r.forecast_year is not None and r.forecast_year <= made_by)]
            kept = self._forecasts[made_by] = _cumulative(current_population(rows))
        return kept

    def index_of(self, year: int) -> IndexYear:
        try:
            return self.index[year]
        except KeyError:
            raise LookupError(f"index för {year} saknas") from None

    def blended_index(self, committee: Committee, year: int) -> Decimal:
        """The committee's composite index for `year` (see `ramkalk.indexation`); without a cost
        structure, pay revision month or PO-pålägg: s × wage increase + (1 − s) × price increase."""
        key = (committee.code, year)
        cached = self._blended.get(key)
        if cached is None:
            cached = composite_index(self.index_parts(committee, year))
            self._blended[key] = cached
        return cached

    def index_parts(self, committee: Committee, year: int) -> list[IndexPart]:
        """The parts of the committee's index for `year` (see `ramkalk.indexation`), kept."""
        key = (committee.code, year)
        cached = self._parts.get(key)
        if cached is None:
            cached = index_parts(committee, year, self)
            self._parts[key] = cached
        return cached

    def cost_rate(self, cost_type: str, year: int) -> CostTypeRate:
        try:
            return self.cost_rates[(year, cost_type.casefold())]
        except KeyError:
            raise LookupError(f"kostnadsindex för {cost_type} {year} saknas") from None

    def population(self, year: int, age_from: int, age_to: int,
                   table: dict[int, list[Decimal]] | None = None) -> Decimal:
        """Persons aged age_from..age_to on 31 December of `year`; the top age means "and older".
        table: a population other than the one now known (`forecast_population`)."""
        if table is not None:
            return _between(table, year, age_from, age_to)
        key = (year, age_from, age_to)
        cached = self._population_sums.get(key)
        if cached is None:
            cached = self._population_sums[key] = _between(self._population, year, age_from, age_to)
        return cached

    def persons(self, group: VolumeGroup, year: int, table: dict[int, list[Decimal]] | None = None) -> Decimal:
        """The population a group counts in `year`: on 31 December of the year or, for the
        volume definition Medel, the mean of that and the year before."""
        persons = self.population(year, group.age_from, group.age_to, table)
        if group.volume_definition is VolumeDefinition.MEAN:
            persons = (self.population(year - 1, group.age_from, group.age_to, table) + persons) / 2
        return persons

    def has_participation(self, group: VolumeGroup) -> bool:
        """Whether the workbook gives the group's participation share for some year."""
        return (group.committee, group.name) in self._participating

    def weight(self, group: VolumeGroup, year: int) -> Decimal:
        """The group's weight in `year`: its participation share that year (Deltagande), if
        given, else its weight."""
        return self.participation.get((group.committee, group.name, year), group.weight)

    def volume(self, group: VolumeGroup, year: int, table: dict[int, list[Decimal]] | None = None) -> Decimal:
        """The group's volume in `year`: weight × the population it counts (in `table`, if given)."""
        return self.weight(group, year) * self.persons(group, year, table)

    def price(self, committee: Committee, group: VolumeGroup, year: int) -> Decimal:
        """The group's price tag for `year`: its stated price indexed year by year with the
        committee's blended index, forward (and, for a year before the price year, back)."""
        key = (committee.code, group.name, year)
        cached = self._prices.get(key)
        if cached is None:
            if year == group.price_year:
                cached = group.price
            elif year > group.price_year:
                cached = self.price(committee, group, year - 1) * (ONE + self.blended_index(committee, year))
            else:
                cached = self.price(committee, group, year + 1) / (ONE + self.blended_index(committee, year + 1))
            self._prices[key] = cached
        return cached

    def adopted_frame(self, committee: str, year: int) -> AdoptedFrame:
        try:
            return self.adopted[(committee, year)]
        except KeyError:
            raise LookupError(f"fastställd ram för {committee} {year} saknas") from None

    def decisions_of(self, committee: str, year: int) -> tuple[Decision, ...]:
        return self.decisions.get((committee, year), ())

    @cached_property
    def internal_services(self) -> dict[str, tuple[InternalService, ...]]:
        """Committee code -> its internal services, in workbook order."""
        found: dict[str, list[InternalService]] = defaultdict(list)
        for service in self.data.internal_services:
            found[service.committee].append(service)
        return {code: tuple(services) for code, services in found.items()}

    def internal_price(self, service: str, year: int) -> InternalPrice:
        try:
            return self._internal_prices[(service.casefold(), year)]
        except KeyError:
            raise LookupError(f"internpris för {service} {year} saknas") from None

    @cached_property
    def _internal_prices(self) -> dict[tuple[str, int], InternalPrice]:
        return {(p.service.casefold(), p.year): p for p in self.data.internal_prices}

    @cached_property
    def outcomes(self) -> dict[str, tuple[Outcome, ...]]:
        """Committee code -> its outcomes, by year."""
        found: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in sorted(self.data.outcomes, key=lambda o: o.year):
            found[outcome.committee].append(outcome)
        return {code: tuple(outcomes) for code, outcomes in found.items()}

    def groups_of(self, committee: Committee) -> tuple[VolumeGroup, ...]:
        """The committee's volume groups; none if it has no automatic volume."""
        if not committee.automatic_volume:
            return ()
        return self.groups.get(committee.code, ())


def current_population(rows: list[PopulationCount] | tuple[PopulationCount, ...]) -> dict[tuple[int, int], Decimal]:
    """(year, age) -> count: the outcome if there is one, else the newest forecast (a forecast
    without Prognosår counts as the newest)."""
    rank: dict[tuple[int, int], tuple[int, int]] = {}
    counts: dict[tuple[int, int], Decimal] = {}
    for row in rows:
        key = (row.year, row.age)
        made = row.forecast_year if row.forecast_year is not None else 10_000
        order = (1 if row.kind is PopulationKind.OUTCOME else 0, made)
        if key not in rank or order > rank[key]:
            rank[key], counts[key] = order, row.count
    return counts


def _cumulative(counts: dict[tuple[int, int], Decimal]) -> dict[int, list[Decimal]]:
    """Year -> cumulative population by age: cum[a] = persons aged below a."""
    by_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (year, age), count in counts.items():
        by_year[year][age] = count
    cumulative = {}
    for year, by_age_count in by_year.items():
        by_age = [ZERO] * (max(by_age_count) + 1)
        for age, count in by_age_count.items():
            by_age[age] = count
        cumulative[year] = list(accumulate(by_age, initial=ZERO))
    return cumulative


def _between(table: dict[int, list[Decimal]], year: int, age_from: int, age_to: int) -> Decimal:
    try:
        cum = table[year]
    except KeyError:
        raise LookupError(f"befolkning för {year} saknas") from None
    top = len(cum) - 1
    return cum[min(age_to + 1, top)] - cum[min(age_from, top)]
