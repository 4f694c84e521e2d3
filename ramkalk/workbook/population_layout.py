"""The layouts of a downloaded population table: which row is the header, which column holds the age,
the sex, the area and the years, and the table as one row per count (the population import's second
stage, `ramkalk.workbook.population_import`).

Read by their headers (`ålder`, `kön`, `region` …, a column per year or a column `år` and one of
counts), or, where the header names no variable (PxWeb's Excel download and the table copied from
Statistikdatabasen's page: only the years above the counts), by what the label columns hold: the
column of "0 år" … "100+ år" is the age, the one of "män"/"kvinnor" the sex, another the area. A
label left blank under another (such a pivot table writes each label once) is the one above it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ramkalk.core.problems import Problem, Source, error
from ramkalk.schema.cells import text_key
from ramkalk.workbook.population_files import Grid

AGE_HEADERS = ("ålder", "alder", "age", "ålder (år)", "åldersklass", "ettårsklass")
SEX_HEADERS = ("kön", "kon", "sex")
AREA_HEADERS = ("region", "kommun", "område", "omrade", "distrikt", "delområde", "nyko", "stadsdel",
                "kommundel", "församling", "planeringsområde", "prognosområde", "area")
YEAR_HEADERS = ("år", "ar", "tid", "year", "årtal")
CONTENT_HEADERS = ("tabellinnehåll", "contents", "innehåll")
VALUE_HEADERS = ("antal", "folkmängd", "värde", "befolkning", "prognos", "value", "data", "invånare")

TOTAL_LABELS = {"totalt", "total", "summa", "samtliga", "alla", "tot", "totalt ålder", "alla åldrar",
                "samtliga åldrar", "totalt kön", "män och kvinnor", "kvinnor och män", "båda könen", "1+2",
                "hela kommunen", "kommunen totalt", "alla områden", "samtliga områden", "totalt region"}
SEXES = {"män": "män", "man": "män", "pojkar": "män", "m": "män", "1": "män",
         "kvinnor": "kvinnor", "kvinna": "kvinnor", "flickor": "kvinnor", "k": "kvinnor", "2": "kvinnor"}
OPEN_CLASS = "100+ år"
"""How the oldest, open age class is written in SCB's tables (the model's highest age means "and older")."""
_AGE = re.compile(r"^(\d{1,3})\s*(\+)?\s*(?:år)?\s*(\+|och äldre|eller äldre|och över|och mer)?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SAMPLE = 400
"""Label cells looked at to tell what a column without a header holds."""


def blank(value: object) -> bool:
    """An empty cell: None, NaN (pandas' empty cell after reshaping) or only spaces."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or isinstance(value, float) and math.isnan(value)


def text(value: object) -> str:
    return "" if blank(value) else str(value).strip()


def key(value: object) -> str:
    """A label or header compared loosely: text_key, and a whole number without ".0"."""
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text_key(str(value))


def _is(header: str, names: Iterable[str]) -> bool:
    return any(header == name or header.startswith(name + " ") for name in names)


def age_label(raw: object) -> tuple[str, int | None, bool]:
    """("age", age, open) for "7 år", "7", "100+ år", "100 år och äldre"; ("total", None, False) for
    "totalt ålder" and its kin; ("unknown", None, False) for anything else ("0-4 år")."""
    label = key(raw)
    if label in TOTAL_LABELS or label.startswith("totalt"):
        return "total", None, False
    match = _AGE.match(label)
    if match is None:
        return "unknown", None, False
    return "age", int(match.group(1)), bool(match.group(2) or match.group(3))


def is_total(raw: object) -> bool:
    label = key(raw)
    return label in TOTAL_LABELS or label.startswith(("totalt", "summa", "hela "))


def year_of(raw: object) -> int | None:
    """The one year in a header or cell ("2025", "Folkmängd 2025", 2025.0), or None."""
    found = _YEAR.findall(key(raw))
    return int(found[0]) if len(found) == 1 else None


@dataclass(frozen=True)
class Layout:
    """Where the header row is and what each column holds (indexes from 0)."""

    header: int
    age: int
    sex: int | None
    area: int | None
    content: int | None
    year: int | None  # long form: the column of years
    value: int | None  # long form: the column of counts
    years: dict[int, int]  # wide form: column → year
    sexes: dict[int, str] = field(default_factory=dict)  # wide form: column → the sex its header names


def find_layout(grid: Grid, name: str) -> tuple[Layout | None, list[Problem]]:
    """The layout of `grid`: by the header's names, else by what the label columns hold."""
    for number, row in enumerate(grid.rows):
        headers = [key(v) for v in row]
        ages = [i for i, h in enumerate(headers) if _is(h, AGE_HEADERS)]
        if ages:
            return _named(grid, number, headers, ages[0])
    found = _unnamed(grid)
    if found is not None:
        return found, []
    return None, [error(Source(name), "hittade ingen rubrikrad med en kolumn för ålder (till exempel \"ålder\");"
                                      " ladda ned tabellen med ålder som variabel, i ettårsklasser")]


def _named(grid: Grid, number: int, headers: list[str], age: int) -> tuple[Layout | None, list[Problem]]:
    where = grid.place(number, age)
    twice = next((h for i, h in enumerate(headers) if h and h in headers[:i]), None)
    if twice is not None:  # (which of the two would be read is a guess: never made silently)
        columns = " och ".join(str(i + 1) for i, h in enumerate(headers) if h == twice)
        shown = text(grid.rows[number][headers.index(twice)])
        return None, [error(where, f'rubriken "{shown}" står över flera kolumner ({columns}); ta bort den ena'
                                   f" eller ge den en egen rubrik")]

    def first(names: Sequence[str]) -> int | None:
        return next((i for i, h in enumerate(headers) if _is(h, names) and i != age), None)

    sex, area, content, year = first(SEX_HEADERS), first(AREA_HEADERS), first(CONTENT_HEADERS), first(YEAR_HEADERS)
    used = {age, sex, area, content, year}
    if year is None:
        years = {i: found for i, h in enumerate(headers) if i not in used and (found := year_of(h)) is not None}
        if not years:
            return None, [error(where, "rubrikraden har varken en kolumn för år eller en kolumn per år"
                                       " (till exempel \"2025\"); ladda ned tabellen med året som kolumn eller rad")]
        return Layout(number, age, sex, area, content, None, None, years, _header_sexes(headers, years)), []
    rest = [i for i, h in enumerate(headers) if i not in used and h]
    named = [i for i in rest if _is(headers[i], VALUE_HEADERS) or any(n in headers[i] for n in VALUE_HEADERS)]
    values = named[:1] if len(named) == 1 else rest if len(rest) == 1 else []
    if not values:
        return None, [error(where, "hittade inte kolumnen med antalet invånare (till exempel \"Folkmängd\" eller"
                                   " \"Antal\") bredvid kolumnerna för ålder och år; ge den en sådan rubrik")]
    return Layout(number, age, sex, area, content, year, values[0], {}), []


def _header_sexes(headers: list[str], years: dict[int, int]) -> dict[int, str]:
    """The sex a year's header names besides the year ("2024 män", "kvinnor 2024": PxWeb's header when
    both the year and the sex are across), by column; a header with "totalt" has the total."""
    sexes = {}
    for column in years:
        words = [w for w in re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", " ", headers[column]).split()
                 if not _is(w, VALUE_HEADERS)]
        label = " ".join(words)
        if label and (label in SEXES or is_total(label)):
            sexes[column] = label
    return sexes


def _unnamed(grid: Grid) -> Layout | None:
    """A pivot table whose header row has only the years (over the counts), the labels to their left:
    the column whose labels are ages is the age, one of sexes the sex, another the area."""
    for number, row in enumerate(grid.rows):
        years = {i: found for i, v in enumerate(row) if (found := year_of(v)) is not None and key(v) == str(found)}
        if not years or any(not blank(v) for i, v in enumerate(row) if i < min(years)):
            continue
        below = grid.rows[number + 1:number + 1 + _SAMPLE]
        kinds: dict[str, list[int]] = {"age": [], "sex": [], "area": []}
        for column in range(min(years)):
            labels = [r[column] for r in below if column < len(r) and not blank(r[column])]
            if not labels:
                continue
            if sum(age_label(v)[0] != "unknown" for v in labels) >= 0.8 * len(labels):
                kinds["age"].append(column)
            elif all(key(v) in SEXES or is_total(v) for v in labels):
                kinds["sex"].append(column)
            else:
                kinds["area"].append(column)
        if len(kinds["age"]) != 1 or len(kinds["sex"]) > 1 or len(kinds["area"]) > 1:
            return None
        return Layout(number, kinds["age"][0], next(iter(kinds["sex"]), None), next(iter(kinds["area"]), None),
                      None, None, None, years)
    return None


def long_table(grid: Grid, layout: Layout):
    """The table as one row per count (pandas DataFrame): at_row, at_col (the count's cell), year, age,
    sex, area, content and value, raw as in the file; a column per year becomes a row per year, and a
    label left blank is the one above it."""
    import pandas

    width = max(len(r) for r in grid.rows)
    body = [list(r) + [None] * (width - len(r)) for r in grid.rows[layout.header + 1:]]
    frame = pandas.DataFrame(body, columns=range(width), dtype=object)
    frame["at_row"] = range(layout.header + 1, layout.header + 1 + len(body))
    labels = {"age": layout.age, "sex": layout.sex, "area": layout.area, "content": layout.content,
              "year": layout.year}
    for name, column in labels.items():
        frame[name] = frame[column].map(lambda v: None if blank(v) else v) if column is not None else None
    counts = [c for c in frame.columns if isinstance(c, int) and c not in labels.values() and
              (c in layout.years or c == layout.value)]
    empty = frame[counts].map(blank).all(axis=1) if counts else True
    frame = frame[~(empty & frame["age"].isna())]  # (a note under the table; not a row of counts)
    named = [name for name, column in labels.items() if column is not None]
    frame[named] = frame[named].ffill()
    if layout.year is None:
        long = frame.melt(id_vars=["at_row", *labels], value_vars=list(layout.years), var_name="at_col",
                          value_name="value")
        long["year"] = long["at_col"].map(layout.years)
        if layout.sexes:
            long["sex"] = long["sex"].where(long["sex"].notna(), long["at_col"].map(layout.sexes))
    else:
        long = frame[["at_row", *labels]].assign(at_col=layout.value, value=frame[layout.value])
    return long.sort_values(["at_row", "at_col"], kind="stable").reset_index(drop=True)
