"""The checks of a returned template that are not about one input cell: what it is, whether
its structure and locked parts are as the generator wrote them, and its sums.

- `identify`: the hidden sheet Identitet says the file is a ramkalk template for a committee
  of the planning workbook, its budget year and this round's version;
- `structure`: every sheet of the layout is there and every table ends where the layout says;
- `locked_parts`: the prefilled values are those recorded (checksum; a changed cell is named
  when the planning workbook still gives the values the template was made with: they are derived
  from the content and the layout, `identity.generated_cells`, never by building a template),
  formulas are still formulas, and the template's frames are the planning workbook's;
- `formula_errors`: no formula of the tables or their sums shows an error value (#VALUE!): the
  committee saw no number there, so the return is not accepted with numbers it never saw;
  a cell whose root cause is already named (an input of its row) is not reported again;
- `against_frame`: the budget's net adds up to the frame (a warning with the difference);
- `one_per_cell`: one message per cell: the first error at a cell, no warning beside it (a
  tampered cell is named by the checksum, not again by the formula check or the reading).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Iterable, Iterator

from ramkalk.core.display import format_amount
from ramkalk.core.problems import Problem, Severity, Source, error, warning
from ramkalk.schema.cells import CellFault, shown
from ramkalk.templates import identity
from ramkalk.templates.content import content
from ramkalk.templates.layout import BUDGET, FRAME, FRAME_SUMMARY, IDENTITY, IDENTITY_BLOCK, LAYOUT_VERSION
from ramkalk.templates.parts import NUMERIC, Layout, Role, Table
from ramkalk.templates.reading import ValueRow, last_row, table_values, total_rows
from ramkalk.templates.return_records import Expected, Identity, ReturnContent
from ramkalk.templates.returned_file import GridBook

NOT_OURS = "filen är inte ett planeringsunderlag från ramkalk: "


def _at(name: str, key: str) -> Source:
    return Source(name, IDENTITY, IDENTITY_BLOCK.address(key))


def identify(book: GridBook, name: str, expected: Expected) -> tuple[Identity | None, list[Problem]]:
    """The template's identity, and whether it belongs to this round of the planning workbook."""
    if IDENTITY not in book.sheetnames:
        return None, [error(Source(name), NOT_OURS + "det dolda bladet Identitet saknas")]
    values = identity.read_identity(book)
    problems = [error(_at(name, key), NOT_OURS + f"{IDENTITY_BLOCK.fields[n].label.lower()} saknas på bladet "
                                                 "Identitet")
                for n, key in enumerate(f.key for f in IDENTITY_BLOCK.fields)
                if values.get(key) in (None, "") and key not in ("created", "generator_version")]
    years = [_whole(values.get(key)) for key in ("budget_year", "year_count")]
    if problems or None in years:
        return None, problems or [error(_at(name, "budget_year"), NOT_OURS + "budgetåret är inte ett år")]
    found = Identity(str(values["committee_code"]), str(values["committee_name"]), years[0], years[1],
                     str(values["version"]), str(values["template_id"]), _text(values["layout_version"]),
                     str(values["checksum"]))
    return found, list(mismatches(found, name, expected))


