"""Trainer of the ``word.pkuseg.v1`` backend: spacy-pkuseg's CRF on a segmented corpus (word stage).

``train(config, output)`` reads ``[training]`` (corpora as ``NAME:SPLIT``, iterations, pruning),
trains with ``spacy_pkuseg.train`` on space-separated words written to a temp dir, logs the dev F
spacy-pkuseg reports after every iteration, prunes features whose weights stay under a threshold
chosen on dev (the smallest model within ``prune_tolerance`` F of the best that fit ``max_mib``),
stores the weights as ``weights_dtype`` and writes a model directory: ``config.cfg``, ``meta.json``,
``MODEL_CARD.md``, ``training.log`` and ``word/``.
spacy-pkuseg initialises weights with zeros, trains single-threaded and shuffles with :mod:`random`,
which is seeded from ``[training] seed``, so a run is deterministic.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confection import Config

from ...corpora import load_word_list
from ...corpora.sources import Sources, as_list, load_source, source_name
from ...doc import Article, Word
from ...evaluation.segmentation import score_segmentation
from ...text.files import write_dir
from ...training.loop import TrainingSettings
from .pkuseg import BACKEND, PkusegWordStage, prune


@dataclass
class PkusegTrainingSettings(TrainingSettings):
    """The ``[training]`` keys of ``word.pkuseg.v1``."""

    train: Sources = field(default_factory=lambda: ["pd1998:train"])
    dev: Sources = "pd1998:dev"
    report: list[str] = field(default_factory=lambda: ["sighan_pku:test", "sighan_msr:test"])
    iterations: int = 15
    prune_thresholds: list[float] = field(default_factory=lambda: [0.0, 0.003, 0.01, 0.03, 0.1])
    prune_tolerance: float = 0.05
    max_mib: float = 16
    weights_dtype: str = "float64"  # what stock spaCy's pkuseg decoder reads (float32 halves the size)

_ITERATION = re.compile(r"^iter(\d+)\s.*f-score=([\d.]+)%")


def segmented_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One line of space-separated words per record (words containing spaces are skipped)."""
    for record in records:
        words = [record["text"][w["start"]:w["end"]] for w in record["words"]]
        line = " ".join(word for word in words if word.strip() and not any(c.isspace() for c in word))
        if line:
            yield line


class _Tee(io.TextIOBase):
    """Copies what spacy-pkuseg prints to the log file and to stderr (the progress a user sees)."""

    def __init__(self, log: io.TextIOBase) -> None:
        self.log = log

    def write(self, text: str) -> int:
        self.log.write(text)
        self.log.flush()
        sys.stderr.write(text)
        return len(text)


def fit(train_lines: Iterable[str], dev_lines: Iterable[str], model_dir: Path, *, iterations: int,
        log_path: Path, seed: int = TrainingSettings.seed) -> list[float]:
    """Train a pkuseg CRF into ``model_dir``; returns the dev F (%) after each iteration.

    spacy-pkuseg shuffles the training data with the global :mod:`random` generator, seeded here.
    """
    import spacy_pkuseg

    random.seed(seed)
    with tempfile.TemporaryDirectory(prefix="pkuseg-train-") as tmp:
        train_file, dev_file = Path(tmp) / "train.txt", Path(tmp) / "dev.txt"
        train_file.write_text("\n".join(train_lines) + "\n", encoding="utf-8")
        dev_file.write_text("\n".join(dev_lines) + "\n", encoding="utf-8")
        with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(_Tee(log)):
            spacy_pkuseg.train(str(train_file), str(dev_file), str(model_dir), train_iter=iterations)
    scores = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        match = _ITERATION.match(line)
        if match:
            scores.append(float(match.group(2)))
    return scores


def score(stage: PkusegWordStage, records: list[dict[str, Any]], words: set[str] | None) -> dict[str, float]:
    """SIGHAN word P/R/F (and OOV/IV recall when ``words`` is given) of ``stage`` on gold records,
    plus its speed in characters per second."""
    pairs = []
    seconds = 0.0
    for record in records:
        text = record["text"]
        gold = Article(id=record["id"], text=text)
        gold.set_layer("words", [Word(w["start"], w["end"], text[w["start"]:w["end"]])
                                 for w in record["words"]])
        start = time.perf_counter()
        predicted = stage(Article(id=record["id"], text=text))
        seconds += time.perf_counter() - start
        pairs.append((gold, predicted))
    figures = dict(score_segmentation(pairs, word_list=words).figures())
    figures["chars_per_s"] = sum(len(r["text"]) for r in records) / seconds
    return figures


def train(config: Config | dict[str, Any], output: str | Path) -> dict[str, Any]:
    """Train, prune and save a pkuseg word model; returns the scores written to ``meta.json``."""
    settings = PkusegTrainingSettings.from_config(config)
    started = time.time()
    train_records = [r for source in as_list(settings.train) for r in load_source(source)]
    dev_records = [r for source in as_list(settings.dev) for r in load_source(source)]
    with tempfile.TemporaryDirectory(prefix="pkuseg-fit-") as tmp:
        raw, log = Path(tmp) / "raw", Path(tmp) / "training.log"
        curve = fit(segmented_lines(train_records), segmented_lines(dev_records), raw,
                    iterations=settings.iterations, log_path=log, seed=settings.seed)
        return package(raw, log, output, settings, dev_f_per_iteration=curve,
                       train_seconds=round(time.time() - started))


