"""Resursfördelning (#24): a committee's frame allocated to its units, with the monthly avräkning.

The hand-computed case (the issue's "done when"): Grundskolenämnden in Skolby, frame 30 000 000 kr,
three schools, two school forms whose amounts are derived from the frame, a structural share and
three months of reconciliation. Every expected number below is worked out by hand in the comments;
the test reads the workbook from a real file, so the sheets are read as a user writes them.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string

from ramkalk.calculation.allocation import allocation, allocations, committees_with_units
from ramkalk.calculation.frames import calculate
from ramkalk.cli import main
from ramkalk.core.addresses import column_letter
from ramkalk.core.display import format_amount
from ramkalk.example.municipality import exempelstad
from ramkalk.report.result_workbook import result_book
from ramkalk.rules.allocation import BASE_AMOUNT, MONTHS, REMAINDER, RESERVE, STRUCTURAL, AllocationInputs, allocate
from ramkalk.schema.inputs import (
    AdoptedFrame,
    AllocationAmount,
    AllocationRule,
    AllocationUnit,
    AmountKind,
    Committee,
    IndexYear,
    PlanningData,
    Settings,
    UnitVolume,
)
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook

D = Decimal

# school: its index, and per school form the forecast pupils (the same every month) and the
# actual pupils of January, February and March
SCHOOLS = {
    "Ekskolan": (120, {"Åk 1–6": (120, (120, 122, 121)), "Åk 7–9": (60, (60, 59, 59))}),
    "Björkskolan": (100, {"Åk 1–6": (150, (148, 150, 153))}),
    "Granskolan": (135, {"Åk 1–6": (90, (91, 91, 90)), "Åk 7–9": (45, (45, 47, 46))}),
}


def skolby() -> PlanningData:
    """GSN without volume and with zero index: its frame 2026 is its frame 2025, 30 000 000 kr."""
    return PlanningData(
        settings=Settings("Skolby", 2026, plan_years=0),
        committees=(Committee("GSN", "Grundskolenämnden", D("0.7"), automatic_volume=False),),
        index=(IndexYear(2026, D(0), D(0), D(0)),),
        frames=(AdoptedFrame("GSN", 2025, D(30_000_000)),),
        units=tuple(AllocationUnit("GSN", name, D(index)) for name, (index, _) in SCHOOLS.items()),
        allocation_rules=(AllocationRule("GSN", structural_share=D("0.05"), index_threshold=D(100),
                                         index_low=D(50), index_high=D(150), reserve_share=D("0.02")),),
        allocation_amounts=(AllocationAmount("GSN", "Åk 1–6", weight=D(1)),
                            AllocationAmount("GSN", "Åk 7–9", weight=D("1.25"))),
        unit_volumes=tuple(
            UnitVolume("GSN", school, form, 2026, month, D(forecast),
                       D(actual[month - 1]) if month <= 3 else None)
            for school, (_, forms) in SCHOOLS.items() for form, (forecast, actual) in forms.items()
            for month in MONTHS),
    )


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    path = tmp_path_factory.mktemp("skolby") / "skolby.xlsx"
    write_workbook(skolby(), path)
    checked = pipeline.check_file(path)
    assert checked.problems == ()
    calculation = pipeline.calculate_all(checked)
    assert calculation.frame("GSN", 2026).total == 30_000_000
    return allocation(calculation, "GSN")


def test_the_rates_are_derived_from_the_frame_by_hand(computed):
    # reserve = 2 % × 30 000 000 = 600 000; structural pool = 5 % × 30 000 000 = 1 500 000.
    # index points above 100: Ekskolan 20, Björkskolan 0, Granskolan 35;
    # Σ points × pupil-years = 20 × (120 + 60) + 35 × (90 + 45) = 3 600 + 4 725 = 8 325;
    # structural rate = 1 500 000 / 8 325 = 180,1801… → 180,18 kr per point and pupil (rounded down).
    assert computed.structural_rate.amount == D("180.18")
    # left for the base amounts: 30 000 000 − 600 000 − 1 500 000 = 27 900 000;
    # pupil-years: Åk 1–6 120 + 150 + 90 = 360, Åk 7–9 60 + 45 = 105; weighted 360 + 1,25 × 105 = 491,25;
    # Åk 1–6 = 27 900 000 / 491,25 = 56 793,8931… → 56 793,89; Åk 7–9 = 1,25 × that = 70 992,3664… → 70 992,36.
    assert [(r.category, r.amount, r.derived) for r in computed.rates] == [
        ("Åk 1–6", D("56793.89"), True), ("Åk 7–9", D("70992.36"), True)]


def test_each_school_gets_its_amounts_to_the_krona(computed):
    lines = {u.unit: {line.component: line for line in u.lines} for u in computed.units}
    # base amounts, rate × pupils (× 12 months / 12), rounded down:
    # Ekskolan 56 793,89 × 120 = 6 815 266,8 → 6 815 266; 70 992,36 × 60 = 4 259 541,6 → 4 259 541
    # Björkskolan 56 793,89 × 150 = 8 519 083,5 → 8 519 083
    # Granskolan 56 793,89 × 90 = 5 111 450,1 → 5 111 450; 70 992,36 × 45 = 3 194 656,2 → 3 194 656
    base = {school: [(d.label, d.amount) for d in by[BASE_AMOUNT].details] for school, by in lines.items()}
    assert base == {"Ekskolan": [("Åk 1–6", 6_815_266), ("Åk 7–9", 4_259_541)],
                    "Björkskolan": [("Åk 1–6", 8_519_083)],
                    "Granskolan": [("Åk 1–6", 5_111_450), ("Åk 7–9", 3_194_656)]}
    # structural: 180,18 × 20 × 180 = 648 648; 180,18 × 35 × 135 = 851 350,5 → 851 350; Björkskolan none
    assert {s: by[STRUCTURAL].amount for s, by in lines.items()} == {
        "Ekskolan": 648_648, "Björkskolan": 0, "Granskolan": 851_350}
    # totals: 6 815 266 + 4 259 541 + 648 648 = 11 723 455; 8 519 083; 5 111 450 + 3 194 656 + 851 350 = 9 157 456
    assert {u.unit: u.total for u in computed.units} == {
        "Ekskolan": 11_723_455, "Björkskolan": 8_519_083, "Granskolan": 9_157_456}


def test_the_schools_and_the_reserve_add_up_to_the_frame(computed):
    # 11 723 455 + 8 519 083 + 9 157 456 = 29 399 994; 30 000 000 − 600 000 − 29 399 994 = 6 kr of rounding
    central = {line.component: line.amount for line in computed.central}
    assert central == {RESERVE: 600_000, REMAINDER: 6}
    assert sum(line.amount for line in computed.lines) == 30_000_000


def test_the_months_add_up_to_the_year(computed):
    # Ekskolan Åk 1–6: 56 793,89 × 120 / 12 = 567 938,9 a month; 12 × 567 938 = 6 815 256, 10 kr left,
    # one each to January–October (equal remainders: the earliest months first)
    eks = computed.unit("Ekskolan")
    form = eks.lines[0].details[0]
    assert [d.amount for d in form.details] == [567_939] * 10 + [567_938] * 2
    # a month of Ekskolan: Åk 1–6 + Åk 7–9 (70 992,36 × 60 / 12 = 354 961,8 → 354 962 in January–September)
    # + structural (648 648 / 12 = 54 054 exactly)
    assert eks.months[0] == 567_939 + 354_962 + 54_054
    for unit in computed.units:
        assert sum(unit.months) == unit.total


def test_three_months_of_reconciliation_by_hand(computed):
    # per pupil and year, base amount + structural rate × points:
    #   Ekskolan Åk 1–6 56 793,89 + 180,18 × 20 = 60 397,49; a pupil-month 5 033,124…
    #     Jan 0; Feb +2 → 10 066,25 → 10 066; Mar +1 → 5 033
    #   Ekskolan Åk 7–9 70 992,36 + 3 603,60 = 74 595,96; a pupil-month 6 216,33: Feb −1, Mar −1 → −6 216 each
    #   Björkskolan 56 793,89 (no points); a pupil-month 4 732,824…: Jan −2 → −9 466; Mar +3 → 14 198
    #   Granskolan Åk 1–6 56 793,89 + 180,18 × 35 = 63 100,19; 5 258,349… : Jan +1, Feb +1 → 5 258 each
    #   Granskolan Åk 7–9 70 992,36 + 6 306,30 = 77 298,66; 6 441,555: Feb +2 → 12 883,11 → 12 883; Mar +1 → 6 442
    months = {u.unit: [u.reconciliation_of(m) for m in (1, 2, 3, 4)] for u in computed.units}
    assert months == {"Ekskolan": [0, 10_066 - 6_216, 5_033 - 6_216, None],
                      "Björkskolan": [-9_466, 0, 14_198, None],
                      "Granskolan": [5_258, 5_258 + 12_883, 6_442, None]}
    # 2 667 + 4 732 + 29 841 = 37 240 paid from the reserve: 600 000 + 6 − 37 240 = 562 766
    assert {u.unit: u.reconciled for u in computed.units} == {"Ekskolan": 2_667, "Björkskolan": 4_732,
                                                              "Granskolan": 29_841}
    assert computed.reserve_after_reconciliation == 562_766
    assert sum(u.after_reconciliation for u in computed.units) + computed.reserve_after_reconciliation == 30_000_000


def test_every_amount_points_to_its_cells(computed):
    eks = computed.unit("Ekskolan")
    structural = next(line for line in eks.lines if line.component == STRUCTURAL)
    index = next(i for i in structural.inputs if i.name == "strukturindex")
    assert (index.value, index.source.sheet, index.source.cell) == (120, "Enheter", "C2")
    january = eks.lines[0].details[0].details[0]
    assert january.inputs[0].source.sheet == "Enhetsvolymer" and january.inputs[0].source.cell == "F2"
    february = next(line for line in eks.reconciliation if line.part == "2").details[0]
    assert [i.source.cell for i in february.inputs if i.source] == ["F3", "G3"]


def test_given_amounts_show_the_difference_to_the_frame():
    """With the amounts given the municipality's way, what they leave of the frame is shown."""
    data = skolby()
    given = (AllocationAmount("GSN", "Åk 1–6", amount=D(55_000)), AllocationAmount("GSN", "Åk 7–9", amount=D(68_000)))
    data = PlanningData(**{**data.__dict__, "allocation_amounts": given,
                           "allocation_rules": (AllocationRule("GSN", reserve=D(500_000)),)})
    result = allocation(calculate(data), "GSN")
    # 55 000 × 360 + 68 000 × 105 = 19 800 000 + 7 140 000 = 26 940 000; 30 000 000 − 500 000 − 26 940 000
    central = {line.component: line.amount for line in result.central}
    assert central == {RESERVE: 500_000, "skillnad mot ramen": 2_560_000}


