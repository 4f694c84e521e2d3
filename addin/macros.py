"""Macros: write the results into the open workbook, and the planning templates beside it.

Thin like the worksheet functions: the tables are read from the open workbook through
Excel (every sheet whose first used row is a table's header row; a sheet named like a
table is read as that table), checked and computed by the same model as =RAMMODELL
(`ramkalk.addin.models`), and what is written comes from the same functions as the CLI:
`ramkalk beräkna --ut` (`result_book`) and `ramkalk underlag`
(`ramkalk.cli.generate`). Results go on sheets named "Resultat …", written through Excel,
so nothing else in the workbook changes; a second run replaces them. A problem is
shown in a message box, never as a traceback.

`ramkalk_konsolidera` reads the returned templates in the folder Inkommet_<budgetår> beside
the workbook into the archive beside it and writes Sammanställning_<budgetår>.xlsx there, as
`ramkalk konsolidera` does (`ramkalk.templates.consolidation`).

Classic xlwings passes the active workbook (`vba="ActiveWorkbook"`), xlwings Lite the
workbook the script runs in.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import xlwings as xw

from ramkalk.addin.models import MODELS, PREFIX, CellError
from ramkalk.addin.xl import classic_arg as arg
from ramkalk.addin.xl import classic_script as script
from ramkalk.core.addresses import column_letter
from ramkalk.report.sheets import Cell, Formula
from ramkalk.schema.cells import text_key
from ramkalk.schema.tables import FRAMES, POPULATION, SETTINGS_SHEET, TABLES
from ramkalk.templates.options import DEFAULT_VERSION, Options
from ramkalk.workbook.ranges import Origin, Placed, recognise

if TYPE_CHECKING:  # what only a script that runs needs is imported when it runs (the CLI, files)
    from ramkalk.calculation.frames import Calculation
    from ramkalk.core.problems import Problem

RESULT_PREFIX = "Resultat "
TITLE = "ramkalk"
_TABLE_SHEETS = {text_key(name) for name in (SETTINGS_SHEET, *(t.sheet for t in TABLES))}


def _book(book: object) -> xw.Book:
    """The workbook as an xlwings Book (classic xlwings hands a COM object over)."""
    if book is None:
        return xw.Book.caller()
    if hasattr(book, "sheets"):
        return book
    from xlwings import _xlwindows  # classic xlwings on Windows only

    return xw.Book(impl=_xlwindows.Book(xl=book))


def _grid(value: object) -> list[list[object]]:
    """A used range's value as rows (xlwings gives a scalar for one cell, a flat list for one row)."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [[value]]
    return value if value and isinstance(value[0], list) else [value]


def book_tables(book: xw.Book) -> list[object]:
    """The parameter tables of the open workbook as the model function's arguments, each placed where
    it is (its sheet, the used range's corner), so that a message names the sheet's own cell."""
    arguments: list[object] = []
    for sheet in book.sheets:
        if sheet.name.startswith(RESULT_PREFIX):
            continue
        used = sheet.used_range
        # err_to_str: an error cell (#N/A) as its text, which ramkalk names; never a blank
        rows = _without_totals_rows(sheet, used.row, _grid(used.options(err_to_str=True).value))
        placed = Placed(rows, Origin.of(sheet.name, used.address))
        if text_key(sheet.name) in _TABLE_SHEETS:
            arguments += [sheet.name, placed]
        elif recognise(rows)[0] is not None:
            arguments.append(placed)
    return arguments


def _without_totals_rows(sheet: xw.Sheet, top: int, rows: list[list[object]]) -> list[list[object]]:
    """`rows` (from row `top` of `sheet`) with each Excel table's totals row empty: it is no row of
    data, as `ramkalk.workbook.reader` reads it from the file (empty rows are skipped)."""
    for table in sheet.tables:
        totals = table.totals_row_range
        if totals is not None and 0 <= totals.row - top < len(rows):
            rows[totals.row - top] = [None] * len(rows[totals.row - top])
    return rows


def _calculated(book: xw.Book, version: str | None = None) -> tuple[Calculation, tuple[Problem, ...]]:
    text = MODELS.register(book_tables(book))
    if not text.startswith(PREFIX):
        raise CellError(text)
    return MODELS.calculation(text, version), MODELS.problems(text, version)


def _alert(book: xw.Book, text: str) -> None:
    book.app.alert(text, title=TITLE)


FORMULA_START = ("=", "+", "-", "@")
"""What makes Excel take a typed text for a formula: such a text is written with a leading apostrophe."""


