"""The workbooks ramkalk writes from scratch (`ramkalk.report.sheets` rendered by XlsxWriter through
`ramkalk.report.xlsx_render`), through real files read by openpyxl, python-calamine and LibreOffice:
what the former hand-made package writer guarded, now that XlsxWriter writes the parts."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from spreadsheet_engine import computed_values

from ramkalk.report.sheets import KR, KR_FORMAT, SUM, TITLE, BarChart, Book, Formula, Look, Sheet
from ramkalk.report.xlsx_render import WriteError, save

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LOOKS_LIKE_FORMULAS = ["=1+1", '=HYPERLINK("http://exempel.se")', "+46 70 123", "-x", "@SUM(A1)"]


def saved(tmp_path: Path, *sheets: Sheet) -> Path:
    path = tmp_path / "bok.xlsx"
    save(Book(list(sheets)), path)
    return path


def test_values_formulas_and_looks_load_in_openpyxl(tmp_path):
    ws = Sheet("Blad")
    ws.append(["text", 7, 2.5, Decimal("1500"), Decimal("12.25"), True, None, "", Formula("=B1*2")])
    ws.put(3, [Decimal(-1234), None, Formula("=SUM(A3:A3)")], KR)
    ws.put(4, ["sist"], column=3)
    ws.put(5, ["Summa", 1], [TITLE, SUM])
    sheet = openpyxl.load_workbook(saved(tmp_path, ws))["Blad"]
    assert [c.value for c in sheet[1]] == ["text", 7, 2.5, 1500, 12.25, True, None, None, "=B1*2"]
    assert [c.data_type for c in sheet[1]] == ["s", "n", "n", "n", "n", "b", "n", "n", "f"]
    assert isinstance(sheet["D1"].value, int)
    assert [(c.value, c.number_format) for c in sheet[3][:3]] == [(-1234, KR_FORMAT), (None, KR_FORMAT),
                                                                  ("=SUM(A3:A3)", KR_FORMAT)]
    assert sheet["A1"].number_format == "General" and sheet[2][0].value is None and sheet["C4"].value == "sist"
    assert (sheet["A5"].font.b, sheet["A5"].font.sz) == (True, 14)
    assert (sheet["B5"].font.b, sheet["B5"].border.top.style, sheet["B5"].number_format) == (True, "thin", KR_FORMAT)


def test_text_that_looks_like_a_formula_stays_text_also_when_libreoffice_recalculates(tmp_path):
    ws = Sheet("Äskanden per område")
    for row, text in enumerate(LOOKS_LIKE_FORMULAS, 1):
        ws.append([text, Formula(f"=LEN(A{row})")])
    ws.append([Formula("=1+1"), Formula('=IF(A1="=1+1","text","formel")')])
    path = saved(tmp_path, ws)
    sheet = openpyxl.load_workbook(path)["Äskanden per område"]
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 1).data_type) for r in range(1, 6)] == [
        (text, "s") for text in LOOKS_LIKE_FORMULAS]
    values = computed_values(path, tmp_path / "lo")["Äskanden per område"]
    assert [values[f"A{r}"] for r in range(1, 6)] == LOOKS_LIKE_FORMULAS
    assert [values[f"B{r}"] for r in range(1, 6)] == [len(text) for text in LOOKS_LIKE_FORMULAS]
    assert (values["A6"], values["B6"]) == (2, "text")


def test_special_characters_whitespace_and_control_characters_come_back_as_written(tmp_path):
    """XlsxWriter escapes a control character (and a literal "_x0041_") the way Excel reads it back."""
    texts = ['Bygg & anläggning <nya> "ÅÄÖ" \'åäö\'', " inledande", "efterföljande ", "a\x07b\x1fc", "_x0041_",
             "rad\nrad", "tab\there"]
    ws = Sheet("Blad")
    ws.append(texts)
    rows = CalamineWorkbook.from_path(saved(tmp_path, ws)).get_sheet_by_name("Blad").to_python()
    assert rows == [texts]


def test_a_text_longer_than_excel_allows_is_refused_not_cut(tmp_path):
    ws = Sheet("Blad")
    ws.append(["x" * 32_768])
    with pytest.raises(WriteError, match="Blad!A1"):
        saved(tmp_path, ws)


def test_frozen_panes_widths_filter_and_print_set_up(tmp_path):
    sheets = []
    for name, cell in [("C2", "C2"), ("A2", "A2"), ("B1", "B1"), ("Ingen", None)]:
        ws = Sheet(name, freeze=cell)
        ws.append(["Rubrik", "x"])
        ws.append(["a", 1])
        ws.set_widths([10, 30.5])
        sheets.append(ws)
    sheets[0].autofilter, sheets[0].print_titles = "A1:B2", 1
    loaded = openpyxl.load_workbook(saved(tmp_path, *sheets))
    assert [ws.freeze_panes for ws in loaded.worksheets] == ["C2", "A2", "B1", None]
    first = loaded["C2"]
    assert first.auto_filter.ref == "A1:B2" and first.print_title_rows == "$1:$1"
    setup = first.page_setup  # (fitToWidth absent: Excel's default, one page wide)
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert first.sheet_properties.pageSetUpPr.fitToPage
    widths = [first.column_dimensions[c].width for c in "AB"]  # in characters, with the padding XlsxWriter adds as Excel does
    assert [round(w) for w in widths] == [11, 31]


def test_tables_have_names_refs_columns_style_and_an_empty_one_gets_one_row(tmp_path):
    ws = Sheet("Översikt")
    ref = ws.add_table("Oversikt", ["Nämnd", "Ram 2027"], [["KS", 100], ["GSN", 200]], looks=[None, KR])
    ws.put(5, ["Per typ"])
    assert ws.add_table("PerTyp", ["Typ", "Äskat 2027"], [], looks=[None, KR], row=6, column=2) == "B6:C7"
    assert ref == "A1:B3"
    sheet = openpyxl.load_workbook(saved(tmp_path, ws))["Översikt"]
    tables = {t.name: t for t in sheet.tables.values()}
    assert {n: (t.ref, t.autoFilter.ref, [c.name for c in t.tableColumns]) for n, t in tables.items()} == {
        "Oversikt": ("A1:B3", "A1:B3", ["Nämnd", "Ram 2027"]), "PerTyp": ("B6:C7", "B6:C7", ["Typ", "Äskat 2027"])}
    assert all(t.tableStyleInfo.name == "TableStyleMedium2" and t.tableStyleInfo.showRowStripes
               for t in tables.values())
    assert (sheet["C7"].value, sheet["C7"].number_format, sheet["B3"].number_format) == (None, KR_FORMAT, KR_FORMAT)


def test_a_table_name_excel_would_repair_is_refused(tmp_path):
    ws = Sheet("Blad")
    ws.add_table("A1", ["A"], [])
    with pytest.raises(WriteError, match="table A1"), pytest.warns(UserWarning, match="looks like a cell"):
        saved(tmp_path, ws)


@pytest.mark.parametrize("name", ["", "x" * 32, "Blad:1", "Fråga?", "'citat'", "blad"])
def test_sheet_names_excel_does_not_allow_are_refused(tmp_path, name):
    with pytest.raises(Exception, match="(?i)sheet"):
        saved(tmp_path, Sheet("Blad"), Sheet(name))


def test_rows_go_in_order_and_unknown_values_are_refused():
    ws = Sheet("Blad")
    ws.put(2, ["a"])
    with pytest.raises(ValueError):
        ws.put(1, ["b"])
    with pytest.raises(ValueError):
        ws.put(2, ["b"])  # (its cells from column A are written)
    with pytest.raises(TypeError):
        ws.append([object()])
    with pytest.raises(ValueError):
        ws.append([float("nan")])
    with pytest.raises(ValueError):
        Formula("SUM(A1)")


def test_the_bar_chart_refers_to_the_sheet_and_has_its_title_and_number_format(tmp_path):
    ws = Sheet("Äskanden per område")
    for row in [["Fokusområde", "Äskat 2027", "Äskat 2028"], ["Barn och unga", 100, 200], ["Trygghet", -50, 0]]:
        ws.append(row)
    ws.charts.append(BarChart("E2", "Äskanden per fokusområde (tkr)", "B1:C3", "A2:A3", "#,##0", (20, 10)))
    path = saved(tmp_path, ws)
    [chart] = openpyxl.load_workbook(path)["Äskanden per område"]._charts
    assert (chart.type, chart.grouping) == ("bar", "clustered")
    assert chart.title.tx.rich.p[0].r[0].t == "Äskanden per fokusområde (tkr)"
    sheet = "'Äskanden per område'!"
    assert [(s.tx.strRef.f, s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f, s.val.numRef.f)
            for s in chart.series] == [
        (f"{sheet}$B$1", f"{sheet}$A$2:$A$3", f"{sheet}$B$2:$B$3"),
        (f"{sheet}$C$1", f"{sheet}$A$2:$A$3", f"{sheet}$C$2:$C$3")]
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/charts/chart1.xml").decode()
    assert 'formatCode="#,##0"' in xml


def test_the_workbook_recalculates_on_open_and_formulas_carry_no_stale_value(tmp_path):
    ws = Sheet("Första")
    ws.append([1, Formula("=A1*2")], [Look("0"), None])
    path = saved(tmp_path, ws)
    with zipfile.ZipFile(path) as package:
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        cell = ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml")).find(
            f"{MAIN}sheetData/{MAIN}row/{MAIN}c[@r='B1']")
    assert workbook.find(f"{MAIN}calcPr").get("fullCalcOnLoad") == "1"
    assert cell.find(f"{MAIN}f").text == "A1*2" and not cell.find(f"{MAIN}v").text  # no cached 0
    assert computed_values(path, tmp_path / "lo")["Första"]["B1"] == 2
