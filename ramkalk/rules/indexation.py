"""Price and wage indexation: the committee's composite index and its parts.

The index of a committee for year t is a weighted sum of parts, each (share, rate):

    personnel (share s = personalkostnadsandel):
        wages        (13 − m)/12 × löneökning_t          m = Lönerevision (månad)
                     (labels carry no year, so a statement has one row per part over the years)
        carry-over   (m − 1)/12 × löneökning_{t−1}       only if m > 1
        PO-pålägg    (1 + wages + carry-over) × ((1 + PO_t)/(1 + PO_{t−1}) − 1)   if PO is given
    other costs (share 1 − s):
        with a cost structure: one part per cost type k, share (1 − s) × a_k, rate from Kostnadsindex
        without: one part, rate = prisökning_t
    (the two-part index of docs/ramberakning.md, "2. Pris- och löneuppräkning")

The composite index Σ share × rate indexes the frame's base and the committee's price
tags. With only the two plain parts the indexation is one amount, base × index, rounded
(exactly as docs/ramberakning.md, section 2); otherwise it is explained per part, each rounded
to the krona, and the indexation is the sum of those lines. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from operator import mul
from typing import Callable, NamedTuple, Protocol

from ramkalk.core.frame import INDEXATION, Component, Input, Line
from ramkalk.core.money import ONE, ZERO, round_krona
from ramkalk.schema.inputs import (
    Committee,
    CommitteeRates,
    CostShare,
    CostTypeRate,
    IndexYear,
    PlanningData,
    WageBasis,
)


class Lookups(Protocol):
    """What the index rules read: the tables, indexed (`ramkalk.rules.lookups.Lookups`, which keeps
    the indexes computed here). A protocol, so that this module does not import the one that
    keeps its results."""

    data: PlanningData
    index: dict[int, IndexYear]
    cost_structure: dict[str, list[CostShare]]

    def index_of(self, year: int) -> IndexYear: ...

    def cost_rate(self, cost_type: str, year: int) -> CostTypeRate: ...

    def committee_index(self, committee: Committee, year: int) -> CommitteeIndex: ...

    def personnel_rates(self, year: int) -> tuple[PersonnelRate, ...]: ...

    def rates_of(self, committee: str, year: int) -> CommitteeRates | None: ...

TWELVE = Decimal(12)


COMPONENT = Component(
    INDEXATION, "Pris- och löneuppräkning", "Pris- och löneuppräkning", "bas × nämndens index",
    "Basen räknas upp med nämndens index: personalkostnaderna följer löneökningen, övriga kostnader "
    "prisökningen. Nämndens index är summan av delarna i tabellen nedan, andel × ökning. En nämnd som ett år "
    "är undantagen från löne- eller prisuppräkningen (bladet Nämndsatser) får inte den delen, varken på basen "
    "eller på prislapparna.",
    "uppräkning = bas × index(c, t)\n"
    "index(c, t) = s × lön(t) + (1 − s) × pris(t)   (s = personalkostnadsandel)")

class IndexPart(NamedTuple):
    """One part of a committee's index: its share of the costs and its rate for the year."""

    label: str
    share: Decimal
    rate: Decimal
    rule: str
    inputs: Callable[[], tuple[Input, ...]]
    """The inputs the part used, built only when an explanation is read."""


class CommitteeIndex(NamedTuple):
    """A committee's index for one year, as a frame's arithmetic needs it."""

    index: Decimal
    """The composite index, Σ share × rate of its parts."""
    terms: tuple[tuple[Decimal, Decimal], ...] | None
    """(share, rate) of each part when the index is detailed (more than the plain two-part index
    of docs/ramberakning.md), so that the indexation is rounded part by part; None for the plain
    index. The parts themselves, with their labels and inputs, are `index_parts`: only an
    explanation reads them."""
    other_rate: Decimal | None
    """The rate the indexation raises the costs other than personnel by (`other_costs_rate`); None
    for the plain index, whose rate `other_costs_rate` works out when asked (few committees ask)."""

    @property
    def detailed(self) -> bool:
        return self.terms is not None


