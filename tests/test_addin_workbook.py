"""The example planning workbook's own formulas, computed by a formula engine with the
add-in's functions registered: the model cell (named Modell) over every table, and the
sheet Beräkning with =RAM for every committee and year.

The engine is the `formulas` package (PyPI). Each function is registered with xlwings'
own decorator metadata (`addin_support`), and its arguments are converted as xlwings
converts them (ndim=2 for the tables, scalars for one cell, None for an empty cell, floats
for numbers). So the workbook's formulas, its defined name and the argument order are
tested end to end; only Excel itself and xlwings' transport are not.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

formulas = pytest.importorskip("formulas")

from addin_support import (  # noqa: E402,E501
    as_formulas_function,
    berakna_json,
    example_workbook,
    load_decorated,
    udfs,
    with_resolved_tables,
)

from ramkalk.addin.models import MODELS, PREFIX  # noqa: E402
from ramkalk.schema.inputs import FrameModel  # noqa: E402
from ramkalk.workbook import pipeline  # noqa: E402
from ramkalk.workbook.writer import CALCULATION_SHEET, FRAMES_HEADER_ROW, MODEL_NAME  # noqa: E402


def beräkna(path: Path) -> dict[tuple[str, int], float]:
    return {key: float(found["ram"]) for key, found in berakna_json(path).items()}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return example_workbook(tmp_path_factory.mktemp("formler"))


def load_engine(workbook: Path, folder: Path):
    """`workbook` loaded by `formulas` (its tables' structured references resolved to their cells,
    `with_resolved_tables`, under the same file name), with the add-in's functions registered."""
    resolved = with_resolved_tables(workbook, folder / workbook.name)
    return formulas.ExcelModel().loads(str(resolved)).finish()


@pytest.fixture(scope="module")
def functions_registered():
    patch = pytest.MonkeyPatch()
    functions = udfs(load_decorated("functions", patch))
    for name, function in functions.items():
        patch.setitem(formulas.get_functions(), name, as_formulas_function(function))
    yield
    patch.undo()


@pytest.fixture(scope="module")
def engine(workbook, functions_registered, tmp_path_factory):
    """The workbook loaded by `formulas`, with the add-in's functions registered."""
    return load_engine(workbook, tmp_path_factory.mktemp("losta"))


def cell(workbook: Path, sheet: str, address: str) -> str:
    return f"'[{workbook.name}]{sheet.upper()}'!{address}"


def ram_cells(workbook: Path) -> dict[str, tuple[str, int]]:
    """The address of every =RAM cell of Beräkning -> (committee, year) in its row and column."""
    ws = openpyxl.load_workbook(workbook)[CALCULATION_SHEET]
    years = {c.column_letter: c.value for c in ws[FRAMES_HEADER_ROW] if isinstance(c.value, int)}
    found = {}
    for row in ws.iter_rows(min_row=FRAMES_HEADER_ROW + 1):
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("=RAM("):
                found[c.coordinate] = (row[0].value, years[c.column_letter])
    return found


def computed(solution, workbook: Path, address: str) -> object:
    return solution[cell(workbook, CALCULATION_SHEET, address)].value[0, 0]


def test_the_model_cell_takes_every_table_whole_so_that_it_grows(workbook):
    book = openpyxl.load_workbook(workbook)
    formula = book[CALCULATION_SHEET]["B1"].value
    tables = [name for ws in book.worksheets for name in ws.tables]
    assert len(tables) == len(book.worksheets) - 1
    assert formula == f"=RAMMODELL({','.join(f'{name}[#All]' for name in tables)})"


