"""The contract of the entity stage: fill the ``entities`` layer from the text (character level)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ...doc import Article, Entity

LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")


class EntityStage(Protocol):
    """Finds entity mentions: PER, ORG, LOC, TIME and QUANTITY spans of the article text.

    Entities are half-open character spans (never cut by word boundaries: models work on characters),
    non-overlapping, each with ``label`` in :data:`LABELS`, a ``score`` (or ``None``) and ``source``
    (the backend name). The stage requires only ``text``. ``entity_labels`` says which labels it can
    output, so that the pipeline can check a stage that needs some (``normalise``: TIME, QUANTITY).
    """

    entity_labels: frozenset[str]

    def __call__(self, article: Article) -> Article: ...


def trimmed_entities(text: str, spans: Iterable[tuple[int, int, str]], source: str) -> list[Entity]:
    """Entities of ``text`` from ``(start, end, label)`` spans, whitespace at an entity's edge left out
    (it is not part of the entity) and whitespace-only spans dropped.

    >>> [(e.start, e.end, e.text) for e in trimmed_entities("在 北京 ", [(1, 5, "LOC"), (5, 6, "LOC")], "x")]
    [(2, 4, '北京')]
    """
    entities = []
    for start, end, label in spans:
        piece = text[start:end]
        if piece.strip():
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            entities.append(Entity(start, end, text[start:end], label=label, source=source))
    return entities
