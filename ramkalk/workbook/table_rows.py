"""Rows of cells → records: the one conversion path of every table we read.

A table is a header row and the rows below it, as a list of lists of raw cell values
(None for an empty cell). The file reader (`ramkalk.workbook.reader`, a sheet of a workbook) and
the range reader (`ramkalk.workbook.ranges`, a range handed to a worksheet function) both turn
rows into records here: columns found by their header in the first row (case and
surrounding spaces ignored; a header given twice or nearly right is an error, an unknown one a
warning), every cell converted by the format
(`ramkalk.schema.tables`), each bad cell a `Problem`. Cells are named from where the
table is (`Located`): a sheet's own address; a range whose place is not known counts its
rows as a table's (the first row of data is row 1; `ramkalk.workbook.ranges` names them in words).
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType
from typing import Callable, Iterable, NamedTuple

from ramkalk.core.addresses import column_letter
from ramkalk.core.problems import Problem, RowOrigin, Source, error, warning
from ramkalk.schema import inputs
from ramkalk.schema.cells import Invalid, convert, is_empty, text_key
from ramkalk.schema.tables import SETTINGS, SETTINGS_KEY_HEADER, SETTINGS_VALUE_HEADER, TABLES, Column, Kind, Table

Rows = list[list[object]]


class Located(NamedTuple):
    """A table's rows, the header first, and where they are: the sheet its sources name, and the
    sheet row and column of the header's first cell. A sheet read from A1 is at (1, 1), as is
    a plain `(sheet, rows)`. At row 0 the place is not known (a range in xlwings Lite): the
    rows are counted as a table's, its first row of data row 1, and a header cell is named by
    its column's number in the table."""

    sheet: str
    rows: Rows
    top: int = 1
    left: int = 1

    def cell(self, column: int, row: int = 0) -> str:
        """The address of the cell `row` rows below the header (0: the header) in the table's
        `column` (0-based): "D12"."""
        return f"{column_letter(self.left + column)}{self.top + row}"

    def header_cell(self, column: int) -> str:
        """A header cell as a message names it: "D10", or "kolumn 4" where the place is not known."""
        return self.cell(column) if self.top else f"kolumn {column + 1}"

    @property
    def header_row(self) -> str | None:
        """The header row as a message names it, "rad 10"; None where the place is not known."""
        return f"rad {self.top}" if self.top else None


EMPTY = "cellen är tom; väntade "
SETTING_NAME = Column("key", SETTINGS_KEY_HEADER, Kind.TEXT, "inställningens namn")


def headers(rows: Rows) -> set[str]:
    """The header keys of the first row."""
    return {text_key(v) for v in (rows[0] if rows else []) if not is_empty(v)}


def _columns(table: Table, located: Located, file: str, problems: list[Problem]) -> dict[str, int] | None:
    """Field -> column index, from the header in row 1; None if a column cannot be found for
    sure: a required header missing, a header given twice, or a near-miss of a header (which
    would otherwise leave the column's values unread). An unknown header is a warning."""
    sheet, rows = located.sheet, located.rows
    header = rows[0] if rows else []
    cells = [(i, value) for i, value in enumerate(header) if not is_empty(value)]
    at: dict[str, list[int]] = {}
    for i, value in cells:
        at.setdefault(text_key(value), []).append(i)
    declared = {text_key(c.header) for c in table.columns}
    unknown = {i: str(value).strip() for i, value in cells if text_key(value) not in declared}
    columns, ok = {}, True
    for column in table.columns:
        found = at.get(text_key(column.header), [])
        if len(found) > 1:
            places = " och ".join(located.header_cell(i) for i in found)
            problems.append(error(Source(file, sheet, located.cell(found[0])), (
                f'kolumnen "{column.header}" finns flera gånger i rubrikraden ({places}); ramkalk kan inte veta '
                "vilken som gäller. Ta bort eller byt namn på den ena")))
            ok = False
        elif found:
            columns[column.field] = found[0]
        elif (near := [i for i, text in unknown.items() if near_miss(text, (column.header,))]):
            for i in near:
                problems.append(error(Source(file, sheet, located.cell(i)), (
                    f'rubriken "{unknown.pop(i)}" liknar kolumnen "{column.header}" men är inte samma, så kolumnen '
                    f'läses inte; menade du "{column.header}"? Skriv rubriken exakt så')))
            ok = False
        elif column.required:
            present = ", ".join(str(v).strip() for _, v in cells) or "inga rubriker"
            problems.append(error(Source(file, sheet), f'kolumnen "{column.header}" saknas i rubrikraden'
                                                       f" ({located.header_row or 'den'} har: {present})"))
            ok = False
    for i, text in unknown.items():
        names = ", ".join(c.header for c in table.columns)
        problems.append(warning(Source(file, sheet, located.cell(i)), (
            f'kolumnen "{text}" är okänd och läses inte (bladets kolumner: {names}); ta bort den om den inte behövs')))
    return columns if ok else None


