"""What a sheet's XML says that python-calamine does not: which cells are not values.

python-calamine gives an error value (`#N/A`, `#DIV/0!`) and a formula that was never
calculated as an empty cell, and says nothing of merged cells. Read as empty, such a cell
would silently take a column's default. This module finds them in the SpreadsheetML of a
sheet (ECMA-376 part 1, 18.3.1.4 `c`, 18.3.1.40 `f`, 18.3.1.96 `v`, 18.3.1.55 `mergeCell`),
so that the readers of the planning workbook (`ramkalk.workbook.reader`) and of returned templates
(`ramkalk.templates.returned_file`) can put a `CellFault` in the cell's place and report it.

Most sheets hold neither an error nor a formula: one byte search says so, and only a sheet
that has one is scanned cell by cell. Pure: bytes in, facts out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from defusedxml import ElementTree

from ramkalk.core import addresses
from ramkalk.schema.cells import CellFault

# A cell's start tag (any namespace prefix: <x:c ...>), its attributes and whether it closes itself.
_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*?)(/?)>")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
_REFERENCE = re.compile(rb'(?<![\w:])r="([A-Z]{1,3})([0-9]+)"')
_TYPE = re.compile(rb'(?<![\w:])t="(\w+)"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>([^<]*)</(?:[\w.-]+:)?v>)")
_FORMULA_START = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
# The commonest formula cell, as Excel, LibreOffice and openpyxl write it: r first, the formula
# (maybe with attributes: a shared formula) and at most a value: letters, row, the other
# attributes, the formula's text and the value's (None if there is no value, or it is empty).
_PLAIN_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*)>\s*<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)\s*'
                                 rb'(?:<v(?:\s[^>]*)?(?:/>|>([^<]*)</v>))?\s*</c>')
# Every such cell at once (findall), with its coordinate; and the start of any unprefixed formula, to
# tell whether every formula cell of a sheet is a plain one.
_PLAIN_FORMULA_CELLS = re.compile(rb'<c r="(([A-Z]{1,3})([0-9]+))"([^>]*)>\s*<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)\s*'
                                  rb'(<v(?:\s[^>]*)?(?:/>|>([^<]*)</v>))?\s*</c>')
_PLAIN_FORMULA_START = re.compile(rb"<f[\s>/]")
_ROW_TAG = re.compile(rb"</?(?:[\w.-]+:)?row[\s>/]")
_LOOK_BACK = 8  # tags looked back from a formula for its cell (see _cell_start)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:[\w.-]+:)?f>)")
_MERGED = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?)"')
_PREFIXED_ROOT = re.compile(rb"<[\w.-]+:worksheet[\s>]")
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

Place = tuple[int, int]
"""(row, column), both from 1."""


@dataclass(frozen=True)
class SheetFacts:
    """What a sheet holds besides values: its faulty cells by place, and its merged ranges ("A1:C1").
    Shared: callers must not change `faults`.

    formulas: the coordinates (b"B6") of the cells whose first child is a formula, when the scan
    for faults found them all on the way (a sheet written as Excel, LibreOffice and openpyxl
    write one), else None (then a reader that needs them finds them otherwise)."""

    faults: dict[Place, CellFault]
    merged: tuple[str, ...]
    formulas: tuple[bytes, ...] | None = None


NO_FACTS = SheetFacts({}, ())
_NOTHING = SheetFacts({}, (), ())


@lru_cache(maxsize=4096)
def column_number(letters: bytes) -> int:
    """b"A" -> 1, b"AB" -> 28 (`ramkalk.core.addresses`, for the bytes of the sheet XML)."""
    return addresses.column_number(letters.decode("ascii"))


def sheet_facts(xml: bytes, merged: bool = True) -> SheetFacts:
    """The faulty cells and merged ranges of one sheet's XML (merged: False if not needed: then ())."""
    merged_ranges = (tuple(m.decode("ascii") for m in _MERGED.findall(xml)) if merged and b"mergeCell" in xml
                     else ())
    # Excel, LibreOffice and openpyxl write SpreadsheetML in the default namespace (<f>); a writer
    # that prefixes it (<x:worksheet>, <x:f>) says so in the root tag, and its sheets are scanned whole.
    if xml.find(b":worksheet", 0, 2048) == -1 or _PREFIXED_ROOT.search(xml, 0, 2048) is None:
        errors = b't="e"' in xml
        formula_count = len(_PLAIN_FORMULA_START.findall(xml))
        if not errors and not formula_count:
            return SheetFacts({}, merged_ranges, ()) if merged_ranges else _NOTHING
        plain = _PLAIN_FORMULA_CELLS.findall(xml) if formula_count else []
        if len(plain) == formula_count:  # every formula cell is a plain one
            faults = dict(_plain_faults(plain))
            if errors:
                faults.update(_faults(xml, formulas=False))
            return SheetFacts(faults, merged_ranges, tuple([cell[0] for cell in plain]))
    return SheetFacts(dict(_faults(xml)), merged_ranges)


