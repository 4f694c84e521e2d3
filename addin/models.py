"""The model reference: planning tables from ranges, checked and computed once, kept in memory.

`register(arguments)` is what the model cell (=RAMMODELL(...)) does: it hashes every value
of every range it is given (and ramkalk's version), reads the ranges by their headers
(`ramkalk.workbook.ranges`), checks them (`ramkalk.workbook.pipeline.check_data`) and computes them, and
keeps the result in this process under the hash. The cell shows a text that starts with
the hash ("Modell 1a2b3c4d5e6f · Exempelstad 2027 · 0 fel"), so it changes whenever any
input changes, and every =RAM(Modell; ...) that depends on it is recalculated by Excel.

`calculation(reference, version)` is what the other functions do: look the hash up and
return the `Calculation` of that version (computed once per model and version). A hash
that is not in memory (Python was restarted since the model cell was last calculated)
is never guessed at: the cell says what to press. Problems become `CellError`s whose
text is shown in the cell, at the place `ramkalk.workbook.ranges.Places` names: the user's own cell
(`Blad3!D12`) for a range handed over with its place, else the table, row and column.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Callable, Sequence

from ramkalk import __version__

if TYPE_CHECKING:  # the core is imported by the first model cell, not by Excel loading the functions
    from ramkalk.calculation.frames import Calculation
    from ramkalk.core.problems import Problem, Source
    from ramkalk.schema.inputs import PlanningData
    from ramkalk.workbook.ranges import Named, Places

KEPT = 16
"""How many models (distinct inputs) are kept in memory; the oldest is forgotten first."""

RECALCULATE_ALL = "Ctrl+Alt+F9"

PREFIX = "Modell "
_REFERENCE = re.compile(r"^Modell ([0-9a-f]{12})\b")


class CellError(Exception):
    """A problem shown as the cell's text (Swedish, the whole message)."""


class _Model:
    """One model in memory: the data as read (every version) and its calculations by version."""

    def __init__(self, data: PlanningData, problems: tuple[Problem, ...], incomplete: frozenset[str],
                 places: Places) -> None:
        self.data, self.problems, self.incomplete, self.places = data, problems, incomplete, places
        self.calculations: dict[str | None, tuple[Calculation | CellError, tuple[Problem, ...]]] = {}
        self.lock = threading.Lock()

    def calculation(self, version: str | None) -> Calculation:
        """The calculation as of `version` (None: the default version); CellError if it has errors."""
        found = self.computed(version)[0]
        if isinstance(found, CellError):
            raise found
        return found

    def computed(self, version: str | None) -> tuple[Calculation | CellError, tuple[Problem, ...]]:
        """The calculation (or the error) as of `version`, and every problem found on the way."""
        from ramkalk.schema.cells import text_key

        key = None if version is None else text_key(version)
        with self.lock:
            if key not in self.calculations:
                self.calculations[key] = _compute(self, version)
            return self.calculations[key]


def _compute(model: _Model, version: str | None) -> tuple[Calculation | CellError, tuple[Problem, ...]]:
    from ramkalk.schema import versions
    from ramkalk.workbook import pipeline

    try:
        if version is not None:
            versions.resolve(model.data, version)
    except versions.UnknownVersion as exc:
        return CellError(str(exc)), ()
    checked = pipeline.check_data(model.data, version, model.incomplete)
    problems = model.problems + checked.problems
    if not pipeline.Checked(checked.data, problems).ok:
        return CellError(problem_text(problems, model.places)), problems
    calculation = pipeline.calculate_all(checked)
    calculation.frames  # noqa: B018 - computed now, so that every =RAM after this is a look-up
    return calculation, problems


def place(source: Source | None) -> str:
    """Where a problem is, as a cell shows it: "Blad3!D12", "Nämnder", "område 3"."""
    if source is None or source.sheet is None:
        return ""
    return f"{source.sheet}!{source.cell}" if source.cell else source.sheet


