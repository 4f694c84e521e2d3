"""docs/arbetsbok.md stays true to the workbook format and to ramkalk's real messages.

- Every sheet, column header, setting and choice of `ramkalk.schema.tables` is named in
  the doc (each column in its own sheet's section), with "Ja"/"Nej" for required as the code
  has it and "(frivilligt)" on exactly the optional sheets.
- Every example message in a fenced block of the doc (a line starting with
  `planering.xlsx`) is regenerated here by breaking a fresh Exempelstad workbook the way
  the doc says, and must come out verbatim; every validation rule has such an example.
- The worked examples in docs/ramberakning.md (the traditional frame, the arv between the
  models, the balancing requirement, indexation by cost type, Exempelstad's price tags,
  participation, balance and sensitivity, and the budget process: jämför, fastställ, internal
  services, ex-post correction and result rules) have the amounts the code computes, its JSON examples are what `beräkna --json` writes, every JSON key and
  sensitivity scenario is named, and every sheet of the result workbook is described in order.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

import openpyxl
import pytest
from conftest import by_cost_type, population, worked_example
from openpyxl.worksheet.cell_range import MultiCellRange

from ramkalk.calculation import validation, validation_allocation
from ramkalk.calculation.frames import calculate
from ramkalk.calculation.sensitivity import scenarios, sensitivity
from ramkalk.calculation.version_diff import compare
from ramkalk.cli import main
from ramkalk.core.display import format_share
from ramkalk.core.frame import BALANCING, EX_POST, INDEXATION, INTERNAL_SERVICES, RESULT, VOLUME
from ramkalk.core.money import round_krona
from ramkalk.example.municipality import exempelstad
from ramkalk.report.result_workbook import result_book
from ramkalk.report.text_report import frame_json
from ramkalk.rules import surplus
from ramkalk.rules.indexation import other_costs_rate
from ramkalk.rules.revenue_tags import revenue_tag_rows
from ramkalk.schema.cells import AGE_RANGE, RATE_RANGE, WEIGHT_RANGE, YEAR_RANGE
from ramkalk.schema.inputs import (
    AdoptedFrame,
    BalancingRule,
    CentralItem,
    Committee,
    FrameModel,
    IndexYear,
    PlanningData,
    Revenue,
    Settings,
    VolumeGroup,
)
from ramkalk.schema.tables import (
    DECISION_TYPES,
    DURATIONS,
    POPULATION_KINDS,
    SETTINGS,
    SETTINGS_KEY_HEADER,
    SETTINGS_SHEET,
    SETTINGS_VALUE_HEADER,
    TABLES,
    Kind,
)
from ramkalk.workbook import pipeline
from ramkalk.workbook.adoption import adopted_frames
from ramkalk.workbook.writer import write_workbook

DOCS = Path(__file__).resolve().parent.parent / "docs"
ARBETSBOK = DOCS / "arbetsbok.md"
RAMBERAKNING = DOCS / "ramberakning.md"
FILE = "planering.xlsx"  # the file name the doc's examples use

Book = openpyxl.Workbook


def doc() -> str:
    return ARBETSBOK.read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """Level-2 heading -> the text under it (up to the next level-2 heading)."""
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return {part.splitlines()[0]: part for part in parts[1:]}


def section_of(sheet: str) -> str:
    found = [body for heading, body in sections(doc()).items() if f"`{sheet}`" in heading]
    assert len(found) == 1, f"docs/arbetsbok.md ska ha ett avsnitt med bladet `{sheet}` i rubriken"
    return found[0]


def example_lines(text: str) -> list[str]:
    """Lines starting with the example file name inside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced and line.startswith(FILE):
            lines.append(line)
    return lines


# --- The format is documented ------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.sheet)
def test_every_sheet_and_column_is_in_its_section(table):
    section = section_of(table.sheet)
    for column in table.columns:
        assert f"`{column.header}`" in section, f"kolumnen {column.header!r} saknas i avsnittet om {table.sheet}"


def test_settings_sheet_keys_and_values_are_documented():
    section = section_of(SETTINGS_SHEET)
    for header in (SETTINGS_KEY_HEADER, SETTINGS_VALUE_HEADER):
        assert f"`{header}`" in section
    for setting in SETTINGS:
        assert f"`{setting.header}`" in section, f"inställningen {setting.header!r} saknas"
        for choice in setting.choices:
            assert f"`{choice}`" in section


def test_every_choice_is_documented():
    text = doc()
    for column in (c for table in TABLES for c in table.columns if c.choices):
        section = section_of(next(t.sheet for t in TABLES if column in t.columns))
        for choice in column.choices:
            assert f"`{choice}`" in section, f"värdet {choice!r} för {column.header!r} saknas"
    for choice in (*DECISION_TYPES, *DURATIONS, *POPULATION_KINDS):
        assert f"`{choice}`" in text


def table_row(section: str, header: str) -> list[str]:
    """The cells of the doc's table row for `header` in `section`."""
    rows = [line for line in section.splitlines() if line.startswith(f"| `{header}` |")]
    assert len(rows) == 1, f"{header!r} ska ha en rad i tabellen"
    return [cell.strip() for cell in rows[0].strip().strip("|").split("|")]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.sheet)
def test_required_columns_and_optional_sheets_are_as_documented(table):
    heading = next(h for h in sections(doc()) if f"`{table.sheet}`" in h)
    assert ("(frivilligt)" in heading) == table.optional, f"{table.sheet}: frivilligt eller inte?"
    section = section_of(table.sheet)
    for column in table.columns:
        required = table_row(section, column.header)[1]
        assert required.startswith("Ja" if column.required else "Nej"), f"{table.sheet}: {column.header}"


def test_required_settings_are_as_documented():
    section = section_of(SETTINGS_SHEET)
    for setting in SETTINGS:
        required = table_row(section, setting.header)[1]
        assert required.startswith("Ja" if setting.required else "Nej"), setting.header
        if setting.kind is Kind.MONTH:
            assert "(1–12)" in table_row(section, setting.header)[3]


