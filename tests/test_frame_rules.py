"""The frame rules found in published budgets (issue 23), each computed by hand to the krona.

The fixture is Lillby, smaller still than Småby (tests/small_workbook.py) so that every number
can be worked out in a comment: one committee, KS, traditional and without volume groups, with
the frame 10 000 000 kr for 2026 (no one-offs), wage share 50 %, and every year 2027–2029 the
wage increase 4 %, the price increase 2 % and the efficiency requirement 1 %. Its index is
0,5 × 4 % + 0,5 × 2 % = 3 %, so without any rule of this file

    2027: bas 10 000 000 + uppräkning 300 000 − effektivisering 100 000 = 10 200 000
    2028: bas 10 200 000 + 306 000 − 102 000                              = 10 404 000
    2029: bas 10 404 000 + 312 120 − 104 040                              = 10 612 080

A rule's test changes one thing and works out what follows from it.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import population, worked_example
from small_workbook import smaby

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.explanation import one_off_leaving
from ramkalk.core.frame import BASE, DECISIONS, EFFICIENCY, EX_POST, INDEXATION, VOLUME
from ramkalk.report.frame_text import frame_explanation
from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    CommitteeRates,
    CostTypeRate,
    Decision,
    DecisionType,
    Driver,
    Duration,
    EfficiencyBase,
    FrameModel,
    FramePart,
    IndexYear,
    Measure,
    PartIndexation,
    PlanningData,
    Settings,
    StandardCost,
    VolumeDriver,
    VolumeGroup,
    WageBasis,
)
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook

D = Decimal


def lillby(**changes) -> PlanningData:
    """Lillby (see the module docstring), with `changes` to its PlanningData."""
    data = PlanningData(
        settings=Settings("Lillby", 2027, plan_years=2),
        committees=(Committee("KS", "Kommunstyrelsen", D("0.5"), automatic_volume=False),),
        index=tuple(IndexYear(year, D("0.04"), D("0.02"), D("0.01")) for year in (2027, 2028, 2029)),
        frames=(AdoptedFrame("KS", 2026, D(10_000_000)),),
    )
    return dataclasses.replace(data, **changes)


def frames(data: PlanningData) -> dict[int, object]:
    """KS's frames by year, by its own model; the data must validate without a problem."""
    assert validate(data) == ()
    return {f.year: f for f in Calculation(data).frames}


def test_lillby_without_rules():
    found = frames(lillby())
    assert {year: f.total for year, f in found.items()} == {2027: D(10_200_000), 2028: D(10_404_000),
                                                            2029: D(10_612_080)}


# --- 4. Decisions over several years ----------------------------------------------------------

PROJECT = Decision("KS", 2027, D(400_000), DecisionType.INVESTMENT, Duration.ONE_OFF, None,
                   "KF 2026-06-15 § 90 Projekt Trygg stad", to_year=2028)


def test_a_two_year_project_enters_and_leaves_the_frame_by_itself():
    # The project counts 400 000 in 2027 and in 2028, as a one-off each year; it leaves in 2029.
    # 2027: 10 000 000 + 300 000 − 100 000 + 400 000                       = 10 600 000, engångs 400 000
    # 2028: bas 10 600 000 − 400 000 = 10 200 000; uppräkning 10 200 000 × 3 % = 306 000;
    #       effektivisering −102 000; beslut 400 000                      = 10 804 000, engångs 400 000
    # 2029: bas 10 804 000 − 400 000 = 10 404 000; 312 120; −104 040; no decision = 10 612 080
    # (2028 and 2029 as without the project: it never enters the base, so it is never indexed.)
    found = frames(lillby(decisions=(PROJECT,)))
    assert {year: (f.total, f.one_off) for year, f in found.items()} == {
        2027: (D(10_600_000), D(400_000)), 2028: (D(10_804_000), D(400_000)), 2029: (D(10_612_080), D(0))}
    assert found[2028].components() == {BASE: D(10_200_000), INDEXATION: D(306_000), EFFICIENCY: D(-102_000),
                                        VOLUME: D(0), DECISIONS: D(400_000)}
    assert found[2029].component(DECISIONS) == 0


def test_a_two_year_project_is_explained_in_every_year_it_touches():
    found = frames(lillby(decisions=(PROJECT,)))
    for year, number in ((2027, 1), (2028, 2)):
        (line,) = next(line for line in found[year].lines if line.component == DECISIONS).details
        assert line.label == "KF 2026-06-15 § 90 Projekt Trygg stad (2027–2028)"  # one row in a statement
        assert line.amount == D(400_000)
        assert line.rule == (f"tidsbegränsat beslut (satsning) 2027–2028, år {number} av 2: räknas varje år"
                             f" 2027–2028 och lämnar basen 2029")
        assert {i.name: i.value for i in line.inputs}["till år"] == 2028
    leaving = one_off_leaving(found[2029])
    assert leaving.amount == D(-400_000)
    assert "tidsbegränsade beslut som upphörde 2028 ingår" in leaving.rule
    assert [(i.name, i.value) for i in leaving.inputs][1:] == [
        ("varav KF 2026-06-15 § 90 Projekt Trygg stad (2027–2028) som upphör", D(400_000))]
    text = frame_explanation(Calculation(lillby(decisions=(PROJECT,))), found[2029])
    assert "varav KF 2026-06-15 § 90 Projekt Trygg stad (2027–2028) som upphör = 400\u00a0000 kr" in text


