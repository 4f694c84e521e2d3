"""Price and wage indexation: the committee's composite index and its parts.

The index of a committee for year t is a weighted sum of parts, each (share, rate):

    personnel (share s = personalkostnadsandel):
        wages        (13 − m)/12 × löneökning_t          m = Lönerevision (månad)
                     (labels carry no year, so a statement has one row per part over the years)
        carry-over   (m − 1)/12 × löneökning_{t−1}       only if m > 1
        PO-pålägg    (1 + wages + carry-over) × ((1 + PO_t)/(1 + PO_{t−1}) − 1)   if PO is given
    other costs (share 1 − s):
        with a cost structure: one part per cost type k, share (1 − s) × a_k, rate from Kostnadsindex
        without: one part, rate = prisökning_t (the two-part index of DOMAIN.md)

The composite index Σ share × rate indexes the frame's base and the committee's price
tags. With only the two plain parts the indexation is one amount, base × index, rounded
(exactly as DOMAIN.md); otherwise it is explained per part, each rounded to the krona, and
the indexation is the sum of those lines. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ramkalk.model import Committee
from ramkalk.money import ONE, ZERO, round_krona
from ramkalk.results import INDEXATION, Input, Line

if TYPE_CHECKING:
    from ramkalk.lookups import Lookups

TWELVE = Decimal(12)


class IndexPart(NamedTuple):
    """One part of a committee's index: its share of the costs and its rate for the year."""

    label: str
    share: Decimal
    rate: Decimal
    rule: str
    inputs: tuple[Input, ...]


def index_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    """The parts of the committee's index for `year`; Σ share × rate is the index."""
    return [*_personnel_parts(committee, year, lookups), *_other_parts(committee, year, lookups)]


WAGES, OTHER_COSTS = "Löner", "Övriga kostnader"


def is_detailed(parts: list[IndexPart]) -> bool:
    """More than the plain two-part index of DOMAIN.md (wages and other prices)."""
    return [p.label for p in parts] != [WAGES, OTHER_COSTS]


def _personnel_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    share, month = committee.wage_share, lookups.data.settings.pay_revision_month
    rates = lookups.index_of(year)
    share_input = Input("personalkostnadsandel", share, committee.source("wage_share"), "%")
    wage_input = Input(f"löneökning {year}", rates.wage_increase, rates.source("wage_increase"), "%", rates.reference)
    if month == 1:
        parts = [IndexPart(WAGES, share, rates.wage_increase, "bas × personalkostnadsandel × löneökning",
                           (share_input, wage_input))]
    else:
        before = lookups.index_of(year - 1)
        months_now, months_before = 13 - month, month - 1
        parts = [
            IndexPart(f"Årets löneökning ({months_now}/12)", share,
                      rates.wage_increase * months_now / TWELVE,
                      f"bas × personalkostnadsandel × löneökning {year} × {months_now}/12", (share_input, wage_input)),
            IndexPart(f"Överhäng av föregående års löneökning ({months_before}/12)", share,
                      before.wage_increase * months_before / TWELVE,
                      f"bas × personalkostnadsandel × löneökning {year - 1} × {months_before}/12",
                      (share_input, Input(f"löneökning {year - 1}", before.wage_increase,
                                          before.source("wage_increase"), "%", before.reference))),
        ]
    overhead = _overhead_part(committee, year, lookups, sum((p.rate for p in parts), ZERO))
    return parts + ([overhead] if overhead else [])


def _overhead_part(committee: Committee, year: int, lookups: Lookups, wages: Decimal) -> IndexPart | None:
    now = lookups.index_of(year)
    before = lookups.index.get(year - 1)
    if now.payroll_overhead is None or before is None or before.payroll_overhead is None:
        return None
    change = (ONE + now.payroll_overhead) / (ONE + before.payroll_overhead) - ONE
    return IndexPart(
        "PO-pålägg", committee.wage_share, (ONE + wages) * change,
        "bas × personalkostnadsandel × (1 + löneökning) × ((1 + PO-pålägg) / (1 + PO-pålägg året före) − 1)",
        (Input(f"PO-pålägg {year}", now.payroll_overhead, now.source("payroll_overhead"), "%", now.reference),
         Input(f"PO-pålägg {year - 1}", before.payroll_overhead, before.source("payroll_overhead"), "%",
               before.reference)),
    )


def _other_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    other = ONE - committee.wage_share
    structure = lookups.cost_structure.get(committee.code)
    if not structure:
        rates = lookups.index_of(year)
        return [IndexPart(OTHER_COSTS, other, rates.price_increase,
                          "bas × (1 − personalkostnadsandel) × prisökning",
                          (Input(f"prisökning {year}", rates.price_increase, rates.source("price_increase"), "%",
                                 rates.reference),))]
    parts = []
    for item in structure:
        rate = lookups.cost_rate(item.cost_type, year)
        parts.append(IndexPart(
            item.cost_type, other * item.share, rate.rate,
            f"bas × (1 − personalkostnadsandel) × andel {item.cost_type.lower()} × ökning",
            (Input(f"andel {item.cost_type.lower()}", item.share, item.source("share"), "%"),
             Input(f"ökning {item.cost_type.lower()} {year}", rate.rate, rate.source("rate"), "%", rate.reference))))
    return parts


def composite_index(parts: list[IndexPart]) -> Decimal:
    return sum((p.share * p.rate for p in parts), ZERO)


def indexation_amount(committee: Committee, year: int, base: Decimal, lookups: Lookups) -> Decimal:
    """The indexation of `base`, kr: one rounded amount, or the sum of the rounded parts."""
    parts = index_parts(committee, year, lookups)
    if not is_detailed(parts):
        return round_krona(base * composite_index(parts))
    return sum((round_krona(base * p.share * p.rate) for p in parts), ZERO)


def indexation_line(committee: Committee, year: int, base: Decimal, amount: Decimal, lookups: Lookups) -> Line:
    """The indexation line of either model, with one detail line per part when detailed."""
    parts = index_parts(committee, year, lookups)
    index = composite_index(parts)
    inputs = (Input("bas", base, unit="kr"), *(i for p in parts for i in p.inputs),
              Input("sammanvägt index", index, unit="%"))
    if not is_detailed(parts):
        return Line(INDEXATION, "Pris- och löneuppräkning", amount,
                    "bas × (personalkostnadsandel × löneökning + (1 − personalkostnadsandel) × prisökning)",
                    tuple(dict.fromkeys(inputs)))
    details = tuple(
        Line(INDEXATION, f"Uppräkning: {p.label}", round_krona(base * p.share * p.rate), p.rule,
             (Input("bas", base, unit="kr"), Input("andel av kostnaderna", p.share, unit="%"),
              Input("ökning", p.rate, unit="%"), *p.inputs))
        for p in parts
    )
    return Line(INDEXATION, "Pris- och löneuppräkning", amount, "Σ kostnadsslag: bas × andel × ökning",
                tuple(dict.fromkeys(inputs)), details)
