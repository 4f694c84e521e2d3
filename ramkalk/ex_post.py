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

from ramkalk.lookups import Lookups
from ramkalk.model import Committee, VolumeDefinition, VolumeGroup
from ramkalk.money import ZERO, round_krona
from ramkalk.results import EX_POST, Input, Line

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


def line(committee: Committee, year: int, lookups: Lookups) -> Line | None:
    """The committee's ex-post correction in the frame of `year`; None if none of its groups has one."""
    corrected = corrected_year(year)
    groups = [g for g in lookups.groups_of(committee) if g.ex_post and has_forecast(g, corrected, lookups)]
    if not groups:
        return None
    details = tuple(_group_line(committee, group, corrected, lookups) for group in groups)
    return Line(EX_POST, f"Efterhandsjustering av volym {corrected}", sum((d.amount for d in details), ZERO),
                f"Σ volymgrupper: (utfall − prognos) {corrected} × prislapp {corrected} × kompensationsgrad",
                details=details)


def _group_line(committee: Committee, group: VolumeGroup, year: int, lookups: Lookups) -> Line:
    outcome = lookups.volume(group, year)
    forecast = lookups.volume(group, year, lookups.forecast_population(year - 1))
    price = lookups.price(committee, group, year)
    amount = round_krona((outcome - forecast) * price * group.compensation)
    return Line(
        EX_POST, f"Efterhandsjustering {group.name} {year}", amount,
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
