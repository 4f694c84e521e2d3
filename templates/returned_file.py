"""Opening a returned template safely: refuse what is not a workbook before anything parses it.

Named steps, each ending in a Swedish `Problem` if it fails (nothing raises for bad input):

1. size: a file larger than `Limits.max_bytes` is refused from its size on disk, unread;
2. kind: from the first bytes, a PDF, an old .xls, a password-protected (encrypted) file or
   anything else that is not a zip archive is named as such;
3. zip: the central directory is inspected before anything is unpacked (number of entries,
   declared total size, compression ratio of large entries: a zip bomb is refused), then
   every entry is unpacked with a cap at its declared size (a lying header is refused);
4. XML: a part with a DTD (`<!DOCTYPE`, `<!ENTITY`: entity expansion tricks) is refused,
   since Excel and LibreOffice never write one; macros (`vbaProject.bin`) are a warning:
   values are read, macros are never run (nothing here runs anything);
5. values: python-calamine reads the values (cached values of formulas are read but never
   trusted), and the sheet XML says which cells hold formulas.

The result is a `GridBook`: a read-only view with the few parts of openpyxl's interface that
`templates.reading` and `templates.identity` use, so returns are read through the same
layout and checksum code as the generator's (one source of truth), at calamine's speed.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import python_calamine
from defusedxml import ElementTree
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException

from ramkalk.problems import Problem, Source, error, warning

MB = 1024 * 1024
CFB = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE compound file: old .xls, or an encrypted .xlsx
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MACROS = "vbaProject.bin"
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
# A formula cell is a cell start tag right followed by its formula (f is the first child of c in
# SpreadsheetML): found from the formula start tag (any prefix; by its literal start, much faster,
# when no tag in the part can have one), then the cell start tag that must end right before it.
FORMULA_TAG = re.compile(rb'<(?:[\w.-]+:)?f[\s>/]')
PLAIN_FORMULA_TAG = re.compile(rb'<f[\s>/]')
CELL_BEFORE_FORMULA = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]+)"[^>]*>\s*')
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Limits:
    """What a returned file may be. Bytes; ratio: unpacked / packed size of one entry, checked
    for entries unpacking to `ratio_from` bytes or more (small parts may compress better)."""

    max_bytes: int = 50 * MB
    max_unpacked: int = 250 * MB
    max_entries: int = 2000
    max_ratio: int = 100
    ratio_from: int = MB


class GridCell:
    """One cell as `templates.reading` sees it: value (None if empty), data_type ("f" for a
    formula, whose value is then the cached value, never trusted), and its coordinate."""

    __slots__ = ("value", "data_type", "row", "column")

    def __init__(self, value: object, formula: bool, row: int, column: int) -> None:
        self.value = value = None if value == "" else value
        if formula:
            self.data_type = "f"
        elif value.__class__ is float or value.__class__ is int or value is None:
            self.data_type = "n"
        else:
            self.data_type = _data_type(value)
        self.row, self.column = row, column

    @property
    def coordinate(self) -> str:
        return f"{_letter(self.column)}{self.row}"


def _data_type(value: object) -> str:
    if isinstance(value, str):
        return "s"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, (date, datetime)):
        return "d"
    return "n"


@lru_cache(maxsize=None)
def _letter(column: int) -> str:
    return get_column_letter(column)


@lru_cache(maxsize=4096)
def _place(coordinate: str) -> tuple[int, int]:
    """"B12" -> (12, 2)."""
    letters, row = coordinate_from_string(coordinate)
    return row, column_index_from_string(letters)


def _places(coordinates: frozenset[str]) -> frozenset[int]:
    """`_key` of each coordinate that names a cell as a cell names itself ("A1", not "A01" or "A0")."""
    return frozenset(key for key in map(_coordinate_key, coordinates) if key is not None)


@lru_cache(maxsize=8192)
def _coordinate_key(coordinate: str) -> int | None:
    try:
        row, column = _place(coordinate)
    except (ValueError, CellCoordinatesException):
        return None
    return _key(row, column) if f"{_letter(column)}{row}" == coordinate else None


def _key(row: int, column: int) -> int:
    """A cell as one number (Excel has at most 16 384 columns; `GridSheet.cell` inlines this)."""
    return row << 15 | column


class GridSheet:
    """A sheet's values (rows from A1) and the set of its formula cells, read-only.

    Cells are made on first use and kept (in a grid like the values; outside it, by place);
    `table_ends` keeps the last row of each table once found (`templates.reading.last_row`),
    since the sheet never changes."""

    def __init__(self, title: str, rows: list[list[object]], formulas: frozenset[str]) -> None:
        self.title, self.rows, self.formulas = title, rows, formulas
        self.max_row = len(rows)
        self._formula_keys = _places(formulas)
        self._made: list[list[GridCell | None]] = [[None] * len(values) for values in rows]
        self._outside: dict[tuple[int, int], GridCell] = {}
        self.table_ends: dict[object, int] = {}

    def cell(self, row: int, column: int) -> GridCell:
        if row > 0 and column > 0:
            try:
                made = self._made[row - 1]
                found = made[column - 1]
            except IndexError:
                pass
            else:
                if found is None:
                    found = made[column - 1] = GridCell(self.rows[row - 1][column - 1],
                                                        (row << 15 | column) in self._formula_keys, row, column)
                return found
        found = self._outside.get((row, column))
        if found is None:
            found = self._outside[(row, column)] = GridCell(None, _key(row, column) in self._formula_keys, row,
                                                            column)
        return found

    def __getitem__(self, coordinate: str) -> GridCell:
        return self.cell(*_place(coordinate))


class GridBook:
    """The sheets of a workbook by name; each read on first use."""

    def __init__(self, calamine: python_calamine.CalamineWorkbook, formulas: dict[str, frozenset[str]]) -> None:
        self.calamine, self.formulas = calamine, formulas
        self.sheetnames: list[str] = list(calamine.sheet_names)
        self._sheets: dict[str, GridSheet] = {}

    def __getitem__(self, name: str) -> GridSheet:
        if name not in self._sheets:
            rows = self.calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
            self._sheets[name] = GridSheet(name, rows, self.formulas.get(name, frozenset()))
        return self._sheets[name]


@dataclass(frozen=True)
class Opened:
    """A returned file: its bytes and SHA-256 (hex), and the workbook if it could be opened.

    stored: False if the file was refused unread (too large): it is then not archived.
    """

    name: str
    data: bytes
    sha256: str
    book: GridBook | None
    problems: tuple[Problem, ...] = ()
    stored: bool = True


def open_return(path: Path, limits: Limits = Limits()) -> Opened:
    """Open a returned file through the steps of the module docstring."""
    name = str(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        return Opened(name, b"", "", None, (error(Source(name), (
            f"filen är {size / MB:.0f} MB, större än de {limits.max_bytes / MB:.0f} MB ett planeringsunderlag får "
            "vara; den lästes inte och arkiverades inte")),), stored=False)
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.startswith(b"PK\x03\x04"):
        return Opened(name, data, sha256, None, (error(Source(name), _not_a_zip(data)),))
    parts, problems = _unpack(data, name, limits)
    if parts is None:
        return Opened(name, data, sha256, None, tuple(problems))
    try:
        calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several types for corrupt parts
        return Opened(name, data, sha256, None, (*problems, error(Source(name), (
            f"arbetsboken kan inte läsas ({exc}); spara om den i Excel som .xlsx och skicka den igen"))))
    return Opened(name, data, sha256, GridBook(calamine, _formula_cells(parts)), tuple(problems))


def _not_a_zip(data: bytes) -> str:
    """What a file that is not an Excel 2007+ workbook (a zip archive) is, as a message."""
    if not data:
        return "filen är tom"
    if data.startswith(b"%PDF"):
        return "filen är en PDF, inte en Excel-arbetsbok; skicka planeringsunderlaget som .xlsx"
    if data.startswith(CFB) and ENCRYPTED in data:
        return ("filen är lösenordsskyddad (krypterad) och kan inte läsas; ta bort lösenordet för att öppna "
                "filen (Arkiv → Info → Skydda arbetsbok i Excel), spara och skicka den igen")
    if data.startswith(CFB):
        return "filen är i det gamla Excel-formatet (.xls); spara den som Excel-arbetsbok (.xlsx) och skicka den igen"
    if data.startswith(b"PK"):
        return "zip-arkivet är skadat eller ofullständigt; spara om filen i Excel och skicka den igen"
    return "filen är inte en Excel-arbetsbok (.xlsx); skicka planeringsunderlaget som .xlsx"


def _unpack(data: bytes, name: str, limits: Limits) -> tuple[dict[str, bytes] | None, list[Problem]]:
    """Every entry of the zip, inspected before and capped while unpacking; None on a problem."""
    source = Source(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [error(source, "zip-arkivet är skadat eller ofullständigt; spara om filen i Excel och skicka "
                                    "den igen")]
    refused = _inspect(entries, limits)
    if refused:
        return None, [error(source, f"{refused}; filen packades inte upp (skydd mot zip-bomber)")]
    parts, problems, total = {}, [], 0
    for entry in entries:
        try:
            with archive.open(entry) as handle:
                content = handle.read(entry.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            return None, [error(source, f"delen {entry.filename} i zip-arkivet är skadad ({exc}); spara om filen i "
                                        "Excel och skicka den igen")]
        total += len(content)
        if len(content) > entry.file_size or total > limits.max_unpacked:
            return None, [error(source, f"delen {entry.filename} packas upp till mer än arkivet anger; filen lästes "
                                        "inte (skydd mot zip-bomber)")]
        if b"<!" in content and any(marker in content for marker in DTD_MARKERS):
            return None, [error(source, f"delen {entry.filename} innehåller en DTD (<!DOCTYPE/<!ENTITY>), som Excel "
                                        "aldrig skriver och som kan användas för XML-attacker; filen lästes inte")]
        parts[entry.filename] = content
        if entry.filename.rsplit("/", 1)[-1].casefold() == MACROS.casefold():
            problems.append(warning(source, "filen innehåller makron; värdena lästes, makron körs aldrig. Skicka "
                                            "underlaget som .xlsx (utan makron)"))
    return parts, problems


def _inspect(entries: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    """Why the zip's directory is refused, or None: what it declares is checked before unpacking."""
    if len(entries) > limits.max_entries:
        return f"zip-arkivet har {len(entries)} delar, fler än de {limits.max_entries} som tillåts"
    declared = sum(e.file_size for e in entries)
    if declared > limits.max_unpacked:
        return (f"filen skulle bli {declared / MB:.0f} MB uppackad, mer än de {limits.max_unpacked / MB:.0f} MB "
                "som tillåts")
    for entry in entries:
        if entry.file_size >= limits.ratio_from and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            return (f"delen {entry.filename} är packad {ratio} gånger, mer än de {limits.max_ratio} gånger som "
                    "tillåts")
    return None