def _plain_faults(cells: list[tuple[bytes, ...]]) -> Iterator[tuple[Place, CellFault]]:
    """The faults of plain formula cells (`_PLAIN_FORMULA_CELLS`), as `_fault` finds them."""
    places, formulas = _PLACES, _FORMULA_FAULTS
    for coordinate, letters, row, attributes, text, value_element, value in cells:
        if b't="' in attributes:
            kind = _TYPE.search(attributes)
            cell_type = kind.group(1) if kind else b"n"
            if cell_type == b"e":
                error = html.unescape((value or b"#N/A").decode("utf-8", "replace")).strip() or "#N/A"
                yield (int(row), column_number(letters)), CellFault(error=error)
                continue
            if value or (value_element and cell_type == b"str"):
                continue  # a saved value (an empty text is a formula's saved result "")
        elif value:
            continue  # a saved value (the commonest case)
        # A formula without a saved value: every formula of a file saved by a program that does not
        # calculate, so the same formulas at the same places recur in every such return of a round.
        place = places.get(coordinate)
        if place is None:
            place = places[coordinate] = (int(row), column_number(letters))
        fault = formulas.get(text)
        if fault is None:
            if len(formulas) > _KEPT:
                formulas.clear()
            formula = text.decode("utf-8", "replace") if text else ""
            fault = formulas[text] = CellFault(formula=html.unescape(formula) if "&" in formula else formula)
        yield place, fault


_PLACES: dict[bytes, Place] = {}  # (bounded: coordinates of cells within a sheet's formulas)
_FORMULA_FAULTS: dict[bytes | None, CellFault] = {}
_KEPT = 100_000


def _faults(xml: bytes, formulas: bool = True) -> Iterator[tuple[Place, CellFault]]:
    """Only the cells that can be faulty are looked at: those with a formula (whose first child,
    ECMA-376 18.3.1.4, is the formula: the tag before it is the cell's start tag) and those of
    type error. Most cells of a sheet with formulas hold plain values; visiting each of them was
    most of the time of reading a returned template."""
    found = []
    for formula in _FORMULA_START.finditer(xml) if formulas else ():
        cell = _PLAIN_FORMULA_CELL.match(xml, xml.rfind(b"<", 0, formula.start()))
        if cell is None:  # (another writer's way of writing a cell: looked at in full below)
            found.append(_cell_start(xml, formula.start()))
            continue
        letters, row, attributes, text, value = cell.groups()
        if value or b't="' in attributes:  # a saved value; or a type (an error, a text): looked at in full
            if not value:
                found.append(_cell_start(xml, formula.start()))
            continue
        yield (int(row), column_number(letters)), CellFault(formula=_unescaped(text or b""))
    if b't="e"' in xml:
        at = xml.find(b't="e"')
        while at != -1:
            found.append(_cell_start(xml, at))
            at = xml.find(b't="e"', at + 5)
    starts = {start.start(): start for start in found if start is not None}
    for _position, start in sorted(starts.items()):
        attributes, closed = start.groups()
        if closed:
            continue
        end = _CELL_END.search(xml, start.end())
        content = xml[start.end():end.start() if end else len(xml)]
        kind = _TYPE.search(attributes)
        cell_type = kind.group(1) if kind else b"n"
        fault = _fault(cell_type, content)
        if fault is None:
            continue
        reference = _REFERENCE.search(attributes)
        if reference is not None:  # (a cell without r is placed by its order: rare, left to calamine)
            yield (int(reference.group(2)), column_number(reference.group(1))), fault


