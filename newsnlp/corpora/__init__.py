"""Public corpora and gold data: loaders into Hugging Face ``datasets``, formats, validation.

The loaders are imported on first use, so ``newsnlp.corpora.formats`` and the gold tools do not
pay for importing ``datasets``.
"""

from __future__ import annotations

from typing import Any

from ..text.loading import load_object

_EXPORTS = {"CORPORA": "readers", "iter_raw_text": "readers", "iter_records": "readers",
            "load_corpus": "readers", "load_split": "readers", "load_word_list": "readers",
            "FEATURES": "schema", "LABEL_MAPS": "schema", "PROJECT_LABELS": "schema"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return load_object(f".{_EXPORTS[name]}:{name}", __name__)
