"""The model description (`ramkalk modellbeskrivning`): every number equals the core's, the
document is self-contained and reproducible, and it renders in headless Chromium with every chart.

The document is made the way a user makes it: Exempelstad written as a planning workbook,
then the command run on that file. Numbers are read from the data attributes
(data-key, data-kr, data-v) and compared with the core's result for the same workbook.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import numpy
import pytest
from browser import screenshot
from conftest import worked_example
from exempelstad_runs import run_on_exempelstad
from small_workbook import smaby

from ramkalk.calculation.allocation import allocations
from ramkalk.cli import main
from ramkalk.core.explanation import statement
from ramkalk.core.frame import DECISIONS, EFFICIENCY, INDEXATION, VOLUME, Frame, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.example.municipality import exempelstad
from ramkalk.report.model_description import model_description
from ramkalk.rules import components
from ramkalk.rules.indexation import index_parts
from ramkalk.rules.standard_costs import comparisons
from ramkalk.schema.inputs import BalancingRule, EfficiencyBase, FrameModel
from ramkalk.workbook import pipeline

ROOT = Path(__file__).resolve().parent.parent
ARTEFACT = ROOT / "docs" / "modellbeskrivning.png"
WATERFALL_BLUE, POPULATION_PURPLE = (0x1F, 0x4E, 0x79), (0x70, 0x30, 0xA0)


class Number:
    def __init__(self, key: str, attributes: dict[str, str]) -> None:
        self.key, self.text = key, ""
        self.kr = Decimal(attributes["data-kr"]) if "data-kr" in attributes else None
        self.value = Decimal(attributes["data-v"]) if "data-v" in attributes else None
        self.unit = attributes.get("data-unit")

    @property
    def exact(self) -> Decimal:
        return self.kr if self.kr is not None else self.value

    @property
    def shown(self) -> Decimal:
        digits = re.sub(r"[\s\u00a0%]|kr$", "", self.text.strip()).replace("−", "-").replace(",", ".")
        return Decimal(digits)


class Numbers(HTMLParser):
    """Every element with data-key, and every numeric table cell (class "n") with its keys."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[Number] = []
        self.cells: list[tuple[str, int]] = []  # (text of a numeric cell, numbers inside it)
        self._open: Number | None = None
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "td" and attributes.get("class") == "n":
            self._cell = ["", 0]
        if "data-key" in attributes:
            self._open = Number(attributes["data-key"], attributes)
            self.numbers.append(self._open)
            if self._cell is not None:
                self._cell[1] += 1

    def handle_endtag(self, tag):
        self._open = None
        if tag == "td" and self._cell is not None:
            self.cells.append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.text += data
        if self._cell is not None:
            self._cell[0] += data


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    workbook, out, calculation = run_on_exempelstad(tmp_path_factory.mktemp("beskrivning"), "modellbeskrivning",
                                                    "modellbeskrivning.html")
    parser = Numbers()
    parser.feed(out.read_text(encoding="utf-8"))
    return out, calculation, parser, workbook


def _line_values(prefix: str, lines: tuple[Line, ...], found: dict) -> None:
    for index, line in enumerate(lines):
        key = f"{prefix}/{index}"
        found[key] = line.amount
        for number, item in enumerate(line.inputs):
            if isinstance(item.value, Decimal):
                found[f"{key}/indata/{number}"] = item.value
        _line_values(key, line.details, found)


def _frame_values(calculation, found: dict) -> None:
    years = calculation.data.settings.years
    for frame in calculation.frames:
        code, year = frame.committee, frame.year
        found[f"ram/{code}/{year}"] = frame.total
        found[f"engångs/{code}/{year}"] = frame.one_off
        for model in FrameModel:
            other = calculation.frame(code, year, model)
            _line_values(f"exempel/{other.model}/{code}/{year}", other.lines, found)
        found[f"traditionell/{code}/{year}"] = calculation.frame(code, year, FrameModel.TRADITIONAL).total
        found[f"prislappsram/{code}/{year}"] = calculation.frame(code, year, FrameModel.PRICE_TAG).total
        found[f"arv/{code}/{year}"] = found[f"traditionell/{code}/{year}"] - found[f"prislappsram/{code}/{year}"]
    for year in years:
        found[f"ramar/{year}"] = found[f"balans-ramar/{year}"] = sum(
            (f.total for f in calculation.frames if f.year == year), ZERO)
    first = years[0]
    for committee in calculation.data.committees:
        frames = [calculation.frame(committee.code, y) for y in years]
        _line_values(f"rad/{committee.code}/{first}", frames[0].lines, found)
        found[f"ram-kr/{committee.code}/{first}"] = frames[0].total
        _statement_values(committee.code, frames, found)
        _step_values(calculation, frames[0], found)


