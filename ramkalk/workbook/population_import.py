"""The population import (`ramkalk befolkning`, the add-in's `ramkalk_befolkning`): SCB's population
statistics and forecasts, or a municipality's own district forecast, as downloaded, into the rows of
the sheet Befolkning (`ramkalk.schema.tables.POPULATION`).

Stages: open the file as cells with places (`ramkalk.workbook.population_files`, `px_file`) → find the
header and the columns (age, sex, area, year or a column per year, the count) → every cell to a label
or a count, each problem located → the `totalt` rows compared with their parts and dropped → sex and
areas summed (or one area kept) → every year and age the table needs present. pandas does the
reshaping (a column per year to a row per year, the sums), imported when a table is read.
docs/befolkning.md describes the layouts read and every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from ramkalk.calculation.validation_common import ranges_text
from ramkalk.core.problems import Problem, Source, error, has_errors
from ramkalk.schema.inputs import PopulationCount, PopulationKind
from ramkalk.workbook.population_files import Grid, open_population_file
from ramkalk.workbook.population_layout import (
    OPEN_CLASS,
    SEXES,
    Layout,
    age_label,
    blank,
    find_layout,
    is_total,
    long_table,
    year_of,
)
from ramkalk.workbook.population_layout import key as label_key
from ramkalk.workbook.population_layout import text as label_text

T = TypeVar("T")
MISSING_MARKS = {"..", ".", "…", "-", "x"}
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$")

@dataclass(frozen=True)
class ImportOptions:
    """How the imported rows are typed and which part of the file is taken.

    outcome_until: the years up to and including it are outcomes (Typ Utfall), later years forecasts
    (Prognos); None: every year a forecast. forecast_year: Prognosår of the forecast rows (None: none).
    area: keep only this area (a district forecast, SCB's region "1490 Borås" or "Borås"); None: sum
    all areas. years: (first, last) year the table must cover; None: the file's own years, without gaps.
    """

    outcome_until: int | None = None
    forecast_year: int | None = None
    area: str | None = None
    years: tuple[int, int] | None = None


@dataclass(frozen=True)
class Imported:
    """The rows of Befolkning (by year, then age; counts whole persons) and every problem found;
    `areas`: the areas summed into the counts (or the one kept), as the files name them."""

    rows: tuple[PopulationCount, ...]
    problems: tuple[Problem, ...]
    areas: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass
class _Counts:
    """One file's counts by (year, age), where each came from, and its open age class."""

    values: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    sources: dict[tuple[int, int], Source] = field(default_factory=dict)
    top: int | None = None
    areas: tuple[str, ...] = ()


def count_value(raw: object) -> tuple[Decimal | None, str | None]:
    """One cell as a number of persons, or the message why not (decimal comma, thousands
    separated by spaces; text, "..", a fraction or a negative number are errors, never zero)."""
    if isinstance(raw, bool):
        return None, f"väntade ett antal invånare, fick {raw}"
    if blank(raw):
        return None, "väntade ett antal invånare, fick en tom cell; fyll i antalet (0 om ingen)"
    written = str(raw).strip()
    if written in MISSING_MARKS:
        return None, f"väntade ett antal invånare, fick \"{written}\" (uppgift saknas i filen); fyll i antalet"
    plain = written
    if _THOUSANDS.match(plain):
        plain = re.sub(r"[ \u00a0\u202f]", "", plain)
    if re.fullmatch(r"-?\d+,\d+", plain):
        plain = plain.replace(",", ".")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        return None, f"väntade ett antal invånare, fick \"{written}\""
    if not number.is_finite():
        return None, f"väntade ett antal invånare, fick \"{written}\""
    if number < 0:
        return None, f"väntade ett antal invånare (0 eller fler), fick {written}"
    if number != number.to_integral_value():
        return None, f"väntade ett helt antal invånare, fick {written}"
    return number.to_integral_value(), None


def _read_table(grid: Grid, name: str, options: ImportOptions) -> tuple[_Counts, list[Problem]]:
    """One file's counts by (year, age), summed over sex and areas, with every problem located."""
    layout, problems = find_layout(grid, name)
    if layout is None:
        return _Counts(), problems
    long = long_table(grid, layout)

    def at(row: int, column: int) -> Source:
        return grid.place(row, column)

    if layout.content is not None and long["content"].map(label_key).nunique() > 1:
        kinds = ", ".join(dict.fromkeys(str(v) for v in long["content"]))
        return _Counts(), [error(at(layout.header, layout.content),
                                 f"filen har flera tabellinnehåll ({kinds}); ladda ned bara folkmängden")]
    areas = list(dict.fromkeys(label_text(v) for v in long["area"] if not blank(v) and not is_total(v)))
    if options.area is not None:
        if layout.area is None:
            return _Counts(), [error(Source(name), f"filen har ingen kolumn för område, så området \"{options.area}\""
                                                   " kan inte väljas; ta bort --område")]
        wanted = label_key(options.area)
        chosen = [a for a in areas if label_key(a) == wanted or label_key(re.sub(r"^\d+\s+", "", a)) == wanted]
        if not chosen:
            return _Counts(), [error(at(layout.header, layout.area), f"området \"{options.area}\" finns inte i filen;"
                                     f" den har {', '.join(areas) or 'inga områden'}")]
        long = long[long["area"].map(lambda v: label_text(v) in chosen)]
        areas = chosen

    several = len(areas) > 1  # (one area, as a municipality's own SCB table, is not named in messages)
    data_rows, checks, area_parts = _cells(long, layout, at, several, problems)
    counts = _Counts(areas=tuple(areas) if area_parts else ())
    # (with a cell dropped, a total would not add up for that reason alone: it is not compared then)
    problems += _sum(data_rows, [] if problems else checks, counts, name, several)
    return counts, list(dict.fromkeys(problems))  # (a label's message once, not once per year column)


def _cells(long, layout: Layout, at: Callable[[int, int], Source], several: bool,
           problems: list[Problem]) -> tuple[list, list, bool]:
    """Each row of the long table as (year, age, sex, area, count, source, open): the rows of counts
    and the total rows (with the dimensions they total), and whether the file has areas; a label or
    count that cannot be read is a problem added to `problems`, and its row is left out."""
    age_label_of, total, sex_of = _memo(age_label), _memo(is_total), _memo(lambda v: SEXES.get(label_key(v)))
    sex_parts = long["sex"].map(lambda v: not blank(v) and not total(v)).any()
    area_parts = bool(long["area"].map(lambda v: not blank(v) and not total(v)).any())
    data_rows, checks = [], []
    for row in long.itertuples(index=False):
        kind, age, is_open = age_label_of(row.age)
        if kind == "unknown":
            found = label_text(row.age)
            what = f"okänd åldersklass \"{found}\"" if found else "åldersklassen saknas"
            problems.append(error(at(row.at_row, layout.age),
                                  f"{what}; väntade ettårsklasser \"0 år\" … \"{OPEN_CLASS}\" och \"totalt ålder\":"
                                  " ladda ned tabellen i ettårsklasser"))
            continue
        year = year_of(row.year)
        if year is None:
            problems.append(error(at(row.at_row, layout.year), f"väntade ett år, fick \"{label_text(row.year)}\""))
            continue
        sex = None
        if (layout.sex is not None or layout.sexes) and not total(row.sex):
            sex = sex_of(row.sex)
            if sex is None:
                problems.append(error(at(row.at_row, layout.sex if layout.sex is not None else row.at_col),
                                      f"okänt kön \"{label_text(row.sex)}\"; väntade \"män\", \"kvinnor\" eller"
                                      " \"totalt\""))
                continue
        area = None if layout.area is None or total(row.area) else label_text(row.area)
        source = at(row.at_row, row.at_col)
        count, message = count_value(row.value)
        if message is not None:
            problems.append(error(source, f"{_describe(year, age, sex, area if several else None)}: {message}"))
            continue
        totals = (kind == "total", sex is None and bool(sex_parts), area is None and area_parts)
        record = (year, age, sex, area, count, source, is_open)
        (checks if any(totals) else data_rows).append((record, totals))
    return data_rows, checks, area_parts


def _memo(function: Callable[[object], T]) -> Callable[[object], T]:
    """`function` of a label, worked out once per label (a file repeats each label in every row)."""
    known: dict[object, T] = {}

    def memoised(value: object) -> T:
        try:
            return known[value]
        except KeyError:
            found = known[value] = function(value)
            return found

    return memoised


def _describe(year: int, age: int | None, sex: str | None, area: str | None) -> str:
    return ", ".join(p for p in (str(year), "alla åldrar" if age is None else f"{age} år", sex or "", area or "") if p)


def _sum(data_rows: list, checks: list, counts: _Counts, name: str, several: bool) -> list[Problem]:
    """Counts by (year, age) from the rows without a total; each total row compared with the sum of
    its parts; duplicates and the open age class checked."""
    import pandas

    problems: list[Problem] = []
    seen: dict[tuple, Source] = {}
    kept = []
    for (year, age, sex, area, count, source, is_open), _totals in data_rows:
        key = (year, age, sex, area)
        if key in seen:
            what = _describe(year, age, sex, area if several else None)
            problems.append(error(source, f"{what} finns två gånger (också {seen[key]}); ta bort den ena"))
            continue
        seen[key] = source
        kept.append((year, age, sex or "", area or "", count, source, is_open))
    tops = {age for year, age, *_, is_open in kept if is_open}
    if len(tops) > 1:
        classes = ", ".join(f"{a}+" for a in sorted(tops))
        problems.append(error(Source(name), f"filen har flera öppna åldersklasser ({classes}); väntade en, till"
                                            " exempel \"100+ år\""))
    elif kept and not tops:
        oldest = max(age for _, age, *_ in kept)
        problems.append(error(Source(name), f"den öppna åldersklassen saknas: den högsta åldern är \"{oldest} år\", men"
                                            f" modellen behöver de äldsta i en klass \"{OPEN_CLASS}\" (\"och äldre\");"
                                            " ladda ned tabellen med alla åldrar"))
    counts.top = min(tops) if tops else None
    for year, age, *_, source, is_open in kept:
        if len(tops) == 1 and age > counts.top:
            problems.append(error(source, f"åldern {age} år ligger över den öppna klassen \"{counts.top}+ år\""))
    frame = pandas.DataFrame(kept, columns=["year", "age", "sex", "area", "count", "source", "open"])
    sums: dict[tuple[str, ...], dict[tuple, Decimal]] = {}  # the parts' sums by the dimensions a total keeps
    for total, totals in checks:
        year, age, sex, area, count, source, *_ = total
        dimensions = (("age", age, totals[0]), ("sex", sex, totals[1]), ("area", area, totals[2]))
        kept_by = [("year", year), *((column, value) for column, value, summed in dimensions
                                     if not summed and value is not None)]
        columns = tuple(column for column, _ in kept_by)
        if columns not in sums:
            grouped = frame.groupby(list(columns), sort=False)["count"]
            sums[columns] = {k if isinstance(k, tuple) else (k,): sum(g, Decimal(0)) for k, g in grouped}
        expected = sums[columns].get(tuple(value for _, value in kept_by))
        if expected is None:
            continue
        if expected != count:
            what = _describe(year, age, sex, area if several else None)
            problems.append(error(source, f"summan stämmer inte: totalraden för {what} säger"
                                          f" {count}, delarna summerar till {expected} (skillnad {count - expected});"
                                          " filen är ändrad eller ofullständig: ladda ned tabellen igen"))
    if not frame.empty:
        for (year, age), group in frame.groupby(["year", "age"], sort=True):
            counts.values[(int(year), int(age))] = sum(group["count"], Decimal(0))
            counts.sources[(int(year), int(age))] = group["source"].iloc[0]
    return problems


def _coverage(counts: _Counts, names: str, options: ImportOptions) -> list[Problem]:
    """Every age 0 … the open class in every year, and every year from the first to the last (or `years`)."""
    problems: list[Problem] = []
    years = sorted({year for year, _ in counts.values})
    if not years:
        return [error(Source(names), "filen har inga antal invånare; ladda ned tabellen igen")]
    first, last = options.years or (years[0], years[-1])
    missing_years = [y for y in range(first, last + 1) if y not in years]
    if missing_years:
        problems.append(error(Source(names), f"åren {ranges_text(missing_years)} saknas (tabellen behöver"
                                             f" {first}–{last}); ladda ned tabellen med alla år"))
    if counts.top is not None:
        gaps: dict[tuple[int, ...], list[int]] = {}
        for year in years:
            missing = tuple(a for a in range(counts.top + 1) if (year, a) not in counts.values)
            if missing:
                gaps.setdefault(missing, []).append(year)
        for ages, in_years in gaps.items():
            what = f"saknar åldern {ages[0]}" if len(ages) == 1 else f"saknar åldrarna {ranges_text(ages)}"
            problems.append(error(Source(names), f"{ranges_text(in_years)} {what}; ladda ned tabellen med alla"
                                                 f" ettårsklasser 0 år … {counts.top}+ år"))
    return problems


def _rows(counts: _Counts, options: ImportOptions) -> tuple[PopulationCount, ...]:
    rows = []
    for (year, age), count in sorted(counts.values.items()):
        outcome = options.outcome_until is not None and year <= options.outcome_until
        rows.append(PopulationCount(year, age, count, PopulationKind.OUTCOME if outcome else PopulationKind.FORECAST,
                                    None if outcome else options.forecast_year))
    return tuple(rows)


def _merged(parts: list[tuple[_Counts, list[Problem]]], names: str, options: ImportOptions) -> Imported:
    """The counts of several files as one table: a (year, age) in two files is an error, as is a
    different open age class."""
    counts, problems = _Counts(), [p for _, found in parts for p in found]
    for part, _ in parts:
        if part.top is not None and counts.top is not None and part.top != counts.top:
            problems.append(error(Source(names), f"filerna har olika öppna åldersklasser ({counts.top}+ och"
                                                 f" {part.top}+ år); ladda ned dem med samma åldrar"))
        counts.top = counts.top if counts.top is not None else part.top
        counts.areas += tuple(a for a in part.areas if a not in counts.areas)
        for key, value in part.values.items():
            if key in counts.values:
                problems.append(error(part.sources[key], f"{key[0]}, {key[1]} år finns också i {counts.sources[key]};"
                                                         " ta med varje år från en fil"))
                continue
            counts.values[key], counts.sources[key] = value, part.sources[key]
    if not has_errors(problems):
        problems += _coverage(counts, names, options)
    if has_errors(problems):
        return Imported((), tuple(problems), counts.areas)
    return Imported(_rows(counts, options), tuple(problems), counts.areas)


def import_files(paths: Sequence[Path], options: ImportOptions = ImportOptions()) -> Imported:
    """The population in the files at `paths` (CSV, xlsx or PC-Axis; e.g. SCB's statistics and a
    forecast), as the rows of Befolkning, or the problems that stop it. An OSError (a file that
    cannot be opened) is left to the caller."""
    parts = []
    for path in paths:
        grid, problems = open_population_file(path)
        parts.append(_read_table(grid, str(path), options) if grid is not None else (_Counts(), problems))
    return _merged(parts, ", ".join(map(str, paths)), options)


def import_grid(grid: Grid, name: str, options: ImportOptions = ImportOptions()) -> Imported:
    """The population in a table already in cells (pasted onto a sheet: the add-in), as `import_files`."""
    if all(blank(v) for row in grid.rows for v in row):
        return Imported((), (error(Source(name), "bladet är tomt; klistra in befolkningstabellen med rubrikraden"),))
    return _merged([_read_table(grid, name, options)], name, options)


def last_outcome(rows: Iterable[PopulationCount]) -> int | None:
    """The last year with Typ Utfall among `rows` (None: none): the default of `outcome_until` when
    a workbook's table is imported into."""
    return max((r.year for r in rows if r.kind is PopulationKind.OUTCOME), default=None)


def merged(imported: Sequence[PopulationCount],
           existing: Sequence[PopulationCount]) -> tuple[tuple[PopulationCount, ...], tuple[PopulationCount, ...]]:
    """The rows of Befolkning once `imported` is put in: the imported rows, then those of `existing`
    whose key (År, Ålder, Prognosår) none replaces; and those kept, on their own."""
    keys = {(r.year, r.age, r.forecast_year) for r in imported}
    kept = tuple(r for r in existing if (r.year, r.age, r.forecast_year) not in keys)
    return (*imported, *kept), kept


def kept_text(kept: Sequence[PopulationCount]) -> str:
    """The rows kept from the table, by forecast year: "2030 (tomt Prognosår), 2025 (Prognosår 2024)"."""
    years: dict[int | None, list[int]] = {}
    for row in kept:
        found = years.setdefault(row.forecast_year, [])
        if row.year not in found:
            found.append(row.year)
    return ", ".join(f"{ranges_text(sorted(found))} ({f'Prognosår {forecast}' if forecast else 'tomt Prognosår'})"
                     for forecast, found in years.items())


def population_workbook(rows: Sequence[PopulationCount]):
    """A new workbook (openpyxl, not yet saved) with one sheet Befolkning in the planning workbook's
    layout: the same headers, number formats and Excel table as `ramkalk exempel` writes."""
    from openpyxl import Workbook

    from ramkalk.schema.inputs import Unit
    from ramkalk.schema.tables import POPULATION
    from ramkalk.workbook.writer import write_table_sheet

    book = Workbook()
    book.active.title = POPULATION.sheet
    write_table_sheet(book.active, POPULATION, rows, Unit.KR)
    return book
