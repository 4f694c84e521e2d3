"""The model description's rules: each rule in words and as a formula, with the municipality's
own settings, and a worked example from one of its own frames (the line of the explanation
that rule produced, with its inputs). The words are the components' own (`ramkalk.rules.components`)
and follow docs/ramberakning.md.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.calculation.frames import Calculation
from ramkalk.core.explanation import input_text, value_text
from ramkalk.report.html_parts import amount, esc, formula, paragraph, section, share, table, tag, value
from ramkalk.rules.indexation import index_parts
from ramkalk.schema.inputs import Committee, FrameModel
from ramkalk.core.frame import INDEXATION, PRICE_TAG_PREFIX, TECHNICAL_BASE, Frame, Input, Line
from ramkalk.rules import components

def input_html(key: str, item: Input) -> str:
    """"name = value (Blad!B5; källa)" with the value exact in data-v."""
    shown = value_text(item)
    place = input_text(item)[len(f"{item.name} = {shown}"):]
    number = value(key, item.value, shown) if isinstance(item.value, Decimal) else esc(shown)
    return f"{esc(item.name)} = {number}{esc(place)}"


def inputs_html(key: str, line: Line) -> str:
    return "; ".join(input_html(f"{key}/indata/{index}", item) for index, item in enumerate(line.inputs))


def example(frame: Frame, component: str, name: str) -> str:
    """The line `component` of `frame` as a worked example, amounts in kr, with its details."""
    index, line = next((i, line) for i, line in enumerate(frame.lines) if line.component.startswith(component))
    key = f"exempel/{frame.model}/{frame.committee}/{frame.year}/{index}"
    parts = [_example_line(key, line, f"Exempel, {name} {frame.year}: ")]
    parts += [_example_line(f"{key}/{d}", detail, "– varav ") for d, detail in enumerate(line.details)]
    return tag("p", "<br>".join(parts), class_="example")


def _example_line(key: str, line: Line, lead: str) -> str:
    inputs = f" Indata: {inputs_html(key, line)}." if line.inputs else ""
    return (f"{esc(lead)}{esc(line.label)} = {amount(key, line.amount, unit='kr')} kr. "
            f"Regel: {esc(line.rule)}.{inputs}")


def _example_committee(calculation: Calculation, model: FrameModel) -> Committee | None:
    lookups = calculation.lookups
    of_model = [c for c in calculation.data.committees if c.model is model]
    return next((c for c in of_model if lookups.groups_of(c)), of_model[0] if of_model else None)


def _index_parts_table(calculation: Calculation, committee: Committee) -> str:
    year = calculation.data.settings.budget_year
    parts = index_parts(committee, year, calculation.lookups)
    key = f"indexdel/{committee.code}/{year}"
    rows = [[esc(p.label), share(f"{key}/{i}/andel", p.share), share(f"{key}/{i}/ökning", p.rate),
             tag("td", esc(p.rule), class_="rule")] for i, p in enumerate(parts)]
    return table(["Del", "Andel av kostnaderna", "Ökning", "Regel"], rows,
                 f"Indexets delar för {committee.code} {year}", numeric=(1, 2))


def _rule(title: str, words: str, text: str, example_html: str, heading: str = "h3") -> str:
    return tag(heading, esc(title)) + paragraph(esc(words)) + formula(text) + example_html


def rules_section(calculation: Calculation) -> str:
    """Every rule of both models and of the balance, in words, as a formula and by example."""
    settings = calculation.data.settings
    plan = f" och planåren {settings.years[1]}–{settings.years[-1]}" if len(settings.years) > 1 else ""
    body = [paragraph(f"För nämnd c och år t: budgetåret {settings.budget_year}{plan}. Belopp beräknas i kronor, "
                      "varje beräknat belopp avrundas till hela kronor och ramen är exakt summan av sina rader.")]
    body.append(_traditional(calculation))
    body.append(_price_tag(calculation))
    body.append(_supplements(calculation))
    words, room_formula = components.BALANCING.description(settings)
    body.append(tag("h3", "Utrymme och balanseringskrav") + paragraph(esc(words)) + formula(room_formula))
    return section("regler", "Så beräknas ramen", "".join(body))


def _traditional(calculation: Calculation) -> str:
    committee = _example_committee(calculation, FrameModel.TRADITIONAL) or calculation.data.committees[0]
    frame = calculation.frame(committee.code, calculation.data.settings.budget_year, FrameModel.TRADITIONAL)
    users = [c.code for c in calculation.data.committees if c.model is FrameModel.TRADITIONAL]
    parts = [tag("h3", "Den traditionella rammodellen"),
             paragraph(esc(f"Används av: {', '.join(users) or 'ingen nämnd (beräknas för jämförelse)'}. "
                           f"Exemplen är {committee.code} {committee.name} enligt denna modell.")),
             formula("ram(c, t) = " + " + ".join(c.key for c in components.TRADITIONAL))]
    for number, component in enumerate(components.TRADITIONAL, start=1):
        words, text = component.description(calculation.data.settings)
        parts.append(_rule(f"{number}. {component.name}", words, text, example(frame, component.key, committee.code)))
        if component.key == INDEXATION:
            parts.append(_index_parts_table(calculation, committee))
    return "".join(parts)


def _price_tag(calculation: Calculation) -> str:
    committee = _example_committee(calculation, FrameModel.PRICE_TAG)
    users = [c.code for c in calculation.data.committees if c.model is FrameModel.PRICE_TAG]
    head = tag("h3", "Prislappsmodellen") + paragraph(esc(
        f"Används av: {', '.join(users)}. " if users else
        "Ingen nämnd använder prislappsmodellen; den beräknas ändå för varje nämnd, som jämförelse. "))
    tags = components.component(PRICE_TAG_PREFIX)
    body = paragraph(esc(tags.words)) + formula(tags.formula)
    if committee is None:
        return head + body
    frame = calculation.frame(committee.code, calculation.data.settings.budget_year, FrameModel.PRICE_TAG)
    examples = [example(frame, PRICE_TAG_PREFIX, committee.code)] if calculation.lookups.groups_of(committee) else []
    examples.append(example(frame, TECHNICAL_BASE, committee.code))
    return head + body + "".join(examples)


def _supplements(calculation: Calculation) -> str:
    """The supplement rules the workbook uses, each with an example from the first frame that has it."""
    year = calculation.data.settings.budget_year
    parts = []
    for component in components.supplements():
        frames = (calculation.frame(c.code, year, c.model) for c in calculation.data.committees)
        frame = next((f for f in frames if component.key in f.components()), None)
        if frame is not None:
            words, text = component.description(calculation.data.settings)
            parts.append(_rule(component.name, words, text, example(frame, component.key, frame.committee), "h4"))
    return tag("h3", "Tillägg i båda modellerna") + "".join(parts) if parts else ""
