"""Opening a returned template safely: refuse what is not a workbook before anything parses it.

Named steps, each ending in a Swedish `Problem` if it fails (nothing raises for bad input);
`read_file` takes the first (and hashes the bytes), `open_read` the others, `open_return` all,
so that a file already archived (known by its SHA-256) is never opened again:

1. size: a file larger than `Limits.max_bytes` is refused from its size on disk, unread;
2. kind: from the first bytes, a PDF, an old .xls, a password-protected (encrypted) file or
   anything else that is not a zip archive is named as such;
3. zip: the central directory is inspected before anything is unpacked (number of entries,
   declared total size, compression ratio of large entries: a zip bomb is refused), then
   every entry that a reader opens is unpacked straight from the file's bytes
   (`_entry_content`: its local header checked, stored or deflate only, not encrypted) with a
   cap at its declared size (a lying header is refused) and its CRC-32 checked. Parts that hold
   no cell value (`NOT_READ`: document properties, theme, drawings, charts, images, printer
   settings) are not unpacked and not given to calamine: nothing parses them, so damage there
   cannot change a value read (the archive keeps the file's bytes as they came);
4. XML: a part with a DTD (`<!DOCTYPE`, `<!ENTITY`: entity expansion tricks) is refused,
   since Excel and LibreOffice never write one; macros (`vbaProject.bin`) are a warning:
   values are read, macros are never run (nothing here runs anything);
5. values: python-calamine reads the values from the parts as checked (given to it as a
   stored zip: `_stored_zip`), each sheet when first used (cached values of formulas are
   read but never trusted), and the sheet XML says which cells hold formulas and which are
   faulty: an error value (#N/A) or a formula without a saved value is a `CellFault` in the
   cell's place (`ramkalk.workbook.sheet_xml`), never an empty cell.

The result is a `GridBook`: a read-only view with the few parts of openpyxl's interface that
`ramkalk.templates.reading` and `ramkalk.templates.identity` use, so returns are read through the same
layout and checksum code as the generator's (one source of truth), at calamine's speed. A
sheet calamine cannot read raises `UnreadableSheet` when first used (`ramkalk.templates.returns`
makes it a problem).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import python_calamine

from ramkalk.core.addresses import cell_place, column_letter
from ramkalk.core.problems import Problem, Source, error, warning
from ramkalk.schema.cells import CellFault
from ramkalk.templates.layout import IDENTITY
from ramkalk.templates.reading import ValueRow
from ramkalk.workbook.sheet_xml import put_faults, sheet_facts, sheet_parts

MB = 1024 * 1024
CFB = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE compound file: old .xls, or an encrypted .xlsx
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MACROS = "vbaProject.bin"
# Folders of parts that hold no cell value and that no reader here opens (see step 3).
NOT_READ = ("docProps/", "xl/theme/", "xl/drawings/", "xl/charts/", "xl/media/", "xl/printerSettings/")
DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")  # (one search: faster than one per marker)
# A formula cell is a cell whose first child is its formula. In SpreadsheetML only a cell (c) has a
# formula (f) child, so the start tag right before a formula start tag is a cell's and its r
# attribute is the cell's coordinate. The pattern begins with that attribute, so that the regex
# engine can jump from one literal r=" to the next (some times faster than a pattern from "<c" or
# "<f", or from \b); the look-behind right after it is that \b: the attribute is r, not one whose
# name ends in r (xr, operator). The formula tag may have a prefix (<x:f>).
FORMULA_CELL = re.compile(rb'r="(?<!\wr=")([A-Z]{1,3}[0-9]+)"[^>]*>\s*<(?:f|[\w.-]+:f)[\s>/]')
# The local header of a zip entry: signature, then (26 bytes on) the lengths of name and extra field.
LOCAL_HEADER = struct.Struct("<4s22xHH")
LOCAL_SIGNATURE = b"PK\x03\x04"
ENCRYPTED_FLAG, UTF8_FLAG = 0x1, 0x800  # general purpose flag bits of a zip entry
# Writing a stored zip (`_stored_zip`): local header (signature, version needed, flags, compression,
# time, date, CRC-32, packed and unpacked size, name and extra field lengths), central directory
# header (the same fields after "version made by", then comment length, disk, internal and
# external attributes, offset of the local header) and the end of the central directory.
STORED_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
STORED_CENTRAL_HEADER = struct.Struct("<4s6H3I5H2I")
END_OF_DIRECTORY = struct.Struct("<4s4H2IH")
CENTRAL_SIGNATURE, END_SIGNATURE = b"PK\x01\x02", b"PK\x05\x06"
STORED_VERSION = 20  # zip 2.0
FIRST_DATE = 0x21  # 1980-01-01, the first date a zip can hold (MS-DOS format)


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
    """One cell as `ramkalk.templates.reading` sees it: value (None if empty; a `CellFault` for an error
    value or a formula without a saved value), data_type ("f" for a formula, whose value is then
    the cached value, never trusted; "e" for an error value), and its coordinate."""

    __slots__ = ("value", "data_type", "row", "column")

    def __init__(self, value: object, formula: bool, row: int, column: int) -> None:
        self.value = value = None if value == "" else value
        if formula:
            self.data_type = "f"
        elif value.__class__ is float or value.__class__ is int or value is None:
            self.data_type = "n"
        elif value.__class__ is CellFault:
            self.data_type = "e"
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
    return column_letter(column)


@lru_cache(maxsize=4096)
def _place(coordinate: str) -> tuple[int, int]:
    """"B12" -> (12, 2)."""
    return cell_place(coordinate)


Formulas = dict[int, frozenset[int]]  # row -> the indexes (column - 1) of its formula cells
NO_FORMULAS: frozenset[int] = frozenset()


@lru_cache(maxsize=256)
def _formula_rows(coordinates: tuple[bytes, ...]) -> Formulas:
    """The formula cells of a sheet by row, from their coordinates; only a coordinate that names a
    cell as a cell names itself counts ("A1", not "A01" or "A0"). Kept by coordinates (the same
    for every return of one round): callers must not change what they get."""
    found: dict[int, set[int]] = {}
    for place in map(_cell_place, coordinates):
        if place is not None:
            found.setdefault(place[0], set()).add(place[1] - 1)
    return {row: frozenset(indexes) for row, indexes in found.items()}


@lru_cache(maxsize=8192)
def _cell_place(coordinate: bytes) -> tuple[int, int] | None:
    """b"B12" -> (12, 2); None unless written as a cell's own coordinate is."""
    text = coordinate.decode("ascii")
    try:
        row, column = _place(text)
    except ValueError:
        return None
    return (row, column) if f"{_letter(column)}{row}" == text else None


