"""Cross-table validation of planning data: each rule a small function in `RULES`.

A rule takes `PlanningData` and yields `Problem`s; `validate` runs them all, so every
problem is reported at once. The calculation may run only when no rule gave an error;
then every look-up it makes is guaranteed to succeed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator

from ramkalk.calculation import validation_allocation
from ramkalk.calculation.validation_common import index_years, ranges_text, sheet_source
from ramkalk.calculation.validation_finance import (
    amounts_with_ore,
    balance_shares,
    balance_shares_unused,
    balancing_needs_revenues,
    cost_structure_shares,
    missing_cost_rates,
    revenue_tag_ages,
    wage_carry_over_needs_last_year,
)
from ramkalk.calculation.validation_frame_rules import (
    committee_rates_rows,
    frame_parts_rules,
    revision_month_with_full_year,
    standard_cost_rules,
    time_limited_decisions,
    volume_driver_rules,
)
from ramkalk.calculation.validation_process import (
    ex_post_without_forecast,
    missing_internal_prices,
    outcomes_in_computed_years,
    outcomes_without_frames,
    result_rule_settings,
)
from ramkalk.core.display import format_kronor
from ramkalk.core.problems import Problem, error, warning
from ramkalk.schema import versions
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import DecisionType, PlanningData, VolumeDefinition
from ramkalk.schema.tables import (
    ACTIVITIES,
    CENTRAL_ITEMS,
    COMMITTEE_RATES,
    COMMITTEES,
    COST_INDEX,
    COST_STRUCTURE,
    FOCUS_AREAS,
    FRAME_PARTS,
    FRAMES,
    INDEX,
    INTERNAL_PRICES,
    INTERNAL_SERVICES,
    MEASURES,
    OUTCOMES,
    PARTICIPATION,
    POPULATION,
    REVENUE_TAGS,
    REVENUES,
    SCENARIOS,
    STANDARD_COSTS,
    VOLUME_DRIVERS,
    VOLUME_GROUPS,
    Table,
)
from ramkalk.schema.versions import row_key

Rule = Callable[[PlanningData], Iterable[Problem]]


DUPLICATES: dict[Table, tuple[Callable[[object], str], str]] = {
    COMMITTEES: (lambda r: f'nämnden "{r.code}"', "code"),
    INDEX: (lambda r: f"index för {r.year}", "year"),
    COMMITTEE_RATES: (lambda r: f"nämndsatser för {r.committee} {r.year}", "year"),
    FRAME_PARTS: (lambda r: f'ramdelen "{r.name}" för {r.committee}', "name"),
    VOLUME_DRIVERS: (lambda r: f'volymdrivaren "{r.name}" för {r.committee}', "name"),
    MEASURES: (lambda r: f'volymmåttet "{r.name}" {r.year}', "year"),
    STANDARD_COSTS: (lambda r: f'standardkostnaden för "{r.activity}" hos {r.committee} {r.year}', "activity"),
    FRAMES: (lambda r: f"ram för {r.committee} {r.year}", "committee"),
    POPULATION: (lambda r: f"befolkning {r.year} ålder {r.age}" + (f" (prognosår {r.forecast_year})"
                                                               if r.forecast_year else ""), "age"),
    VOLUME_GROUPS: (lambda r: f'volymgruppen "{r.name}" för {r.committee}', "name"),
    ACTIVITIES: (lambda r: f'verksamheten "{r.name}" för {r.committee}', "name"),
    FOCUS_AREAS: (lambda r: f'fokusområdet "{r.name}"', "name"),
    REVENUES: (lambda r: f"intäkter för {r.year}", "year"),
    REVENUE_TAGS: (lambda r: f'intäktslappen "{r.name}" för {r.year}', "name"),
    COST_STRUCTURE: (lambda r: f'kostnadsslaget "{r.cost_type}" för {r.committee}', "cost_type"),
    COST_INDEX: (lambda r: f'kostnadsindex för "{r.cost_type}" {r.year}', "cost_type"),
    CENTRAL_ITEMS: (lambda r: f'centrala posten "{r.name}" {r.year}', "name"),
    PARTICIPATION: (lambda r: f'deltagande för "{r.group}" hos {r.committee} {r.year}', "year"),
    SCENARIOS: (lambda r: f'scenariot "{r.name}"', "name"),
    INTERNAL_SERVICES: (lambda r: f'tjänsten "{r.service}" för {r.committee}', "service"),
    INTERNAL_PRICES: (lambda r: f'internpriset för "{r.service}" {r.year}', "year"),
    OUTCOMES: (lambda r: f"utfall för {r.committee} {r.year}", "year"),
}
"""The tables whose key may occur once (per version): how a row is named in the message, and
the column the message points to.
Decisions are not here: a committee may have several decisions with the same text in a year."""


def duplicate_rows(data: PlanningData) -> Iterator[Problem]:
    """A key (`Table.key`) may occur once in a version: a committee code, an index year, ..."""
    for table, (what, field_name) in DUPLICATES.items():
        first: dict[object, object] = {}
        for record in getattr(data, table.field):
            key = (row_key(table, record), text_key(getattr(record, "version", None) or ""))
            if key in first:
                earlier = first[key].origin
                where = f" (första gången på rad {earlier.row})" if earlier else ""
                in_version = f" i versionen {record.version}" if getattr(record, "version", None) else ""
                yield error(record.source(field_name), f"{what(record)} finns två gånger{in_version}{where}")
            else:
                first[key] = record


def unknown_committees(data: PlanningData) -> Iterator[Problem]:
    """Every committee code used in another table must be in `Nämnder`."""
    known = {c.code for c in data.committees}
    listing = ", ".join(sorted(known)) or "inga"
    for record in (*data.frames, *data.volume_groups, *data.decisions, *data.activities, *data.cost_structure,
                   *data.participation, *data.internal_services, *data.outcomes, *data.committee_rates,
                   *data.frame_parts, *data.volume_drivers,
                   *data.standard_costs):
        if record.committee not in known:
            yield error(record.source("committee"),
                        f'okänd nämnd "{record.committee}"; väntade en kod från bladet {COMMITTEES.sheet} ({listing})')


def missing_index_years(data: PlanningData) -> Iterator[Problem]:
    """Every computed year, and every year a price tag or a volume driver's price is indexed through,
    needs an index row."""
    have = {row.year for row in data.index}
    missing = [year for year in index_years(data) if year not in have]
    if missing:
        yield error(sheet_source(data, INDEX.sheet),
                    f"index saknas för år {ranges_text(missing)}; varje beräknat år (och år som en prislapp"
                    f" eller ett pris räknas upp genom) behöver en rad med löneökning, prisökning och"
                    f" effektiviseringskrav")


def missing_previous_frames(data: PlanningData) -> Iterator[Problem]:
    """Every committee needs its adopted frame for the year before the budget year."""
    year = data.settings.budget_year - 1
    have = {(row.committee, row.year) for row in data.frames}
    for committee in data.committees:
        if (committee.code, year) not in have:
            yield error(committee.source("code") or sheet_source(data, FRAMES.sheet),
                        f"fastställd ram för {committee.code} {year} saknas på bladet {FRAMES.sheet};"
                        f" den behövs som bas för budgetåret {year + 1}")


def frames_in_computed_years(data: PlanningData) -> Iterator[Problem]:
    """A frame given for a year that ramkalk computes is not used: say so."""
    years = set(data.settings.years)
    for row in data.frames:
        if row.year in years:
            yield warning(row.source("year"),
                          f"ram för {row.committee} {row.year} används inte: året beräknas av ramkalk")


def _volume_committees(data: PlanningData) -> set[str]:
    automatic = {c.code for c in data.committees if c.automatic_volume}
    return {g.committee for g in data.volume_groups if g.committee in automatic}


def population_coverage(data: PlanningData) -> Iterator[Problem]:
    """Volume needs population for the year before the budget year (two years before, if a
    group uses the mean of two year-ends) through the last plan year, every age; so do
    revenue tags."""
    if not _volume_committees(data) and not data.revenue_tags:
        return
    ages: dict[int, set[int]] = defaultdict(set)
    for row in data.population:
        ages[row.year].add(row.age)
    mean = any(g.volume_definition is VolumeDefinition.MEAN for g in data.volume_groups)
    first = data.settings.budget_year - (2 if mean else 1)
    for year in range(first, data.settings.years[-1] + 1):
        if year not in ages:
            yield error(sheet_source(data, POPULATION.sheet),
                        f"befolkning saknas för {year} (behövs för volymberäkningen {first}–{data.settings.years[-1]})")
            continue
        gaps = sorted(set(range(max(ages[year]) + 1)) - ages[year])
        if gaps:
            yield error(sheet_source(data, POPULATION.sheet),
                        f"befolkning {year} saknar åldrarna {ranges_text(gaps)}; varje ettårsklass från 0 behövs")


def unknown_participation_groups(data: PlanningData) -> Iterator[Problem]:
    groups = {(g.committee, g.name) for g in data.volume_groups}
    for row in data.participation:
        if (row.committee, row.group) not in groups:
            yield error(row.source("group"),
                        f'volymgruppen "{row.group}" finns inte för {row.committee} på bladet {VOLUME_GROUPS.sheet}')


def volume_group_ages(data: PlanningData) -> Iterator[Problem]:
    """Ages run from low to high, and a committee's groups do not share an age."""
    by_committee = defaultdict(list)
    for group in data.volume_groups:
        if group.age_from > group.age_to:
            yield error(group.source("age_to"),
                        f'"Till ålder" ({group.age_to}) är lägre än "Från ålder" ({group.age_from}) i gruppen "{group.name}"')
            continue
        for other in by_committee[group.committee]:
            if group.age_from <= other.age_to and other.age_from <= group.age_to:
                where = f" (rad {other.origin.row})" if other.origin else ""
                yield error(group.source("age_from"),
                            f'åldrarna {group.age_from}–{group.age_to} i "{group.name}" överlappar'
                            f' "{other.name}"{where} {other.age_from}–{other.age_to} hos {group.committee};'
                            f" samma ålder skulle kompenseras två gånger")
        by_committee[group.committee].append(group)


