"""A run as a short list of stages: read → validate → calculate.

The CLI and the add-in call these; presenting the result is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ramkalk import calculation, versions
from ramkalk.calculation import Calculation
from ramkalk.model import PlanningData
from ramkalk.problems import Problem, Source, error, has_errors
from ramkalk.reader import read_workbook
from ramkalk.results import Frame
from ramkalk.validation import validate_selected


@dataclass(frozen=True)
class Checked:
    """Planning data with every problem found by reading and validating it."""

    data: PlanningData | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True if there is data and no problem is an error."""
        return self.data is not None and not has_errors(self.problems)


def check_data(data: PlanningData, version: str | None = None,
               incomplete_sheets: frozenset[str] = frozenset()) -> Checked:
    """Validate data built in memory (the example municipality, tests, the add-in) as of
    `version` (None: the default version, `ramkalk.versions.default`); the checked data is
    that version's rows."""
    try:
        selected = versions.select(data, version)
    except versions.UnknownVersion as exc:
        return Checked(None, (error(Source(data.file or "arbetsboken"), str(exc)),))
    return Checked(selected, validate_selected(data, selected, incomplete_sheets))


def check_file(path: str | Path, version: str | None = None) -> Checked:
    """Read and validate a planning workbook as of `version` (see `check_data`)."""
    reading = read_workbook(path)
    if reading.data is None:
        return Checked(None, reading.problems)
    checked = check_data(reading.data, version, reading.incomplete_sheets)
    return Checked(checked.data, reading.problems + checked.problems)


def check_every_version(path: str | Path) -> Checked:
    """Read a planning workbook and validate it as of every version (`ramkalk kontrollera`
    without --version): the default version's data, its problems, and then each other
    version's problems that the default version does not have, marked with the version."""
    reading = read_workbook(path)
    if reading.data is None:
        return Checked(None, reading.problems)
    first = check_data(reading.data, None, reading.incomplete_sheets)
    problems = list(dict.fromkeys(reading.problems + first.problems))
    seen = set(problems)
    for version in versions.names(reading.data):
        if first.data is None or version == first.data.version:
            continue
        for problem in check_data(reading.data, version, reading.incomplete_sheets).problems:
            if problem not in seen:
                seen.add(problem)
                problems.append(replace(problem, message=f"{problem.message} (i versionen {version})"))
    return Checked(first.data, tuple(problems))


def calculate_all(checked: Checked) -> Calculation:
    """Checked data computed: frames, both models side by side, balance. Misuse (data with
    errors) raises ValueError."""
    if not checked.ok:
        raise ValueError("planeringsdata med fel kan inte beräknas; rätta felen först")
    return calculation.calculate(checked.data)


def calculate(checked: Checked) -> tuple[Frame, ...]:
    """Every committee's frame for every year, by its own model (see `calculate_all`)."""
    return calculate_all(checked).frames
