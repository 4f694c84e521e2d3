"""The workbook schema (`ramkalk.schema.tables`) is the one declaration of every input cell.

A table's columns fill exactly its record's fields; every setting fills a field of
`Settings`; every kind of cell has one conversion; a column's default is a value its own
conversion accepts. So adding a column is its declaration and the field it fills: the
reader, the add-in's ranges, the example writer and the docs test all follow from it.
"""

from __future__ import annotations

import dataclasses

import pytest

from ramkalk.schema.cells import _CONVERTERS, convert
from ramkalk.schema.inputs import PlanningData, Settings
from ramkalk.schema.tables import SETTINGS, TABLES, Kind

NOT_READ = {"origin"}  # where a record was read: set by the reader, not a column


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.sheet)
def test_a_tables_columns_fill_exactly_its_records_fields(table):
    fields = {f.name for f in dataclasses.fields(table.record)} - NOT_READ
    assert {c.field for c in table.columns} == fields
    assert len({c.header.casefold() for c in table.columns}) == len(table.columns)
    assert table.field in {f.name for f in dataclasses.fields(PlanningData)}
    assert set(table.key) <= fields


def test_every_setting_fills_a_field_of_settings():
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert {c.field for c in SETTINGS} <= fields
    assert len({c.header.casefold() for c in SETTINGS}) == len(SETTINGS)


def test_every_kind_has_one_conversion():
    assert set(_CONVERTERS) == set(Kind)


@pytest.mark.parametrize("column", [c for t in TABLES for c in t.columns if c.default is not None] +
                         [c for c in SETTINGS if c.default is not None], ids=lambda c: c.header)
def test_a_default_is_a_value_its_column_accepts(column):
    converted = convert(column.default, column)
    if column.enum is not None:
        column.enum(converted)
