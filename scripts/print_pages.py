"""The printed pages of Exempelstad's three workbooks as PNG images for the documentation.

    .venv/bin/python scripts/print_pages.py [MAPP]     (default: docs/utskrift)

Writes Exempelstad's result workbook (`beräkna --ut`), GSN's planning template (`underlag`) and
the summary of every committee's template filled in as the tests fill them (`konsolidera`),
exports each to PDF with headless LibreOffice (as tests/test_printing.py does) and renders the
pages named in PAGES with poppler's `pdftoppm` (apt-get install poppler-utils), so a reviewer
sees what a user prints. Not part of the test suite; run it again when the print set-up changes
and commit the images.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # (the tests' LibreOffice export and way to fill a template)
from consolidation_support import expected, fill_return, generate  # noqa: E402
from print_check import export_pdfs, read_pdf  # noqa: E402

from ramkalk.cli import main  # noqa: E402
from ramkalk.templates.archive import Archive  # noqa: E402
from ramkalk.templates.consolidation import receive, summarise  # noqa: E402
from ramkalk.templates.summary_workbook import write_summary  # noqa: E402

RESOLUTION = 80  # pixels per inch: an A4 page about 935 × 660 pixels
PAGES = {  # the image's name: (the workbook, the sheet, which of its pages: 1 is its first)
    "resultat-ramar": ("resultat", "Ramar", 1),
    "resultat-forklaring": ("resultat", "Förklaring", 1),
    "resultat-uppbyggnad": ("resultat", "Uppbyggnad", 2),
    "sammanstallning": ("sammanstallning", "Sammanfattning", 1),
    "planeringsunderlag-anvisningar": ("Planeringsunderlag_GSN_2027", "Anvisningar", 1),
    "planeringsunderlag-ram": ("Planeringsunderlag_GSN_2027", "Ram", 1),
    "planeringsunderlag-budget": ("Planeringsunderlag_GSN_2027", "Budget", 1),
}


def workbooks(folder: Path) -> list[Path]:
    """The three workbooks of Exempelstad, written in `folder`."""
    planning, result = folder / "exempelstad.xlsx", folder / "resultat.xlsx"
    with contextlib.redirect_stdout(io.StringIO()):  # (beräkna's tables)
        if main(["exempel", str(planning)]) or main(["beräkna", str(planning), "--ut", str(result)]):
            raise SystemExit("ramkalk exempel eller beräkna misslyckades")
    templates = generate(folder / "underlag")
    returned = folder / "inkommet"
    returned.mkdir()
    with Archive(folder / "arkiv.sqlite") as archive:
        receive([fill_return(path, returned / path.name) for path in templates.values()], expected(), archive)
        summary = folder / "sammanstallning.xlsx"
        write_summary(summarise(expected(), archive), summary)
    return [result, summary, templates["GSN"]]


def render(pdf: Path, page: int, out: Path) -> None:
    """Page `page` (1-based) of `pdf` as the PNG `out`."""
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def main_(out_dir: Path) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm saknas: apt-get install poppler-utils")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        paths = workbooks(folder)
        pdfs = {path.stem: pdf for path, pdf in zip(paths, export_pdfs(paths, folder / "pdf"))}
        for name, (book, sheet, nth) in PAGES.items():
            pages = read_pdf(pdfs[book], [sheet]).of_sheet(sheet)
            render(pdfs[book], pages[nth - 1].number, out_dir / f"{name}.png")
            print(f"{out_dir / name}.png: {sheet}, sida {pages[nth - 1].number}")


if __name__ == "__main__":
    main_(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "utskrift")
