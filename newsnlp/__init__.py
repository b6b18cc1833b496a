"""newsnlp: Chinese news articles to structured event lists.

The public surface: :func:`load` a pipeline, and the data model classes.
"""

from __future__ import annotations

import os
from pathlib import Path

from .doc import Argument, Article, Entity, Event, Sentence, Span, Word
from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Argument", "Article", "Entity", "Event", "Pipeline", "Sentence", "Span", "Word",
           "default_model_path", "load"]

DEFAULT_MODEL = "default"


def default_model_path() -> Path:
    """The shipped default model: ``$NEWSNLP_MODELS/default``, else ``models/default`` of this checkout."""
    root = os.environ.get("NEWSNLP_MODELS") or Path(__file__).resolve().parent.parent / "models"
    return Path(root) / DEFAULT_MODEL


def load(path: str | os.PathLike[str] | None = None) -> Pipeline:
    """Load a pipeline from a model directory (default: the shipped default model)."""
    return Pipeline.from_disk(path if path is not None else default_model_path())
