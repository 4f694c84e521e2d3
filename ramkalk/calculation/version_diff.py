"""What changed between two versions, and what each change did to every frame.

`compare(data, first, second)` lists the rows that differ between the two versions
(added, removed or changed, table by table in workbook order) and attributes the
difference of every frame to them by applying the changes one at a time, starting from
the first version and recomputing after each, without the balancing requirement:

    effect of change i = frames after changes 1..i − frames after changes 1..i−1

A change of a committee's own rows (a decision, a volume group, ...) moves only that
committee's frames, so only it is recomputed, on its own rows
(`ramkalk.calculation.committee_rows`); a change of a shared table (index, cost index,
internal prices, ...) recomputes every committee. The balancing requirement is then one
more part of the difference: `balancing` = the difference of the balanced frames minus the
changes' effects, so that for every committee and year

    frame in the first version + Σ effects + balancing = frame in the second version

exactly. (Applying the balancing after every change instead would move every committee's
frame with every change: the work and the report would grow with changes × committees.)
When a change cannot be computed on its own (the data between two changes does not
validate, e.g. a new volume group before its price row), it is applied together with the
next change and reported as one step. Pure.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import NamedTuple

from ramkalk.calculation.committee_rows import COMMITTEE_TABLES, own_rows, unbalanced_frames, without_balancing
from ramkalk.calculation.frames import calculate
from ramkalk.calculation.validation import validate_selected
from ramkalk.core.display import format_kronor, format_share
from ramkalk.core.money import ZERO
from ramkalk.core.problems import Source, has_errors
from ramkalk.rules.lookups import Lookups
from ramkalk.schema import versions
from ramkalk.schema.inputs import PlanningData
from ramkalk.schema.tables import TABLES, Kind, Table

IGNORED = {"version", "origin"}
"""Fields that do not make two rows different."""


class Change(NamedTuple):
    """One row that differs between the versions: before (None: added) and after (None: removed)."""

    table: Table
    before: object | None
    after: object | None

    @property
    def source(self) -> Source | None:
        row = self.after if self.after is not None else self.before
        return row.source(self.table.columns[0].field)

    def text(self) -> str:
        """The change in Swedish: "Index 2027: Löneökning 3,4 % → 3,3 % (version Oktober)"."""
        row = self.after if self.after is not None else self.before
        name = f"{self.table.sheet} {_key_text(self.table, row)}"
        version = f" (version {self.after.version})" if self.after is not None and self.after.version else ""
        if self.before is None:
            return f"{name}: ny rad{version}: {_row_text(self.table, self.after)}"
        if self.after is None:
            return f"{name}: raden tas bort: {_row_text(self.table, self.before)}"
        changed = [f"{c.header} {_value_text(c.kind, getattr(self.before, c.field))} → "
                   f"{_value_text(c.kind, getattr(self.after, c.field))}"
                   for c in self.table.columns
                   if c.field not in IGNORED and getattr(self.before, c.field) != getattr(self.after, c.field)]
        return f"{name}: {', '.join(changed)}{version}"


@dataclass(frozen=True)
class Step:
    """Changes applied together and their effect: (committee, year) -> kr, for the frames they
    move (a frame not listed is unchanged by them)."""

    changes: tuple[Change, ...]
    effects: dict[tuple[str, int], Decimal]


@dataclass(frozen=True)
class Comparison:
    """Two versions' frames, the steps from the first to the second and the balancing requirement.

    frames: (committee, year) -> (frame in the first version, frame in the second), kr.
    """

    first: str | None
    second: str | None
    steps: tuple[Step, ...]
    frames: dict[tuple[str, int], tuple[Decimal, Decimal]]
    balancing: dict[tuple[str, int], Decimal]
    """(committee, year) -> how much more the balancing requirement takes (negative) or gives
    back (positive) in the second version, kr; a frame not listed: no difference."""

    def effects_of(self, committee: str, year: int) -> list[tuple[Step, Decimal]]:
        """The steps that changed the committee's frame of `year`, with their effect."""
        return [(step, step.effects[(committee, year)]) for step in self.steps
                if step.effects.get((committee, year), Decimal(0)) != 0]


def compare(data: PlanningData, first: str, second: str) -> Comparison:
    """The changes from version `first` to `second` of `data` (which must validate in both)."""
    start, end = versions.select(data, first), versions.select(data, second)
    changes = [change for table in TABLES if table.versioned for change in _changes(table, start, end)]
    frames_before, frames_after = _frames(start), _frames(end)
    steps = _steps(start, changes)
    moved: dict[tuple[str, int], Decimal] = {}
    for step in steps:
        for key, amount in step.effects.items():
            moved[key] = moved.get(key, ZERO) + amount
    keys = list(dict.fromkeys([*frames_before, *frames_after]))
    frames = {key: (frames_before.get(key, ZERO), frames_after.get(key, ZERO)) for key in keys}
    balancing = {key: rest for key, (before, after) in frames.items()
                 if (rest := after - before - moved.get(key, ZERO))}
    return Comparison(start.version, end.version, tuple(steps), frames, balancing)