def test_a_project_decided_before_the_budget_year_counts_its_remaining_years():
    # 2026–2027, 250 000 a year: 2026's adopted frame holds it as a one-off (Varav engångs 250 000).
    # 2027: bas 10 000 000 − 250 000 = 9 750 000; uppräkning 292 500; effektivisering −97 500;
    #       beslut 250 000                                                   = 10 195 000, engångs 250 000
    # 2028: bas 10 195 000 − 250 000 = 9 945 000; 298 350; −99 450            = 10 143 900
    earlier = dataclasses.replace(PROJECT, year=2026, to_year=2027, amount=D(250_000))
    found = frames(lillby(decisions=(earlier,), frames=(AdoptedFrame("KS", 2026, D(10_000_000), D(250_000)),)))
    assert {year: f.total for year, f in found.items()}[2027] == D(10_195_000)
    assert found[2028].total == D(10_143_900)
    assert found[2028].component(DECISIONS) == 0
    assert "(2026–2027)" in next(line for line in found[2027].lines if line.component == DECISIONS).details[0].label


def test_till_ar_is_read_from_the_decisions_sheet_and_gives_the_same_frames(tmp_path):
    data = lillby(decisions=(PROJECT,))
    path = tmp_path / "lillby.xlsx"
    write_workbook(data, path)
    checked = pipeline.check_file(path)
    assert [p for p in checked.problems] == []
    (decision,) = checked.data.decisions
    assert (decision.year, decision.to_year) == (2027, 2028)
    assert decision.source("to_year").cell.startswith("I")
    calculation = pipeline.calculate_all(checked)
    assert [f.total for f in calculation.frames] == [D(10_600_000), D(10_804_000), D(10_612_080)]


def test_till_ar_before_ar_or_with_permanent_is_an_error_at_its_cell():
    backwards = dataclasses.replace(PROJECT, to_year=2026)
    permanent = dataclasses.replace(PROJECT, duration=Duration.PERMANENT)
    messages = [p.message for p in validate(lillby(decisions=(backwards, permanent)))]
    assert messages == [
        '"Till år" (2026) ligger före "År" (2027); ett tidsbegränsat beslut räknas från År till och med Till år',
        'ett beslut med "Till år" (2027–2028) är tidsbegränsat men har varaktigheten Permanent; ange Engångs'
        ' (beloppet räknas varje år 2027–2028 och lämnar basen 2029) eller lämna "Till år" tomt',
    ]


def test_a_span_outside_the_computed_years_is_not_used():
    old = dataclasses.replace(PROJECT, year=2024, to_year=2025)
    (problem,) = validate(lillby(decisions=(old,)))
    assert problem.message == "beslutet för 2024–2025 används inte: beräknade år är 2027–2029"


RAMBERAKNING = Path(__file__).resolve().parent.parent / "docs" / "ramberakning.md"


def section(heading: str) -> str:
    """The text of docs/ramberakning.md under `heading` (any level) up to the next heading."""
    text = RAMBERAKNING.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    following = [text.find("\n#", start + len(heading))]
    return text[start:min(f for f in following if f > 0)]


def spaced(amount: Decimal) -> str:
    return f"{int(amount):,}".replace(",", " ").replace("-", "−")


def test_the_worked_example_of_time_limited_decisions_is_what_ramkalk_computes():
    text = section("### Tidsbegränsade beslut")
    for year, frame in frames(lillby(decisions=(PROJECT,))).items():
        row = next(line for line in text.splitlines() if line.startswith(f"| {year} |"))
        amounts = [frame.component(k) for k in (INDEXATION, EFFICIENCY, DECISIONS)] + [frame.total, frame.one_off]
        assert [cell.strip() for cell in row.strip("|").split("|")][2:] == [spaced(a) for a in amounts]
        assert row.split("|")[2].strip().endswith(spaced(frame.component(BASE)))


# --- 2. The efficiency requirement and the indexation per committee ---------------------------


def rates(year: int = 2027, **fields) -> CommitteeRates:
    return CommitteeRates("KS", year, reference="KF 2026-06-15 § 80", **fields)


def test_a_committee_exempt_from_the_efficiency_requirement_for_a_year():
    # 2027: 10 000 000 + 300 000 + 0 (exempt)                    = 10 300 000
    # 2028: the general 1 % again: 10 300 000 + 309 000 − 103 000 = 10 506 000
    found = frames(lillby(committee_rates=(rates(efficiency=D(0)),)))
    assert (found[2027].component(EFFICIENCY), found[2027].total) == (D(0), D(10_300_000))
    assert (found[2028].component(EFFICIENCY), found[2028].total) == (D(-103_000), D(10_506_000))
    line = next(line for line in found[2027].lines if line.component == EFFICIENCY)
    assert line.rule == "nämnden är undantagen från effektiviseringskravet 2027"
    assert [(i.name, i.value, i.reference) for i in line.inputs][1:] == [
        ("undantag från effektiviseringskrav 2027 för KS", D(0), "KF 2026-06-15 § 80")]


def test_a_committee_with_its_own_efficiency_requirement():
    # Lund's audit committee: 1,99 %. 2027: −10 000 000 × 1,99 % = −199 000; 10 000 000 + 300 000 − 199 000 = 10 101 000
    found = frames(lillby(committee_rates=(rates(efficiency=D("0.0199")),)))
    assert (found[2027].component(EFFICIENCY), found[2027].total) == (D(-199_000), D(10_101_000))
    line = next(line for line in found[2027].lines if line.component == EFFICIENCY)
    assert line.rule == "−bas × nämndens eget effektiviseringskrav"
    assert line.inputs[1].name == "eget effektiviseringskrav 2027 för KS"


def test_own_requirement_after_indexation():
    # Effektiviseringsbas = Bas efter uppräkning: −(10 000 000 + 300 000) × 1,99 % = −204 970
    data = lillby(committee_rates=(rates(efficiency=D("0.0199")),),
                  settings=Settings("Lillby", 2027, plan_years=2, efficiency_base=EfficiencyBase.BASE_AFTER_INDEXATION))
    found = frames(data)
    assert found[2027].component(EFFICIENCY) == D(-204_970)
    assert next(line for line in found[2027].lines if line.component == EFFICIENCY).rule == (
        "−(bas + uppräkning) × nämndens eget effektiviseringskrav")


