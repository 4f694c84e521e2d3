"""Small helpers shared by the validation rules."""

from __future__ import annotations

from ramkalk.core.problems import Source
from ramkalk.schema.inputs import PlanningData


def sheet_source(data: PlanningData, sheet: str) -> Source:
    return Source(data.file, sheet)


def ranges_text(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1–3, 7"."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(n) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(parts)


def index_years(data: PlanningData) -> list[int]:
    """The years whose index a calculation uses: the computed years and the years price tags and
    volume drivers' prices are indexed through."""
    years = set(data.settings.years)
    for priced in (*data.volume_groups, *data.volume_drivers):
        years.update(range(priced.price_year + 1, data.settings.budget_year))
    return sorted(years)