def test_cost_structure_shares_are_of_the_costs_other_than_personnel():
    section = section_of("Kostnadsstruktur")
    assert "**utöver personalkostnaderna**" in section
    assert "`Personalkostnadsandel`" in section
    assert "summerar till exakt 100 %" in section


def test_ranges_are_the_ones_the_code_enforces():
    text = doc()
    for low, high in (YEAR_RANGE, AGE_RANGE, (int(WEIGHT_RANGE[0]), int(WEIGHT_RANGE[1])), (0, 20)):
        assert f"({low}–{high})" in text
    low, high = (int(r * 100) for r in RATE_RANGE)
    assert f"−{-low} % till {high} %" in text


# --- The example messages are real ----------------------------------------------------------


def clear_rows(book: Book, sheet: str, keep: Callable[[tuple], bool]) -> None:
    """Empty every data row of `sheet` whose values match `keep` (ramkalk skips empty rows)."""
    ws = book[sheet]
    for row in ws.iter_rows(min_row=2):
        if keep(tuple(c.value for c in row)):
            for cell in row:
                cell.value = None


def setter(sheet: str, cell: str, value: object) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        book[sheet][cell] = value
    return change


def appender(sheet: str, values: list) -> Callable[[Book], None]:
    return lambda book: book[sheet].append(values)


def rename(book: Book) -> None:
    book["Index"].title = "Indexserier"


def set_where(sheet: str, match: Callable[[tuple], bool], column: int, value: object) -> Callable[[Book], None]:
    """Set `column` (1 = A) of the one data row of `sheet` whose values match."""
    def change(book: Book) -> None:
        ws = book[sheet]
        rows = [row for row in ws.iter_rows(min_row=2) if match(tuple(c.value for c in row))]
        assert len(rows) == 1, f"{sheet}: {len(rows)} rader matchar"
        rows[0][column - 1].value = value
    return change


def setting(key: str, value: object) -> Callable[[Book], None]:
    return set_where("Inställningar", lambda v: v[0] == key, 2, value)


# Balansandel per committee in Exempelstad's order (KS, FSN, GSN, GYN, VÄN, SON, IFO, KFN,
# SBN, TN, MSN); they add up to 100 %.
SHARES = (0.06, 0.12, 0.22, 0.08, 0.21, 0.14, 0.07, 0.03, 0.02, 0.04, 0.01)


def fixed_shares(**changed: float | None) -> Callable[[Book], None]:
    """Balanseringskrav = Fasta andelar with SHARES in Nämnder!F, some of them changed by code."""
    def change(book: Book) -> None:
        settings = book["Inställningar"]
        row = next(c.row for c in settings["A"] if c.value == "Balanseringskrav")
        settings.cell(row=row, column=2, value="Fasta andelar")
        committees = book["Nämnder"]
        for row, share in enumerate(SHARES, start=2):
            code = committees.cell(row=row, column=1).value
            committees.cell(row=row, column=6, value=changed.get(code, share))
    return change


def _sheet(book: Book, name: str, headers: list, row: list) -> None:
    """An optional sheet Exempelstad has none of, with one row."""
    ws = book.create_sheet(name)
    ws.append(headers)
    ws.append(row)


def _parts_sheet(book: Book, row: list) -> None:
    """The optional sheet Ramdelar (Exempelstad has none) with one row."""
    ws = book.create_sheet("Ramdelar")
    ws.append(["Nämnd", "Del", "Belopp", "Uppräkning", "Effektivisering", "Kostnadsslag"])
    ws.append(row)


def _rates_sheet(book: Book, row: list) -> None:
    """The optional sheet Nämndsatser (Exempelstad has none) with one row."""
    ws = book.create_sheet("Nämndsatser")
    ws.append(["Nämnd", "År", "Effektiviseringskrav"])
    ws.append(row)


@dataclass(frozen=True)
class Breakage:
    """A way to break the example workbook, and the validation rule it shows (if any)."""

    name: str
    change: Callable[[Book], None] | None  # None: the file does not exist
    rule: Callable | None = None