@pytest.mark.parametrize("wages, prices, indexation, rule", [
    # only the other costs: 10 000 000 × 50 % × 2 % = 100 000
    (False, True, 100_000, "nämnden är undantagen från löneuppräkningen 2027; Σ kostnadsslag: bas × andel × ökning"),
    # only the wages: 10 000 000 × 50 % × 4 % = 200 000
    (True, False, 200_000, "nämnden är undantagen från prisuppräkningen 2027; Σ kostnadsslag: bas × andel × ökning"),
    (False, False, 0, "nämnden är undantagen från löneuppräkningen och prisuppräkningen 2027"),
])
def test_a_committee_exempt_from_a_part_of_the_indexation(wages, prices, indexation, rule):
    # 2027: 10 000 000 + uppräkning − 100 000; 2028 indexed in full again (3 %) on that frame.
    found = frames(lillby(committee_rates=(rates(wages=wages, prices=prices),)))
    first = D(10_000_000 + indexation - 100_000)
    assert (found[2027].component(INDEXATION), found[2027].total) == (D(indexation), first)
    assert found[2028].total == first + round(first * D("0.03")) - round(first * D("0.01"))
    line = next(line for line in found[2027].lines if line.component == INDEXATION)
    assert line.rule == rule
    assert sum(d.amount for d in line.details) == indexation
    exempt = [(i.name, i.value) for i in line.inputs if i.value == "Nej"]
    assert exempt == [(f"{n} 2027", "Nej") for n, kept in (("löneuppräkning", wages), ("prisuppräkning", prices))
                      if not kept]


def test_a_price_tag_of_a_committee_exempt_from_prices_rises_by_wages_only():
    # The worked example's GSN (wage share 60 %, 3,3 % / 1,8 %, price tag 110 000 for 2026) with one plan
    # year, exempt from prices in 2027: its index 2027 is 0,6 × 3,3 % = 1,98 %, so the price tag
    # 2027 is 110 000 × 1,0198 = 112 178 and the volume 2027 (11 900 → 12 000 pupils) 100 × 112 178 = 11 217 800.
    data = dataclasses.replace(worked_example(plan_years=1),
                               committee_rates=(CommitteeRates("GSN", 2027, prices=False),))
    assert validate(data) == ()
    frame = Calculation(data).frame("GSN", 2027)
    assert frame.component(VOLUME) == D(11_217_800)


def test_nämndsatser_is_read_from_its_sheet_and_checked(tmp_path):
    data = lillby(committee_rates=(rates(efficiency=D(0)), CommitteeRates("KS", 2028),
                                   CommitteeRates("KS", 2031, wages=False), CommitteeRates("BUN", 2027, prices=False)))
    path = tmp_path / "lillby.xlsx"
    write_workbook(data, path)
    checked = pipeline.check_file(path)
    assert [(p.source.cell, p.message) for p in checked.problems] == [
        ("A5", 'okänd nämnd "BUN"; väntade en kod från bladet Nämnder (KS)'),
        ("B4", "nämndsatserna för KS 2031 används inte: beräknade år är 2027–2029"),
    ]
    assert checked.data.committee_rates[0].source("efficiency").sheet == "Nämndsatser"


def test_the_worked_example_of_own_rates_is_what_ramkalk_computes():
    text = section("### Nämndens egna satser")
    cases = {"`Effektiviseringskrav` 0 %": rates(efficiency=D(0)),
             "`Effektiviseringskrav` 1,99 %": rates(efficiency=D("0.0199")),
             "`Löneuppräkning` = `Nej`": rates(wages=False), "`Prisuppräkning` = `Nej`": rates(prices=False)}
    for label, row in cases.items():
        frame = frames(lillby(committee_rates=(row,)))[2027]
        line = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1].endswith(spaced(frame.component(INDEXATION)))
        assert cells[2:] == [spaced(frame.component(EFFICIENCY)), spaced(frame.total)]
    assert spaced(frames(lillby(committee_rates=(rates(efficiency=D(0)),)))[2028].total) in text


def test_the_model_description_lists_own_rates_and_time_limited_decisions():
    from ramkalk.report.model_description import model_description

    data = lillby(committee_rates=(rates(efficiency=D("0.0199")), rates(year=2028, prices=False)),
                  decisions=(PROJECT,))
    html = model_description(Calculation(data))
    assert "Nämndernas egna satser (bladet Nämndsatser)" in html
    assert 'data-key="nämndsats/0/eff"' in html and "KF 2026-06-15 § 80" in html
    assert "eff(c, t) = nämndens eget krav (Nämndsatser) eller eff(t)" in html
    assert "<td>2027–2028</td>" in html  # the project in the list of decisions


# --- 5. Pay revision month and carry-over per year --------------------------------------------


def index_rows(*rows: tuple) -> tuple[IndexYear, ...]:
    """(year, wage increase, Revisionsmånad, Löneökning avser); price 2 %, efficiency 1 %."""
    return tuple(IndexYear(year, D(wage), D("0.02"), D("0.01"), revision_month=month, wage_basis=basis)
                 for year, wage, month, basis in rows)


