"""Entity backend ``entity.neural.v1``: a BiLSTM-CRF over characters and bigrams tagging BIO.

Characters are the unit, so no entity boundary depends on word segmentation. The model is a
:class:`~newsnlp.nn.tagger.CharTagger` trained here (:mod:`.train`) on MSRA and People's Daily 1998
entities (PER/ORG/LOC/TIME/QUANTITY), optionally with dictionary-match flags from a word list saved
with the model. ``labels`` restricts the output (e.g. ``["PER", "ORG", "LOC"]``). A model trained with
``conventions`` (corpus names) reads one flag per convention, so that corpora which tag the same text
differently (MSRA: 中 in 中方 is LOC) do not blur each other; ``convention`` picks the one to follow
(default: the model's first). With ``members`` (more models of the same tags and conventions, e.g.
trained with another seed) the stage averages every model's tag probabilities (forward-backward over
each CRF) and decodes the best valid BIO path: more accurate, and slower by one model per member.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ...doc import Article
from ...errors import ConfigError
from ...nn.text import chunks
from ...registry import backend
from ..members import find_members, saved_names
from .stage import LABELS, trimmed_entities

if TYPE_CHECKING:
    from ...nn.tagger import CharTagger, Encoded

BACKEND = "entity.neural.v1"


def bio_tags(labels: Sequence[str] = LABELS) -> list[str]:
    """``O`` plus ``B-X``/``I-X`` for each label."""
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in ("B", "I")]


def bio_to_spans(tags: Sequence[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` spans from BIO tags (a stray ``I-X`` opens an entity).

    >>> bio_to_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'ORG')]
    """
    spans = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if start is not None and (prefix != "I" or kind != label):
            spans.append((offset + start, offset + i, label))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, kind
    return spans


def convention_flags(conventions: Sequence[str], convention: str, length: int) -> np.ndarray:
    """``(length, len(conventions))`` features: every character flags ``convention``.

    >>> convention_flags(["pd1998", "msra"], "msra", 2).tolist()
    [[0.0, 1.0], [0.0, 1.0]]
    """
    flags = np.zeros((length, len(conventions)), dtype=np.float32)
    flags[:, list(conventions).index(convention)] = 1.0
    return flags


