"""The one reader registry: gold JSONL, CoNLL/BIO, space-separated words and the annotation-tool
formats, each with a reader and a writer of Articles.

Readers are ``read(path, skips=None) -> list[Article]``, writers ``write(articles, path)``; modules
load lazily (spaCy only for ``docbin``). ``brat`` reads and writes a folder, the others one file. The
converters (``newsnlp corpora convert``) and training data given by path (:mod:`newsnlp.corpora.sources`)
both read through :func:`reader`. What a tool file holds but no newsnlp layer can is skipped and counted
in a :class:`~.common.Skips` (strict when none is given: the read stops there).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import InputFormatError
from ...text.loading import load_object
from .common import Skips

# name -> (reader, writer) as "module:function" within this package
FORMATS: dict[str, tuple[str, str]] = {
    name: (f"{module}:read_{suffix}", f"{module}:write_{suffix}")
    for name, module, suffix in (("gold", "gold", "gold_jsonl"), ("doccano", "doccano", "doccano"),
                                 ("labelstudio", "labelstudio", "labelstudio"), ("brat", "brat", "brat"),
                                 ("conll", "conll", "conll"), ("docbin", "docbin", "docbin"),
                                 ("words", "words", "words"))}
# the formats that keep entities and events through a write and a read (``words`` keeps words only)
LOSSLESS = tuple(name for name in FORMATS if name != "words")


def _function(reference: str) -> Callable[..., Any]:
    return load_object(f".{reference}", __name__)


def reader(name: str) -> Callable[..., list[Article]]:
    """The reader of format ``name`` (a key of :data:`FORMATS`)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
    return _function(FORMATS[name][0])


def writer(name: str) -> Callable[..., Any]:
    """The writer of format ``name`` (a key of :data:`FORMATS`)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
    return _function(FORMATS[name][1])


def convert(source: str | Path, target: str | Path, *, from_format: str, to_format: str,
            strict: bool = False) -> tuple[int, Skips]:
    """Read ``source`` in one format and write ``target`` in another; returns the article count and
    what was skipped (``strict``: raise at the first thing skipped instead).

    Raises:
        InputFormatError: ``source`` does not exist, or (naming file, line and field) cannot be read.
    """
    if not Path(source).exists():
        raise InputFormatError("no such file or folder", path=source)
    write = writer(to_format)
    skips = Skips(strict)
    articles = reader(from_format)(source, skips)
    write(articles, target)
    return len(articles), skips
