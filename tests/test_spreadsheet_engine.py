"""Tests for the LibreOffice recalculation helper used to verify workbooks.

These tests never skip: if LibreOffice is missing, ensure_libreoffice()
installs it (or fails loudly).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest

try:  # works whether or not tests/ is a package
    from . import spreadsheet_engine as engine
except ImportError:
    import spreadsheet_engine as engine


@pytest.fixture(scope="module", autouse=True)
def soffice() -> str:
    return engine.ensure_libreoffice()


def _simple_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = 2
    ws["A2"] = 3
    ws["A3"] = "=A1*A2"
    wb.save(path)
    return path


def _inject_cached_value(path: Path, sheet_xml: str, cell: str, cached: str) -> None:
    """Rewrite the xlsx so that formula cell ``cell`` carries ``<v>cached</v>``.

    openpyxl always drops cached values, so the stale cache is crafted by
    editing the sheet XML inside the zip.
    """
    tmp = path.with_suffix(".tmp")
    pattern = re.compile(
        rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?'
    )
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == sheet_xml:
                text, count = pattern.subn(rf"\1<v>{cached}</v>", data.decode("utf-8"))
                assert count == 1, f"formula cell {cell} not found in {sheet_xml}"
                data = text.encode("utf-8")
            zout.writestr(info, data)
    tmp.replace(path)


def test_ensure_libreoffice_returns_executable(soffice: str) -> None:
    assert os.path.isfile(soffice)
    assert os.access(soffice, os.X_OK)
    assert engine.ensure_libreoffice() == soffice


def test_simple_formula_is_computed(tmp_path: Path) -> None:
    src = _simple_workbook(tmp_path / "simple.xlsx")
    # Precondition: openpyxl itself has no computed value.
    assert openpyxl.load_workbook(src, data_only=True)["Data"]["A3"].value is None

    values = engine.computed_values(src, tmp_path / "out")
    assert values == {"Data": {"A1": 2, "A2": 3, "A3": 6}}


def test_recalculate_returns_fresh_xlsx_in_out_dir(tmp_path: Path) -> None:
    src = _simple_workbook(tmp_path / "book.xlsx")
    out = engine.recalculate(src, tmp_path / "out")
    assert out == (tmp_path / "out" / "book.xlsx").resolve()
    assert zipfile.is_zipfile(out)
    # The formula itself survives the round trip.
    assert openpyxl.load_workbook(out)["Data"]["A3"].value == "=A1*A2"


def test_stale_cached_value_is_recalculated(tmp_path: Path) -> None:
    src = _simple_workbook(tmp_path / "stale.xlsx")
    _inject_cached_value(src, "xl/worksheets/sheet1.xml", "A3", "999")
    # Precondition: the file really carries the wrong cached value.
    assert openpyxl.load_workbook(src, data_only=True)["Data"]["A3"].value == 999

    values = engine.computed_values(src, tmp_path / "out")
    assert values["Data"]["A3"] == 6


def test_sum_over_range(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summa"
    for row, value in enumerate([1.5, 2, 3, 4, 10], start=1):
        ws.cell(row=row, column=1, value=value)
        ws.cell(row=row, column=2, value=row * 100)
    ws["C1"] = "=SUM(A1:A5)"
    ws["C2"] = "=SUM(A1:B5)"
    ws["C3"] = "=SUM(A1:A5)/COUNT(A1:A5)"
    src = tmp_path / "sum.xlsx"
    wb.save(src)

    cells = engine.computed_values(src, tmp_path / "out")["Summa"]
    assert cells["C1"] == pytest.approx(20.5)
    assert cells["C2"] == pytest.approx(20.5 + 1500)
    assert cells["C3"] == pytest.approx(4.1)


def test_cross_sheet_reference(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Indata"
    data["A1"] = 10
    data["A2"] = 20
    data["A3"] = 30
    board = wb.create_sheet("Nämnd A")  # space and non-ASCII in the name
    board["A1"] = "Förskola"
    board["B1"] = 7
    summary = wb.create_sheet("Resultat")
    summary["A1"] = "=SUM(Indata!A1:A3)"
    summary["A2"] = "='Nämnd A'!B1*Indata!A2"
    summary["A3"] = "='Nämnd A'!A1"
    src = tmp_path / "cross.xlsx"
    wb.save(src)

    values = engine.computed_values(src, tmp_path / "out")
    assert list(values) == ["Indata", "Nämnd A", "Resultat"]
    assert values["Resultat"] == {"A1": 60, "A2": 140, "A3": "Förskola"}


def test_stale_cache_on_cross_sheet_formula(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Indata"
    wb["Indata"]["A1"] = 4
    out_ws = wb.create_sheet("Resultat")
    out_ws["A1"] = "=Indata!A1*10"
    src = tmp_path / "cross_stale.xlsx"
    wb.save(src)
    _inject_cached_value(src, "xl/worksheets/sheet2.xml", "A1", "999")
    assert openpyxl.load_workbook(src, data_only=True)["Resultat"]["A1"].value == 999

    assert engine.computed_values(src, tmp_path / "out")["Resultat"]["A1"] == 40


@pytest.mark.parametrize(
    "content",
    [
        "this is not a workbook\n",
        # CSV-like text: without a forced input filter LibreOffice would
        # silently import this through its text filter and "succeed".
        "a,b\n1,2\n",
    ],
    ids=["plain-text", "csv-like-text"],
)
def test_non_workbook_raises(tmp_path: Path, content: str) -> None:
    src = tmp_path / "not_a_workbook.xlsx"
    src.write_text(content)
    with pytest.raises(RuntimeError, match="could not recalculate"):
        engine.recalculate(src, tmp_path / "out")


def test_old_output_is_not_mistaken_for_success(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # A valid workbook already sits where the output would go.
    _simple_workbook(out_dir / "book.xlsx")
    src = tmp_path / "book.xlsx"
    src.write_text("garbage")
    with pytest.raises(RuntimeError) as excinfo:
        engine.recalculate(src, out_dir)
    # LibreOffice's own diagnostics are part of the message.
    assert "stderr:" in str(excinfo.value)


def test_output_must_not_overwrite_input(tmp_path: Path) -> None:
    src = _simple_workbook(tmp_path / "book.xlsx")
    with pytest.raises(ValueError):
        engine.recalculate(src, tmp_path)


def test_parallel_threads(tmp_path: Path) -> None:
    sources = []
    for i in range(3):
        wb = openpyxl.Workbook()
        wb.active["A1"] = i
        wb.active["A2"] = "=A1*A1+1"
        src = tmp_path / f"t{i}.xlsx"
        wb.save(src)
        sources.append(src)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda s: engine.computed_values(s, tmp_path / "out"), sources))
    assert [r["Sheet"]["A2"] for r in results] == [1, 2, 5]


def test_parallel_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Different pids (as with pytest-xdist) use separate profiles concurrently."""
    # Pool workers exit without running atexit: keep their profiles in tmp_path.
    worker_tmp = tmp_path / "worker_tmp"
    worker_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(worker_tmp))
    sources = []
    for i in range(2):
        wb = openpyxl.Workbook()
        wb.active["A1"] = i + 2
        wb.active["A2"] = "=A1^3"
        src = tmp_path / f"p{i}.xlsx"
        wb.save(src)
        sources.append(src)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.starmap(
            engine.computed_values, [(s, tmp_path / f"out{i}") for i, s in enumerate(sources)]
        )
    assert [r["Sheet"]["A2"] for r in results] == [8, 27]
    # Each worker made its own profile, keyed by its (non-parent) pid.
    profile_pids = [int(p.name.split("-")[3]) for p in worker_tmp.glob("ramkalk-lo-profile-*")]
    assert profile_pids and os.getpid() not in profile_pids
    assert len(set(profile_pids)) == len(profile_pids)
