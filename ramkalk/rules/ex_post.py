"""Ex-post correction (efterhandsjustering): a forecast error of a volume group made good.

The frame of year T was computed on the population forecast made the year before
(Prognosår ≤ T − 1). When the outcome for T is known, a volume group with
`Efterhandsjustering` gets, in the frame of T + 2 (the first frame computed after the
outcome of 31 December T is known):

    efterhandsjustering = (volym T enligt utfall − volym T enligt prognosen) × prislapp T × kompensationsgrad

rounded to the krona, as a one-off line (it corrects money of a past year; the volume
change of later years already starts from the population as now known). No line when the
workbook has no outcome for T or no forecast of T made by T − 1 (validation warns). Pure.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.core.frame import EX_POST, Component, Input, Line
from ramkalk.core.money import ZERO, round_krona
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import Committee, VolumeDefinition, VolumeGroup

LAG = 2
"""The frame of year T + LAG corrects the forecast error of year T."""


def corrected_year(year: int) -> int:
    return year - LAG


def has_forecast(group: VolumeGroup, year: int, lookups: Lookups) -> bool:
    """Whether the workbook has both the outcome of `year` and a forecast of it made by year − 1
    (for the volume definition Medel, also of the year before)."""
    needed = {year - 1, year} if group.volume_definition is VolumeDefinition.MEAN else {year}
    earliest = lookups.earliest_forecast
    return year in lookups.outcome_years and all(earliest.get(y, year) <= year - 1 for y in needed)


COMPONENT = Component(
    EX_POST, "Efterhandsjustering av volym", "Efterhandsjustering",
    "(utfall − prognos) × prislapp för ett tidigare år",
    "För volymgrupper med efterhandsjustering rättas ett tidigare års prognosfel när utfallet är känt: "
    "skillnaden mellan volymen enligt utfallet och enligt prognosen som det årets ram byggde på, gånger det "
    "årets prislapp och kompensationsgrad, läggs som en engångspost i ramen två år senare.",
    "efterhandsjustering(t) = (V_utfall(t−2) − V_prognos(t−2)) × prislapp(t−2) × kompensationsgrad",
    other_name="efterhandsjustering", other_rule="rättade volymprognoser", one_off=True, optional=True)
"""The frame component of the ex-post correction; it is one-off."""


def used(lookups: Lookups) -> bool:
    """Whether any volume group has Efterhandsjustering."""
    return any(group.ex_post for group in lookups.data.volume_groups)


def _corrected_groups(committee: Committee, corrected: int, lookups: Lookups) -> list[VolumeGroup]:
    return [g for g in lookups.groups_of(committee) if g.ex_post and has_forecast(g, corrected, lookups)]


def amount(committee: Committee, year: int, lookups: Lookups) -> Decimal | None:
    """The committee's ex-post correction in the frame of `year`, kr (the sum of the lines of
    `line`, computed without them); None if none of its groups has one."""
    corrected = corrected_year(year)
    groups = _corrected_groups(committee, corrected, lookups)
    if not groups:
        return None
    return sum((_group_amount(committee, group, corrected, lookups) for group in groups), ZERO)


def line(committee: Committee, year: int, lookups: Lookups) -> Line:
    """The committee's ex-post correction in the frame of `year` (it has one: see `amount`)."""
    corrected = corrected_year(year)
    details = tuple(_group_line(committee, group, corrected, lookups)
                    for group in _corrected_groups(committee, corrected, lookups))
    return Line(EX_POST, f"{COMPONENT.label} {corrected}", sum((d.amount for d in details), ZERO),
                f"Σ volymgrupper: (utfall − prognos) {corrected} × prislapp {corrected} × kompensationsgrad;"
                f" {one_off_text(corrected)}", details=details)


def one_off_text(corrected: int) -> str:
    """What the correction is: money of a past year, once (the product's decision, issue 23)."""
    return (f"engångspost: rättar pengarna för {corrected}, ett år som har passerat; basen följer redan"
            f" befolkningen som den nu är känd")


def _volumes(group: VolumeGroup, year: int, lookups: Lookups) -> tuple[Decimal, Decimal]:
    """The group's volume in `year` by the outcome and by the forecast made the year before."""
    return lookups.volume(group, year), lookups.volume(group, year, lookups.forecast_population(year - 1))


def _correction(outcome: Decimal, forecast: Decimal, price: Decimal, group: VolumeGroup) -> Decimal:
    """A group's correction, kr: (outcome − forecast volume) × price tag × compensation, rounded once."""
    return round_krona((outcome - forecast) * price * group.compensation)


def _group_amount(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Decimal:
    return _correction(*_volumes(group, year, lookups), lookups.price(committee, group, year), group)


def _group_line(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Line:
    outcome, forecast = _volumes(group, year, lookups)
    price = lookups.price(committee, group, year)
    return Line(
        EX_POST, f"Efterhandsjustering {group.name} {year}", _correction(outcome, forecast, price, group),
        f"(volym {year} enligt utfall − volym {year} enligt prognos gjord senast {year - 1})"
        f" × prislapp {year} × kompensationsgrad",
        (
            Input(f"volym {year} enligt utfall", outcome),
            Input(f"volym {year} enligt prognos", forecast),
            Input(f"prislapp {year}", price, unit="kr"),
            Input("kompensationsgrad", group.compensation, group.source("compensation"), "%"),
            Input("efterhandsjustering", "Ja", group.source("ex_post")),
        ),
    )
