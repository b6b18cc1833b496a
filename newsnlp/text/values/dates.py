"""Dates, weeks, festivals, lunar dates and decades as periods of days (normalise stage, :mod:`.time`).

Each reader takes the text of one expression without prepositions, suffixes or a clock time and
returns a :class:`Period` (or ``XXXX-MM-DD`` when no anchor gives the year), or ``None``. The words
are in ``time_words.yaml``; the rules are those of ``corpora/GUIDELINES.md`` §2.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..numerals import CHINESE_DIGITS, NUMERAL_CHARS, parse_integer
from .calendars import lunar_day, lunar_in_year, place, place_lunar, term_day
from .words import TIME_WORDS as WORDS
from .words import alternatives

NUMBER = rf"[0-9{NUMERAL_CHARS}]+"
_YEAR = (rf"(?:(?P<year>\d{{4}}|[{CHINESE_DIGITS}]{{4}})年|(?P<yy>\d{{2}}|[{CHINESE_DIGITS}]{{2}})年(?=.)"
         rf"|(?P<ryear>{alternatives(WORDS['year_words'])}))")
_CALENDAR = re.compile(
    rf"^{_YEAR}?(?:(?P<month>{NUMBER})月份?|(?P<rmonth>{alternatives(WORDS['month_words'])}))?"
    rf"(?:(?P<day>{NUMBER})[日号])?(?:(?P<part>{alternatives(WORDS['month_parts'])})|(?P<half>上半年|下半年)"
    rf"|第?(?P<q>[一二三四1-4])季度|前(?P<qs>[一二两三2-3])(?:个)?季度|前(?P<months>{NUMBER})个月)?$")
_NUMERIC = re.compile(r"^(?P<year>\d{4})(?:(?P<month>\d{2})(?P<day>\d{2})"
                      r"|[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?)$")
_WEEK = re.compile(rf"^(?P<rel>{alternatives(WORDS['week_offsets'])})?(?:周|星期|礼拜)"
                   rf"(?P<day>[{''.join(WORDS['weekdays'])}]|末)?$")
_WEEK_NUMBER = re.compile(rf"^{_YEAR}?(?:(?P<month>{NUMBER})月份?)?第(?P<n>{NUMBER})(?:周|个星期)$")
_WEEKDAY_AFTER_DATE = re.compile(r"(?<=[日号])(?:星期|周|礼拜)[一二三四五六日天]$")
_FESTIVAL_NAMES = [*WORDS["solar_festivals"], *WORDS["lunar_festivals"], *WORDS["term_festivals"],
                   *WORDS["solar_terms"]]
_FESTIVAL = re.compile(rf"^{_YEAR}?(?P<name>{alternatives(_FESTIVAL_NAMES)})(?:日|节)?$")
_LUNAR_DAY = (rf"(?:初[{CHINESE_DIGITS}十]|廿[{CHINESE_DIGITS}]|[二三]十[{CHINESE_DIGITS}]?"
              rf"|十[{CHINESE_DIGITS}]?|[一二三四五六七八九])")
_LUNAR = re.compile(rf"^(?P<lunar>农历)?(?:(?P<year>\d{{4}}|[{CHINESE_DIGITS}]{{4}})年)?(?P<leap>闰)?"
                    rf"(?P<month>{alternatives(WORDS['lunar_months'])}|十[一二]|[一二三四五六七八九十])月"
                    rf"(?P<day>{_LUNAR_DAY})$|^大年(?P<new_year_day>初[一二三四五六七八九十])$")
_DECADE = re.compile(rf"^(?:(?P<rel>上个?世纪|本世纪)|(?P<century>{NUMBER})世纪)?"
                     rf"(?:(?P<decade>{NUMBER})年代)?$")
_DAY_PART_END = re.compile(rf"(?<=.)(?:{alternatives(WORDS['day_parts'])})$")


@dataclass(frozen=True)
class Period:
    """A stretch of time and the precision it was written in (``year``, ``month``, ``day``, ``hour``
    or ``minute``; times of day are ``datetime``s)."""

    start: date
    end: date
    precision: str

    def endpoint(self, last: bool) -> str:
        """The first (or last) date at the written precision, for intervals."""
        day = self.end if last else self.start
        if self.precision in ("hour", "minute"):
            return f"{day.date().isoformat()}T{day.hour:02d}:{day.minute:02d}"
        return (f"{day.year:04d}" if self.precision == "year" else
                f"{day.year:04d}-{day.month:02d}" if self.precision == "month" else day.isoformat())

    @property
    def iso(self) -> str:
        first, last = self.endpoint(False), self.endpoint(True)
        return first if first == last else f"{first}/{last}"


def day_period(day: date) -> Period:
    return Period(day, day, "day")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, first: int, last: int) -> Period:
    return Period(date(year, first, 1), month_end(year, last), "month")


def shift_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_period(year: int, month: int, part: str | None) -> Period:
    if part is None:
        return month_span(year, month, month)
    low, high = WORDS["month_parts"][part]
    last = min(high, calendar.monthrange(year, month)[1])
    return Period(date(year, month, low), date(year, month, last), "day")


def _two_digit_year(digits: str, anchor: date | None) -> int | None:
    """19年 → 2019, 98年 → 1998: the century that puts the year nearest the anchor (§2.1)."""
    yy = parse_integer(digits)
    if anchor is None or yy is None:
        return None
    return min((anchor.year // 100 * 100 + yy + shift for shift in (-100, 0, 100)),
               key=lambda year: abs(year - anchor.year))


def _year_of(match: re.Match[str], anchor: date | None) -> int | None:
    """The year a ``_YEAR`` group names (None when it names none or cannot be placed)."""
    if match["year"]:
        return parse_integer(match["year"])
    if match["yy"]:
        return _two_digit_year(match["yy"], anchor)
    if match["ryear"] and anchor is not None:
        return anchor.year + WORDS["year_words"][match["ryear"]]
    return None


def _calendar(core: str, anchor: date | None, context: Period | None) -> Period | str | None:
    """2025年11月19日, 10月底, 今年上半年, 上月20日, 前三季度, 今年前10个月 … (``context`` supplies the
    year and month that a range's second half leaves out: 11月3日至7日)."""
    if core[:1] == "年" and core[1:] in WORDS["year_parts"]:  # 年底: of this year
        core = "今年" + core[1:]
    if core[:1] == "月" and core[1:] in WORDS["month_parts"]:  # 月底: of this month
        core = "本月" + core[1:]
    core = re.sub(r"(?<=年)年(?=[初中底末]$)", "", core)  # 今年年底
    match = _CALENDAR.match(core)
    if match is None or not any(match[k] for k in ("year", "yy", "ryear", "month", "rmonth", "day", "half",
                                                    "q", "qs", "months")):
        return None
    if match["yy"] and not (match["month"] or match["part"] or match["half"] or match["q"]):
        return None  # 19年 alone is a duration
    year = _year_of(match, anchor)
    if (match["year"] or match["yy"] or match["ryear"]) and (year is None or match["year"] and year < 1000):
        return None  # a relative year without an anchor; 0999年
    month = parse_integer(match["month"]) if match["month"] else None
    day = parse_integer(match["day"]) if match["day"] else None
    if match["rmonth"]:
        if anchor is None:
            return None
        shifted = shift_months(anchor.replace(day=1), WORDS["month_words"][match["rmonth"]])
        year, month = (year or shifted.year), shifted.month
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None  # 11111月, 45日: no date
    part = match["part"]
    if month is None and day is None:  # a year or a part of one
        if year is None:
            year = anchor.year if anchor else context.start.year if context else None
        if year is None:
            return None
        if match["half"]:
            return month_span(year, 1, 6) if match["half"] == "上半年" else month_span(year, 7, 12)
        if match["q"] or match["qs"]:
            quarters = parse_integer(match["q"] or match["qs"]) or 1
            return month_span(year, (quarters - 1) * 3 + 1 if match["q"] else 1, quarters * 3)
        if match["months"]:
            last = parse_integer(match["months"])
            return month_span(year, 1, last) if last and 1 <= last <= 12 else None
        if part in WORDS["year_parts"]:
            return _month_period(year, WORDS["year_parts"][part], None)
        return year_period(year) if part is None else None
    if match["half"] or match["q"] or match["qs"] or match["months"]:
        return None
    if context is not None:
        year = year or context.start.year
        month = month or (context.start.month if day is not None else None)
    if month is None:  # 19日: the anchor's month
        if anchor is None:
            return None
        year, month = year or anchor.year, anchor.month
    if year is None:
        if anchor is None:  # no year and nothing to anchor it to: XXXX-11-19, or nothing
            if day is not None and safe_date(2000, month, day) is None:  # 2月30日 exists in no year
                return None
            return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        found = place(anchor, lambda y: safe_date(y, month, min(day or 1, calendar.monthrange(y, month)[1])))
        if found is None:
            return None
        year = found.year
    if day is not None:
        found = safe_date(year, month, day)
        return None if found is None or part else day_period(found)
    return _month_period(year, month, part)


def _numeric(core: str) -> Period | None:
    """20231105, 2021/7/1, 2021.7.1, 2021-7-1, 2023/11."""
    match = _NUMERIC.match(core)
    if match is None:
        return None
    year, month = int(match["year"]), int(match["month"] or match["m"])
    day = match["day"] or match["d"]
    if not 1 <= month <= 12 or year < 1000:
        return None
    if day is None:
        return month_span(year, month, month)
    found = safe_date(year, month, int(day))
    return None if found is None else day_period(found)


def deictic(core: str, anchor: date | None, reference: date | None) -> Period | None:
    """今天, 去年, 上月, 当日, 次日, 本季度 …: a day, month, quarter or year relative to the anchor
    (当日 and the like: to the reference)."""
    if core in WORDS["reference_words"] and reference is not None:
        return day_period(reference + timedelta(days=WORDS["reference_words"][core]))
    if anchor is None:
        return None
    if core in WORDS["day_words"]:
        return day_period(anchor + timedelta(days=WORDS["day_words"][core]))
    if core in WORDS["year_words"]:
        return year_period(anchor.year + WORDS["year_words"][core])
    if core in WORDS["month_words"]:
        first = shift_months(anchor.replace(day=1), WORDS["month_words"][core])
        return month_span(first.year, first.month, first.month)
    if core in WORDS["quarter_words"]:
        quarter_start = date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1)
        first = shift_months(quarter_start, 3 * WORDS["quarter_words"][core])
        return month_span(first.year, first.month, first.month + 2)
    return None


