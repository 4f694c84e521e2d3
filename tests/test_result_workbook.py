"""The result workbook of `ramkalk beräkna --ut`, recalculated in LibreOffice and compared with the core."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from ramkalk import pipeline
from ramkalk.example import exempelstad
from ramkalk.result_workbook import write_result_workbook
from spreadsheet_engine import computed_values


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> tuple[dict, tuple, object]:
    folder = tmp_path_factory.mktemp("resultat")
    data = exempelstad()
    name = dataclasses.replace(data.committees[0], name="=HYPERLINK(\"http://x\";\"klicka\")")
    data = dataclasses.replace(data, committees=(name, *data.committees[1:]))
    checked = pipeline.check_data(data)
    frames = pipeline.calculate(checked)
    path = folder / "resultat.xlsx"
    write_result_workbook(data, frames, path)
    return computed_values(path, folder / "beräknad"), frames, data


def test_every_new_frame_in_the_explanation_sheet_equals_the_core(computed):
    values, frames, data = computed
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
    values, frames, data = computed
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
    frames = pipeline.calculate(pipeline.check_data(data))
    path = tmp_path / "r.xlsx"
    write_result_workbook(data, frames, path)
    rows = list(openpyxl.load_workbook(path)["Förklaringsrader"].iter_rows(values_only=True))
    assert rows[0] == ("Nämnd", "År", "Komponent", "Nivå", "Post", "Belopp (kr)", "Regel", "Indata")
    indexation = next(r for r in rows[1:] if r[0] == "GSN" and r[1] == 2027 and r[2] == "uppräkning")
    assert "personalkostnadsandel × löneökning" in indexation[6]
    assert "löneökning 2027 = " in indexation[7]
    for frame in frames:
        mine = [r for r in rows[1:] if (r[0], r[1]) == (frame.committee, frame.year)]
        assert sum(r[5] for r in mine if r[3] == "Komponent") == frame.total
        for component in {r[2] for r in mine}:
            details = [r[5] for r in mine if r[2] == component and r[3] == "Delpost"]
            if details:
                whole = next(r[5] for r in mine if r[2] == component and r[3] == "Komponent")
                assert sum(details) == whole
