"""A run as a short list of stages: read → validate → calculate → plausibility.

The CLI and the add-in call these; presenting the result is theirs. The last stage,
`plausibility_warnings` (or `with_plausibility`), adds the warnings of `ramkalk.calculation.plausibility`
to data without errors: numbers that can be computed but are probably typos.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ramkalk.calculation import plausibility as plausibility_rules
from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate_selected
from ramkalk.core.frame import Frame
from ramkalk.core.problems import Problem, Source, error, has_errors
from ramkalk.schema import versions
from ramkalk.schema.inputs import PlanningData


def read_workbook(path: str | Path):
    """`ramkalk.workbook.reader.read_workbook`, imported when a file is read (the add-in reads none)."""
    from ramkalk.workbook.reader import read_workbook as read

    return read(path)


@dataclass(frozen=True)
class Checked:
    """Planning data with every problem found by reading and validating it.

    data: the rows of the version checked. workbook: every row of the workbook (all versions),
    for the rules that compare a row with the one it replaces; None if nothing was read."""

    data: PlanningData | None
    problems: tuple[Problem, ...]
    workbook: PlanningData | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True if there is data and no problem is an error."""
        return self.data is not None and not has_errors(self.problems)


def check_data(data: PlanningData, version: str | None = None,
               incomplete_sheets: frozenset[str] = frozenset()) -> Checked:
    """Validate data built in memory (the example municipality, tests, the add-in) as of
    `version` (None: the default version, `ramkalk.schema.versions.default`); the checked data is
    that version's rows."""
    try:
        selected = versions.select(data, version)
    except versions.UnknownVersion as exc:
        return Checked(None, (error(Source(data.file or "arbetsboken"), str(exc)),), data)
    return Checked(selected, validate_selected(data, selected, incomplete_sheets), data)


def check_file(path: str | Path, version: str | None = None) -> Checked:
    """Read and validate a planning workbook as of `version` (see `check_data`)."""
    reading = read_workbook(path)
    if reading.data is None:
        return Checked(None, reading.problems)
    checked = check_data(reading.data, version, reading.incomplete_sheets)
    return Checked(checked.data, reading.problems + checked.problems, reading.data)


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
    return Checked(first.data, tuple(problems), reading.data)


def calculate_all(checked: Checked) -> Calculation:
    """Checked data computed: frames, both models side by side, balance. Misuse (data with
    errors) raises ValueError."""
    if not checked.ok:
        raise ValueError("planeringsdata med fel kan inte beräknas; rätta felen först")
    return Calculation(checked.data)


def calculate(checked: Checked) -> tuple[Frame, ...]:
    """Every committee's frame for every year, by its own model (see `calculate_all`)."""
    return calculate_all(checked).frames


def plausibility_warnings(checked: Checked, computed: Calculation | None = None) -> tuple[Problem, ...]:
    """The plausibility warnings of checked data (`ramkalk.calculation.plausibility`): its input rules and, on
    `computed` (computed here if not given), its result rules; none for data with errors, which
    is not computed. Only the version checked is computed: with `check_every_version`, the
    default version."""
    if not checked.ok:
        return ()
    if computed is None:
        computed = calculate_all(checked)
    return plausibility_rules.check(computed, checked.workbook)


def with_plausibility(checked: Checked, computed: Calculation | None = None) -> Checked:
    """`checked` with its plausibility warnings after its other problems (see `plausibility_warnings`)."""
    known = set(checked.problems)
    found = tuple(p for p in plausibility_warnings(checked, computed) if p not in known)
    return replace(checked, problems=checked.problems + found) if found else checked
