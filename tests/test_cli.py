"""The `ramkalk` command line, run as a user runs it, on real files."""

from __future__ import annotations

import gc
import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ramkalk.cli import main
from ramkalk.cli.common import COLLECT_AFTER, fewer_collections, file_error, problems_summary
from ramkalk.core.display import round_total
from ramkalk.core.problems import Problem, Source, error, warning
from ramkalk.example.municipality import exempelstad
from ramkalk.schema.inputs import FrameModel
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "exempelstad.xlsx"
    assert main(["exempel", str(path)]) == 0
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def broken_copy(workbook: Path, sheet: str, cell: str, value: object) -> Path:
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = value
    path = workbook.with_name("trasig.xlsx")
    book.save(path)
    return path


def test_exempel_refuses_to_overwrite_without_the_flag(workbook, capsys):
    before = sha256(workbook)
    assert main(["exempel", str(workbook)]) == 1
    assert "finns redan" in capsys.readouterr().err
    assert sha256(workbook) == before
    assert main(["exempel", str(workbook), "--skriv-över"]) == 0


def test_kontrollera_a_good_workbook(workbook, capsys):
    assert main(["kontrollera", str(workbook)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Inga fel" in captured.err


def test_kontrollera_prints_file_sheet_cell_and_exits_1(workbook, capsys):
    broken = broken_copy(workbook, "Index", "C4", "tre")
    assert main(["kontrollera", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f'{broken}:Index!C4: väntade ett tal (prisökning), fick "tre"' in out.splitlines()


def test_kontrollera_json(workbook, capsys):
    broken = broken_copy(workbook, "Nämnder", "C3", "mycket")
    assert main(["kontrollera", str(broken), "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems[0]["blad"] == "Nämnder"
    assert problems[0]["cell"] == "C3"
    assert problems[0]["allvarlighet"] == "fel"
    assert "personalkostnadsandel" in problems[0]["meddelande"]


def test_berakna_json_matches_the_core_for_every_committee_and_year(workbook, capsys):
    assert main(["beräkna", str(workbook), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    checked = pipeline.check_file(workbook)
    frames = pipeline.calculate(checked)
    assert len(rows) == len(frames) == 11 * 4
    models = {c.code: c.model for c in checked.data.committees}
    for row, frame in zip(rows, frames):
        assert {"nämnd", "år", "modell", "ram", "komponenter"} <= set(row)
        assert (row["nämnd"], row["år"], row["modell"]) == (frame.committee, frame.year, frame.model)
        assert row["modell"] == {FrameModel.TRADITIONAL: "traditionell", FrameModel.PRICE_TAG: "prislapp"}[
            models[frame.committee]]
        assert Decimal(row["ram"]) == frame.total
        assert sum(row["komponenter"].values()) == row["ram"]
        if row["modell"] == "traditionell":
            assert list(row["komponenter"])[:5] == ["bas", "uppräkning", "effektivisering", "volym", "beslut"]
    # a price-tag committee has one component per volume group
    gyn = next(r for r in rows if r["nämnd"] == "GYN" and r["år"] == 2027)
    assert gyn["komponenter"]["prislapp Gymnasieskola"] > 0
    assert "jämförelse" not in gyn


def test_berakna_compares_the_models(workbook, capsys):
    assert main(["beräkna", str(workbook), "--json", "--jämför"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for row in rows:
        both = row["jämförelse"]
        assert both["arv"] == both["traditionell"] - both["prislapp"]
        assert row["ram"] == both["prislapp" if row["modell"] == "prislapp" else "traditionell"] or any(
            key == "balansering" for key in row["komponenter"])
    assert main(["beräkna", str(workbook), "--jämför"]) == 0
    out = capsys.readouterr().out
    assert "Jämförelse av modellerna (tkr); arv = traditionell ram − prislappsram" in out
    assert "Balans mot intäkterna (tkr)" in out
    assert "Intäktslappar mot prislappar för samma åldrar (tkr)" in out


def test_berakna_table_in_tkr_adds_up(workbook, capsys):
    assert main(["beräkna", str(workbook)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Exempelstad: ramar per nämnd (tkr), budgetår 2027 med planår 2028–2030")
    rows = lines[3:lines.index(next(line for line in lines if line.startswith("Summa"))) + 1]
    columns = [slice(len(rows[0]) - 14 * (4 - i), len(rows[0]) - 14 * (3 - i) or None) for i in range(4)]
    numbers = [[int(line[c].strip().replace("\u00a0", "").replace("−", "-")) for c in columns] for line in rows]
    *committees, total = numbers
    assert [sum(column) for column in zip(*committees)] == total
    frames = pipeline.calculate(pipeline.check_file(workbook))
    first_year = [f.total for f in frames if f.year == 2027]
    # each frame rounded on its own: the same tkr as in the templates and every other output
    assert [row[0] for row in committees] == [round_total(total) for total in first_year]


def test_berakna_writes_the_result_workbook_and_never_the_planning_workbook(workbook, tmp_path):
    before = sha256(workbook)
    out = tmp_path / "ut" / "resultat.xlsx"
    assert main(["beräkna", str(workbook), "--ut", str(out)]) == 0
    assert sha256(workbook) == before
    assert openpyxl.load_workbook(out).sheetnames == ["Ramar", "Förklaring", "Uppbyggnad", "Förklaringsrader",
                                                      "Modeller", "Prislappar", "Balans", "Intäktslappar", "Resultat",
                                                      "Resursfördelning"]
    assert main(["beräkna", str(workbook), "--ut", str(workbook)]) == 2
    assert sha256(workbook) == before


def test_berakna_kanslighet_adds_the_sheet_without_rows_that_do_not_move(workbook, tmp_path, capsys):
    """Känslighet only with --känslighet, before Resultat; every row of it has an amount other than zero, and
    the rows are exactly those of `ramkalk känslighet --json` that move."""
    out = tmp_path / "resultat.xlsx"
    assert main(["beräkna", str(workbook), "--ut", str(out), "--känslighet"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-3:] == ["Känslighet", "Resultat", "Resursfördelning"]
    rows = [tuple(c.value for c in row) for row in book["Känslighet"].iter_rows(min_row=4)]
    split = rows.index(("Scenario", None, "År", "Förändring av Σ ramar (kr)", "Σ ramar − utrymme efter ändringen (kr)"))
    frames, balance = [r[:4] for r in rows[:split - 1]], [r for r in rows[split + 1:]]
    assert rows[split - 1] == (None,) * 5
    capsys.readouterr()
    assert main(["känslighet", str(workbook), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    moving = [(e["scenario"], e["nämnd"], e["år"], int(e["förändring"])) for e in found["ramar"]
              if int(e["förändring"]) != 0]
    assert frames == moving and moving
    expected = [(b["scenario"], None, b["år"], int(b["förändring"]),
                 None if b["differens_mot_utrymme"] is None else int(b["differens_mot_utrymme"]))
                for b in found["balans"] if int(b["förändring"]) or b["differens_mot_utrymme"] not in (None, 0)]
    assert balance == expected and all(any(v for v in r[3:] if v is not None) for r in balance)
    assert main(["beräkna", str(workbook), "--känslighet"]) == 2  # a sheet needs a workbook to go in
    assert "ange också --ut" in capsys.readouterr().err


def test_berakna_with_errors_writes_nothing(workbook, tmp_path, capsys):
    broken = broken_copy(workbook, "Ramar", "C2", "")
    out = tmp_path / "resultat.xlsx"
    assert main(["beräkna", str(broken), "--ut", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:Ramar!C2: cellen är tom; väntade ram" in err
    assert "Inget beräknades och ingen fil skrevs." in err
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {broken, workbook}


@pytest.mark.parametrize("content, explanation", [
    (b"", "filen är tom"),
    (b"%PDF-1.4 not a workbook", "det är en PDF-fil"),
    (b"PK\x03\x04 truncated zip", "zip-arkivet är skadat"),
    (b"Kod;Namn\nGSN;Grundskola\n", "det är inte en .xlsx-fil"),
])
def test_a_file_that_is_not_a_workbook(tmp_path, capsys, content, explanation):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(content)
    assert main(["beräkna", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: filen kan inte läsas som en Excel-arbetsbok: {explanation}")


def test_missing_file(tmp_path, capsys):
    assert main(["kontrollera", str(tmp_path / "saknas.xlsx")]) == 1
    assert "filen finns inte" in capsys.readouterr().out


def test_swedish_help_and_usage_errors():
    result = subprocess.run([sys.executable, "-m", "ramkalk", "--hjälp"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "användning: ramkalk" in result.stdout
    assert "beräkna alla nämnders ramar" in result.stdout
    for command in ([], ["konsolidera"]):  # --help, as in every other program, works too
        result = subprocess.run([sys.executable, "-m", "ramkalk", *command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.startswith(f"användning: ramkalk {' '.join(command)}".strip())
    result = subprocess.run([sys.executable, "-m", "ramkalk", "beräkna"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "fel: följande argument saknas: ARBETSBOK" in result.stderr


def test_tkr_workbook_gives_the_same_frames(tmp_path):
    import dataclasses

    from ramkalk.schema.inputs import Unit

    data = exempelstad()
    in_tkr = dataclasses.replace(data, settings=dataclasses.replace(data.settings, unit=Unit.TKR))
    write_workbook(in_tkr, tmp_path / "tkr.xlsx")
    write_workbook(data, tmp_path / "kr.xlsx")
    tkr = pipeline.calculate(pipeline.check_file(tmp_path / "tkr.xlsx"))
    kr = pipeline.calculate(pipeline.check_file(tmp_path / "kr.xlsx"))
    assert [f.total for f in tkr] == [f.total for f in kr]


def test_kanslighet(workbook, capsys):
    assert main(["känslighet", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "Löneökning +1 procentenhet" in out
    assert "Volym Förskola (FSN) −1 %" in out
    assert "Σ ramar − utrymme efter ändringen" in out
    assert main(["känslighet", str(workbook), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {"scenario", "nämnd", "år", "förändring"} == set(found["ramar"][0])
    wages = [r for r in found["ramar"] if r["scenario"] == "Löneökning +1 procentenhet" and r["år"] == 2027]
    assert all(r["förändring"] > 0 for r in wages)


def test_a_command_collects_garbage_less_often_and_restores_the_setting(tmp_path, monkeypatch):
    before = gc.get_threshold()
    seen = []
    monkeypatch.setattr("ramkalk.cli.frames.cmd_exempel", lambda args: seen.append(gc.get_threshold()) or 0)
    assert main(["exempel", str(tmp_path / "x.xlsx")]) == 0
    assert seen == [(COLLECT_AFTER, *before[1:])] and COLLECT_AFTER > before[0]
    assert gc.get_threshold() == before

    with pytest.raises(RuntimeError), fewer_collections(12_345):
        assert gc.get_threshold()[0] == 12_345
        raise RuntimeError("the command failed")
    assert gc.get_threshold() == before


def test_the_summary_of_problems_counts_in_swedish():
    def some(errors: int, warnings: int) -> list[Problem]:
        return [error(Source("a.xlsx"), "x")] * errors + [warning(Source("a.xlsx"), "y")] * warnings

    assert [problems_summary(some(*counts)) for counts in ((0, 0), (1, 1), (2, 0), (0, 2))] == [
        "Inga fel hittades.", "1 fel och 1 varning.", "2 fel och 0 varningar.", "0 fel och 2 varningar."]


@pytest.mark.parametrize("command", [["beräkna"], ["modellbeskrivning"]])
def test_an_output_never_replaces_the_planning_workbook_or_a_template(workbook, tmp_path, capsys, command):
    template = tmp_path / "Planeringsunderlag_GSN_2027.xlsx"
    assert main(["underlag", str(workbook), "--ut", str(tmp_path)]) == 0
    what = {"beräkna": "resultatet", "modellbeskrivning": "beskrivningen"}[command[0]]
    before = sha256(workbook), sha256(template)
    capsys.readouterr()
    assert main([*command, str(workbook), "--ut", str(workbook)]) == 2
    assert capsys.readouterr().err == (f"{workbook}: {what} får inte skrivas över planeringsarbetsboken; välj ett "
                                       "annat filnamn\n")
    assert main([*command, str(workbook), "--ut", str(template)]) == 2
    assert capsys.readouterr().err == (f"{template}: {what} får inte skrivas över ett planeringsunderlag (filen har "
                                       "bladet Identitet); välj ett annat filnamn\n")
    assert (sha256(workbook), sha256(template)) == before


@pytest.mark.parametrize("arguments, message", [
    (["arkiv", "--arkiv", "a.sqlite", "--exportera", "x", "--ut", "y.xlsx"],
     "argument --exportera: väntade ett heltal, fick 'x'"),
    (["fastställ", "a.xlsx", "--version", "Juni", "--datum", "igår"],
     'argument --datum: väntade ett datum ÅÅÅÅ-MM-DD, fick "igår"'),
    (["konsolidera", "a.xlsx", "--ut", "s.xlsx", "--max-storlek", "-5"],
     'argument --max-storlek: väntade ett antal MB större än 0, fick "-5"'),
    (["konsolidera", "a.xlsx", "--ut", "s.xlsx", "--max-storlek", "femtio"],
     'argument --max-storlek: väntade ett antal MB större än 0, fick "femtio"'),
])
def test_a_wrong_value_on_the_command_line_is_explained_in_swedish(capsys, arguments, message):
    with pytest.raises(SystemExit) as exit_code:
        main(arguments)
    assert exit_code.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"ramkalk {arguments[0]}: fel: {message}"


@pytest.mark.parametrize("exc, text", [
    (PermissionError(13, "Permission denied", "tmp123.xlsx", None, "resultat.xlsx"),  # (os.replace: the second)
     "resultat.xlsx: åtkomst nekad: filen är öppen i ett annat program (till exempel Excel) eller skrivskyddad; "
     "stäng den eller välj en annan fil och försök igen"),
    (FileNotFoundError(2, "No such file or directory", "saknas.xlsx"), "saknas.xlsx: filen eller mappen finns inte"),
    (OSError(28, "No space left on device", "s.xlsx"), "s.xlsx: disken är full"),
    (OSError(5, "Input/output error", "s.xlsx"),
     "s.xlsx: filen kunde inte läsas eller skrivas (teknisk orsak: Input/output error)"),
    (OSError("s.xlsx: filen ändrades medan den lästes in; kör igen"),  # (ours: no file name of its own)
     "s.xlsx: filen ändrades medan den lästes in; kör igen"),
])
def test_a_file_that_cannot_be_read_or_written_is_explained(exc, text):
    assert file_error(exc) == text


def test_a_result_that_cannot_be_written_ends_with_a_message_not_a_traceback(workbook, tmp_path, capsys, monkeypatch):
    out = tmp_path / "resultat.xlsx"

    def locked(calculation, path, problems, with_sensitivity):  # as os.replace fails on Windows when Excel has the file open
        raise PermissionError(13, "Permission denied", str(path), None, str(out))

    monkeypatch.setattr("ramkalk.report.result_workbook.write_result_workbook", locked)
    assert main(["beräkna", str(workbook), "--ut", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"{out}: åtkomst nekad: filen är öppen i ett annat")
    assert not out.exists() and list(tmp_path.glob("*.xlsx")) == [workbook]


def test_exempel_writes_the_large_city_on_request(tmp_path, capsys):
    out = tmp_path / "storstad.xlsx"
    assert main(["exempel", str(out), "--storlek", "stor"]) == 0
    assert "Storstad" in capsys.readouterr().out
    assert main(["kontrollera", str(out)]) == 0
    assert capsys.readouterr().out == ""  # no problem, not even a warning
    assert main(["exempel", str(tmp_path / "x.xlsx"), "--skala", "2"]) == 2
    assert "--skala gäller bara --storlek stor" in capsys.readouterr().err
