"""Benchmark: how fast the command line starts, as a user runs it (a fresh process each time).

Prints, best of several runs in one process (never an absolute time):
- `ramkalk --hjälp` ÷ `python -c pass`                      goal ≤ 3 (issue "Fast at any municipality's size")
- `ramkalk kontrollera` on Exempelstad ÷ a bare python-calamine read of the same workbook in a fresh
  process (open the file, read every sheet as values)        goal ≤ 2
- the libraries `import ramkalk.cli` loads (none of the heavy ones: tests/test_architecture.py).

    python bench/bench_start.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15

BARE_READ = """
import sys, python_calamine
book = python_calamine.load_workbook(sys.argv[1])
[book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names]
"""
"""Every sheet of the workbook as Python values, by python-calamine alone (ramkalk not imported)."""


def best(command: list[str], runs: int = RUNS) -> float:
    """The shortest wall time of `runs` runs of `command` (the least disturbed by other work)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "exempelstad.xlsx"
        subprocess.run([python, "-m", "ramkalk", "exempel", str(workbook)], check=True, stdout=subprocess.DEVNULL)
        bare_python = best([python, "-c", "pass"])
        help_ = best([python, "-m", "ramkalk", "--hjälp"])
        bare_read = best([python, "-c", BARE_READ, str(workbook)])
        check = best([python, "-m", "ramkalk", "kontrollera", str(workbook)])
    loaded = subprocess.run(
        [python, "-c", "import sys, ramkalk.cli; ramkalk.cli.build_parser(); "
                       "print(', '.join(sorted({m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names))))"],
        capture_output=True, text=True, check=True).stdout.strip()
    print(f"ramkalk --hjälp ÷ python -c pass                          {help_ / bare_python:5.2f}×  (mål ≤ 3)")
    print(f"ramkalk kontrollera ÷ bar calamine-läsning (egen process)  {check / bare_read:5.2f}×  (mål ≤ 2)")
    print(f"paket som import ramkalk.cli laddar: {loaded}")


if __name__ == "__main__":
    main()
