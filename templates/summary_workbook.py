"""The consolidated workbook (sammanställning) of the returned templates.

Sheets:

    Sammanfattning       the council's overview on one landscape page: per committee the status, the
                         budget year's frame, budgeted net, requested (and as a share of the frame),
                         measures and own volume estimates; the balance per year; a chart of the
                         requests against the frames (formulas over the sheets below)
    Översikt             per committee: status, frame, budgeted net, difference, requested, per year
    Äskanden             every request of the current returns
    Äskanden per område  requested per focus area, per type, per committee and focus area and per
                         committee and type (SUMIFS), and a chart per focus area
    Åtgärder             every planned measure with its effect per year
    Volymer              every volume group and year: the model's forecast, the committee's estimate
                         and the difference (formula)
    Enheter              every unit and central line of the resursfördelning: the preliminary allocation
                         (as the template showed it), the committee's budget and the difference (formula)
    Budget per verksamhet every budget line: costs, revenues, net (formula)
    Balans               per year: the room from the revenues against Σ frames + Σ requests
    Kontroll             every problem: file, sheet, cell, severity, message

Every sheet but Sammanfattning is one or more Excel Tables (filters, frozen header, tkr formats).
Every sheet prints on A4 landscape, one page wide, its header row on every page; the page header
names the municipality, the sheet and the version.

Amounts are tkr. Frames and the room come from the core, rounded to tkr as the templates show
them; the budget and requests are the committees' own tkr. Sums, differences and the balance
are formulas, so the workbook recalculates (verified in LibreOffice by the tests). Text a
committee typed is always written as text, never as a formula. The workbook is built as data
(`ramkalk.report.sheets`) and written by XlsxWriter (`ramkalk.report.xlsx_render`); openpyxl's
serialisation took most of `konsolidera`'s time for hundreds of returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from ramkalk.core.addresses import column_letter
from ramkalk.core.display import round_total
from ramkalk.report.sheets import (
    AMOUNT_HEADER,
    BOLD,
    HEADER,
    HEADER_FILL,
    KR,
    SUM,
    TITLE,
    BarChart,
    Book,
    Formula,
    Look,
    Page,
    Sheet,
)
from ramkalk.schema.tables import DECISION_TYPES
from ramkalk.templates.consolidation import Summary
from ramkalk.templates.return_records import Measure, Request

SUMMARY, OVERVIEW, REQUESTS, BY_AREA, MEASURES, VOLUMES, UNITS, BUDGET, BALANCE, CHECKS = (
    "Sammanfattning", "Översikt", "Äskanden", "Äskanden per område", "Åtgärder", "Volymer", "Enheter",
    "Budget per verksamhet", "Balans", "Kontroll")
SHARE = Look("0.0%")
AT_LEAST_ZERO = '">=0"'  # (COUNTIFS' criterion: a number, not an empty cell)
VOLUME = Look("#,##0.00")


@dataclass(frozen=True)
class Column:
    """A column of a sheet: header, width (characters), number format (tkr columns)."""

    header: str
    width: float = 14
    amount: bool = False


def _table(ws: Sheet, name: str, columns: Sequence[Column], rows: Sequence[Sequence[object]],
           first_row: int = 1) -> str:
    """Write a header and rows as an Excel Table (tkr format in amount columns); return its ref.
    An empty table gets one empty row."""
    ws.set_widths([column.width for column in columns])
    ws.print_titles = ws.print_titles or first_row
    return ws.add_table(name, [column.header for column in columns], rows,
                        [KR if column.amount else None for column in columns], row=first_row)


def _range(sheet: str, letter: str, rows: int) -> str:
    return f"'{sheet}'!${letter}$2:${letter}${rows + 1}"


def write_summary(summary: Summary, path: Path) -> None:
    """Write the consolidated workbook to `path` (use through an atomic write)."""
    from ramkalk.report.xlsx_render import save

    expected = summary.expected
    book = Book(municipality=expected.calculation.data.settings.municipality,
                title=f"Sammanställning av planeringsunderlagen {expected.budget_year}",
                version=f"Version {expected.version}")
    requests = [(state.code, state.name, r) for state in summary.committees if state.current
                for r in state.current.content.requests]
    measures = [(state.code, state.name, m) for state in summary.committees if state.current
                for m in state.current.content.measures]
    years = summary.expected.years
    first = book.add_sheet(SUMMARY)
    _overview(book.add_sheet(OVERVIEW), summary, len(requests))
    _requests(book.add_sheet(REQUESTS), requests, years)
    _by_area(book.add_sheet(BY_AREA), summary, requests)
    _measures(book.add_sheet(MEASURES), measures, years)
    volume_count = _volumes(book.add_sheet(VOLUMES), summary)
    _units(book.add_sheet(UNITS), summary)
    _budget(book.add_sheet(BUDGET), summary)
    _balance(book.add_sheet(BALANCE), summary, len(requests))
    _checks(book.add_sheet(CHECKS), summary)
    _summary(first, summary, len(requests), len(measures), volume_count)
    save(book, path)


def _amount_letter(years: Sequence[int], index: int) -> str:
    """The column of year `index`'s amount on Äskanden (after seven columns of text)."""
    return column_letter(8 + index)