def _statement_values(code: str, frames: list[Frame], found: dict) -> None:
    made = statement(frames)
    opening = [made.opening.amount, *(f.carried_forward for f in frames[:-1])]
    for frame, start in zip(frames, opening):
        found[f"ingång/{code}/{frame.year}"] = start
        found[f"summa-förändringar/{code}/{frame.year}"] = frame.carried_forward - start
        found[f"teknisk/{code}/{frame.year}"] = frame.carried_forward
    for key, rows in ((f"förändring/{code}", made.changes), (f"prislapprad/{code}", made.tags)):
        for index, row in enumerate(rows):
            for year, amount in row.amounts.items():
                found[f"{key}/{index}/{year}"] = amount


def _step_values(calculation, frame: Frame, found: dict) -> None:
    """The waterfall from the adopted frame: the components, and the volume as what is left."""
    adopted = calculation.lookups.adopted_frame(frame.committee, frame.year - 1)
    key = f"steg/{frame.committee}/{frame.year}"
    steps = {"ram-före": round_krona(adopted.frame), "engångs": -round_krona(adopted.one_off),
             INDEXATION: frame.component(INDEXATION), EFFICIENCY: frame.component(EFFICIENCY),
             DECISIONS: frame.component(DECISIONS)}
    for component in (*(c.key for c in components.supplements()), components.BALANCING.key):
        if component in frame.components():
            steps[component] = frame.component(component)
    steps[VOLUME] = frame.total - sum(steps.values(), ZERO)
    if frame.model == "traditionell":
        assert steps[VOLUME] == frame.component(VOLUME)
    steps["ram"] = frame.total
    found.update({f"{key}/{name}": amount for name, amount in steps.items()})


def _input_values(calculation, found: dict) -> None:
    data, lookups = calculation.data, calculation.lookups
    for row in data.index:
        found.update({f"lön/{row.year}": row.wage_increase, f"pris/{row.year}": row.price_increase,
                      f"eff/{row.year}": row.efficiency, f"po/{row.year}": row.payroll_overhead})
    found.update({f"lönerevision/{row.year}/lön": row.wage_increase for row in data.index})
    found.update({f"nämndsats/{i}/eff": r.efficiency for i, r in enumerate(data.committee_rates)})
    found.update({f"ramdel/{i}": p.amount for i, p in enumerate(data.frame_parts)})
    for c in comparisons(lookups, lambda code, year: calculation.frame(code, year).total):
        key = f"standard/{c.committee}/{c.year}"
        found.update({f"{key}/invånare": c.inhabitants, f"{key}/per-invånare": c.per_inhabitant,
                      f"{key}/standard": c.standard, f"{key}/skillnad": c.difference,
                      f"{key}/skillnad-tkr": c.difference_kronor})
    found.update({f"kostnadsindex/{r.cost_type}/{r.year}": r.rate for r in data.cost_index})
    found.update({f"kostnadsandel/{s.committee}/{s.cost_type}": s.share for s in data.cost_structure})
    for c in data.committees:
        found[f"andel/{c.code}"] = c.wage_share
        for year in data.settings.years:
            found[f"index/{c.code}/{year}"] = lookups.blended_index(c, year)
            for index, part in enumerate(index_parts(c, year, lookups)):
                found[f"indexdel/{c.code}/{year}/{index}/andel"] = part.share
                found[f"indexdel/{c.code}/{year}/{index}/ökning"] = part.rate
    committees = {c.code: c for c in data.committees}
    for g in data.volume_groups:
        key = f"{g.committee}/{g.name}"
        found.update({f"ålder/{key}/från": g.age_from, f"ålder/{key}/till": g.age_to, f"vikt/{key}": g.weight,
                      f"kompensation/{key}": g.compensation, f"angiven-prislapp/{key}": g.price,
                      f"prisår/{key}": g.price_year})
        for year in range(data.settings.budget_year - 1, data.settings.years[-1] + 1):
            found[f"volym/{key}/{year}"] = lookups.volume(g, year)
            found[f"prislapp/{key}/{year}"] = lookups.price(committees[g.committee], g, year)
            found[f"prislappsmodellen/{key}/{year}"] = lookups.tag_price(committees[g.committee], g, year)
        for year in {row.year for row in data.population}:
            found[f"befolkning/{g.age_from}-{g.age_to}/{year}"] = lookups.population(year, g.age_from, g.age_to)


