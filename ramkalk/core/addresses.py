"""A1 addresses: column letters and column numbers, as Excel counts them (A = 1, Z = 26, AA = 27).

The one place this is done, so that reading ranges (the add-in, xlwings Lite) and returned templates
needs no spreadsheet library.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def column_letter(number: int) -> str:
    """The letters of a 1-based column number: 1 -> "A", 28 -> "AB"."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=1024)
def column_number(letters: str) -> int:
    """The 1-based number of column `letters`: "A" -> 1, "ab" -> 28."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


_ADDRESS = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


def cell_place(address: str) -> tuple[int, int]:
    """"B12" (or "$B$12") -> (12, 2): row and column; ValueError if `address` is not one cell's."""
    found = _ADDRESS.fullmatch(address)
    if found is None or int(found.group(2)) == 0:
        raise ValueError(f"not a cell address: {address!r}")
    return int(found.group(2)), column_number(found.group(1))