class GridSheet:
    """A sheet's values (rows from A1, as calamine gives them: "" for an empty cell, a `CellFault`
    for a faulty one) and its formula cells (by row), read-only.

    Two ways to read it: `cell` (and `sheet["B12"]`) makes a `GridCell` as openpyxl would give
    a cell, for the few cells read by address; `row_values` gives a row of a table as values
    (`ramkalk.templates.reading.ValueRow`), with no object per cell. `table_ends` and `tables_read` keep
    each table's last row and values once found (`ramkalk.templates.reading`), since the sheet never
    changes."""

    def __init__(self, title: str, rows: list[list[object]], formulas: Formulas) -> None:
        self.title, self.rows, self.formulas = title, rows, formulas
        self.max_row = len(rows)
        self.shows_errors = True  # whether a cell may show an error value (False: none does, from the XML)
        self.table_ends: dict[object, int] = {}
        self.tables_read: dict[object, list[ValueRow]] = {}

    def value(self, row: int, column: int) -> object:
        """The value of a cell, None if it is empty (or outside the sheet)."""
        if 0 < row <= self.max_row and column > 0:
            values = self.rows[row - 1]
            if column <= len(values):
                value = values[column - 1]
                return None if value == "" else value
        return None

    def cell(self, row: int, column: int) -> GridCell:
        return GridCell(self.value(row, column), column - 1 in self.formulas.get(row, NO_FORMULAS), row, column)

    def __getitem__(self, coordinate: str) -> GridCell:
        return self.cell(*_place(coordinate))

    def row_values(self, row: int, width: int) -> ValueRow:
        """Columns A to the `width`th of a row as values (None if empty) and the indexes of its
        formula cells (`ramkalk.templates.reading.ValueRow`)."""
        values = self.rows[row - 1][:width] if 0 < row <= self.max_row else []
        if "" in values:  # most rows have no empty cell: only then is the row copied again
            values = [None if value == "" else value for value in values]
        if len(values) < width:
            values = [*values, *[None] * (width - len(values))]
        return ValueRow(row, values, self.formulas.get(row, NO_FORMULAS))


