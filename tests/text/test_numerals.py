"""The one numeral reader: every written form, and no overflow on numerals of any length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsnlp.text.numerals import MAX_DIGITS, NUMERAL, NUMERAL_CHARS, parse_integer, parse_numeral


@pytest.mark.parametrize(("text", "number"), [
    ("3203", 3203), ("１４４", 144), ("1,056", 1056), ("2.5", 2.5), ("0.5", 0.5),
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一千零五十", 1050),
    ("三千五", 3500), ("两万五", 25000), ("二百五", 250), ("一万五千", 15000), ("一万零五百", 10500),
    ("两", 2), ("两千", 2000), ("廿三", 23), ("卅一", 31), ("二〇二五", 2025), ("二零二三", 2023),
    ("三点五", 3.5), ("三点五万", 35000), ("壹佰贰拾", 120), ("2.4万", 24000), ("1.5万亿", 1_500_000_000_000),
    ("3千5百", 3500), ("三亿五千万", 350_000_000), ("十万", 100_000), ("万", 10_000), ("1万亿", 10**12),
])
def test_every_written_form(text: str, number: float) -> None:
    assert parse_numeral(text) == number


@pytest.mark.parametrize("text", ["", "abc", "三点", "三百五六", "9" * MAX_DIGITS, "亿" * 9, "1.2.3"])
def test_what_is_no_numeral_or_too_long_is_refused(text: str) -> None:
    assert parse_numeral(text) is None


def test_integers_and_finding_numerals_in_text() -> None:
    assert parse_integer("三十一") == 31 and parse_integer("2.5") is None
    found = NUMERAL.findall("1.5万亿元，约2,056人，三点五倍，二〇二五年")
    assert found == ["1.5万亿", "2,056", "三点五", "二〇二五"]


@given(st.text(alphabet="0123456789.,点" + NUMERAL_CHARS, max_size=60))
def test_any_string_of_numeral_characters_is_read_or_refused(text: str) -> None:
    number = parse_numeral(text)
    assert number is None or (isinstance(number, int | float) and abs(number) < 10**MAX_DIGITS)
