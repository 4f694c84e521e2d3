"""Making bad returns for the consolidation tests: a filled template changed with openpyxl, or its
zip rewritten part by part, or files that are not templates at all."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

import msoffcrypto.format.ooxml
import openpyxl
from spreadsheet_engine import ensure_libreoffice
from templates_support import OPTIONS, committee_content

from ramkalk.schema.inputs import Committee
from ramkalk.templates.generator import build_template
from ramkalk.templates.options import Options

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                             for n in range(1, 10))
                  + b']>\n')


def changed(source: Path, out: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """`source` opened in openpyxl (formulas kept), changed, saved at `out`."""
    book = openpyxl.load_workbook(source)
    change(book)
    book.save(out)
    return out


def rezipped(source: Path, out: Path, parts: dict[str, bytes]) -> Path:
    """`source` with zip entries replaced or added."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            copy.writestr(entry, parts.get(entry.filename, original.read(entry)))
        for name, data in parts.items():
            if name not in original.namelist():
                copy.writestr(name, data)
    return out


def with_macros(source: Path, out: Path) -> Path:
    """A macro-enabled copy (.xlsm): a VBA project part and the macro-enabled content type."""
    with zipfile.ZipFile(source) as original:
        types = original.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return rezipped(source, out, {"[Content_Types].xml": types, "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Attribute VB"})


def with_entity_trick(source: Path, out: Path) -> Path:
    """The first sheet's XML behind a billion-laughs DTD, its text using the entity."""
    with zipfile.ZipFile(source) as original:
        sheet = original.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[-1].replace(b"<v>", b"<v>&lol9;", 1)
    assert b"&lol9;" in body
    return rezipped(source, out, {"xl/worksheets/sheet1.xml": BILLION_LAUGHS + body})


def encrypted(source: Path, out: Path, password: str = "hemligt") -> Path:
    """`source` encrypted with a password, as Excel does (an OLE file holding EncryptedPackage)."""
    with source.open("rb") as handle:
        target = io.BytesIO()
        msoffcrypto.format.ooxml.OOXMLFile(handle).encrypt(password, target)
    out.write_bytes(target.getvalue())
    return out


def zip_bomb(out: Path, megabytes: int) -> Path:
    """An "xlsx" whose one sheet unpacks to `megabytes` MB of zeros (written in chunks)."""
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as bomb, bomb.open(info, "w", force_zip64=True) as handle:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(megabytes):
            handle.write(chunk)
    return out


def sparse(out: Path, megabytes: int) -> Path:
    """A file of `megabytes` MB that takes no disk space (a zip signature, then a hole)."""
    with out.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(megabytes * 1024 * 1024)
    return out


def old_xls(source: Path, folder: Path) -> Path:
    """`source` saved by LibreOffice in the old Excel format (.xls, BIFF8)."""
    soffice = ensure_libreoffice()
    with tempfile.TemporaryDirectory(prefix="ramkalk-lo-xls-") as profile:
        env = dict(os.environ, SAL_USE_VCLPLUGIN="svp", HOME=profile)
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "xls:MS Excel 97", "--outdir", str(folder), str(source)],
                       env=env, capture_output=True, timeout=180, check=False)
    out = folder / f"{source.stem}.xls"
    if not out.is_file():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def template_for(out: Path, code: str = "GSN", committee: Committee | None = None, years_back: int = 0,
                 options: Options = OPTIONS) -> Path:
    """A genuine template, made by the generator, for another committee, another year or version."""
    found = committee_content(code)
    if committee is not None:
        found = dataclasses.replace(found, committee=committee)
    if years_back:
        found = dataclasses.replace(found, years=tuple(y - years_back for y in found.years))
    build_template(found, options).save(out)
    return out
