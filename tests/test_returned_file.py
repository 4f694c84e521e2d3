"""Opening a returned file (`ramkalk.templates.returned_file`): the zip unpacked entry by entry from its
bytes, what calamine is given, the formula cells found in the sheet XML, and the read-only
sheets' values as `ramkalk.templates.reading` and the checksum see them.

The zips are a filled template changed byte by byte (local header, central directory) or
written again entry by entry, so each case is the one named and nothing else.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import datetime

import openpyxl
import pytest
from bad_returns import changed
from consolidation_support import expected, filled

from ramkalk.templates import identity
from ramkalk.templates.layout import BUDGET, INSTRUCTIONS, VOLUMES, layout
from ramkalk.templates.reading import table_values
from ramkalk.templates.returned_file import (
    NOT_READ,
    GridSheet,
    Limits,
    Part,
    _formula_coordinates,
    _formula_rows,
    _stored_zip,
    _unpack,
    open_return,
)
from ramkalk.templates.returns import read_return

SHEET, SHEET_NAME = "xl/worksheets/sheet1.xml", INSTRUCTIONS  # any sheet would do
AGAIN = "; spara om filen i Excel och skicka den igen"

# Offsets of fields in a zip entry's local header and in its central directory record.
LOCAL_SIGNATURE, LOCAL_NAME = 0, 30
CENTRAL_FLAGS, CENTRAL_CRC, CENTRAL_PACKED, CENTRAL_SIZE, CENTRAL_OFFSET = 8, 16, 20, 24, 42


def source() -> bytes:
    return filled()["VÄN"].read_bytes()


def entry(data: bytes, name: str = SHEET) -> zipfile.ZipInfo:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(name)


def central_record(data: bytes, name: str = SHEET) -> int:
    """Where the central directory record of entry `name` starts."""
    end = data.rfind(b"PK\x05\x06")
    at = struct.unpack_from("<I", data, end + 16)[0]
    while data[at:at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, at + 28)
        if data[at + 46:at + 46 + name_length] == name.encode():
            return at
        at += 46 + name_length + extra_length + comment_length
    raise LookupError(name)


def patched(data: bytes, at: int, field: str, value: int | bytes) -> bytes:
    changed = bytearray(data)
    struct.pack_into(field, changed, at, value)
    return bytes(changed)


def rewritten(data: bytes, compression: int = zipfile.ZIP_DEFLATED, parts: dict[str, bytes] | None = None) -> bytes:
    """The zip written again entry by entry with `compression`, entries in `parts` replaced or added."""
    parts = parts or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(out, "w", compression) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, parts.get(info.filename, original.read(info)))
        for name, content in parts.items():
            if name not in original.namelist():
                copy.writestr(name, content)
    return out.getvalue()


def problems(data: bytes) -> list[str]:
    parts, found = _unpack(data, "x.xlsx", Limits())
    assert (parts is None) == any(p.severity.name == "ERROR" for p in found)
    return [p.message for p in found]


def test_a_good_zip_unpacks_to_what_zipfile_reads_except_parts_without_values():
    data = source()
    parts, found = _unpack(data, "x.xlsx", Limits())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        read = [info for info in archive.infolist() if not info.filename.startswith(NOT_READ)]
        assert {name: part.content for name, part in parts.items()} == {info.filename: archive.read(info) for info in read}
        assert {name: part.crc for name, part in parts.items()} == {info.filename: info.CRC for info in read}
        assert {"docProps/app.xml", "xl/theme/theme1.xml"} <= set(archive.namelist()) - set(parts)
    assert found == []


def test_a_damaged_part_without_values_changes_nothing_read(tmp_path):
    original, damaged = tmp_path / "original.xlsx", tmp_path / "damaged.xlsx"
    original.write_bytes(source())
    damaged.write_bytes(rewritten(source(), parts={"xl/theme/theme1.xml": b"<!DOCTYPE not a theme <<<"}))
    read, again = (read_return(open_return(path), expected()) for path in (original, damaged))
    assert again.content == read.content and again.problems == () and again.identity == read.identity


def test_a_corrupt_local_header_is_named():
    data = source()
    bad = patched(data, entry(data).header_offset + LOCAL_SIGNATURE, "<4s", b"PK\x09\x09")
    assert problems(bad) == [f"delen {SHEET} i zip-arkivet är skadad (delens huvud är inte ett zip-huvud){AGAIN}"]


def test_a_local_header_naming_another_entry():
    data = source()
    bad = patched(data, entry(data).header_offset + LOCAL_NAME, "<1s", b"Y")
    assert problems(bad) == [f"delen {SHEET} i zip-arkivet är skadad (namnet i delens huvud är ett annat än i "
                             f"innehållsförteckningen){AGAIN}"]


def test_a_header_offset_outside_the_file():
    data = source()
    bad = patched(data, central_record(data) + CENTRAL_OFFSET, "<I", len(data) - 10)
    assert problems(bad) == [f"delen {SHEET} i zip-arkivet är skadad (delens huvud är avklippt){AGAIN}"]


def test_a_wrong_crc_is_named():
    data = source()
    bad = patched(data, central_record(data) + CENTRAL_CRC, "<I", (entry(data).CRC + 1) % 2**32)
    assert problems(bad) == [f"delen {SHEET} i zip-arkivet är skadad (kontrollsumman CRC-32 stämmer inte){AGAIN}"]


def test_an_entry_whose_data_is_cut_short():
    data = source()
    record = central_record(data)
    past_the_end = patched(data, record + CENTRAL_PACKED, "<I", len(data))
    assert problems(past_the_end) == [f"delen {SHEET} i zip-arkivet är skadad (delens data är avklippta){AGAIN}"]
    half = patched(data, record + CENTRAL_PACKED, "<I", entry(data).compress_size // 2)
    assert problems(half) == [f"delen {SHEET} i zip-arkivet är skadad (kontrollsumman CRC-32 stämmer inte){AGAIN}"]


def test_corrupt_compressed_data_is_named():
    data = source()
    info = entry(data)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    bad = bytearray(data)
    bad[start + 5:start + 15] = bytes(b ^ 0xFF for b in bad[start + 5:start + 15])
    assert problems(bytes(bad)) == [f"delen {SHEET} i zip-arkivet är skadad (delens data går inte att packa upp)"
                                    f"{AGAIN}"]


def test_an_entry_unpacking_to_more_than_it_declares_is_refused():
    data = source()
    smaller = entry(data).file_size - 100
    bad = patched(patched(data, central_record(data) + CENTRAL_SIZE, "<I", smaller), entry(data).header_offset + 22,
                  "<I", smaller)
    assert problems(bad) == [f"delen {SHEET} packas upp till mer än arkivet anger; filen lästes inte (skydd mot "
                             "zip-bomber)"]


def test_an_encrypted_entry_is_refused():
    data = source()
    bad = patched(data, central_record(data) + CENTRAL_FLAGS, "<H", entry(data).flag_bits | 0x1)
    assert problems(bad) == [f"delen {SHEET} i zip-arkivet är skadad (delen är krypterad){AGAIN}"]


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_compressions_than_deflate_are_refused(compression):
    data = rewritten(source(), compression)
    first = next(e.filename for e in zipfile.ZipFile(io.BytesIO(data)).infolist() if not e.filename.startswith(NOT_READ))
    assert problems(data) == [f"delen {first} i zip-arkivet är skadad (komprimeringsmetod {compression}; bara "
                              f"okomprimerat och deflate läses, som Excel sparar){AGAIN}"]


def test_stored_entries_are_read_like_deflated_ones(tmp_path):
    original = filled()["VÄN"]
    stored = tmp_path / "VÄN.xlsx"
    stored.write_bytes(rewritten(original.read_bytes(), zipfile.ZIP_STORED))
    assert {entry.compress_type for entry in zipfile.ZipFile(stored).infolist()} == {zipfile.ZIP_STORED}
    read, again = (read_return(open_return(path), expected()) for path in (original, stored))
    assert again.content == read.content and again.content is not None
    assert [p.message for p in again.problems] == [p.message for p in read.problems]


def test_a_dtd_in_any_part_read_is_refused_and_a_comment_is_not():
    data = source()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")
    with_dtd = rewritten(data, parts={"xl/styles.xml": b'<!DOCTYPE x [<!ENTITY a "b">]>' + styles})
    assert problems(with_dtd) == ["delen xl/styles.xml innehåller en DTD (<!DOCTYPE/<!ENTITY>), som Excel aldrig "
                                  "skriver och som kan användas för XML-attacker; filen lästes inte"]
    with_comment = rewritten(data, parts={"xl/styles.xml": b"<!-- Hej! -->" + styles})
    assert problems(with_comment) == []


def test_calamine_is_given_the_checked_parts_as_a_stored_zip():
    parts = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>" * 100,
             "xl/övrigt/åäö.xml": "<x>å</x>".encode(), "tom.txt": b""}
    packed = {name: Part(content, zlib.crc32(content)) for name, content in parts.items()}
    with zipfile.ZipFile(io.BytesIO(_stored_zip(packed))) as archive:
        assert archive.testzip() is None  # every CRC-32 right
        assert [info.filename for info in archive.infolist()] == list(parts)
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        assert {name: archive.read(name) for name in parts} == parts


@pytest.mark.parametrize(("xml", "cells"), [
    (b'<row r="6"><c r="B6" s="1"><v>1</v></c><c r="D6" s="2"><f>B6-C6</f><v/></c></row>', [b"D6"]),
    (b'<c s="2"\n   r="D6" t="n" >\n  <f aca="false">B6</f></c>', [b"D6"]),  # r not first, white space
    (b'<c xr="Z99" r="D6"><f>1</f></c>', [b"D6"]),  # an attribute whose name ends in r is not r
    (b'<dataValidation operator="between" sqref="B6"><formula1>0</formula1></dataValidation>', []),
    (b'<x:c r="A1"><x:f>1</x:f></x:c><x:c r="A2"><x:v>1</x:v></x:c>', [b"A1"]),  # prefixes
    (b'<c r="A1"><v>1</v><f>1</f></c>', []),  # a formula must be the first child
    (b'<c r="A1"><is><t>r="B2"&gt;</t></is></c>', []),
    (b'<c r="a1"><f>1</f></c><c r="$A$1"><f>1</f></c>', []),
    (b'<c r="A1"><fill/></c>', []),
])
def test_formula_cells_are_found_in_the_sheet_xml(xml, cells):
    assert _formula_coordinates(xml) == cells


def test_only_coordinates_a_cell_would_have_are_formula_cells():
    assert _formula_rows((b"B6", b"C6", b"A01", b"A0", b"B7")) == {6: frozenset({1, 2}), 7: frozenset({1})}


def test_a_sheets_rows_as_values():
    sheet = GridSheet("Budget", [["Summa", 1.0, ""], ["", "", ""]], {1: frozenset({1})})
    assert tuple(sheet.row_values(1, 4)) == (1, ["Summa", 1.0, None, None], frozenset({1}))
    assert tuple(sheet.row_values(2, 2)) == (2, [None, None], frozenset())
    assert tuple(sheet.row_values(3, 2)) == (3, [None, None], frozenset())  # below the sheet's last row
    assert (sheet.cell(1, 2).data_type, sheet.cell(1, 3).value, sheet["A1"].value) == ("f", None, "Summa")


def test_a_returned_file_has_the_checksum_and_lines_the_generator_wrote():
    path = filled()["VÄN"]
    returned, written = open_return(path).book, openpyxl.load_workbook(path)
    found = layout(4)
    assert identity.checksum(returned, found) == identity.checksum(written, found) == identity.read_identity(
        returned)["checksum"]
    assert list(identity.prefilled_cells(returned, found)) == list(identity.prefilled_cells(written, found))


def test_table_values_read_only_the_fields_asked_from_an_openpyxl_sheet():
    ws = openpyxl.load_workbook(filled()["VÄN"])[VOLUMES]
    table = layout(4).sheet(VOLUMES).tables[0]
    before = set(ws._cells)
    rows = table_values(ws, table, 4, {"group"})
    assert {column for _row, column in set(ws._cells) - before} <= {1}  # openpyxl makes a cell when one is read
    assert [row.values[0] for row in rows] == [ws.cell(row.row, 1).value for row in rows]
    assert all(value is None for row in rows for value in row.values[1:])


def test_a_tables_rows_are_read_once_from_a_returned_file():
    book = open_return(filled()["VÄN"]).book
    table = layout(4).sheet(BUDGET).tables[0]
    assert table_values(book[BUDGET], table, 4) is table_values(book[BUDGET], table, 4)


def test_a_file_of_the_wrong_kind_is_not_unpacked(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    opened = open_return(path)
    assert opened.book is None
    assert [p.message for p in opened.problems] == [
        "zip-arkivet är skadat eller ofullständigt; spara om filen i Excel och skicka den igen"]


def test_a_sheet_calamine_cannot_read_is_a_problem_of_the_return(tmp_path):
    path = tmp_path / "VÄN.xlsx"
    data = source()
    broken = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).replace(b"</sheetData>", b"</sheetDat>")
    path.write_bytes(rewritten(data, parts={SHEET: broken}))
    read = read_return(open_return(path), expected())
    assert read.identity is not None and read.content is None
    [problem] = read.problems
    assert (problem.source.file, problem.source.sheet) == (str(path), SHEET_NAME)
    assert problem.message.startswith(f'bladet "{SHEET_NAME}" kan inte läsas (teknisk orsak: ') and \
        problem.message.endswith("); spara om filen i Excel som .xlsx och skicka den igen")


@pytest.mark.parametrize("value", ["Barn och unga", datetime(2027, 1, 1)])
def test_a_locked_volume_changed_to_another_kind_of_value_is_rejected(tmp_path, value):
    def edit(book):
        ws = book[VOLUMES]
        ws["D5"], ws["E5"] = value, value  # the year and the forecast

    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", edit)
    read = read_return(open_return(path), expected())
    assert [(p.source.cell, p.message.split(":")[0]) for p in read.problems if p.severity.name == "ERROR"] == [
        ("D5", "låst cell har ändrats"), ("E5", "låst cell har ändrats")]
    assert (read.content.volumes[0].year, read.content.volumes[0].forecast) == (0, 0)
