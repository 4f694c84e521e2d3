"""The result workbook's sheets about the models and the balance.

- Modeller: every committee and year by both models, and the difference (the "arv").
- Prislappar: the price-tag table per volume group, age by age, as municipalities publish
  it (population on 31/12 of the year before and of the year, the population counted,
  weight, price tag, amount), with a rounded subtotal per group that equals the core's.
- Balans: the room from the revenues against the frames, per year.
- Intäktslappar: revenue per age group beside the price tags of the same ages.
- Känslighet: the effect of ±1 point wages or prices and ±1 % volume on every frame.
- Resultat: each committee's surpluses and deficits and what its result rule does with them.
Amounts are in kr; sums are formulas so the sheets recalculate and can be checked.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ramkalk.calculation.frames import Calculation
from ramkalk.schema.inputs import PlanningData, VolumeDefinition
from ramkalk.core.money import ZERO
from ramkalk.rules.revenue_tags import revenue_tag_rows
from ramkalk.calculation.sensitivity import Sensitivity
from ramkalk.rules.surplus import account
from ramkalk.report.xlsx_cells import append_values, number
from ramkalk.report.xlsx_style import BOLD, KR, PERSONS, header, set_widths

PRICE = "#,##0.00"


def write_models(ws: Worksheet, calculation: Calculation) -> None:
    header(ws, 1, ["Kod", "Nämnd", "Modell i bruk", "År", "Traditionell ram (kr)", "Prislappsram (kr)",
                   "Arv: traditionell − prislapp (kr)"])
    names = {c.code: c for c in calculation.data.committees}
    for traditional, price_tag in zip(calculation.traditional, calculation.price_tag):
        committee = names[traditional.committee]
        row = append_values(ws, [committee.code, committee.name, committee.model.value, traditional.year,
                                 traditional.total, price_tag.total])
        ws.cell(row=row, column=7, value=f"=E{row}-F{row}")
        for column in (5, 6, 7):
            ws.cell(row=row, column=column).number_format = KR
    set_widths(ws, (8, 36, 14, 6, 20, 20, 26))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{ws.max_row}"


def write_price_tags(ws: Worksheet, calculation: Calculation) -> list[tuple[str, str, int, int]]:
    """Write the price-tag table; return (committee, group, year, subtotal row) for each group and year."""
    header(ws, 1, ["Nämnd", "Grupp", "År", "Ålder", "Befolkning 31/12 året före", "Befolkning 31/12 året",
                   "Befolkning som räknas", "Vikt eller andel som deltar", "Prislapp (kr)", "Belopp (kr)"])
    lookups, subtotals = calculation.lookups, []
    committees = {c.code: c for c in calculation.data.committees}
    for group in (g for c in calculation.data.committees for g in lookups.groups_of(c)):
        committee = committees[group.committee]
        mean = group.volume_definition is VolumeDefinition.MEAN
        for year in calculation.data.settings.years:
            price = lookups.price(committee, group, year)
            first = ws.max_row + 1
            for age in range(group.age_from, group.age_to + 1):
                before, now = lookups.population(year - 1, age, age), lookups.population(year, age, age)
                row = append_values(ws, [group.committee, group.name, year, age, before, now])
                ws.cell(row=row, column=7, value=f"=(E{row}+F{row})/2" if mean else f"=F{row}")
                append_cells(ws, row, 8, [lookups.weight(group, year), price])
                ws.cell(row=row, column=10, value=f"=G{row}*H{row}*I{row}")
                _formats(ws, row)
            row = append_values(ws, [group.committee, f"Summa {group.name}", year])
            ws.cell(row=row, column=10, value=f"=ROUND(SUM(J{first}:J{row - 1}),0)").font = BOLD
            ws.cell(row=row, column=10).number_format = KR
            ws.cell(row=row, column=2).font = BOLD
            subtotals.append((group.committee, group.name, year, row))
    set_widths(ws, (8, 30, 6, 6, 14, 14, 14, 6, 14, 16))
    ws.freeze_panes = "A2"
    return subtotals


def append_cells(ws: Worksheet, row: int, column: int, values: list) -> None:
    for offset, value in enumerate(values):
        ws.cell(row=row, column=column + offset, value=number(value))


def _formats(ws: Worksheet, row: int) -> None:
    for column, number_format in ((5, PERSONS), (6, PERSONS), (7, "#,##0.0"), (9, PRICE), (10, PRICE)):
        ws.cell(row=row, column=column).number_format = number_format


def write_balance(ws: Worksheet, calculation: Calculation) -> None:
    """Per year a column: the room's lines and sum, then the frames and the difference."""
    balances = calculation.balances
    header(ws, 1, ["Post", *[str(b.year) for b in balances]])
    letters = [get_column_letter(2 + i) for i in range(len(balances))]
    labels = [line.label for line in balances[0].room.lines] if balances else []
    for label in dict.fromkeys(label for b in balances for label in (line.label for line in b.room.lines)):
        if label not in labels:
            labels.append(label)
    for label in labels:
        append_values(ws, [label, *[next((l.amount for l in b.room.lines if l.label == label), ZERO)
                                    for b in balances]])
    room_row = ws.max_row + 1
    _formula_row(ws, room_row, "Utrymme för nämndernas ramar", [f"=SUM({c}2:{c}{room_row - 1})" for c in letters])
    traditional = [sum((f.total for f in calculation.traditional if f.year == b.year), ZERO) for b in balances]
    price_tag = [sum((f.total for f in calculation.price_tag if f.year == b.year), ZERO) for b in balances]
    append_values(ws, ["Σ ramar, allt enligt traditionell modell", *traditional])
    append_values(ws, ["Σ ramar, allt enligt prislappsmodell", *price_tag])
    before = ws.max_row + 1
    append_values(ws, ["Σ ramar före balanseringskrav", *[b.frames - b.balancing for b in balances]])
    append_values(ws, ["Balanseringskrav", *[b.balancing for b in balances]])
    frames_row = ws.max_row + 1
    _formula_row(ws, frames_row, "Σ ramar", [f"={c}{before}+{c}{before + 1}" for c in letters])
    _formula_row(ws, frames_row + 1, "Differens: Σ ramar − utrymme", [f"={c}{frames_row}-{c}{room_row}" for c in letters])
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = KR
    set_widths(ws, (44, *[18] * len(balances)))
    ws.freeze_panes = "B2"


