"""A committee's frame allocated to its units (resursfördelning), from a computed municipality.

`allocation(calculation, committee)` takes the committee's frame for the budget year from
`ramkalk.calculation.frames` (its own model, balanced) and its rows on `Fördelning`,
`Fördelningsbelopp`, `Enheter` and `Enhetsvolymer`, and allocates it by
`ramkalk.rules.allocation`; `allocations(calculation)` does so for every committee with units.
`allocation_beyond_frame` and `unit_volumes_against_groups` are the plausibility warnings of an
allocation beyond the frame and of units' volumes that are not the volume group's.
The allocation never changes a frame. Pure: no files.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterator

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_count, format_kronor
from ramkalk.core.problems import Problem, warning
from ramkalk.rules.allocation import DIFFERENCE, REMAINDER, Allocation, AllocationInputs, allocate
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import PlanningData


def committees_with_units(data: PlanningData) -> tuple[str, ...]:
    """The codes of the committees that have units, in the order of `Nämnder`."""
    having = {unit.committee for unit in data.units}
    return tuple(c.code for c in data.committees if c.code in having)


def allocation_inputs(calculation: Calculation, committee: str) -> AllocationInputs:
    """The committee's inputs for the budget year; KeyError for a committee that is not computed."""
    data = calculation.data
    year = data.settings.budget_year
    frame = calculation.frame(committee, year)
    return AllocationInputs(
        committee, year, frame.total,
        next((r for r in data.allocation_rules if r.committee == committee), None),
        tuple(a for a in data.allocation_amounts if a.committee == committee),
        tuple(u for u in data.units if u.committee == committee),
        tuple(v for v in data.unit_volumes if v.committee == committee and v.year == year),
    )


def allocation(calculation: Calculation, committee: str) -> Allocation:
    """The committee's allocation to its units in the budget year."""
    return allocate(allocation_inputs(calculation, committee))


def allocations(calculation: Calculation) -> tuple[Allocation, ...]:
    """Every committee with units, allocated."""
    return tuple(allocation(calculation, code) for code in committees_with_units(calculation.data))


def allocation_beyond_frame(calculation: Calculation) -> Iterator[Problem]:
    """Plausibility (`ramkalk.calculation.plausibility.RESULT_RULES`): an allocation that gives the units more than
    the frame leaves, after the reserve. With derived amounts an amount per volume unit comes out negative; with
    given ones the central rest (Skillnad mot ramen) is negative. At the cell of the reserve (or of the first
    amount): what to check."""
    data = calculation.data
    for found in allocations(calculation):
        code, year = found.committee, found.year
        rule = next((r for r in data.allocation_rules if r.committee == code), None)
        first = next((a for a in data.allocation_amounts if a.committee == code), None)
        place = (rule.source("reserve" if rule.reserve is not None else "reserve_share") if rule is not None
                 else first.source("amount") if first is not None else None)
        negative = [r for r in found.rates if r.derived and r.amount < 0]
        if negative:
            listing = ", ".join(f'"{r.category}" {format_kronor(r.amount)}' for r in negative)
            yield warning(place, f"grundbeloppen hos {code} {year} blir negativa ({listing} per volymenhet och år):"
                                 f" reserven, strukturbeloppet och de angivna beloppen är större än ramen"
                                 f" {format_kronor(found.frame)}; kontrollera dem")
        rest = next(line for line in found.central if line.component in (DIFFERENCE, REMAINDER))
        if rest.amount < 0:
            yield warning(place, f"enheterna hos {code} får {format_kronor(-rest.amount)} mer än vad ramen {year}"
                                 f" ({format_kronor(found.frame)}) räcker till efter den centrala reserven; de"
                                 f" angivna beloppen per volymenhet är för höga eller reserven för stor")


VOLUME_TOLERANCE = Decimal("0.01")
"""How far (a share) the units' forecast volume may be from the committee's volume group before a warning."""


def unit_volumes_against_groups(calculation: Calculation) -> Iterator[Problem]:
    """Plausibility (`ramkalk.calculation.plausibility.RESULT_RULES`): the units' forecast volume of the
    categories that count in a volume group is the group's volume in the budget year (the months' mean),
    within VOLUME_TOLERANCE. A result rule, as it needs the computed volumes (and so a population that
    passed the checks)."""
    data = calculation.data
    year = data.settings.budget_year
    groups = {(g.committee, g.name): g for g in data.volume_groups}
    by_group: dict[tuple[str, str], list] = defaultdict(list)
    for amount in data.allocation_amounts:
        if amount.volume_group and (amount.committee, amount.volume_group) in groups:
            by_group[(amount.committee, amount.volume_group)].append(amount)
    for key, amounts in by_group.items():
        group = groups[key]
        names = {text_key(a.category) for a in amounts}
        units = sum((r.forecast for r in data.unit_volumes if r.committee == key[0] and r.year == year
                     and text_key(r.category) in names), Decimal(0)) / 12
        volume = calculation.lookups.volume(group, year)
        if abs(units - volume) > VOLUME_TOLERANCE * abs(volume):
            listing = ", ".join(a.category for a in amounts)
            yield warning(amounts[0].source("volume_group"),
                          f'enheternas volym i {listing} hos {key[0]} {year} är {format_count(units, 2)} (månadernas'
                          f' medel) men volymgruppen "{group.name}" har {format_count(volume, 2)}; skillnaden är'
                          f" {format_count(units - volume, 2)}, mer än {format_count(VOLUME_TOLERANCE * 100, 2)} %")
