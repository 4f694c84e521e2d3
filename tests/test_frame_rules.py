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

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.core.explanation import one_off_leaving
from ramkalk.core.frame import BASE, DECISIONS, EFFICIENCY, INDEXATION, VOLUME
from ramkalk.report.frame_text import frame_explanation
from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    Decision,
    DecisionType,
    Duration,
    IndexYear,
    PlanningData,
    Settings,
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