def _decision_values(calculation, found: dict) -> None:
    data = calculation.data
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for index, d in enumerate(data.decisions):
        if d.year in data.settings.years:
            found[f"beslut/{index}"] = d.amount
            for key in (f"typ/{d.kind.value}", f"fokus/{d.focus_area or 'Utan fokusområde'}", "beslut-summa",
                        "fokus-summa"):
                sums[f"{key}/{d.year}"] += d.amount
    decided = [d for d in data.decisions if d.year in data.settings.years]
    rows = {f"typ/{d.kind.value}" for d in decided} | {f"fokus/{area.name}" for area in data.focus_areas}
    rows |= {"fokus/Utan fokusområde" for d in decided if not d.focus_area}
    for row in rows | {"beslut-summa", "fokus-summa"}:  # a year without decisions in a row shows 0
        for year in data.settings.years:
            sums.setdefault(f"{row}/{year}", ZERO)
    found.update(sums)


def _balance_values(calculation, found: dict) -> None:
    for b in calculation.balances:
        found.update({f"utrymme/{b.year}": b.room.total, f"före/{b.year}": b.frames - b.balancing,
                      f"balansering/{b.year}": b.balancing, f"differens/{b.year}": b.gap,
                      f"avrundning/{b.year}": Decimal(0)})
        found.update({f"utrymmespost/{b.year}/{line.label}": line.amount for line in b.room.lines})


def _allocation_values(calculation, found: dict) -> None:
    """Resursfördelning (#24): each committee with units, its rates, units and central lines."""
    data = calculation.data
    for result in allocations(calculation):
        key = f"fördelning/{result.committee}"
        rule = next(r for r in data.allocation_rules if r.committee == result.committee)
        found.update({f"{key}/ram": result.frame, f"{key}/ram-tkr": result.frame,
                      f"{key}/reservandel": rule.reserve_share, f"{key}/strukturandel": rule.structural_share,
                      f"{key}/indexgräns": rule.index_threshold,
                      f"{key}/strukturbelopp": result.structural_rate and result.structural_rate.amount})
        found.update({f"{key}/belopp/{rate.category}": rate.amount for rate in result.rates})
        found.update({f"{key}/{line.component}": line.amount for line in result.central})
        indexes = {u.name: u.index for u in data.units if u.committee == result.committee}
        for unit in result.units:
            found.update({f"{key}/{unit.unit}/{line.component}": line.amount for line in unit.lines})
            found.update({f"{key}/{unit.unit}/summa": unit.total, f"{key}/{unit.unit}/avräkning": unit.reconciled,
                          f"{key}/{unit.unit}/index": indexes[unit.unit]})


def expected_numbers(calculation) -> dict[str, Decimal]:
    """What every data-key in the document should hold, from the core."""
    found: dict[str, Decimal] = {}
    for part in (_frame_values, _input_values, _decision_values, _balance_values, _allocation_values):
        part(calculation, found)
    return found


def test_every_number_in_the_document_equals_the_core(made):
    _out, calculation, parser, _ = made
    expected = expected_numbers(calculation)
    assert len(parser.numbers) > 1500
    unknown = sorted({n.key for n in parser.numbers} - set(expected))
    assert not unknown, f"tal i dokumentet som testet inte känner: {unknown[:10]}"
    wrong = [(n.key, n.exact, expected[n.key]) for n in parser.numbers if n.exact != expected[n.key]]
    assert not wrong, wrong[:10]
    shown = {n.key for n in parser.numbers}
    for must in ("ram/GSN/2027", "steg/FSN/2027/volym", "rad/GSN/2027/1/0", "prislapp/GSN/Grundskola/2030",
                 "befolkning/7-15/2030", "typ/Satsning/2028", "fokus/Trygghet/2030", "arv/FSN/2029",
                 "differens/2029", "lön/2027", "index/VÄN/2028", "beslut/0"):
        assert must in shown, must