def _week(core: str, anchor: date | None, context: Period | None) -> Period | None:
    """本周, 上周三, 下周末, 周五 (of the anchor's week, or of the week a range began in)."""
    match = _WEEK.match(core)
    if match is None or not (match["rel"] or match["day"]):
        return None
    base = context.start if context is not None and not match["rel"] else anchor
    if base is None:
        return None
    weeks = WORDS["week_offsets"].get(match["rel"], 0)
    monday = base - timedelta(days=base.weekday()) + timedelta(weeks=weeks)
    if match["day"] == "末":
        return Period(monday + timedelta(days=5), monday + timedelta(days=6), "day")
    if match["day"]:
        return day_period(monday + timedelta(days=WORDS["weekdays"][match["day"]]))
    return Period(monday, monday + timedelta(days=6), "day")


def _week_number(core: str, anchor: date | None) -> Period | None:
    """第二周, 11月第二周, 2025年第10周: weeks run Monday to Sunday and belong to the month or year
    that holds their Thursday (ISO 8601); a bare 第N周 is of the anchor's month up to 6, else its year."""
    match = _WEEK_NUMBER.match(core)
    if match is None:
        return None
    n = parse_integer(match["n"])
    year = _year_of(match, anchor) if match["year"] or match["ryear"] else anchor.year if anchor else None
    if n is None or year is None or n < 1:
        return None
    month = parse_integer(match["month"]) if match["month"] else (
        anchor.month if anchor and not (match["year"] or match["ryear"]) and n <= 6 else None)
    if month is None:
        try:
            monday = date.fromisocalendar(year, n, 1)
        except ValueError:  # no such week
            return None
    else:
        first = safe_date(year, month, 1)
        if first is None:
            return None
        thursday = first + timedelta(days=(3 - first.weekday()) % 7)
        monday = thursday - timedelta(days=3) + timedelta(weeks=n - 1)
        if (monday + timedelta(days=3)).month != month:
            return None
    return Period(monday, monday + timedelta(days=6), "day")


