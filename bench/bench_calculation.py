"""Benchmark: computing every frame against reading the planning workbook it comes from.

Goal (issue 3): the calculation costs under 5 % of reading the workbook. Prints ratios
measured in one process (best of several runs each), never absolute pass/fail times:

    python bench/bench_calculation.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Callable

from ramkalk.calculation import plausibility
from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate
from ramkalk.example.municipality import exempelstad, synthetic
from ramkalk.schema.inputs import PlanningData
from ramkalk.workbook.reader import read_workbook
from ramkalk.workbook.writer import write_workbook

REPEATS = 15


def best_of(action: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def compute(data: PlanningData) -> tuple:
    """What `ramkalk beräkna` computes: every frame by its committee's model, and the balance."""
    calculation = Calculation(data)
    calculation.balances
    return calculation.frames


def measure(name: str, data: PlanningData, folder: Path) -> None:
    path = folder / f"{name}.xlsx"
    write_workbook(data, path)
    read = best_of(lambda: read_workbook(path))
    data = read_workbook(path).data
    calculate = best_of(lambda: compute(data))
    check_and_calculate = best_of(lambda: (validate(data), compute(data)))
    explain = best_of(lambda: [f.lines for f in compute(data)])
    plausible = best_of(lambda: (validate(data), plausibility.check(Calculation(data), data)))
    frames = len(data.committees) * len(data.settings.years)
    print(f"{name}: {len(data.committees)} nämnder, {frames} ramar, {len(data.population)} befolkningsrader")
    print(f"  beräkning / inläsning                      {calculate / read:6.1%}   (mål < 5 %)")
    print(f"  kontroll + beräkning / inläsning           {check_and_calculate / read:6.1%}")
    print(f"  beräkning med alla förklaringsrader / inl. {explain / read:6.1%}")
    print(f"  kontroll + beräkning + rimlighet / inl.    {plausible / read:6.1%}   (ramkalk kontrollera)")


def run(measure_one: Callable[[str, PlanningData, Path], None]) -> None:
    """`measure_one` on Exempelstad and on the synthetic municipality of 60 committees."""
    with tempfile.TemporaryDirectory() as folder:
        measure_one("Exempelstad", exempelstad(), Path(folder))
        measure_one("Syntetstad (60 nämnder)", synthetic(60), Path(folder))


if __name__ == "__main__":
    run(measure)
