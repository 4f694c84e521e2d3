"""Reading the planning tables from ranges anywhere in a workbook (the Excel add-in).

The add-in's model function is given the workbook's parameter tables as ranges, in any
order: each a list of rows of raw values as Excel hands them over (None for an empty
cell, numbers as floats), the header in its first row. A range is recognised by its
headers: the settings table (`Nyckel`, `Värde`), or the table of `workbook_format.TABLES`
whose required headers are all there and that has the most of its headers there. A text
just before a range names the table instead (the table's sheet name, e.g. "Beslut"), for
a range whose headers fit two tables. Then every range goes through the same conversion
as a sheet of a workbook file (`ramkalk.workbook.table_rows`), so values, defaults and messages
are those of `ramkalk kontrollera`.

Where a value is: a range handed over with its place (`Placed`: classic xlwings gives the
range itself, whose sheet and address are known; the macros read each sheet's used range)
names its cells as the user's sheet does, `Blad3!D12`. A range of values alone (xlwings
Lite gives a function only the values) has its rows counted as a table's, the first row of
data row 1, and `Places` names a cell in the user's words: `tabellen Nämnder, rad 3 (GSN),
kolumnen Personalkostnadsandel`. Pure.
"""

from __future__ import annotations

import re
from typing import Mapping, NamedTuple, Sequence

from ramkalk.core.addresses import column_letter
from ramkalk.core.problems import Problem, Source, error
from ramkalk.schema.cells import is_empty, text_key
from ramkalk.schema.inputs import PlanningData
from ramkalk.schema.tables import SETTINGS_KEY_HEADER, SETTINGS_SHEET, SETTINGS_VALUE_HEADER, TABLES, Table
from ramkalk.workbook.table_rows import Located, Rows, headers, read_tables

FILE = "arbetsboken"
"""The file named in the sources of values read from ranges (the workbook is not known)."""


class Origin(NamedTuple):
    """Where a range is in the user's workbook: its sheet, and the row and column of its top-left cell."""

    sheet: str
    top: int
    left: int

    @classmethod
    def of(cls, sheet: str, address: str) -> Origin:
        """The origin of the range at `address` on `sheet`, as Excel writes it: "$B$10:$J$21", "$A:$I"
        (whole columns start in row 1), "$3:$9" (whole rows in column A); of several areas the first."""
        found = _ADDRESS.match(address.split(",")[0].split("!")[-1].strip())
        letters, digits = (found.group(1).upper(), found.group(2)) if found else ("", "")
        return cls(sheet, int(digits) if digits else 1, _column_index(letters) + 1 if letters else 1)

    def cell(self) -> str:
        """The top-left cell: "Blad3!B10"."""
        return f"{self.sheet}!{column_letter(self.left)}{self.top}"


_ADDRESS = re.compile(r"^\$?([A-Za-z]{0,3})\$?(\d*)")


class Placed(NamedTuple):
    """A range's values (rows, as the model function gets them) with its place in the workbook."""

    rows: Rows
    origin: Origin


class Named(NamedTuple):
    """A range handed to the model function: the table it was named as (None: recognise it
    by its headers), its rows, and where it is (None: not known)."""

    name: str | None
    rows: Rows
    origin: Origin | None = None


class Places:
    """A place (a problem's or an input's `Source`) as the add-in shows it. A cell of a range whose
    place is known is already the user's own ("Blad3!D12"); a cell of a range of values alone is
    named by its table, row and column in the user's words: "tabellen Nämnder, rad 3 (GSN),
    kolumnen Personalkostnadsandel" (the row counted from the first row of data, the row's key in
    brackets, the column by its header as written), a header cell "tabellen Nämnder, rubrikraden,
    kolumn 3", and the whole table "tabellen Nämnder"."""

    def __init__(self, unplaced: Mapping[str, Rows] | None = None) -> None:
        self._unplaced = dict(unplaced or {})

    def __call__(self, source: Source | None) -> str:
        if source is None or source.sheet is None:
            return ""
        rows = self._unplaced.get(source.sheet)
        if rows is None:
            return f"{source.sheet}!{source.cell}" if source.cell else source.sheet
        table = f"tabellen {source.sheet}"
        found = _CELL.match(source.cell or "")
        if found is None:
            return table
        column, row = _column_index(found.group(1)), int(found.group(2))
        if row == 0:
            return f"{table}, rubrikraden, kolumn {column + 1}"
        header = rows[0][column] if rows and column < len(rows[0]) else None
        named = f"kolumnen {str(header).strip()}" if not is_empty(header) else f"kolumn {column + 1}"
        key = _row_key(source.sheet, rows, row)
        return f"{table}, rad {row}{f' ({key})' if key else ''}, {named}"


