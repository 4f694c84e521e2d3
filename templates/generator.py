"""One committee's planning template (planeringsunderlag) as an openpyxl workbook.

`build_template(content, options)` writes every sheet of the layout (`ramkalk.templates.layout`)
from the committee's `Content` (`ramkalk.templates.content`), protects them, and records the
template's identity and checksum on the hidden sheet Identitet. The checksum is made from the
content and the layout (`identity.generated_cells`), as it is when a return is checked.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk import __version__
from ramkalk.templates import identity
from ramkalk.templates.content import Content
from ramkalk.templates.frame_sheet import write_frame_sheet
from ramkalk.templates.input_sheets import write_budget, write_measures, write_requests, write_units, write_volumes
from ramkalk.templates.layout import (
    BUDGET,
    FRAME,
    FRAME_SUMMARY,
    IDENTITY,
    INFO,
    INSTRUCTIONS,
    INSTRUCTIONS_ROW,
    LIST_COLUMNS,
    LIST_HEADERS,
    LISTS,
    MEASURES,
    RATES,
    REQUESTS,
    UNITS,
    VOLUMES,
    layout,
    list_choices,
)
from ramkalk.templates.options import Options
from ramkalk.templates.parts import Layout, SheetLayout
from ramkalk.templates.style import FACT, FACT_DATE, LEGEND, apply_look, print_setup, protect, protect_workbook
from ramkalk.templates.writing import Formula, header_row, heading, put, set_widths, title, write_header, write_rows


def instructions(found: Content, options: Options) -> tuple[str, ...]:
    """The steps of the sheet Anvisningar (Swedish), one line each."""
    year = found.years[0]
    due = options.deadline_for(year).isoformat()
    return (
        f"1. Läs bladet Ram: nämndens preliminära ram för {year} och planåren, och hur den har räknats fram.",
        "2. Fyll i bladet Budget: kostnader och intäkter per verksamhet i tkr. Differensen mot ramen ska bli 0.",
        "3. Beskriv på bladet Åtgärder vad nämnden gör för att klara ramen, med belopp per år.",
        "4. Skriv på bladet Äskanden vad nämnden behöver utöver ramen: belopp, typ, skäl och konsekvens.",
        "5. Kontrollera volymerna på bladet Volymer och fyll i nämndens egen bedömning där den skiljer sig. "
        "Har nämnden enheter: fyll i dess budget per enhet på bladet Enheter.",
        f"6. Spara filen under samma namn och skicka den till {options.contact} senast {due}.",
        "Ändra inte bladens namn, ordning eller de låsta cellerna: underlaget läses in automatiskt.",
        "Behöver ni fler rader: markera en gul cell på en rad inne i tabellen (inte den första) och infoga en rad.",
        "Beloppen är i tusentals kronor (tkr).",
    )


def _info_values(found: Content, options: Options) -> dict[str, object]:
    """The block of facts on Anvisningar, but the template id (known only after the checksum)."""
    years, committee = found.years, found.committee
    return {
        "committee": f"{committee.code} {committee.name}",
        "municipality": found.municipality,
        "budget_year": years[0],
        "plan_years": f"{years[1]}–{years[-1]}" if len(years) > 1 else "inga",
        "version": options.version,
        "deadline": options.deadline_for(years[0]),
        "contact": options.contact,
        "source": found.source or "planeringsarbetsboken",
        "created": options.created,
    }


def write_instructions(ws: Worksheet, sheet: SheetLayout, found: Content, options: Options) -> None:
    years, committee = found.years, found.committee
    title(ws, f"Planeringsunderlag {years[0]}–{years[-1]}: {committee.name}",
          f"Underlaget bygger på den preliminära ramen, version {options.version}.")
    values = _info_values(found, options)
    for fact in INFO.fields:
        where = ws[INFO.address(fact.key)]
        heading(ws, where.row, fact.label)
        value = values.get(fact.key)
        apply_look(put(ws, where.row, where.column, value), FACT_DATE if isinstance(value, date) else FACT)
    legend = INFO.first_row + len(INFO.fields)
    apply_look(put(ws, legend, 1, "Gula celler"), LEGEND)
    put(ws, legend, 2, "fyller ni i; alla andra celler är låsta.")
    heading(ws, INSTRUCTIONS_ROW - 1, "Så här fyller ni i underlaget")
    lines = instructions(found, options)
    if INSTRUCTIONS_ROW + len(lines) >= RATES.header_row - 1:
        raise ValueError("anvisningarna får inte plats ovanför förutsättningarna")
    for offset, line in enumerate(lines):
        put(ws, INSTRUCTIONS_ROW + offset, 1, line)
    heading(ws, RATES.header_row - 1, "Förutsättningar för ramen")
    write_header(ws, RATES, years)
    write_rows(ws, RATES, years, [
        {("year", None): r.year, ("wage", None): r.wage, ("price", None): r.price, ("blended", None): r.blended,
         ("efficiency", None): r.efficiency, ("frame", None): Formula(f"={FRAME}!{FRAME_SUMMARY.address('frame', i)}")}
        for i, r in enumerate(found.rates)])
    set_widths(ws, sheet, len(years))


def list_values(found: Content) -> dict[str, tuple[str, ...]]:
    """The lists the validations choose from (sheet Listor), by list name: the choices the
    layout's input fields declare, and the planning workbook's focus areas."""
    return list_choices(template_layout(found), found.focus_areas)


def write_lists(ws: Worksheet, lists: dict[str, tuple[str, ...]]) -> None:
    header_row(ws, 1, [LIST_HEADERS[name] for name in LIST_COLUMNS])
    for column, name in enumerate(LIST_COLUMNS, start=1):
        for row, value in enumerate(lists[name], start=2):
            put(ws, row, column, value)
        ws.column_dimensions[LIST_COLUMNS[name]].width = 24


Writer = Callable[[Worksheet, SheetLayout, Content, dict[str, int]], None]
INPUT_SHEETS: dict[str, Writer] = {BUDGET: write_budget, REQUESTS: write_requests, MEASURES: write_measures,
                                   VOLUMES: write_volumes, UNITS: write_units}


def template_layout(found: Content) -> Layout:
    return layout(len(found.years), bool(found.focus_areas))


def build_template(found: Content, options: Options) -> Workbook:
    """The committee's template, every sheet protected, identity and checksum recorded."""
    found_layout = template_layout(found)
    book = Workbook()
    book.remove(book.active)
    sheets = {sheet.name: book.create_sheet(sheet.name) for sheet in found_layout.sheets}
    lists = list_values(found)
    lengths = {name: len(values) for name, values in lists.items()}
    write_frame_sheet(sheets[FRAME], found_layout.sheet(FRAME), found)
    for name, write in INPUT_SHEETS.items():
        write(sheets[name], found_layout.sheet(name), found, lengths)
    write_lists(sheets[LISTS], lists)
    write_instructions(sheets[INSTRUCTIONS], found_layout.sheet(INSTRUCTIONS), found, options)
    checksum = identity.checksum_of(identity.generated_cells(found, found_layout))  # (as a return is checked)
    committee, year = found.committee, found.years[0]
    template_id = identity.template_id(committee.code, year, options.version, checksum)
    where = sheets[INSTRUCTIONS][INFO.address("template_id")]
    apply_look(put(sheets[INSTRUCTIONS], where.row, where.column, template_id), FACT)
    identity.write_identity(sheets[IDENTITY], {
        "committee_code": committee.code, "committee_name": committee.name, "municipality": found.municipality,
        "budget_year": year, "year_count": len(found.years), "version": options.version,
        "template_id": template_id, "generator_version": f"ramkalk {__version__}",
        "layout_version": found_layout.version, "checksum": checksum, "created": options.created,
    })
    _finish(book, found_layout, found, options)
    return book


def _finish(book: Workbook, found_layout: Layout, found: Content, options: Options) -> None:
    """Freeze panes, print set-up, visibility and protection of every sheet."""
    committee = found.committee
    for sheet in found_layout.sheets:
        ws = book[sheet.name]
        if sheet.freeze:
            ws.freeze_panes = sheet.freeze
        if sheet.hidden:
            ws.sheet_state = "hidden"
        else:
            print_setup(ws, sheet, f"{committee.code} {committee.name}",
                        f"Planeringsunderlag {found.years[0]}, version {options.version}", found.municipality,
                        f"Version {options.version}")
        protect(ws, sheet, options.password)
    protect_workbook(book, options.password)
    book.active = 0


def file_name(code: str, budget_year: int) -> str:
    """Planeringsunderlag_<Kod>_<Budgetår>.xlsx, characters not allowed in file names replaced by _."""
    safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in code)
    return f"Planeringsunderlag_{safe}_{budget_year}.xlsx"
