"""One rounding rule for tkr: the same frame shows the same tkr in every output, and a sum of
frames is the sum of the frames shown (docs/ramberakning.md, "Visning i tkr")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from ramkalk.cli import main
from ramkalk.core.display import round_total
from ramkalk.templates.layout import FRAME, FRAME_SUMMARY


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("avrundning")
    assert main(["exempel", str(folder / "plan.xlsx")]) == 0
    assert main(["underlag", str(folder / "plan.xlsx"), "--ut", str(folder / "underlag")]) == 0
    return folder


def test_a_frame_shows_the_same_tkr_in_beräkna_and_in_its_template(outputs, capsys):
    capsys.readouterr()
    assert main(["beräkna", str(outputs / "plan.xlsx"), "--json", "--version", "Juni"]) == 0
    frames = {(row["nämnd"], row["år"]): round_total(row["ram"]) for row in json.loads(capsys.readouterr().out)}
    assert main(["beräkna", str(outputs / "plan.xlsx"), "--version", "Juni"]) == 0
    table = capsys.readouterr().out.splitlines()
    summa = re.findall(r"[−-]?\d{1,3}(?:\u00a0\d{3})*", next(line for line in table if line.startswith("Summa")))
    years = sorted({year for _, year in frames})
    templates = sorted((outputs / "underlag").glob("*.xlsx"))
    assert len(templates) == len({code for code, _ in frames})
    in_templates = {year: 0 for year in years}
    for path in templates:
        ws = openpyxl.load_workbook(path)[FRAME]
        code = next(code for code, _ in frames if f"_{code}_" in path.name)
        for index, year in enumerate(years):
            shown = ws[FRAME_SUMMARY.address("frame", index)].value
            assert shown == frames[(code, year)], (path.name, year)
            in_templates[year] += shown
    # the sum of the committees' frames in their templates (version Juni, as underlag makes them) is beräkna's total
    assert [int(cell.replace("\u00a0", "").replace("−", "-")) for cell in summa] == [
        in_templates[year] for year in years]
