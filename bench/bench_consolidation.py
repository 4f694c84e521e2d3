"""Benchmark: `ramkalk konsolidera` of 300 filled returns against a bare python-calamine read of them.

The returns are made by the generator for a synthetic municipality of 300 committees and
filled by a script as committees would (tests/consolidation_support.fill_return). Goal
(issue 6): konsolidera at most 3× a bare calamine read of the same files' values. Prints
the best CPU time of a few runs of each, their ratio, and the time per return; also the
part that grows with the number of returns (read, check, archive: `receive`) on its own,
since the whole command also reads and computes the planning workbook and writes the
summary once; the whole command run again on the same files (all already archived, so each
is only hashed and found); and those once-per-run parts on their own (planning workbook and
what returns must match; the summary from the archive; writing the summary workbook), so it
is plain where the whole command's time goes. Never a pass/fail:

    PYTHONPATH=.:tests python bench/bench_consolidation.py [ANTAL]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import python_calamine

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "tests")]

from bench_templates import with_activities  # noqa: E402
from consolidation_support import fill_return  # noqa: E402

from ramkalk.cli import main
from ramkalk.cli.common import checked_calculation  # noqa: E402
from ramkalk.example.municipality import synthetic  # noqa: E402
from ramkalk.templates.archive import Archive  # noqa: E402
from ramkalk.templates.consolidation import expected_of, files_in, receive, summarise  # noqa: E402
from ramkalk.templates.content import content  # noqa: E402
from ramkalk.templates.generator import build_template, file_name
from ramkalk.templates.options import DEFAULT_VERSION, Options  # noqa: E402
from ramkalk.templates.summary_workbook import write_summary  # noqa: E402
from ramkalk.workbook import pipeline  # noqa: E402
from ramkalk.workbook.writer import write_workbook  # noqa: E402

REPEATS = 3
GOAL = 3  # issue 6: konsolidera at most 3× a bare python-calamine read


def best(action: Callable[[int], object]) -> float:
    """The best CPU time of `action(run)` over REPEATS runs."""
    times = []
    for run in range(REPEATS):
        start = time.process_time()
        action(run)
        times.append(time.process_time() - start)
    return min(times)


def make_returns(count: int, folder: Path) -> Path:
    """The planning workbook and `count` filled returns in `folder`; returns the workbook."""
    data = with_activities(synthetic(count))
    workbook = folder / "syntetstad.xlsx"
    write_workbook(data, workbook)
    calculation = pipeline.calculate_all(pipeline.check_data(data))
    templates, inbox = folder / "mallar", folder / "inkommet"
    templates.mkdir()
    inbox.mkdir()
    for committee in calculation.data.committees:
        name = file_name(committee.code, calculation.data.settings.budget_year)
        build_template(content(calculation, committee, workbook.name), Options()).save(templates / name)
        fill_return(templates / name, inbox / name)
    return workbook


def bare_read(paths: list[Path]) -> None:
    for path in paths:
        book = python_calamine.load_workbook(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def main_bench(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print(f"Skapar {count} ifyllda underlag …", file=sys.stderr)
        workbook = make_returns(count, root)
        paths = files_in([root / "inkommet"])
        bare = best(lambda run: bare_read(paths))
        whole = best(lambda run: main(["konsolidera", str(workbook), str(root / "inkommet"), "--arkiv",
                                       str(root / f"hela{run}.sqlite"), "--ut", str(root / f"s{run}.xlsx")]))
        again = best(lambda run: main(["konsolidera", str(workbook), str(root / "inkommet"), "--arkiv",
                                       str(root / "hela0.sqlite"), "--ut", str(root / f"igen{run}.xlsx")]))
        calculation = pipeline.calculate_all(pipeline.check_data(with_activities(synthetic(count))))
        expected = expected_of(calculation, "Juni", workbook.name)

        def receive_only(run: int) -> None:
            with Archive(root / f"del{run}.sqlite") as archive:
                receive(paths, expected, archive)

        part = best(receive_only)
        planning = best(lambda run: expected_of(checked_calculation(workbook, "", DEFAULT_VERSION)[1], DEFAULT_VERSION,
                                                   workbook.name))
        with Archive(root / "del0.sqlite") as archive:
            summarised = best(lambda run: summarise(expected, archive))
            summary = summarise(expected, archive)
        written = best(lambda run: write_summary(summary, root / f"sammanstallning{run}.xlsx"))

    def line(what: str, seconds: float) -> str:
        return f"{what}: {seconds * 1000 / count:.2f} ms per underlag, kvot {seconds / bare:.1f}×"

    verdict = "inom målet" if whole / bare <= GOAL else "över målet"
    print(f"{count} underlag. Bara python-calamine: {bare * 1000 / count:.2f} ms per underlag.")
    print(line("konsolidera, hela kommandot", whole) + f" ({verdict} {GOAL}×), inklusive planeringsarbetsboken och "
          "sammanställningen")
    print(line("konsolidera, läsa + kontrollera + arkivera", part))
    print(line("konsolidera igen, alla filer redan i arkivet", again))
    print("Varav en gång per körning (ms per underlag): "
          f"planeringsarbetsboken {planning * 1000 / count:.2f}, sammanställningen ur arkivet "
          f"{summarised * 1000 / count:.2f}, att skriva sammanställningen {written * 1000 / count:.2f}.")


if __name__ == "__main__":
    main_bench(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
