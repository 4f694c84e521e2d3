"""The price-tag model (prislappsmodell), as in docs/ramberakning.md ("Prislappsmodellen") and SKR's description.

For committee c and year t:

    prislapp g      = prislapp_g(t) × V_g(t)        one component per volume group g
    teknisk bas     = T(c, t−1) − engångs(c, t−1)   the technical frame: everything else
    uppräkning      = teknisk bas × (s × lön_t + (1 − s) × pris_t)
    effektivisering = −teknisk bas × eff_t  (or after indexation, by Effektiviseringsbas)
    beslut          = Σ decisions for (c, t)
    ram(c, t)       = Σ_g prislapp g + teknisk bas + uppräkning + effektivisering + beslut
    T(c, t)         = ram(c, t) − Σ_g prislapp g  (carried to the next year)

V_g(t) is the group's volume (weight × population, by its Volymdefinition); the price tag is
the stated price, indexed with the committee's blended index to the year, less its efficiency
requirement each year by the setting Effektivisering av prislappar (Ja, the default:
`Lookups.tag_price`). The volume-driven part is thus computed afresh every year from price and
volume, not inherited; only the technical part is. T(c, t−1) for the first year is the adopted
frame's "Varav teknisk ram"; if not given, it is taken as the adopted frame less what the price
tags gave that year, so the inherited volume part is assumed to equal the price tags: the "arv"
then starts at 0 with the efficiency requirement on the price tags, and at what the requirement
takes from that part in the traditional model without it (no compensation rate either, which
only applies to the traditional model's volume changes).

The difference to the traditional model (the "arv") then shows how far the inherited frame
is from what the price tags give. Every computed amount is rounded to whole kronor. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import NamedTuple

from ramkalk.core.frame import (
    DECISIONS,
    EFFICIENCY,
    INDEXATION,
    PRICE_TAG,
    PRICE_TAG_PREFIX,
    TECHNICAL_BASE,
    Component,
    Frame,
    Line,
    Previous,
)
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.frame_parts import PartAmounts
from ramkalk.rules.lookups import Lookups
from ramkalk.rules.traditional import (
    Split,
    base_line,
    decisions_line,
    ending_decisions,
    explain_efficient,
    explain_indexed,
    indexed,
    one_off_amount,
)
from ramkalk.rules.volume import tag_effects, tag_lines
from ramkalk.schema.inputs import Committee, Decision, EfficiencyBase, VolumeGroup

FRAME_NAME = "teknisk ram"

TAGS_WORDS = (
    "Den volymstyrda verksamheten får prislapp × hela årets volym, räknat från grunden varje år; övrig "
    "verksamhet får en teknisk ram som räknas upp, effektiviseras och ändras med beslut som en hel ram i den "
    "traditionella modellen. Kompensationsgraden används inte.")
TAGS_FORMULA = (
    "prislapp(g)  = prislapp(g, t) × V(g, t)          för varje volymgrupp g\n"
    "teknisk bas  = T(c, t−1) − engångs(c, t−1)\n"
    "T(c, t)      = teknisk bas + uppräkning + effektivisering + beslut\n"
    "ram(c, t)    = Σ prislapp(g) + T(c, t)\n"
    "arv(c, t)    = traditionell ram(c, t) − prislappsram(c, t)")
TAGS_EFFICIENCY = {  # by the setting Effektivisering av prislappar
    True: (" Effektiviseringskravet gäller också prislapparna (inställningen Effektivisering av prislappar = Ja): "
           "varje år efter prisåret räknas prislappen upp med nämndens index minus dess effektiviseringskrav, så "
           "att arvet mot den traditionella modellen inte glider isär år för år.",
           "\nprislapp(g, t) = prislapp(g, t−1) × (1 + index(c, t) − eff(c, t))"),
    False: (" Prislapparna effektiviseras inte (inställningen Effektivisering av prislappar = Nej); de räknas upp "
            "med hela indexet.", "\nprislapp(g, t) = prislapp(g, t−1) × (1 + index(c, t))"),
}


def _tags_described(settings) -> tuple[str, str]:
    words, formula = TAGS_EFFICIENCY[settings.price_tag_efficiency]
    if settings.price_tag_efficiency and settings.efficiency_base is EfficiencyBase.BASE_AFTER_INDEXATION:
        formula = "\nprislapp(g, t) = prislapp(g, t−1) × (1 + index(c, t)) × (1 − eff(c, t))"
    return TAGS_WORDS + words, TAGS_FORMULA + formula


TAGS_COMPONENT = Component(
    PRICE_TAG_PREFIX, "Prislapp", "Prislappar: förändring",
    "prislapp × volym i år − förra årets del utanför den tekniska ramen",
    TAGS_WORDS + TAGS_EFFICIENCY[True][0], TAGS_FORMULA + TAGS_EFFICIENCY[True][1],
    described=_tags_described, prefix=True)
"""The price tags: one component per volume group, its key PRICE_TAG_PREFIX + the group's name."""

