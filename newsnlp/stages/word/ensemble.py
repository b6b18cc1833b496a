"""Word backend ``word.ensemble.v1``: neural taggers and the pkuseg CRF vote per character.

Each member turns its scores into tag probabilities over its own paths (forward-backward over its
CRF); pkuseg's five tags fold onto B/M/E/S (``I_first`` and ``I`` are word-internal); the stage
averages them (``neural_weight`` for the neural taggers together, shared equally) and decodes the
best valid B/M/E/S path. The members make different mistakes (BiLSTMs over embeddings, a CRF over
sparse n-gram and word features), so the vote beats each: see ``docs/benchmarks.md``. It runs below
the neural members' speed, so it is offered for accuracy, not as the default.

The stage folder holds the members in ``neural/`` (then ``neural_2/``, ...) and ``pkuseg/``
(``to_disk``); a model directory may point at members stored elsewhere instead (``neural =
["../word-neural/word"]``, relative to the model directory), as ``models/word-ensemble`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ...errors import ConfigError, ModelNotFoundError
from ...registry import backend
from ..members import find_members, saved_names
from .dictionary import UserDictionary
from .neural import TAGS, NeuralWordStage, make_neural_segmenter
from .pkuseg import PkusegWordStage, make_pkuseg
from .rules import Spans, to_simplified
from .stage import SegmenterBase

BACKEND = "word.ensemble.v1"
PKUSEG_TO_BMES = {"B": "B", "B_single": "S", "I_first": "M", "I": "M", "I_end": "E"}


class EnsembleWordStage(SegmenterBase):
    """Fills ``words`` with the members' averaged per-character vote, then the shared rules."""

    def __init__(self, neural: Sequence[NeuralWordStage], pkuseg: PkusegWordStage, *, neural_weight: float,
                 user_dict: UserDictionary | None = None) -> None:
        check_weight(neural_weight)
        if not neural:
            raise ConfigError(f"{BACKEND} needs at least one neural member")
        tags = neural[0].tagger.tags
        index = {tag: i for i, tag in enumerate(tags)}
        pkuseg_tags = pkuseg.tags
        if (set(index) != set(TAGS) or any(member.tagger.tags != tags for member in neural)
                or set(pkuseg_tags.values()) != set(PKUSEG_TO_BMES)):
            raise ModelNotFoundError(f"{BACKEND}: members must tag B/M/E/S in one order (neural: "
                                     f"{[member.tagger.tags for member in neural]}) and "
                                     f"{sorted(PKUSEG_TO_BMES)} (pkuseg: {sorted(pkuseg_tags.values())})")
        if len({member.max_len for member in neural}) > 1:
            raise ConfigError(f"{BACKEND}: the neural members must read pieces of one max_len")
        if pkuseg.decoder is None:
            raise ConfigError(f"{BACKEND}: the pkuseg member cannot use package_dict")
        self.neural, self.pkuseg, self.neural_weight = list(neural), pkuseg, neural_weight
        self.user_dict = user_dict or UserDictionary()
        # columns in the neural members' tag order; rows: pkuseg tag indices
        self.fold = np.zeros((len(pkuseg_tags), len(TAGS)))
        for row, tag in pkuseg_tags.items():
            self.fold[row, index[PKUSEG_TO_BMES[tag]]] = 1.0

    def votes(self, texts: Sequence[str]) -> tuple[list[tuple[int, int, int]], list[np.ndarray]]:
        """The pieces ``(text index, start, end)`` the members read, and each piece's mixed B/M/E/S
        probabilities (columns in the neural members' tag order)."""
        first = self.neural[0]
        pieces, encoded = first.pieces(texts)
        share = self.neural_weight / len(self.neural)
        mixed = [(1.0 - self.neural_weight) * (votes @ self.fold) for votes in self.pkuseg.decoder.marginals(
            [to_simplified(texts[n][start:end]) for n, start, end in pieces])]
        encodings = [encoded] + [member.pieces(texts)[1] for member in self.neural[1:]]
        for member, member_encoded in zip(self.neural, encodings):
            for total, votes in zip(mixed, member.tagger.marginals_encoded(member_encoded)):
                total += share * votes
        return pieces, mixed

    def segment_many(self, texts: Sequence[str]) -> list[Spans]:
        """The vote's word spans (before rules and user dictionary) for each text."""
        pieces, mixed = self.votes(texts)
        first = self.neural[0]
        from ...nn.tagger import best_valid_paths  # torch, imported when a stage runs

        return first.finish(texts, pieces, best_valid_paths(mixed, first.tagger.tags))

    def segment(self, text: str) -> Spans:
        """The vote's word spans for one text."""
        return self.segment_many([text])[0]

    def to_disk(self, path: Path) -> None:
        """Save the members into ``path/neural``, ``path/neural_2``, ... and ``path/pkuseg``, and the
        user dictionary."""
        path = Path(path)
        for name, member in zip(saved_names("neural", first_plain=True), self.neural):
            member.to_disk(path / name)
        self.pkuseg.to_disk(path / "pkuseg")
        self.user_dict.to_disk(path)


def check_weight(neural_weight: float) -> None:
    """Refuse a neural share outside [0, 1]."""
    if not 0.0 <= neural_weight <= 1.0:
        raise ConfigError(f"{BACKEND}: neural_weight must lie in [0, 1], got {neural_weight}")


@backend(BACKEND, provides={"words"}, requires={"text"})
def make_ensemble(*, model_dir: Path | None = None, neural: str | Sequence[str] = (),
                  pkuseg: str | None = None, neural_weight: float = 0.4,
                  user_dict: str | None = None) -> EnsembleWordStage:
    """Build the ensemble word stage.

    Args:
        model_dir: the stage folder of a model directory (members in ``neural/``, ``neural_2/``, ...
            and ``pkuseg/``).
        neural, pkuseg: member folders (stage folders of ``word.neural.v1`` models, one or a list, and
            of a ``word.pkuseg.v1`` model), relative to the stage folder's model directory, used when
            ``model_dir`` holds no saved member.
        neural_weight: the neural members' share of the vote, split equally between them.
        user_dict: a word list (optional POS) forced on top of the vote.

    Raises:
        ModelNotFoundError: when a member is found in neither place.
    """
    check_weight(neural_weight)
    neural_dirs = find_members(model_dir, "neural", neural, first_plain=True, backend=BACKEND)
    pkuseg_dirs = find_members(model_dir, "pkuseg", pkuseg or [], first_plain=True, backend=BACKEND)
    if not neural_dirs or not pkuseg_dirs:
        raise ModelNotFoundError(f"{BACKEND} needs its members: save them with nlp.to_disk, or set "
                                 f"neural = [\"<folder>\", ...] and pkuseg = \"<folder>\"")
    words = UserDictionary.from_disk(model_dir, user_dict)
    return EnsembleWordStage([make_neural_segmenter(model_dir=folder) for folder in neural_dirs],
                             make_pkuseg(model_dir=pkuseg_dirs[0]), neural_weight=neural_weight,
                             user_dict=words)