def committee_index(committee: Committee, year: int, lookups: Lookups) -> CommitteeIndex:
    """The committee's index for `year`. Use `Lookups.committee_index`, which keeps it: a frame,
    its price tags and its internal services ask for the same committee and year.

    The same sums as composite_index(index_parts(...)) and `other_costs_rate` over the parts'
    shares and rates, part by part in the same order, but without building the parts (with
    their labels and inputs, which only an explanation reads): that costs more than the
    frame's arithmetic."""
    own = lookups.rates_of(committee.code, year)
    if own is not None and not (own.wages and own.prices):  # exempt from a part (Nämndsatser): few frames
        return _exempt_index(committee, year, own, lookups)
    share, rates = committee.wage_share, lookups.index_of(year)
    structure = lookups.cost_structure.get(committee.code)
    if not structure and _is_plain(committee, year, lookups):  # the common case: wages and other prices
        return CommitteeIndex(sum((share * rates.wage_increase, (ONE - share) * rates.price_increase), ZERO), None,
                              None)
    other = ONE - share
    if structure:
        labels = [item.cost_type for item in structure]
        shares = [other * item.share for item in structure]
        other_rates = [lookups.cost_rate(item.cost_type, year).rate for item in structure]
    else:
        labels, shares, other_rates = [OTHER_COSTS], [other], [rates.price_increase]
    products = list(map(mul, shares, other_rates))
    other_rate = _other_rate(shares, products, rates)
    personnel = lookups.personnel_rates(year)
    index = sum([share * p.rate for p in personnel] + products, ZERO)
    if len(personnel) == len(labels) == 1 and personnel[0].label == WAGES and labels[0] == OTHER_COSTS:
        return CommitteeIndex(index, None, other_rate)  # not detailed (is_detailed)
    return CommitteeIndex(index, tuple([(share, p.rate) for p in personnel]) + tuple(zip(shares, other_rates)),
                          other_rate)


def _other_rate(shares: list[Decimal], products: list[Decimal], rates: IndexYear) -> Decimal:
    """Σ share × rate / Σ share of the parts for costs other than personnel (`other_costs_rate`)."""
    other = sum(shares, ZERO)
    if other == 0:  # no costs but personnel: their price rise is the year's price increase
        return rates.price_increase
    return sum(products, ZERO) / other


def _exempt_index(committee: Committee, year: int, own: CommitteeRates, lookups: Lookups) -> CommitteeIndex:
    """The index of a committee exempt from its wage or price indexation (`exemptions`): the parts
    it keeps, each rounded on its own (detailed); the costs other than personnel rise by nothing
    when it is exempt from prices."""
    parts = index_parts(committee, year, lookups)
    other = _other_parts(committee, year, lookups) if own.prices else []
    other_rate = _other_rate([p.share for p in other], [p.share * p.rate for p in other],
                             lookups.index_of(year)) if other else ZERO
    return CommitteeIndex(composite_index(parts), tuple((p.share, p.rate) for p in parts), other_rate)


def exemptions(committee: Committee, year: int, lookups: Lookups) -> tuple[str, ...]:
    """The parts of its indexation the committee is exempt from in `year` (Nämndsatser): "löneuppräkningen",
    "prisuppräkningen"."""
    own = lookups.rates_of(committee.code, year)
    if own is None:
        return ()
    return tuple(name for name, kept in ((WAGE_INDEXATION, own.wages), (PRICE_INDEXATION, own.prices)) if not kept)


WAGE_INDEXATION, PRICE_INDEXATION = "löneuppräkningen", "prisuppräkningen"


def index_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    """The parts of the committee's index for `year`; Σ share × rate is the index. A part the
    committee is exempt from that year (Nämndsatser) is left out."""
    exempt = exemptions(committee, year, lookups)
    return [*(_personnel_parts(committee, year, lookups) if WAGE_INDEXATION not in exempt else ()),
            *(_other_parts(committee, year, lookups) if PRICE_INDEXATION not in exempt else ())]


def _is_plain(committee: Committee, year: int, lookups: Lookups) -> bool:
    """Whether the index has only the two plain parts: wages rising in January with no carry-over,
    no change of PO-pålägg, and no cost structure."""
    personnel = lookups.personnel_rates(year)
    return len(personnel) == 1 and personnel[0].label == WAGES and not lookups.cost_structure.get(committee.code)


WAGES, OTHER_COSTS = "Löner", "Övriga kostnader"


def is_detailed(parts: list[IndexPart]) -> bool:
    """More than the plain two-part index of docs/ramberakning.md (wages and other prices)."""
    return [p.label for p in parts] != [WAGES, OTHER_COSTS]


def _personnel_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    share = committee.wage_share

    def inputs(rate: PersonnelRate) -> Callable[[], tuple[Input, ...]]:
        return lambda: rate.inputs(Input("personalkostnadsandel", share, committee.source("wage_share"), "%"))

    return [IndexPart(r.label, share, r.rate, r.rule, inputs(r)) for r in lookups.personnel_rates(year)]


class PersonnelRate(NamedTuple):
    """A rate of the personnel part of the index in a year: wages, their carry-over or the
    PO-pålägg. The same for every committee; each weighs it by its wage share."""

    label: str
    rate: Decimal
    rule: str
    inputs: Callable[[Input], tuple[Input, ...]]
    """The inputs the part used, given the committee's wage share as an input."""