class _Committees:
    """The first version's data split per committee (`committee_rows.own_rows`), without balancing,
    with each committee's frames; changes are applied to the rows of the committees they touch."""

    def __init__(self, data: PlanningData) -> None:
        self.data = without_balancing(data)
        self.known = Lookups(self.data)  # the population does not change between versions (not versioned)
        self.own = own_rows(self.data)
        self.shared = {table.field: getattr(self.data, table.field) for table in TABLES
                       if table.field not in COMMITTEE_TABLES}
        self.totals = {(f.committee, f.year): f.total for f in unbalanced_frames(self.data, self.known)}

    def apply(self, change: Change) -> set[str]:
        """Apply one change; the codes of the committees it touches (a shared table: all)."""
        field = change.table.field
        if field in COMMITTEE_TABLES:
            code = (change.after if change.after is not None else change.before).committee
            self.own[code] = _apply(self.own[code], change)
            return {code}
        self.shared[field] = getattr(_apply(replace(self.data, **{field: self.shared[field]}), change), field)
        self.own = {code: replace(own, **{field: self.shared[field]}) for code, own in self.own.items()}
        return set(self.own)

    def valid(self, codes: set[str]) -> bool:
        """Whether the data of the committees `codes` validates (its rows are one version's)."""
        if len(codes) == len(self.own):
            whole = self.whole()
            return not has_errors(validate_selected(whole, whole))
        return not any(has_errors(validate_selected(self.own[code], self.own[code])) for code in codes)

    def whole(self) -> PlanningData:
        """All committees' data together."""
        return replace(self.data, **self.shared, **{
            field: tuple(row for own in self.own.values() for row in getattr(own, field)) for field in COMMITTEE_TABLES})

    def recompute(self, codes: set[str]) -> dict[tuple[str, int], Decimal]:
        """The committees' frames again: how much each frame moved (only those that did)."""
        effects = {}
        for code in (c.code for c in self.data.committees if c.code in codes):
            for frame in unbalanced_frames(self.own[code], self.known):
                key = (frame.committee, frame.year)
                if moved := frame.total - self.totals[key]:
                    effects[key] = moved
                    self.totals[key] = frame.total
        return effects


def _steps(start: PlanningData, changes: list[Change]) -> list[Step]:
    """The changes applied one at a time (or together, until the data validates again)."""
    committees = _Committees(start)
    steps, pending, touched = [], [], set()
    for number, change in enumerate(changes):
        pending.append(change)
        touched |= committees.apply(change)
        if number < len(changes) - 1 and not committees.valid(touched):
            continue
        steps.append(Step(tuple(pending), committees.recompute(touched)))
        pending, touched = [], set()
    return steps


def _frames(data: PlanningData) -> dict[tuple[str, int], Decimal]:
    return {(f.committee, f.year): f.total for f in calculate(data).frames}


def _content(row: object) -> tuple:
    return tuple(getattr(row, f.name) for f in fields(row) if f.name not in IGNORED)


def _keyed(table: Table, rows: tuple) -> dict[object, object]:
    """Rows by key and occurrence (two decisions with the same text in one version are both
    kept); a row without a key by its content (it can only be added or removed)."""
    found: dict[object, object] = {}
    seen: Counter = Counter()
    for row in rows:
        key = versions.row_key(table, row) or ("innehåll", _content(row))
        found[(key, seen[key])] = row
        seen[key] += 1
    return found


def _changes(table: Table, start: PlanningData, end: PlanningData) -> list[Change]:
    before, after = _keyed(table, getattr(start, table.field)), _keyed(table, getattr(end, table.field))
    found = [Change(table, row, after.get(key)) for key, row in before.items()
             if key not in after or _content(after[key]) != _content(row)]
    found += [Change(table, None, row) for key, row in after.items() if key not in before]
    return found


def _apply(data: PlanningData, change: Change) -> PlanningData:
    """`data` with one row added, removed or replaced. The versions are already resolved, so the
    new row loses its Version (selecting `data`'s version again must keep it)."""
    rows = [row for row in getattr(data, change.table.field) if row is not change.before]
    if change.after is not None:
        rows.append(replace(change.after, version=None))
    return replace(data, **{change.table.field: tuple(rows)})


def _key_text(table: Table, row: object) -> str:
    return " ".join(str(getattr(row, name)) for name in table.key if getattr(row, name) not in (None, ""))


def _row_text(table: Table, row: object) -> str:
    return ", ".join(f"{c.header} {_value_text(c.kind, getattr(row, c.field))}" for c in table.columns
                     if c.field not in IGNORED and c.field not in table.key and getattr(row, c.field) not in (None, ""))


def _value_text(kind: Kind, value: object) -> str:
    if value is None:
        return "(tom)"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if kind in (Kind.RATE, Kind.SHARE) and isinstance(value, Decimal):
        return format_share(value)
    if kind in (Kind.AMOUNT, Kind.PRICE) and isinstance(value, Decimal):
        return format_kronor(value)
    return str(value)
