"""Sensitivity of frames and balance to wages, prices and volumes."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import D, worked_example
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.sensitivity import BalanceEffect, Effect, Sensitivity, scenarios, sensitivity
from ramkalk.calculation.validation import validate
from ramkalk.core.frame import VOLUME
from ramkalk.core.money import ZERO
from ramkalk.core.problems import Severity
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.schema import versions
from ramkalk.schema.inputs import BalancingRule, EfficiencyBase, FrameModel, PlanningData


def effect(found, scenario: str, committee: str, year: int) -> Decimal:
    """A frame's change in a scenario; zero for a committee the scenario does not move (not listed)."""
    return next((e.change for e in found.effects if (e.scenario, e.committee, e.year) == (scenario, committee, year)),
                ZERO)


def test_one_point_on_wages_moves_the_frame_by_base_times_wage_share():
    # The worked example: base 1 980 000 000, wage share 0.60, price tag stated for 2026.
    found = sensitivity(worked_example(plan_years=1))
    assert effect(found, "Löneökning +1 procentenhet", "GSN", 2026) == D(1_980_000_000) * D("0.60") * D("0.01")
    assert effect(found, "Löneökning −1 procentenhet", "GSN", 2026) == -D(11_880_000)


def test_in_a_plan_year_wages_also_move_the_indexed_price_tag():
    data = worked_example(plan_years=1)
    up = next(s for s in scenarios(data) if s.name == "Löneökning +1 procentenhet")
    plain, changed = Calculation(data), Calculation(up.change(data))
    volume = changed.frame("GSN", 2027).component(VOLUME) - plain.frame("GSN", 2027).component(VOLUME)
    # 100 more pupils × the 2026 price × wage share × 1 point
    assert volume == D(100) * D(110_000) * D("0.60") * D("0.01")
    total = effect(sensitivity(data), "Löneökning +1 procentenhet", "GSN", 2027)
    base_change = D(11_880_000)  # the 2026 effect, now in the base of 2027
    frame_2026 = plain.frame("GSN", 2026).total
    expected = (base_change * (1 + D("0.027") - D("0.01")) + (frame_2026 + base_change) * D("0.006") + volume)
    assert abs(total - expected) <= 2  # three amounts rounded to the krona


def test_volume_scenarios_per_group_and_the_balance():
    data = exempelstad()
    found = sensitivity(data)
    names = {e.scenario for e in found.effects}
    assert len(names) == 4 + 2 * len(data.volume_groups)
    assert "Volym Förskola (FSN) +1 %" in names
    # a volume scenario only moves its own committee
    moved = {e.committee for e in found.effects if e.scenario == "Volym Förskola (FSN) +1 %" and e.change}
    assert moved == {"FSN"}
    for item in found.balance:
        frames = sum(e.change for e in found.effects if (e.scenario, e.year) == (item.scenario, item.year))
        assert item.change == frames
    base = Calculation(data)
    gap_2027 = next(b.gap for b in base.balances if b.year == 2027)
    wages_2027 = next(b for b in found.balance if (b.scenario, b.year) == ("Löneökning +1 procentenhet", 2027))
    assert wages_2027.gap == gap_2027 + wages_2027.change  # no balancing in 2027


# The sensitivity against a full recalculation per scenario -------------------------------------

COMMITTEES = len(exempelstad().committees)


def full_recalculation(data: PlanningData) -> Sensitivity:
    """The reference: every scenario the whole municipality computed again (`Calculation` of the
    changed data, every committee), as sensitivity was computed before it recomputed only the
    committees a scenario touches. Slow (a calculation per scenario) but plainly right."""
    data = versions.select(data, data.version)
    unbalanced = dataclasses.replace(data, settings=dataclasses.replace(data.settings, balancing=BalancingRule.NONE))
    base = Calculation(unbalanced)
    before = {(f.committee, f.year): f.total for f in base.frames}
    rooms = {year: room.total for year, room in base.rooms.items()}
    effects, balance = [], []
    for scenario in scenarios(unbalanced):
        after = Calculation(scenario.change(unbalanced)).frames
        rows = [Effect(scenario.name, f.committee, f.year, f.total - before[f.committee, f.year]) for f in after]
        moved = {e.committee for e in rows if e.change}
        effects += [e for e in rows if e.committee in moved]  # every year of each committee that moves
        for year in data.settings.years:
            total = sum((f.total for f in after if f.year == year), ZERO)
            change = total - sum((v for (c, y), v in before.items() if y == year), ZERO)
            gap = total - rooms[year] if year in rooms else None
            balance.append(BalanceEffect(scenario.name, year, change, gap))
    return Sensitivity(effects, balance)


