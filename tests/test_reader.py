"""Reading a planning workbook: real .xlsx files, each broken in one place.

Every test writes Småby's valid workbook (`build_workbook(smaby())`, tests/small_workbook.py:
every sheet of the format with a few rows) to pytest's tmp_path, breaks one thing with
openpyxl (a cell, a sheet, a header, a row) and checks that `check_file` names the exact
sheet and cell with a Swedish message saying what was expected and what was found, and
that nothing else is lost. Exempelstad's whole workbook is read back only in the round trips.

Småby's rows used below (header in row 1; `test_small_workbook_layout` guards them):
    Inställningar  2 Kommun, 3 Budgetår, 4 Antal planår, 5 Belopp i, 6 Effektiviseringsbas (value in column B)
    Nämnder        2 KS (Automatisk volym Nej), 3 FSN, 4 GSN
    Index          2 2025, 3 2026, 4 2027 (columns År, Löneökning, Prisökning, Effektiviseringskrav)
    Ramar          2 KS 2025 (varav engångs 1 000 000), 3 KS 2026
    Befolkning     2024 ages 0–20 in rows 2–22, so row 10 is 2024 age 8
    Volymgrupper   2 FSN Förskola, 4 GSN Grundskola (compensation 0,9)
    Beslut         2 GSN 2027 +3 000 000 Satsning, 3 FSN 2027 −1 000 000 Besparing, 4 KS 2028
Rows of 2024 (population) and 2025 (index) are not needed by any rule, so breaking them
gives exactly one problem. Småby has no versions, no earlier forecast and no result cap, so
leaving out an optional column (Version, Typ, Prognosår, Resultatregel) leaves a valid
workbook; versions and ex-post corrections are read in tests/test_process.py.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from small_workbook import population_row, smaby

from ramkalk.core.problems import Problem, Severity, Source
from ramkalk.example.municipality import exempelstad
from ramkalk.schema.inputs import (
    AmountKind,
    BalancingRule,
    Compensation,
    DecisionType,
    Duration,
    FrameModel,
    PlanningData,
    PopulationKind,
    ResultRule,
    Unit,
    VolumeDefinition,
)
from ramkalk.schema.tables import SETTINGS, SETTINGS_SHEET, TABLES, Kind
from ramkalk.workbook.pipeline import Checked, check_every_version, check_file, with_plausibility
from ramkalk.workbook.reader import read_workbook
from ramkalk.workbook.writer import build_workbook, write_workbook

D = Decimal
SHEETS = (SETTINGS_SHEET, *(table.sheet for table in TABLES))
REQUIRED_SHEETS = (SETTINGS_SHEET, *(table.sheet for table in TABLES if not table.optional))
WARNING_SETTINGS = [c.header for c in SETTINGS if c.header.startswith("Varning ")]  # ramkalk.calculation.plausibility
RATE_RANGE = "mellan -20 % och 20 %"


# --- helpers -----------------------------------------------------------------------


def save(book: Workbook, tmp_path: Path, name: str = "plan.xlsx") -> Path:
    path = tmp_path / name
    book.save(path)
    return path


def change(book: Workbook, changes: dict[str, object]) -> Workbook:
    """Set cells given as {"Index!C4": "tre"}; None empties a cell."""
    for ref, value in changes.items():
        sheet, cell = ref.split("!")
        book[sheet][cell] = value
    return book


def edited(tmp_path: Path, changes: dict[str, object], data: PlanningData | None = None) -> Path:
    """Småby's valid workbook (or `data`'s) with some cells changed, saved."""
    return save(change(build_workbook(data or smaby()), changes), tmp_path)


def plain(book: Workbook, sheet: str):
    """The sheet without its Excel table, so rows and columns can be inserted or deleted."""
    ws = book[sheet]
    for name in list(ws.tables):
        del ws.tables[name]
    return ws


def at(checked: Checked, ref: str) -> list[Problem]:
    """The problems at "Sheet!C4" (or at the sheet as a whole for "Sheet")."""
    sheet, _, cell = ref.partition("!")
    return [p for p in checked.problems
            if p.source is not None and p.source.sheet == sheet and p.source.cell == (cell or None)]


def listing(checked: Checked) -> list[str]:
    return [str(p) for p in checked.problems]


def the_problem_at(checked: Checked, ref: str) -> Problem:
    found = at(checked, ref)
    assert len(found) == 1, f"expected one problem at {ref}, got {listing(checked)}"
    return found[0]


def the_only_problem(checked: Checked) -> Problem:
    assert len(checked.problems) == 1, listing(checked)
    return checked.problems[0]


def assert_error(checked: Checked, path: Path, ref: str, message: str) -> Problem:
    """An error at `ref` whose text is exactly "<file>:<ref>: <message>".

    Further problems at the same sheet may follow from it (a missing sheet leaves its
    data missing), but the same message is never given twice.
    """
    found = [p for p in at(checked, ref) if p.message == message]
    assert len(found) == 1, f"expected {message!r} at {ref}, got {listing(checked)}"
    problem = found[0]
    assert problem.severity is Severity.ERROR
    assert problem.source.file == str(path)
    assert str(problem) == f"{path}:{ref}: {message}"
    assert not checked.ok
    return problem


def record_of(data: PlanningData, table: str, row: int):
    """The record read from row `row` of a table ("index", "frames", ...)."""
    return next(r for r in getattr(data, table) if r.origin.row == row)


# --- the valid workbook ----------------------------------------------------------------


def test_small_workbook_layout():
    """The rows the other tests break are the ones the module docstring names, and every
    sheet of the format is there with a row to break."""
    book = build_workbook(smaby())
    assert book.sheetnames == list(SHEETS)
    values = {sheet: [[c.value for c in row] for row in book[sheet].iter_rows()] for sheet in SHEETS}
    assert all(len(rows) > 1 for rows in values.values())
    assert [row[0] for row in values[SETTINGS_SHEET][1:]] == ["Kommun", "Budgetår", "Antal planår", "Belopp i",
                                                              "Effektiviseringsbas", "Balanseringskrav",
                                                              "Lönerevision (månad)", *WARNING_SETTINGS,
                                                              "Effektivisering av prislappar"]
    assert [row[:4] for row in values["Nämnder"][1:]] == [["KS", "Kommunstyrelsen", 0.55, "Nej"],
                                                          ["FSN", "Förskolenämnden", 0.75, "Ja"],
                                                          ["GSN", "Grundskolenämnden", 0.7, "Ja"]]
    assert values["Index"][0] == ["År", "Löneökning", "Prisökning", "Effektiviseringskrav", "PO-pålägg", "Källa",
                                  "Version", "Revisionsmånad", "Löneökning avser"]
    assert [row[0] for row in values["Index"][1:]] == [2025, 2026, 2027, 2028]
    assert [row[:4] for row in values["Ramar"][1:3]] == [["KS", 2025, 38_000_000, 1_000_000],
                                                         ["KS", 2026, 39_500_000, 500_000]]
    assert values["Befolkning"][9][:2] == [2024, 8]
    assert values["Befolkning"][population_row(2027, 5) - 1][:2] == [2027, 5]
    assert values["Befolkning"][-1][:2] == [2028, 20]
    assert values["Volymgrupper"][1][:2] == ["FSN", "Förskola"]
    assert [values["Volymgrupper"][3][i] for i in (0, 1, 7)] == ["GSN", "Grundskola", 0.9]
    assert [row[:5] for row in values["Beslut"][1:]] == [["GSN", 2027, 3_000_000, "Satsning", "Permanent"],
                                                         ["FSN", 2027, -1_000_000, "Besparing", "Permanent"],
                                                         ["KS", 2028, 500_000, "Satsning", "Engångs"]]


def test_small_workbook_reads_back_as_smaby_without_problems_or_warnings(small_workbook):
    """The written file (with the add-in's sheet Beräkning, which is not read) is Småby,
    valid and plausible, so a problem in a test is the one the test made."""
    checked = with_plausibility(check_every_version(small_workbook))
    assert checked.problems == ()
    assert checked.data == smaby()


def test_round_trip_gives_exempelstad_and_no_problems(tmp_path):
    path = tmp_path / "exempelstad.xlsx"
    write_workbook(exempelstad(), path)
    reading = read_workbook(path)
    assert reading.problems == ()
    expected = exempelstad()
    for field in dataclasses.fields(PlanningData):  # table by table, for a readable diff
        if field.compare:
            assert getattr(reading.data, field.name) == getattr(expected, field.name), field.name
    assert reading.data == expected
    checked = check_file(path)
    assert checked.ok and checked.problems == ()


def test_round_trip_in_tkr(tmp_path):
    data = exempelstad()
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings, unit=Unit.TKR))
    path = tmp_path / "tkr.xlsx"
    write_workbook(data, path)
    assert openpyxl.load_workbook(path)["Ramar"]["C2"].value == 388_400  # KS 2025, in tkr
    reading = read_workbook(path)
    assert reading.problems == ()
    assert reading.data == data


def test_records_read_from_a_file_know_their_file_and_cells(small_workbook):
    path = small_workbook
    data = read_workbook(str(path)).data  # a str path works as well as a Path
    assert data.file == str(path)
    assert data.settings.source("budget_year") == Source(str(path), SETTINGS_SHEET, "B3")
    index_2027 = next(row for row in data.index if row.year == 2027)
    assert index_2027.source("price_increase") == Source(str(path), "Index", "C4")
    assert data.decisions[0].source("amount") == Source(str(path), "Beslut", "C2")
    assert str(index_2027.source("price_increase")) == f"{path}:Index!C4"


# --- files that are not workbooks ------------------------------------------------------


def zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "inte en arbetsbok")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param("Kommun;Budgetår\nExempelstad;2027\n".encode(), "kan inte läsas", id="text-renamed-xlsx"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "kan inte läsas",
                     id="pdf"),
        pytest.param(b"", "kan inte läsas", id="empty-file"),
        pytest.param(zip_without_workbook(), "kan inte läsas", id="zip-but-not-a-workbook"),
        pytest.param(None, "filen finns inte", id="missing-file"),
    ],
)
def test_a_file_that_is_not_a_workbook_gives_one_problem_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "planering.xlsx"
    if content is not None:
        path.write_bytes(content)
    checked = check_file(path)  # never raises
    problem = the_only_problem(checked)
    assert checked.data is None and not checked.ok
    assert problem.severity is Severity.ERROR
    assert problem.source == Source(str(path))
    assert str(problem).startswith(f"{path}: ")
    assert expected in problem.message
    assert read_workbook(path).problems == (problem,)


# --- sheets, columns and headers --------------------------------------------------------


@pytest.mark.parametrize("sheet", REQUIRED_SHEETS)
def test_missing_sheet(tmp_path, sheet):
    book = build_workbook(smaby())
    del book[sheet]
    path = save(book, tmp_path)
    checked = check_file(path)
    others = ", ".join(name for name in SHEETS if name != sheet)
    assert_error(checked, path, sheet, f'bladet "{sheet}" saknas (arbetsboken har: {others})')
    if sheet == SETTINGS_SHEET:  # no budget year, so no data
        assert checked.data is None


@pytest.mark.parametrize("table", [t for t in TABLES if t.optional], ids=lambda t: t.sheet)
def test_an_optional_sheet_may_be_left_out(tmp_path, table):
    data = smaby()
    # Without Intäkter there is no room to balance against; without Kostnadsindex a cost
    # structure has no rates, without Internpriser internal services have none: leave out
    # what depends on the sheet too.
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings, balancing=BalancingRule.NONE))
    book = build_workbook(data)
    del book[table.sheet]
    dependent = {"Kostnadsindex": "Kostnadsstruktur", "Internpriser": "Interna tjänster",
                 "Enheter": "Enhetsvolymer", "Fördelningsbelopp": "Enhetsvolymer",
                 "Volymmått": "Volymdrivare"}.get(table.sheet)
    if dependent:
        del book[dependent]
    path = save(book, tmp_path)
    checked = check_file(path)
    assert checked.problems == ()
    assert getattr(checked.data, table.field) == ()


REQUIRED_COLUMNS = [(table.sheet, column.header) for table in TABLES for column in table.columns if column.required]
OPTIONAL_COLUMNS = [(table.sheet, column) for table in TABLES for column in table.columns if not column.required]


def header_cell(ws, header: str):
    return next(cell for cell in ws[1] if cell.value == header)


@pytest.mark.parametrize("sheet, header", REQUIRED_COLUMNS, ids=[f"{s}-{h}" for s, h in REQUIRED_COLUMNS])
def test_missing_column_renamed_header(tmp_path, sheet, header):
    book = build_workbook(smaby())
    ws = book[sheet]
    header_cell(ws, header).value = "Okänd rubrik"
    present = ", ".join(str(cell.value) for cell in ws[1] if cell.value is not None)
    path = save(book, tmp_path)
    assert_error(check_file(path), path, sheet, f'kolumnen "{header}" saknas i rubrikraden (rad 1 har: {present})')


@pytest.mark.parametrize("sheet, header", [("Index", "Prisökning"), ("Beslut", "Typ"), ("Volymgrupper", "Prislapp")])
def test_missing_column_deleted(tmp_path, sheet, header):
    book = build_workbook(smaby())
    ws = plain(book, sheet)
    ws.delete_cols(header_cell(ws, header).column)
    present = ", ".join(str(cell.value) for cell in ws[1] if cell.value is not None)
    path = save(book, tmp_path)
    assert_error(check_file(path), path, sheet, f'kolumnen "{header}" saknas i rubrikraden (rad 1 har: {present})')


@pytest.mark.parametrize("sheet, column", OPTIONAL_COLUMNS, ids=[f"{s}-{c.header}" for s, c in OPTIONAL_COLUMNS])
def test_an_optional_column_may_be_left_out_and_its_default_is_used(tmp_path, sheet, column):
    book = build_workbook(smaby())
    ws = plain(book, sheet)
    ws.delete_cols(header_cell(ws, column.header).column)
    path = save(book, tmp_path)
    checked = check_file(path)
    assert checked.problems == ()
    records = getattr(checked.data, next(t.field for t in TABLES if t.sheet == sheet))
    assert records
    defaults = {"one_off": D(0), "compensation": D(1), "automatic_volume": True, "kind": PopulationKind.FORECAST,
                "focus_area": None, "description": "", "model": FrameModel.TRADITIONAL, "balance_share": None,
                "technical": None, "volume_definition": VolumeDefinition.YEAR_END, "financial_net": D(0),
                "result_target": D(0), "reference": "", "payroll_overhead": None, "version": None,
                "forecast_year": None, "ex_post": False, "result_rule": ResultRule.WRITE_OFF, "return_years": 1,
                "result_cap": None, "to_year": None, "index": None, "structural_share": None, "point_amount": None,
                "index_threshold": D(0), "index_low": D(0), "index_high": None, "reserve": None,
                "reserve_share": None, "amount": None, "weight": D(1), "volume_group": None, "actual": None}
    defaults |= {"revision_month": None, "wage_basis": None, "efficiency": None, "wages": True, "prices": True,
                 "cost_type": ""}
    if sheet == "Volymdrivare":
        defaults["compensation"] = D(1)
    if sheet == "Interna tjänster":
        defaults["compensation"] = Compensation.INDEX
    if sheet == "Fördelningsbelopp":
        defaults["kind"] = AmountKind.BASE
    assert {getattr(r, column.field) for r in records} == {defaults[column.field]}
    assert all(r.source(column.field) == Source(str(path), sheet) for r in records)  # no cell to point to


def test_header_matching_ignores_case_and_spaces_and_extra_columns_are_warned_of(tmp_path):
    book = build_workbook(smaby())
    for sheet in SHEETS:
        ws = plain(book, sheet)
        for number, cell in enumerate(ws[1]):
            text = cell.value.upper() if number % 2 else cell.value.lower()
            cell.value = f"  {text.replace(' ', '  ')}  "
    for (key,) in book[SETTINGS_SHEET].iter_rows(min_row=2, max_col=1):  # setting names too
        key.value = f" {key.value.upper()} "
    ramar = book["Ramar"]
    ramar.insert_cols(1)  # an extra first column
    ramar["A1"], ramar["A2"] = "Kommentar", "ur bokslutet"
    index = book["Index"]
    index.insert_cols(3)  # an extra column in the middle
    index["C1"], index["C4"] = "Anteckning", "SKR cirkulär 26:12"
    end = get_column_letter(book["Beslut"].max_column + 1)
    book["Beslut"][f"{end}1"], book["Beslut"][f"{end}2"] = "Ansvarig", "Anna"  # and one at the end
    path = save(book, tmp_path)
    checked = check_file(path)
    assert sorted((p.source.sheet, p.source.cell, p.severity.value) for p in checked.problems) == [
        ("Beslut", f"{end}1", "varning"), ("Index", "C1", "varning"), ("Ramar", "A1", "varning")]
    assert all('är okänd och läses inte' in p.message for p in checked.problems)
    assert checked.data == smaby()
    frame = record_of(checked.data, "frames", 2)
    assert frame.source("frame") == Source(str(path), "Ramar", "D2")  # letters follow the headers


@pytest.mark.parametrize("title", ["index", "INDEX"])
def test_sheet_names_are_found_ignoring_case(tmp_path, title):
    book = build_workbook(smaby())
    book["Index"].title = "tillfälligt"  # openpyxl would turn "index" into "index1"
    book["tillfälligt"].title = title
    book[title]["C2"] = "tre"
    path = save(book, tmp_path)
    checked = check_file(path)
    assert_error(checked, path, f"{title}!C2", 'väntade ett tal (prisökning), fick "tre"')
    the_only_problem(checked)  # and the sheet is not reported missing


@pytest.mark.parametrize(
    "sheet, inserted_at, ref, value, message",
    [
        ("Index", 1, "Index!D4", "tre", 'väntade ett tal (prisökning), fick "tre"'),
        ("Ramar", 3, "Ramar!D2", "många", 'väntade ett tal (ram), fick "många"'),
        ("Beslut", 1, "Beslut!C2", "nästa år", 'väntade ett tal (år), fick "nästa år"'),
    ],
)
def test_cells_are_named_where_they_are_after_an_inserted_column(tmp_path, sheet, inserted_at, ref, value, message):
    book = build_workbook(smaby())
    plain(book, sheet).insert_cols(inserted_at)
    path = save(change(book, {ref: value}), tmp_path)
    assert_error(check_file(path), path, ref, message)


def test_blank_rows_are_skipped_and_row_numbers_stay_true(tmp_path):
    book = build_workbook(smaby())
    plain(book, "Beslut").insert_rows(4, amount=2)  # two empty rows between decisions
    path = save(book, tmp_path)
    checked = check_file(path)
    assert checked.problems == ()
    assert checked.data.decisions == smaby().decisions
    assert [d.origin.row for d in checked.data.decisions] == [2, 3, 6]

    book["Beslut"]["C6"] = "fem miljoner"  # the third decision, now in row 6
    path = save(book, tmp_path, "trasig.xlsx")
    assert_error(check_file(path), path, "Beslut!C6", 'väntade ett tal (belopp), fick "fem miljoner"')


def test_header_not_in_row_1(tmp_path):
    book = build_workbook(smaby())
    plain(book, "Index").insert_rows(1)
    path = save(book, tmp_path)
    checked = check_file(path)
    messages = [p.message for p in at(checked, "Index")]
    for header in ("År", "Löneökning", "Prisökning", "Effektiviseringskrav"):
        assert f'kolumnen "{header}" saknas i rubrikraden (rad 1 har: inga rubriker)' in messages
    assert not checked.ok


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref, value, message",
    [
        ("Index!C4", "tre", 'väntade ett tal (prisökning), fick "tre"'),
        ("Index!B2", "3,3 procent", 'väntade ett tal (löneökning), fick "3,3 procent"'),
        ("Index!A2", "tjugofem", 'väntade ett tal (år), fick "tjugofem"'),
        ("Nämnder!C2", "hälften", 'väntade ett tal (personalkostnadsandel), fick "hälften"'),
        ("Ramar!C2", "många", 'väntade ett tal (ram), fick "många"'),
        ("Ramar!D3", "5 000 000 kr", 'väntade ett tal (varav engångs), fick "5 000 000 kr"'),
        ("Befolkning!B2", "noll", 'väntade ett tal (ålder), fick "noll"'),
        ("Befolkning!C2", "ca 1100", 'väntade ett tal (antal invånare), fick "ca 1100"'),
        ("Volymgrupper!E2", "dubbel", 'väntade ett tal (vikt), fick "dubbel"'),
        ("Volymgrupper!F2", "165 tkr", 'väntade ett tal (prislapp), fick "165 tkr"'),
        ("Beslut!C2", "tolv miljoner", 'väntade ett tal (belopp), fick "tolv miljoner"'),
        ("Beslut!B2", "nästa år", 'väntade ett tal (år), fick "nästa år"'),
        (f"{SETTINGS_SHEET}!B3", "tjugosju", 'väntade ett tal (budgetår), fick "tjugosju"'),
    ],
)
def test_text_in_a_number_cell(tmp_path, ref, value, message):
    path = edited(tmp_path, {ref: value})
    assert_error(check_file(path), path, ref, message)


@pytest.mark.parametrize(
    "ref, value, message",
    [
        ("Index!A2", 2025.5, "väntade ett heltal (år), fick 2025,5"),
        ("Index!A2", 1850, "väntade år mellan 1900 och 2200, fick 1850"),
        ("Befolkning!B2", 131, "väntade ålder mellan 0 och 130, fick 131"),
        ("Volymgrupper!E2", 11, "väntade vikt mellan 0 och 10, fick 11"),
        ("Volymgrupper!F2", -165_000, "väntade prislapp på 0 eller mer, fick -165000"),
        ("Nämnder!D2", "kanske", 'väntade Ja eller Nej (automatisk volym), fick "kanske"'),
        ("Befolkning!D2", "Gissning", 'väntade utfall eller prognos: ett av Utfall, Prognos; fick "Gissning"'),
        ("Beslut!D2", "Investering",
         'väntade beslutstyp: ett av Satsning, Besparing, Volym, Lagkrav, Teknisk justering, Intern tjänst;'
         ' fick "Investering"'),
        ("Beslut!E2", "Tillfällig", 'väntade varaktighet: ett av Permanent, Engångs; fick "Tillfällig"'),
        (f"{SETTINGS_SHEET}!B4", 25, "väntade antal planår mellan 0 och 20, fick 25"),
        (f"{SETTINGS_SHEET}!B5", "mkr", 'väntade enhet för belopp: ett av kr, tkr; fick "mkr"'),
    ],
)
def test_a_value_of_the_wrong_kind_or_out_of_range(tmp_path, ref, value, message):
    path = edited(tmp_path, {ref: value})
    assert_error(check_file(path), path, ref, message)


@pytest.mark.parametrize(
    "ref, message",
    [
        (f"{SETTINGS_SHEET}!B2", "cellen är tom; väntade kommunens namn"),
        ("Nämnder!B3", "cellen är tom; väntade nämndens namn"),
        ("Index!D3", "cellen är tom; väntade effektiviseringskrav"),
        ("Ramar!C2", "cellen är tom; väntade ram"),
        ("Befolkning!C2", "cellen är tom; väntade antal invånare"),
        ("Volymgrupper!G2", "cellen är tom; väntade prisår"),
        ("Beslut!A2", "cellen är tom; väntade nämndens kod"),
        ("Beslut!E2", "cellen är tom; väntade varaktighet"),
    ],
)
@pytest.mark.parametrize("empty", [None, "   "], ids=["empty", "only-spaces"])
def test_empty_required_cell(tmp_path, ref, message, empty):
    path = edited(tmp_path, {ref: empty})
    assert_error(check_file(path), path, ref, message)


def test_empty_optional_cells_get_their_defaults(tmp_path):
    path = edited(tmp_path, {
        "Nämnder!D2": None,  # KS has "Automatisk volym" = Nej
        "Ramar!D2": None,  # KS 2025 varav engångs 1 000 000
        "Befolkning!D2": None,  # 2024 is Utfall
        "Volymgrupper!H4": None,  # Grundskola compensates 0,9
        "Beslut!F2": None,
        "Beslut!G2": None,
        f"{SETTINGS_SHEET}!B4": None,  # Antal planår: 1 in Småby, so the default 3 is no accident
    })
    reading = read_workbook(path)  # (three plan years would need index rows Småby does not have)
    assert reading.problems == ()
    data = reading.data
    assert record_of(data, "committees", 2).automatic_volume is True
    assert record_of(data, "frames", 2).one_off == 0
    assert record_of(data, "population", 2).kind is PopulationKind.FORECAST
    assert record_of(data, "volume_groups", 4).compensation == 1
    decision = record_of(data, "decisions", 2)
    assert (decision.focus_area, decision.description) == (None, "")
    assert data.settings.plan_years == 3


@pytest.mark.parametrize("count, shown", [(-5, "-5"), (-0.5, "-0,5")])
def test_negative_population(tmp_path, count, shown):
    path = edited(tmp_path, {"Befolkning!C10": count})
    checked = check_file(path)
    assert_error(checked, path, "Befolkning!C10", f"väntade antal invånare på 0 eller mer, fick {shown}")
    the_only_problem(checked)


# --- percentages and amounts ------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [(0.033, "0.033"), (-0.005, "-0.005"), (0, "0")])
def test_percentages_are_fractions(tmp_path, raw, expected):
    path = edited(tmp_path, {"Index!B4": raw})  # a cell formatted as percentage holds the fraction
    checked = check_file(path)
    assert checked.problems == ()
    index_2027 = record_of(checked.data, "index", 4)
    assert index_2027.year == 2027
    assert index_2027.wage_increase == D(expected)
    assert isinstance(index_2027.wage_increase, Decimal)


@pytest.mark.parametrize(
    "ref, raw, looks_like",
    [
        ("Index!B4", "3,3 %", "3,3 %"),
        ("Index!B4", "3.3%", "3,3 %"),
        ("Index!B4", "  3,3\u00a0%  ", "3,3 %"),  # Excel's Swedish format puts a no-break space before %
        ("Index!B4", "0,033", "0,033"),
        ("Index!B4", "−0,5 %", "−0,5 %"),  # Unicode minus
        ("Ramar!C2", "2 500,5", "2500,5"),
        ("Beslut!C2", "12 000", "12\u00a0000"),
        ("Beslut!C2", "34668,5", "34\u00a0668,5"),
        ("Befolkning!C10", "-5", "−5"),
        ("Index!A2", "2025", "2025"),
    ],
)
def test_a_number_written_as_text_is_an_error_saying_the_number_it_looks_like(tmp_path, ref, raw, looks_like):
    """Excel's own sums skip a number stored as text, so the user would see other totals than ramkalk."""
    path = edited(tmp_path, {ref: raw})
    problem = the_problem_at(check_file(path), ref)
    assert problem.severity is Severity.ERROR
    assert f'fick texten "{raw}", som ser ut som talet {looks_like} men är text, som Excel inte räknar med; skriv ' \
           "in det som ett tal" in problem.message


@pytest.mark.parametrize(
    "raw, shown",
    [
        (33, "33"),  # meant 3,3 %? never guessed
        (3.3, "3,3"),
        (-0.25, "-0,25"),
    ],
)
def test_a_clearly_wrong_rate_is_an_error_naming_the_allowed_range(tmp_path, raw, shown):
    path = edited(tmp_path, {"Index!B2": raw})  # the wage increase of 2025
    checked = check_file(path)
    assert_error(checked, path, "Index!B2",
                 f"väntade löneökning som andel {RATE_RANGE} (t.ex. 3,3 % eller 0,033), fick {shown}")
    the_only_problem(checked)


def test_a_share_over_100_percent_is_an_error(tmp_path):
    path = edited(tmp_path, {"Nämnder!C2": 75})
    problem = the_problem_at(check_file(path), "Nämnder!C2")
    assert problem.severity is Severity.ERROR
    assert "personalkostnadsandel" in problem.message
    assert problem.message.endswith("fick 75")



@pytest.mark.parametrize("ref, what", [("Nämnder!C2", "personalkostnadsandel"),
                                       ("Volymgrupper!H2", "kompensationsgrad")])
def test_a_share_out_of_range_names_the_range_0_to_100_percent(tmp_path, ref, what):
    path = edited(tmp_path, {ref: 75})
    problem = the_problem_at(check_file(path), ref)
    assert problem.message == f"väntade {what} som andel mellan 0 % och 100 % (t.ex. 3,3 % eller 0,033), fick 75"


def in_thousands(data: PlanningData) -> PlanningData:
    """`data` with every amount of every table multiplied by 1000."""
    def scaled(record, table):
        amounts = {c.field: getattr(record, c.field) * 1000 for c in table.columns
                   if c.kind in (Kind.AMOUNT, Kind.PRICE) and getattr(record, c.field) is not None}
        return dataclasses.replace(record, **amounts)

    return dataclasses.replace(data, **{t.field: tuple(scaled(r, t) for r in getattr(data, t.field)) for t in TABLES})


@pytest.mark.parametrize("unit", ["tkr", "TKR", " tkr "])
def test_amounts_in_tkr_are_multiplied_by_1000(tmp_path, unit):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!B5": unit})
    checked = check_file(path)
    assert checked.problems == ()
    data, kr = checked.data, smaby()
    assert data.settings.unit is Unit.TKR
    assert record_of(data, "frames", 2).frame == D(38_000_000_000)  # 38 000 000 "tkr"
    thousand = D(1000)
    assert [(f.frame, f.one_off) for f in data.frames] == [(f.frame * thousand, f.one_off * thousand)
                                                           for f in kr.frames]
    assert [g.price for g in data.volume_groups] == [g.price * thousand for g in kr.volume_groups]
    assert [d.amount for d in data.decisions] == [d.amount * thousand for d in kr.decisions]
    # counts, rates, shares and weights are not amounts
    assert data.population == kr.population
    assert data.index == kr.index
    assert data.committees == kr.committees
    assert [(g.weight, g.compensation) for g in data.volume_groups] == [(g.weight, g.compensation)
                                                                       for g in kr.volume_groups]
    # and every amount of every sheet is one (Småby has a value in each amount column but Resultattak)
    assert data == dataclasses.replace(in_thousands(kr), settings=data.settings)


def test_fractional_tkr_become_exact_kronor(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!B5": "tkr", "Beslut!C2": 1234.567, "Ramar!C2": 2500.5})
    data = check_file(path).data
    assert record_of(data, "decisions", 2).amount == D(1_234_567)
    assert record_of(data, "frames", 2).frame == D(2_500_500)



@pytest.mark.parametrize("ref", ["Ramar!C2", "Beslut!C2", "Volymgrupper!F2", "Befolkning!C2"])
def test_a_percentage_in_an_amount_or_count_cell_is_an_error(tmp_path, ref):
    path = edited(tmp_path, {ref: "5 %"})
    problem = the_problem_at(check_file(path), ref)
    assert problem.severity is Severity.ERROR
    assert 'fick texten "5 %", som ser ut som talet 5 %' in problem.message



@pytest.mark.parametrize("error_value", ["#N/A", "#DIV/0!"])
def test_an_error_value_in_a_cell_is_not_called_empty(tmp_path, error_value):
    path = edited(tmp_path, {"Index!C2": error_value})
    problem = the_problem_at(check_file(path), "Index!C2")
    assert "cellen är tom" not in problem.message or error_value in problem.message



def test_a_missing_column_message_shows_the_headers_found(tmp_path):
    path = edited(tmp_path, {"Index!C1": "Prisökn."})
    [problem] = [p for p in at(check_file(path), "Index") if 'kolumnen "Prisökning" saknas' in p.message]
    assert "Prisökn." in problem.message


# --- settings ---------------------------------------------------------------------------------


def test_an_unknown_setting_is_a_warning(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!A6": "Valuta", f"{SETTINGS_SHEET}!B6": "SEK"})
    checked = check_file(path)
    problem = the_only_problem(checked)
    assert problem.severity is Severity.WARNING
    assert problem.source == Source(str(path), SETTINGS_SHEET, "A6")
    assert str(problem).endswith(
        'okänd inställning "Valuta" används inte (kända: Kommun, Budgetår, Antal planår, Belopp i,'
        f' Effektiviseringsbas, Balanseringskrav, Lönerevision (månad), {", ".join(WARNING_SETTINGS)},'
        ' Effektivisering av prislappar) (varning)')
    assert checked.ok


def test_a_setting_given_twice(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!A6": " budgetår ", f"{SETTINGS_SHEET}!B6": 2028})
    checked = check_file(path)
    assert_error(checked, path, f"{SETTINGS_SHEET}!A6", 'inställningen "Budgetår" finns två gånger')
    assert checked.data is None


def test_a_missing_required_setting(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!A3": None, f"{SETTINGS_SHEET}!B3": None})
    checked = check_file(path)
    assert_error(checked, path, SETTINGS_SHEET, 'inställningen "Budgetår" saknas')
    assert checked.data is None


def test_settings_without_the_key_and_value_headers(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!B1": "Inställning"})
    checked = check_file(path)
    assert_error(checked, path, SETTINGS_SHEET, 'rubrikraden (rad 1) ska ha kolumnerna "Nyckel" och "Värde"')


# --- every problem is collected -----------------------------------------------------------------


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    path = edited(tmp_path, {
        "Index!C4": "tre",  # reading: text in a number cell
        "Befolkning!C10": -5,  # reading: negative population
        "Beslut!A2": "XYZ",  # validation: unknown committee
    })
    checked = check_file(path)
    assert_error(checked, path, "Index!C4", 'väntade ett tal (prisökning), fick "tre"')
    assert_error(checked, path, "Befolkning!C10", "väntade antal invånare på 0 eller mer, fick -5")
    assert the_problem_at(checked, "Beslut!A2").message.startswith('okänd nämnd "XYZ"')


def test_bad_settings_do_not_hide_problems_in_the_tables(tmp_path):
    path = edited(tmp_path, {f"{SETTINGS_SHEET}!B3": "tjugosju", "Ramar!C2": "många", "Beslut!D3": "Gåva"})
    checked = check_file(path)
    assert checked.data is None
    assert_error(checked, path, f"{SETTINGS_SHEET}!B3", 'väntade ett tal (budgetår), fick "tjugosju"')
    assert_error(checked, path, "Ramar!C2", 'väntade ett tal (ram), fick "många"')
    assert the_problem_at(checked, "Beslut!D3").message.endswith('fick "Gåva"')


def test_several_bad_cells_in_one_row_are_all_reported(tmp_path):
    path = edited(tmp_path, {"Volymgrupper!C2": "ett", "Volymgrupper!E2": -1, "Volymgrupper!H2": "alla"})
    checked = check_file(path)
    assert_error(checked, path, "Volymgrupper!C2", 'väntade ett tal (från ålder), fick "ett"')
    assert_error(checked, path, "Volymgrupper!E2", "väntade vikt mellan 0 och 10, fick -1")
    assert_error(checked, path, "Volymgrupper!H2", 'väntade ett tal (kompensationsgrad), fick "alla"')


def test_a_row_with_a_bad_cell_is_left_out_and_the_others_are_kept(tmp_path):
    path = edited(tmp_path, {"Index!C4": "tre"})
    reading = read_workbook(path)
    assert [row.year for row in reading.data.index] == [2025, 2026, 2028]
    assert reading.data.decisions == smaby().decisions
    assert [str(p) for p in reading.problems] == [f'{path}:Index!C4: väntade ett tal (prisökning), fick "tre"']


def test_decision_choices_ignore_case(tmp_path):
    path = edited(tmp_path, {"Beslut!D2": "satsning", "Beslut!E2": " ENGÅNGS ", "Nämnder!D4": "nej"})
    checked = check_file(path)
    assert not [p for p in checked.problems if p.severity is Severity.ERROR], listing(checked)
    decision = record_of(checked.data, "decisions", 2)
    assert (decision.kind, decision.duration) == (DecisionType.INVESTMENT, Duration.ONE_OFF)
    assert record_of(checked.data, "committees", 4).automatic_volume is False  # GSN was Ja


def test_the_totals_row_of_an_excel_table_is_not_read_as_data(tmp_path):
    without = read_workbook(save(build_workbook(smaby()), tmp_path, "utan.xlsx"))
    book = build_workbook(smaby())
    for sheet in ("Fokusområden", "Ramar"):  # a text first column (silently a focus area), amounts
        ws = book[sheet]
        [table] = ws.tables.values()
        first, top, right, bottom = range_boundaries(table.ref)
        table.ref = f"{get_column_letter(first)}{top}:{get_column_letter(right)}{bottom + 1}"
        table.totalsRowCount = 1  # (Excel: Table Design → Total Row; its filter stays above it)
        ws.cell(bottom + 1, 1, "Summa")
        ws.cell(bottom + 1, right, 12345)  # a SUBTOTAL's value, as Excel saves it
    reading = read_workbook(save(book, tmp_path))
    assert reading.problems == without.problems == ()
    assert reading.data == dataclasses.replace(without.data, file=reading.data.file)


def test_a_broken_table_part_does_not_stop_the_reading(tmp_path):
    path = save(build_workbook(smaby()), tmp_path)
    parts = zipfile.ZipFile(path)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        for info in parts.infolist():
            part = parts.read(info)
            package.writestr(info, b'<table totalsRowCount="1" ref="nonsense' if "tables/" in info.filename else part)
    path.write_bytes(broken.getvalue())
    reading = read_workbook(path)
    assert reading.problems == () and reading.data.committees == smaby().committees
