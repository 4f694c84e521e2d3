"""What a volume group gives, split into its effects: demography and changed participation.

A group's volume in year t is V(t) = w(t) × P(t): the population it counts P (31 December,
or the mean of two year-ends) times its weight w, which is its participation share that
year when the workbook gives one (Deltagande), else its fixed weight. When w changes from
one year to the next, the change of volume splits exactly into two effects (shown for
every year of a group that has participation shares, so its lines are the same each year):

    demography:     (P(t) − P(t−1)) × w(t−1)
    participation:  P(t) × (w(t) − w(t−1))

Traditional model: each effect × price tag × compensation is its own line of the volume
component. Price-tag model: price × w(t−1) × P(t) and price × (w(t) − w(t−1)) × P(t) are
their own components. The group's whole amount is rounded to the krona once (as in a
published price-tag table); the participation effect is rounded and the demographic effect
is the rest, so the effects add up to the whole. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ramkalk.core.frame import Input, Line
from ramkalk.core.money import round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, VolumeDefinition, VolumeGroup

DEMAND = "förändrad efterfrågan"


class Effect(NamedTuple):
    """One effect of a volume group in a year: a label suffix ("" for the whole), its amount
    (kr, rounded) and the volume it is computed on."""

    suffix: str
    amount: Decimal
    volume: Decimal


def _counted(group: VolumeGroup) -> str:
    return "medel av 31/12 året före och året" if group.volume_definition is VolumeDefinition.MEAN else "31/12"


def _change(group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    return lookups.volume(group, year) - lookups.volume(group, year - 1)


def _factor(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    """What a unit of volume change gives in the traditional model: price tag × compensation."""
    return lookups.price(committee, group, year) * group.compensation


def change_amount(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    """Traditional model: the compensated change of the group's volume, kr, rounded once.

    This is what the group's effects (`change_effects`) add up to, computed without them:
    a frame needs only the sum, its explanation the effects."""
    return round_krona(_change(group, year, lookups) * _factor(committee, group, year, lookups))


def change_effects(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> list[Effect]:
    """Traditional model: the compensated change of the group's volume, by effect."""
    change, whole = _change(group, year, lookups), change_amount(committee, group, year, lookups)
    if not lookups.has_participation(group):
        return [Effect("", whole, change)]
    participation = lookups.persons(group, year) * (lookups.weight(group, year) - lookups.weight(group, year - 1))
    demand = round_krona(participation * _factor(committee, group, year, lookups))
    return [Effect("demografi", whole - demand, change - participation), Effect(DEMAND, demand, participation)]


def tag_effects(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> list[Effect]:
    """Price-tag model: price tag × volume, with a changed participation as its own effect; the price
    tag is `Lookups.tag_price` (with the efficiency requirement on it, by the setting)."""
    price, volume = lookups.tag_price(committee, group, year), lookups.volume(group, year)
    whole = round_krona(price * volume)
    if not lookups.has_participation(group):
        return [Effect("", whole, volume)]
    participation = lookups.persons(group, year) * (lookups.weight(group, year) - lookups.weight(group, year - 1))
    demand = round_krona(price * participation)
    return [Effect("", whole - demand, volume - participation), Effect(DEMAND, demand, participation)]


def _weight_inputs(group: VolumeGroup, year: int, lookups: Lookups) -> tuple[Input, ...]:
    if not lookups.has_participation(group):
        return (Input("vikt", group.weight, group.source("weight")),)
    return (Input(f"andel som deltar {year - 1}", lookups.weight(group, year - 1), unit="%"),
            Input(f"andel som deltar {year}", lookups.weight(group, year), unit="%"))


def _price_inputs(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups,
                  tag: bool = False) -> tuple[Input, ...]:
    """The stated price tag (with its cell) and, for another year, the price tag indexed to `year`
    (`tag`: the price-tag model's, `Lookups.tag_price`)."""
    stated = Input(f"prislapp {group.price_year}", group.price, group.source("price"), "kr")
    if year == group.price_year:
        return (stated,)
    price = lookups.tag_price(committee, group, year) if tag else lookups.price(committee, group, year)
    return stated, Input(f"prislapp {year}", price, unit="kr")


def tag_efficiency_rule(group: VolumeGroup, year: int, lookups: Lookups) -> str:
    """How the price tag of `year` came from the stated one, when the efficiency requirement is on it."""
    if not lookups.data.settings.price_tag_efficiency or year == group.price_year:
        return ""
    factor = ("(1 + index) × (1 − effektiviseringskrav)" if lookups.efficiency_after_indexation
              else "(1 + index − effektiviseringskrav)")
    return (f"; prislappen räknas om från prisåret {group.price_year} med {factor} per år"
            " (Effektivisering av prislappar = Ja)")


def change_lines(component: str, committee: Committee, group: VolumeGroup, year: int,
                 lookups: Lookups) -> list[Line]:
    """The traditional model's volume lines of one group (one per effect)."""
    lines = []
    for effect in change_effects(committee, group, year, lookups):
        label = f"Volym {group.name} ({group.age_from}–{group.age_to} år)"
        rule = (f"(volym {year} − volym {year - 1}) × prislapp {year} × kompensationsgrad;"
                f" volym = vikt × befolkning {group.age_from}–{group.age_to} år ({_counted(group)})")
        if effect.suffix == "demografi":
            rule = f"(befolkning {year} − befolkning {year - 1}) × andel {year - 1} × prislapp {year} × kompensationsgrad"
        elif effect.suffix == DEMAND:
            rule = f"befolkning {year} × (andel {year} − andel {year - 1}) × prislapp {year} × kompensationsgrad"
        lines.append(Line(component, f"{label}: {effect.suffix}" if effect.suffix else label, effect.amount, rule, (
            Input(f"volym {year}", lookups.volume(group, year)),
            Input(f"volym {year - 1}", lookups.volume(group, year - 1)),
            *_weight_inputs(group, year, lookups),
            *_price_inputs(committee, group, year, lookups),
            Input("kompensationsgrad", group.compensation, group.source("compensation"), "%"),
        )))
    return lines


def tag_lines(prefix: str, committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> list[Line]:
    """The price-tag model's lines of one group (one per effect), each its own component."""
    lines = []
    for effect in tag_effects(committee, group, year, lookups):
        name = f"{group.name}: {effect.suffix}" if effect.suffix else group.name
        rule = (f"prislapp {year} × volym {year}; volym = vikt × befolkning {group.age_from}–{group.age_to} år"
                f" ({_counted(group)})")
        if effect.suffix == DEMAND:
            rule = f"prislapp {year} × befolkning {year} × (andel {year} − andel {year - 1})"
        elif lookups.has_participation(group):
            rule = f"prislapp {year} × befolkning {year} × andel {year - 1}"
        lines.append(Line(prefix + name, f"Prislapp {name} ({group.age_from}–{group.age_to} år)", effect.amount,
                          rule + tag_efficiency_rule(group, year, lookups), (
            Input(f"volym {year}", effect.volume),
            *_weight_inputs(group, year, lookups),
            *_price_inputs(committee, group, year, lookups, tag=True),
        )))
    return lines
