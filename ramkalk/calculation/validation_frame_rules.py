"""Validation rules of the frame rules found in published budgets (issue 23): time-limited
decisions and what each rule's optional columns and tables allow together. Listed in
`ramkalk.calculation.validation.RULES`."""

from __future__ import annotations

from typing import Iterator

from ramkalk.core.problems import Problem, error, warning
from ramkalk.schema.inputs import Duration, PlanningData, WageBasis


def time_limited_decisions(data: PlanningData) -> Iterator[Problem]:
    """A decision with `Till år` counts every year from År to Till år and leaves the base after:
    it is Engångs, and its last year is not before its first."""
    for decision in data.decisions:
        if decision.to_year is None:
            continue
        if decision.to_year < decision.year:
            yield error(decision.source("to_year"),
                        f'"Till år" ({decision.to_year}) ligger före "År" ({decision.year}); ett tidsbegränsat beslut'
                        f" räknas från År till och med Till år")
        elif decision.duration is Duration.PERMANENT:
            yield error(decision.source("duration"),
                        f'ett beslut med "Till år" ({decision.year}–{decision.to_year}) är tidsbegränsat men har'
                        f' varaktigheten Permanent; ange Engångs (beloppet räknas varje år {decision.year}–'
                        f'{decision.to_year} och lämnar basen {decision.to_year + 1}) eller lämna "Till år" tomt')


def committee_rates_rows(data: PlanningData) -> Iterator[Problem]:
    """A row of Nämndsatser is for a year that is computed."""
    years = data.settings.years
    for row in data.committee_rates:
        if row.year not in years:
            yield warning(row.source("year"), f"nämndsatserna för {row.committee} {row.year} används inte: beräknade år"
                                              f" är {years[0]}–{years[-1]}")


def revision_month_with_full_year(data: PlanningData) -> Iterator[Problem]:
    """A wage increase given for the whole year (Helår) has no revision month."""
    for row in data.index:
        if row.wage_basis is WageBasis.FULL_YEAR and row.revision_month is not None:
            yield error(row.source("revision_month"),
                        f"revisionsmånaden {row.revision_month} för {row.year} används inte: löneökningen avser helår"
                        f" (överhänget inräknat); töm Revisionsmånad eller ange Revision i Löneökning avser")
