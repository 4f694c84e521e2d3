"""Turning one raw cell value into a typed value, or a Swedish message saying why not.

`convert` never guesses: a wage increase of 33 is an error, not 33 %. A number must be a
number in the cell, as Excel stores it (3,3 % is the number 0.033): a number typed or pasted
as text ("12 000", "3,3 %") is an error that says which number it looks like, since Excel's
own sums skip it and the user would see other totals than ramkalk. A cell that the
spreadsheet shows as an error value (#N/A) or a formula that was never calculated is a
`CellFault`, never a blank. Amounts and counts beyond `MAX_MAGNITUDE` are errors.
Messages follow the pattern `väntade <what>, fick <found>`.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from ramkalk.core.money import to_decimal
from ramkalk.schema.tables import Column, Kind

# Plausible ranges; a value outside is an error naming the range.
RATE_RANGE = (Decimal("-0.2"), Decimal("0.2"))
SHARE_RANGE = (Decimal(0), Decimal(1))
WEIGHT_RANGE = (Decimal(0), Decimal(10))
YEAR_RANGE = (1900, 2200)
AGE_RANGE = (0, 130)

MAX_MAGNITUDE = Decimal("1e13")
"""The largest amount (kr) or count read: ten thousand billion kronor is surely a typing or unit error."""

_NUMBER = re.compile(r"^[+\-−]?\d[\d\s\u00a0]*([.,]\d+)?$")

ERROR_VALUES = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
"""The error values a spreadsheet shows in a cell (Excel's; LibreOffice saves its own as these)."""


class CellFault:
    """A cell whose value cannot be read as the user sees it: an error value (`#N/A`) or a
    formula without a saved value (a file saved by a program that does not calculate).

    Readers put one in place of the cell's value; `convert` turns it into a message, so a
    fault in any cell, required or optional, is an error at that cell and never a default.
    """

    __slots__ = ("error", "formula")

    def __init__(self, error: str | None = None, formula: str | None = None) -> None:
        self.error, self.formula = error, formula

    def message(self, what: str) -> str:
        if self.error is not None:
            return f"cellen visar felvärdet {self.error}; väntade {what}. Rätta formeln eller skriv in värdet"
        formula = f"formeln ={self.formula} " if self.formula else "formeln "
        return (f"{formula}har inget sparat värde (filen sparades av ett program som inte räknar); öppna filen i "
                f"Excel eller LibreOffice, räkna om och spara; väntade {what}")

    def __str__(self) -> str:
        return self.error if self.error is not None else f"={self.formula or ''}"

    def __repr__(self) -> str:
        return f"CellFault(error={self.error!r}, formula={self.formula!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CellFault)
                and (self.error, self.formula) == (other.error, other.formula))

    def __hash__(self) -> int:
        return hash((self.error, self.formula))


def error_value(raw: object) -> CellFault | None:
    """The fault of a value that is one of the spreadsheet's error values as text (how xlwings,
    given `err_to_str`, hands an error cell over), else None."""
    if isinstance(raw, str) and raw.startswith("#") and raw.strip().upper() in ERROR_VALUES:
        return CellFault(error=raw.strip().upper())
    return None


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


def looks_like(text: str) -> str | None:
    """The number a text looks like, as a Swedish user would write it ("12 000" -> "12 000",
    "3.3%" -> "3,3 %"), or None if it does not look like a number."""
    stripped = text.strip()
    percent = stripped.endswith("%")
    body = stripped.rstrip("%").strip()
    if not _NUMBER.match(body):
        return None
    digits = re.sub(r"[\s\u00a0]", "", body).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    whole, _, decimals = f"{abs(number):f}".partition(".")
    digits_shown = f"{int(whole):,}".replace(",", "\u00a0") if int(whole) >= 10_000 else whole
    grouped = digits_shown + (f",{decimals}" if decimals else "")
    return f"{'−' if number < 0 else ''}{grouped}{' %' if percent else ''}"