def test_every_committee_with_units_in_exempelstad_sums_to_its_frame():
    calculation = calculate(exempelstad())
    assert committees_with_units(calculation.data)
    for result in allocations(calculation):
        frame = calculation.frame(result.committee, result.year).total
        assert sum(line.amount for line in result.lines) == frame, result.committee
        assert sum(u.after_reconciliation for u in result.units) + result.reserve_after_reconciliation == frame
        for unit in result.units:
            assert sum(unit.months) == unit.total


# --- docs/ramberakning.md (Resursfördelning till enheter) has the numbers the code computes ---------------


def section() -> str:
    text = (Path(__file__).resolve().parent.parent / "docs" / "ramberakning.md").read_text(encoding="utf-8")
    return " ".join(text.split("## Resursfördelning till enheter", 1)[1].split("\n## ", 1)[0].split())


def spaced(amount: Decimal) -> str:
    """1234567 -> "1 234 567", −11816 -> "−11 816", 56793.89 -> "56 793,89" (as the doc writes them)."""
    whole = f"{abs(int(amount)):,}".replace(",", " ")
    fraction = f"{abs(amount) % 1:.2f}"[1:].replace(".", ",") if amount % 1 else ""
    return ("−" if amount < 0 else "") + whole + fraction


def test_the_three_schools_example_in_ramberakning_is_computed(computed):
    text = section()
    for amount in (computed.structural_rate.amount, *(r.amount for r in computed.rates), computed.frame,
                   computed.reserve_after_reconciliation, *(line.amount for line in computed.central)):
        assert spaced(amount) in text, spaced(amount)
    for unit in computed.units:
        assert f"| {unit.unit} |" in text and f"{spaced(unit.total)} |" in text, unit.unit
        assert f"{unit.unit} {spaced(unit.reconciled)} kr" in text.replace("har Ekskolan fått", "Ekskolan")
        for line in unit.lines:
            for amount in (d.amount for d in line.details) if line.details and line.component == BASE_AMOUNT \
                    else (line.amount,):
                assert f"= {spaced(amount)}" in text, (unit.unit, line.label, amount)
    february = computed.unit("Ekskolan").reconciliation[1].details[0]  # Åk 1–6, 2 pupils more
    january = computed.unit("Björkskolan").reconciliation[0].details[0]  # 2 fewer
    for line in (february, january):
        assert f"**{spaced(line.amount)} kr**" in text, line.label


