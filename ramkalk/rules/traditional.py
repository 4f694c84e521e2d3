"""The traditional frame model (anslagsfinansiering), as in docs/ramberakning.md, sections 1–5.

For committee c and year t:

    bas             = ram(c, t−1) − engångs(c, t−1)
    uppräkning      = bas × (s × lön_t + (1 − s) × pris_t)
    effektivisering = −bas × eff_t  (or −(bas + uppräkning) × eff_t, by the setting Effektiviseringsbas)
    volym           = Σ_g (V_g(t) − V_g(t−1)) × prislapp_g(t) × kompensationsgrad_g
    beslut          = Σ decisions for (c, t)
    ram(c, t)       = bas + uppräkning + effektivisering + volym + beslut

Each computed amount is rounded to whole kronor (`round_krona`), each volume group
and decision separately, so every line of the explanation adds up to the frame. Plan
years chain on the computed frame of the year before; one-off decisions of a year
leave the next year's base. An adopted frame given with öre is rounded to the krona
where the calculation starts (validation warns about it).

`frame_for_year` does the arithmetic once into `Amounts`; `explain` turns those same
amounts into explanation lines with their rules and inputs, only when someone reads
them. Pure: no files, no Excel. Call `ramkalk.calculation.validation` first: on data that did not
validate, this module raises `LookupError`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import NamedTuple

from ramkalk.core.frame import (
    BASE,
    DECISIONS,
    EFFICIENCY,
    INDEXATION,
    ONE_OFF_LEAVING,
    PREVIOUS_FRAME,
    TRADITIONAL,
    VOLUME,
    Component,
    Frame,
    Input,
    Line,
    Previous,
)
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules import frame_parts
from ramkalk.rules.frame_parts import PartAmounts, parts_total, year_parts
from ramkalk.rules.indexation import indexation_amount
from ramkalk.rules.indexation import indexation_line as explain_indexation
from ramkalk.rules.lookups import Lookups
from ramkalk.rules.volume import change_amount, change_lines
from ramkalk.schema.inputs import Committee, Decision, Duration, EfficiencyBase, VolumeGroup

BASE_COMPONENT = Component(
    BASE, "Bas (föregående års ram utan engångsposter)", "Bas",
    "förra årets tillfälliga medel ingår inte i basen",
    "Förra årets ram utan dess engångsposter (tillfälliga medel). Budgetåret utgår från den fastställda "
    "ramen på bladet Ramar, varje planår från den ram som just beräknats för året före.",
    "bas = ram(c, t−1) − engångs(c, t−1)")


# The efficiency rule in words and as a formula, by the setting Effektiviseringsbas.
OWN_EFFICIENCY = (" En nämnd med ett eget effektiviseringskrav för året på bladet Nämndsatser får det i stället; "
                  "0 % betyder att nämnden är undantagen.")
EFFICIENCY_RULES = {
    EfficiencyBase.BASE: ("Ramen minskas med årets generella effektiviseringskrav, räknat på basen "
                          "(inställningen Effektiviseringsbas = Bas)." + OWN_EFFICIENCY,
                          "effektivisering = −bas × eff(c, t)\n"
                          "eff(c, t) = nämndens eget krav (Nämndsatser) eller eff(t)"),
    EfficiencyBase.BASE_AFTER_INDEXATION: (
        "Ramen minskas med årets generella effektiviseringskrav, räknat på basen efter uppräkning "
        "(inställningen Effektiviseringsbas = Bas efter uppräkning)." + OWN_EFFICIENCY,
        "effektivisering = −(bas + uppräkning) × eff(c, t)\n"
        "eff(c, t) = nämndens eget krav (Nämndsatser) eller eff(t)"),
}

EFFICIENCY_COMPONENT = Component(
    EFFICIENCY, "Effektiviseringskrav", "Effektiviseringskrav", "−bas × effektiviseringskrav",
    *EFFICIENCY_RULES[EfficiencyBase.BASE], described=lambda settings: EFFICIENCY_RULES[settings.efficiency_base])

VOLUME_COMPONENT = Component(
    VOLUME, "Volymförändring (demografi)", "Volymförändring (demografi)",
    "(volym i år − volym förra året) × prislapp × kompensationsgrad",
    "Nämnder med automatisk volym kompenseras för förändrad befolkning i sina volymgrupper: förändringen "
    "av volymen mot året före, gånger årets prislapp, gånger kompensationsgraden. Volymen är vikten gånger "
    "befolkningen i gruppens åldrar den 31 december (eller, med volymdefinitionen Medel, medelvärdet av två "
    "årsskiften). Prislappen anges för ett prisår och räknas upp år för år med nämndens index.",
    "V(g, y)        = vikt(g) × befolkning(y, från–till ålder)\n"
    "prislapp(g, t) = prislapp(g, t−1) × (1 + index(c, t))\n"
    "volym          = Σ (V(g, t) − V(g, t−1)) × prislapp(g, t) × kompensationsgrad(g)")

DECISIONS_COMPONENT = Component(
    DECISIONS, "Beslut", "Beslut", "beslutade förändringar för året",
    "Årets beslut för nämnden läggs till med sina belopp. Beslut med varaktigheten Engångs räknas bara "
    "beslutsåret och lämnar basen året efter; ett tidsbegränsat beslut (Engångs med Till år, t.ex. ett projekt "
    "2027–2028) räknas på samma sätt varje år från År till Till år och lämnar basen året efter det sista. Typ "
    "och fokusområde ändrar inte beräkningen.",
    "beslut = Σ årets beslut (tidsbegränsade: varje år från år till till år)\n"
    "engångs(c, t) = Σ årets beslut med varaktigheten Engångs")


class Amounts(NamedTuple):
    """The arithmetic of one frame, kr; every computed amount already rounded to the krona."""

    base: Decimal
    indexation: Decimal
    efficiency: Decimal
    groups: tuple[VolumeGroup, ...]
    volumes: tuple[Decimal, ...]
    decisions: tuple[Decision, ...]
    decided: tuple[Decimal, ...]
    parts: tuple[PartAmounts, ...] = ()
    """The parts of the frame with their own rules (Ramdelar), if any; `indexation` and `efficiency`
    include theirs."""
    rest: Split | None = None


class Split(NamedTuple):
    """A base with parts of its own (Ramdelar): the rest of the base, and its indexation and efficiency, kr."""

    base: Decimal
    indexation: Decimal
    efficiency: Decimal


def indexed(committee: Committee, year: int, base: Decimal, lookups: Lookups
            ) -> tuple[Decimal, Decimal, tuple[PartAmounts, ...], Split | None]:
    """The indexation and efficiency requirement of `base` (either model): by the committee's index and
    requirement, or, for a committee with parts (Ramdelar), the rest's plus each part's by its own rules."""
    parts = year_parts(committee, year, lookups)
    if not parts:
        indexation = indexation_amount(committee, year, base, lookups)
        return indexation, efficiency_amount(committee, base, indexation, year, lookups), (), None
    parts_base, parts_indexation, parts_efficiency = parts_total(parts)
    rest = base - parts_base
    indexation = indexation_amount(committee, year, rest, lookups)
    split = Split(rest, indexation, efficiency_amount(committee, rest, indexation, year, lookups))
    return split.indexation + parts_indexation, split.efficiency + parts_efficiency, parts, split


def start(committee: Committee, year: int, lookups: Lookups) -> Previous:
    """Where the committee's first computed year starts: last year's adopted frame."""
    adopted = lookups.adopted_frame(committee.code, year - 1)
    return Previous(adopted.year, round_krona(adopted.frame), round_krona(adopted.one_off),
                    adopted.source("frame"), adopted.source("one_off"))


def frame_for_year(committee: Committee, year: int, previous: Previous, lookups: Lookups) -> Frame:
    """The committee's frame for one year, starting from `previous`."""
    base = previous.frame - previous.one_off
    groups = lookups.groups_of(committee)
    decisions = lookups.decisions_of(committee.code, year)
    indexation, efficiency, parts, rest = indexed(committee, year, base, lookups)
    volumes = tuple([change_amount(committee, group, year, lookups) for group in groups])
    decided = tuple([round_krona(d.amount) for d in decisions])
    amounts = Amounts(base, indexation, efficiency, groups, volumes, decisions, decided, parts, rest)
    volume, decided_total = sum(volumes, ZERO), sum(decided, ZERO)
    return Frame(
        committee=committee.code,
        year=year,
        model=TRADITIONAL,
        total=base + indexation + efficiency + volume + decided_total,
        amounts=((BASE, base), (INDEXATION, indexation), (EFFICIENCY, efficiency), (VOLUME, volume),
                 (DECISIONS, decided_total)),
        one_off=one_off_amount(decisions, decided),
        explain=partial(explain, committee, year, previous, amounts, lookups),
    )


