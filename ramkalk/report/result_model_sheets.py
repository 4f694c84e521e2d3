"""The result workbook's sheets about the models and the balance.

- Modeller: every committee and year by both models, and the difference (the "arv").
- Prislappar: the price-tag table per volume group, age by age, as municipalities publish
  it (population on 31/12 of the year before and of the year, the population counted,
  weight, price tag, amount), with a rounded subtotal per group that equals the core's.
- Balans: the room from the revenues against the frames, per year.
- Intäktslappar: revenue per age group beside the price tags of the same ages.
- Känslighet: the effect of ±1 point wages or prices and ±1 % volume on every frame (rows
  whose every amount is zero left out: most frames move in few scenarios).
- Resultat: each committee's surpluses and deficits and what its result rule does with them.
Amounts are in kr; sums are formulas so the sheets recalculate and can be checked. Each sheet is
built as data (`ramkalk.report.sheets`), row by row from the top.
"""

from __future__ import annotations

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.sensitivity import Sensitivity
from ramkalk.core.addresses import column_letter
from ramkalk.core.money import ZERO
from ramkalk.report.sheets import BOLD, BOLD_KR, HEADER, KR, PERSONS, Formula, Look, Page, Sheet, number
from ramkalk.rules.revenue_tags import revenue_tag_rows
from ramkalk.rules.surplus import account
from ramkalk.schema.inputs import VolumeDefinition

PRICE = Look("#,##0.00")
ONE_DECIMAL = Look("#,##0.0")


def _table_sheet(name: str, headers: list[str], widths: tuple[float, ...]) -> Sheet:
    """A sheet with a header row (printed on every page) and widths, printed portrait (a list)."""
    ws = Sheet(name, page=Page(landscape=False))
    ws.append(headers, HEADER)
    ws.set_widths(widths)
    ws.print_titles = 1
    return ws


def models_sheet(calculation: Calculation) -> Sheet:
    ws = _table_sheet("Modeller", ["Kod", "Nämnd", "Modell i bruk", "År", "Traditionell ram (kr)",
                                   "Prislappsram (kr)", "Arv: traditionell − prislapp (kr)"],
                      (8, 36, 14, 6, 20, 20, 26))
    names = {c.code: c for c in calculation.data.committees}
    looks = [None] * 4 + [KR] * 3
    for traditional, price_tag in zip(calculation.traditional, calculation.price_tag):
        committee, row = names[traditional.committee], ws.next_row
        ws.append([committee.code, committee.name, committee.model.value, traditional.year, traditional.total,
                   price_tag.total, Formula(f"=E{row}-F{row}")], looks)
    ws.freeze, ws.autofilter = "A2", f"A1:G{len(ws.rows)}"
    return ws


def price_tags_sheet(calculation: Calculation) -> Sheet:
    """The price-tag table: per group and year a row per age and a rounded subtotal."""
    ws = _table_sheet("Prislappar", ["Nämnd", "Grupp", "År", "Ålder", "Befolkning 31/12 året före",
                                     "Befolkning 31/12 året", "Befolkning som räknas", "Vikt eller andel som deltar",
                                     "Prislapp (kr)", "Belopp (kr)"], (8, 30, 6, 6, 14, 14, 14, 6, 14, 16))
    lookups = calculation.lookups
    committees = {c.code: c for c in calculation.data.committees}
    looks = [None] * 4 + [PERSONS, PERSONS, ONE_DECIMAL, None, PRICE, PRICE]
    blocks = []
    for group in (g for c in calculation.data.committees for g in lookups.groups_of(c)):
        committee = committees[group.committee]
        mean = group.volume_definition is VolumeDefinition.MEAN
        for year in calculation.data.settings.years:
            price = lookups.tag_price(committee, group, year)  # (with the efficiency requirement on it, by the setting)
            first = ws.next_row
            for row, age in enumerate(range(group.age_from, group.age_to + 1), start=first):
                before, now = lookups.population(year - 1, age, age), lookups.population(year, age, age)
                ws.append([group.committee, group.name, year, age, before, now,
                           Formula(f"=(E{row}+F{row})/2" if mean else f"=F{row}"), lookups.weight(group, year),
                           price, Formula(f"=G{row}*H{row}*I{row}")], looks)
            last = ws.next_row - 1
            ws.append([group.committee, f"Summa {group.name}", year, *[None] * 6,
                       Formula(f"=ROUND(SUM(J{first}:J{last}),0)")], [None, BOLD, *[None] * 7, BOLD_KR])
            blocks.append((first, last + 1))
    ws.freeze = "A2"
    ws.keep_together(blocks)  # (a group's year with its sum on one page)
    return ws


