"""CoNLL/BIO: one character and its BIO tag per line (``char<TAB>tag``), a blank line between articles.

Each article starts with a comment line ``# newsnlp = {JSON}`` that keeps what BIO cannot hold (id,
metadata, events …; see :mod:`.common`); files without it read as plain BIO. A character that is
whitespace or a backslash is written as ``\\uXXXX`` so that every line holds exactly one character.

Word-level files are read too: a sentence with a token longer than one character is a sentence of
words, joined with a space except between two Chinese characters, its words layer filled. CoNLL-2003
rows ``word POS chunk NER`` (and ``-DOCSTART-`` lines) keep the POS tag on the word; the chunk column,
and any column between the token and the tag of other files, is skipped and counted
(:class:`~.common.Skips`); their NER tags are read as IOB1, the scheme of the
original CoNLL-2003 files (an I- tag after O starts an entity), which IOB2 files read the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError
from ...io import check_readable
from ...text.files import write_file
from ..tagging import spans_to_tags, tags_to_spans
from .common import Place, Skips, build_article, split_article

COMMENT = "# newsnlp = "
CONLL2003_COLUMNS = 4  # word POS chunk NER


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


def _is_chinese(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _join_words(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text of word tokens (a space between two words unless both sides are Chinese characters)
    and each word's ``(start, end)`` in it."""
    text, offsets = "", []
    for token in tokens:
        if text and not (_is_chinese(text[-1]) and _is_chinese(token[0])):
            text += " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    return text, offsets


def read_conll(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a CoNLL/BIO file: ``char<TAB>tag`` or ``char tag`` per line, or word-level rows
    (see the module docstring); what no layer holds goes to ``skips`` (default: strict).

    Raises:
        CorpusFormatError: a line that is not ``token [columns] tag``, or a malformed BIO sequence.
    """
    skips = skips if skips is not None else Skips(strict=True)
    check_readable(path)
    articles: list[Article] = []
    rows: list[list[str]] = []
    numbers: list[int] = []
    extra: dict[str, Any] | None = None

    def flush() -> None:
        nonlocal rows, numbers, extra
        if rows or extra is not None:
            articles.append(_article(rows, numbers, extra, path, skips, f"doc-{len(articles) + 1}"))
        rows, numbers, extra = [], [], None

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
            columns = line.split("\t") if "\t" in line else line.split(" ")
            if len(columns) < 2 or not all(columns):
                raise CorpusFormatError(f"expected 'token<TAB>tag' or 'word POS chunk tag', got {line!r}",
                                        path=path, line=number, field="token")
            rows.append([_unescape(columns[0]), *columns[1:]])
            numbers.append(number)
    flush()
    return articles


def _article(rows: list[list[str]], numbers: list[int], extra: dict[str, Any] | None, path: str | Path,
             skips: Skips, default_id: str) -> Article:
    """The article of one block of rows (characters, or words when a token is longer than one)."""
    word_level = any(len(row[0]) > 1 for row in rows)
    conll2003 = word_level and all(len(row) == CONLL2003_COLUMNS for row in rows)
    for row, number in zip(rows, numbers):
        if len(row) > 2:  # CoNLL-2003 keeps its POS column on the words; the rest is counted
            what = "CoNLL-2003 chunk tag (column 3)" if conll2003 else "CoNLL column between token and tag"
            Place(path, number, skips).skip(what, "columns")

    def report(i: int, kind: str, message: str) -> None:
        if not (word_level and kind == "bad_bio"):  # IOB1: an I- tag may start an entity
            raise CorpusFormatError(f"{kind}: {message}", path=path, line=numbers[i], field="tag")

    spans = tags_to_spans([row[-1] for row in rows], report=report)
    events = [{"type": e["type"], "trigger": tuple(e["trigger"]),
               "arguments": [tuple(a) for a in e["arguments"]]} for e in (extra or {}).pop("events", [])]
    if not word_level:
        entities = [(s["start"], s["end"], s["label"]) for s in spans]
        return build_article("".join(row[0] for row in rows), entities, events, extra, default_id=default_id)
    text, offsets = _join_words([row[0] for row in rows])
    entities = [(offsets[s["start"]][0], offsets[s["end"] - 1][1], s["label"]) for s in spans]
    words = [(start, end, row[1] if conll2003 else None) for (start, end), row in zip(offsets, rows)]
    return build_article(text, entities, events, extra, default_id=default_id, words=words)
