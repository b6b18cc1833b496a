"""Rules every word backend shares: atomic Latin/digit/URL runs are never split (word stage).

A backend proposes word spans; :func:`enforce_atomic` then repairs them so that

- a URL, an e-mail address or a Latin code (``BZ-YQ1722``, ``CA4GB``, ``T3``, ``COVID-19``) is exactly
  one word: the pieces inside it are merged and text glued to either side of it is cut off;
- a number (``2025``, ``3.5``, ``1,000``, ``50%``, ``１２``) is never split, but may keep what the model
  attached to it (``2025年``, ``１０００多``, ``５０％``), as in the PKU standard;
- sentence and bracket punctuation (``，。！？；：、“”（）《》…``) stands alone, a run of one mark
  (``……``) as one word; name-internal marks (``·``, ``—``, ``-``) are left to the model.

Full-width ASCII (``ＢＺ－ＹＱ１７２２``) is matched like its half-width form. :func:`tokenize_spans` turns
backend output (a list of word strings) into offsets, skipping whitespace, which is never part of a word.
:func:`to_simplified` is what a backend trained on simplified text should feed its model: traditional
characters mapped one to one (offsets kept), so ``臺灣經濟`` is segmented like ``台湾经济``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...text.punctuation import CLOSING, ELLIPSIS, OPENING, PAUSES, SENTENCE_END, char_class
from ...text.t2s import SIMPLIFIED, TRADITIONAL

Spans = list[tuple[int, int]]

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map 1:1 onto ASCII, so offsets are kept;
# Chinese sentence punctuation (，：；！？（）) stays as it is: "１２，３" is two numbers, not 1,2,3.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)
               if chr(code) not in "，：；！？（）"} | {0x3000: 0x20}

_URL = r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*[A-Za-z0-9/_\-=#%]"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
# Latin/digit runs joined by connectors; "," and ":" only between digits (1,000  12:30).
_RUN = r"[A-Za-z0-9]+(?:(?:[\-_.&+/]|(?<=[0-9])[,:](?=[0-9]))[A-Za-z0-9]+)*%?"
_ATOMIC = re.compile(f"(?P<address>{_URL}|{_EMAIL})|{_RUN}")
_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)
_LATIN = re.compile(r"[A-Za-z]")
_PUNCTUATION = re.compile(f"({char_class(SENTENCE_END, PAUSES, OPENING, CLOSING, ELLIPSIS, '〈〉[]{}')})\\1*")


def half_width(text: str) -> str:
    """``text`` with full-width ASCII turned half-width; same length, same offsets."""
    return text.translate(_HALF_WIDTH)


def to_simplified(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones; same length, same offsets.

    >>> to_simplified("臺灣經濟發展，著名")
    '台湾经济发展，著名'
    """
    return text.translate(_SIMPLIFIED)


def atomic_runs(text: str) -> list[tuple[int, int, bool]]:
    """The runs of ``text`` no backend may split, as ``(start, end, strict)``, sorted.

    ``strict`` runs (URLs, e-mail addresses, codes holding a Latin letter, punctuation) are cut free
    of their neighbours too; number runs are not.

    >>> atomic_runs("型号BZ-YQ1722于2025年上市，增长50%")
    [(2, 11, True), (12, 16, False), (19, 20, True), (22, 25, False)]
    """
    plain = half_width(text)
    runs = []
    for match in _ATOMIC.finditer(plain):
        strict = match.group("address") is not None or bool(_LATIN.search(match.group()))
        runs.append((match.start(), match.end(), strict))
    covered = {i for start, end, _ in runs for i in range(start, end)}
    runs += [(m.start(), m.end(), True) for m in _PUNCTUATION.finditer(plain)
             if not covered.intersection(range(m.start(), m.end()))]
    return sorted(runs)


def tokenize_spans(text: str, words: Iterable[str]) -> Spans:
    """Offsets of ``words`` in ``text``; whitespace between or inside words is skipped.

    A backend's words are matched in order; characters a backend dropped become one-character words,
    so the spans always cover every non-space character of ``text``.
    """
    spans: Spans = []
    position = 0
    for word in words:
        for piece in word.split():
            found = text.find(piece, position)
            if found < 0:
                continue
            spans += _char_spans(text, position, found)
            spans.append((found, found + len(piece)))
            position = found + len(piece)
    spans += _char_spans(text, position, len(text))
    return spans


def _char_spans(text: str, start: int, end: int) -> Spans:
    return [(i, i + 1) for i in range(start, end) if not text[i].isspace()]


def enforce_atomic(text: str, spans: Spans) -> Spans:
    """Repair ``spans`` (sorted, non-overlapping) so that no atomic run of ``text`` is split."""
    return impose(spans, atomic_runs(text))


def impose(spans: Spans, regions: Iterable[tuple[int, int, bool]]) -> Spans:
    """Make each region ``(start, end, cut_edges)`` (sorted, non-overlapping) one word, in one pass.

    The spans overlapping a region are merged into one word. With ``cut_edges`` that word is exactly
    ``[start, end)`` and the overlapping spans keep what lies outside it; otherwise the word
    stretches to the outer edges of the spans it merges. Regions apply left to right, so a word
    stretched by one region is still cut by the next.

    >>> impose([(0, 2), (2, 4), (4, 6)], [(1, 5, True)])
    [(0, 1), (1, 5), (5, 6)]
    >>> impose([(0, 2), (2, 4), (4, 6)], [(1, 3, False), (3, 4, True)])
    [(0, 3), (3, 4), (4, 6)]
    """
    pending = list(spans)
    out: Spans = []
    i = 0
    for start, end, cut_edges in regions:
        while i < len(pending) and pending[i][1] <= start:
            out.append(pending[i])
            i += 1
        j = i
        while j < len(pending) and pending[j][0] < end:
            j += 1
        if j == i:
            continue
        first, last = pending[i][0], pending[j - 1][1]
        if not cut_edges:
            pending[j - 1] = (min(start, first), max(end, last))
            i = j - 1
            continue
        if first < start:
            out.append((first, start))
        out.append((start, end))
        if last > end:
            pending[j - 1] = (end, last)
            i = j - 1
        else:
            i = j
    return out + pending[i:]