def test_the_worked_example_of_the_domain_reads_2024660000(tmp_path):
    from conftest import worked_example

    calculation = pipeline.calculate_all(pipeline.check_data(worked_example()))
    parser = Numbers()
    parser.feed(model_description(calculation))
    frame = {n.key: n for n in parser.numbers}["ram-kr/GSN/2026"]
    assert (frame.kr, frame.text) == (Decimal(2_024_660_000), "2\u00a0024\u00a0660\u00a0000")
    assert {n.key: n for n in parser.numbers}["ram/GSN/2026"].text == "2\u00a0024\u00a0660"


def test_the_example_attributes_in_the_doc_are_in_the_document(made):
    """docs/modellbeskrivning.md quotes a number's data attributes: they are Exempelstad's."""
    _out, _calculation, parser, _ = made
    quoted = re.findall(r'`data-key="([^"]+)" data-kr="([^"]+)"`', (ROOT / "docs" / "modellbeskrivning.md").read_text())
    assert quoted
    found = {(n.key, n.kr) for n in parser.numbers}
    assert all((key, Decimal(kr)) in found for key, kr in quoted), quoted


def _without_volume_groups(data):
    """Every committee on the traditional model, without automatic volume or volume groups."""
    committees = tuple(dataclasses.replace(c, model=FrameModel.TRADITIONAL, automatic_volume=False)
                       for c in data.committees)
    amounts = tuple(dataclasses.replace(a, volume_group=None) for a in data.allocation_amounts)
    return dataclasses.replace(data, committees=committees, volume_groups=(), activities=(), participation=(),
                               allocation_amounts=amounts)


def _settings(data, **changes):
    return dataclasses.replace(data, settings=dataclasses.replace(data.settings, **changes))


@pytest.mark.parametrize("name, data, says", [
    ("ett år, en nämnd", lambda: worked_example(), ["Ingen nämnd använder prislappsmodellen"]),
    ("Småby", lambda: smaby(), ["Balans mot intäkterna", "Indexets delar för"]),
    ("utan volymgrupper", lambda: _without_volume_groups(exempelstad()),
     ["Arbetsboken har inga volymgrupper.", "Inga volymgrupper.", "Nämnden har ingen automatisk volym."]),
    ("proportionellt, bas efter uppräkning", lambda: _settings(
        exempelstad(), balancing=BalancingRule.PRO_RATA, efficiency_base=EfficiencyBase.BASE_AFTER_INDEXATION),
     ["Balanseringskrav", "Prislappsmodellen"]),
])
def test_other_municipalities_and_settings_are_described_with_the_cores_numbers(name, data, says):
    """The templates' other branches: numbers from the core, the texts of the branch, a chart per committee."""
    calculation = pipeline.calculate_all(pipeline.check_data(data()))
    text = model_description(calculation)
    parser = Numbers()
    parser.feed(text)
    expected = expected_numbers(calculation)
    assert parser.numbers
    wrong = [(n.key, n.exact, expected.get(n.key)) for n in parser.numbers if n.exact != expected.get(n.key)]
    assert not wrong, wrong[:10]
    assert all(phrase in text for phrase in says), [phrase for phrase in says if phrase not in text]
    charts = len(calculation.data.committees) + (1 if calculation.data.volume_groups else 0)
    assert text.count("<svg") == charts
    assert text.count('<section id="namnd-') == len(calculation.data.committees)
    assert ('<section id="balans"' in text) == bool(calculation.balances)


