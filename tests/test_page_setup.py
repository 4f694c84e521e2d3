"""The print set-up of the sheets we write (report.sheets: Page, keep_together, heights) as XlsxWriter
writes it; what LibreOffice prints from it is tests/test_printing.py's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ramkalk.report.sheets import HEADER, ROW_POINTS, TITLE, Book, Page, Sheet, wrapped_lines
from ramkalk.report.xlsx_render import save


def _sheet(rows: int, widths: tuple[float, ...] = (10, 10), page: Page = Page()) -> Sheet:
    ws = Sheet("Blad", page=page)
    for row in range(rows):
        ws.append([f"rad {row + 1}", row])
    ws.set_widths(widths)
    return ws


def test_a_page_holds_more_rows_when_the_sheet_is_narrow_or_the_page_portrait():
    narrow, wide = _sheet(1), _sheet(1, (200, 200))
    assert narrow.page_points() == pytest.approx((595 - 108 - 56) * 0.9)  # landscape: scale 1
    assert wide.page_points() > 2 * narrow.page_points()  # (scaled down to fit its width)
    assert _sheet(1, page=Page(landscape=False)).page_points() > narrow.page_points()


@pytest.mark.parametrize(("blocks", "breaks"), [
    ([(1, 10), (12, 20)], []),  # both fit on the first page
    ([(1, 20), (22, 30)], [22]),  # 30 rows of 15 points do not fit in 387.9
    ([(1, 20), (22, 30), (32, 40), (42, 55)], [22, 42]),
    ([(1, 10), (12, 60), (62, 70)], [12, 62]),  # a block longer than a page begins one and runs on
])
def test_keep_together_breaks_before_a_block_that_does_not_fit(blocks, breaks):
    ws = _sheet(70)
    ws.keep_together(blocks)
    assert ws.page_breaks == breaks


def test_keep_together_counts_tall_rows_and_the_repeated_header():
    ws = _sheet(24)
    ws.keep_together([(1, 24)])
    assert ws.page_breaks == []  # 24 × 15 = 360 points fit
    ws = Sheet("Blad")
    ws.append(["En lång rubrik som bryts på flera rader", "x"], HEADER)
    for row in range(23):
        ws.append([f"rad {row + 2}", row])
    ws.set_widths((10, 10))
    assert ws.heights() == {1: wrapped_lines("En lång rubrik som bryts på flera rader", 10) * ROW_POINTS}
    assert ws.row_points()[0] > 4 * ROW_POINTS
    ws.keep_together([(1, 12), (13, 24)])
    assert ws.page_breaks == [13]  # (the header's lines take the room of the second block)
    titled = _sheet(2)
    titled.put(3, ["Titel"], TITLE)
    assert titled.row_points() == [ROW_POINTS, ROW_POINTS, pytest.approx(14 * 1.35)]


def test_wrapped_lines_break_at_words():
    assert wrapped_lines("Kostnader 2027", 14) == 2  # (a tenth to spare: 11 characters a line)
    assert wrapped_lines("Ram 2027", 14) == 1
    assert wrapped_lines("ett två tre fyra fem sex", 6) == 6


def test_the_page_set_up_is_written(tmp_path: Path):
    ws = _sheet(30, page=Page(landscape=False))
    ws.page_breaks = [12, 25]
    ws.put(31, ["En lång rubrik som bryts"], HEADER)
    one = _sheet(3, page=Page(pages_high=1))
    one.name = "Ett & annat"
    path = tmp_path / "bok.xlsx"
    save(Book([ws, one], municipality="Ö & Co", title="Ramberäkning 2027–2030", version="Version Juni"), path)
    book = openpyxl.load_workbook(path)
    first, second = book.worksheets
    assert first.page_setup.orientation == "portrait" and second.page_setup.orientation == "landscape"
    assert (first.page_setup.fitToHeight, second.page_setup.fitToHeight or 1) == (0, 1)
    assert [brk.id for brk in first.row_breaks.brk] == [11, 24]  # (the last row of each page but the last)
    assert first.row_dimensions[31].height == wrapped_lines("En lång rubrik som bryts", 10) * ROW_POINTS
    assert (first.oddHeader.left.text, first.oddHeader.center.text, first.oddHeader.right.text) == (
        "Ö && Co", "&A", "Version Juni")  # (an & of a text doubled: a lone & begins a code)
    assert (first.oddFooter.left.text, first.oddFooter.right.text) == ("Ramberäkning 2027–2030", "Sida &P av &N")