def test_a_revision_month_for_one_year_carries_over_into_the_next():
    # Lönerevision (månad) = 1, but 2027's wages are revised in April (Revisionsmånad 4):
    # 2027: wages 10 000 000 × 50 % × 4 % × 9/12 = 150 000; other 10 000 000 × 50 % × 2 % = 100 000;
    #       (no carry-over from 2026: no row, and the setting is January) → 250 000; −100 000 → 10 150 000
    # 2028: January: wages 10 150 000 × 50 % × 4 % = 203 000; carry-over of 2027, 3/12 × 4 % = 1 %:
    #       10 150 000 × 50 % × 1 % = 50 750; other 101 500 → 355 250; −101 500 → 10 403 750
    # 2029: the plain index: 10 403 750 × 3 % = 312 112,5 → 312 113; −104 037,5 → −104 038 → 10 611 825
    rows = index_rows((2027, "0.04", 4, WageBasis.REVISION), (2028, "0.04", None, WageBasis.REVISION),
                      (2029, "0.04", None, WageBasis.REVISION))
    found = frames(lillby(index=rows))
    assert {y: (f.component(INDEXATION), f.total) for y, f in found.items()} == {
        2027: (D(250_000), D(10_150_000)), 2028: (D(355_250), D(10_403_750)), 2029: (D(312_113), D(10_611_825))}
    line = next(line for line in found[2028].lines if line.component == INDEXATION)
    assert [(d.label, d.amount) for d in line.details] == [
        ("Uppräkning: Löner", D(203_000)), ("Uppräkning: Överhäng av föregående års löneökning (3/12)", D(50_750)),
        ("Uppräkning: Övriga kostnader", D(101_500))]
    assert ("revisionsmånad 2027", 4) in [(i.name, i.value) for i in line.details[1].inputs]


def test_a_wage_increase_for_the_whole_year_has_no_carry_over_in_or_out():
    # Österåker: Lönerevision (månad) = 4, but 2027's wage increase is given as the year's cost, 2 % helår.
    # 2027: wages 10 000 000 × 50 % × 2 % = 100 000, no carry-over from 2026's 4 %; other 100 000
    #       → 200 000; −100 000                                                         → 10 100 000
    # 2028: April: 10 100 000 × 50 % × 4 % × 9/12 = 151 500; no carry-over from the Helår 2027;
    #       other 101 000 → 252 500; −101 000                                           → 10 251 500
    # 2029: April: 10 251 500 × 50 % × 3 % = 153 772,5 → 153 773; carry-over of 2028 (3/12 × 4 %):
    #       10 251 500 × 50 % × 1 % = 51 257,5 → 51 258; other 102 515 → 307 546; −102 515 → 10 456 531
    rows = index_rows((2026, "0.04", None, WageBasis.REVISION), (2027, "0.02", None, WageBasis.FULL_YEAR),
                      (2028, "0.04", None, WageBasis.REVISION), (2029, "0.04", None, WageBasis.REVISION))
    found = frames(lillby(index=rows, settings=Settings("Lillby", 2027, plan_years=2, pay_revision_month=4)))
    assert {y: (f.component(INDEXATION), f.total) for y, f in found.items()} == {
        2027: (D(200_000), D(10_100_000)), 2028: (D(252_500), D(10_251_500)), 2029: (D(307_546), D(10_456_531))}
    line = next(line for line in found[2027].lines if line.component == INDEXATION)
    assert [d.label for d in line.details] == ["Uppräkning: Årets löneökning (helår)", "Uppräkning: Övriga kostnader"]
    assert line.details[0].rule == "bas × personalkostnadsandel × löneökning 2027 (helår, överhäng inräknat)"
    assert ("löneökning avser 2027", "Helår") in [(i.name, i.value) for i in line.details[0].inputs]


def test_a_revision_month_with_helar_is_an_error_at_its_cell():
    rows = index_rows((2027, "0.02", 4, WageBasis.FULL_YEAR), (2028, "0.04", None, WageBasis.REVISION),
                      (2029, "0.04", None, WageBasis.REVISION))
    assert [p.message for p in validate(lillby(index=rows))] == [
        "revisionsmånaden 4 för 2027 används inte: löneökningen avser helår (överhänget inräknat); töm"
        " Revisionsmånad eller ange Revision i Löneökning avser"]


def test_revisionsmanad_and_loneokning_avser_are_read_from_the_index_sheet(tmp_path):
    rows = index_rows((2027, "0.04", 4, WageBasis.REVISION), (2028, "0.02", None, WageBasis.FULL_YEAR),
                      (2029, "0.04", None, WageBasis.REVISION))
    path = tmp_path / "lillby.xlsx"
    write_workbook(lillby(index=rows), path)
    checked = pipeline.check_file(path)
    assert checked.problems == ()
    assert [(r.revision_month, r.wage_basis) for r in checked.data.index] == [
        (4, WageBasis.REVISION), (None, WageBasis.FULL_YEAR), (None, WageBasis.REVISION)]
    assert checked.data.index[0].source("revision_month").sheet == "Index"


def test_the_worked_example_of_pay_revision_per_year_is_what_ramkalk_computes():
    text = section("### Lönerevision och helårsökning per år")
    rows = index_rows((2026, "0.04", None, WageBasis.REVISION), (2027, "0.02", None, WageBasis.FULL_YEAR),
                      (2028, "0.04", None, WageBasis.REVISION), (2029, "0.04", None, WageBasis.REVISION))
    found = frames(lillby(index=rows, settings=Settings("Lillby", 2027, plan_years=2, pay_revision_month=4)))
    for year, frame in found.items():
        line = next(line for line in text.splitlines() if line.startswith(f"| {year} "))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        parts = [d.amount for d in next(x for x in frame.lines if x.component == INDEXATION).details]
        carry = parts[1] if len(parts) == 3 else D(0)
        assert [cells[1].split(" = ")[-1], cells[2].split(" = ")[-1], cells[3], cells[4], cells[5]] == [
            spaced(parts[0]), spaced(carry), spaced(parts[-1]), spaced(frame.component(INDEXATION)), spaced(frame.total)]


