"""The architecture settings of a char tagger, without torch: read by the saved tagger settings and by
the ``[training]`` settings of every char-tagger trainer."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass
class TaggerArchitecture:
    """Embedding sizes, BiLSTM width and depth, dropout, and whether the tagger reads word-dictionary
    match flags."""

    char_dim: int = 100
    bigram_dim: int = 100
    hidden: int = 150
    layers: int = 1
    dropout: float = 0.2
    lexicon: bool = False

    def architecture(self) -> dict[str, Any]:
        """These settings' architecture keys and values (for :class:`newsnlp.nn.tagger.TaggerSettings`)."""
        return {f.name: getattr(self, f.name) for f in fields(TaggerArchitecture)}
