"""The budget process (#9): versions and scenarios, `jämför`, `fastställ`, internal services,
ex-post correction and result rules, on Exempelstad and on small inline cases.

Expected amounts are computed here from the inputs by the rule as the docs state it, not
read back from the code under test.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import openpyxl
import pytest

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.version_diff import compare
from ramkalk.cli import main
from ramkalk.core.money import round_krona
from ramkalk.example.municipality import exempelstad
from ramkalk.rules.surplus import account
from ramkalk.schema import versions
from ramkalk.schema.inputs import Decision, DecisionType, Duration, PopulationKind, ResultRule, Scenario
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook

D = Decimal


@pytest.fixture(scope="module")
def data():
    return exempelstad()


@pytest.fixture(scope="module")
def calculation(data):
    return pipeline.calculate_all(pipeline.check_data(data))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("process") / "exempelstad.xlsx"
    write_workbook(exempelstad(), path)
    return path


def line(frame, component):
    return next(found for found in frame.lines if found.component == component)


# --- Versions ---------------------------------------------------------------------------


def test_a_version_includes_its_own_rows_and_those_of_every_earlier_version(data):
    june, october = versions.select(data, "Juni"), versions.select(data, "oktober")
    assert (june.version, october.version) == ("Juni", "Oktober")
    gsn = [d.amount for d in october.decisions if d.description.endswith("Fler lärare i läsa-skriva-räkna")]
    assert gsn == [D(15_000_000)]  # the Oktober row replaced the row every version shares
    assert [d.amount for d in june.decisions if d.description.endswith("Fler lärare i läsa-skriva-räkna")] == [
        D(12_000_000)]
    assert len(october.decisions) == len(june.decisions) + 1  # one new decision in Oktober
    assert [r.wage_increase for r in october.index if r.year == 2027] == [D("0.033")]
    assert versions.chain(data, "Högre löner") == ("alla", "Juni", "Augusti", "Oktober", "November", "Högre löner")
    assert [r.wage_increase for r in versions.select(data, "Högre löner").index if r.year == 2027] == [D("0.040")]


def test_without_a_version_the_latest_process_version_with_rows_is_computed(data):
    assert versions.default(data) == "November"
    assert Calculation(data).data.version == "November"
    assert versions.default(versions.select(data, "Juni")) is None  # no row of Juni's names a version


def test_a_decision_without_description_is_never_replaced(data):
    base = Decision("KS", 2027, D(1_000), DecisionType.INVESTMENT, Duration.ONE_OFF)
    later = dataclasses.replace(base, amount=D(2_000), version="Oktober")
    found = versions.select(dataclasses.replace(data, decisions=(base, later)), "November")
    assert [d.amount for d in found.decisions] == [D(1_000), D(2_000)]


def test_unknown_version_names_and_circular_scenarios_are_reported_at_their_cells(workbook, tmp_path, capsys):
    book = openpyxl.load_workbook(workbook)
    book["Beslut"].cell(row=2, column=8, value="Septmber")
    book["Versioner"].append(["Ring A", "Ring B"])
    book["Versioner"].append(["Ring B", "Ring A"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    assert main(["kontrollera", str(path)]) == 1
    out = capsys.readouterr().out
    assert (f'{path}:Beslut!H2: okänd version "Septmber"; väntade en av: Juni, Augusti, Oktober, November, '
            f"Högre löner, Ring A, Ring B (eller tomt för alla versioner)") in out
    assert f'{path}:Versioner!B3: scenariot "Ring A" utgår till slut från sig självt: Ring A → Ring B → Ring A' in out


def test_a_version_asked_for_that_does_not_exist_is_a_clear_error(workbook, capsys):
    assert main(["beräkna", str(workbook), "--version", "Mars"]) == 1
    err = capsys.readouterr().err
    assert f'{workbook}: okänd version "Mars"; välj en av: Juni, Augusti, Oktober, November, Högre löner' in err


def test_the_same_key_twice_in_one_version_is_an_error_in_another_version_not(data):
    october = next(r for r in data.index if r.version == "Oktober")
    twice = dataclasses.replace(data, index=data.index + (october,))
    assert [p.message for p in pipeline.check_data(twice).problems] == ["index för 2027 finns två gånger i versionen "
                                                                        "Oktober"]
    assert pipeline.check_data(data).problems == ()


# --- jämför -----------------------------------------------------------------------------


def test_the_difference_report_lists_every_changed_input_and_adds_up(data):
    comparison = compare(data, "Juni", "Högre löner")
    texts = [change.text() for step in comparison.steps for change in step.changes]
    assert len(texts) == 5  # Index 2027 (the scenario's row), two changed and two new decisions
    assert texts[0].startswith("Index 2027: Löneökning 3,4 % → 4 %, Prisökning 2,2 % → 2,4 %")
    assert any("Belopp 12\u00a0000\u00a0000 kr → 15\u00a0000\u00a0000 kr (version Oktober)" in t for t in texts)
    assert any("Trädplantering längs infarterna: ny rad (version November)" in t for t in texts)
    first = {(f.committee, f.year): f.total for f in Calculation(versions.select(data, "Juni")).frames}
    second = {(f.committee, f.year): f.total for f in Calculation(versions.select(data, "Högre löner")).frames}
    for key in first:
        assert comparison.frames[key] == (first[key], second[key])
        balancing = comparison.balancing.get(key, 0)
        assert sum(effect for _, effect in comparison.effects_of(*key)) + balancing == second[key] - first[key], key
    assert sum(second.values()) != sum(first.values())


def test_jamfor_on_the_command_line(workbook, capsys):
    assert main(["jämför", str(workbook), "Juni", "November", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["från"], found["till"], len(found["ändringar"])) == ("Juni", "November", 5)
    for frame in found["ramar"]:
        effects = [e["belopp"] for change in found["ändringar"] for e in change["effekt"]
                   if (e["nämnd"], e["år"]) == (frame["nämnd"], frame["år"])]
        effects += [e["belopp"] for e in found["balansering"] if (e["nämnd"], e["år"]) == (frame["nämnd"], frame["år"])]
        assert sum(effects) == frame["differens"] == frame["till"] - frame["från"]
    assert main(["jämför", str(workbook), "Juni", "November"]) == 0
    text = capsys.readouterr().out
    assert "  = Ram November" in text and "Ändrade indata:" in text


# --- fastställ ----------------------------------------------------------------------------


def test_adoption_records_the_frames_and_refuses_other_numbers_later(workbook, tmp_path, capsys):
    folder = tmp_path / "fastställt"
    assert main(["fastställ", str(workbook), "--version", "November", "--mapp", str(folder),
                 "--datum", "2026-11-23"]) == 0
    capsys.readouterr()
    record = json.loads((folder / "fastställelse_2027.json").read_text(encoding="utf-8"))
    frames = Calculation(versions.select(exempelstad(), "November"))
    assert (record["version"], record["datum"]) == ("November", "2026-11-23")
    assert {f["nämnd"]: D(f["ram"]) for f in record["ramar"]} == {
        f.committee: f.total for f in frames.frames if f.year == 2027}
    # the paste-ready rows have the Ramar sheet's headers and the adopted frames
    sheet = openpyxl.load_workbook(folder / "Ramar_2027.xlsx")["Ramar"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nämnd", "År", "Ram", "Varav engångs")
    pasted = {code: (D(frame), D(one_off)) for code, year, frame, one_off, *_ in rows[1:]}
    assert pasted["GSN"] == (frames.frame("GSN", 2027).total, frames.frame("GSN", 2027).one_off)
    assert rows[1][1] == 2027 and len(pasted) == 11
    # the byte copy reproduces the frames
    assert main(["beräkna", str(folder / "fastställelse_2027_arbetsbok.xlsx"), "--version", "November",
                 "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert {f["nämnd"]: f["ram"] for f in again if f["år"] == 2027} == {
        f["nämnd"]: int(D(f["ram"])) for f in record["ramar"]}
    # the same numbers again: nothing changes; other numbers: refused
    before = (folder / "fastställelse_2027.json").read_bytes()
    assert main(["fastställ", str(workbook), "--version", "November", "--mapp", str(folder)]) == 0
    assert "med samma ramar. Inget ändrades." in capsys.readouterr().out
    assert main(["fastställ", str(workbook), "--version", "Oktober", "--mapp", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "versionen Oktober ger andra ramar, så den fastställs inte" in err
    assert "  TN: fastställd 316\u00a0185\u00a0847 kr (varav engångs 2\u00a0500\u00a0000 kr)" in err
    assert (folder / "fastställelse_2027.json").read_bytes() == before


# --- Internal services --------------------------------------------------------------------


def other_costs_rate(data, code: str, year: int) -> Decimal:
    """What the indexation raised a committee's costs other than personnel by: Σ andel × ökning of
    its cost structure (every Exempelstad committee has one)."""
    selected = versions.select(data, None)
    rates = {(r.cost_type.casefold(), r.year): r.rate for r in selected.cost_index}
    items = [item for item in selected.cost_structure if item.committee == code]
    assert items
    return sum((item.share * rates[(item.cost_type.casefold(), year)] for item in items), D(0))


def test_internal_services_by_compensation_rule(data, calculation):
    ks, gsn, van = (calculation.frame(code, 2027) for code in ("KS", "GSN", "VÄN"))
    # KS IT, Full: the rise beyond what the indexation gave is added; nothing is borne
    ks_lines = line(ks, "interna tjänster").details
    assert [(d.label, d.amount) for d in ks_lines] == [
        ("IT: höjning utöver prisökningen",
         round_krona(D(21_000_000) * (D("0.050") - other_costs_rate(data, "KS", 2027))))]
    # GSN IT, Index: the uncompensated rise is its own line and takes the addition back
    gsn_lines = {d.label: d.amount for d in line(gsn, "interna tjänster").details}
    beyond = round_krona(D(38_000_000) * (D("0.050") - other_costs_rate(data, "GSN", 2027)))
    assert gsn_lines["IT: höjning utöver prisökningen"] == beyond > 0
    assert gsn_lines["IT: okompenserad höjning (bärs av nämnden)"] == -beyond
    # VÄN Måltider, Ingen: the whole rise is borne, so the frame loses what the indexation gave
    van_lines = {d.label: d.amount for d in line(van, "interna tjänster").details}
    assert van_lines["Måltider: okompenserad höjning (bärs av nämnden)"] == -round_krona(D(58_000_000) * D("0.045"))
    given = D(58_000_000) * other_costs_rate(data, "VÄN", 2027)
    assert abs(van_lines["Måltider: höjning utöver prisökningen"]
               + van_lines["Måltider: okompenserad höjning (bärs av nämnden)"] + given) <= 1  # two roundings


def test_an_internal_cost_rises_by_its_own_price_year_by_year(data, calculation):
    cost_2027 = D(21_000_000) * D("1.050")
    expected = round_krona(cost_2027 * (D("0.045") - other_costs_rate(data, "KS", 2028)))  # IT 2028: 4,5 %
    assert line(calculation.frame("KS", 2028), "interna tjänster").amount == expected


# --- Ex-post correction ---------------------------------------------------------------------


def test_ex_post_correction_is_outcome_minus_forecast_times_price(data, calculation):
    def persons(kind, made, low, high):
        return sum(r.count for r in data.population if r.year == 2025 and r.kind is kind
                   and r.forecast_year == made and low <= r.age <= high)

    gsn = calculation.frame("GSN", 2027)
    details = {d.label: d for d in line(gsn, "efterhandsjustering").details}
    lookups = calculation.lookups
    committee = data.committee("GSN")
    for group in lookups.groups_of(committee):
        outcome = persons(PopulationKind.OUTCOME, None, group.age_from, group.age_to) * group.weight
        forecast = persons(PopulationKind.FORECAST, 2024, group.age_from, group.age_to) * group.weight
        assert outcome < forecast  # the 2024 forecast expected more pupils
        price = lookups.price(committee, group, 2025)
        assert details[f"Efterhandsjustering {group.name} 2025"].amount == round_krona(
            (outcome - forecast) * price * group.compensation)
    correction = gsn.component("efterhandsjustering")
    assert correction < 0 and gsn.one_off == D(8_000_000) + correction + gsn.component("resultat")
    assert "efterhandsjustering" not in calculation.frame("GSN", 2028).components()


def test_no_correction_without_the_earlier_forecast(data):
    without = dataclasses.replace(data, population=tuple(r for r in data.population if r.forecast_year is None))
    checked = pipeline.check_data(without)
    assert [p.message for p in checked.problems] == [
        f'ingen efterhandsjustering av "{name}" för GSN i 2027: den behöver utfallet för 2025 och en prognos för'
        f" 2025 gjord senast 2024 (Befolkning: Typ Prognos, Prognosår 2024)" for name in ("Förskoleklass",
                                                                                           "Grundskola")]
    assert "efterhandsjustering" not in Calculation(without).frame("GSN", 2027).components()


# --- Surplus and deficit ---------------------------------------------------------------------


def test_a_deficit_is_recovered_over_three_years(calculation):
    returned = {year: calculation.frame("GSN", year).component("resultat") for year in range(2027, 2031)}
    assert returned == {2027: -2_000_000, 2028: -2_000_000, 2029: -2_000_000, 2030: 0}
    assert [d.label for d in line(calculation.frame("GSN", 2028), "resultat").details] == [
        "Underskott 2025 återförs, del 2 av 3"]
    # one-off: the base of the next year is the frame without it
    assert calculation.frame("GSN", 2029).component("bas") == (calculation.frame("GSN", 2028).total
                                                               - calculation.frame("GSN", 2028).one_off)


def test_parts_add_up_exactly_when_the_result_does_not_divide(data):
    committees = tuple(dataclasses.replace(c, result_rule=ResultRule.RETURN, return_years=3)
                       if c.code == "KFN" else c for c in data.committees)
    outcomes = tuple(dataclasses.replace(o, net_cost=o.net_cost + D(7_000_001)) if o.committee == "KFN" else o
                     for o in data.outcomes)
    found = Calculation(dataclasses.replace(data, committees=committees, outcomes=outcomes))
    parts = [found.frame("KFN", year).component("resultat") for year in (2027, 2028, 2029)]
    assert sum(parts) == D(-1) and sorted(parts) == [D(-1), D(0), D(0)]


def test_kept_results_accumulate_up_to_the_cap(data, calculation):
    committee = data.committee("KFN")
    rows = account(committee, calculation.lookups)
    assert rows[0].result == D(7_000_000)
    assert (rows[0].accumulated, rows[0].written_off) == (D(5_000_000), D(2_000_000))
    assert all(r.accumulated == D(5_000_000) for r in rows)
    assert "resultat" not in calculation.frame("KFN", 2027).components()
    van = account(data.committee("VÄN"), calculation.lookups)
    assert [(r.year, r.returned, r.accumulated) for r in van[:3]] == [
        (2025, 0, D(4_500_000)), (2026, 0, D(4_500_000)), (2027, D(4_500_000), 0)]


def test_a_scenario_may_branch_from_another_scenario(data):
    deeper = dataclasses.replace(data, scenarios=data.scenarios + (Scenario("Ännu högre", "Högre löner"),))
    assert versions.chain(deeper, "ännu högre")[-2:] == ("Högre löner", "Ännu högre")


def test_kontrollera_checks_every_version(workbook, tmp_path, capsys):
    book = openpyxl.load_workbook(workbook)
    book["Beslut"]["C2"] = 12_000_000.5  # the June row that the version Oktober replaces
    path = tmp_path / "plan.xlsx"
    book.save(path)
    assert main(["kontrollera", str(path)]) == 0  # a warning only
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "Beslut!C2" in line]
    assert lines == [f"{path}:Beslut!C2: beloppet 12\u00a0000\u00a0000,50 kr har öre; ramkalk räknar med hela kronor:"
                     f" 12\u00a0000\u00a0001 kr (i versionen Juni) (varning)"]
    assert main(["kontrollera", str(path), "--version", "November"]) == 0
    assert "Beslut!C2" not in capsys.readouterr().out


def test_two_decisions_with_the_same_text_in_one_version_both_count(data):
    twice = Decision("KS", 2027, D(1_000), DecisionType.INVESTMENT, Duration.ONE_OFF, description="Lokalhyra")
    later = dataclasses.replace(twice, amount=D(5_000), version="Oktober")
    found = versions.select(dataclasses.replace(data, decisions=(twice, twice, later)), "Juni")
    assert [d.amount for d in found.decisions] == [D(1_000), D(1_000)]
    found = versions.select(dataclasses.replace(data, decisions=(twice, twice, later)), "November")
    assert [d.amount for d in found.decisions] == [D(5_000)]  # Oktober's row replaces both
