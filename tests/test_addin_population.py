"""The macro and Lite script `ramkalk_befolkning`: SCB's table pasted onto the sheet Befolkningsimport
of the open workbook becomes the sheet Befolkning, run against the fake open workbook of
test_addin_macros (built from Exempelstad's planning workbook)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import population_files as files
import pytest
from addin_support import example_workbook
from test_addin_macros import FakeBook, FakeSheet

from ramkalk.addin import lite, macros
from ramkalk.addin.models import MODELS
from ramkalk.addin.population import IMPORT_SHEET
from ramkalk.workbook import pipeline


@pytest.fixture
def workbook(tmp_path) -> Path:
    MODELS.clear()
    return example_workbook(tmp_path)


def pasted() -> list[list[object]]:
    """SCB's wide CSV as Excel shows it once opened: the title, a blank row, the header, numbers as floats."""
    header = ["region", "ålder", "kön", *(str(y) for y in files.years())]
    width = len(header)
    return [["Folkmängden efter region, ålder, kön och år", *[None] * (width - 1)], [None] * width, header,
            *([v if isinstance(v, str) else float(v) for v in row] for row in files.wide_rows())]


def sheet(book: FakeBook, name: str) -> FakeSheet:
    return next(s for s in book.sheets if s.name == name)


def frames(calculation) -> dict[tuple[str, int], object]:
    return {(f.committee, f.year): f.total for f in calculation.frames}


@pytest.mark.parametrize("run", [macros.ramkalk_befolkning, lite.ramkalk_befolkning])
def test_the_pasted_table_becomes_befolkning_and_gives_the_same_frames(workbook, run):
    book = FakeBook(workbook)
    befolkning = sheet(book, "Befolkning")
    original = [list(r) for r in befolkning.grid]
    for row in befolkning.grid[1:]:
        if row[4] is None:  # the current table (an earlier forecast has a Prognosår): emptied, to be imported
            row[2] = None
    book.sheets.append(FakeSheet(IMPORT_SHEET, pasted()))
    run(book)
    (said,) = book.app.alerts
    assert said.startswith("Skrev 808 rader till bladet Befolkning från bladet Befolkningsimport: åren 2023–2030,"
                           " åldrarna 0–100 (100 betyder 100 år och äldre); Typ: 2023–2025 Utfall, 2026–2030 Prognos."
                           " 101 rader står kvar: 2025 (Prognosår 2024)."), said
    assert befolkning.grid == original
    MODELS.clear()
    expected = pipeline.calculate_all(pipeline.check_file(workbook))
    assert frames(macros._calculated(book)[0]) == frames(expected)


def test_without_the_import_sheet_the_macro_says_what_to_do(workbook):
    book = FakeBook(workbook)
    before = [list(r) for r in sheet(book, "Befolkning").grid]
    macros.ramkalk_befolkning(book)
    assert book.app.alerts == ["Klistra in befolkningstabellen (till exempel SCB:s fil öppnad i Excel) på ett blad som"
                               " heter Befolkningsimport och kör makrot igen. Bladet Befolkning ändrades inte."]
    assert sheet(book, "Befolkning").grid == before


def test_a_problem_names_the_cell_of_the_pasted_table_and_nothing_is_written(workbook):
    book = FakeBook(workbook)
    before = [list(r) for r in sheet(book, "Befolkning").grid]
    rows = pasted()
    rows[10][5] = "ca 12"  # 7 år, män, 2025
    rows[20][1] = "15-19 år"
    imported = FakeSheet(IMPORT_SHEET, rows)
    imported.corner = "B3"  # pasted from B3: the cells are named where they are
    book.sheets.append(imported)
    macros.ramkalk_befolkning(book)
    (said,) = book.app.alerts
    assert said.splitlines() == [
        'exempelstad.xlsx:Befolkningsimport!G13: 2025, 7 år, män: väntade ett antal invånare, fick "ca 12"',
        'exempelstad.xlsx:Befolkningsimport!C23: okänd åldersklass "15-19 år"; väntade ettårsklasser "0 år" …'
        ' "100+ år" och "totalt ålder": ladda ned tabellen i ettårsklasser',
        "Bladet Befolkning ändrades inte."]
    assert sheet(book, "Befolkning").grid == before


def test_a_workbook_without_befolkning_gets_the_sheet(workbook):
    book = FakeBook(workbook)
    book.sheets.remove(sheet(book, "Befolkning"))
    book.sheets.append(FakeSheet(IMPORT_SHEET, pasted()))
    macros.ramkalk_befolkning(book)
    assert "Typ: Prognos (bladet Befolkning hade inga utfallsår före dem)" in book.app.alerts[-1]
    grid = sheet(book, "Befolkning").grid
    assert grid[0] == ["År", "Ålder", "Antal", "Typ", "Prognosår"] and len(grid) == 809
    assert grid[1] == [2023, 0, float(files.counts()[(2023, 0)]), "Prognos", None]


def test_an_empty_import_sheet(workbook):
    book = FakeBook(workbook)
    book.sheets.append(FakeSheet(IMPORT_SHEET, []))
    macros.ramkalk_befolkning(book)
    assert book.app.alerts == ["exempelstad.xlsx:Befolkningsimport: bladet är tomt; klistra in befolkningstabellen med"
                               " rubrikraden\nBladet Befolkning ändrades inte."]


def test_the_table_copied_from_statistikdatabasens_page(workbook):
    """Copied from the page: no names over the label columns, each label once (`population_files.pivot_rows`)."""
    book = FakeBook(workbook)
    befolkning = sheet(book, "Befolkning")
    original = [list(r) for r in befolkning.grid]
    rows = [[v if isinstance(v, str) or v is None else float(v) for v in row] for row in files.pivot_rows()]
    book.sheets.append(FakeSheet(IMPORT_SHEET, rows))
    macros.ramkalk_befolkning(book)
    assert book.app.alerts[-1].startswith("Skrev 808 rader till bladet Befolkning")
    assert befolkning.grid == original


def test_the_lite_path_loads_no_file_library():
    """In xlwings Lite (Pyodide) there is no python-calamine: the pasted table's path reads no file."""
    code = ("import sys\n"
            "from ramkalk.addin.population import population_sheet\n"
            "from ramkalk.workbook.ranges import Origin\n"
            "written = population_sheet([['ålder', '2024'], ['0 år', 1.0], ['1+ år', 2.0]],"
            " Origin('Befolkningsimport', 1, 1), [], 'bok.xlsx')\n"
            "assert written.rows is not None, written.message\n"
            "print(','.join(m for m in ('python_calamine', 'openpyxl', 'pyaxis', 'requests', 'matplotlib')"
            " if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