def test_exempelstad_allocation_in_ramberakning_is_computed():
    text = section()
    calculation = calculate(exempelstad())
    result = allocation(calculation, "GSN")
    for rate in (*result.rates, result.structural_rate):
        assert spaced(rate.amount) in text, (rate.category, rate.amount)
    for unit in result.units:
        amounts = {line.component: line.amount for line in unit.lines}
        cells = [spaced(amounts[key]) if key in amounts else "–" for key in (BASE_AMOUNT, "tilläggsbelopp", STRUCTURAL)]
        row = f"| {unit.unit} | {' | '.join(cells)} | {spaced(unit.total)} | {spaced(unit.reconciled)} |"
        assert row in text, row
    for amount in (*(line.amount for line in result.central), result.frame, result.reserve_after_reconciliation):
        assert spaced(amount) in text, amount


# --- förklara --enhet and beräkna --json ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("exempel") / "exempelstad.xlsx"
    write_workbook(exempelstad(), path)
    return path


def test_units_with_an_empty_population_are_reported_not_raised(example_file, tmp_path, capsys):
    """The units' volumes are compared with the volume group's only once the population is checked:
    an emptied Befolkning is a located error, never a traceback."""
    import openpyxl

    book = openpyxl.load_workbook(example_file)
    book["Befolkning"].delete_rows(2, book["Befolkning"].max_row)
    emptied = tmp_path / "utan_befolkning.xlsx"
    book.save(emptied)
    assert main(["kontrollera", str(emptied)]) == 1
    out = capsys.readouterr().out
    assert f"{emptied}:Befolkning: befolkning saknas för 2027" in out
    assert "enheternas volym" not in out