def volume_group_price_years(data: PlanningData) -> Iterator[Problem]:
    """A price tag is indexed forward, so it must be stated for the budget year or earlier."""
    for group in data.volume_groups:
        if group.price_year > data.settings.budget_year:
            yield error(group.source("price_year"),
                        f"prisåret {group.price_year} ligger efter budgetåret {data.settings.budget_year};"
                        f" ange prislappen för budgetåret eller ett tidigare år")


def volume_groups_without_automatic_volume(data: PlanningData) -> Iterator[Problem]:
    manual = {c.code for c in data.committees if not c.automatic_volume}
    for group in data.volume_groups:
        if group.committee in manual:
            yield warning(group.source("committee"),
                          f'volymgruppen "{group.name}" används inte: {group.committee} har "Automatisk volym" = Nej')


def decisions_outside_years(data: PlanningData) -> Iterator[Problem]:
    years = data.settings.years
    for decision in data.decisions:
        if decision.years and not any(year in years for year in decision.years):  # (no years: time_limited_decisions)
            span = f"{decision.year}–{decision.to_year}" if decision.to_year is not None else decision.year
            yield warning(decision.source("year"),
                          f"beslutet för {span} används inte: beräknade år är {years[0]}–{years[-1]}")


def savings_with_positive_amount(data: PlanningData) -> Iterator[Problem]:
    for decision in data.decisions:
        if decision.kind is DecisionType.SAVING and decision.amount > 0:
            yield warning(decision.source("amount"),
                          "en besparing med positivt belopp ökar ramen; avsåg du ett negativt belopp?")