def package(raw: Path, log: Path, output: str | Path, settings: PkusegTrainingSettings, *,
            dev_f_per_iteration: list[float], train_seconds: int) -> dict[str, Any]:
    """Prune a fitted model, score it and write the model directory ``output`` atomically."""
    output = Path(output)
    meta: dict[str, Any] = {}

    def write(work: Path) -> None:
        dev_records = [r for source in as_list(settings.dev) for r in load_source(source)]
        dev_name = ", ".join(source_name(source) for source in as_list(settings.dev))
        pruning = choose_pruning(raw, work / "word", dev_records, settings)
        shutil.copyfile(log, work / "training.log")
        stage = PkusegWordStage(work / "word")
        meta.update({
            "name": output.name, "backend": BACKEND, "seed": settings.seed,
            "train": [source_name(s) for s in as_list(settings.train)], "dev": dev_name,
            "iterations": settings.iterations,
            "train_seconds": train_seconds, "dev_f_per_iteration": dev_f_per_iteration,
            "pruning": pruning, "scores": {dev_name: score(stage, dev_records, None)},
        })
        for name in settings.report:
            standard = name.split(":")[0].removeprefix("sighan_")
            meta["scores"][name] = score(stage, load_source(name), load_word_list(standard))
        meta["size_bytes"] = sum(f.stat().st_size for f in (work / "word").iterdir())
        full = Config({"pipeline": {"order": ["word"]}, "stages": {"word": {"backend": BACKEND}},
                       **settings.sections()})
        full.to_disk(work / "config.cfg")
        (work / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        (work / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")

    write_dir(output, write)
    return meta


def choose_pruning(raw: Path, target: Path, dev: list[dict[str, Any]], settings: PkusegTrainingSettings
                   ) -> dict[str, Any]:
    """Prune ``raw`` into ``target``: of the thresholds whose model fits ``max_mib``, the smallest model
    whose dev F is within ``prune_tolerance`` (F points) of the best of them."""
    results = []
    for threshold in settings.prune_thresholds:
        candidate = target.with_name(f"{target.name}-{threshold}")
        shutil.copytree(raw, candidate)
        counts = prune(candidate, threshold=float(threshold), dtype=settings.weights_dtype)
        dev_f = score(PkusegWordStage(candidate), dev, None)["word_f"]
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


def model_card(meta: dict[str, Any]) -> str:
    """The MODEL_CARD.md text of a trained pkuseg word model."""
    rows = "\n".join(
        f"| {name} | {s['word_p']:.4f} | {s['word_r']:.4f} | {s['word_f']:.4f} | "
        f"{format(s['oov_recall'], '.4f') if 'oov_recall' in s else '–'} | {s['chars_per_s']:,.0f} |"
        for name, s in meta["scores"].items())
    pruned = meta["pruning"]["chosen"]
    return f"""# {meta['name']}: spacy-pkuseg CRF word segmenter (PKU standard)

Backend `{meta['backend']}`. Purpose: Chinese word segmentation of news text, PKU standard.

## Data
- Trained on {', '.join(meta['train'])}: People's Daily January 1998 (PKU, research use only), paragraphs of
  95 % of its articles (dev = 5 % of articles, seed 13, carved by `newsnlp.corpora`).
  The SIGHAN 2005 PKU training set itself is not available here; this corpus is its source, not the same file.
- Dev F after each iteration (spacy-pkuseg's own scorer on {meta['dev']}): {meta['dev_f_per_iteration']}.

## Scores (SIGHAN convention; OOV against the SIGHAN training word list of the test's standard)
| split | P | R | F | OOV recall | chars/s (1 core) |
|---|---:|---:|---:|---:|---:|
{rows}

MSR test is scored against a model trained on the PKU standard (no MSR training set here).
Speeds are measured inside the training run, on a machine whose cores other jobs may share: see
docs/benchmarks.md for figures taken side by side with the peers.

## Reproduce
`newsnlp train word --config configs/word_pkuseg.cfg --output models/{meta['name']}`
(seed {meta['seed']} for the shuffling; zero initial weights, one thread: deterministic; took
{meta['train_seconds']} s here).

## Files and size
`word/features.msgpack` (feature names, msgpack) and `word/weights.npz` (float32 weights), written by
spacy-pkuseg and pruned: features whose weights all stay within ±{pruned['threshold']} dropped
({pruned['features_before']:,} → {pruned['features_after']:,} features; dev F {pruned['dev_f']:.4f}, the
unpruned model's {meta['pruning']['tried'][0]['dev_f']:.4f}; threshold chosen on dev within the size budget):
{meta['size_bytes'] / 2**20:.1f} MiB. Neither file is a pickle. spacy-pkuseg itself loads a pickled
word list from its own package (`spacy_pkuseg/dicts/default.pkl`) whenever a model is opened; newsnlp
switches its use off (`package_dict = false`).

## Limits
PKU standard only; trained on 1998 news, so newer names and terms are OOV (add them with
`nlp.add_words`); traditional characters are unseen in training and mapped to simplified ones
before the CRF sees them (the words keep the original characters).
"""

