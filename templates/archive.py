"""The archive of returned templates: an SQLite database, by default next to the planning workbook.

Every received file is stored byte for byte with its SHA-256, the time it was received,
its committee, version and status, its problems and the rows read from it (budget lines,
requests, measures, volumes; amounts as exact decimal text, tkr). Rules:

- the same bytes again change nothing (the SHA-256 is unique);
- a newer accepted return supersedes the committee's older one, which stays as history
  (`superseded_by`); a rejected file is stored but never replaces an accepted one;
- each file is written in one transaction (BEGIN IMMEDIATE … COMMIT), so a run that dies
  halfway leaves the archive as it was after the last whole file (WAL journal);
- the schema has a version (table schema_version) and a list of migrations;
- an archive is marked as ramkalk's (`PRAGMA application_id` = `APPLICATION_ID`, set when it is
  created; an archive made before the mark is known by its tables and marked when next
  written). A file that is not ours (another program's SQLite database, or not a database) is
  refused before anything is written to it;
- an existing archive is checked (`PRAGMA quick_check`) before this connection first writes
  to it, so a damaged archive gets no writes; every SQLite error (disk full, read-only, damaged
  pages, locked) becomes an `ArchiveError` with a Swedish message, its transaction rolled back.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator

from ramkalk.core.problems import Problem, Severity, Source
from ramkalk.templates.return_records import (
    ZERO,
    BudgetLine,
    Identity,
    Measure,
    Request,
    Return,
    ReturnContent,
    Status,
    UnitBudget,
    VolumeEstimate,
)

SCHEMA_1 = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, name TEXT NOT NULL, size INTEGER NOT NULL,
    received TEXT NOT NULL, status TEXT NOT NULL, superseded_by INTEGER REFERENCES files(id),
    committee TEXT, committee_name TEXT, budget_year INTEGER, year_count INTEGER, version TEXT,
    template_id TEXT, layout_version TEXT, checksum TEXT, content BLOB NOT NULL);
CREATE INDEX files_committee ON files(committee);
CREATE TABLE problems (file_id INTEGER NOT NULL REFERENCES files(id), position INTEGER NOT NULL,
    severity TEXT NOT NULL, sheet TEXT, cell TEXT, message TEXT NOT NULL);
CREATE TABLE frames (file_id INTEGER NOT NULL REFERENCES files(id), year_index INTEGER NOT NULL, frame TEXT NOT NULL);
CREATE TABLE budget_lines (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL,
    year_index INTEGER NOT NULL, activity TEXT NOT NULL, costs TEXT NOT NULL, revenues TEXT NOT NULL);
CREATE TABLE requests (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL, title TEXT NOT NULL,
    description TEXT NOT NULL, kind TEXT NOT NULL, duration TEXT NOT NULL, focus_area TEXT NOT NULL,
    reason TEXT NOT NULL, consequence TEXT NOT NULL, priority INTEGER);
CREATE TABLE request_amounts (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL,
    year_index INTEGER NOT NULL, amount TEXT NOT NULL);
CREATE TABLE measures (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL, measure TEXT NOT NULL,
    consequence TEXT NOT NULL, in_budget TEXT NOT NULL);
CREATE TABLE measure_effects (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL,
    year_index INTEGER NOT NULL, effect TEXT NOT NULL);
CREATE TABLE volumes (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL, volume_group TEXT NOT NULL,
    year INTEGER NOT NULL, forecast TEXT NOT NULL, own TEXT, comment TEXT NOT NULL);
"""

ROW_TABLES_2 = ("problems", "frames", "budget_lines", "requests", "request_amounts", "measures", "measure_effects",
                "volumes")