def _overview(ws: Sheet, summary: Summary, request_count: int) -> None:
    years = summary.expected.years
    columns = [Column("Nämnd", 10), Column("Namn", 30), Column("Status", 22), Column("Fil", 36),
               Column("Mottagen", 22), Column("Varningar", 11)]
    for year in years:
        columns += [Column(f"Ram {year}", amount=True), Column(f"Budget netto {year}", amount=True),
                    Column(f"Differens {year}", amount=True), Column(f"Äskat {year}", amount=True)]
    rows = []
    for number_, state in enumerate(summary.committees, start=2):
        content = state.current.content if state.current else None
        warnings = len(state.current.problems) if state.current else None
        nets = [line.net for line in content.budget] if content else []
        row: list[object] = [state.code, state.name, state.status, state.file.name if state.file else "",
                             state.file.received if state.file else "", warnings]
        for index, year in enumerate(years):
            frame, net = 7 + 4 * index, 8 + 4 * index
            budgeted = sum((line_net[index] for line_net in nets), Decimal(0)) if content else None
            requested = _range(REQUESTS, _amount_letter(years, index), request_count)
            row += [summary.expected.frames[state.code][index], budgeted,
                    Formula(f'=IF({column_letter(net)}{number_}="","",'
                            f'{column_letter(net)}{number_}-{column_letter(frame)}{number_})'),
                    Formula(f"=SUMIFS({requested},{_range(REQUESTS, 'A', request_count)},A{number_})")]
        rows.append(row)
    _table(ws, "Oversikt", columns, rows)
    ws.freeze = "C2"


def _requests(ws: Sheet, requests: list[tuple[str, str, Request]], years: Sequence[int]) -> None:
    columns = [Column("Nämnd", 10), Column("Namn", 26), Column("Äskande", 30), Column("Beskrivning", 40),
               Column("Typ", 18), Column("Varaktighet", 13), Column("Fokusområde", 22),
               *(Column(f"Belopp {year}", amount=True) for year in years),
               Column("Skäl", 40), Column("Konsekvens om äskandet inte beviljas", 40), Column("Prioritet", 10),
               Column("Rad i underlaget", 10)]
    rows = [[code, name, r.title, r.description, r.kind, r.duration, r.focus_area, *r.amounts, r.reason,
             r.consequence, r.priority, r.row] for code, name, r in requests]
    _table(ws, "Askanden", columns, rows)
    ws.freeze = "D2"