def balance_sheet(calculation: Calculation) -> Sheet:
    """Per year a column: the room's lines and sum, then the frames and the difference."""
    balances = calculation.balances
    ws = _table_sheet("Balans", ["Post", *[str(b.year) for b in balances]], (44, *[18] * len(balances)))
    columns = [column_letter(2 + i) for i in range(len(balances))]
    amounts = [None, *[KR] * len(balances)]
    labels = [line.label for line in balances[0].room.lines] if balances else []
    for label in dict.fromkeys(label for b in balances for label in (line.label for line in b.room.lines)):
        if label not in labels:
            labels.append(label)
    for label in labels:
        ws.append([label, *[next((l.amount for l in b.room.lines if l.label == label), ZERO) for b in balances]],
                  amounts)
    room_row = ws.next_row
    _formula_row(ws, "Utrymme för nämndernas ramar", [f"=SUM({c}2:{c}{room_row - 1})" for c in columns])
    traditional = [sum((f.total for f in calculation.traditional if f.year == b.year), ZERO) for b in balances]
    price_tag = [sum((f.total for f in calculation.price_tag if f.year == b.year), ZERO) for b in balances]
    ws.append(["Σ ramar, allt enligt traditionell modell", *traditional], amounts)
    ws.append(["Σ ramar, allt enligt prislappsmodell", *price_tag], amounts)
    before = ws.append(["Σ ramar före balanseringskrav", *[b.frames - b.balancing for b in balances]], amounts)
    ws.append(["Balanseringskrav", *[b.balancing for b in balances]], amounts)
    frames_row = ws.next_row
    _formula_row(ws, "Σ ramar", [f"={c}{before}+{c}{before + 1}" for c in columns])
    _formula_row(ws, "Differens: Σ ramar − utrymme", [f"={c}{frames_row}-{c}{room_row}" for c in columns])
    ws.freeze = "B2"
    return ws


def _formula_row(ws: Sheet, label: str, formulas: list[str]) -> None:
    ws.append([label, *map(Formula, formulas)], [BOLD, *[BOLD_KR] * len(formulas)])


def _moves(*amounts: object) -> bool:
    """Whether any amount of a row is other than zero (None: no amount)."""
    return any(amount is not None and amount != 0 for amount in amounts)


def sensitivity_sheet(found: Sensitivity) -> Sheet:
    """Every scenario's change of every frame, then its change of Σ frames and the gap, kr;
    a row whose every amount is zero is left out (the frame or year does not move)."""
    ws = Sheet("Känslighet")
    ws.append(["Känslighet: förändring av ramarna (kr), beräknat utan balanseringskrav. "
               "Rader där inget belopp ändras visas inte."], BOLD)
    ws.put(3, ["Scenario", "Nämnd", "År", "Förändring av ramen (kr)"], HEADER)
    for e in found.effects:
        if _moves(e.change):
            ws.append([e.scenario, e.committee, e.year, e.change], [None, None, None, KR])
    start = ws.next_row + 1
    ws.put(start, ["Scenario", "", "År", "Förändring av Σ ramar (kr)", "Σ ramar − utrymme efter ändringen (kr)"],
           HEADER)
    for b in found.balance:
        if _moves(b.change, b.gap):
            ws.append([b.scenario, "", b.year, b.change, b.gap], [None, None, None, KR, KR])
    ws.set_widths((44, 8, 6, 24, 30))
    ws.print_titles = 3
    return ws


def revenue_tags_sheet(calculation: Calculation) -> Sheet:
    ws = _table_sheet("Intäktslappar", ["Grupp", "Från ålder", "Till ålder", "År", "Invånare 31/12",
                                        "Intäkt per invånare (kr)", "Intäkt (kr)",
                                        "Kostnad enligt prislappar, samma åldrar (kr)", "Intäkt − kostnad (kr)"],
                      (26, 10, 10, 6, 14, 18, 16, 22, 18))
    looks = [None] * 4 + [PERSONS, KR, KR, KR, KR]
    for tag in revenue_tag_rows(calculation.lookups):
        row = ws.next_row
        ws.append([tag.name, tag.age_from, tag.age_to, tag.year, tag.inhabitants, tag.per_inhabitant,
                   Formula(f"=ROUND(E{row}*F{row},0)"), number(tag.costs), Formula(f"=G{row}-H{row}")], looks)
    ws.freeze = "A2"
    return ws


def results_sheet(calculation: Calculation) -> Sheet:
    """Resultat: each committee's result, what was returned in a frame, written off and kept,
    year by year (`ramkalk.rules.surplus.account`); "Ackumulerat" chains as a formula."""
    ws = _table_sheet("Resultat", ["Kod", "Nämnd", "Resultatregel", "År", "Resultat (kr)", "Återfört i ramen (kr)",
                                   "Avskrivet (kr)", "Ackumulerat resultat (kr)"], (8, 36, 14, 6, 18, 20, 16, 24))
    looks = [None] * 4 + [KR] * 4
    for committee in calculation.data.committees:
        previous = None
        for year in account(committee, calculation.lookups):
            row = ws.next_row
            before = f"H{previous}+" if previous else ""
            ws.append([committee.code, committee.name, committee.result_rule.value, year.year,
                       year.result if year.result is not None else ZERO, year.returned, year.written_off,
                       Formula(f"={before}E{row}-F{row}-G{row}")], looks)
            previous = row
    ws.freeze, ws.autofilter = "A2", f"A1:H{max(len(ws.rows), 2)}"
    return ws