V = validation
VA = validation_allocation
BREAKAGES = (
    Breakage("filen finns inte", None),
    Breakage("blad saknas", rename),
    Breakage("kolumn saknas", setter("Index", "B1", "Lön")),
    Breakage("inställningarnas rubriker", setter("Inställningar", "A1", "Parameter")),
    Breakage("inställning saknas", lambda b: clear_rows(b, "Inställningar", lambda v: v[0] == "Budgetår")),
    Breakage("inställning två gånger", appender("Inställningar", ["Budgetår", 2028])),
    Breakage("okänd inställning", appender("Inställningar", ["Valuta", "SEK"])),
    Breakage("tom cell", setter("Nämnder", "C4", None)),
    Breakage("inte ett tal", setter("Index", "C4", "tre")),
    Breakage("belopp med enhet", setter("Beslut", "C2", "12 mnkr")),
    Breakage("inte ett heltal", setter("Volymgrupper", "C2", 2.5)),
    Breakage("år utanför", setter("Index", "A2", 1800)),
    Breakage("ålder utanför", setter("Volymgrupper", "D7", 150)),
    Breakage("planår utanför", setter("Inställningar", "B4", 25)),
    Breakage("procent utan procenttecken", setter("Index", "B4", 3.4)),
    Breakage("tal som text", setter("Beslut", "C2", "12 000")),
    Breakage("procent som text", setter("Index", "B4", "3,4 %")),
    Breakage("felvärde", setter("Ramar", "D3", "#N/A")),  # (openpyxl writes an error code as an error cell)
    Breakage("formel utan sparat värde", setter("Beslut", "G3", '=A3&" utökning"')),
    Breakage("orimligt belopp", setter("Ramar", "C2", 4.1e15)),
    Breakage("kolumn två gånger", setter("Ramar", "F1", "Ram")),
    Breakage("nästan rätt rubrik", setter("Ramar", "D1", "Varav engångs (kr)")),
    Breakage("okänd kolumn", setter("Beslut", "J1", "Ansvarig")),
    Breakage("nästan rätt inställning", appender("Inställningar", ["Antal planar", 3])),
    Breakage("blad med nästan samma namn", lambda b: b.create_sheet("Index ")),
    Breakage("sammanfogade celler", lambda b: b["Beslut"].merge_cells("F2:G2")),
    Breakage("vikt utanför", setter("Volymgrupper", "E6", 11)),
    Breakage("negativ prislapp", setter("Volymgrupper", "F2", -165000)),
    Breakage("okänd beslutstyp", setter("Beslut", "D2", "Investering")),
    Breakage("okänd varaktighet", setter("Beslut", "E2", "Tillfällig")),
    Breakage("okänd befolkningstyp", setter("Befolkning", "D2", "Verklig")),
    Breakage("okänd enhet", setter("Inställningar", "B5", "mnkr")),
    Breakage("varken ja eller nej", setter("Nämnder", "D7", "Kanske")),
    Breakage("okänd modell", setter("Nämnder", "E3", "Prislappsmodell")),
    Breakage("okänd volymdefinition", setter("Volymgrupper", "I2", "Medelvärde")),
    Breakage("okänd effektiviseringsbas", setter("Inställningar", "B6", "Uppräknad bas")),
    Breakage("okänt balanseringskrav", setter("Inställningar", "B7", "Ja")),
    Breakage("balansandel utanför", setter("Nämnder", "F2", 6)),
    Breakage("månad utanför", setting("Lönerevision (månad)", 13)),
    Breakage("PO-pålägg utan procenttecken", set_where("Index", lambda v: v[0] == 2027 and v[6] is None, 5, 40.15)),
    Breakage("andel som deltar utanför", set_where("Deltagande", lambda v: v[2] == 2027, 4, 93.1)),
    Breakage("nämnd två gånger", appender("Nämnder", ["GSN", "Grundskolenämnden", 0.7, "Ja"]), V.duplicate_rows),
    Breakage("befolkning två gånger", appender("Befolkning", [2027, 40, 5, "Prognos"]), V.duplicate_rows),
    Breakage("okänd nämnd", setter("Beslut", "A2", "GRN"), V.unknown_committees),
    Breakage("index saknas", lambda b: clear_rows(b, "Index", lambda v: v[0] == 2030), V.missing_index_years),
    Breakage("ram saknas", lambda b: clear_rows(b, "Ramar", lambda v: v[:2] == ("MSN", 2026)),
             V.missing_previous_frames),
    Breakage("ram för beräknat år", appender("Ramar", ["KS", 2027, 412_000_000, 0]), V.frames_in_computed_years),
    Breakage("befolkningsår saknas", lambda b: clear_rows(b, "Befolkning", lambda v: v[0] == 2030),
             V.population_coverage),
    Breakage("åldrar saknas", lambda b: clear_rows(b, "Befolkning", lambda v: v[0] == 2027 and v[1] in (50, 51, 52, 60)),
             V.population_coverage),
    Breakage("åldrar omvända", setter("Volymgrupper", "D3", 4), V.volume_group_ages),
    Breakage("åldrar överlappar", setter("Volymgrupper", "C4", 6), V.volume_group_ages),
    Breakage("prisår efter budgetår", setter("Volymgrupper", "G2", 2028), V.volume_group_price_years),
    Breakage("grupp utan automatisk volym", setter("Nämnder", "D3", "Nej"), V.volume_groups_without_automatic_volume),
    Breakage("beslut utanför åren", setter("Beslut", "B2", 2031), V.decisions_outside_years),
    Breakage("besparing med positivt belopp", setter("Beslut", "C4", 6_000_000), V.savings_with_positive_amount),
    Breakage("engångs större än ramen", setter("Ramar", "D2", 500_000_000), V.one_offs_larger_than_frames),
    Breakage("belopp med öre", setter("Beslut", "C3", 1_500_000.5), V.amounts_with_ore),
    Breakage("okänt fokusområde", setter("Beslut", "F3", "Skola"), V.unknown_focus_areas),
    Breakage("grupp över högsta åldern", appender("Volymgrupper", ["VÄN", "Äldreomsorg 105+", 105, 110, 3, 95000, 2026, 1]),
             V.volume_groups_beyond_population),
    Breakage("intäktslapp med omvända åldrar", setter("Intäktslappar", "D3", 4), V.revenue_tag_ages),
    Breakage("intäkter saknas för balansering", lambda b: clear_rows(b, "Intäkter", lambda v: v[0] == 2030),
             V.balancing_needs_revenues),
    Breakage("balansandel saknas", fixed_shares(MSN=None), V.balance_shares),
    Breakage("balansandelar inte 100 %", fixed_shares(MSN=0.06), V.balance_shares),
    Breakage("intäkter två gånger", appender("Intäkter", [2028, 5_540_000_000, 2_062_000_000, -44_000_000, 0.02]),
             V.duplicate_rows),
    Breakage("central post två gånger", appender("Centrala poster", [2027, "pensionskostnader", 5_000_000]),
             V.duplicate_rows),
    Breakage("kostnadsindex två gånger", appender("Kostnadsindex", [2028, "hyror", 0.027, "SKR cirkulär 26:12"]),
             V.duplicate_rows),
    Breakage("deltagande två gånger", appender("Deltagande", ["FSN", "Förskola", 2028, 0.94]), V.duplicate_rows),
    Breakage("okänd nämnd i kostnadsstrukturen",
             set_where("Kostnadsstruktur", lambda v: v[:2] == ("TN", "Entreprenader"), 1, "TK"), V.unknown_committees),
    Breakage("teknisk ram större än ramen", set_where("Ramar", lambda v: v[:2] == ("FSN", 2026), 5, 900_000_000),
             V.one_offs_larger_than_frames),
    Breakage("intäkt med öre", set_where("Intäkter", lambda v: v[0] == 2027, 4, -41_000_000.25), V.amounts_with_ore),
    Breakage("balansandel som inte används", setter("Nämnder", "F2", 0.06), V.balance_shares_unused),
    Breakage("kostnadsstruktur inte 100 %", set_where("Kostnadsstruktur", lambda v: v[:2] == ("TN", "Övrigt"), 3, 0.2),
             V.cost_structure_shares),
    Breakage("ökning saknas för kostnadsslag", lambda b: clear_rows(b, "Kostnadsindex", lambda v: v[:2] == (2030, "Hyror")),
             V.missing_cost_rates),
    Breakage("index för året före saknas", lambda b: clear_rows(b, "Index", lambda v: v[0] == 2026),
             V.wage_carry_over_needs_last_year),
    Breakage("PO-pålägg saknas", set_where("Index", lambda v: v[0] == 2028, 5, None), V.wage_carry_over_needs_last_year),
    Breakage("okänd grupp i Deltagande", set_where("Deltagande", lambda v: v[2] == 2026, 2, "Förskolan"),
             V.unknown_participation_groups),
    # The budget process (#9): versions, internal services, outcomes, result rules, ex-post correction.
    Breakage("okänd version", set_where("Beslut", lambda v: v[7] == "November", 8, "Juli"), V.version_names),
    Breakage("scenario från okänd version", setter("Versioner", "B2", "December"), V.version_names),
    Breakage("scenario med processversionens namn", setter("Versioner", "A2", "Oktober"), V.version_names),
    Breakage("scenarier i cirkel", lambda b: (b["Versioner"].append(["Lägre priser", "Högre löner"]),
                                            setter("Versioner", "B2", "Lägre priser")(b)), V.version_names),
    Breakage("index två gånger i en version",
             appender("Index", [2027, 0.034, 0.024, 0.0075, 0.4015, "KS 2026-10-12 § 140", "Oktober"]),
             V.duplicate_rows),
    Breakage("prognos två gånger", appender("Befolkning", [2025, 40, 5, "Prognos", 2024]), V.duplicate_rows),
    Breakage("scenario två gånger", appender("Versioner", ["Högre löner", "Oktober"]), V.duplicate_rows),
    Breakage("intern tjänst två gånger", appender("Interna tjänster", ["GSN", "IT", 38_000_000, "Index"]),
             V.duplicate_rows),
    Breakage("internpris två gånger", appender("Internpriser", ["IT", 2027, 0.05]), V.duplicate_rows),
    Breakage("utfall två gånger", appender("Utfall", ["GSN", 2025, 1_400_000_000]), V.duplicate_rows),
    Breakage("internpris saknas", lambda b: clear_rows(b, "Internpriser", lambda v: v[:2] == ("Lokaler", 2030)),
             V.missing_internal_prices),
    Breakage("utfall för beräknat år", appender("Utfall", ["KS", 2027, 412_000_000]), V.outcomes_in_computed_years),
    Breakage("utfall utan ram", lambda b: clear_rows(b, "Ramar", lambda v: v[:2] == ("GSN", 2025)),
             V.outcomes_without_frames),
    Breakage("återföringsår noll", set_where("Nämnder", lambda v: v[0] == "GSN", 8, 0), V.result_rule_settings),
    Breakage("resultattak som inte används", set_where("Nämnder", lambda v: v[0] == "VÄN", 9, 10_000_000),
             V.result_rule_settings),
    Breakage("prognos för efterhandsjustering saknas",
             lambda b: clear_rows(b, "Befolkning", lambda v: v[4] == 2024), V.ex_post_without_forecast),
    # The frame rules of published budgets (#23).
    Breakage("nämndsatser för ett år som inte beräknas", lambda b: _rates_sheet(b, ["KS", 2031, 0.0]),
             V.committee_rates_rows),
    Breakage("volymmått saknas", lambda b: _sheet(b, "Volymdrivare", ["Nämnd", "Mått", "Drivare", "Pris per enhet",
                                                                   "Prisår"], ["TN", "Väg km", "Eget mått", 40_000, 2027]),
             V.volume_driver_rules),
    Breakage("standardkostnad för ett år som inte beräknas", appender("Standardkostnader", ["FSN", "Förskola", 2031, 9_050]),
             V.standard_cost_rules),
    Breakage("ramdel utan kostnadsslag", lambda b: _parts_sheet(b, ["KS", "Bidrag", 5_000_000, "Kostnadsslag", "Nej"]),
             V.frame_parts_rules),
    Breakage("revisionsmånad med helår", lambda b: [set_where("Index", lambda v: v[0] == 2028, column, value)(b)
                                                    for column, value in ((8, 4), (9, "Helår"))],
             V.revision_month_with_full_year),
    Breakage("till år före år", setter("Beslut", "I3", 2026), V.time_limited_decisions),
    Breakage("till år med permanent", setter("Beslut", "I7", 2028), V.time_limited_decisions),
    # Resursfördelning to units (#24): Enheter, Fördelning, Fördelningsbelopp, Enhetsvolymer.
    Breakage("enhet två gånger", appender("Enheter", ["GSN", "Norrskolan", 92]), VA.allocation_duplicates),
    Breakage("okänd nämnd i Fördelning", setter("Fördelning", "A2", "GRN"), VA.unknown_allocation_committees),
    Breakage("okänd enhet i Enhetsvolymer", set_where("Enhetsvolymer", lambda v: v[1:5] == (
        "Norrskolan", "Förskoleklass", 2027, 1), 2, "Norra skolan"), VA.unknown_units),
    Breakage("okänd kategori i Enhetsvolymer", set_where("Fördelningsbelopp", lambda v: v[1] == "Nyanlända elever", 2,
                                                         "Nyanlända"), VA.unknown_categories),
    Breakage("okänd volymgrupp i Fördelningsbelopp", set_where("Fördelningsbelopp", lambda v: v[1] == "Förskoleklass",
                                                               6, "Förskoleklassen"), VA.unknown_allocation_groups),
    Breakage("strukturbelopp två gånger", setter("Fördelning", "C2", 300), VA.allocation_rule_settings),
    Breakage("tillägg utan belopp", set_where("Fördelningsbelopp", lambda v: v[1] == "Nyanlända elever", 4, None),
             VA.allocation_rule_settings),
    Breakage("strukturindex utanför skalan", set_where("Enheter", lambda v: v[1] == "Söderskolan", 3, 250),
             VA.unit_indexes),
    Breakage("enhet utan volym", appender("Enheter", ["GSN", "Hagaskolan", 100]), VA.unit_volumes_complete),
    Breakage("månader saknas", lambda b: clear_rows(b, "Enhetsvolymer", lambda v: v[1:3] == (
        "Österskolan", "Grundskola åk 7–9") and v[4] in (4, 5, 6, 11)), VA.unit_volumes_complete),
    Breakage("okänd kompensation", set_where("Interna tjänster", lambda v: v[:2] == ("VÄN", "Måltider"), 4, "Delvis")),
    Breakage("okänd resultatregel", set_where("Nämnder", lambda v: v[0] == "KFN", 7, "Sparas")),
)


