"""No silent numbers: any single cell of Exempelstad made unreadable is named, never defaulted.

A cell of a table (any sheet the reader reads, any declared column, any data row) is
replaced in the file's own sheet XML by an error value (#N/A, #DIV/0!, #REF!), a formula
without a saved value (as a program that does not calculate saves it), or, in a number
column, a number stored as text. `ramkalk kontrollera` must then report an error at exactly
that cell: never exit 0, never fall back to the column's default.

Hypothesis draws the cells from Exempelstad's workbook (thousands of cells, every version);
the tests of every column and of the command use Småby's (tests/small_workbook.py), where
every declared column of every sheet has a value.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_workbook import smaby

from ramkalk.cli import main
from ramkalk.core.problems import Severity
from ramkalk.example.municipality import exempelstad
from ramkalk.schema.cells import text_key
from ramkalk.schema.tables import SETTINGS_SHEET, SETTINGS_VALUE_HEADER, TABLES, Kind
from ramkalk.workbook import pipeline
from ramkalk.workbook.sheet_xml import sheet_parts
from ramkalk.workbook.writer import write_workbook

TEXT_KINDS = (Kind.TEXT, Kind.CHOICE, Kind.YES_NO)
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"(?:[^>]*/>|[^>]*>.*?</c>)', re.DOTALL)
_HEADER_TEXT = re.compile(rb"<t[^>]*>([^<]*)</t>")


@dataclass(frozen=True)
class Target:
    """A cell that the reader reads: its sheet, zip part, address, whether it holds a number, and
    its column's header (as `text_key` gives it)."""

    sheet: str
    part: str
    cell: str
    numeric: bool
    header: str


def workbook_parts(path: Path) -> tuple[dict[str, bytes], tuple[Target, ...]]:
    """A workbook as zip parts, and every cell the reader reads."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    return parts, tuple(_targets(parts))


@functools.cache
def exempelstad_parts() -> tuple[dict[str, bytes], tuple[Target, ...]]:
    """Exempelstad's workbook as zip parts, and every cell the reader reads (built once; a
    module-level cache, not a fixture, so that hypothesis does not print it with a failure)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exempelstad.xlsx"
        write_workbook(exempelstad(), path)
        return workbook_parts(path)


@pytest.fixture
def example() -> tuple[dict[str, bytes], tuple[Target, ...]]:
    return exempelstad_parts()


@pytest.fixture(scope="module")
def small(small_workbook) -> tuple[dict[str, bytes], tuple[Target, ...]]:
    """Småby's workbook (the session's `small_workbook`) as zip parts, and every cell the reader reads."""
    return workbook_parts(small_workbook)


def _targets(parts: dict[str, bytes]):
    """Every cell of a declared column below the header, on every sheet the reader reads."""
    kinds_by_sheet = {text_key(t.sheet): {text_key(c.header): c.kind for c in t.columns} for t in TABLES}
    kinds_by_sheet[text_key(SETTINGS_SHEET)] = {"nyckel": Kind.TEXT, text_key(SETTINGS_VALUE_HEADER): None}
    for sheet, part in sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"]):
        kinds = kinds_by_sheet.get(text_key(sheet))
        if kinds is None:
            continue
        cells = [(m.group(1).decode(), int(m.group(2)), m.group(0)) for m in _CELL.finditer(parts[part])]
        headers = {letters: text_key(_HEADER_TEXT.search(xml).group(1).decode()) for letters, row, xml in cells
                   if row == 1 and _HEADER_TEXT.search(xml)}
        for letters, row, _ in cells:
            if row > 1 and headers.get(letters) in kinds:
                kind = kinds[headers[letters]]
                # (a setting's value may be of any kind: a text there is valid for some settings)
                yield Target(sheet, part, f"{letters}{row}", kind is not None and kind not in TEXT_KINDS,
                             headers[letters])


BREAKAGES = {
    "#N/A": b'<c r="%s" t="e"><v>#N/A</v></c>',
    "#DIV/0!": b'<c r="%s" t="e"><v>#DIV/0!</v></c>',
    "#REF!": b'<c r="%s" t="e"><v>#REF!</v></c>',
    "formel utan sparat värde": b'<c r="%s"><f>SUM(A1:A2)</f></c>',
    "tal som text": b'<c r="%s" t="inlineStr"><is><t>12 000</t></is></c>',
}


def broken(parts: dict[str, bytes], target: Target, breakage: str, path: Path) -> Path:
    xml = parts[target.part]
    reference = target.cell.encode()
    pattern = re.compile(rb'<c r="' + reference + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.DOTALL)
    changed = pattern.sub(lambda _: BREAKAGES[breakage] % reference, xml, count=1)
    assert changed != xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, changed if name == target.part else content)
    return path


