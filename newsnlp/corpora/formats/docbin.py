"""spaCy DocBin: character-level Docs of :meth:`Article.to_spacy` with user data (spaCy imported here)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...doc import Article
from ...errors import CorpusFormatError
from ...text.files import write_file
from .common import Skips


def write_docbin(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as a ``.spacy`` DocBin (atomically); events and metadata go in user data."""
    from spacy.tokens import DocBin

    docs = DocBin(store_user_data=True)
    for article in articles:
        docs.add(article.to_spacy())
    write_file(path, docs.to_bytes())


def read_docbin(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a ``.spacy`` DocBin (any spaCy Docs; newsnlp's own come back losslessly;
    ``skips`` is unused: nothing is left out)."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    try:
        docs = DocBin().from_bytes(Path(path).read_bytes())
    except ValueError as error:
        raise CorpusFormatError(f"not a spaCy DocBin: {error}", path=path, field="docbin") from None
    return [Article.from_spacy(doc) for doc in docs.get_docs(Vocab())]