def _cell_start(xml: bytes, at: int) -> re.Match[bytes] | None:
    """The start tag of the cell that `at` (a formula's start tag, or an attribute) is in, or None
    if it is in no cell (a formula of a data validation, say). Looks back a few tags: a formula is
    a cell's first child, but a writer may put a value before it; a cell's or a row's end ends the
    search."""
    position = xml.rfind(b"<", 0, at)
    for _ in range(_LOOK_BACK):
        if position < 0:
            return None
        start = _CELL.match(xml, position)
        if start is not None:
            return start if start.end() > at or not start.group(2) else None
        if _CELL_END.match(xml, position) or _ROW_TAG.match(xml, position):
            return None
        position = xml.rfind(b"<", 0, position)
    return None


def _fault(cell_type: bytes, content: bytes) -> CellFault | None:
    """The fault of a cell with this type and content, or None if it holds a readable value."""
    value = _VALUE.search(content)
    text = value.group(1) if value is not None else None
    if cell_type == b"e":
        return CellFault(error=html.unescape((text or b"#N/A").decode("utf-8", "replace")).strip() or "#N/A")
    formula = _FORMULA.search(content)
    if formula is None:
        return None
    if text or (value is not None and cell_type == b"str"):
        return None  # a saved value (an empty text is a formula's saved result "")
    return CellFault(formula=_unescaped(formula.group(1) or b""))


def _unescaped(text: bytes) -> str:
    decoded = text.decode("utf-8", "replace")
    return html.unescape(decoded) if "&" in decoded else decoded


def sheet_parts(workbook_xml: bytes, relations_xml: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, zip entry of its XML) in the workbook's order, from xl/workbook.xml and
    xl/_rels/workbook.xml.rels; () if either cannot be parsed."""
    return _sheet_parts(workbook_xml, relations_xml)


@lru_cache(maxsize=64)
def _sheet_parts(workbook_xml: bytes, relations_xml: bytes) -> tuple[tuple[str, str], ...]:
    # (cached: the same two parts for every return of one round)
    try:
        workbook = ElementTree.fromstring(workbook_xml)
        relations = ElementTree.fromstring(relations_xml)
    except ElementTree.ParseError:
        return ()
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    found = []
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(RELATIONSHIPS), "")
            found.append((sheet.get("name", ""), target.lstrip("/") if target.startswith("/") else f"xl/{target}"))
    return tuple(found)


def put_faults(rows: list[list[object]], faults: dict[Place, CellFault],
               skip_rows: frozenset[int] = frozenset()) -> None:
    """Each faulty cell's `CellFault` in its place among calamine's values (which give such a cell
    as empty, or leave it out at the end of a row or sheet), growing the rows as needed; rows
    in `skip_rows` (an Excel table's totals row: no data) are left as they are."""
    for (row, column), fault in faults.items():
        if row in skip_rows:
            continue
        try:
            rows[row - 1][column - 1] = fault  # (row, column from 1: never a negative index)
        except IndexError:
            while len(rows) < row:
                rows.append([])
            values = rows[row - 1]
            if len(values) < column:
                values.extend([""] * (column - len(values)))
            values[column - 1] = fault
