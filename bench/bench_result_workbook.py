"""Benchmark: the result workbook of `ramkalk beräkna --ut`, written by XlsxWriter row by row.

Prints ratios measured in one process (best of several runs each), never absolute times:
- `beräkna --ut` against `beräkna --json` for Exempelstad and Storstad ×1 (what writing the
  workbook adds; goal ≤ 3), and for Storstad the parts of it that are not the workbook's own:
  building every frame's explanation lines (`Frame.lines`, lazy: `--json` never builds them) and
  both models for everyone (sheet Modeller), each against `beräkna --json`;
- writing the result workbook for a municipality with about four times the rows against one
  (the synthetic municipality of 15 and of 60 committees; its rows are counted and shown):
  near the row ratio if the writer is linear in the rows;
and the peak memory (VmHWM) of `beräkna --ut` and of `beräkna --json` run as subprocesses,
for both sizes.

    python bench/bench_result_workbook.py
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_calculation import best_of  # noqa: E402

from ramkalk.cli import main  # noqa: E402
from ramkalk.example.large_city import large_city  # noqa: E402
from ramkalk.example.municipality import exempelstad, synthetic  # noqa: E402
from ramkalk.report.result_workbook import result_book, write_result_workbook  # noqa: E402
from ramkalk.workbook import pipeline  # noqa: E402
from ramkalk.workbook.writer import write_workbook  # noqa: E402

REPEATS = 5
SIZES = (15, 60)  # committees of the synthetic municipality: about ×4 rows of the result workbook


def quiet(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


PEAK_OF_RUN = """import sys
from ramkalk.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")), file=sys.stderr)
sys.exit(code)
"""
"""`ramkalk ARGS` that prints its peak resident memory in kB last on stderr (Linux: VmHWM, its own
pages only; a child's ru_maxrss would count its parent's peak at the fork, and this process is large)."""


def peak_memory_mb(args: list[str]) -> float:
    """The peak resident memory of `ramkalk ARGS` in a subprocess of its own, MB."""
    done = subprocess.run([sys.executable, "-c", PEAK_OF_RUN, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ramkalk {' '.join(args)}: exit {done.returncode}")
    return int(done.stderr.split()[-1]) / 1024


def command_ratio(folder: Path) -> None:
    workbook, out = folder / "exempelstad.xlsx", folder / "resultat.xlsx"
    write_workbook(exempelstad(), workbook)
    as_json = best_of(lambda: quiet(["beräkna", str(workbook), "--json"]), REPEATS)
    as_file = best_of(lambda: quiet(["beräkna", str(workbook), "--ut", str(out)]), REPEATS)
    with_sensitivity = best_of(lambda: quiet(["beräkna", str(workbook), "--ut", str(out), "--känslighet"]), 2)
    print("Exempelstad")
    print(f"  beräkna --ut / beräkna --json                   {as_file / as_json:6.2f}")
    print(f"  beräkna --ut --känslighet / beräkna --json      {with_sensitivity / as_json:6.2f}")


def large_city_ratio(folder: Path) -> None:
    """Storstad ×1: the command's ratio, and what of it the core computes for the workbook alone."""
    workbook, out = folder / "storstad.xlsx", folder / "resultat_storstad.xlsx"
    write_workbook(large_city(1), workbook)
    as_json = best_of(lambda: quiet(["beräkna", str(workbook), "--json"]), 3)
    as_file = best_of(lambda: quiet(["beräkna", str(workbook), "--ut", str(out)]), 3)
    lines, models = [], []
    for _ in range(3):  # (a new calculation each time: the lines and the models are worked out once)
        calculation = pipeline.calculate_all(pipeline.check_file(workbook))
        frames = calculation.frames  # (what --json computes: not timed)
        lines.append(best_of(lambda: [frame.lines for frame in frames], 1))
        models.append(best_of(lambda: (calculation.traditional, calculation.price_tag), 1))
    print("Storstad ×1")
    print(f"  beräkna --ut / beräkna --json                   {as_file / as_json:6.2f}")
    print(f"    därav förklaringsraderna / beräkna --json     {min(lines) / as_json:6.2f}")
    print(f"    därav båda modellerna / beräkna --json        {min(models) / as_json:6.2f}")


def scaling(folder: Path) -> None:
    times, rows, memory = [], [], []
    for size in SIZES:
        calculation = pipeline.calculate_all(pipeline.check_data(synthetic(size)))
        out = folder / f"resultat_{size}.xlsx"
        write_result_workbook(calculation, out)  # (the explanation lines are worked out once, before timing)
        times.append(best_of(lambda: write_result_workbook(calculation, out), REPEATS))
        rows.append(sum(len(sheet.rows) for sheet in result_book(calculation).sheets))
        workbook = folder / f"syntetstad_{size}.xlsx"
        write_workbook(synthetic(size), workbook)
        memory.append((peak_memory_mb(["beräkna", str(workbook), "--json"]),
                       peak_memory_mb(["beräkna", str(workbook), "--ut", str(out)])))
    print(f"Syntetstad, {SIZES[0]} och {SIZES[1]} nämnder: {rows[0]} och {rows[1]} rader i resultatarbetsboken")
    print(f"  rader ×{rows[1] / rows[0]:.2f}: skrivtid ×{times[1] / times[0]:.2f}   (linjär: ungefär lika)")
    for size, (as_json, as_file) in zip(SIZES, memory):
        print(f"  toppminne {size} nämnder: beräkna --json {as_json:6.0f} MB, beräkna --ut {as_file:6.0f} MB"
              f"   (--ut / --json {as_file / as_json:.2f})")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        command_ratio(Path(folder))
        large_city_ratio(Path(folder))
        scaling(Path(folder))