# Each row table indexed by file: one file's rows (`load`, a file read again) are found without
# reading every file's.
SCHEMA_2 = "".join(f"CREATE INDEX {table}_file ON {table}(file_id);\n" for table in ROW_TABLES_2)
# The committee's budget per unit of the resursfördelning (layout version 3), indexed as the others.
SCHEMA_3 = """
CREATE TABLE unit_budgets (file_id INTEGER NOT NULL REFERENCES files(id), row INTEGER NOT NULL, unit TEXT NOT NULL,
    allocation TEXT NOT NULL, budget TEXT, comment TEXT NOT NULL);
CREATE INDEX unit_budgets_file ON unit_budgets(file_id);
"""
ROW_TABLES = (*ROW_TABLES_2, "unit_budgets")
UNITS_SCHEMA = 3
"""The schema version that has unit_budgets: read and written only where SCHEMA_VERSION has it (the tests
run the code of an older ramkalk by lowering SCHEMA_VERSION and MIGRATIONS)."""

# (version, SQL): applied in order to an archive of a lower version, each in one transaction.
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, SCHEMA_1), (2, SCHEMA_2), (3, SCHEMA_3))
SCHEMA_VERSION = MIGRATIONS[-1][0]

# PRAGMA application_id of every archive ramkalk creates ("Ramk"): what says a database is ours.
APPLICATION_ID = int.from_bytes(b"Ramk", "big")
# The tables of an archive; an unmarked database with exactly these (files as in SCHEMA_1) is an
# archive made before the mark.
OUR_TABLES = frozenset(("schema_version", "files", *ROW_TABLES))
FILES_TABLE_COLUMNS = ("id", "sha256", "name", "size", "received", "status", "superseded_by", "committee",
                       "committee_name", "budget_year", "year_count", "version", "template_id", "layout_version",
                       "checksum", "content")

# What to do when the archive is damaged: said in every message about it.
RESTORE = ("Återställ arkivet från en säkerhetskopia, eller ange ett nytt arkiv med --arkiv NY_FIL (de underlag som "
           "ska sammanställas läses då in igen)")
OTHER_ARCHIVE = "ange arkivet med --arkiv FIL, eller ett nytt filnamn för att börja ett nytt arkiv"


class ArchiveError(Exception):
    """The archive cannot be used (not ours, damaged, read-only, disk full, from a newer ramkalk):
    I/O, not bad input. The message is Swedish: which file, what is wrong, what to do."""


class ArchiveBusy(ArchiveError):
    """Another run (or program) kept the archive locked for writing longer than `BUSY_SECONDS`;
    what this run stored before stays stored."""


class ArchiveWriteFailed(ArchiveError):
    """The archive failed (disk full, damaged, read-only) after this run stored files in it: the
    file being stored was rolled back, what was stored before stays stored."""


# How long a write waits for another writer (another `konsolidera`, which holds the archive for
# one file at a time, or a program that has it open for writing) before giving up.
BUSY_SECONDS = 30.0


@dataclass(frozen=True)
class StoredFile:
    """One stored file, without its bytes. received: ISO time with offset. committee, version and
    budget year as its identity says (None if it has none). superseded_by: the id of the accepted
    return that replaced this one, or None."""

    id: int
    name: str
    sha256: str
    size: int
    received: str
    status: Status
    committee: str | None
    version: str | None
    superseded_by: int | None
    budget_year: int | None = None


def default_path(workbook: Path) -> Path:
    """The archive beside the planning workbook: exempelstad.xlsx -> exempelstad_arkiv.sqlite."""
    return workbook.with_name(f"{workbook.stem}_arkiv.sqlite")