def _number(raw: object, what: str) -> Decimal:
    """A number from a numeric cell: text, a date or a truth value is an error, as are NaN,
    infinity and magnitudes beyond MAX_MAGNITUDE."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise Invalid(f"väntade ett tal ({what}), fick ett ogiltigt tal ({shown(raw)})")
        number = to_decimal(raw)
        if not number.is_finite():
            raise Invalid(f"väntade ett tal ({what}), fick ett ogiltigt tal ({shown(raw)})")
        return number
    if raw.__class__ is CellFault:
        raise Invalid(raw.message(what))
    if isinstance(raw, str):
        fault = error_value(raw)
        if fault is not None:
            raise Invalid(fault.message(what))
        number = looks_like(raw)
        if number is not None:
            raise Invalid(f"väntade ett tal ({what}), fick texten {shown(raw)}, som ser ut som talet {number} men "
                          "är text, som Excel inte räknar med; skriv in det som ett tal")
    raise Invalid(f"väntade ett tal ({what}), fick {shown(raw)}")


def _plain_number(raw: object, what: str) -> Decimal:
    """A number that is not a share, within ±MAX_MAGNITUDE (before any unit factor)."""
    if raw.__class__ is float and -1e13 <= raw <= 1e13:  # the commonest cell (calamine gives numbers as floats)
        return to_decimal(raw)
    number = _number(raw, what)
    if abs(number) > MAX_MAGNITUDE:
        raise Invalid(f"väntade {what} under 10 000 miljarder, fick {shown(raw)}; kontrollera talet och enheten")
    return number


def _kronor(amount: Decimal, raw: object, what: str) -> Decimal:
    """An amount in kronor (after the unit factor) within ±MAX_MAGNITUDE."""
    if -MAX_MAGNITUDE <= amount <= MAX_MAGNITUDE:
        return amount
    raise Invalid(f"väntade {what} under 10 000 miljarder kr, fick {shown(raw)}; kontrollera talet och inställningen "
                  "Belopp i (kr eller tkr)")


def _integer(raw: object, what: str, low: int, high: int) -> int:
    if raw.__class__ is float and raw.is_integer() and low <= raw <= high:  # most cells: a year or an age
        return int(raw)
    number = _plain_number(raw, what)
    if number != number.to_integral_value():
        raise Invalid(f"väntade ett heltal ({what}), fick {shown(raw)}")
    if not low <= number <= high:
        raise Invalid(f"väntade {what} mellan {low} och {high}, fick {shown(raw)}")
    return int(number)


def _fraction(raw: object, what: str, low: Decimal, high: Decimal) -> Decimal:
    number = _number(raw, what)
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


def _text(raw: object, what: str) -> str:
    _fault_or_text(raw, what)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _fault_or_text(raw: object, what: str) -> None:
    """Raise the message of a `CellFault`, or of an error value written as text, else nothing."""
    if raw.__class__ is CellFault:
        raise Invalid(raw.message(what))
    if raw.__class__ is str and raw[:1] == "#" and (fault := error_value(raw)) is not None:
        raise Invalid(fault.message(what))


def _amount(raw: object, column: Column, factor: Decimal) -> Decimal:
    return _kronor(_plain_number(raw, column.what) * factor, raw, column.what)


def _non_negative(raw: object, column: Column, factor: Decimal) -> Decimal:
    number = _plain_number(raw, column.what)
    if number < 0:
        raise Invalid(f"väntade {column.what} på 0 eller mer, fick {shown(raw)}")
    return _kronor(number * factor, raw, column.what) if column.kind is Kind.PRICE else number


def _weight(raw: object, column: Column, factor: Decimal) -> Decimal:
    number = _plain_number(raw, column.what)
    if not WEIGHT_RANGE[0] <= number <= WEIGHT_RANGE[1]:
        raise Invalid(f"väntade {column.what} mellan 0 och 10, fick {shown(raw)}")
    return number


def _checked_choice(raw: object, column: Column, factor: Decimal) -> str:
    _fault_or_text(raw, column.what)
    return _choice(raw, column)


def _checked_yes_no(raw: object, column: Column, factor: Decimal) -> bool:
    _fault_or_text(raw, column.what)
    return _yes_no(raw, column.what)


_CONVERTERS = {
    Kind.AMOUNT: _amount,
    Kind.PRICE: _non_negative,
    Kind.COUNT: _non_negative,
    Kind.TEXT: lambda raw, column, factor: _text(raw, column.what),
    Kind.YEAR: lambda raw, column, factor: _integer(raw, column.what, *YEAR_RANGE),
    Kind.AGE: lambda raw, column, factor: _integer(raw, column.what, *AGE_RANGE),
    Kind.MONTH: lambda raw, column, factor: _integer(raw, column.what, 1, 12),
    Kind.SMALL_INTEGER: lambda raw, column, factor: _integer(raw, column.what, 0, 20),
    Kind.SHARE: lambda raw, column, factor: _fraction(raw, column.what, *SHARE_RANGE),
    Kind.RATE: lambda raw, column, factor: _fraction(raw, column.what, *RATE_RANGE),
    Kind.WEIGHT: _weight,
    Kind.CHOICE: _checked_choice,
    Kind.YES_NO: _checked_yes_no,
}
"""Kind -> its conversion (raw, column, unit factor) -> value; every kind of `Kind` has one."""


def convert(raw: object, column: Column, unit_factor: Decimal = Decimal(1)) -> object:
    """The typed value of `raw` for `column`; raises `Invalid` with a Swedish message.

    Empty cells are the caller's business (required or default); amounts are
    multiplied by `unit_factor` (1000 in a workbook whose amounts are in tkr). A `CellFault`
    is an error in a cell of any kind.
    """
    return _CONVERTERS[column.kind](raw, column, unit_factor)
