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
from itertools import accumulate, groupby
from operator import attrgetter
from typing import Callable, NamedTuple, TypeVar

from ramkalk.core.money import ONE, ZERO
from ramkalk.rules.indexation import CommitteeIndex, PersonnelRate, committee_index, personnel_rates
from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    CommitteeRates,
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

T = TypeVar("T")


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
        first, last = data.settings.budget_year - 1, data.settings.years[-1]  # (the year before: one ending)
        for decision in data.decisions:
            if decision.to_year is None:
                decisions[(decision.committee, decision.year)].append(decision)
            else:  # a time-limited decision counts in every computed year of its span
                for year in range(max(decision.year, first), min(decision.to_year, last) + 1):
                    decisions[(decision.committee, year)].append(decision)
        self.decisions = {key: tuple(found) for key, found in decisions.items()}
        self._population_sums: dict[tuple[int, int, int], Decimal] = {}
        self._forecasts: dict[int, PopulationTable] = {}
        self._prices: dict[tuple[str, str, int], Decimal] = {}
        self._tag_prices: dict[tuple[str, str, int], Decimal] = {}
        self._volumes: dict[tuple[str, str, int], Decimal] = {}
        self._indexes: dict[tuple[str, int], CommitteeIndex] = {}
        self._personnel_rates: dict[int, tuple[PersonnelRate, ...]] = {}
        self._internal_costs: dict[tuple[int, int], Decimal] = {}  # (id of the service's row, year) -> kr
        self._kept: dict[tuple, object] = {}
        structure: dict[str, list[CostShare]] = defaultdict(list)
        for item in data.cost_structure:
            structure[item.committee].append(item)
        self.cost_structure = dict(structure)
        self.cost_rates = {(rate.year, rate.cost_type.casefold()): rate for rate in data.cost_index}
        self.participation = {(p.committee, p.group, p.year): p.share for p in data.participation}
        self._participating = {(p.committee, p.group) for p in data.participation}
        self.committee_rates = {(r.committee, r.year): r for r in data.committee_rates}
        self.efficiency_after_indexation = data.settings.efficiency_base is EfficiencyBase.BASE_AFTER_INDEXATION

    @cached_property
    def _editions(self) -> list[Edition]:
        """The population by edition (the outcome; each forecast, by Prognosår) and year, from
        the lowest rank to the highest (see `Edition.rank`), rows in workbook order."""
        by_edition: dict[tuple[PopulationKind, int | None], dict[int, list[PopulationCount]]] = {}
        # One pass in C (groupby over attrgetter, extend) rather than a Python loop over every
        # row: this runs for every Calculation, and a workbook lists its population edition by
        # edition and year by year, so the runs of rows are long.
        for (kind, made, year), rows in groupby(self.data.population, _EDITION_AND_YEAR):
            by_edition.setdefault((kind, made), {}).setdefault(year, []).extend(rows)
        return sorted((Edition(kind, made, years) for (kind, made), years in by_edition.items()),
                      key=lambda edition: edition.rank)

    @cached_property
    def _population(self) -> PopulationTable:
        """The population as now known: the outcome where there is one, else the newest forecast."""
        return PopulationTable([edition.years for edition in self._editions])

    @cached_property
    def outcome_years(self) -> frozenset[int]:
        """The years the population table has an outcome for."""
        return frozenset(year for edition in self._editions if edition.kind is PopulationKind.OUTCOME
                         for year in edition.years)

    @cached_property
    def earliest_forecast(self) -> dict[int, int]:
        """Year -> the earliest Prognosår of a forecast of that year (forecasts without one left out)."""
        found: dict[int, int] = {}
        for edition in self._editions:
            if edition.kind is PopulationKind.FORECAST and edition.made is not None:
                for year in edition.years:
                    found[year] = min(found.get(year, edition.made), edition.made)
        return found

    def forecast_population(self, made_by: int) -> PopulationTable:
        """Like `_population`, but as known in `made_by`, when the frame of `made_by + 1` was
        computed (`ramkalk.rules.ex_post`): the outcomes of the years before `made_by` and the newest
        forecast made in or before `made_by` (Prognosår)."""
        kept = self._forecasts.get(made_by)
        if kept is None:
            known = []
            for edition in self._editions:
                if edition.kind is PopulationKind.OUTCOME:
                    known.append({year: rows for year, rows in edition.years.items() if year < made_by})
                elif edition.made is not None and edition.made <= made_by:
                    known.append(edition.years)
            kept = self._forecasts[made_by] = PopulationTable(known)
        return kept

    def kept(self, key: tuple, make: Callable[[], T]) -> T:
        """What a rule works out once per calculation and asks for frame after frame: `make()`,
        kept under `key` (the rule's name first, e.g. ("resultat", committee code))."""
        try:
            return self._kept[key]
        except KeyError:
            found = self._kept[key] = make()
            return found

    def index_of(self, year: int) -> IndexYear:
        try:
            return self.index[year]
        except KeyError:
            raise LookupError(f"index för {year} saknas") from None

    def committee_index(self, committee: Committee, year: int) -> CommitteeIndex:
        """The committee's index for `year` (see `ramkalk.rules.indexation.committee_index`), kept."""
        key = (committee.code, year)
        kept = self._indexes.get(key)
        if kept is None:
            kept = self._indexes[key] = committee_index(committee, year, self)
        return kept

    def personnel_rates(self, year: int) -> tuple[PersonnelRate, ...]:
        """The rates of the personnel part of every committee's index for `year` (see
        `ramkalk.rules.indexation.personnel_rates`), kept."""
        kept = self._personnel_rates.get(year)
        if kept is None:
            kept = self._personnel_rates[year] = personnel_rates(year, self)
        return kept

    def blended_index(self, committee: Committee, year: int) -> Decimal:
        """The committee's composite index for `year` (see `ramkalk.rules.indexation`); without a cost
        structure, pay revision month or PO-pålägg: s × wage increase + (1 − s) × price increase."""
        return self.committee_index(committee, year).index

    def cost_rate(self, cost_type: str, year: int) -> CostTypeRate:
        try:
            return self.cost_rates[(year, cost_type.casefold())]
        except KeyError:
            raise LookupError(f"kostnadsindex för {cost_type} {year} saknas") from None

    def population(self, year: int, age_from: int, age_to: int,
                   table: PopulationTable | None = None) -> Decimal:
        """Persons aged age_from..age_to on 31 December of `year`; the top age means "and older".
        table: a population other than the one now known (`forecast_population`)."""
        if table is not None:
            return _between(table, year, age_from, age_to)
        key = (year, age_from, age_to)
        cached = self._population_sums.get(key)
        if cached is None:
            cached = self._population_sums[key] = _between(self._population, year, age_from, age_to)
        return cached

    def persons(self, group: VolumeGroup, year: int, table: PopulationTable | None = None) -> Decimal:
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

    def volume(self, group: VolumeGroup, year: int, table: PopulationTable | None = None) -> Decimal:
        """The group's volume in `year`: weight × the population it counts (in `table`, if given).
        Kept for the population as now known: every year's volume is also the year after's "year before"."""
        if table is not None:
            return self.weight(group, year) * self.persons(group, year, table)
        key = (group.committee, group.name, year)
        kept = self._volumes.get(key)
        if kept is None:
            kept = self._volumes[key] = self.weight(group, year) * self.persons(group, year)
        return kept

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

    def tag_price(self, committee: Committee, group: VolumeGroup, year: int) -> Decimal:
        """The group's price tag for `year` in the price-tag model: `price`, but with the setting
        Effektivisering av prislappar (Ja, the default) indexed each year after its price year by
        `tag_factor`, the committee's index less its efficiency requirement (and back the same way)."""
        if not self.data.settings.price_tag_efficiency:
            return self.price(committee, group, year)
        key = (committee.code, group.name, year)
        cached = self._tag_prices.get(key)
        if cached is None:
            cached = group.price
            for each in range(group.price_year + 1, year + 1):  # forward from the price year ...
                cached *= self.tag_factor(committee, each)
            for each in range(group.price_year, year, -1):  # ... or back to a year before it
                cached /= self.tag_factor(committee, each)
            self._tag_prices[key] = cached
        return cached

    def tag_factor(self, committee: Committee, year: int) -> Decimal:
        """What a price tag is multiplied by from `year − 1` to `year` with the efficiency requirement on
        it: 1 + index − eff, or (1 + index) × (1 − eff) with Effektiviseringsbas = Bas efter uppräkning."""
        index, efficiency = self.blended_index(committee, year), self.efficiency_of(committee.code, year)
        return (ONE + index) * (ONE - efficiency) if self.efficiency_after_indexation else ONE + index - efficiency

    def adopted_frame(self, committee: str, year: int) -> AdoptedFrame:
        try:
            return self.adopted[(committee, year)]
        except KeyError:
            raise LookupError(f"fastställd ram för {committee} {year} saknas") from None

    def rates_of(self, committee: str, year: int) -> CommitteeRates | None:
        """The committee's own rates for `year` (Nämndsatser), if it has any."""
        return self.committee_rates.get((committee, year))

    def efficiency_of(self, committee: str, year: int) -> Decimal:
        """The committee's efficiency requirement for `year`: its own (Nämndsatser) or the year's (Index)."""
        own = self.committee_rates.get((committee, year))
        return own.efficiency if own is not None and own.efficiency is not None else self.index_of(year).efficiency

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

    def internal_cost(self, service: InternalService, year: int) -> Decimal:
        """The service's cost in the year before `year`, kr (unrounded): `Kostnad` raised year by year
        by the internal price from the budget year on (`ramkalk.rules.internal_services.cost_before`).
        Kept: every year's cost is where the year after's starts."""
        if year <= self.data.settings.budget_year:
            return service.cost
        key = (id(service), year)  # the rows live as long as self.data; hashing a row costs more
        kept = self._internal_costs.get(key)
        if kept is None:
            before = self.internal_cost(service, year - 1)
            kept = self._internal_costs[key] = before * (ONE + self.internal_price(service.service, year - 1).rate)
        return kept

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


