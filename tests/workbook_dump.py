"""A workbook as reviewable text: every cell's value or formula, number format, lock and fill,
and each sheet's validations, conditional formats, protection, panes, print set-up and charts.

Used for golden files: an approved workbook's dump is committed, and a test compares a
fresh dump with it, so any change of layout shows as a diff in review. Charts are read
from the file's XML (openpyxl does not load charts).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


def _value(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _cells(ws: Worksheet) -> dict[str, dict[str, object]]:
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
            locked = cell.protection.locked
            if cell.value is None and locked and fill is None and cell.number_format == "General":
                continue
            record: dict[str, object] = {"v": _value(cell.value), "format": cell.number_format, "låst": locked}
            if fill is not None:
                record["fyllning"] = fill
            if cell.font.bold:
                record["fet"] = True
            cells[cell.coordinate] = record
    return cells


def _protection(ws: Worksheet) -> dict[str, object]:
    p = ws.protection
    return {"skyddat": bool(p.sheet), "lösenord": bool(p.password), "infoga rader": not p.insertRows,
            "ändra kolumnbredd": not p.formatColumns, "markera låsta celler": not p.selectLockedCells}


def _validations(ws: Worksheet) -> list[dict[str, object]]:
    return [{"område": str(v.sqref), "typ": v.type, "villkor": v.operator, "formel1": v.formula1,
             "formel2": v.formula2, "tomt tillåtet": bool(v.allow_blank), "fel": v.error, "hjälp": v.prompt}
            for v in ws.data_validations.dataValidation]


def _conditional(ws: Worksheet) -> list[dict[str, object]]:
    return [{"område": str(rules.sqref), "regel": r.type, "villkor": r.operator, "formel": list(r.formula)}
            for rules in ws.conditional_formatting for r in rules.rules]


def _print(ws: Worksheet) -> dict[str, object]:
    setup = ws.page_setup
    return {"orientering": setup.orientation, "papper": setup.paperSize, "bredd": setup.fitToWidth,
            "höjd": setup.fitToHeight, "anpassa": bool(ws.sheet_properties.pageSetUpPr.fitToPage),
            "rubrikrader": ws.print_title_rows,
            "sidfot": [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text]}


def _widths(ws: Worksheet) -> dict[str, float]:
    return {letter: d.width for letter, d in sorted(ws.column_dimensions.items()) if d.width}


def _targets(archive: zipfile.ZipFile, rels: str, kind: str) -> list[str]:
    """The parts of one kind ("drawing", "chart") a relationships part points to, as zip names
    (they live in xl/drawings and xl/charts, whether the target is written absolute or relative)."""
    if rels not in archive.namelist():
        return []
    return [f"xl/{kind}s/{name}" for name in re.findall(rf'Target="[^"]*/({kind}\d+\.xml)"', archive.read(rels).decode())]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its worksheet part ("xl/worksheets/sheet2.xml")."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for relation in re.findall(r"<Relationship [^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', relation).group(1), re.search(r'Target="([^"]+)"', relation).group(1)
        targets[rid] = "xl/" + target.split("xl/")[-1].lstrip("/")
    return {name: targets[rid] for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook)}


def charts(path: Path) -> list[dict[str, object]]:
    """Every chart: the sheet it is drawn on, its cell references and its value axis' minimum."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for title, part in _sheet_parts(archive).items():
            folder, name = part.rsplit("/", 1)
            for drawing in _targets(archive, f"{folder}/_rels/{name}.rels", "drawing"):
                drawing_folder, drawing_name = drawing.rsplit("/", 1)
                for chart in _targets(archive, f"{drawing_folder}/_rels/{drawing_name}.rels", "chart"):
                    xml = archive.read(chart).decode()
                    minimum = re.search(r"<(?:c:)?valAx>.*?<(?:c:)?min val=\"([^\"]+)\"", xml, re.S)
                    found.append({"blad": title, "referenser": re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", xml),
                                  "axelns minimum": minimum.group(1) if minimum else None})
    return found


def dump(path: Path) -> dict[str, object]:
    """The whole workbook at `path` (see the module docstring)."""
    book = openpyxl.load_workbook(path)
    security = book.security
    return {
        "arbetsbok": {"blad": book.sheetnames,
                      "struktur låst": bool(security and security.lockStructure),
                      "diagram": charts(path)},
        "blad": {ws.title: {"synlighet": ws.sheet_state, "skydd": _protection(ws), "låsta rutor": ws.freeze_panes,
                            "utskrift": _print(ws), "kolumnbredder": _widths(ws), "validering": _validations(ws),
                            "villkorsstyrd formatering": _conditional(ws), "celler": _cells(ws)}
                 for ws in book.worksheets},
    }


def to_text(value: object, indent: str = "") -> str:
    """JSON with one line per leaf object (a cell, a validation), so a diff shows what changed."""
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        inner = indent + " "
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {to_text(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" if items else "{}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        inner = indent + " "
        return "[\n" + ",\n".join(f"{inner}{to_text(v, inner)}" for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)
