"""The pieces the model description's templates lay out, and the Jinja2 environment that renders them.

The Python side computes values; the templates in `ramkalk/report/html/` make the markup. Nothing
here is HTML: a `Number` is a number with its text, a `Cell` a table cell's text and numbers, a `Row`
a table row. The environment autoescapes, so every text that may come from a workbook is escaped
wherever a template puts it. The one piece of markup made outside the templates is a chart's SVG,
drawn by matplotlib (`chart`).

Every number shown carries machine-readable data attributes (the macro `number` in
`html/parts.html.j2`), so the document can be checked against the core:

    data-key   what the number is, e.g. "ram/GSN/2027"
    data-kr    an amount, exact kronor as in the core ("2024660000", "112990.35...")
    data-unit  how the amount is shown: "tkr" (rounded, Swedish format) or "kr"
    data-v     any other number (rate, weight, volume, population), exact

Amounts are shown in tkr unless said otherwise; the rounding is `ramkalk.core.display`'s.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ramkalk.core.display import format_amount, round_total
from ramkalk.core.explanation import value_text
from ramkalk.core.frame import Input
from ramkalk.core.money import round_krona


@dataclass(frozen=True)
class Number:
    """A number as shown (`text`) with its key and exact value: `kr` and `unit` for an amount
    (exact kronor as plain digits; "tkr" or "kr"), `v` for any other number."""

    key: str
    text: str
    kr: str | None = None
    unit: str | None = None
    v: str | None = None


Piece = str | Number
"""A run of text or a number; a paragraph's or a cell's content is a sequence of pieces."""


@dataclass(frozen=True)
class Cell:
    """A table cell's content. `rule`: an explanation (a rule, a source, inputs), set in small grey
    type in any column; otherwise the table's column decides whether it is aligned as a number."""

    pieces: tuple[Piece, ...] = ()
    rule: bool = False


@dataclass(frozen=True)
class Row:
    """A table row; `css` "sum" (bold, a line above) or "detail" (indented), or "" for a plain row."""

    cells: tuple[Cell, ...]
    css: str = ""


def row(*cells: Piece | tuple[Piece, ...] | Cell, css: str = "") -> Row:
    """A row from cells given as a text, a number, a sequence of pieces or a `Cell`; "" is an empty cell."""
    return Row(tuple(_cell(content) for content in cells), css)


def _cell(content: Piece | tuple[Piece, ...] | Cell) -> Cell:
    if isinstance(content, Cell):
        return content
    return Cell(tuple(p for p in (content if isinstance(content, tuple) else (content,)) if p != ""))


def rule(*pieces: Piece) -> Cell:
    """An explanation cell."""
    return Cell(tuple(p for p in pieces if p != ""), rule=True)


def exact(value: Decimal | int) -> str:
    """A number as plain digits for a data attribute: no exponent, no grouping."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def amount(key: str, kr: Decimal, shown: int | None = None, unit: str = "tkr") -> Number:
    """An amount: `shown` (tkr, or whole kr with unit "kr") as text, the exact kronor in data-kr.

    Without `shown` the amount is rounded on its own."""
    if shown is None:
        shown = int(round_krona(kr)) if unit == "kr" else round_total(kr)
    return Number(key, format_amount(shown), kr=exact(kr), unit=unit)


def value(key: str, number: Decimal | int, text: str | None = None) -> Number:
    """A number that is not an amount (a rate, a weight, a count), exact in data-v."""
    return Number(key, number_text(number) if text is None else text, v=exact(number))


def share(key: str, number: Decimal) -> Number:
    """A fraction shown as a Swedish percentage with at most four decimals, "3,4 %"."""
    return value(key, number, value_text(Input("", number, unit="%")))


def number_text(number: Decimal | int, decimals: int | None = None) -> str:
    """A plain number in Swedish format, at most four decimals (or `decimals`): "0,93", "11 900"."""
    number = Decimal(number)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    return value_text(Input("", number))


def chart(svg: str) -> Markup:
    """A chart's SVG (`ramkalk.report.charts`) to put in a template as it is.

    Safe: matplotlib draws the SVG from numbers and escapes every text it draws (labels from the
    workbook included); `charts.svg` adds fixed attributes and the chart's name, which it escapes.
    Nothing else from the workbook reaches it."""
    return Markup(svg)


@functools.cache
def environment() -> Environment:
    """The templates of `ramkalk/report/html/`, autoescaped; an undefined name is an error."""
    return Environment(loader=PackageLoader("ramkalk.report", "html"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_parts(template: str, **context: object) -> Iterator[str]:
    """The template `template` filled with `context`, in the parts Jinja2 produces (a large
    document is written part by part, never joined)."""
    return environment().get_template(template).generate(**context)