def _whole(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _text(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def mismatches(found: Identity, name: str, expected: Expected) -> Iterator[Problem]:
    """What in a template's identity does not match this round: the layout version, a committee of
    the planning workbook, its budget year and years, the version, and the template id."""
    if found.layout_version != LAYOUT_VERSION:
        yield error(_at(name, "layout_version"), f"underlaget har layoutversion {found.layout_version}, den här "
                                                 f"versionen av ramkalk läser layoutversion {LAYOUT_VERSION}; be"
                                                 " nämnden föra över sina uppgifter till ett nytt underlag från"
                                                 " ramkalk underlag, eller läs in det med den version av ramkalk"
                                                 " som skapade det")
    if found.committee not in expected.committees:
        known = ", ".join(expected.committees)
        yield error(_at(name, "committee_code"), f"nämnden {found.committee} finns inte i planeringsarbetsboken "
                                                 f"(nämnder: {known})")
    if found.budget_year != expected.budget_year:
        yield error(_at(name, "budget_year"), f"underlaget gäller budgetår {found.budget_year}, planeringsarbetsboken "
                                              f"budgetår {expected.budget_year}")
    elif found.year_count != len(expected.years):
        yield error(_at(name, "year_count"), f"underlaget har {found.year_count} år, planeringsarbetsboken "
                                             f"{len(expected.years)} (budgetår och planår)")
    if found.version != expected.version:
        yield error(_at(name, "version"), f"underlaget är version {found.version}, sammanställningen gäller version "
                                          f"{expected.version} (ange --version för en annan)")
    recorded = identity.template_id(found.committee, found.budget_year, found.version, found.checksum)
    if found.template_id != recorded:
        yield error(_at(name, "template_id"), f"mall-id {found.template_id} stämmer inte med bladet Identitet "
                                              f"(väntade {recorded}); bladet har ändrats")


def structure(book: GridBook, name: str, found_layout: Layout) -> list[Problem]:
    """Every sheet of the layout is there, and every table that ends at a label has it."""
    present = set(book.sheetnames)
    problems = [error(Source(name, sheet.name), f'bladet "{sheet.name}" saknas eller har bytt namn (underlaget har: '
                                                f'{", ".join(book.sheetnames)}); ändra inte bladens namn')
                for sheet in found_layout.sheets if sheet.name not in present]
    for sheet in found_layout.sheets:
        for table in sheet.tables if sheet.name in present else ():
            try:
                last_row(book[sheet.name], table)
            except LookupError:
                problems.append(error(Source(name, sheet.name), f'raden "{table.end.label}" som avslutar tabellen '
                                                                "saknas; ta inte bort summaraderna"))
    return problems


def locked_parts(book: GridBook, name: str, found: Identity, expected: Expected) -> list[Problem]:
    """The checksum, the formulas and the template's frames against the planning workbook's."""
    return [*_checksum(book, name, found, expected), *_formulas(book, name, expected.layout),
            *_frames(book, name, found, expected)]


def _checksum(book: GridBook, name: str, found: Identity, expected: Expected) -> list[Problem]:
    if identity.checksum(book, expected.layout) == found.checksum:
        return []
    generated = template_cells(expected, found.committee)
    if identity.checksum_of(generated) != found.checksum:
        return [error(_at(name, "checksum"), UNNAMED)]
    return list(_changed_cells(identity.prefilled_cells(book, expected.layout), generated, name))


# A return whose prefilled values differ from those its checksum records, when the planning
# workbook no longer gives the values the template was made with (changed since, another workbook,
# another ramkalk): the changed cell cannot be told from the others.
UNNAMED = ("förifyllda (låsta) värden har ändrats: kontrollsumman stämmer inte. Cellen kan inte pekas ut eftersom "
           "planeringsarbetsboken inte längre ger de förifyllda värden underlaget skapades med (den har ändrats "
           "sedan dess, eller underlaget skapades från en annan planeringsarbetsbok eller av en annan version av "
           "ramkalk); jämför med det utskickade underlaget")


def template_cells(expected: Expected, code: str) -> list[identity.Cell]:
    """The prefilled cells of committee `code`'s template as the planning workbook gives them now,
    from its content and the layout (`identity.generated_cells`, as the generator records them)."""
    calculation = expected.calculation
    return identity.generated_cells(content(calculation, calculation.data.committee(code), expected.source),
                                    expected.layout)


def _changed_cells(now_cells: Iterable[identity.Cell], generated: list[identity.Cell],
                   name: str) -> Iterator[Problem]:
    """Each prefilled value of the return (`now_cells`) that differs from the template as generated,
    at its cell."""
    def places(cells: Iterable[identity.Cell]) -> dict[str, tuple[str, str, str]]:
        return {line.split("=", 1)[0]: (sheet, cell, line.split("=", 1)[1]) for sheet, cell, line in cells}

    now, then = places(now_cells), places(generated)
    for place in dict.fromkeys([*then, *now]):
        sheet, cell, was = then.get(place) or now[place]
        value = now[place][2] if place in now else None
        if value == was:
            continue
        where = Source(name, *(now[place][:2] if place in now else (sheet, cell)))
        if place not in then:
            yield error(where, f"låst cell har ändrats: fick {_value(value)}, där underlaget inte hade något värde")
        elif value is None:
            yield error(where, f"låst cell har ändrats: väntade {_value(was)}, fick en formel eller ingenting")
        else:
            yield error(where, f"låst cell har ändrats: väntade {_value(was)}, fick {_value(value)}")


def _value(canonical: str) -> str:
    """A checksum value as shown in a message: numbers without trailing zeros, text quoted."""
    try:
        number = Decimal(canonical)
    except ArithmeticError:
        return f'"{canonical}"'
    if not canonical or number != number.to_integral_value():
        return shown(float(number)) if canonical else '""'
    return format_amount(number)


def _formulas(book: GridBook, name: str, found_layout: Layout) -> Iterator[Problem]:
    """Formula columns of every table and the sums below it hold formulas, not typed values."""
    count = found_layout.year_count
    for sheet in found_layout.sheets:
        if not sheet.tables:
            continue
        ws = book[sheet.name]
        for table in sheet.tables:
            columns = _formula_columns(table, count)
            for row in table_values(ws, table, count) if columns else ():
                yield from _formulas_expected(row, columns, ws.title, name)
            width = len(table.placed(count))
            for number, row in enumerate(total_rows(ws, table).values()):
                yield from _formulas_expected(ws.row_values(row, width), _total_formula_columns(table, count, number),
                                              ws.title, name)


@cache
def _formula_columns(table: Table, count: int) -> tuple[tuple[int, str], ...]:
    """(index, letter) of the formula columns of a table."""
    return tuple((index, place.letter) for index, place in enumerate(table.placed(count))
                 if place.field.role is Role.FORMULA)


@cache
def _total_formula_columns(table: Table, count: int, number: int) -> tuple[tuple[int, str], ...]:
    """(index, letter) of the formula cells of the `number`th row below a table: every per-year
    column of the first (Summa), the formula columns of the others (Preliminär ram, Differens mot ram)."""
    return tuple((index, place.letter) for index, place in enumerate(table.placed(count))
                 if place.year_index is not None and (number == 0 or place.field.role is Role.FORMULA))


def _formulas_expected(row: ValueRow, columns: tuple[tuple[int, str], ...], sheet: str,
                       name: str) -> Iterator[Problem]:
    """A problem for each of `columns` of `row` that holds a typed value instead of a formula."""
    for index, letter in columns:
        value = row.values[index]
        if value is not None and index not in row.formulas:
            yield error(Source(name, sheet, f"{letter}{row.row}"), f"väntade en formel, fick ett fast värde "
                                                                   f"({shown(value)}); låsta formler får inte "
                                                                   "skrivas över")


def formula_errors(book: GridBook, name: str, found_layout: Layout, problems: list[Problem]) -> Iterator[Problem]:
    """Each formula cell of a table (Netto, Skillnad mot prognos, …) that shows an error value,
    unless an input of its row already has an error (`problems`: that is the root cause), naming
    the inputs of its row that are not numbers; then, if nothing in the table was named, the
    first sum below it that shows one."""
    named = {(p.source.sheet, p.source.cell) for p in problems
             if p.severity is Severity.ERROR and p.source is not None and p.source.cell is not None}
    named_rows = {(sheet, int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 0)) for sheet, cell in named}
    count = found_layout.year_count
    for sheet in found_layout.sheets:
        if not sheet.tables:
            continue
        ws = book[sheet.name]
        if not getattr(ws, "shows_errors", True):
            continue  # (no cell of the sheet is an error value)
        for table in sheet.tables:
            columns = _formula_columns(table, count)
            seen = False  # whether a cell of the table's rows is named
            for row in table_values(ws, table, count) if columns or table.totals else ():
                if (sheet.name, row.row) in named_rows:
                    seen = True
                for index, letter in columns:
                    value = row.values[index]
                    if value.__class__ is not CellFault or value.error is None or index not in row.formulas:
                        continue
                    seen = True
                    placed = table.placed(count)
                    inputs = _formula_inputs(table, count, index)
                    if all((sheet.name, f"{placed[i].letter}{row.row}") not in named for i in inputs):
                        yield error(Source(name, sheet.name, f"{letter}{row.row}"),
                                    _formula_error(value.error, [(f"{placed[i].letter}{row.row}", row.values[i])
                                                                 for i in inputs]))
            if not seen and table.totals:
                yield from _total_error(ws, table, count, name)


def _total_error(ws, table: Table, count: int, name: str) -> Iterator[Problem]:
    """The first formula cell of the rows below a table that shows an error value, if any."""
    width = len(table.placed(count))
    for number, row_number in enumerate(total_rows(ws, table).values()):
        row = ws.row_values(row_number, width)
        for index, letter in _total_formula_columns(table, count, number):
            value = row.values[index]
            if value.__class__ is CellFault and value.error is not None and index in row.formulas:
                yield error(Source(name, ws.title, f"{letter}{row_number}"), (
                    f"summan visar felvärdet {value.error}: formeln kan inte räkna; kontrollera att cellerna den "
                    "räknar med i tabellen ovanför är tal eller tomma och att inga rader har tagits bort, räkna om "
                    "och spara underlaget igen"))
                return


@cache
def _formula_inputs(table: Table, count: int, index: int) -> tuple[int, ...]:
    """The indexes of the number inputs a formula column of a table row reckons with: those of its
    year if it is per year (Netto: Kostnader and Intäkter), else those of the row."""
    placed = table.placed(count)
    year = placed[index].year_index
    return tuple(i for i, place in enumerate(placed)
                 if place.field.role is Role.INPUT and place.field.cell is not None
                 and place.field.cell.kind in NUMERIC and (year is None or place.year_index == year))


def _formula_error(shown_error: str, inputs: list[tuple[str, object]]) -> str:
    """The message of a formula showing an error value: the inputs of its row that are not numbers
    (a space, a text, a truth value), or else what to check."""
    odd = [(cell, raw) for cell, raw in inputs
           if raw is not None and not (isinstance(raw, (int, float)) and not isinstance(raw, bool))]
    if not odd:
        return (f"cellen visar felvärdet {shown_error}: formeln kan inte räkna; kontrollera att cellerna den räknar "
                "med är tal eller tomma, räkna om och spara underlaget igen")
    cells = ", ".join(f"{cell} ({shown(raw)})" for cell, raw in odd)
    return (f"cellen visar felvärdet {shown_error}: formeln kan inte räkna eftersom {cells} inte är "
            f"{'ett tal' if len(odd) == 1 else 'tal'}; töm {'cellen' if len(odd) == 1 else 'cellerna'} eller skriv "
            "ett tal, räkna om och spara underlaget igen")


def one_per_cell(problems: list[Problem]) -> list[Problem]:
    """The problems with one message per cell: the first error at a cell, and a warning only at a
    cell without an error; problems not at a cell are all kept, in order."""
    first_error: dict[Source, Problem] = {}
    for problem in problems:
        if problem.severity is Severity.ERROR and problem.source is not None and problem.source.cell is not None:
            first_error.setdefault(problem.source, problem)
    if not first_error:
        return problems
    return [p for p in problems
            if p.source is None or p.source.cell is None or first_error.get(p.source, p) is p]


def _frames(book: GridBook, name: str, found: Identity, expected: Expected) -> Iterator[Problem]:
    """The template's preliminary frames against the planning workbook's as computed now."""
    ws = book[FRAME]
    for index, (year, frame) in enumerate(zip(expected.years, expected.frames[found.committee])):
        cell = ws[FRAME_SUMMARY.address("frame", index)]
        if isinstance(cell.value, (int, float)) and cell.value != frame:
            yield warning(Source(name, FRAME, cell.coordinate), (
                f"ramen {year} i underlaget är {format_amount(round(cell.value))} tkr, planeringsarbetsbokens är "
                f"{format_amount(frame)} tkr; underlaget gjordes från en annan beräkning av ramarna"))


def against_frame(book: GridBook, content_read: ReturnContent, name: str, found_layout: Layout,
                  years: tuple[int, ...]) -> Iterator[Problem]:
    """The budget's net per year against the frame the template showed: a warning with the difference."""
    if not any(any(line.costs) or any(line.revenues) for line in content_read.budget):
        return  # an empty budget is an error of its own (return_rows.read_budget)
    table = found_layout.sheet(BUDGET).tables[0]
    ws = book[BUDGET]
    row = total_rows(ws, table)[table.totals[2]]
    nets = [line.net for line in content_read.budget]  # (a property: computed once per line)
    for index, year in enumerate(years):
        net = sum((line_net[index] for line_net in nets), Decimal(0))
        difference = net - content_read.frames[index]
        if difference:
            more = "större" if difference > 0 else "mindre"
            yield warning(Source(name, BUDGET, f"{table.letter('net', len(years), index)}{row}"), (
                f"budgeten {year} (netto {_tkr(net)} tkr) är {_tkr(abs(difference))} tkr {more} än ramen "
                f"{_tkr(content_read.frames[index])} tkr"))


def _tkr(amount: Decimal) -> str:
    """tkr with a thousands separator, decimals (rare: typed tkr) with a comma."""
    if amount == amount.to_integral_value():
        return format_amount(amount)
    return f"{amount:,f}".replace(",", "\u00a0").replace(".", ",").replace("-", "−")
