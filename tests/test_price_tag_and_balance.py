"""The price-tag model beside the traditional one, the room, and the balancing requirement."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import D, population, worked_example

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.frame import BALANCING, EFFICIENCY, TECHNICAL_BASE
from ramkalk.schema.inputs import (
    AdoptedFrame,
    BalancingRule,
    CentralItem,
    Committee,
    EfficiencyBase,
    FrameModel,
    IndexYear,
    PlanningData,
    PopulationCount,
    Revenue,
    Settings,
    VolumeDefinition,
    VolumeGroup,
)

# A preschool table as municipalities publish it: persons on 31 December by age.
PRESCHOOL = {  # age: (2024, 2025, 2026)
    1: (1102, 1118, 1096),
    2: (1131, 1109, 1125),
    3: (1150, 1137, 1112),
    4: (1163, 1156, 1141),
    5: (1171, 1168, 1160),
}


def preschool_data(model: FrameModel = FrameModel.PRICE_TAG) -> PlanningData:
    rows = tuple(PopulationCount(year, age, D(PRESCHOOL[age][year - 2024]) if age in PRESCHOOL else D(0))
                 for year in (2024, 2025, 2026) for age in range(0, 101))
    return PlanningData(
        settings=Settings("Sjöstad", 2026, 0),
        committees=(Committee("BUN", "Barn- och utbildningsnämnden", D("0.7"), True, model),),
        index=(IndexYear(2026, D("0.035"), D("0.02"), D("0.01")),),
        frames=(AdoptedFrame("BUN", 2025, D(900_000_000), D(0), D(80_000_000)),),
        population=rows,
        volume_groups=(VolumeGroup("BUN", "Förskola", 1, 5, D("0.936"), D(152_400), 2026, D(1),
                                   VolumeDefinition.MEAN),),
    )


def test_price_tag_times_mean_of_two_year_ends_per_age_class_to_the_krona():
    data = preschool_data()
    assert validate(data) == ()
    frame = Calculation(data).frame("BUN", 2026)
    assert frame.model == "prislapp"
    # By hand, age class by age class: mean of 31/12 2025 and 2026 × weight × price.
    by_age = [(Decimal(now) + Decimal(before)) / 2 * D("0.936") * D(152_400)
              for _, before, now in PRESCHOOL.values()]
    expected = round(sum(by_age))  # 5 661 × 0,936 × 152 400, rounded once
    assert frame.component("prislapp Förskola") == expected == 807_521_270
    # technical frame: 80 000 000 indexed by 0,7 × 3,5 % + 0,3 × 2 % = 3,05 %, less 1 %
    assert frame.component(TECHNICAL_BASE) == 80_000_000
    assert frame.total == expected + 80_000_000 + 2_440_000 - 800_000


def test_traditional_volume_with_the_mean_compares_two_means():
    data = preschool_data(FrameModel.TRADITIONAL)
    frame = Calculation(data).frame("BUN", 2026)
    mean_2026 = sum(Decimal(now + before) / 2 for _, before, now in PRESCHOOL.values())
    mean_2025 = sum(Decimal(before + earlier) / 2 for earlier, before, _ in PRESCHOOL.values())
    assert frame.component("volym") == round((mean_2026 - mean_2025) * D("0.936") * D(152_400))


def two_model_data(technical: int | None, tag_efficiency: bool = True) -> PlanningData:
    return PlanningData(
        settings=Settings("Test", 2026, 1, price_tag_efficiency=tag_efficiency),
        committees=(Committee("GSN", "Grundskolenämnden", D("0.5")),),
        index=(IndexYear(2026, D("0.04"), D("0.02"), D("0.01")), IndexYear(2027, D("0.04"), D("0.02"), D("0.01"))),
        frames=(AdoptedFrame("GSN", 2025, D(1_000_000_000), D(0), None if technical is None else D(technical)),),
        population=population({2025: {(6, 15): 8_000}, 2026: {(6, 15): 8_100}, 2027: {(6, 15): 8_100}}),
        volume_groups=(VolumeGroup("GSN", "Grundskola", 6, 15, D(1), D(100_000), 2026, D(1)),),
    )


def test_the_difference_between_the_models_is_the_inherited_part():
    calculation = Calculation(two_model_data(technical=200_000_000))
    traditional = calculation.frame("GSN", 2026, FrameModel.TRADITIONAL)
    price_tag = calculation.frame("GSN", 2026, FrameModel.PRICE_TAG)
    assert traditional.total == 1_000_000_000 * D("1.02") + 100 * 100_000 == 1_030_000_000
    assert price_tag.total == 8_100 * 100_000 + 200_000_000 * D("1.02") == 1_014_000_000
    # The arv: the inherited volume part of the frame (1 000 − 200 mnkr), indexed and with the
    # efficiency requirement, less what the price tags give for last year's volume at this year's price.
    inherited = (D(1_000_000_000) - D(200_000_000)) * D("1.02") - 8_000 * D(100_000)
    assert traditional.total - price_tag.total == inherited == 16_000_000


def test_without_a_technical_part_and_efficiency_on_the_price_tags_the_arv_starts_at_zero():
    calculation = Calculation(two_model_data(technical=None))
    # last year's price tag is this year's back by 1 + 3 % − 1 %: 8 000 × 100 000 / 1,02 = 784 313 725
    assert calculation.frame("GSN", 2026, FrameModel.PRICE_TAG).component(TECHNICAL_BASE) == 215_686_275
    traditional = calculation.frame("GSN", 2026, FrameModel.TRADITIONAL)
    assert traditional.total == calculation.frame("GSN", 2026, FrameModel.PRICE_TAG).total == 1_030_000_000


def test_without_a_technical_part_the_arv_starts_at_zero_but_for_efficiency():
    calculation = Calculation(two_model_data(technical=None, tag_efficiency=False))
    traditional = calculation.frame("GSN", 2026, FrameModel.TRADITIONAL)
    price_tag = calculation.frame("GSN", 2026, FrameModel.PRICE_TAG)
    # the inherited volume part is taken as last year's price tags: 8 000 × 100 000 / 1,03
    last_year_tags = round(8_000 * D(100_000) / D("1.03"))
    assert price_tag.component(TECHNICAL_BASE) == 1_000_000_000 - last_year_tags
    assert traditional.total - price_tag.total == pytest.approx(-D("0.01") * last_year_tags, abs=2)


def test_plan_years_of_the_price_tag_model_chain_on_the_technical_frame():
    calculation = Calculation(two_model_data(technical=200_000_000))
    first = calculation.frame("GSN", 2026, FrameModel.PRICE_TAG)
    second = calculation.frame("GSN", 2027, FrameModel.PRICE_TAG)
    assert second.component(TECHNICAL_BASE) == first.total - first.component("prislapp Grundskola")
    # the price tag indexed by 3 % less the efficiency requirement 1 % (Effektivisering av prislappar = Ja)
    assert second.component("prislapp Grundskola") == round(8_100 * D(100_000) * D("1.02"))
    without = Calculation(two_model_data(technical=200_000_000, tag_efficiency=False)).frame("GSN", 2027, FrameModel.PRICE_TAG)
    assert without.component("prislapp Grundskola") == round(8_100 * D(100_000) * D("1.03"))


def test_efficiency_on_the_base_after_indexation():
    data = worked_example()
    data = dataclasses.replace(data, settings=dataclasses.replace(
        data.settings, efficiency_base=EfficiencyBase.BASE_AFTER_INDEXATION))
    frame = Calculation(data).frame("GSN", 2026)
    assert frame.component(EFFICIENCY) == -(D(1_980_000_000) + D(53_460_000)) * D("0.01")
    line = next(line for line in frame.lines if line.component == EFFICIENCY)
    assert line.rule == "−(bas + uppräkning) × effektiviseringskrav"


# --- revenues, room and balancing ------------------------------------------------------------


def three_committees(rule: BalancingRule, shares=(None, None, None), years: int = 1) -> PlanningData:
    codes = ("KS", "GSN", "VÄN")
    frames = (100_000_000, 600_000_000, 300_000_001)
    all_years = range(2026, 2027 + years)
    return PlanningData(
        settings=Settings("Test", 2026, years, balancing=rule),
        committees=tuple(Committee(code, code, D("0.5"), False, balance_share=share)
                         for code, share in zip(codes, shares)),
        index=tuple(IndexYear(y, D(0), D(0), D(0)) for y in all_years),
        frames=tuple(AdoptedFrame(code, 2025, D(frame)) for code, frame in zip(codes, frames)),
        revenues=tuple(Revenue(y, D(700_000_000), D(330_000_000), D(-5_000_000), D("0.02")) for y in all_years),
        central_items=tuple(CentralItem(y, "Pensioner", D(12_345_678)) for y in all_years),
    )


def test_the_room_is_revenues_less_the_result_target_and_central_items():
    calculation = Calculation(three_committees(BalancingRule.NONE))
    balance = calculation.balances[0]
    assert balance.room.total == 700_000_000 + 330_000_000 - 5_000_000 - 20_600_000 - 12_345_678
    assert [line.label for line in balance.room.lines] == [
        "Skatteintäkter", "Generella statsbidrag och utjämning", "Finansnetto", "Resultatmål", "Pensioner"]
    assert balance.gap == 1_000_000_001 - balance.room.total
    assert balance.balancing == 0


@pytest.mark.parametrize("rule, shares", [
    (BalancingRule.PRO_RATA, (None, None, None)),
    (BalancingRule.SHARES, (D("0.2"), D("0.5"), D("0.3"))),
])
def test_a_balancing_requirement_closes_the_gap_to_the_krona(rule, shares):
    data = three_committees(rule, shares, years=1)
    assert validate(data) == ()
    calculation = Calculation(data)
    for balance in calculation.balances:
        assert balance.gap == 0
        assert sum(f.total for f in calculation.frames if f.year == balance.year) == balance.room.total
    gap = 1_000_000_001 - calculation.balances[0].room.total
    first = [f for f in calculation.frames if f.year == 2026]
    weights = [D(100_000_000) / D(1_000_000_001), D(600_000_000) / D(1_000_000_001), D(300_000_001) / D(1_000_000_001)]
    for frame, weight, share in zip(first, weights, shares):
        requirement = frame.component(BALANCING)
        assert abs(requirement + gap * (share if share is not None else weight)) < 1
        assert sum(line.amount for line in frame.lines) == frame.total
    # the requirement stays in the base of the next year, so no new requirement is needed then
    second = [f for f in calculation.frames if f.year == 2027]
    assert all(f.component(BALANCING) == 0 for f in second)


def test_balancing_shares_must_add_up_to_100_percent():
    data = three_committees(BalancingRule.SHARES, (D("0.2"), D("0.5"), D("0.2")))
    messages = [p.message for p in validate(data)]
    assert "balansandelarna summerar till 90 %, inte 100 %; differens −10 %" in messages


def test_balancing_needs_revenues_for_every_year():
    data = dataclasses.replace(three_committees(BalancingRule.PRO_RATA, years=2),
                               revenues=three_committees(BalancingRule.PRO_RATA).revenues[:1])
    messages = [p.message for p in validate(data)]
    assert "balanseringskrav kräver intäkter för varje beräknat år; bladet Intäkter saknar 2027–2028" in messages


def test_the_mean_needs_the_population_two_years_before_the_budget_year():
    data = preschool_data()
    data = dataclasses.replace(data, population=tuple(p for p in data.population if p.year != 2024))
    messages = [p.message for p in validate(data)]
    assert any(m.startswith("befolkning saknas för 2024") for m in messages)
