"""The model description (modellbeskrivning): one self-contained Swedish HTML document that
describes the municipality's allocation model with its actual parameters, generated from
the same `Calculation` the frames come from, so it cannot drift from the calculation.

Sections: the yearly process and where this version stands; the rules (`ramkalk.report.model_rules`);
the index; the committees and their index; the volume groups with ages, weights and price
tags; the population behind the volumes (chart); the decisions by type and focus area; the
frames of every committee; one section per committee (`ramkalk.report.model_description_committees`);
the balance against the revenues. Every number carries data attributes (`ramkalk.report.html_parts`).
Pure: `model_description` returns the text; the CLI writes it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Callable, Sequence

from ramkalk import __version__
from ramkalk.rules.balance import Balance
from ramkalk.calculation.frames import Calculation
from ramkalk.report.charts import Series, population_svg
from ramkalk.core.display import round_parts, round_total
from ramkalk.report.html_parts import amount, document, esc, number_text, paragraph, section, share, table, tag, value
from ramkalk.schema.inputs import PopulationKind
from ramkalk.report.model_description_committees import Shown, committee_sections, frame_amount, shown_frames
from ramkalk.report.model_rules import rules_section
from ramkalk.core.money import ZERO
from ramkalk.schema.process import DEFAULT_STAGE, PROCESS_STEPS



def model_description(calculation: Calculation, stage: str = DEFAULT_STAGE) -> str:
    """The whole HTML document for `calculation`, at the process step `stage` (see STAGES)."""
    data = calculation.data
    settings = data.settings
    shown = shown_frames(calculation)
    sections: list[tuple[str, str, str]] = [
        ("process", "Årsprocessen", _process(calculation, stage)),
        ("regler", "Så beräknas ramen", rules_section(calculation)),
        ("index", "Index", _index(calculation)),
        ("namnder", "Nämnderna", _committees(calculation)),
        ("volymgrupper", "Volymgrupper och prislappar", _volume_groups(calculation)),
        ("befolkning", "Befolkningen bakom volymerna", _population(calculation)),
        ("beslut", "Beslut", _decisions(calculation)),
        ("ramar", "Ramar per nämnd", _frames(calculation, shown)),
        *committee_sections(calculation, shown),
    ]
    if calculation.balances:
        sections.append(("balans", "Balans mot intäkterna", _balance(calculation, shown)))
    title = f"Resursfördelningsmodellen i {settings.municipality}"
    plan = f" med plan {settings.years[1]}–{settings.years[-1]}" if len(settings.years) > 1 else ""
    source = f" från {Path(data.file).name}" if data.file else ""
    header = tag("header", tag("h1", esc(title)) + paragraph(esc(
        f"Budget {settings.budget_year}{plan}. Beskrivningen är genererad av ramkalk {__version__}{source} "
        "med samma tal som ramarna beräknas med. Belopp i tkr om inget annat anges.")), class_="top")
    contents = tag("nav", tag("h2", "Innehåll") + tag("ol", "".join(
        tag("li", tag("a", esc(name), href=f"#{anchor}")) for anchor, name, _html in sections)))
    return document(f"{title}, budget {settings.budget_year}", header + contents + "".join(
        html for _anchor, _name, html in sections))


def _process(calculation: Calculation, stage: str) -> str:
    budget_year = calculation.data.settings.budget_year
    items = []
    for key, step, when, what in PROCESS_STEPS:
        text = f"{step} ({when.format(p=budget_year - 1)}): {what.format(t=budget_year)}"
        if key == stage:
            text += " ← den här versionen"
        items.append(tag("li", esc(text), class_="current" if key == stage else None))
    current = next(step for key, step, *_ in PROCESS_STEPS if key == stage)
    return section("process", "Årsprocessen", paragraph(esc(
        f"Budgeten för {budget_year} tas fram under {budget_year - 1} i stegen nedan; varje steg ger en version "
        f"av ramarna. Den här beskrivningen hör till steget {current.lower()}.")) + tag("ol", "".join(items),
                                                                                      class_="process"))


def _index(calculation: Calculation) -> str:
    data = calculation.data
    overhead = any(row.payroll_overhead is not None for row in data.index)
    head = ["År", "Löneökning", "Prisökning", "Effektiviseringskrav", *(["PO-pålägg"] if overhead else []),
            "Källa"]
    rows = []
    for row in sorted(data.index, key=lambda r: r.year):
        cells = [str(row.year), share(f"lön/{row.year}", row.wage_increase),
                 share(f"pris/{row.year}", row.price_increase), share(f"eff/{row.year}", row.efficiency)]
        if overhead:
            cells.append(share(f"po/{row.year}", row.payroll_overhead) if row.payroll_overhead is not None else "")
        rows.append([*cells, tag("td", esc(row.reference), class_="rule")])
    body = paragraph(esc("Årens löneökning, prisökning för övriga kostnader och generella effektiviseringskrav, "
                         "med källa. Varje nämnds index väger samman dem med nämndens personalkostnadsandel.")
                     ) + table(head, rows, numeric=range(1, len(head) - 1))
    if data.cost_index:
        rates = {(r.cost_type, r.year): r.rate for r in data.cost_index}
        body += _pivot("Kostnadsindex: ökning per kostnadsslag", "Kostnadsslag", rates, "kostnadsindex")
    return section("index", "Index", body)


def _pivot(caption: str, head: str, shares: dict[tuple[str, object], Decimal], key: str) -> str:
    """Rows by the first part of the keys, columns by the second, each cell a percentage."""
    rows, columns = list(dict.fromkeys(r for r, _c in shares)), list(dict.fromkeys(c for _r, c in shares))
    cells = [[esc(r), *[share(f"{key}/{r}/{c}", shares[(r, c)]) if (r, c) in shares else "" for c in columns]]
             for r in rows]
    return table([head, *map(str, columns)], cells, caption)


def _committees(calculation: Calculation) -> str:
    data, lookups = calculation.data, calculation.lookups
    years = data.settings.years
    rows = [[esc(c.code), esc(c.name), esc(c.model.value), share(f"andel/{c.code}", c.wage_share),
             "ja" if c.automatic_volume else "nej",
             *[share(f"index/{c.code}/{y}", lookups.blended_index(c, y)) for y in years]]
            for c in data.committees]
    body = paragraph("Varje nämnds modell, personalkostnadsandel och sammanvägda index per år (uppräkningen av "
                     "basen och av nämndens prislappar).")
    body += table(["Kod", "Nämnd", "Modell", "Personalkostnadsandel", "Automatisk volym",
                   *[f"Index {y}" for y in years]], rows, numeric=(3, *range(5, 5 + len(years))))
    if data.cost_structure:
        shares = {(s.committee, s.cost_type): s.share for s in data.cost_structure}
        body += _pivot("Kostnadsstruktur: andel av kostnaderna utöver personal", "Nämnd", shares, "kostnadsandel")
    return section("namnder", "Nämnderna", body)


def _volume_groups(calculation: Calculation) -> str:
    data, lookups = calculation.data, calculation.lookups
    if not data.volume_groups:
        return section("volymgrupper", "Volymgrupper och prislappar", paragraph("Arbetsboken har inga volymgrupper."))
    committees = {c.code: c for c in data.committees}
    years = (data.settings.budget_year - 1, *data.settings.years)
    groups, per_year = [], []
    for g in data.volume_groups:
        key = f"{g.committee}/{g.name}"
        groups.append([esc(g.committee), esc(g.name),
                       value(f"ålder/{key}/från", g.age_from) + "–" + value(f"ålder/{key}/till", g.age_to),
                       value(f"vikt/{key}", g.weight), esc(g.volume_definition.value),
                       share(f"kompensation/{key}", g.compensation),
                       amount(f"angiven-prislapp/{key}", g.price, unit="kr"),
                       value(f"prisår/{key}", g.price_year, str(g.price_year))])
        committee = committees[g.committee]
        per_year.append([esc(f"{g.committee} {g.name}: volym"),
                         *[value(f"volym/{key}/{y}", v, number_text(v, 1))
                           for y in years for v in (lookups.volume(g, y),)]])
        per_year.append([esc(f"{g.committee} {g.name}: prislapp (kr)"),
                         *[amount(f"prislapp/{key}/{y}", lookups.price(committee, g, y), unit="kr") for y in years]])
    body = paragraph(esc(
        "Volymen är vikten gånger befolkningen i gruppens åldrar (Årsskifte: den 31 december; Medel: medelvärdet "
        "av två årsskiften); en vikt under 1 kan vara en andel som deltar, över 1 ett tyngre behov. Prislappen "
        "gäller prisåret och räknas upp med nämndens index. Kompensationsgraden gäller den traditionella "
        "modellens volymförändring."))
    body += table(["Nämnd", "Grupp", "Åldrar", "Vikt", "Volymdefinition", "Kompensationsgrad", "Prislapp (kr)",
                   "Prisår"], groups, numeric=(2, 3, 5, 6, 7))
    body += table(["Grupp", *map(str, years)], per_year, "Volym och prislapp per år")
    return section("volymgrupper", "Volymgrupper och prislappar", body)


def _age_ranges(calculation: Calculation) -> dict[tuple[int, int], list[str]]:
    ranges: dict[tuple[int, int], list[str]] = defaultdict(list)
    for g in calculation.data.volume_groups:
        ranges[(g.age_from, g.age_to)].append(f"{g.name} ({g.committee})")
    return dict(ranges)


def _population(calculation: Calculation) -> str:
    data, lookups = calculation.data, calculation.lookups
    ranges = _age_ranges(calculation)
    if not ranges:
        return section("befolkning", "Befolkningen bakom volymerna", paragraph("Inga volymgrupper."))
    years = sorted({row.year for row in data.population})
    outcomes = {r.year for r in data.population if r.kind is PopulationKind.OUTCOME}
    forecast = [y for y in years if y not in outcomes]
    first_forecast = forecast[0] if forecast else None
    panels, rows = [], []
    for (low, high), names in ranges.items():
        label = f"{', '.join(names)}, {low}–{high} år"
        persons = [lookups.population(y, low, high) for y in years]
        panels.append(Series(label, tuple(years), tuple(float(p) for p in persons), first_forecast))
        rows.append([esc(label), *[value(f"befolkning/{low}-{high}/{y}", p) for y, p in zip(years, persons)]])
    chart = population_svg("Befolkning i volymgruppernas åldrar", panels, data.settings.budget_year)
    kinds = (f"utfall {years[0]}–{first_forecast - 1}, prognos {first_forecast}–{years[-1]}"
             if first_forecast and first_forecast > years[0] else "")
    text = ("Invånare den 31 december i varje volymgrupps åldrar" + (f" ({kinds})" if kinds else "")
            + ". Heldragen linje: utfall; streckad: prognos; lodrät linje: budgetåret.")
    body = (paragraph(esc(text)) + tag("figure", chart + tag("figcaption", esc(text)))
            + table(["Åldrar", *map(str, years)], rows))
    return section("befolkning", "Befolkningen bakom volymerna", body)


def _sum_table(head: str, groups: dict[str, dict[int, list[Decimal]]], years: Sequence[int],
               key: Callable[[str], str], total_key: str) -> str:
    """Rows of summed amounts per year (each amount rounded on its own) and a sum row."""
    rows, totals = [], {y: [] for y in years}
    for name, by_year in groups.items():
        cells = [esc(name)]
        for y in years:
            found = by_year.get(y, [])
            totals[y] += found
            cells.append(amount(f"{key(name)}/{y}", sum(found, ZERO), sum(round_total(a) for a in found)))
        rows.append(cells)
    rows.append(("sum", ["Summa", *[amount(f"{total_key}/{y}", sum(totals[y], ZERO),
                                           sum(round_total(a) for a in totals[y])) for y in years]]))
    return table([head, *map(str, years)], rows)


def _decisions(calculation: Calculation) -> str:
    data = calculation.data
    years = data.settings.years
    decided = [(i, d) for i, d in enumerate(data.decisions) if d.year in years]
    by_kind: dict[str, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    by_area: dict[str, dict[int, list[Decimal]]] = {a.name: defaultdict(list) for a in data.focus_areas}
    for _index, d in decided:
        by_kind[d.kind.value][d.year].append(d.amount)
        by_area.setdefault(d.focus_area or "Utan fokusområde", defaultdict(list))[d.year].append(d.amount)
    listing = [[esc(d.committee), str(d.year), esc(d.description), esc(d.kind.value), esc(d.duration.value),
                esc(d.focus_area or ""), amount(f"beslut/{i}", d.amount)] for i, d in decided]
    body = (paragraph("Beslutade förändringar av ramarna för budgetåret och planåren (tkr), per typ och per "
                      "fokusområde. Typ och fokusområde ändrar inte beräkningen.")
            + _sum_table("Typ", by_kind, years, lambda name: f"typ/{name}", "beslut-summa")
            + _sum_table("Fokusområde", by_area, years, lambda name: f"fokus/{name}", "fokus-summa")
            + table(["Nämnd", "År", "Beslut", "Typ", "Varaktighet", "Fokusområde", "tkr"], listing,
                    "Alla beslut", numeric=(6,)))
    return section("beslut", "Beslut", body)


def _frames(calculation: Calculation, shown: Shown) -> str:
    data = calculation.data
    years = data.settings.years
    rows = [[esc(c.code), esc(c.name), esc(c.model.value), *[frame_amount(calculation.frame(c.code, y), shown)
                                                              for y in years]]
            for c in data.committees]
    rows.append(("sum", ["", "Summa", "", *[_frames_sum(calculation, shown, y, f"ramar/{y}") for y in years]]))
    body = paragraph("Varje nämnds ram enligt sin modell, efter ett eventuellt balanseringskrav. Ramarna är "
                     "avrundade till tkr så att de summerar till den avrundade summan, och varje ram visas "
                     "likadant i hela beskrivningen.")
    return section("ramar", "Ramar per nämnd", body + table(["Kod", "Nämnd", "Modell", *map(str, years)], rows,
                                                            numeric=range(3, 3 + len(years))))


def _frames_sum(calculation: Calculation, shown: Shown, year: int, key: str) -> str:
    frames = calculation.frames_of_year(year)
    return amount(key, sum((f.total for f in frames), ZERO), sum(shown[(f.committee, year)] for f in frames))


def _balance(calculation: Calculation, shown: Shown) -> str:
    """The room's lines (adding up to the rounded room), the frames as shown, the difference."""
    balances = calculation.balances
    labels = list(dict.fromkeys(line.label for b in balances for line in b.room.lines))
    room_parts = [dict(zip((line.label for line in b.room.lines), round_parts([line.amount for line in b.room.lines])))
                  for b in balances]
    rows = [[esc(label), *[_room_line(b, label, parts) for b, parts in zip(balances, room_parts)]] for label in labels]
    shown_room = [round_total(b.room.total) for b in balances]
    shown_frames_ = [sum(shown[(f.committee, b.year)] for f in calculation.frames_of_year(b.year)) for b in balances]
    shown_balancing = [round_total(b.balancing) for b in balances]
    rows.append(("sum", ["Utrymme för nämndernas ramar", *[amount(f"utrymme/{b.year}", b.room.total, s)
                                                           for b, s in zip(balances, shown_room)]]))
    rows.append(["Σ ramar före balanseringskrav", *[amount(f"före/{b.year}", b.frames - b.balancing, f - r)
                                                    for b, f, r in zip(balances, shown_frames_, shown_balancing)]])
    rows.append(["Balanseringskrav", *[amount(f"balansering/{b.year}", b.balancing, r)
                                       for b, r in zip(balances, shown_balancing)]])
    rows.append(("sum", ["Σ ramar", *[_frames_sum(calculation, shown, b.year, f"balans-ramar/{b.year}")
                                      for b in balances]]))
    shown_gap = [round_total(b.gap) for b in balances]
    rounding = [f - r - g for f, r, g in zip(shown_frames_, shown_room, shown_gap)]
    if any(rounding):  # each frame and the room rounded on their own: the shown rows may miss the gap by a tkr
        rows.append(["Avrundning", *[amount(f"avrundning/{b.year}", ZERO, d) for b, d in zip(balances, rounding)]])
    rows.append(("sum", ["Differens: Σ ramar − utrymme", *[amount(f"differens/{b.year}", b.gap, g)
                                                           for b, g in zip(balances, shown_gap)]]))
    body = paragraph("Utrymmet är intäkterna minus resultatmålet och de centrala posterna. En positiv differens "
                     "betyder att ramarna är större än utrymmet.")
    return section("balans", "Balans mot intäkterna", body + table(["Post", *[str(b.year) for b in balances]], rows),
                   "page")


def _room_line(balance: Balance, label: str, shown: dict[str, int]) -> str:
    line = next((line for line in balance.room.lines if line.label == label), None)
    return "" if line is None else amount(f"utrymmespost/{balance.year}/{label}", line.amount, shown[label])
