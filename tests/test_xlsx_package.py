"""The .xlsx writer of the consolidated workbook, through real files read by openpyxl and LibreOffice."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from ramkalk.report.xlsx_package import Formula, Workbook, clean
from spreadsheet_engine import computed_values

KR = "#,##0;-#,##0"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
LOOKS_LIKE_FORMULAS = ["=1+1", '=HYPERLINK("http://exempel.se")', "+46 70 123", "-x", "@SUM(A1)"]
SPECIAL = 'Bygg & anläggning <nya> "ÅÄÖ" \'åäö\''


def saved(book: Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "bok.xlsx"
    book.save(path)
    return path


def test_values_formulas_and_number_formats_load_in_openpyxl(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Blad")
    ws.write_row(1, ["text", 7, 2.5, Decimal("1500"), Decimal("12.25"), True, None, "", Formula("=B1*2")])
    ws.write_row(3, [Decimal(-1234), None, Formula("=SUM(A3:A3)")], formats=[KR, KR, KR])
    ws.write_row(4, ["sist"], first_column=3)
    sheet = openpyxl.load_workbook(saved(book, tmp_path))["Blad"]
    assert [c.value for c in sheet[1]] == ["text", 7, 2.5, 1500, 12.25, True, None, None, "=B1*2"]
    assert [c.data_type for c in sheet[1]] == ["s", "n", "n", "n", "n", "b", "n", "n", "f"]
    assert isinstance(sheet["D1"].value, int)
    assert [(c.value, c.number_format) for c in sheet[3][:3]] == [(-1234, KR), (None, KR), ("=SUM(A3:A3)", KR)]
    assert sheet["A1"].number_format == "General"
    assert (sheet["A4"].value, sheet["C4"].value) == (None, "sist")
    assert sheet.max_row == 4 and sheet[2][0].value is None


def test_text_that_looks_like_a_formula_stays_text_also_when_libreoffice_recalculates(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Äskanden per område")
    ws.write_rows(1, [[text, Formula(f"=LEN(A{row})")] for row, text in enumerate(LOOKS_LIKE_FORMULAS, 1)])
    ws.write_row(len(LOOKS_LIKE_FORMULAS) + 1, [Formula("=1+1"), Formula('=IF(A1="=1+1","text","formel")')])
    path = saved(book, tmp_path)
    sheet = openpyxl.load_workbook(path)["Äskanden per område"]
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 1).data_type) for r in range(1, 6)] == [
        (text, "s") for text in LOOKS_LIKE_FORMULAS]
    values = computed_values(path, tmp_path / "lo")["Äskanden per område"]
    assert [values[f"A{r}"] for r in range(1, 6)] == LOOKS_LIKE_FORMULAS
    assert [values[f"B{r}"] for r in range(1, 6)] == [len(text) for text in LOOKS_LIKE_FORMULAS]
    assert (values["A6"], values["B6"]) == (2, "text")


def test_xml_special_characters_swedish_letters_and_whitespace_round_trip(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Nämnd & mål")
    texts = [SPECIAL, "  inledande och avslutande  ", "rad 1\nrad 2", "tab\there", "vagn\r\nretur", " "]
    ws.write_row(1, texts)
    ws.add_table("Tabell", [SPECIAL, "Å"], [[1, 2]], row=3)
    path = saved(book, tmp_path)
    book_read = openpyxl.load_workbook(path)
    assert book_read.sheetnames == ["Nämnd & mål"]
    sheet = book_read["Nämnd & mål"]
    assert [c.value for c in sheet[1]] == texts
    with zipfile.ZipFile(path) as package:  # leading or trailing spaces are marked, as Excel does
        cells = ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml")).iter(f"{MAIN}t")
        assert [t.get(XML_SPACE) for t in cells][:6] == [None, "preserve", None, None, None, "preserve"]
    assert [c.name for c in sheet.tables["Tabell"].tableColumns] == [SPECIAL, "Å"]
    assert sheet["A3"].value == SPECIAL


def test_characters_xml_forbids_are_replaced_by_the_replacement_character(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Blad")
    ws.write_row(1, ["a\x00b\x08c\x0bd\x1fe", "lone \ud800 surrogate", "not\ufffea\uffffcharacter", "ok\t\n"])
    sheet = openpyxl.load_workbook(saved(book, tmp_path))["Blad"]
    assert [c.value for c in sheet[1]] == ["a\ufffdb\ufffdc\ufffdd\ufffde", "lone \ufffd surrogate",
                                           "not\ufffda\ufffdcharacter", "ok\t\n"]
    assert clean("Nämnd\x07") == "Nämnd\ufffd"
    with pytest.raises(openpyxl.utils.exceptions.IllegalCharacterError):  # what openpyxl does instead
        openpyxl.Workbook().active["A1"] = "a\x00b"


def test_frozen_panes_and_column_widths(tmp_path):
    book = Workbook()
    for name, cell in [("C2", "C2"), ("A2", "A2"), ("B1", "B1"), ("Ingen", None)]:
        ws = book.add_sheet(name)
        ws.write_row(1, ["x"])
        ws.set_widths([10, 30.5, 8])
        if cell:
            ws.freeze(cell)
    path = saved(book, tmp_path)
    loaded = openpyxl.load_workbook(path)
    assert [ws.freeze_panes for ws in loaded.worksheets] == ["C2", "A2", "B1", None]
    with zipfile.ZipFile(path) as package:  # what Excel reads: the split, not only the top left cell
        panes = [ElementTree.fromstring(package.read(f"xl/worksheets/sheet{i}.xml")).find(
            f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane") for i in (1, 2, 3, 4)]
    assert [dict(pane.attrib) if pane is not None else None for pane in panes] == [
        {"xSplit": "2", "ySplit": "1", "topLeftCell": "C2", "activePane": "bottomRight", "state": "frozen"},
        {"ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"},
        {"xSplit": "1", "topLeftCell": "B1", "activePane": "topRight", "state": "frozen"}, None]
    assert [loaded["C2"].column_dimensions[c].width for c in "ABC"] == [10, 30.5, 8]


def test_tables_have_names_refs_columns_style_and_an_empty_one_gets_one_row(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Översikt")
    ref = ws.add_table("Oversikt", ["Nämnd", "Ram 2027"], [["KS", 100], ["GSN", 200]], formats=[None, KR])
    ws.write_row(5, ["Per typ"])
    assert ws.add_table("PerTyp", ["Typ", "Äskat 2027"], [], formats=[None, KR], row=6, column=2) == "B6:C7"
    assert ref == "A1:B3"
    sheet = openpyxl.load_workbook(saved(book, tmp_path))["Översikt"]
    tables = {name: sheet.tables[name] for name in sheet.tables}
    assert {n: (t.ref, t.autoFilter.ref, [c.name for c in t.tableColumns]) for n, t in tables.items()} == {
        "Oversikt": ("A1:B3", "A1:B3", ["Nämnd", "Ram 2027"]), "PerTyp": ("B6:C7", "B6:C7", ["Typ", "Äskat 2027"])}
    assert all(t.tableStyleInfo.name == "TableStyleMedium2" and t.tableStyleInfo.showRowStripes
               for t in tables.values())
    assert [c.value for c in sheet[1][:2]] == ["Nämnd", "Ram 2027"] and (sheet["B6"].value, sheet["C6"].value) == (
        "Typ", "Äskat 2027")
    assert (sheet["C7"].value, sheet["C7"].number_format, sheet["B3"].number_format) == (None, KR, KR)


@pytest.mark.parametrize("name, columns", [
    ("Dubbel", ["Ram", "ram"]), ("Tom", ["A", ""]), ("Radbrytning", ["A\nB"]), ("A1", ["A"]), ("R1C1", ["A"]),
    ("1tabell", ["A"]), ("Med mellanslag", ["A"]), ("Oversikt", ["A"])])
def test_table_names_and_columns_excel_would_repair_are_refused(name, columns):
    book = Workbook()
    ws = book.add_sheet("Blad")
    ws.add_table("Oversikt", ["A"], [])
    with pytest.raises(ValueError):
        ws.add_table(name, columns, [], row=5)


@pytest.mark.parametrize("name", ["", "x" * 32, "Blad:1", "Fråga?", "'citat'", "History", "blad"])
def test_sheet_names_excel_does_not_allow_are_refused(name):
    book = Workbook()
    book.add_sheet("Blad")
    with pytest.raises(ValueError):
        book.add_sheet(name)


def test_rows_are_written_in_order_and_unknown_values_are_refused(tmp_path):
    ws = Workbook().add_sheet("Blad")
    ws.write_row(2, ["a"])
    with pytest.raises(ValueError):
        ws.write_row(2, ["b"])
    with pytest.raises(TypeError):
        ws.write_row(3, [object()])
    with pytest.raises(ValueError):
        ws.write_row(4, [float("nan")])
    with pytest.raises(ValueError):
        ws.write_row(5, [Formula("SUM(A1)")])


def test_the_bar_chart_refers_to_the_sheet_and_its_axes_are_shown(tmp_path):
    book = Workbook()
    ws = book.add_sheet("Äskanden per område")
    ws.write_rows(1, [["Fokusområde", "Äskat 2027", "Äskat 2028"], ["Barn och unga", 100, 200],
                      ["Trygghet", -50, 0]])
    ws.add_bar_chart("Äskanden per fokusområde (tkr)", data="B1:C3", categories="A2:A3", anchor="E2")
    path = saved(book, tmp_path)
    [chart] = openpyxl.load_workbook(path)["Äskanden per område"]._charts
    assert (chart.type, chart.grouping) == ("bar", "clustered")
    assert chart.title.tx.rich.p[0].r[0].t == "Äskanden per fokusområde (tkr)"
    sheet = "'Äskanden per område'!"
    assert [(s.tx.strRef.f, s.cat.strRef.f, s.val.numRef.f) for s in chart.series] == [
        (f"{sheet}$B$1", f"{sheet}$A$2:$A$3", f"{sheet}$B$2:$B$3"),
        (f"{sheet}$C$1", f"{sheet}$A$2:$A$3", f"{sheet}$C$2:$C$3")]
    assert chart.y_axis.numFmt.formatCode == "#,##0"
    assert chart.x_axis.delete is False and chart.y_axis.delete is False
    anchor = chart.anchor
    assert (anchor._from.col, anchor._from.row, anchor.ext.width, anchor.ext.height) == (4, 1, 7200000, 3600000)
    with pytest.raises(ValueError):
        ws.add_bar_chart("Två", data="B1:C3", categories="A2:A3", anchor="E20")


WORKSHEET_ORDER = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "pageMargins",
                   "drawing", "tableParts"]


def test_the_package_has_every_part_declared_deflated_in_schema_order_and_recalculates_on_open(tmp_path):
    book = Workbook()
    first = book.add_sheet("Första")
    first.add_table("Forsta", ["A", "B"], [[1, Formula("=A2")]], formats=[KR, None])
    first.set_widths([12])
    first.freeze("B2")
    second = book.add_sheet("Andra")
    second.write_rows(1, [["Kategori", "Värde"], ["a", 1]])
    second.add_bar_chart("Titel", data="B1:B2", categories="A2:A2", anchor="D2")
    with zipfile.ZipFile(saved(book, tmp_path)) as package:
        names = set(package.namelist())
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in package.infolist())
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        declared = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
        assert declared == {n for n in names if n.endswith(".xml") and n != "[Content_Types].xml"}
        assert {"xl/tables/table1.xml", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/styles.xml",
                "xl/worksheets/_rels/sheet2.xml.rels", "docProps/core.xml"} <= names
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        assert workbook.find(f"{MAIN}calcPr").get("fullCalcOnLoad") == "1"
        for index, part in ((1, "tableParts"), (2, "drawing")):
            sheet = ElementTree.fromstring(package.read(f"xl/worksheets/sheet{index}.xml"))
            tags = [child.tag.removeprefix(MAIN) for child in sheet]
            assert tags == sorted(tags, key=WORKSHEET_ORDER.index) and part in tags, tags
        assert ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml")).find(
            f"{MAIN}sheetViews/{MAIN}sheetView").get("tabSelected") == "1"
        styles = ElementTree.fromstring(package.read("xl/styles.xml"))
        assert [f.get("formatCode") for f in styles.iter(f"{MAIN}numFmt")] == [KR]
        assert int(next(styles.iter(f"{MAIN}numFmt")).get("numFmtId")) >= 164
        assert len(styles.find(f"{MAIN}fills")) == 2
    loaded = openpyxl.load_workbook(tmp_path / "bok.xlsx")
    assert loaded.active.title == "Första" and loaded["Första"]["A2"].number_format == KR