def test_a_committee_added_to_the_tables_is_in_the_model(workbook, functions_registered, tmp_path):
    """Rows typed under an Excel table become part of it (the table's ref grows, as Excel does);
    a new committee with GSN's rows in every table gets a frame of its own."""
    book = openpyxl.load_workbook(workbook)
    for ws in book.worksheets:
        for table in ws.tables.values():
            header = [c.value for c in ws[1]]
            if "Nämnd" not in header and ws.title != "Nämnder":
                continue
            column = header.index("Kod" if ws.title == "Nämnder" else "Nämnd")
            copies = [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[column].value == "GSN"]
            for values in copies:
                values[column] = "NY"
                ws.append(values)
            first, last = table.ref.split(":")
            table.ref = f"{first}:{''.join(ch for ch in last if ch.isalpha())}{ws.max_row}"
    ws = book[CALCULATION_SHEET]
    ws["A40"], ws["C40"] = "NY", f"=RAM({MODEL_NAME},$A40,C${FRAMES_HEADER_ROW},$B$2,$B$3)"
    changed = tmp_path / "med_ny" / workbook.name
    changed.parent.mkdir()
    book.save(changed)
    MODELS.clear()
    solution = load_engine(changed, tmp_path / "losta").calculate()
    year = openpyxl.load_workbook(changed)[CALCULATION_SHEET]["C5"].value
    expected = berakna_json(changed)
    assert ("NY", year) in expected
    assert computed(solution, changed, "C40") == float(expected[("NY", year)]["ram"])


def test_the_cli_reader_ignores_the_sheet_of_formulas(workbook):
    checked = pipeline.check_file(workbook)
    assert checked.ok and not checked.problems
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[-1] == CALCULATION_SHEET
    assert book.defined_names[MODEL_NAME].attr_text == f"'{CALCULATION_SHEET}'!$B$1"


def test_every_ram_cell_computed_by_the_engine_equals_ramkalk_berakna(engine, workbook):
    MODELS.clear()
    solution = engine.calculate()
    model = computed(solution, workbook, "B1")
    assert model.startswith(PREFIX) and "Exempelstad 2027" in model
    cells, expected = ram_cells(workbook), beräkna(workbook)
    assert len(cells) == len(expected) and set(cells.values()) == set(expected)
    for address, key in cells.items():
        assert computed(solution, workbook, address) == expected[key], (address, key)
    first, last = min(int(a[1:]) for a in cells), max(int(a[1:]) for a in cells)
    assert computed(solution, workbook, f"C{last + 1}") == sum(
        expected[key] for address, key in cells.items() if address.startswith("C")), f"C{first}:C{last}"


def test_changing_one_input_cell_changes_the_model_and_the_frames(engine, workbook, tmp_path):
    MODELS.clear()
    before = engine.calculate()
    address = "B2"  # Index: the first year's wage increase
    changed_book = openpyxl.load_workbook(workbook)
    wage = changed_book["Index"][address].value
    changed_book["Index"][address] = wage + 0.01
    changed_path = tmp_path / workbook.name
    changed_book.save(changed_path)
    after = engine.calculate(inputs={cell(workbook, "Index", address): wage + 0.01})
    assert computed(after, workbook, "B1") != computed(before, workbook, "B1")
    expected = beräkna(changed_path)
    differs = 0
    for target, key in ram_cells(workbook).items():
        assert computed(after, workbook, target) == expected[key], (target, key)
        differs += computed(after, workbook, target) != computed(before, workbook, target)
    assert differs, "en högre löneökning ska ändra ramarna"


def test_a_model_cell_from_an_earlier_session_gives_the_message_until_recalculated(engine, workbook):
    MODELS.clear()
    old = computed(engine.calculate(), workbook, "B1")
    MODELS.clear()  # Excel reopened: the model cell shows its saved text, Python's memory is empty
    stale = engine.calculate(inputs={cell(workbook, CALCULATION_SHEET, "B1"): old})
    for address in ram_cells(workbook):
        text = computed(stale, workbook, address)
        assert isinstance(text, str) and "tryck Ctrl+Alt+F9" in text
    fresh = engine.calculate()  # Ctrl+Alt+F9: the model cell first, then everything that depends on it
    assert computed(fresh, workbook, "B1") == old
    assert all(isinstance(computed(fresh, workbook, a), float) for a in ram_cells(workbook))


def test_the_version_and_model_type_cells_are_used(engine, workbook):
    MODELS.clear()
    juni = engine.calculate(inputs={cell(workbook, CALCULATION_SHEET, "B2"): "Juni",
                                    cell(workbook, CALCULATION_SHEET, "B3"): "Prislapp"})
    calculation = pipeline.calculate_all(pipeline.check_file(workbook, "Juni"))
    for address, (code, year) in ram_cells(workbook).items():
        assert computed(juni, workbook, address) == float(calculation.frame(code, year, FrameModel.PRICE_TAG).total)
