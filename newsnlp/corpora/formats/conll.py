"""CoNLL/BIO: one character and its BIO tag per line (``char<TAB>tag``), a blank line between articles.

Each article starts with a comment line ``# newsnlp = {JSON}`` that keeps what BIO cannot hold (id,
metadata, events …; see :mod:`.common`); files without it read as plain BIO. A character that is
whitespace or a backslash is written as ``\\uXXXX`` so that every line holds exactly one character.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError
from ...text.files import write_file
from ..tagging import spans_to_tags, tags_to_spans
from .common import build_article, split_article

COMMENT = "# newsnlp = "


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if char.isspace() or char == "\\" else char


def _unescape(field: str) -> str:
    return chr(int(field[2:], 16)) if field.startswith("\\u") and len(field) > 2 else field


def dumps_conll(articles: Iterable[Article]) -> str:
    """The CoNLL/BIO text of ``articles``."""
    blocks = []
    for article in articles:
        entities, events, extra = split_article(article)
        extra["events"] = events
        tags = spans_to_tags(len(article.text), [{"start": s, "end": e, "label": label}
                                                 for s, e, label in entities])
        lines = [COMMENT + json.dumps(extra, ensure_ascii=False)]
        lines += [f"{_escape(char)}\t{tag}" for char, tag in zip(article.text, tags)]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_conll(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as CoNLL/BIO (atomically)."""
    write_file(path, dumps_conll(articles))


def read_conll(path: str | Path) -> list[Article]:
    """The articles of a CoNLL/BIO file (``char<TAB>tag`` or ``char tag`` per line).

    Raises:
        CorpusFormatError: a line that is not ``char tag``, or a malformed BIO sequence.
    """
    articles: list[Article] = []
    chars: list[str] = []
    tags: list[str] = []
    numbers: list[int] = []
    extra: dict[str, Any] | None = None

    def flush() -> None:
        nonlocal chars, tags, numbers, extra
        if chars or extra is not None:
            def report(i: int, kind: str, message: str) -> None:
                raise CorpusFormatError(f"{kind}: {message}", path=path, line=numbers[i], field="tag")

            spans = tags_to_spans(tags, report=report)
            events = [{"type": e["type"], "trigger": tuple(e["trigger"]),
                       "arguments": [tuple(a) for a in e["arguments"]]}
                      for e in (extra or {}).pop("events", [])]
            articles.append(build_article("".join(chars), [(s["start"], s["end"], s["label"])
                                                           for s in spans], events, extra,
                                          default_id=f"doc-{len(articles) + 1}"))
        chars, tags, numbers, extra = [], [], [], None

    with open(path, encoding="utf-8", newline="\n") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\r\n")
            if line.startswith(COMMENT):
                flush()
                extra = json.loads(line[len(COMMENT):])
                continue
            if not line or line.startswith("-DOCSTART-"):
                flush()
                continue
            char, sep, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            if not sep or not char:
                raise CorpusFormatError(f"expected 'char<TAB>tag', got {line!r}", path=path,
                                        line=number, field="char")
            chars.append(_unescape(char))
            tags.append(tag)
            numbers.append(number)
    flush()
    return articles