def test_förklara_a_unit_shows_its_lines_rates_and_months(example_file, capsys):
    assert main(["förklara", str(example_file), "gsn", "2027", "--enhet", "söderskolan"]) == 0
    text = capsys.readouterr().out
    unit = allocation(calculate(exempelstad()), "GSN").unit("Söderskolan")
    assert text.startswith("GSN: Söderskolan, resursfördelning 2027 (kr)")
    for line in unit.lines:
        assert f"{line.label} " in text and format_amount(line.amount) in text
    assert "Tilldelning 2027 " in text and format_amount(unit.total) in text
    assert "strukturindex = 131 (Enheter!C4)" in text and "(Fördelningsbelopp!D5)" in text  # its cells
    assert "Strukturbelopp, januari" not in text  # the months are a table, not 12 lines per category
    januari = next(line for line in text.splitlines() if line.startswith("januari "))
    assert januari.endswith(" " + format_amount(unit.months[0] + unit.reconciliation_of(1)))
    assert "Summa" in text and format_amount(unit.after_reconciliation) in text


@pytest.mark.parametrize("args, message", [
    (["GSN", "2028", "--enhet", "Norrskolan"], "2028 är inte budgetåret; ramen fördelas till enheterna för budgetåret 2027"),
    (["KS", "2027", "--enhet", "Norrskolan"], "KS har inga enheter på bladet Enheter (enheter har: GSN)"),
    (["GSN", "2027", "--enhet", "Hagaskolan"], 'okänd enhet "Hagaskolan" hos GSN; enheterna är: Centrumskolan,'),
])
def test_förklara_an_unknown_unit_says_what_is_known(example_file, capsys, args, message):
    assert main(["förklara", str(example_file), *args]) == 1
    assert message in capsys.readouterr().err


