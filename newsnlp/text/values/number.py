"""Chinese quantity expressions to a value, a unit and a relation (normalise stage).

A value is ``{"value", "unit", "relation"}``: ``value`` a number (int when whole), ``unit`` what follows
the number (家, 名, 平方米, 亿元 → 元 with the value scaled, % …; ``""`` when none), ``relation`` how the
true quantity relates to it: ``=`` exact, ``>=`` at least (一千多名, 60余所, 十余万, 50%以上), ``>`` more
than (超150平方米, 超千家), ``<=`` at most (不到, 以下), ``≈`` about (约500名, 近千名, 2.4万人左右).
A range (3至5年, 10—20人) adds ``"max"``. Shares are percentages: 三成 → 30 %, 百分之三十 → 30 %,
千分之五 → 5 ‰. Numerals are read by :mod:`newsnlp.text.numerals`; the words are in
``quantity_words.yaml`` beside this module.
"""

from __future__ import annotations

import re
from typing import Any

from ..numerals import HALF_WIDTH, NUMERAL, NUMERAL_CHARS, parse_numeral
from .time import read_duration
from .words import load_words

WORDS = load_words("quantity_words.yaml")
_LEADING = sorted(WORDS["leading"], key=len, reverse=True)
_TRAILING = sorted(WORDS["trailing"], key=len, reverse=True)
_RANGE = re.compile(rf"^(?:至|到|-|—|–|~|～)(?P<b>{NUMERAL.pattern})")
_MORE_THEN_SCALE = re.compile(r"^[多余]([十百千万亿]+)")
_FRACTION = re.compile(rf"^(?P<base>百|千)分之(?P<n>[0-9.{NUMERAL_CHARS}点]+)")
_TENTHS = re.compile(rf"^(?P<n>[0-9.{NUMERAL_CHARS}]+)成(?P<extra>[{NUMERAL_CHARS}])?"
                     rf"(?![0-9{NUMERAL_CHARS}])")


def _share(text: str) -> tuple[float | int, str, str] | None:
    """百分之三十 → (30, "%"), 千分之五 → (5, "‰"), 三成 → (30, "%"), 三成五 → (35, "%"); with the rest."""
    if (match := _FRACTION.match(text)) is not None:
        number = parse_numeral(match["n"])
        return None if number is None else (number, "%" if match["base"] == "百" else "‰", text[match.end():])
    if (match := _TENTHS.match(text)) is not None:
        tenths, extra = parse_numeral(match["n"]), parse_numeral(match["extra"]) if match["extra"] else 0
        if tenths is None or extra is None:
            return None
        share = round(tenths * 10 + extra, 6)
        return (int(share) if share == int(share) else share), "%", text[match.end():]
    return None


def normalise_number(text: str) -> dict[str, Any] | None:
    """The normalised value of one quantity expression, or ``None`` when it holds no amount.

    >>> normalise_number("3203家")
    {'value': 3203, 'unit': '家', 'relation': '='}
    >>> normalise_number("一千多名")
    {'value': 1000, 'unit': '名', 'relation': '>='}
    >>> normalise_number("百分之三十")
    {'value': 30, 'unit': '%', 'relation': '='}
    """
    text = re.sub(r"\s+", "", text).translate(HALF_WIDTH)
    relation = "="
    for word in _LEADING:
        if text.startswith(word):
            relation, text = WORDS["leading"][word], text[len(word):]
            break
    if (share := _share(text)) is not None:
        value, unit, after = share
        return _with_trailing(value, unit + after, relation, None)
    match = NUMERAL.search(text)
    if match is None or text[:match.start()].endswith("第"):  # no amount, or an ordinal
        return None
    numeral = match[0].rstrip(".,")
    after = text[match.start() + len(numeral):]
    upper = None
    if (high := _RANGE.match(after)) is not None:  # 3至5名, 3至5万人 (the scale is shared)
        scale = high["b"][-1] if high["b"][-1] in "万亿" and numeral[-1] not in "万亿" else ""
        numeral, upper, after = numeral + scale, parse_numeral(high["b"]), after[high.end():]
    if (more := _MORE_THEN_SCALE.match(after)) is not None:  # 一千多万, 十余万: at least 一千万
        numeral, after = numeral + more[1], after[more.end():]
        relation = ">=" if relation == "=" else relation
    if (scale := re.match(r"^[万亿]+", after)) is not None:  # 1.5万 亿元 split by the numeral pattern
        numeral, after = numeral + scale[0], after[scale.end():]
    value = parse_numeral("一" + numeral if numeral[0] in "十百千万亿" else numeral)
    if value is None:
        return None
    return _with_trailing(value, after, relation, upper)


def _with_trailing(value: float | int, after: str, relation: str,
                   upper: float | int | None) -> dict[str, Any]:
    """The value with the relation a trailing word gives (多, 余, 以上, 左右 …) and the unit left."""
    for word in _TRAILING:
        if after.startswith(word) or after.endswith(word):
            relation = WORDS["trailing"][word] if relation == "=" else relation
            after = after[len(word):] if after.startswith(word) else after[:-len(word)]
    result: dict[str, Any] = {"value": value, "unit": after, "relation": relation}
    if upper is not None:
        result["max"] = upper
    return result


def quantity_value(text: str) -> dict[str, Any] | None:
    """The value of a quantity: :func:`normalise_number`'s, and for an amount of time (三年, 100天,
    guidelines §1.4) its ISO 8601 duration too.

    >>> quantity_value("三年")["iso"], quantity_value("约500名")["value"]
    ('P3Y', 500)
    """
    value = normalise_number(text)
    if value is not None and (duration := read_duration(text)) is not None:
        value |= duration
    return value