_UNIT_SUFFIX = re.compile(r"\s*[(\[]\s*(?:kr|tkr|mnkr|%|procent|st|antal|år)\s*[)\]]\s*$|\s+(?:i\s+)?(?:kr|tkr|mnkr|%)$")
_FOLD = str.maketrans("åäöéü", "aaoeu")
_SEPARATORS = re.compile(r"[\s\-_.:,;/]+")


def _loose(text: str) -> str:
    """A header as it is compared for a near miss: case, spaces, punctuation, a unit suffix
    ("(kr)", "i tkr") and the dots of å, ä, ö ignored."""
    return _SEPARATORS.sub("", _UNIT_SUFFIX.sub("", text_key(text)).translate(_FOLD))


def near_miss(text: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `text` nearly is (not exactly, as `text_key` compares): the same
    but for case, spaces, punctuation, a unit suffix or å/ä/ö, or a typo or two; else None."""
    loose = {_loose(name): name for name in names}
    key = _loose(text)
    if key in loose:
        return loose[key]
    import difflib  # (only a header that does not match pays for it)

    close = difflib.get_close_matches(key, list(loose), n=1, cutoff=0.85)
    return loose[close[0]] if close else None


def read_table(table: Table, located: Located | None, file: str, factor: Decimal,
               problems: list[Problem]) -> list[object]:
    """The records of one table; a row with a bad cell is left out and its problems reported."""
    if located is None:
        return []
    located = Located(*located)
    sheet, rows, top = located.sheet, located.rows, located.top
    columns = _columns(table, located, file, problems)
    if columns is None:
        return []
    letters = MappingProxyType({f: column_letter(located.left + i) for f, i in columns.items()})
    build = table.record
    # (column, its index in a row) of the columns found, and the declared columns not in the sheet
    found = [(column, columns[column.field]) for column in table.columns if column.field in columns]
    absent = [column for column in table.columns if column.field not in columns]
    records = []
    for number, row in enumerate(rows[1:], start=top + 1):
        width = len(row)
        cells = [row[i] if i < width else None for _, i in found]
        if all(v is None or v == "" or (v.__class__ is str and not v.strip()) for v in cells):
            continue
        origin = RowOrigin(file, sheet, number, letters)
        values = _convert_row(zip((column for column, _ in found), cells), absent, origin, factor, problems)
        if values is not None:
            records.append(build(origin=origin, **values))
    return records


def _convert_row(cells: Iterable[tuple[Column, object]], absent: list[Column], origin: RowOrigin, factor: Decimal,
                 problems: list[Problem]) -> dict[str, object] | None:
    """A row's typed values by field (the columns not in the sheet as if empty), or None if a cell is bad."""
    values, ok = {}, True
    for column, raw in (*cells, *((column, None) for column in absent)):
        try:
            values[column.field] = value(raw, column, factor)
        except Invalid as exc:
            problems.append(error(origin.cell(column.field), str(exc)))
            ok = False
    return values if ok else None


def value(raw: object, column: Column, factor: Decimal) -> object:
    """One cell's typed value (a column's default if empty and not required); raises Invalid."""
    if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):  # (is_empty, inlined: every cell)
        if column.required:
            raise Invalid(f"{EMPTY}{column.what}")
        if column.default is None:
            return None
        raw = column.default
    converted = convert(raw, column, factor)
    return column.enum(converted) if column.enum else converted


