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

from ramkalk.indexation import other_costs_rate
from ramkalk.lookups import Lookups
from ramkalk.model import Committee, Compensation, InternalService
from ramkalk.money import ONE, ZERO, round_krona
from ramkalk.results import INTERNAL_SERVICES, Input, Line


def cost_before(service: InternalService, year: int, lookups: Lookups) -> Decimal:
    """The service's cost in the year before `year`, kr (unrounded): `Kostnad` indexed by the
    internal price from the budget year on."""
    cost = service.cost
    for earlier in range(lookups.data.settings.budget_year, year):
        cost *= ONE + lookups.internal_price(service.service, earlier).rate
    return cost


def line(committee: Committee, year: int, lookups: Lookups) -> Line | None:
    """The frame line of the committee's internal services in `year`; None if it has none."""
    services = lookups.internal_services.get(committee.code)
    if not services:
        return None
    details = tuple(detail for service in services for detail in _service_lines(committee, service, year, lookups))
    return Line(INTERNAL_SERVICES, "Interna tjänster (internpriser)", sum((d.amount for d in details), ZERO),
                "Σ tjänster: höjning utöver prisökningen − okompenserad höjning", details=details)


def _general_rate(committee: Committee, year: int, lookups: Lookups) -> tuple[Decimal, Input]:
    """p_t, what the indexation raised the service's cost by, as an input of the lines."""
    rate = other_costs_rate(committee, year, lookups)
    if lookups.cost_structure.get(committee.code):
        return rate, Input(f"prisökning {year} (nämndens index för övriga kostnader)", rate, unit="%",
                           reference="Kostnadsstruktur × Kostnadsindex")
    index = lookups.index_of(year)
    return rate, Input(f"prisökning {year}", rate, index.source("price_increase"), "%", index.reference)


def _service_lines(committee: Committee, service: InternalService, year: int,
                   lookups: Lookups) -> tuple[Line, ...]:
    cost = cost_before(service, year, lookups)
    price = lookups.internal_price(service.service, year)
    rate = price.rate
    general, general_input = _general_rate(committee, year, lookups)
    inputs = (
        Input(f"kostnad {year - 1}", round_krona(cost), service.source("cost"), "kr"),
        Input(f"internprisökning {year}", rate, price.source("rate"), "%", price.reference),
        general_input,
        Input("kompensation", service.compensation.value, service.source("compensation")),
    )
    name = service.service
    beyond = Line(INTERNAL_SERVICES, f"{name}: höjning utöver prisökningen", round_krona(cost * (rate - general)),
                  f"kostnad {year - 1} × (internprisökning {year} − prisökning {year})", inputs)
    if service.compensation is Compensation.FULL:
        return (beyond,)
    if service.compensation is Compensation.INDEX:
        borne = round_krona(cost * (rate - general))
        rule = f"−kostnad {year - 1} × (internprisökning {year} − prisökning {year}); kompensation: endast index"
    else:
        borne = round_krona(cost * rate)
        rule = f"−kostnad {year - 1} × internprisökning {year}; kompensation: ingen"
    return beyond, Line(INTERNAL_SERVICES, f"{name}: okompenserad höjning (bärs av nämnden)", -borne, rule, inputs)
