"""Time normalisation: the cases of issue 8 and of corpora/GUIDELINES.md §2 (anchor 2025-11-25)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.stages.normalise.time import day_of, normalise_time, parse_number

ANCHOR = "2025-11-25"  # a Tuesday; the sample page's date


@pytest.mark.parametrize(("text", "iso"), [
    ("11月19日", "2025-11-19"),
    ("11月19日上午", "2025-11-19"),
    ("2025年11月19日", "2025-11-19"),
    ("十一月十九日", "2025-11-19"),
    ("19日", "2025-11-19"),
    ("10月", "2025-10"),
    ("10月底", "2025-10-21/2025-10-31"),
    ("截至10月底", "2025-10-21/2025-10-31"),  # the preposition is not normalised
    ("10月初", "2025-10-01/2025-10-10"),
    ("11月中旬", "2025-11-11/2025-11-20"),
    ("12月31日前", "../2025-12-31"),
    ("4月1日起", "2025-04-01/.."),
    ("今年", "2025"),
    ("年内", "2025"),
    ("去年", "2024"),
    ("明年", "2026"),
    ("2024年", "2024"),
    ("今年底", "2025-12"),
    ("2023年底", "2023-12"),
    ("年初", "2025-01"),
    ("今天", "2025-11-25"),
    ("目前", "2025-11-25"),
    ("昨晚", "2025-11-24"),
    ("2022年以来", "2022/2025-11-25"),
    ("2023年以来", "2023/2025-11-25"),
    ("上周", "2025-11-17/2025-11-23"),
    ("2024—2026年", "2024/2026"),
    ("今年12月到明年2月", "2025-12/2026-02"),
    ("11月3日至7日", "2025-11-03/2025-11-07"),
    ("2023年1—3月", "2023-01/2023-03"),
    ("7月起至12月", "2025-07/2025-12"),
    ("今年上半年", "2025-01/2025-06"),
    ("一季度", "2025-01/2025-03"),
    ("前三季度", "2025-01/2025-09"),
    ("眼下", "2025-11-25"),
])
def test_exact_values(text: str, iso: str) -> None:
    assert normalise_time(text, ANCHOR) == {"iso": iso}


@pytest.mark.parametrize(("text", "iso"), [
    ("近日", "2025-11-18/2025-11-25"),
    ("日前", "2025-11-18/2025-11-25"),
    ("近期", "2025-11-18/2025-11-25"),
    ("这几天", "2025-11-18/2025-11-25"),
    ("两年来", "2023-11-25/2025-11-25"),
    ("近年来", "2022-11-25/2025-11-25"),
])
def test_vague_expressions_are_approximate_windows(text: str, iso: str) -> None:
    assert normalise_time(text, ANCHOR) == {"iso": iso, "approx": True}


def test_same_day_refers_back_to_the_last_named_day() -> None:
    # the photo caption: "11月24日，……。当日，……" -> 当日 is 2025-11-24, not the page date
    assert normalise_time("当日", ANCHOR, reference="2025-11-24") == {"iso": "2025-11-24"}
    assert normalise_time("当日", ANCHOR) == {"iso": ANCHOR}


def test_year_less_dates_never_lie_more_than_six_months_ahead() -> None:
    assert normalise_time("12月20日", "2026-01-05") == {"iso": "2025-12-20"}
    assert normalise_time("12月31日前", ANCHOR) == {"iso": "../2025-12-31"}
    assert normalise_time("6月1日", ANCHOR) == {"iso": "2025-06-01"}


def test_without_an_anchor() -> None:
    assert normalise_time("近日") is None
    assert normalise_time("7月4日") == {"iso": "XXXX-07-04"}
    assert normalise_time("2025年11月19日") == {"iso": "2025-11-19"}
    assert normalise_time("2024年上半年") == {"iso": "2024-01/2024-06"}
    assert normalise_time("百日") is None  # a day count, not a date: once a crash without an anchor


@pytest.mark.parametrize("text", ["三年", "3年", "首批", "", "2月30日", "未来"])
def test_durations_and_non_times_give_none(text: str) -> None:
    assert normalise_time(text, ANCHOR) is None


def test_helpers() -> None:
    assert parse_number("二〇二五") == 2025
    assert parse_number("三十一") == 31
    assert day_of(normalise_time("11月19日", ANCHOR)).isoformat() == "2025-11-19"
    assert day_of(normalise_time("今年", ANCHOR)) is None


@pytest.mark.parametrize("text", ["11111月", "13月5日", "11月45日", "0月", "2025年99月底", "11111月至12月"])
def test_impossible_months_and_days_give_no_value(text: str) -> None:
    # found by the bad-input campaign: a mutated 11月 became 11111月 and crashed the normaliser
    assert normalise_time(text, "2025-11-25") is None


TIME_ALPHABET = [*"0123456789一二两三十百千万年月日号至到—-~起以来前后底初末中旬上下今去明本近约季度周天半",
                 "今年", "去年", "上旬", "期间", "春节"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TIME_ALPHABET), min_size=1, max_size=12).map("".join),
       st.sampled_from(["2025-11-25", "2024-02-29", None]))
def test_any_string_of_time_words_is_read_or_refused_never_raises(text: str, anchor: str | None) -> None:
    value = normalise_time(text, anchor)
    assert value is None or isinstance(value["iso"], str)