@dataclass(frozen=True)
class Outcome:
    lines: tuple[str, ...]  # every problem as `ramkalk kontrollera` prints it, file renamed to FILE
    rule_lines: tuple[str, ...]  # the problems the breakage's rule alone gives


def as_printed(problem: object, path: Path) -> str:
    """The problem as printed, file renamed to FILE; the no-break spaces of amounts
    ("1 500 000") are written as plain spaces in the doc."""
    text = str(problem)
    assert text.startswith(str(path))
    return (FILE + text[len(str(path)):]).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exempel") / "exempelstad.xlsx"
    write_workbook(exempelstad(), path)
    return path


@contextmanager
def changed(book: Book, change: Callable[[Book], None]) -> Iterator[Book]:
    """`book` with `change` made, and afterwards as it was: every sheet, title, cell value and
    merged range put back. The breakages only set and append cells, rename, add a sheet and
    merge cells, and this undoes each; loading Exempelstad's workbook afresh for each of them
    took half the time of `outcomes` (which checks at the end that the book saves as it did)."""
    sheets = list(book._sheets)
    state = [(ws, ws.title, dict(ws._cells), [(c, c._value, c.data_type) for c in ws._cells.values()],
              ws._current_row, [str(r) for r in ws.merged_cells.ranges]) for ws in sheets]
    try:
        change(book)
        yield book
    finally:
        book._sheets[:] = sheets
        for ws, title, cells, values, current_row, merged in state:
            ws.title, ws._cells, ws._current_row = title, cells, current_row
            for cell, value, data_type in values:
                cell._value, cell.data_type = value, data_type
            ws.merged_cells = MultiCellRange(merged)


