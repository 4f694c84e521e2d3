"""The traditional frame model (anslagsfinansiering), as in DOMAIN.md.

For committee c and year t:

    bas             = ram(c, t−1) − engångs(c, t−1)
    uppräkning      = bas × (s × lön_t + (1 − s) × pris_t)
    effektivisering = −bas × eff_t
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
them. Pure: no files, no Excel. Call `ramkalk.validation` first: on data that did not
validate, this module raises `LookupError`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import NamedTuple

from ramkalk.lookups import Lookups
from ramkalk.model import Committee, Decision, Duration, PlanningData, VolumeGroup
from ramkalk.money import ZERO, round_krona
from ramkalk.problems import Source
from ramkalk.results import (
    BASE,
    DECISIONS,
    EFFICIENCY,
    INDEXATION,
    TRADITIONAL,
    VOLUME,
    Frame,
    Input,
    Line,
)


class Previous(NamedTuple):
    """The frame a year starts from: last year's adopted or computed frame."""

    year: int
    frame: Decimal
    one_off: Decimal
    frame_source: Source | None = None
    one_off_source: Source | None = None
    adopted: bool = True


class Amounts(NamedTuple):
    """The arithmetic of one frame, kr; every computed amount already rounded to the krona."""

    base: Decimal
    blended_index: Decimal
    indexation: Decimal
    efficiency: Decimal
    groups: tuple[VolumeGroup, ...]
    volumes: tuple[Decimal, ...]
    decisions: tuple[Decision, ...]
    decided: tuple[Decimal, ...]


def calculate(data: PlanningData) -> tuple[Frame, ...]:
    """Every committee's frame for the budget year and each plan year, committee by committee."""
    lookups = Lookups(data)
    frames: list[Frame] = []
    for committee in data.committees:
        frames.extend(committee_frames(committee, data.settings.years, lookups))
    return tuple(frames)


def committee_frames(committee: Committee, years: tuple[int, ...], lookups: Lookups) -> list[Frame]:
    """One committee's frames for `years` (consecutive), each chained on the one before."""
    adopted = lookups.adopted_frame(committee.code, years[0] - 1)
    previous = Previous(adopted.year, round_krona(adopted.frame), round_krona(adopted.one_off),
                        adopted.source("frame"), adopted.source("one_off"))
    frames = []
    for year in years:
        frame = frame_for_year(committee, year, previous, lookups)
        frames.append(frame)
        previous = Previous(year, frame.total, frame.one_off, adopted=False)
    return frames


def frame_for_year(committee: Committee, year: int, previous: Previous, lookups: Lookups) -> Frame:
    """The committee's frame for one year, starting from `previous`."""
    base = previous.frame - previous.one_off
    blended = lookups.blended_index(committee, year)
    groups = lookups.groups_of(committee)
    decisions = lookups.decisions_of(committee.code, year)
    amounts = Amounts(
        base=base,
        blended_index=blended,
        indexation=round_krona(base * blended),
        efficiency=round_krona(-base * lookups.index_of(year).efficiency),
        groups=groups,
        volumes=tuple([_group_volume(committee, group, year, lookups) for group in groups]),
        decisions=decisions,
        decided=tuple([round_krona(d.amount) for d in decisions]),
    )
    volume, decided = sum(amounts.volumes, ZERO), sum(amounts.decided, ZERO)
    one_off = sum((a for a, d in zip(amounts.decided, decisions) if d.duration is Duration.ONE_OFF), ZERO)
    return Frame(
        committee=committee.code,
        year=year,
        model=TRADITIONAL,
        total=base + amounts.indexation + amounts.efficiency + volume + decided,
        amounts=(
            (BASE, base),
            (INDEXATION, amounts.indexation),
            (EFFICIENCY, amounts.efficiency),
            (VOLUME, volume),
            (DECISIONS, decided),
        ),
        one_off=one_off,
        explain=partial(explain, committee, year, previous, amounts, lookups),
    )