def test_the_model_description_lists_the_years_with_their_own_wage_basis():
    from ramkalk.report.model_description import model_description

    rows = index_rows((2027, "0.04", 4, WageBasis.REVISION), (2028, "0.02", None, WageBasis.FULL_YEAR),
                      (2029, "0.04", None, WageBasis.REVISION))
    html = model_description(Calculation(lillby(index=rows)))
    assert "År med egen revisionsmånad eller helårsökning (bladet Index; inställningen Lönerevision (månad) = 1)" in html
    assert 'data-key="lönerevision/2028/lön"' in html and "<td>Helår</td>" in html
    assert 'data-key="lönerevision/2029/lön"' not in html


# --- 7. The efficiency requirement on the price tags; the ex-post correction as a one-off ---------


def preschools(**settings) -> PlanningData:
    """Lillby's preschool committee FSN on the price-tag model: 60 000 000 kr in 2026, of it the technical
    frame 10 000 000; Förskola 1–5 år, weight 1, 100 000 kr per child stated for 2027; children 1–5 år:
    500 on 31/12 2026 and 2027, 510 in 2028 and 2029."""
    children = {2026: 500, 2027: 500, 2028: 510, 2029: 510}
    return lillby(
        settings=Settings("Lillby", 2027, plan_years=2, **settings),
        committees=(Committee("FSN", "Förskolenämnden", D("0.5"), model=FrameModel.PRICE_TAG),),
        frames=(AdoptedFrame("FSN", 2026, D(60_000_000), D(0), D(10_000_000)),),
        population=population({year: {(1, 5): count} for year, count in children.items()}, top_age=20),
        volume_groups=(VolumeGroup("FSN", "Förskola", 1, 5, D(1), D(100_000), 2027),))


def test_the_efficiency_requirement_applies_to_the_price_tags_by_default():
    # 2027 (the price year): 500 × 100 000 = 50 000 000; technical 10 000 000 + 300 000 − 100 000 = 10 200 000
    #                                                                                   → 60 200 000
    # 2028: price tag 100 000 × (1 + 3 % − 1 %) = 102 000; 510 × 102 000 = 52 020 000;
    #       technical 10 200 000 + 306 000 − 102 000 = 10 404 000                       → 62 424 000
    # 2029: price tag 102 000 × 1,02 = 104 040; 510 × 104 040 = 53 060 400;
    #       technical 10 404 000 + 312 120 − 104 040 = 10 612 080                       → 63 672 480
    found = frames(preschools())
    assert {y: (f.component("prislapp Förskola"), f.total) for y, f in found.items()} == {
        2027: (D(50_000_000), D(60_200_000)), 2028: (D(52_020_000), D(62_424_000)),
        2029: (D(53_060_400), D(63_672_480))}
    line = next(line for line in found[2028].lines if line.component == "prislapp Förskola")
    assert line.rule.endswith("; prislappen räknas om från prisåret 2027 med (1 + index − effektiviseringskrav)"
                              " per år (Effektivisering av prislappar = Ja)")
    assert ("prislapp 2028", D(102_000)) in [(i.name, i.value) for i in line.inputs]


def test_the_setting_turns_it_off_and_the_base_after_indexation_multiplies():
    # Nej: 2028's price tag 100 000 × 1,03 = 103 000; 510 × 103 000 = 52 530 000; + 10 404 000 = 62 934 000
    off = frames(preschools(price_tag_efficiency=False))
    assert (off[2028].component("prislapp Förskola"), off[2028].total) == (D(52_530_000), D(62_934_000))
    assert "Effektivisering av prislappar" not in next(
        line for line in off[2028].lines if line.component == "prislapp Förskola").rule
    # Bas efter uppräkning: 100 000 × 1,03 × 0,99 = 101 970; 510 × 101 970 = 52 004 700
    after = frames(preschools(efficiency_base=EfficiencyBase.BASE_AFTER_INDEXATION))
    assert after[2028].component("prislapp Förskola") == D(52_004_700)


def test_the_traditional_volume_keeps_the_whole_index():
    # The same committee on the traditional model: 2028's volume change (510 − 500) × 103 000 = 1 030 000
    data = preschools()
    data = dataclasses.replace(data, committees=(dataclasses.replace(data.committees[0], model=FrameModel.TRADITIONAL),))
    assert frames(data)[2028].component(VOLUME) == D(1_030_000)


def test_the_ex_post_correction_says_it_is_a_one_off_for_a_past_year():
    from ramkalk.example.municipality import exempelstad
    from ramkalk.rules import ex_post

    calculation = Calculation(exempelstad())
    line = next(line for line in calculation.frame("GSN", 2027).lines if line.component == EX_POST)
    assert line.label == "Efterhandsjustering av volym 2025"
    assert line.rule.endswith("; engångspost: rättar pengarna för 2025, ett år som har passerat; basen följer"
                              " redan befolkningen som den nu är känd")
    assert ex_post.COMPONENT.one_off  # it leaves the base of 2028 with the year's other one-offs


# --- 3. Parts of a frame with their own rules ---------------------------------------------------

PARTS = (
    FramePart("KS", "Kapitalkostnader", D(2_000_000), PartIndexation.NONE, False),
    FramePart("KS", "Arvoden", D(1_000_000), PartIndexation.WAGES, False),
    FramePart("KS", "Föreningsbidrag", D(500_000), PartIndexation.COST_TYPE, True, "Bidrag"),
)
GRANTS = tuple(CostTypeRate(year, "Bidrag", D("0.015")) for year in (2027, 2028, 2029))


