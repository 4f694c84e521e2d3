"""`ramkalk underlag` warns about dates that make no sense, in Swedish and at their place, and
writes the templates all the same (templates.options.date_warnings)."""

from __future__ import annotations

from datetime import date

import pytest

from ramkalk.cli import main
from ramkalk.core.problems import Severity, Source
from ramkalk.templates.options import Options, date_warnings

YEARS = (2027, 2028, 2029, 2030)
OPTION, SETTINGS = Source("--sista-dag"), Source("exempelstad.xlsx", "Inställningar")


@pytest.mark.parametrize(("created", "deadline", "expected"), [
    (date(2026, 6, 16), None, []),  # the default: 31 August of the year before
    (date(2026, 6, 16), date(2026, 9, 4), []),
    (date(2026, 6, 16), date(2026, 6, 16), []),  # due the day it is made: odd, but not before
    (date(2026, 6, 16), date(2026, 6, 1), [
        (OPTION, "sista dag att lämna underlaget, 2026-06-01, ligger före dagens datum 2026-06-16: nämnderna hinner "
                 "inte lämna det; ange en senare dag")]),
    (date(2026, 6, 16), date(2027, 2, 1), [
        (OPTION, "sista dag att lämna underlaget, 2027-02-01, ligger i budgetåret 2027 eller senare; underlaget ska "
                 "vara inne före budgetåret (som standard 2026-08-31)")]),
    (date(2026, 6, 16), date(2031, 8, 31), [
        (OPTION, "sista dag att lämna underlaget, 2031-08-31, ligger efter planperioden 2027–2030")]),
    (date(2024, 6, 16), date(2025, 8, 31), [
        (OPTION, "sista dag att lämna underlaget, 2025-08-31, ligger mer än ett år före budgetåret 2027")]),
    (date(2027, 3, 1), None, [
        (OPTION, "sista dag att lämna underlaget, 2026-08-31, ligger före dagens datum 2027-03-01: nämnderna hinner "
                 "inte lämna det; ange en senare dag"),
        (SETTINGS, "budgetåret 2027 har redan börjat (i dag är 2027-03-01): underlagen gäller ett år som pågår eller "
                   "har passerat")]),
])
def test_dates_that_make_no_sense_are_warned_about(created, deadline, expected):
    found = date_warnings(Options(deadline=deadline, created=created), YEARS, OPTION, SETTINGS)
    assert [(p.source, p.message) for p in found] == expected
    assert all(p.severity is Severity.WARNING for p in found)


def test_the_command_warns_and_writes_the_templates(tmp_path, capsys):
    workbook, out = tmp_path / "exempelstad.xlsx", tmp_path / "underlag"
    assert main(["exempel", str(workbook)]) == 0
    capsys.readouterr()
    assert main(["underlag", str(workbook), "--ut", str(out), "--sista-dag", "2026-01-15"]) == 0
    err = capsys.readouterr().err
    assert (f"--sista-dag 2026-01-15: sista dag att lämna underlaget, 2026-01-15, ligger före dagens datum "
            f"{date.today()}: nämnderna hinner inte lämna det; ange en senare dag (varning)") in err.splitlines()
    assert len(list(out.glob("Planeringsunderlag_*.xlsx"))) == 11


def test_an_impossible_date_is_refused_and_nothing_is_written(tmp_path, capsys):
    workbook, out = tmp_path / "exempelstad.xlsx", tmp_path / "underlag"
    assert main(["exempel", str(workbook)]) == 0
    with pytest.raises(SystemExit) as stopped:
        main(["underlag", str(workbook), "--ut", str(out), "--sista-dag", "2026-02-30"])
    assert stopped.value.code == 2 and not out.exists()
    assert "2026-02-30" in capsys.readouterr().err
