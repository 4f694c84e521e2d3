"""Any number of plan years the docs allow (0–20) works in every command; with 0 the budget
year stands alone. (`Antal planår` 0 used to end `beräkna` in an IndexError.)"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ramkalk.cli import main

BUDGET_YEAR = 2027


@pytest.fixture(scope="module", params=[0, 1, 20])
def workbook(request, tmp_path_factory) -> tuple[int, Path]:
    folder = tmp_path_factory.mktemp(f"planar{request.param}")
    path = folder / "plan.xlsx"
    assert main(["exempel", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    for key, value in book["Inställningar"].iter_rows(min_row=2):
        if key.value == "Antal planår":
            value.value = request.param
    book.save(path)
    return request.param, path


COMMANDS = [
    ["kontrollera"], ["beräkna"], ["beräkna", "--jämför"], ["beräkna", "--ut", "{out}/resultat.xlsx"],
    ["känslighet"], ["förklara", "GSN", "2027"], ["modellbeskrivning", "--ut", "{out}/modell.html"],
    ["underlag", "--ut", "{out}/underlag"], ["jämför", "Juni", "November"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_runs_with_any_allowed_number_of_plan_years(workbook, command, capsys):
    plan_years, path = workbook
    arguments = [command[0], str(path), *(a.format(out=path.parent) for a in command[1:])]
    code = main(arguments)
    # Exempelstad has index and population up to 2030: with 20 plan years the workbook lacks
    # data for the later years, which kontrollera names (exit 1); never a traceback.
    assert code == (0 if plan_years <= 3 else 1), capsys.readouterr()


def test_the_json_has_the_budget_year_and_the_plan_years(workbook, capsys):
    plan_years, path = workbook
    if plan_years > 3:
        return  # (Exempelstad lacks the data: see above)
    capsys.readouterr()
    assert main(["beräkna", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for committee in {row["nämnd"] for row in rows}:
        years = sorted(row["år"] for row in rows if row["nämnd"] == committee)
        assert years == list(range(BUDGET_YEAR, BUDGET_YEAR + plan_years + 1))