def read_settings(located: Located | None, file: str, problems: list[Problem]) -> inputs.Settings | None:
    """The key/value table of `Inställningar`; None if a required setting is missing or bad."""
    if located is None:
        return None
    located = Located(*located)
    sheet, rows = located.sheet, located.rows
    header = [text_key(v) for v in (rows[0] if rows else [])]
    try:
        key_col = header.index(text_key(SETTINGS_KEY_HEADER))
        value_col = header.index(text_key(SETTINGS_VALUE_HEADER))
    except ValueError:
        problems.append(error(Source(file, sheet),
                              f'rubrikraden{f" ({located.header_row})" if located.header_row else ""} ska ha'
                              f' kolumnerna "{SETTINGS_KEY_HEADER}" och "{SETTINGS_VALUE_HEADER}"'))
        return None
    by_key = {text_key(c.header): c for c in SETTINGS}
    values: dict[str, object] = {}
    sources: dict[str, Source] = {}
    ok = True
    for number, row in enumerate(rows[1:], start=1):
        key = row[key_col] if key_col < len(row) else None
        if is_empty(key):
            continue
        key_source = Source(file, sheet, located.cell(key_col, number))
        try:
            key = convert(key, SETTING_NAME)
        except Invalid as exc:  # an error value or an uncomputed formula where the setting's name belongs
            problems.append(error(key_source, str(exc)))
            ok = False
            continue
        column = by_key.get(text_key(key))
        if column is None:
            meant = near_miss(str(key), (c.header for c in SETTINGS))
            if meant is not None:
                problems.append(error(key_source, f'okänd inställning "{key}"; menade du "{meant}"? Skriv nyckeln '
                                                  "exakt så, annars används standardvärdet"))
                ok = False
                continue
            known = ", ".join(c.header for c in SETTINGS)
            problems.append(warning(key_source, f'okänd inställning "{key}" används inte (kända: {known})'))
            continue
        if column.field in values:
            problems.append(error(key_source, f'inställningen "{column.header}" finns två gånger'))
            ok = False
            continue
        source = Source(file, sheet, located.cell(value_col, number))
        raw = row[value_col] if value_col < len(row) else None
        try:
            values[column.field] = value(raw, column, Decimal(1))
            sources[column.field] = source
        except Invalid as exc:
            problems.append(error(source, str(exc)))
            values[column.field] = None
            ok = False
    for column in SETTINGS:
        if column.field not in values:
            if column.required:
                problems.append(error(Source(file, sheet), f'inställningen "{column.header}" saknas'))
                ok = False
            else:
                values[column.field] = value(None, column, Decimal(1))
    if not ok:
        return None
    return inputs.Settings(**values, sources=tuple(sources.items()))


def read_tables(settings: Located | None, locate: Callable[[Table], Located | None], file: str,
                problems: list[Problem]) -> tuple[inputs.PlanningData | None, frozenset[str]]:
    """The settings and every table of `workbook_format.TABLES`, in that order (`locate`
    finds a table's rows, reporting what it cannot find) → the data (None without valid
    settings) and the sheets where a row was left out for a bad cell."""
    found_settings = read_settings(settings, file, problems)
    factor = found_settings.unit.factor if found_settings else Decimal(1)
    records, incomplete = {}, set()
    for table in TABLES:
        before = len(problems)
        records[table] = read_table(table, locate(table), file, factor, problems)
        if len(problems) > before:
            incomplete.add(table.sheet)
    if found_settings is None:
        return None, frozenset(incomplete)
    data = inputs.PlanningData(settings=found_settings, file=file,
                              **{table.field: tuple(rows) for table, rows in records.items()})
    return data, frozenset(incomplete)
