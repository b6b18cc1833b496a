"""The evaluation report: figures with intervals, per-layer tables and errors; JSON, Markdown, HTML.

Reports render score objects; they compute nothing new (evaluation layer).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ...text.files import write_file


def newsnlp_version() -> str:
    """The installed newsnlp version (``unknown`` when run from an uninstalled checkout)."""
    try:
        return version("newsnlp")
    except PackageNotFoundError:
        return "unknown"


def _created() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Report:
    """The outcome of :func:`newsnlp.evaluation.evaluate_articles`.

    ``figures`` maps every figure name (``entity_f``, ``entity_f[PER]``, ``duee_f`` …) to its
    ``value`` and bootstrap interval ``low``/``high``; ``layers`` holds each scored layer's headline
    names, document count and tables; ``comparison`` the paired bootstrap against a second system.
    """

    figures: dict[str, dict[str, float | None]]
    layers: dict[str, dict[str, Any]]
    alignment: dict[str, Any]
    settings: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)
    comparison: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    created: str = field(default_factory=_created)

    @property
    def scores(self) -> dict[str, float]:
        """The headline figures by name, e.g. ``{"entity_f": 0.81, "duee_f": 0.62, …}``."""
        return {name: self.figures[name]["value"]  # type: ignore[misc]
                for layer in self.layers.values() for name in layer["headline"]}

    def to_dict(self) -> dict[str, Any]:
        """Everything in the report as JSON-ready data."""
        return {"newsnlp_version": newsnlp_version(), "created": self.created,
                "provenance": self.provenance, "settings": self.settings,
                "alignment": self.alignment, "notes": self.notes, "scores": self.scores,
                "figures": self.figures, "layers": self.layers, "comparison": self.comparison}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def to_markdown(self) -> str:
        """The report as Markdown (tables and error examples; the charts are in the HTML)."""
        from .markdown import render_markdown

        return render_markdown(self)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write the report as one self-contained HTML page (plots embedded) and return its path."""
        from .html import render_html

        return write_file(path, render_html(self))
