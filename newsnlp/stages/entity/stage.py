"""The contract of the entity stage: fill the ``entities`` layer from the text (character level)."""

from __future__ import annotations

from typing import Protocol

from ...doc import Article

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