TECHNICAL_BASE_COMPONENT = Component(
    TECHNICAL_BASE, "Teknisk bas (föregående års tekniska ram utan engångsposter)", "Teknisk bas",
    "förra årets tillfälliga medel ingår inte i basen",
    "Förra årets tekniska ram (allt utom prislapparna) utan dess engångsposter.",
    "teknisk bas = T(c, t−1) − engångs(c, t−1)")


class Amounts(NamedTuple):
    """The arithmetic of one price-tag frame, kr; every computed amount rounded to the krona."""

    technical_base: Decimal
    indexation: Decimal
    efficiency: Decimal
    groups: tuple[VolumeGroup, ...]
    tags: tuple[tuple[str, Decimal], ...]
    """(component key, kr) per group and effect."""
    decisions: tuple[Decision, ...]
    decided: tuple[Decimal, ...]
    parts: tuple[PartAmounts, ...] = ()
    rest: Split | None = None


def tag_amount(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    """What one volume group gives in `year`: price tag × volume, to the krona (per effect)."""
    return sum((effect.amount for effect in tag_effects(committee, group, year, lookups)), ZERO)


def start(committee: Committee, year: int, lookups: Lookups) -> Previous:
    """The technical frame the first computed year starts from (see the module docstring)."""
    adopted = lookups.adopted_frame(committee.code, year - 1)
    if adopted.technical is not None:
        technical, source = round_krona(adopted.technical), adopted.source("technical")
    else:
        tags = sum((tag_amount(committee, g, year - 1, lookups) for g in lookups.groups_of(committee)), ZERO)
        technical, source = round_krona(adopted.frame) - tags, None
    return Previous(adopted.year, technical, round_krona(adopted.one_off), source, adopted.source("one_off"))


def frame_for_year(committee: Committee, year: int, previous: Previous, lookups: Lookups) -> Frame:
    """The committee's price-tag frame for one year, starting from last year's technical frame."""
    technical_base = previous.frame - previous.one_off
    groups = lookups.groups_of(committee)
    decisions = lookups.decisions_of(committee.code, year)
    indexation, efficiency, parts, rest = indexed(committee, year, technical_base, lookups)
    amounts = Amounts(
        technical_base=technical_base,
        indexation=indexation,
        efficiency=efficiency,
        groups=groups,
        tags=tuple([(PRICE_TAG_PREFIX + (f"{g.name}: {e.suffix}" if e.suffix else g.name), e.amount)
                    for g in groups for e in tag_effects(committee, g, year, lookups)]),
        decisions=decisions,
        decided=tuple([round_krona(d.amount) for d in decisions]),
        parts=parts,
        rest=rest,
    )
    technical = technical_base + amounts.indexation + amounts.efficiency + sum(amounts.decided, ZERO)
    return Frame(
        committee=committee.code,
        year=year,
        model=PRICE_TAG,
        total=technical + sum((amount for _, amount in amounts.tags), ZERO),
        amounts=(
            *amounts.tags,
            (TECHNICAL_BASE, technical_base),
            (INDEXATION, amounts.indexation),
            (EFFICIENCY, amounts.efficiency),
            (DECISIONS, sum(amounts.decided, ZERO)),
        ),
        one_off=one_off_amount(decisions, amounts.decided),
        explain=partial(explain, committee, year, previous, amounts, lookups),
        carried=technical,
    )


def explain(committee: Committee, year: int, previous: Previous, amounts: Amounts,
            lookups: Lookups) -> tuple[Line, ...]:
    """The explanation lines of a price-tag frame, in the order of its amounts."""
    return (
        *(line for group in amounts.groups for line in tag_lines(PRICE_TAG_PREFIX, committee, group, year, lookups)),
        base_line(previous, TECHNICAL_BASE_COMPONENT, FRAME_NAME, ending_decisions(committee.code, year, lookups)),
        explain_indexed(committee, year, amounts.technical_base, amounts.indexation, amounts.parts, amounts.rest,
                        lookups),
        explain_efficient(committee, year, amounts.technical_base, amounts.indexation, amounts.efficiency,
                          amounts.parts, amounts.rest, lookups),
        decisions_line(amounts.decisions, amounts.decided, year),
    )