def _formula_row(ws: Worksheet, row: int, label: str, formulas: list[str]) -> None:
    ws.cell(row=row, column=1, value=label).font = BOLD
    for index, formula in enumerate(formulas):
        ws.cell(row=row, column=2 + index, value=formula).font = BOLD


def write_sensitivity(ws: Worksheet, data: PlanningData, found: Sensitivity) -> None:
    """Every scenario's change of every frame, then its change of Σ frames and the gap, kr."""
    ws.cell(row=1, column=1, value="Känslighet: förändring av ramarna (kr), beräknat utan balanseringskrav").font = BOLD
    header(ws, 3, ["Scenario", "Nämnd", "År", "Förändring av ramen (kr)"])
    for e in found.effects:
        row = append_values(ws, [e.scenario, e.committee, e.year, e.change])
        ws.cell(row=row, column=4).number_format = KR
    start = ws.max_row + 2
    header(ws, start, ["Scenario", "", "År", "Förändring av Σ ramar (kr)", "Σ ramar − utrymme efter ändringen (kr)"])
    for b in found.balance:
        row = append_values(ws, [b.scenario, "", b.year, b.change, b.gap])
        for column in (4, 5):
            ws.cell(row=row, column=column).number_format = KR
    set_widths(ws, (44, 8, 6, 24, 30))


def write_revenue_tags(ws: Worksheet, calculation: Calculation) -> None:
    header(ws, 1, ["Grupp", "Från ålder", "Till ålder", "År", "Invånare 31/12", "Intäkt per invånare (kr)",
                   "Intäkt (kr)", "Kostnad enligt prislappar, samma åldrar (kr)", "Intäkt − kostnad (kr)"])
    for tag in revenue_tag_rows(calculation.lookups):
        row = append_values(ws, [tag.name, tag.age_from, tag.age_to, tag.year, tag.inhabitants,
                                 tag.per_inhabitant])
        ws.cell(row=row, column=7, value=f"=ROUND(E{row}*F{row},0)")
        ws.cell(row=row, column=8, value=number(tag.costs))
        ws.cell(row=row, column=9, value=f"=G{row}-H{row}")
        ws.cell(row=row, column=5).number_format = PERSONS
        for column in (6, 7, 8, 9):
            ws.cell(row=row, column=column).number_format = KR
    set_widths(ws, (26, 10, 10, 6, 14, 18, 16, 22, 18))
    ws.freeze_panes = "A2"



def write_results(ws: Worksheet, calculation: Calculation) -> None:
    """Resultat: each committee's result, what was returned in a frame, written off and kept,
    year by year (`ramkalk.rules.surplus.account`); "Ackumulerat" chains as a formula."""
    header(ws, 1, ["Kod", "Nämnd", "Resultatregel", "År", "Resultat (kr)", "Återfört i ramen (kr)",
                   "Avskrivet (kr)", "Ackumulerat resultat (kr)"])
    for committee in calculation.data.committees:
        previous = None
        for year in account(committee, calculation.lookups):
            row = append_values(ws, [committee.code, committee.name, committee.result_rule.value, year.year,
                                     year.result if year.result is not None else ZERO, year.returned,
                                     year.written_off])
            before = f"H{previous}+" if previous else ""
            ws.cell(row=row, column=8, value=f"={before}E{row}-F{row}-G{row}")
            for column in (5, 6, 7, 8):
                ws.cell(row=row, column=column).number_format = KR
            previous = row
    set_widths(ws, (8, 36, 14, 6, 18, 20, 16, 24))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{max(ws.max_row, 2)}"
