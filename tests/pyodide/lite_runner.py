"""The add-in's function path run on ranges given as JSON: the same script in CPython (a
fresh interpreter, `tests/test_addin_imports.py`) and in Pyodide under Node
(`tests/pyodide/run.mjs`, `tests/test_addin_pyodide.py`).

Request (JSON): {"ranges": [rows, ...], "frames": [[committee, year], ...], "entry": module,
"bad_cell": [range, row, column, value] (optional)} with a cell as JSON gives it
({"datetime": "..."} for a date). It imports `entry` (the Lite entry `main`, or
`ramkalk.addin.functions`), calls =RAMMODELL on the ranges as Excel hands them over and =RAM for
each frame, and answers (JSON) with the model cell, the frames, the model cell of the ranges
with the bad cell (the message a user sees, "problem"),
the seconds the import and the calls took, the worksheet functions the entry registers
and every top-level module loaded before and after the calls. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
import time


def _cell(value: object) -> object:
    if isinstance(value, dict) and "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    return value


def _modules() -> list[str]:
    return sorted({name.split(".")[0] for name in sys.modules})


def run(request_text: str) -> str:
    request = json.loads(request_text)
    started = time.perf_counter()
    entry = importlib.import_module(request.get("entry", "ramkalk.addin.functions"))
    imported = time.perf_counter() - started
    loaded = _modules()
    functions = sorted(name for name in ("RAMMODELL", "RAM", "RAMFORKLARING", "RAMLISTA", "RAMBALANS", "RAMENHET")
                       if callable(getattr(entry, name, None)))
    scripts = sorted(name for name in dir(entry) if name.startswith("ramkalk_"))
    ranges = [[[_cell(v) for v in row] for row in rows] for rows in request["ranges"]]
    started = time.perf_counter()
    model = entry.RAMMODELL(*ranges)
    frames = [[code, year, entry.RAM(model, code, float(year))] for code, year in request["frames"]]
    called = time.perf_counter() - started
    problem = None
    if request.get("bad_cell"):
        table, row, column, value = request["bad_cell"]
        bad = [[list(r) for r in rows] for rows in ranges]
        bad[table][row][column] = value
        problem = entry.RAMMODELL(*bad)
    return json.dumps({"model": model, "frames": frames, "problem": problem, "import_seconds": imported,
                       "call_seconds": called,
                       "functions": functions, "scripts": scripts, "modules_after_import": loaded,
                       "modules_after_calls": _modules(), "python": sys.version.split()[0],
                       "platform": sys.platform}, ensure_ascii=False)


if __name__ == "__main__":
    print(run(sys.stdin.read()))
