"""Surpluses and deficits (resultathantering): a committee's result and what happens to it.

The result of a past year T is the adopted frame minus the outcome (Utfall: Nettokostnad);
positive is a surplus, negative a deficit. The committee's rule (Nämnder: Resultatregel):

    Återförs    the result is returned to (surplus) or recovered from (deficit) the frames of
                T + 2 … T + 1 + N (N = Återföringsår), in N parts that add up to it exactly;
                each part is a one-off line of that year's frame
    Balanseras  the result is kept as an accumulated result (eget kapital) up to the cap
                (Resultattak); what is above the cap is written off; no frame effect
    Avskrivs    the result is written off; no frame effect

T + 2 is the first frame computed after the outcome of T is known. `account` follows the
accumulated result year by year, so a report can show it. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.core.display import round_parts
from ramkalk.core.frame import RESULT, Component, Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, Outcome, ResultRule

LAG = 2
"""The first frame a result of year T affects is that of T + LAG."""


def result_of(outcome: Outcome, lookups: Lookups) -> Decimal:
    """The committee's result in the outcome's year: adopted frame − net cost, kr."""
    return lookups.adopted_frame(outcome.committee, outcome.year).frame - outcome.net_cost


def parts(committee: Committee, outcome: Outcome, lookups: Lookups) -> dict[int, Decimal]:
    """Year -> the part of the outcome's result returned in that year's frame (rule Återförs)."""
    years, result = committee.return_years, round_krona(result_of(outcome, lookups))
    amounts = round_parts([result / years] * years, unit=Decimal(1), total=int(result))
    first = outcome.year + LAG
    return {first + i: Decimal(amount) for i, amount in enumerate(amounts)}


COMPONENT = Component(
    RESULT, "Återföring av tidigare års resultat (engångs)", "Återfört resultat",
    "tidigare års över- eller underskott enligt resultatregeln",
    "Ett tidigare års resultat (fastställd ram minus nettokostnad) återförs till nämnder med resultatregeln "
    "Återförs: ett överskott läggs till, ett underskott dras av, fördelat på återföringsåren som "
    "engångsposter med början två år efter resultatåret.",
    "resultat(T) = ram(T) − nettokostnad(T)\n"
    "återföring  = resultat(T) / återföringsår   i åren T+2 … T+1+återföringsår",
    other_name="resultat", other_rule="återförda resultat", one_off=True, optional=True)
"""The frame component of returned results; it is one-off."""


def used(lookups: Lookups) -> bool:
    """Whether any committee returns its results (Återförs) and the workbook has outcomes."""
    return any(c.result_rule is ResultRule.RETURN for c in lookups.data.committees) and bool(lookups.outcomes)


def _returned(committee: Committee, year: int, lookups: Lookups) -> list[tuple[Outcome, dict[int, Decimal]]]:
    """The outcomes with a part returned in the frame of `year`, each with its parts by year."""
    if committee.result_rule is not ResultRule.RETURN:
        return []
    by_year = lookups.kept(("resultat", committee.code), lambda: _returned_by_year(committee, lookups))
    return by_year.get(year, [])


def _returned_by_year(committee: Committee, lookups: Lookups) -> dict[int, list[tuple[Outcome, dict[int, Decimal]]]]:
    """Year -> the committee's outcomes with a part returned in that year's frame (`_returned`),
    worked out once for every year: each outcome's parts are rounded together."""
    found: dict[int, list[tuple[Outcome, dict[int, Decimal]]]] = {}
    for outcome in lookups.outcomes.get(committee.code, ()):
        returned = parts(committee, outcome, lookups)
        for year in returned:
            found.setdefault(year, []).append((outcome, returned))
    return found


def amount(committee: Committee, year: int, lookups: Lookups) -> Decimal | None:
    """What returning or recovering past results adds to the frame of `year`, kr (the sum of
    the lines of `line`, computed without them); None if nothing is returned that year."""
    returned = _returned(committee, year, lookups)
    if not returned:
        return None
    return sum((parts_by_year[year] for _, parts_by_year in returned), ZERO)


def line(committee: Committee, year: int, lookups: Lookups) -> Line:
    """The one-off line returning or recovering past results in the frame of `year` (see `amount`)."""
    details = tuple(_part_line(committee, outcome, year, returned, lookups)
                    for outcome, returned in _returned(committee, year, lookups))
    return Line(RESULT, COMPONENT.label, sum((d.amount for d in details), ZERO),
                "Σ resultat som återförs i år; resultat = ram − nettokostnad", details=details)


def _part_line(committee: Committee, outcome: Outcome, year: int, returned: dict[int, Decimal],
               lookups: Lookups) -> Line:
    result = result_of(outcome, lookups)
    what = "Överskott" if result >= 0 else "Underskott"
    number, count = sorted(returned).index(year) + 1, len(returned)
    frame = lookups.adopted_frame(outcome.committee, outcome.year)
    return Line(
        RESULT, f"{what} {outcome.year} återförs, del {number} av {count}", returned[year],
        f"(ram {outcome.year} − nettokostnad {outcome.year}) / återföringsår",
        (
            Input(f"ram {outcome.year}", frame.frame, frame.source("frame"), "kr"),
            Input(f"nettokostnad {outcome.year}", outcome.net_cost, outcome.source("net_cost"), "kr"),
            Input(f"resultat {outcome.year}", result, unit="kr"),
            Input("återföringsår", count, committee.source("return_years")),
        ),
    )


class ResultYear(NamedTuple):
    """One year of a committee's accumulated result, kr.

    result: the year's result (None: no outcome for the year). returned: the part returned
    in the year's frame (rule Återförs; a deficit recovered is negative). written_off: the
    part written off (Avskrivs, or above the cap). accumulated: the result left at year end.
    """

    year: int
    result: Decimal | None
    returned: Decimal
    written_off: Decimal
    accumulated: Decimal


def account(committee: Committee, lookups: Lookups) -> list[ResultYear]:
    """The committee's accumulated result from its first outcome year to the last plan year."""
    outcomes = {o.year: o for o in lookups.outcomes.get(committee.code, ())}
    if not outcomes:
        return []
    returned_in: dict[int, Decimal] = {}
    if committee.result_rule is ResultRule.RETURN:
        for outcome in outcomes.values():
            for year, amount in parts(committee, outcome, lookups).items():
                returned_in[year] = returned_in.get(year, ZERO) + amount
    rows, accumulated = [], ZERO
    for year in range(min(outcomes), lookups.data.settings.years[-1] + 1):
        result = result_of(outcomes[year], lookups) if year in outcomes else None
        accumulated += result or ZERO
        returned = returned_in.get(year, ZERO)
        accumulated -= returned
        written_off = ZERO
        if committee.result_rule is ResultRule.WRITE_OFF:
            written_off, accumulated = accumulated, ZERO
        elif committee.result_rule is ResultRule.KEEP and committee.result_cap is not None \
                and accumulated > committee.result_cap:
            written_off, accumulated = accumulated - committee.result_cap, committee.result_cap
        rows.append(ResultYear(year, result, returned, written_off, accumulated))
    return rows