def personnel_rates(year: int, lookups: Lookups) -> tuple[PersonnelRate, ...]:
    """The rates of the personnel part of the index for `year`. Use `Lookups.personnel_rates`,
    which keeps them: every committee's index of the year has them.

    A year's wage increase is the rate of a pay revision from its month (the row's Revisionsmånad,
    else the setting Lönerevision (månad)): (13 − m)/12 of it counts that year and (m − 1)/12 the
    year after, as a carry-over. Or it is the year's cost increase as a whole (Löneökning avser =
    Helår), carry-over included: it counts wholly, takes no carry-over from the year before and
    leaves none to the year after."""
    rates = lookups.index_of(year)

    def wage_input(row: IndexYear) -> Input:
        return Input(f"löneökning {row.year}", row.wage_increase, row.source("wage_increase"), "%", row.reference)

    if rates.wage_basis is WageBasis.FULL_YEAR:
        found = [PersonnelRate(FULL_YEAR_WAGES, rates.wage_increase,
                               f"bas × personalkostnadsandel × löneökning {year} (helår, överhäng inräknat)",
                               lambda share: (share, wage_input(rates), _basis_input(rates)))]
    else:
        month = revision_month(rates, lookups)
        months_now = 13 - month
        if month == 1:
            found = [PersonnelRate(WAGES, rates.wage_increase, "bas × personalkostnadsandel × löneökning",
                                   lambda share: (share, wage_input(rates), *_month_input(rates, lookups)))]
        else:
            found = [PersonnelRate(f"Årets löneökning ({months_now}/12)", rates.wage_increase * months_now / TWELVE,
                                   f"bas × personalkostnadsandel × löneökning {year} × {months_now}/12",
                                   lambda share: (share, wage_input(rates), *_month_input(rates, lookups)))]
        found += _carry_over(year, lookups, wage_input)
    overhead = _overhead_rate(year, lookups, sum((r.rate for r in found), ZERO))
    return (*found, overhead) if overhead else tuple(found)


WAGE_BASIS, FULL_YEAR_WAGES = "löneökning avser", "Årets löneökning (helår)"


def revision_month(row: IndexYear, lookups: Lookups) -> int:
    """The month the wages of `row`'s year are revised: its Revisionsmånad, else the setting."""
    return row.revision_month if row.revision_month is not None else lookups.data.settings.pay_revision_month


def _carry_over(year: int, lookups: Lookups, wage_input: Callable[[IndexYear], Input]) -> list[PersonnelRate]:
    """The rest of last year's wage increase, (m − 1)/12 of it, if it was a revision after January
    (not Helår). Without a row for last year its month is the setting's (validation asks for the row
    when that is after January)."""
    before = lookups.index.get(year - 1)
    if before is None and lookups.data.settings.pay_revision_month == 1:
        return []
    before = before if before is not None else lookups.index_of(year - 1)
    if before.wage_basis is WageBasis.FULL_YEAR or revision_month(before, lookups) == 1:
        return []
    months_before = revision_month(before, lookups) - 1
    return [PersonnelRate(f"Överhäng av föregående års löneökning ({months_before}/12)",
                          before.wage_increase * months_before / TWELVE,
                          f"bas × personalkostnadsandel × löneökning {year - 1} × {months_before}/12",
                          lambda share: (share, wage_input(before), *_month_input(before, lookups)))]


def _month_input(row: IndexYear, lookups: Lookups) -> tuple[Input, ...]:
    """The row's own Revisionsmånad as an input (the setting's month is not repeated in every line)."""
    if row.revision_month is None:
        return ()
    return (Input(f"revisionsmånad {row.year}", row.revision_month, row.source("revision_month")),)


def _basis_input(row: IndexYear) -> Input:
    return Input(f"{WAGE_BASIS} {row.year}", row.wage_basis.value, row.source("wage_basis"))


def _overhead_rows(year: int, lookups: Lookups) -> tuple[IndexYear, IndexYear] | None:
    """The index rows of the year and the year before if both give a PO-pålägg: then its
    change is a part of the index."""
    now, before = lookups.index_of(year), lookups.index.get(year - 1)
    if now.payroll_overhead is None or before is None or before.payroll_overhead is None:
        return None
    return now, before


def _overhead_rate(year: int, lookups: Lookups, wages: Decimal) -> PersonnelRate | None:
    rows = _overhead_rows(year, lookups)
    if rows is None:
        return None
    now, before = rows
    change = (ONE + now.payroll_overhead) / (ONE + before.payroll_overhead) - ONE
    return PersonnelRate(
        "PO-pålägg", (ONE + wages) * change,
        "bas × personalkostnadsandel × (1 + löneökning) × ((1 + PO-pålägg) / (1 + PO-pålägg året före) − 1)",
        lambda share: tuple(Input(f"PO-pålägg {row.year}", row.payroll_overhead, row.source("payroll_overhead"), "%",
                                  row.reference) for row in (now, before)),
    )


