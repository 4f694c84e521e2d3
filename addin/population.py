"""The population import in the open workbook (the macro and Lite script `ramkalk_befolkning`), as
values in and values out: the table the user pasted onto the sheet Befolkningsimport (SCB's table as
downloaded: a CSV opened in Excel, or copied from Statistikdatabasen) and the sheet Befolkning as it
is, to the sheet Befolkning as it becomes, or the problems that stop it.

The rows imported replace the rows of Befolkning with the same key (År, Ålder, Prognosår, the
table's key); every other row stays (an earlier forecast kept for the ex-post correction, years the
paste does not cover), and so do the user's own columns. Years up to and including the last year
marked Utfall on Befolkning are Utfall, later years Prognos. The reading is
`ramkalk.workbook.population_import` (pandas; in xlwings Lite pandas must be in requirements.txt).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ramkalk.core.addresses import column_letter
from ramkalk.core.display import counted
from ramkalk.core.problems import Source
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import PopulationCount, PopulationKind
from ramkalk.schema.tables import POPULATION
from ramkalk.workbook.population_files import Grid
from ramkalk.workbook.population_import import ImportOptions, import_grid, kept_text
from ramkalk.workbook.ranges import Origin

IMPORT_SHEET = "Befolkningsimport"
SHOWN_PROBLEMS = 10
"""The problems a message box shows; the rest are counted."""


@dataclass(frozen=True)
class Written:
    """What the import makes of the sheet Befolkning: its new rows from A1 (None: leave it as it is,
    because of `message`), and what was done or why not, as sentences."""

    rows: list[list[object]] | None
    message: str


def _number(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return int(value) if float(value).is_integer() else None


def _last_outcome(rows: list[list[object]], at: dict[str, int]) -> int | None:
    """The last year marked Utfall on Befolkning (None: none is)."""
    year, kind = at.get(text_key("År")), at.get(text_key("Typ"))
    if year is None or kind is None:
        return None
    outcome = text_key(PopulationKind.OUTCOME.value)
    years = [_number(r[year]) for r in rows[1:] if text_key(str(r[kind] or "")) == outcome]
    return max((y for y in years if y is not None), default=None)


def population_sheet(pasted: list[list[object]], origin: Origin, existing: list[list[object]],
                     book_name: str, options: ImportOptions | None = None) -> Written:
    """The sheet Befolkning (`existing`: its used range from A1, [] if there is none) with the
    population of the table `pasted` at `origin` (on the sheet Befolkningsimport) put in."""
    header = [v for v in existing[0]] if existing else []
    at = {text_key(v): i for i, v in enumerate(header) if isinstance(v, str) and v.strip()}
    ours = [c.header for c in POPULATION.columns]
    header += [h for h in ours if text_key(h) not in at]
    at = {text_key(v): i for i, v in enumerate(header) if isinstance(v, str) and v.strip()}
    outcome_until = _last_outcome(existing, at)
    options = options or ImportOptions(outcome_until=outcome_until)

    def place(row: int, column: int) -> Source:
        return Source(book_name, origin.sheet, f"{column_letter(origin.left + column)}{origin.top + row}")

    imported = import_grid(Grid(pasted, place), f"{book_name}:{origin.sheet}", options)
    if not imported.ok:
        shown = [str(p) for p in imported.problems[:SHOWN_PROBLEMS]]
        more = len(imported.problems) - len(shown)
        rest = [f"… och {counted(more, 'problem', 'problem')} till."] if more else []
        return Written(None, "\n".join([*shown, *rest, "Bladet Befolkning ändrades inte."]))
    width = len(header)
    new = []
    for row in imported.rows:
        cells = [None] * width
        for column in POPULATION.columns:
            value = getattr(row, column.field)
            value = value.value if isinstance(value, PopulationKind) else value
            cells[at[text_key(column.header)]] = float(value) if isinstance(value, Decimal) else value
        new.append(cells)
    keys = {(r.year, r.age, r.forecast_year) for r in imported.rows}
    year, age, forecast = (at[text_key(h)] for h in ("År", "Ålder", "Prognosår"))
    kept = []
    for row in existing[1:]:
        row = list(row) + [None] * (width - len(row))
        if (_number(row[year]), _number(row[age]), _number(row[forecast])) not in keys and any(
                v is not None and str(v).strip() for v in row):
            kept.append(row)
    rows = [header, *new, *kept]
    rows += [[None] * width for _ in range(len(existing) - len(rows))]  # (empties what the old rows held)
    years = sorted({r.year for r in imported.rows})
    top = max(r.age for r in imported.rows)
    outcomes = [y for y in years if options.outcome_until is not None and y <= options.outcome_until]
    typed = (f"{_span(outcomes)} Utfall" + (f", {_span([y for y in years if y not in outcomes])} Prognos"
                                             if len(outcomes) < len(years) else "")
             if outcomes else "Prognos (bladet Befolkning hade inga utfallsår före dem)")
    stay = f" {counted(len(kept), 'rad', 'rader')} står kvar: {_kept(kept, year, forecast)}." if kept else ""
    return Written(rows, f"Skrev {counted(len(new), 'rad', 'rader')} till bladet {POPULATION.sheet} från bladet"
                         f" {origin.sheet}: åren {years[0]}–{years[-1]}, åldrarna 0–{top} ({top} betyder {top} år och"
                         f" äldre); Typ: {typed}.{stay} Kontrollera Typ och Prognosår.")


def _kept(rows: list[list[object]], year: int, forecast: int) -> str:
    """The years of the rows kept, by Prognosår, as `kept_text` says them."""
    return kept_text([PopulationCount(found, 0, Decimal(0), forecast_year=_number(r[forecast]))
                      for r in rows if (found := _number(r[year])) is not None])


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
