"""Helpers for event-stage tests: articles from text plus hand-given entities (GUIDELINES §4 examples)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsnlp.doc import Article, Entity
from newsnlp.stages.normalise.rules import make_normaliser
from newsnlp.stages.sentence.rules import make_sentence_splitter

SPLIT, NORMALISE = make_sentence_splitter(), make_normaliser()


def annotated(text: str, entities: list[tuple[str, str, int]], date: str = "2025-11-25",
              title: str | None = None) -> Article:
    """``text`` split into sentences, with entities ``(surface, label, occurrence)``, normalised."""
    found = []
    for surface, label, nth in entities:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        found.append(Entity(start, start + len(surface), surface, label=label))
    article = Article("doc", text, date=date, title=title)
    article.set_layer("entities", found)
    return NORMALISE(SPLIT(article))


@pytest.fixture(scope="session")
def annotate() -> Callable[..., Article]:
    return annotated
