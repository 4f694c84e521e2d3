"""The consolidated workbook (sammanställning) of the returned templates.

Sheets, each one Excel Table (filters, frozen header, tkr formats):

    Översikt             per committee: status, frame, budgeted net, difference, requested, per year
    Äskanden             every request of the current returns
    Äskanden per område  requested per focus area and per type (SUMIFS), and a chart per focus area
    Budget per verksamhet every budget line: costs, revenues, net (formula)
    Balans               per year: the room from the revenues against Σ frames + Σ requests
    Kontroll             every problem: file, sheet, cell, severity, message

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
from ramkalk.report.sheets import KR, BarChart, Book, Formula, Sheet
from ramkalk.schema.tables import DECISION_TYPES
from ramkalk.templates.consolidation import Summary
from ramkalk.templates.return_records import Request

OVERVIEW, REQUESTS, BY_AREA, BUDGET, BALANCE, CHECKS = (
    "Översikt", "Äskanden", "Äskanden per område", "Budget per verksamhet", "Balans", "Kontroll")


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

    book = Book()
    requests = [(state.code, state.name, r) for state in summary.committees if state.current
                for r in state.current.content.requests]
    years = summary.expected.years
    _overview(book.add_sheet(OVERVIEW), summary, len(requests))
    _requests(book.add_sheet(REQUESTS), requests, years)
    _by_area(book.add_sheet(BY_AREA), summary, requests)
    _budget(book.add_sheet(BUDGET), summary)
    _balance(book.add_sheet(BALANCE), summary, len(requests))
    _checks(book.add_sheet(CHECKS), summary)
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
    if areas:
        last = 1 + len(areas)
        ws.charts.append(BarChart(f"{column_letter(len(years) + 3)}2", "Äskanden per fokusområde (tkr)",
                                  data=f"B1:{column_letter(1 + len(years))}{last}", categories=f"A2:A{last}",
                                  number_format="#,##0", size_cm=(20, 10)))


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
