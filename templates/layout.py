"""The planning template's layout as data: which sheet, which cells, what they mean.

One definition, read by the generator (which writes a template from it), by
`ramkalk.templates.reading` (which reads a template back, also after a committee inserted
rows) and so by the checksum and the later consolidation. A template has the same
content at the same cell address for every committee of a municipality; only the
variable-length tables (the frame's explanation, the budget, requests, measures and
volumes) end at different rows, and a reader finds their end by `End`.

Amounts in a template are thousands of kronor (tkr), stored as tkr: what a committee
types and what ramkalk prefills are in one unit, so formulas never mix kr and tkr.

`layout(year_count, focus_list)` gives the layout for a budget year and its plan years
(`year_count` columns per per-year field); `focus_list` tells whether the municipality
has focus areas to choose from (else the focus area is free text). Bump LAYOUT_VERSION
on any change a reader of returned templates must know about.

Every input field declares its cell's schema once (`ramkalk.templates.parts.InputColumn`: kind,
Swedish "what", choices and bounds, the choices of types and durations from
`ramkalk.schema.inputs`'s enums): the generator writes the Excel data validation derived from it
and `ramkalk.templates.return_rows` reads returned values through it. Adding an input column is
one `_input(...)` here.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache

from ramkalk.schema.inputs import DecisionType, Duration
from ramkalk.schema.tables import Kind as CellKind
from ramkalk.templates.parts import (
    DEFAULT_WIDTH,
    Block,
    End,
    Field,
    InputColumn,
    Kind,
    Layout,
    Role,
    SheetLayout,
    Table,
)

LAYOUT_VERSION = "3"

INSTRUCTIONS, FRAME, BUDGET, REQUESTS, MEASURES, VOLUMES, UNITS, LISTS, IDENTITY = (
    "Anvisningar", "Ram", "Budget", "Äskanden", "Åtgärder", "Volymer", "Enheter", "Listor", "Identitet")

SUM_LABEL = "Summa"
NEW_FRAME_LABEL = "Ny ram"
SUM_OF_CHANGES, TECHNICAL_FRAME = "Summa ramförändringar", "Teknisk ram"
"""The labels of the explanation's sum rows (the frame sheet writes them, the checksum derives them)."""


# --- Lists and the schemas of input cells ---------------------------------------------------

# List name -> its column on the sheet `Listor` (header in row 1, values from row 2).
LIST_COLUMNS = {"typ": "A", "varaktighet": "B", "fokusområde": "C", "janej": "D"}
LIST_HEADERS = {"typ": "Typ", "varaktighet": "Varaktighet", "fokusområde": "Fokusområde", "janej": "Ja/Nej"}
YES_NO = ("Ja", "Nej")
MAX_AMOUNT_TKR = Decimal(100_000_000)  # 100 miljarder kronor: larger is surely a typing error
MAX_TEXT = 1000
MAX_PRIORITY = 99


def choose(name: str, what: str, choices: tuple[str, ...] = (), values: type | None = None) -> InputColumn:
    """A value chosen from the list `name` on the sheet Listor: `choices` (or an enum's `values`);
    none declared if the planning workbook gives them (the focus areas)."""
    if values is not None:
        choices = tuple(v.value for v in values)
    return InputColumn("", "", CellKind.CHOICE, what, choices=choices, enum=values, list_name=name,
                       prompt=f"Välj {what} i listan.", error=f"Välj {what} i listan.")


AMOUNT = InputColumn("", "", CellKind.AMOUNT, "belopp i tkr", minimum=-MAX_AMOUNT_TKR, maximum=MAX_AMOUNT_TKR,
                     prompt="Belopp i tkr. En ökning är positiv, en minskning negativ.",
                     error="Skriv ett belopp i tkr (ett tal).")
NON_NEGATIVE = InputColumn("", "", CellKind.PRICE, "belopp i tkr", minimum=Decimal(0), maximum=MAX_AMOUNT_TKR,
                           prompt="Belopp i tkr, som ett positivt tal.",
                           error="Skriv ett belopp i tkr som är noll eller större.")
VOLUME_ESTIMATE = InputColumn("", "", CellKind.COUNT, "volym", minimum=Decimal(0),
                              prompt="Nämndens bedömning av volymen (antal), noll eller större.",
                              error="Skriv ett antal som är noll eller större.")
PRIORITY = InputColumn("", "", CellKind.AMOUNT, "prioritet", minimum=Decimal(1), maximum=Decimal(MAX_PRIORITY),
                       whole=True, prompt="Prioritet: 1 är viktigast.",
                       error=f"Skriv ett heltal från 1 till {MAX_PRIORITY}.")
