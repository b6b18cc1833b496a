"""Building and training a :class:`~newsnlp.nn.tagger.CharTagger`: vocabularies, pretrained vectors,
epochs of Adam over length-bucketed batches. Stage trainers wrap this in the shared training loop."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from ..errors import ConfigError, ModelNotFoundError
from ..progress import progress
from .tagger import CharTagger, Encoded, TaggerSettings, Vocab, batches
from .text import LabelledLexicon, Lexicon, bigrams, normalise


def load_vectors(path: str | Path | None) -> dict[str, dict[str, np.ndarray]]:
    """Pretrained ``chars``/``bigrams`` vectors from a directory of ``<unit>.json`` + ``<unit>.npy``."""
    if not path:
        return {}
    path = Path(path)
    if not (path / "bigrams.npy").is_file():
        raise ModelNotFoundError(f"{path}: no pretrained vectors here; make them with "
                                 f"`python -m newsnlp.training.embeddings {path}` or set "
                                 f"[training] pretrained = \"\"")
    found = {}
    for unit in ("chars", "bigrams"):
        keys = json.loads((path / f"{unit}.json").read_text(encoding="utf-8"))
        found[unit] = dict(zip(keys, np.load(path / f"{unit}.npy")))
    return found


def build_tagger(texts: Iterable[str], tags: Sequence[str], settings: TaggerSettings, *,
                 pretrained: dict[str, dict[str, np.ndarray]] | None = None,
                 lexicon: Lexicon | None = None, labelled: LabelledLexicon | None = None,
                 bigram_min_count: int = 2,
                 bigram_max_size: int = 80000, char_max_size: int = 10000) -> CharTagger:
    """A fresh tagger whose vocabularies cover ``texts`` (+ frequent pretrained items).

    Bigrams seen fewer than ``bigram_min_count`` times in training are kept only if they have a
    pretrained vector; the table is capped at ``bigram_max_size`` rows to keep the model small.
    """
    char_counts: Counter[str] = Counter()
    bigram_counts: Counter[str] = Counter()
    for text in texts:
        chars = normalise(text)
        char_counts.update(chars)
        bigram_counts.update(bigrams(chars))
    pretrained = pretrained or {}
    char_vocab = Vocab.build(char_counts, 1, char_max_size, extra=pretrained.get("chars", {}))
    bigram_vocab = Vocab.build(bigram_counts, bigram_min_count, bigram_max_size,
                               extra=pretrained.get("bigrams", {}))
    tagger = CharTagger(settings, tags, char_vocab, bigram_vocab, lexicon, labelled)
    if pretrained:
        tagger.init_embeddings(pretrained)
    return tagger


class TaggerTrainer:
    """One tagger's epochs (the :class:`newsnlp.training.loop.Trainer` protocol).

    Args:
        tagger: the model to train.
        items: encoded training sequences (with ``allowed`` tags).
        evaluate: returns dev scores for the tagger's current weights.
        save: writes the model files into a directory.
        lr, lr_decay: Adam's learning rate and its per-epoch decay factor.
        batch_chars: about how many characters one batch holds.
        clip: gradient norm clipping.
        average: when above 0 (and below 1), dev scores and saved models use an exponential moving
            average of the weights with this decay per step (no bias correction: it starts from the
            first step's weights), not the last step's weights.

    Raises:
        ConfigError: ``average`` outside [0, 1).
    """

    def __init__(self, tagger: CharTagger, items: Sequence[Encoded],
                 evaluate: Callable[[CharTagger], dict[str, float]],
                 save: Callable[[CharTagger, Path], None], *, lr: float = 2e-3, lr_decay: float = 0.9,
                 batch_chars: int = 2000, clip: float = 5.0, seed: int = 13,
                 average: float = 0.0) -> None:
        self.tagger, self.items = tagger, items
        self._evaluate, self._save = evaluate, save
        self.optimizer = torch.optim.Adam(tagger.net.parameters(), lr=lr)
        self.scheduler = torch.optim.lr_scheduler.ExponentialLR(self.optimizer, gamma=lr_decay)
        self.batch_chars, self.clip = batch_chars, clip
        self.rng = random.Random(seed)
        if not 0.0 <= average < 1.0:
            raise ConfigError(f"[training] average must lie in [0, 1), got {average}")
        self.averaged: AveragedModel | None = None
        if average > 0:
            self.averaged = AveragedModel(tagger.net, multi_avg_fn=get_ema_multi_avg_fn(average))

    def train_epoch(self, epoch: int) -> float:
        net = self.tagger.net
        net.train()
        total, count = 0.0, 0
        groups = list(batches(self.items, self.batch_chars, self.rng))
        for group, batch in progress(groups, total=len(groups), desc=f"epoch {epoch}", unit="batches",
                                     leave=False):
            loss = self.tagger.loss(batch)
            self.optimizer.zero_grad()
            (loss / len(group)).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), self.clip)
            self.optimizer.step()
            if self.averaged is not None:
                self.averaged.update_parameters(net)
            total, count = total + loss.item(), count + int(batch.mask.sum())
        self.scheduler.step()
        return total / max(count, 1)

    @contextmanager
    def _final_weights(self) -> Iterator[CharTagger]:
        """The tagger with the weights to score and save: the averaged ones while inside, if any."""
        if self.averaged is None:
            yield self.tagger
            return
        net = self.tagger.net
        training = {key: value.clone() for key, value in net.state_dict().items()}
        net.load_state_dict(self.averaged.module.state_dict())
        try:
            yield self.tagger
        finally:
            net.load_state_dict(training)

    def evaluate(self) -> dict[str, float]:
        with self._final_weights() as tagger:
            return self._evaluate(tagger)

    def save(self, path: Path) -> None:
        with self._final_weights() as tagger:
            self._save(tagger, path)
