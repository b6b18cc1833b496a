"""Festivals, lunar dates and solar terms as Gregorian days (normalise stage).

Conversions go through borax (``borax.calendars``): its lunar tables and solar-term days (1900–2100)
agree with lunardate, zhdate, sxtwl and lunar-python on every date we checked (the README's design
section says why borax). A day outside that range, or a lunar date that does not exist (a leap
month the year lacks, 腊月三十 in a 29-day month), is ``None``.

A festival or solar term written without a year is placed like a year-less Gregorian date
(corpora/GUIDELINES.md §2.1): the occurrence in the anchor's year, or in the year before when it would
lie more than :data:`FUTURE_LIMIT` days after the anchor; a lunar date (腊月初八) likewise in the
anchor's lunar year. With a Gregorian year (2024年除夕) it is the occurrence in that year; with a
lunar year (农历2024年八月十五) the day of that lunar year.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from borax.calendars.lunardate import LCalendars, LunarDate, TermUtils

FUTURE_LIMIT = 183  # days after the anchor beyond which a year-less date is taken from the year before


def lunar_day(lunar_year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The Gregorian day of a lunar date; ``day`` 0 is the month's last day (除夕 = 12, 0)."""
    try:
        if day == 0:
            day = LCalendars.ndays(lunar_year, month, int(leap))
        return LunarDate(lunar_year, month, day, int(leap)).to_solar_date()
    except (ValueError, TypeError):  # outside 1900–2100, or no such lunar day
        return None


def term_day(year: int, name: str) -> date | None:
    """The day of the solar term ``name`` (冬至, 清明 …) in the Gregorian ``year``."""
    try:
        return TermUtils.day_start_from_term(year, name)
    except ValueError:  # outside 1900–2100
        return None


def lunar_in_year(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The last occurrence of a lunar date within the Gregorian ``year`` (腊八 of 2025: 2025-01-07)."""
    days = [found for lunar_year in (year - 1, year)
            if (found := lunar_day(lunar_year, month, day, leap)) is not None and found.year == year]
    return max(days, default=None)


def place(anchor: date, day_in_year: Callable[[int], date | None]) -> date | None:
    """The occurrence in the anchor's year, or in the year before when that one lies more than
    :data:`FUTURE_LIMIT` days after the anchor."""
    found = day_in_year(anchor.year)
    if found is not None and found - anchor <= timedelta(days=FUTURE_LIMIT):
        return found
    return day_in_year(anchor.year - 1) if anchor.year > 1 else None


def place_lunar(anchor: date, month: int, day: int, leap: bool = False) -> date | None:
    """A lunar date in the anchor's lunar year, or in the lunar year before when it would lie more
    than :data:`FUTURE_LIMIT` days after the anchor."""
    try:
        lunar_year = LunarDate.from_solar_date(anchor.year, anchor.month, anchor.day).year
    except ValueError:  # outside 1900–2100
        return None
    found = lunar_day(lunar_year, month, day, leap)
    if found is not None and found - anchor <= timedelta(days=FUTURE_LIMIT):
        return found
    return lunar_day(lunar_year - 1, month, day, leap)
