"""What the central office decides for a round of templates (`ramkalk underlag`'s options), and the
defaults. Plain data: the command line's help reads the defaults without loading the generator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
