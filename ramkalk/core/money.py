"""Money in the core: `Decimal` kronor, made and rounded in one place.

Amounts are exact `Decimal` kronor. A computed component is rounded to whole kronor
(half away from zero, as in Swedish accounting) by `round_krona`; a frame is the sum of
its rounded components, so it is exact to the krona and equals its explanation.
Rounding to tkr/mnkr for display lives in `ramkalk.core.display`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
KRONA = Decimal(1)


def to_decimal(value: int | float | str | Decimal) -> Decimal:
    """A number as Decimal. Floats go through their shortest repr, so 0.033 stays 0.033."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    return Decimal(value)


def plain_number(amount: Decimal) -> int | float:
    """An amount as a plain number for a file (JSON, a cell): whole kronor stay integers, exactly."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def round_krona(amount: Decimal) -> Decimal:
    """Round an amount to whole kronor, half away from zero (never "−0")."""
    # Positional arguments: the C decimal module parses keyword arguments slowly, and this
    # runs for every computed amount of every frame.
    return amount.quantize(KRONA, ROUND_HALF_UP) + ZERO
