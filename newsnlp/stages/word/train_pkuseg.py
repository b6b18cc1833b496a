"""Trainer of the ``word.pkuseg.v1`` backend: spacy-pkuseg's CRF on a segmented corpus (word stage).

``train(config, output)`` reads ``[corpora]`` (``train``, ``dev``: corpus splits or files) and
``[training]``: the shared loop's keys (one epoch is one spacy-pkuseg iteration), the report splits
and the pruning. It trains on the shared loop (:func:`newsnlp.training.loop.run_training`), which
scores dev after every iteration through :mod:`newsnlp.evaluation` (the words of the stage, rules
included) and keeps the best one; then prunes features whose weights stay under a threshold chosen on
dev (the smallest model within ``prune_tolerance`` F points of the best that fit ``max_mib``), stores
the weights as ``weights_dtype``, scores the report splits and writes the model directory:
``config.cfg``, ``word/``, ``meta.json``, ``MODEL_CARD.md`` (from the settings used) and
``train_log.jsonl``.
spacy-pkuseg initialises weights with zeros, trains single-threaded and shuffles with :mod:`random`,
which is seeded from ``[training] seed``, so a run is deterministic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confection import Config

from ...corpora.sources import Sources, as_list, describe_sources, load_source
from ...text.files import write_dir
from ...training.loop import LoopSettings, invocation, run_training, seed_everything, update_meta
from .pkuseg import BACKEND, PkusegWordStage, make_pkuseg, prune
from .train import report, score_records

STAGE = "word"


@dataclass
class PkusegTrainingSettings(LoopSettings):
    """The ``[training]`` keys of ``word.pkuseg.v1`` (besides the loop's) and its ``[corpora]``."""

    train: Sources = field(default_factory=lambda: ["pd1998:train"])
    dev: Sources = "pd1998:dev"
    report: list[str] = field(default_factory=lambda: ["sighan_pku:test", "sighan_msr:test"])
    epochs: int = 15  # spacy-pkuseg iterations (its default is 20)
    patience: int = 15  # every iteration runs unless dev F stops rising for this many
    prune_thresholds: list[float] = field(default_factory=lambda: [0.0, 0.003, 0.01, 0.03, 0.1])
    prune_tolerance: float = 0.05
    max_mib: float = 16
    weights_dtype: str = "float64"  # what stock spaCy's pkuseg decoder reads (float32 halves the size)


def segmented_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One line of space-separated words per record (words containing spaces are skipped)."""
    for record in records:
        words = [record["text"][w["start"]:w["end"]] for w in record["words"]]
        line = " ".join(word for word in words if word.strip() and not any(c.isspace() for c in word))
        if line:
            yield line


def dev_scores(stage: PkusegWordStage, dev: list[dict[str, Any]]) -> dict[str, float]:
    """Word P/R/F of ``stage`` on the dev records, as the loop logs them."""
    figures, _ = score_records(stage, dev)
    return {"dev_f": figures["word_f"], "dev_p": figures["word_p"], "dev_r": figures["word_r"]}


class PkusegTrainer:
    """spacy-pkuseg's CRF, one training iteration per epoch (the loop's Trainer).

    The set-up is ``spacy_pkuseg.trainer.train``'s: features built from the training lines, the data
    converted in spacy-pkuseg's scratch folder, its ADF optimiser; what spacy-pkuseg prints goes to
    stderr.
    """

    def __init__(self, config: Config, train_lines: Iterable[str], dev: list[dict[str, Any]]) -> None:
        from spacy_pkuseg.config import config as pkuseg
        from spacy_pkuseg.data import DataSet
        from spacy_pkuseg.feature_extractor import FeatureExtractor
        from spacy_pkuseg.trainer import Trainer

        self.config, self.dev = config, dev
        pkuseg.nThread, pkuseg.init_model = 1, None
        pkuseg.globalCheck()
        os.makedirs(pkuseg.tempFile, exist_ok=True)
        train_file = Path(pkuseg.tempFile) / "train.txt"
        train_file.write_text("\n".join(train_lines) + "\n", encoding="utf-8")
        with contextlib.redirect_stdout(sys.stderr):
            extractor = FeatureExtractor()
            extractor.build(str(train_file))
            extractor.convert_text_file_to_feature_file(str(train_file), pkuseg.c_train, pkuseg.f_train)
            extractor.convert_feature_file_to_idx_file(pkuseg.f_train, pkuseg.fFeatureTrain,
                                                       pkuseg.fGoldTrain)
            train = DataSet.load(pkuseg.fFeatureTrain, pkuseg.fGoldTrain)
        self.crf = Trainer(pkuseg, train.resize(pkuseg.trainSizeScale), extractor)

    def train_epoch(self, epoch: int) -> float:
        error, sentences, _ = self.crf.train_epoch()
        return float(error) / max(sentences, 1)

    def evaluate(self) -> dict[str, float]:
        with tempfile.TemporaryDirectory(prefix="pkuseg-dev-") as tmp:
            self.write_crf(Path(tmp))
            return dev_scores(PkusegWordStage(Path(tmp)), self.dev)

    def write_crf(self, folder: Path) -> None:
        """The CRF as spacy-pkuseg saves it: ``features.msgpack`` and ``weights.npz``."""
        folder.mkdir(parents=True, exist_ok=True)
        self.crf.model.save(str(folder))
        self.crf.feature_extractor.save(str(folder))

    def save(self, path: Path) -> None:
        Config(self.config).to_disk(path / "config.cfg")
        self.write_crf(path / STAGE)


def train(config: Config | dict[str, Any], output: str | Path) -> dict[str, Any]:
    """Train on the shared loop, prune on dev, score on the report splits and save a pkuseg word model."""
    settings = PkusegTrainingSettings.from_config(config)
    seed_everything(settings.seed)  # spacy-pkuseg shuffles with the global random generator
    output = Path(output)
    train_records = [r for source in as_list(settings.train) for r in load_source(source)]
    dev = [r for source in as_list(settings.dev) for r in load_source(source)]
    trainer = PkusegTrainer(Config(config), segmented_lines(train_records), dev)
    describe = {
        "title": f"newsnlp {BACKEND} word segmenter",
        "purpose": "Chinese word segmentation (PKU standard) for news: spacy-pkuseg's CRF, decoded by "
                   "newsnlp's own decoder, its features pruned on dev to fit the size budget.",
        "data": f"train: {describe_sources(settings.train)}; dev: {describe_sources(settings.dev)}",
        "command": invocation(), "seed": settings.seed,
        "limits": "Segments by the standard of its training data (PKU for People's Daily 1998); names "
                  "and terms newer than that data are OOV (add them with nlp.add_words); traditional "
                  "characters are mapped to simplified ones before the CRF sees them. Licence: that of "
                  "the training data (People's Daily 1998: research use only, see its SOURCE.md).",
    }
    result = run_training(trainer, output, settings, describe=lambda _: describe)
    pruning = prune_saved(output, dev, settings)
    chosen = pruning["chosen"]
    update_meta(output, pruning=pruning, speed={"pruning": (
        f"features whose weights all stay within ±{chosen['threshold']} dropped "
        f"({chosen['features_before']:,} → {chosen['features_after']:,}; dev F {chosen['dev_f']:.4f}, "
        f"unpruned {pruning['tried'][0]['dev_f']:.4f}); weights stored as {settings.weights_dtype}")})
    return {"output": str(output), "best_epoch": result.best_epoch, "dev": result.best_scores,
            "pruning": chosen, **report(output, settings.report, lambda dictionary: make_pkuseg(
                model_dir=output / STAGE, user_dict=dictionary))}


def prune_saved(output: Path, dev: list[dict[str, Any]], settings: PkusegTrainingSettings
                ) -> dict[str, Any]:
    """Replace the saved model directory ``output`` by one whose CRF is pruned (:func:`choose_pruning`)."""
    pruning: dict[str, Any] = {}

    def write(work: Path) -> None:
        for path in output.iterdir():
            if path.name != STAGE:
                shutil.copy2(path, work / path.name)
        pruning.update(choose_pruning(output / STAGE, work / STAGE, dev, settings))

    write_dir(output, write)
    return pruning


def choose_pruning(raw: Path, target: Path, dev: list[dict[str, Any]], settings: PkusegTrainingSettings
                   ) -> dict[str, Any]:
    """Prune ``raw`` into ``target``: of the thresholds whose model fits ``max_mib``, the smallest model
    whose dev F is within ``prune_tolerance`` (F points) of the best of them."""
    results = []
    for threshold in settings.prune_thresholds:
        candidate = target.with_name(f"{target.name}-{threshold}")
        shutil.copytree(raw, candidate)
        counts = prune(candidate, threshold=float(threshold), dtype=settings.weights_dtype)
        dev_f = dev_scores(PkusegWordStage(candidate), dev)["dev_f"]
        size = sum(f.stat().st_size for f in candidate.iterdir())
        results.append({"threshold": threshold, "dev_f": dev_f, "bytes": size, **counts})
        print(f"prune threshold {threshold}: dev F {dev_f:.4f}, {size / 2**20:.1f} MiB", file=sys.stderr)
    fits = [r for r in results if r["bytes"] <= settings.max_mib * 2**20] or results
    best_f = max(r["dev_f"] for r in fits)
    chosen = min((r for r in fits if r["dev_f"] >= best_f - settings.prune_tolerance / 100),
                 key=lambda r: r["bytes"])
    for r in results:
        candidate = target.with_name(f"{target.name}-{r['threshold']}")
        if r is chosen:
            os.replace(candidate, target)
        else:
            shutil.rmtree(candidate)
    return {"chosen": chosen, "tried": results}
