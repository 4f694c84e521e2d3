"""Every way the archive can fail is a Swedish message and exit 2, never a traceback, and a
database that is not ours, or is damaged, gets no writes: `ramkalk konsolidera --arkiv` and
`ramkalk arkiv` on someone else's SQLite file, garbage, damaged pages, a full disk, a failing
disk, a read-only archive or folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from consolidation_support import copy, expected, filled, planning_workbook

from ramkalk.cli import main
from ramkalk.templates import archive as archive_module
from ramkalk.templates.archive import APPLICATION_ID, Archive, ArchiveError
from ramkalk.templates.consolidation import receive

ROOT = Path(__file__).resolve().parent.parent
RESTORE = ("Återställ arkivet från en säkerhetskopia, eller ange ett nytt arkiv med --arkiv NY_FIL (de underlag som "
           "ska sammanställas läses då in igen)")


def run(*args: object) -> int:
    return main([str(a) for a in args])


def consolidate(tmp_path: Path, db: Path, *files: Path) -> int:
    return run("konsolidera", planning_workbook(), *files, "--arkiv", db, "--ut", tmp_path / "s.xlsx")


def archive_with(db: Path, *codes: str) -> Path:
    """An archive at `db` holding the filled returns of `codes`, closed (its WAL checkpointed)."""
    with Archive(db) as archive:
        receive([filled()[code] for code in codes], expected(), archive)
    return db


def last_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()[-1]


def stored_codes(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        return [code for (code,) in raw.execute("SELECT committee FROM files ORDER BY id")]


# --- not ours ---------------------------------------------------------------------------------

def someone_elses(db: Path, application_id: int = 0, tables: tuple[str, ...] = ("kunder",)) -> bytes:
    """Another program's SQLite database at `db`; its bytes."""
    with sqlite3.connect(db) as raw:
        raw.execute(f"PRAGMA application_id = {application_id}")
        for table in tables:
            raw.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, namn TEXT)")
            raw.execute(f"INSERT INTO {table} (namn) VALUES ('Anna')")
    raw.close()
    return db.read_bytes()


@pytest.mark.parametrize("application_id, tables", [
    (0, ("kunder",)),  # an ordinary SQLite database
    (0, ("files", "schema_version", "kunder")),  # tables named like ours, and another
    (0, ("files", "schema_version")),  # our table names, other columns
    (0x46697368, ()),  # another program's mark, no tables yet
], ids=["other-tables", "ours-and-more", "other-columns", "other-mark"])
def test_someone_elses_sqlite_database_is_refused_and_never_written(tmp_path, capsys, application_id, tables):
    db = tmp_path / "kunder.sqlite"
    before = someone_elses(db, application_id, tables)
    refused = (f"{db}: filen är en SQLite-databas från ett annat program, inte ett arkiv från ramkalk; ingenting "
               "skrevs i den. Kontrollera filnamnet: ange arkivet med --arkiv FIL, eller ett nytt filnamn för att "
               "börja ett nytt arkiv")
    assert consolidate(tmp_path, db, filled()["GSN"]) == 2
    assert last_line(capsys) == refused
    assert run("arkiv", "--arkiv", db) == 2
    assert last_line(capsys) == refused
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunder.sqlite"]  # (no summary, no -wal left)


def test_garbage_named_as_the_archive_is_refused_by_both_commands_and_never_written(tmp_path, capsys):
    db = tmp_path / "arkiv.sqlite"
    db.write_bytes(bytes(range(256)) * 40)
    assert consolidate(tmp_path, db, filled()["GSN"]) == 2
    message = last_line(capsys)
    assert message.startswith(f"{db}: filen är inte ett arkiv från ramkalk: den är inte en SQLite-databas")
    assert run("arkiv", "--arkiv", db) == 2
    assert last_line(capsys) == message
    assert db.read_bytes() == bytes(range(256)) * 40


def test_a_folder_named_as_the_archive_is_explained(tmp_path, capsys):
    assert consolidate(tmp_path, tmp_path, filled()["GSN"]) == 2
    assert last_line(capsys) == (f"{tmp_path}: är en mapp, inte ett arkiv; ange arkivet med --arkiv FIL, eller ett "
                                 "nytt filnamn för att börja ett nytt arkiv")
    assert run("arkiv", "--arkiv", tmp_path) == 2
    assert last_line(capsys).startswith(f"{tmp_path}: är en mapp, inte ett arkiv")


def test_a_new_archive_is_marked_as_ramkalks(tmp_path):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


def test_an_empty_file_becomes_an_archive(tmp_path, capsys):
    db = tmp_path / "arkiv.sqlite"
    db.touch()  # (as `touch` or another program leaves a new file)
    assert consolidate(tmp_path, db, filled()["GSN"]) == 0
    assert stored_codes(db) == ["GSN"]


def test_an_archive_made_before_the_mark_is_accepted_and_marked(tmp_path, capsys):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    with sqlite3.connect(db) as raw:  # as every archive was before the mark
        raw.execute("PRAGMA application_id = 0")
    raw.close()
    assert run("arkiv", "--arkiv", db) == 0  # listing reads only: not marked
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA application_id").fetchone() == (0,)
    raw.close()
    assert consolidate(tmp_path, db, filled()["KS"]) == 0
    assert stored_codes(db) == ["GSN", "KS"]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


