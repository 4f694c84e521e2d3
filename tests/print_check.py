"""What a workbook looks like printed: LibreOffice headless exports it to PDF, pypdf reads the pages.

`printed(paths, out_dir)` gives a `Printout` per workbook (one LibreOffice run for all): the pages
in order, each with its text and the text of its page header and footer, so tests can ask on
which pages each sheet printed, how many pages it took and whether its header row is on every
page (a page's header and footer are told by the order LibreOffice draws them in, see `Page`).
The sheets we write put the sheet's name (`&A`) in the page header and "Sida &P av &N" in the
footer, so a page's sheet is known from its header.

The export runs through `spreadsheet_engine`'s LibreOffice with its private profile and lock (the
same traps: soffice exits 0 when it could not load or export the file, so each output must exist,
be fresh and be a PDF). A chart cannot be told from a PDF's text: LibreOffice draws a chart that
crosses a page break on both pages, clipped, and a clipped chart's text is still in the page. So
`assert_charts_whole` checks it from the print set-up and the rows around the chart: no manual
page break inside a chart's rows (from the chart's anchor in the drawing), and no automatic one
between the rows above and below it (they printed on pages as far apart as the manual breaks
between them say).
"""

from __future__ import annotations

import os
import posixpath
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from spreadsheet_engine import _XLSX_FILTER, _get_profile, _profile_lock, _run_soffice, ensure_libreoffice

LINE_PT = 4  # text pieces this close in height are on one line (points)


@dataclass(frozen=True)
class Page:
    """A printed page: its number (1-based), its whole text, and the text of its header and footer,
    each a tuple of the text pieces as drawn. LibreOffice draws a page's header first, then its
    footer (the lowest line of the page), then the body: the header is the first line drawn, the
    footer the second if it is the lowest (else none)."""

    number: int
    text: str
    header: tuple[str, ...]
    footer: tuple[str, ...]
    landscape: bool


@dataclass(frozen=True)
class Printout:
    """The pages of a PDF in order, and the names of the workbook's sheets."""

    pages: tuple[Page, ...]
    names: frozenset[str] = frozenset()

    def of_sheet(self, name: str) -> list[Page]:
        """The pages whose header names the sheet `name`."""
        return [page for page in self.pages if name in page.header]

    def sheets(self) -> dict[str, int]:
        """Pages per sheet, by the sheet name in each page's header (a page whose header names
        no sheet counts under "")."""
        counts: dict[str, int] = {}
        for page in self.pages:
            name = next((piece for piece in page.header if piece in self.names), "")
            counts[name] = counts.get(name, 0) + 1
        return counts


def export_pdfs(paths: list[Path], out_dir: Path) -> list[Path]:
    """Each of `paths` exported to `out_dir / (stem + ".pdf")` by one headless LibreOffice: every
    visible sheet, with its print set-up. Raises RuntimeError with LibreOffice's output if a fresh
    PDF did not come out for each."""
    paths = [Path(path).resolve() for path in paths]
    out_dir = Path(out_dir).resolve()
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    outs = [out_dir / f"{path.stem}.pdf" for path in paths]
    soffice = ensure_libreoffice()
    with _profile_lock:
        profile = _get_profile()
        for out in outs:
            out.unlink(missing_ok=True)  # (its existence must prove the export)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
               "--norestore", "--nodefault", "--nolockcheck", "--calc", f"--infilter={_XLSX_FILTER}",
               "--convert-to", "pdf:calc_pdf_Export", "--outdir", str(out_dir), *map(str, paths)]
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
        env.setdefault("HOME", str(profile))
        started = time.time()
        code, out, err = _run_soffice(cmd, env)
    for path, pdf in zip(paths, outs):
        if code is None or not pdf.is_file() or pdf.stat().st_mtime < started - 2 or pdf.read_bytes()[:5] != b"%PDF-":
            raise RuntimeError(f"LibreOffice could not export {path} to PDF (exit code {code})\n"
                               f"command: {' '.join(cmd)}\nstdout:\n{out.strip()}\nstderr:\n{err.strip()}")
    return outs


def read_pdf(pdf: Path, sheet_names: list[str] | tuple[str, ...] = ()) -> Printout:
    """The pages of `pdf` with their header and footer text (pypdf)."""
    from pypdf import PdfReader

    pages = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        pieces: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, pieces=pieces) -> None:
            if text.strip():
                pieces.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

        text = page.extract_text(visitor_text=visit)
        lines: list[list[tuple[float, str]]] = []
        for y, piece in pieces:  # (lines in drawing order: LibreOffice draws the header, the footer, the body)
            if lines and abs(lines[-1][0][0] - y) < LINE_PT:
                lines[-1].append((y, piece))
            else:
                lines.append([(y, piece)])
        header, footer = ([piece for _, piece in line] for line in (lines + [[], []])[:2])
        if footer and lines[1][0][0] > min(y for y, _ in pieces) + LINE_PT:  # (not the lowest line: no footer)
            footer = []
        pages.append(Page(number, text, tuple(header), tuple(footer),
                          float(page.mediabox.width) > float(page.mediabox.height)))
    return Printout(tuple(pages), frozenset(sheet_names))


