"""Validation rules about money beyond the frames: revenues and balancing, cost types and
rates, the pay revision, and amounts in whole kronor. Listed in `ramkalk.calculation.validation.RULES`."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterator

from ramkalk.calculation.validation_common import index_years, ranges_text, sheet_source
from ramkalk.core.display import format_kronor, format_share
from ramkalk.core.money import round_krona
from ramkalk.core.problems import Problem, error, warning
from ramkalk.schema.inputs import BalancingRule, PlanningData
from ramkalk.schema.tables import COMMITTEES, COST_INDEX, COST_STRUCTURE, INDEX, REVENUES


def revenue_tag_ages(data: PlanningData) -> Iterator[Problem]:
    for tag in data.revenue_tags:
        if tag.age_from > tag.age_to:
            yield error(tag.source("age_to"),
                        f'"Till ålder" ({tag.age_to}) är lägre än "Från ålder" ({tag.age_from}) i intäktslappen "{tag.name}"')


def balancing_needs_revenues(data: PlanningData) -> Iterator[Problem]:
    """A balancing requirement is computed against the room, so every computed year needs revenues."""
    if data.settings.balancing is BalancingRule.NONE:
        return
    have = {r.year for r in data.revenues}
    missing = [y for y in data.settings.years if y not in have]
    if missing:
        yield error(data.settings.source("balancing") or sheet_source(data, REVENUES.sheet),
                    f"balanseringskrav kräver intäkter för varje beräknat år; bladet {REVENUES.sheet}"
                    f" saknar {ranges_text(missing)}")


def balance_shares(data: PlanningData) -> Iterator[Problem]:
    """With fixed shares, every committee has one and they add up to 100 %."""
    if data.settings.balancing is not BalancingRule.SHARES:
        return
    for committee in data.committees:
        if committee.balance_share is None:
            yield error(committee.source("balance_share") or sheet_source(data, COMMITTEES.sheet),
                        f"{committee.code} saknar balansandel; Balanseringskrav = Fasta andelar kräver en andel per nämnd")
    total = sum((c.balance_share for c in data.committees if c.balance_share is not None), Decimal(0))
    if all(c.balance_share is not None for c in data.committees) and total != 1:
        yield error(sheet_source(data, COMMITTEES.sheet),
                    f"balansandelarna summerar till {format_share(total)}, inte 100 %;"
                    f" differens {format_share(total - 1)}")


def cost_structure_shares(data: PlanningData) -> Iterator[Problem]:
    """A committee's shares of its costs other than personnel add up to 100 %."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in data.cost_structure:
        totals[item.committee] += item.share
    for committee, total in totals.items():
        if total != 1:
            yield error(sheet_source(data, COST_STRUCTURE.sheet),
                        f"kostnadsstrukturen för {committee} summerar till {format_share(total)}, inte 100 %;"
                        f" differens {format_share(total - 1)}")


def missing_cost_rates(data: PlanningData) -> Iterator[Problem]:
    """Every cost type of a cost structure needs a rate in Kostnadsindex for every year used."""
    have = {(r.year, r.cost_type.casefold()) for r in data.cost_index}
    reported = set()
    for item in data.cost_structure:
        missing = [y for y in index_years(data) if (y, item.cost_type.casefold()) not in have]
        if missing and item.cost_type.casefold() not in reported:
            reported.add(item.cost_type.casefold())
            yield error(item.source("cost_type") or sheet_source(data, COST_INDEX.sheet),
                        f'kostnadsslaget "{item.cost_type}" saknar ökning på bladet {COST_INDEX.sheet}'
                        f" för {ranges_text(missing)}")


def wage_carry_over_needs_last_year(data: PlanningData) -> Iterator[Problem]:
    """A pay revision after January, and a PO-pålägg, need the index of the year before each year."""
    overhead = any(row.payroll_overhead is not None for row in data.index)
    if data.settings.pay_revision_month == 1 and not overhead:
        return
    used = index_years(data)
    needed = sorted({year - 1 for year in used} | set(used))
    have = {row.year: row for row in data.index}
    before = [year for year in needed if year not in have and year + 1 in have]
    if before:
        yield error(sheet_source(data, INDEX.sheet),
                    f"index för {ranges_text(before)} behövs: löneökningens överhäng och PO-påläggets förändring"
                    f" räknas från året före")
    if overhead:
        missing = [y for y in needed if y in have and have[y].payroll_overhead is None]
        if missing:
            yield error(sheet_source(data, INDEX.sheet),
                        f"PO-pålägg saknas för {ranges_text(missing)}; ange det för varje år från {needed[0]} när det används")


def balance_shares_unused(data: PlanningData) -> Iterator[Problem]:
    if data.settings.balancing is BalancingRule.SHARES:
        return
    for committee in data.committees:
        if committee.balance_share is not None:
            yield warning(committee.source("balance_share"),
                          f"balansandelen för {committee.code} används inte: Balanseringskrav är inte Fasta andelar")


def amounts_with_ore(data: PlanningData) -> Iterator[Problem]:
    """Frames, decisions, revenues and central items are whole kronor; öre are rounded away,
    and the user is told."""
    checks = [
        *((r, f) for r in data.frames for f in ("frame", "one_off", "technical")),
        *((d, "amount") for d in data.decisions),
        *((r, f) for r in data.revenues for f in ("taxes", "grants", "financial_net")),
        *((c, "amount") for c in data.central_items),
    ]
    for record, field_name in checks:
        amount = getattr(record, field_name)
        if amount is not None and amount != round_krona(amount):
            yield warning(record.source(field_name),
                          f"beloppet {format_kronor(amount)} har öre; ramkalk räknar med hela kronor:"
                          f" {format_kronor(round_krona(amount))}")