# --- damaged ----------------------------------------------------------------------------------

def page_size(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        return raw.execute("PRAGMA page_size").fetchone()[0]


def damage_page(db: Path, page: int, at: int = 0, garbage: bytes = b"\xff" * 4) -> None:
    """Overwrite bytes of page `page` (1-based) of the closed archive `db`."""
    size = page_size(db)
    with db.open("r+b") as handle:
        handle.seek((page - 1) * size + at)
        handle.write(garbage)


def page_of(db: Path, data: bytes) -> int:
    """The page (1-based) of the archive that holds `data`, a slice of a stored file's bytes."""
    return db.read_bytes().index(data) // page_size(db) + 1


def test_damaged_pages_that_a_run_would_not_read_are_found_before_anything_is_written(tmp_path, capsys):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    gsn = filled()["GSN"].read_bytes()
    damage_page(db, page_of(db, gsn[8000:8100]))  # an overflow page of GSN's stored bytes: its link to the next
    before = db.read_bytes()
    assert consolidate(tmp_path, db, filled()["KS"]) == 2
    message = last_line(capsys)
    assert message.startswith(f"{db}: arkivet är skadat (teknisk orsak: ")
    assert message.endswith(f"); ingenting skrevs i det. {RESTORE}")
    assert db.read_bytes() == before and not (tmp_path / "s.xlsx").exists()
    assert run("arkiv", "--arkiv", db) == 0  # the listing reads no stored bytes
    assert "GSN" in capsys.readouterr().out
    assert run("arkiv", "--arkiv", db, "--exportera", 1, "--ut", tmp_path / "ut.xlsx") == 2
    assert last_line(capsys) == (f"{db}: arkivet är skadat (teknisk orsak: database disk image is malformed). "
                                 f"Ingenting skrevs i arkivet. {RESTORE}")
    assert not (tmp_path / "ut.xlsx").exists()


def test_a_damaged_table_is_explained_by_both_commands(tmp_path, capsys):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN", "KS")
    with sqlite3.connect(db) as raw:
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'files'").fetchone()[0]
    raw.close()
    damage_page(db, root, garbage=b"\x00" * 64)
    before = db.read_bytes()
    damaged = (f"{db}: arkivet är skadat (teknisk orsak: database disk image is malformed). Ingenting skrevs i "
               f"arkivet. {RESTORE}")
    assert run("arkiv", "--arkiv", db) == 2
    assert last_line(capsys) == damaged
    assert consolidate(tmp_path, db, filled()["VÄN"]) == 2
    assert last_line(capsys).startswith(f"{db}: arkivet är skadat")
    assert consolidate(tmp_path, db) == 2  # (a summary from the archive alone reads it too)
    assert last_line(capsys).startswith(f"{db}: arkivet är skadat")
    assert db.read_bytes() == before


def test_a_stored_file_whose_bytes_changed_is_not_exported(tmp_path, capsys):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    gsn = filled()["GSN"].read_bytes()
    page = page_of(db, gsn[8000:8100])
    damage_page(db, page, at=page_size(db) // 2, garbage=b"ramkalk")  # inside the bytes: SQLite cannot tell
    assert run("arkiv", "--arkiv", db, "--exportera", 1, "--ut", tmp_path / "ut.xlsx") == 2
    assert last_line(capsys) == (f"{db}: arkivet är skadat: fil 1 har inte samma innehåll som när den arkiverades "
                                 f"(SHA-256 stämmer inte). {RESTORE}")
    assert not (tmp_path / "ut.xlsx").exists()


# --- a full or failing disk -------------------------------------------------------------------

def test_a_full_disk_keeps_what_was_stored_and_says_which_file_was_not(tmp_path, monkeypatch, capsys):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    connect = archive_module._connect

    def full_after_one_more_file(path: Path, write: bool) -> sqlite3.Connection:
        connection = connect(path, write)  # SQLite's own "database or disk is full" when the file would grow
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 12}")
        return connection

    monkeypatch.setattr(archive_module, "_connect", full_after_one_more_file)
    inbox = tmp_path / "inkommet"
    for code in ("KS", "VÄN"):
        copy(filled()[code], inbox)
    big = inbox / "stor.xlsx"  # (a rejected file is stored with its bytes too: this one does not fit)
    big.write_bytes(os.urandom(200_000))
    assert consolidate(tmp_path, db, inbox) == 2
    assert last_line(capsys) == (
        f"{db}: disken är full, arkivet kunde inte skrivas (teknisk orsak: database or disk is full). {big} sparades "
        "inte; det som sparades före finns kvar. Frigör utrymme på disken (eller ange ett arkiv på en annan disk med "
        "--arkiv) och kör igen")
    monkeypatch.undo()
    assert stored_codes(db) == ["GSN", "KS", "VÄN"]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    assert consolidate(tmp_path, db, inbox) == 1  # room again: the big file is stored (and rejected)
    assert stored_codes(db) == ["GSN", "KS", "VÄN", None]


# A write that the operating system refuses (the file size limit stands in for a failing or full
# disk: SQLite gets EFBIG from write()), in a process of its own.
LIMITED_RUN = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (write() then fails instead of the process dying)
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from ramkalk.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def test_a_write_refused_by_the_system_is_explained_and_rolled_back(tmp_path):
    db = archive_with(tmp_path / "arkiv.sqlite", "GSN")
    before = db.read_bytes()
    big = tmp_path / "stor.xlsx"
    big.write_bytes(os.urandom(400_000))
    command = [sys.executable, "-c", LIMITED_RUN, str(max(len(before), 64 * 1024) + 128 * 1024), "konsolidera",
               str(planning_workbook()), str(big), "--arkiv", str(db), "--ut", str(tmp_path / "s.xlsx")]
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": "",
                                  "PYTHONDONTWRITEBYTECODE": "1"})
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    assert process.stderr.splitlines()[-1] == (
        f"{db}: arkivet kunde inte läsas eller skrivas: disken eller nätverksenheten svarade med ett fel (teknisk "
        f"orsak: disk I/O error). {big} sparades inte; ingenting skrevs i arkivet. Kontrollera disken eller "
        "anslutningen och kör igen")
    assert stored_codes(db) == ["GSN"]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- read-only --------------------------------------------------------------------------------

