"""Chinese news time expressions to ISO 8601 values anchored to the article date (normalise stage).

The value format is that of ``corpora/GUIDELINES.md`` §2: ``{"iso": …}`` plus ``"approx": True`` for
the conventional windows of vague expressions. ``iso`` is a date at the precision the text gives
(``2025``, ``2025-10``, ``2025-11-19``), an inclusive interval ``START/END`` of such dates, or an open
interval with ``..`` (``../2025-12-31`` for 12月31日前, ``2025-04-01/..`` for 4月1日起). A year the
text does not give and no article date can supply is ``XXXX`` (``XXXX-07-04``).

Relative expressions need the article date (``anchor``); 当日/当天/同日 refer to the last day named
earlier in the article (``reference``), else to the anchor. A year-less date takes the anchor's year,
or the year before when that would put it more than six months after the anchor.

Written here rather than taken from JioNLP's time parser: that parser does not know 近日/日前, reads
10月底 as 25–31 where the guidelines say 21–31, and pulls in a 150 MB segmenter (jiojio).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

RECENT_DAYS = 7       # 近日, 日前, 近期: the 7 days up to the anchor, approximate
RECENT_YEARS = 3      # 近年来: N = 3
FUTURE_LIMIT = 183    # days after the anchor beyond which a year-less date is taken from the year before

_NUM = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

_DAY_WORDS = {"今天": 0, "今日": 0, "目前": 0, "如今": 0, "当前": 0, "现在": 0, "当下": 0, "眼下": 0,
              "昨天": -1, "昨日": -1, "昨晚": -1, "前天": -2, "明天": 1, "明日": 1, "后天": 2}
_YEAR_WORDS = {"今年": 0, "本年": 0, "年内": 0, "全年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2}
_MONTH_WORDS = {"本月": 0, "这个月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_WEEK_WORDS = {"本周": 0, "这周": 0, "上周": -1, "下周": 1}
_RECENT = ("近日", "日前", "近期", "最近", "前不久", "这几天", "连日来")
_SAME_DAY = ("当日", "当天", "同日", "同一天")
_MONTH_PARTS = {"初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31),
                "底": (21, 31), "末": (21, 31)}
_YEAR_PARTS = {"初": 1, "中": 6, "底": 12, "末": 12}

_PREFIX = re.compile(r"^(截至|截止到|截止|直到|到|至|自|从|于|在)")
_TIME_OF_DAY = re.compile(r"(上午|下午|晚上|晚间|晚|凌晨|中午|早上|早晨|夜间|时)$")
_SUFFIX = re.compile(r"(以来|来|以前|之前|前|以后|之后|后|起|开始)$")
_DATE = re.compile(rf"^(?:(?P<year>{_NUM})年)?(?:(?P<month>{_NUM})月份?)?(?:(?P<day>{_NUM})[日号])?"
                   r"(?P<part>初|上旬|中旬|下旬|中|底|末)?$")
_YEAR_PART = re.compile(r"^(?P<rel>今年|本年|去年|前年|明年)?年?(?P<part>初|中|底|末)$")
_RANGE = re.compile(r"^(?P<a>.+?)(?:至|到|—|–|-|~|～)(?P<b>.+)$")
_PART_OF_YEAR = re.compile(r"^(?P<rel>今年|本年|去年|前年|明年)?(?:(?P<year>\d{4})年)?"
                           r"(?:(?P<half>上半年|下半年)|第?(?P<q>[一二三四1-4])季度|前(?P<qs>[一二两三2-3])季度)$")
_SPAN_BACK = re.compile(rf"^(?:近|过去|最近)?(?P<n>{_NUM}|几|数)(?P<unit>年|个月|月|周|天|日)$")


@dataclass(frozen=True)
class Period:
    """A stretch of days and the precision it was written in (``year``, ``month`` or ``day``)."""

    start: date
    end: date
    precision: str

    def endpoint(self, last: bool) -> str:
        """The first (or last) date at the written precision, for intervals."""
        day = self.end if last else self.start
        return (f"{day.year:04d}" if self.precision == "year" else
                f"{day.year:04d}-{day.month:02d}" if self.precision == "month" else day.isoformat())

    @property
    def iso(self) -> str:
        first, last = self.endpoint(False), self.endpoint(True)
        return first if first == last else f"{first}/{last}"


def parse_number(text: str) -> int | None:
    """Arabic (half or full width) or Chinese numerals to an int.

    >>> [parse_number(s) for s in ("2025", "２０", "十一", "二〇二五", "三十一", "两")]
    [2025, 20, 11, 2025, 31, 2]
    """
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):  # 二〇二五: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _year_for(anchor: date, month: int, day: int) -> int:
    """The anchor's year, or the year before if the date would lie > 6 months after the anchor."""
    candidate = date(anchor.year, month, min(day, calendar.monthrange(anchor.year, month)[1]))
    return anchor.year - 1 if (candidate - anchor).days > FUTURE_LIMIT else anchor.year


