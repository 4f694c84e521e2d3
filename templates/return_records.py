"""A returned planning template as records: what it says, its problems and its status.

Amounts are tkr as the committee typed them (`Decimal`), per year with the budget year
first; every sum is recomputed from them. Read by `ramkalk.templates.returns`, stored by
`ramkalk.templates.archive`, summarised by `ramkalk.templates.consolidation`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ramkalk.calculation.frames import Calculation
from ramkalk.core.problems import Problem, Severity, has_errors
from ramkalk.templates.layout import layout
from ramkalk.templates.parts import Layout

ZERO = Decimal(0)


class Status(enum.Enum):
    """What became of a return; the value is stored in the archive, the label shown."""

    ACCEPTED = "godkänd"
    WARNINGS = "godkänd med varningar"
    REJECTED = "avvisad"

    @staticmethod
    def of(problems: tuple[Problem, ...]) -> Status:
        if has_errors(problems):
            return Status.REJECTED
        return Status.WARNINGS if any(p.severity is Severity.WARNING for p in problems) else Status.ACCEPTED


@dataclass(frozen=True)
class Identity:
    """The hidden sheet Identitet of a template: committee code and name, budget year, number of
    per-year columns, version label, template id, layout version and the recorded checksum."""

    committee: str
    committee_name: str
    budget_year: int
    year_count: int
    version: str
    template_id: str
    layout_version: str
    checksum: str


@dataclass(frozen=True)
class BudgetLine:
    """One activity of the sheet Budget: costs and revenues per year, tkr, both positive.
    row: the sheet row it was read from."""

    row: int
    activity: str
    costs: tuple[Decimal, ...]
    revenues: tuple[Decimal, ...]

    @property
    def net(self) -> tuple[Decimal, ...]:
        """Net cost per year, tkr: costs − revenues (recomputed, never the cell's formula value)."""
        return tuple(c - r for c, r in zip(self.costs, self.revenues))


@dataclass(frozen=True)
class Request:
    """A request (äskande): amounts per year, tkr, signed as they change the frame; type and
    duration as in the planning workbook's decisions; priority 1 = most important (or None)."""

    row: int
    title: str
    description: str
    amounts: tuple[Decimal, ...]
    kind: str
    duration: str
    focus_area: str
    reason: str
    consequence: str
    priority: int | None


@dataclass(frozen=True)
class Measure:
    """A measure to stay within the frame: effect per year, tkr, lowering the net cost (positive);
    in_budget: "Ja", "Nej" or "" (not said)."""

    row: int
    measure: str
    consequence: str
    effects: tuple[Decimal, ...]
    in_budget: str


@dataclass(frozen=True)
class VolumeEstimate:
    """A volume group in a year: the forecast volume (prefilled) and the committee's own estimate
    (None if it gave none) and comment."""

    row: int
    group: str
    year: int
    forecast: Decimal
    own: Decimal | None
    comment: str


@dataclass(frozen=True)
class UnitBudget:
    """A unit (or central line) of the resursfördelning: its preliminary allocation in the budget year as the
    template showed it (prefilled, tkr) and the committee's budget for it (None if it gave none) and comment."""

    row: int
    unit: str
    allocation: Decimal
    budget: Decimal | None
    comment: str


@dataclass(frozen=True)
class ReturnContent:
    """What a return says. frames: the preliminary frame per year the template showed, tkr."""

    identity: Identity
    frames: tuple[Decimal, ...]
    budget: tuple[BudgetLine, ...]
    requests: tuple[Request, ...]
    measures: tuple[Measure, ...]
    volumes: tuple[VolumeEstimate, ...]
    units: tuple[UnitBudget, ...] = ()


@dataclass(frozen=True)
class Return:
    """A received file: its name, bytes' SHA-256, what it says (None if it could not be read),
    its problems and its status."""

    name: str
    sha256: str
    identity: Identity | None
    content: ReturnContent | None
    problems: tuple[Problem, ...]

    @property
    def status(self) -> Status:
        return Status.of(self.problems)

    @property
    def committee(self) -> str | None:
        return self.identity.committee if self.identity else None


@dataclass(frozen=True)
class Expected:
    """What returns must match, from the planning workbook as computed now.

    years: the budget year and plan years. version: the version label of this round (e.g.
    Juni). committees: code -> name. frames: code -> preliminary frame per year, tkr, rounded
    as the templates show them. focus_areas: the municipality's (empty: free text).
    calculation and source: to derive a committee's prefilled cells (`identity.generated_cells`) when a
    locked cell was changed, to name it.
    """

    years: tuple[int, ...]
    version: str
    committees: Mapping[str, str]
    frames: Mapping[str, tuple[int, ...]]
    focus_areas: tuple[str, ...]
    calculation: Calculation
    source: str

    @property
    def budget_year(self) -> int:
        return self.years[0]

    @property
    def layout(self) -> Layout:
        return layout(len(self.years), bool(self.focus_areas))

