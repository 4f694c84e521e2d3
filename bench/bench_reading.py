"""Benchmark: reading a planning workbook against a bare python-calamine read of it.

`ramkalk.workbook.reader.read_workbook` does more than calamine: it scans the sheet XML for error
values, formulas without a saved value and merged cells (`ramkalk.workbook.sheet_xml`), checks the
headers and converts every cell. This prints, for Exempelstad and the synthetic
municipality, the time of a full read as a ratio to calamine opening the file and reading
the same sheets as Python values (best of several runs, one process; never an absolute
time). Goal (issue "Trust in every number"): the checks make reading at most 10 % slower
than before them; compare the ratio printed here with the one of the commit before:

    python bench/bench_reading.py
"""

from __future__ import annotations

from pathlib import Path

import bench_calculation  # (this folder: the runs and best_of shared with the calculation benchmark)
import python_calamine
from bench_calculation import best_of

from ramkalk.schema.inputs import PlanningData
from ramkalk.schema.tables import SETTINGS_SHEET, TABLES
from ramkalk.workbook.reader import read_workbook
from ramkalk.workbook.writer import write_workbook

SHEETS = {SETTINGS_SHEET, *(table.sheet for table in TABLES)}


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


if __name__ == "__main__":
    bench_calculation.run(measure)