def _value(cell: Cell | None) -> object:
    """A cell of the result sheets as written through Excel: a Formula as a formula, text as text."""
    if cell is None:
        return None
    value = cell.value
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _formats(grid: list[list[Cell | None]]) -> Iterator[tuple[str, str]]:
    """(range address, number format) for each run of cells down a column with the same number format."""
    for column in range(len(grid[0]) if grid else 0):
        run_format, first = None, 0
        for row in range(len(grid) + 1):
            cell = grid[row][column] if row < len(grid) else None
            found = cell.look.number_format if cell is not None and cell.look is not None else None
            if found != run_format:
                if run_format is not None:
                    name = column_letter(column + 1)
                    yield f"{name}{first + 1}:{name}{row}", run_format
                run_format, first = found, row


def _result_sheet(book: xw.Book, name: str):
    """Our sheet `name`, emptied, or a new one after the last sheet."""
    existing = {sheet.name: sheet for sheet in book.sheets}
    if name in existing:
        existing[name].clear()
        return existing[name]
    return book.sheets.add(name, after=list(book.sheets)[-1])


def write_results(book: xw.Book, calculation: Calculation, problems: tuple[Problem, ...]) -> list[str]:
    """The sheets of `ramkalk beräkna --ut` (`ramkalk.report.result_workbook.result_book`, the same data
    XlsxWriter writes to the file) as sheets "Resultat …" of `book`: values, formulas and number
    formats (no charts or colours); their names. Needs no spreadsheet library (xlwings Lite)."""
    from ramkalk.report.result_workbook import result_book

    written = []
    for ws in result_book(calculation, problems).sheets:
        name = (RESULT_PREFIX + ws.name)[:31]
        sheet = _result_sheet(book, name)
        grid = ws.grid()
        sheet["A1"].value = [[_value(cell) for cell in row] for row in grid]
        for address, number_format in _formats(grid):
            sheet[address].number_format = number_format
        sheet.autofit()
        written.append(name)
    return written


@script
@arg("book", vba="ActiveWorkbook")
def ramkalk_resultat(book: xw.Book | None = None):
    """Skriver resultatbladen (samma som ramkalk beräkna --ut) i den öppna arbetsboken, på blad som heter
    "Resultat …"; en ny körning ersätter dem. Tabellerna läses från arbetsbokens blad."""
    book = _book(book)
    try:
        calculation, problems = _calculated(book)
    except CellError as exc:
        _alert(book, f"{exc}. Inga resultatblad skrevs.")
        return
    written = write_results(book, calculation, problems)
    _alert(book, f"Skrev {len(written)} resultatblad: {', '.join(written)}.")


def write_templates(book: xw.Book, folder: Path, version: str = DEFAULT_VERSION) -> str:
    """One planning template per committee and their listing in `folder`, as `ramkalk underlag`
    writes them; what was done, as a sentence."""
    from ramkalk.cli import generate as template_command
    from ramkalk.cli.common import write_atomically
    from ramkalk.cli.generate import listing_name, listing_text
    from ramkalk.templates.generator import file_name

    calculation, _ = _calculated(book, version)
    year = calculation.data.settings.budget_year
    paths = {c: folder / file_name(c.code, year) for c in calculation.data.committees}
    listing = folder / listing_name(year)
    existing = [p.name for p in (*paths.values(), listing) if p.exists()]
    if existing:
        return (f"Filerna finns redan i {folder}: {', '.join(existing)}; flytta eller ta bort dem."
                " Inga planeringsunderlag skrevs.")
    folder.mkdir(parents=True, exist_ok=True)
    options = Options(version=calculation.data.version or version)
    rows = template_command.write_templates(calculation, paths, options, Path(book.fullname).name)
    write_atomically(listing, lambda p: p.write_text(listing_text(rows), encoding="utf-8"))
    return f"Skrev {len(rows)} planeringsunderlag, version {options.version}, och förteckningen till {folder}."


@script
@arg("book", vba="ActiveWorkbook")
def ramkalk_underlag(book: xw.Book | None = None):
    """Skriver ett planeringsunderlag per nämnd (samma som ramkalk underlag) i mappen
    Planeringsunderlag_<budgetår> bredvid arbetsboken; befintliga filer skrivs aldrig över."""
    book = _book(book)
    try:
        year = _calculated(book)[0].data.settings.budget_year
        _alert(book, write_templates(book, Path(book.fullname).parent / f"Planeringsunderlag_{year}"))
    except CellError as exc:
        _alert(book, f"{exc}. Inga planeringsunderlag skrevs.")
    except OSError as exc:  # a file that could not be written (as `ramkalk` says it)
        from ramkalk.cli.common import file_error

        _alert(book, f"{file_error(exc)}.")


