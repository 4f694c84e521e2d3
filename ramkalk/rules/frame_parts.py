"""Parts of a frame with rules of their own (Ramdelar): capital costs, politicians' fees, grants
passed on, as published budgets show them (docs/ramberakning.md, "Ramdelar med egna regler").

A part p of committee c is an amount of its frame carried on by its own rules. For year t:

    del(p, t)           = Belopp (the budget year), or del(p, t−1) + uppräkning(p, t−1) + effektivisering(p, t−1)
    uppräkning(p, t)    = del(p, t) × ökning(p, t)      ökning: 0 (Ingen), the wage part of the index (Lön),
                          the price increase (Pris), the committee's index, or a cost type's increase
    effektivisering(p, t) = −del(p, t) × eff(c, t)        (after indexation by the setting) if Effektivisering = Ja

each rounded to the krona. The rest of the base (the base less its parts) is indexed and has its
efficiency requirement as before; the frame's indexation and efficiency are the rest's plus the
parts'. Decisions and one-offs belong to the rest. The same in both models (in the price-tag model the
parts are parts of the technical frame). Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.core.frame import EFFICIENCY, INDEXATION, Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, FramePart, PartIndexation

REST = "Övrig ram"


class PartAmounts(NamedTuple):
    """A part's arithmetic in one year, kr (rounded): its amount at the start of the year, its
    indexation and its efficiency requirement."""

    part: FramePart
    base: Decimal
    rate: Decimal
    indexation: Decimal
    efficiency: Decimal


def parts_of(committee: Committee, lookups: Lookups) -> tuple[FramePart, ...]:
    """The committee's parts, in workbook order (kept per calculation)."""
    if not lookups.data.frame_parts:
        return ()
    return lookups.kept(("ramdelar", committee.code),
                        lambda: tuple(p for p in lookups.data.frame_parts if p.committee == committee.code))


def rate(part: FramePart, committee: Committee, year: int, lookups: Lookups) -> Decimal:
    """How much the part rises in `year` (a fraction)."""
    kind = part.indexation
    if kind is PartIndexation.NONE:
        return ZERO
    if kind is PartIndexation.WAGES:
        return sum((r.rate for r in lookups.personnel_rates(year)), ZERO)
    if kind is PartIndexation.PRICES:
        return lookups.index_of(year).price_increase
    if kind is PartIndexation.COMMITTEE:
        return lookups.blended_index(committee, year)
    return lookups.cost_rate(part.cost_type, year).rate


def year_parts(committee: Committee, year: int, lookups: Lookups) -> tuple[PartAmounts, ...]:
    """Each part's arithmetic in `year`; none for a committee without parts."""
    return tuple(_amounts(part, committee, year, lookups) for part in parts_of(committee, lookups))


def _amounts(part: FramePart, committee: Committee, year: int, lookups: Lookups) -> PartAmounts:
    def make() -> PartAmounts:
        if year <= lookups.data.settings.budget_year:
            base = round_krona(part.amount)
        else:
            before = _amounts(part, committee, year - 1, lookups)
            base = before.base + before.indexation + before.efficiency
        increase = rate(part, committee, year, lookups)
        indexation = round_krona(base * increase)
        efficiency = ZERO
        if part.efficiency:
            applies_to = base + indexation if lookups.efficiency_after_indexation else base
            efficiency = round_krona(-applies_to * lookups.efficiency_of(committee.code, year))
        return PartAmounts(part, base, increase, indexation, efficiency)

    return lookups.kept(("ramdel", id(part), year), make)


def _rate_input(amounts: PartAmounts, year: int) -> Input:
    part = amounts.part
    what = {PartIndexation.NONE: "ingen uppräkning", PartIndexation.WAGES: f"lönedelen av index {year}",
            PartIndexation.PRICES: f"prisökning {year}", PartIndexation.COMMITTEE: f"nämndens index {year}",
            PartIndexation.COST_TYPE: f"ökning {part.cost_type.lower()} {year}"}[part.indexation]
    return Input(what, amounts.rate, part.source("indexation"), "%")


def _part_base(amounts: PartAmounts, year: int, lookups: Lookups) -> Input:
    part = amounts.part
    if year <= lookups.data.settings.budget_year:
        return Input(f"{part.name.lower()}", amounts.base, part.source("amount"), "kr")
    return Input(f"{part.name.lower()} {year}", amounts.base, unit="kr")


def indexation_line(rest: Line, parts: tuple[PartAmounts, ...], rest_base: Decimal, year: int,
                    lookups: Lookups) -> Line:
    """The indexation of a frame with parts: the rest's line (the committee's index on the base less
    the parts) and a line per part."""
    details = (
        Line(INDEXATION, f"{REST}: {rest.label}", rest.amount, rest.rule.replace("bas", "övrig bas"),
             (Input("övrig bas", rest_base, unit="kr"), *rest.inputs[1:]), rest.details),
        *(Line(INDEXATION, f"Ramdel {a.part.name}: uppräkning", a.indexation,
               f"ramdel × {a.part.indexation.value.lower()} (Ramdelar)" if a.part.indexation is not PartIndexation.NONE
               else "ramdelen räknas inte upp (Ramdelar: Uppräkning = Ingen)",
               (_part_base(a, year, lookups), _rate_input(a, year))) for a in parts),
    )
    return Line(INDEXATION, rest.label, sum((d.amount for d in details), ZERO),
                "uppräkning av övrig bas + Σ ramdelar med egna regler", rest.inputs, details)


def efficiency_line(rest: Line, parts: tuple[PartAmounts, ...], rest_base: Decimal, year: int,
                    lookups: Lookups) -> Line:
    """The efficiency requirement of a frame with parts: the rest's and each part's."""
    details = (
        Line(EFFICIENCY, f"{REST}: {rest.label}", rest.amount, rest.rule.replace("bas", "övrig bas"),
             (Input("övrig bas", rest_base, unit="kr"), *rest.inputs[1:])),
        *(Line(EFFICIENCY, f"Ramdel {a.part.name}: effektivisering", a.efficiency,
               rest.rule.replace("bas", "ramdel") if a.part.efficiency
               else "effektiviseringskravet gäller inte ramdelen (Ramdelar: Effektivisering = Nej)",
               (_part_base(a, year, lookups), Input("effektivisering", "Ja" if a.part.efficiency else "Nej",
                                                     a.part.source("efficiency")))) for a in parts),
    )
    return Line(EFFICIENCY, rest.label, sum((d.amount for d in details), ZERO),
                "effektivisering av övrig bas + Σ ramdelar med egna regler", rest.inputs, details)


def parts_total(parts: tuple[PartAmounts, ...]) -> tuple[Decimal, Decimal, Decimal]:
    """Σ base, Σ indexation, Σ efficiency of the parts."""
    return (sum((a.base for a in parts), ZERO), sum((a.indexation for a in parts), ZERO),
            sum((a.efficiency for a in parts), ZERO))

