"""`ramkalk underlag`, run as a user runs it, on a real planning workbook."""

from __future__ import annotations

import csv
import errno
import hashlib
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pseudo_terminal import Terminal

from ramkalk.cli import common, generate, main
from ramkalk.cli.generate import listing_name
from ramkalk.example.municipality import exempelstad
from ramkalk.templates import identity
from ramkalk.templates.layout import INFO, INSTRUCTIONS

CODES = [c.code for c in exempelstad().committees]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "exempelstad.xlsx"
    assert main(["exempel", str(path)]) == 0
    return path


def fingerprints(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_one_template_per_committee_and_a_listing(workbook, tmp_path, capsys):
    out = tmp_path / "ny" / "mapp"
    assert main(["underlag", str(workbook), "--ut", str(out)]) == 0
    names = {f"Planeringsunderlag_{code}_2027.xlsx" for code in CODES}
    assert {p.name for p in out.iterdir()} == names | {listing_name(2027)}
    captured = capsys.readouterr()
    assert "Skrev 11 planeringsunderlag, version Juni" in captured.out
    assert all(name in captured.out for name in names)
    assert "\r" not in captured.err  # no progress bar when stderr is not a terminal
    with open(out / listing_name(2027), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Nämnd", "Namn", "Fil", "Mall-id"]
    assert [r[0] for r in rows[1:]] == CODES
    for code, _name, file, template_id, checksum, _frame in rows[1:]:
        book = openpyxl.load_workbook(out / file)
        assert identity.read_identity(book)["template_id"] == template_id
        assert identity.read_identity(book)["checksum"] == checksum
        assert book[INSTRUCTIONS][INFO.address("source")].value == "exempelstad.xlsx"


def test_options_reach_the_template(workbook, tmp_path):
    out = tmp_path / "ut"
    assert main(["underlag", str(workbook), "--ut", str(out), "--version", "Oktober", "--sista-dag", "2026-09-04",
                 "--kontakt", "Budgetenheten, budget@exempelstad.se", "--lösenord", "x"]) == 0
    book = openpyxl.load_workbook(out / "Planeringsunderlag_GSN_2027.xlsx")
    ws = book[INSTRUCTIONS]
    assert ws[INFO.address("version")].value == "Oktober"
    assert ws[INFO.address("deadline")].value.date() == date(2026, 9, 4)
    assert ws[INFO.address("contact")].value == "Budgetenheten, budget@exempelstad.se"
    assert identity.read_identity(book)["version"] == "Oktober"
    assert all(sheet.protection.password for sheet in book.worksheets)


def test_the_default_deadline_is_31_august_before_the_budget_year(workbook, tmp_path):
    out = tmp_path / "ut"
    assert main(["underlag", str(workbook), "--ut", str(out)]) == 0
    ws = openpyxl.load_workbook(out / "Planeringsunderlag_KS_2027.xlsx")[INSTRUCTIONS]
    assert ws[INFO.address("deadline")].value.date() == date(2026, 8, 31)
    assert ws[INFO.address("contact")].value == "Ekonomistyrningen"


def test_existing_files_are_refused_without_the_flag(workbook, tmp_path, capsys):
    out = tmp_path / "ut"
    assert main(["underlag", str(workbook), "--ut", str(out)]) == 0
    (out / "Planeringsunderlag_KS_2027.xlsx").write_text("nämndens egen fil", encoding="utf-8")
    before = fingerprints(out)
    assert main(["underlag", str(workbook), "--ut", str(out), "--version", "Oktober"]) == 1
    assert "filen finns redan" in capsys.readouterr().err
    assert fingerprints(out) == before
    assert main(["underlag", str(workbook), "--ut", str(out), "--skriv-över"]) == 0
    assert fingerprints(out).keys() == before.keys()
    assert openpyxl.load_workbook(out / "Planeringsunderlag_KS_2027.xlsx")  # rewritten as a template


def test_a_bad_workbook_writes_nothing_and_prints_where(workbook, tmp_path, capsys):
    book = openpyxl.load_workbook(workbook)
    book["Index"]["C4"] = "tre"
    broken = tmp_path / "trasig.xlsx"
    book.save(broken)
    out = tmp_path / "ut"
    assert main(["underlag", str(broken), "--ut", str(out)]) == 1
    err = capsys.readouterr().err
    assert "trasig.xlsx:Index!C4: " in err and "Inga planeringsunderlag skrevs." in err
    assert not out.exists()


def test_a_file_in_place_of_the_folder_is_a_usage_error(workbook, tmp_path, capsys):
    assert main(["underlag", str(workbook), "--ut", str(workbook)]) == 2
    assert "inte en mapp" in capsys.readouterr().err


def test_a_bad_date_is_a_usage_error(workbook, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["underlag", str(workbook), "--ut", str(tmp_path), "--sista-dag", "31/8"])
    assert exit_info.value.code == 2
    assert "väntade ett datum ÅÅÅÅ-MM-DD" in capsys.readouterr().err


def test_the_progress_bar_is_drawn_on_a_terminal_and_cleared_at_the_end(workbook, tmp_path, monkeypatch, capsys):
    terminal = Terminal(monkeypatch)
    assert main(["underlag", str(workbook), "--ut", str(tmp_path / "ut")]) == 0
    shown = terminal.text()
    shown = shown[shown.index("\rUnderlag"):]  # (after the warnings about dates: the deadline may have passed today)
    assert shown.startswith("\rUnderlag: 0/11 filer |")
    assert ", KS" in shown  # the committee whose template is being written
    drawn = shown.split("\r")
    assert drawn[-1] == "" and drawn[-2].strip() == ""  # the line of the bar is cleared at the end
    assert max(map(len, drawn)) <= Terminal.COLUMNS
    assert "Skrev 11 planeringsunderlag" in capsys.readouterr().out


def test_the_progress_bar_is_cleared_when_the_run_stops(workbook, tmp_path, monkeypatch):
    written = []

    def disk_full(path, write):
        written.append(path)
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        common.write_atomically(path, write)

    monkeypatch.setattr(generate, "write_atomically", disk_full)
    terminal = Terminal(monkeypatch)
    assert main(["underlag", str(workbook), "--ut", str(tmp_path / "ut")]) == 1
    *drawn, message = terminal.text().split("\r")
    assert "Underlag: 2/11 filer" in "".join(drawn) and drawn[-1].strip() == ""
    assert message.startswith(str(written[-1])) and "Underlag" not in message


def test_no_progress_bar_when_stderr_is_not_a_terminal(workbook, tmp_path, capsys):
    assert main(["underlag", str(workbook), "--ut", str(tmp_path / "ut")]) == 0
    err = capsys.readouterr().err
    assert "Underlag" not in err and "filer" not in err and "\r" not in err


def test_the_size_limit_said_in_the_help_is_the_one_used():
    from ramkalk.cli.consolidate import MAX_MEGABYTES
    from ramkalk.templates.returned_file import MB, Limits

    assert Limits().max_bytes == MAX_MEGABYTES * MB
