"""Cross-table validation: rules that need more than one cell, checked on real files.

Lillby is a small valid municipality written with `build_workbook`; each test breaks
one thing with openpyxl and checks what `check_file` says, where and how seriously.
Lillby's workbook, row by row (header in row 1; `test_lillby_layout` guards it):

    Nämnder       2 BUN (automatic volume), 3 KS (no automatic volume)
    Index         2 2026, 3 2027, 4 2028          (A År, B Löne-, C Pris-, D Effektivisering)
    Ramar         2 BUN 2026, 3 KS 2026           (A Nämnd, B År, C Ram, D Varav engångs)
    Befolkning    2026 ages 0–20 in rows 2–22, 2027 in rows 23–43, 2028 in rows 44–64
    Volymgrupper  2 BUN Förskola 1–5, 3 BUN Grundskola 6–15
                  (A Nämnd, B Grupp, C Från, D Till, E Vikt, F Prislapp, G Prisår, H Komp.)
    Beslut        2 BUN 2027 +1 000 000 Satsning, 3 KS 2028 −500 000 Besparing
                  (A Nämnd, B År, C Belopp, D Typ, E Varaktighet, F Fokusområde, G Beskrivning)

Budget year 2027 with one plan year: the computed years are 2027–2028.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from ramkalk.calculation.validation import validate
from ramkalk.core.problems import Problem, Severity, Source, has_errors
from ramkalk.schema.inputs import (
    AdoptedFrame,
    Committee,
    Decision,
    DecisionType,
    Duration,
    IndexYear,
    PlanningData,
    PopulationCount,
    Settings,
    VolumeGroup,
)
from ramkalk.workbook.pipeline import Checked, check_data, check_file
from ramkalk.workbook.writer import build_workbook, write_workbook

D = Decimal
COLUMNS = "ABCDEFGH"


def lillby() -> PlanningData:
    return PlanningData(
        settings=Settings("Lillby", budget_year=2027, plan_years=1),
        committees=(
            Committee("BUN", "Barn- och utbildningsnämnden", D("0.70")),
            Committee("KS", "Kommunstyrelsen", D("0.50"), automatic_volume=False),
        ),
        index=(
            IndexYear(2026, D("0.035"), D("0.020"), D("0.01")),
            IndexYear(2027, D("0.034"), D("0.022"), D("0.0075")),
            IndexYear(2028, D("0.035"), D("0.023"), D("0.0075")),
        ),
        frames=(
            AdoptedFrame("BUN", 2026, D(500_000_000), D(2_000_000)),
            AdoptedFrame("KS", 2026, D(80_000_000)),
        ),
        population=tuple(PopulationCount(year, age, D(100)) for year in (2026, 2027, 2028) for age in range(21)),
        volume_groups=(
            VolumeGroup("BUN", "Förskola", 1, 5, D("0.93"), D(165_000), 2026),
            VolumeGroup("BUN", "Grundskola", 6, 15, D(1), D(114_500), 2027, D("0.9")),
        ),
        decisions=(
            Decision("BUN", 2027, D(1_000_000), DecisionType.INVESTMENT, Duration.PERMANENT, "Barn och unga",
                     "Fler förskollärare"),
            Decision("KS", 2028, D(-500_000), DecisionType.SAVING, Duration.ONE_OFF, None, "Färre konsulter"),
        ),
    )


def population_row(year: int, age: int) -> int:
    return 2 + (year - 2026) * 21 + age


# --- helpers -------------------------------------------------------------------------


def row(sheet: str, number: int, *values: object) -> dict[str, object]:
    """Cells of one row from column A: row("Ramar", 4, "BUN", 2026, 1000)."""
    return {f"{sheet}!{COLUMNS[i]}{number}": value for i, value in enumerate(values)}


def lillby_file(tmp_path: Path, changes: dict[str, object] | None = None) -> Path:
    """Lillby's workbook with cells changed ({"Beslut!B2": 2031}; None empties a cell)."""
    book = build_workbook(lillby())
    for ref, value in (changes or {}).items():
        sheet, cell = ref.split("!")
        book[sheet][cell] = value
    path = tmp_path / "lillby.xlsx"
    book.save(path)
    return path


def checked_file(tmp_path: Path, changes: dict[str, object]) -> tuple[Path, Checked]:
    path = lillby_file(tmp_path, changes)
    return path, check_file(path)


def listing(checked: Checked) -> list[str]:
    return [str(p) for p in checked.problems]


def the_only_problem(checked: Checked) -> Problem:
    assert len(checked.problems) == 1, listing(checked)
    return checked.problems[0]


def place(path: Path, ref: str) -> Source:
    sheet, _, cell = ref.partition("!")
    return Source(str(path), sheet, cell or None)


# --- the valid workbook ---------------------------------------------------------------


