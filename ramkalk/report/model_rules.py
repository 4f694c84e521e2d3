"""The model description's rules: each rule in words and as a formula, with the municipality's
own settings, and a worked example from one of its own frames (the line of the explanation
that rule produced, with its inputs). The words are the components' own (`ramkalk.rules.components`)
and follow docs/ramberakning.md. The template `html/rules.html.j2` lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ramkalk.calculation.frames import Calculation
from ramkalk.core.explanation import input_text, value_text
from ramkalk.core.frame import BASE, EFFICIENCY, INDEXATION, PRICE_TAG_PREFIX, TECHNICAL_BASE, Frame, Input, Line
from ramkalk.report.html_parts import Number, Piece, Row, amount, number_text, row, rule, share, value
from ramkalk.rules import components
from ramkalk.rules.indexation import index_parts
from ramkalk.rules.standard_costs import comparisons
from ramkalk.schema.inputs import Committee, FrameModel, WageBasis


@dataclass(frozen=True)
class ExampleLine:
    """A line of a frame's explanation: label = amount (kr); its rule and inputs."""

    label: str
    amount: Number
    rule: str
    inputs: tuple[Piece, ...]


@dataclass(frozen=True)
class Example:
    """A worked example: the line `component` of committee `name`'s frame for `year`, with its details."""

    name: str
    year: int
    line: ExampleLine
    details: tuple[ExampleLine, ...]


@dataclass(frozen=True)
class Rule:
    """A rule: its name, words and formula, and an example; `index_parts` (rows: part, share of
    the costs, increase, rule) and `index_caption` for the indexation."""

    name: str
    words: str
    formula: str
    example: Example
    index_parts: tuple[Row, ...] = ()
    index_caption: str = ""
    table: Table | None = None
    """The inputs the rule reads beyond the Index sheet (e.g. Nämndsatser), as a table."""


@dataclass(frozen=True)
class Table:
    """A table under a rule: its headings, rows, the columns aligned as numbers and its caption."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: tuple[int, ...]
    caption: str


def input_pieces(key: str, item: Input) -> tuple[Piece, ...]:
    """"name = value (Blad!B5; källa)" with the value exact in data-v."""
    shown = value_text(item)
    place = input_text(item)[len(f"{item.name} = {shown}"):]
    number = value(key, item.value, shown) if isinstance(item.value, Decimal) else shown
    return (f"{item.name} = ", number, place)


def inputs_pieces(key: str, line: Line) -> tuple[Piece, ...]:
    """Every input of `line`, separated by "; "."""
    found: list[Piece] = []
    for index, item in enumerate(line.inputs):
        found += [*(["; "] if index else []), *input_pieces(f"{key}/indata/{index}", item)]
    return tuple(p for p in found if p != "")


def example(frame: Frame, component: str, name: str) -> Example:
    """The line `component` of `frame` as a worked example, amounts in kr, with its details."""
    index, line = next((i, line) for i, line in enumerate(frame.lines) if line.component.startswith(component))
    key = f"exempel/{frame.model}/{frame.committee}/{frame.year}/{index}"
    return Example(name, frame.year, _example_line(key, line),
                   tuple(_example_line(f"{key}/{d}", detail) for d, detail in enumerate(line.details)))


def _example_line(key: str, line: Line) -> ExampleLine:
    return ExampleLine(line.label, amount(key, line.amount, unit="kr"), line.rule, inputs_pieces(key, line))


def _example_committee(calculation: Calculation, model: FrameModel) -> Committee | None:
    lookups = calculation.lookups
    of_model = [c for c in calculation.data.committees if c.model is model]
    return next((c for c in of_model if lookups.groups_of(c)), of_model[0] if of_model else None)


def _index_parts(calculation: Calculation, committee: Committee) -> tuple[Row, ...]:
    """Rows: part, share of the costs, increase, rule."""
    year = calculation.data.settings.budget_year
    key = f"indexdel/{committee.code}/{year}"
    return tuple(row(p.label, share(f"{key}/{i}/andel", p.share), share(f"{key}/{i}/ökning", p.rate), rule(p.rule))
                 for i, p in enumerate(index_parts(committee, year, calculation.lookups)))


def _committee_rates(calculation: Calculation) -> Table | None:
    """The committees' own rates (Nämndsatser): committee, year, efficiency requirement, wages, prices, source."""
    found = calculation.data.committee_rates
    if not found:
        return None
    rows = tuple(row(r.committee, str(r.year),
                     share(f"nämndsats/{i}/eff", r.efficiency) if r.efficiency is not None else "enligt Index",
                     "Ja" if r.wages else "Nej", "Ja" if r.prices else "Nej", rule(r.reference))
                 for i, r in enumerate(found))
    return Table(("Nämnd", "År", "Effektiviseringskrav", "Löneuppräkning", "Prisuppräkning", "Källa"), rows, (2,),
                 "Nämndernas egna satser (bladet Nämndsatser)")


def _wage_years(calculation: Calculation) -> Table | None:
    """The years whose wage increase has its own revision month or is given for the whole year (Index)."""
    data = calculation.data
    found = [r for r in data.index if r.revision_month is not None or r.wage_basis is WageBasis.FULL_YEAR]
    if not found:
        return None
    setting = data.settings.pay_revision_month
    rows = tuple(row(str(r.year), share(f"lönerevision/{r.year}/lön", r.wage_increase),
                     "Helår" if r.wage_basis is WageBasis.FULL_YEAR else "Revision",
                     "" if r.wage_basis is WageBasis.FULL_YEAR else str(r.revision_month or setting))
                 for r in found)
    return Table(("År", "Löneökning", "Avser", "Revisionsmånad"), rows, (1, 3),
                 f"År med egen revisionsmånad eller helårsökning (bladet Index; inställningen Lönerevision"
                 f" (månad) = {setting})")