@contextmanager
def read_only(path: Path):
    """`path` (a file or a folder) made read-only for this process: chmod, or for root (whom
    permissions do not stop) the immutable attribute."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root without chattr +i: a read-only file cannot be made")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_archive_is_explained_and_can_still_be_listed_and_summarised(tmp_path, capsys):
    folder = tmp_path / "arkiv"
    folder.mkdir()
    db = archive_with(folder / "arkiv.sqlite", "GSN")
    before = db.read_bytes()
    with read_only(db):
        assert consolidate(tmp_path, db, filled()["KS"]) == 2
        assert last_line(capsys) == (
            f"{db}: arkivet är skrivskyddat eller ligger i en mapp du inte får skriva i (teknisk orsak: attempt to "
            f"write a readonly database). {filled()['KS']} sparades inte; ingenting skrevs i arkivet. Be om "
            "skrivbehörighet, eller ange ett arkiv i en annan mapp med --arkiv")
        assert consolidate(tmp_path, db) == 0  # nothing to store: the summary from the archive as it is
        assert run("arkiv", "--arkiv", db) == 0
        assert "GSN" in capsys.readouterr().out
    assert db.read_bytes() == before


def test_an_archive_in_a_read_only_folder_is_explained_and_can_still_be_listed(tmp_path, capsys):
    folder = tmp_path / "arkiv"
    folder.mkdir()
    db = archive_with(folder / "arkiv.sqlite", "GSN")
    with read_only(folder):
        assert consolidate(tmp_path, db, filled()["KS"]) == 2
        assert last_line(capsys) == (
            f"{db}: arkivet kan inte öppnas för att skrivas: mappen {folder} är skrivskyddad eller du får inte skriva "
            "i den (SQLite behöver skapa filer bredvid arkivet) (teknisk orsak: unable to open database file). "
            "Ingenting skrevs i arkivet. Be om skrivbehörighet, eller ange ett arkiv i en annan mapp med --arkiv")
        assert run("arkiv", "--arkiv", db) == 0
        assert "GSN" in capsys.readouterr().out
        new = folder / "nytt.sqlite"
        assert consolidate(tmp_path, new, filled()["KS"]) == 2
        assert last_line(capsys) == (
            f"{new}: arkivet kan inte skapas: mappen {folder} är skrivskyddad eller du får inte skriva i den "
            "(teknisk orsak: unable to open database file). Be om skrivbehörighet, eller ange ett arkiv i en annan "
            "mapp med --arkiv")
    assert stored_codes(db) == ["GSN"]


def test_archive_errors_are_archive_errors_for_the_add_in_too(tmp_path):
    db = tmp_path / "kunder.sqlite"
    someone_elses(db)
    with pytest.raises(ArchiveError, match="från ett annat program"):
        Archive(db)
    with pytest.raises(ArchiveError, match="från ett annat program"):
        Archive(db, write=False)


def test_the_archive_messages_are_those_of_the_users_guide(tmp_path):
    guide = (ROOT / "docs" / "konsolidering.md").read_text(encoding="utf-8")
    db = tmp_path / "kunder.sqlite"
    someone_elses(db)
    with pytest.raises(ArchiveError) as foreign:
        Archive(db)
    with pytest.raises(ArchiveError) as folder:
        Archive(tmp_path)
    garbage = tmp_path / "skräp.sqlite"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ArchiveError) as not_a_database:
        Archive(garbage)
    for refused, path in ((foreign, db), (folder, tmp_path), (not_a_database, garbage)):
        assert f"`{str(refused.value).removeprefix(f'{path}: ')}`" in guide
    assert f"; ingenting skrevs i det. {RESTORE}`" in guide
