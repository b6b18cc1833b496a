"""Chinese news time expressions to ISO 8601 values anchored to the article date (normalise stage).

The value format is that of ``corpora/GUIDELINES.md`` §2 (with §2.1, value types v2)::

    {"iso": "2025-11-19", "type": "point", "precision": "day"}
    {"iso": "2025-11-18/2025-11-25", "type": "interval", "precision": "day", "approx": True}

``iso`` is a date or time at the precision the text gives (``2025``, ``2025-10``, ``2025-11-19``,
``2025-11-19T09:30``), an inclusive interval ``START/END``, an open interval with ``..``
(``../2025-12-31``, ``2025-04-01/..``), a duration (``P3Y``, ``PT1H30M``) or a recurrence
(``R/2025-11-24/P1W``: every week from the Monday of the anchor's week). ``type`` names which of
these (``point``, ``interval``, ``open_interval``, ``duration``, ``recurrence``), ``precision`` the
unit of its dates (``year`` … ``minute``; a duration's smallest unit), and ``approx: True`` marks
conventional windows for vague expressions (近日, 两年来, 未来三个月) and written approximations
(凌晨4时许, 三年多). A year the text does not give and no article date can supply is ``XXXX``.

Relative expressions need the article date (``anchor``); 当日/次日/第二天, offsets (三天后) and times
of day without a date refer to the last day named earlier in the article (``reference``), else to
the anchor. A year-less date takes the anchor's year, or the year before when it would lie more
than six months after the anchor (:mod:`.calendars`, which also places festivals, lunar dates and
solar terms). Dates outside 0001–9999 and impossible dates (2月30日) are refused (``None``).
The word lists are data: ``time_words.yaml`` beside this module.

Written here rather than taken from JioNLP's time parser: that parser does not know 近日/日前, reads
10月底 as 25–31 where the guidelines say 21–31, and pulls in a 150 MB segmenter (jiojio).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..numerals import HALF_WIDTH, NUMERAL_CHARS, parse_integer
from .dates import NUMBER, Period, day_period, deictic, is_festival, month_span, read_date, safe_date
from .durations import SOME, parse_duration
from .words import TIME_WORDS as WORDS
from .words import alternatives

RECENT_DAYS = 7  # 近日, 日前, 近期: the 7 days up to the anchor, approximate
CACHE_SIZE = 4096  # expressions read with their anchor and reference, kept for the next article
_CLOCK = re.compile(rf"(?P<part>{alternatives(WORDS['day_parts'])})?(?:(?P<hour>{NUMBER})(?:点钟?|时)"
                    rf"(?:(?P<minute>{NUMBER})分?|(?P<half>半)|(?P<quarter>一刻|三刻))?|(?P<hh>\d{{1,2}}):(?P<mm>\d{{2}}))$")
_PREFIX = re.compile(rf"^(?:{alternatives(WORDS['prefixes'])})?(?:{alternatives(WORDS['zone_prefixes'])})?")
# X日24时, X日0—24时: that day (GUIDELINES 2.2 decision 14)
_WHOLE_DAY = re.compile(r"(?<=[日号天])(?:0[时点]?(?:至|到|—|–|~|-))?24[时点]$")
_THESE_DAYS = re.compile(rf"^这(?P<n>{NUMBER})天$")  # 这两天: the N days up to the anchor
_APPROX = re.compile(rf"(?<=.)(?:{alternatives(WORDS['approx_suffixes'])})$")
_SUFFIX_KIND = {word: kind for kind, words in WORDS["suffixes"].items() for word in words}
_SUFFIX = re.compile(rf"(?<=.)(?:{alternatives(_SUFFIX_KIND)})$")
_RANGE = re.compile(r"起?(?:至|到|—|–|~|～|-)")
_UNIT_END = re.compile(r"(?:年|月|日|号|季度|点|时)$")
_SPAN_BACK = re.compile(rf"^(?:{alternatives(WORDS['span_back_prefixes'])})(?=.)")
_SPAN_FORWARD = re.compile(rf"^(?:{alternatives(WORDS['span_forward_prefixes'])})(?=.)")
_BARE_DAY = re.compile(rf"{NUMBER}[日号](?:{alternatives(WORDS['day_parts'])})?")
_RECURRENCE = re.compile(rf"^每(?P<skip>隔)?(?P<n>{NUMBER})?个?"
                         r"(?P<unit>周|星期|礼拜|天|日|晚|早|月|季度|年)(?P<rest>.*)$")


def value(iso: str, precision: str, approx: bool = False) -> dict[str, Any]:
    """A time value: ``iso`` with its ``type`` and ``precision`` (and ``approx`` when true)."""
    kind = ("duration" if iso.startswith("P") else "recurrence" if iso.startswith("R/") else
            "open_interval" if ".." in iso else "interval" if "/" in iso else "point")
    return {"iso": iso, "type": kind, "precision": precision, **({"approx": True} if approx else {})}


def _clock(match: re.Match[str], after: datetime | None = None) -> tuple[int, int, str] | None:
    """Hour, minute and precision of a clock time (下午5点08分 → 17, 8); after the start of a range
    (下午2时至4时) an hour that would come before it is read in the afternoon."""
    if match["hh"]:
        hour, minute, precision = int(match["hh"]), int(match["mm"]), "minute"
    else:
        hour = parse_integer(match["hour"])
        minute = (30 if match["half"] else 15 if match["quarter"] == "一刻" else 45 if match["quarter"] else
                  parse_integer(match["minute"]) if match["minute"] else 0)
        precision = "minute" if match["minute"] or match["half"] or match["quarter"] else "hour"
    if hour is None or minute is None:
        return None
    kind = WORDS["day_parts"].get(match["part"] or "")
    evening = (kind == "pm" and hour < 12) or (kind == "night" and 6 <= hour < 12)
    if evening or (kind == "noon" and 1 <= hour <= 2):
        hour += 12
    elif kind is None and after is not None and hour < after.hour and hour + 12 < 24:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute, precision


def _point(core: str, anchor: date | None, reference: date | None,
           context: Period | None = None) -> Period | str | None:
    """A time: a date part (:func:`_date_part`), optionally with a clock time (5日下午5点08分)."""
    clock = _CLOCK.search(core)
    if clock is None or clock.start() == len(core):
        return read_date(core, anchor, reference, context)
    head = core[:clock.start()]
    if head + (clock["part"] or "") in WORDS["day_words"] | WORDS["reference_words"]:
        head += clock["part"] or ""  # 昨晚8点, 今晨6时: the part of the day belongs to the day word
    if head:
        day = read_date(head, anchor, reference, context)
    elif context is not None and context.precision in ("hour", "minute", "day"):
        day = day_period(context.start if not isinstance(context.start, datetime) else context.start.date())
    else:
        day = None if reference is None else day_period(reference)
    after = context.start if context is not None and isinstance(context.start, datetime) else None
    read = _clock(clock, after)
    if read is None or day is None:
        return None
    hour, minute, precision = read
    if isinstance(day, str):
        return f"{day}T{hour:02d}:{minute:02d}" if day.count("-") == 2 else None
    if day.precision != "day" or day.start != day.end:
        return None
    moment = datetime(day.start.year, day.start.month, day.start.day, hour, minute)
    return Period(moment, moment, precision)


def _complete_unit(left: str, right: str) -> str:
    """2024—2026年, 1至10月, 一至三季度: the first half takes the unit the second ends in."""
    unit = _UNIT_END.search(right)
    if unit is not None and re.search(rf"[0-9{NUMERAL_CHARS}]$", left):
        return left + unit[0]
    return left


def _range(core: str, anchor: date | None, reference: date | None) -> str | None:
    """今年12月到明年2月, 11月3日至7日, 2024—2026年, 2020年至今, 上午九点至十一点: ``START/END``."""
    for connector in _RANGE.finditer(core):
        left, right = core[:connector.start()], core[connector.end():]
        if not left or not right:
            continue
        first = _point(_complete_unit(left, right), anchor, reference)
        if isinstance(first, Period):
            last = _point(right, anchor, reference, first)
            if isinstance(last, Period) and last.end >= first.start:
                return f"{first.endpoint(False)}/{last.endpoint(True)}"
        elif isinstance(first, str):  # 7月4日至5日 undated: XXXX-07-04/XXXX-07-05
            last = _point(_in_year_less_month(right, first), None, None)
            if isinstance(last, str) and last >= first:
                return f"{first}/{last}"
    return None


def _from_duration(core: str, suffix: str, anchor: date | None,
                   reference: date | None) -> dict[str, Any] | None:
    """Durations and what is counted from them: 三天前, 五年后 (offsets from the reference day),
    两年来, 近三年, 过去一年 (windows back to the anchor), 未来三个月, 三年内 (forward), 三年 (itself)."""
    kind = _SUFFIX_KIND.get(suffix)
    if kind in ("before", "after"):
        duration = parse_duration(core)
        if duration is None or reference is None:
            return None
        moved = duration.shift(reference, -1 if kind == "before" else 1)
        return None if moved is None else value(moved.iso, moved.precision, duration.approx)
    back, forward = _SPAN_BACK.match(core), _SPAN_FORWARD.match(core)
    if back or kind == "since" or forward or kind == "within":
        rest = core[(back or forward).end():] if back or forward else core
        if rest in ("年", "几年", "数年") and (back or kind == "since"):
            rest = f"{SOME}年"  # 近年来, 近几年: N = 3
        duration = parse_duration(rest)
        if duration is None or anchor is None:
            return None
        return value(duration.window(anchor, 1 if forward or kind == "within" else -1), "day", True)
    return None if suffix else read_duration(core)


def read_duration(text: str) -> dict[str, Any] | None:
    """The ISO 8601 duration of an amount of time (三年, 两个多月, 一个半小时), else ``None``.

    >>> read_duration("一个半小时")["iso"], read_duration("3203家")
    ('PT1H30M', None)
    """
    duration = parse_duration(_clean(text)[0])
    return None if duration is None else value(duration.iso, duration.precision, duration.approx)


def _recurrence(core: str, anchor: date | None) -> dict[str, Any] | None:
    """每周一, 每天上午9点, 每月15日, 每两周, 每隔一天, 每年春节: ``R/FIRST/PERIOD``, the first
    occurrence in the anchor's week, day, month, quarter or year."""
    match = _RECURRENCE.match(core)
    if match is None or anchor is None:
        return None
    every = parse_integer(match["n"]) if match["n"] else 1
    if every is None or every < 1:
        return None
    every += 1 if match["skip"] else 0
    unit, rest = match["unit"], match["rest"]
    if unit in ("周", "星期", "礼拜"):
        first = _point(f"本周{rest}" if rest else "本周", anchor, anchor)
        period = f"P{every}W"
        if isinstance(first, Period) and not rest:
            first = day_period(first.start)
    elif unit in ("天", "日", "晚", "早"):
        first = _point(("今天" + ("" if unit in ("天", "日") else unit) + rest), anchor, anchor)
        period = f"P{every}D"
    elif unit == "月":
        first = _point(f"本月{rest}", anchor, anchor)
        period = f"P{every}M"
    elif unit == "季度":
        first = None if rest else deictic("本季度", anchor, anchor)
        first = first and month_span(first.start.year, first.start.month, first.start.month)
        period = f"P{3 * every}M"
    else:
        first = _point(f"今年{rest}", anchor, anchor)
        period = f"P{every}Y"
    if not isinstance(first, Period):
        return None
    return value(f"R/{first.endpoint(False)}/{period}", first.precision)


