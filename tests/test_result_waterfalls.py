"""The waterfall per committee in the result workbook (sheet Uppbyggnad): native Excel charts
that reference the right cells, and cells that LibreOffice recomputes to the core's steps."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from exempelstad_runs import run_on_exempelstad
from spreadsheet_engine import computed_values

from ramkalk.example.municipality import exempelstad
from ramkalk.report.result_waterfalls import waterfall_table
from ramkalk.report.sheets import Book, Sheet, WaterfallChart
from ramkalk.report.waterfall import bars, shown_amounts, waterfall
from ramkalk.report.xlsx_render import save
from ramkalk.schema.inputs import FrameModel
from ramkalk.workbook import pipeline

SHEET = "Uppbyggnad"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "x": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}


def _related(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts `part` refers to by relationships of `kind` (e.g. "chart"), in order."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    found = []
    for rel in ElementTree.fromstring(book.read(rels)).findall("p:Relationship", NS):
        if rel.get("Type").endswith("/" + kind):
            target = rel.get("Target")
            found.append(target.lstrip("/") if target.startswith("/") else
                         posixpath.normpath(posixpath.join(posixpath.dirname(part), target)))
    return found


def charts_of_sheet(path: Path, sheet: str) -> list[dict]:
    """Every chart on `sheet`: its anchor row (1-based), title, category and series references."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rel_id = next(s.get(f"{{{NS['r']}}}id") for s in workbook.find("m:sheets", NS) if s.get("name") == sheet)
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
        sheet_part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        drawing = _related(book, sheet_part, "drawing")[0]
        anchors = [int(a.find("x:from/x:row", NS).text) + 1 for a in ElementTree.fromstring(book.read(drawing))]
        found = []
        for anchor, chart_part in zip(anchors, _related(book, drawing, "chart")):
            chart = ElementTree.fromstring(book.read(chart_part))
            series = chart.findall(".//c:ser", NS)
            found.append({
                "row": anchor,
                "title": "".join(t.text for t in chart.findall("c:chart/c:title//a:t", NS)),
                "grouping": chart.find(".//c:grouping", NS).get("val"),
                "categories": {s.find("c:cat//c:f", NS).text for s in series},
                "values": [s.find("c:val//c:f", NS).text for s in series],
                "names": [s.find("c:tx/c:v", NS).text for s in series],
                "invisible_base": series[0].find("c:spPr/a:noFill", NS) is not None,
                "legend_hides_base": chart.find(".//c:legendEntry/c:idx", NS).get("val") == "0",
            })
        return found


def _cells(reference: str) -> tuple[str, int, int]:
    """"'Uppbyggnad'!$C$5:$C$11" -> ("C", 5, 11), checking the sheet and that it is one column."""
    pattern = r"'([^']+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)"
    sheet, column, first, again, last = re.fullmatch(pattern, reference).groups()
    assert (sheet, again) == (SHEET, column), reference
    return column, int(first), int(last)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uppbyggnad")
    _workbook, out, calculation = run_on_exempelstad(folder, "beräkna", "resultat.xlsx")
    return out, calculation, computed_values(out, folder / "beräknad")[SHEET]


def test_one_chart_per_committee_referencing_its_table(result):
    out, calculation, values = result
    charts = charts_of_sheet(out, SHEET)
    year = calculation.data.settings.budget_year
    assert len(charts) == len(calculation.data.committees)
    for chart, committee in zip(charts, calculation.data.committees):
        assert chart["title"].startswith(f"{committee.code}: från ram {year - 1} till ram {year}")
        assert chart["grouping"] == "stacked" and chart["invisible_base"] and chart["legend_hides_base"]
        assert chart["names"] == ["Osynlig bas", "Ram", "Ökning", "Minskning"]
        (categories,) = chart["categories"]
        column, first, last = _cells(categories)
        assert column == "A" and values[f"A{first - 2}"].startswith(f"{committee.code} {committee.name}")
        assert [_cells(v) for v in chart["values"]] == [(c, first, last) for c in "CDEF"]
        found = waterfall(calculation, committee.code, year)
        assert [values[f"A{row}"] for row in range(first, last + 1)] == [s.label for s in found.steps]


