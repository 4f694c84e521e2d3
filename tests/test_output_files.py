"""Every file a command writes goes through `ramkalk.cli.write_atomically`: a run killed while
writing leaves the target as it was and no file that a reader (or `konsolidera`) would take for a
workbook or a return; the next run writing into that folder removes our old leftovers, and only
ours."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from consolidation_support import copy, expected, filled, planning_workbook

from ramkalk.cli import main
from ramkalk.cli.common import LEFTOVER_SECONDS, TEMPORARY_NAME, write_atomically
from ramkalk.templates.archive import Archive
from ramkalk.templates.consolidation import files_in, not_read_in, receive

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": "", "PYTHONDONTWRITEBYTECODE": "1"}

# Runs `ramkalk`, but is killed (os._exit, as by a kill) when a file it writes is about to be
# moved into place (KILL=replace), or halfway through writing a workbook (KILL=save: openpyxl's
# save, or XlsxWriter's close, which writes the file).
KILLED_RUN = textwrap.dedent("""
    import os, sys
    import openpyxl
    import xlsxwriter

    def killed(*args, **kwargs):
        os._exit(9)

    def half_written(path):
        with open(path, "wb") as handle:
            handle.write(b"PK\\x03\\x04 half a workbook")
            handle.flush()
        killed()

    if os.environ["KILL"] == "replace":
        os.replace = killed
    else:
        openpyxl.Workbook.save = lambda book, path: half_written(path)
        xlsxwriter.Workbook.close = lambda book: half_written(book.filename)
    from ramkalk.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def killed_run(kill: str, *args: object) -> subprocess.CompletedProcess:
    process = subprocess.run([sys.executable, "-c", KILLED_RUN, *map(str, args)], cwd=ROOT,
                             env={**ENV, "KILL": kill}, capture_output=True, text=True, timeout=300)
    assert process.returncode == 9, process.stderr
    return process


def visible(folder: Path) -> list[str]:
    """The files of `folder` that a person or a reader would see (not hidden)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if TEMPORARY_NAME.fullmatch(p.name))


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_write_interrupted_midway_leaves_the_target_as_it_was_and_nothing_else(tmp_path):
    target = tmp_path / "resultat.xlsx"
    target.write_bytes(b"last run's result")

    def interrupted(path: Path) -> None:
        path.write_bytes(b"PK\x03\x04 half")
        raise KeyboardInterrupt  # (Ctrl+C)

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, interrupted)
    assert target.read_bytes() == b"last run's result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resultat.xlsx"]


def test_a_berakna_killed_while_writing_leaves_only_a_hidden_temporary_file_that_a_later_run_removes(tmp_path,
                                                                                                     capsys):
    out = tmp_path / "ut"
    out.mkdir()
    killed_run("save", "beräkna", planning_workbook(), "--ut", out / "resultat.xlsx")
    assert visible(out) == []  # no resultat.xlsx (not even 0 bytes), no tmpab12.xlsx
    [left] = leftovers(out)
    assert left.name.startswith(".~ramkalk-") and left.suffix == ".tmp"
    # another program's files, and a temporary file of a run that may still be writing, stay
    others = [out / ".~ramkalk-notours.xlsx", out / "tmpab12cd.xlsx", out / ".~lock.resultat.xlsx#"]
    for other in others:
        other.write_bytes(b"not ours")
        age(other, 2 * LEFTOVER_SECONDS)
    young = out / ".~ramkalk-young123.tmp"
    young.write_bytes(b"being written")
    age(left, 2 * LEFTOVER_SECONDS)
    assert main(["beräkna", str(planning_workbook()), "--ut", str(out / "resultat.xlsx")]) == 0
    capsys.readouterr()
    assert not left.exists() and young.exists() and all(other.exists() for other in others)
    assert (out / "resultat.xlsx").read_bytes().startswith(b"PK\x03\x04")
    assert leftovers(out) == [young]


def test_a_leftover_temporary_file_in_an_inbox_is_not_read_as_a_return(tmp_path, capsys):
    inbox = tmp_path / "inkommet"
    copy(filled()["GSN"], inbox)
    killed_run("save", "konsolidera", planning_workbook(), filled()["KS"], "--arkiv", tmp_path / "a.sqlite",
               "--ut", inbox / "sammanställning.xlsx")  # (killed writing the summary into the inbox)
    [left] = leftovers(inbox)
    copy(filled()["KS"], inbox, left.name.replace("ramkalk", "ramkalk0"))  # a whole workbook under such a name
    assert files_in([inbox]) == [inbox / "Planeringsunderlag_GSN_2027.xlsx"]
    assert not_read_in([inbox]) == []
    assert main(["konsolidera", str(planning_workbook()), str(inbox), "--arkiv", str(tmp_path / "b.sqlite"),
                 "--ut", str(tmp_path / "s.xlsx"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["fil"] for f in report["filer"]] == [str(inbox / "Planeringsunderlag_GSN_2027.xlsx")]
    assert report["lästes_inte"] == []


def exported_archive(folder: Path) -> Path:
    db = folder / "arkiv.sqlite"
    with Archive(db) as archive:
        receive([filled()["GSN"]], expected(), archive)
    return db


@pytest.mark.parametrize("command", ["exempel", "beräkna", "modellbeskrivning", "underlag", "konsolidera",
                                     "arkiv", "fastställ"])
def test_no_command_writes_a_file_but_through_a_temporary_file(tmp_path, command):
    """Killed when its first file is about to be moved into place, a command leaves nothing a
    reader would see in its output folder: any file written straight to its final name would."""
    out = tmp_path / "ut"
    out.mkdir()
    workbook = copy(planning_workbook(), tmp_path / "in")
    args = {
        "exempel": ("exempel", out / "exempelstad.xlsx"),
        "beräkna": ("beräkna", workbook, "--ut", out / "resultat.xlsx"),
        "modellbeskrivning": ("modellbeskrivning", workbook, "--ut", out / "modell.html"),
        "underlag": ("underlag", workbook, "--ut", out),
        "konsolidera": ("konsolidera", workbook, filled()["GSN"], "--arkiv", tmp_path / "a.sqlite",
                        "--ut", out / "s.xlsx"),
        "arkiv": ("arkiv", "--arkiv", exported_archive(tmp_path), "--exportera", 1, "--ut", out / "GSN.xlsx"),
        "fastställ": ("fastställ", workbook, "--version", "Juni", "--mapp", out),
    }[command]
    killed_run("replace", *args)
    assert visible(out) == []
    assert [p.suffix for p in leftovers(out)] == [".tmp"]
    assert visible(workbook.parent) == [workbook.name]
