"""The checksum's canonical text of a value (`ramkalk.templates.identity.canonical`)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ramkalk.templates.identity import canonical


def first_definition(number: float) -> str:
    """How the first ramkalk wrote a number into the checksum: rounded, then formatted."""
    return f"{round(number, 6):.6f}"


@settings(max_examples=5000)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**15, 10**15))
def test_a_number_is_the_text_the_first_checksums_used(number):
    assert canonical(number) == first_definition(float(number))


def test_numbers_exactly_halfway_round_to_even_as_before():
    # k/128 is exact in binary and halfway at the sixth decimal: where two roundings could differ.
    halfway = [k / 128 for k in range(-300, 300, 2)] + [2**33 + 1 / 128, -(2**20 + 3 / 128)]
    assert [canonical(n) for n in halfway] == [first_definition(n) for n in halfway]
    assert [canonical(n) for n in (1 / 128, 3 / 128, -1 / 128)] == ["0.007812", "0.023438", "-0.007812"]


def test_other_values():
    assert [canonical(v) for v in (None, True, 3, "Bygg & anläggning", date(2027, 8, 31))] == [
        "", "True", "3.000000", "Bygg & anläggning", "2027-08-31"]
