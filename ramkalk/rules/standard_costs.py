"""A price-tag committee's cost per inhabitant against the national standard cost (Standardkostnader).

Kostnadsutjämningen gives each activity a standard cost per inhabitant (kr). For a committee with
standard costs for year t (typically one on the price-tag model, whose price tags are set against them):

    kostnad per invånare(c, t) = ram(c, t) / befolkning(t, alla åldrar)
    standardkostnad(c, t)      = Σ the standard costs of its activities for t
    skillnad(c, t)             = kostnad per invånare − standardkostnad        (kr per invånare)
    skillnad i kronor          = skillnad × befolkning

ram(c, t) is its frame by its own model; the population is that on 31 December t (Befolkning).
Nothing is rounded here: the report rounds what it shows. A comparison, not a rule of the frame. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, NamedTuple

from ramkalk.core.money import ZERO
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import StandardCost

ALL_AGES = (0, 1000)


class Comparison(NamedTuple):
    """One committee and year: its frame (kr), inhabitants, cost and standard cost per inhabitant."""

    committee: str
    year: int
    frame: Decimal
    inhabitants: Decimal
    costs: tuple[StandardCost, ...]

    @property
    def per_inhabitant(self) -> Decimal:
        return self.frame / self.inhabitants if self.inhabitants else ZERO

    @property
    def standard(self) -> Decimal:
        return sum((c.cost for c in self.costs), ZERO)

    @property
    def difference(self) -> Decimal:
        """kr per inhabitant above (positive) or below the standard cost."""
        return self.per_inhabitant - self.standard

    @property
    def difference_kronor(self) -> Decimal:
        return self.difference * self.inhabitants


def comparisons(lookups: Lookups, frame: Callable[[str, int], Decimal]) -> list[Comparison]:
    """Every committee and computed year with standard costs; `frame(code, year)` its frame, kr."""
    data = lookups.data
    found = []
    for committee in data.committees:
        for year in data.settings.years:
            costs = tuple(c for c in data.standard_costs if c.committee == committee.code and c.year == year)
            if costs:
                found.append(Comparison(committee.code, year, frame(committee.code, year),
                                        lookups.population(year, *ALL_AGES), costs))
    return found
