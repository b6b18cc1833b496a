"""The loop every trainable stage shares: seeding, progress, per-epoch dev log, early stopping,
atomic saving of the best model and its MODEL_CARD.md.

A stage trainer implements :class:`Trainer` (one epoch, a dev score, a save) and hands it to
:func:`run_training`; everything else about training is the same for every stage.
"""

from __future__ import annotations

import json
import os
import random
import shlex
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..config import check_settings
from ..nn.architecture import TaggerArchitecture
from ..text.files import write_dir, write_file

LOG_FILE, CARD_FILE, META_FILE = "train_log.jsonl", "MODEL_CARD.md", "meta.json"
S = TypeVar("S", bound="TrainingSettings")
CORPORA_KEYS = ("train", "dev")  # settings given in [corpora], not [training]


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and (when installed) torch, and make torch deterministic on CPU."""
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


class Trainer(Protocol):
    """What a stage trainer gives the loop."""

    def train_epoch(self, epoch: int) -> float:
        """Train one epoch; return the mean training loss."""

    def evaluate(self) -> dict[str, float]:
        """Scores on the dev split(s); the loop maximises ``scores[metric]``."""

    def save(self, path: Path) -> None:
        """Write the model files into ``path`` (an empty directory)."""


@dataclass
class TrainingSettings:
    """The ``[training]`` keys every trainer reads. Each trainer declares its keys and their defaults
    as a subclass; :meth:`from_config` rejects any other key."""

    stage: str | None = None  # the stage to train, when the config has several
    seed: int = 13

    @classmethod
    def from_config(cls: type[S], config: Mapping[str, Any]) -> S:
        """The config's ``[training]`` section, plus the ``train``/``dev`` data of its ``[corpora]``
        section (:mod:`newsnlp.corpora.sources`), as these settings.

        Raises:
            ConfigError: a key these settings lack (naming the allowed ones) or a value of the wrong type.
        """
        names = {f.name for f in fields(cls)}
        sections = {"training": names - set(CORPORA_KEYS), "corpora": names & set(CORPORA_KEYS)}
        values = {}
        for section, keys in sections.items():
            given = dict(config.get(section) or {})
            check_settings(cls, given, f"[{section}]", keys)
            values.update(given)
        return cls(**values)

    def sections(self) -> dict[str, dict[str, Any]]:
        """These settings as the config sections they are read from (unset ones left out)."""
        values = {key: value for key, value in asdict(self).items() if value is not None}
        return {"training": {k: v for k, v in values.items() if k not in CORPORA_KEYS},
                "corpora": {k: v for k, v in values.items() if k in CORPORA_KEYS}}


@dataclass
class LoopSettings(TrainingSettings):
    """The ``[training]`` keys the shared loop reads."""

    epochs: int = 20
    patience: int = 4
    metric: str = "dev_f"
    max_minutes: float | None = None  # no epoch starts that would end past this budget


@dataclass
class TaggerTrainingSettings(LoopSettings, TaggerArchitecture):
    """The ``[training]`` keys of a char tagger's trainer (:mod:`newsnlp.nn.fit`): the loop's, the
    architecture (:class:`~newsnlp.nn.architecture.TaggerArchitecture`), the optimiser and batches,
    and the inputs."""

    lexicon: bool = True
    lr: float = 2e-3
    lr_decay: float = 0.9
    average: float = 0.0
    batch_chars: int = 2000
    max_len: int = 150
    pretrained: str = ""  # char/bigram vectors (newsnlp.training.embeddings), "" for none
    bigram_min_count: int = 2
    bigram_max_size: int = 80000


@dataclass
class TrainingResult:
    best_epoch: int
    best_scores: dict[str, float]
    history: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def run_training(trainer: Trainer, output: str | Path, settings: LoopSettings,
                 describe: Callable[[TrainingResult], dict[str, Any]] | None = None) -> TrainingResult:
    """Train until ``epochs``, ``patience`` epochs without a better dev score, or ``max_minutes``.

    Every improvement is saved atomically to ``output`` (model files, ``meta.json``, the JSONL log
    and MODEL_CARD.md via ``describe``), so an interrupted run still leaves its best model.
    """
    output = Path(output)
    log_path = output.parent / f".{output.name}.{LOG_FILE}"  # every epoch; copied in at the end
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("", encoding="utf-8")
    started = time.monotonic()
    result = TrainingResult(best_epoch=0, best_scores={})
    best, waited = float("-inf"), 0
    for epoch in range(1, settings.epochs + 1):
        epoch_start = time.monotonic()
        loss = trainer.train_epoch(epoch)
        scores = trainer.evaluate()
        record = {"epoch": epoch, "loss": round(loss, 5), **{k: round(v, 5) for k, v in scores.items()},
                  "seconds": round(time.monotonic() - epoch_start, 1)}
        result.history.append(record)
        with open(log_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        print(json.dumps(record), file=sys.stderr, flush=True)
        if scores[settings.metric] > best:
            best, waited = scores[settings.metric], 0
            result.best_epoch, result.best_scores = epoch, dict(scores)
            result.seconds = time.monotonic() - started
            save_model(trainer, output, result, log_path, describe)
        else:
            waited += 1
        # Stop when another epoch as long as this one would overrun the time budget.
        projected = (2 * time.monotonic() - started - epoch_start) / 60
        if waited >= settings.patience or (settings.max_minutes and projected > settings.max_minutes):
            break
    result.seconds = time.monotonic() - started
    if (output / META_FILE).is_file():
        write_file(output / LOG_FILE, log_path.read_bytes())
    log_path.unlink(missing_ok=True)
    return result


def save_model(trainer: Trainer, output: Path, result: TrainingResult, log_path: Path,
               describe: Callable[[TrainingResult], dict[str, Any]] | None = None) -> None:
    """Write the trainer's model plus meta.json, the log so far and MODEL_CARD.md, atomically."""
    meta = {**(describe(result) if describe else {}), "best_epoch": result.best_epoch,
            "dev_scores": result.best_scores, "train_minutes": round(result.seconds / 60, 1)}

    def write(tmp: Path) -> None:
        trainer.save(tmp)
        shutil.copyfile(log_path, tmp / LOG_FILE)
        write_meta(tmp, meta)

    write_dir(output, write)


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    """Write ``meta.json`` and the MODEL_CARD.md rendered from it (each atomically)."""
    write_file(path / META_FILE, json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    write_file(path / CARD_FILE, model_card(meta, path))


def update_meta(path: str | Path, **extra: Any) -> dict[str, Any]:
    """Merge ``extra`` (e.g. test scores measured after training) into a saved model's meta and card."""
    path = Path(path)
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    for key, value in extra.items():
        meta[key] = {**meta.get(key, {}), **value} if isinstance(value, dict) else value
    write_meta(path, meta)
    return meta


def directory_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def model_card(meta: dict[str, Any], path: Path) -> str:
    """MODEL_CARD.md: purpose, data, command (and ``history``, how the shipped files came about when
    that differs from running it), seed, dev and test scores, speed, size and limits."""
    lines = [f"# {meta.get('title', path.name)}", "", meta.get("purpose", ""), "", "## Training", "",
             f"- Data: {meta.get('data', 'see config.cfg')}", f"- Command: `{meta.get('command', '')}`",
             *([f"- History: {meta['history']}"] if meta.get("history") else []),
             f"- Seed: {meta.get('seed', '')}",
             f"- Best epoch: {meta.get('best_epoch')} ({meta.get('train_minutes')} min of training"
             " up to it, on one CPU thread)",
             "", "## Scores", "", "| split | metric | value |", "|---|---|---|"]
    lines += [f"| dev | {key} | {value:.4f} |" for key, value in meta.get("dev_scores", {}).items()]
    lines += [f"| {split} | {key} | {value:.4f} |" for split, scores in meta.get("scores", {}).items()
              for key, value in scores.items()]
    lines += ["", "## Speed and size", "",
              f"- Size on disk: {directory_size(path) / 2**20:.1f} MiB (model directory, all files)"]
    lines += [f"- {key}: {value}" for key, value in meta.get("speed", {}).items()]
    lines += ["", "## Limits", "", meta.get("limits", ""), ""]
    return "\n".join(lines)


def invocation() -> str:
    """The command line that is running, as a user would type it (for model cards)."""
    if sys.argv[0].endswith("newsnlp"):
        return shlex.join(["newsnlp", *sys.argv[1:]])
    return shlex.join(sys.argv)
