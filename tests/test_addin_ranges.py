"""Reading the planning tables from ranges (`ramkalk.ranges`): every table of the format is
recognised by its headers, and a range reads to the same records as the sheet it came from."""

from __future__ import annotations

import dataclasses

import pytest

from addin_support import example_workbook, table_ranges
from ramkalk.reader import read_workbook
from ramkalk.ranges import FILE, Named, read_ranges, recognise
from ramkalk.workbook_format import SETTINGS_KEY_HEADER, SETTINGS_SHEET, SETTINGS_VALUE_HEADER, TABLES


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


def test_ranges_read_to_the_same_records_as_the_workbook_file(tmp_path):
    path = example_workbook(tmp_path)
    from_file = read_workbook(path)
    from_ranges = read_ranges([Named(None, rows) for rows in reversed(table_ranges(path))])
    assert not from_file.problems and not from_ranges.problems
    assert from_ranges.data.settings == from_file.data.settings
    for table in TABLES:
        found, expected = getattr(from_ranges.data, table.field), getattr(from_file.data, table.field)
        assert [without_origin(r) for r in found] == [without_origin(r) for r in expected], table.sheet
        for record, original in zip(found, expected):
            assert record.origin.file == FILE
            assert (record.origin.sheet, record.origin.row, dict(record.origin.columns)) == (
                original.origin.sheet, original.origin.row, dict(original.origin.columns))


def test_a_bad_cell_is_named_from_the_top_left_corner_of_its_range(tmp_path):
    ranges = table_ranges(example_workbook(tmp_path))
    index = next(rows for rows in ranges if recognise(rows)[0] == "Index")
    index[2][1] = 3.3  # "väntade ... som andel", the same message as in a file
    reading = read_ranges([Named(None, rows) for rows in ranges])
    (problem,) = reading.problems
    assert (problem.source.sheet, problem.source.cell) == ("Index", "B3") and "väntade löneökning" in problem.message
    assert reading.incomplete_sheets == {"Index"}


def test_whole_columns_read_as_the_cells_in_use(tmp_path):
    """A whole column (Nämnder!A:Z) or a table with room to grow: trailing empty rows and columns
    (None, or blanks) are left out, so the model and its reference are those of the used cells."""
    from addin.models import content_hash
    from ramkalk.ranges import named_ranges

    ranges = table_ranges(example_workbook(tmp_path))
    padded = [[[*row, None, " "] for row in rows] + [[None] * (len(rows[0]) + 2)] * 50 for rows in ranges]
    assert content_hash(named_ranges(padded)) == content_hash(named_ranges(ranges))
    assert not read_ranges(named_ranges(padded)).problems
