"""Benchmark: how the commands scale from the large city Storstad at ×1 to ×4, and what its parts cost.

Every command runs as `python -m ramkalk …` in a subprocess (as a user runs it: start-up and
imports included), on the cached fixture of `large_city.py` (planning workbook and filled
returns). A run's time is the CPU time (user + system) of its process, read with its peak memory
(ru_maxrss) from `os.wait4`, so other work on a shared machine disturbs it little; each command
is run up to REPEATS times (fewer once it has taken LONG seconds) and the best time is kept.
A run past the time limit is stopped and reported as "över tidsgränsen". Prints ratios and
memory only, never an absolute time:

- per command, time(×4) / time(×1) (goal ≤ 4,5) and peak memory at both scales (goal ≤ 300 MiB);
  `konsolidera` is the rounds of returns one run each into a new archive (see large_city.py),
  its time their sum and its memory their largest;
- on Storstad ×1: computing every frame ÷ reading the workbook (in this process, as
  bench_calculation.py; goal ≤ 5 %); `beräkna --ut` ÷ `beräkna --json` (≤ 3); `känslighet` ÷
  `beräkna --json` (≤ 3); of `konsolidera` of the 500 returns, the part that grows with them
  (read, check and archive: `receive`, round by round into one archive, in this process) ÷ a
  bare python-calamine read of the same files (≤ 3), and the fixed part (start, planning workbook,
  summary: `konsolidera` without files on the full archive) ÷ `beräkna --json` (≤ 2).

    python bench/bench_scaling.py            # ×1 and ×4 (the fixture is made once, minutes)
    python bench/bench_scaling.py --quick    # 6 and 24 committees of Storstad ×1, 2 returns each
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "tests")]

from bench_calculation import best_of, compute  # noqa: E402
from bench_consolidation import bare_read, best  # noqa: E402
from large_city import Fixture, fixture  # noqa: E402

from ramkalk.templates.archive import Archive  # noqa: E402
from ramkalk.templates.consolidation import expected_of, receive  # noqa: E402
from ramkalk.workbook import pipeline  # noqa: E402
from ramkalk.workbook.reader import read_workbook  # noqa: E402

REPEATS = 3
LONG = 30.0  # seconds of CPU after which a command is not repeated
LIMIT = 180.0  # seconds a run may take before it is stopped
MIB = 1024  # ru_maxrss is in KiB on Linux
GOALS = {"skalning": 4.5, "minne": 300}


@dataclass(frozen=True)
class Run:
    """A command's best CPU time (None: over the time limit, or failed) and its largest peak
    memory, MiB; `failure`: what the command said when it exited with an error."""

    seconds: float | None
    mib: float
    failure: str | None = None

    def ratio(self, other: Run) -> float | None:
        return None if self.seconds is None or other.seconds is None else self.seconds / other.seconds


def child(argv: list[str], limit: float) -> Run:
    """One `python -m ramkalk ARGV` in a subprocess: its CPU time and peak memory (`os.wait4`, so
    neither the waiting nor other children count); stopped after `limit` seconds (wall time)."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([sys.executable, "-m", "ramkalk", *argv], stdout=subprocess.DEVNULL,
                                   stderr=errors)
        reaped: list[tuple[int, int, object]] = []
        waiter = threading.Thread(target=lambda: reaped.append(os.wait4(process.pid, 0)))
        waiter.start()
        waiter.join(limit)
        stopped = waiter.is_alive()
        if stopped:
            process.kill()
            waiter.join()
        _pid, status, usage = reaped[0]
        process.returncode = os.waitstatus_to_exitcode(status)  # (reaped here: Popen must not wait again)
        if not stopped and process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"ramkalk {' '.join(argv)} avslutades med {process.returncode}:\n"
                               + errors.read().decode(errors="replace")[-2000:])
    return Run(None if stopped else usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MIB)


def repeated(runs: Callable[[int], list[list[str]]], limit: float, repeats: int) -> Run:
    """The best of up to `repeats` attempts, each the argument lists of `runs(attempt)` run in turn
    (their times summed, their memory the largest); stopped at the first attempt over the limit."""
    best_time, peak, spent = None, 0.0, 0.0
    for attempt in range(repeats):
        total = 0.0
        for argv in runs(attempt):
            try:
                run = child(argv, limit)
            except RuntimeError as exc:  # (reported in the table; the other commands are still measured)
                print(exc, file=sys.stderr)
                return Run(None, peak, str(exc).splitlines()[-1])
            peak = max(peak, run.mib)
            if run.seconds is None:
                return Run(None, peak)
            total += run.seconds
        best_time = total if best_time is None else min(best_time, total)
        spent += total
        if spent >= LONG:
            break
    return Run(best_time, peak)


def commands(made: Fixture, out: Path) -> dict[str, Callable[[int], list[list[str]]]]:
    """The commands measured, each as the argument lists of one attempt."""
    book = str(made.workbook)
    district = pipeline.check_file(made.workbook).data.committees[0].code

    def consolidate(attempt: int) -> list[list[str]]:
        archive = out / f"arkiv{attempt}.sqlite"
        return [["konsolidera", book, str(r.folder), "--version", r.version, "--ut", str(out / f"samman{n}.xlsx"),
                 "--arkiv", str(archive)] for n, r in enumerate(made.rounds)]

    return {
        "beräkna --json": lambda attempt: [["beräkna", book, "--json"]],
        "beräkna --ut": lambda attempt: [["beräkna", book, "--ut", str(out / "resultat.xlsx")]],
        "känslighet": lambda attempt: [["känslighet", book]],
        "underlag": lambda attempt: [["underlag", book, "--ut", str(out / "underlag"), "--skriv-över"]],
        "konsolidera": consolidate,
        "modellbeskrivning": lambda attempt: [["modellbeskrivning", book, "--ut", str(out / "modell.html")]],
        "förklara": lambda attempt: [["förklara", book, district, "2027"]],
        "jämför": lambda attempt: [["jämför", book, "Juni", "November"]],
    }


