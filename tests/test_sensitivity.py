"""Sensitivity of frames and balance to wages, prices and volumes."""

from __future__ import annotations

from decimal import Decimal

from conftest import D, worked_example
from ramkalk.calculation.frames import Calculation
from ramkalk.example.municipality import exempelstad
from ramkalk.core.frame import VOLUME
from ramkalk.calculation.sensitivity import scenarios, sensitivity


def effect(found, scenario: str, committee: str, year: int) -> Decimal:
    return next(e.change for e in found.effects if (e.scenario, e.committee, e.year) == (scenario, committee, year))


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