def consolidate(book: xw.Book, folder: Path, out: Path, version: str = DEFAULT_VERSION) -> str:
    """The returned templates in `folder` read into the archive beside the workbook, and the
    summary written to `out`, as `ramkalk konsolidera` does; what was done, as a sentence."""
    from ramkalk.cli.common import fewer_collections, refused_output
    from ramkalk.cli.consolidate import consolidate_files, counts_text
    from ramkalk.core.problems import Source, warning
    from ramkalk.templates.archive import ArchiveBusy, ArchiveError, ArchiveWriteFailed, default_path
    from ramkalk.templates.consolidation import NOT_A_WORKBOOK, files_in, missing, not_read_in

    calculation, _ = _calculated(book, version)
    workbook = Path(book.fullname)
    if not folder.is_dir():
        return (f"Mappen {folder} finns inte; lägg de ifyllda planeringsunderlagen där och kör makrot igen."
                " Inget lästes in.")
    refused = refused_output(out, workbook, "sammanställningen")
    if refused:
        return f"{refused}. Inget lästes in."
    try:
        with fewer_collections():  # as `ramkalk konsolidera` runs (ramkalk.cli.main)
            results, summary = consolidate_files(
                calculation, version, workbook, files_in([folder], (workbook, out)), out, default_path(workbook),
                not_read=[warning(Source(str(p)), NOT_A_WORKBOOK) for p in not_read_in([folder])])
    except (ArchiveBusy, ArchiveWriteFailed) as exc:  # (a run that stopped halfway: what it stored stays)
        return f"{exc}."
    except ArchiveError as exc:
        return f"{exc}. Inget lästes in."
    absent = ", ".join(state.code for state in missing(summary))
    skipped = ", ".join(path.name for path in not_read_in([folder]))
    return " ".join(part for part in (
        counts_text(results) if results else f"Inga underlag fanns i {folder}.",
        f"Lästes inte (inte Excel-arbetsböcker; spara underlag som .xlsx): {skipped}." if skipped else "",
        f"Nämnder utan underlag: {absent}." if absent else "",
        f"Sammanställningen: {out.name}; problemen per fil finns på dess blad Kontroll.",
    ) if part)


@script
@arg("book", vba="ActiveWorkbook")
def ramkalk_konsolidera(book: xw.Book | None = None):
    """Läser in de ifyllda planeringsunderlagen i mappen Inkommet_<budgetår> bredvid arbetsboken
    (samma som ramkalk konsolidera), sparar dem i arkivet och skriver Sammanställning_<budgetår>.xlsx."""
    book = _book(book)
    try:
        year = _calculated(book)[0].data.settings.budget_year
        folder = Path(book.fullname).parent
        _alert(book, consolidate(book, folder / f"Inkommet_{year}", folder / f"Sammanställning_{year}.xlsx"))
    except CellError as exc:
        _alert(book, f"{exc}. Inget lästes in.")
    except OSError as exc:  # e.g. last run's summary open in Excel: the archive has what was read
        from ramkalk.cli.common import file_error

        _alert(book, f"{file_error(exc)}.")