def one_offs_larger_than_frames(data: PlanningData) -> Iterator[Problem]:
    """The parts of an adopted frame (one-off, technical) fit inside it."""
    for row in data.frames:
        if abs(row.one_off) > abs(row.frame):
            yield warning(row.source("one_off"), f"varav engångs är större än hela ramen för {row.committee} {row.year}")
        if row.technical is not None and not row.one_off <= row.technical <= row.frame:
            yield warning(row.source("technical"),
                          f"varav teknisk ram ({format_kronor(row.technical)}) för {row.committee} {row.year} ska ligga"
                          f" mellan varav engångs ({format_kronor(row.one_off)}) och hela ramen"
                          f" ({format_kronor(row.frame)})")


def volume_groups_beyond_population(data: PlanningData) -> Iterator[Problem]:
    """A group whose youngest age is above the highest age in the population always gets zero volume."""
    if not data.population:
        return
    highest: dict[int, int] = {}
    for row in data.population:
        highest[row.year] = max(highest.get(row.year, 0), row.age)
    top = min(highest.values())
    for group in data.volume_groups:
        if group.age_from > top:
            yield warning(group.source("age_from"),
                          f'volymgruppen "{group.name}" börjar vid {group.age_from} år men befolkningen går bara till'
                          f" {top} år (\"och äldre\"); gruppens volym blir alltid 0")


