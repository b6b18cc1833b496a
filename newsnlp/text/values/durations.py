"""Amounts of time (三年, 两个多月, 一个半小时) as ISO 8601 durations (normalise stage, :mod:`.time`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from ..numerals import parse_numeral
from .dates import NUMBER, Period, day_period, month_span, shift_months, year_period
from .words import TIME_WORDS as WORDS
from .words import alternatives

SOME = 3  # 几年, 数年, 近年来: three

_DURATION_PART = re.compile(rf"(?P<n>{NUMBER}|半|几|数)?个?(?P<more>多|余)?(?P<half>半)?整?"
                            rf"(?P<unit>{alternatives(WORDS['duration_units'])})(?P<half_after>半)?(?P<more_after>多|余)?零?")
_DURATION_PREFIX = re.compile(r"^(?:约|大约|近|将近|超过|超|逾|不到)")
_ISO_UNITS = "YMWD"  # date designators of an ISO 8601 duration, in order; then T H M S
_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("TM", 60), "TM": ("S", 60)}
_PRECISION = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "TM": "minute", "S": "second"}


@dataclass(frozen=True)
class Duration:
    """An amount of time: ISO 8601 designator (``Y``, ``M``, ``W``, ``D``, ``H``, ``TM``, ``S``) ->
    amount, and whether it was written as approximate (两个多月, 约三小时)."""

    amounts: dict[str, Decimal]
    approx: bool

    @property
    def iso(self) -> str:
        def part(unit: str) -> str:
            amount = self.amounts.get(unit)
            return "" if not amount else f"{amount.normalize():f}{unit[-1]}"

        dates = "".join(part(u) for u in _ISO_UNITS)
        times = "".join(part(u) for u in ("H", "TM", "S"))
        return "P" + dates + ("T" + times if times else "")

    @property
    def precision(self) -> str:
        return _PRECISION[[u for u in (*_ISO_UNITS, "H", "TM", "S") if self.amounts.get(u)][-1]]

    def shift(self, day: date, sign: int) -> Period | None:
        """``day`` moved by the duration, at the precision of its largest unit (五年后 → 2030)."""
        years, months = self.amounts.get("Y", 0), self.amounts.get("M", 0)
        weeks, days = self.amounts.get("W", 0), self.amounts.get("D", 0)
        if any(self.amounts.get(u) for u in ("H", "TM", "S")):
            return None  # a time of day we do not have
        total_months = years * 12 + months
        if total_months:
            if total_months != int(total_months) or weeks or days:
                return None
            moved = shift_months(day, sign * int(total_months))
            if years and not months:
                return year_period(moved.year)
            return month_span(moved.year, moved.month, moved.month)
        total_days = weeks * 7 + days
        if total_days != int(total_days):
            return None
        return day_period(day + timedelta(days=sign * int(total_days)))

    def window(self, anchor: date, sign: int) -> str:
        """From the anchor back (sign -1) or forward (+1) by the duration, in days: ``START/END``."""
        months = self.amounts.get("Y", 0) * 12 + self.amounts.get("M", 0)
        days = self.amounts.get("W", 0) * 7 + self.amounts.get("D", 0)
        other = shift_months(anchor, sign * int(months)) + timedelta(days=sign * float(days))
        first, last = (other, anchor) if sign < 0 else (anchor, other)
        return f"{first.isoformat()}/{last.isoformat()}"


def parse_duration(core: str) -> Duration | None:
    """三年, 两个多月, 一年半, 一个半小时, 两年零三个月, 约三个小时, 十余年 (几/数: three)."""
    approx = False
    if (prefix := _DURATION_PREFIX.match(core)) is not None:
        core, approx = core[prefix.end():], True
    core = re.sub(r"个([多余半])月", r"\1个月", core)  # 两个多月, 两个半月: the unit is 个月
    amounts: dict[str, Decimal] = {}
    position = 0
    for match in _DURATION_PART.finditer(core):
        if match.start() != position:
            return None
        position = match.end()
        unit, size = WORDS["duration_units"][match["unit"]]
        if not match["n"] and not match["half"]:
            return None  # 年 alone
        if match["n"] == "半":
            amount = Decimal("0.5")
        elif match["n"] in ("几", "数"):
            amount, approx = Decimal(SOME), True
        else:
            parsed = parse_numeral(match["n"] or "一")
            if parsed is None:
                return None
            amount = Decimal(str(parsed))
        if match["half"] and match["n"] or match["half_after"]:
            amount += Decimal("0.5")
        approx = approx or bool(match["more"] or match["more_after"])
        amount *= size
        whole = amount.to_integral_value(rounding=ROUND_FLOOR)
        if amount != whole and unit in _SMALLER:  # 一年半 = P1Y6M, 半小时 = PT30M, 半天 = PT12H
            smaller, factor = _SMALLER[unit]
            amounts[unit] = amounts.get(unit, Decimal(0)) + whole
            amounts[smaller] = amounts.get(smaller, Decimal(0)) + (amount - whole) * factor
        else:  # months and weeks keep a fraction: 半个月 = P0.5M
            amounts[unit] = amounts.get(unit, Decimal(0)) + amount
    if position != len(core) or not any(amounts.values()) or amounts.get("Y", 0) >= 1000:
        return None  # 2022年 names a year
    return Duration(amounts, approx)
