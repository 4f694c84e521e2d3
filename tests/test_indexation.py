"""Indexation by cost type: pay revision with carry-over, PO-pålägg, cost types with their own rates."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SHARES, D, by_cost_type, worked_example

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.frame import INDEXATION, VOLUME
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.rules.indexation import composite_index, index_parts, is_detailed
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Participation


def indexation(calculation: Calculation, year: int):
    return next(line for line in calculation.frame("VÄN", year).lines if line.component == INDEXATION)


def test_hand_computed_indexation_by_cost_type_with_april_revision_and_po():
    data = by_cost_type()
    assert validate(data) == ()
    calculation = Calculation(data)
    first = indexation(calculation, 2026)
    # base 100 000 000; personnel 60 %, other costs 40 % split 50/25/12,5/12,5 %
    assert [(d.label, d.amount) for d in first.details] == [
        ("Uppräkning: Årets löneökning (9/12)", D(1_350_000)),                       # 60 mnkr × 3 % × 9/12
        ("Uppräkning: Överhäng av föregående års löneökning (3/12)", D(600_000)),   # 60 mnkr × 4 % × 3/12
        ("Uppräkning: PO-pålägg", D(445_683)),  # 60 mnkr × (1 + 3,25 %) × (1,40 / 1,39 − 1)
        ("Uppräkning: Entreprenader", D(600_000)),                         # 20 mnkr × 3 %
        ("Uppräkning: Hyror", D(200_000)),                                 # 10 mnkr × 2 %
        ("Uppräkning: Livsmedel", D(200_000)),                             # 5 mnkr × 4 %
        ("Uppräkning: Övrigt", D(80_000)),                                 # 5 mnkr × 1,6 %
    ]
    assert first.amount == sum(d.amount for d in first.details) == D(3_475_683)
    assert calculation.frame("VÄN", 2026).total == D(103_475_683)


def test_the_carry_over_of_a_revision_lands_in_the_next_year():
    second = indexation(Calculation(by_cost_type()), 2027)
    base = D(103_475_683)
    amounts = {d.label: d.amount for d in second.details}
    assert amounts["Uppräkning: Årets löneökning (9/12)"] == round(base * D("0.6") * D("0.024") * 9 / 12)
    overhang = next(d for d in second.details if d.label == "Uppräkning: Överhäng av föregående års löneökning (3/12)")
    assert overhang.amount == round(base * D("0.6") * D("0.03") * 3 / 12)
    assert "löneökning 2026" in [i.name for i in overhang.inputs]
    assert amounts["Uppräkning: PO-pålägg"] == 0  # unchanged 40 % → 40 %
    assert second.amount == sum(amounts.values())


def test_the_sources_of_the_rates_are_in_the_explanation():
    line = indexation(Calculation(by_cost_type()), 2026)
    rents = next(d for d in line.details if d.label == "Uppräkning: Hyror")
    assert any(i.reference == "PKV april" and i.name == "ökning hyror 2026" for i in rents.inputs)


def test_every_committee_weighs_the_same_personnel_rates_by_its_own_wage_share():
    data = by_cost_type()
    other = dataclasses.replace(data.committees[0], code="SON", wage_share=D("0.8"))
    data = dataclasses.replace(data, committees=data.committees + (other,))
    lookups = Lookups(data)
    assert lookups.personnel_rates(2026) is lookups.personnel_rates(2026)  # worked out once per year
    van, son = (index_parts(c, 2026, lookups)[:3] for c in data.committees)
    assert [(p.label, p.rate) for p in van] == [(p.label, p.rate) for p in son]
    assert [p.share for p in van] == [D("0.6")] * 3 and [p.share for p in son] == [D("0.8")] * 3
    shares = [next((i.value for i in p.inputs() if i.name == "personalkostnadsandel"), None) for p in son]
    assert shares == [D("0.8"), D("0.8"), None]  # the PO-pålägg part shows the PO rows, not the share


def test_the_two_part_index_is_unchanged():
    frame = Calculation(worked_example()).frame("GSN", 2026)
    line = next(line for line in frame.lines if line.component == INDEXATION)
    assert line.details == ()
    assert line.amount == D(53_460_000)
    assert frame.total == D(2_024_660_000)


def test_shares_that_do_not_add_up_to_100_percent_name_the_committee_and_the_sum():
    data = by_cost_type({**SHARES, "Övrigt": "0.075"})
    messages = [p.message for p in validate(data)]
    assert "kostnadsstrukturen för VÄN summerar till 95 %, inte 100 %; differens −5 %" in messages


def test_a_cost_type_without_a_rate_is_an_error():
    data = by_cost_type()
    data = dataclasses.replace(data, cost_index=tuple(r for r in data.cost_index if r.cost_type != "Hyror"))
    messages = [p.message for p in validate(data)]
    assert 'kostnadsslaget "Hyror" saknar ökning på bladet Kostnadsindex för 2026–2027' in messages


@pytest.mark.parametrize("year", [2027, 2028, 2029, 2030])
def test_every_sub_line_adds_up_to_the_indexation_line_in_exempelstad(year):
    calculation = Calculation(exempelstad())
    for frames in (calculation.frames, calculation.traditional, calculation.price_tag):
        for frame in (f for f in frames if f.year == year):
            line = next(line for line in frame.lines if line.component == INDEXATION)
            assert line.details and line.amount == sum(d.amount for d in line.details)


def test_the_plain_index_is_the_sum_of_its_two_parts():
    # Lookups computes the plain index without building its parts; it must be the very sum they give.
    data = synthetic(20)  # wages rise in January, no PO-pålägg, no cost structure
    lookups = Lookups(data)
    for committee in data.committees:
        for year in data.settings.years:
            parts = index_parts(committee, year, lookups)
            index = lookups.committee_index(committee, year)
            assert not index.detailed and not is_detailed(parts)
            assert str(index.index) == str(composite_index(parts))


def test_price_tags_follow_the_composite_index():
    data = by_cost_type()
    lookups = Calculation(data).lookups
    committee = data.committees[0]
    parts = sum(d.amount for d in indexation(Calculation(data), 2026).details)
    assert abs(lookups.blended_index(committee, 2026) * D(100_000_000) - parts) < 4


def test_a_changed_participation_share_is_its_own_effect():
    data = worked_example()
    data = dataclasses.replace(data, participation=(
        Participation("GSN", "grundskola", 2025, D("0.95")), Participation("GSN", "grundskola", 2026, D("0.96"))))
    frame = Calculation(data).frame("GSN", 2026)
    volume = next(line for line in frame.lines if line.component == VOLUME)
    demography, demand = volume.details
    assert demand.label == "Volym grundskola (6–15 år): förändrad efterfrågan"
    assert demand.amount == 11_900 * D("0.01") * 110_000          # 2026's pupils × 1 point × price
    assert demography.amount == 100 * D("0.95") * 110_000         # 100 more pupils at last year's share
    assert volume.amount == demography.amount + demand.amount
