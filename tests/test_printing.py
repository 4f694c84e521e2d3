"""Exempelstad's three workbooks as a user prints them: the result workbook of `beräkna --ut`, the
planning templates of `underlag` and the summary of `konsolidera`, exported to PDF by LibreOffice
(one run for all, `print_check`) and held to page budgets: pages per sheet, the header row on
every page, no chart split over two pages, each page's header naming the sheet and its footer
the page of the printout."""

from __future__ import annotations

import re

import pytest
from consolidation_support import expected, filled, templates
from exempelstad_runs import run_on_exempelstad
from print_check import assert_charts_whole, printed
from templates_support import OPTIONS

from ramkalk.example.large_city import large_city
from ramkalk.report.result_workbook import result_book
from ramkalk.report.sheets import Book
from ramkalk.report.xlsx_render import save
from ramkalk.templates.archive import Archive
from ramkalk.templates.consolidation import expected_of, receive, summarise
from ramkalk.templates.content import content
from ramkalk.templates.generator import build_template, file_name
from ramkalk.templates.summary_workbook import write_summary
from ramkalk.workbook import pipeline

OVERVIEW_SHEETS = ("Ramar", "Modeller", "Balans", "Intäktslappar", "Resultat")
TEMPLATE_PAGES = {"Anvisningar": 1, "Ram": 2, "Budget": 1, "Äskanden": 1, "Åtgärder": 1, "Volymer": 1}
TEMPLATE_BUDGET = 9  # pages in all (a sheet the layout gains may take one or two)


@pytest.fixture(scope="module")
def printouts(tmp_path_factory):
    """(result workbook, summary, templates by committee): each its path and its printout."""
    folder = tmp_path_factory.mktemp("utskrift")
    _workbook, result, calculation = run_on_exempelstad(folder, "beräkna", "resultat.xlsx")
    with Archive(folder / "arkiv.sqlite") as archive:
        receive(list(filled().values()), expected(), archive)
        summary = folder / "sammanställning.xlsx"
        write_summary(summarise(expected(), archive), summary)
    codes = list(templates())
    paths = [result, summary, *templates().values()]
    found = printed(paths, folder / "pdf")
    return {"result": (result, found[0]), "summary": (summary, found[1]),
            "templates": {code: (path, printout) for code, path, printout in zip(codes, paths[2:], found[2:])},
            "calculation": calculation}


def _check_headers_and_footers(printout, municipality: str, version: str) -> None:
    """Every page's header names the municipality, a sheet and the version; its footer says "Sida n av N"."""
    count = len(printout.pages)
    for page in printout.pages:
        header = page.header
        assert header[0] == municipality and header[-1] == version and header[1] in printout.names, header
        assert " ".join(page.footer).endswith(f"Sida {page.number} av {count}"), page.footer


def test_the_result_workbook_prints_in_two_pages_per_committee_and_a_page_per_overview(printouts):
    path, printout = printouts["result"]
    committees = printouts["calculation"].data.committees
    pages = printout.sheets()
    assert "" not in pages, pages  # (every page names its sheet)
    assert pages["Förklaring"] <= len(committees) and pages["Uppbyggnad"] <= len(committees), pages
    assert all(pages[name] == 1 for name in OVERVIEW_SHEETS), pages
    assert pages["Förklaring"] + pages["Uppbyggnad"] <= 2 * len(committees)
    assert len(printout.pages) <= 2 * len(committees) + 8, pages  # (8: Förklaringsrader and Prislappar, ~4 each)
    assert all(page.landscape for page in printout.of_sheet("Förklaring"))
    _check_headers_and_footers(printout, "Exempelstad", "Version November")


def test_no_committee_is_split_over_two_pages_of_the_explanation(printouts):
    _path, printout = printouts["result"]
    committees = printouts["calculation"].data.committees
    titles = {f"{c.code} {c.name}" for c in committees}
    seen = []
    for page in printout.of_sheet("Förklaring"):
        lines = page.text.splitlines()
        starts = [line for line in lines if line in titles]
        assert starts and sum(line.startswith("Ny ram") for line in lines) == len(starts), (page.number, starts)
        seen += starts
    assert seen == [f"{c.code} {c.name}" for c in committees]


def test_no_chart_is_split_in_the_result_workbook(printouts):
    path, printout = printouts["result"]
    assert_charts_whole(printout, path, "Uppbyggnad")


def test_header_rows_repeat_on_every_page_of_the_result_workbook(printouts):
    _path, printout = printouts["result"]
    for sheet, headers in (("Förklaringsrader", ("Komponent", "Indata")), ("Prislappar", ("Prislapp (kr)",))):
        pages = printout.of_sheet(sheet)
        assert pages and all(header in page.text for page in pages for header in headers), sheet
    assert len(printout.of_sheet("Prislappar")) > 1