def printed(paths: list[Path], out_dir: Path) -> list[Printout]:
    """Each of `paths` exported to PDF (one LibreOffice run) and read, its sheet names known."""
    import openpyxl

    printouts = []
    for path, pdf in zip(paths, export_pdfs(paths, out_dir)):
        book = openpyxl.load_workbook(path, read_only=True)
        names = book.sheetnames
        book.close()
        printouts.append(read_pdf(pdf, names))
    return printouts


def row_breaks(path: Path, sheet: str) -> list[int]:
    """The manual page breaks of `sheet`: the last row (1-based) of each page but the last."""
    import openpyxl

    return [brk.id for brk in openpyxl.load_workbook(path)[sheet].row_breaks.brk]


def chart_rows(path: Path, sheet: str) -> list[tuple[int, int]]:
    """Each chart of `sheet`: the first and last row (1-based) it covers, from its drawing's anchor
    (a one-cell anchor's height counted in rows of ROW_EMU)."""
    with zipfile.ZipFile(path) as book:
        part = _related(book, "xl/workbook.xml", _sheet_id(book, sheet))
        drawings = [target for target in _targets(book, part) if "/drawings/" in target]
        found = []
        for drawing in drawings:
            root = ElementTree.fromstring(book.read(drawing))
            for anchor in root:
                start = anchor.find("xdr:from/xdr:row", NS)
                if start is None:
                    continue
                first = int(start.text) + 1
                end = anchor.find("xdr:to/xdr:row", NS)
                if end is not None:
                    last = int(end.text) + 1
                else:
                    height = int(anchor.find("xdr:ext", NS).get("cy"))
                    last = first + -(-height // ROW_EMU) - 1
                found.append((first, last))
    return found


def assert_charts_whole(printout: Printout, path: Path, sheet: str) -> None:
    """No chart of `sheet` is split over two pages. For each chart: no manual page break falls
    inside its rows, and the page the nearest row above it (or at its first row) printed on and
    the page the nearest row below it printed on (or the sheet's last page) are apart by exactly
    the manual breaks between them, so no automatic break fell there either. A row is placed by a
    text of its own that is printed once on the sheet's pages (a chart's own texts are not: they
    may be printed, clipped, on a neighbouring page)."""
    breaks, texts, pages = row_breaks(path, sheet), _row_texts(path, sheet), printout.of_sheet(sheet)
    assert pages, sheet

    def page_of(row: int) -> int | None:
        found = [page.number for page in pages for text in texts.get(row, ()) if page.text.count(text) == 1
                 and sum(other.text.count(text) for other in pages) == 1]
        return found[0] if found else None

    for first, last in chart_rows(path, sheet):
        assert not [b for b in breaks if first <= b < last], (sheet, first, last, breaks)
        above = next(((row, page) for row in range(first, 0, -1) if (page := page_of(row)) is not None),
                     (1, pages[0].number))
        below = next(((row, page) for row in range(last + 1, max(texts, default=0) + 1)
                      if (page := page_of(row)) is not None), None)
        end, end_page = below if below else (max(texts, default=last) + 1, pages[-1].number)
        between = sum(above[0] <= b < end for b in breaks)
        assert end_page - above[1] == between, (sheet, (first, last), above, below, breaks)


def _row_texts(path: Path, sheet: str) -> dict[int, list[str]]:
    """The texts of each row of `sheet` (values as saved; numbers left out: they repeat)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {cells[0].row: [c.value.strip() for c in cells if isinstance(c.value, str) and c.value.strip()
                               and not c.value.startswith("=")]
                for cells in book[sheet].iter_rows() if cells and hasattr(cells[0], "row")}
    finally:
        book.close()


ROW_EMU = 190500  # a row of 15 points, in EMU
NS = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_id(book: zipfile.ZipFile, sheet: str) -> str:
    root = ElementTree.fromstring(book.read("xl/workbook.xml"))
    main = root.tag.split("}")[0] + "}"
    return next(s.get(_REL) for s in root.iter(f"{main}sheet") if s.get("name") == sheet)


def _relations(book: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's relationships: id -> the target's zip name."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in book.namelist():
        return {}
    found = {}
    for rel in ElementTree.fromstring(book.read(rels)):
        target = rel.get("Target")
        found[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
    return found


def _related(book: zipfile.ZipFile, part: str, rel_id: str) -> str:
    return _relations(book, part)[rel_id]


def _targets(book: zipfile.ZipFile, part: str) -> list[str]:
    return list(_relations(book, part).values())