def test_parts_of_a_frame_are_indexed_and_efficient_by_their_own_rules():
    # 2027: the rest 10 000 000 − 2 000 000 − 1 000 000 − 500 000 = 6 500 000:
    #       uppräkning 6 500 000 × 3 % = 195 000, effektivisering −65 000;
    #       Kapitalkostnader: none, none; Arvoden: 1 000 000 × 4 % (wages) = 40 000, no efficiency;
    #       Föreningsbidrag: 500 000 × 1,5 % = 7 500, −500 000 × 1 % = −5 000
    #       uppräkning 242 500, effektivisering −70 000 → 10 172 500
    # 2028: parts 2 000 000, 1 040 000, 502 500; the rest 10 172 500 − 3 542 500 = 6 630 000:
    #       198 900 and −66 300; Arvoden 41 600; Föreningsbidrag 502 500 × 1,5 % = 7 537,5 → 7 538, −5 025
    #       uppräkning 248 038, effektivisering −71 325 → 10 349 213
    found = frames(lillby(frame_parts=PARTS, cost_index=GRANTS))
    assert {y: (f.component(INDEXATION), f.component(EFFICIENCY), f.total) for y, f in found.items() if y < 2029} == {
        2027: (D(242_500), D(-70_000), D(10_172_500)), 2028: (D(248_038), D(-71_325), D(10_349_213))}
    line = next(line for line in found[2028].lines if line.component == INDEXATION)
    assert [(d.label, d.amount) for d in line.details] == [
        ("Övrig ram: Pris- och löneuppräkning", D(198_900)), ("Ramdel Kapitalkostnader: uppräkning", D(0)),
        ("Ramdel Arvoden: uppräkning", D(41_600)), ("Ramdel Föreningsbidrag: uppräkning", D(7_538))]
    assert line.details[1].rule == "ramdelen räknas inte upp (Ramdelar: Uppräkning = Ingen)"
    assert [(i.name, i.value) for i in line.details[3].inputs] == [("föreningsbidrag 2028", D(502_500)),
                                                                   ("ökning bidrag 2028", D("0.015"))]
    efficiency = next(line for line in found[2028].lines if line.component == EFFICIENCY)
    assert [d.amount for d in efficiency.details] == [D(-66_300), D(0), D(0), D(-5_025)]
    assert efficiency.details[1].rule == "effektiviseringskravet gäller inte ramdelen (Ramdelar: Effektivisering = Nej)"


def test_parts_in_the_price_tag_model_are_parts_of_the_technical_frame():
    # preschools(): technical 10 000 000 of which Kapitalkostnader 2 000 000, not indexed, no efficiency:
    # 2027: rest 8 000 000 + 240 000 − 80 000; the technical frame 10 160 000; + 50 000 000 tags = 60 160 000
    data = dataclasses.replace(preschools(), frame_parts=(dataclasses.replace(PARTS[0], committee="FSN"),))
    assert frames(data)[2027].total == D(60_160_000)


def test_ramdelar_is_read_and_checked(tmp_path):
    parts = (*PARTS[:2], dataclasses.replace(PARTS[2], cost_type=""),
             FramePart("KS", "Hyror", D(8_000_000), PartIndexation.PRICES, True, "Lokaler"))
    path = tmp_path / "lillby.xlsx"
    write_workbook(lillby(frame_parts=parts), path)
    checked = pipeline.check_file(path)
    assert [(p.source.cell, p.message) for p in checked.problems] == [
        ("F4", 'ramdelen "Föreningsbidrag" för KS räknas upp med ett kostnadsslag men kolumnen Kostnadsslag är tom;'
               " ange ett kostnadsslag från bladet Kostnadsindex"),
        ("F5", 'kostnadsslaget "Lokaler" för ramdelen "Hyror" används inte: Uppräkning är Pris'),
        ("C2", "ramdelarna för KS är sammanlagt 11\u00a0500\u00a0000 kr, mer än ramen 2026 utan engångsposter"
               " (10\u00a0000\u00a0000 kr); delarna är delar av basen"),
    ]
    assert checked.data.frame_parts[1].indexation is PartIndexation.WAGES


def test_the_worked_example_of_frame_parts_is_what_ramkalk_computes():
    text = section("### Ramdelar med egna regler")
    for year, frame in frames(lillby(frame_parts=PARTS, cost_index=GRANTS)).items():
        if year < 2029:
            for amount in (frame.component(INDEXATION), frame.component(EFFICIENCY), frame.total):
                assert spaced(amount) in text, (year, amount)


def test_the_model_description_lists_the_frame_parts():
    from ramkalk.report.model_description import model_description

    html = model_description(Calculation(lillby(frame_parts=PARTS, cost_index=GRANTS)))
    assert "Ramdelar med egna regler (bladet Ramdelar)" in html
    assert 'data-key="ramdel/2"' in html and "<td>Kostnadsslag (Bidrag)</td>" in html


# --- 6. Volume compensation by another driver ---------------------------------------------------

ROADS = VolumeDriver("KS", "Väg km", Driver.MEASURE, D(40_000), 2027)
KM = tuple(Measure("Väg km", year, D(km), "Trafikverket, NVDB") for year, km in
           ((2026, 120), (2027, 125), (2028, 125), (2029, 130)))


def test_volume_by_an_own_measure():
    # 2027: (125 − 120) × 40 000 = 200 000; 10 200 000 + 200 000                          = 10 400 000
    # 2028: no change; 10 400 000 + 312 000 − 104 000                                      = 10 608 000
    # 2029: price 40 000 × 1,03 × 1,03 = 42 436; (130 − 125) × 42 436 = 212 180;
    #       10 608 000 + 318 240 − 106 080 + 212 180                                       = 11 032 340
    found = frames(lillby(volume_drivers=(ROADS,), measures=KM))
    assert {y: (f.component("volym efter mått"), f.total) for y, f in found.items()} == {
        2027: (D(200_000), D(10_400_000)), 2028: (D(0), D(10_608_000)), 2029: (D(212_180), D(11_032_340))}
    line = next(line for line in found[2029].lines if line.component == "volym efter mått")
    (detail,) = line.details
    assert detail.label == "Volym Väg km (eget mått)"
    assert detail.rule == "(väg km 2029 − väg km 2028) × pris per enhet 2029 × kompensationsgrad"
    assert [(i.name, i.value, i.reference) for i in detail.inputs][:2] == [
        ("väg km 2029", D(130), "Trafikverket, NVDB"), ("väg km 2028", D(125), "Trafikverket, NVDB")]
    assert ("pris per enhet 2029", D(42_436)) in [(i.name, i.value) for i in detail.inputs]


