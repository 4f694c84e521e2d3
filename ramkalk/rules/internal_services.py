"""Internal services (interna tjänster): how much their prices rise and how much of it a frame
compensates.

A committee buys internal services (IT, lokaler, måltider ...) for `Kostnad` kr in the year
before the budget year; the service's price rises by its own rate r_t (Internpriser), so

    kostnad_t = kostnad_{t−1} × (1 + r_t)

The frame's indexation already raises the cost like the committee's other costs, by p_t:
the year's price increase (Index: Prisökning) or, for a committee with a cost structure,
its rate for costs other than personnel (Σ andel × ökning of Kostnadsstruktur and
Kostnadsindex; `indexation.other_costs_rate`). Two lines per service adjust that to the
rule (Kompensation):

    höjning utöver prisökningen  = kostnad_{t−1} × (r_t − p_t)          (every rule)
    okompenserad höjning         = −kostnad_{t−1} × (r_t − p_t)   Index: compensated by p_t only
                                 = −kostnad_{t−1} × r_t           Ingen: nothing compensated
                                 = 0                              Full: the whole rise

so that uppräkning + both lines = what the rule compensates, and the uncompensated rise,
which the committee must bear within its frame, is a line of its own. Each line is rounded
to the krona; the component is permanent (it stays in later years' base). Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.core.frame import INTERNAL_SERVICES, Component, Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.indexation import other_costs_rate
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, Compensation, InternalPrice, InternalService


def cost_before(service: InternalService, year: int, lookups: Lookups) -> Decimal:
    """The service's cost in the year before `year`, kr (unrounded): `Kostnad` indexed by the
    internal price from the budget year on, kostnad_{t−1} × (1 + r_t) year by year (kept by
    `Lookups.internal_cost`)."""
    return lookups.internal_cost(service, year)


COMPONENT = Component(
    INTERNAL_SERVICES, "Interna tjänster (internpriser)", "Interna tjänster",
    "internprisernas höjning utöver prisökningen, efter kompensationsregeln",
    "Nämndens kostnader för interna tjänster (IT, lokaler, måltider …) räknas upp med tjänstens eget "
    "internpris. Uppräkningen har redan gett prisökningen på kostnaden; höjningen utöver den läggs till, och "
    "det som inte kompenseras enligt tjänstens regel (Full, Index, Ingen) dras av som en egen rad.",
    "höjning utöver prisökningen = kostnad(t−1) × (internpris(t) − pris(t))\n"
    "okompenserad höjning       = −kostnad(t−1) × (internpris(t) − pris(t))   Index\n"
    "                           = −kostnad(t−1) × internpris(t)              Ingen\n"
    "kostnad(t)                 = kostnad(t−1) × (1 + internpris(t))",
    other_name="interna tjänster", other_rule="internpriser", optional=True)
"""The frame component of internal services; it is permanent."""


def used(lookups: Lookups) -> bool:
    """Whether any committee buys internal services."""
    return bool(lookups.internal_services)


def amount(committee: Committee, year: int, lookups: Lookups) -> Decimal | None:
    """What the committee's internal services add to its frame in `year`, kr (the sum of the
    lines of `line`, computed without them); None if it has none."""
    services = lookups.internal_services.get(committee.code)
    if not services:
        return None
    general = other_costs_rate(committee, year, lookups)
    total = ZERO  # Σ of every service's amounts, in order (as `line` adds its details)
    for service in services:
        for part in _amounts(service, lookups.internal_cost(service, year),
                             lookups.internal_price(service.service, year).rate, general):
            total += part
    return total


def line(committee: Committee, year: int, lookups: Lookups) -> Line:
    """The frame line of the committee's internal services in `year` (it has some: see `amount`)."""
    services = lookups.internal_services[committee.code]
    general = _general_rate(committee, year, lookups)
    details = tuple(detail for service in services for detail in _service_lines(service, year, general, lookups))
    return Line(INTERNAL_SERVICES, COMPONENT.label, sum((d.amount for d in details), ZERO),
                "Σ tjänster: höjning utöver prisökningen − okompenserad höjning", details=details)


class Rise(NamedTuple):
    """A service's price rise in a year, and the amounts of its lines, kr: the rise beyond
    the price increase and, unless compensated in full, minus the uncompensated rise."""

    cost: Decimal
    """The cost in the year before, unrounded."""
    price: InternalPrice
    amounts: tuple[Decimal, ...]


def _rise(service: InternalService, year: int, general: Decimal, lookups: Lookups) -> Rise:
    cost = lookups.internal_cost(service, year)
    price = lookups.internal_price(service.service, year)
    return Rise(cost, price, _amounts(service, cost, price.rate, general))


def _amounts(service: InternalService, cost: Decimal, rate: Decimal, general: Decimal) -> tuple[Decimal, ...]:
    """The amounts of a service's lines, kr, from its cost in the year before, its internal price
    rise `rate` and the price increase `general` the indexation gave."""
    beyond = round_krona(cost * (rate - general))
    if service.compensation is Compensation.FULL:
        return (beyond,)
    borne = beyond if service.compensation is Compensation.INDEX else round_krona(cost * rate)
    return beyond, -borne


def _general_rate(committee: Committee, year: int, lookups: Lookups) -> tuple[Decimal, Input]:
    """p_t, what the indexation raised the service's cost by, as an input of the lines."""
    rate = other_costs_rate(committee, year, lookups)
    if lookups.cost_structure.get(committee.code):
        return rate, Input(f"prisökning {year} (nämndens index för övriga kostnader)", rate, unit="%",
                           reference="Kostnadsstruktur × Kostnadsindex")
    index = lookups.index_of(year)
    return rate, Input(f"prisökning {year}", rate, index.source("price_increase"), "%", index.reference)


def _service_lines(service: InternalService, year: int, general: tuple[Decimal, Input],
                   lookups: Lookups) -> tuple[Line, ...]:
    rate, general_input = general
    rise = _rise(service, year, rate, lookups)
    inputs = (
        Input(f"kostnad {year - 1}", round_krona(rise.cost), service.source("cost"), "kr"),
        Input(f"internprisökning {year}", rise.price.rate, rise.price.source("rate"), "%", rise.price.reference),
        general_input,
        Input("kompensation", service.compensation.value, service.source("compensation")),
    )
    name = service.service
    beyond = Line(INTERNAL_SERVICES, f"{name}: höjning utöver prisökningen", rise.amounts[0],
                  f"kostnad {year - 1} × (internprisökning {year} − prisökning {year})", inputs)
    if service.compensation is Compensation.FULL:
        return (beyond,)
    if service.compensation is Compensation.INDEX:
        rule = f"−kostnad {year - 1} × (internprisökning {year} − prisökning {year}); kompensation: endast index"
    else:
        rule = f"−kostnad {year - 1} × internprisökning {year}; kompensation: ingen"
    return beyond, Line(INTERNAL_SERVICES, f"{name}: okompenserad höjning (bärs av nämnden)", rise.amounts[1], rule,
                        inputs)
