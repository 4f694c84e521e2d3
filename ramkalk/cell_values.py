"""Turning one raw cell value into a typed value, or a Swedish message saying why not.

`convert` never guesses: a wage increase of 33 is an error, not 33 %. Percentages are
accepted as Excel stores them (3,3 % is the number 0.033) and as text ("3,3 %", "3.3%",
"0,033"). Messages follow the pattern `väntade <what>, fick <found>`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ramkalk.money import to_decimal
from ramkalk.workbook_format import Column, Kind

# Plausible ranges; a value outside is an error naming the range.
RATE_RANGE = (Decimal("-0.2"), Decimal("0.2"))
SHARE_RANGE = (Decimal(0), Decimal(1))
WEIGHT_RANGE = (Decimal(0), Decimal(10))
YEAR_RANGE = (1900, 2200)
AGE_RANGE = (0, 130)

_NUMBER = re.compile(r"^[+\-−]?\d[\d\s\u00a0]*([.,]\d+)?$")


def text_key(value: object) -> str:
    """A text as it is compared: spaces collapsed, case ignored ("  Högre  löner" = "högre löner").
    Used for headers, settings keys, sheet, version and component names."""
    return " ".join(str(value).split()).casefold()


class Invalid(Exception):
    """A cell value could not be converted; the message is the Swedish explanation."""


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def shown(raw: object) -> str:
    """How a raw value is quoted in a message."""
    if isinstance(raw, str):
        return f'"{raw}"'
    if isinstance(raw, bool):
        return "SANT" if raw else "FALSKT"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).replace(".", ",") if isinstance(raw, float) else str(raw)


def _percent(value: Decimal) -> str:
    """0.2 -> "20 %", 0 -> "0 %", 0.033 -> "3,3 %"."""
    return f"{(value * 100).normalize():f}".replace(".", ",") + " %"


def _number(raw: object, what: str) -> tuple[Decimal, bool]:
    """A number from a numeric cell or from text; the flag says the text ended in "%"."""
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime, dt.time)):
        raise Invalid(f"väntade ett tal ({what}), fick {shown(raw)}")
    if isinstance(raw, (int, float, Decimal)):
        return to_decimal(raw), False
    text = str(raw).strip()
    percent = text.endswith("%")
    body = text.rstrip("%").strip()
    if not _NUMBER.match(body):
        raise Invalid(f"väntade ett tal ({what}), fick {shown(raw)}")
    body = re.sub(r"[\s\u00a0]", "", body).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(body)
    except InvalidOperation:
        raise Invalid(f"väntade ett tal ({what}), fick {shown(raw)}") from None
    return (number / 100 if percent else number), percent


def _plain_number(raw: object, what: str) -> Decimal:
    """A number that is not a share: a "%" sign is an error, not a division by 100."""
    if raw.__class__ is float:  # the commonest cell by far (calamine gives every number as a float)
        return to_decimal(raw)
    number, percent = _number(raw, what)
    if percent:
        raise Invalid(f"väntade ett tal utan % ({what}), fick {shown(raw)}")
    return number


def _integer(raw: object, what: str, low: int, high: int) -> int:
    number = _plain_number(raw, what)
    if number != number.to_integral_value():
        raise Invalid(f"väntade ett heltal ({what}), fick {shown(raw)}")
    if not low <= number <= high:
        raise Invalid(f"väntade {what} mellan {low} och {high}, fick {shown(raw)}")
    return int(number)


def _fraction(raw: object, what: str, low: Decimal, high: Decimal) -> Decimal:
    number, _ = _number(raw, what)
    if not low <= number <= high:
        raise Invalid(
            f"väntade {what} som andel mellan {_percent(low)} och {_percent(high)}"
            f" (t.ex. 3,3 % eller 0,033), fick {shown(raw)}"
        )
    return number


def _choice(raw: object, column: Column) -> str:
    text = str(raw).strip()
    for choice in column.choices:
        if text.casefold() == choice.casefold():
            return choice
    options = ", ".join(column.choices)
    raise Invalid(f"väntade {column.what}: ett av {options}; fick {shown(raw)}")


def _yes_no(raw: object, what: str) -> bool:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in ("ja", "j", "yes", "sant", "true", "1"):
        return True
    if text in ("nej", "n", "no", "falskt", "false", "0"):
        return False
    raise Invalid(f"väntade Ja eller Nej ({what}), fick {shown(raw)}")


def _text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def convert(raw: object, column: Column, unit_factor: Decimal = Decimal(1)) -> object:
    """The typed value of `raw` for `column`; raises `Invalid` with a Swedish message.

    Empty cells are the caller's business (required or default); amounts are
    multiplied by `unit_factor` (1000 in a workbook whose amounts are in tkr).
    """
    kind, what = column.kind, column.what
    # (the kinds of most cells first: amounts, then text)
    if kind is Kind.AMOUNT:
        return _plain_number(raw, what) * unit_factor
    if kind is Kind.PRICE or kind is Kind.COUNT:
        number = _plain_number(raw, what)
        if number < 0:
            raise Invalid(f"väntade {what} på 0 eller mer, fick {shown(raw)}")
        return number * unit_factor if kind is Kind.PRICE else number
    if kind is Kind.TEXT:
        return _text(raw)
    if kind is Kind.YEAR:
        return _integer(raw, what, *YEAR_RANGE)
    if kind is Kind.AGE:
        return _integer(raw, what, *AGE_RANGE)
    if kind is Kind.MONTH:
        return _integer(raw, what, 1, 12)
    if kind is Kind.SMALL_INTEGER:
        return _integer(raw, what, 0, 20)
    if kind is Kind.SHARE:
        return _fraction(raw, what, *SHARE_RANGE)
    if kind is Kind.RATE:
        return _fraction(raw, what, *RATE_RANGE)
    if kind is Kind.WEIGHT:
        number = _plain_number(raw, what)
        if not WEIGHT_RANGE[0] <= number <= WEIGHT_RANGE[1]:
            raise Invalid(f"väntade {what} mellan 0 och 10, fick {shown(raw)}")
        return number
    if kind is Kind.CHOICE:
        return _choice(raw, column)
    if kind is Kind.YES_NO:
        return _yes_no(raw, what)
    raise ValueError(f"unknown column kind {kind}")