def _festival(core: str, anchor: date | None) -> Period | None:
    """春节, 2024年除夕, 中秋节, 清明节, 冬至, 明年立春: the day, in the year named or placed."""
    match = _FESTIVAL.match(core)
    if match is None:
        return None
    name = WORDS["term_festivals"].get(match["name"], match["name"])
    if name in WORDS["solar_festivals"]:
        month, day = WORDS["solar_festivals"][name]
        if not (match["year"] or match["ryear"]) and anchor is None:
            return None
        in_year = lambda y: safe_date(y, month, day)  # noqa: E731
    elif name in WORDS["lunar_festivals"]:
        month, day = WORDS["lunar_festivals"][name]
        in_year = lambda y: lunar_in_year(y, month, day)  # noqa: E731
    else:
        in_year = lambda y: term_day(y, name)  # noqa: E731
    year = _year_of(match, anchor) if match["year"] or match["ryear"] else None
    found = in_year(year) if year is not None else place(anchor, in_year) if anchor is not None else None
    return None if found is None else day_period(found)


def _year_less_festival(core: str) -> str | None:
    """元旦 without an anchor: a fixed Gregorian date is known without its year (``XXXX-01-01``)."""
    if core in WORDS["solar_festivals"]:
        month, day = WORDS["solar_festivals"][core]
        return f"XXXX-{month:02d}-{day:02d}"
    return None