_CELL = re.compile(r"^([A-Z]+)(\d+)$")
_KEY_TEXT = 30


def _column_index(letters: str) -> int:
    """The 0-based index of a column's letters: "A" 0, "AB" 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _shown(value: object) -> str:
    """A key's value as the user typed it: 2027.0 (how Excel hands a number over) as "2027"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= _KEY_TEXT else text[:_KEY_TEXT - 1] + "…"


def _row_key(sheet: str, rows: Rows, row: int) -> str:
    """The values that identify row `row` (1: the first row of data) of a table: its key columns
    (`Table.key`; the settings' Nyckel), as typed."""
    if row >= len(rows):
        return ""
    at = {text_key(v): i for i, v in enumerate(rows[0]) if not is_empty(v)}
    table = _BY_SHEET.get(text_key(sheet))
    headers_ = [SETTINGS_KEY_HEADER] if table is None else [table.column(f).header for f in table.key]
    values = [rows[row][at[text_key(h)]] for h in headers_ if text_key(h) in at and at[text_key(h)] < len(rows[row])]
    return ", ".join(_shown(v) for v in values if not is_empty(v))


class Reading(NamedTuple):
    """What the ranges read to, as `ramkalk.workbook.reader.Reading` for a file (that module reads files
    and is not imported here): the data (None if it cannot be built), the problems, the
    tables with a bad row left out, and how their places are shown (`Places`)."""

    data: PlanningData | None
    problems: tuple[Problem, ...]
    incomplete_sheets: frozenset[str] = frozenset()
    places: Places = Places()


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
    """The model function's arguments as ranges (rows, or rows `Placed`; trailing empty rows and
    columns left out): a text names the range after it."""
    found, name = [], None
    for argument in arguments:
        if isinstance(argument, str):
            name = argument
        elif isinstance(argument, Placed):
            found.append(Named(name, trimmed(argument.rows), argument.origin))
            name = None
        elif isinstance(argument, list):
            found.append(Named(name, trimmed(argument)))
            name = None
    return found


def _present(rows: Rows) -> str:
    return ", ".join(str(v).strip() for v in (rows[0] if rows else []) if not is_empty(v)) or "inga rubriker"


def _required_headers(table: Table) -> str:
    return ", ".join(c.header for c in table.columns if c.required)


def _assign(ranges: Sequence[Named], problems: list[Problem]) -> dict[str, Located]:
    """Sheet name -> the rows where they are, for every range recognised or named; problems for the others."""
    assigned: dict[str, Located] = {}
    for number, (name, rows, origin) in enumerate(ranges, start=1):
        where = Source(FILE, f"område {number}" + (f" ({origin.cell()})" if origin else ""))
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
                problems.append(error(where, f"känns inte igen som någon tabell: första raden har {_present(rows)};"
                                             " den ska vara tabellens rubrikrad"))
                continue
        if sheet in assigned:
            problems.append(error(where, f"tabellen {sheet} har redan getts som ett tidigare område"))
            continue
        # a range whose place is not known: named by its table (`Places`), its rows counted from the first of data
        assigned[sheet] = Located(origin.sheet, rows, origin.top, origin.left) if origin else Located(sheet, rows, 0)
    return assigned


def read_ranges(ranges: Sequence[Named]) -> Reading:
    """The planning data in `ranges`; never raises for bad content, only reports it."""
    problems: list[Problem] = []
    assigned = _assign(ranges, problems)

    def located(sheet: str, optional: bool, what: str) -> Located | None:
        if sheet in assigned:
            return assigned[sheet]
        if not optional:
            problems.append(error(Source(FILE, sheet), f"tabellen {sheet} saknas bland områdena; ge ett område"
                                                       f" med rubrikerna {what}"))
        return None

    settings_headers = f"{SETTINGS_KEY_HEADER}, {SETTINGS_VALUE_HEADER}"
    data, incomplete = read_tables(located(SETTINGS_SHEET, False, settings_headers),
                                   lambda t: located(t.sheet, t.optional, _required_headers(t)), FILE, problems)
    places = Places({sheet: found.rows for sheet, found in assigned.items() if found.top == 0})
    return Reading(data, tuple(problems), incomplete, places)
