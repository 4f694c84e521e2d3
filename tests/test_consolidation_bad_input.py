"""Bad input to `konsolidera` (issue 6): each case a clear message, and nothing already stored lost.

The archive starts with accepted returns from GSN and KS; after each bad file their current
returns are exactly as before (`Archive.current`), and a file that was read is kept as rejected.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from bad_returns import (
    changed,
    encrypted,
    old_xls,
    rezipped,
    sparse,
    template_for,
    with_entity_trick,
    with_macros,
    zip_bomb,
)
from consolidation_support import copy, expected, fill_return, filled, templates
from spreadsheet_filling import InsertRow, Type, fill
from templates_support import CREATED

from ramkalk.core.problems import Severity
from ramkalk.schema.inputs import Committee
from ramkalk.templates.archive import Archive
from ramkalk.templates.consolidation import receive
from ramkalk.templates.options import Options
from ramkalk.templates.return_records import Status

COMMITTEES = "KS, FSN, GSN, GYN, VÄN, SON, IFO, KFN, SBN, TN, MSN"


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "arkiv.sqlite") as opened:
        receive([filled()["GSN"], filled()["KS"]], expected(), opened)
        yield opened


def consolidate(archive: Archive, *paths, stored: bool = True):
    """Receive `paths`; assert the accepted returns are unchanged and whether the files were stored."""
    before, files = archive.current(), len(archive.files())
    results = receive(list(paths), expected(), archive)
    assert archive.current() == before
    assert len(archive.files()) == files + (len(paths) if stored else 0)
    assert all(r.found.status is Status.REJECTED for r in results)
    return results


def errors(result) -> list[str]:
    return [str(p) for p in result.found.problems if p.severity is Severity.ERROR]


def test_a_pdf_renamed_to_xlsx(archive, tmp_path):
    path = tmp_path / "GSN.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: filen är en PDF, inte en Excel-arbetsbok; skicka planeringsunderlaget som .xlsx"]


def test_a_truncated_zip(archive, tmp_path):
    path = tmp_path / "GSN.xlsx"
    path.write_bytes(filled()["VÄN"].read_bytes()[:20000])
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: zip-arkivet är skadat eller ofullständigt; spara om filen i Excel och skicka "
                              "den igen"]


def test_an_old_xls(archive, tmp_path):
    path = old_xls(filled()["VÄN"], tmp_path)
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: filen är i det gamla Excel-formatet (.xls); spara den som Excel-arbetsbok "
                              "(.xlsx) och skicka den igen"]


def test_a_password_protected_file(archive, tmp_path):
    path = encrypted(filled()["VÄN"], tmp_path / "VÄN.xlsx")
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: filen är lösenordsskyddad (krypterad) och kan inte läsas; ta bort lösenordet "
                              "för att öppna filen (Arkiv → Info → Skydda arbetsbok i Excel), spara och skicka den "
                              "igen"]


def test_an_xlsm_with_macros_is_read_with_a_warning(archive, tmp_path):
    path = with_macros(filled()["VÄN"], tmp_path / "VÄN.xlsm")
    [result] = receive([path], expected(), archive)
    assert [str(p) for p in result.found.problems] == [
        f"{path}: filen innehåller makron; värdena lästes, makron körs aldrig. Skicka underlaget som .xlsx (utan "
        "makron) (varning)"]
    assert result.found.status is Status.WARNINGS
    assert archive.current()["VÄN"].content.requests[0].title == "Fler lärare"


@pytest.mark.parametrize("change", ["deleted", "renamed"])
def test_a_sheet_deleted_or_renamed(archive, tmp_path, change):
    def edit(book):
        if change == "deleted":
            book.remove(book["Åtgärder"])
        else:
            book["Åtgärder"].title = "Åtgärder 2027"

    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", edit)
    sheets = "Anvisningar, Ram, Budget, Äskanden, " + ("" if change == "deleted" else "Åtgärder 2027, ")
    [result] = consolidate(archive, path)
    assert errors(result) == [f'{path}:Åtgärder: bladet "Åtgärder" saknas eller har bytt namn (underlaget har: '
                              f'{sheets}Volymer, Enheter, Listor, Identitet); ändra inte bladens namn']


def test_rows_inserted_in_the_budget_table_are_read(archive, tmp_path):
    path = fill(filled()["VÄN"], tmp_path / "VÄN.xlsx", [
        InsertRow("Budget", "A7"), Type("Budget", "A7", "Ny verksamhet"), Type("Budget", "B7", 2500),
        Type("Budget", "C7", 500)])
    [result] = receive([path], expected(), archive)
    lines = archive.current()["VÄN"].content.budget
    assert [line.row for line in lines] == [6, 7, 8, 9, 10]
    assert (lines[1].activity, lines[1].net[0]) == ("Ny verksamhet", Decimal(2000))
    frame = expected().frames["VÄN"][0]  # the filling budgets exactly the frame; the new row adds 2 000 tkr
    assert [str(p) for p in result.found.problems] == [
        f"{path}:Budget!D17: budgeten 2027 (netto {spaced(frame + 2000)} tkr) är 2\u00a0000 tkr större än ramen "
        f"{spaced(frame)} tkr (varning)"]


def spaced(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0")


def test_text_in_a_number_cell(archive, tmp_path):
    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", lambda b: b["Äskanden"].__setitem__("C5", "ca 4 mnkr"))
    [result] = consolidate(archive, path)
    assert errors(result) == [f'{path}:Äskanden!C5: väntade ett tal (belopp i tkr), fick "ca 4 mnkr"']


def test_a_formula_replaced_by_a_constant(archive, tmp_path):
    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", lambda b: b["Budget"].__setitem__("D6", 123))
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Budget!D6: väntade en formel, fick ett fast värde (123); låsta formler får "
                              "inte skrivas över"]


def test_an_edited_locked_cell_is_named(archive, tmp_path):
    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", lambda b: b["Ram"].__setitem__("E5", 1500000))
    [result] = consolidate(archive, path)
    frame = f'{expected().frames["VÄN"][2]:,}'.replace(",", "\u00a0")
    assert errors(result) == [f"{path}:Ram!E5: låst cell har ändrats: väntade {frame}, fick 1\u00a0500\u00a0000"]


def test_a_file_of_200_mb_is_refused_unread_and_not_stored(archive, tmp_path):
    path = sparse(tmp_path / "stor.xlsx", 200)
    [result] = consolidate(archive, path, stored=False)
    assert errors(result) == [f"{path}: filen är 200 MB, större än de 50 MB ett planeringsunderlag får vara; den "
                              "lästes inte och arkiverades inte"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(archive, tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx", 300)
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: filen skulle bli 300 MB uppackad, mer än de 250 MB som tillåts; filen "
                              "packades inte upp (skydd mot zip-bomber)"]


def test_a_highly_compressed_part_is_refused(archive, tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx", 20)
    ratio = 20 * 1024 * 1024 // zipfile.ZipFile(path).infolist()[0].compress_size
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: delen xl/worksheets/sheet1.xml är packad {ratio} gånger, mer än de 100 "
                              "gånger som tillåts; filen packades inte upp (skydd mot zip-bomber)"]


def test_xml_entity_tricks_are_refused(archive, tmp_path):
    path = with_entity_trick(filled()["VÄN"], tmp_path / "VÄN.xlsx")
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: delen xl/worksheets/sheet1.xml innehåller en DTD (<!DOCTYPE/<!ENTITY>), som "
                              "Excel aldrig skriver och som kan användas för XML-attacker; filen lästes inte"]


def test_two_returns_from_the_same_committee_in_one_run(archive, tmp_path):
    first = copy(filled()["VÄN"], tmp_path, "VÄN a.xlsx")
    second = fill_return(templates()["VÄN"], tmp_path / "VÄN b.xlsx", requests=False)
    results = consolidate(archive, first, second, stored=False)
    for result in results:
        assert errors(result) == [f"{result.found.name}: flera nya underlag från VÄN i samma körning (VÄN a.xlsx, "
                                  "VÄN b.xlsx); inget av dem arkiverades. Läs in bara det underlag som gäller"]


def test_a_return_from_an_unknown_committee(archive, tmp_path):
    path = template_for(tmp_path / "ABC.xlsx", committee=Committee("ABC", "Annan nämnd", Decimal("0.5")))
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Identitet!B2: nämnden ABC finns inte i planeringsarbetsboken (nämnder: "
                              f"{COMMITTEES})"]


def test_last_years_template(archive, tmp_path):
    path = template_for(tmp_path / "GSN.xlsx", years_back=1)
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Identitet!B5: underlaget gäller budgetår 2026, planeringsarbetsboken budgetår "
                              "2027"]


def test_a_template_of_another_version(archive, tmp_path):
    path = template_for(tmp_path / "GSN.xlsx", options=Options(version="Oktober", created=CREATED))
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Identitet!B7: underlaget är version Oktober, sammanställningen gäller version "
                              "Juni (ange --version för en annan)"]


def test_a_template_of_an_earlier_layout_says_what_to_do(archive, tmp_path, monkeypatch):
    """A round sent out before an upgrade of ramkalk that changed the template (the allocation to units
    made layout 3): its returns are refused, each with what to do."""
    import ramkalk.templates.layout as layout

    monkeypatch.setattr(layout, "LAYOUT_VERSION", "2")
    layout.layout.cache_clear()  # (the layouts are cached by year count)
    try:
        path = template_for(tmp_path / "GSN.xlsx")
    finally:
        monkeypatch.undo()
        layout.layout.cache_clear()
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Identitet!B10: underlaget har layoutversion 2, den här versionen av ramkalk "
                              "läser layoutversion 3; be nämnden föra över sina uppgifter till ett nytt underlag "
                              "från ramkalk underlag, eller läs in det med den version av ramkalk som skapade det"]


def test_a_workbook_not_made_by_ramkalk(archive, tmp_path):
    path = tmp_path / "egen.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Budget"
    book.save(path)
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}: filen är inte ett planeringsunderlag från ramkalk: det dolda bladet Identitet "
                              "saknas"]


def test_requests_without_focus_area_or_reason_and_values_outside_the_lists(archive, tmp_path):
    def edit(book):
        ws = book["Äskanden"]
        ws["I5"], ws["J6"], ws["G6"] = None, None, "Annat"

    path = changed(filled()["VÄN"], tmp_path / "VÄN.xlsx", edit)
    [result] = consolidate(archive, path)
    assert errors(result) == [
        f'{path}:Äskanden!I5: fokusområde för äskandet "Fler lärare" saknas',
        f'{path}:Äskanden!G6: väntade typ: ett av Satsning, Besparing, Volym, Lagkrav, Teknisk justering, Intern '
        'tjänst; fick "Annat"',
        f'{path}:Äskanden!J6: skäl för äskandet "Ny e-tjänst" saknas',
    ]


def test_an_unchanged_template_is_rejected_as_not_filled_in(archive, tmp_path):
    path = rezipped(templates()["VÄN"], tmp_path / "VÄN.xlsx", {})
    [result] = consolidate(archive, path)
    assert errors(result) == [f"{path}:Budget: budgeten är inte ifylld: inga kostnader eller intäkter per verksamhet"]
