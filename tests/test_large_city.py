"""Storstad, the large-city benchmark municipality: its shape, and as a written planning workbook
read back, the invariants Exempelstad's tests check (lines add up, balancing to the krona, a
one-off leaves the next base, both models for every committee)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from test_example import test_every_line_is_the_amount_its_frame_was_computed_with as lines_are_the_amounts

from ramkalk.calculation.frames import Calculation
from ramkalk.core.frame import BALANCING, BASE, EX_POST
from ramkalk.example.large_city import large_city
from ramkalk.schema.inputs import FrameModel, ResultRule
from ramkalk.schema.versions import PROCESS
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook

YEARS = tuple(range(2027, 2033))


@pytest.fixture(scope="module")
def data():
    return large_city()


@pytest.fixture(scope="module")
def workbook(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("storstad") / "storstad.xlsx"
    write_workbook(data, path)
    return path


@pytest.fixture(scope="module")
def calculation(workbook):
    return pipeline.calculate_all(pipeline.check_file(workbook))


def test_deterministic():
    assert large_city() == large_city()
    assert large_city(2) == large_city(2)


def test_shape_at_scale_1(data):
    assert (data.settings.municipality, data.settings.budget_year, data.settings.plan_years) == ("Storstad", 2027, 5)
    assert data.settings.years == YEARS
    assert len(data.committees) == 60
    assert len({c.code for c in data.committees}) == 60
    assert len([g for g in data.volume_groups if g.version is None]) == 20
    assert all(g.name.endswith(c.name.removeprefix("Stadsdelsnämnden ")) for g in data.volume_groups
               for c in data.committees if c.code == g.committee)
    assert {c.model for c in data.committees} == set(FrameModel)
    assert len(data.decisions) == 3000
    assert Counter(d.version for d in data.decisions) == {None: 2500, "Augusti": 200, "Oktober": 200, "November": 100}
    assert {d.year for d in data.decisions} == set(YEARS)
    assert {s.committee for s in data.cost_structure} == {c.code for c in data.committees}
    assert {s.service for s in data.internal_services} == {"IT", "Lokaler", "Måltider"}
    assert {c.result_rule for c in data.committees} == set(ResultRule)
    assert data.revenue_tags and data.revenues and data.central_items and data.outcomes
    assert any(g.ex_post for g in data.volume_groups)


def test_scale_multiplies_the_work(data):
    bigger = large_city(4)
    assert len(bigger.committees) == 4 * len(data.committees)
    assert len(bigger.decisions) == 4 * len(data.decisions)
    assert len(bigger.volume_groups) == 4 * len(data.volume_groups)
    assert len(bigger.population) == len(data.population)  # as many rows, four times the people
    people = sum(p.count for p in data.population)
    assert sum(p.count for p in bigger.population) == pytest.approx(4 * people, rel=Decimal("0.0001"))


def test_scale_must_be_whole_and_positive():
    with pytest.raises(ValueError):
        large_city(0)


def test_written_and_read_back_every_version_without_any_problem(workbook, data):
    checked = pipeline.with_plausibility(pipeline.check_every_version(workbook))
    assert [str(p) for p in checked.problems] == []
    assert checked.data == pipeline.check_data(data).data  # the workbook holds what was generated
    for version in (*PROCESS, "Högre löner"):
        found = pipeline.check_file(workbook, version)
        assert found.ok and pipeline.plausibility_warnings(found) == (), version


def test_every_line_is_the_amount_of_its_component(calculation):
    lines_are_the_amounts(calculation.data)  # (Exempelstad's test, on Storstad: every supplement used)


def test_balancing_closes_the_gap_to_the_krona_every_year(calculation):
    assert [b.year for b in calculation.balances] == list(YEARS)
    for balance in calculation.balances:
        assert balance.gap == 0
        assert sum(f.total for f in calculation.frames_of_year(balance.year)) == balance.room.total
    assert all(f.component(BALANCING) < 0 for f in calculation.frames if f.year == 2027)


def test_a_one_off_leaves_the_next_base_and_frames_are_positive(calculation):
    for chain in (calculation.frames, calculation.traditional, calculation.price_tag):
        frames = {(f.committee, f.year): f for f in chain}
        assert len(frames) == 60 * len(YEARS)
        for (code, year), frame in frames.items():
            assert frame.total > 0
            if year > YEARS[0] and frame.model == "traditionell":
                last = frames[(code, year - 1)]
                assert frame.component(BASE) == last.total - last.one_off, (code, year)


def test_both_models_for_every_committee(calculation):
    for committee in calculation.data.committees:
        for year in YEARS:
            own = calculation.frame(committee.code, year, committee.model)
            assert own.model == ("prislapp" if committee.model is FrameModel.PRICE_TAG else "traditionell")
            other = FrameModel.TRADITIONAL if committee.model is FrameModel.PRICE_TAG else FrameModel.PRICE_TAG
            assert calculation.frame(committee.code, year, other).total > 0
        has_tags = committee.automatic_volume and any(g.committee == committee.code
                                                      for g in calculation.data.volume_groups)
        if not has_tags:  # no price tags, no technical part: the same frame in both models
            assert (calculation.frame(committee.code, 2027, FrameModel.TRADITIONAL).total
                    == calculation.frame(committee.code, 2027, FrameModel.PRICE_TAG).total)


def test_the_districts_preschool_is_corrected_ex_post(calculation):
    corrected = {f.committee for f in calculation.frames if f.year == 2027 and f.component(EX_POST) < 0}
    assert corrected == {c.code for c in calculation.data.committees if c.code.startswith("SDN")}


def test_the_versions_give_different_frames(workbook):
    june, november = (Calculation(pipeline.check_file(workbook, v).data) for v in ("Juni", "November"))
    changed = [f for f, g in zip(june.frames, november.frames) if f.total != g.total]
    assert len(changed) > len(june.frames) // 2