def _frame_parts(calculation: Calculation) -> Table | None:
    """The parts of frames with rules of their own (Ramdelar)."""
    found = calculation.data.frame_parts
    if not found:
        return None
    year = calculation.data.settings.budget_year - 1
    rows = tuple(row(p.committee, p.name, amount(f"ramdel/{i}", p.amount, unit="kr"),
                     p.indexation.value + (f" ({p.cost_type})" if p.cost_type else ""), "Ja" if p.efficiency else "Nej")
                 for i, p in enumerate(found))
    return Table(("Nämnd", "Del", f"Belopp {year}, kr", "Uppräkning", "Effektivisering"), rows, (2,),
                 "Ramdelar med egna regler (bladet Ramdelar): de tas ur basen och förs vidare efter sina regler")


TABLES = {BASE: _frame_parts, EFFICIENCY: _committee_rates, INDEXATION: _wage_years}
"""Component key -> the table of the inputs its rule reads beyond the Index sheet, if the workbook has any."""


def rules_section(calculation: Calculation) -> dict:
    """Every rule of both models and of the balance, in words, as a formula and by example."""
    settings = calculation.data.settings
    words, room_formula = components.BALANCING.description(settings)
    return {"budget_year": settings.budget_year, "years": list(settings.years),
            "traditional": _traditional(calculation), "price_tag": _price_tag(calculation),
            "supplements": _supplements(calculation), "balancing": {"words": words, "formula": room_formula}}


def _traditional(calculation: Calculation) -> dict:
    committee = _example_committee(calculation, FrameModel.TRADITIONAL) or calculation.data.committees[0]
    year = calculation.data.settings.budget_year
    frame = calculation.frame(committee.code, year, FrameModel.TRADITIONAL)
    rules = []
    for component in components.TRADITIONAL:
        words, text = component.description(calculation.data.settings)
        indexation = component.key == INDEXATION
        rules.append(Rule(component.name, words, text, example(frame, component.key, committee.code),
                          _index_parts(calculation, committee) if indexation else (),
                          f"Indexets delar för {committee.code} {year}" if indexation else "",
                          TABLES[component.key](calculation) if component.key in TABLES else None))
    return {"users": [c.code for c in calculation.data.committees if c.model is FrameModel.TRADITIONAL],
            "committee": f"{committee.code} {committee.name}",
            "formula": "ram(c, t) = " + " + ".join(c.key for c in components.TRADITIONAL), "rules": rules}


def _price_tag(calculation: Calculation) -> dict:
    committee = _example_committee(calculation, FrameModel.PRICE_TAG)
    words, formula = components.component(PRICE_TAG_PREFIX).description(calculation.data.settings)
    examples = []
    if committee is not None:
        frame = calculation.frame(committee.code, calculation.data.settings.budget_year, FrameModel.PRICE_TAG)
        if calculation.lookups.groups_of(committee):
            examples.append(example(frame, PRICE_TAG_PREFIX, committee.code))
        examples.append(example(frame, TECHNICAL_BASE, committee.code))
    return {"users": [c.code for c in calculation.data.committees if c.model is FrameModel.PRICE_TAG],
            "words": words, "formula": formula, "examples": examples, "table": _standard_costs(calculation)}


def _standard_costs(calculation: Calculation) -> Table | None:
    """Each price-tag committee's cost per inhabitant against the standard cost (`ramkalk.rules.standard_costs`)."""
    found = comparisons(calculation.lookups, lambda code, year: calculation.frame(code, year).total)
    if not found:
        return None
    rows = tuple(row(c.committee, str(c.year), ", ".join(s.activity for s in c.costs),
                     value(f"standard/{c.committee}/{c.year}/invånare", c.inhabitants, number_text(c.inhabitants, 0)),
                     amount(f"standard/{c.committee}/{c.year}/per-invånare", c.per_inhabitant, unit="kr"),
                     amount(f"standard/{c.committee}/{c.year}/standard", c.standard, unit="kr"),
                     amount(f"standard/{c.committee}/{c.year}/skillnad", c.difference, unit="kr"),
                     amount(f"standard/{c.committee}/{c.year}/skillnad-tkr", c.difference_kronor),
                     rule("; ".join(s.reference for s in c.costs if s.reference)))
                 for c in found)
    return Table(("Nämnd", "År", "Verksamheter", "Invånare", "Kostnad per invånare, kr", "Standardkostnad, kr",
                  "Skillnad per invånare, kr", "Skillnad, tkr", "Källa"), rows, (3, 4, 5, 6, 7),
                 "Kostnad per invånare (ramen / befolkningen 31/12) mot standardkostnaden (bladet Standardkostnader)")


def _supplements(calculation: Calculation) -> list[Rule]:
    """The supplement rules the workbook uses, each with an example from the first frame that has it."""
    year = calculation.data.settings.budget_year
    found = []
    for component in components.supplements():
        frames = (calculation.frame(c.code, year, c.model) for c in calculation.data.committees)
        frame = next((f for f in frames if component.key in f.components()), None)
        if frame is not None:
            words, text = component.description(calculation.data.settings)
            found.append(Rule(component.name, words, text, example(frame, component.key, frame.committee)))
    return found
