"""Running a command on Exempelstad as a user does: the example written as a planning
workbook, then `ramkalk KOMMANDO ARBETSBOK --ut UT`, and the core's result for the same file."""

from __future__ import annotations

from pathlib import Path

from ramkalk.calculation.frames import Calculation
from ramkalk.cli import main
from ramkalk.workbook import pipeline


def run_on_exempelstad(folder: Path, command: str, out_name: str) -> tuple[Path, Path, Calculation]:
    """(the planning workbook, the file the command wrote, the core's calculation of the workbook)."""
    workbook, out = folder / "exempelstad.xlsx", folder / out_name
    assert main(["exempel", str(workbook)]) == 0
    assert main([command, str(workbook), "--ut", str(out)]) == 0
    return workbook, out, pipeline.calculate_all(pipeline.check_file(workbook))
