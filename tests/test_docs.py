"""docs/arbetsbok.md stays true to the workbook format and to ramkalk's real messages.

- Every sheet, column header, setting and choice of `ramkalk.workbook_format` is named in
  the doc (each column in its own sheet's section).
- Every example message in a fenced block of the doc (a line starting with
  `planering.xlsx`) is regenerated here by breaking a fresh Exempelstad workbook the way
  the doc says, and must come out verbatim; every validation rule has such an example.
- The worked example in docs/ramberakning.md has the amounts the code computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from conftest import worked_example
from ramkalk import pipeline, validation
from ramkalk.cell_values import AGE_RANGE, RATE_RANGE, WEIGHT_RANGE, YEAR_RANGE
from ramkalk.cli import main
from ramkalk.example import exempelstad
from ramkalk.reader import read_workbook
from ramkalk.workbook_format import (
    DECISION_TYPES,
    DURATIONS,
    POPULATION_KINDS,
    SETTINGS,
    SETTINGS_KEY_HEADER,
    SETTINGS_SHEET,
    SETTINGS_VALUE_HEADER,
    TABLES,
)
from ramkalk.workbook_writer import write_workbook

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


@dataclass(frozen=True)
class Breakage:
    """A way to break the example workbook, and the validation rule it shows (if any)."""

    name: str
    change: Callable[[Book], None] | None  # None: the file does not exist
    rule: Callable | None = None


V = validation
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
    Breakage("procent utan procenttecken", setter("Index", "B4", "3,4")),
    Breakage("vikt utanför", setter("Volymgrupper", "E6", 11)),
    Breakage("negativ prislapp", setter("Volymgrupper", "F2", -165000)),
    Breakage("okänd beslutstyp", setter("Beslut", "D2", "Investering")),
    Breakage("okänd varaktighet", setter("Beslut", "E2", "Tillfällig")),
    Breakage("okänd befolkningstyp", setter("Befolkning", "D2", "Verklig")),
    Breakage("okänd enhet", setter("Inställningar", "B5", "mnkr")),
    Breakage("varken ja eller nej", setter("Nämnder", "D7", "Kanske")),
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
    Breakage("belopp med öre", setter("Beslut", "C2", 1_500_000.5), V.amounts_with_ore),
    Breakage("okänt fokusområde", setter("Beslut", "F2", "Skola"), V.unknown_focus_areas),
    Breakage("grupp över högsta åldern", appender("Volymgrupper", ["VÄN", "Äldreomsorg 105+", 105, 110, 3, 95000, 2026, 1]),
             V.volume_groups_beyond_population),
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


@pytest.fixture(scope="module")
def outcomes(example_workbook, tmp_path_factory) -> dict[str, Outcome]:
    results = {}
    for number, breakage in enumerate(BREAKAGES):
        path = tmp_path_factory.mktemp(f"trasig{number}") / FILE
        if breakage.change is not None:
            book = openpyxl.load_workbook(example_workbook)
            breakage.change(book)
            book.save(path)
        checked = pipeline.check_file(path)
        rule_lines = ()
        if breakage.rule is not None:
            data = read_workbook(path).data
            rule_lines = tuple(as_printed(p, path) for p in breakage.rule(data))
        results[breakage.name] = Outcome(tuple(as_printed(p, path) for p in checked.problems), rule_lines)
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


def test_the_cli_prints_the_same_line(example_workbook, tmp_path, capsys):
    book = openpyxl.load_workbook(example_workbook)
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
