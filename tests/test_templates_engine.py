"""Every Exempelstad template opened and recalculated in LibreOffice, compared with the core;
and one template filled in as a committee would (rows inserted, values typed) in LibreOffice.

Each template is converted once (module-scoped fixture, about a second each).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from spreadsheet_engine import computed_values
from spreadsheet_filling import InsertRow, Type, fill
from templates_support import exempelstad_calculation, exempelstad_layout, load, write_all

from ramkalk.core.display import round_total
from ramkalk.core.explanation import statement
from ramkalk.templates import identity
from ramkalk.templates.layout import (
    BUDGET,
    EXPLANATION,
    FRAME,
    INSTRUCTIONS,
    MEASURES,
    NEW_FRAME_LABEL,
    RATES,
    REQUESTS,
    SUM_LABEL,
    UNITS,
    VOLUMES,
    WATERFALL,
)
from ramkalk.templates.parts import Layout
from ramkalk.templates.reading import last_row, table_rows, total_rows

CODES = [c.code for c in exempelstad_calculation().data.committees]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("underlag"))


@pytest.fixture(scope="module")
def recalculated(templates, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("beräknade")
    return {code: computed_values(path, folder) for code, path in templates.items()}


def shown_frames(code: str) -> tuple[list[int], list[int], int]:
    """The core's frames, carried (technical) frames and opening, in tkr."""
    calculation = exempelstad_calculation()
    frames = [calculation.frame(code, year) for year in calculation.data.settings.years]
    opening = round_total(statement(frames).opening.amount)
    return [round_total(f.total) for f in frames], [round_total(f.carried_forward) for f in frames], opening


def _frame_sheet(ws, found: Layout, code: str) -> dict[tuple[str, str], object]:
    frames, carried, opening = shown_frames(code)
    expected: dict[tuple[str, str], object] = {}
    first, last = WATERFALL.first_row, WATERFALL.header_row + WATERFALL.end.rows
    steps = [ws[f"C{row}"].value for row in range(first, last)]
    expected[(FRAME, f"C{last}")] = expected[(FRAME, f"E{last}")] = frames[0]
    expected[(FRAME, f"E{first}")] = steps[0]
    running = steps[0]
    for row, step in zip(range(first + 1, last), steps[1:]):
        expected.update({(FRAME, f"D{row}"): min(running, running + step), (FRAME, f"F{row}"): max(step, 0),
                         (FRAME, f"G{row}"): max(-step, 0)})
        running += step
    letters = [EXPLANATION.letter("amount", found.year_count, i) for i in range(found.year_count)]
    rows = {ws[f"A{row.row}"].value: row.row for row in table_rows(ws, EXPLANATION, found.year_count)}
    before = [opening, *carried[:-1]]
    for index, letter in enumerate(letters):
        if index:
            expected[(FRAME, f"{letter}{EXPLANATION.first_row}")] = carried[index - 1]
        expected[(FRAME, f"{letter}{rows['Summa ramförändringar']}")] = carried[index] - before[index]
        expected[(FRAME, f"{letter}{rows[NEW_FRAME_LABEL]}")] = frames[index]
        if "Teknisk ram" in rows:
            expected[(FRAME, f"{letter}{rows['Teknisk ram']}")] = carried[index]
    return expected


