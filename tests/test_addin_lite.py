"""The scripts of xlwings Lite (`ramkalk.addin.lite`, loaded by `lite/main.py`) and the script that writes
the adopted frames to Ramar, run against the fake open workbook of test_addin_macros."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import xlwings as xw
from test_addin_macros import FakeBook, workbook  # noqa: F401 - the fixture

from ramkalk.addin import lite, macros
from ramkalk.addin.models import MODELS
from ramkalk.workbook import pipeline
from ramkalk.workbook.adoption import adopted_frames

ROOT = Path(__file__).resolve().parent.parent


def test_the_lite_entry_and_requirements_name_what_lite_needs():
    main = (ROOT / "lite" / "main.py").read_text(encoding="utf-8")
    assert "from ramkalk.addin.functions import RAM, RAMBALANS, RAMENHET, RAMFORKLARING, RAMLISTA, RAMMODELL" in main
    imported = {alias.name for node in ast.parse(main).body if isinstance(node, ast.ImportFrom)
                and node.module == "ramkalk.addin.lite" for alias in node.names}
    assert imported == {"ramkalk_befolkning", "ramkalk_konsolidera", "ramkalk_ramar", "ramkalk_resultat",
                        "ramkalk_underlag"}
    requirements = [line for line in (ROOT / "lite" / "requirements.txt").read_text(encoding="utf-8").splitlines()
                    if line and not line.startswith("#")]
    assert requirements[:2] == ["xlwings", "openpyxl"] and requirements[2].endswith("-py3-none-any.whl")
    assert not any(name in " ".join(requirements) for name in ("calamine", "matplotlib", "pandas"))


def test_every_lite_script_takes_only_the_book_as_lites_documentation_writes_it():
    for name in ("ramkalk_resultat", "ramkalk_ramar", "ramkalk_underlag", "ramkalk_konsolidera"):
        (parameter,) = inspect.signature(getattr(lite, name)).parameters.values()
        assert parameter.name == "book" and parameter.annotation is xw.Book, name


@pytest.mark.parametrize("name", ["ramkalk_underlag", "ramkalk_konsolidera"])
def test_the_scripts_that_need_files_say_in_swedish_what_to_use_instead(workbook, name):  # noqa: F811
    book = FakeBook(workbook)
    getattr(lite, name)(book)
    (text,) = book.app.alerts
    assert "klassiska xlwings" in text and "kommandot `ramkalk " in text


def test_the_lite_result_script_writes_the_result_sheets(workbook):  # noqa: F811
    book = FakeBook(workbook)
    lite.ramkalk_resultat(book)
    assert book.app.alerts[-1].startswith("Skrev ") and any(s.name == "Resultat Ramar" for s in book.sheets)


def test_the_adopted_frames_are_appended_to_ramar_once(workbook):  # noqa: F811
    book = FakeBook(workbook)
    ramar = next(s for s in book.sheets if s.name == "Ramar")
    before = [list(r) for r in ramar.grid]
    lite.ramkalk_ramar(book)
    calculation = pipeline.calculate_all(pipeline.check_file(workbook))
    frames = adopted_frames(calculation)
    assert book.app.alerts[-1].startswith(f"Skrev {len(frames)} fastställda ramar för 2027")
    added = ramar.grid[len(before):]
    assert ramar.grid[:len(before)] == before and len(added) == len(frames)
    header = ramar.grid[0]
    for row, frame in zip(added, frames):
        found = dict(zip(header, row))
        assert (found["Nämnd"], found["År"]) == (frame.committee, 2027.0)
        assert found["Ram"] * float(calculation.data.settings.unit.factor) == pytest.approx(float(frame.frame))
    MODELS.clear()
    assert macros._calculated(book)[0].data.settings.budget_year == 2027, "the workbook still reads"
    lite.ramkalk_ramar(book)
    assert "med samma belopp. Inget ändrades" in book.app.alerts[-1] and len(ramar.grid) == len(before) + len(frames)
    ramar.grid[-1][header.index("Ram")] += 1000.0
    MODELS.clear()
    lite.ramkalk_ramar(book)
    assert "ett år fastställs en gång. Inga ramar skrevs" in book.app.alerts[-1]
    assert str(ramar.grid[-1][0]) in book.app.alerts[-1]


def test_the_wheel_asks_pyodide_for_no_package_it_lacks():
    """micropip (xlwings Lite's installer) evaluates the markers with sys_platform emscripten."""
    import tomllib

    from packaging.requirements import Requirement

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    in_lite = {Requirement(d).name for d in dependencies
               if Requirement(d).marker is None or Requirement(d).marker.evaluate({"sys_platform": "emscripten"})}
    assert in_lite == {"openpyxl", "defusedxml"}
