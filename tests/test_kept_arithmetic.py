"""The frames' arithmetic, kept and computed without the explanation, is the arithmetic the
explanation shows: the same Decimal values, operation for operation (issue 20)."""

from __future__ import annotations

import pytest

from conftest import by_cost_type
from ramkalk.example.large_city import large_city
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.rules.indexation import _other_parts, composite_index, index_parts, is_detailed
from ramkalk.rules.lookups import Lookups
from ramkalk.schema import versions
from ramkalk.core.money import ONE, ZERO

MUNICIPALITIES = {"Exempelstad": exempelstad, "Syntetstad": lambda: synthetic(12), "kostnadsslag": by_cost_type,
                  "Storstad": large_city}


@pytest.fixture(scope="module", params=list(MUNICIPALITIES))
def lookups(request) -> Lookups:
    data = MUNICIPALITIES[request.param]()
    return Lookups(versions.select(data, None))


def test_the_kept_index_is_the_sum_of_its_parts(lookups):
    for committee in lookups.data.committees:
        for year in lookups.data.settings.years:
            index = lookups.committee_index(committee, year)
            parts = index_parts(committee, year, lookups)
            assert str(index.index) == str(composite_index(parts))
            assert index.detailed == is_detailed(parts)
            if index.detailed:
                assert [tuple(map(str, term)) for term in index.terms] == [(str(p.share), str(p.rate)) for p in parts]


def test_the_kept_rate_of_other_costs_is_that_of_the_other_parts(lookups):
    for committee in lookups.data.committees:
        for year in lookups.data.settings.years:
            parts = _other_parts(committee, year, lookups)
            other = sum((p.share for p in parts), ZERO)
            expected = (lookups.index_of(year).price_increase if other == 0
                        else sum((p.share * p.rate for p in parts), ZERO) / other)
            assert str(lookups.committee_index(committee, year).other_rate) == str(expected)


def test_the_kept_cost_of_an_internal_service_is_raised_year_by_year(lookups):
    budget_year = lookups.data.settings.budget_year
    for service in lookups.data.internal_services:
        for year in lookups.data.settings.years:
            cost = service.cost
            for earlier in range(budget_year, year):
                cost *= ONE + lookups.internal_price(service.service, earlier).rate
            assert str(lookups.internal_cost(service, year)) == str(cost)