def test_beräkna_json_has_the_units_of_the_budget_year(example_file, capsys):
    assert main(["beräkna", str(example_file), "--json"]) == 0
    objects = json.loads(capsys.readouterr().out)
    with_units = [o for o in objects if "fördelning" in o]
    assert [(o["nämnd"], o["år"]) for o in with_units] == [("GSN", 2027)]
    found, frame = with_units[0]["fördelning"], with_units[0]["ram"]
    assert sum(u["tilldelning"] for u in found["enheter"]) + sum(found["centralt"].values()) == frame
    result = allocation(calculate(exempelstad()), "GSN")
    assert found["belopp_per_volymenhet"]["Grundskola åk 1–6"] == float(result.rates[1].amount)
    soder = next(u for u in found["enheter"] if u["enhet"] == "Söderskolan")
    assert sum(soder["månader"]) == soder["tilldelning"] and soder["avräkning"][3] is None
    assert soder["efter_avräkning"] == soder["tilldelning"] + sum(a for a in soder["avräkning"] if a is not None)


# --- the result workbook's sheet Resursfördelning ------------------------------------------------------------


def evaluated(sheet) -> dict[str, object]:
    """The sheet's cells by address, with its formulas (sums of ranges and cells, + and −) worked out.
    (The result workbook's engine test, tests/test_result_workbook.py, recalculates the file in LibreOffice.)"""
    values = {f"{column_letter(c)}{r}": cell.value for r, row in enumerate(sheet.rows, start=1)
              for c, cell in enumerate(row, start=1) if cell is not None}

    def value(address: str) -> Decimal:
        found = values.get(address)
        if isinstance(found, str) and found.startswith("="):
            found = formula(found[1:])
        return D(found or 0) if not isinstance(found, str) else D(0)

    def cells(first: str, last: str) -> list[str]:
        (c1, r1), (c2, r2) = (re.fullmatch(r"([A-Z]+)(\d+)", a).groups() for a in (first, last))
        columns = range(column_index_from_string(c1), column_index_from_string(c2) + 1)
        return [f"{column_letter(c)}{r}" for c in columns for r in range(int(r1), int(r2) + 1)]

    def formula(text: str) -> Decimal:
        total = D(0)
        for sign, term in re.findall(r"([+-]?)(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+)", text):
            amount = sum((value(a) for a in cells(*term[4:-1].split(":"))), D(0)) if term.startswith("SUM") \
                else value(term)
            total += -amount if sign == "-" else amount
        return total

    return {address: formula(v[1:]) if isinstance(v, str) and v.startswith("=") else v
            for address, v in values.items()}


def test_the_result_workbook_sheet_adds_up_to_the_frame(example_file):
    calculation = pipeline.calculate_all(pipeline.check_file(example_file))
    result = allocation(calculation, "GSN")
    sheet = result_book(calculation)["Resursfördelning"]
    cells = evaluated(sheet)
    rows: dict[str, int] = {}
    for address in sorted((a for a in cells if a[0] == "A" and isinstance(cells[a], str)), key=lambda a: int(a[1:])):
        rows.setdefault(cells[address], int(address[1:]))  # (a unit's first row: the table of units)
    for unit in result.units:
        row = rows[unit.unit]
        assert (cells[f"E{row}"], cells[f"F{row}"], cells[f"G{row}"]) == (
            unit.total, unit.reconciled, unit.after_reconciliation), unit.unit
    total = rows["Summa (nämndens ram)"]
    assert cells[f"E{total}"] == cells[f"G{total}"] == result.frame
    assert cells[f"G{rows['Central reserv efter avräkning']}"] == result.reserve_after_reconciliation
    month_sums = [a for a in cells if a.startswith("A") and cells[a] == "Summa"]
    budget, reconciled = (int(a[1:]) for a in month_sums)
    assert cells[f"N{budget}"] == sum(u.total for u in result.units)
    assert [cells[f"{column_letter(1 + m)}{budget}"] for m in range(1, 13)] == [
        sum(u.months[m - 1] for u in result.units) for m in range(1, 13)]
    assert cells[f"N{reconciled}"] == sum(u.reconciled for u in result.units)
    for unit in result.units:  # every unit's explanation
        assert cells.get(f"A{rows[f'{unit.unit}: förklaring'] + 1}") == unit.lines[0].label
    assert any("Enheter!C" in str(v) for v in cells.values())  # with the cells of its inputs