def test_shown_numbers_are_the_exact_ones_rounded(made):
    _out, _calculation, parser, _ = made
    for n in parser.numbers:
        if n.unit == "tkr":
            assert abs(n.shown - n.kr / 1000) <= 2, (n.key, n.text, n.kr)
        elif n.unit == "kr":
            assert abs(n.shown - n.kr) <= Decimal("0.5"), (n.key, n.text, n.kr)
        elif n.text.endswith("%"):
            assert abs(n.shown - n.value * 100) < Decimal("0.0001"), (n.key, n.text)
        else:
            assert abs(n.shown - n.value) < Decimal("0.051"), (n.key, n.text)


def test_shown_amounts_add_up(made):
    _out, calculation, parser, _ = made
    shown: dict[str, set[Decimal]] = defaultdict(set)
    for n in parser.numbers:
        shown[n.key].add(n.shown)
    one = {key: next(iter(values)) for key, values in shown.items()}
    assert all(len(values) == 1 for key, values in shown.items() if key.startswith("ram/")), "en ram visas olika"
    years = calculation.data.settings.years
    codes = [c.code for c in calculation.data.committees]
    for year in years:
        assert one[f"ramar/{year}"] == sum(one[f"ram/{code}/{year}"] for code in codes)
    for code in codes:
        steps = [n.shown for n in parser.numbers if n.key.startswith(f"steg/{code}/")]
        assert steps[0] + sum(steps[1:-1]) == steps[-1] == one[f"ram/{code}/{years[0]}"]
    for balance in calculation.balances:
        if balance.gap == 0:
            assert one[f"differens/{balance.year}"] == 0
        # every frame and the room rounded on their own: an explicit rounding row closes the sum
        frames_shown = sum(one[f"ram/{code}/{balance.year}"] for code in codes)
        rounding = one.get(f"avrundning/{balance.year}", 0)
        assert frames_shown - one[f"utrymme/{balance.year}"] == one[f"differens/{balance.year}"] + rounding


def test_every_numeric_cell_carries_its_number(made):
    _out, _calculation, parser, _ = made
    bare = [text for text, numbers in parser.cells if text.strip() and numbers == 0]
    assert not bare, bare[:10]


