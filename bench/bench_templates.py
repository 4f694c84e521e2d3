"""Benchmark: the planning templates of a 60-committee municipality against a bare openpyxl write.

Goal (issue 5): generating every template (content from the core, styles, validation,
protection, chart, identity and checksum, saved to disk) costs at most twice a bare
openpyxl write of the same cell values (same sheets, values and formulas; no styles,
validation, protection or chart). Prints ratios measured in one process, never absolute
pass/fail times: the best CPU time (not wall time, which other processes disturb) of
several runs each, the two taking turns:

    python bench/bench_templates.py
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path
from typing import Callable

from openpyxl import Workbook

from ramkalk.example.municipality import focus_areas, synthetic
from ramkalk.schema.inputs import Activity, PlanningData
from ramkalk.templates.content import content
from ramkalk.templates.generator import build_template, file_name
from ramkalk.templates.options import Options
from ramkalk.workbook import pipeline

REPEATS = 5
ACTIVITIES = ("Administration", "Kärnverksamhet", "Stödverksamhet", "Lokaler", "Projekt")


def best_of(actions: list[Callable[[], object]], repeats: int = REPEATS) -> list[float]:
    """The best CPU time of each action over `repeats` rounds, the actions taking turns so
    that a busy machine slows them alike."""
    best = [float("inf")] * len(actions)
    for _ in range(repeats):
        for index, action in enumerate(actions):
            start = time.process_time()
            action()
            best[index] = min(best[index], time.process_time() - start)
    return best


def with_activities(data: PlanningData) -> PlanningData:
    """The synthetic municipality has no activities or focus areas: give it some."""
    activities = data.activities or tuple(Activity(c.code, name) for c in data.committees for name in ACTIVITIES)
    return dataclasses.replace(data, activities=activities, focus_areas=data.focus_areas or focus_areas())


def generate(calculation, folder: Path, options: Options, keep: bool = False) -> list[Workbook]:
    """Write every committee's template (as `ramkalk underlag` does: one workbook at a time)."""
    books = []
    year = calculation.data.settings.budget_year
    for committee in calculation.data.committees:
        book = build_template(content(calculation, committee), options)
        book.save(folder / file_name(committee.code, year))
        if keep:
            books.append(book)
    return books


def cell_values(book: Workbook) -> list[tuple[str, list[tuple[int, int, object]]]]:
    return [(ws.title, [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row if c.value is not None])
            for ws in book.worksheets]


def bare_write(values: list, folder: Path) -> None:
    for number, sheets in enumerate(values):
        book = Workbook()
        book.remove(book.active)
        for title, cells in sheets:
            ws = book.create_sheet(title)
            for row, column, value in cells:
                ws.cell(row=row, column=column, value=value)
        book.save(folder / f"bar_{number}.xlsx")


def main() -> None:
    data = with_activities(synthetic(60))
    options = Options()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        calculation = pipeline.calculate_all(pipeline.check_data(data))
        values = [cell_values(book) for book in generate(calculation, folder, options, keep=True)]
        cells = sum(len(cells) for sheets in values for _, cells in sheets)
        templates, bare = best_of([
            lambda: generate(pipeline.calculate_all(pipeline.check_data(data)), folder, options),
            lambda: bare_write(values, folder),
        ])
    print(f"Syntetstad: {len(data.committees)} nämnder, {cells} ifyllda celler i underlagen")
    print("  planeringsunderlag (beräkning, format, kontroller, skydd, diagram)")
    print(f"  mot samma cellvärden skrivna med openpyxl utan format: kvot {templates / bare:.2f}   (mål ≤ 2)")


if __name__ == "__main__":
    main()
