"""Chinese (and ASCII) punctuation classes, as regular-expression classes too, and the clause around a
span.

>>> clause_around("会上，双方签署了协议：合作三年。", 5, 7)
(3, 10)
>>> char_class(FULL_STOPS, "、")
'[、。！？]'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FULL_STOPS = frozenset("。！？")          # end a sentence in every convention (no semicolons)
SENTENCE_END = FULL_STOPS | frozenset("；!?;")   # ends a sentence
ELLIPSIS = frozenset("…")
OPENING = frozenset("“‘「『《（(【〔")     # opening quotes and brackets
CLOSING = frozenset("”’」』》）)】〕")     # closing quotes and brackets
PAUSES = frozenset("，、,：:")            # a break inside a sentence
CLAUSE_END = frozenset("，,；;：:。！？!?\n")  # ends a comma-delimited clause


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """``[left, right)``: the clause of ``text`` around ``[start, end)``, between :data:`CLAUSE_END`
    marks (exclusive)."""
    left = max((text.rfind(c, 0, start) for c in CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in CLAUSE_END) if i >= 0]
    return left, min(rights, default=len(text))


def char_class(*marks: Iterable[str]) -> str:
    """A regular-expression character class of every mark of ``marks`` (classes above, or strings)."""
    return "[" + "".join(re.escape(mark) for mark in sorted(set().union(*marks))) + "]"
