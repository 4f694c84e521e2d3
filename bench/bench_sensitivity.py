"""Benchmark: `ramkalk känslighet` against `ramkalk beräkna --json`, and how sensitivity scales.

Issue 20: each scenario recomputes only the committees it touches, so sensitivity costs a few
calculations, not one per scenario. Prints ratios measured in one process (best of several
runs each), never absolute times:

- on Exempelstad and on the synthetic municipality of 60 committees (`bench_calculation.run`):
  `känslighet` ÷ `beräkna --json` and `känslighet --json` ÷ `beräkna --json`, each the command
  run in this process (`ramkalk.cli.main`, output discarded) on the workbook written to a
  temporary folder, so reading and checking the workbook are included as a user sees them
  (goal ≤ 3);
- `sensitivity(data)` on Storstad ×4 ÷ on Storstad ×1 (`ramkalk.example.large_city`; goal ≤ 4,5),
  and the same for the synthetic municipality of 240 ÷ 60 committees.

    python bench/bench_sensitivity.py
    python bench/bench_sensitivity.py --quick    # one run of each, Storstad ×1 and ×2
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path
from typing import Callable

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from bench_calculation import best_of, run  # noqa: E402
from ramkalk.calculation.sensitivity import scenarios, sensitivity  # noqa: E402
from ramkalk.cli import main  # noqa: E402
from ramkalk.example.large_city import large_city  # noqa: E402
from ramkalk.example.municipality import synthetic  # noqa: E402
from ramkalk.schema.inputs import PlanningData  # noqa: E402
from ramkalk.workbook.writer import write_workbook  # noqa: E402

GOALS = {"känslighet": 3.0, "skalning": 4.5}
REPEATS = 5


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


def measure(name: str, data: PlanningData, folder: Path, repeats: int = REPEATS) -> None:
    """`känslighet` (text and --json) ÷ `beräkna --json` on `data` written as a workbook."""
    path = folder / f"{name}.xlsx"
    write_workbook(data, path)
    book = str(path)
    frames = best_of(command("beräkna", book, "--json"), repeats)
    text = best_of(command("känslighet", book), repeats)
    json = best_of(command("känslighet", book, "--json"), repeats)
    print(f"{name}: {len(data.committees)} nämnder, {len(scenarios(data))} scenarier")
    print(f"  känslighet / beräkna --json          {verdict(text / frames, GOALS['känslighet'])}")
    print(f"  känslighet --json / beräkna --json   {verdict(json / frames, GOALS['känslighet'])}")


def scaling(name: str, small: PlanningData, large: PlanningData, repeats: int) -> None:
    """time(sensitivity(large)) ÷ time(sensitivity(small))."""
    first = best_of(lambda: sensitivity(small), repeats)
    second = best_of(lambda: sensitivity(large), repeats)
    print(f"{name}: {len(small.committees)} → {len(large.committees)} nämnder, "
          f"{len(scenarios(small))} → {len(scenarios(large))} scenarier")
    print(f"  sensitivity: tid(stor) / tid(liten)  {verdict(second / first, GOALS['skalning'])}")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="en körning av varje, Storstad ×1 och ×2")
    args = parser.parse_args()
    repeats = 1 if args.quick else REPEATS
    run(lambda name, data, folder: measure(name, data, folder, repeats))
    scale = 2 if args.quick else 4
    scaling(f"Storstad ×{scale} / ×1", large_city(1), large_city(scale), repeats)
    scaling(f"Syntetstad ×{scale} / ×1", synthetic(60), synthetic(60 * scale), repeats)


if __name__ == "__main__":
    main_bench()
