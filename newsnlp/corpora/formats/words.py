"""Space-separated words: one sentence (article) per line, words separated by spaces (SIGHAN gold).

The reader is the one the SIGHAN corpora load through (:func:`newsnlp.corpora.parsers.read_segmented`);
each line becomes an article whose ``words`` layer holds its words and whose text is the words joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...doc import Article, Word
from ...errors import InputFormatError
from ...text.files import write_file
from ..parsers import read_segmented
from ..validate import Repairs
from .common import Skips


def read_words(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a space-separated words file (blank lines skipped); ``skips`` is unused: nothing is
    left out."""
    articles = []
    for record in read_segmented(Path(path), Repairs(Path(path), strict=True), id_prefix=Path(path).stem):
        text = record["text"]
        words = [Word(w["start"], w["end"], text[w["start"]:w["end"]]) for w in record["words"]]
        articles.append(Article(id=record["id"], text=text, words=words, layers_filled=["words"]))
    return articles


def write_words(articles: Iterable[Article], path: str | Path) -> None:
    """Write each article's words, space-separated, one article per line (atomically).

    Raises:
        InputFormatError: an article without a words layer, or a word that holds whitespace.
    """
    lines = []
    for article in articles:
        if "words" not in article.layers_filled:
            raise InputFormatError(f"article {article.id!r} has no words layer to write", field="words")
        if any(char.isspace() for word in article.words for char in word.text):
            raise InputFormatError(f"article {article.id!r} has a word holding whitespace", field="words")
        lines.append(" ".join(word.text for word in article.words) + "\n")
    write_file(path, "".join(lines))
