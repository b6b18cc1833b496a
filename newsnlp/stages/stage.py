"""The contract every per-article stage backend follows."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from ..doc import Article


@runtime_checkable
class Stage(Protocol):
    """A per-article stage: fills one or more layers of an article in place and returns it.

    Factories registered in :mod:`newsnlp.registry` build stages from keyword settings (the config
    schema) plus ``model_dir``, the stage's folder inside the model directory (``None`` when the
    backend keeps no files). Stages that keep files implement ``to_disk(path)``.
    """

    def __call__(self, article: Article) -> Article: ...


def save_settings_only(path: Path) -> None:
    """``to_disk`` for stages whose settings live entirely in the pipeline config."""
    path.mkdir(parents=True, exist_ok=True)
