"""Data problems as values: where a problem is, what it is and how serious.

Every reader and validation stage returns its problems instead of raising, so one
bad cell never hides the next (see docs/arkitektur.md). Exceptions are kept for
misuse of the API and for I/O that cannot start at all.
"""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass
from typing import Iterable, Mapping


class Severity(enum.Enum):
    """How serious a problem is. The value is the Swedish word shown to users."""

    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True)
class Source:
    """Where a value came from: a file, and optionally a sheet and a cell ("C4")."""

    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is None:
            return self.file
        place = self.sheet if self.cell is None else f"{self.sheet}!{self.cell}"
        return f"{self.file}:{place}"


@dataclass(frozen=True)
class RowOrigin:
    """The row of a table that a record was read from.

    `columns` maps a record's field name to the column letter it was read from; it
    is shared by all rows of a table, so keeping it per record costs nothing.
    """

    file: str
    sheet: str
    row: int
    columns: Mapping[str, str]

    def cell(self, field: str) -> Source:
        """The source of one field of this row (the row's sheet if the field has no column)."""
        column = self.columns.get(field)
        if column is None:
            return Source(self.file, self.sheet)
        return Source(self.file, self.sheet, f"{column}{self.row}")


@dataclass(frozen=True)
class Problem:
    """One problem in the input, with its place (`source`) and a Swedish message."""

    source: Source | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = f"{self.source}: " if self.source is not None else ""
        suffix = "" if self.severity is Severity.ERROR else f" ({self.severity.value})"
        return f"{place}{self.message}{suffix}"

    def as_dict(self) -> dict[str, str | None]:
        """A JSON-ready form: file, sheet, cell, severity and message."""
        source = self.source
        return {
            "fil": source.file if source else None,
            "blad": source.sheet if source else None,
            "cell": source.cell if source else None,
            "allvarlighet": self.severity.value,
            "meddelande": self.message,
        }


def error(source: Source | None, message: str) -> Problem:
    return Problem(source, message, Severity.ERROR)


def warning(source: Source | None, message: str) -> Problem:
    return Problem(source, message, Severity.WARNING)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True if any problem is an error (warnings do not stop a calculation)."""
    return any(p.severity is Severity.ERROR for p in problems)


def file_error_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Swedish, with what to do."""
    if isinstance(exc, PermissionError):
        return ("åtkomst nekad: filen är öppen i ett annat program (till exempel Excel) eller skrivskyddad; "
                "stäng den eller välj en annan fil och försök igen")
    if isinstance(exc, FileNotFoundError):
        return "filen eller mappen finns inte"
    if exc.errno == errno.ENOSPC:
        return "disken är full"
    return f"filen kunde inte läsas eller skrivas (teknisk orsak: {exc.strerror or exc})"
