"""One frame's explanation as text for the terminal (`ramkalk förklara`).

Every line of the explanation with its amount in kronor, its rule and its inputs (with
their cells), and its detail lines indented below it; then the frame, which is exactly
the sum of the lines. `find_frame` turns what a person typed (a committee code, a year)
into a frame, or into a Swedish message naming the known codes or the computed years.
"""

from __future__ import annotations

import textwrap
from typing import Iterator

from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_amount
from ramkalk.core.explanation import input_text
from ramkalk.core.frame import Frame, Line
from ramkalk.schema.inputs import FrameModel

WIDTH = 100
AMOUNT = 18
INDENT = "    "
MODEL_NAMES = {"traditionell": "den traditionella modellen", "prislapp": "prislappsmodellen"}


def find_frame(calculation: Calculation, code: str, year: str,
               model: FrameModel | None = None) -> tuple[Frame | None, str]:
    """The frame asked for, or None and a message saying what is known."""
    data = calculation.data
    committee = data.committee(code) or next((c for c in data.committees if c.code.casefold() == code.casefold()),
                                             None)
    if committee is None:
        return None, f'okänd nämnd "{code}"; kända nämnder: {", ".join(c.code for c in data.committees)}'
    years = data.settings.years
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    if not year.strip().isdigit() or int(year) not in years:
        return None, f'{year} är inte ett beräknat år; ramarna beräknas för {span}'
    return calculation.frame(committee.code, int(year), model), ""


def frame_explanation(calculation: Calculation, frame: Frame) -> str:
    """The explanation of `frame`, line by line (amounts in kr)."""
    committee = calculation.data.committee(frame.committee)
    name = f"{committee.code} {committee.name}" if committee else frame.committee
    lines = [f"{name}: ram {frame.year} enligt {MODEL_NAMES.get(frame.model, frame.model)} (kr)", ""]
    for line in frame.lines:
        lines += line_rows(line)
    lines.append(row(f"Ram {frame.year}", format_amount(frame.total), 0))
    if frame.one_off:
        lines.append(row("varav engångs", format_amount(frame.one_off), 0))
    return "\n".join(lines)


def row(label: str, amount: str, depth: int) -> str:
    """A label indented `depth` steps and its amount right-aligned (on a line of its own if the label is long)."""
    lead = INDENT * depth + label
    return lead.ljust(WIDTH - AMOUNT) + amount.rjust(AMOUNT) if len(lead) < WIDTH - AMOUNT else \
        f"{lead}\n{amount.rjust(WIDTH)}"


def line_rows(line: Line, depth: int = 0, deepest: int | None = None) -> Iterator[str]:
    """A line as text: its amount, rule and inputs, its details indented below it (down to the
    depth `deepest`, if given: a unit's months are a table of their own, `ramkalk.report.unit_text`)."""
    yield row(line.label, format_amount(line.amount), depth)
    inner = INDENT * (depth + 1)
    yield textwrap.fill(f"regel: {line.rule}", WIDTH, initial_indent=inner, subsequent_indent=inner + "  ")
    if line.inputs:
        yield from _packed("indata:", [input_text(i) for i in line.inputs], inner)
    if deepest is None or depth < deepest:
        for detail in line.details:
            yield from line_rows(detail, depth + 1, deepest)


def _packed(lead: str, items: list[str], indent: str) -> Iterator[str]:
    """`lead` and the items separated by "; ", broken into lines only between items."""
    current = indent + lead
    for index, item in enumerate(items):
        piece = item + (";" if index < len(items) - 1 else "")
        if len(current) + 1 + len(piece) > WIDTH and current.strip() != lead:
            yield current
            current = indent + "  " + piece
        else:
            current += " " + piece
    yield current
