"""A return that is not an Excel workbook is one clear message, whether it is named on the
command line or found in a folder, and the summary's Kontroll shows it as what it is: an
OpenDocument spreadsheet (known by its content too, so also when renamed), an old .xls, a PDF,
any other file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
from consolidation_support import copy, filled, planning_workbook

from ramkalk.cli import main
from ramkalk.templates.archive import Archive
from ramkalk.templates.consolidation import NOT_A_WORKBOOK, OPEN_DOCUMENT, files_in, is_open_document, not_read_in

ROOT = Path(__file__).resolve().parent.parent
ODS_MESSAGE = ("filen är sparad i OpenDocument-format (.ods), inte som Excel-arbetsbok; öppna den i Excel eller "
               "LibreOffice, spara den som Excel-arbetsbok (.xlsx) och skicka den igen")
OLD_XLS = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600)
OLD_XLS_MESSAGE = ("filen är i det gamla Excel-formatet (.xls); spara den som Excel-arbetsbok (.xlsx) och skicka den "
                   "igen")


def ods_bytes(mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    """An OpenDocument spreadsheet as LibreOffice saves one: the media type first, stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as ods:
        ods.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        ods.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>'), compress_type=zipfile.ZIP_DEFLATED)
        ods.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
            '<office:spreadsheet><table:table table:name="Identitet"><table:table-row><table:table-cell '
            'office:value-type="string"><text:p>KS</text:p></table:table-cell></table:table-row></table:table>'
            '</office:spreadsheet></office:body></office:document-content>'), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def consolidate(tmp_path: Path, *files: Path, json_output: bool = False) -> int:
    args = ["konsolidera", planning_workbook(), *files, "--arkiv", tmp_path / "a.sqlite", "--ut", tmp_path / "s.xlsx"]
    return main([str(a) for a in args] + (["--json"] if json_output else []))


def kontroll(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)["Kontroll"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_an_ods_named_on_the_command_line_is_one_message_and_archived_as_refused(tmp_path, capsys):
    ods = tmp_path / "Planeringsunderlag_KS_2027.ods"
    ods.write_bytes(ods_bytes())
    assert consolidate(tmp_path, ods, json_output=True) == 1
    [read] = json.loads(capsys.readouterr().out)["filer"]
    assert read["status"] == "avvisad"
    assert [(p["fil"], p["meddelande"]) for p in read["problem"]] == [(str(ods), ODS_MESSAGE)]
    with Archive(tmp_path / "a.sqlite") as archive:
        [stored] = archive.files()
        assert archive.content(stored.id) == ods.read_bytes()  # (kept byte for byte, as every file received)
        assert [p.message for p in archive.problems(stored.id)] == [ODS_MESSAGE]


def test_an_ods_renamed_to_xlsx_is_known_by_its_content(tmp_path, capsys):
    renamed = tmp_path / "Planeringsunderlag_KS_2027.xlsx"
    renamed.write_bytes(ods_bytes())
    assert consolidate(tmp_path, renamed) == 1
    out = capsys.readouterr().out
    assert f"{renamed}: {ODS_MESSAGE}\n" in out
    assert out.count(str(renamed)) == 1  # one message, not every check of a template failing


def test_only_an_opendocument_spreadsheet_is_taken_for_one():
    assert is_open_document(ods_bytes()[:128])
    assert is_open_document(ods_bytes("application/vnd.oasis.opendocument.spreadsheet-template")[:128])
    assert not is_open_document(ods_bytes("application/vnd.oasis.opendocument.text")[:128])
    assert not is_open_document(filled()["KS"].read_bytes()[:128])  # an Excel workbook is a zip too
    assert not is_open_document(b"PK\x03\x04")
    assert not is_open_document(b"")


def test_every_file_of_a_folder_that_is_not_a_workbook_is_named_in_kontroll(tmp_path, capsys):
    inbox = tmp_path / "inkommet"
    copy(filled()["GSN"], inbox)
    ods, renamed = inbox / "KS.ods", inbox / "VÄN underlag"  # (saved without a suffix)
    ods.write_bytes(ods_bytes())
    renamed.write_bytes(ods_bytes("application/vnd.oasis.opendocument.spreadsheet-template"))  # (other bytes)
    old, pdf, notes = inbox / "SBN.xls", inbox / "SBN.pdf", inbox / "läs mig.txt"
    old.write_bytes(OLD_XLS)
    pdf.write_bytes(b"%PDF-1.7 a printed template")
    notes.write_text("Hej!")
    assert files_in([inbox]) == [ods, inbox / "Planeringsunderlag_GSN_2027.xlsx", old, renamed]
    assert not_read_in([inbox]) == [pdf, notes]
    assert consolidate(tmp_path, inbox) == 1
    out = capsys.readouterr().out
    assert f"{ods}: {ODS_MESSAGE}\n" in out and f"{renamed}: {ODS_MESSAGE}\n" in out
    assert f"{pdf}: {NOT_A_WORKBOOK} (varning)\n" in out
    checks = {row["Fil"]: row for row in kontroll(tmp_path / "s.xlsx")}  # (files by name, as in the archive)
    for path in (ods, renamed):
        assert (checks[path.name]["Allvarlighet"], checks[path.name]["Meddelande"]) == ("fel", ODS_MESSAGE)
    assert checks[old.name]["Meddelande"] == OLD_XLS_MESSAGE
    for path in (pdf, notes):
        assert (checks[path.name]["Allvarlighet"], checks[path.name]["Meddelande"]) == ("varning", NOT_A_WORKBOOK)


def test_the_messages_are_those_of_the_users_guide():
    guide = (ROOT / "docs" / "konsolidering.md").read_text(encoding="utf-8")
    assert OPEN_DOCUMENT == ODS_MESSAGE
    for message in (OPEN_DOCUMENT, NOT_A_WORKBOOK, OLD_XLS_MESSAGE):
        assert f"`{message}`" in guide