def test_the_summary_overview_is_one_landscape_page(printouts):
    path, printout = printouts["summary"]
    pages = printout.sheets()
    assert "" not in pages, pages
    assert pages["Sammanfattning"] == 1 and printout.pages[0].landscape
    first = printout.pages[0].text
    assert "Planeringsunderlagen 2027: Exempelstad, version Juni (tkr)" in first
    assert all(name in first for name in expected().committees.values())
    assert "Marginal: utrymme − ramar − äskat" in first and "Äskat 2027 i procent av ramen" in first
    assert all(count == 1 for count in pages.values()), pages  # (Exempelstad: every sheet on one page)
    assert all(page.landscape for page in printout.pages)
    assert_charts_whole(printout, path, "Sammanfattning")
    assert_charts_whole(printout, path, "Äskanden per område")
    _check_headers_and_footers(printout, "Exempelstad", "Version Juni")


@pytest.mark.parametrize("code", ["GSN", "SON"])  # (a volume-compensated committee, and one without volumes)
def test_a_template_prints_within_its_budget(printouts, code):
    path, printout = printouts["templates"][code]
    _check_template_pages(printout)
    assert all(page.landscape for page in printout.pages)
    assert_charts_whole(printout, path, "Ram")
    ram = printout.of_sheet("Ram")
    assert all("Ram (tkr)" in page.text for page in ram)  # (the frame's header row repeats)
    assert "Från ram 2026 till ram 2027 (tkr)" in ram[0].text
    _check_headers_and_footers(printout, "Exempelstad", "Version Juni")
    assert printout.pages[0].footer[0].startswith(code)


def _check_template_pages(printout) -> None:
    pages = printout.sheets()
    assert "" not in pages and {name: pages.get(name) for name in TEMPLATE_PAGES} == TEMPLATE_PAGES, pages
    assert len(printout.pages) <= TEMPLATE_BUDGET, pages


def test_every_template_prints_on_the_same_pages(printouts):
    for code, (_path, printout) in printouts["templates"].items():
        _check_template_pages(printout)
        assert re.fullmatch(rf"{code} .*", printout.pages[0].footer[0]), code


@pytest.fixture(scope="module")
def large_city_printout(tmp_path_factory):
    """Storstad's (×1) result workbook, the sheets with a block per committee (and Ramar), printed
    (the lists of every line and age take most of a whole export's two minutes)."""
    folder = tmp_path_factory.mktemp("storstad")
    calculation = pipeline.calculate_all(pipeline.check_data(large_city()))
    book = result_book(calculation)
    path = folder / "resultat.xlsx"
    save(Book([book[name] for name in ("Ramar", "Förklaring", "Uppbyggnad")], book.municipality, book.title,
              book.version), path)
    (printout,) = printed([path], folder / "pdf")
    return path, printout, calculation


@pytest.fixture(scope="module")
def large_city_others(tmp_path_factory):
    """Storstad's summary before any return (every committee on Sammanfattning) and the template of
    the committee whose frame has the most lines, printed."""
    folder = tmp_path_factory.mktemp("storstad_underlag")
    calculation = pipeline.calculate_all(pipeline.check_data(large_city(), "Juni"))
    data = calculation.data
    longest = max(data.committees, key=lambda c: len(calculation.frame(c.code, data.settings.budget_year).lines))
    template = folder / file_name(longest.code, data.settings.budget_year)
    build_template(content(calculation, longest, "storstad.xlsx"), OPTIONS).save(template)
    with Archive(folder / "arkiv.sqlite") as archive:
        summary = summarise(expected_of(calculation, "Juni", "storstad.xlsx"), archive)
    write_summary(summary, folder / "sammanställning.xlsx")
    paths = [folder / "sammanställning.xlsx", template]
    return dict(zip(("summary", "template"), zip(paths, printed(paths, folder / "pdf"))))


def test_the_large_city_summary_and_template_keep_their_budgets(large_city_others):
    path, printout = large_city_others["summary"]
    assert printout.sheets()["Sammanfattning"] == 1 and printout.pages[0].landscape
    assert printout.pages[0].text.count("saknas") == len(large_city().committees)
    assert_charts_whole(printout, path, "Sammanfattning")
    path, printout = large_city_others["template"]
    pages = printout.sheets()
    assert "" not in pages and pages["Ram"] <= 3 and len(printout.pages) <= TEMPLATE_BUDGET, pages
    assert_charts_whole(printout, path, "Ram")


def test_the_large_city_prints_in_two_pages_per_committee(large_city_printout):
    path, printout, calculation = large_city_printout
    committees = len(calculation.data.committees)
    pages = printout.sheets()
    assert "" not in pages and pages["Ramar"] <= 2, pages
    assert pages["Förklaring"] + pages["Uppbyggnad"] <= 2 * committees, (pages, committees)
    assert pages["Uppbyggnad"] <= committees // 2 + 1, pages  # (two committees a page)
    assert_charts_whole(printout, path, "Uppbyggnad")
    titles = {f"{c.code} {c.name}" for c in calculation.data.committees}
    starts = [line for page in printout.of_sheet("Förklaring") for line in page.text.splitlines()[:4]
              if line in titles]
    assert len(starts) == committees  # (every committee begins a page of its own)