def assert_same(found: Sensitivity, expected: Sensitivity) -> None:
    """Every effect and balance item equal, in the same order, to the krona (and in how it is
    written: an amount with decimals would show)."""
    assert found.effects == expected.effects
    assert found.balance == expected.balance
    assert [str(e.change) for e in found.effects] == [str(e.change) for e in expected.effects]
    assert [(str(b.change), str(b.gap)) for b in found.balance] == [(str(b.change), str(b.gap))
                                                                      for b in expected.balance]


@pytest.mark.parametrize("version", versions.names(exempelstad()))
def test_exempelstad_in_every_version_as_by_a_full_recalculation(version):
    selected = versions.select(exempelstad(), version)
    expected = full_recalculation(selected)
    assert any(e.change for e in expected.effects if e.scenario.startswith("Volym"))  # the test can see a volume
    assert_same(sensitivity(selected), expected)


def test_exempelstad_not_yet_selected_as_by_a_full_recalculation():
    data = exempelstad()  # as the commands pass it: sensitivity selects the default version
    assert_same(sensitivity(data), full_recalculation(data))


def test_the_synthetic_municipality_as_by_a_full_recalculation():
    data = synthetic(60)
    found, expected = sensitivity(data), full_recalculation(data)
    moved = {(e.scenario, e.committee) for e in expected.effects if e.change}
    assert len(found.effects) == len(moved) * len(data.settings.years)  # linear: no rows of unmoved committees
    assert len(found.effects) < len(scenarios(data)) * len(data.committees) * len(data.settings.years) / 4
    assert_same(found, expected)


def test_a_volume_scenario_lists_only_the_committee_it_moves():
    data = exempelstad()
    found = sensitivity(data)
    name = "Volym Äldreomsorg 85 år och äldre (VÄN) −1 %"
    rows = [e for e in found.effects if e.scenario == name]
    assert [(e.committee, e.year) for e in rows] == [("VÄN", year) for year in data.settings.years]
    assert all(e.change < 0 for e in rows)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(models=st.lists(st.sampled_from(FrameModel), min_size=COMMITTEES, max_size=COMMITTEES),
       automatic=st.lists(st.booleans(), min_size=COMMITTEES, max_size=COMMITTEES),
       rule=st.sampled_from((BalancingRule.NONE, BalancingRule.PRO_RATA)), efficiency=st.sampled_from(EfficiencyBase),
       month=st.sampled_from((1, 4, 10)), plan_years=st.integers(0, 3),
       revenue_years=st.sets(st.integers(2027, 2030)))
def test_variants_of_exempelstad_as_by_a_full_recalculation(models, automatic, rule, efficiency, month, plan_years,
                                                            revenue_years):
    """Each committee by either model, with or without automatic volume; any pay revision month,
    efficiency base and number of plan years; without a balancing requirement, revenues for only
    some years (the gap is None in the others)."""
    data = exempelstad()
    if rule is not BalancingRule.NONE:  # a balancing requirement needs revenues for every year
        revenue_years = set(data.settings.years)
    data = dataclasses.replace(
        data,
        settings=dataclasses.replace(data.settings, balancing=rule, efficiency_base=efficiency,
                                     pay_revision_month=month, plan_years=plan_years),
        committees=tuple(dataclasses.replace(c, model=model, automatic_volume=auto)
                         for c, model, auto in zip(data.committees, models, automatic)),
        revenues=tuple(r for r in data.revenues if r.year in revenue_years))
    assume(not [p for p in validate(data) if p.severity is Severity.ERROR])
    assert_same(sensitivity(data), full_recalculation(data))
