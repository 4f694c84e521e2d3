"""The archive: a run killed in the middle of writing a file leaves it as after the last whole file;
the schema has a version and refuses archives from a newer ramkalk; an amount not stored reads as 0."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from consolidation_support import copy, expected, filled, planning_workbook

from ramkalk.cli import main
from ramkalk.templates import archive as archive_module
from ramkalk.templates.archive import MIGRATIONS, ROW_TABLES, SCHEMA_VERSION, Archive, ArchiveError
from ramkalk.templates.consolidation import receive

ROOT = Path(__file__).resolve().parent.parent

# Runs `ramkalk konsolidera`, but dies (os._exit, as a kill would) while the second file's rows
# are written and before its transaction commits.
DYING_RUN = textwrap.dedent("""
    import os, sys
    from ramkalk.templates import archive
    original, calls = archive.Archive._insert_rows, []

    def dying(self, file_id, found):
        calls.append(file_id)
        original(self, file_id, found)
        if len(calls) == 2:
            os._exit(9)

    archive.Archive._insert_rows = dying
    from ramkalk.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_a_run_killed_halfway_leaves_the_archive_consistent(tmp_path):
    inbox = tmp_path / "inkommet"
    for code in ("GSN", "KS", "VÄN"):
        copy(filled()[code], inbox)
    db = tmp_path / "arkiv.sqlite"
    command = [sys.executable, "-c", DYING_RUN, "konsolidera", str(planning_workbook()), str(inbox), "--arkiv", str(db),
               "--ut", str(tmp_path / "s.xlsx")]
    process = subprocess.run(command, cwd=ROOT, env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": ""},
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 9, process.stderr
    assert not (tmp_path / "s.xlsx").exists()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT id, committee FROM files").fetchall() == [(1, "GSN")]
        for table in ("problems", "budget_lines", "requests", "request_amounts", "volumes"):
            assert raw.execute(f"SELECT count(*) FROM {table} WHERE file_id != 1").fetchone() == (0,), table
    with Archive(db) as archive:
        assert set(archive.current()) == {"GSN"}
        results = receive(sorted(inbox.iterdir()), expected(), archive)
        assert [r.new for r in results] == [False, True, True]
        assert set(archive.current()) == {"GSN", "KS", "VÄN"}


def test_the_schema_version_is_recorded_and_a_newer_archive_is_refused(tmp_path):
    db = tmp_path / "arkiv.sqlite"
    Archive(db).close()
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
        raw.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(ArchiveError, match=f"arkivet har schemaversion {SCHEMA_VERSION + 1}"):
        Archive(db)


def test_an_archive_of_schema_1_is_migrated_and_keeps_what_it_holds(tmp_path, monkeypatch):
    db = tmp_path / "arkiv.sqlite"
    inbox = tmp_path / "inkommet"
    for code in ("GSN", "KS"):
        copy(filled()[code], inbox)
    with monkeypatch.context() as old:  # the ramkalk that knew schema 1 only
        old.setattr(archive_module, "MIGRATIONS", MIGRATIONS[:1])
        old.setattr(archive_module, "SCHEMA_VERSION", 1)
        with Archive(db) as archive:
            stored = receive(sorted(inbox.iterdir()), expected(), archive)
            before = {r.archive_id: archive.load(r.archive_id) for r in stored}
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        assert raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_file'"
                           ).fetchone() == (0,)
    with Archive(db) as archive:
        assert {file_id: archive.load(file_id) for file_id in before} == before
        assert [r.new for r in receive(sorted(inbox.iterdir()), expected(), archive)] == [False, False]
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,), (3,)]
        indexes = {name for (name,) in raw.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'index' "
                                                  "AND name LIKE '%_file'")}
        assert indexes == set(ROW_TABLES)
        plan = raw.execute("EXPLAIN QUERY PLAN SELECT * FROM budget_lines WHERE file_id = 1").fetchall()
        assert "budget_lines_file" in str(plan)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    db = tmp_path / "arkiv.sqlite"
    db.write_text("inte en databas " * 100)
    with pytest.raises(ArchiveError) as refused:
        Archive(db)
    assert str(refused.value) == (
        f"{db}: filen är inte ett arkiv från ramkalk: den är inte en SQLite-databas (teknisk orsak: file is not a "
        "database); ingenting skrevs i den. Är den ändå arkivet är arkivet skadat: återställ det från en "
        "säkerhetskopia. Annars: ange arkivet med --arkiv FIL, eller ett nytt filnamn för att börja ett nytt arkiv")
    assert db.read_text() == "inte en databas " * 100


def test_an_archive_in_a_folder_that_does_not_exist_is_explained(tmp_path):
    db = tmp_path / "saknas" / "arkiv.sqlite"
    with pytest.raises(ArchiveError) as refused:
        Archive(db)
    assert str(refused.value) == (f"{db}: arkivet kan inte skapas: mappen {db.parent} finns inte (teknisk orsak: "
                                  "unable to open database file). Skapa mappen, eller ange ett arkiv i en befintlig "
                                  "mapp med --arkiv")


def test_a_year_without_a_stored_amount_reads_as_zero(tmp_path):
    with Archive(tmp_path / "arkiv.sqlite") as archive:
        [result] = receive([filled()["GSN"]], expected(), archive)
        for table in ("budget_lines", "request_amounts", "measure_effects"):
            archive.db.execute(f"DELETE FROM {table} WHERE year_index = 1")
        read, loaded = result.found.content, archive.load(result.archive_id).content

    def without_year_1(amounts):
        return (amounts[0], Decimal(0), *amounts[2:])

    assert loaded.requests and loaded.measures and loaded.budget
    assert [r.amounts for r in loaded.requests] == [without_year_1(r.amounts) for r in read.requests]
    assert [m.effects for m in loaded.measures] == [without_year_1(m.effects) for m in read.measures]
    assert [(b.activity, b.costs, b.revenues) for b in loaded.budget] == [
        (b.activity, without_year_1(b.costs), without_year_1(b.revenues)) for b in read.budget]
    assert loaded.frames == read.frames


def test_an_archive_held_by_another_writer_is_explained_and_keeps_what_was_stored(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(archive_module, "BUSY_SECONDS", 0.1)
    db = tmp_path / "arkiv.sqlite"
    with Archive(db) as archive:
        receive([filled()["GSN"]], expected(), archive)
    holder = sqlite3.connect(db, isolation_level=None)  # another program writing to the archive
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = main(["konsolidera", str(planning_workbook()), str(filled()["KS"]), "--arkiv", str(db),
                     "--ut", str(tmp_path / "s.xlsx")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{db}: arkivet används av en annan körning eller ett annat program och blev inte ledigt på 0 sekunder; det "
        "som redan sparats finns kvar. Kör igen när den andra körningen är klar (eller stäng programmet som har "
        "arkivet öppet)")
    with Archive(db) as archive:
        assert [f.committee for f in archive.files()] == ["GSN"]