def _other_parts(committee: Committee, year: int, lookups: Lookups) -> list[IndexPart]:
    other = ONE - committee.wage_share
    structure = lookups.cost_structure.get(committee.code)
    if not structure:
        rates = lookups.index_of(year)
        return [IndexPart(OTHER_COSTS, other, rates.price_increase,
                          "bas × (1 − personalkostnadsandel) × prisökning",
                          lambda: (Input(f"prisökning {year}", rates.price_increase, rates.source("price_increase"),
                                         "%", rates.reference),))]
    return [_cost_type_part(item, other, lookups.cost_rate(item.cost_type, year)) for item in structure]


def _cost_type_part(item: CostShare, other: Decimal, rate: CostTypeRate) -> IndexPart:
    name = item.cost_type.lower()
    return IndexPart(
        item.cost_type, other * item.share, rate.rate,
        f"bas × (1 − personalkostnadsandel) × andel {name} × ökning",
        lambda: (Input(f"andel {name}", item.share, item.source("share"), "%"),
                 Input(f"ökning {name} {rate.year}", rate.rate, rate.source("rate"), "%", rate.reference)))


def other_costs_rate(committee: Committee, year: int, lookups: Lookups) -> Decimal:
    """The rate the indexation raises the committee's costs other than personnel by in `year`:
    prisökning, or with a cost structure Σ a_k × ökning_k (the parts' shares of those costs);
    kept with the committee's index (`committee_index`) unless that is the plain index."""
    index = lookups.committee_index(committee, year)
    if index.other_rate is not None:
        return index.other_rate
    other, rates = ONE - committee.wage_share, lookups.index_of(year)  # one part: the year's price increase
    return _other_rate([other], [other * rates.price_increase], rates)


def composite_index(parts: list[IndexPart]) -> Decimal:
    return sum((p.share * p.rate for p in parts), ZERO)


def indexation_amount(committee: Committee, year: int, base: Decimal, lookups: Lookups) -> Decimal:
    """The indexation of `base`, kr: one rounded amount, or the sum of the rounded parts."""
    index = lookups.committee_index(committee, year)
    if index.terms is None:
        return round_krona(base * index.index)
    return sum([round_krona(base * share * rate) for share, rate in index.terms], ZERO)


def indexation_line(committee: Committee, year: int, base: Decimal, amount: Decimal, lookups: Lookups) -> Line:
    """The indexation line of either model, with one detail line per part when detailed."""
    index = lookups.committee_index(committee, year)
    parts = index_parts(committee, year, lookups)
    exempt = exemptions(committee, year, lookups)
    inputs = (Input("bas", base, unit="kr"), *(i for p in parts for i in p.inputs()),
              Input("sammanvägt index", index.index, unit="%"), *_exemption_inputs(committee, year, exempt, lookups))
    if exempt:
        return Line(INDEXATION, COMPONENT.label, amount,
                    f"nämnden är undantagen från {' och '.join(exempt)} {year}"
                    + ("; Σ kostnadsslag: bas × andel × ökning" if parts else ""),
                    tuple(dict.fromkeys(inputs)), _part_lines(base, parts))
    if not index.detailed:
        return Line(INDEXATION, COMPONENT.label, amount,
                    "bas × (personalkostnadsandel × löneökning + (1 − personalkostnadsandel) × prisökning)",
                    tuple(dict.fromkeys(inputs)))
    return Line(INDEXATION, COMPONENT.label, amount, "Σ kostnadsslag: bas × andel × ökning",
                tuple(dict.fromkeys(inputs)), _part_lines(base, parts))


def _part_lines(base: Decimal, parts: list[IndexPart]) -> tuple[Line, ...]:
    return tuple(
        Line(INDEXATION, f"Uppräkning: {p.label}", round_krona(base * p.share * p.rate), p.rule,
             (Input("bas", base, unit="kr"), Input("andel av kostnaderna", p.share, unit="%"),
              Input("ökning", p.rate, unit="%"), *p.inputs()))
        for p in parts
    )


def _exemption_inputs(committee: Committee, year: int, exempt: tuple[str, ...], lookups: Lookups) -> tuple[Input, ...]:
    own = lookups.rates_of(committee.code, year) if exempt else None
    if own is None:
        return ()
    return tuple(Input(f"{name} {year}", "Nej", own.source(field), reference=own.reference)
                 for name, field, kept in (("löneuppräkning", "wages", own.wages), ("prisuppräkning", "prices", own.prices))
                 if not kept)
