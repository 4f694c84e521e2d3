"""Benchmark: a full recalculation of a planning workbook with the add-in against one
`ramkalk beräkna` of the same workbook.

The workbook: the synthetic municipality with 60 committees; on its calculation sheet
=RAM for every committee, year and component (60 × 4 × 8 ≈ 2 000 cells) and the model
cell. A full recalculation (Ctrl+Alt+F9) calls =RAMMODELL once with every table as
Excel hands it over (lists of lists, floats) and then every =RAM, each a look-up in the
model in memory. `ramkalk beräkna` reads the file, checks and computes. Goal: the ratio
under 2. Prints the ratio (best of several runs each), never a pass/fail time:

    PYTHONPATH=. python bench/bench_addin.py
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from bench_calculation import best_of

from ramkalk.addin.functions import RAM, RAMMODELL
from ramkalk.addin.models import MODELS
from ramkalk.example.municipality import synthetic
from ramkalk.rules.components import TRADITIONAL
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import CALCULATION_SHEET, write_workbook

COMPONENT_ARGUMENTS = (None, *(c.key for c in TRADITIONAL), "engångs", "balansering")  # the frame and 7 components: 8 per frame


def excel_ranges(path: Path) -> list[list[list[object]]]:
    """The tables as xlwings hands them to a function: None for empty, floats for numbers."""
    def value(v: object) -> object:
        return float(v) if isinstance(v, int) and not isinstance(v, bool) else v

    book = openpyxl.load_workbook(path)
    return [[[value(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets if ws.title != CALCULATION_SHEET]


def recalculate(ranges: list, cells: list[tuple[str, float, str | None]]) -> None:
    """What Ctrl+Alt+F9 asks of Python after Excel was restarted: the model cell, then every =RAM."""
    MODELS.clear()
    model = RAMMODELL(*copy.deepcopy(ranges))  # Excel hands over fresh lists every time
    for code, year, component in cells:
        result = RAM(model, code, year, None, None, component)
        assert isinstance(result, float), result


def fresh_interpreter(code: str, runs: int = 15) -> float:
    """The best wall time of `python -c code` in a new process, with bytecode written to and read
    from a temporary cache (as an installed package has it), after one run to fill it."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        best = float("inf")
        for _ in range(runs + 1):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            best = min(best, time.perf_counter() - started)
        return best


def main() -> None:
    data = synthetic(60)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "syntetstad.xlsx"
        write_workbook(data, path)
        ranges = excel_ranges(path)
        cells = [(c.code, float(year), component) for c in data.committees for year in data.settings.years
                 for component in COMPONENT_ARGUMENTS]
        berakna = best_of(lambda: pipeline.calculate_all(pipeline.check_file(path)).frames)
        full = best_of(lambda: recalculate(ranges, cells))
        copying = best_of(lambda: copy.deepcopy(ranges))
    print(f"Syntetstad: {len(data.committees)} nämnder, {len(cells)} =RAM-celler och modellcellen")
    print(f"  omräkning i Excel / ramkalk beräkna    {(full - copying) / berakna:5.2f}   (mål < 2)")
    bare, functions = fresh_interpreter("pass"), fresh_interpreter("import ramkalk.addin.functions")
    print(f"  import ramkalk.addin.functions / python -c pass {functions / bare:5.2f}   (mål ≤ 3;"
          f" {functions * 1000:.0f} ms mot {bare * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
