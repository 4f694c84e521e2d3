"""What loading the worksheet functions costs: in a fresh interpreter, importing them and
computing Exempelstad's model and every frame loads no file reader (python-calamine,
openpyxl, defusedxml), no matplotlib, pandas or numpy and nothing of the consolidation;
xlwings is not imported off Windows and Lite (`ramkalk.addin.xl`). The same script runs in
Pyodide in `test_addin_pyodide.py`, through the Lite entry `lite/main.py` with its scripts
(here that entry would import the real xlwings, and with it matplotlib). The import time against `python -c pass` is measured
in bench/bench_addin.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from addin_support import FORBIDDEN_IN_FUNCTIONS, berakna_json, example_workbook, lite_request

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return example_workbook(tmp_path_factory.mktemp("import"))


def run_fresh(request: str) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "lite"), str(ROOT / "tests" / "pyodide")]))
    done = subprocess.run([sys.executable, "-c", "import sys, lite_runner; print(lite_runner.run(sys.stdin.read()))"],
                          input=request, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_function_path_loads_no_file_reader_chart_or_data_frame_library(workbook):
    answer = run_fresh(lite_request(workbook, "ramkalk.addin.functions"))
    assert answer["functions"] == ["RAM", "RAMBALANS", "RAMENHET", "RAMFORKLARING", "RAMLISTA", "RAMMODELL"]
    for when in ("modules_after_import", "modules_after_calls"):
        assert not FORBIDDEN_IN_FUNCTIONS & set(answer[when]), when
        assert "xlwings" not in answer[when], "off Windows and Lite xlwings' decorators are no-ops (ramkalk.addin.xl)"
    expected = berakna_json(workbook)
    assert {(code, year): ram for code, year, ram in answer["frames"]} == {k: float(v["ram"]) for k, v in expected.items()}