def saved_parts(book: Book) -> dict[str, bytes]:
    """The parts of `book` as saved, but the document properties (they hold the time of saving)."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}


@pytest.fixture(scope="module")
def outcomes(example_workbook, tmp_path_factory) -> dict[str, Outcome]:
    results = {}
    book = openpyxl.load_workbook(example_workbook)
    saved_parts(book)  # (the first save adds defaults such as outlineLevelCol="0" to the book)
    before = saved_parts(book)
    for number, breakage in enumerate(BREAKAGES):
        path = tmp_path_factory.mktemp(f"trasig{number}") / FILE
        if breakage.change is not None:
            with changed(book, breakage.change):
                book.save(path)
        checked = pipeline.check_file(path)
        rule_lines = ()
        if breakage.rule is not None:  # on every row read (all versions), as read_workbook gives them
            rule_lines = tuple(as_printed(p, path) for p in breakage.rule(checked.workbook))
        results[breakage.name] = Outcome(tuple(as_printed(p, path) for p in checked.problems), rule_lines)
    assert saved_parts(book) == before, "en ändring av exempelarbetsboken togs inte bort efter sig"
    return results


def test_the_example_workbook_itself_has_no_problems(example_workbook):
    assert pipeline.check_file(example_workbook).problems == ()


def test_the_doc_has_examples_in_fenced_blocks():
    assert len(example_lines(doc())) >= 30


def test_every_example_message_in_the_doc_is_what_ramkalk_prints(outcomes):
    printed = {line for outcome in outcomes.values() for line in outcome.lines}
    invented = [line for line in example_lines(doc()) if line not in printed]
    assert not invented, "meddelanden i docs/arbetsbok.md som ramkalk inte skriver:\n" + "\n".join(invented)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.name)
def test_every_breakage_is_quoted_in_the_doc(outcomes, breakage):
    outcome = outcomes[breakage.name]
    assert outcome.lines, f"{breakage.name}: ramkalk hittade inget problem"
    assert set(outcome.lines) & set(example_lines(doc())), (
        f"{breakage.name}: inget av meddelandena finns i docs/arbetsbok.md:\n" + "\n".join(outcome.lines))


def test_every_validation_rule_has_an_example_it_really_gives(outcomes):
    quoted = set(example_lines(doc()))
    for rule in validation.RULES:
        shown = [line for b in BREAKAGES if b.rule is rule for line in outcomes[b.name].rule_lines if line in quoted]
        assert shown, f"regeln {rule.__name__} saknar ett exempel i docs/arbetsbok.md (Kontroller)"


def test_the_cli_prints_the_same_line(small_workbook, tmp_path, capsys):
    """Any workbook will do: Småby's (tests/small_workbook.py) has Index's 2027 in row 4 as Exempelstad's has."""
    book = openpyxl.load_workbook(small_workbook)
    book["Index"]["C4"] = "tre"
    path = tmp_path / FILE
    book.save(path)
    assert main(["kontrollera", str(path)]) == 1
    first = as_printed(capsys.readouterr().out.splitlines()[0], path)
    assert first == 'planering.xlsx:Index!C4: väntade ett tal (prisökning), fick "tre"'
    assert first in example_lines(doc())


# --- The worked example of ramberakning.md --------------------------------------------------


def spaced(amount: Decimal) -> str:
    return f"{abs(int(amount)):,}".replace(",", " ")