def test_the_document_is_self_contained_small_and_reproducible(made, tmp_path):
    out, calculation, _parser, workbook = made
    text = out.read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|url\(\s*['\"]?http|@import", text)
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', text))
    assert text.count("<svg") == len(calculation.data.committees) + 1
    assert "@page" in text and "break-before: page" in text
    again = tmp_path / "igen.html"
    environment = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=os.pathsep.join(sys.path))
    subprocess.run([sys.executable, "-m", "ramkalk", "modellbeskrivning", str(workbook), "--ut", str(again)],
                   check=True, env=environment, capture_output=True)
    assert again.read_bytes() == out.read_bytes()


class Elements(HTMLParser):
    """The document's elements outside the charts, (tag, attributes), and all its text, decoded."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, tuple]] = []
        self.text: list[str] = []
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        self._svg += tag == "svg"
        if not self._svg:
            self.elements.append((tag, tuple(name for name, _value in attrs)))

    def handle_endtag(self, tag):
        self._svg -= tag == "svg"

    def handle_data(self, data):
        self.text.append(data)


def _elements(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    return parser


def _renamed(data, code: str, new: str):
    """`data` with the committee `code` called `new` in every record that names it."""
    def rename(record):
        return dataclasses.replace(record, **{k: new for k in ("committee", "code") if getattr(record, k, None) == code})

    fields = {f.name: tuple(map(rename, getattr(data, f.name)))
              for f in dataclasses.fields(data) if isinstance(getattr(data, f.name), tuple)}
    return dataclasses.replace(data, **fields)


def test_text_from_the_workbook_is_escaped_everywhere():
    """Names, codes, descriptions and sources with HTML's special characters come out as text: in
    headings, cells, running text, data attributes and the charts' labels, and add no element."""
    data = exempelstad()
    hostile = {"name": "<b>Kultur & fritid</b>", "code": '<i>K&"F</i>', "description": "<script>alert('x')</script>",
               "source": 'SKR <a href="http://x">cirkulär</a> & PKV'}
    changed = _renamed(data, data.committees[1].code, hostile["code"])
    changed = dataclasses.replace(
        changed, committees=(dataclasses.replace(changed.committees[0], name=hostile["name"]), *changed.committees[1:]),
        decisions=tuple(dataclasses.replace(d, description=hostile["description"])  # a decision in every version
                        if d.description == data.decisions[0].description else d for d in changed.decisions),
        index=(dataclasses.replace(changed.index[0], reference=hostile["source"]), *changed.index[1:]))
    plain = _elements(model_description(pipeline.calculate_all(pipeline.check_data(data))))
    text = model_description(pipeline.calculate_all(pipeline.check_data(changed)))
    found = _elements(text)
    assert found.elements == plain.elements, "text from the workbook made or removed an element"
    for value in hostile.values():
        assert value not in text
    decoded = "".join(found.text)
    assert hostile["name"] in decoded and hostile["description"] in decoded and hostile["source"] in decoded
    keys = [n.key for n in _numbers(text)]
    assert f"ram/{hostile['code']}/2027" in keys
    assert 'aria-label="Från ram 2026 till ram 2027, &lt;i&gt;K&amp;&quot;F&lt;/i&gt;"' in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text


def _numbers(text: str) -> list[Number]:
    parser = Numbers()
    parser.feed(text)
    return parser.numbers


def test_the_process_marks_the_stage_of_this_version(made, tmp_path):
    _out, _calculation, _parser, workbook = made
    out = tmp_path / "november.html"
    assert main(["modellbeskrivning", str(workbook), "--ut", str(out), "--skede", "november"]) == 0
    current = re.search(r'<li class="current">([^<]*)</li>', out.read_text(encoding="utf-8")).group(1)
    assert current.startswith("Kommunfullmäktiges budgetbeslut (november 2026)")


def test_a_workbook_with_errors_gives_no_document(made, tmp_path, capsys):
    import openpyxl

    _out, _calculation, _parser, workbook = made
    book = openpyxl.load_workbook(workbook)
    book["Index"]["B2"] = "mycket"
    broken, out = tmp_path / "trasig.xlsx", tmp_path / "beskrivning.html"
    book.save(broken)
    assert main(["modellbeskrivning", str(broken), "--ut", str(out)]) == 1
    assert "Ingen beskrivning skrevs." in capsys.readouterr().err
    assert not out.exists()
    assert main(["modellbeskrivning", str(workbook), "--ut", str(workbook)]) == 2


def _bands(image: numpy.ndarray, colour: tuple[int, int, int], pixels: int, rows: int) -> list[tuple[int, int]]:
    """Runs of screenshot rows with at least `pixels` pixels of exactly `colour`."""
    hits = numpy.flatnonzero((image == colour).all(axis=2).sum(axis=1) >= pixels)
    runs: list[list[int]] = []
    for row in hits:
        if runs and row - runs[-1][1] <= 5:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [(start, end) for start, end in runs if end - start + 1 >= rows]


def test_the_page_renders_in_chromium_with_every_chart(made, tmp_path):
    out, calculation, _parser, _ = made
    page = numpy.asarray(screenshot(out, tmp_path / "hela.png", 1000, 60000, scale=0.5))
    content = numpy.flatnonzero((page != 255).any(axis=(1, 2)))
    assert 5000 < content[-1] < page.shape[0] - 50, "sidan ska synas och rymmas i skärmbilden"
    waterfalls = _bands(page, WATERFALL_BLUE, pixels=8, rows=10)
    assert len(waterfalls) == len(calculation.data.committees), waterfalls
    assert _bands(page, POPULATION_PURPLE, pixels=2, rows=1), "befolkningsdiagrammet syns inte"


def test_the_reviewed_screenshot_in_docs(made, tmp_path):
    """docs/modellbeskrivning.png: the top of the page (RAMKALK_UPDATE_SNAPSHOTS=1 makes it anew)."""
    out, *_ = made
    top = screenshot(out, tmp_path / "topp.png", 1000, 1300)
    assert numpy.asarray(top).std() > 20, "skärmbilden är tom"
    if os.environ.get("RAMKALK_UPDATE_SNAPSHOTS"):
        top.quantize(colors=48).save(ARTEFACT, optimize=True)
    assert ARTEFACT.exists(), "kör med RAMKALK_UPDATE_SNAPSHOTS=1 för att skapa docs/modellbeskrivning.png"
    assert ARTEFACT.stat().st_size < 250_000
