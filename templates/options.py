"""What the central office decides for a round of templates (`ramkalk underlag`'s options), and the
defaults. Plain data: the command line's help reads the defaults without loading the generator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ramkalk.core.problems import Problem, Source, warning
from ramkalk.schema.process import PROCESS

DEFAULT_VERSION = PROCESS[0]
"""The process version a template is made for unless told: the preliminary frames of June."""
DEFAULT_CONTACT = "Ekonomistyrningen"
"""Whom the committees ask, unless told (`--kontakt`)."""


def default_deadline(budget_year: int) -> date:
    """31 August of the year before the budget year."""
    return date(budget_year - 1, 8, 31)


@dataclass(frozen=True)
class Options:
    """What the central office decides for a round of templates.

    version: the label of the frames' version (e.g. "Juni"). deadline: the day the template
    is due (default: 31 August of the year before the budget year). contact: who answers
    questions. password: for sheet and workbook protection, or None (protected without a
    password; protection is a guard against mistakes, not security). created: the date
    written in the template.
    """

    version: str = DEFAULT_VERSION
    deadline: date | None = None
    contact: str = DEFAULT_CONTACT
    password: str | None = None
    created: date = field(default_factory=date.today)

    def deadline_for(self, budget_year: int) -> date:
        return self.deadline or default_deadline(budget_year)


def date_warnings(options: Options, years: tuple[int, ...], deadline_source: Source,
                  year_source: Source) -> list[Problem]:
    """Warnings about dates that make no sense for templates of `years` (the budget year and plan
    years), in Swedish, each at its place: the deadline (`deadline_source`: the option, or the
    budget year it defaults from) before the creation date, not in the year before the budget
    year (after the plan period, in it, or more than a year before it), and a budget year that has
    already begun (`year_source`: where the budget year was read). The templates are written all
    the same: a date that cannot be a date is refused when it is read."""
    budget_year, last = years[0], years[-1]
    deadline, created = options.deadline_for(budget_year), options.created
    found = []
    if deadline < created:
        found.append(warning(deadline_source, f"sista dag att lämna underlaget, {deadline}, ligger före dagens datum "
                                              f"{created}: nämnderna hinner inte lämna det; ange en senare dag"))
    if deadline.year > last:
        found.append(warning(deadline_source, f"sista dag att lämna underlaget, {deadline}, ligger efter planperioden "
                                              f"{budget_year}–{last}"))
    elif deadline.year >= budget_year:
        found.append(warning(deadline_source, f"sista dag att lämna underlaget, {deadline}, ligger i budgetåret "
                                              f"{budget_year} eller senare; underlaget ska vara inne före budgetåret "
                                              f"(som standard {default_deadline(budget_year)})"))
    elif deadline.year < budget_year - 1:
        found.append(warning(deadline_source, f"sista dag att lämna underlaget, {deadline}, ligger mer än ett år före "
                                              f"budgetåret {budget_year}"))
    if created.year >= budget_year:
        found.append(warning(year_source, f"budgetåret {budget_year} har redan börjat (i dag är {created}): "
                                          "underlagen gäller ett år som pågår eller har passerat"))
    return found