def _by_area(ws: Sheet, summary: Summary, requests: list[tuple[str, str, Request]]) -> None:
    """Requested per focus area and per type (SUMIFS over Äskanden), and a chart per focus area."""
    years, count = summary.expected.years, len(requests)
    areas = list(dict.fromkeys([*summary.expected.focus_areas, *(r.focus_area for _, _, r in requests)]))
    amounts = [Column(f"Äskat {year}", amount=True) for year in years]

    def sums(criteria_letter: str, values: Sequence[str], first_row: int) -> list[list[object]]:
        return [[value, *(Formula(f"=SUMIFS({_range(REQUESTS, _amount_letter(years, i), count)},"
                                  f"{_range(REQUESTS, criteria_letter, count)},$A{row})") for i in range(len(years)))]
                for row, value in enumerate(values, start=first_row + 1)]

    _table(ws, "PerFokusomrade", [Column("Fokusområde", 30), *amounts], sums("G", areas, 1))
    type_row = max(len(areas), 1) + 4
    ws.put(type_row - 1, ["Per typ"])
    _table(ws, "PerTyp", [Column("Typ", 30), *amounts], sums("E", DECISION_TYPES, type_row), first_row=type_row)
    ws.freeze = "B2"
    row = type_row + len(DECISION_TYPES) + 3
    if areas:
        row = _by_committee(ws, summary, ("fokusområde", "G", areas, "PerNamndOmrade"), row, count)
    _by_committee(ws, summary, ("typ", "E", DECISION_TYPES, "PerNamndTyp"), row, count)
    if areas:
        last = 1 + len(areas)
        ws.charts.append(BarChart(f"{column_letter(len(years) + 3)}2", "Äskanden per fokusområde (tkr)",
                                  data=f"B1:{column_letter(1 + len(years))}{last}", categories=f"A2:A{last}",
                                  number_format="#,##0", size_cm=(20, 10)))


def _by_committee(ws: Sheet, summary: Summary, by: tuple[str, str, Sequence[str], str], row: int,
                  count: int) -> int:
    """Requested in the budget year per committee (rows) and focus area or type (columns), SUMIFS over
    Äskanden; by: what the columns are, its column on Äskanden, their values and the table's name.
    Returns the first row free below it (and a blank row)."""
    what, letter, values, name = by
    amount = _range(REQUESTS, _amount_letter(summary.expected.years, 0), count)
    codes, criteria = _range(REQUESTS, "A", count), _range(REQUESTS, letter, count)
    ws.put(row - 1, [f"Äskat {summary.expected.budget_year} per nämnd och {what}"])
    rows = [[state.code, *(Formula(f'=SUMIFS({amount},{codes},$A{at},{criteria},"{_quoted(value)}")')
                           for value in values)]
            for at, state in enumerate(summary.committees, start=row + 1)]
    _table(ws, name, [Column("Nämnd", 30), *(Column(value or f"(utan {what})", amount=True) for value in values)],
           rows, first_row=row)
    return row + len(rows) + 3


def _quoted(text: str) -> str:
    """A text inside a formula's string ("" for each ")."""
    return text.replace('"', '""')


def _measures(ws: Sheet, measures: list[tuple[str, str, Measure]], years: Sequence[int]) -> None:
    """Every planned measure of the current returns: its effect per year (tkr, lowering the net cost)."""
    columns = [Column("Nämnd", 10), Column("Namn", 26), Column("Åtgärd", 30), Column("Beskrivning och konsekvens", 44),
               *(Column(f"Effekt {year}", amount=True) for year in years), Column("Ingår i budgeten", 10),
               Column("Rad i underlaget", 10)]
    rows = [[code, name, m.measure, m.consequence, *m.effects, m.in_budget, m.row] for code, name, m in measures]
    _table(ws, "Atgarder", columns, rows)
    ws.freeze = "D2"


def _volumes(ws: Sheet, summary: Summary) -> int:
    """Every volume group and year of the current returns: the model's forecast (as the template
    showed it), the committee's estimate and the difference (a formula, empty without an
    estimate). Returns the number of rows."""
    columns = [Column("Nämnd", 10), Column("Volymgrupp", 30), Column("År", 8), Column("Volym enligt prognos", 16),
               Column("Nämndens bedömning", 16), Column("Skillnad mot prognos", 16), Column("Kommentar", 50),
               Column("Rad i underlaget", 10)]
    found = [(state.code, v) for state in summary.committees if state.current for v in state.current.content.volumes]
    rows = [[code, v.group, v.year, v.forecast, v.own, Formula(f'=IF(E{at}="","",E{at}-D{at})'), v.comment, v.row]
            for at, (code, v) in enumerate(found, start=2)]
    ws.set_widths([column.width for column in columns])
    ws.print_titles = 1
    ws.add_table("Volymer", [column.header for column in columns], rows, [None, None, None, VOLUME, VOLUME, VOLUME])
    ws.freeze = "C2"
    return len(rows)


