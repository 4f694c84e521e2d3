"""The consolidation macro as `ramkalk konsolidera`: the files of the folder that are not read
are rows of the summary's Kontroll, and an archive that fails after storing files does not say
that nothing was read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import openpyxl
from test_addin_macros import FakeBook, workbook  # noqa: F401 - the fixture

from ramkalk.addin import macros
from ramkalk.templates import archive as archive_module
from ramkalk.templates.archive import Archive, default_path
from ramkalk.templates.consolidation import NOT_A_WORKBOOK


def inbox_of_three(book: FakeBook, folder: Path) -> Path:
    macros.ramkalk_underlag(book)
    inbox = folder / "Inkommet_2027"
    (folder / "Planeringsunderlag_2027").rename(inbox)
    for listing in inbox.glob("*.csv"):
        listing.unlink()
    for path in sorted(inbox.glob("*.xlsx"))[3:]:
        path.unlink()
    return inbox


def test_the_files_not_read_are_rows_of_kontroll(workbook, tmp_path):  # noqa: F811 - the fixture
    book = FakeBook(workbook)
    inbox = inbox_of_three(book, tmp_path)
    (inbox / "budget.pdf").write_bytes(b"%PDF-1.7")
    macros.ramkalk_konsolidera(book)
    rows = list(openpyxl.load_workbook(tmp_path / "Sammanställning_2027.xlsx")["Kontroll"].iter_rows(values_only=True))
    assert ("", "budget.pdf", "", "", "varning", NOT_A_WORKBOOK) in [tuple(v or "" for v in r) for r in rows]


def test_a_full_disk_after_some_files_says_what_was_kept(workbook, tmp_path, monkeypatch):  # noqa: F811
    book = FakeBook(workbook)
    inbox = inbox_of_three(book, tmp_path)
    big = inbox / "stor.xlsx"  # (read last; a rejected file is stored with its bytes: it does not fit)
    big.write_bytes(os.urandom(1_000_000))
    connect = archive_module._connect

    def nearly_full(path: Path, write: bool) -> sqlite3.Connection:
        connection = connect(path, write)
        connection.execute("PRAGMA max_page_count = 100")  # SQLite's own "database or disk is full"
        return connection

    monkeypatch.setattr(archive_module, "_connect", nearly_full)
    macros.ramkalk_konsolidera(book)
    alert = book.app.alerts[-1]
    assert alert.startswith(f"{default_path(workbook)}: disken är full")
    assert alert.endswith(f"{big} sparades inte; det som sparades före finns kvar. Frigör utrymme på disken (eller "
                          "ange ett arkiv på en annan disk med --arkiv) och kör igen.")
    monkeypatch.undo()
    with Archive(default_path(workbook)) as archive:
        assert len(archive.files()) == 3