def _clean(text: str) -> tuple[str, bool]:
    """The expression without spaces, prepositions (截至, 从) or approximation marks (许, 左右),
    with half-width digits; and whether it was marked approximate."""
    core = _WHOLE_DAY.sub("", _PREFIX.sub("", re.sub(r"\s+", "", text).translate(HALF_WIDTH)))
    approx = _APPROX.search(core)
    return (core[:approx.start()], True) if approx else (core, False)


def _read(core: str, approx: bool, anchor: date | None, reference: date | None) -> dict[str, Any] | None:
    if core.startswith("每"):
        return _recurrence(core, anchor)
    these_days = _THESE_DAYS.match(core)
    if core in WORDS["recent"] or these_days:
        days = RECENT_DAYS if these_days is None else parse_integer(these_days["n"])
        if anchor is None or days is None or days < 1:
            return None
        start = anchor - timedelta(days=days if these_days is None else days - 1)
        return value(f"{start.isoformat()}/{anchor.isoformat()}", "day", True)
    found = _point(core, anchor, reference)
    suffix = ""
    if found is None and (interval := _range(core, anchor, reference)) is not None:
        return value(interval, _precision_of(interval), approx)
    if found is None and (match := _SUFFIX.search(core)) is not None:
        suffix, core = match[0], core[:match.start()]
        found = _point(core, anchor, reference)
    if found is None:
        return _from_duration(core, suffix, anchor, reference)
    kind = _SUFFIX_KIND.get(suffix)
    if isinstance(found, str):  # XXXX-MM-DD: no anchor to place it further
        return value(found + ("/.." if kind in ("since", "after") else ""), _precision_of(found), approx)
    if kind == "since":
        until = anchor.isoformat() if anchor else ".."
        return value(f"{found.endpoint(False)}/{until}", found.precision, approx)
    if kind == "before":
        end = found.end - timedelta(days=1) if is_festival(core) else found.end
        return value(f"../{Period(end, end, found.precision).endpoint(True)}", found.precision, approx)
    if kind == "after":
        return value(f"{found.endpoint(False)}/..", found.precision, approx)
    return value(found.iso, found.precision, approx)


