"""Word backend ``word.neural.v1``: a BiLSTM-CRF over characters and bigrams tagging B/M/E/S.

The model is a :class:`~newsnlp.nn.tagger.CharTagger` trained here (:mod:`.train`) with dictionary
features from a word list. ``dictionary`` swaps in another word list at run time: matches of that
list feed the model's dictionary features, and model words whose concatenation is a listed word are
merged (longest first). With ``msr_training_words.utf8`` this is the MSR-standard mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...nn.text import Lexicon, chunks
from ...registry import backend
from .dictionary import UserDictionary
from .rules import Spans
from .stage import SegmenterBase

if TYPE_CHECKING:
    from ...nn.tagger import CharTagger, Encoded

BACKEND = "word.neural.v1"
TAGS = ("B", "M", "E", "S")


def tags_to_spans(tags: Sequence[str], offset: int = 0) -> Spans:
    """Word spans from B/M/E/S tags (a word also starts after E or S, whatever the tag says).

    >>> tags_to_spans(["B", "E", "S", "B", "M", "E"])
    [(0, 2), (2, 3), (3, 6)]
    """
    spans: Spans = []
    start = 0
    for i, tag in enumerate(tags):
        if tag in ("B", "S") and i > start:
            spans.append((offset + start, offset + i))
            start = i
        if tag in ("E", "S"):
            spans.append((offset + start, offset + i + 1))
            start = i + 1
    if start < len(tags):
        spans.append((offset + start, offset + len(tags)))
    return spans


def merge_listed(text: str, spans: Spans, lexicon: Lexicon) -> Spans:
    """Merge runs of consecutive words whose joined text is a lexicon word, longest run first.

    >>> merge_listed("江泽民说", [(0, 1), (1, 3), (3, 4)], Lexicon(["江泽民"]))
    [(0, 3), (3, 4)]
    """
    out: Spans = []
    i = 0
    while i < len(spans):
        best = i
        for j in range(i + 1, len(spans)):
            if spans[j][1] - spans[i][0] > lexicon.max_len or spans[j][0] != spans[j - 1][1]:
                break
            if lexicon.contains(text[spans[i][0]:spans[j][1]]):
                best = j
        out.append((spans[i][0], spans[best][1]))
        i = best + 1
    return out


class NeuralWordStage(SegmenterBase):
    """Fills ``words`` with the tagger's segmentation, then the shared rules and user dictionary."""

    def __init__(self, tagger: CharTagger, *, lexicon: Lexicon | None = None,
                 user_dict: UserDictionary | None = None, max_len: int = 200) -> None:
        self.tagger = tagger
        self.lexicon = lexicon
        self.user_dict = user_dict or UserDictionary()
        self.max_len = max_len

    def pieces(self, texts: Sequence[str]) -> tuple[list[tuple[int, int, int]], list[Encoded]]:
        """The pieces ``(text index, start, end)`` the tagger reads, and their encodings."""
        pieces = [(n, start, end) for n, text in enumerate(texts)
                  for start, end in chunks(text, self.max_len)]
        encoded = [self.tagger.encode(texts[n][start:end], lexicon=self.lexicon) for n, start, end in pieces]
        return pieces, encoded

    def finish(self, texts: Sequence[str], pieces: Sequence[tuple[int, int, int]],
               tags: Sequence[Sequence[str]]) -> list[Spans]:
        """Word spans of each text from its pieces' tags, listed words merged."""
        out: list[Spans] = [[] for _ in texts]
        for (n, start, _), piece_tags in zip(pieces, tags):
            out[n] += tags_to_spans(piece_tags, start)
        if self.lexicon is not None:
            out = [merge_listed(text, spans, self.lexicon) for text, spans in zip(texts, out)]
        return out

    def segment_many(self, texts: Sequence[str]) -> list[Spans]:
        """The model's word spans (before rules and user dictionary) for each text."""
        pieces, encoded = self.pieces(texts)
        return self.finish(texts, pieces, self.tagger.predict_encoded(encoded))

    def segment(self, text: str) -> Spans:
        """The model's word spans for one text."""
        return self.segment_many([text])[0]

    def to_disk(self, path: Path) -> None:
        """Save the tagger and the user dictionary into the stage folder ``path``."""
        self.tagger.save(path)
        self.user_dict.to_disk(path)


@backend(BACKEND, provides={"words"}, requires={"text"}, trainer="newsnlp.stages.word.train:train_word")
def make_neural_segmenter(*, model_dir: Path | None = None, model: str | None = None,
                          dictionary: str | None = None, user_dict: str | None = None,
                          max_len: int = 200) -> NeuralWordStage:
    """Build the neural word stage.

    Args:
        model_dir: the stage folder of a model directory (``tagger.json``, ``weights.pt``, ...).
        model: a saved tagger folder, used when ``model_dir`` holds none.
        dictionary: a word list (one word per line) replacing the model's own dictionary features
            and merging model words into listed words (e.g. an MSR-standard list).
        user_dict: a word list (optional POS) forced on top of the model.
        max_len: texts are tagged in pieces of at most this many characters.

    Raises:
        ModelNotFoundError: when neither folder holds a tagger.
    """
    from ...nn.tagger import CharTagger

    tagger = CharTagger.load_first((model_dir, model), backend=BACKEND,
                                   train_hint="newsnlp train word --config configs/word_neural.cfg",
                                   inference=True)
    lexicon = None
    if dictionary:
        lexicon = Lexicon(Path(dictionary).read_text(encoding="utf-8-sig").split())
    words = UserDictionary.from_disk(model_dir)
    if user_dict:
        words.add_words(UserDictionary.read(user_dict).entries.items())
    return NeuralWordStage(tagger, lexicon=lexicon, user_dict=words, max_len=max_len)
