"""The example municipality Exempelstad and the synthetic benchmark municipality."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.frame import EX_POST, INTERNAL_SERVICES, RESULT
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.schema.inputs import DecisionType, Duration, PopulationKind, Unit

CODES = ("KS", "FSN", "GSN", "GYN", "VÄN", "SON", "IFO", "KFN", "SBN", "TN", "MSN")
YEARS = (2027, 2028, 2029, 2030)


@pytest.fixture(scope="module")
def data():
    return exempelstad()


@pytest.fixture(scope="module")
def frames(data):
    return {(f.committee, f.year): f for f in Calculation(data).traditional}


def population_by_year(data) -> dict[int, dict[int, Decimal]]:
    by_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in data.population:
        if row.forecast_year is None:  # the population as now known
            by_year[row.year][row.age] = row.count
    return by_year


def test_settings(data):
    assert data.settings.municipality == "Exempelstad"
    assert data.settings.budget_year == 2027
    assert data.settings.plan_years == 3
    assert data.settings.unit is Unit.KR
    assert data.settings.years == YEARS


def test_deterministic():
    assert exempelstad() == exempelstad()
    assert synthetic(7) == synthetic(7)


def test_validates_without_problems(data):
    assert validate(data) == ()
    assert validate(synthetic()) == ()


def test_total_population_2025_about_100_000(data):
    total = sum(population_by_year(data)[2025].values())
    assert 90_000 <= total <= 110_000


def test_every_age_every_year_whole_non_negative(data):
    by_year = population_by_year(data)
    assert sorted(by_year) == list(range(2023, 2031))
    assert len(data.population) == 8 * 101 + 101  # and the forecast of 2025 made in 2024
    for year, counts in by_year.items():
        assert sorted(counts) == list(range(101)), year
        assert all(c >= 0 and c == c.to_integral_value() for c in counts.values()), year


def test_population_kinds(data):
    for row in data.population:
        if row.forecast_year is not None:  # the earlier forecast the ex-post correction compares with
            assert (row.year, row.forecast_year, row.kind) == (2025, 2024, PopulationKind.FORECAST)
            continue
        expected = PopulationKind.OUTCOME if row.year <= 2025 else PopulationKind.FORECAST
        assert row.kind is expected


def test_population_is_believable(data):
    counts = population_by_year(data)[2025]
    assert 1_000 <= counts[0] <= 1_300
    assert counts[100] < counts[90] < counts[80]
    elderly = sum(counts[a] for a in range(65, 101)) / sum(counts.values())
    assert Decimal("0.15") < elderly < Decimal("0.25")


def test_committees(data):
    assert tuple(c.code for c in data.committees) == CODES
    assert {c.code for c in data.committees if not c.automatic_volume} == {"SON", "IFO"}
    assert all(Decimal("0.35") <= c.wage_share <= Decimal("0.80") for c in data.committees)


def test_adopted_frames(data):
    have = {(f.committee, f.year) for f in data.frames}
    assert have == {(code, year) for code in CODES for year in (2025, 2026)}
    total_2026 = sum(f.frame for f in data.frames if f.year == 2026)
    assert 6_500_000_000 <= total_2026 <= 7_000_000_000
    assert any(f.one_off > 0 for f in data.frames) and any(f.one_off == 0 for f in data.frames)
    assert all(f.frame == f.frame.to_integral_value() for f in data.frames)


def test_every_decision_type_and_duration(data):
    assert {d.kind for d in data.decisions} == set(DecisionType)
    assert {d.duration for d in data.decisions} == set(Duration)
    assert sum(d.duration is Duration.ONE_OFF for d in data.decisions) >= 3
    assert {d.year for d in data.decisions} == set(YEARS)
    assert all(d.amount < 0 for d in data.decisions if d.kind is DecisionType.SAVING)
    assert any(d.focus_area is None for d in data.decisions)
    assert any(d.focus_area is not None for d in data.decisions)


def test_every_committee_gets_a_positive_frame_every_year(data, frames):
    assert set(frames) == {(code, year) for code in CODES for year in YEARS}
    assert all(f.total > 0 for f in frames.values())


def test_2027_frames_within_15_percent_of_2026(data, frames):
    adopted = {f.committee: f.frame for f in data.frames if f.year == 2026}
    for code in CODES:
        change = frames[(code, 2027)].total / adopted[code] - 1
        assert abs(change) <= Decimal("0.15"), (code, change)


def test_one_off_of_2027_leaves_the_base_of_2028(data, frames):
    one_offs = [d for d in data.decisions if d.year == 2027 and d.duration is Duration.ONE_OFF]
    code = next(d.committee for d in one_offs if any(e.committee == d.committee and e.year == 2028
                                                       for e in data.decisions))
    amount = sum(d.amount for d in one_offs if d.committee == code)
    frame = frames[(code, 2027)]
    # the ex-post correction and a returned result are one-off too
    one_off = amount + frame.component("efterhandsjustering") + frame.component("resultat")
    assert frame.one_off == one_off and amount > 0
    assert frames[(code, 2028)].component("bas") == frame.total - one_off


def test_volume_groups_give_volume(frames):
    assert frames[("VÄN", 2027)].component("volym") > 0
    assert frames[("SON", 2027)].component("volym") == 0


def test_synthetic_has_60_committees_and_calculates():
    data = synthetic(60)
    assert len(data.committees) == 60
    assert data.committees[0].code == "N01" and data.committees[-1].code == "N60"
    results = Calculation(data).traditional
    assert len(results) == 60 * len(data.settings.years)
    assert all(f.total > 0 for f in results)


def test_every_line_is_the_amount_its_frame_was_computed_with(data):
    # A frame's amounts are computed with it and its lines only when read (supplements and
    # balancing included): each line must be the very amount of its component.
    calculation = Calculation(data)
    components_seen = set()
    for frame in (*calculation.frames, *calculation.traditional, *calculation.price_tag):
        lines = frame.lines
        assert [line.component for line in lines] == [key for key, _ in frame.amounts]
        assert [line.amount for line in lines] == [amount for _, amount in frame.amounts]
        assert sum(line.amount for line in lines) == frame.total
        components_seen.update(line.component for line in lines if line.amount)
    assert {INTERNAL_SERVICES, EX_POST, RESULT} <= components_seen  # Exempelstad has every supplement