def _precision_of(iso: str) -> str:
    first = iso.split("/")[0] if not iso.startswith("..") else iso.split("/")[1]
    return {4: "year", 7: "month", 10: "day"}.get(len(first), "minute")


_ARTICLE_DATE = re.compile(r"^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$")


def parse_date(text: str | None) -> date | None:
    """An article date written ``2025-11-25``, ``2025/11/25`` or ``2025年11月25日``; else ``None``.

    >>> parse_date("2025年11月25日"), parse_date("soon")
    (datetime.date(2025, 11, 25), None)
    """
    match = _ARTICLE_DATE.match((text or "").strip())
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def normalise_time(text: str, anchor: date | str | None = None,
                   reference: date | str | None = None) -> dict[str, Any] | None:
    """The normalised value of one time expression, or ``None`` when it names no time we can place.

    Args:
        text: the expression (a TIME entity's text; a leading 截至/到/于 is ignored).
        anchor: the article date.
        reference: the last day named before in the article (for 当日, 次日, 三天后); default ``anchor``.
            In an undated article, a year-less day (``XXXX-09-11``, from a dateline) places 11日 and 当日.

    >>> normalise_time("11月19日", "2025-11-25")
    {'iso': '2025-11-19', 'type': 'point', 'precision': 'day'}
    >>> normalise_time("近日", "2025-11-25")["iso"], normalise_time("上午9点半", "2025-11-25")["iso"]
    ('2025-11-18/2025-11-25', '2025-11-25T09:30')
    """
    found = _normalise(text, anchor, reference)
    # a value the contract refuses is no value (2026年以来 written before 2026: an interval backwards)
    return dict(found) if found is not None and is_valid(found) else None


