"""The planning templates as written, read back with openpyxl: same layout for every committee,
protection, validation, identity and checksum, chart, print set-up, and shown amounts that
add up. (What the formulas compute is checked in LibreOffice: test_templates_engine.py.)"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import worked_example
from templates_support import committee_content, exempelstad_calculation, exempelstad_layout, load, write_all
from workbook_dump import charts

from ramkalk import __version__
from ramkalk.core.display import round_total
from ramkalk.core.explanation import statement
from ramkalk.core.frame import BALANCING, DECISIONS, EFFICIENCY, INDEXATION, VOLUME
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.rules import components
from ramkalk.schema.inputs import FrameModel
from ramkalk.schema.tables import DECISION_TYPES, DURATIONS
from ramkalk.templates import identity
from ramkalk.templates.content import content
from ramkalk.templates.generator import build_template, file_name
from ramkalk.templates.layout import (
    FRAME,
    IDENTITY,
    INSTRUCTIONS,
    LAYOUT_VERSION,
    LISTS,
    WATERFALL,
    YES_NO,
    layout,
)
from ramkalk.templates.options import Options
from ramkalk.templates.parts import Layout, Role
from ramkalk.templates.reading import block_cells, table_rows
from ramkalk.workbook import pipeline

INPUT_SHEETS = {"Budget", "Äskanden", "Åtgärder"}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("underlag"))


@pytest.fixture(scope="module")
def books(written) -> dict:
    return {code: load(path) for code, path in written.items()}


def _columns(sqref: str) -> tuple[str, ...]:
    return tuple(sorted({re.match(r"[A-Z]+", part).group() for part in str(sqref).split()}))


def fixed_signature(book, found: Layout) -> dict:
    """What must be equal in every committee's template: sheets, their settings, the block
    labels and value types at their addresses, and every table's header row."""
    signature: dict = {"blad": tuple(book.sheetnames)}
    for sheet in found.sheets:
        ws = book[sheet.name]
        signature[sheet.name] = (ws.sheet_state, ws.freeze_panes, ws.protection.sheet, ws.protection.insertRows,
                                 ws.print_title_rows)
        for block in sheet.blocks:
            for (key, year), cell in block_cells(ws, block, found.year_count).items():
                signature[(sheet.name, cell.coordinate)] = (ws.cell(cell.row, 1).value, type(cell.value).__name__,
                                                            cell.number_format, cell.protection.locked)
        for table in sheet.tables:
            for place in table.placed(found.year_count):
                signature[(sheet.name, f"{place.letter}{table.header_row}")] = ws[f"{place.letter}{table.header_row}"].value
    return signature


def validation_signature(ws) -> dict:
    return {_columns(v.sqref): (v.type, v.operator, v.formula1, v.formula2, v.prompt) for v in ws.data_validations.dataValidation}


def test_every_committee_has_the_same_layout(books):
    found = exempelstad_layout()
    first = fixed_signature(books["KS"], found)
    for code, book in books.items():
        assert fixed_signature(book, found) == first, code
    for sheet in ("Budget", "Äskanden", "Åtgärder", "Volymer"):
        with_rows = [b for b in books.values() if validation_signature(b[sheet])]
        assert len({repr(validation_signature(b[sheet])) for b in with_rows}) == 1, sheet
    with_volumes = {g.committee for g in exempelstad_calculation().data.volume_groups}
    assert {code for code, b in books.items() if validation_signature(b["Volymer"])} == with_volumes


def input_cells(book, found: Layout) -> set[tuple[str, str]]:
    """Every cell the layout says a committee fills in."""
    cells = set()
    for sheet in found.sheets:
        ws = book[sheet.name]
        for table in sheet.tables:
            inputs = {f.key for f in table.fields if f.role is Role.INPUT}
            for row in table_rows(ws, table, found.year_count):
                cells |= {(sheet.name, c.coordinate) for (key, _), c in row.cells.items() if key in inputs}
    return cells