def _month_period(year: int, month: int, part: str | None) -> Period:
    if part is None:
        return Period(date(year, month, 1), _month_end(year, month), "month")
    low, high = _MONTH_PARTS[part]
    return Period(date(year, month, low), min(date(year, month, 1) + timedelta(days=high - 1),
                                              _month_end(year, month)), "day")


def _date(core: str, anchor: date | None, context: Period | None = None) -> Period | str | None:
    """An absolute or year-less date; a string (``XXXX-07-04``) when no anchor gives the year.

    ``context`` supplies the year and month a range's second half leaves out (11月3日至7日).
    """
    match = _DATE.match(core)
    if match is None or not (match["year"] or match["month"] or match["day"]):
        return None
    year, month, day = (parse_number(match[k]) if match[k] else None for k in ("year", "month", "day"))
    part = match["part"]
    if year is not None and year < 1000:  # 3年 is a duration, not a year
        return None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None  # 11111月, 45日: no date
    if context is not None:
        year = year or context.start.year
        month = month or (context.start.month if day is not None else None)
    if month is None and day is not None:
        if anchor is None:
            return None
        month = anchor.month
    if year is None:
        if anchor is None:  # no year and nothing to anchor it to: XXXX-11-19, or nothing
            return None if month is None else f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        year = _year_for(anchor, month, day or 1) if month else anchor.year
    try:
        if month is None:
            if part in _YEAR_PARTS:  # 2023年底
                return _month_period(year, _YEAR_PARTS[part], None)
            return Period(date(year, 1, 1), date(year, 12, 31), "year")
        if day is not None:
            return Period(date(year, month, day), date(year, month, day), "day")
        return _month_period(year, month, part)
    except ValueError:  # 2月30日
        return None


def _relative(core: str, anchor: date) -> Period | None:
    """今天, 去年, 上月, 本周, 年底 … relative to the anchor."""
    if core in _DAY_WORDS:
        day = anchor + timedelta(days=_DAY_WORDS[core])
        return Period(day, day, "day")
    if core in _YEAR_WORDS:
        year = anchor.year + _YEAR_WORDS[core]
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    if core in _MONTH_WORDS:
        first = _shift_months(anchor.replace(day=1), _MONTH_WORDS[core])
        return Period(first, _month_end(first.year, first.month), "month")
    if core in _WEEK_WORDS:
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=_WEEK_WORDS[core])
        return Period(monday, monday + timedelta(days=6), "day")
    if (match := _YEAR_PART.match(core)) is not None:  # 年底, 今年底, 明年初
        return _month_period(anchor.year + _YEAR_WORDS[match["rel"] or "今年"],
                             _YEAR_PARTS[match["part"]], None)
    return None


def _part_of_year(core: str, anchor: date | None) -> Period | None:
    """上半年, 一季度, 前三季度 (of 今年 / 2025年 / the anchor's year) as a span of months."""
    match = _PART_OF_YEAR.match(core)
    if match is None or (anchor is None and not match["year"]):
        return None
    year = int(match["year"]) if match["year"] else anchor.year + _YEAR_WORDS[match["rel"] or "今年"]
    if match["half"]:
        first, last = (1, 6) if match["half"] == "上半年" else (7, 12)
    else:
        quarters = parse_number(match["q"] or match["qs"]) or 1
        first, last = ((quarters - 1) * 3 + 1 if match["q"] else 1), quarters * 3
    return Period(date(year, first, 1), _month_end(year, last), "month")


def _span_back(core: str, anchor: date) -> dict[str, Any] | None:
    """两年来, 近三年来, 近年来: from N units before the anchor to the anchor, approximate."""
    if core == "近年":
        n, unit = RECENT_YEARS, "年"
    elif (match := _SPAN_BACK.match(core)) is not None:
        n = RECENT_YEARS if match["n"] in ("几", "数") else parse_number(match["n"]) or 0
        unit = match["unit"]
        if n > 100:  # 2022年以来 names a year, not a span
            return None
    else:
        return None
    start = (_shift_months(anchor, -12 * n) if unit == "年" else _shift_months(anchor, -n)
             if unit in ("个月", "月") else anchor - timedelta(weeks=n) if unit == "周"
             else anchor - timedelta(days=n))
    return {"iso": f"{start.isoformat()}/{anchor.isoformat()}", "approx": True}