def unknown_focus_areas(data: PlanningData) -> Iterator[Problem]:
    """When the workbook lists its focus areas, a decision's focus area should be one of them."""
    known = {area.name.casefold() for area in data.focus_areas}
    if not known:
        return
    listing = ", ".join(area.name for area in data.focus_areas)
    for decision in data.decisions:
        if decision.focus_area and decision.focus_area.casefold() not in known:
            yield warning(decision.source("focus_area"),
                          f'fokusområdet "{decision.focus_area}" finns inte på bladet {FOCUS_AREAS.sheet} ({listing});'
                          f" summor per fokusområde visar det som ett eget område")


def version_names(data: PlanningData) -> Iterator[Problem]:
    """Every Version names a process version or a scenario, and every scenario leads to one."""
    return versions.problems(data)


WHOLE_WORKBOOK: tuple[Rule, ...] = (duplicate_rows, version_names)
"""Rules on every row of the workbook, whatever its version; the others see one version's rows."""

RULES: tuple[Rule, ...] = (
    *WHOLE_WORKBOOK,
    unknown_committees,
    missing_index_years,
    missing_previous_frames,
    frames_in_computed_years,
    population_coverage,
    volume_group_ages,
    volume_group_price_years,
    volume_groups_without_automatic_volume,
    decisions_outside_years,
    savings_with_positive_amount,
    one_offs_larger_than_frames,
    amounts_with_ore,
    volume_groups_beyond_population,
    unknown_focus_areas,
    revenue_tag_ages,
    balancing_needs_revenues,
    balance_shares,
    balance_shares_unused,
    cost_structure_shares,
    missing_cost_rates,
    wage_carry_over_needs_last_year,
    unknown_participation_groups,
    missing_internal_prices,
    outcomes_in_computed_years,
    outcomes_without_frames,
    result_rule_settings,
    ex_post_without_forecast,
    time_limited_decisions,
    committee_rates_rows,
    revision_month_with_full_year,
    frame_parts_rules,
    volume_driver_rules,
    standard_cost_rules,
    *validation_allocation.RULES,
)


# Rules that report something missing from a sheet. When the reader left out a row of
# that sheet for a bad cell, the row is there in the file, so the rule would only repeat
# the cell's error as a false "missing": it is skipped until the cell is corrected.
MISSING_FROM: dict[Rule, str] = {
    unknown_committees: COMMITTEES.sheet,
    missing_cost_rates: COST_INDEX.sheet,
    missing_index_years: INDEX.sheet,
    missing_previous_frames: FRAMES.sheet,
    population_coverage: POPULATION.sheet,
    balancing_needs_revenues: REVENUES.sheet,
    wage_carry_over_needs_last_year: INDEX.sheet,
    cost_structure_shares: COST_STRUCTURE.sheet,
    unknown_participation_groups: VOLUME_GROUPS.sheet,
    missing_internal_prices: INTERNAL_PRICES.sheet,
    outcomes_without_frames: FRAMES.sheet,
    ex_post_without_forecast: POPULATION.sheet,
    **validation_allocation.MISSING_FROM,
}


def validate(data: PlanningData, incomplete_sheets: frozenset[str] = frozenset(),
             version: str | None = None) -> tuple[Problem, ...]:
    """Every problem every rule finds, in rule order, for `version` (None: the default version;
    `ramkalk.schema.versions`). An unknown version is misuse (resolve it first): UnknownVersion.

    incomplete_sheets: sheets the reader left a row out of (see `Reading`); the rules
    in MISSING_FROM that look for missing rows in them are skipped.
    """
    return validate_selected(data, versions.select(data, version), incomplete_sheets)


def validate_selected(data: PlanningData, selected: PlanningData,
                      incomplete_sheets: frozenset[str] = frozenset()) -> tuple[Problem, ...]:
    """`validate` with the version's rows already selected (`selected` = `versions.select(data, …)`):
    the WHOLE_WORKBOOK rules see `data`, the others `selected`."""
    return tuple(
        problem
        for rule in RULES
        if MISSING_FROM.get(rule) not in incomplete_sheets
        for problem in rule(data if rule in WHOLE_WORKBOOK else selected)
    )
