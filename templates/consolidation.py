"""Consolidating returned templates: read each file, archive it, and summarise the archive.

A short list of stages (`ramkalk.cli.consolidate.consolidate_files` runs them):

    expand folders (`files_in`) → open and read every new file (`receive`, through `returns`)
    → refuse two new returns from one committee → store each file in its own transaction
    (`archive`) → summary from the archive (`summarise`)

The summary is made from the archive alone (each committee's current accepted return of this
round: budget year and version), so running again without files gives the same summary. A
file whose bytes are already stored is not read again: its stored status and problems are
reported, with what its identity says against this round.
"""

from __future__ import annotations

import hashlib
import struct
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import round_total
from ramkalk.core.problems import Problem, Source, error, file_error_reason, warning
from ramkalk.templates import return_checks
from ramkalk.templates.archive import Archive, StoredFile
from ramkalk.templates.return_records import Expected, Return, Status
from ramkalk.templates.returned_file import MB, Limits, open_read, read_file
from ramkalk.templates.returns import read_return

SUFFIXES = (".xlsx", ".xlsm", ".xls")
# A return saved as OpenDocument is read like a workbook (so that it is archived and shown in the
# summary's Kontroll as what it is), and refused with one message. Known by its content as well
# as by its name: a zip whose first entry is `mimetype`, stored, holding the spreadsheet's media
# type (OpenDocument 1.2, part 3, section 3.3), so a renamed .ods is known too.
OPEN_DOCUMENT_SUFFIXES = (".ods", ".ots")
OPEN_DOCUMENT_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OPEN_DOCUMENT = ("filen är sparad i OpenDocument-format (.ods), inte som Excel-arbetsbok; öppna den i Excel eller "
                 "LibreOffice, spara den som Excel-arbetsbok (.xlsx) och skicka den igen")
ZIP_LOCAL_HEADER = struct.Struct("<4s4xH16xHH")  # signature, compression, name and extra field lengths
SNIFF_BYTES = 128  # enough for the mimetype entry: a 30-byte header, its name and the media type
MISSING = "saknas"
# The bytes of new files kept in memory from reading to storing, at most (a run of 300 templates
# keeps about 7 MB); files past it are read again when stored, which costs a read and a hash each.
KEEP_BYTES = 200 * MB


@dataclass(frozen=True)
class FileResult:
    """What became of one file of this run: its return as read (or as stored before), whether
    this run stored it, and its id in the archive (None if it was not stored)."""

    found: Return
    archive_id: int | None
    new: bool


@dataclass(frozen=True)
class CommitteeState:
    """A committee's returns as the archive has them: the current accepted return (or None),
    the status shown (a Status label, or "saknas"), and the file that gives it."""

    code: str
    name: str
    current: Return | None
    status: str
    file: StoredFile | None


@dataclass(frozen=True)
class Summary:
    """The consolidation: per committee (planning workbook order), the problems to show in
    Kontroll (current returns, later rejected files, unidentified files, missing returns)."""

    expected: Expected
    committees: tuple[CommitteeState, ...]
    checks: tuple[Problem, ...]


def expected_of(calculation: Calculation, version: str, source: str) -> Expected:
    """What returns must match: committees, years and frames (tkr, rounded as the templates show them)."""
    data = calculation.data
    years = data.settings.years
    return Expected(
        years=years, version=version, committees={c.code: c.name for c in data.committees},
        frames={c.code: tuple(round_total(calculation.frame(c.code, y).total) for y in years) for c in data.committees},
        focus_areas=tuple(f.name for f in data.focus_areas), calculation=calculation, source=source)


