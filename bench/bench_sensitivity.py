"""Benchmark: `ramkalk känslighet` against `ramkalk beräkna --json`, and how sensitivity scales.

Issue 20: each scenario recomputes only the committees it touches, so sensitivity costs a few
calculations, not one per scenario. Prints ratios measured in one process, never absolute
times. Each time is the best of several runs of the CPU time of this process
(`time.process_time`, so other work on a shared machine disturbs it little), with the garbage
collector set as a command sets it (`ramkalk.cli.common.fewer_collections`):

- on Exempelstad, the synthetic municipality of 60 committees (`bench_calculation.run`) and
  Storstad ×1 (`ramkalk.example.large_city`): `känslighet` ÷ `beräkna --json` and
  `känslighet --json` ÷ `beräkna --json`, each the command run in this process
  (`ramkalk.cli.main`, output discarded) on the workbook written to a temporary folder, so
  reading and checking the workbook are included as a user sees them (goal ≤ 3); and, to show
  where the time goes, `sensitivity(data)` alone ÷ `beräkna --json`;
- Storstad ×4 ÷ Storstad ×1 and the synthetic municipality of 240 ÷ 60 committees:
  `sensitivity(data)` (goal ≤ 4,5); beside it the same ratio for computing the frames once (the
  floor sensitivity cannot beat) and for the number of effects it returns (scenarios ×
  committees × years, zeros included: this grows with the square of the size). For Storstad
  also the commands `känslighet --json` and `känslighet` (best of two runs: they take seconds).

    python bench/bench_sensitivity.py
    python bench/bench_sensitivity.py --quick    # one run of each, ×2 instead of ×4
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_calculation import compute, run  # noqa: E402

from ramkalk.calculation.sensitivity import scenarios, sensitivity  # noqa: E402
from ramkalk.cli import main  # noqa: E402
from ramkalk.cli.common import fewer_collections  # noqa: E402
from ramkalk.example.large_city import large_city  # noqa: E402
from ramkalk.example.municipality import synthetic  # noqa: E402
from ramkalk.schema.inputs import PlanningData  # noqa: E402
from ramkalk.workbook.writer import write_workbook  # noqa: E402

GOALS = {"känslighet": 3.0, "skalning": 4.5}
REPEATS = 5


def best_of(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """The least CPU time of `repeats` runs of `action` (as `bench_calculation.best_of`, but CPU
    time), with the garbage collector as in a command."""
    best = float("inf")
    with fewer_collections():
        for _ in range(repeats):
            start = time.process_time()
            action()
            best = min(best, time.process_time() - start)
    return best


def command(*argv: str) -> Callable[[], None]:
    """`ramkalk ARGV` in this process, its output discarded; fails loudly on a non-zero exit."""
    def action() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(list(argv))
        if code != 0:
            raise RuntimeError(f"ramkalk {' '.join(argv)} avslutades med {code}")
    return action


def verdict(value: float, goal: float) -> str:
    return f"{value:6.2f}   (mål ≤ {goal:g})" + ("" if value <= goal else "   MISSAR målet")


def written(data: PlanningData, folder: Path, name: str) -> str:
    path = folder / f"{name}.xlsx"
    write_workbook(data, path)
    return str(path)


def measure(name: str, data: PlanningData, folder: Path, repeats: int = REPEATS) -> None:
    """`känslighet` (text and --json) ÷ `beräkna --json` on `data` written as a workbook."""
    book = written(data, folder, name)
    frames = best_of(command("beräkna", book, "--json"), repeats)
    text = best_of(command("känslighet", book), repeats)
    json = best_of(command("känslighet", book, "--json"), repeats)
    alone = best_of(lambda: sensitivity(data), repeats)
    print(f"{name}: {len(data.committees)} nämnder, {len(scenarios(data))} scenarier")
    print(f"  känslighet / beräkna --json           {verdict(text / frames, GOALS['känslighet'])}")
    print(f"  känslighet --json / beräkna --json    {verdict(json / frames, GOALS['känslighet'])}")
    print(f"  varav sensitivity() / beräkna --json  {alone / frames:6.2f}")


def effects(data: PlanningData) -> int:
    """The rows of the result: every year of each committee a scenario moves."""
    return len(sensitivity(data).effects)


def scaling(name: str, small: PlanningData, large: PlanningData, repeats: int, folder: Path | None = None) -> None:
    """time(large) ÷ time(small) of sensitivity, of computing the frames once, and (with a
    folder to write the workbooks to) of the commands."""
    print(f"{name}: {len(small.committees)} → {len(large.committees)} nämnder, "
          f"{len(scenarios(small))} → {len(scenarios(large))} scenarier")
    ratio = best_of(lambda: sensitivity(large), repeats) / best_of(lambda: sensitivity(small), repeats)
    print(f"  sensitivity(): tid(stor) / tid(liten)  {verdict(ratio, GOALS['skalning'])}")
    once = best_of(lambda: compute(large), repeats) / best_of(lambda: compute(small), repeats)
    print(f"  beräkning utan känslighet, samma       {once:6.2f}")
    print(f"  antal effekter, samma                  {effects(large) / effects(small):6.2f}")
    if folder is None:
        return
    books = [written(data, folder, f"skala{n}") for n, data in enumerate((small, large))]
    for argv in (["känslighet", "--json"], ["känslighet"]):
        small_time, large_time = (best_of(command(argv[0], book, *argv[1:]), min(repeats, 2)) for book in books)
        print(f"  {' '.join(argv) + ': samma':<37}  {verdict(large_time / small_time, GOALS['skalning'])}")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="en körning av varje, ×2 i stället för ×4")
    args = parser.parse_args()
    repeats = 1 if args.quick else REPEATS
    scale = 2 if args.quick else 4
    run(lambda name, data, folder: measure(name, data, folder, repeats))
    with tempfile.TemporaryDirectory() as folder:
        measure("Storstad ×1", large_city(1), Path(folder), repeats)
        scaling(f"Storstad ×{scale} / ×1", large_city(1), large_city(scale), repeats, Path(folder))
    scaling(f"Syntetstad ×{scale} / ×1", synthetic(60), synthetic(60 * scale), repeats)


if __name__ == "__main__":
    main_bench()
