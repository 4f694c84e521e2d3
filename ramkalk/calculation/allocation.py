"""A committee's frame allocated to its units (resursfördelning), from a computed municipality.

`allocation(calculation, committee)` takes the committee's frame for the budget year from
`ramkalk.calculation.frames` (its own model, balanced) and its rows on `Fördelning`,
`Fördelningsbelopp`, `Enheter` and `Enhetsvolymer`, and allocates it by
`ramkalk.rules.allocation`; `allocations(calculation)` does so for every committee with units.
The allocation never changes a frame. Pure: no files.
"""

from __future__ import annotations

from ramkalk.calculation.frames import Calculation
from ramkalk.rules.allocation import Allocation, AllocationInputs, allocate
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