def files_in(paths: Iterable[Path], leave_out: Iterable[Path] = ()) -> list[Path]:
    """The files named, and the workbooks in the folders named (sorted; the files in `leave_out`,
    such as the planning workbook and the output, left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in _folder(path) if _is_read(p))
        else:
            found.append(path)
    skip = {p.resolve() for p in leave_out}
    names = {p.name for p in skip}
    # Resolving a path costs a system call per folder in it: only a file of the same name as one
    # left out, or a link (which may point to one), can be that file.
    return [p for p in dict.fromkeys(found)
            if (p.name not in names and not p.is_symlink()) or p.resolve() not in skip]


def not_read_in(paths: Iterable[Path]) -> list[Path]:
    """The other files of the folders named, which `files_in` leaves out: not workbooks, so not
    read, but worth a word (a return saved as .pdf would otherwise go unnoticed)."""
    return [p for path in paths if path.is_dir() for p in _folder(path) if not _is_read(p)]


def _is_read(path: Path) -> bool:
    """Whether a file of a folder is read as a return: a workbook's suffix, or OpenDocument (by
    its suffix or its first bytes)."""
    suffix = path.suffix.casefold()
    if suffix in SUFFIXES or suffix in OPEN_DOCUMENT_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            return is_open_document(handle.read(SNIFF_BYTES))
    except OSError:  # (not readable now: said when it is read, were it a workbook)
        return False


def is_open_document(head: bytes) -> bool:
    """Whether the first bytes of a file are an OpenDocument spreadsheet's (see OPEN_DOCUMENT_SUFFIXES)."""
    if len(head) < ZIP_LOCAL_HEADER.size:
        return False
    signature, compression, name_length, extra_length = ZIP_LOCAL_HEADER.unpack_from(head)
    start = ZIP_LOCAL_HEADER.size + name_length + extra_length
    return (signature == b"PK\x03\x04" and compression == 0
            and head[ZIP_LOCAL_HEADER.size:ZIP_LOCAL_HEADER.size + name_length] == b"mimetype"
            and head[start:start + len(OPEN_DOCUMENT_TYPE)] == OPEN_DOCUMENT_TYPE)


def _folder(path: Path) -> list[Path]:
    """The files of a folder that someone put there (sorted): not Office's ~$ lock files, nor
    hidden files such as the ._ copies macOS leaves on shared drives."""
    return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))


NOT_A_WORKBOOK = ("läses inte: bara Excel-arbetsböcker (.xlsx, .xlsm) läses in; är det ett planeringsunderlag, spara "
                  "det som Excel-arbetsbok (.xlsx)")


Show = Callable[[int, str], None]


def receive(paths: Sequence[Path], expected: Expected, archive: Archive, limits: Limits = Limits(),
            show: Show = lambda done, label: None, keep: int = KEEP_BYTES) -> list[FileResult]:
    """Read, check and store every file; return what became of each, in order. The bytes of new
    files are kept from reading to storing, `keep` bytes in all; the rest are read again."""
    read: list[_Read] = []
    kept = 0
    for done, path in enumerate(paths):
        show(done, path.name)
        item = _read(path, expected, archive, limits)
        if item.data is not None and kept + len(item.data) > keep:
            item = item._replace(data=None)
        kept += len(item.data or b"")
        read.append(item)
    show(len(paths), "")
    read = _refuse_duplicates(read)
    results = []
    for path, found, new, data in read:
        if new:  # (the same bytes stored earlier in this loop: `store` gives their id, not new)
            file_id, new = archive.store(found, path.name, _bytes_of(path, found) if data is None else data)
            results.append(FileResult(found, file_id, new))
        else:
            known = archive.find(found.sha256) if found.sha256 else None
            results.append(FileResult(found, known.id if known else None, False))
    return results


class _Read(NamedTuple):
    """A file as read: its return, whether it is new to the archive (so to be stored), and its
    bytes as read and hashed (None if not kept: the file is then read again to store it)."""

    path: Path
    found: Return
    new: bool
    data: bytes | None = None


def _read(path: Path, expected: Expected, archive: Archive, limits: Limits) -> _Read:
    """A file read; one already stored is taken from the archive, not opened again."""
    if not path.is_file():
        return _Read(path, Return(str(path), "", None, None, (error(Source(str(path)), "filen finns inte"),)), False)
    try:
        read = read_file(path, limits)
    except OSError as exc:  # (open in another program, no permission): this file is not read, the others are
        problem = error(Source(str(path)), file_error_reason(exc))
        return _Read(path, Return(str(path), "", None, None, (problem,)), False)
    if read.stored and is_open_document(read.data[:SNIFF_BYTES]):  # (one message, not every check failing)
        problem = error(Source(read.name), OPEN_DOCUMENT)
        return _Read(path, Return(read.name, read.sha256, None, None, (problem,)), True, read.data)
    known = archive.find(read.sha256) if read.stored else None
    if known is not None:  # (not opened again: what it says is in the archive)
        return _Read(path, _in_this_round(replace(archive.load(known.id), name=str(path)), expected), False)
    return _Read(path, read_return(open_read(read, limits), expected), read.stored, read.data if read.stored else None)


