"""A committee's cost per inhabitant against the standard cost (typically a price-tag committee's), as text
for `ramkalk beräkna --jämför` and as keys of its JSON (`ramkalk.rules.standard_costs`): kr per inhabitant
rounded to the krona, the difference in tkr."""

from __future__ import annotations

from decimal import Decimal

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_amount, round_total
from ramkalk.core.money import plain_number, round_krona
from ramkalk.rules.standard_costs import Comparison, comparisons

HEADINGS = ("År", "Ram (tkr)", "Invånare", "Kr/inv.", "Standard", "Skillnad", "Skillnad (tkr)")


def standard_cost_rows(calculation: Calculation) -> list[Comparison]:
    """Every committee and year with standard costs (typically on the price-tag model), its frame by its own model."""
    return comparisons(calculation.lookups, lambda code, year: calculation.frame(code, year).total)


def standard_cost_table(calculation: Calculation) -> str:
    """The comparison as a table; "" without standard costs."""
    found = standard_cost_rows(calculation)
    if not found:
        return ""
    width = max(len(c.committee) for c in found) + 2
    lines = ["", "Kostnad per invånare mot standardkostnad (kr per invånare; ramen / befolkningen 31/12)", "", "Nämnd".ljust(width) + "".join(f"{h:>15}" for h in HEADINGS)]
    for c in found:
        cells = (str(c.year), format_amount(round_total(c.frame)), format_amount(round_krona(c.inhabitants)),
                 format_amount(round_krona(c.per_inhabitant)), format_amount(round_krona(c.standard)),
                 format_amount(round_krona(c.difference)), format_amount(round_total(c.difference_kronor)))
        lines.append(c.committee.ljust(width) + "".join(f"{cell:>15}" for cell in cells))
    costs = [s for c in found for s in c.costs]
    sources = list(dict.fromkeys(s.reference for s in costs if s.reference))
    lines.append("Standardkostnader: " + "; ".join(f"{s.activity} {s.year}: {format_amount(round_krona(s.cost))} kr"
                                                   for s in costs)
                 + (f". Källa: {'; '.join(sources)}" if sources else ""))
    return "\n".join(lines)


def standard_cost_json(calculation: Calculation, committee: str, year: int) -> dict[str, object]:
    """The keys of `beräkna --json --jämför`'s `jämförelse` for a committee and year with standard costs (none
    without): inhabitants, cost and standard cost per inhabitant (kr, to the öre) and the difference (kr)."""
    found = [c for c in standard_cost_rows(calculation) if (c.committee, c.year) == (committee, year)]
    if not found:
        return {}
    (c,) = found
    return {"invånare": plain_number(c.inhabitants),
            "kostnad per invånare": plain_number(c.per_inhabitant.quantize(ORE)),
            "standardkostnad per invånare": plain_number(c.standard),
            "skillnad mot standardkostnad": plain_number(round_krona(c.difference_kronor))}


ORE = Decimal("0.01")