def test_there_are_cells_of_every_kind_to_break(example):
    _, targets = example
    sheets = {t.sheet for t in targets}
    assert {SETTINGS_SHEET, *(t.sheet for t in TABLES if not t.optional)} <= sheets
    assert sum(t.numeric for t in targets) > 1000 and sum(not t.numeric for t in targets) > 500


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_unreadable_cell_is_an_error_at_that_cell(tmp_path, data):
    parts, targets = exempelstad_parts()
    target = data.draw(st.sampled_from(targets), label="cell")
    kinds = [name for name in BREAKAGES if target.numeric or name != "tal som text"]
    breakage = data.draw(st.sampled_from(kinds), label="breakage")
    path = broken(parts, target, breakage, tmp_path / "planering.xlsx")
    checked = pipeline.check_every_version(path)
    at_cell = [p for p in checked.problems if p.source and (p.source.sheet, p.source.cell) == (target.sheet, target.cell)]
    assert any(p.severity is Severity.ERROR for p in at_cell), (target, breakage, [str(p) for p in checked.problems])
    assert not checked.ok


def test_every_column_of_every_sheet_has_an_unreadable_cell_named(small, tmp_path):
    """Hypothesis samples Exempelstad's cells; here the first data cell of every column of
    every sheet of Småby is broken, each with the next breakage its kind allows."""
    parts, targets = small
    first = {}
    for target in targets:
        first.setdefault((target.sheet, target.header), target)
    filled = {(SETTINGS_SHEET, "nyckel"), (SETTINGS_SHEET, text_key(SETTINGS_VALUE_HEADER))} | {
        (t.sheet, text_key(c.header)) for t in TABLES for c in t.columns
        if any(getattr(record, c.field) is not None for record in getattr(smaby(), t.field))}
    assert len(filled) > 80 and filled <= set(first)  # all but the columns Småby leaves empty (Version, …)
    unnamed = []
    for number, target in enumerate(first.values()):
        kinds = [name for name in BREAKAGES if target.numeric or name != "tal som text"]
        breakage = kinds[number % len(kinds)]
        path = broken(parts, target, breakage, tmp_path / f"planering{number}.xlsx")
        checked = pipeline.check_every_version(path)
        if not any(p.severity is Severity.ERROR and p.source and (p.source.sheet, p.source.cell)
                   == (target.sheet, target.cell) for p in checked.problems):
            unnamed.append((target, breakage, [str(p) for p in checked.problems]))
    assert not unnamed


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_the_command_exits_1_and_names_the_cell(small, tmp_path, capsys, breakage):
    parts, targets = small
    target = next(t for t in targets if t.sheet == "Ramar" and t.cell == "D3")  # Varav engångs: optional, default 0
    path = broken(parts, target, breakage, tmp_path / "planering.xlsx")
    assert main(["kontrollera", str(path)]) == 1
    assert f"{path}:Ramar!D3: " in capsys.readouterr().out


def _value_xml(value: object) -> bytes:
    """A cell holding `value` as a spreadsheet saves it: a number, a truth value or a text."""
    if isinstance(value, bool):
        return b'<c r="%%s" t="b"><v>%d</v></c>' % int(value)
    if isinstance(value, (int, float)):
        return b'<c r="%%s" t="n"><v>%s</v></c>' % repr(value).encode()
    text = escape(str(value)).encode("utf-8").replace(b"%", b"%%")  # (the template is %-formatted)
    return b'<c r="%%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % text


ANY_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**30, max_value=10**30),
    st.booleans(), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["12 000", "3,3 %", "−5", "1e30", "NaN", "#N/A", "Ja", "Prognos", "2027", ""]),
)


@settings(max_examples=int(os.environ.get("RAMKALK_FUZZ_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_in_any_cell_gives_a_result_or_located_problems_never_a_traceback(tmp_path, data):
    """No traceback on any input: `kontrollera` and `beräkna --json` end with 0 or 1, whatever one cell holds."""
    parts, targets = exempelstad_parts()
    target = data.draw(st.sampled_from(targets), label="cell")
    value = data.draw(ANY_VALUE, label="value")
    BREAKAGES["fuzz"] = _value_xml(value)
    try:
        path = broken(parts, target, "fuzz", tmp_path / "planering.xlsx")
    finally:
        del BREAKAGES["fuzz"]
    for command in (["kontrollera"], ["beräkna", "--json"]):
        assert main([command[0], str(path), *command[1:]]) in (0, 1)