def test_lillby_is_valid_in_memory_and_as_a_file(tmp_path):
    assert validate(lillby()) == ()
    checked = check_file(lillby_file(tmp_path))
    assert checked.problems == () and checked.ok
    assert checked.data == lillby()


def test_lillby_layout():
    book = build_workbook(lillby())

    def cells(sheet, number):
        return [c.value for c in book[sheet][number]]

    assert [cells("Nämnder", n)[0] for n in (2, 3)] == ["BUN", "KS"]
    assert [cells("Index", n)[0] for n in (2, 3, 4)] == [2026, 2027, 2028]
    assert [cells("Ramar", n)[:2] for n in (2, 3)] == [["BUN", 2026], ["KS", 2026]]
    assert cells("Befolkning", population_row(2027, 5))[:2] == [2027, 5]
    assert cells("Befolkning", 64)[:2] == [2028, 20]
    assert [cells("Volymgrupper", n)[:4] for n in (2, 3)] == [["BUN", "Förskola", 1, 5], ["BUN", "Grundskola", 6, 15]]
    assert [cells("Beslut", n)[:4] for n in (2, 3)] == [["BUN", 2027, 1_000_000, "Satsning"],
                                                       ["KS", 2028, -500_000, "Besparing"]]


# --- errors, one at a time -------------------------------------------------------------

UNKNOWN = 'okänd nämnd "{code}"; väntade en kod från bladet Nämnder (BUN, KS)'


@pytest.mark.parametrize(
    "changes, ref, message",
    [
        pytest.param(row("Ramar", 4, "XYZ", 2026, 1_000_000), "Ramar!A4", UNKNOWN.format(code="XYZ"), id="Ramar"),
        pytest.param({"Volymgrupper!A2": "XYZ"}, "Volymgrupper!A2", UNKNOWN.format(code="XYZ"), id="Volymgrupper"),
        pytest.param({"Beslut!A2": "XYZ"}, "Beslut!A2", UNKNOWN.format(code="XYZ"), id="Beslut"),
        pytest.param({"Beslut!A3": "ks"}, "Beslut!A3", UNKNOWN.format(code="ks"), id="Beslut-other-case"),
        pytest.param({"Beslut!A3": " KS "}, None, None, id="Beslut-spaces-are-trimmed"),
    ],
)
def test_unknown_committee(tmp_path, changes, ref, message):
    path, checked = checked_file(tmp_path, changes)
    if ref is None:
        assert checked.problems == ()
        return
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert problem.source == place(path, ref)
    assert str(problem) == f"{path}:{ref}: {message}"
    assert not checked.ok


@pytest.mark.parametrize(
    "changes, ref, message",
    [
        pytest.param(row("Nämnder", 4, "KS", "Kommunstyrelsen igen", 0.5), "Nämnder!A4",
                     'nämnden "KS" finns två gånger (första gången på rad 3)', id="committee-code"),
        pytest.param(row("Index", 5, 2027, 0.03, 0.02, 0.01), "Index!A5",
                     "index för 2027 finns två gånger (första gången på rad 3)", id="index-year"),
        pytest.param(row("Ramar", 4, "BUN", 2026, 1_000), "Ramar!A4",
                     "ram för BUN 2026 finns två gånger (första gången på rad 2)", id="frame"),
        pytest.param(row("Befolkning", 65, 2027, 3, 999), "Befolkning!B65",
                     f"befolkning 2027 ålder 3 finns två gånger (första gången på rad {population_row(2027, 3)})",
                     id="population-age"),
        pytest.param(row("Volymgrupper", 4, "BUN", "Förskola", 16, 18, 1, 1_000, 2027), "Volymgrupper!B4",
                     'volymgruppen "Förskola" för BUN finns två gånger (första gången på rad 2)', id="volume-group"),
    ],
)
def test_duplicate_row(tmp_path, changes, ref, message):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert problem.source == place(path, ref)
    assert str(problem) == f"{path}:{ref}: {message}"


def test_two_decisions_alike_are_not_duplicates(tmp_path):
    """Two equal decisions may well both be meant; they are not a key."""
    _, checked = checked_file(tmp_path, row("Beslut", 4, "BUN", 2027, 1_000_000, "Satsning", "Permanent"))
    assert checked.problems == ()
    assert len(checked.data.decisions) == 3


MISSING_INDEX = ("index saknas för år {years}; varje beräknat år (och år som en prislapp eller ett pris räknas upp"
                 " genom) behöver en rad med löneökning, prisökning och effektiviseringskrav")