class NeuralEntityStage:
    """Fills ``entities`` with the tagger's BIO spans (labels outside ``labels`` dropped); with
    ``members``, with the BIO spans of all the models' averaged tag probabilities."""

    def __init__(self, tagger: CharTagger, *, labels: Sequence[str] = LABELS, max_len: int = 200,
                 convention: str | None = None, members: Sequence[CharTagger] = ()) -> None:
        self.tagger = tagger
        self.members = list(members)
        self.labels = frozenset(labels)
        self.max_len = max_len
        known = tagger.settings.conventions
        if known and tagger.settings.extra_features != len(known):
            raise ConfigError(f"{BACKEND}: a model with conventions {known} must read exactly one "
                              f"extra feature each, not {tagger.settings.extra_features}")
        for member in self.members:
            if member.tags != tagger.tags or member.settings.conventions != known:
                raise ConfigError(f"{BACKEND}: members must share the model's tags and conventions "
                                  f"({tagger.tags}, {known}), not {member.tags}, "
                                  f"{member.settings.conventions}")
        if convention is not None and convention not in known:
            raise ConfigError(f"{BACKEND}: convention {convention!r} is not one this model was trained "
                              f"with ({', '.join(known) or 'none'})")
        self.convention = convention or (known[0] if known else None)

    @property
    def entity_labels(self) -> frozenset[str]:
        """The labels this stage can output: those of the model's tags that ``labels`` keeps."""
        return frozenset(tag[2:] for tag in self.tagger.tags if tag != "O") & self.labels

    def encode(self, text: str, allowed: Sequence[Sequence[str]] | None = None,
               hidden: frozenset[tuple[int, int]] = frozenset(), tagger: CharTagger | None = None
               ) -> Encoded:
        """The input of ``tagger`` (default: the stage's) for ``text`` (with the tags each position may
        take and the spans to treat as unlisted in its dictionaries, when training), flagging the
        stage's convention if the model has any."""
        tagger = tagger or self.tagger
        flags = None if self.convention is None else convention_flags(
            tagger.settings.conventions, self.convention, len(text))
        return tagger.encode(text, allowed, hidden=hidden, extra=flags)

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Entity spans ``(start, end, label)`` of each text."""
        pieces = [(n, start, end) for n, text in enumerate(texts)
                  for start, end in chunks(text, self.max_len, whitespace_breaks=False)]
        if self.members:
            from ...nn.tagger import best_valid_paths

            tags = best_valid_paths(self.votes([texts[n][start:end] for n, start, end in pieces]),
                                    self.tagger.tags)
        else:
            tags = self.tagger.predict_encoded([self.encode(texts[n][start:end]) for n, start, end in pieces])
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (n, start, _), piece_tags in zip(pieces, tags):
            out[n] += [span for span in bio_to_spans(piece_tags, start) if span[2] in self.labels]
        return out

    def votes(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Every model's tag probabilities averaged, per text (columns in the model's tag order)."""
        models = [self.tagger, *self.members]
        averaged = [np.zeros((len(text), len(self.tagger.tags))) for text in texts]
        for model in models:
            encoded = [self.encode(text, tagger=model) for text in texts]
            for total, votes in zip(averaged, model.marginals_encoded(encoded)):
                total += votes / len(models)
        return averaged

    def __call__(self, article: Article) -> Article:
        return self.call_many([article])[0]

    def call_many(self, articles: Sequence[Article]) -> list[Article]:
        """Fill the entities of every article, the pieces of all of them tagged in shared batches."""
        for article, spans in zip(articles, self.find_many([article.text for article in articles])):
            article.set_layer("entities", trimmed_entities(article.text, spans, BACKEND))
        return list(articles)

    def to_disk(self, path: Path) -> None:
        """Save the tagger into the stage folder ``path`` and the members into ``path/member_2``, ..."""
        self.tagger.save(path)
        for name, member in zip(saved_names("member", first_plain=False), self.members):
            member.save(path / name)


@backend(BACKEND, provides={"entities"}, requires={"text"},
         trainer="newsnlp.stages.entity.train:train_entity")
def make_neural_ner(*, model_dir: Path | None = None, model: str | None = None,
                    labels: Sequence[str] = LABELS, max_len: int = 200,
                    convention: str | None = None, members: str | Sequence[str] = (),
                    int8: bool = False) -> NeuralEntityStage:
    """Build the neural entity stage.

    Args:
        model_dir: the stage folder of a model directory (``tagger.json``, ``weights.pt``, ...).
        model: a saved tagger folder, used when ``model_dir`` holds none.
        labels: the labels to output.
        max_len: texts are tagged in pieces of at most this many characters (cut at punctuation).
        convention: the annotation convention to follow, for a model trained with several.
        members: more tagger folders to vote with, relative to the stage folder's model directory;
            used when ``model_dir`` holds no saved members (``member_2/``, ...).
        int8: run the taggers on int8 weights (:meth:`CharTagger.quantize`): faster, F may move,
            and a sentence's output may depend on the sentences batched with it.

    Raises:
        ModelNotFoundError: when neither folder holds a tagger, or a member folder holds none.
        ConfigError: when the model knows no such convention, or a member differs in tags or conventions.
    """
    from ...nn.tagger import CharTagger

    hint = "newsnlp train entity --config configs/entity_neural.cfg"
    tagger = CharTagger.load_first((model_dir, model), backend=BACKEND, train_hint=hint, inference=True)
    folders = find_members(model_dir, "member", members, first_plain=False, backend=BACKEND)
    members_loaded = [CharTagger.load_first([folder], backend=BACKEND, train_hint=hint, inference=True)
                      for folder in folders]
    if int8:
        for loaded in (tagger, *members_loaded):
            loaded.quantize()
    return NeuralEntityStage(tagger, labels=labels, max_len=max_len, convention=convention,
                             members=members_loaded)
