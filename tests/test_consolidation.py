"""Consolidating returned templates: filled returns are read through the layout, archived, and summarised."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from consolidation_support import (
    FORMULA_LIKE,
    REQUESTS_TYPED,
    REVENUE_PER_ACTIVITY,
    copy,
    expected,
    fill_return,
    filled,
    planning_workbook,
    templates,
)
from pseudo_terminal import Terminal

from ramkalk.cli import main
from ramkalk.templates import consolidation
from ramkalk.templates.archive import Archive, ArchiveBusy
from ramkalk.templates.consolidation import files_in, missing, not_read_in, receive, summarise
from ramkalk.templates.return_records import Status
from ramkalk.templates.summary_workbook import write_summary


@pytest.fixture
def archive(tmp_path) -> Archive:
    with Archive(tmp_path / "arkiv.sqlite") as opened:
        yield opened


def test_filled_returns_are_accepted_with_what_the_committees_typed(archive):
    results = receive(list(filled().values()), expected(), archive)
    assert [r.found.status for r in results] == [Status.ACCEPTED] * len(filled())
    assert all(r.new and r.archive_id for r in results)
    gsn = archive.current()["GSN"]
    typed = [(r[0], r[1], tuple(Decimal(a) for a in r[2]), r[3], r[4], r[6], r[7]) for r in REQUESTS_TYPED]
    assert [(r.title, r.description, r.amounts, r.kind, r.duration, r.reason, r.priority)
            for r in gsn.content.requests] == typed
    assert [r.focus_area for r in gsn.content.requests] == ["Barn och unga", "Digitalisering"]
    frames = expected().frames["GSN"]
    for index, frame in enumerate(frames):
        assert sum(line.net[index] for line in gsn.content.budget) == frame
        assert all(line.revenues[index] == REVENUE_PER_ACTIVITY for line in gsn.content.budget)
    assert gsn.content.measures[0].effects == (Decimal(500),) * 4
    assert gsn.content.measures[0].in_budget == "Ja"
    assert gsn.content.volumes[0].own == Decimal("1234.5")


def test_the_stored_return_is_what_was_read(archive):
    results = receive([filled()["VÄN"]], expected(), archive)
    assert archive.load(results[0].archive_id) == results[0].found.__class__(
        "Planeringsunderlag_VÄN_2027.xlsx", *[getattr(results[0].found, f) for f in ("sha256", "identity", "content")],
        results[0].found.problems)


def test_the_current_returns_are_read_together_each_with_its_own_rows(archive):
    results = receive(list(filled().values()), expected(), archive)
    current = archive.current()  # (one query per table for all the returns)
    assert list(current) == sorted(r.found.committee for r in results)
    assert current == {r.found.committee: replace(r.found, name=Path(r.found.name).name) for r in results}


def test_reading_the_same_file_again_changes_nothing(archive):
    receive([filled()["GSN"]], expected(), archive)
    before = (archive.files(), archive.current())
    again = receive([filled()["GSN"], filled()["GSN"]], expected(), archive)
    assert [(r.new, r.archive_id) for r in again] == [(False, 1), (False, 1)]
    assert (archive.files(), archive.current()) == before


def _change_when_all_are_read(path: Path, count: int):
    """A progress callback that appends a byte to `path` once all `count` files are read (before storing)."""
    def show(done: int, label: str) -> None:
        if done == count:
            path.write_bytes(path.read_bytes() + b"\0")
    return show


def test_the_bytes_stored_are_those_read_and_checked(archive, tmp_path):
    path = copy(filled()["GSN"], tmp_path)
    read = path.read_bytes()
    [result] = receive([path], expected(), archive, show=_change_when_all_are_read(path, 1))
    assert result.new and archive.content(result.archive_id) == read != path.read_bytes()


def test_a_file_read_again_to_be_stored_is_refused_if_it_changed_since_it_was_read(archive, tmp_path):
    first, second = copy(filled()["GSN"], tmp_path), copy(filled()["KS"], tmp_path)
    with pytest.raises(OSError, match="filen ändrades medan den lästes in; kör igen"):
        receive([first, second], expected(), archive, show=_change_when_all_are_read(second, 2), keep=0)
    assert [f.name for f in archive.files()] == [first.name]  # (each file its own transaction)


def test_a_newer_accepted_return_supersedes_the_older_which_is_kept(archive, tmp_path):
    receive([filled()["GSN"]], expected(), archive)
    newer = fill_return(templates()["GSN"], tmp_path / "GSN ny.xlsx", requests=False)
    receive([newer], expected(), archive)
    first, second = archive.files()
    assert (first.superseded_by, second.superseded_by) == (second.id, None)
    assert archive.current()["GSN"].content.requests == ()
    assert archive.content(first.id) == filled()["GSN"].read_bytes()


def test_a_rejected_file_never_replaces_an_accepted_one(archive, tmp_path):
    receive([filled()["GSN"]], expected(), archive)
    before = archive.current()
    rejected = copy(templates()["GSN"], tmp_path)  # not filled in: no budget
    [result] = receive([rejected], expected(), archive)
    assert result.found.status is Status.REJECTED and result.new
    assert archive.current() == before
    assert archive.files()[0].superseded_by is None
    state = next(s for s in summarise(expected(), archive).committees if s.code == "GSN")
    assert (state.status, state.file.id) == ("godkänd", 1)
    assert [str(p) for _, p in summarise(expected(), archive).checks if p.source.file == rejected.name] == [
        f"{rejected.name}:Budget: budgeten är inte ifylld: inga kostnader eller intäkter per verksamhet"]


def test_committees_that_returned_nothing_are_named(archive):
    receive([filled()["GSN"], filled()["KS"]], expected(), archive)
    summary = summarise(expected(), archive)
    assert [s.code for s in missing(summary)] == [c for c in expected().committees if c not in ("GSN", "KS")]
    assert ("TN", "exempelstad.xlsx: TN Tekniska nämnden har inte lämnat något underlag (varning)") in [
        (code, str(p)) for code, p in summary.checks]


def test_text_a_committee_typed_is_written_as_text(archive, tmp_path):
    receive([filled()["GSN"]], expected(), archive)
    out = tmp_path / "s.xlsx"
    write_summary(summarise(expected(), archive), out)
    ws = openpyxl.load_workbook(out)["Äskanden"]
    cells = {ws.cell(row=r, column=4).value: ws.cell(row=r, column=4) for r in range(2, ws.max_row + 1)}
    assert cells[FORMULA_LIKE].data_type == "s"
    assert cells["+ digital ansökan"].data_type == "s"


def test_the_summary_has_tables_with_filters_frozen_headers_tkr_and_a_chart(archive, tmp_path):
    receive(list(filled().values()), expected(), archive)
    out = tmp_path / "s.xlsx"
    write_summary(summarise(expected(), archive), out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sammanfattning", "Översikt", "Äskanden", "Äskanden per område", "Åtgärder", "Volymer",
                               "Enheter", "Budget per verksamhet", "Balans", "Kontroll"]
    for ws in book.worksheets[1:]:
        assert ws.tables and ws.freeze_panes, ws.title
    overview = book["Översikt"]
    assert overview["G1"].value == "Ram 2027" and overview["G2"].number_format == "#,##0;-#,##0"
    assert len(book["Äskanden"].tables["Askanden"].ref.split(":")) == 2
    assert len(book["Äskanden per område"]._charts) == 1
    assert len(book["Sammanfattning"]._charts) == 1 and book["Sammanfattning"].freeze_panes == "A5"
    for ws in book.worksheets:  # (printed: A4 landscape, one page wide; Sammanfattning on one page)
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1) == ("landscape", 9, 1), ws.title
        high = 1 if setup.fitToHeight is None else setup.fitToHeight  # (absent: Excel's default, one page)
        assert high == (1 if ws.title == "Sammanfattning" else 0), ws.title
        assert ws.oddHeader.center.text == "&A" and ws.oddFooter.right.text == "Sida &P av &N", ws.title
        assert ws.oddHeader.left.text == "Exempelstad" and ws.oddHeader.right.text == "Version Juni", ws.title


def run(*args: str) -> int:
    return main([str(a) for a in args])


def test_the_command_consolidates_reruns_from_the_archive_and_exports(tmp_path, capsys):
    inbox = tmp_path / "inkommet"
    for path in filled().values():
        copy(path, inbox)
    db, first, second = tmp_path / "a.sqlite", tmp_path / "s1.xlsx", tmp_path / "s2.xlsx"
    assert run("konsolidera", planning_workbook(), inbox, "--arkiv", db, "--ut", first) == 0
    out = capsys.readouterr().out
    assert "Läste 11 filer: 11 godkända (0 med varningar), 0 avvisade; 0 fanns redan i arkivet." in out
    assert run("konsolidera", planning_workbook(), "--arkiv", db, "--ut", second) == 0
    assert _values(first) == _values(second)
    assert run("arkiv", "--arkiv", db) == 0
    listing = capsys.readouterr().out
    assert listing.count("godkänd") == 11 and "Planeringsunderlag_GSN_2027.xlsx" in listing
    gsn = next(f for f in Archive(db).files() if f.committee == "GSN")
    exported = tmp_path / "export.xlsx"
    assert run("arkiv", "--arkiv", db, "--exportera", gsn.id, "--ut", exported) == 0
    assert exported.read_bytes() == filled()["GSN"].read_bytes()
    ks = next(f for f in Archive(db).files() if f.committee == "KS")
    capsys.readouterr()
    assert run("arkiv", "--arkiv", db, "--exportera", ks.id, "--ut", exported) == 2  # an existing file: not replaced
    assert capsys.readouterr().err == f"{exported}: filen finns redan; välj ett annat namn eller ange --skriv-över\n"
    assert exported.read_bytes() == filled()["GSN"].read_bytes()
    assert run("arkiv", "--arkiv", db, "--exportera", ks.id, "--ut", exported, "--skriv-över") == 0
    assert exported.read_bytes() == filled()["KS"].read_bytes()


def test_the_summary_is_never_written_over_the_planning_workbook_or_a_template(tmp_path, capsys):
    inbox = tmp_path / "inkommet"
    returned = copy(filled()["GSN"], inbox)
    workbook = copy(planning_workbook(), tmp_path)
    before = returned.read_bytes(), workbook.read_bytes()
    db = tmp_path / "a.sqlite"
    assert run("konsolidera", workbook, inbox, "--arkiv", db, "--ut", returned) == 2
    assert capsys.readouterr().err == (f"{returned}: sammanställningen får inte skrivas över ett planeringsunderlag "
                                       "(filen har bladet Identitet); välj ett annat filnamn\n")
    assert run("konsolidera", workbook, inbox, "--arkiv", db, "--ut", workbook) == 2
    assert capsys.readouterr().err == (f"{workbook}: sammanställningen får inte skrivas över "
                                       "planeringsarbetsboken; välj ett annat filnamn\n")
    assert (returned.read_bytes(), workbook.read_bytes()) == before and not db.exists()
    summary = inbox / "sammanställning.xlsx"  # a summary in the folder read: left out, and written again
    for _ in range(2):
        assert run("konsolidera", workbook, inbox, "--arkiv", db, "--ut", summary) == 0
    assert "Läste 1 fil: 1 godkänd" in capsys.readouterr().out


def _values(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_the_archive_lies_beside_the_planning_workbook_by_default(tmp_path, capsys):
    workbook = copy(planning_workbook(), tmp_path)
    assert run("konsolidera", workbook, filled()["GSN"], "--ut", tmp_path / "s.xlsx", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["filer"][0]["status"] == "godkänd" and report["filer"][0]["nämnd"] == "GSN"
    assert set(report["saknas"]) == set(expected().committees) - {"GSN"}
    assert (tmp_path / "exempelstad_arkiv.sqlite").is_file()
    assert run("arkiv", workbook) == 0


def test_a_rejected_file_makes_the_command_exit_1_and_is_printed(tmp_path, capsys):
    bad = tmp_path / "fel.xlsx"
    bad.write_bytes(b"%PDF-1.7 inte en arbetsbok")
    code = run("konsolidera", planning_workbook(), bad, "--arkiv", tmp_path / "a.sqlite", "--ut", tmp_path / "s.xlsx")
    assert code == 1
    assert (f"{bad}: filen är en PDF, inte en Excel-arbetsbok; skicka planeringsunderlaget som .xlsx"
            in capsys.readouterr().out)
    assert (tmp_path / "s.xlsx").is_file()


def test_the_files_of_a_folder_leave_out_the_planning_workbook_the_output_and_lock_files(tmp_path):
    folder = tmp_path / "inkommet"
    folder.mkdir()
    for name in ("b.xlsx", "a.XLSX", "c.xlsm", "~$a.xlsx", "._b.xlsx", ".DS_Store", "notes.txt", "GSN.ods",
                 "planering.xlsx", "sammanställning.xlsx"):
        (folder / name).write_bytes(b"x")
    (folder / "undermapp.xlsx").mkdir()
    (folder / "länk.xlsx").symlink_to(folder / "planering.xlsx")  # the planning workbook under another name
    (tmp_path / "planering.xlsx").write_bytes(b"x")  # same name, another file: it is not in the folder
    named = tmp_path / "named.xlsx"
    found = files_in([folder, named, folder / "b.xlsx"], [folder / "planering.xlsx", folder / "sammanställning.xlsx"])
    assert [p.name for p in found] == ["GSN.ods", "a.XLSX", "b.xlsx", "c.xlsm", "named.xlsx"]  # (.ods: refused, said)
    assert files_in([folder / ".." / "inkommet" / "planering.xlsx"], [folder / "planering.xlsx"]) == []
    assert [p.name for p in not_read_in([folder, named])] == ["notes.txt"]  # (each said, not read)


def test_the_other_files_of_a_folder_are_named_not_read(tmp_path, capsys):
    inbox = tmp_path / "inkommet"
    copy(filled()["GSN"], inbox)
    (inbox / "KS.pdf").write_bytes(b"%PDF-1.7 a printed template")
    args = ("konsolidera", planning_workbook(), inbox, "--arkiv", tmp_path / "a.sqlite", "--ut", tmp_path / "s.xlsx")
    assert run(*args) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{inbox / 'KS.pdf'}: läses inte: bara Excel-arbetsböcker (.xlsx, .xlsm) läses in; är det "
                          "ett planeringsunderlag, spara det som Excel-arbetsbok (.xlsx) (varning)\n")
    assert "Läste 1 fil: 1 godkänd" in out and len(Archive(tmp_path / "a.sqlite").files()) == 1
    assert run(*args, "--json") == 0
    assert [p["fil"] for p in json.loads(capsys.readouterr().out)["lästes_inte"]] == [str(inbox / "KS.pdf")]


ANOTHER_ROUND = [
    pytest.param({"version": "Augusti"}, "underlaget är version Juni, sammanställningen gäller version Augusti "
                 "(ange --version för en annan)", id="another-version"),
    pytest.param({"years": (2028, 2029, 2030, 2031)}, "underlaget gäller budgetår 2027, planeringsarbetsboken "
                 "budgetår 2028", id="next-year"),
]


@pytest.mark.parametrize("change, message", ANOTHER_ROUND)
def test_a_return_of_another_round_is_not_shown_as_this_ones(archive, change, message):
    receive([filled()["GSN"]], expected(), archive)
    now = replace(expected(), **change)
    summary = summarise(now, archive)
    gsn = next(s for s in summary.committees if s.code == "GSN")
    assert (gsn.status, gsn.current, gsn.file) == ("saknas", None, None) and gsn in missing(summary)
    year, version = now.budget_year, now.version
    assert [p.message for code, p in summary.checks if code == "GSN"] == [
        f"GSN Grundskolenämnden har inte lämnat något underlag för budgetår {year}, version {version}; det senast "
        "godkända (Planeringsunderlag_GSN_2027.xlsx) gäller budgetår 2027, version Juni"]
    assert next(s for s in summarise(expected(), archive).committees if s.code == "GSN").status == "godkänd"


@pytest.mark.parametrize("change, message", ANOTHER_ROUND)
def test_a_stored_return_given_again_in_another_round_is_rejected_there_and_the_archive_keeps_it(
        archive, change, message):
    receive([filled()["GSN"]], expected(), archive)
    before = (archive.files(), archive.current())
    [again] = receive([filled()["GSN"]], replace(expected(), **change), archive)
    assert (again.new, again.archive_id, again.found.status) == (False, 1, Status.REJECTED)
    assert [p.message for p in again.found.problems] == [message]
    assert (archive.files(), archive.current()) == before
    [same_round] = receive([filled()["GSN"]], expected(), archive)
    assert same_round.found.status is Status.ACCEPTED and same_round.found.problems == ()


def test_a_file_that_cannot_be_read_is_a_problem_of_its_own_and_the_others_are_read(archive, monkeypatch):
    locked = filled()["GSN"]
    reading = consolidation.read_file

    def read_file(path, limits):  # as when the file is open in Excel on Windows
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return reading(path, limits)

    monkeypatch.setattr(consolidation, "read_file", read_file)
    first, second = receive([locked, filled()["KS"]], expected(), archive)
    assert (first.found.status, first.archive_id, [p.message for p in first.found.problems]) == (
        Status.REJECTED, None, ["åtkomst nekad: filen är öppen i ett annat program (till exempel Excel) eller "
                                "skrivskyddad; stäng den eller välj en annan fil och försök igen"])
    assert second.found.status is Status.ACCEPTED and [f.committee for f in archive.files()] == ["KS"]


def test_the_command_shows_its_progress_on_a_terminal_only(tmp_path, monkeypatch, capsys):
    inbox = tmp_path / "inkommet"
    for code in ("GSN", "KS"):
        copy(filled()[code], inbox)
    command = ("konsolidera", planning_workbook(), inbox, "--arkiv", tmp_path / "a.sqlite", "--ut", tmp_path / "s.xlsx")
    assert run(*command) == 0
    err = capsys.readouterr().err
    assert "Konsoliderar" not in err and "\r" not in err
    terminal = Terminal(monkeypatch)
    assert run(*command) == 0  # (the same files again: found in the archive)
    *drawn, after = terminal.text().split("\r")
    assert drawn[1].startswith("Konsoliderar: 0/2 filer |")
    for done, name in enumerate(("GSN", "KS")):  # how many are read, and the file being read
        assert any(line.startswith(f"Konsoliderar: {done}/2 filer |") and
                   line.endswith(f", Planeringsunderlag_{name}_2027.xlsx") for line in drawn)
    assert drawn[-1].strip() == "" and after.startswith("Skrev sammanställningen till ")  # the bar's line cleared


def test_the_progress_bar_is_cleared_when_the_archive_stops_the_run(tmp_path, monkeypatch):
    def busy(*args):
        raise ArchiveBusy("arkivet används av en annan körning")

    monkeypatch.setattr(Archive, "store", busy)
    terminal = Terminal(monkeypatch)
    assert run("konsolidera", planning_workbook(), filled()["GSN"], "--arkiv", tmp_path / "a.sqlite",
               "--ut", tmp_path / "s.xlsx") == 2
    *drawn, after = terminal.text().split("\r")
    assert "Konsoliderar: 0/1 filer" in "".join(drawn) and drawn[-1].strip() == ""
    assert after == "arkivet används av en annan körning\n"