def expected_formulas(book, code: str) -> dict[tuple[str, str], object]:
    """What every formula of an untouched template must compute, from the core."""
    found = exempelstad_layout()
    frames, _, _ = shown_frames(code)
    expected = _frame_sheet(book[FRAME], found, code)
    frame_letter = RATES.letter("frame", found.year_count)
    expected.update({(INSTRUCTIONS, f"{frame_letter}{RATES.first_row + i}"): f for i, f in enumerate(frames)})
    budget = found.sheet(BUDGET).tables[0]
    ws = book[BUDGET]
    totals = total_rows(ws, budget)
    for index in range(found.year_count):
        net, costs, revenues = (budget.letter(key, found.year_count, index) for key in ("net", "costs", "revenues"))
        for row in table_rows(ws, budget, found.year_count):
            expected[(BUDGET, f"{net}{row.row}")] = 0
        expected.update({(BUDGET, f"{c}{totals[SUM_LABEL]}"): 0 for c in (net, costs, revenues)})
        expected[(BUDGET, f"{net}{totals['Preliminär ram']}")] = frames[index]
        expected[(BUDGET, f"{net}{totals['Differens mot ram']}")] = -frames[index]
    for sheet, key in ((REQUESTS, "amount"), (MEASURES, "effect")):
        table = found.sheet(sheet).tables[0]
        row = total_rows(book[sheet], table)[SUM_LABEL]
        expected.update({(sheet, f"{table.letter(key, found.year_count, i)}{row}"): 0
                         for i in range(found.year_count)})
    for sheet in (VOLUMES, UNITS):  # (an untouched template: no estimate, no budget per unit)
        table = found.sheet(sheet).tables[0]
        difference = table.letter("difference", found.year_count)
        for row in table_rows(book[sheet], table, found.year_count):
            expected[(sheet, f"{difference}{row.row}")] = ""
    return expected


