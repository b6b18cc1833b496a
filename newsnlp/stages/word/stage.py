"""The contract of the word stage: fill the ``words`` layer (optionally with POS) from the text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ...doc import Article

Spans = list[tuple[int, int]]


class WordStage(Protocol):
    """Segments an article into words.

    Words are half-open character spans that never contain whitespace, never overlap and cover every
    non-space character; Latin/digit/URL runs are never split (:mod:`.rules`) and user dictionary
    words are kept whole (:mod:`.dictionary`). Every backend ends with
    :func:`.dictionary.finish_words`, which applies both.
    """

    def __call__(self, article: Article) -> Article: ...

    def add_words(self, words: Iterable[str | tuple[str, str | None]]) -> int: ...
