"""Rule-based Chinese sentence splitter (backend ``sentence.rules.v1``): the boundaries of
:func:`newsnlp.text.sentences.split_sentences` as the ``sentences`` layer."""

from __future__ import annotations

from pathlib import Path

from ...doc import Article, Sentence
from ...registry import backend
from ...text.sentences import split_sentences


class RuleSentenceSplitter:
    """Fills the ``sentences`` layer; keeps no files."""

    def __call__(self, article: Article) -> Article:
        article.set_layer("sentences", [Sentence(s, e, article.text[s:e])
                                        for s, e in split_sentences(article.text)])
        return article

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)


@backend("sentence.rules.v1", provides={"sentences"}, requires={"text"})
def make_sentence_splitter(*, model_dir: Path | None = None) -> RuleSentenceSplitter:
    """Factory of ``sentence.rules.v1`` (no settings)."""
    return RuleSentenceSplitter()
