"""The traditional frame model: the worked example of docs/ramberakning.md ("Räkneexempel: Grundskolenämnden") and its invariants."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import D, population, worked_example
from hypothesis import given, settings
from hypothesis import strategies as st

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.frame import BASE, DECISIONS, EFFICIENCY, INDEXATION, VOLUME
from ramkalk.rules import components
from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    Decision,
    DecisionType,
    Duration,
    IndexYear,
    PlanningData,
    Settings,
    VolumeGroup,
)


def calculate_traditional(data: PlanningData) -> tuple:
    """Every frame by the traditional model (the data's committees are all traditional)."""
    return Calculation(data).traditional


def frames_of(data: PlanningData) -> dict[tuple[str, int], object]:
    assert validate(data) == ()
    return {(f.committee, f.year): f for f in calculate_traditional(data)}


def test_worked_example_of_domain_md_to_the_krona():
    frame = frames_of(worked_example())[("GSN", 2026)]
    assert frame.components() == {
        BASE: D(1_980_000_000),
        INDEXATION: D(53_460_000),
        EFFICIENCY: D(-19_800_000),
        VOLUME: D(11_000_000),
        DECISIONS: D(0),
    }
    assert frame.total == D(2_024_660_000)


def test_explanation_lines_carry_rule_inputs_and_add_up():
    frame = frames_of(worked_example())[("GSN", 2026)]
    lines = {line.component: line for line in frame.lines}
    assert [line.component for line in frame.lines] == [c.key for c in components.TRADITIONAL]
    assert sum(line.amount for line in frame.lines) == frame.total
    base = lines[BASE]
    assert [(d.label, d.amount) for d in base.details] == [
        ("Fastställd ram 2025", D(2_000_000_000)),
        ("Avgår engångsposter 2025", D(-20_000_000)),
    ]
    indexation = {i.name: i.value for i in lines[INDEXATION].inputs}
    assert indexation["sammanvägt index"] == D("0.027")
    assert indexation["löneökning 2026"] == D("0.033")
    assert "personalkostnadsandel" in lines[INDEXATION].rule
    (group,) = lines[VOLUME].details
    volume_inputs = {i.name: i.value for i in group.inputs}
    assert volume_inputs["volym 2026"] - volume_inputs["volym 2025"] == 100
    assert group.amount == D(11_000_000)


def test_plan_years_chain_on_the_computed_frame_and_index_the_price():
    frames = frames_of(worked_example(plan_years=1))
    first, second = frames[("GSN", 2026)], frames[("GSN", 2027)]
    assert second.component(BASE) == first.total  # no one-offs in 2026
    price_2027 = D(110_000) * (1 + D("0.027"))
    assert second.component(VOLUME) == round(D(100) * price_2027)
    assert second.component(INDEXATION) == round(first.total * D("0.027"))


def decision(year: int, amount: int, duration: Duration = Duration.PERMANENT,
             kind: DecisionType = DecisionType.INVESTMENT) -> Decision:
    return Decision("GSN", year, D(amount), kind, duration, "Barn och unga", f"Beslut {amount}")


def test_one_off_counts_in_its_year_and_leaves_the_next_base():
    data = worked_example(plan_years=1, decisions=(
        decision(2026, 5_000_000, Duration.ONE_OFF),
        decision(2026, 2_000_000),
    ))
    frames = frames_of(data)
    first, second = frames[("GSN", 2026)], frames[("GSN", 2027)]
    assert first.component(DECISIONS) == D(7_000_000)
    assert first.one_off == D(5_000_000)
    assert second.component(BASE) == first.total - D(5_000_000)
    removal = next(line for line in second.lines if line.component == BASE).details[1]
    assert removal.amount == D(-5_000_000)


def test_committee_without_automatic_volume_gets_no_volume():
    data = worked_example()
    data = dataclasses.replace(
        data, committees=(dataclasses.replace(data.committees[0], automatic_volume=False),), volume_groups=()
    )
    frame = frames_of(data)[("GSN", 2026)]
    assert frame.component(VOLUME) == 0
    assert frame.total == D(1_980_000_000 + 53_460_000 - 19_800_000)


def test_price_stated_for_an_earlier_year_is_indexed_forward():
    data = worked_example()
    data = dataclasses.replace(
        data,
        index=(IndexYear(2025, D("0.04"), D("0.02"), D("0.01")), *data.index),
        volume_groups=(dataclasses.replace(data.volume_groups[0], price=D(100_000), price_year=2025),),
    )
    frame = frames_of(data)[("GSN", 2026)]
    assert frame.component(VOLUME) == D(100) * D(100_000) * (1 + D("0.027"))


def test_weights_and_compensation_scale_the_volume():
    data = worked_example()
    group = dataclasses.replace(data.volume_groups[0], weight=D("0.95"), compensation=D("0.5"))
    frame = frames_of(dataclasses.replace(data, volume_groups=(group,)))[("GSN", 2026)]
    assert frame.component(VOLUME) == round(D(100) * D("0.95") * D(110_000) * D("0.5"))


# --- invariants (hypothesis) -------------------------------------------------------------

amounts = st.integers(min_value=1_000_000, max_value=5_000_000_000)
rates = st.decimals(min_value="-0.02", max_value="0.08", places=4)
shares = st.decimals(min_value=0, max_value=1, places=2)
pupils = st.integers(min_value=0, max_value=30_000)


@st.composite
def planning_data(draw, plan_years: int = 2) -> PlanningData:
    years = range(2026, 2027 + plan_years)
    frame = draw(amounts)
    one_off = draw(st.integers(min_value=0, max_value=frame // 10))
    decisions = tuple(
        Decision("GSN", draw(st.sampled_from(list(years))), D(draw(st.integers(-50_000_000, 50_000_000))),
                 draw(st.sampled_from(list(DecisionType))), draw(st.sampled_from(list(Duration))))
        for _ in range(draw(st.integers(0, 4)))
    )
    counts = {y: {(6, 15): draw(pupils), (80, 100): draw(pupils)} for y in range(2025, 2027 + plan_years)}
    return PlanningData(
        settings=Settings("Test", 2026, plan_years),
        committees=(Committee("GSN", "Grundskolenämnden", draw(shares)),),
        index=tuple(IndexYear(y, draw(rates), draw(rates), draw(rates)) for y in years),
        frames=(AdoptedFrame("GSN", 2025, D(frame), D(one_off)),),
        population=population(counts),
        volume_groups=(
            VolumeGroup("GSN", "skola", 6, 15, D(1), D(draw(st.integers(50_000, 150_000))), 2026, D(1)),
            VolumeGroup("GSN", "äldre", 80, 100, D("2.5"), D(draw(st.integers(50_000, 150_000))), 2026, D("0.9")),
        ),
        decisions=decisions,
    )


@settings(max_examples=60, deadline=None)
@given(planning_data())
def test_frame_is_the_sum_of_its_components_and_of_its_lines(data):
    for frame in calculate_traditional(data):
        assert frame.total == sum(frame.components().values())
        assert frame.total == sum(line.amount for line in frame.lines)
        for line in frame.lines:
            if line.details:
                assert line.amount == sum(d.amount for d in line.details)
            assert line.amount == line.amount.to_integral_value()


@settings(max_examples=40, deadline=None)
@given(planning_data())
def test_no_index_no_efficiency_same_population_no_decisions_gives_the_base(data):
    flat = dataclasses.replace(
        data,
        index=tuple(IndexYear(r.year, D(0), D(0), D(0)) for r in data.index),
        population=tuple(dataclasses.replace(p, year=y) for y in (2025, 2026, 2027, 2028)
                         for p in data.population if p.year == 2025),
        decisions=(),
    )
    for frame in calculate_traditional(flat):
        assert frame.total == frame.component(BASE)


@settings(max_examples=40, deadline=None)
@given(planning_data())
def test_a_one_off_is_absent_from_the_next_base(data):
    frames = {f.year: f for f in calculate_traditional(data)}
    for year in (2026, 2027):
        one_offs = sum(d.amount for d in data.decisions if d.year == year and d.duration is Duration.ONE_OFF)
        assert frames[year].one_off == one_offs
        assert frames[year + 1].component(BASE) == frames[year].total - one_offs


def scaled(data: PlanningData, k: int) -> PlanningData:
    """Every amount (frames, one-offs, prices, decisions) multiplied by k."""
    return dataclasses.replace(
        data,
        frames=tuple(dataclasses.replace(f, frame=f.frame * k, one_off=f.one_off * k) for f in data.frames),
        volume_groups=tuple(dataclasses.replace(g, price=g.price * k) for g in data.volume_groups),
        decisions=tuple(dataclasses.replace(d, amount=d.amount * k) for d in data.decisions),
    )


@settings(max_examples=40, deadline=None)
@given(planning_data(), st.integers(min_value=2, max_value=1000))
def test_multiplying_every_amount_by_k_multiplies_every_frame_by_k(data, k):
    # Each computed term is rounded to the krona, so scaling commutes with the calculation
    # up to rounding: |round(k·x) − k·round(x)| <= (k + 1) / 2 per rounded term (indexation,
    # efficiency and one per volume group; decisions are whole kronor and scale exactly).
    # A plan year carries the previous year's error through its base, grown by at most
    # 1 + |index| + |efficiency| <= 1.2 for the rates drawn here.
    per_year = D(k + 1) / 2 * (2 + len(data.volume_groups))
    small = {f.year: f.total for f in calculate_traditional(data)}
    big = {f.year: f.total for f in calculate_traditional(scaled(data, k))}
    bound = D(0)
    for year in sorted(small):
        bound = bound * D("1.2") + per_year
        assert abs(big[year] - small[year] * k) <= bound


def test_multiplying_every_amount_by_k_is_exact_when_nothing_rounds():
    data = worked_example(plan_years=0, decisions=(decision(2026, 3_000_000, Duration.ONE_OFF),))
    for k in (2, 7, 1000):
        (one,), (many,) = calculate_traditional(data), calculate_traditional(scaled(data, k))
        assert many.total == one.total * k
        assert many.components() == {key: value * k for key, value in one.components().items()}


def test_calculation_on_invalid_data_is_misuse():
    data = dataclasses.replace(worked_example(), frames=())
    with pytest.raises(LookupError):
        calculate_traditional(data)
