"""Benchmark: reading a planning workbook against a bare python-calamine read of it.

`ramkalk.reader.read_workbook` does more than calamine: it scans the sheet XML for error
values, formulas without a saved value and merged cells (`ramkalk.sheet_xml`), checks the
headers and converts every cell. This prints, for Exempelstad and the synthetic
municipality, the time of a full read as a ratio to calamine opening the file and reading
the same sheets as Python values (best of several runs, one process; never an absolute
time). Goal (issue "Trust in every number"): the checks make reading at most 10 % slower
than before them; compare the ratio printed here with the one of the commit before:

    python bench/bench_reading.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Callable

import python_calamine

from ramkalk.example import exempelstad, synthetic
from ramkalk.model import PlanningData
from ramkalk.reader import read_workbook
from ramkalk.workbook_format import SETTINGS_SHEET, TABLES
from ramkalk.workbook_writer import write_workbook

REPEATS = 15
SHEETS = {SETTINGS_SHEET, *(table.sheet for table in TABLES)}


def best_of(action: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bare_read(path: Path) -> list:
    book = python_calamine.load_workbook(str(path))
    return [book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names if name in SHEETS]


def measure(name: str, data: PlanningData, folder: Path) -> None:
    path = folder / f"{name}.xlsx"
    write_workbook(data, path)
    bare = best_of(lambda: bare_read(path))
    full = best_of(lambda: read_workbook(path))
    print(f"{name}: {len(data.population)} befolkningsrader, {len(data.decisions)} beslut")
    print(f"  inläsning med kontroller / bar calamine-läsning   {full / bare:5.2f}×")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        measure("Exempelstad", exempelstad(), Path(folder))
        measure("Syntetstad (60 nämnder)", synthetic(60), Path(folder))


if __name__ == "__main__":
    main()
