"""Returns read every cell the same way: a return is accepted only with the numbers the committee saw.

A corpus of bad returns made from a filled template (tests/consolidation_support.py): each
case one cell made unreadable or out of bounds, with openpyxl or in the sheet's XML (a formula
whose saved value is an error value, which openpyxl cannot write), and the exact located
messages it gives, one per root cause. Then: every input field's declared schema
(`ramkalk.templates.parts.InputColumn`) is both the data validation the template has and the rule the
reading applies; and a property test: any single input cell made unreadable is an error at
that cell, never read silently.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bad_returns import changed, rezipped
from consolidation_support import expected, filled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramkalk.core.problems import Severity
from ramkalk.schema.cells import Invalid
from ramkalk.templates.layout import BUDGET, LISTS, MEASURES, REQUESTS, UNITS, VOLUMES, layout
from ramkalk.templates.parts import NUMERIC, Field, Role
from ramkalk.templates.reading import table_rows
from ramkalk.templates.returned_file import open_return
from ramkalk.templates.returns import read_return
from ramkalk.workbook.sheet_xml import sheet_parts

YEARS = 4
INPUT_SHEETS = (BUDGET, REQUESTS, MEASURES, VOLUMES)
FIRST_FILLED_ROW = {BUDGET: 6, REQUESTS: 5, MEASURES: 5, VOLUMES: 5, UNITS: 5}  # (of the filled VÄN return)
RETURN_OF = {UNITS: "GSN"}
"""The return whose sheet is filled, if not VÄN's: Enheter of GSN, a committee with units."""


def problems(path: Path) -> list[str]:
    return [str(p) for p in read_return(open_return(path), expected()).problems]


def with_cell(path: Path, sheet: str, cell: str, value: object, code: str = "VÄN") -> Path:
    def edit(book):
        book[sheet][cell] = value

    return changed(filled()[code], path, edit)