def _formula_cells(parts: dict[str, bytes]) -> dict[str, frozenset[str]]:
    """Sheet name -> the coordinates of its formula cells, from the sheet XML."""
    found = {}
    for name, target in _sheet_parts(parts):
        xml = parts.get(target)
        if xml is not None:
            found[name] = frozenset(_formula_coordinates(xml))
    return found


def _formula_coordinates(xml: bytes) -> Iterator[str]:
    """The coordinates of the cells whose first child is a formula (see FORMULA_TAG)."""
    tags = PLAIN_FORMULA_TAG if b":f" not in xml else FORMULA_TAG
    for tag in tags.finditer(xml):
        at = tag.start()
        close = xml.rfind(b">", 0, at)  # the end of the cell's start tag: only white space after it
        if close < 0 or (close + 1 < at and xml[close + 1:at].strip()):
            continue
        start = xml.find(b"<", xml.rfind(b">", 0, close) + 1, close)
        while start >= 0:  # the first "<" after the tag before from which a cell start tag matches
            cell = CELL_BEFORE_FORMULA.match(xml, start)
            if cell is not None:
                yield cell.group(1).decode("ascii")
                break
            start = xml.find(b"<", start + 1, close)


def _sheet_parts(parts: dict[str, bytes]) -> tuple[tuple[str, str], ...]:
    """(sheet name, zip entry of its XML) from xl/workbook.xml and its relationships."""
    if "xl/workbook.xml" not in parts or "xl/_rels/workbook.xml.rels" not in parts:
        return ()
    return _sheet_targets(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])


@lru_cache(maxsize=64)
def _sheet_targets(workbook_xml: bytes, relations_xml: bytes) -> tuple[tuple[str, str], ...]:
    """As `_sheet_parts`, from the two parts' bytes: the same for every return of one round, so
    each pair is parsed once."""
    return tuple(_parse_sheet_targets(workbook_xml, relations_xml))


def _parse_sheet_targets(workbook_xml: bytes, relations_xml: bytes) -> Iterator[tuple[str, str]]:
    try:
        workbook = ElementTree.fromstring(workbook_xml)
        relations = ElementTree.fromstring(relations_xml)
    except ElementTree.ParseError:
        return
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(RELATIONSHIPS), "")
            yield sheet.get("name", ""), target.lstrip("/") if target.startswith("/") else f"xl/{target}"