class GridBook:
    """The sheets of a workbook by name; each read on first use: its values from calamine, its
    formula cells and faulty cells from its XML (`sheets`: sheet name -> the XML's bytes)."""

    def __init__(self, calamine: python_calamine.CalamineWorkbook, sheets: dict[str, bytes]) -> None:
        self.calamine, self.sheets = calamine, sheets
        self.sheetnames: list[str] = list(calamine.sheet_names)
        self._sheets: dict[str, GridSheet] = {}

    def __getitem__(self, name: str) -> GridSheet:
        """The sheet `name` (one of `sheetnames`). Raises `UnreadableSheet` if calamine cannot read it."""
        if name not in self._sheets:
            try:
                rows = self.calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # calamine raises several types for a corrupt sheet (as in open_return)
                raise UnreadableSheet(name, str(exc)) from exc
            xml = self.sheets.get(name)
            formulas: Formulas = {}
            if xml is not None:
                facts = sheet_facts(xml, merged=False)  # (the formula cells too, unless written unusually)
                coordinates = facts.formulas if facts.formulas is not None else _formula_coordinates(xml)
                formulas = _formula_rows(tuple(coordinates))
                if facts.faults:
                    put_faults(rows, facts.faults)
            sheet = self._sheets[name] = GridSheet(name, rows, formulas)
            sheet.shows_errors = xml is None or b't="e"' in xml
        return self._sheets[name]



class UnreadableSheet(Exception):
    """A sheet of a returned file that calamine cannot read (its XML is broken): the sheet's name
    and calamine's reason. Read on first use, so this comes from reading the return
    (`ramkalk.templates.returns` makes it a problem at the sheet)."""

    def __init__(self, sheet: str, reason: str) -> None:
        super().__init__(sheet, reason)
        self.sheet, self.reason = sheet, reason

    def message(self) -> str:
        return (f'bladet "{self.sheet}" kan inte läsas (teknisk orsak: {self.reason}); spara om filen i Excel som '
                ".xlsx och skicka den igen")


def unreadable(reason: object) -> str:
    """The message for a workbook calamine cannot open; its reason (English) is marked as technical."""
    return f"arbetsboken kan inte läsas (teknisk orsak: {reason}); spara om den i Excel som .xlsx och skicka den igen"


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
    return open_read(read_file(path, limits), limits)


def is_template(path: Path) -> bool:
    """Whether the file at `path` is a planning template (it has the hidden sheet Identitet),
    opened as safely as a returned file."""
    opened = open_return(path)
    return opened.book is not None and IDENTITY in opened.book.sheetnames


