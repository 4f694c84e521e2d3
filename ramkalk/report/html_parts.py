"""Small pieces of the HTML documents ramkalk writes: escaping, tables, numbers, the page style.

Every text that may come from a workbook goes through `esc`. Every number shown carries
machine-readable data attributes, so the document can be checked against the core:

    data-key   what the number is, e.g. "ram/GSN/2027"
    data-kr    an amount, exact kronor as in the core ("2024660000", "112990.35...")
    data-unit  how the amount is shown: "tkr" (rounded, Swedish format) or "kr"
    data-v     any other number (rate, weight, volume, population), exact

Amounts are shown in tkr unless said otherwise; the rounding is `ramkalk.core.display`'s.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Collection, Iterable, Sequence

from ramkalk.core.display import format_amount, round_total
from ramkalk.core.explanation import value_text
from ramkalk.core.money import round_krona
from ramkalk.core.frame import Input


def esc(value: object) -> str:
    """Text escaped for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def exact(value: Decimal | int) -> str:
    """A number as plain digits for a data attribute: no exponent, no grouping."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def tag(name: str, content: str = "", **attributes: object) -> str:
    """An element; attribute names use _ for - (data_key -> data-key), None leaves one out."""
    found = "".join(f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
                    for key, value in attributes.items() if value is not None)
    return f"<{name}{found}>{content}</{name}>"


def amount(key: str, kr: Decimal, shown: int | None = None, unit: str = "tkr", name: str = "span",
           **attributes: object) -> str:
    """An amount: `shown` (tkr, or whole kr with unit "kr") as text, the exact kronor in data-kr.

    Without `shown` the amount is rounded on its own."""
    if shown is None:
        shown = int(round_krona(kr)) if unit == "kr" else round_total(kr)
    return tag(name, format_amount(shown), data_key=key, data_kr=exact(kr), data_unit=unit, **attributes)


def value(key: str, number: Decimal | int, text: str | None = None, name: str = "span",
          **attributes: object) -> str:
    """A number that is not an amount (a rate, a weight, a count), exact in data-v."""
    shown = number_text(number) if text is None else text
    return tag(name, esc(shown), data_key=key, data_v=exact(number), **attributes)


def share(key: str, number: Decimal, name: str = "span", **attributes: object) -> str:
    """A fraction shown as a Swedish percentage with at most four decimals, "3,4 %"."""
    return value(key, number, value_text(Input("", number, unit="%")), name, **attributes)


def number_text(number: Decimal | int, decimals: int | None = None) -> str:
    """A plain number in Swedish format, at most four decimals (or `decimals`): "0,93", "11 900"."""
    number = Decimal(number)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    return value_text(Input("", number))


def cell(content: str, numeric: bool = False) -> str:
    return f'<td class="n">{content}</td>' if numeric else f"<td>{content}</td>"


def table(head: Sequence[str], rows: Iterable[Sequence[str] | tuple[str, Sequence[str]]],
          caption: str = "", numeric: Collection[int] | None = None) -> str:
    """A table: `head` is plain text (escaped here); each row is a list of cell HTML, or
    (css class, cells). `numeric`: the columns aligned as numbers (default all but the
    first). A cell already made with name="td" is used as it is."""
    numeric = range(1, len(head)) if numeric is None else numeric
    heads = "".join(tag("th", esc(h), class_="n" if i in numeric else None) for i, h in enumerate(head))
    body = []
    for row in rows:
        css, cells = row if isinstance(row, tuple) else ("", row)
        body.append(tag("tr", "".join(c if c.startswith("<td") else cell(c, i in numeric)
                                      for i, c in enumerate(cells)), class_=css or None))
    title = tag("caption", esc(caption)) if caption else ""
    return f"<table>{title}<thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def paragraph(*parts: str) -> str:
    return tag("p", "".join(parts))


def formula(text: str) -> str:
    """A formula, shown as code."""
    return tag("pre", esc(text), class_="formula")


def section(anchor: str, title: str, body: str, css: str | None = None) -> str:
    return tag("section", tag("h2", esc(title)) + body, id=anchor, class_=css)


STYLE = """
:root { --ink: #1d2433; --muted: #5a6478; --line: #d5dae3; --band: #f3f5f9; --accent: #2f5597; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 60rem; padding: 1.5rem 2rem 4rem; line-height: 1.45; font-size: 15px; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
header.top h1 { margin: 0 0 .3rem; font-size: 1.9rem; }
header.top p { margin: .2rem 0 .8rem; color: var(--muted); }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; color: var(--accent); }
h3 { margin: 1.4rem 0 .4rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .86rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .22rem .45rem; text-align: left; vertical-align: top; }
thead th { background: var(--band); }
.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.n { white-space: normal; }
tr.sum td { font-weight: bold; border-top: 1.5px solid var(--ink); }
tr.detail td:first-child { padding-left: 1.6rem; color: var(--muted); }
td.rule, span.rule { color: var(--muted); font-size: .8rem; }
pre.formula { background: var(--band); border-left: 3px solid var(--accent); padding: .5rem .8rem;
              font-size: .85rem; white-space: pre-wrap; }
p.example { font-size: .85rem; color: var(--muted); }
ol.process li { margin: .15rem 0; }
ol.process li.current { font-weight: bold; color: var(--accent); }
figure { margin: .8rem 0; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: .8rem; color: var(--muted); }
.keyfigures { display: flex; gap: 1.2rem; flex-wrap: wrap; margin: .4rem 0; }
.keyfigures div { background: var(--band); padding: .4rem .8rem; border-radius: 4px; }
.keyfigures b { display: block; font-size: 1.2rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  section.committee, section.page { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, figure, pre.formula { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def document(title: str, body: str) -> str:
    """A complete, self-contained HTML page (inline CSS, no external resources)."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="sv"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")
