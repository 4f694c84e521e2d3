"""The worksheet functions in Pyodide, the runtime of xlwings Lite (Excel on Windows, Mac and
the web): Exempelstad's ranges through the Lite entry (`lite/main.py`) in Pyodide under Node,
every frame equal to CPython's `ramkalk beräkna --json`.

Only Pyodide's core is there (the npm package `pyodide`, pinned in scripts/test.sh, which
installs it into tests/pyodide/node_modules): no package from PyPI or Pyodide's CDN, so the
functions are shown to need nothing but the standard library. xlwings itself is not loaded
(Lite brings its own build; the PyPI wheel has a native part): `tests/pyodide/run.mjs`
stands in for its decorators only. So this tests ramkalk's code in Pyodide, not xlwings
Lite's transport of arguments from Excel, which only Excel can.

Skipped when Node or the npm package is missing, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from addin_support import FORBIDDEN_IN_FUNCTIONS, berakna_json, example_workbook, lite_request

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide"
PACKAGE = RUNNER / "node_modules" / "pyodide" / "package.json"


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI: scripts/test.sh installs it)")
    pytest.skip(f"{reason}: run bash scripts/test.sh, which installs it")


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        _missing("node finns inte")
    if not PACKAGE.exists():
        _missing(f"npm-paketet pyodide finns inte i {PACKAGE.parent.parent}")
    return found


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return example_workbook(tmp_path_factory.mktemp("pyodide"))


@pytest.fixture(scope="module")
def answer(node, workbook, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("pyodide_svar")
    request, reply = folder / "request.json", folder / "answer.json"
    request.write_text(lite_request(workbook, "main"), encoding="utf-8")
    done = subprocess.run([node, str(RUNNER / "run.mjs"), str(ROOT), str(request), str(reply)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(reply.read_text(encoding="utf-8"))


def test_it_ran_in_pyodide(answer):
    assert answer["platform"] == "emscripten" and answer["pyodide"] == json.loads(PACKAGE.read_text())["version"]
    assert answer["model"].startswith("Modell ") and answer["model"].endswith("0 fel")


def test_every_frame_equals_cpythons_berakna_json(answer, workbook):
    expected = {key: float(found["ram"]) for key, found in berakna_json(workbook).items()}
    got = {(code, year): ram for code, year, ram in answer["frames"]}
    assert len(got) == len(expected) == 44 and got == expected


def test_a_problem_is_named_by_table_row_and_column(answer):
    """Lite hands a function the values only: the message names the cell in words, never an address."""
    assert answer["problem"].startswith("Fel i modellen: tabellen Nämnder, rad 3 (GSN), kolumnen Personalkostnadsandel:"
                                        ' väntade ett tal (personalkostnadsandel), fick "ca 60 %"')


def test_the_lite_entry_registers_the_functions_and_loads_only_the_standard_library(answer):
    """With its scripts: their module (ramkalk.addin.lite, ramkalk.addin.macros) imports no file reader, openpyxl or the
    consolidation (python-calamine has no Pyodide wheel) until a script runs."""
    assert answer["functions"] == ["RAM", "RAMBALANS", "RAMENHET", "RAMFORKLARING", "RAMLISTA", "RAMMODELL"]
    assert answer["scripts"] == ["ramkalk_befolkning", "ramkalk_konsolidera", "ramkalk_ramar", "ramkalk_resultat",
                                 "ramkalk_underlag"]
    for when in ("modules_after_import", "modules_after_calls"):
        assert not FORBIDDEN_IN_FUNCTIONS & set(answer[when]), when
