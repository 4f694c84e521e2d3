"""`ramkalk jämför` presented: per committee, every change that moved its frame, in kr.

Each committee with a difference gets a block: its frame in the first version, one row per
change with its effect per year, a row for the balancing requirement where it differs, and
its frame in the second version; the rows add up exactly to the second version's frame.
Amounts are exact kronor, so nothing is rounded away.
"""

from __future__ import annotations

from ramkalk.calculation.version_diff import Comparison, Step
from ramkalk.core.display import format_amount
from ramkalk.core.money import plain_number
from ramkalk.schema.inputs import PlanningData

COLUMN = 16


def _name(version: str | None) -> str:
    return version or "utan version"


def _step_text(step: Step) -> str:
    return " + ".join(change.text() for change in step.changes)


def comparison_text(data: PlanningData, comparison: Comparison) -> str:
    """The difference report as text."""
    years = data.settings.years
    first, second = _name(comparison.first), _name(comparison.second)
    lines = [f"{data.settings.municipality}: {first} → {second}, ramar i kr", ""]
    if not comparison.steps:
        return "\n".join(lines + ["Versionerna har samma indata; inga ramar skiljer sig."])
    lines.append("Ändrade indata:")
    for number, step in enumerate(comparison.steps, start=1):
        where = step.changes[0].source
        lines.append(f"  {number}. {_step_text(step)}" + (f" [{where}]" if where else ""))
    if comparison.balancing:
        lines.append("  Balanseringskravet ändras också, som följd av ändringarna tillsammans "
                     "(raden \"+ balanseringskrav\").")
    header = "".join(f"{year:>{COLUMN}}" for year in years)
    width = max(24, *(len(f"{c.code} {c.name}") + 2 for c in data.committees))
    for committee in data.committees:
        code = committee.code
        moved = {step_number: step for step_number, step in enumerate(comparison.steps, start=1)
                 if any(step.effects.get((code, year), 0) for year in years)}
        balancing = [comparison.balancing.get((code, year), 0) for year in years]
        if not moved and not any(balancing):
            continue
        lines += ["", f"{code} {committee.name}".ljust(width) + header]
        lines.append(f"  Ram {first}".ljust(width) + _row([comparison.frames[(code, y)][0] for y in years]))
        for number, step in moved.items():
            lines.append(f"  + ändring {number}".ljust(width) + _row([step.effects.get((code, y), 0) for y in years]))
        if any(balancing):
            lines.append("  + balanseringskrav".ljust(width) + _row(balancing))
        lines.append(f"  = Ram {second}".ljust(width) + _row([comparison.frames[(code, y)][1] for y in years]))
    return "\n".join(lines)


def _row(amounts: list) -> str:
    return "".join(f"{format_amount(a):>{COLUMN}}" for a in amounts)


def comparison_json(data: PlanningData, comparison: Comparison) -> dict[str, object]:
    """The difference report for `--json`: the changes with their effects, the balancing
    requirement's difference, and the frames."""
    return {
        "från": comparison.first,
        "till": comparison.second,
        "ändringar": [
            {
                "ändring": number,
                "text": _step_text(step),
                "källa": str(step.changes[0].source) if step.changes[0].source else None,
                "effekt": [{"nämnd": code, "år": year, "belopp": plain_number(amount)}
                           for (code, year), amount in step.effects.items() if amount],
            }
            for number, step in enumerate(comparison.steps, start=1)
        ],
        "balansering": [{"nämnd": code, "år": year, "belopp": plain_number(amount)}
                        for (code, year), amount in comparison.balancing.items()],
        "ramar": [
            {"nämnd": code, "år": year, "från": plain_number(before), "till": plain_number(after),
             "differens": plain_number(after - before)}
            for (code, year), (before, after) in comparison.frames.items()
        ],
    }