def test_worked_example_amounts_are_in_ramberakning():
    text = RAMBERAKNING.read_text(encoding="utf-8")
    frames = pipeline.calculate(pipeline.check_data(worked_example(plan_years=1)))
    for frame in frames:
        assert spaced(frame.total) in text, f"ram {frame.year} = {spaced(frame.total)} saknas"
        for key, amount in frame.components().items():
            if amount:
                assert spaced(amount) in text, f"{key} {frame.year} = {spaced(amount)} saknas"
    assert "2 024 660 000" in text


# --- The price-tag model, the balance and the results in ramberakning.md --------------------


def ramberakning() -> str:
    return RAMBERAKNING.read_text(encoding="utf-8")


def two_models(technical: int | None, tag_efficiency: bool = True) -> PlanningData:
    """The arv example of ramberakning.md: one group, 8 000 → 8 100 pupils, index 3 % − 1 %; with the
    efficiency requirement on the price tags or not (Effektivisering av prislappar)."""
    return PlanningData(
        settings=Settings("Exempel", 2026, 1, price_tag_efficiency=tag_efficiency),
        committees=(Committee("GSN", "Grundskolenämnden", Decimal("0.5")),),
        index=tuple(IndexYear(y, Decimal("0.04"), Decimal("0.02"), Decimal("0.01")) for y in (2026, 2027)),
        frames=(AdoptedFrame("GSN", 2025, Decimal(1_000_000_000), Decimal(0),
                             None if technical is None else Decimal(technical)),),
        population=population({2025: {(6, 15): 8_000}, 2026: {(6, 15): 8_100}, 2027: {(6, 15): 8_100}}),
        volume_groups=(VolumeGroup("GSN", "Grundskola", 6, 15, Decimal(1), Decimal(100_000), 2026, Decimal(1)),),
    )


def test_arv_example_amounts_are_in_ramberakning():
    text = ramberakning()
    for tag_efficiency in (True, False):
        with_technical = calculate(two_models(200_000_000, tag_efficiency))
        for year in (2026, 2027):
            traditional = with_technical.frame("GSN", year, FrameModel.TRADITIONAL)
            price_tag = with_technical.frame("GSN", year, FrameModel.PRICE_TAG)
            for amount in (traditional.total, price_tag.total, traditional.total - price_tag.total,
                           price_tag.carried_forward, *price_tag.components().values()):
                assert spaced(amount) in text, f"{year}: {spaced(amount)} saknas"
        first = with_technical.frame("GSN", 2026, FrameModel.TRADITIONAL)
        assert all(spaced(a) in text for a in first.components().values() if a)
        without = calculate(two_models(None, tag_efficiency))
        price_tag = without.frame("GSN", 2026, FrameModel.PRICE_TAG)
        arv = without.frame("GSN", 2026, FrameModel.TRADITIONAL).total - price_tag.total
        for amount in (price_tag.total, arv, *price_tag.components().values()):
            assert spaced(amount) in text, f"utan teknisk ram: {spaced(amount)} saknas"
        assert f"−{spaced(arv)} kr" in text if arv else "arvet är 0" in text


def three_committees(rule: BalancingRule, shares: tuple) -> PlanningData:
    """The balancing example of ramberakning.md: frames 100, 600 and 300,000001 mnkr, no change."""
    frames = {"KS": 100_000_000, "GSN": 600_000_000, "VÄN": 300_000_001}
    return PlanningData(
        settings=Settings("Exempel", 2026, 0, balancing=rule),
        committees=tuple(Committee(code, code, Decimal("0.5"), False, balance_share=share)
                         for code, share in zip(frames, shares)),
        index=(IndexYear(2026, Decimal(0), Decimal(0), Decimal(0)),),
        frames=tuple(AdoptedFrame(code, 2025, Decimal(frame)) for code, frame in frames.items()),
        revenues=(Revenue(2026, Decimal(700_000_000), Decimal(330_000_000), Decimal(-5_000_000), Decimal("0.02")),),
        central_items=(CentralItem(2026, "Pensioner", Decimal(12_345_678)),),
    )


@pytest.mark.parametrize("rule, shares", [
    (BalancingRule.SHARES, (Decimal("0.2"), Decimal("0.5"), Decimal("0.3"))),
    (BalancingRule.PRO_RATA, (None, None, None)),
])
def test_balancing_example_amounts_are_in_ramberakning(rule, shares):
    text = ramberakning()
    data = three_committees(rule, shares)
    assert validation.validate(data) == ()
    calculation = calculate(data)
    balance = calculation.balances[0]
    assert balance.gap == 0
    for line in balance.room.lines:
        assert spaced(line.amount) in text, f"{line.label} {spaced(line.amount)} saknas"
    assert spaced(balance.room.total) in text
    assert spaced(balance.balancing) in text  # the gap, distributed
    for frame in calculation.frames:
        assert f"−{spaced(frame.component(BALANCING))}" in text, f"krav för {frame.committee} saknas"


def test_exempelstad_amounts_in_ramberakning_are_computed():
    text = ramberakning()
    calculation = calculate(exempelstad())
    fsn = calculation.frame("FSN", 2027)
    assert fsn.model == "prislapp"
    for amount in (fsn.total, fsn.carried_forward, *fsn.components().values()):
        assert spaced(amount) in text
    gsn = (calculation.frame("GSN", 2027, FrameModel.TRADITIONAL).total
           - calculation.frame("GSN", 2027, FrameModel.PRICE_TAG).total)
    assert f"−{spaced(gsn)} kr" in text
    balances = {b.year: b for b in calculation.balances}
    assert [y for y, b in balances.items() if b.balancing] == [2028, 2029, 2030]
    for year in (2028, 2029):
        for amount in (balances[year].frames - balances[year].balancing, balances[year].room.total,
                       balances[year].balancing):
            assert spaced(amount) in text, f"balans {year}: {spaced(amount)} saknas"
    assert spaced(balances[2030].balancing) in text
    fsn_2029 = calculation.frame("FSN", 2029)
    for amount in (fsn_2029.total, fsn_2029.component(BALANCING),
                   calculation.frame("FSN", 2029, FrameModel.PRICE_TAG).total):
        assert spaced(amount) in text
    tag = next(r for r in revenue_tag_rows(calculation.lookups) if (r.name, r.year) == ("Barn 0–5 år", 2027))
    for amount in (tag.inhabitants, tag.per_inhabitant, tag.revenue, tag.costs):
        assert spaced(amount) in text
    indexation = next(line for line in fsn.lines if line.component == INDEXATION)
    for line in indexation.details:  # Uppräkning per kostnadsslag: FSN's parts
        assert spaced(line.amount) in text, f"{line.label} {spaced(line.amount)} saknas"


