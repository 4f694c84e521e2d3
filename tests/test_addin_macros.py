"""The macros run against a fake open workbook with the few parts of xlwings' Book API
they use (sheets, used_range, writing a 2D list at A1, number formats, clear, autofit,
app.alert), built from the example planning workbook."""

from __future__ import annotations

import gc
from pathlib import Path

import openpyxl
import pytest
from addin_support import sheet_grid
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ramkalk.addin import macros
from ramkalk.addin.models import MODELS
from ramkalk.cli import consolidate as consolidate_command
from ramkalk.cli import main
from ramkalk.cli.common import COLLECT_AFTER
from ramkalk.report.result_workbook import result_book
from ramkalk.templates import consolidation
from ramkalk.templates.archive import Archive, default_path
from ramkalk.workbook import pipeline


class FakeRange:
    def __init__(self, sheet: "FakeSheet", address: str) -> None:
        self.sheet, self.address = sheet, address
        self.row = int("".join(c for c in address if c.isdigit()))

    def options(self, **options) -> "FakeRange":
        """xlwings' conversion options; error cells come as their text only with err_to_str (the grid
        holds them as text, as xlwings then gives them)."""
        assert options == {"err_to_str": True}
        return self

    @property
    def value(self):
        return self.sheet.grid or None

    @value.setter
    def value(self, rows):
        assert self.address == "A1" and all(len(r) == len(rows[0]) for r in rows)
        self.sheet.grid = [list(r) for r in rows]

    @property
    def number_format(self):
        return self.sheet.formats[self.address]

    @number_format.setter
    def number_format(self, value):
        self.sheet.formats[self.address] = value


class FakeTable:
    """An Excel table: only its totals row (a range, or None if it has none)."""

    def __init__(self, sheet: "FakeSheet", totals_row: int | None) -> None:
        self.totals_row_range = None if totals_row is None else FakeRange(sheet, f"A{totals_row}")


class FakeSheet:
    def __init__(self, name: str, grid: list[list[object]], totals_rows: tuple[int | None, ...] = ()) -> None:
        self.name, self.grid, self.formats, self.autofitted = name, grid, {}, False
        self.tables = [FakeTable(self, row) for row in totals_rows]
        self.corner = "A1"  # the used range's top-left cell

    @property
    def used_range(self) -> FakeRange:
        return FakeRange(self, self.corner)

    def __getitem__(self, address: str) -> FakeRange:
        return FakeRange(self, address)

    def clear(self) -> None:
        self.grid, self.formats = [], {}

    def autofit(self) -> None:
        self.autofitted = True


class FakeSheets(list):
    def add(self, name: str, after: FakeSheet) -> FakeSheet:
        sheet = FakeSheet(name, [])
        self.insert(self.index(after) + 1, sheet)
        return sheet


class FakeApp:
    def __init__(self) -> None:
        self.alerts: list[str] = []

    def alert(self, text: str, title: str) -> None:
        self.alerts.append(text)


class FakeBook:
    def __init__(self, path: Path) -> None:
        self.fullname = str(path)
        self.sheets = FakeSheets(FakeSheet(ws.title, sheet_grid(ws), tuple(map(_totals_row, ws.tables.values())))
                                 for ws in openpyxl.load_workbook(path))
        self.app = FakeApp()


def _totals_row(table) -> int | None:
    return range_boundaries(table.ref)[3] if table.totalsRowCount else None


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "exempelstad.xlsx"
    assert main(["exempel", str(path)]) == 0
    MODELS.clear()
    return path


def test_the_result_sheets_are_those_of_berakna_and_nothing_else_changes(workbook):
    book = FakeBook(workbook)
    before = {s.name: [list(r) for r in s.grid] for s in book.sheets}
    macros.ramkalk_resultat(book)
    assert book.app.alerts[-1].startswith("Skrev ")
    checked = pipeline.check_file(workbook)
    expected = result_book(pipeline.calculate_all(checked), checked.problems)
    names = [s.name for s in book.sheets]
    assert names == [*before, *(f"Resultat {ws.name}"[:31] for ws in expected.sheets)]
    assert "Resultat Känslighet" not in names  # as beräkna --ut without --känslighet
    for ws in expected.sheets:
        sheet = book.sheets[names.index(f"Resultat {ws.name}"[:31])]
        assert sheet.grid == [[macros._value(c) for c in row] for row in ws.grid()] and sheet.autofitted
        formatted = [(f"{get_column_letter(column)}{row}", cell.look.number_format)
                     for row, cells in enumerate(ws.grid(), start=1) for column, cell in enumerate(cells, start=1)
                     if cell is not None and cell.look is not None and cell.look.number_format]
        assert formatted
        for coordinate, number_format in formatted:
            assert [f for a, f in sheet.formats.items() if _inside(coordinate, a)] == [number_format], coordinate
    assert {s.name: s.grid for s in book.sheets if s.name in before} == before
    frames = book.sheets[names.index("Resultat Ramar")].grid
    gsn = next(r for r in frames if r[0] == "GSN")
    assert float(pipeline.calculate_all(checked).frame("GSN", 2027).total) in gsn
    assert frames[-1][2] == "=SUM(C4:C14)" and frames[-1][1] == "Summa"  # a formula, written as one
    explanation = book.sheets[names.index("Resultat Förklaring")].grid
    assert any(isinstance(v, str) and v.startswith("=SUM(") for row in explanation for v in row)
    macros.ramkalk_resultat(book)  # a second run replaces our sheets, adds none
    assert [s.name for s in book.sheets] == names


