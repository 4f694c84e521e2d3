"""A committee's frame allocated to its units (resursfördelning), from a computed municipality.

`allocation(calculation, committee)` takes the committee's frame for the budget year from
`ramkalk.calculation.frames` (its own model, balanced) and its rows on `Fördelning`,
`Fördelningsbelopp`, `Enheter` and `Enhetsvolymer`, and allocates it by
`ramkalk.rules.allocation`; `allocations(calculation)` does so for every committee with units.
`allocation_beyond_frame` is the plausibility warning of an allocation beyond the frame.
The allocation never changes a frame. Pure: no files.
"""

from __future__ import annotations

from typing import Iterator

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_kronor
from ramkalk.core.problems import Problem, warning
from ramkalk.rules.allocation import DIFFERENCE, REMAINDER, Allocation, AllocationInputs, allocate
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
