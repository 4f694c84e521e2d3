"""Validation rules of the allocation to units (resursfördelning, `ramkalk.rules.allocation`): the sheets
`Enheter`, `Fördelning`, `Fördelningsbelopp` and `Enhetsvolymer`. Listed in
`ramkalk.calculation.validation.RULES`; docs/arbetsbok.md (Kontroller) quotes a message of each."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterator

from ramkalk.calculation.validation_common import ranges_text
from ramkalk.core.display import format_count
from ramkalk.core.problems import Problem, error, warning
from ramkalk.rules.allocation import MONTHS
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import AmountKind, PlanningData
from ramkalk.schema.tables import (
    ALLOCATION_AMOUNTS,
    ALLOCATION_RULES,
    COMMITTEES,
    UNIT_VOLUMES,
    UNITS,
    VOLUME_GROUPS,
    Table,
)

DUPLICATES: dict[Table, tuple[Callable[[object], tuple], Callable[[object], str], str]] = {
    UNITS: (lambda r: (r.committee, text_key(r.name)), lambda r: f'enheten "{r.name}" hos {r.committee}', "name"),
    ALLOCATION_RULES: (lambda r: (r.committee,), lambda r: f"fördelningen för {r.committee}", "committee"),
    ALLOCATION_AMOUNTS: (lambda r: (r.committee, text_key(r.category)),
                         lambda r: f'kategorin "{r.category}" hos {r.committee}', "category"),
    UNIT_VOLUMES: (lambda r: (r.committee, text_key(r.unit), text_key(r.category), r.year, r.month),
                   lambda r: f'volymen för "{r.unit}", "{r.category}" {r.year} månad {r.month}', "month"),
}


def allocation_duplicates(data: PlanningData) -> Iterator[Problem]:
    """A unit, a committee's rule, a category and a unit's month of a category may occur once."""
    for table, (key, what, field_name) in DUPLICATES.items():
        first: dict[tuple, object] = {}
        for record in getattr(data, table.field):
            earlier = first.setdefault(key(record), record)
            if earlier is not record:
                where = f" (första gången på rad {earlier.origin.row})" if earlier.origin else ""
                yield error(record.source(field_name), f"{what(record)} finns två gånger{where}")


def _once(rows: list, what: str) -> str:
    """" (och på 47 rader till)" when a name is unknown on more rows than its first."""
    return f" (och på {len(rows) - 1} {what} till)" if len(rows) > 1 else ""


def unknown_allocation_committees(data: PlanningData) -> Iterator[Problem]:
    """Every committee on the allocation sheets is in `Nämnder`; named once per sheet, on its first row."""
    known = {c.code for c in data.committees}
    for table in (UNITS, ALLOCATION_RULES, ALLOCATION_AMOUNTS, UNIT_VOLUMES):
        unknown: dict[str, list] = {}
        for record in getattr(data, table.field):
            if record.committee not in known:
                unknown.setdefault(record.committee, []).append(record)
        for code, rows in unknown.items():
            yield error(rows[0].source("committee"), f'okänd nämnd "{code}"{_once(rows, "rader")}; väntade en kod från'
                                                     f" bladet {COMMITTEES.sheet} ({', '.join(sorted(known)) or 'inga'})")


def _names(data: PlanningData, field_name: str, records: tuple) -> tuple[dict, dict[tuple, list]]:
    """Committee -> its known names (by text key); and the volume rows whose `field_name` is none of them."""
    known = defaultdict(dict)
    for record in records:
        name = getattr(record, "name" if field_name == "unit" else field_name)
        known[record.committee][text_key(name)] = name
    committees = {c.code for c in data.committees}
    unknown: dict[tuple, list] = {}
    for row in data.unit_volumes:
        if row.committee in committees and text_key(getattr(row, field_name)) not in known[row.committee]:
            unknown.setdefault((row.committee, text_key(getattr(row, field_name))), []).append(row)
    return known, unknown


def unknown_units(data: PlanningData) -> Iterator[Problem]:
    """Every unit on `Enhetsvolymer` is on `Enheter` for its committee; named once, on its first row."""
    known, unknown = _names(data, "unit", data.units)
    for (committee, _), rows in unknown.items():
        yield error(rows[0].source("unit"), f'okänd enhet "{rows[0].unit}" hos {committee}{_once(rows, "rader")};'
                                            f" väntade en enhet från bladet {UNITS.sheet}"
                                            f" ({', '.join(known[committee].values()) or 'inga'})")


def unknown_categories(data: PlanningData) -> Iterator[Problem]:
    """Every category on `Enhetsvolymer` is on `Fördelningsbelopp` for its committee; named once."""
    known, unknown = _names(data, "category", data.allocation_amounts)
    for (committee, _), rows in unknown.items():
        yield error(rows[0].source("category"),
                    f'okänd kategori "{rows[0].category}" hos {committee}{_once(rows, "rader")}; lägg till den med sitt'
                    f" belopp på bladet {ALLOCATION_AMOUNTS.sheet} ({', '.join(known[committee].values()) or 'inga'})")


def unknown_allocation_groups(data: PlanningData) -> Iterator[Problem]:
    """A category's `Volymgrupp` is one of its committee's volume groups."""
    groups = {(g.committee, g.name) for g in data.volume_groups}
    for amount in data.allocation_amounts:
        if amount.volume_group and (amount.committee, amount.volume_group) not in groups:
            yield error(amount.source("volume_group"), f'volymgruppen "{amount.volume_group}" finns inte för'
                                                       f" {amount.committee} på bladet {VOLUME_GROUPS.sheet}")


def allocation_rule_settings(data: PlanningData) -> Iterator[Problem]:
    """One way to set the structural amount and one to set the reserve; a scale from low to high; an
    additional amount is always given."""
    for rule in data.allocation_rules:
        if rule.structural_share is not None and rule.point_amount is not None:
            yield error(rule.source("point_amount"), f"{rule.committee}: ange strukturbeloppet antingen som"
                                                     " Strukturandel eller som Belopp per indexpoäng, inte båda")
        if rule.reserve is not None and rule.reserve_share is not None:
            yield error(rule.source("reserve_share"), f"{rule.committee}: ange den centrala reserven antingen som"
                                                      " Reserv (belopp) eller som Reservandel, inte båda")
        if rule.index_high is not None and rule.index_low > rule.index_high:
            yield error(rule.source("index_high"), f"{rule.committee}: indexskalan går från {format_count(rule.index_low)}"
                                                   f" till {format_count(rule.index_high)}; Indexskala till ska vara"
                                                   f" minst Indexskala från")
    for amount in data.allocation_amounts:
        if amount.kind is AmountKind.ADDITION and amount.amount is None:
            yield error(amount.source("amount"), f'tillägget "{amount.category}" hos {amount.committee} saknar belopp;'
                                                 " ett tilläggsbelopp härleds aldrig ur ramen, ange det per"
                                                 " volymenhet och år")


def unit_indexes(data: PlanningData) -> Iterator[Problem]:
    """A unit's structural index lies on its committee's scale; if some units have one, all should."""
    rules = {r.committee: r for r in data.allocation_rules}
    with_index = {u.committee for u in data.units if u.index is not None}
    for unit in data.units:
        rule = rules.get(unit.committee)
        if unit.index is None:
            if unit.committee in with_index:
                yield warning(unit.source("index"), f'enheten "{unit.name}" hos {unit.committee} har inget'
                                                    " strukturindex men andra enheter har; den får inget strukturbelopp")
            continue
        if rule is None:
            continue
        high = rule.index_high
        if unit.index < rule.index_low or (high is not None and unit.index > high):
            scale = f"{format_count(rule.index_low)}–{format_count(high)}" if high is not None else \
                f"{format_count(rule.index_low)} och uppåt"
            place = f" (rad {rule.origin.row})" if rule.origin else ""
            yield error(unit.source("index"), f'strukturindex {format_count(unit.index)} för "{unit.name}" ligger utanför'
                                              f" indexskalan {scale} på bladet {ALLOCATION_RULES.sheet}{place}")


def unit_volumes_complete(data: PlanningData) -> Iterator[Problem]:
    """Each unit of a committee with volumes has volumes in the budget year, every month of each of its
    categories; other years are unused."""
    year = data.settings.budget_year
    months: dict[tuple, set[int]] = defaultdict(set)
    first = {}
    units = {(u.committee, text_key(u.name)) for u in data.units}
    categories = {(a.committee, text_key(a.category)) for a in data.allocation_amounts}
    other_years: dict[tuple[str, int], list] = {}
    for row in data.unit_volumes:
        if (row.committee, text_key(row.unit)) not in units or (row.committee, text_key(row.category)) not in categories:
            continue  # (unknown_units, unknown_categories)
        if row.year != year:
            other_years.setdefault((row.committee, row.year), []).append(row)
            continue
        key = (row.committee, text_key(row.unit), text_key(row.category))
        months[key].add(row.month)
        first.setdefault(key, row)
    having = {(committee, unit) for committee, unit, _ in months}
    in_use = {committee for committee, _ in having}  # (units listed before any volume is in: not yet allocated)
    for unit in data.units:
        if unit.committee in in_use and (unit.committee, text_key(unit.name)) not in having:
            yield error(unit.source("name"), f'enheten "{unit.name}" hos {unit.committee} har ingen volym i någon'
                                             f" kategori för {year} på bladet {UNIT_VOLUMES.sheet}; lägg till dess"
                                             " volym per kategori och månad, eller ta bort enheten")
    for (committee, other), rows in other_years.items():
        yield warning(rows[0].source("year"), f"volymerna för {committee} {other}{_once(rows, 'rader')} används inte:"
                                              f" fördelningen till enheterna görs för budgetåret {year}")
    for key, found in months.items():
        missing = [m for m in MONTHS if m not in found]
        if missing:
            row = first[key]
            yield error(row.source("month"), f'"{row.unit}", "{row.category}" hos {row.committee} saknar'
                                             f" {'månaden' if len(missing) == 1 else 'månaderna'}"
                                             f" {ranges_text(missing)} för {year}; varje månad 1–12 behövs")


RULES = (allocation_duplicates, unknown_allocation_committees, unknown_units, unknown_categories,
         unknown_allocation_groups, allocation_rule_settings, unit_indexes, unit_volumes_complete)
"""The allocation rules, in the order `ramkalk.calculation.validation.RULES` runs them."""

MISSING_FROM = {unknown_allocation_committees: COMMITTEES.sheet, unknown_units: UNITS.sheet,
                unknown_categories: ALLOCATION_AMOUNTS.sheet, unknown_allocation_groups: VOLUME_GROUPS.sheet,
                unit_volumes_complete: UNIT_VOLUMES.sheet}
"""The rules that look for rows of a sheet, skipped while the reader left a row of it out (see
`ramkalk.calculation.validation.MISSING_FROM`)."""