def read_file(path: Path, limits: Limits = Limits()) -> Opened:
    """Step 1: the file's bytes and SHA-256, not yet opened (`book` None); a file too large is
    refused unread. Apart from `open_read` (the other steps) so that a file already archived,
    known by its SHA-256, need not be opened at all."""
    name = str(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        return Opened(name, b"", "", None, (error(Source(name), (
            f"filen är {size / MB:.0f} MB, större än de {limits.max_bytes / MB:.0f} MB ett planeringsunderlag får "
            "vara; den lästes inte och arkiverades inte")),), stored=False)
    data = path.read_bytes()
    return Opened(name, data, hashlib.sha256(data).hexdigest(), None)


def open_read(read: Opened, limits: Limits = Limits()) -> Opened:
    """Steps 2 to 5 on a file from `read_file`: the workbook opened, or the problems why not."""
    name, data = read.name, read.data
    if not read.stored:
        return read
    if not data.startswith(b"PK\x03\x04"):
        return replace(read, problems=(error(Source(name), _not_a_zip(data)),))
    parts, problems = _unpack(data, name, limits)
    if parts is None:
        return replace(read, problems=tuple(problems))
    try:
        calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_stored_zip(parts)))
    except Exception as exc:  # calamine raises several types for corrupt parts
        return replace(read, problems=(*problems, error(Source(name), unreadable(exc))))
    return replace(read, book=GridBook(calamine, _sheet_xml(parts)), problems=tuple(problems))


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


def _unpack(data: bytes, name: str, limits: Limits) -> tuple[dict[str, Part] | None, list[Problem]]:
    """Every entry of the zip that a reader opens (not `NOT_READ`) by name, inspected before and
    capped while unpacking; None on a problem."""
    source = Source(name)
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()  # the central directory only
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [error(source, "zip-arkivet är skadat eller ofullständigt; spara om filen i Excel och skicka "
                                    "den igen")]
    refused = _inspect(entries, limits)
    if refused:
        return None, [error(source, f"{refused}; filen packades inte upp (skydd mot zip-bomber)")]
    parts, problems, total = {}, [], 0
    for entry in entries:
        if entry.filename.startswith(NOT_READ):
            continue
        try:
            content = _entry_content(data, entry)
        except CorruptEntry as exc:
            return None, [error(source, f"delen {entry.filename} i zip-arkivet är skadad ({exc}); spara om filen i "
                                        "Excel och skicka den igen")]
        total += len(content)
        if len(content) > entry.file_size or total > limits.max_unpacked:
            return None, [error(source, f"delen {entry.filename} packas upp till mer än arkivet anger; filen lästes "
                                        "inte (skydd mot zip-bomber)")]
        if zlib.crc32(content) != entry.CRC:
            return None, [error(source, f"delen {entry.filename} i zip-arkivet är skadad (kontrollsumman CRC-32 "
                                        "stämmer inte); spara om filen i Excel och skicka den igen")]
        if DTD.search(content):
            return None, [error(source, f"delen {entry.filename} innehåller en DTD (<!DOCTYPE/<!ENTITY>), som Excel "
                                        "aldrig skriver och som kan användas för XML-attacker; filen lästes inte")]
        parts[entry.filename] = Part(content, entry.CRC)
        if entry.filename.rsplit("/", 1)[-1].casefold() == MACROS.casefold():
            problems.append(warning(source, "filen innehåller makron; värdena lästes, makron körs aldrig. Skicka "
                                            "underlaget som .xlsx (utan makron)"))
    return parts, problems


def _name(raw: bytes, flag_bits: int) -> str:
    """An entry's name as zipfile decodes it: UTF-8 if the entry says so, else code page 437 (both
    ASCII for ASCII names, which are decoded as such since that is several times faster)."""
    if raw.isascii():
        return raw.decode("ascii")
    return raw.decode("utf-8" if flag_bits & UTF8_FLAG else "cp437", errors="replace")


class Part(NamedTuple):
    """An entry of the zip, unpacked: its bytes and their CRC-32 (checked: as the zip says)."""

    content: bytes
    crc: int


class CorruptEntry(Exception):
    """A zip entry that cannot be unpacked; the message (Swedish) says why, in parentheses after the entry."""