@lru_cache(maxsize=CACHE_SIZE)
def _normalise(text: str, anchor: date | str | None, reference: date | str | None) -> dict[str, Any] | None:
    """:func:`normalise_time`, remembered: news repeats its expressions (近日, 今年, 11月19日)."""
    anchor = date.fromisoformat(anchor) if isinstance(anchor, str) else anchor
    core, approx = _clean(text)
    if isinstance(reference, str) and reference.startswith("XXXX"):  # an undated article's dateline
        core, day = _in_year_less_month(core, reference), reference
        if core == day:
            return value(day, "day", approx)
        reference = None
    reference = date.fromisoformat(reference) if isinstance(reference, str) else reference
    try:
        return _read(core, approx, anchor, reference or anchor) if core else None
    except (OverflowError, ValueError):  # date arithmetic beyond 0001–9999 (明年 of 9999-12-31)
        return None


_ISO_DATE = r"(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?"


_ISO_DURATION = (r"P(?=\d|T\d)(?:[\d.]+Y)?(?:[\d.]+M)?(?:[\d.]+W)?(?:[\d.]+D)?"
                 r"(?:T(?:[\d.]+H)?(?:[\d.]+M)?(?:[\d.]+S)?)?")


_ISO_VALUE = {"point": re.compile(_ISO_DATE), "interval": re.compile(f"{_ISO_DATE}/{_ISO_DATE}"),
              "open_interval": re.compile(rf"\.\./{_ISO_DATE}|{_ISO_DATE}/\.\."),
              "duration": re.compile(_ISO_DURATION),
              "recurrence": re.compile(f"R/{_ISO_DATE}/{_ISO_DURATION}")}


def is_valid(found: dict[str, Any]) -> bool:
    """Whether a time value keeps the contract: ``iso`` of its ``type``'s syntax, every date in it a
    real date (XXXX: in some year), an interval's start not after its end.

    >>> is_valid({"iso": "2025-02-28/2025-03-01", "type": "interval", "precision": "day"})
    True
    >>> is_valid({"iso": "XXXX-02-30", "type": "point", "precision": "day"})
    False
    """
    iso, kind = found.get("iso"), found.get("type")
    if not isinstance(iso, str) or kind not in _ISO_VALUE or not _ISO_VALUE[kind].fullmatch(iso):
        return False
    dated = "" if kind == "duration" else iso.removeprefix("R/").split("/P")[0]  # no period's digits
    dates = re.findall(_ISO_DATE, dated)
    for written in dates:
        parts = (written.replace("XXXX", "2000") + "-01-01")[:10].split("-")
        if safe_date(*(int(p) for p in parts)) is None:
            return False
        if "T" in written and not (int(written[11:13]) <= 23 and int(written[14:16]) <= 59):
            return False
    return kind != "interval" or dates[0] <= dates[1]


def _in_year_less_month(core: str, reference: str) -> str:
    """In an undated article after 9月11日 (``XXXX-09-11``): 当日 is that day, 11日 a day of that month."""
    if WORDS["reference_words"].get(core) == 0:
        return reference
    if _BARE_DAY.fullmatch(core):
        return f"{int(reference[5:7])}月{core}"
    return core


def day_of(value: dict[str, Any] | None) -> date | str | None:
    """The single day a value names (what a later 当日 refers to): a date, a year-less day
    (``XXXX-09-11``, in an undated article), else ``None``."""
    iso = (value or {}).get("iso") or ""
    if re.fullmatch(r"XXXX-\d{2}-\d{2}", iso):
        return iso
    return date.fromisoformat(iso[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", iso) else None