class Archive:
    """An open archive; use as a context manager or call `close`. write=False opens it read-only
    (`ramkalk arkiv`): nothing is created, migrated or marked, and a read-only archive can be listed."""

    def __init__(self, path: Path, write: bool = True) -> None:
        self.path, self.write = path, write
        if path.is_dir():
            raise ArchiveError(f"{path}: är en mapp, inte ett arkiv; {OTHER_ARCHIVE}")
        # Checked (quick_check) before this connection first writes to it; a new archive has nothing to check.
        self._unchecked = path.is_file() and path.stat().st_size > 0
        self.stored = 0  # files this connection has stored (committed)
        try:
            self.db = _connect(path, write)
        except sqlite3.Error as exc:
            raise _failure(path, exc, None, False) from None
        try:
            with self._explained():
                self._open()
        except BaseException:
            self.db.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _explained(self, stored: str | None = None) -> Iterator[None]:
        """SQLite's errors as an ArchiveError (Swedish); stored: the name of the file being stored."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _failure(self.path, exc, stored, self.stored > 0) from None

    def _open(self) -> None:
        """Refuse a database that is not ours before anything is written; then (for writing) WAL
        journal and the migrations."""
        marked, tables = self._refuse_foreign()
        current = self._schema_version(tables)
        if not self.write:
            return
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # (ours are; a change is a write)
            self._check()
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        if current < SCHEMA_VERSION or not marked:
            self._migrate(current, marked)

    def _refuse_foreign(self) -> tuple[bool, set[str]]:
        """(marked as ours, our tables) of an archive, or ArchiveError for a database that is not
        ours: marked by another program, or tables that are not exactly an archive's. An empty
        database (no tables) is a new archive. Reads only."""
        application_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' ESCAPE '^'")}
        if application_id == APPLICATION_ID or (application_id == 0 and not tables):
            return application_id == APPLICATION_ID, tables
        if application_id == 0 and tables <= OUR_TABLES and {"files", "schema_version"} <= tables:
            columns = tuple(row[1] for row in self.db.execute("PRAGMA table_info(files)"))
            if columns == FILES_TABLE_COLUMNS:  # an archive made before the mark
                return False, tables
        raise ArchiveError(f"{self.path}: filen är en SQLite-databas från ett annat program, inte ett arkiv från "
                           f"ramkalk; ingenting skrevs i den. Kontrollera filnamnet: {OTHER_ARCHIVE}")

    def _schema_version(self, tables: set[str]) -> int:
        current = (self.db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
                   if "schema_version" in tables else 0)
        if current > SCHEMA_VERSION:
            raise ArchiveError(f"{self.path}: arkivet har schemaversion {current}, den här versionen av ramkalk "
                               f"känner till {SCHEMA_VERSION}; använd en nyare ramkalk")
        if not self.write and current == 0:
            raise ArchiveError(f"{self.path}: arkivet är tomt: inga underlag har lästs in i det")
        return current

    def _migrate(self, current: int, marked: bool) -> None:
        """The migrations after `current`, and the mark, in one transaction."""
        with self._transaction():
            if not marked:
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for version, sql in MIGRATIONS:
                if version > current:
                    for statement in filter(str.strip, sql.split(";")):
                        self.db.execute(statement)
                    self.db.execute("INSERT INTO schema_version VALUES (?)", (version,))

    def _check(self) -> None:
        """Refuse a damaged archive before this connection first writes to it: PRAGMA quick_check
        (it reads every page once: milliseconds for a year's archive, see docs/konsolidering.md)."""
        if not self._unchecked:
            return
        found = self.db.execute("PRAGMA quick_check(3)").fetchall()
        if found != [("ok",)]:
            technical = "; ".join(" ".join(str(row[0]).replace("*** in database main ***", "").split())
                                  for row in found)
            raise ArchiveError(f"{self.path}: arkivet är skadat (teknisk orsak: {technical}); ingenting skrevs i "
                               f"det. {RESTORE}")
        self._unchecked = False

    def _transaction(self, stored: str | None = None):
        with self._explained():
            self._check()
        return _Transaction(self, stored)

    # --- writing ----------------------------------------------------------------------------

    def find(self, sha256: str) -> StoredFile | None:
        with self._explained():
            row = self.db.execute(f"SELECT {FILE_COLUMNS} FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return _stored(row) if row else None

    def store(self, found: Return, name: str, data: bytes, received: datetime | None = None) -> tuple[int, bool]:
        """Store a file and what was read from it, in one transaction; (id, True if new).
        An accepted return supersedes the committee's current one. Raises ArchiveWriteFailed
        (the file not stored, the ones before kept) if SQLite fails."""
        with self._transaction(found.name or name):  # (the path as given, in a message)
            known = self.db.execute("SELECT id FROM files WHERE sha256 = ?", (found.sha256,)).fetchone()
            if known:
                return known[0], False
            file_id = self._insert_file(found, name, data, received or datetime.now().astimezone())
            self._insert_rows(file_id, found)
            if found.status is not Status.REJECTED and found.committee:
                self.db.execute("UPDATE files SET superseded_by = ? WHERE committee = ? AND id != ? AND status != ? "
                                "AND superseded_by IS NULL", (file_id, found.committee, file_id,
                                                              Status.REJECTED.value))
        self.stored += 1
        return file_id, True

    def _insert_file(self, found: Return, name: str, data: bytes, received: datetime) -> int:
        who: Identity | None = found.identity
        identity = (None,) * 8 if who is None else (who.committee, who.committee_name, who.budget_year, who.year_count,
                                                    who.version, who.template_id, who.layout_version, who.checksum)
        values = (found.sha256, name, len(data), received.isoformat(timespec="seconds"), found.status.value,
                  *identity, data)
        cursor = self.db.execute(
            "INSERT INTO files (sha256, name, size, received, status, committee, committee_name, budget_year, "
            "year_count, version, template_id, layout_version, checksum, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        return cursor.lastrowid

    def _insert_rows(self, file_id: int, found: Return) -> None:
        for table, rows in _rows_of(found):
            if rows:
                marks = ", ".join("?" * (len(rows[0]) + 1))
                self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", [(file_id, *row) for row in rows])

    # --- reading ----------------------------------------------------------------------------

    def files(self) -> list[StoredFile]:
        """Every stored file, in the order received."""
        with self._explained():
            return [_stored(row) for row in self.db.execute(f"SELECT {FILE_COLUMNS} FROM files ORDER BY id")]

    def content(self, file_id: int) -> bytes | None:
        """A stored file's bytes (None if there is no such id), checked against its SHA-256."""
        with self._explained():
            row = self.db.execute("SELECT content, sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
        if row is None:
            return None
        data, sha256 = row
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ArchiveError(f"{self.path}: arkivet är skadat: fil {file_id} har inte samma innehåll som när den "
                               f"arkiverades (SHA-256 stämmer inte). {RESTORE}")
        return data

    def current(self) -> dict[str, Return]:
        """Each committee's current accepted return (not superseded), by committee code (sorted)."""
        with self._explained():
            found = self._returns("committee IS NOT NULL AND status != ? AND superseded_by IS NULL",
                                  (Status.REJECTED.value,))
        return {r.committee: r for r in sorted(found.values(), key=lambda r: r.committee or "") if r.committee}

    def load(self, file_id: int) -> Return:
        """A stored return as it was read: identity, rows and problems."""
        with self._explained():
            return self._returns("id = ?", (file_id,))[file_id]

    def problems(self, file_id: int) -> tuple[Problem, ...]:
        return self.all_problems("id = ?", (file_id,)).get(file_id, ())

    def all_problems(self, where: str = "1", parameters: tuple = ()) -> dict[int, tuple[Problem, ...]]:
        """The problems of every file (or of the files matching `where`, SQL on files), by file id."""
        found: dict[int, list[Problem]] = {}
        with self._explained():
            for file_id, name, severity, sheet, cell, message in self.db.execute(
                    "SELECT p.file_id, f.name, p.severity, p.sheet, p.cell, p.message FROM problems p JOIN files f ON "
                    f"f.id = p.file_id WHERE p.file_id IN (SELECT id FROM files WHERE {where}) "
                    "ORDER BY p.file_id, p.position", parameters):
                source = Source(name, sheet, cell) if sheet else Source(name)
                found.setdefault(file_id, []).append(Problem(source, message, Severity(severity)))
        return {file_id: tuple(problems) for file_id, problems in found.items()}

    def _returns(self, where: str, parameters: tuple) -> dict[int, Return]:
        """The returns stored as the files matching `where` (SQL on files) by id: one query per
        table for all of them, however many they are."""
        heads = self.db.execute(f"SELECT id, name, sha256, {IDENTITY_COLUMNS} FROM files WHERE {where} ORDER BY id",
                                parameters).fetchall()
        rows = _Rows(self.db, where, parameters)
        problems = self.all_problems(where, parameters)
        found = {}
        for file_id, name, sha256, *who in heads:
            identity = Identity(*who) if who[0] is not None else None
            content = rows.content(file_id, identity) if identity else None
            found[file_id] = Return(name, sha256, identity, content, problems.get(file_id, ()))
        return found


IDENTITY_COLUMNS = "committee, committee_name, budget_year, year_count, version, template_id, layout_version, checksum"


class _Rows:
    """The extracted rows of the files matching an SQL condition, read table by table (one query
    per table), grouped by file id, and put together into each file's `ReturnContent`.

    This runs once per `konsolidera` over every current return, so it does little per stored row:
    each query is ordered by file id (which costs nothing: it is the order the file_id index
    gives), so `groupby` takes each file's rows in one go, kept as sqlite3 returns them (file id
    first) rather than copied without it; and a line's per-year list of zeros is made once per
    line, not once per stored amount."""

    def __init__(self, db: sqlite3.Connection, where: str, parameters: tuple) -> None:
        def by_file(sql: str) -> dict[int, list[tuple]]:
            cursor = db.execute(sql.format(files=f"SELECT id FROM files WHERE {where}"), parameters)
            return {file_id: list(rows) for file_id, rows in groupby(cursor, itemgetter(0))}

        self.frames = by_file("SELECT file_id, year_index, frame FROM frames WHERE file_id IN ({files}) "
                              "ORDER BY file_id")
        self.budget = by_file("SELECT file_id, row, year_index, activity, costs, revenues FROM budget_lines "
                              "WHERE file_id IN ({files}) ORDER BY file_id, row, year_index")
        self.requests = by_file("SELECT file_id, row, title, description, kind, duration, focus_area, reason, "
                                "consequence, priority FROM requests WHERE file_id IN ({files}) ORDER BY file_id, row")
        self.request_amounts = by_file("SELECT file_id, row, year_index, amount FROM request_amounts "
                                       "WHERE file_id IN ({files}) ORDER BY file_id")
        self.measures = by_file("SELECT file_id, row, measure, consequence, in_budget FROM measures "
                                "WHERE file_id IN ({files}) ORDER BY file_id, row")
        self.measure_effects = by_file("SELECT file_id, row, year_index, effect FROM measure_effects "
                                       "WHERE file_id IN ({files}) ORDER BY file_id")
        self.volumes = by_file("SELECT file_id, row, volume_group, year, forecast, own, comment FROM volumes "
                               "WHERE file_id IN ({files}) ORDER BY file_id, row")
        self.units = (by_file("SELECT file_id, row, unit, allocation, budget, comment FROM unit_budgets "
                              "WHERE file_id IN ({files}) ORDER BY file_id, row")
                      if SCHEMA_VERSION >= UNITS_SCHEMA else {})

    def content(self, file_id: int, identity: Identity) -> ReturnContent | None:
        frame_rows = self.frames.get(file_id)
        if not frame_rows:
            return None
        years = identity.year_count
        frames = [ZERO] * years
        for _, index, frame in frame_rows:
            frames[index] = Decimal(frame)
        zeros = (ZERO,) * years
        amounts = _per_year(self.request_amounts.get(file_id, ()), years)
        effects = _per_year(self.measure_effects.get(file_id, ()), years)
        return ReturnContent(
            identity, tuple(frames), _budget(self.budget.get(file_id, ()), years),
            tuple(Request(row, title, description, amounts.get(row, zeros), kind, duration, focus_area, reason,
                          consequence, priority)
                  for _, row, title, description, kind, duration, focus_area, reason, consequence, priority
                  in self.requests.get(file_id, ())),
            tuple(Measure(row, measure, consequence, effects.get(row, zeros), in_budget)
                  for _, row, measure, consequence, in_budget in self.measures.get(file_id, ())),
            tuple(VolumeEstimate(row, group, year, Decimal(forecast), None if own is None else Decimal(own), comment)
                  for _, row, group, year, forecast, own, comment in self.volumes.get(file_id, ())),
            tuple(UnitBudget(row, unit, Decimal(allocation), None if budget is None else Decimal(budget), comment)
                  for _, row, unit, allocation, budget, comment in self.units.get(file_id, ())))


def _per_year(rows: Iterable[tuple], years: int) -> dict[int, tuple[Decimal, ...]]:
    """{row: (amount per year, 0 where none is stored)} from rows (file id, row, year index, amount)."""
    found: dict[int, list[Decimal]] = {}
    for _, row, index, amount in rows:
        if row not in found:
            found[row] = [ZERO] * years
        found[row][index] = Decimal(amount)
    return {row: tuple(values) for row, values in found.items()}


def _budget(rows: Iterable[tuple], years: int) -> tuple[BudgetLine, ...]:
    """Budget lines from rows (file id, row, year index, activity, costs, revenues) in row order."""
    lines: dict[int, tuple[str, list[Decimal], list[Decimal]]] = {}
    for _, row, index, activity, costs, revenues in rows:
        if row not in lines:
            lines[row] = (activity, [ZERO] * years, [ZERO] * years)
        _, line_costs, line_revenues = lines[row]
        line_costs[index], line_revenues[index] = Decimal(costs), Decimal(revenues)
    return tuple(BudgetLine(row, activity, tuple(costs), tuple(revenues))
                 for row, (activity, costs, revenues) in lines.items())


FILE_COLUMNS = "id, name, sha256, size, received, status, committee, version, superseded_by, budget_year"


def _stored(row: tuple) -> StoredFile:
    file_id, name, sha256, size, received, status, committee, version, superseded_by, budget_year = row
    return StoredFile(file_id, name, sha256, size, received, Status(status), committee, version, superseded_by,
                      budget_year)


def _rows_of(found: Return) -> Iterator[tuple[str, list[tuple]]]:
    """The rows of each table for one return (without the file id), amounts as decimal text."""
    yield "problems", [(n, p.severity.value, p.source.sheet if p.source else None, p.source.cell if p.source else None,
                        p.message) for n, p in enumerate(found.problems)]
    content = found.content
    if content is None:
        return
    yield "frames", [(i, str(frame)) for i, frame in enumerate(content.frames)]
    yield "budget_lines", [(line.row, i, line.activity, str(c), str(r)) for line in content.budget
                           for i, (c, r) in enumerate(zip(line.costs, line.revenues))]
    yield "requests", [(r.row, r.title, r.description, r.kind, r.duration, r.focus_area, r.reason, r.consequence,
                        r.priority) for r in content.requests]
    yield "request_amounts", [(r.row, i, str(a)) for r in content.requests for i, a in enumerate(r.amounts)]
    yield "measures", [(m.row, m.measure, m.consequence, m.in_budget) for m in content.measures]
    yield "measure_effects", [(m.row, i, str(e)) for m in content.measures for i, e in enumerate(m.effects)]
    yield "volumes", [(v.row, v.group, v.year, str(v.forecast), None if v.own is None else str(v.own), v.comment)
                      for v in content.volumes]
    if SCHEMA_VERSION >= UNITS_SCHEMA:
        yield "unit_budgets", [(u.row, u.unit, str(u.allocation), None if u.budget is None else str(u.budget),
                                u.comment) for u in content.units]


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK if the block raises: one file, one transaction.
    Raises ArchiveBusy if another writer holds the archive longer than BUSY_SECONDS, and
    ArchiveWriteFailed (rolled back) if SQLite fails inside; stored: the file being stored."""

    def __init__(self, archive: Archive, stored: str | None = None) -> None:
        self.archive, self.db, self.stored = archive, archive.db, stored

    def __enter__(self) -> None:
        with self.archive._explained(self.stored):
            self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error as exc:
                value = exc
        if self.db.in_transaction:  # (SQLite has rolled back itself after some errors, such as a full disk)
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the error being raised says what went wrong; the WAL keeps the archive whole
        if isinstance(value, sqlite3.Error):
            raise _failure(self.archive.path, value, self.stored, self.archive.stored > 0) from None


def _connect(path: Path, write: bool) -> sqlite3.Connection:
    """A connection to the archive: read and write (created if it does not exist), or read-only.
    Read-only in a folder where SQLite cannot create the WAL's shared-memory file (a read-only
    share) it is opened as immutable: nobody can write there through this folder either."""
    if write:
        return sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
    uri = path.absolute().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as exc:
        if _code(exc) != sqlite3.SQLITE_CANTOPEN:
            raise
        db.close()
        db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    return db


def _code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (None if not known)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _failure(path: Path, exc: sqlite3.Error, stored: str | None, committed: bool) -> ArchiveError:
    """The Swedish error for an SQLite error on the archive at `path`, with SQLite's reason marked
    as technical. stored: the file being stored when it happened; committed: whether this run
    stored files before (they stay: ArchiveWriteFailed)."""
    busy = _busy(path, exc)
    if busy is not None:
        return busy
    code, technical = _code(exc), f"(teknisk orsak: {exc})"
    kept = "det som sparades före finns kvar" if committed else "ingenting skrevs i arkivet"
    after = f" {stored} sparades inte; {kept}." if stored else f" {kept[0].upper()}{kept[1:]}."
    if code == sqlite3.SQLITE_FULL:
        why = (f"disken är full, arkivet kunde inte skrivas {technical}.{after} Frigör utrymme på disken (eller "
               "ange ett arkiv på en annan disk med --arkiv) och kör igen")
    elif code == sqlite3.SQLITE_READONLY or code == sqlite3.SQLITE_PERM:
        why = (f"arkivet är skrivskyddat eller ligger i en mapp du inte får skriva i {technical}.{after} Be om "
               "skrivbehörighet, eller ange ett arkiv i en annan mapp med --arkiv")
    elif code == sqlite3.SQLITE_CANTOPEN:
        if path.is_file():
            why = (f"arkivet kan inte öppnas för att skrivas: mappen {path.parent} är skrivskyddad eller du får inte "
                   f"skriva i den (SQLite behöver skapa filer bredvid arkivet) {technical}.{after} Be om "
                   "skrivbehörighet, eller ange ett arkiv i en annan mapp med --arkiv")
        elif not path.parent.is_dir():
            why = (f"arkivet kan inte skapas: mappen {path.parent} finns inte {technical}. Skapa mappen, eller ange "
                   "ett arkiv i en befintlig mapp med --arkiv")
        else:
            why = (f"arkivet kan inte skapas: mappen {path.parent} är skrivskyddad eller du får inte skriva i den "
                   f"{technical}. Be om skrivbehörighet, eller ange ett arkiv i en annan mapp med --arkiv")
    elif code == sqlite3.SQLITE_NOTADB:
        why = (f"filen är inte ett arkiv från ramkalk: den är inte en SQLite-databas {technical}; ingenting skrevs "
               "i den. Är den ändå arkivet är arkivet skadat: återställ det från en säkerhetskopia. Annars: "
               f"{OTHER_ARCHIVE}")
    elif code == sqlite3.SQLITE_CORRUPT:
        why = f"arkivet är skadat {technical}.{after} {RESTORE}"
    elif code == sqlite3.SQLITE_IOERR:
        why = (f"arkivet kunde inte läsas eller skrivas: disken eller nätverksenheten svarade med ett fel "
               f"{technical}.{after} Kontrollera disken eller anslutningen och kör igen")
    else:
        why = f"arkivet kan inte användas {technical}.{after} {RESTORE}"
    kind = ArchiveWriteFailed if committed else ArchiveError
    return kind(f"{path}: {why}")


def _busy(path: Path, exc: sqlite3.Error) -> ArchiveBusy | None:
    """The Swedish error for an archive locked by another writer, or None for another error."""
    if _code(exc) not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and "locked" not in str(exc):
        return None
    return ArchiveBusy(f"{path}: arkivet används av en annan körning eller ett annat program och blev inte ledigt "
                       f"på {BUSY_SECONDS:.0f} sekunder; det som redan sparats finns kvar. Kör igen när den andra "
                       "körningen är klar (eller stäng programmet som har arkivet öppet)")
