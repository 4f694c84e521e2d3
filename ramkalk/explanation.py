"""Turning a frame's explanation into rows a person reads: labels, amounts and inputs as text.

Shared by the CLI (`beräkna`, later `förklara`) and the result workbook, so both say
the same thing in the same words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ramkalk.results import BASE, DECISIONS, VOLUME, Frame, Input, Line

SUMS_OF_DETAILS = (VOLUME, DECISIONS)


def _number(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def value_text(item: Input) -> str:
    """An input's value as shown to a person: "3,4 %", "110 000 kr", "11 900"."""
    value = item.value
    if not isinstance(value, Decimal):
        return str(value)
    if item.unit == "%":
        return f"{_number(value * 100, 4)} %"
    if item.unit == "kr":
        return f"{_number(value, 2)} kr"
    return _number(value, 4)


def input_text(item: Input) -> str:
    """"löneökning 2027 = 3,4 % (Index!B5)"."""
    where = ""
    if item.source is not None and item.source.sheet is not None:
        where = f" ({item.source.sheet}!{item.source.cell})" if item.source.cell else f" ({item.source.sheet})"
    return f"{item.name} = {value_text(item)}{where}"


def inputs_text(line: Line) -> str:
    return "; ".join(input_text(i) for i in line.inputs)


def change_lines(frame: Frame) -> Iterator[Line]:
    """The lines that change last year's frame into this year's, most detailed first.

    The base is split into last year's frame (not a change) and the removal of last
    year's one-off items; a component with details is replaced by its details, and a
    sum of details that has none (no volume groups, no decisions) is left out.
    """
    for line in frame.lines:
        if line.component == BASE:
            yield from line.details[1:]
        elif line.details:
            yield from line.details
        elif line.component not in SUMS_OF_DETAILS:
            yield line


def previous_frame(frame: Frame) -> Line:
    """The line holding last year's frame (the first detail of the base)."""
    return next(line for line in frame.lines if line.component == BASE).details[0]
