"""Rules every word backend shares: atomic Latin/digit/URL runs are never split (word stage).

A backend proposes word spans; :func:`enforce_atomic` then repairs them so that

- a URL, an e-mail address or a Latin code (``BZ-YQ1722``, ``CA4GB``, ``T3``, ``COVID-19``) is exactly
  one word: the pieces inside it are merged and text glued to either side of it is cut off;
- a number (``2025``, ``3.5``, ``1,000``, ``50%``, ``１２``) is never split, but may keep what the model
  attached to it (``2025年``, ``１０００多``, ``５０％``), as in the PKU standard.

Full-width ASCII (``ＢＺ－ＹＱ１７２２``) is matched like its half-width form. :func:`tokenize_spans` turns
backend output (a list of word strings) into offsets, skipping whitespace, which is never part of a word.
"""

from __future__ import annotations

import re
from typing import Iterable

Spans = list[tuple[int, int]]

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map 1:1 onto ASCII, so offsets are kept.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_URL = r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*[A-Za-z0-9/_\-=#%]"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
# Latin/digit runs joined by connectors; "," and ":" only between digits (1,000  12:30).
_RUN = r"[A-Za-z0-9]+(?:(?:[\-_.&+/]|(?<=[0-9])[,:](?=[0-9]))[A-Za-z0-9]+)*%?"
_ATOMIC = re.compile(f"(?P<address>{_URL}|{_EMAIL})|{_RUN}")
_LATIN = re.compile(r"[A-Za-z]")


def half_width(text: str) -> str:
    """``text`` with full-width ASCII turned half-width; same length, same offsets."""
    return text.translate(_HALF_WIDTH)


def atomic_runs(text: str) -> list[tuple[int, int, bool]]:
    """The runs of ``text`` no backend may split, as ``(start, end, strict)``.

    ``strict`` runs (URLs, e-mail addresses, codes holding a Latin letter) are cut free of their
    neighbours too; number runs are not.

    >>> atomic_runs("型号BZ-YQ1722于2025年上市，增长50%")
    [(2, 11, True), (12, 16, False), (22, 25, False)]
    """
    runs = []
    for match in _ATOMIC.finditer(half_width(text)):
        strict = match.group("address") is not None or bool(_LATIN.search(match.group()))
        runs.append((match.start(), match.end(), strict))
    return runs


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
    for start, end, strict in atomic_runs(text):
        spans = force_span(spans, start, end, cut_edges=strict)
    return spans


def force_span(spans: Spans, start: int, end: int, *, cut_edges: bool) -> Spans:
    """Merge every span overlapping ``[start, end)`` into one word.

    With ``cut_edges`` the word is exactly ``[start, end)`` and overlapping spans are trimmed to what
    lies outside it; otherwise the word stretches to the outer edges of the spans it merges.
    """
    inside = [(s, e) for s, e in spans if s < end and e > start]
    if not inside:
        return spans
    before = [(s, e) for s, e in spans if e <= start]
    after = [(s, e) for s, e in spans if s >= end]
    if not cut_edges:
        return before + [(min(start, inside[0][0]), max(end, inside[-1][1]))] + after
    left = [(inside[0][0], start)] if inside[0][0] < start else []
    right = [(end, inside[-1][1])] if inside[-1][1] > end else []
    return before + left + [(start, end)] + right + after
