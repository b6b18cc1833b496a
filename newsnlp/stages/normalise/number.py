"""Chinese quantity expressions to a value, a unit and a relation (normalise stage).

A value is ``{"value", "unit", "relation"}``: ``value`` a number (int when whole), ``unit`` what follows
the number (家, 名, 平方米, % …; ``""`` when none), ``relation`` how the true quantity relates to it:
``=`` exact, ``>=`` at least (一千多名, 60余所, 50%以上), ``>`` more than (超150平方米, 超千家), ``<=`` at
most (不到, 以下), ``≈`` about (约500名, 近110场, 2.4万人左右). A range (3至5名) adds ``"max"``.
Numerals are read with cn2an (Arabic, Chinese, mixed such as 2.4万).
"""

from __future__ import annotations

import re
from typing import Any

_DIGITS = r"[0-9０-９.．,，零〇一二两三四五六七八九十百千万亿]"
_NUMBER = re.compile(rf"{_DIGITS}*[0-9０-９零〇一二两三四五六七八九十百千万亿]")
_LEADING = {"超过": ">", "超": ">", "逾": ">", "多于": ">", "高达": "=", "达": "=", "约": "≈", "大约": "≈",
            "近": "≈", "将近": "≈", "接近": "≈", "近乎": "≈", "不到": "<=", "不足": "<=", "至少": ">=",
            "不少于": ">=", "最多": "<=", "共": "=", "共计": "=", "总计": "=", "合计": "=", "累计": "="}
_TRAILING = {"多": ">=", "余": ">=", "以上": ">=", "出头": ">=", "左右": "≈", "上下": "≈", "以下": "<=",
             "以内": "<=", "之内": "<="}
_LEADING_WORDS = sorted(_LEADING, key=len, reverse=True)
_TRAILING_WORDS = sorted(_TRAILING, key=len, reverse=True)
_RANGE = re.compile(rf"^(?:至|到|-|—|–|~|～)(?P<b>{_NUMBER.pattern})")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_numeral(text: str) -> float | None:
    """A numeral (Arabic, Chinese or mixed) as a number, or ``None``.

    >>> [parse_numeral(s) for s in ("3203", "一千", "2.4万", "１４４", "1,056", "两")]
    [3203, 1000, 24000, 144, 1056, 2]
    """
    import cn2an

    text = text.translate(_FULL_WIDTH).replace(",", "")
    try:
        number = float(text)
    except ValueError:
        try:
            number = float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError, TypeError):
            return None
    return int(number) if number.is_integer() else number


def normalise_number(text: str) -> dict[str, Any] | None:
    """The normalised value of one quantity expression, or ``None`` when it holds no amount.

    >>> normalise_number("3203家")
    {'value': 3203, 'unit': '家', 'relation': '='}
    >>> normalise_number("一千多名")
    {'value': 1000, 'unit': '名', 'relation': '>='}
    """
    text = re.sub(r"\s+", "", text)
    relation = "="
    for word in _LEADING_WORDS:
        if text.startswith(word):
            relation, text = _LEADING[word], text[len(word):]
            break
    match = _NUMBER.search(text)
    if match is None or text[:match.start()].endswith("第"):  # no amount, or an ordinal
        return None
    numeral, after = match[0].rstrip(".．,，"), text[match.start() + len(match[0].rstrip(".．,，")):]
    upper = None
    if (high := _RANGE.match(after)) is not None:  # 3至5名, 3至5万人 (the scale is shared)
        scale = high["b"][-1] if high["b"][-1] in "万亿" and numeral[-1] not in "万亿" else ""
        numeral, upper, after = numeral + scale, parse_numeral(high["b"]), after[high.end():]
    if (more := re.match(r"^[多余]([十百千万亿]+)", after)) is not None:  # 一千多万: at least 一千万
        numeral, after = numeral + more[1], after[more.end():]
        relation = ">=" if relation == "=" else relation
    value = parse_numeral("一" + numeral if numeral[0] in "十百千万亿" else numeral)
    if value is None:
        return None
    for word in _TRAILING_WORDS:
        if after.startswith(word) or after.endswith(word):
            relation = _TRAILING[word] if relation == "=" else relation
            after = after[len(word):] if after.startswith(word) else after[:-len(word)]
    result: dict[str, Any] = {"value": value, "unit": after, "relation": relation}
    if upper is not None:
        result["max"] = upper
    return result