def _group_volume(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    change = lookups.volume(group, year) - lookups.volume(group, year - 1)
    return round_krona(change * lookups.price(committee, group, year) * group.compensation)


def explain(committee: Committee, year: int, previous: Previous, amounts: Amounts,
            lookups: Lookups) -> tuple[Line, ...]:
    """The explanation lines of a frame computed by `frame_for_year`, in COMPONENTS order."""
    return (
        base_line(previous),
        indexation_line(committee, year, amounts, lookups),
        efficiency_line(year, amounts, lookups),
        volume_line(committee, year, amounts, lookups),
        decisions_line(amounts),
    )


def base_line(previous: Previous) -> Line:
    what = "Fastställd ram" if previous.adopted else "Beräknad ram"
    frame_input = Input(f"ram {previous.year}", previous.frame, previous.frame_source, "kr")
    one_off_input = Input(f"engångs {previous.year}", previous.one_off, previous.one_off_source, "kr")
    return Line(
        BASE,
        "Bas (föregående års ram utan engångsposter)",
        previous.frame - previous.one_off,
        f"ram {previous.year} − engångs {previous.year}",
        (frame_input, one_off_input),
        (
            Line(BASE, f"{what} {previous.year}", previous.frame, f"ram {previous.year}", (frame_input,)),
            Line(BASE, f"Avgår engångsposter {previous.year}", -previous.one_off, f"−engångs {previous.year}",
                 (one_off_input,)),
        ),
    )


def indexation_line(committee: Committee, year: int, amounts: Amounts, lookups: Lookups) -> Line:
    rates = lookups.index_of(year)
    return Line(
        INDEXATION,
        "Pris- och löneuppräkning",
        amounts.indexation,
        "bas × (personalkostnadsandel × löneökning + (1 − personalkostnadsandel) × prisökning)",
        (
            Input("bas", amounts.base, unit="kr"),
            Input("personalkostnadsandel", committee.wage_share, committee.source("wage_share"), "%"),
            Input(f"löneökning {year}", rates.wage_increase, rates.source("wage_increase"), "%"),
            Input(f"prisökning {year}", rates.price_increase, rates.source("price_increase"), "%"),
            Input("sammanvägt index", amounts.blended_index, unit="%"),
        ),
    )


def efficiency_line(year: int, amounts: Amounts, lookups: Lookups) -> Line:
    rates = lookups.index_of(year)
    return Line(
        EFFICIENCY,
        "Effektiviseringskrav",
        amounts.efficiency,
        "−bas × effektiviseringskrav",
        (
            Input("bas", amounts.base, unit="kr"),
            Input(f"effektiviseringskrav {year}", rates.efficiency, rates.source("efficiency"), "%"),
        ),
    )


def volume_line(committee: Committee, year: int, amounts: Amounts, lookups: Lookups) -> Line:
    details = tuple(
        Line(
            VOLUME,
            f"Volym {group.name} ({group.age_from}–{group.age_to} år)",
            amount,
            f"(volym {year} − volym {year - 1}) × prislapp {year} × kompensationsgrad;"
            f" volym = vikt × befolkning {group.age_from}–{group.age_to} år",
            (
                Input(f"volym {year}", lookups.volume(group, year)),
                Input(f"volym {year - 1}", lookups.volume(group, year - 1)),
                Input("vikt", group.weight, group.source("weight")),
                Input(f"prislapp {group.price_year}", group.price, group.source("price"), "kr"),
                Input(f"prislapp {year}", lookups.price(committee, group, year), unit="kr"),
                Input("kompensationsgrad", group.compensation, group.source("compensation"), "%"),
            ),
        )
        for group, amount in zip(amounts.groups, amounts.volumes)
    )
    rule = "Σ volymgrupper" if details else "ingen automatisk volymkompensation"
    return Line(VOLUME, "Volymförändring (demografi)", sum(amounts.volumes, ZERO), rule, details=details)


def decisions_line(amounts: Amounts) -> Line:
    details = tuple(
        Line(
            DECISIONS,
            decision.description or decision.kind.value,
            amount,
            f"beslut ({decision.kind.value.lower()}, {decision.duration.value.lower()})",
            (
                Input("belopp", decision.amount, decision.source("amount"), "kr"),
                Input("typ", decision.kind.value, decision.source("kind")),
                Input("fokusområde", decision.focus_area or "", decision.source("focus_area")),
                Input("varaktighet", decision.duration.value, decision.source("duration")),
            ),
        )
        for decision, amount in zip(amounts.decisions, amounts.decided)
    )
    rule = "Σ beslut för året" if details else "inga beslut för året"
    return Line(DECISIONS, "Beslut", sum(amounts.decided, ZERO), rule, details=details)