def test_volume_by_the_whole_population():
    # 10 000 inhabitants on 31/12 2026, 10 100 in 2027; 1 000 kr per inhabitant stated for 2026, so
    # 1 000 × 1,03 = 1 030 in 2027; compensated by half: 100 × 1 030 × 50 % = 51 500 → 10 251 500
    people = population({2026: {(0, 99): 10_000}, 2027: {(0, 99): 10_100}, 2028: {(0, 99): 10_100},
                         2029: {(0, 99): 10_100}})
    driver = VolumeDriver("KS", "Invånare", Driver.POPULATION, D(1_000), 2026, D("0.5"))
    found = frames(lillby(volume_drivers=(driver,), population=people))
    assert (found[2027].component("volym efter mått"), found[2027].total) == (D(51_500), D(10_251_500))


def test_volymdrivare_and_volymmatt_are_read_and_checked(tmp_path):
    drivers = (ROADS, VolumeDriver("KS", "Elever", Driver.MEASURE, D(90_000), 2028),
               VolumeDriver("KS", "Invånare", Driver.POPULATION, D(1_000), 2026))
    path = tmp_path / "lillby.xlsx"
    write_workbook(lillby(volume_drivers=drivers, measures=KM[1:]), path)
    checked = pipeline.check_file(path)
    assert [(p.source.cell, p.message) for p in checked.problems] == [
        ("B2", 'måttet "Väg km" saknas för 2026 på bladet Volymmått; volymen för KS räknas på förändringen 2026–2029'),
        ("E3", "prisåret 2028 ligger efter budgetåret 2027; ange priset för budgetåret eller ett tidigare år"),
        ("B3", 'måttet "Elever" saknas för 2026–2029 på bladet Volymmått; volymen för KS räknas på förändringen'
               " 2026–2029"),
        ("C4", "befolkning saknas för 2026–2029 på bladet Befolkning; volymen för KS räknas på förändringen"
               " 2026–2029"),
    ]
    assert checked.data.measures[0].source("count").sheet == "Volymmått"


def test_a_volume_drivers_price_year_needs_the_index_and_cost_rates_of_the_years_it_is_indexed_through():
    """Småby indexes by cost type from 2027: a driver priced for 2024 needs the index of 2025–2026 and
    a rate for each cost type those years, checked like a price tag's (it raised LookupError)."""
    data = smaby()
    early = dataclasses.replace(data, volume_drivers=(dataclasses.replace(data.volume_drivers[0], price_year=2024),))
    messages = [p.message for p in pipeline.check_data(early).problems]
    assert any(m.startswith('kostnadsslaget "') and "saknar ökning på bladet Kostnadsindex för 2025–2026" in m
               for m in messages), messages
    without_index = dataclasses.replace(early, index=tuple(r for r in early.index if r.year != 2025))
    assert any(m.startswith("index saknas för år 2025;") for m in
               (p.message for p in pipeline.check_data(without_index).problems))


def test_the_worked_example_of_volume_drivers_is_what_ramkalk_computes():
    text = section("### Volym efter annat mått")
    for year, frame in frames(lillby(volume_drivers=(ROADS,), measures=KM)).items():
        assert spaced(frame.component("volym efter mått")) in text and spaced(frame.total) in text


# --- 8. Standard costs --------------------------------------------------------------------------


def with_inhabitants(data: PlanningData) -> PlanningData:
    """preschools() with 50 more inhabitants aged 0 and 9 450 aged 6–20 every year: 10 000 in all on 31/12 2027."""
    children = {2026: 500, 2027: 500, 2028: 510, 2029: 510}
    return dataclasses.replace(data, population=population(
        {year: {(0, 0): 50, (1, 5): count, (6, 20): 9_450} for year, count in children.items()}, top_age=20))


PRESCHOOL_STANDARD = StandardCost("FSN", "Förskola", 2027, D(5_800), "SCB, kostnadsutjämningen 2027")


def test_a_price_tag_committees_cost_per_inhabitant_against_the_standard_cost(capsys):
    # FSN's frame 2027 is 60 200 000 kr (as above: the others change no price tag); 10 000
    # inhabitants: 6 020 kr per inhabitant, 220 kr above the standard cost 5 800: 2 200 000 kr in all.
    from ramkalk.report.standard_cost_text import standard_cost_rows, standard_cost_table

    calculation = Calculation(with_inhabitants(dataclasses.replace(preschools(), standard_costs=(PRESCHOOL_STANDARD,))))
    assert validate(calculation.data) == ()
    (row,) = standard_cost_rows(calculation)
    assert (row.frame, row.inhabitants, row.per_inhabitant, row.standard, row.difference, row.difference_kronor) == (
        D(60_200_000), D(10_000), D(6_020), D(5_800), D(220), D(2_200_000))
    table = standard_cost_table(calculation)
    assert table.splitlines()[-2].replace("\u00a0", "_").split() == ["FSN", "2027", "60_200", "10_000", "6_020", "5_800", "220",
                                                                       "2_200"]
    assert table.splitlines()[-1] == "Standardkostnader: Förskola 2027: 5\u00a0800 kr. Källa: SCB, kostnadsutjämningen 2027"


def test_standard_costs_in_the_comparison_and_the_model_description():
    from ramkalk.report.model_description import model_description
    from ramkalk.report.text_report import comparison_table

    calculation = Calculation(with_inhabitants(dataclasses.replace(preschools(), standard_costs=(PRESCHOOL_STANDARD,))))
    assert "Kostnad per invånare mot standardkostnad" in comparison_table(calculation)
    html = model_description(calculation)
    assert 'data-key="standard/FSN/2027/per-invånare" data-kr="6020"' in html
    assert 'data-key="standard/FSN/2027/skillnad-tkr" data-kr="2200000"' in html


