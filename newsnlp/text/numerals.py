"""Numerals of every common written form to numbers: the one numeral reader of newsnlp.

Reads Arabic (half or full width, with thousands separators and decimals), Chinese (一千零五, 两万五,
三千五 = 3500, 廿三, 二〇二五 digit by digit, 三点五), financial (壹贰叁) and mixed numerals (1.5万亿,
2.4万, 3千5百). :data:`NUMERAL` finds them in text; :func:`parse_numeral` reads one.
Arithmetic is exact (``int`` and ``Decimal``); a numeral of :data:`MAX_DIGITS` digits or more
(9999999999999999999999999999999年) is refused rather than read, so no caller ever meets an overflow.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {**{c: i for i, c in enumerate("零一二三四五六七八九")},
          **{c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")}, "○": 0, "两": 2, "俩": 2}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SCALES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
HALF_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": ",", "：": ":"})
"""Full-width digits and number punctuation to ASCII (``str.translate`` table; lengths unchanged)."""
_ALIASES = {**HALF_WIDTH, **str.maketrans({"廿": "二十", "卅": "三十"})}
CHINESE_DIGITS = "".join(DIGITS)
NUMERAL_CHARS = CHINESE_DIGITS + "".join(UNITS) + "".join(SCALES) + "廿卅"
"""Every character of a Chinese numeral (for character classes: ``[0-9{NUMERAL_CHARS}]``)."""
NUMERAL = re.compile(rf"(?:[0-9０-９]+(?:[,，][0-9０-９]{{3}})*(?:[.．][0-9０-９]+)?|[{NUMERAL_CHARS}])"
                     rf"(?:[0-9０-９{NUMERAL_CHARS}]|点(?=[{CHINESE_DIGITS}0-9]))*")
"""A numeral in running text: 3203, 1,056, 2.4万, 一千零五, 三点五, 1.5万亿."""

MAX_DIGITS = 30
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _positional(text: str) -> Decimal | None:
    """一千零五, 两万五千, 三千五 (= 3500), 3千5百, 十二: a numeral with units and scales."""
    total, section, digit = Decimal(0), Decimal(0), None
    last_unit, after_zero = 0, False
    for token in _TOKEN.findall(text):
        if token[0].isdigit() or token in DIGITS:
            if digit is not None and digit != 0:
                return None  # 三百五六: two digits without a unit between them
            digit = Decimal(token) if token[0].isdigit() else Decimal(DIGITS[token])
            after_zero = after_zero or digit == 0
        elif token in UNITS:
            section += (1 if digit is None else digit) * UNITS[token]
            digit, last_unit, after_zero = None, UNITS[token], False
        elif token in SCALES:
            section += digit or 0
            if section == 0 and total == 0:
                section = Decimal(1)  # 万 alone
            scale = SCALES[token]
            total = (total + section) * scale if scale > 10**4 else total + section * scale
            section, digit, last_unit, after_zero = Decimal(0), None, scale, False
        else:
            return None
    if digit is not None and last_unit >= 100 and not after_zero:
        digit *= last_unit // 10  # 三千五 = 3500, 两万五 = 25000
    return total + section + (digit or 0)


def _core(text: str) -> Decimal | None:
    """A numeral without trailing scale characters."""
    if _ARABIC.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if "点" in text:  # 三点五: the integer part, then digit by digit
        whole, _, fraction = text.partition("点")
        integer = _core(whole) if whole else None
        if integer is None or not fraction or any(c not in DIGITS and not c.isdigit() for c in fraction):
            return None
        digits = "".join(c if c.isdigit() else str(DIGITS[c]) for c in fraction)
        return integer + Decimal("0." + digits)
    if len(text) > 1 and all(c in DIGITS for c in text):  # 二〇二五: digit by digit
        return Decimal("".join(str(DIGITS[c]) for c in text))
    return _positional(text)


def parse_numeral(text: str) -> int | float | None:
    """A numeral as a number (``int`` when whole), or ``None`` when ``text`` is not one numeral.

    >>> [parse_numeral(s) for s in ("3203", "１４４", "1,056", "一千零五", "两万五", "二〇二五", "1.5万亿")]
    [3203, 144, 1056, 1005, 25000, 2025, 1500000000000]
    >>> [parse_numeral(s) for s in ("三点五", "廿三", "2.4万", "十", "三点", "abc", "")]
    [3.5, 23, 24000, 10, None, None, None]
    """
    text = text.strip().translate(_ALIASES)
    if text.isascii() and text.isdigit() and len(text) < MAX_DIGITS:  # the common case, fast
        return int(text)
    stem = text.rstrip("".join(SCALES))
    if any(c in SCALES for c in stem):  # 三亿五千万: the scales are positional
        stem = text
    scale = 1
    for char in text[len(stem):]:  # 1.5万亿, 2.4万: a number times its trailing scales
        scale *= SCALES[char]
    if not text or len(stem) >= MAX_DIGITS or scale >= 10**MAX_DIGITS:
        return None
    if not stem:
        return scale  # 万 alone
    try:
        value = _core(stem)
    except ArithmeticError:  # decimal.InvalidOperation on a malformed Arabic numeral
        return None
    if value is None or value * scale >= 10**MAX_DIGITS:
        return None
    return _number(value * scale)


def parse_integer(text: str) -> int | None:
    """A whole numeral as an ``int`` (years, months, days, counts), else ``None``.

    >>> parse_integer("三十一"), parse_integer("2.5")
    (31, None)
    """
    value = parse_numeral(text)
    return value if isinstance(value, int) else None