_EDITION_AND_YEAR = attrgetter("kind", "forecast_year", "year")
_AGE, _COUNT = attrgetter("age"), attrgetter("count")


class Edition(NamedTuple):
    """The population rows of one kind (outcome or forecast) and Prognosår, by year."""

    kind: PopulationKind
    made: int | None
    years: dict[int, list[PopulationCount]]

    @property
    def rank(self) -> tuple[int, int]:
        """Which edition counts for a year and age: the outcome if there is one, else the newest
        forecast (a forecast without Prognosår counts as the newest); the highest rank."""
        return (1 if self.kind is PopulationKind.OUTCOME else 0, self.made if self.made is not None else 10_000)


class PopulationTable:
    """Year -> cumulative population by age (cum[a] = persons aged below a) of the editions
    given: for each year and age the count of the edition of the highest rank (and in it, the
    first row). A year is cumulated when first asked for; KeyError for a year without rows."""

    def __init__(self, editions: list[dict[int, list[PopulationCount]]]) -> None:
        self._editions = editions  # each year -> rows, from the lowest rank to the highest
        self._cumulative: dict[int, list[Decimal]] = {}

    def __getitem__(self, year: int) -> list[Decimal]:
        cum = self._cumulative.get(year)
        if cum is None:
            cum = self._cumulative[year] = list(accumulate(self._by_age(year), initial=ZERO))
        return cum

    def _by_age(self, year: int) -> list[Decimal]:
        counts: dict[int, Decimal] = {}
        for years in self._editions:
            rows = years.get(year)
            if rows:  # a higher rank replaces a lower; reversed, so that the first row of an edition is kept
                counts.update(zip(map(_AGE, reversed(rows)), map(_COUNT, reversed(rows))))
        if not counts:
            raise KeyError(year)
        by_age = [ZERO] * (max(counts) + 1)
        for age, count in counts.items():
            by_age[age] = count
        return by_age


def _between(table: PopulationTable, year: int, age_from: int, age_to: int) -> Decimal:
    try:
        cum = table[year]
    except KeyError:
        raise LookupError(f"befolkning för {year} saknas") from None
    top = len(cum) - 1
    return cum[min(age_to + 1, top)] - cum[min(age_from, top)]