def _point(core: str, anchor: date | None, context: Period | None = None) -> Period | str | None:
    """A relative or absolute time; 今年12月 and 明年2月 are read with the year filled in."""
    if anchor is None:
        return _part_of_year(core, anchor) or _date(core, anchor, context)
    found = _relative(core, anchor) or _part_of_year(core, anchor)
    if found is None and (year := re.match(r"^(今年|本年|去年|前年|明年)(?=.)", core)):
        core = f"{anchor.year + _YEAR_WORDS[year[1]]}年{core[year.end():]}"
    return found or _date(core, anchor, context)


def _range(core: str, anchor: date | None) -> str | None:
    """今年12月到明年2月, 11月3日至7日, 2024—2026年: ``START/END``."""
    match = _RANGE.match(core)
    if match is None:
        return None
    left, right = re.sub(r"(起|开始)$", "", match["a"]), match["b"]  # 7月起至12月
    if re.search(r"[0-9一二三四五六七八九十]$", left) and right[-1:] in "年月日":  # 2024—2026年, 1—3月
        left += right[-1]
    first = _point(left, anchor)
    last = _point(right, anchor, first if isinstance(first, Period) else None)
    if not isinstance(first, Period) or not isinstance(last, Period):
        return None
    return f"{first.endpoint(False)}/{last.endpoint(True)}"


def normalise_time(text: str, anchor: date | str | None = None,
                   reference: date | str | None = None) -> dict[str, Any] | None:
    """The normalised value of one time expression, or ``None`` when it names no time we can place.

    Args:
        text: the expression (a TIME entity's text; a leading 截至/到/于 is ignored).
        anchor: the article date.
        reference: the last day named before in the article (for 当日); default ``anchor``.

    >>> normalise_time("11月19日", "2025-11-25")
    {'iso': '2025-11-19'}
    >>> normalise_time("近日", "2025-11-25")
    {'iso': '2025-11-18/2025-11-25', 'approx': True}
    """
    anchor = date.fromisoformat(anchor) if isinstance(anchor, str) else anchor
    reference = date.fromisoformat(reference) if isinstance(reference, str) else reference
    core = _PREFIX.sub("", re.sub(r"\s+", "", text))
    if core in _RECENT:
        if anchor is None:
            return None
        start = anchor - timedelta(days=RECENT_DAYS)
        return {"iso": f"{start.isoformat()}/{anchor.isoformat()}", "approx": True}
    if core in _SAME_DAY:
        day = reference or anchor
        return None if day is None else {"iso": day.isoformat()}
    if anchor is not None and (word := _relative(core, anchor)) is not None:  # 目前, 年底: no suffix
        return {"iso": word.iso}
    while (time_of_day := _TIME_OF_DAY.search(core)) and time_of_day.start():
        core = core[:time_of_day.start()]
    suffix = _SUFFIX.search(core)
    suffix_word = suffix[0] if suffix and suffix.start() > 0 else ""
    core = core[:len(core) - len(suffix_word)]
    if anchor is not None and suffix_word in ("来", "以来") and (span := _span_back(core, anchor)):
        return span
    if (interval := _range(core, anchor)) is not None:
        return {"iso": interval}
    found = _point(core, anchor)
    if found is None:
        return None
    if isinstance(found, str):  # XXXX-MM-DD: no anchor to place it further
        return {"iso": found}
    if suffix_word in ("以来", "来"):
        if anchor is None:
            return {"iso": f"{found.endpoint(False)}/.."}
        return {"iso": f"{found.endpoint(False)}/{anchor.isoformat()}"}
    if suffix_word in ("前", "以前", "之前"):
        return {"iso": f"../{found.endpoint(True)}"}
    if suffix_word in ("后", "以后", "之后", "起", "开始"):
        return {"iso": f"{found.endpoint(False)}/.."}
    return {"iso": found.iso}


def day_of(value: dict[str, Any] | None) -> date | None:
    """The single day a value names (what a later 当日 refers to), else ``None``."""
    iso = (value or {}).get("iso") or ""
    return date.fromisoformat(iso) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) else None
