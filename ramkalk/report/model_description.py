"""The model description (modellbeskrivning): one self-contained Swedish HTML document that
describes the municipality's allocation model with its actual parameters, generated from
the same `Calculation` the frames come from, so it cannot drift from the calculation.

Sections: the yearly process and where this version stands; the rules (`ramkalk.report.model_rules`);
the index; the committees and their index; the volume groups with ages, weights and price
tags; the population behind the volumes (chart); the decisions by type and focus area; the
frames of every committee; one section per committee (`ramkalk.report.model_description_committees`);
the allocation to units of each committee with units (`ramkalk.report.model_description_units`);
the balance against the revenues.

This module computes the values (numbers, texts, table rows: `ramkalk.report.html_parts`); the
Jinja2 templates in `ramkalk/report/html/` lay them out, autoescaped (`modellbeskrivning.html.j2`,
this module's sections in `sections.html.j2`). Pure: `model_description` returns the text; the CLI
writes it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ramkalk import __version__
from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import round_parts, round_total
from ramkalk.core.money import ZERO
from ramkalk.report.charts import Series, population_svg
from ramkalk.report.html_parts import Number, Row, amount, chart, number_text, render_parts, row, rule, share, value
from ramkalk.report.model_description_committees import Shown, committee_sections, frame_amount, shown_frames
from ramkalk.report.model_description_units import allocation_sections
from ramkalk.report.model_rules import rules_section
from ramkalk.rules.balance import Balance
from ramkalk.schema.inputs import PopulationKind
from ramkalk.schema.process import DEFAULT_STAGE, PROCESS_STEPS


def model_description(calculation: Calculation, stage: str = DEFAULT_STAGE) -> str:
    """The whole HTML document for `calculation`, at the process step `stage` (see STAGES)."""
    return "".join(model_description_parts(calculation, stage))


def model_description_parts(calculation: Calculation, stage: str = DEFAULT_STAGE) -> Iterator[str]:
    """`model_description` in parts as the template produces them, to be written one by one (a
    large municipality's document is tens of megabytes; joined it would be held twice)."""
    data = calculation.data
    settings = data.settings
    shown = shown_frames(calculation)
    return render_parts(
        "modellbeskrivning.html.j2",
        municipality=settings.municipality,
        budget_year=settings.budget_year,
        years=list(settings.years),
        version=__version__,
        source=Path(data.file).name if data.file else "",
        process=_process(calculation, stage),
        rules=rules_section(calculation),
        index=_index(calculation),
        committees=_committees(calculation),
        volume_groups=_volume_groups(calculation),
        population=_population(calculation),
        decisions=_decisions(calculation),
        frames=_frames(calculation, shown),
        committee_sections=committee_sections(calculation, shown),
        allocation_sections=allocation_sections(calculation),
        balance=_balance(calculation, shown) if calculation.balances else None,
    )


def _process(calculation: Calculation, stage: str) -> dict:
    """The steps of the year as texts, which one is this version's, and its name."""
    budget_year = calculation.data.settings.budget_year
    steps = [(f"{step} ({when.format(p=budget_year - 1)}): {what.format(t=budget_year)}", key == stage)
             for key, step, when, what in PROCESS_STEPS]
    current = next(step for key, step, *_ in PROCESS_STEPS if key == stage)
    return {"steps": steps, "current": current.lower()}


def _index(calculation: Calculation) -> dict:
    """Rows: year, wage, price, efficiency, (payroll overhead,) source; the cost index by cost type."""
    data = calculation.data
    overhead = any(row.payroll_overhead is not None for row in data.index)
    rows = []
    for r in sorted(data.index, key=lambda r: r.year):
        cells = [str(r.year), share(f"lön/{r.year}", r.wage_increase), share(f"pris/{r.year}", r.price_increase),
                 share(f"eff/{r.year}", r.efficiency)]
        if overhead:
            cells.append(share(f"po/{r.year}", r.payroll_overhead) if r.payroll_overhead is not None else "")
        rows.append(row(*cells, rule(r.reference)))
    rates = {(r.cost_type, r.year): r.rate for r in data.cost_index}
    return {"rows": rows, "overhead": overhead, "cost_index": _pivot(rates, "kostnadsindex") if rates else None}


def _pivot(shares: dict[tuple[str, object], Decimal], key: str) -> dict:
    """Rows by the first part of the keys, columns by the second, each cell a percentage."""
    rows, columns = list(dict.fromkeys(r for r, _c in shares)), list(dict.fromkeys(c for _r, c in shares))
    return {"columns": [str(c) for c in columns],
            "rows": [row(r, *[share(f"{key}/{r}/{c}", shares[(r, c)]) if (r, c) in shares else "" for c in columns])
                     for r in rows]}


def _committees(calculation: Calculation) -> dict:
    """Rows: code, name, model, wage share, automatic volume, the blended index per year; the cost structure."""
    data, lookups = calculation.data, calculation.lookups
    rows = [row(c.code, c.name, c.model.value, share(f"andel/{c.code}", c.wage_share),
                "ja" if c.automatic_volume else "nej",
                *[share(f"index/{c.code}/{y}", lookups.blended_index(c, y)) for y in data.settings.years])
            for c in data.committees]
    shares = {(s.committee, s.cost_type): s.share for s in data.cost_structure}
    return {"rows": rows, "cost_structure": _pivot(shares, "kostnadsandel") if shares else None}


def _volume_groups(calculation: Calculation) -> dict | None:
    """The groups (committee, name, ages, weight, volume definition, compensation, price tag, price year)
    and their volume and price tag per year, from the year before the budget year; None without groups."""
    data, lookups = calculation.data, calculation.lookups
    if not data.volume_groups:
        return None
    committees = {c.code: c for c in data.committees}
    years = (data.settings.budget_year - 1, *data.settings.years)
    groups, per_year = [], []
    for g in data.volume_groups:
        key = f"{g.committee}/{g.name}"
        groups.append(row(g.committee, g.name, (value(f"ålder/{key}/från", g.age_from), "–",
                                                value(f"ålder/{key}/till", g.age_to)),
                          value(f"vikt/{key}", g.weight), g.volume_definition.value,
                          share(f"kompensation/{key}", g.compensation),
                          amount(f"angiven-prislapp/{key}", g.price, unit="kr"),
                          value(f"prisår/{key}", g.price_year, str(g.price_year))))
        committee = committees[g.committee]
        per_year.append(row(f"{g.committee} {g.name}: volym",
                            *[value(f"volym/{key}/{y}", v, number_text(v, 1))
                              for y in years for v in (lookups.volume(g, y),)]))
        per_year.append(row(f"{g.committee} {g.name}: prislapp (kr)",
                            *[amount(f"prislapp/{key}/{y}", lookups.price(committee, g, y), unit="kr")
                              for y in years]))
        if data.settings.price_tag_efficiency:  # the price-tag model's price tag, less the efficiency requirement
            per_year.append(row(f"{g.committee} {g.name}: prislapp i prislappsmodellen (kr)",
                                *[amount(f"prislappsmodellen/{key}/{y}", lookups.tag_price(committee, g, y), unit="kr")
                                  for y in years]))
    return {"groups": groups, "per_year": per_year, "years": list(years)}


def _age_ranges(calculation: Calculation) -> dict[tuple[int, int], list[str]]:
    ranges: dict[tuple[int, int], list[str]] = defaultdict(list)
    for g in calculation.data.volume_groups:
        ranges[(g.age_from, g.age_to)].append(f"{g.name} ({g.committee})")
    return dict(ranges)


def _population(calculation: Calculation) -> dict | None:
    """The population in each volume group's ages per year: chart, its text and the table; None without groups."""
    data, lookups = calculation.data, calculation.lookups
    ranges = _age_ranges(calculation)
    if not ranges:
        return None
    years = sorted({row.year for row in data.population})
    outcomes = {r.year for r in data.population if r.kind is PopulationKind.OUTCOME}
    forecast = [y for y in years if y not in outcomes]
    first_forecast = forecast[0] if forecast else None
    panels, rows = [], []
    for (low, high), names in ranges.items():
        label = f"{', '.join(names)}, {low}–{high} år"
        persons = [lookups.population(y, low, high) for y in years]
        panels.append(Series(label, tuple(years), tuple(float(p) for p in persons), first_forecast))
        rows.append(row(label, *[value(f"befolkning/{low}-{high}/{y}", p) for y, p in zip(years, persons)]))
    svg = population_svg("Befolkning i volymgruppernas åldrar", panels, data.settings.budget_year)
    kinds = (f"utfall {years[0]}–{first_forecast - 1}, prognos {first_forecast}–{years[-1]}"
             if first_forecast and first_forecast > years[0] else "")
    return {"kinds": kinds, "chart": chart(svg), "years": years, "rows": rows}


def _sum_rows(groups: dict[str, dict[int, list[Decimal]]], years: Sequence[int], key: Callable[[str], str],
              total_key: str) -> list[Row]:
    """Rows of summed amounts per year (each amount rounded on its own) and a sum row."""
    rows, totals = [], {y: [] for y in years}
    for name, by_year in groups.items():
        cells: list = [name]
        for y in years:
            found = by_year.get(y, [])
            totals[y] += found
            cells.append(amount(f"{key(name)}/{y}", sum(found, ZERO), sum(round_total(a) for a in found)))
        rows.append(row(*cells))
    rows.append(row("Summa", *[amount(f"{total_key}/{y}", sum(totals[y], ZERO), sum(round_total(a) for a in totals[y]))
                               for y in years], css="sum"))
    return rows


def _decisions(calculation: Calculation) -> dict:
    """Sums per type and per focus area and year, and every decision (committee, year, description,
    type, duration, focus area, tkr)."""
    data = calculation.data
    years = data.settings.years
    decided = [(i, d) for i, d in enumerate(data.decisions) if any(y in years for y in d.years)]
    by_kind: dict[str, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    by_area: dict[str, dict[int, list[Decimal]]] = {a.name: defaultdict(list) for a in data.focus_areas}
    for _index, d in decided:
        for year in (y for y in d.years if y in years):  # a time-limited decision (Till år) in each of its years
            by_kind[d.kind.value][year].append(d.amount)
            by_area.setdefault(d.focus_area or "Utan fokusområde", defaultdict(list))[year].append(d.amount)
    listing = [row(d.committee, str(d.year) if d.to_year is None else f"{d.year}–{d.to_year}", d.description,
                   d.kind.value, d.duration.value, d.focus_area or "", amount(f"beslut/{i}", d.amount))
               for i, d in decided]
    return {"by_kind": _sum_rows(by_kind, years, lambda name: f"typ/{name}", "beslut-summa"),
            "by_area": _sum_rows(by_area, years, lambda name: f"fokus/{name}", "fokus-summa"),
            "listing": listing}


def _frames(calculation: Calculation, shown: Shown) -> list[Row]:
    """Rows: code, name, model, the frame per year; the sum."""
    data = calculation.data
    years = data.settings.years
    rows = [row(c.code, c.name, c.model.value, *[frame_amount(calculation.frame(c.code, y), shown) for y in years])
            for c in data.committees]
    rows.append(row("", "Summa", "", *[_frames_sum(calculation, shown, y, f"ramar/{y}") for y in years], css="sum"))
    return rows


def _frames_sum(calculation: Calculation, shown: Shown, year: int, key: str) -> Number:
    frames = calculation.frames_of_year(year)
    return amount(key, sum((f.total for f in frames), ZERO), sum(shown[(f.committee, year)] for f in frames))


def _balance(calculation: Calculation, shown: Shown) -> dict:
    """The room's lines (adding up to the rounded room), the frames as shown, the difference."""
    balances = calculation.balances
    labels = list(dict.fromkeys(line.label for b in balances for line in b.room.lines))
    room_parts = [dict(zip((line.label for line in b.room.lines), round_parts([line.amount for line in b.room.lines])))
                  for b in balances]
    rows = [row(label, *[_room_line(b, label, parts) for b, parts in zip(balances, room_parts)]) for label in labels]
    shown_room = [round_total(b.room.total) for b in balances]
    shown_frames_ = [sum(shown[(f.committee, b.year)] for f in calculation.frames_of_year(b.year)) for b in balances]
    shown_balancing = [round_total(b.balancing) for b in balances]
    rows.append(row("Utrymme för nämndernas ramar", *[amount(f"utrymme/{b.year}", b.room.total, s)
                                                      for b, s in zip(balances, shown_room)], css="sum"))
    rows.append(row("Σ ramar före balanseringskrav", *[amount(f"före/{b.year}", b.frames - b.balancing, f - r)
                                                       for b, f, r in zip(balances, shown_frames_, shown_balancing)]))
    rows.append(row("Balanseringskrav", *[amount(f"balansering/{b.year}", b.balancing, r)
                                          for b, r in zip(balances, shown_balancing)]))
    rows.append(row("Σ ramar", *[_frames_sum(calculation, shown, b.year, f"balans-ramar/{b.year}") for b in balances],
                    css="sum"))
    shown_gap = [round_total(b.gap) for b in balances]
    rounding = [f - r - g for f, r, g in zip(shown_frames_, shown_room, shown_gap)]
    if any(rounding):  # each frame and the room rounded on their own: the shown rows may miss the gap by a tkr
        rows.append(row("Avrundning", *[amount(f"avrundning/{b.year}", ZERO, d) for b, d in zip(balances, rounding)]))
    rows.append(row("Differens: Σ ramar − utrymme", *[amount(f"differens/{b.year}", b.gap, g)
                                                      for b, g in zip(balances, shown_gap)], css="sum"))
    return {"years": [b.year for b in balances], "rows": rows}


def _room_line(balance: Balance, label: str, shown: dict[str, int]) -> Number | str:
    line = next((line for line in balance.room.lines if line.label == label), None)
    return "" if line is None else amount(f"utrymmespost/{balance.year}/{label}", line.amount, shown[label])