def one_off_amount(decisions: tuple[Decision, ...], decided: tuple[Decimal, ...]) -> Decimal:
    """The one-off (engångs) part of a year's decisions, kr."""
    return sum([a for a, d in zip(decided, decisions) if d.duration is Duration.ONE_OFF], ZERO)


def efficiency_amount(committee: Committee, base: Decimal, indexation: Decimal, year: int, lookups: Lookups) -> Decimal:
    """−(base, or base after indexation, by the setting Effektiviseringsbas) × the year's requirement
    (the committee's own, Nämndsatser, if it has one)."""
    applies_to = base + indexation if lookups.efficiency_after_indexation else base
    return round_krona(-applies_to * lookups.efficiency_of(committee.code, year))


def explain(committee: Committee, year: int, previous: Previous, amounts: Amounts,
            lookups: Lookups) -> tuple[Line, ...]:
    """The explanation lines of a frame computed by `frame_for_year`, in the order of its amounts."""
    return (
        base_line(previous, ending=ending_decisions(committee.code, year, lookups)),
        indexation_line(committee, year, amounts, lookups),
        efficiency_line(committee, year, amounts, lookups),
        volume_line(committee, year, amounts, lookups),
        decisions_line(amounts.decisions, amounts.decided, year),
    )


def base_line(previous: Previous, component: Component = BASE_COMPONENT, frame_name: str = "ram",
              ending: tuple[Input, ...] = ()) -> Line:
    """Last year's frame (or technical frame) less its one-off items (shared by both models);
    `ending`: the time-limited decisions among those items that end (`ending_decisions`)."""
    what = ("Fastställd " if previous.adopted else "Beräknad ") + frame_name
    frame_input = Input(f"{frame_name} {previous.year}", previous.frame, previous.frame_source, "kr")
    one_off_input = Input(f"engångs {previous.year}", previous.one_off, previous.one_off_source, "kr")
    key = component.key
    return Line(
        key,
        component.label,
        previous.frame - previous.one_off,
        f"{frame_name} {previous.year} − engångs {previous.year}",
        (frame_input, one_off_input),
        (
            Line(key, f"{what} {previous.year}", previous.frame, f"{frame_name} {previous.year}",
                 (frame_input,), part=PREVIOUS_FRAME),
            Line(key, f"Avgår engångsposter {previous.year}", -previous.one_off,
                 f"−engångs {previous.year}" + ("; tidsbegränsade beslut som upphörde " f"{previous.year} ingår"
                                                if ending else ""),
                 (one_off_input, *ending), part=ONE_OFF_LEAVING),
        ),
    )


