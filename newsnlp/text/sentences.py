"""Sentence boundaries of Chinese text (what ``sentence.rules.v1`` fills, and what the trainers that
work per sentence cut their texts with).

Boundaries fall after 。！？；!?; and after an ellipsis (…… or ...), together with any closing quotes
and brackets that follow (``。”``), and at every line break. Inside a quotation no boundary is made,
so ``他说：“……。……。”`` stays one sentence; the quotation ends the sentence when it closes right
after a terminator. Quote depth resets at each line break, so an unbalanced quote swallows at most
one paragraph. A sentence longer than ``MAX_SENTENCE`` characters (a list, a table flattened into
text, a run-on line) is cut after its last comma within the limit, so later stages never see one
unbounded sentence.
"""

from __future__ import annotations

from .punctuation import CLOSING, ELLIPSIS, OPENING, PAUSES, SENTENCE_END

MAX_SENTENCE = 600


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets of ``text``, trimmed of surrounding whitespace.

    >>> t = '他说：“我们期盼已久。共同解决。”大家都笑了。'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说：“我们期盼已久。共同解决。”', '大家都笑了。']
    """
    bounds: list[tuple[int, int]] = []
    start = depth = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        end = None
        if char == "\n":
            end, depth = i, 0
        elif char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
            if depth == 0 and i > 0 and (text[i - 1] in SENTENCE_END or text[i - 1] in ELLIPSIS):
                end = _after_closers(text, i + 1)
        elif depth == 0 and (char in SENTENCE_END or char in ELLIPSIS):
            j = i + 1
            while j < n and (text[j] in ELLIPSIS or text[j] in SENTENCE_END):
                j += 1
            end = _after_closers(text, j)
        if end is None:
            i += 1
            continue
        _add_trimmed(bounds, text, start, end)
        start = i = max(end, i + 1)
    _add_trimmed(bounds, text, start, n)
    return bounds


def _after_closers(text: str, j: int) -> int:
    while j < len(text) and text[j] in CLOSING:
        j += 1
    return j


def _add_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        bounds += cut_long(text, start, end, MAX_SENTENCE)


def cut_long(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    """``[start, end)`` of ``text`` in pieces of at most ``max_len`` characters, each cut after the
    last comma (or colon) it holds, else at ``max_len``.

    >>> cut_long("一二，三四五六", 0, 7, max_len=4)
    [(0, 3), (3, 7)]
    """
    out = []
    while end - start > max_len:
        window = text[start:start + max_len]
        cut = next((k + 1 for k in range(len(window) - 1, 0, -1) if window[k] in PAUSES), max_len)
        out.append((start, start + cut))
        start += cut
    return out + [(start, end)]