def problem_text(problems: Sequence[Problem], where: Callable[[Source | None], str] = place) -> str:
    """The first error as a cell text (its place as `where` names it), and how many more there are."""
    from ramkalk.core.problems import Severity

    errors = [p for p in problems if p.severity is Severity.ERROR]
    first = errors[0]
    where = where(first.source)
    more = f" (och {len(errors) - 1} fel till)" if len(errors) > 1 else ""
    return f"Fel i modellen: {where + ': ' if where else ''}{first.message}{more}"


def content_hash(ranges: Sequence[Named]) -> str:
    """12 hex digits of SHA-256 over every value of every range, with its type and place
    (and the range's place in the workbook, when known: the messages name it), and ramkalk's
    version: equal only for equal inputs, stable across sessions."""
    import hashlib  # (its OpenSSL takes as long to load as half of ramkalk's core)

    digest = hashlib.sha256(f"ramkalk {__version__}".encode())
    for name, rows, origin in ranges:
        digest.update(f"\x1e{name!r}\x1d{len(rows)}".encode())
        if origin is not None:
            digest.update(f"\x1d{tuple(origin)!r}".encode())
        for row in rows:
            digest.update(("\x1f" + "\x1c".join(f"{type(v).__name__}:{v!r}" for v in row)).encode())
    return digest.hexdigest()[:12]


class Models:
    """The models in memory, by hash; the last `KEPT` are kept."""

    def __init__(self) -> None:
        self._models: OrderedDict[str, _Model] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every model (what a restart of Python does)."""
        with self._lock:
            self._models.clear()

    def register(self, arguments: Sequence[object]) -> str:
        """Read, check and compute the ranges; the model cell's text."""
        from ramkalk.core.display import counted
        from ramkalk.core.problems import Severity
        from ramkalk.workbook.ranges import named_ranges, read_ranges

        ranges = named_ranges(arguments)
        key = content_hash(ranges)
        with self._lock:
            model = self._models.get(key)
            if model is not None:
                self._models.move_to_end(key)
        if model is None:
            reading = read_ranges(ranges)
            if reading.data is None:
                return problem_text(reading.problems, reading.places)
            model = _Model(reading.data, reading.problems, reading.incomplete_sheets, reading.places)
            with self._lock:
                self._models[key] = model
                while len(self._models) > KEPT:
                    self._models.popitem(last=False)
        calculation, problems = model.computed(None)
        if isinstance(calculation, CellError):
            return str(calculation)
        settings = calculation.data.settings
        warnings = sum(p.severity is Severity.WARNING for p in problems)
        found = "0 fel" + (f", {counted(warnings, 'varning', 'varningar')}" if warnings else "")
        version = f" · {calculation.data.version}" if calculation.data.version else ""
        return f"{PREFIX}{key} · {settings.municipality} {settings.budget_year}{version} · {found}"

    def calculation(self, reference: object, version: str | None = None) -> Calculation:
        """The calculation of the model the reference names, as of `version`; CellError if none."""
        return self._model(reference).calculation(version)

    def _model(self, reference: object) -> _Model:
        """The model the reference (the model cell's text) names; CellError if none."""
        found = _REFERENCE.match(reference) if isinstance(reference, str) else None
        if found is None:
            if isinstance(reference, str) and reference.startswith("Fel i modellen"):
                raise CellError("Modellcellen visar ett fel; rätta det först (se cellen med =RAMMODELL)")
            raise CellError('Första argumentet ska vara modellcellen, t.ex. =RAM(Modell; "GSN"; 2027), där'
                            " Modell är cellen med =RAMMODELL(...)")
        with self._lock:
            model = self._models.get(found.group(1))
        if model is None:
            raise CellError(f"Modellen {found.group(1)} finns inte i minnet (Excel eller Python har startats om);"
                            f" tryck {RECALCULATE_ALL} för att räkna om allt")
        return model

    def places(self, reference: str) -> Places:
        """How the places of the model `reference` names are shown (`ramkalk.workbook.ranges.Places`)."""
        return self._model(reference).places

    def problems(self, reference: str, version: str | None = None) -> tuple[Problem, ...]:
        """Every problem (warnings too) found in the model `reference` names, as of `version`."""
        model = self._model(reference)
        model.calculation(version)
        return model.computed(version)[1]


MODELS = Models()
"""The models of this Python process (one per Excel instance in classic xlwings)."""