@pytest.mark.parametrize(
    "changes, years",
    [
        pytest.param(row("Index", 4, None, None, None, None), "2028", id="plan-year"),
        pytest.param(row("Index", 3, None, None, None, None) | row("Index", 4, None, None, None, None),
                     "2027–2028", id="budget-and-plan-year"),
        pytest.param({"Index!A4": 2029}, "2028", id="wrong-year"),
        pytest.param({"Volymgrupper!G2": 2024}, "2025", id="price-year-indexed-through-2025"),
        pytest.param({"Volymgrupper!G2": 2022}, "2023–2025", id="price-year-indexed-through-2023-2025"),
    ],
)
def test_missing_index_year(tmp_path, changes, years):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert problem.source == place(path, "Index")
    assert problem.message == MISSING_INDEX.format(years=years)


@pytest.mark.parametrize(
    "changes, ref, code",
    [
        pytest.param(row("Ramar", 2, None, None, None, None), "Nämnder!A2", "BUN", id="row-removed"),
        pytest.param({"Ramar!B3": 2025}, "Nämnder!A3", "KS", id="only-an-older-frame"),
    ],
)
def test_missing_previous_year_frame(tmp_path, changes, ref, code):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert problem.source == place(path, ref)  # the committee that lacks it
    assert problem.message == (f"fastställd ram för {code} 2026 saknas på bladet Ramar;"
                               " den behövs som bas för budgetåret 2027")


OVERLAP = ('åldrarna {ages} i "{group}" överlappar "{other}" (rad {row}) {other_ages} hos BUN;'
           " samma ålder skulle kompenseras två gånger")


@pytest.mark.parametrize(
    "changes, ref, message",
    [
        pytest.param({"Volymgrupper!D2": 6}, "Volymgrupper!C3",
                     OVERLAP.format(ages="6–15", group="Grundskola", other="Förskola", row=2, other_ages="1–6"),
                     id="shared-edge-age"),
        pytest.param(row("Volymgrupper", 4, "BUN", "Fritidshem", 10, 12, 1, 40_000, 2027), "Volymgrupper!C4",
                     OVERLAP.format(ages="10–12", group="Fritidshem", other="Grundskola", row=3, other_ages="6–15"),
                     id="inside-another-group"),
        pytest.param({"Volymgrupper!C3": 16}, "Volymgrupper!D3",
                     '"Till ålder" (15) är lägre än "Från ålder" (16) i gruppen "Grundskola"', id="ages-reversed"),
    ],
)
def test_volume_group_ages(tmp_path, changes, ref, message):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert str(problem) == f"{path}:{ref}: {message}"


def test_the_same_ages_in_different_committees_do_not_overlap(tmp_path):
    data = lillby()
    data = dataclasses.replace(
        data,
        committees=data.committees + (Committee("SON", "Socialnämnden", D("0.8")),),
        frames=data.frames + (AdoptedFrame("SON", 2026, D(1_000_000)),),
        volume_groups=data.volume_groups + (VolumeGroup("SON", "Förskola", 1, 5, D(1), D(10_000), 2027),),
    )
    path = tmp_path / "lillby.xlsx"
    write_workbook(data, path)
    checked = check_file(path)
    assert checked.problems == ()
    assert checked.data == data


@pytest.mark.parametrize(
    "changes, message",
    [
        pytest.param(row("Befolkning", population_row(2027, 5), None, None, None, None),
                     "befolkning 2027 saknar åldrarna 5; varje ettårsklass från 0 behövs", id="one-age"),
        pytest.param({f"Befolkning!A{r}": 2029 for r in range(population_row(2028, 0), population_row(2028, 20) + 1)},
                     "befolkning saknas för 2028 (behövs för volymberäkningen 2026–2028)", id="whole-year"),
    ],
)
def test_population_needed_for_volume(tmp_path, changes, message):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.ERROR
    assert problem.source == place(path, "Befolkning")
    assert problem.message == message


def test_price_year_after_the_budget_year(tmp_path):
    path, checked = checked_file(tmp_path, {"Volymgrupper!G3": 2028})
    problem = the_only_problem(checked)
    assert str(problem) == (f"{path}:Volymgrupper!G3: prisåret 2028 ligger efter budgetåret 2027;"
                            " ange prislappen för budgetåret eller ett tidigare år")


