"""Exempelstad's cost structure and indexation by cost type, SKR-like but fictional.

Wages rise from April (Lönerevision 4), so 9/12 of a year's increase counts that year and
3/12 the next; the payroll overhead (PO-pålägg) rises by one point in 2027. Costs other
than personnel split into contractors (entreprenader), rents (hyror) and other costs
(övrigt), each with its own yearly increase: care and school are personnel-heavy (their
wage share is on Nämnder), culture is rent-heavy, technical services contractor-heavy.
Preschool demand (the share of 1–5-year-olds who want a place) rises from 92,6 % to 93,6 %.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.schema.inputs import CostShare, CostTypeRate, Participation

D = Decimal
PAY_REVISION_MONTH = 4

# year: PO-pålägg (payroll overhead on wages)
PAYROLL_OVERHEAD = {2025: "0.3915", 2026: "0.3915", 2027: "0.4015", 2028: "0.4015", 2029: "0.4015", 2030: "0.4015"}

# committee: shares of costs other than personnel (contractors, rents, other)
COST_STRUCTURE = {
    "KS": ("0.20", "0.15", "0.65"),
    "FSN": ("0.10", "0.45", "0.45"),
    "GSN": ("0.15", "0.45", "0.40"),
    "GYN": ("0.35", "0.30", "0.35"),
    "VÄN": ("0.40", "0.30", "0.30"),
    "SON": ("0.45", "0.30", "0.25"),
    "IFO": ("0.50", "0.10", "0.40"),
    "KFN": ("0.15", "0.60", "0.25"),
    "SBN": ("0.30", "0.15", "0.55"),
    "TN": ("0.70", "0.05", "0.25"),
    "MSN": ("0.10", "0.20", "0.70"),
}
COST_TYPES = ("Entreprenader", "Hyror", "Övrigt")

# year: (contractors, rents, other), source
COST_RATES = {
    2025: (("0.029", "0.031", "0.020"), "Utfall enligt SKR:s PKV, februari 2026"),
    2026: (("0.028", "0.030", "0.019"), "SKR cirkulär 26:12, PKV april 2026"),
    2027: (("0.027", "0.028", "0.021"), "SKR cirkulär 26:12, PKV april 2026"),
    2028: (("0.027", "0.026", "0.022"), "SKR cirkulär 26:12, PKV april 2026"),
    2029: (("0.026", "0.025", "0.021"), "SKR cirkulär 26:12, PKV april 2026"),
    2030: (("0.026", "0.025", "0.020"), "SKR:s långtidsbedömning"),
}

# preschool participation by year (the share of children 1–5 who want a place)
PRESCHOOL_PARTICIPATION = {2026: "0.926", 2027: "0.931", 2028: "0.936", 2029: "0.936", 2030: "0.936"}


def cost_structure() -> tuple[CostShare, ...]:
    return tuple(CostShare(code, cost_type, D(share))
                 for code, shares in COST_STRUCTURE.items() for cost_type, share in zip(COST_TYPES, shares))


def cost_index() -> tuple[CostTypeRate, ...]:
    return tuple(CostTypeRate(year, cost_type, D(rate), source)
                 for year, (rates, source) in COST_RATES.items() for cost_type, rate in zip(COST_TYPES, rates))


def participation() -> tuple[Participation, ...]:
    return tuple(Participation("FSN", "Förskola", year, D(share)) for year, share in PRESCHOOL_PARTICIPATION.items())
