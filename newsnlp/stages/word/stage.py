"""The contract of the word stage: fill the ``words`` layer (optionally with POS) from the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from ...doc import Article
from .dictionary import UserDictionary, WordEntry, finish_words

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


class SegmenterBase:
    """What every word backend shares: a user dictionary and the finishing rules around
    ``segment(text) -> spans``, the one method a backend implements."""

    user_dict: UserDictionary

    def segment(self, text: str) -> Spans:
        raise NotImplementedError

    def segment_many(self, texts: Sequence[str]) -> list[Spans]:
        """:meth:`segment` of each text; a backend that tags in batches (a neural tagger) overrides it."""
        return [self.segment(text) for text in texts]

    def __call__(self, article: Article) -> Article:
        return self.call_many([article])[0]

    def call_many(self, articles: Sequence[Article]) -> list[Article]:
        """Fill the words of every article, segmented together (:meth:`segment_many`)."""
        for article, spans in zip(articles, self.segment_many([article.text for article in articles])):
            article.set_layer("words", finish_words(article.text, spans, dictionary=self.user_dict))
        return list(articles)

    def add_words(self, words: Iterable[WordEntry]) -> int:
        """Force ``words`` (``"词"`` or ``("词", "POS")``) from now on; returns the dictionary size."""
        return self.user_dict.add_words(words)
