"""Validation rules of the frame rules found in published budgets (issue 23): time-limited
decisions and what each rule's optional columns and tables allow together. Listed in
`ramkalk.calculation.validation.RULES`."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ramkalk.calculation.validation_common import ranges_text
from ramkalk.core.display import format_kronor
from ramkalk.core.problems import Problem, Source, error, warning
from ramkalk.schema.inputs import Driver, Duration, PartIndexation, PlanningData, WageBasis
from ramkalk.schema.tables import COST_INDEX, MEASURES, POPULATION


def time_limited_decisions(data: PlanningData) -> Iterator[Problem]:
    """A decision with `Till år` counts every year from År to Till år and leaves the base after:
    it is Engångs, and its last year is not before its first."""
    for decision in data.decisions:
        if decision.to_year is None:
            continue
        if decision.to_year < decision.year:
            yield error(decision.source("to_year"),
                        f'"Till år" ({decision.to_year}) ligger före "År" ({decision.year}); ett tidsbegränsat beslut'
                        f" räknas från År till och med Till år")
        elif decision.duration is Duration.PERMANENT:
            yield error(decision.source("duration"),
                        f'ett beslut med "Till år" ({decision.year}–{decision.to_year}) är tidsbegränsat men har'
                        f' varaktigheten Permanent; ange Engångs (beloppet räknas varje år {decision.year}–'
                        f'{decision.to_year} och lämnar basen {decision.to_year + 1}) eller lämna "Till år" tomt')


def committee_rates_rows(data: PlanningData) -> Iterator[Problem]:
    """A row of Nämndsatser is for a year that is computed."""
    years = data.settings.years
    for row in data.committee_rates:
        if row.year not in years:
            yield warning(row.source("year"), f"nämndsatserna för {row.committee} {row.year} används inte: beräknade år"
                                              f" är {years[0]}–{years[-1]}")


def revision_month_with_full_year(data: PlanningData) -> Iterator[Problem]:
    """A wage increase given for the whole year (Helår) has no revision month."""
    for row in data.index:
        if row.wage_basis is WageBasis.FULL_YEAR and row.revision_month is not None:
            yield error(row.source("revision_month"),
                        f"revisionsmånaden {row.revision_month} för {row.year} används inte: löneökningen avser helår"
                        f" (överhänget inräknat); töm Revisionsmånad eller ange Revision i Löneökning avser")


def frame_parts_rules(data: PlanningData) -> Iterator[Problem]:
    """A part indexed by a cost type names one with a rate for every computed year; a cost type of
    a part indexed otherwise is not used; a committee's parts fit in its adopted frame."""
    rates = {(r.cost_type.casefold(), r.year) for r in data.cost_index}
    adopted = {(f.committee, f.year): f for f in data.frames}
    totals: dict[str, Decimal] = {}
    for part in data.frame_parts:
        totals[part.committee] = totals.get(part.committee, Decimal(0)) + part.amount
        if part.indexation is PartIndexation.COST_TYPE:
            if not part.cost_type:
                yield error(part.source("cost_type") or part.source("indexation"),
                            f'ramdelen "{part.name}" för {part.committee} räknas upp med ett kostnadsslag men'
                            f" kolumnen Kostnadsslag är tom; ange ett kostnadsslag från bladet {COST_INDEX.sheet}")
                continue
            missing = [y for y in data.settings.years if (part.cost_type.casefold(), y) not in rates]
            if missing:
                yield error(part.source("cost_type"),
                            f'ökning saknas för kostnadsslaget "{part.cost_type}" {ranges_text(missing)} på bladet'
                            f' {COST_INDEX.sheet}; ramdelen "{part.name}" för {part.committee} räknas upp med den')
        elif part.cost_type:
            yield warning(part.source("cost_type"),
                          f'kostnadsslaget "{part.cost_type}" för ramdelen "{part.name}" används inte: Uppräkning är'
                          f" {part.indexation.value}")
    year = data.settings.budget_year - 1
    for code, total in totals.items():
        frame = adopted.get((code, year))
        if frame is not None and total > frame.frame - frame.one_off:
            first = next(p for p in data.frame_parts if p.committee == code)
            yield error(first.source("amount"),
                        f"ramdelarna för {code} är sammanlagt {format_kronor(total)}, mer än ramen {year} utan"
                        f" engångsposter ({format_kronor(frame.frame - frame.one_off)}); delarna är delar av basen")


def volume_driver_rules(data: PlanningData) -> Iterator[Problem]:
    """A volume driver's price is stated for the budget year or before (the index of every year it is
    indexed through is checked with the others': `validation.missing_index_years`), and its count is there for the year before the budget year and every
    computed year: the population (Befolkning) or its measure (Volymmått)."""
    first, years = data.settings.budget_year, data.settings.years
    needed = list(range(first - 1, years[-1] + 1))
    measures = {(m.name.casefold(), m.year) for m in data.measures}
    population = {row.year for row in data.population}
    for driver in data.volume_drivers:
        if driver.price_year > first:
            yield error(driver.source("price_year"), f"prisåret {driver.price_year} ligger efter budgetåret {first};"
                                                     f" ange priset för budgetåret eller ett tidigare år")
        if driver.driver is Driver.POPULATION:
            missing = [y for y in needed if y not in population]
            where = f"befolkning saknas för {{}} på bladet {POPULATION.sheet}"
        else:
            missing = [y for y in needed if (driver.name.casefold(), y) not in measures]
            where = f'måttet "{driver.name}" saknas för {{}} på bladet {MEASURES.sheet}'
        if missing:
            yield error(driver.source("driver" if driver.driver is Driver.POPULATION else "name"),
                        where.format(ranges_text(missing)) + f"; volymen för {driver.committee} räknas på"
                                                             f" förändringen {needed[0]}–{needed[-1]}")
    if any(d.driver is Driver.POPULATION for d in data.volume_drivers):
        yield from _population_gaps(data, needed)


def _population_gaps(data: PlanningData, years: list[int]) -> Iterator[Problem]:
    """The whole population of a year counts every age from 0 to the year's highest."""
    ages: dict[int, set[int]] = {}
    for row in data.population:
        ages.setdefault(row.year, set()).add(row.age)
    for year in (y for y in years if y in ages):
        gaps = sorted(set(range(max(ages[year]) + 1)) - ages[year])
        if gaps:
            yield error(Source(data.file, POPULATION.sheet),
                        f"befolkning {year} saknar åldrarna {ranges_text(gaps)}; hela befolkningen (Volymdrivare:"
                        f" Befolkning) räknar varje ettårsklass från 0")


def standard_cost_rules(data: PlanningData) -> Iterator[Problem]:
    """A standard cost is for a computed year, whose population is there."""
    years, population = data.settings.years, {row.year for row in data.population}
    for row in data.standard_costs:
        if row.year not in years:
            yield warning(row.source("year"), f"standardkostnaden för {row.activity} {row.year} används inte:"
                                              f" beräknade år är {years[0]}–{years[-1]}")
        elif row.year not in population:
            yield error(row.source("year"), f"befolkning saknas för {row.year} på bladet {POPULATION.sheet};"
                                            f" kostnaden per invånare räknas på befolkningen den 31 december")
