"""The checksum of a template's prefilled values is derived from the content and the layout, both
when the template is generated and when a return is checked (`identity.generated_cells`): checking a
return never builds a template, and the two can never disagree."""

from __future__ import annotations

import dataclasses
import sys

import openpyxl
import pytest
from bad_returns import changed
from consolidation_support import copy, expected, fill_return, filled, planning_workbook, templates
from templates_support import OPTIONS, committee_content, exempelstad_calculation

from ramkalk.cli import main
from ramkalk.core.problems import Severity
from ramkalk.templates import generator, identity, return_checks
from ramkalk.templates.generator import build_template
from ramkalk.templates.layout import FRAME, VOLUMES
from ramkalk.templates.returned_file import open_return
from ramkalk.templates.returns import read_return

CODES = [c.code for c in exempelstad_calculation().data.committees]


@pytest.fixture
def no_template_built(monkeypatch):
    """`build_template` raises wherever a module of ramkalk holds it (also as `from … import`)."""
    def build(*args, **kwargs):
        raise AssertionError("a template was built")

    original = generator.build_template
    holders = [m for name, m in sys.modules.items()
               if name.startswith("ramkalk") and getattr(m, "build_template", None) is original]
    assert generator in holders
    for module in holders:
        monkeypatch.setattr(module, "build_template", build)


def test_konsolidera_names_a_changed_locked_cell_without_building_a_template(tmp_path, capsys, no_template_built):
    inbox = tmp_path / "inkommet"
    copy(filled()["GSN"], inbox)
    edited = changed(filled()["VÄN"], inbox / filled()["VÄN"].name, lambda b: b[FRAME].__setitem__("E5", 1500000))
    assert main(["konsolidera", str(planning_workbook()), str(inbox), "--arkiv", str(tmp_path / "a.sqlite"),
                 "--ut", str(tmp_path / "s.xlsx")]) == 1
    frame = f'{expected().frames["VÄN"][2]:,}'.replace(",", "\u00a0")
    out = capsys.readouterr().out
    assert f"{edited}:Ram!E5: låst cell har ändrats: väntade {frame}, fick 1\u00a0500\u00a0000\n" in out
    assert "Läste 2 filer: 1 godkänd (0 med varningar), 1 avvisad; 0 fanns redan i arkivet." in out


@pytest.mark.parametrize("code", CODES)
def test_the_checksum_written_is_the_one_derived_for_checking(code):
    path = templates()[code]
    derived = return_checks.template_cells(expected(), code)
    returned, saved = open_return(path).book, openpyxl.load_workbook(path)
    found = expected().layout
    assert list(identity.prefilled_cells(returned, found)) == list(identity.prefilled_cells(saved, found)) == derived
    recorded = identity.read_identity(returned)["checksum"]
    assert recorded == identity.checksum(returned, found) == identity.checksum_of(derived)


def test_the_lines_derived_are_those_of_the_workbook_as_built_in_each_model():
    for code in ("GSN", "FSN"):  # the traditional model and the price-tag model (technical frame, price tags)
        found = committee_content(code)
        book = build_template(found, OPTIONS)
        assert list(identity.prefilled_cells(book, expected().layout)) == identity.generated_cells(
            found, expected().layout)


def test_a_committee_without_volumes_has_no_volume_lines():
    found = dataclasses.replace(committee_content("GSN"), volumes=())
    book = build_template(found, OPTIONS)
    derived = identity.generated_cells(found, expected().layout)
    assert not any(sheet == VOLUMES for sheet, _cell, _line in derived)
    assert list(identity.prefilled_cells(book, expected().layout)) == derived


def test_a_changed_cell_cannot_be_named_when_the_planning_workbook_gives_other_values(tmp_path):
    # The template was made when GSN's first volume forecast was another: its checksum is not the
    # one the planning workbook gives now, so a changed locked cell cannot be named.
    found = committee_content("GSN")
    first = found.volumes[0]
    before = dataclasses.replace(found, volumes=(dataclasses.replace(first, forecast=first.forecast + 1),
                                                 *found.volumes[1:]))
    template = tmp_path / "mall.xlsx"
    build_template(before, OPTIONS).save(template)
    filled_in = fill_return(template, tmp_path / "ifylld.xlsx")
    path = changed(filled_in, tmp_path / "GSN.xlsx", lambda b: b[VOLUMES].__setitem__("F6", 1))
    read = read_return(open_return(path), expected())
    assert [str(p) for p in read.problems if p.severity is Severity.ERROR] == [
        f"{path}:Identitet!B11: förifyllda (låsta) värden har ändrats: kontrollsumman stämmer inte. Cellen kan "
        "inte pekas ut eftersom planeringsarbetsboken inte längre ger de förifyllda värden underlaget skapades med "
        "(den har ändrats sedan dess, eller underlaget skapades från en annan planeringsarbetsbok eller av en annan "
        "version av ramkalk); jämför med det utskickade underlaget"]
    unchanged = read_return(open_return(filled_in), expected())  # the same template, no cell changed: accepted
    assert not [p for p in unchanged.problems if p.severity is Severity.ERROR]
