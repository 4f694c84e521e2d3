"""Reading the planning tables from ranges (`ramkalk.workbook.ranges`): every table of the format is
recognised by its headers, and a range reads to the same records as the sheet it came from; a
cell is named as the user's sheet names it where the range's place is known, else by table, row
and column in words."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from addin_support import example_workbook, sheet_grid, table_ranges

from ramkalk.core.problems import Source
from ramkalk.schema.tables import SETTINGS_KEY_HEADER, SETTINGS_SHEET, SETTINGS_VALUE_HEADER, TABLES
from ramkalk.workbook.ranges import FILE, Origin, Placed, Places, named_ranges, read_ranges, recognise
from ramkalk.workbook.reader import read_workbook


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.sheet)
def test_every_table_is_recognised_by_its_headers(table):
    assert recognise([[c.header for c in table.columns]]) == (table.sheet, [])
    assert recognise([["Anteckning", *(c.header.upper() for c in table.columns if c.required)]])[0] == table.sheet


def test_the_settings_are_recognised_and_other_headers_are_not():
    assert recognise([[f" {SETTINGS_VALUE_HEADER} ", SETTINGS_KEY_HEADER]]) == (SETTINGS_SHEET, [])
    assert recognise([["Vad", "Är", "Detta"]]) == (None, [])
    assert recognise([]) == (None, [])


def without_origin(record: object) -> object:
    return dataclasses.replace(record, origin=None)


def placed_ranges(path, top: int = 1, left: int = 1, sheet: str | None = None) -> list[Placed]:
    """The tables of a planning workbook as ranges with their place: each on its own sheet from A1
    (as in the file), or all with their top-left cell at (top, left) of `sheet`."""
    book = openpyxl.load_workbook(path)
    return [Placed(sheet_grid(ws), Origin(sheet or ws.title, top, left)) for ws in book.worksheets
            if ws.title != "Beräkning"]


@pytest.mark.parametrize("placed", [False, True], ids=["values", "placed"])
def test_ranges_read_to_the_same_records_as_the_workbook_file(tmp_path, placed):
    """Placed where the file has them, the records come from the same cells; values alone count
    their rows from the first row of data."""
    path = example_workbook(tmp_path)
    from_file = read_workbook(path)
    arguments = placed_ranges(path) if placed else table_ranges(path)
    from_ranges = read_ranges(named_ranges(arguments[::-1]))
    assert not from_file.problems and not from_ranges.problems
    assert from_ranges.data.settings == from_file.data.settings
    for table in TABLES:
        found, expected = getattr(from_ranges.data, table.field), getattr(from_file.data, table.field)
        assert [without_origin(r) for r in found] == [without_origin(r) for r in expected], table.sheet
        for record, original in zip(found, expected):
            assert record.origin.file == FILE
            assert (record.origin.sheet, record.origin.row + (not placed), dict(record.origin.columns)) == (
                original.origin.sheet, original.origin.row, dict(original.origin.columns))


def test_a_bad_cell_of_values_alone_is_named_by_table_row_and_column(tmp_path):
    ranges = table_ranges(example_workbook(tmp_path))
    index = next(rows for rows in ranges if recognise(rows)[0] == "Index")
    index[2][1] = 3.3  # "väntade ... som andel", the same message as in a file
    index[0][1] = " löneökning "  # the header as the user wrote it is the column's name
    reading = read_ranges(named_ranges(ranges))
    (problem,) = reading.problems
    assert (problem.source.sheet, problem.source.cell) == ("Index", "B2") and "väntade löneökning" in problem.message
    assert reading.places(problem.source) == "tabellen Index, rad 2 (2026), kolumnen löneökning"
    assert reading.incomplete_sheets == {"Index"}


def test_a_bad_cell_of_a_placed_range_is_the_users_own_cell(tmp_path):
    """Every table on the user's sheet Blad3 from B10 (one at a time): the sheet and cell are the user's."""
    ranges = placed_ranges(example_workbook(tmp_path), top=10, left=2, sheet="Blad3")
    index = next(r for r in ranges if recognise(r.rows)[0] == "Index")
    index.rows[2][1] = 3.3
    reading = read_ranges(named_ranges(ranges))
    (problem,) = reading.problems
    assert (problem.source.sheet, problem.source.cell) == ("Blad3", "C12")
    assert reading.places(problem.source) == "Blad3!C12"
    assert reading.incomplete_sheets == {"Index"}


@pytest.mark.parametrize("origin, expected", [
    (None, ('kolumnen "Löneökning" finns flera gånger i rubrikraden (kolumn 2 och kolumn 6)',
            "tabellen Index, rubrikraden, kolumn 2")),
    (Origin("Blad3", 10, 2), ('kolumnen "Löneökning" finns flera gånger i rubrikraden (C10 och G10)', "Blad3!C10")),
])
def test_a_header_cell_is_named_where_it_is(tmp_path, origin, expected):
    ranges = table_ranges(example_workbook(tmp_path))
    index = next(rows for rows in ranges if recognise(rows)[0] == "Index")
    index[0][5] = "Löneökning"  # instead of Källa
    arguments = [rows if rows is not index or origin is None else Placed(rows, origin) for rows in ranges]
    reading = read_ranges(named_ranges(arguments))
    (problem,) = [p for p in reading.problems if "flera gånger" in p.message]
    assert problem.message.startswith(expected[0]) and reading.places(problem.source) == expected[1]


def test_the_settings_and_a_range_not_recognised_are_named_where_they_are(tmp_path):
    ranges = table_ranges(example_workbook(tmp_path))
    ranges[0][2][1] = "tjugosju"  # Budgetår
    reading = read_ranges(named_ranges([*ranges, Placed([["Vad", "Är"]], Origin("Blad3", 4, 1))]))
    other, budget = reading.problems
    assert reading.places(budget.source) == "tabellen Inställningar, rad 2 (Budgetår), kolumnen Värde"
    assert reading.places(other.source) == f"område {len(ranges) + 1} (Blad3!A4)"
    assert other.message.startswith("känns inte igen som någon tabell: första raden har Vad, Är")


@pytest.mark.parametrize("address, expected", [
    ("$B$10:$J$21", (10, 2)), ("$A:$I", (1, 1)), ("$3:$9", (3, 1)), ("AB7", (7, 28)),
    ("$D$4:$E$5,$G$1:$H$2", (4, 4)), ("'Blad 3'!$C$2:$D$9", (2, 3)),
])
def test_the_origin_of_an_address(address, expected):
    assert Origin.of("Blad3", address) == Origin("Blad3", *expected)


def test_a_place_of_another_source_is_shown_as_it_is():
    places = Places({"Nämnder": [["Kod", "Namn"], ["GSN", "Grundskolenämnden"]]})
    assert places(Source(FILE, "Blad3", "D12")) == "Blad3!D12"
    assert places(Source(FILE, "område 3")) == "område 3"
    assert places(Source(FILE, "Nämnder")) == "tabellen Nämnder"
    assert places(Source(FILE, "Nämnder", "B1")) == "tabellen Nämnder, rad 1 (GSN), kolumnen Namn"
    assert places(Source(FILE, "Nämnder", "D1")) == "tabellen Nämnder, rad 1 (GSN), kolumn 4"
    assert places(None) == ""


def test_whole_columns_read_as_the_cells_in_use(tmp_path):
    """A whole column (Nämnder!A:Z) or a table with room to grow: trailing empty rows and columns
    (None, or blanks) are left out, so the model and its reference are those of the used cells."""
    from ramkalk.addin.models import content_hash
    from ramkalk.workbook.ranges import named_ranges

    ranges = table_ranges(example_workbook(tmp_path))
    padded = [[[*row, None, " "] for row in rows] + [[None] * (len(rows[0]) + 2)] * 50 for rows in ranges]
    assert content_hash(named_ranges(padded)) == content_hash(named_ranges(ranges))
    assert not read_ranges(named_ranges(padded)).problems
