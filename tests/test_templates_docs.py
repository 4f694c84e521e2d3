"""docs/planeringsunderlag.md stays true to the template layout and to `ramkalk underlag`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ramkalk.cli import build_parser
from ramkalk.templates.layout import FRAME_SUMMARY, IDENTITY_BLOCK, INFO, layout

DOC = Path(__file__).resolve().parent.parent / "docs" / "planeringsunderlag.md"
LAYOUT = layout(4, True)


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("sheet", LAYOUT.sheets, ids=lambda s: s.name)
def test_every_sheet_and_column_is_described(sheet):
    assert f"`{sheet.name}`" in doc()
    text = " ".join(doc().lower().split())
    for part in (*sheet.blocks, *sheet.tables):
        for field in part.fields:
            label = re.sub(r"\s*\{år\}\s*|\s*\(tkr\)", "", field.label).strip().lower()
            if label:
                assert label in text, f"{sheet.name}: {field.label}"


def test_the_layout_table_gives_the_real_addresses():
    text = doc()
    last = FRAME_SUMMARY.address("frame", LAYOUT.year_count - 1)
    assert f"{FRAME_SUMMARY.address('frame')}–{last}" in text
    for block in (INFO, IDENTITY_BLOCK):
        assert f"{block.address(block.fields[0].key)}–{block.address(block.fields[-1].key)}" in text
    for sheet in LAYOUT.sheets:
        for table in sheet.tables:
            if table.end.rows is None:
                assert f"rad {table.header_row} och nedåt" in text, (sheet.name, table.key)


def test_every_option_of_the_command_is_documented():
    commands = next(a for a in build_parser()._actions if a.dest == "kommando")
    underlag = commands.choices["underlag"]
    for action in underlag._actions:
        for option in action.option_strings:
            if option.startswith("--") and option not in ("--hjälp", "--help"):
                assert f"`{option}" in doc(), option