def measure_commands(made: Fixture, out: Path, limit: float, repeats: int) -> dict[str, Run]:
    found = {}
    for name, runs in commands(made, out).items():
        print(f"  {name} …", file=sys.stderr)
        found[name] = repeated(runs, limit, repeats)
    return found


def in_process(made: Fixture, out: Path) -> dict[str, float]:
    """Calculation ÷ reading, and konsolidera's growing part and bare calamine read (CPU seconds)."""
    read = best_of(lambda: read_workbook(made.workbook))
    data = read_workbook(made.workbook).data
    calculate = best_of(lambda: compute(data))
    expected = {version: expected_of(pipeline.calculate_all(pipeline.check_file(made.workbook, version)), version,
                                     made.workbook.name) for version in {r.version for r in made.rounds}}

    archives = itertools.count()

    def receive_all(attempt: int) -> None:
        with Archive(out / f"del{next(archives)}.sqlite") as archive:
            for round_ in made.rounds:
                receive(round_.files, expected[round_.version], archive)

    paths = made.returns
    return {"läsa": read, "beräkna": calculate, "ta emot": best(receive_all),
            "calamine": best(lambda attempt: bare_read(paths))}


def ratio_text(value: float | None, goal: float | None = None, percent: bool = False) -> str:
    if value is None:
        return "över tidsgränsen eller fel"
    shown = f"{value:.1%}" if percent else f"{value:.2f}"
    if goal is None:
        return shown
    return shown + ("" if value <= goal else f" MISSAR målet ({value / goal:.1f}×)")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} kärnor ({model}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 och 24 nämnder, en körning var, kort tidsgräns")
    args = parser.parse_args()
    if args.quick:
        small, large = fixture(1, part=6, returns=12), fixture(1, part=24, returns=48)
        limit, repeats, names = 20.0, 1, ("6 nämnder", "24 nämnder")
    else:
        small, large = fixture(1), fixture(4)
        limit, repeats, names = LIMIT, REPEATS, ("×1", "×4")
    print(f"Maskin: {machine()}")
    print(f"Storstad {names[0]}: {small.committees} nämnder, {len(small.returns)} underlag; "
          f"{names[1]}: {large.committees} nämnder, {len(large.returns)} underlag. "
          f"Tidsgräns {limit:.0f} s per körning.")
    with tempfile.TemporaryDirectory() as folder:
        runs = []
        for made, name in ((small, names[0]), (large, names[1])):
            out = Path(folder) / name
            out.mkdir()
            print(f"Kör kommandona på {name} …", file=sys.stderr)
            runs.append(measure_commands(made, out, limit, repeats))
        parts = in_process(small, Path(folder) / names[0])
        archive = Path(folder) / names[0] / "arkiv0.sqlite"
        fixed = repeated(lambda attempt: [["konsolidera", str(small.workbook), "--version", small.rounds[-1].version,
                                           "--ut", str(Path(folder) / f"fast{attempt}.xlsx"), "--arkiv",
                                           str(archive)]], limit, repeats)
    first, second = runs
    print(f"\n{'kommando':<20}{'tid ' + names[1] + ' / ' + names[0]:<36}{'minne ' + names[0]:<20}minne {names[1]}")
    for name in first:
        failed = first[name].failure or second[name].failure
        if failed:
            shown = f"fel: {failed[:60]}"
        elif second[name].seconds is None and first[name].seconds is not None:  # at least limit / time(×1)
            shown = f"över tidsgränsen (> {limit / first[name].seconds:.1f})"
        else:
            shown = ratio_text(second[name].ratio(first[name]), GOALS["skalning"])
        memory = [f"{'≥ ' if r.seconds is None else ''}{r.mib:.0f} MiB"
                  + ("" if r.mib <= GOALS["minne"] else " MISSAR") for r in (first[name], second[name])]
        print(f"{name:<20}{shown:<36}{memory[0]:<20}{memory[1]}")
    print(f"(mål: tid {names[1]} / {names[0]} ≤ {GOALS['skalning']}, minne ≤ {GOALS['minne']} MiB)\n")
    json_time = first["beräkna --json"]
    print(f"Storstad {names[0]} ({len(small.returns)} underlag till konsolidera):")
    for what, value, goal, percent in (
        ("beräkning / inläsning av arbetsboken (mål ≤ 5 %)", parts["beräkna"] / parts["läsa"], 0.05, True),
        ("beräkna --ut / beräkna --json (mål ≤ 3)", first["beräkna --ut"].ratio(json_time), 3, False),
        ("känslighet / beräkna --json (mål ≤ 3)", first["känslighet"].ratio(json_time), 3, False),
        ("konsolidera: läsa + kontrollera + arkivera / bar calamine-läsning (mål ≤ 3)",
         parts["ta emot"] / parts["calamine"], 3, False),
        ("konsolidera: fast del (start, arbetsbok, sammanställning) / beräkna --json (mål ≤ 2)",
         fixed.ratio(json_time), 2, False),
    ):
        print(f"  {what:<86}{ratio_text(value, goal, percent)}")

if __name__ == "__main__":
    main()