def _lunar_number(text: str) -> int | None:
    return parse_integer(text.removeprefix("初"))


def _lunar(core: str, anchor: date | None) -> Period | None:
    """农历八月十五, 腊月初八, 正月十五, 闰六月初一, 大年初六, 农历2024年八月十五."""
    match = _LUNAR.match(core)
    if match is None:
        return None
    if match["new_year_day"]:
        month, day, leap, lunar_year = 1, _lunar_number(match["new_year_day"]), False, None
    else:
        month_name = match["month"]
        month = WORDS["lunar_months"].get(month_name) or parse_integer(month_name)
        day, leap = _lunar_number(match["day"]), bool(match["leap"])
        if not (match["lunar"] or month_name in WORDS["lunar_months"] or leap or not match["day"].isdigit()):
            return None
        lunar_year = parse_integer(match["year"]) if match["year"] else None
    if month is None or day is None or not 1 <= day <= 30:
        return None
    if lunar_year is not None:
        found = lunar_day(lunar_year, month, day, leap)
    elif anchor is not None:
        found = place_lunar(anchor, month, day, leap)
    else:
        found = None
    return None if found is None else day_period(found)


def _decade(core: str, anchor: date | None) -> Period | None:
    """上世纪80年代, 九十年代, 1990年代, 20世纪80年代, 上世纪, 21世纪 (N世纪 = the years (N-1)00–(N-1)99)."""
    match = _DECADE.match(core)
    if match is None or not (match["rel"] or match["century"] or match["decade"]):
        return None
    century = None
    if match["century"]:
        number = parse_integer(match["century"])
        century = None if number is None or not 1 <= number <= 100 else (number - 1) * 100
    elif match["rel"]:
        base = anchor.year // 100 * 100 if anchor else 2000  # undated news is modern news
        century = base - 100 if match["rel"].startswith("上") else base
    if (match["century"] or match["rel"]) and century is None:
        return None
    if not match["decade"]:
        return Period(date(max(century, 1), 1, 1), date(century + 99, 12, 31), "year")
    decade = parse_integer(match["decade"])
    if decade is None or decade % 10:
        return None
    if decade >= 1000 and century is None:
        start = decade
    elif decade < 100 and century is not None:
        start = century + decade
    elif decade < 100 and anchor is not None:
        start = anchor.year // 100 * 100 + decade
        start -= 100 if start > anchor.year else 0
    else:
        return None
    return Period(date(max(start, 1), 1, 1), date(start + 9, 12, 31), "year")


def is_festival(core: str) -> bool:
    """春节前 ends the day before the festival; 12月31日前 (a deadline) includes its day."""
    return _FESTIVAL.match(core) is not None


def read_date(core: str, anchor: date | None, reference: date | None,
               context: Period | None = None) -> Period | str | None:
    """A day, month, year, week … without a time of day (a part of day such as 上午 is dropped; alone,
    it is the day named before, else the anchor's day)."""
    if core in WORDS["day_parts"]:
        return None if reference is None else day_period(reference)
    found = _day_or_longer(core, anchor, reference, context)
    if found is None and (part := _DAY_PART_END.search(core)) is not None:
        found = _day_or_longer(core[:part.start()], anchor, reference, context)  # 11月19日上午, 上周五晚
    return found


def _day_or_longer(core: str, anchor: date | None, reference: date | None,
                   context: Period | None) -> Period | str | None:
    core = _WEEKDAY_AFTER_DATE.sub("", core)  # 2025年11月19日星期三
    return (deictic(core, anchor, reference) or _numeric(core) or _week(core, anchor, context)
            or _week_number(core, anchor) or _calendar(core, anchor, context) or _festival(core, anchor)
            or _lunar(core, anchor) or _decade(core, anchor)
            or (_year_less_festival(core) if anchor is None else None))
