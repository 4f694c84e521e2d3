"""Plausibility warnings (ramkalk.calculation.plausibility): each rule on a small change to Exempelstad.

Exempelstad is written to a file and read back once, so every record keeps its cell; a case
changes the data read (dataclasses.replace keeps the origins) and expects the rule's exact
warnings, as `ramkalk kontrollera` prints them. Exempelstad itself gives none, in any version;
a threshold set in Inställningar changes the outcome; and the issue's case (the population of
one age × 1000) goes end to end through the command line on a real file.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from ramkalk.calculation import plausibility
from ramkalk.cli import main
from ramkalk.core.problems import Problem, Severity
from ramkalk.example.municipality import exempelstad
from ramkalk.schema import versions
from ramkalk.schema.inputs import PlanningData, VolumeGroup
from ramkalk.workbook import pipeline
from ramkalk.workbook.reader import read_workbook
from ramkalk.workbook.writer import write_workbook

FILE = "planering.xlsx"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rimlighet") / FILE
    write_workbook(exempelstad(), path)
    return path


@pytest.fixture(scope="module")
def example(workbook) -> PlanningData:
    """Exempelstad as read from its workbook: every record with its cell."""
    return read_workbook(workbook).data


def printed(problem: Problem, path: Path | str) -> str:
    """As `ramkalk kontrollera` prints it, the file named FILE (and amounts' thin spaces as spaces)."""
    return str(problem).replace(str(path), FILE).replace("\xa0", " ")


def warnings(data: PlanningData, version: str | None = None) -> list[Problem]:
    checked = pipeline.check_data(data, version)
    assert checked.ok, checked.problems
    found = pipeline.plausibility_warnings(checked)
    assert all(p.severity is Severity.WARNING for p in found)
    return list(found)


# --- Changes to Exempelstad ------------------------------------------------------------------


def population(year: int, age: int, times: Decimal | None = None, plus: Decimal = Decimal(0)):
    """The current population of `age` in `year` multiplied by `times` and `plus` added."""
    def change(data: PlanningData) -> PlanningData:
        rows = list(data.population)
        at = next(i for i, row in enumerate(rows) if row.year == year and row.age == age and row.forecast_year is None)
        rows[at] = dataclasses.replace(rows[at], count=rows[at].count * (1 if times is None else times) + plus)
        return dataclasses.replace(data, population=tuple(rows))
    return change


def index(year: int, **fields: Decimal):
    def change(data: PlanningData) -> PlanningData:
        return dataclasses.replace(data, index=tuple(
            dataclasses.replace(row, **fields) if row.year == year and row.version is None else row
            for row in data.index))
    return change


def cost_rate(year: int, cost_type: str, rate: Decimal):
    def change(data: PlanningData) -> PlanningData:
        return dataclasses.replace(data, cost_index=tuple(
            dataclasses.replace(row, rate=rate) if (row.year, row.cost_type) == (year, cost_type) else row
            for row in data.cost_index))
    return change


def decision(committee: str, year: int, times: Decimal = Decimal(1), plus: Decimal = Decimal(0)):
    """The first decision of `committee` for `year` (without a version) times `times` plus `plus`."""
    def change(data: PlanningData) -> PlanningData:
        rows = list(data.decisions)
        at = next(i for i, row in enumerate(rows) if (row.committee, row.year, row.version) == (committee, year, None))
        rows[at] = dataclasses.replace(rows[at], amount=rows[at].amount * times + plus)
        return dataclasses.replace(data, decisions=tuple(rows))
    return change


def price_in_version(group: str, version: str, price: Decimal):
    """A row of a later version for the volume group `group` with another price tag (kept in the
    group's own row's place, so that its cells are the row's: as if the row had been edited)."""
    def change(data: PlanningData) -> PlanningData:
        rows: list[VolumeGroup] = []
        for row in data.volume_groups:
            rows.append(row)
            if row.name == group:
                origin = dataclasses.replace(row.origin, row=len(data.volume_groups) + 2)  # a row of its own
                rows.append(dataclasses.replace(row, price=price, version=version, origin=origin))
        return dataclasses.replace(data, volume_groups=tuple(rows))
    return change


def allocation_rule(**fields: object):
    """Every committee's row on Fördelning (Exempelstad: GSN's) with `fields` changed, in its own cells."""
    def change(data: PlanningData) -> PlanningData:
        return dataclasses.replace(data, allocation_rules=tuple(dataclasses.replace(r, **fields)
                                                                 for r in data.allocation_rules))
    return change


def given_amounts(amount: Decimal):
    """Every category on Fördelningsbelopp given `amount` per volume unit where its amount is derived."""
    def change(data: PlanningData) -> PlanningData:
        return dataclasses.replace(data, allocation_amounts=tuple(dataclasses.replace(a, amount=a.amount or amount)
                                                                   for a in data.allocation_amounts))
    return change


def settings(**fields: object):
    def change(data: PlanningData) -> PlanningData:
        return dataclasses.replace(data, settings=dataclasses.replace(data.settings, **fields))
    return change


def both(*changes: Callable[[PlanningData], PlanningData]):
    def change(data: PlanningData) -> PlanningData:
        for one in changes:
            data = one(data)
        return data
    return change


Rule = Callable[..., object]


def run(rule: Rule, data: PlanningData) -> list[str]:
    """The rule's warnings on the checked, computed data, as printed (file name FILE)."""
    checked = pipeline.check_data(data)
    assert checked.ok, checked.problems
    if rule in plausibility.INPUT_RULES:
        found = rule(checked.data)
    elif rule in plausibility.VERSION_RULES:
        found = rule(data, checked.data)
    else:
        found = rule(pipeline.calculate_all(checked))
    return [printed(p, data.file) for p in found]


P = plausibility
CASES = [
    pytest.param(P.population_jumps, population(2029, 80, times=Decimal(1000)), [
        'planering.xlsx:Befolkning!C688: antal 80-åringar 2029 är 773 000, 960 gånger fler än 2028 (782) '
        'och grannåldrarna (809, 736); kontrollera siffran (varning)',
    ], id="befolkning ×1000"),
    pytest.param(P.population_jumps, population(2027, 7, times=Decimal("0.1")), [
        'planering.xlsx:Befolkning!C413: antal 7-åringar 2027 är 124,2, 9,7 gånger färre än 2026 (1 208) '
        'och grannåldrarna (1 235, 1 211); kontrollera siffran (varning)',
    ], id="befolkning ÷10"),
    pytest.param(P.population_jumps, population(2029, 80, times=Decimal(0)), [
        'planering.xlsx:Befolkning!C688: antal 80-åringar 2029 är 0, färre än 2028 (782) och grannåldrarna'
        ' (809, 736); kontrollera siffran (varning)',
    ], id="befolkning 0"),
    pytest.param(P.population_jumps, population(2024, 100, plus=Decimal(45)), [
    ], id="liten ålder: under 50 personer"),
    pytest.param(P.population_jumps, population(2024, 100, plus=Decimal(450)), [
        'planering.xlsx:Befolkning!C203: antal 100 år och äldre 2024 är 476, 18 gånger fler än 2023 (25) '
        'och 2025 (26); kontrollera siffran (varning)',
    ], id="högsta åldern mot året före"),
    pytest.param(P.index_rates, index(2028, wage_increase=Decimal("0.34")), [
        'planering.xlsx:Index!B5: väntade löneökning 2028 mellan −2 % och 10 %, fick 34 % (Varning lägsta'
        ' ökning, Varning högsta ökning); kontrollera siffran (varning)',
    ], id="löneökning 34 %"),
    pytest.param(P.index_rates, index(2028, price_increase=Decimal("-0.05")), [
        'planering.xlsx:Index!C5: väntade prisökning 2028 mellan −2 % och 10 %, fick −5 % (Varning lägsta'
        ' ökning, Varning högsta ökning); kontrollera siffran (varning)',
    ], id="prisökning −5 %"),
    pytest.param(P.index_rates, index(2029, efficiency=Decimal("0.075")), [
        'planering.xlsx:Index!D6: väntade effektiviseringskrav 2029 mellan 0 % och 5 %, fick 7,5 % '
        '(Varning högsta effektiviseringskrav); kontrollera siffran (varning)',
    ], id="effektiviseringskrav 7,5 %"),
    pytest.param(P.index_rates, index(2029, efficiency=Decimal("-0.005")), [
        'planering.xlsx:Index!D6: väntade effektiviseringskrav 2029 mellan 0 % och 5 %, fick −0,5 % '
        '(Varning högsta effektiviseringskrav); kontrollera siffran (varning)',
    ], id="negativt effektiviseringskrav"),
    pytest.param(P.index_rates, cost_rate(2028, "Hyror", Decimal("0.15")), [
        'planering.xlsx:Kostnadsindex!C12: väntade ökning för "Hyror" 2028 mellan −2 % och 10 %, fick 15 '
        '% (Varning lägsta ökning, Varning högsta ökning); kontrollera siffran (varning)',
    ], id="kostnadsindex 15 %"),
    pytest.param(P.decisions_larger_than_frames, decision("KFN", 2027, times=Decimal(1000)), [
        'planering.xlsx:Beslut!C14: beslutet "KF 2026-06-15 § 98 Avgiftsfria sommarlovsaktiviteter" för '
        'KFN 2027 är 2 500 000 000 kr, mer än nämndens hela ram 2026 (199 700 000 kr, Ramar!C17); väntade'
        ' ett belopp som är mindre än ramen; kontrollera beloppet och enheten (Belopp i) (varning)',
    ], id="beslut ×1000"),
    pytest.param(P.price_tags_between_versions, price_in_version("Förskola", "Oktober", Decimal(1_400_000)), [
        'planering.xlsx:Volymgrupper!F8: prislappen för "Förskola" hos FSN är 1 400 000 kr (2026) i '
        'versionen Oktober, +900 % mot 140 000 kr (2026) i raden utan version (Volymgrupper!F2); väntade '
        'en förändring på högst 25 % (Varning prislappsförändring); kontrollera siffran (varning)',
    ], id="prislapp mellan versioner"),
    pytest.param(P.stale_price_tags, settings(warn_price_change=Decimal("0.03")), [
        'planering.xlsx:Volymgrupper!G2: prislappen för "Förskola" hos FSN gäller 2026 och räknas upp '
        '+3,7 % till 2027, från 140 000 kr till 145 164 kr; väntade högst 3 % (Varning '
        'prislappsförändring); ange en aktuell prislapp eller kontrollera prisåret (varning)',
        'planering.xlsx:Volymgrupper!G6: prislappen för "Äldreomsorg 80–84 år" hos VÄN gäller 2026 och '
        'räknas upp +3,8 % till 2027, från 95 000 kr till 98 566 kr; väntade högst 3 % (Varning '
        'prislappsförändring); ange en aktuell prislapp eller kontrollera prisåret (varning)',
        'planering.xlsx:Volymgrupper!G7: prislappen för "Äldreomsorg 85 år och äldre" hos VÄN gäller 2026'
        ' och räknas upp +3,8 % till 2027, från 95 000 kr till 98 566 kr; väntade högst 3 % (Varning '
        'prislappsförändring); ange en aktuell prislapp eller kontrollera prisåret (varning)',
    ], id="prislapp uppräknad mer än gränsen"),
    pytest.param(P.negative_frames, decision("KS", 2028, plus=Decimal(-500_000_000)), [
        'planering.xlsx:Beslut!C22: ramen för KS 2028 (traditionell modell) är −77 111 689 kr (och '
        'negativ även 2029–2030); väntade en ram på 0 kr eller mer; störst påverkan har KF 2026-06-15 § '
        '105 Ökade licenskostnader för kontorsstöd: −498 000 000 kr (Beslut!C22, D22, F22, E22); '
        'kontrollera indata (varning)',
    ], id="negativ ram"),
    pytest.param(P.frame_changes, decision("KS", 2028, plus=Decimal(150_000_000)), [
        'planering.xlsx:Beslut!C22: ramen för KS 2028 är 560 575 219 kr, +35,3 % mot 2027 (414 328 146 '
        'kr); väntade en förändring på högst 25 % (Varning ramförändring); störst påverkan har KF '
        '2026-06-15 § 105 Ökade licenskostnader för kontorsstöd: +152 000 000 kr (Beslut!C22, D22, F22, '
        'E22); kontrollera indata (varning)',
    ], id="ramförändring"),
    pytest.param(P.allocation_beyond_frame, allocation_rule(reserve_share=Decimal("0.98")), [
        'planering.xlsx:Fördelning!H2: grundbeloppen hos GSN 2027 blir negativa ("Förskoleklass" −4 502,43 kr, '
        '"Grundskola åk 1–6" −5 002,70 kr, "Grundskola åk 7–9" −6 003,24 kr per volymenhet och år): reserven, '
        'strukturbeloppet och de angivna beloppen är större än ramen 1 505 082 109 kr; kontrollera dem (varning)',
    ], id="resursfördelning: härledda belopp negativa"),
    pytest.param(P.allocation_beyond_frame, given_amounts(Decimal(150_000)), [
        'planering.xlsx:Fördelning!H2: enheterna hos GSN får 454 033 451 kr mer än vad ramen 2027 (1 505 082 '
        '109 kr) räcker till efter den centrala reserven; de angivna beloppen per volymenhet är för höga eller '
        'reserven för stor (varning)',
    ], id="resursfördelning: angivna belopp över ramen"),
    pytest.param(P.unit_volumes_against_groups, lambda data: dataclasses.replace(data, allocation_amounts=tuple(
        dataclasses.replace(a, volume_group="Grundskola") if a.category == "Förskoleklass" else a
        for a in data.allocation_amounts)), [
        'planering.xlsx:Fördelningsbelopp!F2: enheternas volym i Förskoleklass, Grundskola åk 1–6, Grundskola åk 7–9,'
        ' Anpassad grundskola hos GSN 2027 är 12 321,58 (månadernas medel) men volymgruppen "Grundskola" har 11 093;'
        ' skillnaden är 1 228,58, mer än 1 % (varning)',
    ], id="resursfördelning: enheternas volym inte volymgruppens"),
]


@pytest.mark.parametrize(("rule", "change", "expected"), CASES)
def test_a_change_gives_the_located_warning(example, rule, change, expected):
    assert run(rule, change(example)) == expected


def test_every_rule_has_a_case():
    assert {case.values[0] for case in CASES} == {*P.INPUT_RULES, *P.VERSION_RULES, *P.RESULT_RULES}


# --- Exempelstad is plausible ----------------------------------------------------------------


@pytest.mark.parametrize("version", [None, *versions.PROCESS, "Högre löner"])
def test_exempelstad_gives_no_plausibility_warning(example, version):
    assert warnings(exempelstad(), version) == []
    assert warnings(example, version) == []


# --- Thresholds in Inställningar -------------------------------------------------------------

THRESHOLDS = [
    pytest.param(P.population_jumps, population(2029, 80, times=Decimal(5)), {"warn_population_factor": Decimal(6)},
                 1, 0, id="befolkning ×5 med faktorn 6"),
    pytest.param(P.population_jumps, population(2029, 80, times=Decimal(3)),
                 {"warn_population_difference": Decimal(2000)}, 1, 0, id="befolkning: minsta skillnad 2 000 personer"),
    pytest.param(P.population_jumps, population(2029, 80, plus=Decimal(600)),
                 {"warn_population_factor": Decimal("1.5")}, 0, 1, id="befolkning +600 med faktorn 1,5"),
    pytest.param(P.index_rates, index(2028, wage_increase=Decimal("0.12")), {"warn_rate_high": Decimal("0.15")},
                 1, 0, id="löneökning 12 % med högsta ökning 15 %"),
    pytest.param(P.index_rates, index(2028, price_increase=Decimal("-0.01")), {"warn_rate_low": Decimal(0)},
                 0, 1, id="prisökning −1 % med lägsta ökning 0 %"),
    pytest.param(P.index_rates, index(2029, efficiency=Decimal("0.04")), {"warn_efficiency_high": Decimal("0.03")},
                 0, 1, id="effektiviseringskrav 4 % med högsta 3 %"),
    pytest.param(P.price_tags_between_versions, price_in_version("Förskola", "Oktober", Decimal(160_000)),
                 {"warn_price_change": Decimal("0.1")}, 0, 1, id="prislapp +14 % mellan versioner med gränsen 10 %"),
    pytest.param(P.frame_changes, decision("KS", 2028, plus=Decimal(150_000_000)),
                 {"warn_frame_change": Decimal("0.5")}, 1, 0, id="ramförändring 35 % med gränsen 50 %"),
    pytest.param(P.frame_changes, decision("KS", 2028, plus=Decimal(-130_000_000)),
                 {"warn_frame_change": Decimal("0.35")}, 1, 0, id="ramförändring −30 % med gränsen 35 %"),
]


@pytest.mark.parametrize(("rule", "change", "setting", "by_default", "with_setting"), THRESHOLDS)
def test_a_threshold_set_in_the_settings_changes_the_outcome(example, rule, change, setting, by_default,
                                                             with_setting):
    changed = change(example)
    assert len(run(rule, changed)) == by_default
    assert len(run(rule, settings(**setting)(changed))) == with_setting


def edit(path: Path, changes: dict[tuple[str, Callable[[tuple], bool]], object], out: Path) -> Path:
    """A copy of the workbook `path` at `out` with, per (sheet, row matcher), column C (or B on
    Inställningar) of the one row matched set to a value."""
    book = openpyxl.load_workbook(path)
    for (sheet, matches), value in changes.items():
        rows = [row for row in book[sheet].iter_rows(min_row=2) if matches(tuple(c.value for c in row))]
        assert len(rows) == 1
        rows[0][1 if sheet == "Inställningar" else 2].value = value
    book.save(out)
    return out


AGE_80_IN_2029 = ("Befolkning", lambda v: v[:2] == (2029, 80) and v[4] is None)


def test_a_threshold_in_the_workbook_is_read_and_used(workbook, tmp_path, capsys):
    typo = edit(workbook, {AGE_80_IN_2029: 773 * 5}, tmp_path / "typo.xlsx")
    assert main(["kontrollera", str(typo)]) == 0
    assert "antal 80-åringar 2029" in capsys.readouterr().out
    allowed = edit(typo, {("Inställningar", lambda v: v[0] == "Varning befolkningsförändring"): 6},
                   tmp_path / "tillåten.xlsx")
    assert main(["kontrollera", str(allowed)]) == 0
    assert "antal 80-åringar 2029" not in capsys.readouterr().out


# --- The case end to end ---------------------------------------------------------------


@pytest.fixture
def typo(tmp_path) -> Path:
    """`ramkalk exempel`, then the population of 80-year-olds in 2029 typed × 1000 in Excel."""
    path = tmp_path / FILE
    assert main(["exempel", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    cell = book["Befolkning"]["C688"]
    assert [c.value for c in book["Befolkning"][688]][:2] == [2029, 80]
    cell.value = cell.value * 1000
    book.save(path)
    return path


POPULATION = ("planering.xlsx:Befolkning!C688: antal 80-åringar 2029 är 773 000, 960 gånger fler än 2028 (782)"
              " och grannåldrarna (809, 736); kontrollera siffran (varning)")
NEGATIVE = ("planering.xlsx:Volymgrupper!E6: ramen för VÄN 2030 (traditionell modell) är −76 930 303 034 kr;"
            " väntade en ram på 0 kr eller mer; störst påverkan har Volym Äldreomsorg 80–84 år (80–84 år):"
            " −83 912 676 592 kr (Volymgrupper!E6, F6, H6); kontrollera indata (varning)")


def lines(text: str, path: Path) -> list[str]:
    return [line.replace(str(path), FILE).replace("\xa0", " ") for line in text.splitlines()]


def test_kontrollera_names_the_cell_and_exits_0(typo, capsys):
    assert main(["kontrollera", str(typo)]) == 0
    captured = capsys.readouterr()
    assert lines(captured.out, typo)[0] == POPULATION
    assert NEGATIVE in lines(captured.out, typo)
    assert captured.err.strip() == "0 fel och 5 varningar."


def test_kontrollera_json_has_the_warnings(typo, capsys):
    assert main(["kontrollera", str(typo), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert {k: first[k] for k in ("fil", "blad", "cell", "allvarlighet")} == {
        "fil": str(typo), "blad": "Befolkning", "cell": "C688", "allvarlighet": "varning"}
    assert first["meddelande"].replace("\xa0", " ") == POPULATION.split("C688: ")[1].removesuffix(" (varning)")


def test_beräkna_shows_the_negative_frame_on_stderr(typo, capsys):
    assert main(["beräkna", str(typo)]) == 0
    captured = capsys.readouterr()
    assert NEGATIVE in lines(captured.err, typo)
    assert POPULATION in lines(captured.err, typo)
    assert "(varning)" not in captured.out


@pytest.mark.parametrize("command", [
    ["förklara", "{typo}", "VÄN", "2030"],
    ["känslighet", "{typo}"],
    ["modellbeskrivning", "{typo}", "--ut", "{out}/beskrivning.html"],
    ["underlag", "{typo}", "--ut", "{out}/underlag", "--version", "November"],
    ["fastställ", "{typo}", "--version", "November", "--mapp", "{out}/fastställt"],
], ids=lambda command: command[0])
def test_every_command_that_computes_warns_on_stderr(typo, tmp_path, capsys, command):
    """Not only beräkna and kontrollera: each command that shows or hands on frames warns about
    implausible numbers (`ramkalk.cli.common.checked_calculation`), stdout untouched."""
    argv = [part.format(typo=typo, out=tmp_path) for part in command]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert NEGATIVE in lines(captured.err, typo) and POPULATION in lines(captured.err, typo)
    assert "(varning)" not in captured.out


def test_beräkna_json_keeps_its_shape(typo, workbook, capsys):
    assert main(["beräkna", str(workbook), "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert main(["beräkna", str(typo), "--json"]) == 0
    captured = capsys.readouterr()
    found = json.loads(captured.out)
    assert [sorted(f) for f in found] == [sorted(f) for f in clean]
    assert NEGATIVE in lines(captured.err, typo)


def test_the_result_workbook_lists_the_warnings_in_kontroll(typo, tmp_path, capsys):
    out = tmp_path / "resultat.xlsx"
    assert main(["beräkna", str(typo), "--ut", str(out)]) == 0
    capsys.readouterr()
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(out, read_only=True)["Kontroll"].iter_rows()]
    shown = [f"{FILE}:{blad}!{cell}: {message} ({severity})".replace("\xa0", " ")
             for _, blad, cell, severity, message in rows[1:]]
    assert POPULATION in shown and NEGATIVE in shown


def test_kontrollera_computes_only_data_without_errors(typo, tmp_path, capsys):
    broken = edit(typo, {("Index", lambda v: v[0] == 2028 and v[6] is None): "tre"}, tmp_path / "fel.xlsx")
    assert main(["kontrollera", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "antal 80-åringar" not in out and "ramen för" not in out


# --- docs/arbetsbok.md, "Rimlighetskontroller" -------------------------------------------------

DOC = Path(__file__).parent.parent / "docs" / "arbetsbok.md"
DOC_FILE = "budget.xlsx"  # (not the file of tests/test_docs.py's examples, which come from its own breakages)


def doc_examples() -> list[str]:
    """The example lines of the doc's section Rimlighetskontroller, as printed for FILE."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### Rimlighetskontroller"):text.index("## Så kommer du igång")]
    return [line.replace(DOC_FILE, FILE, 1) for line in section.splitlines() if line.startswith(DOC_FILE)]


def test_the_doc_quotes_real_warnings_of_every_rule(typo, capsys):
    assert main(["kontrollera", str(typo)]) == 0
    printed_now = set(lines(capsys.readouterr().out, typo))
    by_rule = {}
    for case in CASES:
        by_rule.setdefault(case.values[0], set()).update(case.values[2])
    real = printed_now.union(*by_rule.values())
    examples = doc_examples()
    assert [line for line in examples if line not in real] == []
    assert [rule.__name__ for rule, found in by_rule.items() if not found & set(examples)
            and rule is not P.negative_frames] == []
    assert NEGATIVE in examples


def test_the_consolidated_summary_lists_the_workbook_warnings_in_kontroll(typo, tmp_path, capsys):
    out = tmp_path / "sammanställning.xlsx"
    assert main(["konsolidera", str(typo), "--ut", str(out), "--arkiv", str(tmp_path / "arkiv.sqlite")]) == 0
    assert POPULATION in lines(capsys.readouterr().err, typo)
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(out, read_only=True)["Kontroll"].iter_rows()]
    shown = [f"{FILE}:{blad}!{cell}: {message} ({severity})".replace("\xa0", " ")
             for _, _, blad, cell, severity, message in rows[1:] if cell]
    assert shown[0] == POPULATION  # (konsolidera computes the version Juni: other frames than November's)
    assert any("ramen för VÄN 2030 (traditionell modell) är −" in line for line in shown)
