"""Festivals, lunar dates and solar terms through borax, placed in the anchor's year."""

from __future__ import annotations

from datetime import date

from newsnlp.text.values.calendars import lunar_day, lunar_in_year, place, term_day


def test_lunar_dates_with_leap_months_and_month_ends() -> None:
    assert lunar_day(2025, 1, 1) == date(2025, 1, 29)  # 春节 2025
    assert lunar_day(2025, 6, 1, leap=True) == date(2025, 7, 25)  # 2025 has a leap sixth month
    assert lunar_day(2025, 7, 1, leap=True) is None  # and no leap seventh
    assert lunar_day(2024, 12, 0) == date(2025, 1, 28)  # 除夕: the last day of the twelfth month
    assert lunar_day(2033, 11, 1, leap=True) == date(2033, 12, 22)  # the "2033 problem": leap 11th month
    assert lunar_day(2101, 1, 1) is None  # outside the tables


def test_solar_terms_and_the_year_a_date_falls_in() -> None:
    assert term_day(2025, "冬至") == date(2025, 12, 21) and term_day(2026, "清明") == date(2026, 4, 5)
    assert term_day(1800, "冬至") is None
    assert lunar_in_year(2025, 12, 8) == date(2025, 1, 7)  # 腊八 of lunar 2024 is the one in 2025


def test_place_takes_the_year_before_when_more_than_six_months_ahead() -> None:
    mid_autumn = lambda year: lunar_in_year(year, 8, 15)  # noqa: E731
    assert place(date(2026, 1, 5), mid_autumn) == date(2025, 10, 6)
    assert place(date(2026, 8, 1), mid_autumn) == date(2026, 9, 25)
    assert place(date(1, 1, 1), lambda year: date(year, 12, 1)) is None
