"""The frames' arithmetic, kept and computed without the explanation, is the arithmetic the
explanation shows: the same Decimal values, operation for operation (issue 20)."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import D, by_cost_type

from ramkalk.core.money import ONE, ZERO
from ramkalk.example.large_city import large_city
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.rules.indexation import _other_parts, composite_index, index_parts, is_detailed, other_costs_rate
from ramkalk.rules.lookups import Lookups
from ramkalk.schema import versions
from ramkalk.schema.inputs import Decision, DecisionType, Duration
from ramkalk.schema.tables import DECISIONS

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
            assert str(other_costs_rate(committee, year, lookups)) == str(expected)


def test_the_kept_cost_of_an_internal_service_is_raised_year_by_year(lookups):
    budget_year = lookups.data.settings.budget_year
    for service in lookups.data.internal_services:
        for year in lookups.data.settings.years:
            cost = service.cost
            for earlier in range(budget_year, year):
                cost *= ONE + lookups.internal_price(service.service, earlier).rate
            assert str(lookups.internal_cost(service, year)) == str(cost)


# --- Version selection, a column at a time -----------------------------------------------


def test_the_keys_of_a_table_column_by_column_are_the_keys_row_by_row():
    for data in (exempelstad(), large_city()):
        for table in versions.VERSIONED:
            rows = getattr(data, table.field)
            assert versions._row_keys(table, rows) == [versions.row_key(table, row) for row in rows]


def test_keys_with_empty_texts_and_texts_that_differ_in_case_and_spaces():
    base = Decision("KS", 2027, D(1_000), DecisionType.INVESTMENT, Duration.ONE_OFF, description="Lokalhyra")
    rows = (base, dataclasses.replace(base, description="  lokalHYRA "), dataclasses.replace(base, description=" "),
            dataclasses.replace(base, committee="ks", description=""), dataclasses.replace(base, year=2028))
    assert versions._row_keys(DECISIONS, rows) == [versions.row_key(DECISIONS, row) for row in rows]
    assert versions._row_keys(DECISIONS, rows)[2:4] == [None, None]


@pytest.mark.parametrize("version", ["Juni", "Augusti", "Oktober", "November"])
def test_selection_keeps_the_first_place_of_a_key_and_the_rows_of_its_latest_version(version):
    base = Decision("KS", 2027, D(1_000), DecisionType.INVESTMENT, Duration.ONE_OFF, description="Lokalhyra")
    other = dataclasses.replace(base, description="Städning")
    rows = (base, other, dataclasses.replace(base, amount=D(2_000)),             # Lokalhyra twice in every version
            dataclasses.replace(other, description=" "), dataclasses.replace(other, description=""),  # no key
            dataclasses.replace(base, amount=D(3_000), version="Augusti"),
            dataclasses.replace(other, amount=D(4_000), version="oktober"),
            dataclasses.replace(other, amount=D(5_000), version="Oktober"),      # twice in Oktober: both stay
            dataclasses.replace(base, amount=D(6_000), version="Högre löner"))   # not a process version
    found = versions.select(dataclasses.replace(exempelstad(), decisions=rows), version).decisions
    expected = {
        "Juni": [1_000, 2_000, 1_000, 1_000, 1_000],
        "Augusti": [3_000, 1_000, 1_000, 1_000],
        "Oktober": [3_000, 4_000, 5_000, 1_000, 1_000],
        "November": [3_000, 4_000, 5_000, 1_000, 1_000],
    }[version]
    assert [int(d.amount) for d in found] == expected