def write_adopted_frames(book: xw.Book, version: str | None = None) -> str:
    """The budget year's frames (of `version`; None: the latest) as rows of the sheet Ramar, as
    `ramkalk fastställ` writes them for pasting: appended under the rows there. A year is adopted
    once: rows of the year already there are left as they are, and if they differ, nothing is
    written and the committees whose frames differ are named. What was done, as a sentence."""
    from ramkalk.workbook.adoption import adopted_frames, frames_workbook

    calculation, _ = _calculated(book, version)
    data, frames = calculation.data, adopted_frames(calculation)
    year = data.settings.budget_year
    header, *rows = [list(row) for row in frames_workbook(data, frames).active.iter_rows(values_only=True)]
    rows = [[float(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else v for v in row]
            for row in rows]
    existing = {sheet.name: sheet for sheet in book.sheets}
    sheet = existing.get(FRAMES.sheet)
    grid = _grid(sheet.used_range.value) if sheet is not None else []
    if not grid:
        sheet = sheet if sheet is not None else book.sheets.add(FRAMES.sheet, after=list(book.sheets)[-1])
        sheet["A1"].value = [header, *rows]
        return f"Skrev {len(rows)} fastställda ramar för {year} till det nya bladet {FRAMES.sheet}."
    at = {text_key(v): i for i, v in enumerate(grid[0]) if isinstance(v, str)}
    missing = [h for h in header if text_key(h) not in at]
    if missing:
        return f"Bladet {FRAMES.sheet} saknar kolumnerna {', '.join(missing)} i rad 1. Inga ramar skrevs."
    ordered = [[None] * len(grid[0]) for _ in rows]
    for new, row in zip(ordered, rows):
        for h, value in zip(header, row):
            new[at[text_key(h)]] = value
    year_column, code_column = at[text_key("År")], at[text_key("Nämnd")]
    before = [r for r in grid[1:] if isinstance(r[year_column], (int, float)) and int(r[year_column]) == year]
    if before:
        def key(row):
            return [round(v) if isinstance(v, float) else v for v in row]

        old = {str(r[code_column]).casefold(): key(r) for r in before}
        changed = [r[code_column] for r in ordered if old.get(str(r[code_column]).casefold()) != key(r)]
        if not changed:
            return f"Ramarna för {year} finns redan på bladet {FRAMES.sheet}, med samma belopp. Inget ändrades."
        return (f"Bladet {FRAMES.sheet} har redan ramar för {year}, och de skiljer sig för {', '.join(map(str, changed))};"
                " ett år fastställs en gång. Inga ramar skrevs.")
    sheet["A1"].value = [*grid, *ordered]
    grown = _grow_table(sheet, len(grid) + len(ordered), len(grid[0]))
    return (f"Skrev {len(ordered)} fastställda ramar för {year} (version {data.version or 'senaste'}) sist på bladet"
            f" {FRAMES.sheet}.{grown}")


def _grow_table(sheet, rows: int, columns: int) -> str:
    """The sheet's Excel table (if it has one) resized to cover `rows` × `columns` from A1, so that
    =RAMMODELL(Ramar[#All]; …) sees the new rows; a sentence if that could not be done."""
    tables = list(getattr(sheet, "tables", []))
    if not tables:
        return ""
    try:
        tables[0].resize(sheet.range((1, 1), (rows, columns)))
    except Exception:  # noqa: BLE001 - a runtime without Table.resize: say what to do instead
        return (" Utöka tabellen på bladet så att den täcker de nya raderna (Tabellverktyg > Ändra storlek på"
                " tabell) om modellcellen tar tabellen som strukturerad referens.")
    return ""


@script
@arg("book", vba="ActiveWorkbook")
def ramkalk_ramar(book: xw.Book | None = None):
    """Skriver budgetårets ramar (senaste versionen) som fastställda ramar sist på bladet Ramar, som
    ramkalk fastställ; ett år som redan finns där skrivs aldrig över."""
    book = _book(book)
    try:
        _alert(book, write_adopted_frames(book))
    except CellError as exc:
        _alert(book, f"{exc}. Inga ramar skrevs.")


def write_population(book: xw.Book) -> str:
    """The population pasted onto the sheet Befolkningsimport put into the sheet Befolkning
    (`ramkalk.addin.population`: the rows of the same År, Ålder and Prognosår replaced); what
    was done, or why nothing was, as sentences."""
    from ramkalk.addin.population import IMPORT_SHEET, population_sheet

    sheets = {text_key(sheet.name): sheet for sheet in book.sheets}
    pasted = sheets.get(text_key(IMPORT_SHEET))
    if pasted is None:
        return (f"Klistra in befolkningstabellen (till exempel SCB:s fil öppnad i Excel) på ett blad som heter"
                f" {IMPORT_SHEET} och kör makrot igen. Bladet {POPULATION.sheet} ändrades inte.")
    used = pasted.used_range
    target = sheets.get(text_key(POPULATION.sheet))
    existing = _grid(target.used_range.value) if target is not None else []
    written = population_sheet(_grid(used.options(err_to_str=True).value), Origin.of(pasted.name, used.address),
                               existing, Path(book.fullname).name)
    if written.rows is None:
        return written.message
    if target is None:
        target = book.sheets.add(POPULATION.sheet, after=list(book.sheets)[-1])
    target["A1"].value = written.rows
    columns = len(written.rows[0])
    used_rows = len(written.rows) - sum(1 for row in reversed(written.rows) if all(v is None for v in row))
    return written.message + _grow_table(target, used_rows, columns)


@script
@arg("book", vba="ActiveWorkbook")
def ramkalk_befolkning(book: xw.Book | None = None):
    """Läser befolkningstabellen som klistrats in på bladet Befolkningsimport (SCB:s statistik eller prognos)
    och skriver den till bladet Befolkning; rader med samma år, ålder och prognosår ersätts."""
    book = _book(book)
    try:
        _alert(book, write_population(book))
    except ModuleNotFoundError as exc:  # xlwings Lite without pandas in requirements.txt
        _alert(book, f"Befolkningsimporten behöver paketet {exc.name}: lägg till raden {exc.name} i requirements.txt"
                     " (xlwings Lite) eller installera det. Bladet Befolkning ändrades inte.")