def formula_cells(book) -> set[tuple[str, str]]:
    return {(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


@pytest.mark.parametrize("code", CODES)
def test_every_formula_computes_what_the_core_says(templates, recalculated, code):
    book = load(templates[code])
    expected = expected_formulas(book, code)
    assert formula_cells(book) == set(expected), "every formula has an expected value"
    values = recalculated[code]
    wrong = {where: (values[where[0]].get(where[1], ""), value) for where, value in expected.items()
             if values[where[0]].get(where[1], "") != value}
    assert not wrong, f"{code}: (LibreOffice, core) differ: {wrong}"


@pytest.mark.parametrize("code", CODES)
def test_prefilled_frames_are_the_core_frames(recalculated, code):
    frames, _, _ = shown_frames(code)
    ram = recalculated[code][FRAME]
    assert [ram[f"{c}5"] for c in "CDEF"] == frames
    assert ram["A5"] == "Preliminär ram"


def test_the_recalculated_file_keeps_identity_chart_and_checksum(templates, recalculated, tmp_path):
    from spreadsheet_engine import recalculate
    from workbook_dump import charts

    saved = recalculate(templates["FSN"], tmp_path)
    book = openpyxl.load_workbook(saved)
    assert book["Identitet"].sheet_state == "hidden"
    assert identity.checksum_matches(book), "the checksum survives a save by another spreadsheet program"
    assert len(charts(saved)) == 1


# --- A committee fills in its template ----------------------------------------------------

def _budget_actions(book, found: Layout, frames: list[int]) -> tuple[list, dict]:
    """Insert a row inside the budget table and type costs and revenues so that the budget
    year's net equals the frame and the first plan year's exceeds it by 100 tkr."""
    table = found.sheet(BUDGET).tables[0]
    first = table.first_row
    costs = [table.letter("costs", found.year_count, i) for i in range(2)]
    revenues = table.letter("revenues", found.year_count, 0)
    inserted = first + 2  # above the third activity
    actions = [InsertRow(BUDGET, f"{costs[0]}{inserted}"), Type(BUDGET, f"A{inserted}", "Ny verksamhet")]
    actions += [Type(BUDGET, f"{costs[0]}{first}", frames[0] - 5000 + 200), Type(BUDGET, f"{revenues}{first}", 200),
                Type(BUDGET, f"{costs[0]}{inserted}", 5000), Type(BUDGET, f"{costs[1]}{first + 1}", frames[1] + 100)]
    return actions, {"inserted": inserted}


def _request_actions() -> list:
    row = 5
    return [Type(REQUESTS, f"A{row}", "Fler lärare"), Type(REQUESTS, f"B{row}", "Mindre klasser i åk 1–3"),
            Type(REQUESTS, f"C{row}", 2500), Type(REQUESTS, f"D{row}", 5000), Type(REQUESTS, f"G{row}", "Satsning"),
            Type(REQUESTS, f"H{row}", "Permanent"), Type(REQUESTS, f"I{row}", "Barn och unga"),
            Type(REQUESTS, f"J{row}", "Läsresultaten sjunker"), Type(REQUESTS, f"K{row}", "Större klasser"),
            Type(REQUESTS, f"L{row}", 1), Type(REQUESTS, f"C{row + 1}", 1200.5),
            Type(MEASURES, "A5", "Samordnade inköp"), Type(MEASURES, "C5", 800), Type(MEASURES, "G5", "Ja"),
            Type(VOLUMES, "G6", 1250), Type(VOLUMES, "I6", "Inflyttning i nya bostadsområden")]


@pytest.fixture(scope="module")
def filled(templates, tmp_path_factory) -> tuple[Path, Path, list]:
    template = templates["GSN"]
    book = load(template)
    frames, _, _ = shown_frames("GSN")
    budget, _ = _budget_actions(book, exempelstad_layout(), frames)
    actions = budget + _request_actions()
    out = fill(template, tmp_path_factory.mktemp("ifyllt") / "GSN_ifyllt.xlsx", actions)
    return template, out, actions


def test_a_committee_types_only_into_unlocked_cells(filled):
    template, _, actions = filled
    book = load(template)
    for action in actions:  # (rows inserted inside a table copy the unlocked input row above)
        assert not book[action.sheet][action.cell].protection.locked, (action.sheet, action.cell)


def test_a_filled_in_budget_sums_the_inserted_row_and_shows_the_difference(filled):
    _, out, _ = filled
    found = exempelstad_layout()
    table = found.sheet(BUDGET).tables[0]
    frames, _, _ = shown_frames("GSN")
    with_formulas, values = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)[BUDGET]
    rows = table_rows(with_formulas[BUDGET], table, found.year_count)
    assert len(rows) == len(table_rows(load(filled[0])[BUDGET], table, found.year_count)) + 1
    assert values["A8"].value == "Ny verksamhet" and not with_formulas[BUDGET]["B8"].protection.locked
    totals = total_rows(with_formulas[BUDGET], table)
    assert values[f"B{totals[SUM_LABEL]}"].value == frames[0] - 5000 + 200 + 5000
    assert values[f"D{totals[SUM_LABEL]}"].value == frames[0]
    assert values[f"D{totals['Differens mot ram']}"].value == 0
    assert values[f"G{totals['Differens mot ram']}"].value == 100
    assert values[f"J{totals['Differens mot ram']}"].value == -frames[2]
    highlighted = {str(rules.sqref) for rules in with_formulas[BUDGET].conditional_formatting}
    assert any(f"D{totals['Differens mot ram']}" in sqref for sqref in highlighted)


def test_filled_in_requests_measures_and_volumes_are_summed(filled):
    _, out, _ = filled
    book = openpyxl.load_workbook(out, data_only=True)
    found, formulas = exempelstad_layout(), openpyxl.load_workbook(out)
    requests = total_rows(formulas[REQUESTS], found.sheet(REQUESTS).tables[0])[SUM_LABEL]
    assert [book[REQUESTS][f"{c}{requests}"].value for c in "CDEF"] == [3700.5, 5000, 0, 0]
    measures = total_rows(formulas[MEASURES], found.sheet(MEASURES).tables[0])[SUM_LABEL]
    assert [book[MEASURES][f"{c}{measures}"].value for c in "CDEF"] == [800, 0, 0, 0]
    forecast = book[VOLUMES]["E6"].value
    assert book[VOLUMES]["H6"].value == pytest.approx(1250 - forecast)
    rows = table_rows(formulas[REQUESTS], found.sheet(REQUESTS).tables[0], found.year_count)
    assert rows[0].value("kind") == "Satsning" and rows[0].value("focus_area") == "Barn och unga"


def test_a_filled_in_template_is_still_recognised(filled):
    _, out, _ = filled
    book = openpyxl.load_workbook(out)
    assert identity.read_identity(book)["committee_code"] == "GSN"
    assert identity.checksum_matches(book)
    assert last_row(book[BUDGET], exempelstad_layout().sheet(BUDGET).tables[0]) > 0
