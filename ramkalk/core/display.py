"""Numbers as shown: amounts rounded for display (tkr, mnkr) so that the parts shown add up to
the total shown, amounts and shares formatted, and counts with their nouns (`counted`).

Rounding every part on its own can make a column of rounded components miss the
rounded total by a unit or two. `round_parts` uses the largest-remainder method: the
total is rounded, each part is rounded down, and the units left over go to the parts
with the largest remainders. Amounts stay exact kronor everywhere else.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Sequence

TKR = Decimal(1000)
MNKR = Decimal(1_000_000)


def round_total(amount: Decimal, unit: Decimal = TKR) -> int:
    """An amount in kronor shown in `unit`, rounded half away from zero."""
    return int((amount / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_parts(parts: Sequence[Decimal], unit: Decimal = TKR, total: int | None = None) -> list[int]:
    """Parts in kronor shown in `unit`, adding up exactly to `total` (default: the rounded sum)."""
    if total is None:
        total = round_total(sum(parts, Decimal(0)), unit)
    scaled = [p / unit for p in parts]
    floors = [int(s.to_integral_value(rounding=ROUND_FLOOR)) for s in scaled]
    left = total - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: (scaled[i] - floors[i], -i), reverse=True)
    shown = list(floors)
    if left >= 0:
        for i in by_remainder[:left]:
            shown[i] += 1
    else:
        for i in list(reversed(by_remainder))[: -left]:
            shown[i] -= 1
    return shown


def format_kronor(amount: Decimal) -> str:
    """An exact amount in kronor, with öre only when it has any: "1 500 000,50 kr"."""
    if amount == amount.to_integral_value():
        return f"{format_amount(amount)} kr"
    whole = format_amount(int(amount))
    ore = f"{abs(amount) % 1:.2f}"[2:]
    sign = "−" if amount < 0 and int(amount) == 0 else ""
    return f"{sign}{whole},{ore} kr"


def format_share(share: Decimal) -> str:
    """A fraction as a Swedish percentage: Decimal("0.0333") -> "3,33 %"."""
    text = f"{(share * 100).normalize():f}".replace(".", ",").replace("-", "−")
    return f"{text} %"


def format_amount(value: int | Decimal) -> str:
    """A whole number with a space as thousands separator and a real minus sign: −1 234 567."""
    text = f"{abs(int(value)):,}".replace(",", "\u00a0")
    return f"−{text}" if value < 0 else text


def format_count(value: Decimal, decimals: int = 1) -> str:
    """A count or another number as a Swedish reader writes it, to at most `decimals` decimals
    (trailing zeros dropped), a space between thousands and a real minus sign: 11 900, 1 234,5, −0,5."""
    rounded = round(value, decimals)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"−{text}" if rounded < 0 else text


def counted(count: int, one: str, other: str) -> str:
    """A count with its noun in the right number: "1 fil", "3 filer", "0 filer"."""
    return f"{count} {one if count == 1 else other}"
