"""Trainer of the ``entity.spacy.v1`` backend: spaCy's ``ner`` on character Docs (entity stage).

``train(config, output)`` reads ``[training]``: corpora as ``NAME:SPLIT`` (at most ``max_records``
records of each, seeded sample), the labels (PER/ORG/LOC by default: the labels every training corpus
annotates, since spaCy's ``ner`` cannot take a corpus whose other labels are unannotated), the network
size, and the shared loop's epochs/patience/max_minutes. Examples are built with
:meth:`Article.to_spacy`; the model is updated with ``nlp.update`` (spaCy's training API) and selected on
the strict F of the dev split. Writes ``config.cfg``, ``entity/spacy/``, ``meta.json``, ``MODEL_CARD.md``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confection import Config

from ...corpora.sources import Source, Sources, as_list, describe_sources, load_source
from ...doc import Article, Entity
from ...evaluation.entity import score_entities
from ...training.loop import LoopSettings, invocation, run_training, seed_everything, update_meta
from .spacy_ner import BACKEND, SpacyArchitecture, SpacyEntityStage, blank_pipeline, make_spacy_ner, to_doc
from .stage import EntityStage

STAGE = "entity"


@dataclass
class SpacyTrainingSettings(LoopSettings, SpacyArchitecture):
    """The ``[training]`` keys of ``entity.spacy.v1``: the loop's, the network's sizes
    (:class:`~newsnlp.stages.entity.spacy_ner.SpacyArchitecture`) and these."""

    train: Sources = field(default_factory=lambda: ["msra:train", "pd1998:train"])
    max_records: int | None = 10000
    dev: Sources = "msra:dev"
    max_dev_records: int | None = 1000
    report: list[str] = field(default_factory=lambda: ["msra:test", "pd_ner:test"])
    labels: list[str] = field(default_factory=lambda: ["PER", "ORG", "LOC"])
    epochs: int = 10
    patience: int = 2
    batch_size: int = 32
    dropout: float = 0.2


def articles(source: Source, labels: list[str], limit: int | None, seed: int) -> list[Article]:
    """Up to ``limit`` records of a source (seeded sample) as articles with entities of ``labels``."""
    records = load_source(source)
    indices = list(range(len(records)))
    if limit and limit < len(indices):
        indices = sorted(random.Random(seed).sample(indices, limit))
    out = []
    for record in (records[index] for index in indices):
        text = record["text"]
        article = Article(id=record["id"], text=text)
        article.set_layer("entities", [Entity(e["start"], e["end"], text[e["start"]:e["end"]],
                                              label=e["label"])
                                       for e in record["entities"] if e["label"] in labels])
        out.append(article)
    return out


def dev_f(stage: EntityStage, gold: list[Article]) -> tuple[dict[str, float], float]:
    """Strict span-level figures of ``stage`` on ``gold`` and its speed in chars/s."""
    started = time.perf_counter()
    predicted = [stage(article.with_text_only()) for article in gold]
    seconds = time.perf_counter() - started
    figures = score_entities(list(zip(gold, predicted))).figures()
    return figures, sum(len(a.text) for a in gold) / seconds


class SpacyNerTrainer:
    """One epoch = one pass of ``nlp.update`` over the shuffled examples (the loop's Trainer)."""

    def __init__(self, config: Config, train: list[Article], dev: list[Article],
                 settings: SpacyTrainingSettings) -> None:
        from spacy.training import Example

        self.config, self.dev, self.settings = config, dev, settings
        self.nlp = blank_pipeline(settings.labels, settings)
        self.examples = [Example(to_doc(self.nlp, a), to_doc(self.nlp, a, with_entities=True))
                         for a in train]
        self.optimizer = self.nlp.initialize(lambda: self.examples)
        self.random = random.Random(settings.seed)

    def train_epoch(self, epoch: int) -> float:
        from spacy.util import minibatch

        from ...progress import progress

        self.random.shuffle(self.examples)
        losses: dict[str, float] = {}
        size = self.settings.batch_size
        batches = list(minibatch(self.examples, size=size))
        for batch in progress(batches, total=len(batches), desc=f"epoch {epoch}", unit="batches",
                              leave=False):
            self.nlp.update(batch, sgd=self.optimizer, drop=self.settings.dropout, losses=losses)
        return float(losses.get("ner", 0.0)) / max(1, len(self.examples))

    def evaluate(self) -> dict[str, float]:
        figures, _ = dev_f(SpacyEntityStage(self.nlp, labels=self.settings.labels), self.dev)
        return {"dev_f": figures["entity_f"], "dev_p": figures["entity_p"], "dev_r": figures["entity_r"]}

    def save(self, path: Path) -> None:
        self.config.to_disk(path / "config.cfg")
        SpacyEntityStage(self.nlp).to_disk(path / STAGE)


def train(config: Config, output: str | Path) -> dict[str, Any]:
    """Train, select on dev, score on the report splits and save a spaCy entity model."""
    settings = SpacyTrainingSettings.from_config(config)
    seed = settings.seed
    seed_everything(seed)
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    labels = list(settings.labels)
    train_articles = [a for source in as_list(settings.train)
                      for a in articles(source, labels, settings.max_records, seed)]
    dev = [article for source in as_list(settings.dev)
           for article in articles(source, labels, settings.max_dev_records, seed)]
    trainer = SpacyNerTrainer(config, train_articles, dev, settings)
    describe = {
        "title": f"newsnlp {BACKEND} entity recogniser",
        "purpose": f"Character-level Chinese NER ({'/'.join(labels)}) with spaCy's ner (hash-embedding "
                   f"CNN tok2vec, width {settings.width}, depth {settings.depth}, + transition parser) "
                   f"on one-token-per-character Docs.",
        "data": f"train: at most {settings.max_records} records (seeded sample) of each of "
                f"{describe_sources(settings.train)}; dev: {settings.max_dev_records} records of "
                f"{describe_sources(settings.dev)}",
        "command": invocation(), "seed": seed,
        "limits": "PER/ORG/LOC only; a small network on a sample of the data (CPU budget): see the "
                  "neural backend for the full model. Training data: research use only.",
    }
    output = Path(output)
    result = run_training(trainer, output, settings, describe=lambda _: describe)
    stage = make_spacy_ner(model_dir=output / STAGE, labels=labels)
    scores, speed = {}, {}
    for name_split in settings.report:
        gold = articles(name_split, labels, None, seed)
        scores[name_split], chars_per_s = dev_f(stage, gold)
        scores[name_split] = {k: v for k, v in scores[name_split].items()
                              if k.startswith("entity_f") or k in ("entity_p", "entity_r")}
        speed[f"chars/s on {name_split} (one thread)"] = round(chars_per_s)
    update_meta(output, scores=scores, speed=speed)
    return {"output": str(output), "best_epoch": result.best_epoch, "dev": result.best_scores,
            "scores": scores, "speed": speed}
