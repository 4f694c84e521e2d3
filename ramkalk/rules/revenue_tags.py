"""Revenue tags (intäktslappar) beside the price tags of the same ages.

For each revenue tag (a group of ages and a revenue per inhabitant in a year) the
revenue is inhabitants on 31 December × revenue per inhabitant, and beside it the cost
the price tags give for the same ages: the sum over every committee's volume groups whose
ages lie within the tag's ages (groups in use only: not those of committees without
automatic volume). Demographic change then shows on both sides. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.rules.price_tag import tag_amount


class RevenueTagRow(NamedTuple):
    """One revenue tag in one year, kr."""

    year: int
    name: str
    age_from: int
    age_to: int
    inhabitants: Decimal
    per_inhabitant: Decimal
    revenue: Decimal
    costs: Decimal
    """What the price tags give for volume groups within these ages."""


def revenue_tag_rows(lookups: Lookups) -> list[RevenueTagRow]:
    """Every revenue tag of the workbook for the computed years, in the order given."""
    data = lookups.data
    committees = {c.code: c for c in data.committees}
    years = set(data.settings.years)
    rows = []
    for tag in data.revenue_tags:
        if tag.year not in years:
            continue
        inhabitants = lookups.population(tag.year, tag.age_from, tag.age_to)
        costs = sum(
            (tag_amount(committee, g, tag.year, lookups)
             for committee in committees.values() for g in lookups.groups_of(committee)
             if tag.age_from <= g.age_from and g.age_to <= tag.age_to),
            ZERO,
        )
        rows.append(RevenueTagRow(tag.year, tag.name, tag.age_from, tag.age_to, inhabitants, tag.amount,
                                  round_krona(inhabitants * tag.amount), costs))
    return rows