def test_sheets_are_protected_and_only_the_input_cells_are_unlocked(books):
    found = exempelstad_layout()
    for code, book in books.items():
        assert book.security.lockStructure, code
        for ws in book.worksheets:
            assert ws.protection.sheet, (code, ws.title)
            assert ws.protection.password is None
            assert (not ws.protection.insertRows) == (ws.title in INPUT_SHEETS), (code, ws.title)
        unlocked = {(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
                    if not c.protection.locked}
        assert unlocked == input_cells(book, found), code
        assert all(book[s][c].fill.fgColor.rgb.endswith("FFF2CC") for s, c in unlocked), "input cells are marked"


def test_a_password_protects_sheets_and_structure():
    book = build_template(committee_content("GSN"), Options(password="hemligt"))
    assert all(ws.protection.password for ws in book.worksheets)
    assert book.security.workbookPassword


def _list_values(book, reference: str) -> tuple[str, ...]:
    match = re.fullmatch(r"Listor!\$([A-Z])\$(\d+):\$\1\$(\d+)", reference)
    assert match, reference
    column, first, last = match.groups()
    return tuple(book[LISTS][f"{column}{row}"].value for row in range(int(first), int(last) + 1))


EXPECTED_LISTS = {"kind": DECISION_TYPES, "duration": DURATIONS, "in_budget": YES_NO,
                  "focus_area": ("Barn och unga", "Trygghet", "Klimat och miljö", "Digitalisering")}


def check_validations(book, found: Layout) -> None:
    """Every input cell has the validation its field asks for; lists hold the right values."""
    for sheet in found.sheets:
        ws = book[sheet.name]
        rules = {cell: v for v in ws.data_validations.dataValidation for part in v.sqref.ranges
                 for row in ws[part.coord] for cell in (row if isinstance(row, tuple) else (row,))}
        for table in sheet.tables:
            for row in table_rows(ws, table, found.year_count):
                for (key, _), cell in row.cells.items():
                    field = next(f for f in table.fields if f.key == key)
                    if field.role is not Role.INPUT:
                        continue
                    rule = rules.get(cell)
                    assert rule is not None and rule.type == field.validation.type, (sheet.name, cell.coordinate)
                    assert rule.showErrorMessage and rule.error == field.validation.error
                    if rule.type == "list":
                        assert _list_values(book, rule.formula1) == EXPECTED_LISTS[key], (sheet.name, key)
                    elif field.validation.operator == "between":
                        assert (rule.formula1, rule.formula2) == (field.validation.minimum, field.validation.maximum)


def test_every_input_is_validated_with_the_right_lists(books):
    for book in books.values():
        check_validations(book, exempelstad_layout())


def test_amounts_that_cannot_be_negative_are_validated_from_zero(books):
    rules = books["GSN"]["Budget"].data_validations.dataValidation
    costs = next(v for v in rules if "B6" in str(v.sqref))
    assert (costs.type, costs.operator, costs.formula1) == ("decimal", "between", "0")


def test_without_focus_areas_the_focus_area_is_free_text():
    found = dataclasses.replace(committee_content("GSN"), focus_areas=())
    book = build_template(found, Options())
    focus = layout(4, False).sheet("Äskanden").table("äskanden").letter("focus_area", 4)
    rule = next(v for v in book["Äskanden"].data_validations.dataValidation if f"{focus}5" in str(v.sqref))
    assert rule.type == "textLength"
    assert all(v.type != "list" or "$C$" not in v.formula1 for v in book["Äskanden"].data_validations.dataValidation)


def test_the_identity_sheet_is_hidden_and_names_the_template(books):
    for code, book in books.items():
        ws = book[IDENTITY]
        assert ws.sheet_state == "hidden" and ws.protection.sheet
        recorded = identity.read_identity(book)
        assert recorded["committee_code"] == code
        assert (recorded["budget_year"], recorded["year_count"], recorded["version"]) == (2027, 4, "Juni")
        assert recorded["generator_version"] == f"ramkalk {__version__}"
        assert recorded["layout_version"] == LAYOUT_VERSION
        assert re.fullmatch(r"[0-9a-f]{64}", recorded["checksum"])
        assert recorded["template_id"] == f"{code}-2027-Juni-{recorded['checksum'][:8]}"
        assert book[INSTRUCTIONS]["B12"].value == recorded["template_id"]
        assert identity.checksum_matches(book), code
    assert len({identity.read_identity(b)["checksum"] for b in books.values()}) == len(books)


@pytest.mark.parametrize("sheet, cell, value, still_matches", [
    ("Ram", "C5", 1, False),  # the frame
    ("Ram", "C12", 1, False),  # a step of the chart
    ("Ram", "C44", 1, False),  # a line of the explanation (variable-length table)
    ("Volymer", "E6", 1, False),  # a forecast volume
    ("Budget", "B6", 1000, True),  # an input
    ("Äskanden", "A5", "Fler lärare", True),
])
def test_the_checksum_sees_changed_prefilled_values_only(written, sheet, cell, value, still_matches):
    book = load(written["GSN"])
    book[sheet][cell] = value
    assert identity.checksum_matches(book) is still_matches


def test_the_chart_shows_the_waterfall_table_of_the_ram_sheet(written):
    first, last = WATERFALL.first_row, WATERFALL.header_row + WATERFALL.end.rows
    expected = []
    for column in "DEFG":  # invisible base, frame, increase, decrease; the steps as categories
        expected += [f"'Ram'!$A${first}:$A${last}", f"'Ram'!${column}${first}:${column}${last}"]
    for code, path in written.items():
        (chart,) = charts(path)
        assert chart["blad"] == FRAME and chart["referenser"] == expected, code


def test_print_setup_and_frozen_headers(books):
    found = exempelstad_layout()
    for code, book in books.items():
        for sheet in found.sheets:
            ws = book[sheet.name]
            assert ws.freeze_panes == sheet.freeze
            if sheet.hidden:
                continue
            setup = ws.page_setup
            assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.oddFooter.left.text.startswith(code) and "version Juni" in ws.oddFooter.center.text
            titles = sheet.print_titles and "$" + sheet.print_titles.replace(":", ":$")
            assert ws.print_title_rows == titles, (code, sheet.name)


@pytest.mark.parametrize("data", [exempelstad(), synthetic(12)], ids=["Exempelstad", "Syntetstad"])
def test_shown_amounts_add_up_to_the_shown_frames(data):
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    for committee in data.committees:
        frame = content(calculation, committee).frame
        frames = [calculation.frame(committee.code, year) for year in data.settings.years]
        exact = statement(frames)
        assert frame.frames == tuple(round_total(f.total) for f in frames)
        carried = [frame.opening.amounts[0], *(frame.technical or frame.frames)]
        for index in range(len(frames)):
            changes = sum(r.amounts[index] or 0 for r in frame.changes)
            assert carried[index] + changes == carried[index + 1]
            assert carried[index + 1] + sum(r.amounts[index] or 0 for r in frame.tags) == frame.frames[index]
        for shown, row in zip(frame.changes + frame.tags, exact.changes + exact.tags):
            for index, year in enumerate(data.settings.years):
                if year in row.amounts:
                    assert abs(Decimal(shown.amounts[index]) - row.amounts[year] / 1000) < 1, (row.label, year)
        assert sum(s.amount for s in frame.steps[:-1]) == frame.steps[-1].amount == frame.frames[0]
        adopted = calculation.lookups.adopted_frame(committee.code, data.settings.budget_year - 1)
        assert frame.steps[0].amount == round_total(adopted.frame)
        first = frames[0]
        groups = len(calculation.lookups.groups_of(committee))
        SUPPLEMENTS = tuple(c.key for c in components.supplements())  # noqa: N806 - a key list like the others
        supplements = sum((first.component(key) for key in SUPPLEMENTS), Decimal(0))
        for step, key in zip(frame.steps[1:-1], ("", INDEXATION, EFFICIENCY, VOLUME, DECISIONS, SUPPLEMENTS,
                                                 BALANCING)):
            if key and (key != VOLUME or committee.model is FrameModel.TRADITIONAL):
                lines = [line for line in first.lines if line.component in (key if key == SUPPLEMENTS else (key,))]
                details = max(1, sum(len(line.details) for line in lines))
                exact = supplements if key == SUPPLEMENTS else first.component(key)
                assert abs(step.amount * 1000 - exact) <= 1000 * max(details, groups), (step, key)


@pytest.mark.parametrize("plan_years", [0, 1, 3])
def test_any_number_of_plan_years(plan_years):
    data = worked_example(plan_years)
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    found = content(calculation, data.committees[0])
    book = build_template(found, Options())
    assert identity.checksum_matches(book)
    assert book["Budget"].cell(row=5, column=1 + 3 * (plan_years + 1)).value == f"Netto {2026 + plan_years}"
    check_validations(book, layout(plan_years + 1, False))


def test_text_that_looks_like_a_formula_stays_text():
    data = exempelstad()
    evil = "=HYPERLINK(\"http://x\";\"klicka\")"
    data = dataclasses.replace(data, committees=(dataclasses.replace(data.committees[0], name=evil),
                                                 *data.committees[1:]),
                               activities=(dataclasses.replace(data.activities[0], name="=1+1"), *data.activities[1:]))
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    book = build_template(content(calculation, data.committees[0]), Options())
    assert book[INSTRUCTIONS]["B3"].value.endswith(evil) and book[INSTRUCTIONS]["B3"].data_type == "s"
    assert (book["Budget"]["A6"].value, book["Budget"]["A6"].data_type) == ("=1+1", "s")


def test_file_names_are_safe():
    assert file_name("GSN", 2027) == "Planeringsunderlag_GSN_2027.xlsx"
    assert file_name("VÄN", 2027) == "Planeringsunderlag_VÄN_2027.xlsx"
    assert file_name("A/B:C", 2027) == "Planeringsunderlag_A_B_C_2027.xlsx"


def test_committees_without_volumes_get_an_empty_volume_table(books):
    ws = books["IFO"]["Volymer"]
    assert not table_rows(ws, exempelstad_layout().sheet("Volymer").tables[0], 4)
    assert "ingen automatisk volymkompensation" in ws["A2"].value
    assert exempelstad_calculation().data.committee("IFO").automatic_volume is False