def _in_this_round(stored: Return, expected: Expected) -> Return:
    """A stored return given again, with what its identity says against this round (another
    budget year or version, a committee no longer in the planning workbook), as read now; the
    archive keeps what it said when it was stored."""
    if stored.identity is None:
        return stored
    said = {problem.message for problem in stored.problems}
    now = [p for p in return_checks.mismatches(stored.identity, stored.name, expected) if p.message not in said]
    return replace(stored, problems=(*stored.problems, *now)) if now else stored


def _refuse_duplicates(read: list[_Read]) -> list[_Read]:
    """Two or more new acceptable returns from one committee in one run: none is stored, each says why."""
    new = [(item.path, item.found) for item in read if item.new and item.found.status is not Status.REJECTED]
    counts = Counter(found.committee for _, found in new)
    twice = {code for code, count in counts.items() if count > 1}
    if not twice:
        return read
    names = {code: ", ".join(path.name for path, found in new if found.committee == code) for code in twice}
    result = []
    for item in read:
        found = item.found
        if item.new and found.committee in twice and found.status is not Status.REJECTED:
            message = (f"flera nya underlag från {found.committee} i samma körning ({names[found.committee]}); inget "
                       "av dem arkiverades. Läs in bara det underlag som gäller")
            item = _Read(item.path, replace(found, problems=(*found.problems, error(Source(found.name), message))),
                         False)
        result.append(item)
    return result


def _bytes_of(path: Path, found: Return) -> bytes:
    """The file's bytes again, for a file whose bytes were not kept; refused if the file changed
    since it was read."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != found.sha256:
        raise OSError(f"{path}: filen ändrades medan den lästes in; kör igen")
    return data


def summarise(expected: Expected, archive: Archive) -> Summary:
    """Per committee its current return and status, and the problems for Kontroll, from the archive
    alone. A committee's current return counts only if it is of this round (budget year and
    version): last year's, or another version's, is not shown as this round's."""
    files = archive.files()
    current = archive.current()
    problems = archive.all_problems()
    this_round = (expected.budget_year, expected.version)  # a current return of another round is not this one's
    by_committee: dict[str | None, list[StoredFile]] = {}
    for stored in files:
        by_committee.setdefault(stored.committee, []).append(stored)
    states, checks = [], []
    for code, name in expected.committees.items():
        mine = by_committee.get(code, [])
        latest = next((f for f in reversed(mine) if f.status is not Status.REJECTED and f.superseded_by is None), None)
        accepted = latest if latest and (latest.budget_year, latest.version) == this_round else None
        later = [f for f in mine if f.status is Status.REJECTED and (latest is None or f.id > latest.id)]
        shown = later[-1] if later and accepted is None else accepted
        status = shown.status.value if shown else MISSING
        states.append(CommitteeState(code, name, current.get(code) if accepted else None, status, shown))
        for stored in ([accepted] if accepted else []) + later:
            checks.extend((code, p) for p in problems.get(stored.id, ()))
        if not mine:
            checks.append((code, warning(Source(expected.source), f"{code} {name} har inte lämnat något underlag")))
        elif shown is None:  # only a return of another round (last year's, another version)
            checks.append((code, warning(Source(expected.source), (
                f"{code} {name} har inte lämnat något underlag för budgetår {expected.budget_year}, version "
                f"{expected.version}; det senast godkända ({latest.name}) gäller budgetår {latest.budget_year}, "
                f"version {latest.version}"))))
    for stored in files:
        if stored.committee not in expected.committees:
            checks.extend((stored.committee or "", p) for p in problems.get(stored.id, ()))
    return Summary(expected, tuple(states), tuple(checks))


def missing(summary: Summary) -> list[CommitteeState]:
    return [state for state in summary.committees if state.status == MISSING]
