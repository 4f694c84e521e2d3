"""The registry of frame components (`ramkalk.rules.components`): every component has the words
every consumer shows, and a component added to the registry — its record and its rule, nothing
else — is computed, explained and shown by every consumer."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ramkalk.addin import functions
from ramkalk.calculation.frames import calculate
from ramkalk.cli import main
from ramkalk.core.explanation import base_line, change_lines, one_off_leaving, previous_frame
from ramkalk.core.frame import PRICE_TAG_PREFIX, Component, Input, Line
from ramkalk.example.municipality import exempelstad
from ramkalk.report.frame_text import frame_explanation
from ramkalk.report.model_description import model_description
from ramkalk.report.waterfall import waterfall
from ramkalk.rules import components
from ramkalk.schema.inputs import BalancingRule, EfficiencyBase, FrameModel, Settings
from ramkalk.templates.content import frame_content
from ramkalk.workbook.writer import write_workbook

SETTINGS = [SimpleNamespace(efficiency_base=e, balancing=b, price_tag_efficiency=t)
            for e in EfficiencyBase for b in BalancingRule for t in (True, False)]


@pytest.mark.parametrize("component", components.components(), ids=lambda c: c.key)
def test_every_component_has_every_text(component: Component):
    for text in (component.key, component.label, component.name, component.step_rule, component.words,
                 component.formula):
        assert text.strip(), component
    for settings in SETTINGS:
        words, formula = component.description(settings)
        assert words.strip() and formula.strip()
    if component in components.supplements():
        assert component.other_name and component.other_rule and component.optional


def test_keys_are_unique_and_found_by_key():
    keys = [c.key for c in components.components()]
    assert len(keys) == len(set(keys))
    for component in components.components():
        assert components.component(component.key) is component
    assert components.component(PRICE_TAG_PREFIX + "Grundskola") is components.component(PRICE_TAG_PREFIX)
    with pytest.raises(KeyError):
        components.component("hyresjustering")


def test_settings_choose_the_words_where_they_differ():
    efficiency = components.component("effektivisering")
    on_base, after = (efficiency.description(SimpleNamespace(efficiency_base=e))[1] for e in EfficiencyBase)
    assert on_base != after and "uppräkning" in after
    assert isinstance(Settings.__dataclass_fields__["efficiency_base"].default, EfficiencyBase)


# A component as a new engineer would add one: its record and its rule, in one module (here a
# namespace), listed in the registry. Every committee gets 1 000 kr a year for rent ("hyra").
RENT = Component(
    "hyresjustering", "Hyresjustering (lokaler)", "Hyresjustering", "hyran följer lokalindex",
    "Nämndens lokalhyra räknas om med lokalindex.", "hyresjustering = 1 000 kr",
    other_name="hyror", other_rule="lokalindex", optional=True)


def _rent_line(committee, year, lookups) -> Line:
    return Line(RENT.key, RENT.label, Decimal(1000), RENT.formula, (Input("hyra", Decimal(1000), unit="kr"),))


RENT_RULE = SimpleNamespace(COMPONENT=RENT, used=lambda lookups: True,
                            amount=lambda committee, year, lookups: Decimal(1000), line=_rent_line)


@pytest.fixture
def with_rent(monkeypatch):
    monkeypatch.setattr(components, "SUPPLEMENTS", (*components.SUPPLEMENTS, RENT_RULE))


def test_a_component_added_to_the_registry_reaches_every_consumer(with_rent, tmp_path, capsys):
    data = exempelstad()
    calculation = calculate(data)
    committee = data.committees[0]
    year = data.settings.budget_year
    frame = calculation.frame(committee.code, year)
    assert frame.component(RENT.key) == 1000
    assert any(line.component == RENT.key and line.label == RENT.label for line in frame.lines)
    assert sum(line.amount for line in frame.lines) == frame.total
    for model in FrameModel:  # both models get a supplement
        assert calculation.frame(committee.code, year, model).component(RENT.key) == 1000

    steps = waterfall(calculation, committee.code, year).steps
    step = next(s for s in steps if s.key == RENT.key)
    assert (step.label, step.rule, step.amount) == (RENT.name, RENT.step_rule, 1000)
    assert sum(s.amount for s in steps[:-1]) == steps[-1].amount

    assert RENT.label in frame_explanation(calculation, frame)
    html = model_description(calculation)
    assert RENT.name in html and RENT.words in html

    other = next(s for s in frame_content(calculation, committee).steps if "hyror" in s.label)
    assert "lokalindex" in other.rule

    assert RENT.key in functions._known_components(calculation, None)

    workbook = tmp_path / "e.xlsx"
    write_workbook(data, workbook)
    capsys.readouterr()
    assert main(["beräkna", str(workbook), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert all(item["komponenter"][RENT.key] == 1000 for item in found)


def test_sub_lines_are_selected_by_key_not_position():
    """Reordering a rule's sub-lines changes no consumer: they are found by their `part` key."""
    frame = calculate(exempelstad()).frames[0]
    base = base_line(frame)
    reordered = replace(base, details=base.details[::-1])
    shuffled = replace(frame, explain=lambda: tuple(reordered if line is base else line for line in frame.lines))
    assert previous_frame(shuffled) == previous_frame(frame)
    assert one_off_leaving(shuffled) == one_off_leaving(frame)
    assert sorted(line.label for line in change_lines(shuffled)) == sorted(line.label for line in change_lines(frame))
    with pytest.raises(KeyError):
        base.detail("okänd")
