"""The registry of frame components: every component a frame can have, in the order shown.

Each component is declared once, as a `Component` record next to the rule that computes it
(its key, labels, waterfall text and rule in words and as a formula). Every consumer — the
explanation, the waterfall, the model description, the planning template's combined row, the
add-in's component argument and `beräkna --json` — iterates this registry, so a component
added here is shown everywhere, and `tests/test_components.py` fails if one lacks a text.

A supplement is a component a frame of either model gets when the workbook uses it. Its rule
module has `COMPONENT`, `used(lookups)` (whether any frame can get it), `amount(committee, year,
lookups)` (None: this frame has none) and `line(committee, year, lookups)` (its explanation).
Adding one: write the module, add it to SUPPLEMENTS, test it (docs/arkitektur.md).
"""

from __future__ import annotations

from types import ModuleType

from ramkalk.core.frame import Component
from ramkalk.rules import (
    balance,
    ex_post,
    indexation,
    internal_services,
    price_tag,
    surplus,
    traditional,
    volume_drivers,
)

TRADITIONAL: tuple[Component, ...] = (
    traditional.BASE_COMPONENT,
    indexation.COMPONENT,
    traditional.EFFICIENCY_COMPONENT,
    traditional.VOLUME_COMPONENT,
    traditional.DECISIONS_COMPONENT,
)
"""The traditional model's components, in the order of its explanation."""

PRICE_TAG: tuple[Component, ...] = (price_tag.TAGS_COMPONENT, price_tag.TECHNICAL_BASE_COMPONENT)
"""The price-tag model's own components (it shares indexation, efficiency and decisions)."""

SUPPLEMENTS: tuple[ModuleType, ...] = (volume_drivers, internal_services, ex_post, surplus)
"""The rule modules of the supplements, in the order their lines follow the model's own."""

BALANCING: Component = balance.COMPONENT


def supplements() -> tuple[Component, ...]:
    """The supplements' records, in order."""
    return tuple(module.COMPONENT for module in SUPPLEMENTS)


def components() -> tuple[Component, ...]:
    """Every component, in the order shown: the traditional model's, the price-tag model's,
    the supplements, the balancing requirement."""
    return (*TRADITIONAL, *PRICE_TAG, *supplements(), BALANCING)


def component(key: str) -> Component:
    """The record of a frame's component `key` (a price tag's key names its group)."""
    found = next((c for c in components() if c.matches(key)), None)
    if found is None:
        raise KeyError(f"okänd ramkomponent {key!r}")
    return found
