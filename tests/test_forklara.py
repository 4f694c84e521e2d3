"""`ramkalk förklara ARBETSBOK NÄMND ÅR`: one frame's explanation line by line in the terminal."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from ramkalk.cli import main
from ramkalk.schema.inputs import FrameModel
from ramkalk.workbook import pipeline

AMOUNT = re.compile(r"^(?P<indent> *)(?P<label>\S.*?)\s{2,}(?P<amount>−?[\d\u00a0]+)$")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("förklara") / "exempelstad.xlsx"
    assert main(["exempel", str(path)]) == 0
    return path


def _amounts(out: str) -> list[tuple[int, str, Decimal]]:
    """(depth, label, kr) of every line with an amount."""
    found = []
    for line in out.splitlines():
        match = AMOUNT.match(line)
        if match:
            number = match["amount"].replace("\u00a0", "").replace("−", "-")
            found.append((len(match["indent"]) // 4, match["label"], Decimal(number)))
    return found


def test_explains_a_frame_line_by_line_with_rules_inputs_and_details(workbook, capsys):
    assert main(["förklara", str(workbook), "GSN", "2027"]) == 0
    out = capsys.readouterr().out
    frame = pipeline.calculate_all(pipeline.check_file(workbook)).frame("GSN", 2027)
    assert out.startswith("GSN Grundskolenämnden: ram 2027 enligt den traditionella modellen (kr)")
    amounts = _amounts(out)
    components = [(label, kr) for depth, label, kr in amounts if depth == 0]
    assert components[-2:] == [("Ram 2027", frame.total), ("varav engångs", frame.one_off)]
    assert components[:-2] == [(line.label, line.amount) for line in frame.lines]
    assert sum(line.amount for line in frame.lines) == frame.total
    details = [(label, kr) for depth, label, kr in amounts if depth == 1]
    assert details == [(d.label, d.amount) for line in frame.lines for d in line.details]
    assert "    regel: ram 2026 − engångs 2026" in out
    assert re.search(r"    indata: ram 2026 = 1\u00a0451\u00a0800\u00a0000 kr \(Ramar!C\d+\)", out)
    assert "(Index!B8; SKR cirkulär 26:41" in out  # the version Oktober's row for 2027


def test_another_model_and_a_lower_case_code(workbook, capsys):
    assert main(["förklara", str(workbook), "gsn", "2028", "--modell", "prislapp"]) == 0
    out = capsys.readouterr().out
    frame = pipeline.calculate_all(pipeline.check_file(workbook)).frame("GSN", 2028, FrameModel.PRICE_TAG)
    assert out.startswith("GSN Grundskolenämnden: ram 2028 enligt prislappsmodellen (kr)")
    assert ("Ram 2028", frame.total) in [(label, kr) for _depth, label, kr in _amounts(out)]


@pytest.mark.parametrize("committee, year, message", [
    ("XYZ", "2027", 'okänd nämnd "XYZ"; kända nämnder: KS, FSN, GSN, GYN, VÄN, SON, IFO, KFN, SBN, TN, MSN'),
    ("GSN", "2026", "2026 är inte ett beräknat år; ramarna beräknas för 2027–2030"),
    ("GSN", "2031", "2031 är inte ett beräknat år; ramarna beräknas för 2027–2030"),
    ("GSN", "nästa år", "nästa år är inte ett beräknat år; ramarna beräknas för 2027–2030"),
])
def test_unknown_committee_or_year_says_what_is_known_and_exits_1(workbook, capsys, committee, year, message):
    assert main(["förklara", str(workbook), committee, year]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"{workbook}: {message}"
