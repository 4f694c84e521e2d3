"""Validation rules of the budget process: internal services, outcomes and result rules, and
the forecasts an ex-post correction needs. Listed in `ramkalk.calculation.validation.RULES`."""

from __future__ import annotations

from typing import Iterator

from ramkalk.calculation.validation_common import ranges_text, sheet_source
from ramkalk.core.problems import Problem, error, warning
from ramkalk.rules import ex_post
from ramkalk.rules.lookups import Lookups
from ramkalk.schema.inputs import PlanningData, ResultRule
from ramkalk.schema.tables import FRAMES, INTERNAL_PRICES


def missing_internal_prices(data: PlanningData) -> Iterator[Problem]:
    """Every internal service a committee buys needs its price increase for every computed year."""
    have = {(p.service.casefold(), p.year) for p in data.internal_prices}
    reported = set()
    for service in data.internal_services:
        name = service.service.casefold()
        missing = [y for y in data.settings.years if (name, y) not in have]
        if missing and name not in reported:
            reported.add(name)
            yield error(service.source("service") or sheet_source(data, INTERNAL_PRICES.sheet),
                        f'internpris saknas för "{service.service}" {ranges_text(missing)}; lägg till en rad per år'
                        f" på bladet {INTERNAL_PRICES.sheet}")


def outcomes_in_computed_years(data: PlanningData) -> Iterator[Problem]:
    """An outcome belongs to a past year, before the budget year."""
    for outcome in data.outcomes:
        if outcome.year >= data.settings.budget_year:
            yield error(outcome.source("year"), f"utfall för {outcome.year} kan inte finnas: utfall gäller år före"
                                                f" budgetåret {data.settings.budget_year}")


def outcomes_without_frames(data: PlanningData) -> Iterator[Problem]:
    """A result is the adopted frame minus the net cost, so the year's frame must be in Ramar."""
    have = {(f.committee, f.year) for f in data.frames}
    for outcome in data.outcomes:
        if outcome.year < data.settings.budget_year and (outcome.committee, outcome.year) not in have:
            yield error(outcome.source("year"), f"fastställd ram för {outcome.committee} {outcome.year} saknas på"
                                                f" bladet {FRAMES.sheet}; resultatet är ramen minus nettokostnaden")


def result_rule_settings(data: PlanningData) -> Iterator[Problem]:
    """Återförs needs at least one year; a cap only means something for Balanseras."""
    for committee in data.committees:
        if committee.result_rule is ResultRule.RETURN and committee.return_years < 1:
            yield error(committee.source("return_years"), f"{committee.code}: återföringsår måste vara minst 1"
                                                          f" när resultatregeln är {ResultRule.RETURN.value}")
        if committee.result_cap is not None and committee.result_rule is not ResultRule.KEEP:
            yield warning(committee.source("result_cap"),
                          f"{committee.code}: resultattaket används bara med resultatregeln {ResultRule.KEEP.value}"
                          f" (nämndens regel är {committee.result_rule.value})")


def ex_post_without_forecast(data: PlanningData) -> Iterator[Problem]:
    """A group with ex-post correction gets no correction for a year without both its outcome and
    a forecast made the year before; say so when that year is the one the budget year corrects."""
    year = ex_post.corrected_year(data.settings.budget_year)
    lookups = Lookups(data)
    for group in data.volume_groups:
        if group.ex_post and not ex_post.has_forecast(group, year, lookups):
            yield warning(group.source("ex_post"),
                          f'ingen efterhandsjustering av "{group.name}" för {group.committee} i'
                          f" {data.settings.budget_year}: den behöver utfallet för {year} och en prognos för"
                          f" {year} gjord senast {year - 1} (Befolkning: Typ Prognos, Prognosår {year - 1})")