def indexation_line(committee: Committee, year: int, amounts: Amounts, lookups: Lookups) -> Line:
    return explain_indexed(committee, year, amounts.base, amounts.indexation, amounts.parts, amounts.rest, lookups)


def efficiency_line(committee: Committee, year: int, amounts: Amounts, lookups: Lookups) -> Line:
    return explain_efficient(committee, year, amounts.base, amounts.indexation, amounts.efficiency, amounts.parts,
                             amounts.rest, lookups)


def explain_indexed(committee: Committee, year: int, base: Decimal, indexation: Decimal,
                    parts: tuple[PartAmounts, ...], rest: Split | None, lookups: Lookups) -> Line:
    """The indexation line of either model (`indexed`)."""
    if rest is None:
        return explain_indexation(committee, year, base, indexation, lookups)
    line = explain_indexation(committee, year, rest.base, rest.indexation, lookups)
    return frame_parts.indexation_line(line, parts, rest.base, year, lookups)


def explain_efficient(committee: Committee, year: int, base: Decimal, indexation: Decimal, efficiency: Decimal,
                      parts: tuple[PartAmounts, ...], rest: Split | None, lookups: Lookups) -> Line:
    """The efficiency line of either model (`indexed`)."""
    if rest is None:
        return explain_efficiency(committee, year, base, indexation, efficiency, lookups)
    line = explain_efficiency(committee, year, rest.base, rest.indexation, rest.efficiency, lookups)
    return frame_parts.efficiency_line(line, parts, rest.base, year, lookups)