def _entry_content(data: bytes, entry: zipfile.ZipInfo) -> bytes:
    """The unpacked bytes of one entry, read straight from the archive's bytes, at most one byte more
    than its declared size (so a lying header shows, and nothing unpacks without bound).

    Python's zipfile does the same through a file object per entry, which costs more than the
    unpacking of a template's small parts; the checks are zipfile's: the local header must be one
    and name the entry, encrypted entries and other compressions than stored and deflate (all
    Excel and LibreOffice write) are refused. The caller checks size and CRC."""
    if entry.flag_bits & ENCRYPTED_FLAG:
        raise CorruptEntry("delen är krypterad")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise CorruptEntry(f"komprimeringsmetod {entry.compress_type}; bara okomprimerat och deflate läses, som "
                           "Excel sparar")
    start = entry.header_offset
    if not 0 <= start <= len(data) - LOCAL_HEADER.size:  # (a negative offset would count from the end)
        raise CorruptEntry("delens huvud är avklippt")
    signature, name_length, extra_length = LOCAL_HEADER.unpack_from(data, start)
    if signature != LOCAL_SIGNATURE:
        raise CorruptEntry("delens huvud är inte ett zip-huvud")
    name_start = start + LOCAL_HEADER.size
    raw_name = data[name_start:name_start + name_length]
    if _name(raw_name, entry.flag_bits) != entry.orig_filename:
        raise CorruptEntry("namnet i delens huvud är ett annat än i innehållsförteckningen")
    data_start = name_start + name_length + extra_length
    packed = data[data_start:data_start + entry.compress_size]
    if len(packed) != entry.compress_size:
        raise CorruptEntry("delens data är avklippta")
    if entry.compress_type == zipfile.ZIP_STORED:
        return packed
    # Raw deflate (no zlib header: wbits -15); max_length caps the output, whatever the input says.
    try:
        return zlib.decompressobj(-15).decompress(packed, entry.file_size + 1)
    except zlib.error:
        raise CorruptEntry("delens data går inte att packa upp") from None


def _stored_zip(parts: dict[str, Part]) -> bytes:
    """The parts as a zip again, stored (not compressed), for calamine to read.

    Why: calamine then reads exactly the parts that were checked here (one entry per name, at
    the size checked), not the file's own directory, and it reads them without unpacking each
    a second time, which is about a quarter of its time for a template. Writing it costs little:
    a header per part (the CRC-32 is known) and the central directory, as in the zip format's
    specification (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16; names UTF-8, flag bit 11; dated 1980-01-01).
    """
    chunks, directory, offset = [], [], 0
    for name, part in parts.items():
        raw_name = name.encode("utf-8")
        fields = (STORED_VERSION, UTF8_FLAG, zipfile.ZIP_STORED, 0, FIRST_DATE, part.crc, len(part.content),
                  len(part.content), len(raw_name))
        chunks += (STORED_LOCAL_HEADER.pack(LOCAL_SIGNATURE, *fields, 0), raw_name, part.content)
        directory += (STORED_CENTRAL_HEADER.pack(CENTRAL_SIGNATURE, STORED_VERSION, *fields, 0, 0, 0, 0, 0, offset),
                      raw_name)
        offset += STORED_LOCAL_HEADER.size + len(raw_name) + len(part.content)
    central = b"".join(directory)
    end = END_OF_DIRECTORY.pack(END_SIGNATURE, 0, 0, len(parts), len(parts), len(central), offset, 0)
    return b"".join((*chunks, central, end))


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


def _sheet_xml(parts: dict[str, Part]) -> dict[str, bytes]:
    """Sheet name -> its XML, by xl/workbook.xml and its relationships (`ramkalk.workbook.sheet_xml.sheet_parts`)."""
    if "xl/workbook.xml" not in parts or "xl/_rels/workbook.xml.rels" not in parts:
        return {}
    found = sheet_parts(parts["xl/workbook.xml"].content, parts["xl/_rels/workbook.xml.rels"].content)
    return {name: parts[target].content for name, target in found if target in parts}


def _formula_coordinates(xml: bytes) -> list[bytes]:
    """The coordinates of the cells whose first child is a formula (see FORMULA_CELL)."""
    return FORMULA_CELL.findall(xml)
