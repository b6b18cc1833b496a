"""Quantity normalisation: every case of issue 8 plus the sample page's quantities."""

from __future__ import annotations

import pytest

from newsnlp.text.numerals import parse_numeral
from newsnlp.text.values.number import normalise_number


@pytest.mark.parametrize(("text", "value", "unit", "relation"), [
    ("3203家", 3203, "家", "="),
    ("一千多名", 1000, "名", ">="),
    ("近110场", 110, "场", "≈"),
    ("2.4万人", 24000, "人", "="),
    ("约2.4万人", 24000, "人", "≈"),
    ("超千家", 1000, "家", ">"),
    ("60余所", 60, "所", ">="),
    ("50%以上", 50, "%", ">="),
    ("超150平方米", 150, "平方米", ">"),
    ("约500名", 500, "名", "≈"),
    ("１４４名", 144, "名", "="),
    ("不到10人", 10, "人", "<="),
    ("一千多万元", 10_000_000, "元", ">="),
    ("1.5万亿元", 1_500_000_000_000, "元", "="),  # issue 18: no value before
    ("百分之三十", 30, "%", "="),  # issue 18: read as 100 with the unit 分之三十 before
    ("三成", 30, "%", "="),  # issue 18: stayed 3 成 before
    ("超四成", 40, "%", ">"),
    ("千分之五", 5, "‰", "="),
    ("30%", 30, "%", "="),
    ("近千名", 1000, "名", "≈"),
    ("十余万", 100_000, "", ">="),
    ("两千多", 2000, "", ">="),
    ("２００万美元", 2_000_000, "美元", "="),
    ("5000港元", 5000, "港元", "="),
    ("3万人次", 30000, "人次", "="),
    ("120平方米", 120, "平方米", "="),
    ("30公斤左右", 30, "公斤", "≈"),
])
def test_cases(text: str, value: float, unit: str, relation: str) -> None:
    assert normalise_number(text) == {"value": value, "unit": unit, "relation": relation}


def test_range_keeps_both_ends_and_shares_the_scale() -> None:
    assert normalise_number("3至5名") == {"value": 3, "unit": "名", "relation": "=", "max": 5}
    assert normalise_number("3至5万人")["value"] == 30000


@pytest.mark.parametrize("text", ["首批", "第一", "多名"])
def test_no_amount(text: str) -> None:
    assert normalise_number(text) is None


def test_parse_numeral() -> None:
    assert [parse_numeral(s) for s in ("1,056", "两", "2.5", "abc")] == [1056, 2, 2.5, None]



def test_ranges_with_any_dash() -> None:
    assert normalise_number("10—20人") == {"value": 10, "unit": "人", "relation": "=", "max": 20}
    assert normalise_number("3至5年") == {"value": 3, "unit": "年", "relation": "=", "max": 5}


def test_numerals_of_any_length_never_overflow() -> None:
    assert normalise_number("9999999999年") == {"value": 9999999999, "unit": "年", "relation": "="}
    assert normalise_number("9" * 400 + "年") is None
