"""The result workbook of `ramkalk beräkna --ut`, recalculated in LibreOffice and compared with the core."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from spreadsheet_engine import computed_values

from ramkalk.example.municipality import exempelstad
from ramkalk.report.result_workbook import result_book, write_result_workbook
from ramkalk.rules.surplus import account
from ramkalk.workbook import pipeline


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> tuple[dict, tuple, object]:
    folder = tmp_path_factory.mktemp("resultat")
    data = exempelstad()
    name = dataclasses.replace(data.committees[0], name="=HYPERLINK(\"http://x\";\"klicka\")")
    data = dataclasses.replace(data, committees=(name, *data.committees[1:]))
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    path = folder / "resultat.xlsx"
    write_result_workbook(calculation, path)
    return computed_values(path, folder / "beräknad"), calculation, data


def test_every_new_frame_in_the_explanation_sheet_equals_the_core(computed):
    values, calculation, data = computed
    frames = calculation.frames
    sheet = values["Förklaring"]
    by_row = {}
    for cell, value in sheet.items():
        column, row = cell.rstrip("0123456789"), int(cell[len(cell.rstrip("0123456789")):])
        by_row.setdefault(row, {})[column] = value
    new_frames = [row for row, cells in sorted(by_row.items()) if cells.get("A") == "Ny ram"]
    assert len(new_frames) == len(data.committees)
    expected = {(f.committee, f.year): f.total for f in frames}
    for committee, row in zip(data.committees, new_frames):
        for offset, year in enumerate(data.settings.years):
            shown = by_row[row]["CDEF"[offset]]
            assert shown == expected[(committee.code, year)], (committee.code, year)


def test_frames_sheet_totals_are_computed_by_the_engine(computed):
    values, calculation, data = computed
    frames = calculation.frames
    sheet = values["Ramar"]
    total_row = 4 + len(data.committees)
    for offset, year in enumerate(data.settings.years):
        column = "CDEF"[offset]
        assert sheet[f"B{total_row}"] == "Summa"
        assert sheet[f"{column}{total_row}"] == sum(f.total for f in frames if f.year == year)


def test_text_that_looks_like_a_formula_stays_text(computed):
    values, _, _ = computed
    assert values["Ramar"]["B4"] == '=HYPERLINK("http://x";"klicka")'


def test_explanation_rows_carry_rule_and_cell_references(tmp_path):
    data = exempelstad()
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    frames = calculation.frames
    path = tmp_path / "r.xlsx"
    write_result_workbook(calculation, path)
    rows = list(openpyxl.load_workbook(path)["Förklaringsrader"].iter_rows(values_only=True))
    assert rows[0] == ("Nämnd", "År", "Komponent", "Nivå", "Post", "Belopp (kr)", "Regel", "Indata")
    indexation = next(r for r in rows[1:] if r[0] == "GSN" and r[1] == 2027 and r[2] == "uppräkning")
    assert indexation[6] == "Σ kostnadsslag: bas × andel × ökning"
    assert "löneökning 2027 = " in indexation[7]
    carry_over = next(r for r in rows[1:] if r[0] == "GSN" and r[1] == 2027 and r[4].startswith("Uppräkning: Överhäng"))
    assert "löneökning 2026 = 3,5 % (SKR cirkulär 26:12, PKV april 2026" in carry_over[7]
    for frame in frames:
        mine = [r for r in rows[1:] if (r[0], r[1]) == (frame.committee, frame.year)]
        assert sum(r[5] for r in mine if r[3] == "Komponent") == frame.total
        for component in {r[2] for r in mine}:
            details = [r[5] for r in mine if r[2] == component and r[3] == "Delpost"]
            if details:
                whole = next(r[5] for r in mine if r[2] == component and r[3] == "Komponent")
                assert sum(details) == whole


def test_models_sheet_gives_both_models_and_the_difference(computed):
    values, calculation, data = computed
    sheet = values["Modeller"]
    for row, (traditional, price_tag) in enumerate(zip(calculation.traditional, calculation.price_tag), start=2):
        assert (sheet[f"A{row}"], sheet[f"D{row}"]) == (traditional.committee, traditional.year)
        assert sheet[f"G{row}"] == traditional.total - price_tag.total


def test_price_tag_table_reproduces_every_group_amount_to_the_krona(computed, tmp_path):
    values, calculation, data = computed
    sheet = values["Prislappar"]
    from ramkalk.rules.price_tag import tag_amount

    committees = {c.code: c for c in data.committees}
    subtotals = [(row, cells) for row, cells in _rows(sheet).items() if str(cells.get("B", "")).startswith("Summa ")]
    assert len(subtotals) == len(data.volume_groups) * len(data.settings.years)
    for row, cells in subtotals:
        group = next(g for g in data.volume_groups
                     if g.committee == cells["A"] and cells["B"] == f"Summa {g.name}")
        expected = tag_amount(committees[group.committee], group, cells["C"], calculation.lookups)
        assert cells["J"] == expected, (group.name, cells["C"])


def test_balance_sheet_frames_equal_the_room_after_balancing(computed):
    values, calculation, data = computed
    rows = _rows(values["Balans"])
    by_label = {cells["A"]: cells for cells in rows.values() if "A" in cells}
    for index, balance in enumerate(calculation.balances):
        column = "BCDE"[index]
        assert by_label["Utrymme för nämndernas ramar"][column] == balance.room.total
        assert by_label["Σ ramar"][column] == balance.frames
        assert by_label["Differens: Σ ramar − utrymme"][column] == balance.gap
    balanced = [b.gap for b in calculation.balances if b.balancing]
    assert balanced and set(balanced) == {0}


def test_revenue_tags_sheet(computed):
    values, calculation, data = computed
    rows = [cells for row, cells in sorted(_rows(values["Intäktslappar"]).items()) if row > 1]
    assert len(rows) == len(data.revenue_tags)
    for cells in rows:
        assert cells["G"] == round(cells["E"] * cells["F"])
        assert cells["I"] == cells["G"] - cells["H"]


def _rows(sheet: dict) -> dict[int, dict[str, object]]:
    rows: dict[int, dict[str, object]] = {}
    for cell, value in sheet.items():
        column = cell.rstrip("0123456789")
        rows.setdefault(int(cell[len(column):]), {})[column] = value
    return rows


def test_results_sheet_follows_the_accumulated_result(computed):
    values, calculation, data = computed
    rows = [cells for row, cells in sorted(_rows(values["Resultat"]).items()) if row > 1]
    expected = [(c.code, y) for c in data.committees for y in account(c, calculation.lookups)]
    assert len(rows) == len(expected) > 0
    for cells, (code, year) in zip(rows, expected):
        assert (cells["A"], cells["D"]) == (code, year.year)
        assert cells["H"] == year.accumulated, (code, year.year)  # the engine's chained formula
    gsn = [cells for cells in rows if cells["A"] == "GSN"]
    assert [cells["F"] for cells in gsn] == [0, 0, -2_000_000, -2_000_000, -2_000_000, 0]


def test_the_file_holds_the_cells_the_add_in_writes(tmp_path):
    """XlsxWriter's file and the add-in's sheets come from one `result_book`: every cell of the file (value or
    formula, number format, bold) is the book's, and Känslighet is in both only when asked for."""
    calculation = pipeline.calculate_all(pipeline.check_data(exempelstad()))
    for with_sensitivity in (False, True):
        path = tmp_path / f"r{with_sensitivity}.xlsx"
        write_result_workbook(calculation, path, with_sensitivity=with_sensitivity)
        book = result_book(calculation, (), with_sensitivity)
        loaded = openpyxl.load_workbook(path)
        assert loaded.sheetnames == book.sheet_names and ("Känslighet" in book.sheet_names) is with_sensitivity
        for sheet in book.sheets:
            ws = loaded[sheet.name]
            assert ws.max_row == len(sheet.rows), sheet.name
            for row, cells in enumerate(sheet.grid(), start=1):
                for column, cell in enumerate(cells, start=1):
                    found = ws.cell(row, column)
                    value = cell.value if cell is not None and cell.value != "" else None
                    if isinstance(value, float):  # (a cell keeps 16 significant digits, as openpyxl wrote them too)
                        value = float(f"{value:.16g}")
                    look = cell.look if cell is not None else None
                    assert (found.value, found.number_format, bool(found.font.b)) == (
                        value, (look.number_format if look else None) or "General", bool(look and look.bold)), (
                        sheet.name, found.coordinate)
