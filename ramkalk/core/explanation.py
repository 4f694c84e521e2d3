"""Turning a frame's explanation into rows a person reads: labels, amounts and inputs as text.

Shared by the CLI (`beräkna`, later `förklara`) and the result workbook, so both say
the same thing in the same words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Iterator, NamedTuple

from ramkalk.core.display import format_count
from ramkalk.core.frame import (
    BASE,
    DECISIONS,
    ONE_OFF_LEAVING,
    PREVIOUS_FRAME,
    PRICE_TAG_PREFIX,
    TECHNICAL_BASE,
    VOLUME,
    Frame,
    Input,
    Line,
)
from ramkalk.core.money import ZERO
from ramkalk.core.problems import Source

SUMS_OF_DETAILS = (VOLUME, DECISIONS)


def value_text(item: Input) -> str:
    """An input's value as shown to a person: "3,4 %", "110 000 kr", "11 900"."""
    value = item.value
    if not isinstance(value, Decimal):
        return str(value)
    if item.unit == "%":
        return f"{format_count(value * 100, 4)} %"
    if item.unit == "kr":
        return f"{format_count(value, 2)} kr"
    return format_count(value, 4)


def cell_place(source: Source | None) -> str:
    """Where an input was read, as a message names it: "Index!B5", a sheet, or "" if unknown."""
    if source is None or source.sheet is None:
        return ""
    return f"{source.sheet}!{source.cell}" if source.cell else source.sheet


def input_text(item: Input, where: Callable[[Source | None], str] = cell_place) -> str:
    """"löneökning 2027 = 3,4 % (Index!B5; SKR cirkulär 26:12)"; `where` names the place (the add-in
    names a range's cells its own way, `ramkalk.workbook.ranges.Places`)."""
    places = [place for place in (where(item.source), item.reference) if place]
    return f"{item.name} = {value_text(item)}" + (f" ({'; '.join(places)})" if places else "")


def inputs_text(line: Line, where: Callable[[Source | None], str] = cell_place) -> str:
    return "; ".join(input_text(i, where) for i in line.inputs)


BASES = (BASE, TECHNICAL_BASE)


def base_line(frame: Frame) -> Line:
    """The frame's base line (in the price-tag model: the technical base)."""
    return next(line for line in frame.lines if line.component in BASES)


def previous_frame(frame: Frame) -> Line:
    """The line holding last year's frame (in the price-tag model: last year's technical frame)."""
    return base_line(frame).detail(PREVIOUS_FRAME)


def one_off_leaving(frame: Frame) -> Line:
    """The line removing last year's one-off items from the base."""
    return base_line(frame).detail(ONE_OFF_LEAVING)


def change_lines(frame: Frame) -> Iterator[Line]:
    """The lines that, added to `previous_frame(frame)`, make up the frame, most detailed first.

    The base is split into last year's frame (not a change) and the removal of last
    year's one-off items; a component with details is replaced by its details, and a
    sum of details that has none (no volume groups, no decisions) is left out. In the
    price-tag model the price tags are among these lines.
    """
    for line in frame.lines:
        if line.component in BASES:
            yield from (detail for detail in line.details if detail.part != PREVIOUS_FRAME)
        elif line.details:
            yield from line.details
        elif line.component not in SUMS_OF_DETAILS:
            yield line


class StatementRow(NamedTuple):
    """One row of a committee's statement (see `statement`): amounts by year."""

    label: str
    rule: str
    amounts: dict[int, Decimal]


class Statement(NamedTuple):
    """A committee's frames over the years, read like a published budget statement.

    opening: last year's frame (technical frame in the price-tag model) before the first year.
    changes: the rows that change it, by year. tags: the price-tag rows (price-tag model only).
    For each year: frame = opening (the year before's carried frame) + Σ changes + Σ tags.
    """

    opening: Line
    changes: list[StatementRow]
    tags: list[StatementRow]


ONE_OFF_REMOVAL = "Avgår engångsposter föregående år"
ONE_OFF_RULE = "−engångsposter i föregående års ram"


def statement(frames: list[Frame]) -> Statement:
    """The statement of one committee's consecutive frames."""
    changes: dict[str, StatementRow] = {}
    tags: dict[str, StatementRow] = {}
    for frame in frames:
        for line in change_lines(frame):
            is_tag = line.component.startswith(PRICE_TAG_PREFIX)
            leaving = line.part == ONE_OFF_LEAVING
            label = ONE_OFF_REMOVAL if leaving else line.label
            rows = tags if is_tag else changes
            row = rows.setdefault(label, StatementRow(label, ONE_OFF_RULE if leaving else line.rule, {}))
            row.amounts[frame.year] = row.amounts.get(frame.year, ZERO) + line.amount
    return Statement(previous_frame(frames[0]), list(changes.values()), list(tags.values()))
