"""Volume compensation by another driver than age groups (Volymdrivare), for a committee without age
groups: the whole population, or a measure of the municipality's own (Volymmått: inhabitants of an
area, pupils, road km). A supplement (`ramkalk.rules.components.SUPPLEMENTS`). For each driver d of
committee c and year t:

    M(d, y)      = the population of every age on 31 December y (Befolkning), or the measure's Antal for y
    pris(d, t)   = pris(d) × (1 + i(c, prisår + 1)) × … × (1 + i(c, t))     as a volume group's price tag
    volym(d, t)  = (M(d, t) − M(d, t−1)) × pris(d, t) × kompensationsgrad(d)

each driver rounded to the krona once. The line is permanent: it stays in the base (in the price-tag
model, in the technical frame) like the traditional model's volume change. Pure.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.core.frame import Component, Input, Line
from ramkalk.core.money import ONE, ZERO, round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, Driver, Measure, VolumeDriver

KEY = "volym efter mått"
ALL_AGES = (0, 1000)

COMPONENT = Component(
    KEY, "Volymförändring (annat mått)", "Volym efter mått",
    "(mått i år − mått förra året) × pris × kompensationsgrad",
    "En nämnd utan åldersgrupper kan kompenseras för förändrad volym efter ett annat mått (bladet "
    "Volymdrivare): hela befolkningen, eller ett eget mått per år på bladet Volymmått, till exempel invånarna "
    "i ett område, antalet elever eller km väg. Förändringen mot året före gånger årets pris per enhet gånger "
    "kompensationsgraden läggs till ramen och ligger kvar i basen (i prislappsmodellen i den tekniska ramen). "
    "Priset anges för ett prisår och räknas upp år för år med nämndens index.",
    "M(d, y)     = befolkning(y, alla åldrar) eller måttets antal år y\n"
    "pris(d, t)  = pris(d, t−1) × (1 + index(c, t))\n"
    "volym(d, t) = (M(d, t) − M(d, t−1)) × pris(d, t) × kompensationsgrad(d)",
    other_name="volym efter mått", other_rule="förändrat mått", optional=True)
"""The frame component of the volume drivers; it is permanent."""


def used(lookups: Lookups) -> bool:
    """Whether any committee has a volume driver."""
    return bool(lookups.data.volume_drivers)


def drivers_of(committee: Committee, lookups: Lookups) -> tuple[VolumeDriver, ...]:
    return lookups.kept(("volymdrivare", committee.code),
                        lambda: tuple(d for d in lookups.data.volume_drivers if d.committee == committee.code))


def _measures(lookups: Lookups) -> dict[tuple[str, int], Measure]:
    return lookups.kept(("volymmått",), lambda: {(m.name.casefold(), m.year): m for m in lookups.data.measures})


def count(driver: VolumeDriver, year: int, lookups: Lookups) -> Decimal:
    """M(d, year): the whole population, or the measure's Antal (validation makes sure it is there)."""
    if driver.driver is Driver.POPULATION:
        return lookups.population(year, *ALL_AGES)
    try:
        return _measures(lookups)[(driver.name.casefold(), year)].count
    except KeyError:
        raise LookupError(f"volymmått {driver.name} {year} saknas") from None


def price(committee: Committee, driver: VolumeDriver, year: int, lookups: Lookups) -> Decimal:
    """The price per unit for `year`: stated for its price year, indexed forward by the committee's index."""
    found = driver.price
    for each in range(driver.price_year + 1, year + 1):
        found *= ONE + lookups.blended_index(committee, each)
    return found


def _amount(committee: Committee, driver: VolumeDriver, year: int, lookups: Lookups) -> Decimal:
    change = count(driver, year, lookups) - count(driver, year - 1, lookups)
    return round_krona(change * price(committee, driver, year, lookups) * driver.compensation)


def amount(committee: Committee, year: int, lookups: Lookups) -> Decimal | None:
    """The committee's volume change by its drivers in `year`, kr; None if it has none."""
    drivers = drivers_of(committee, lookups)
    if not drivers:
        return None
    return sum((_amount(committee, d, year, lookups) for d in drivers), ZERO)


def _count_input(driver: VolumeDriver, year: int, lookups: Lookups) -> Input:
    if driver.driver is Driver.POPULATION:
        return Input(f"befolkning {year}, alla åldrar", count(driver, year, lookups))
    measure = _measures(lookups)[(driver.name.casefold(), year)]
    return Input(f"{driver.name.lower()} {year}", measure.count, measure.source("count"), "", measure.reference)


def line(committee: Committee, year: int, lookups: Lookups) -> Line:
    """The committee's volume change by its drivers in `year`, a detail line per driver."""
    details = []
    for driver in drivers_of(committee, lookups):
        stated = Input(f"pris per enhet {driver.price_year}", driver.price, driver.source("price"), "kr")
        prices = (stated,) if year == driver.price_year else (
            stated, Input(f"pris per enhet {year}", price(committee, driver, year, lookups), unit="kr"))
        what = "befolkning, alla åldrar" if driver.driver is Driver.POPULATION else "eget mått"
        details.append(Line(
            KEY, f"Volym {driver.name} ({what})", _amount(committee, driver, year, lookups),
            f"({driver.name.lower()} {year} − {driver.name.lower()} {year - 1}) × pris per enhet {year}"
            f" × kompensationsgrad",
            (_count_input(driver, year, lookups), _count_input(driver, year - 1, lookups), *prices,
             Input("kompensationsgrad", driver.compensation, driver.source("compensation"), "%"))))
    return Line(KEY, COMPONENT.label, sum((d.amount for d in details), ZERO), "Σ volymdrivare",
                details=tuple(details))