# --- the add-in's =RAMENHET -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def addin_model(tmp_path_factory):
    """=RAMMODELL over Exempelstad's tables as Excel hands them over, and the core's allocation of the same file."""
    from addin_support import example_workbook, table_ranges

    from ramkalk.addin.functions import RAMMODELL
    from ramkalk.addin.models import MODELS

    path = example_workbook(tmp_path_factory.mktemp("tillagg"))
    MODELS.clear()
    model = RAMMODELL(*table_ranges(path))
    assert " 0 fel" in model, model
    return model, allocation(pipeline.calculate_all(pipeline.check_file(path)), "GSN")


def test_ramenhet_gives_every_unit_its_year_month_and_parts_as_the_core(addin_model):
    from ramkalk.addin.functions import RAMENHET

    model, result = addin_model
    for unit in result.units:
        assert RAMENHET(model, "gsn", unit.unit.upper()) == float(unit.total)
        assert RAMENHET(model, "GSN", unit.unit, "Avräkning") == float(unit.reconciled)
        assert RAMENHET(model, "GSN", unit.unit, "efter avräkning") == float(unit.after_reconciliation)
        for line in unit.lines:
            assert RAMENHET(model, "GSN", unit.unit, line.component) == float(line.amount)
        for month in range(1, 13):
            assert RAMENHET(model, "GSN", unit.unit, None, float(month)) == float(unit.months[month - 1])
        assert sum(RAMENHET(model, "GSN", unit.unit, part, 2.0) for part in
                   ("grundbelopp", "tilläggsbelopp", "strukturbelopp")) == float(unit.months[1])
        assert RAMENHET(model, "GSN", unit.unit, "avräkning", 3.0) == float(unit.reconciliation_of(3))
    assert RAMENHET(model, "GSN", "Österskolan", "strukturbelopp") == 0.0  # index under the threshold


@pytest.mark.parametrize("args, text", [
    (("GSN", "Hagaskolan"), 'Okänd enhet "Hagaskolan" hos GSN; enheterna är: Centrumskolan'),
    (("KS", "Norrskolan"), "KS har inga enheter på bladet Enheter"),
    (("GSN", "Norrskolan", "lön"), 'Okänd komponent "lön"; välj en av: grundbelopp'),
    (("GSN", "Norrskolan", None, 13.0), 'Väntade en månad 1–12, fick "13"'),
    (("GSN", "Norrskolan", "avräkning", 4.0), "Norrskolan har inget utfall för månad 4 ännu, så ingen avräkning"),
])
def test_ramenhet_says_what_is_wrong_in_the_cell(addin_model, args, text):
    from ramkalk.addin.functions import RAMENHET

    assert RAMENHET(addin_model[0], *args).startswith(text)


# --- the planning template's sheet Enheter: shown, filled in and read back ----------------------------------