def with_xml(path: Path, sheet: str, cells: dict[str, str]) -> Path:
    """The filled VÄN return with cells of `sheet` replaced in its XML ("@" in a new cell is its address)."""
    source = filled()["VÄN"]
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    part = dict(sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"]))[sheet]
    xml = parts[part]
    for cell, new in cells.items():
        xml, count = re.subn(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode(), new.replace("@", cell).encode(),
                             xml, count=1)
        assert count == 1, cell
    return rezipped(source, path, {part: xml})


# --- The corpus: one case per way a cell can be unreadable, each its exact located messages -------------

def test_an_error_value_in_an_input_cell(tmp_path):
    path = with_cell(tmp_path / "VÄN.xlsx", BUDGET, "B6", "#N/A")
    assert problems(path) == [f"{path}:Budget!B6: cellen visar felvärdet #N/A; väntade belopp i tkr. Rätta formeln "
                              "eller skriv in värdet"]


@pytest.mark.parametrize(("sheet", "cell", "text", "looks"), [
    (BUDGET, "B6", "12 000", "12\u00a0000"),
    (REQUESTS, "C5", "34668,5", "34\u00a0668,5"),
])
def test_a_number_typed_as_text(tmp_path, sheet, cell, text, looks):
    path = with_cell(tmp_path / "VÄN.xlsx", sheet, cell, text)
    assert problems(path) == [f'{path}:{sheet}!{cell}: väntade ett tal (belopp i tkr), fick texten "{text}", som ser '
                              f"ut som talet {looks} men är text, som Excel inte räknar med; skriv in det som ett "
                              "tal"]


def test_a_number_as_text_that_makes_the_net_fail_is_one_message_at_the_input(tmp_path):
    path = with_xml(tmp_path / "VÄN.xlsx", BUDGET, {
        "C6": '<c r="@" t="inlineStr"><is><t>1 000</t></is></c>',
        "D6": '<c r="@" t="e"><f>B6-C6</f><v>#VALUE!</v></c>',
        "D14": '<c r="@" t="e"><f>B14-C14</f><v>#VALUE!</v></c>'})
    assert problems(path) == [f'{path}:Budget!C6: väntade ett tal (belopp i tkr), fick texten "1 000", som ser ut '
                              "som talet 1000 men är text, som Excel inte räknar med; skriv in det som ett tal"]


def test_a_formula_without_a_saved_value_in_an_input_cell(tmp_path):
    path = with_cell(tmp_path / "VÄN.xlsx", BUDGET, "C6", "=B6/2")
    assert problems(path) == [f"{path}:Budget!C6: formeln =B6/2 har inget sparat värde (filen sparades av ett "
                              "program som inte räknar); öppna filen i Excel eller LibreOffice, räkna om och spara; "
                              "väntade belopp i tkr"]


def test_a_formula_with_a_saved_value_in_an_input_cell_is_read_with_a_warning(tmp_path):
    path = with_xml(tmp_path / "VÄN.xlsx", BUDGET, {"B6": '<c r="@"><f>357000+815</f><v>357815</v></c>'})
    assert problems(path) == [f"{path}:Budget!B6: cellen har en formel; dess sparade värde 357815 lästes. Skriv "
                              "värdet i stället för en formel (varning)"]


def test_a_formula_whose_saved_value_is_an_error_in_an_input_cell(tmp_path):
    path = with_xml(tmp_path / "VÄN.xlsx", BUDGET, {"B6": '<c r="@" t="e"><f>1/0</f><v>#DIV/0!</v></c>'})
    assert problems(path) == [f"{path}:Budget!B6: cellen visar felvärdet #DIV/0!; väntade belopp i tkr. Rätta "
                              "formeln eller skriv in värdet"]


def test_a_net_showing_an_error_names_the_input_that_is_not_a_number(tmp_path):
    # A space is an empty cell to the reading, but Excel's B6-C6 shows #VALUE!, and so do the sums.
    path = with_xml(tmp_path / "VÄN.xlsx", BUDGET, {
        "C6": '<c r="@" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>',
        "D6": '<c r="@" t="e"><f>B6-C6</f><v>#VALUE!</v></c>',
        "D14": '<c r="@" t="e"><f>B14-C14</f><v>#VALUE!</v></c>',
        "D16": '<c r="@" t="e"><f>ROUND(D14-D15,3)</f><v>#VALUE!</v></c>'})
    assert problems(path) == [f'{path}:Budget!D6: cellen visar felvärdet #VALUE!: formeln kan inte räkna eftersom '
                              'C6 (" ") inte är ett tal; töm cellen eller skriv ett tal, räkna om och spara '
                              "underlaget igen"]


def test_a_net_showing_an_error_without_a_visible_cause(tmp_path):
    path = with_xml(tmp_path / "VÄN.xlsx", BUDGET, {"D6": '<c r="@" t="e"><f>B6-C6</f><v>#VALUE!</v></c>'})
    assert problems(path) == [f"{path}:Budget!D6: cellen visar felvärdet #VALUE!: formeln kan inte räkna; "
                              "kontrollera att cellerna den räknar med är tal eller tomma, räkna om och spara "
                              "underlaget igen"]


def test_a_sum_showing_an_error(tmp_path):
    path = with_xml(tmp_path / "VÄN.xlsx", REQUESTS, {"C11": '<c r="@" t="e"><f>SUM(C4:C10)</f><v>#REF!</v></c>'})
    assert problems(path) == [f"{path}:Äskanden!C11: summan visar felvärdet #REF!: formeln kan inte räkna; "
                              "kontrollera att cellerna den räknar med i tabellen ovanför är tal eller tomma och "
                              "att inga rader har tagits bort, räkna om och spara underlaget igen"]


@pytest.mark.parametrize(("value", "found"), [("=1+1", "en formel eller ingenting"), ("abc", '"abc"'),
                                              ("#N/A", '"#N/A"')])
def test_a_tampered_frame_cell_is_one_message(tmp_path, value, found):
    # Once the checksum names the cell, neither the reading of the frame (a formula, not a number)
    # nor the budget against a frame of 0 says anything more.
    path = with_cell(tmp_path / "VÄN.xlsx", "Ram", "E5", value)
    frame = f'{expected().frames["VÄN"][2]:,}'.replace(",", "\u00a0")
    assert problems(path) == [f"{path}:Ram!E5: låst cell har ändrats: väntade {frame}, fick {found}"]


def test_an_error_value_over_a_locked_formula_is_one_message(tmp_path):
    path = with_cell(tmp_path / "VÄN.xlsx", BUDGET, "D6", "#N/A")
    assert problems(path) == [f"{path}:Budget!D6: väntade en formel, fick ett fast värde (#N/A); låsta formler får "
                              "inte skrivas över"]


@pytest.mark.parametrize(("sheet", "cell", "value", "message"), [
    (REQUESTS, "L5", 100, "väntade prioritet: ett heltal 1–99, fick 100"),
    (REQUESTS, "L5", 1.5, "väntade prioritet: ett heltal 1–99, fick 1,5"),
    (REQUESTS, "C5", 100_000_001, "väntade belopp i tkr: ett tal från −100\u00a0000\u00a0000 till "
                                  "100\u00a0000\u00a0000, fick 100000001"),
    (BUDGET, "B6", -1, "väntade belopp i tkr på 0 eller mer, fick -1"),
    (REQUESTS, "A5", "x" * 1001, "väntade text på högst 1000 tecken, fick 1001 tecken"),
    (VOLUMES, "G5", -1, "väntade volym på 0 eller mer, fick -1"),
    (MEASURES, "G5", "Kanske", 'väntade Ja eller Nej: ett av Ja, Nej; fick "Kanske"'),
])
def test_values_outside_the_bounds_of_the_template(tmp_path, sheet, cell, value, message):
    path = with_cell(tmp_path / "VÄN.xlsx", sheet, cell, value)
    assert problems(path) == [f"{path}:{sheet}!{cell}: {message}"]


# --- One declared schema: the template's validation and the reading are the same rule ------------------

def _input_fields() -> list[tuple[str, Field, int | None]]:
    found = layout(YEARS, True)
    return [(sheet.name, place.field, place.year_index) for sheet in found.sheets for table in sheet.tables
            for place in table.placed(YEARS) if place.field.role is Role.INPUT
            and (place.year_index is None or place.year_index == 0)]


def _outside(field: Field, choices: tuple[str, ...]) -> object:
    """A value just outside what the field's schema accepts."""
    cell = field.cell
    if cell.kind in NUMERIC:
        return int(cell.maximum + 1) if cell.maximum is not None else int(cell.minimum - 1)
    if cell.max_length is not None:
        return "x" * (cell.max_length + 1)
    assert "Inget av valen" not in choices
    return "Inget av valen"


@pytest.fixture(scope="module")
def template_book():
    return {code: openpyxl.load_workbook(filled()[code]) for code in {"VÄN", *RETURN_OF.values()}}


@pytest.mark.parametrize(("sheet", "field", "year"), _input_fields(), ids=lambda v: getattr(v, "key", v))
def test_every_input_is_validated_and_read_by_its_one_schema(template_book, tmp_path, sheet, field, year):
    table = layout(YEARS, True).sheet(sheet).tables[0]
    cell = f"{table.letter(field.key, YEARS, year)}{FIRST_FILLED_ROW[sheet]}"
    code = RETURN_OF.get(sheet, "VÄN")
    ws = template_book[code][sheet]
    [rule] = [v for v in ws.data_validations.dataValidation if cell in v.sqref]
    declared = field.cell
    choices = declared.choices or expected().focus_areas
    outside = _outside(field, choices)
    # Excel: the validation written is the one the schema declares, and it refuses the value.
    assert rule.type == declared.validation.type
    assert (rule.error, rule.prompt) == (declared.error, declared.prompt)
    if rule.type == "list":
        column, first, last = re.fullmatch(r"Listor!\$([A-Z])\$(\d+):\$\1\$(\d+)", rule.formula1).groups()
        listed = tuple(template_book[code][LISTS][f"{column}{row}"].value for row in range(int(first), int(last) + 1))
        assert listed == choices and outside not in listed
    elif rule.type == "textLength":
        assert (rule.operator, rule.formula1) == ("lessThanOrEqual", str(declared.max_length))
        assert len(outside) > int(rule.formula1)
    else:
        assert rule.type == ("whole" if declared.whole else "decimal")
        bounds = [None if bound is None else f"{bound:f}" for bound in (declared.minimum, declared.maximum)]
        if rule.operator == "between":
            assert [rule.formula1, rule.formula2] == bounds
            assert not Decimal(rule.formula1) <= outside <= Decimal(rule.formula2)
        else:
            assert (rule.operator, rule.formula1, bounds[1]) == ("greaterThanOrEqual", bounds[0], None)
            assert outside < Decimal(rule.formula1)
    # The reading: the same value is refused at the cell, with the schema's message.
    with pytest.raises(Invalid) as refused:
        declared.with_choices(choices).read(outside)
    path = with_cell(tmp_path / f"{code}.xlsx", sheet, cell, outside, code)
    assert f"{path}:{sheet}!{cell}: {refused.value}" in problems(path)


def test_the_reading_uses_the_fields_schema_not_its_own():
    # Every input column of the layout is read through its field's schema (return_rows has no other).
    import ramkalk.templates.return_rows as return_rows

    assert not [name for name, value in vars(return_rows).items() if type(value).__name__ in ("Column", "InputColumn")]


# --- Property: any single input cell made unreadable is an error at that cell ------------------------

BREAKAGES = ("#N/A", "#VALUE!", "=A1", "=SUM(B2:B3)")
AS_TEXT = ("12 000", "34668,5")


def _input_cells(book) -> list[tuple[str, str, bool]]:
    """(sheet, cell, whether it holds a number) of every input cell of every row of the input tables."""
    found = layout(YEARS, True)
    cells = []
    for sheet in INPUT_SHEETS:
        table = found.sheet(sheet).tables[0]
        for row in table_rows(book[sheet], table, YEARS):
            for key, cell in row.cells.items():
                field = next(f for f in table.fields if f.key == key[0])
                if field.role is Role.INPUT:
                    cells.append((sheet, cell.coordinate, field.cell.kind in NUMERIC))
    return cells


@pytest.fixture(scope="module")
def breakable(tmp_path_factory):
    book = openpyxl.load_workbook(filled()["VÄN"])
    return book, _input_cells(book), tmp_path_factory.mktemp("trasig") / "VÄN.xlsx"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_unreadable_input_cell_is_an_error_at_that_cell(breakable, data):
    book, cells, path = breakable
    sheet, coordinate, numeric = data.draw(st.sampled_from(cells), label="cell")
    value = data.draw(st.sampled_from(BREAKAGES + (AS_TEXT if numeric else ())), label="value")
    cell = book[sheet][coordinate]
    before = (cell.value, cell.data_type)
    try:
        cell.value = value
        book.save(path)
    finally:
        cell.value, cell.data_type = before
    read = read_return(open_return(path), expected())
    at_cell = [p for p in read.problems if p.severity is Severity.ERROR and p.source is not None
               and (p.source.sheet, p.source.cell) == (sheet, coordinate)]
    assert len(at_cell) == 1, [str(p) for p in read.problems]