TEXT = InputColumn("", "", CellKind.TEXT, "text", max_length=MAX_TEXT, prompt="Fritext.",
                   error=f"Texten får vara högst {MAX_TEXT} tecken.")
KIND = choose("typ", "typ", values=DecisionType)
DURATION = choose("varaktighet", "varaktighet", values=Duration)
FOCUS_AREA = choose("fokusområde", "fokusområde")  # the choices are the planning workbook's focus areas
IN_BUDGET = choose("janej", "Ja eller Nej", YES_NO)


def _input(key: str, label: str, meaning: str, kind: Kind, cell: InputColumn, per_year: bool = False,
           width: float = DEFAULT_WIDTH) -> Field:
    """An input field: its cell's schema named by the field (`InputColumn`: field = key, header = label)."""
    return Field(key, label, meaning, kind, Role.INPUT, replace(cell, field=key, header=label), per_year, width)


def _shown(key: str, label: str, meaning: str, kind: Kind, per_year: bool = False, width: float = DEFAULT_WIDTH,
           role: Role = Role.PREFILLED) -> Field:
    return Field(key, label, meaning, kind, role, None, per_year, width)


def _text_input(key: str, label: str, meaning: str, width: float = 30) -> Field:
    return _input(key, label, meaning, Kind.TEXT, TEXT, width=width)