def test_exempelstad_participation_example_is_computed():
    """Deltagande och förändrad efterfrågan: FSN's preschool 2027 in both models."""
    text = ramberakning()
    calculation = calculate(exempelstad())
    lookups, group = calculation.lookups, next(g for g in exempelstad().volume_groups if g.name == "Förskola")
    traditional = calculation.frame("FSN", 2027, FrameModel.TRADITIONAL)
    volume = next(line for line in traditional.lines if line.component == VOLUME)
    assert [d.label.split(": ")[-1] for d in volume.details] == ["demografi", "förändrad efterfrågan"]
    for amount in (volume.amount, *(d.amount for d in volume.details)):
        assert spaced(amount) in text, f"volym {spaced(amount)} saknas"
    tags = calculation.frame("FSN", 2027, FrameModel.PRICE_TAG).components()
    assert tags["prislapp Förskola: förändrad efterfrågan"] == volume.details[1].amount
    assert spaced(tags["prislapp Förskola"] + tags["prislapp Förskola: förändrad efterfrågan"]) in text
    for year in (2026, 2027):
        persons = f"{lookups.persons(group, year):,.1f}".replace(",", " ").replace(".", ",")
        share = f"{lookups.weight(group, year) * 100:.1f}".replace(".", ",")
        assert persons in text and f"{share} %" in text
    price = f"{lookups.price(calculation.data.committee('FSN'), group, 2027):,.2f}".replace(",", " ").replace(".", ",")
    assert price in text


def test_cost_type_example_amounts_are_in_ramberakning():
    section = sections(ramberakning())["Uppräkning per kostnadsslag"]
    data = by_cost_type()
    assert validation.validate(data) == ()
    calculation = calculate(data)
    first, second = (calculation.frame("VÄN", year) for year in (2026, 2027))
    line = next(line for line in first.lines if line.component == INDEXATION)
    assert len(line.details) == 7 and line.amount == sum(d.amount for d in line.details)
    for detail in line.details:
        label = detail.label.removeprefix("Uppräkning: ")
        assert f"| {label} |" in section and f"| {spaced(detail.amount)} |" in section, label
    assert f"**{spaced(line.amount)}**" in section and spaced(first.total) in section
    assert spaced(line.amount) == "3 475 683"
    later = {d.label: d.amount for d in next(x for x in second.lines if x.component == INDEXATION).details}
    for label in ("Uppräkning: Årets löneökning (9/12)", "Uppräkning: Överhäng av föregående års löneökning (3/12)"):
        assert spaced(later[label]) in section, label
    plain = dataclasses.replace(data, settings=dataclasses.replace(data.settings, pay_revision_month=1),
                                index=tuple(dataclasses.replace(r, payroll_overhead=None) for r in data.index),
                                cost_structure=())
    assert spaced(calculate(plain).frame("VÄN", 2026).component(INDEXATION)) in section
    index = calculation.lookups.blended_index(data.committees[0], 2026)
    assert f"{index * 100:.6f}".replace(".", ",") + " %" in section
    price = f"{Decimal(100_000) * (1 + index):,.2f}".replace(",", " ").replace(".", ",")
    assert f"{price} kr" in section


def json_blocks(text: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)]


def test_json_examples_in_ramberakning_are_what_beräkna_writes():
    blocks = json_blocks(ramberakning())
    worked = pipeline.calculate_all(pipeline.check_data(worked_example(plan_years=1)))
    example = calculate(exempelstad())
    assert blocks == [frame_json(worked.frame("GSN", 2026)), frame_json(example.frame("FSN", 2027), example)]
    balanced = frame_json(example.frame("FSN", 2029), example)  # price tags, balancing and comparison
    keys = {*balanced, *balanced["jämförelse"], *balanced["komponenter"]} - {"prislapp Förskola"}
    for key in keys:
        assert f"`{key}`" in ramberakning(), f"nyckeln {key!r} saknas"


