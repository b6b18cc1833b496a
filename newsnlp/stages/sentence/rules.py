"""Rule-based Chinese sentence splitter (backend ``sentence.rules.v1``).

Boundaries fall after 。！？；!?; and after an ellipsis (…… or ...), together with any closing quotes
and brackets that follow (``。”``), and at every line break. Inside a quotation no boundary is made,
so ``他说：“……。……。”`` stays one sentence; the quotation ends the sentence when it closes right
after a terminator. Quote depth resets at each line break, so an unbalanced quote swallows at most
one paragraph. A sentence longer than ``MAX_SENTENCE`` characters (a list, a table flattened into
text, a run-on line) is cut after its last comma within the limit, so later stages never see one
unbounded sentence.
"""

from __future__ import annotations

from pathlib import Path

from ...doc import Article, Sentence
from ...nn.text import cut_long
from ...registry import backend
from ...text.punctuation import CLOSING, ELLIPSIS, OPENING, SENTENCE_END

MAX_SENTENCE = 600


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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets of ``text``, trimmed of surrounding whitespace.

    >>> t = '他说：“我们期盼已久。共同解决。”大家都笑了。'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说：“我们期盼已久。共同解决。”', '大家都笑了。']
    """
    bounds: list[tuple[int, int]] = []
    start = depth = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        end = None
        if char == "\n":
            end, depth = i, 0
        elif char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
            if depth == 0 and i > 0 and (text[i - 1] in SENTENCE_END or text[i - 1] in ELLIPSIS):
                end = _after_closers(text, i + 1)
        elif depth == 0 and (char in SENTENCE_END or char in ELLIPSIS):
            j = i + 1
            while j < n and (text[j] in ELLIPSIS or text[j] in SENTENCE_END):
                j += 1
            end = _after_closers(text, j)
        if end is None:
            i += 1
            continue
        _add_trimmed(bounds, text, start, end)
        start = i = max(end, i + 1)
    _add_trimmed(bounds, text, start, n)
    return bounds


def _after_closers(text: str, j: int) -> int:
    while j < len(text) and text[j] in CLOSING:
        j += 1
    return j


def _add_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        bounds += cut_long(text, start, end, MAX_SENTENCE)