def test_the_template_shows_the_units_and_reads_back_the_committees_budget(tmp_path):
    """GSN's template: a row per school and central line, adding up to the frame shown; the committee's budget
    per unit is read from the returned file and archived."""
    import openpyxl
    from consolidation_support import expected, filled, templates
    from templates_support import exempelstad_calculation

    from ramkalk.core.display import round_total
    from ramkalk.templates.archive import Archive
    from ramkalk.templates.consolidation import receive, summarise
    from ramkalk.templates.summary_workbook import write_summary

    calculation = exempelstad_calculation()  # (the version the templates are made of: Juni)
    result = allocation(calculation, "GSN")
    book = openpyxl.load_workbook(filled()["GSN"])  # (the template with its budget filled in, as returned)
    ws = book["Enheter"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=5) if row[0].value]
    assert [r[0] for r in rows] == [u.unit for u in result.units] + [line.label for line in result.central]
    assert sum(r[4] for r in rows) == round_total(calculation.frame("GSN", 2027).total)  # the frame shown, tkr
    assert all(sum(v or 0 for v in r[1:4]) == r[4] for r in rows[:len(result.units)])  # parts add up
    assert [r[4] for r in rows[:2]] == [round_total(u.total) for u in result.units[:2]]
    assert "Nämnden har inga enheter" in openpyxl.load_workbook(templates()["KS"])["Enheter"]["A2"].value
    ws["F5"], ws["H5"] = 379_000, "Fler elever i höst"
    path = tmp_path / "Planeringsunderlag_GSN_2027.xlsx"
    book.save(path)
    with Archive(tmp_path / "arkiv.sqlite") as archive:
        [received] = receive([path], expected(), archive)
        units = archive.load(received.archive_id).content.units
        write_summary(summarise(expected(), archive), tmp_path / "sammanställning.xlsx")
    assert (units[0].unit, units[0].allocation, units[0].budget, units[0].comment) == (
        "Centrumskolan", Decimal(rows[0][4]), Decimal(379_000), "Fler elever i höst")
    assert [u.budget for u in units[1:]] == [None] * (len(rows) - 1)
    summary = openpyxl.load_workbook(tmp_path / "sammanställning.xlsx")["Enheter"]
    assert [c.value for c in summary[2]] == ["GSN", "Centrumskolan", rows[0][4], 379_000, '=IF(D2="","",D2-C2)',
                                             "Fler elever i höst", 5]
    assert summary.max_row == 1 + len(rows)


# --- Property: whatever the inputs, the units and the central lines make the frame to the krona ---------------


@st.composite
def allocation_inputs(draw) -> AllocationInputs:
    """A committee with 1–4 units, 1–3 categories (given or derived, base or addition) and any months."""
    categories = [AllocationAmount("GSN", f"K{n}", draw(st.sampled_from(AmountKind)),
                                   draw(st.none() | st.integers(0, 200_000).map(D)),
                                   draw(st.decimals(0, 10, places=2)))
                  for n in range(draw(st.integers(1, 3)))]
    categories = [a if a.amount is not None or a.kind is AmountKind.BASE else
                  AllocationAmount(a.committee, a.category, a.kind, D(1000), a.weight) for a in categories]
    units = [AllocationUnit("GSN", f"E{n}", draw(st.none() | st.integers(0, 200).map(D)))
             for n in range(draw(st.integers(1, 4)))]
    volumes = tuple(UnitVolume("GSN", u.name, a.category, 2027, month, D(draw(st.integers(0, 500))),
                               draw(st.none() | st.integers(0, 500).map(D)))
                    for u in units for a in categories if draw(st.booleans()) for month in MONTHS)
    share = draw(st.none() | st.decimals(0, 1, places=3))
    rule = AllocationRule("GSN", structural_share=share,
                          point_amount=None if share is not None else draw(st.none() | st.integers(0, 900).map(D)),
                          index_threshold=D(draw(st.integers(0, 150))),
                          reserve=draw(st.none() | st.integers(0, 5_000_000).map(D)))
    return AllocationInputs("GSN", 2027, D(draw(st.integers(-1_000_000, 900_000_000))), rule, tuple(categories),
                            tuple(units), volumes)


@settings(max_examples=150, deadline=None)
@given(allocation_inputs())
def test_any_allocation_adds_up_to_the_frame_month_by_month(inputs):
    result = allocate(inputs)
    assert sum(line.amount for line in result.lines) == inputs.frame
    assert sum(u.after_reconciliation for u in result.units) + result.reserve_after_reconciliation == inputs.frame
    for unit in result.units:
        assert sum(unit.months) == unit.total == sum(d.amount for line in unit.lines for d in line.details
                                                     if line.component != STRUCTURAL) + sum(
            line.amount for line in unit.lines if line.component == STRUCTURAL)
        assert all(d.amount == sum(m.amount for m in d.details) for line in unit.lines if line.component != STRUCTURAL
                   for d in line.details)
        assert all(line.amount == sum(d.amount for d in line.details) for line in unit.reconciliation)
    if any(r.derived and r.category != "strukturbelopp" for r in result.rates) and result.central[1].component \
            == REMAINDER:
        assert result.central[1].amount >= 0  # rounding down leaves a rest, never a debt
