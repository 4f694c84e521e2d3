"""Reading a returned planning template: what it says and every problem with it.

`read_return(opened, expected)` runs short stages over a file opened by
`ramkalk.templates.returned_file` and collects every problem (none hides the next):

    identify (hidden sheet Identitet) → match the planning workbook (committee, year, version)
    → structure (sheets, table ends) → locked parts (checksum, formulas; `return_checks`)
    → rows (budget, requests, measures, volumes; `return_rows`) → formulas showing an error value
    → sums against the frame (unless a budget or frame cell has an error) → one message per cell

Every sum is recomputed from the inputs, never taken from a cached formula value. A return
with an error is rejected; one with warnings only is accepted with warnings. A sheet is read
when a stage first needs it: one that cannot be read (broken XML) ends the reading with an
error, after the problems found before it.
"""

from __future__ import annotations

from ramkalk.core.problems import Severity, Source, error, has_errors
from ramkalk.templates import return_checks, return_rows
from ramkalk.templates.layout import BUDGET, FRAME
from ramkalk.templates.return_records import Expected, Return
from ramkalk.templates.returned_file import Opened, UnreadableSheet


def read_return(opened: Opened, expected: Expected) -> Return:
    """Everything a returned file says and every problem with it (see the module docstring)."""
    problems = list(opened.problems)
    if opened.book is None:
        return Return(opened.name, opened.sha256, None, None, tuple(problems))
    found = None
    try:
        found, identified = return_checks.identify(opened.book, opened.name, expected)
        problems.extend(identified)
        if found is None or has_errors(identified):
            return Return(opened.name, opened.sha256, found, None, tuple(problems))
        structure = return_checks.structure(opened.book, opened.name, expected.layout)
        problems.extend(structure)
        if has_errors(structure):
            return Return(opened.name, opened.sha256, found, None, tuple(problems))
        problems.extend(return_checks.locked_parts(opened.book, opened.name, found, expected))
        content, row_problems = return_rows.read_rows(opened.book, opened.name, found, expected)
        problems.extend(row_problems)
        problems.extend(list(return_checks.formula_errors(opened.book, opened.name, expected.layout, problems)))
        if not any(p.severity is Severity.ERROR and p.source is not None and p.source.sheet in (BUDGET, FRAME)
                   for p in problems):  # (a bad budget cell or a changed frame is the message, not the difference)
            problems.extend(return_checks.against_frame(opened.book, content, opened.name, expected.layout,
                                                        expected.years))
    except UnreadableSheet as exc:  # a sheet is read when a stage first needs it
        problems.append(error(Source(opened.name, exc.sheet), exc.message()))
        return Return(opened.name, opened.sha256, found, None, tuple(return_checks.one_per_cell(problems)))
    return Return(opened.name, opened.sha256, found, content, tuple(return_checks.one_per_cell(problems)))