def test_sensitivity_scenarios_and_json_keys_are_in_ramberakning(example_workbook, capsys):
    text = ramberakning()
    for scenario in scenarios(exempelstad()):
        if not scenario.name.startswith("Volym "):
            assert f"`{scenario.name}`" in text
    effects = sensitivity(exempelstad()).effects
    # "scenarierna för prisökningen ändrar också varje kostnadsslags ökning": every committee moves
    assert all(e.change > 0 for e in effects if e.scenario == "Prisökning +1 procentenhet")
    preschool = next(e.change for e in effects if (e.scenario, e.committee, e.year) == ("Volym Förskola (FSN) +1 %",
                                                                                          "FSN", 2027))
    assert "`Volym Förskola (FSN) +1 %`" in text and f"{spaced(preschool)} kr" in text
    assert main(["känslighet", str(example_workbook), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    keys = {*found, *found["ramar"][0], *found["balans"][0]}
    for key in keys:
        assert f"`{key}`" in text, f"nyckeln {key!r} saknas"


def test_every_sheet_of_the_result_workbook_is_described():
    section = sections(ramberakning())["Resultatet"]
    book = result_book(calculate(exempelstad()), (), with_sensitivity=True)  # no problems: no Kontroll sheet
    for name in (*book.sheet_names, "Kontroll"):
        assert f"- **`{name}`**" in section, f"bladet {name} saknas i ramberakning.md"
    described = re.findall(r"^- \*\*`([^`]+)`\*\*", section, flags=re.MULTILINE)
    assert described == [*book.sheet_names, "Kontroll"], "bladen ska beskrivas i arbetsbokens ordning"
    assert "--känslighet" in section, "bladet Känslighet skrivs bara med --känslighet"


# --- The budget process (#9) in ramberakning.md: versions, adoption, internal services, ---------
# --- ex-post correction and result rules, with Exempelstad's numbers ------------------------------


def section(heading: str) -> str:
    return sections(ramberakning())[heading]


def test_jämför_example_is_computed():
    """Juni → November for GSN: the frames, each step's effect, the balancing row, and that they add up exactly."""
    text = section("Versioner och `ramkalk jämför`")
    data = exempelstad()
    comparison = compare(data, "Juni", "November")
    assert len(comparison.steps) == 5
    for year in data.settings.years:
        before, after = comparison.frames[("GSN", year)]
        effects = [amount for _, amount in comparison.effects_of("GSN", year)]
        balancing = comparison.balancing.get(("GSN", year), Decimal(0))
        assert before + sum(effects) + balancing == after
        for amount in (before, after, *effects, balancing):
            assert spaced(amount) in text, f"GSN {year}: {spaced(amount)} saknas"
    for (code, year), (before, after) in comparison.frames.items():
        moved = sum(a for _, a in comparison.effects_of(code, year)) + comparison.balancing.get((code, year), 0)
        assert before + moved == after, (code, year)
    before, after = comparison.frames[("GSN", 2028)]
    assert (f"för GSN 2028 är {spaced(before)} − {spaced(-comparison.steps[0].effects[('GSN', 2028)])} + "
            f"{spaced(comparison.steps[1].effects[('GSN', 2028)])} + {spaced(comparison.balancing[('GSN', 2028)])} = "
            f"{spaced(after)} kr") in text.replace("\n", " ")
    for step in comparison.steps:
        assert " + ".join(c.text() for c in step.changes).replace("\u00a0", " ") in text


def test_fastställ_example_is_computed():
    text = section("Fastställande: `ramkalk fastställ`")
    november = pipeline.calculate_all(pipeline.check_data(exempelstad(), "November"))
    frames = {f.committee: f for f in adopted_frames(november)}
    assert f"{spaced(frames['GSN'].frame)} kr, varav engångs −{spaced(frames['GSN'].one_off)} kr" in text
    assert spaced(frames["FSN"].technical) in text
    higher = {f.committee: f for f in adopted_frames(
        pipeline.calculate_all(pipeline.check_data(exempelstad(), "Högre löner")))}
    for code in ("KS", "GSN"):
        assert (f"{code}: fastställd {spaced(frames[code].frame)} kr") in text
        assert f"nu {spaced(higher[code].frame)} kr" in text
    gsn = november.frame("GSN", 2027)
    parts = {line.component: line.amount for line in gsn.lines}
    assert frames["GSN"].one_off == Decimal(8_000_000) + parts["efterhandsjustering"] + parts["resultat"]


def test_internal_services_example_is_computed():
    text = section("Interna tjänster och internpriser")
    calculation = calculate(exempelstad())
    for code in ("KS", "GSN", "VÄN"):
        line = next(x for x in calculation.frame(code, 2027).lines if x.component == INTERNAL_SERVICES)
        for detail in line.details:
            assert spaced(detail.amount) in text, f"{code} {detail.label}: {spaced(detail.amount)} saknas"
        assert spaced(line.amount) in text
    assert calculation.frame("GSN", 2027).component(INTERNAL_SERVICES) == 0
    van = calculation.data.committee("VÄN")
    given = other_costs_rate(van, 2027, calculation.lookups)
    assert calculation.frame("VÄN", 2027).component(INTERNAL_SERVICES) == -round_krona(Decimal(58_000_000) * given)
    assert f"{spaced(Decimal(58_000_000))} × {format_share(given)} = {spaced(round_krona(58_000_000 * given))} kr" in text


def test_ex_post_example_is_computed():
    text = section("Efterhandsjustering av volym")
    calculation = calculate(exempelstad())
    line = next(x for x in calculation.frame("GSN", 2027).lines if x.component == EX_POST)
    assert f"**−{spaced(line.amount)}**" in text
    for detail in line.details:
        assert f"| −{spaced(detail.amount)} |" in text
        values = {i.name: i.value for i in detail.inputs}
        outcome, forecast = values["volym 2025 enligt utfall"], values["volym 2025 enligt prognos"]
        price = f"{values['prislapp 2025']:,.2f}".replace(",", " ").replace(".", ",")
        assert f"| {spaced(outcome)} | {spaced(forecast)} | {price} kr |" in text, detail.label


def test_result_rule_example_is_computed():
    text = section("Resultat: överskott och underskott")
    calculation = calculate(exempelstad())
    lookups = calculation.lookups
    assert [calculation.frame("GSN", y).component(RESULT) for y in (2027, 2028, 2029, 2030)] == [-2_000_000] * 3 + [0]
    assert calculation.frame("VÄN", 2027).component(RESULT) == 4_500_000
    assert all(calculation.frame("KFN", y).component(RESULT) == 0 for y in calculation.data.settings.years)
    for code in ("GSN", "VÄN", "KFN"):
        outcome = lookups.outcomes[code][0]
        frame = lookups.adopted_frame(code, 2025).frame
        row = f"| {spaced(frame)} | {spaced(outcome.net_cost)} | {'−' if frame < outcome.net_cost else ''}" \
              f"{spaced(surplus.result_of(outcome, lookups))} |"
        assert row in text, code
    kfn = surplus.account(calculation.data.committee("KFN"), lookups)[0]
    assert (spaced(kfn.accumulated), spaced(kfn.written_off)) == ("5 000 000", "2 000 000")
    gsn = [y.accumulated for y in surplus.account(calculation.data.committee("GSN"), lookups)]
    assert gsn[2:5] == [-4_000_000, -2_000_000, 0] and "−4 000 000 kr efter 2027, −2 000 000 kr efter 2028" in text
