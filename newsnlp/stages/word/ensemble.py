"""Word backend ``word.ensemble.v1``: the neural tagger and the pkuseg CRF vote per character.

Each member turns its scores into tag probabilities over its own paths (forward-backward over its
CRF); pkuseg's five tags fold onto B/M/E/S (``I_first`` and ``I`` are word-internal); the stage
averages the two (``neural_weight`` for the neural tagger) and decodes the best valid B/M/E/S path.
The members make different mistakes (a BiLSTM over embeddings, a CRF over sparse n-gram and word
features), so the vote beats either: see ``docs/benchmarks.md``. It runs at the neural member's
speed or below, so it is offered for accuracy, not as the default.

The stage folder holds the members in ``neural/`` and ``pkuseg/`` (``to_disk``); a model directory may
point at members stored elsewhere instead (``neural = "../word-neural/word"``, relative to the model
directory), as ``models/word-ensemble`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from ...errors import ConfigError, ModelNotFoundError
from ...nn.tagger import CRF, scheme_constraints
from .dictionary import UserDictionary
from .neural import TAGS, NeuralWordStage, make_neural_segmenter
from .pkuseg import PkusegWordStage, make_pkuseg
from .rules import Spans, to_simplified
from .stage import SegmenterBase

BACKEND = "word.ensemble.v1"
PKUSEG_TO_BMES = {"B": "B", "B_single": "S", "I_first": "M", "I": "M", "I_end": "E"}


class EnsembleWordStage(SegmenterBase):
    """Fills ``words`` with the members' averaged per-character vote, then the shared rules."""

    def __init__(self, neural: NeuralWordStage, pkuseg: PkusegWordStage, *, neural_weight: float,
                 user_dict: UserDictionary | None = None) -> None:
        check_weight(neural_weight)
        index = {tag: i for i, tag in enumerate(neural.tagger.tags)}
        pkuseg_tags = pkuseg.tokenizer.pkuseg_seg.idx_to_tag
        if set(index) != set(TAGS) or set(pkuseg_tags.values()) != set(PKUSEG_TO_BMES):
            raise ModelNotFoundError(f"{BACKEND}: members must tag B/M/E/S (neural: {sorted(index)}) "
                                     f"and {sorted(PKUSEG_TO_BMES)} (pkuseg: "
                                     f"{sorted(pkuseg_tags.values())})")
        if pkuseg.decoder is None:
            raise ConfigError(f"{BACKEND}: the pkuseg member cannot use package_dict")
        self.neural, self.pkuseg, self.neural_weight = neural, pkuseg, neural_weight
        self.user_dict = user_dict or UserDictionary()
        self.decoder = CRF(len(TAGS), scheme_constraints(TAGS))  # no scores: only B/M/E/S validity
        # columns in the neural member's tag order; rows: pkuseg tag indices
        self.fold = np.zeros((len(pkuseg_tags), len(TAGS)))
        for row, tag in pkuseg_tags.items():
            self.fold[row, index[PKUSEG_TO_BMES[tag]]] = 1.0

    def segment_many(self, texts: Sequence[str]) -> list[Spans]:
        """The vote's word spans (before rules and user dictionary) for each text."""
        pieces, encoded = self.neural.pieces(texts)
        crf = self.pkuseg.decoder.marginals([to_simplified(texts[n][start:end]) for n, start, end in pieces])
        tags = []
        for votes, crf_votes in zip(self.neural.tagger.marginals_encoded(encoded), crf):
            mixed = self.neural_weight * votes + (1.0 - self.neural_weight) * (crf_votes @ self.fold)
            log_votes = torch.from_numpy(np.log(mixed + 1e-12)[None])
            path = self.decoder.viterbi(log_votes, torch.ones(log_votes.shape[:2], dtype=torch.bool))[0]
            tags.append([self.neural.tagger.tags[t] for t in path])
        return self.neural.finish(texts, pieces, tags)

    def segment(self, text: str) -> Spans:
        """The vote's word spans for one text."""
        return self.segment_many([text])[0]

    def to_disk(self, path: Path) -> None:
        """Save both members into ``path/neural`` and ``path/pkuseg``, and the user dictionary."""
        path = Path(path)
        self.neural.to_disk(path / "neural")
        self.pkuseg.to_disk(path / "pkuseg")
        self.user_dict.to_disk(path)


def check_weight(neural_weight: float) -> None:
    """Refuse a neural share outside [0, 1]."""
    if not 0.0 <= neural_weight <= 1.0:
        raise ConfigError(f"{BACKEND}: neural_weight must lie in [0, 1], got {neural_weight}")


def make_ensemble(*, model_dir: Path | None = None, neural: str | None = None, pkuseg: str | None = None,
                  neural_weight: float = 0.4, user_dict: str | None = None) -> EnsembleWordStage:
    """Build the ensemble word stage.

    Args:
        model_dir: the stage folder of a model directory (members in ``neural/`` and ``pkuseg/``).
        neural, pkuseg: member folders (stage folders of ``word.neural.v1`` / ``word.pkuseg.v1``
            models), relative to the stage folder's model directory, used when ``model_dir`` holds no
            saved member.
        neural_weight: the neural member's share of the vote (0.4: the best on pd1998:dev).
        user_dict: a word list (optional POS) forced on top of the vote.

    Raises:
        ModelNotFoundError: when a member is found in neither place.
    """
    check_weight(neural_weight)

    def member(name: str, setting: str | None) -> Path | None:
        saved = model_dir / name if model_dir is not None else None
        if saved is not None and saved.is_dir():
            return saved
        if setting is None:
            return None
        base = model_dir.parent if model_dir is not None else Path.cwd()
        return (base / setting).resolve()

    neural_dir, pkuseg_dir = member("neural", neural), member("pkuseg", pkuseg)
    if neural_dir is None or pkuseg_dir is None:
        raise ModelNotFoundError(f"{BACKEND} needs both members: save one with nlp.to_disk, or set "
                                 f"neural = \"<folder>\" and pkuseg = \"<folder>\"")
    words = UserDictionary.from_disk(model_dir, user_dict)
    return EnsembleWordStage(make_neural_segmenter(model_dir=neural_dir),
                             make_pkuseg(model_dir=pkuseg_dir), neural_weight=neural_weight,
                             user_dict=words)
