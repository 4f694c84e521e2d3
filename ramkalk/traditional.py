"""The traditional frame model (anslagsfinansiering), as in DOMAIN.md.

For committee c and year t:

    bas             = ram(c, t−1) − engångs(c, t−1)
    uppräkning      = bas × (s × lön_t + (1 − s) × pris_t)
    effektivisering = −bas × eff_t
    volym           = Σ_g (V_g(t) − V_g(t−1)) × prislapp_g(t) × kompensationsgrad_g
    beslut          = Σ decisions for (c, t)
    ram(c, t)       = bas + uppräkning + effektivisering + volym + beslut

Each computed component is rounded to whole kronor (`round_krona`), each volume group
and decision separately, so every line of the explanation adds up to the frame. Plan
years chain on the computed frame of the year before; one-off decisions of a year
leave the next year's base. Pure: no files, no Excel. Call `ramkalk.validation`
first: on data that did not validate, this module raises `LookupError`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.lookups import Lookups
from ramkalk.model import Committee, Duration, PlanningData
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
    previous = Previous(
        adopted.year,
        adopted.frame,
        adopted.one_off,
        adopted.source("frame"),
        adopted.source("one_off"),
    )
    frames = []
    for year in years:
        frame = frame_for_year(committee, year, previous, lookups)
        frames.append(frame)
        previous = Previous(year, frame.total, frame.one_off, adopted=False)
    return frames


def frame_for_year(committee: Committee, year: int, previous: Previous, lookups: Lookups) -> Frame:
    """The committee's frame for one year, starting from `previous`."""
    base = base_line(previous)
    lines = (
        base,
        indexation_line(committee, year, base.amount, lookups),
        efficiency_line(year, base.amount, lookups),
        volume_line(committee, year, lookups),
        decisions_line(committee, year, lookups),
    )
    one_off = sum(
        (
            round_krona(d.amount)
            for d in lookups.decisions_of(committee.code, year)
            if d.duration is Duration.ONE_OFF
        ),
        ZERO,
    )
    return Frame(committee.code, year, TRADITIONAL, lines, one_off)


def base_line(previous: Previous) -> Line:
    what = "Fastställd ram" if previous.adopted else "Beräknad ram"
    frame_line = Line(
        BASE,
        f"{what} {previous.year}",
        previous.frame,
        f"ram {previous.year}",
        (Input(f"ram {previous.year}", previous.frame, previous.frame_source, "kr"),),
    )
    one_off_line = Line(
        BASE,
        f"Avgår engångsposter {previous.year}",
        -previous.one_off,
        f"−engångs {previous.year}",
        (Input(f"engångs {previous.year}", previous.one_off, previous.one_off_source, "kr"),),
    )
    return Line(
        BASE,
        "Bas (föregående års ram utan engångsposter)",
        previous.frame - previous.one_off,
        f"ram {previous.year} − engångs {previous.year}",
        frame_line.inputs + one_off_line.inputs,
        (frame_line, one_off_line),
    )


def indexation_line(committee: Committee, year: int, base: Decimal, lookups: Lookups) -> Line:
    rates = lookups.index_of(year)
    blended = lookups.blended_index(committee, year)
    return Line(
        INDEXATION,
        "Pris- och löneuppräkning",
        round_krona(base * blended),
        "bas × (personalkostnadsandel × löneökning + (1 − personalkostnadsandel) × prisökning)",
        (
            Input("bas", base, unit="kr"),
            Input("personalkostnadsandel", committee.wage_share, committee.source("wage_share"), "%"),
            Input(f"löneökning {year}", rates.wage_increase, rates.source("wage_increase"), "%"),
            Input(f"prisökning {year}", rates.price_increase, rates.source("price_increase"), "%"),
            Input("sammanvägt index", blended, unit="%"),
        ),
    )


def efficiency_line(year: int, base: Decimal, lookups: Lookups) -> Line:
    rates = lookups.index_of(year)
    return Line(
        EFFICIENCY,
        "Effektiviseringskrav",
        round_krona(-base * rates.efficiency),
        "−bas × effektiviseringskrav",
        (
            Input("bas", base, unit="kr"),
            Input(f"effektiviseringskrav {year}", rates.efficiency, rates.source("efficiency"), "%"),
        ),
    )


def volume_line(committee: Committee, year: int, lookups: Lookups) -> Line:
    details = []
    for group in lookups.groups_of(committee):
        now, before = lookups.volume(group, year), lookups.volume(group, year - 1)
        price = lookups.price(committee, group, year)
        details.append(
            Line(
                VOLUME,
                f"Volym {group.name} ({group.age_from}–{group.age_to} år)",
                round_krona((now - before) * price * group.compensation),
                f"(volym {year} − volym {year - 1}) × prislapp {year} × kompensationsgrad;"
                f" volym = vikt × befolkning {group.age_from}–{group.age_to} år",
                (
                    Input(f"volym {year}", now),
                    Input(f"volym {year - 1}", before),
                    Input("vikt", group.weight, group.source("weight")),
                    Input(f"prislapp {group.price_year}", group.price, group.source("price"), "kr"),
                    Input(f"prislapp {year}", price, unit="kr"),
                    Input("kompensationsgrad", group.compensation, group.source("compensation"), "%"),
                ),
            )
        )
    rule = "Σ volymgrupper" if details else "ingen automatisk volymkompensation"
    return Line(
        VOLUME,
        "Volymförändring (demografi)",
        sum((d.amount for d in details), ZERO),
        rule,
        details=tuple(details),
    )


def decisions_line(committee: Committee, year: int, lookups: Lookups) -> Line:
    details = []
    for decision in lookups.decisions_of(committee.code, year):
        label = decision.description or decision.kind.value
        details.append(
            Line(
                DECISIONS,
                label,
                round_krona(decision.amount),
                f"beslut ({decision.kind.value.lower()}, {decision.duration.value.lower()})",
                (
                    Input("belopp", decision.amount, decision.source("amount"), "kr"),
                    Input("typ", decision.kind.value, decision.source("kind")),
                    Input("fokusområde", decision.focus_area or "", decision.source("focus_area")),
                    Input("varaktighet", decision.duration.value, decision.source("duration")),
                ),
            )
        )
    return Line(
        DECISIONS,
        "Beslut",
        sum((d.amount for d in details), ZERO),
        "Σ beslut för året" if details else "inga beslut för året",
        details=tuple(details),
    )