def _units(ws: Sheet, summary: Summary) -> None:
    """Every unit and central line of the current returns' resursfördelning: the preliminary allocation (tkr, as
    the template showed it), the committee's budget and the difference (a formula, empty without a budget)."""
    columns = [Column("Nämnd", 10), Column("Enhet", 30), Column("Preliminär tilldelning", 16, True),
               Column("Nämndens budget", 16, True), Column("Skillnad mot tilldelning", 16, True), Column("Kommentar", 50),
               Column("Rad i underlaget", 10)]
    found = [(state.code, u) for state in summary.committees if state.current for u in state.current.content.units]
    rows = [[code, u.unit, u.allocation, u.budget, Formula(f'=IF(D{at}="","",D{at}-C{at})'), u.comment, u.row]
            for at, (code, u) in enumerate(found, start=2)]
    _table(ws, "Enheter", columns, rows)
    ws.freeze = "C2"


def _summary(ws: Sheet, summary: Summary, request_count: int, measure_count: int, volume_count: int) -> None:
    """The council's overview of the budget year on one landscape page (see the module docstring):
    formulas over Översikt, Åtgärder, Volymer and Balans, so it recalculates with them. The own
    volume estimates are counted over every year the template showed (the details on Volymer)."""
    expected = summary.expected
    year, years = expected.budget_year, expected.years
    municipality = expected.calculation.data.settings.municipality
    ws.page = Page(landscape=True, pages_high=1)
    ws.put(1, [f"Planeringsunderlagen {year}: {municipality}, version {expected.version} (tkr)"], TITLE)
    received = sum(1 for state in summary.committees if state.current)
    ws.put(2, [f"{received} av {len(summary.committees)} nämnder har ett godkänt underlag. Detaljerna står på "
               "de följande bladen; äskanden och åtgärder gäller budgetåret."])
    headers = ["Kod", "Nämnd", "Status", f"Ram {year}", f"Budgeterat netto {year}", f"Differens {year}",
               f"Äskat {year}", "Äskat i % av ramen", f"Åtgärder {year}", "Egna bedömningar av volym"]
    ws.put(4, headers, [HEADER] * 3 + [AMOUNT_HEADER] * (len(headers) - 3))
    looks = [None, None, None, KR, KR, KR, KR, SHARE, KR, None]
    first = 5
    effects = _range(MEASURES, column_letter(5), measure_count)
    for at, state in enumerate(summary.committees, start=first):
        source = at - first + 2  # (the committee's row on Översikt)

        def shown(column: int) -> Formula:
            cell = f"'{OVERVIEW}'!{column_letter(column)}{source}"
            return Formula(f'=IF({cell}="","",{cell})')

        ws.put(at, [state.code, state.name, state.status, shown(7), shown(8), shown(9), shown(10),
                    Formula(f'=IF(D{at}=0,"",G{at}/D{at})'),
                    Formula(f"=SUMIFS({effects},{_range(MEASURES, 'A', measure_count)},A{at})"),
                    Formula(f"=COUNTIFS({_range(VOLUMES, 'A', volume_count)},A{at},"
                            f"{_range(VOLUMES, 'E', volume_count)},{AT_LEAST_ZERO})")],
               looks)
    last = ws.next_row - 1
    total = ws.append([None, "Summa", None, *(Formula(f"=SUM({c}{first}:{c}{last})") for c in "DEFG"),
                       Formula(f'=IF(D{ws.next_row}=0,"",G{ws.next_row}/D{ws.next_row})'),
                       Formula(f"=SUM(I{first}:I{last})"), Formula(f"=SUM(J{first}:J{last})")],
                      [None, BOLD, None, SUM, SUM, SUM, SUM, Look("0.0%", bold=True, top_line=True), SUM,
                       Look(bold=True, top_line=True)])
    balance = total + 2
    ws.put(balance, ["Balans mot intäkterna", None, None, *(str(y) for y in years)],
           [Look(bold=True, fill=HEADER_FILL), HEADER, HEADER, *[AMOUNT_HEADER] * len(years)])
    for offset, (label, column) in enumerate((("Utrymme: intäkter − resultatmål och centrala poster", "B"),
                                              ("Summa ramar", "C"), ("Äskat", "E"),
                                              ("Marginal: utrymme − ramar − äskat", "G")), start=1):
        cells = [f"'{BALANCE}'!{column}{index + 2}" for index in range(len(years))]
        ws.put(balance + offset, [label, None, None, *(Formula(f'=IF({c}="","",{c})') for c in cells)],
               [BOLD if column == "G" else None, None, None, *[SUM if column == "G" else KR] * len(years)])
    ws.set_widths((7, 30, 20, 14, 14, 13, 12, 10, 12, 12))
    ws.freeze = "A5"
    height = max(11, 3 + 0.45 * len(summary.committees))  # cm: a bar and its name for every committee
    ws.charts.append(BarChart("L4", f"Äskat {year} i procent av ramen", data=f"H4:H{last}",
                              categories=f"B{first}:B{last}", number_format="0%", size_cm=(15, height)))


