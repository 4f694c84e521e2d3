"""Process versions and scenarios: which rows of a workbook a version includes.

The budget process has four versions, in order: Juni (planeringsunderlag), Augusti
(nämndernas underlag), Oktober (KS förslag) and November (KF beslut). A scenario (sheet
`Versioner`) branches from a process version or from another scenario.

A row of a versioned table (`workbook_format.Table.versioned`) may name its version in
the column `Version`; a row without one belongs to every version. A version includes the
rows without a version, the rows of every earlier version in its chain and its own:

    chain(Juni)     = (alla, Juni)
    chain(Oktober)  = (alla, Juni, Augusti, Oktober)
    chain(scenario) = chain(utgår från) + (scenario,)

Walking the chain in order, a row replaces the rows of earlier versions with the same key
(`Table.key`); a row with a new key is added, and rows with the same key in one version all
stay (two decisions with the same text in a year both count). `select` returns the data of one version,
so the rest of the calculation never sees versions. Pure.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from operator import attrgetter
from typing import Iterator

from ramkalk.core.problems import Problem, error
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import PlanningData
from ramkalk.schema.process import PROCESS
from ramkalk.schema.tables import TABLES, Table

ALL = "alla"
"""The name of the rows without a version in a chain (they belong to every version)."""

VERSIONED = tuple(table for table in TABLES if table.versioned)
"""The tables whose rows may name a version."""


class UnknownVersion(ValueError):
    """A version name that is neither a process version nor a scenario of the workbook."""


def names(data: PlanningData) -> tuple[str, ...]:
    """Every version of the workbook: the process versions, then its scenarios."""
    return PROCESS + tuple(s.name for s in data.scenarios if text_key(s.name) not in _PROCESS_KEYS)


_PROCESS_KEYS = {text_key(p): p for p in PROCESS}


def resolve(data: PlanningData, version: str) -> str:
    """The version's name as the workbook spells it; UnknownVersion if there is none."""
    found = {text_key(n): n for n in names(data)}.get(text_key(version))
    if found is None:
        raise UnknownVersion(f'okänd version "{version}"; välj en av: {", ".join(names(data))}')
    return found


def chain(data: PlanningData, version: str) -> tuple[str, ...]:
    """The versions whose rows `version` includes, oldest first (ALL first)."""
    name = resolve(data, version)
    if name in PROCESS:
        return (ALL,) + PROCESS[: PROCESS.index(name) + 1]
    parents = {text_key(s.name): s.parent for s in data.scenarios}
    path = [name]
    parent = resolve(data, parents[text_key(name)])
    while parent not in PROCESS:
        if parent in path:
            raise UnknownVersion(f'scenariot "{name}" utgår till slut från sig självt: {" → ".join(path + [parent])}')
        path.append(parent)
        parent = resolve(data, parents[text_key(parent)])
    return chain(data, parent) + tuple(reversed(path))


def default(data: PlanningData) -> str | None:
    """The version computed when none is asked for: the latest process version that some row
    belongs to; None if no row names a process version (then every row without a version)."""
    used = {text_key(r.version) for table in VERSIONED for r in getattr(data, table.field) if r.version}
    latest = [p for p in PROCESS if text_key(p) in used]
    return latest[-1] if latest else None


def select(data: PlanningData, version: str | None) -> PlanningData:
    """The data as of `version` (None: `default(data)`); data already selected for it is returned
    as it is. Raises UnknownVersion for a name that is not a version of the workbook (run
    `problems` first to report every bad cell)."""
    version = default(data) if version is None else resolve(data, version)
    if version is None and not data.scenarios:  # no row names a process version, and no scenario: all rows
        return data
    if version is not None and data.version == version:  # already this version's rows
        return data
    order = {text_key(v): rank for rank, v in enumerate(chain(data, version) if version else (ALL,))}
    return replace(
        data,
        version=version,
        **{table.field: _rows_of(table, getattr(data, table.field), order) for table in VERSIONED},
    )


def _rows_of(table: Table, rows: tuple, order: dict[str, int]) -> tuple:
    """The rows in the chain `order`, a later version's row replacing an earlier one's."""
    rank_of = {version: order.get(text_key(version)) if version else 0 for version in set(map(_VERSION, rows))}
    keys = _row_keys(table, rows)
    if all(rank == 0 for rank in rank_of.values()) and len(set(keys)) == len(keys):
        return tuple(rows)  # every row belongs to every version and no key repeats: all stay, in order
    by_rank: dict[int, list[int]] = {}  # rank -> positions, workbook order within a version
    for position, version in enumerate(map(_VERSION, rows)):
        rank = rank_of[version]
        if rank is not None:
            by_rank.setdefault(rank, []).append(position)
    kept: dict[object, tuple[int, list]] = {}
    for rank in sorted(by_rank):
        for position in by_rank[rank]:
            key = keys[position]
            if key is None:
                key = ("rad", position)
            earlier = kept.get(key)
            if earlier is not None and earlier[0] == rank:  # the same key twice in one version: both stay
                earlier[1].append(rows[position])            # (validation reports it where it is an error)
            else:
                kept[key] = (rank, [rows[position]])
    return tuple([row for _, found in kept.values() for row in found])


_VERSION = attrgetter("version")


def _row_keys(table: Table, rows: tuple) -> list[tuple | None]:
    """`row_key` of every row, column by column (each column's texts normalised in one pass);
    row by row where a column mixes texts with other values or has an empty text."""
    if not table.key:
        return [() for _ in rows]
    columns = []
    for name in table.key:
        values = list(map(attrgetter(name), rows))
        kinds = set(map(type, values))
        if kinds == {str}:
            values = list(map(_key_text, values))
            if "" in values:
                return [row_key(table, row) for row in rows]
        elif any(issubclass(kind, str) for kind in kinds):
            return [row_key(table, row) for row in rows]
        columns.append(values)
    return list(zip(*columns))


def row_key(table: Table, row: object) -> tuple | None:
    """The row's key (`Table.key`), text without regard to case; None if a text part is empty."""
    parts = []
    for name in table.key:
        value = getattr(row, name)
        if isinstance(value, str):
            if not value.strip():
                return None
            value = _key_text(value)
        parts.append(value)
    return tuple(parts)


@lru_cache(maxsize=4096)
def _key_text(value: str) -> str:
    """`text_key`, kept: the same codes and names recur in the keys of every table."""
    return text_key(value)


def problems(data: PlanningData) -> Iterator[Problem]:
    """Version names that are not versions, and scenarios that cannot be followed to a process version."""
    known = {text_key(n) for n in names(data)}
    for scenario in data.scenarios:
        if text_key(scenario.name) in _PROCESS_KEYS:
            yield error(scenario.source("name"), f'"{scenario.name}" är en processversion och kan inte vara ett'
                                                 f" scenario; ge scenariot ett eget namn")
        elif text_key(scenario.parent) not in known:
            yield error(scenario.source("parent"), f'scenariot utgår från "{scenario.parent}", som inte är en'
                                                   f' version; välj en av: {", ".join(names(data))}')
        else:
            try:
                chain(data, scenario.name)
            except UnknownVersion as exc:
                yield error(scenario.source("parent"), str(exc))
    for table in VERSIONED:
        for row in getattr(data, table.field):
            if row.version and text_key(row.version) not in known:
                yield error(row.source("version"), f'okänd version "{row.version}"; väntade en av:'
                                                   f' {", ".join(names(data))} (eller tomt för alla versioner)')

