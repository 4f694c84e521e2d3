"""Charts for the model description, drawn with matplotlib as inline SVG.

Reproducible: the same numbers give the same bytes. Each chart gets its own `svg.hashsalt`
(so element ids are stable and differ between the charts of one page), no metadata, no
dates; text stays text (`svg.fonttype` none), which keeps the SVG small and lets the page's
font draw it. Matplotlib is used without pyplot, on the Agg backend, so no window opens
and no global figure state is kept.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from typing import NamedTuple, Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from ramkalk.core.display import format_amount  # noqa: E402
from ramkalk.report.waterfall import axis_minimum, bars  # noqa: E402

COLOURS = {"frame": "#1f4e79", "increase": "#548235", "decrease": "#c00000", "population": "#7030a0"}
INK, MUTED, GRID = "#1d2433", "#5a6478", "#d5dae3"
STYLE = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def svg(figure: Figure, name: str) -> str:
    """The figure as an inline <svg> element, without XML prolog and metadata."""
    out = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": f"ramkalk-{name}"}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*|<style[^>]*>.*?</style>\s*", "", text, flags=re.S)
    text = re.sub(r'<g id="[^"]*"', "<g", text)
    return text.replace("<svg ", f'<svg role="img" aria-label="{html.escape(name)}" class="chart" ', 1)


def _new_figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def _tkr_as_mnkr(value: float, _position: object) -> str:
    return format_amount(round(value / 1000))


def _wrap(label: str, width: int = 14) -> str:
    """A bar label on short lines; a long compound word is broken after a joining "s"
    ("Effektiviserings-krav") or else at the width."""
    words = []
    for word in label.split():
        joint = word.rfind("s", 5, width + 3)
        if len(word) > width and joint > 0:
            word = f"{word[:joint + 1]}- {word[joint + 1:]}"
        words.append(word)
    return textwrap.fill(" ".join(words), width, break_long_words=False)


def waterfall_svg(name: str, labels: Sequence[str], amounts: Sequence[int]) -> str:
    """A waterfall of shown steps in tkr (the first and last are frames), axis in mnkr."""
    figure = _new_figure(7.2, 3.3)
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        found = bars(amounts)
        positions = range(len(found))
        axes.bar(positions, [b.height for b in found], bottom=[b.bottom for b in found], width=0.62,
                 color=[COLOURS[b.kind] for b in found])
        top = max(b.bottom + b.height for b in found)
        low = axis_minimum(amounts) or 0
        axes.set_ylim(low, top + (top - low) * 0.12)
        for position, bar, shown in zip(positions, found, amounts):
            text = ("+" if shown > 0 and bar.kind != "frame" else "") + format_amount(shown)
            axes.annotate(text, (position, bar.bottom + bar.height), xytext=(0, 2), textcoords="offset points",
                          ha="center", va="bottom", fontsize=7.5, color=INK)
        axes.set_xticks(list(positions), [_wrap(label) for label in labels], fontsize=7.5)
        axes.yaxis.set_major_formatter(FuncFormatter(_tkr_as_mnkr))
        axes.yaxis.set_major_locator(MaxNLocator(5))
        axes.set_ylabel("mnkr")
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
    return svg(figure, name)


class Series(NamedTuple):
    """One panel of the population chart: persons by year, and the first forecast year."""

    title: str
    years: tuple[int, ...]
    persons: tuple[float, ...]
    first_forecast: int | None


def population_svg(name: str, panels: Sequence[Series], budget_year: int) -> str:
    """Small multiples, one panel per volume group: the population in its ages per year,
    outcome solid and forecast dashed, the budget year marked."""
    columns = min(3, len(panels))
    rows = -(-len(panels) // columns)
    figure = _new_figure(7.2, 1.9 * rows + 0.3)
    with matplotlib.rc_context(STYLE):
        for index, panel in enumerate(panels, start=1):
            axes = figure.add_subplot(rows, columns, index)
            _population_panel(axes, panel, budget_year)
    return svg(figure, name)


def _population_panel(axes, panel: Series, budget_year: int) -> None:
    split = len(panel.years) if panel.first_forecast is None else panel.years.index(panel.first_forecast)
    outcome = slice(0, split)
    forecast = slice(max(split - 1, 0), len(panel.years))
    line = {"color": COLOURS["population"], "marker": "o", "markersize": 3}
    axes.plot(panel.years[outcome], panel.persons[outcome], **line)
    axes.plot(panel.years[forecast], panel.persons[forecast], linestyle="--", **line)
    axes.axvline(budget_year, color=COLOURS["increase"], linewidth=0.8)
    axes.set_title(textwrap.fill(panel.title, 34), fontsize=8, loc="left")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _p: format_amount(round(value))))
    axes.yaxis.set_major_locator(MaxNLocator(4))
    axes.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.tick_params(labelsize=7)