def test_text_that_excel_would_take_for_a_formula_is_written_as_text(workbook):
    """A committee named "=…" or "-…" comes out as typed: a leading apostrophe makes Excel keep it as text."""
    book = FakeBook(workbook)
    nämnder = next(s for s in book.sheets if s.name == "Nämnder")
    nämnder.grid[1][1], nämnder.grid[2][1] = '=HYPERLINK("http://x")', "-minus"
    macros.ramkalk_resultat(book)
    frames = next(s for s in book.sheets if s.name == "Resultat Ramar").grid
    assert [frames[3][1], frames[4][1]] == ["'=HYPERLINK(\"http://x\")", "'-minus"]


def test_the_result_sheets_need_no_spreadsheet_library():
    """What the add-in writes comes from the result workbook as data: neither openpyxl nor XlsxWriter is
    loaded to build it (xlwings Lite installs openpyxl only for ramkalk_ramar)."""
    import subprocess
    import sys

    code = ("import sys; from ramkalk.example.municipality import exempelstad; "
            "from ramkalk.workbook import pipeline; from ramkalk.report.result_workbook import result_book; "
            "book = result_book(pipeline.calculate_all(pipeline.check_data(exempelstad())), ()); "
            "print(len(book.sheets), [m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 5 and loaded == "[]\n"


def _inside(coordinate: str, address: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    column, row, _, _ = range_boundaries(f"{coordinate}:{coordinate}")
    low_column, low_row, high_column, high_row = range_boundaries(address)
    return low_column <= column <= high_column and low_row <= row <= high_row


def test_a_problem_is_shown_and_nothing_is_written(workbook):
    book = FakeBook(workbook)
    nämnder = next(s for s in book.sheets if s.name == "Nämnder")
    nämnder.grid[3][2] = "ca 60 %"
    count = len(book.sheets)
    macros.ramkalk_resultat(book)
    assert book.app.alerts == ['Fel i modellen: Nämnder!C4: väntade ett tal (personalkostnadsandel), fick "ca 60 %".'
                               " Inga resultatblad skrevs."]
    assert len(book.sheets) == count


def test_a_problem_names_the_sheets_own_cell(workbook):
    """A table on a sheet of the user's own name, its used range starting at B10: the sheet's cell."""
    book = FakeBook(workbook)
    nämnder = next(s for s in book.sheets if s.name == "Nämnder")
    nämnder.name, nämnder.corner = "Blad3", "B10"
    nämnder.grid[3][2] = "ca 60 %"
    macros.ramkalk_resultat(book)
    assert book.app.alerts == ['Fel i modellen: Blad3!D13: väntade ett tal (personalkostnadsandel), fick "ca 60 %".'
                               " Inga resultatblad skrevs."]


def test_the_templates_are_written_beside_the_workbook_as_by_underlag(workbook, tmp_path):
    book = FakeBook(workbook)
    macros.ramkalk_underlag(book)
    folder = tmp_path / "Planeringsunderlag_2027"
    written = sorted(p.name for p in folder.iterdir())
    assert book.app.alerts[-1].startswith(f"Skrev {len(written) - 1} planeringsunderlag")
    cli = tmp_path / "cli"
    assert main(["underlag", str(workbook), "--ut", str(cli)]) == 0
    assert written == sorted(p.name for p in cli.iterdir())
    macros.ramkalk_underlag(book)
    assert "finns redan" in book.app.alerts[-1] and sorted(p.name for p in folder.iterdir()) == written


def test_the_consolidation_macro_collects_garbage_as_the_command_does(workbook, tmp_path, monkeypatch):
    before, seen = gc.get_threshold(), []
    reading = consolidation.receive
    monkeypatch.setattr(consolidation, "receive",
                        lambda *args, **kwargs: seen.append(gc.get_threshold()) or reading(*args, **kwargs))
    (tmp_path / "Inkommet_2027").mkdir()
    macros.ramkalk_konsolidera(FakeBook(workbook))
    assert seen == [(COLLECT_AFTER, *before[1:])] and gc.get_threshold() == before


def test_the_returns_are_consolidated_as_by_konsolidera(workbook, tmp_path):
    book = FakeBook(workbook)
    macros.ramkalk_konsolidera(book)
    assert book.app.alerts[-1] == (f"Mappen {tmp_path / 'Inkommet_2027'} finns inte; lägg de ifyllda "
                                   "planeringsunderlagen där och kör makrot igen. Inget lästes in.")
    macros.ramkalk_underlag(book)
    (tmp_path / "Planeringsunderlag_2027").rename(tmp_path / "Inkommet_2027")
    for listing in (tmp_path / "Inkommet_2027").glob("*.csv"):
        listing.rename(listing.with_name("budget.pdf"))  # not a workbook: named in the alert, not read
    for path in sorted((tmp_path / "Inkommet_2027").glob("*.xlsx"))[3:]:
        path.unlink()
    macros.ramkalk_konsolidera(book)
    alert = book.app.alerts[-1]
    assert alert.startswith("Läste 3 filer: ")
    assert "Lästes inte (inte Excel-arbetsböcker; spara underlag som .xlsx): budget.pdf." in alert
    assert "Nämnder utan underlag: " in alert and alert.endswith("finns på dess blad Kontroll.")
    summary = openpyxl.load_workbook(tmp_path / "Sammanställning_2027.xlsx")
    assert "Översikt" in summary.sheetnames
    assert default_path(workbook).exists()
    macros.ramkalk_konsolidera(book)  # the same files again change nothing in the archive
    assert book.app.alerts[-1].startswith("Läste 3 filer: ") and "3 fanns redan i arkivet" in book.app.alerts[-1]


def test_an_excel_tables_totals_row_is_not_read_as_data(workbook, tmp_path):
    before = macros._calculated(FakeBook(workbook))[0]
    book = openpyxl.load_workbook(workbook)
    for sheet in ("Fokusområden", "Ramar"):  # as tests/test_reader.py does to the file
        ws = book[sheet]
        [table] = ws.tables.values()
        first, top, right, bottom = range_boundaries(table.ref)
        table.ref = f"{get_column_letter(first)}{top}:{get_column_letter(right)}{bottom + 1}"
        table.totalsRowCount = 1
        ws.cell(bottom + 1, 1, "Summa")
        ws.cell(bottom + 1, right, 12345)
    book.save(workbook)
    after, problems = macros._calculated(FakeBook(workbook))
    assert problems == ()
    assert after.data.focus_areas == before.data.focus_areas and after.frames == before.frames


def test_the_consolidation_macro_never_writes_over_a_template(workbook, tmp_path):
    book = FakeBook(workbook)
    macros.ramkalk_underlag(book)
    (tmp_path / "Inkommet_2027").mkdir()
    template = next((tmp_path / "Planeringsunderlag_2027").glob("*.xlsx"))
    out = tmp_path / "Sammanställning_2027.xlsx"
    out.write_bytes(template.read_bytes())  # a committee's return saved under the summary's name
    macros.ramkalk_konsolidera(book)
    assert book.app.alerts[-1] == (f"{out}: sammanställningen får inte skrivas över ett planeringsunderlag (filen "
                                   "har bladet Identitet); välj ett annat filnamn. Inget lästes in.")
    assert out.read_bytes() == template.read_bytes() and not default_path(workbook).exists()


def test_a_summary_open_in_excel_is_explained_and_the_archive_keeps_the_returns(workbook, tmp_path, monkeypatch):
    book = FakeBook(workbook)
    macros.ramkalk_underlag(book)
    (tmp_path / "Planeringsunderlag_2027").rename(tmp_path / "Inkommet_2027")
    out = tmp_path / "Sammanställning_2027.xlsx"

    def locked(path, write):  # as os.replace fails on Windows while Excel has last run's summary open
        raise PermissionError(13, "Permission denied", str(path) + ".tmp", None, str(path))

    monkeypatch.setattr(consolidate_command, "write_atomically", locked)
    macros.ramkalk_konsolidera(book)
    assert book.app.alerts[-1] == (f"{out}: åtkomst nekad: filen är öppen i ett annat program (till exempel Excel) "
                                   "eller skrivskyddad; stäng den eller välj en annan fil och försök igen.")
    with Archive(default_path(workbook)) as archive:
        assert len(archive.files()) == len(list((tmp_path / "Inkommet_2027").glob("*.xlsx")))