def test_standardkostnader_is_read_and_checked(tmp_path):
    rows = (PRESCHOOL_STANDARD, StandardCost("FSN", "Förskola", 2031, D(6_000)),
            StandardCost("KS", "Kommunledning", 2027, D(900)))
    data = with_inhabitants(dataclasses.replace(preschools(), standard_costs=rows))
    data = dataclasses.replace(data, committees=(*data.committees, Committee("KS", "Kommunstyrelsen", D("0.5"))),
                               frames=(*data.frames, AdoptedFrame("KS", 2026, D(10_000_000))))
    path = tmp_path / "lillby.xlsx"
    write_workbook(data, path)
    checked = pipeline.check_file(path)
    assert [(p.source.cell, p.message) for p in checked.problems] == [
        ("C3", "standardkostnaden för Förskola 2031 används inte: beräknade år är 2027–2029")]
    # KS, on the traditional model, is compared too: 10 200 000 / 10 000 = 1 020 kr per inhabitant
    from ramkalk.report.standard_cost_text import standard_cost_rows

    ks = [r for r in standard_cost_rows(pipeline.calculate_all(checked)) if r.committee == "KS"]
    assert [(r.per_inhabitant, r.difference) for r in ks] == [(D(1_020), D(120))]
    assert checked.data.standard_costs[0].reference == "SCB, kostnadsutjämningen 2027"


# --- Every rule in `ramkalk förklara` -----------------------------------------------------------


def test_forklara_explains_every_rule_from_the_workbook(tmp_path, capsys):
    from ramkalk.cli import main

    data = lillby(decisions=(PROJECT,), committee_rates=(rates(efficiency=D("0.0199")),), frame_parts=PARTS,
                  cost_index=GRANTS, volume_drivers=(ROADS,), measures=KM,
                  index=index_rows((2027, "0.04", None, WageBasis.REVISION), (2028, "0.04", 4, WageBasis.REVISION),
                                   (2029, "0.02", None, WageBasis.FULL_YEAR)))
    path = tmp_path / "lillby.xlsx"
    write_workbook(data, path)
    for year, says in (
        (2027, ["KF 2026-06-15 § 90 Projekt Trygg stad (2027–2028)", "år 1 av 2",
                "eget effektiviseringskrav 2027 för KS = 1,99 % (Nämndsatser!C2; KF 2026-06-15 § 80)",
                "Ramdel Arvoden: uppräkning", "Volym Väg km (eget mått)", "väg km 2027 = 125 (Volymmått!C3;"]),
        (2028, ["revisionsmånad 2028 = 4 (Index!H3)", "Uppräkning: Årets löneökning (9/12)"]),
        (2029, ["Uppräkning: Årets löneökning (helår)", "löneökning avser 2029 = Helår (Index!I4)",
                "varav KF 2026-06-15 § 90 Projekt Trygg stad (2027–2028) som upphör"]),
    ):
        assert main(["förklara", str(path), "KS", str(year)]) == 0
        out = capsys.readouterr().out
        missing = [text for text in says if text not in out]
        assert not missing, out


def test_exempelstads_standard_cost_in_the_docs_is_what_ramkalk_computes():
    from ramkalk.example.municipality import exempelstad
    from ramkalk.report.standard_cost_text import standard_cost_rows

    first = standard_cost_rows(Calculation(exempelstad()))[0]
    text = section("### Kostnad per invånare mot standardkostnad")
    assert (first.committee, first.year) == ("FSN", 2027)
    for number in (first.frame, first.inhabitants, round(first.per_inhabitant), first.standard,
                   -round(first.difference)):
        assert spaced(number) in text, number
    assert f"{spaced(-round(first.difference_kronor / 1000))} tkr under" in text


def test_the_price_tag_tables_show_the_price_tag_with_the_efficiency_requirement():
    # preschools(): 2028's price tag in the price-tag model is 102 000 kr, the traditional model's 103 000
    from ramkalk.report.model_description import model_description
    from ramkalk.report.result_workbook import result_book

    calculation = Calculation(preschools())
    html = model_description(calculation)
    assert 'data-key="prislappsmodellen/FSN/Förskola/2028" data-kr="102000.000"' in html
    assert 'data-key="prislapp/FSN/Förskola/2028" data-kr="103000.000"' in html
    sheet = next(s for s in result_book(calculation).sheets if s.name == "Prislappar")
    prices = {row[2].value: row[8].value for row in sheet.rows[1:] if row and row[8] is not None and row[3] is not None}
    assert prices[2028] == D(102_000)


def test_the_whole_population_needs_every_age():
    people = population({year: {(0, 99): 10_000} for year in (2026, 2027, 2028, 2029)})
    people = tuple(p for p in people if not (p.year == 2027 and p.age in (5, 6, 9)))
    data = lillby(volume_drivers=(VolumeDriver("KS", "Invånare", Driver.POPULATION, D(1_000), 2026),),
                  population=people)
    assert [p.message for p in validate(data)] == [
        "befolkning 2027 saknar åldrarna 5–6, 9; hela befolkningen (Volymdrivare: Befolkning) räknar varje"
        " ettårsklass från 0"]


def test_the_planning_template_shows_the_price_tag_of_the_committees_model():
    # preschools(): FSN on the price-tag model; its price tag 2028 is 102 000 kr (with the efficiency requirement)
    from ramkalk.templates.content import content

    calculation = Calculation(preschools())
    rows = content(calculation, calculation.data.committees[0]).volumes
    assert {row.year: row.price for row in rows} == {2026: D(98_039), 2027: D(100_000), 2028: D(102_000),
                                                      2029: D(104_040)}