# --- warnings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, ref, message",
    [
        pytest.param({"Beslut!B2": 2030}, "Beslut!B2", "beslutet för 2030 används inte: beräknade år är 2027–2028",
                     id="decision-after-the-plan-years"),
        pytest.param({"Beslut!B3": 2026}, "Beslut!B3", "beslutet för 2026 används inte: beräknade år är 2027–2028",
                     id="decision-before-the-budget-year"),
        pytest.param({"Beslut!C3": 500_000}, "Beslut!C3",
                     "en besparing med positivt belopp ökar ramen; avsåg du ett negativt belopp?",
                     id="saving-with-positive-amount"),
        pytest.param(row("Ramar", 4, "KS", 2027, 90_000_000), "Ramar!B4",
                     "ram för KS 2027 används inte: året beräknas av ramkalk", id="frame-for-a-computed-year"),
        pytest.param({"Ramar!D3": 90_000_000}, "Ramar!D3", "varav engångs är större än hela ramen för KS 2026",
                     id="one-off-larger-than-frame"),
        pytest.param(row("Volymgrupper", 4, "KS", "Fritidsgård", 13, 17, 1, 5_000, 2027), "Volymgrupper!A4",
                     'volymgruppen "Fritidsgård" används inte: KS har "Automatisk volym" = Nej',
                     id="volume-group-without-automatic-volume"),
    ],
)
def test_warnings_do_not_stop_the_calculation(tmp_path, changes, ref, message):
    path, checked = checked_file(tmp_path, changes)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.WARNING
    assert problem.source == place(path, ref)
    assert str(problem) == f"{path}:{ref}: {message} (varning)"
    assert checked.ok


def test_a_saving_with_a_negative_amount_is_fine(tmp_path):
    _, checked = checked_file(tmp_path, {"Beslut!C3": -1})
    assert checked.problems == ()


# --- every problem at once ---------------------------------------------------------------


def test_every_problem_is_reported_at_once(tmp_path):
    path, checked = checked_file(tmp_path, {
        "Beslut!A2": "XYZ",  # unknown committee
        **row("Index", 5, 2027, 0.03, 0.02, 0.01),  # duplicate index year
        "Volymgrupper!D2": 6,  # overlapping ages
        "Beslut!C3": 500_000,  # a warning
        **row("Beslut", 4, "BUN", 2027, 1_000, "Gåva", "Permanent"),  # and a reading problem
    })
    places = {(p.source.sheet, p.source.cell, p.severity) for p in checked.problems}
    assert places == {
        ("Beslut", "D4", Severity.ERROR),
        ("Beslut", "A2", Severity.ERROR),
        ("Index", "A5", Severity.ERROR),
        ("Volymgrupper", "C3", Severity.ERROR),
        ("Beslut", "C3", Severity.WARNING),
    }, listing(checked)
    assert len(checked.problems) == 5
    assert str(checked.problems[0]).startswith(f"{path}:Beslut!D4: ")  # reading problems come first
    assert not checked.ok


def test_validate_in_memory_collects_every_rule():
    data = lillby()
    broken = dataclasses.replace(
        data,
        index=data.index[:2],  # no 2028
        frames=data.frames[1:],  # no BUN 2026
        decisions=data.decisions + (Decision("XYZ", 2031, D(1), DecisionType.SAVING),),
    )
    problems = validate(broken)
    messages = [p.message for p in problems]
    assert messages == [
        'okänd nämnd "XYZ"; väntade en kod från bladet Nämnder (BUN, KS)',
        MISSING_INDEX.format(years="2028"),
        "fastställd ram för BUN 2026 saknas på bladet Ramar; den behövs som bas för budgetåret 2027",
        "beslutet för 2031 används inte: beräknade år är 2027–2028",
        "en besparing med positivt belopp ökar ramen; avsåg du ett negativt belopp?",
    ]
    assert has_errors(problems)
    assert not check_data(broken).ok


def test_records_built_in_code_have_no_cell():
    """Data without origin (built in code) still gets every problem, without a place."""
    data = lillby()
    broken = dataclasses.replace(
        data,
        index=data.index + (data.index[0],),
        volume_groups=data.volume_groups + (VolumeGroup("BUN", "Fritidshem", 10, 12, D(1), D(1), 2027),),
    )
    problems = validate(broken)
    assert [(p.source, p.message) for p in problems] == [
        (None, "index för 2026 finns två gånger"),
        (None, 'åldrarna 10–12 i "Fritidshem" överlappar "Grundskola" 6–15 hos BUN;'
               " samma ålder skulle kompenseras två gånger"),
    ]


# --- known weakness: one bad cell, several errors -----------------------------------------


@pytest.mark.parametrize(
    "ref, value, message",
    [
        pytest.param("Index!C3", "tre", 'väntade ett tal (prisökning), fick "tre"', id="index-2027"),
        pytest.param("Nämnder!C2", "hälften", 'väntade ett tal (personalkostnadsandel), fick "hälften"',
                     id="committee-BUN"),
        pytest.param("Ramar!C2", "många", 'väntade ett tal (ram), fick "många"', id="frame-BUN-2026"),
        pytest.param(f"Befolkning!C{population_row(2027, 5)}", -5, "väntade antal invånare på 0 eller mer, fick -5",
                     id="population-2027-age-5"),
    ],
)
def test_one_bad_cell_in_a_key_row_gives_one_error(tmp_path, ref, value, message):
    path, checked = checked_file(tmp_path, {ref: value})
    assert listing(checked) == [f"{path}:{ref}: {message}"]