def list_choices(found_layout: Layout, focus_areas: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The values of each list on the sheet Listor, by list name: the declared choices of the
    input fields that choose from it, the planning workbook's `focus_areas` for fokusområde."""
    lists = {name: () for name in LIST_COLUMNS}
    for _sheet, _part, field in found_layout.fields():
        if field.cell is not None and field.cell.list_name is not None and field.cell.choices:
            lists[field.cell.list_name] = field.cell.choices
    lists["fokusområde"] = focus_areas
    return lists


# --- The sheets -----------------------------------------------------------------------------

def _facts(key: str, first_row: int, rows: tuple[tuple[str, str, str, Kind], ...]) -> Block:
    """A block of facts the generator writes: the label in column A, the value in column B."""
    return Block(key, first_row, "B", tuple(_shown(*row, role=Role.LABEL) for row in rows))


# Facts shown both on Anvisningar and on the hidden sheet Identitet.
MUNICIPALITY = ("municipality", "Kommun", "the municipality", Kind.TEXT)
BUDGET_YEAR = ("budget_year", "Budgetår", "the budget year", Kind.YEAR)
VERSION = ("version", "Version", "the version label of the frames (e.g. Juni)", Kind.TEXT)
CREATED = ("created", "Skapat", "the date the template was generated", Kind.DATE)
TEMPLATE_ID = ("template_id", "Mall-id", "the template's identity: code-year-version-checksum prefix", Kind.TEXT)

INFO = _facts("uppgifter", 3, (
    ("committee", "Nämnd", "the committee's code and name", Kind.TEXT),
    MUNICIPALITY,
    BUDGET_YEAR,
    ("plan_years", "Planår", "the plan years, as text (2028–2030)", Kind.TEXT),
    VERSION,
    ("deadline", "Sista dag att lämna underlaget", "the date the template is due", Kind.DATE),
    ("contact", "Kontakt", "who answers questions", Kind.TEXT),
    ("source", "Beräknat från", "the planning workbook the frames were computed from", Kind.TEXT),
    CREATED,
    TEMPLATE_ID,
))
INSTRUCTIONS_ROW = 15  # the first line of the instructions (column A)
RATES = Table("förutsättningar", 26, (
    _shown("year", "År", "the year", Kind.YEAR),
    _shown("wage", "Löneökning", "the wage increase of the year, fraction", Kind.RATE),
    _shown("price", "Prisökning", "the increase of other costs, fraction", Kind.RATE),
    _shown("blended", "Nämndens index", "the committee's blended index (wage share × wage + rest × price)",
           Kind.RATE),
    _shown("efficiency", "Effektiviseringskrav", "the general efficiency requirement, fraction", Kind.RATE),
    _shown("frame", "Preliminär ram (tkr)", "the preliminary frame, tkr (=Ram!)", Kind.TKR, role=Role.FORMULA),
), End())

FRAME_SUMMARY = Block("ram", 5, "C", (
    _shown("frame", "Preliminär ram", "the committee's preliminary frame, tkr", Kind.TKR, per_year=True),
    _shown("one_off", "varav engångsposter", "the one-off part of the frame, tkr", Kind.TKR, per_year=True),
))
FRAME_HEADER_ROW = 4
WATERFALL_STEPS = 9  # previous frame, seven changes, new frame
WATERFALL = Table("uppbyggnad", 9, (
    _shown("step", "Steg", "what changes the frame, budget year", Kind.TEXT, width=46),
    _shown("rule", "Förklaring", "the rule in words", Kind.TEXT, width=60),
    _shown("amount", "Belopp", "tkr; the first row is last year's frame, the last the new frame (formula)",
           Kind.TKR),
    _shown("base", "Osynlig bas", "chart helper: where the step's bar starts, tkr", Kind.TKR, role=Role.FORMULA),
    _shown("frame_bar", "Ram", "chart helper: the frame bars, tkr", Kind.TKR, role=Role.FORMULA),
    _shown("increase", "Ökning", "chart helper: an increase, tkr", Kind.TKR, role=Role.FORMULA),
    _shown("decrease", "Minskning", "chart helper: a decrease, tkr", Kind.TKR, role=Role.FORMULA),
), End(rows=WATERFALL_STEPS))
CHART_ANCHOR, CHART_ROWS = "A19", 18
EXPLANATION = Table("förklaring", 39, (
    _shown("item", "Post", "last year's frame, a change, a sum or the new frame", Kind.TEXT),
    _shown("rule", "Regel", "the rule in words", Kind.TEXT),
    _shown("amount", "{år}", "tkr; sums, the new frame and later years' openings are formulas", Kind.TKR,
           per_year=True),
), End(NEW_FRAME_LABEL, inclusive=True))

BUDGET_TABLE = Table("budget", 5, (
    _text_input("activity", "Verksamhet", "the activity (verksamhet); prefilled from the planning workbook",
                width=36),
    _input("costs", "Kostnader {år}", "gross costs, tkr, positive", Kind.TKR, NON_NEGATIVE, per_year=True),
    _input("revenues", "Intäkter {år}", "revenues, tkr, positive", Kind.TKR, NON_NEGATIVE, per_year=True),
    _shown("net", "Netto {år}", "net cost = costs − revenues, tkr (formula)", Kind.TKR, per_year=True,
           role=Role.FORMULA),
), End(SUM_LABEL), blank_rows=3, totals=(SUM_LABEL, "Preliminär ram", "Differens mot ram"))


def _requests(focus_list: bool) -> Table:
    focus = (_input("focus_area", "Fokusområde", "the focus area (list from the planning workbook)", Kind.TEXT,
                    FOCUS_AREA, width=20) if focus_list
             else _text_input("focus_area", "Fokusområde", "the focus area (free text: the municipality has none)",
                              width=20))
    return Table("äskanden", 4, (
        _text_input("title", "Äskande", "a short name of the request"),
        _text_input("description", "Beskrivning", "what the money is for", width=40),
        _input("amount", "Belopp {år} (tkr)", "the amount requested for the year, tkr, signed as it changes the frame",
               Kind.TKR, AMOUNT, per_year=True),
        _input("kind", "Typ", "the type, one of the decision types", Kind.TEXT, KIND, width=18),
        _input("duration", "Varaktighet", "Permanent or Engångs", Kind.TEXT, DURATION, width=14),
        focus,
        _text_input("reason", "Skäl", "why the committee asks for it", width=40),
        _text_input("consequence", "Konsekvens om äskandet inte beviljas", "what happens without it", width=40),
        _input("priority", "Prioritet", "the committee's priority, 1 = most important", Kind.WHOLE, PRIORITY,
               width=10),
    ), End(SUM_LABEL), blank_rows=6, totals=(SUM_LABEL,))


MEASURES_TABLE = Table("åtgärder", 4, (
    _text_input("measure", "Åtgärd", "what the committee does to stay within the frame"),
    _text_input("consequence", "Beskrivning och konsekvens", "what it means for the activity", width=50),
    _input("effect", "Effekt {år} (tkr)", "how much it lowers the net cost, tkr, positive", Kind.TKR,
           NON_NEGATIVE, per_year=True),
    _input("in_budget", "Ingår i budgeten", "Ja if the measure is already in the sheet Budget", Kind.TEXT,
           IN_BUDGET, width=16),
), End(SUM_LABEL), blank_rows=6, totals=(SUM_LABEL,))

VOLUMES_TABLE = Table("volymer", 4, (
    _shown("group", "Volymgrupp", "the volume group", Kind.TEXT, width=30),
    _shown("ages", "Åldrar", "the ages it counts, as text", Kind.TEXT, width=12),
    _shown("weight", "Vikt", "volume per inhabitant in those ages", Kind.NUMBER, width=8),
    _shown("year", "År", "the year", Kind.YEAR, width=8),
    _shown("forecast", "Volym enligt prognos", "weight × population (forecast), rounded to 2 decimals",
           Kind.NUMBER, width=16),
    _shown("price", "Prislapp (kr)", "the price per volume unit for the year, kr", Kind.KR, width=14),
    _input("own", "Nämndens bedömning", "the committee's own estimate of the volume", Kind.NUMBER,
           VOLUME_ESTIMATE, width=16),
    _shown("difference", "Skillnad mot prognos", "own estimate − forecast (formula; empty without an estimate)",
           Kind.NUMBER, width=14, role=Role.FORMULA),
    _text_input("comment", "Kommentar", "why the committee's estimate differs", width=50),
), End())

UNITS_TABLE = Table("enheter", 4, (
    _shown("unit", "Enhet", "the unit (Enheter in the planning workbook)", Kind.TEXT, width=30),
    _shown("base", "Grundbelopp", "the unit's base amounts in the budget year, tkr", Kind.TKR, width=14),
    _shown("addition", "Tilläggsbelopp", "its additional amounts, tkr", Kind.TKR, width=14),
    _shown("structural", "Strukturbelopp", "its structural amount, tkr", Kind.TKR, width=14),
    _shown("allocation", "Preliminär tilldelning", "the three together, tkr (rounded so that the units and the "
           "central lines add up to the frame)", Kind.TKR, width=16),
    _input("budget", "Nämndens budget (tkr)", "the committee's budget for the unit in the budget year, tkr",
           Kind.TKR, NON_NEGATIVE, width=16),
    _shown("difference", "Skillnad mot tilldelning", "budget − allocation (formula; empty without a budget)",
           Kind.TKR, width=14, role=Role.FORMULA),
    _text_input("comment", "Kommentar", "why the budget differs from the allocation", width=50),
), End())
"""Resursfördelning (`ramkalk.rules.allocation`): the committee's units with their preliminary allocation in the
budget year, then its central lines (reserve, rest), and the committee's own budget for each row."""

IDENTITY_BLOCK = _facts("identitet", 2, (
    ("committee_code", "Nämndkod", "the committee's code", Kind.TEXT),
    ("committee_name", "Nämnd", "the committee's name", Kind.TEXT),
    MUNICIPALITY,
    BUDGET_YEAR,
    ("year_count", "Antal år", "the budget year and plan years: the number of per-year columns", Kind.WHOLE),
    VERSION,
    TEMPLATE_ID,
    ("generator_version", "Generatorversion", "ramkalk's version", Kind.TEXT),
    ("layout_version", "Layoutversion", "LAYOUT_VERSION", Kind.TEXT),
    ("checksum", "Kontrollsumma", "SHA-256 of the prefilled values (ramkalk.templates.identity)", Kind.TEXT),
    CREATED,
))


@cache
def layout(year_count: int, focus_list: bool = True) -> Layout:
    """The template layout for a budget year and `year_count - 1` plan years."""
    return Layout(LAYOUT_VERSION, year_count, focus_list, (
        SheetLayout(INSTRUCTIONS, blocks=(INFO,), tables=(RATES,), widths=(32, 44, 14, 16, 20, 20)),
        SheetLayout(FRAME, blocks=(FRAME_SUMMARY,), tables=(WATERFALL, EXPLANATION), freeze="A5",
                    print_titles="4:4"),
        SheetLayout(BUDGET, tables=(BUDGET_TABLE,), insert_rows=True, freeze="B6", print_titles="5:5"),
        SheetLayout(REQUESTS, tables=(_requests(focus_list),), insert_rows=True, freeze="B5", print_titles="4:4"),
        SheetLayout(MEASURES, tables=(MEASURES_TABLE,), insert_rows=True, freeze="B5", print_titles="4:4"),
        SheetLayout(VOLUMES, tables=(VOLUMES_TABLE,), freeze="A5", print_titles="4:4"),
        SheetLayout(UNITS, tables=(UNITS_TABLE,), freeze="A5", print_titles="4:4"),
        SheetLayout(LISTS, hidden=True),
        SheetLayout(IDENTITY, blocks=(IDENTITY_BLOCK,), hidden=True),
    ))