def explain_efficiency(committee: Committee, year: int, base: Decimal, indexation: Decimal, amount: Decimal,
                       lookups: Lookups) -> Line:
    """The efficiency line of either model, saying what the requirement applied to and, for a
    committee with its own requirement (Nämndsatser), that it is its own or that it is exempt."""
    rates, own = lookups.index_of(year), lookups.rates_of(committee.code, year)
    requirement = Input(f"effektiviseringskrav {year}", rates.efficiency, rates.source("efficiency"), "%",
                        rates.reference)
    rule = "−bas × effektiviseringskrav"
    if own is not None and own.efficiency is not None:
        exempt = own.efficiency == 0
        requirement = Input(f"{'undantag från' if exempt else 'eget'} effektiviseringskrav {year} för {committee.code}",
                            own.efficiency, own.source("efficiency"), "%", own.reference)
        rule = (f"nämnden är undantagen från effektiviseringskravet {year}" if exempt
                else "−bas × nämndens eget effektiviseringskrav")
    if lookups.efficiency_after_indexation:
        return Line(EFFICIENCY, EFFICIENCY_COMPONENT.label, amount, rule.replace("−bas", "−(bas + uppräkning)"),
                    (Input("bas", base, unit="kr"), Input("uppräkning", indexation, unit="kr"), requirement))
    return Line(EFFICIENCY, EFFICIENCY_COMPONENT.label, amount, rule, (Input("bas", base, unit="kr"), requirement))


def volume_line(committee: Committee, year: int, amounts: Amounts, lookups: Lookups) -> Line:
    details = tuple(line for group in amounts.groups for line in change_lines(VOLUME, committee, group, year, lookups))
    rule = "Σ volymgrupper" if details else "ingen automatisk volymkompensation"
    return Line(VOLUME, VOLUME_COMPONENT.label, sum(amounts.volumes, ZERO), rule, details=details)


def decisions_line(decisions: tuple[Decision, ...], decided: tuple[Decimal, ...], year: int) -> Line:
    """The decisions of a year, one detail line each (shared by both models)."""
    details = tuple(_decision_line(decision, amount, year) for decision, amount in zip(decisions, decided))
    rule = "Σ beslut för året" if details else "inga beslut för året"
    return Line(DECISIONS, DECISIONS_COMPONENT.label, sum(decided, ZERO), rule, details=details)


def span_text(decision: Decision) -> str:
    """"2027–2028": the years a time-limited decision counts in."""
    return f"{decision.year}–{decision.to_year}"


def _decision_line(decision: Decision, amount: Decimal, year: int) -> Line:
    label = decision.description or decision.kind.value
    inputs = (
        Input("belopp", decision.amount, decision.source("amount"), "kr"),
        Input("typ", decision.kind.value, decision.source("kind")),
        Input("fokusområde", decision.focus_area or "", decision.source("focus_area")),
        Input("varaktighet", decision.duration.value, decision.source("duration")),
    )
    if decision.to_year is None:
        return Line(DECISIONS, label, amount, f"beslut ({decision.kind.value.lower()}, {decision.duration.value.lower()})",
                    inputs)
    span = span_text(decision)
    return Line(
        DECISIONS, f"{label} ({span})", amount,
        f"tidsbegränsat beslut ({decision.kind.value.lower()}) {span}, år {year - decision.year + 1} av"
        f" {len(decision.years)}: räknas varje år {span} och lämnar basen {decision.to_year + 1}",
        (*inputs, Input("från år", decision.year, decision.source("year")),
         Input("till år", decision.to_year, decision.source("to_year"))))


def ending_decisions(committee: str, year: int, lookups: Lookups) -> tuple[Input, ...]:
    """The time-limited decisions whose last year was `year − 1`: they leave the base in `year`
    with last year's one-off items (an input of the base line's one-off line each)."""
    return tuple(Input(f"varav {d.description or d.kind.value} ({span_text(d)}) som upphör", round_krona(d.amount),
                       d.source("to_year"), "kr")
                 for d in lookups.decisions_of(committee, year - 1) if d.to_year == year - 1)
