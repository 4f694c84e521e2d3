"""Opening a downloaded population file as cells with their places (`ramkalk befolkning`).

The first stage of the population import (`ramkalk.workbook.population_import` interprets what this
gives): a PxWeb CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 as Excel's "Unicode
text", or cp1252/Latin-1), an xlsx export (its first sheet with data, read through pandas and openpyxl)
or a PC-Axis file (`.px`, read by pyaxis: the cube in long form). Every cell keeps where it was
(`Source`: the file and "rad N", or the file, the sheet and the cell), so a message names the line or
cell. Nothing raises for a bad file: what cannot be read is a `Problem` (docs/befolkning.md lists
them). pandas and pyaxis are imported when a file is read, never with the command line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ramkalk.core.addresses import column_letter
from ramkalk.core.problems import Problem, Source, error

Place = Callable[[int, int], Source]
"""The place of the cell at (row index, column index) of a grid, both from 0."""

MAX_BYTES = 50 * 1024 * 1024
"""A population file is a few hundred kilobytes; anything far larger is not one."""


@dataclass(frozen=True)
class Grid:
    """The cells of a file as rows of raw values (text from CSV, numbers or text from xlsx)."""

    rows: list[list[object]]
    place: Place


@dataclass(frozen=True)
class Cube:
    """A PC-Axis file's cube in long form: one row per value, a column per dimension and "DATA"
    (pandas DataFrame), and the place of the n-th value of its DATA section."""

    frame: object
    place: Callable[[int], Source]


def open_population_file(path: Path) -> tuple[Grid | Cube | None, list[Problem]]:
    """The file at `path` as a Grid (CSV, xlsx) or a Cube (PC-Axis), or None and why not.
    (An OSError, a file that cannot be opened at all, is left to the caller: `ramkalk` says it.)"""
    name = str(path)
    size = path.stat().st_size
    if size == 0:
        return None, [error(Source(name), "filen är tom; ladda ned tabellen igen")]
    if size > MAX_BYTES:
        return None, [error(Source(name), f"filen är {size // (1024 * 1024)} MB, för stor för en befolkningstabell;"
                                          " välj färre variabler när du laddar ned den")]
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(path)
    text, problem = _decoded(data, name)
    if problem is not None:
        return None, [problem]
    keywords = re.search(r"^\s*(CHARSET|CODEPAGE|MATRIX|STUB|HEADING)\s*=", text[:4000], re.M)
    if path.suffix.casefold() == ".px" or keywords:
        from ramkalk.workbook.px_file import read_px  # (pyaxis, only for PC-Axis files)

        found, problems = read_px(path, data, text)
        return (Grid(*found) if found is not None else None), problems
    return _csv(text, name)


def _decoded(data: bytes, name: str) -> tuple[str, Problem | None]:
    """The text of a file: UTF-16 by its BOM, else UTF-8 (BOM or not), else cp1252 (Excel's
    "CSV" on Swedish Windows; Latin-1 for å, ä, ö as well). A file with NUL bytes or that none
    of these decode is no text file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:65536]:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                continue
    return "", error(Source(name), "filen är ingen textfil (CSV eller PC-Axis) och ingen Excel-arbetsbok (.xlsx);"
                                   " ladda ned tabellen som CSV, PC-Axis (.px) eller xlsx")


def _separator(lines: list[str]) -> str:
    """The field separator of a PxWeb CSV: the one of ; , and tab found most often outside quotes in
    the first lines with any (a title line has none)."""
    counts = {sep: 0 for sep in (";", "\t", ",")}
    for line in lines[:20]:
        plain = re.sub(r'"[^"]*"', "", line)
        for sep in counts:
            counts[sep] += plain.count(sep)
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv(text: str, name: str) -> tuple[Grid | None, list[Problem]]:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return None, [error(Source(name), "filen har inga rader med värden; ladda ned tabellen igen")]
    reader = csv.reader(lines, delimiter=_separator(lines))
    rows, numbers = [], []
    try:
        for row in reader:
            rows.append(row)
            numbers.append(reader.line_num)
    except csv.Error as exc:
        return None, [error(Source(name, f"rad {reader.line_num}"), f"raden kan inte läsas som CSV ({exc})")]

    def place(row: int, column: int) -> Source:
        return Source(name, f"rad {numbers[row]}")  # (the message names the column by its header)

    return Grid(rows, place), []


def _xlsx(path: Path) -> tuple[Grid | None, list[Problem]]:
    """The first sheet with any value of an xlsx export, as values (pandas over openpyxl)."""
    import pandas

    name = str(path)
    try:
        sheets = pandas.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - any damage of a zip or its XML is a message about this file
        return None, [error(Source(name), f"filen kan inte läsas som Excel-arbetsbok ({type(exc).__name__});"
                                          " öppna den i Excel och spara den som .xlsx igen")]
    for sheet, frame in sheets.items():
        frame = frame.astype(object).where(frame.notna(), None)
        rows = frame.values.tolist()
        if any(v is not None for row in rows for v in row):
            def place(row: int, column: int, sheet: str = sheet) -> Source:
                return Source(name, sheet, f"{column_letter(column + 1)}{row + 1}")

            return Grid(rows, place), []
    return None, [error(Source(name), "arbetsboken har inga värden; ladda ned tabellen igen")]
