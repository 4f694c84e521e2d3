"""Reading the planning tables from ranges anywhere in a workbook (the Excel add-in).

The add-in's model function is given the workbook's parameter tables as ranges, in any
order: each a list of rows of raw values as Excel hands them over (None for an empty
cell, numbers as floats), the header in its first row. A range is recognised by its
headers: the settings table (`Nyckel`, `Värde`), or the table of `workbook_format.TABLES`
whose required headers are all there and that has the most of its headers there. A text
just before a range names the table instead (the table's sheet name, e.g. "Beslut"), for
a range whose headers fit two tables. Then every range goes through the same conversion
as a sheet of a workbook file (`ramkalk.table_rows`), so values, defaults and messages
are those of `ramkalk kontrollera`.

A problem names the table (its sheet name in the format, e.g. `Nämnder`) and the cell
counted from the range's top-left corner as A1: the sheet's own address when the table
starts in A1, as in the planning workbook `ramkalk exempel` writes. Pure.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from ramkalk.cell_values import is_empty
from ramkalk.model import PlanningData
from ramkalk.problems import Problem, Source, error
from ramkalk.cell_values import text_key
from ramkalk.table_rows import Rows, headers, read_tables
from ramkalk.workbook_format import SETTINGS_KEY_HEADER, SETTINGS_SHEET, SETTINGS_VALUE_HEADER, TABLES, Table

FILE = "arbetsboken"
"""The file named in the sources of values read from ranges (the workbook is not known)."""


class Reading(NamedTuple):
    """What the ranges read to, as `ramkalk.reader.Reading` for a file (that module reads files
    and is not imported here): the data (None if it cannot be built), the problems, and the
    tables with a bad row left out."""

    data: PlanningData | None
    problems: tuple[Problem, ...]
    incomplete_sheets: frozenset[str] = frozenset()


class Named(NamedTuple):
    """A range handed to the model function: the table it was named as (None: recognise it
    by its headers) and its rows."""

    name: str | None
    rows: Rows


_SETTINGS_HEADERS = {text_key(SETTINGS_KEY_HEADER), text_key(SETTINGS_VALUE_HEADER)}
_BY_SHEET = {text_key(t.sheet): t for t in TABLES}


def recognise(rows: Rows) -> tuple[str | None, list[str]]:
    """The sheet name of the table the range holds (SETTINGS_SHEET for the settings), or None
    and the names of the tables it could be (empty: none fits)."""
    found = headers(rows)
    if _SETTINGS_HEADERS <= found:
        return SETTINGS_SHEET, []
    scores = {}
    for table in TABLES:
        required = {text_key(c.header) for c in table.columns if c.required}
        if required <= found:
            scores[table.sheet] = len(found & {text_key(c.header) for c in table.columns})
    if not scores:
        return None, []
    best = max(scores.values())
    winners = [sheet for sheet, score in scores.items() if score == best]
    return (winners[0], []) if len(winners) == 1 else (None, winners)


def trimmed(rows: Rows) -> Rows:
    """`rows` without their trailing empty rows and columns: a whole column (`Nämnder!A:I`) or a
    table with room to grow reads as the cells in use."""
    last = len(rows)
    while last and all(is_empty(v) for v in rows[last - 1]):
        last -= 1
    width = max((max((i + 1 for i, v in enumerate(row) if not is_empty(v)), default=0) for row in rows[:last]),
                default=0)
    if last == len(rows) and all(len(row) == width for row in rows):
        return rows
    return [list(row[:width]) for row in rows[:last]]


def named_ranges(arguments: Sequence[object]) -> list[Named]:
    """The model function's arguments as ranges (trailing empty rows and columns left out): a text
    names the range after it."""
    found, name = [], None
    for argument in arguments:
        if isinstance(argument, str):
            name = argument
        elif isinstance(argument, list):
            found.append(Named(name, trimmed(argument)))
            name = None
    return found


def _present(rows: Rows) -> str:
    return ", ".join(str(v).strip() for v in (rows[0] if rows else []) if not is_empty(v)) or "inga rubriker"


def _required_headers(table: Table) -> str:
    return ", ".join(c.header for c in table.columns if c.required)


def _assign(ranges: Sequence[Named], problems: list[Problem]) -> dict[str, Rows]:
    """Sheet name -> rows for every range recognised or named; problems for the others."""
    assigned: dict[str, Rows] = {}
    for number, (name, rows) in enumerate(ranges, start=1):
        where = Source(FILE, f"område {number}")
        if name is not None:
            table = _BY_SHEET.get(text_key(name))
            sheet = SETTINGS_SHEET if text_key(name) == text_key(SETTINGS_SHEET) else table and table.sheet
            if sheet is None:
                known = ", ".join([SETTINGS_SHEET, *(t.sheet for t in TABLES)])
                problems.append(error(where, f'okänd tabell "{name}"; väntade en av: {known}'))
                continue
        else:
            sheet, candidates = recognise(rows)
            if sheet is None and candidates:
                problems.append(error(where, f"rubrikerna ({_present(rows)}) passar både "
                                             f"{' och '.join(candidates)}; skriv tabellens namn som text före"
                                             f' området, t.ex. "{candidates[0]}"'))
                continue
            if sheet is None:
                problems.append(error(where, f"känns inte igen som någon tabell: rad 1 har {_present(rows)};"
                                             " första raden ska vara tabellens rubrikrad"))
                continue
        if sheet in assigned:
            problems.append(error(where, f"tabellen {sheet} har redan getts som ett tidigare område"))
            continue
        assigned[sheet] = rows
    return assigned


def read_ranges(ranges: Sequence[Named]) -> Reading:
    """The planning data in `ranges`; never raises for bad content, only reports it."""
    problems: list[Problem] = []
    assigned = _assign(ranges, problems)

    def located(sheet: str, optional: bool, what: str) -> tuple[str, Rows] | None:
        if sheet in assigned:
            return sheet, assigned[sheet]
        if not optional:
            problems.append(error(Source(FILE, sheet), f"tabellen {sheet} saknas bland områdena; ge ett område"
                                                       f" med rubrikerna {what}"))
        return None

    settings_headers = f"{SETTINGS_KEY_HEADER}, {SETTINGS_VALUE_HEADER}"
    data, incomplete = read_tables(located(SETTINGS_SHEET, False, settings_headers),
                                   lambda t: located(t.sheet, t.optional, _required_headers(t)), FILE, problems)
    return Reading(data, tuple(problems), incomplete)