def _budget(ws: Sheet, summary: Summary) -> None:
    years = summary.expected.years
    columns = [Column("Nämnd", 10), Column("Verksamhet", 34)]
    for year in years:
        columns += [Column(f"Kostnader {year}", amount=True), Column(f"Intäkter {year}", amount=True),
                    Column(f"Netto {year}", amount=True)]
    letters = [(column_letter(3 + 3 * index), column_letter(4 + 3 * index)) for index in range(len(years))]
    rows = []
    for state in summary.committees:
        for line in state.current.content.budget if state.current else ():
            row = len(rows) + 2
            values: list[object] = [state.code, line.activity]
            for index, (costs, revenues) in enumerate(letters):
                values += [line.costs[index], line.revenues[index], Formula(f"={costs}{row}-{revenues}{row}")]
            rows.append(values)
    _table(ws, "Budget", columns, rows)
    ws.freeze = "C2"


def _balance(ws: Sheet, summary: Summary, request_count: int) -> None:
    """Per year: the room, Σ frames and Σ requests (formulas over Översikt and Äskanden), the margin."""
    expected = summary.expected
    rooms = expected.calculation.rooms
    committees = len(summary.committees)
    columns = [Column("År", 8), Column("Utrymme", 16, True), Column("Summa ramar", 16, True),
               Column("Budgeterat netto", 18, True), Column("Äskat", 16, True),
               Column("Ramar och äskanden", 20, True), Column("Marginal", 16, True)]
    rows = []
    for index, year in enumerate(expected.years):
        row = index + 2
        frame, net = column_letter(7 + 4 * index), column_letter(8 + 4 * index)
        room = round_total(rooms[year].total) if year in rooms else None
        rows.append([year, room, Formula(f"=SUM({_range(OVERVIEW, frame, committees)})"),
                     Formula(f"=SUM({_range(OVERVIEW, net, committees)})"),
                     Formula(f"=SUM({_range(REQUESTS, _amount_letter(expected.years, index), request_count)})"),
                     Formula(f"=C{row}+E{row}"), Formula(f'=IF(B{row}="","",B{row}-F{row})')])
    _table(ws, "Balans", columns, rows)
    note = len(rows) + 3
    ws.put(note, ["Utrymme: intäkter minus resultatmål och centrala poster (planeringsarbetsboken), tkr. "
                        "Marginal: utrymme minus ramar och äskanden; negativ om de inte ryms."])
    ws.freeze = "A2"


def _checks(ws: Sheet, summary: Summary) -> None:
    columns = [Column("Nämnd", 10), Column("Fil", 36), Column("Blad", 14), Column("Cell", 8),
               Column("Allvarlighet", 12), Column("Meddelande", 100)]
    rows = [[code, p.source.file if p.source else "", (p.source.sheet or "") if p.source else "",
             (p.source.cell or "") if p.source else "", p.severity.value, p.message] for code, p in summary.checks]
    _table(ws, "Kontroll", columns, rows)
    ws.freeze = "A2"
