"""The word lists of the normaliser (``*_words.yaml`` beside this module), loaded once at import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..loading import parse_yaml


def load_words(name: str) -> dict[str, Any]:
    """The word lists in ``name`` (a YAML file beside this module)."""
    return parse_yaml(Path(__file__).with_name(name).read_text("utf-8"))


def alternatives(words: Any) -> str:
    """A regex alternation of ``words``, longest first (so 上上 is tried before 上)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


TIME_WORDS = load_words("time_words.yaml")