def test_the_engine_recomputes_the_steps_and_bars_from_the_core(result):
    out, calculation, values = result
    year = calculation.data.settings.budget_year
    for chart, committee in zip(charts_of_sheet(out, SHEET), calculation.data.committees):
        _column, first, last = _cells(next(iter(chart["categories"])))
        steps = [s.amount for s in waterfall(calculation, committee.code, year).steps]
        amounts = [values[f"B{row}"] for row in range(first, last + 1)]
        assert amounts == steps
        assert amounts[-1] == calculation.frame(committee.code, year).total  # a formula: first + changes
        for row, bar in zip(range(first, last + 1), bars([int(a) for a in amounts])):
            shown = {"frame": "D", "increase": "E", "decrease": "F"}[bar.kind]
            assert (values[f"C{row}"], values[f"{shown}{row}"]) == (bar.bottom, bar.height), (committee.code, row)


def test_a_waterfall_table_anywhere_and_its_chart_recalculate_in_libreoffice(tmp_path):
    """The table below other rows, the chart where it is anchored, its value axis from a minimum."""
    ws = Sheet("Ram")
    ws.put(9, ["Från ram 2026 till ram 2027"])
    ranges = waterfall_table(ws, 10, ["Ram 2026", "Uppräkning", "Besparing", "Ram 2027"], [1000, 50, -20, 1030])
    assert ranges.categories == "A11:A14" and ranges.series == ("C11:C14", "D11:D14", "E11:E14", "F11:F14")
    ws.charts.append(WaterfallChart("J2", "Från ram 2026 till ram 2027 (tkr)", ranges.categories, ranges.series,
                                    900, "#,##0", (24, 9)))
    path = tmp_path / "mall.xlsx"
    save(Book([ws]), path)
    (chart,) = charts_of_sheet(path, "Ram")
    assert chart["row"] == 2 and chart["categories"] == {"'Ram'!$A$11:$A$14"}
    assert chart["values"] == ["'Ram'!$C$11:$C$14", "'Ram'!$D$11:$D$14", "'Ram'!$E$11:$E$14", "'Ram'!$F$11:$F$14"]
    assert chart["invisible_base"] and chart["legend_hides_base"] and chart["grouping"] == "stacked"
    with zipfile.ZipFile(path) as book:
        assert '<c:min val="900"/>' in book.read("xl/charts/chart1.xml").decode()
    computed = computed_values(path, tmp_path / "beräknad")["Ram"]
    assert [computed[f"B{r}"] for r in range(11, 15)] == [1000, 50, -20, 1030]  # the last one a formula
    assert [computed[f"C{r}"] for r in range(11, 15)] == [0, 1000, 1030, 0]
    assert [computed[f"E{r}"] - computed[f"F{r}"] for r in range(11, 15)] == [0, 50, -20, 0]


def test_the_worked_example_as_steps():
    from conftest import worked_example

    found = waterfall(pipeline.calculate_all(pipeline.check_data(worked_example())), "GSN", 2026)
    assert [(s.label, s.amount) for s in found.steps] == [
        ("Ram 2025", 2_000_000_000), ("Avgår engångsposter 2025", -20_000_000),
        ("Pris- och löneuppräkning", 53_460_000), ("Effektiviseringskrav", -19_800_000),
        ("Volymförändring (demografi)", 11_000_000), ("Beslut", 0), ("Ram 2026", 2_024_660_000)]


@pytest.mark.parametrize("model", [None, FrameModel.TRADITIONAL, FrameModel.PRICE_TAG])
def test_the_steps_go_from_last_years_frame_to_this_years_for_every_committee_and_year(model):
    calculation = pipeline.calculate_all(pipeline.check_data(exempelstad()))
    years = calculation.data.settings.years
    for committee in calculation.data.committees:
        before = calculation.lookups.adopted_frame(committee.code, years[0] - 1).frame
        for year in years:
            found = waterfall(calculation, committee.code, year, model)
            total = calculation.frame(committee.code, year, model).total
            assert found.steps[0].amount == before
            assert found.steps[0].amount + sum(s.amount for s in found.changes) == found.steps[-1].amount == total
            shown = shown_amounts(found)
            assert shown[0] + sum(shown[1:-1]) == shown[-1]
            before = total
