"""Trainer of the ``entity.hanlp.v1`` backend: HanLP's own trainer of its BiLSTM NER tagger.

``train(config, output)`` reads ``[training]`` (corpora as ``NAME:SPLIT`` or files, at most
``max_records`` records of each, seeded sample; the labels; the settings of HanLP's ``fit``) and runs
HanLP's ``RNNNamedEntityRecognizer.fit``, which keeps the epoch with the best span F on dev and saves
HanLP's save folder (``config.json``, ``vocabs.json``, ``model.pt``) into ``entity/hanlp/``. Records
are cut into pieces of at most ``max_len`` characters as the stage cuts texts; an entity that a cut
crosses is left out of training and counted in ``meta.json`` (``entities_cut``). Writes
``config.cfg``, ``entity/hanlp/``, ``meta.json`` and ``MODEL_CARD.md`` with newsnlp's scores of the
saved model on dev and the report splits.

The tagger is HanLP's BiLSTM with a softmax output (``crf = False``): in HanLP 2.1.5 its CRF layer is
built sequence-first (``RNNTaggingModel`` passes ``crf_constraints`` as CRF's ``batch_first``) while
the network is batch-first, so a CRF model trains and decodes across the sentences of a batch.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confection import Config

from ...corpora.sources import Sources, as_list, describe_sources
from ...corpora.tagging import spans_to_tags
from ...doc import Article
from ...nn.text import chunks
from ...training.loop import TrainingSettings, invocation, seed_everything, write_meta
from .hanlp_ner import BACKEND, HANLP_DIR, make_hanlp_ner
from .train_spacy import articles, dev_f

STAGE = "entity"


@dataclass
class HanlpTrainingSettings(TrainingSettings):
    """The ``[training]`` keys of ``entity.hanlp.v1``: the data, and the settings of HanLP's ``fit``."""

    train: Sources = field(default_factory=lambda: ["msra:train"])
    max_records: int | None = None
    dev: Sources = "msra:dev"
    max_dev_records: int | None = None
    report: list[str] = field(default_factory=lambda: ["msra:test"])
    labels: list[str] = field(default_factory=lambda: ["PER", "ORG", "LOC"])
    max_len: int = 200
    epochs: int = 10
    patience: int = 3
    batch_size: int = 50
    embed: int = 100
    rnn_hidden: int = 256
    dropout: float = 0.5
    lr: float = 1e-3


def tagged_pieces(article: Article, max_len: int) -> tuple[list[dict[str, list[str]]], int]:
    """HanLP samples (``token``: characters, ``tag``: BIO) of the pieces of ``article``, and how many
    entities a cut between pieces crosses (left out)."""
    samples, kept = [], 0
    for start, end in chunks(article.text, max_len, whitespace_breaks=False):
        spans = [{"start": e.start - start, "end": e.end - start, "label": e.label}
                 for e in article.entities if start <= e.start and e.end <= end]
        kept += len(spans)
        samples.append({"token": list(article.text[start:end]), "tag": spans_to_tags(end - start, spans)})
    return samples, len(article.entities) - kept


def samples_of(documents: list[Article], max_len: int) -> tuple[list[dict[str, list[str]]], int]:
    """The HanLP samples of every document and the number of entities cut (:func:`tagged_pieces`)."""
    samples, cut = [], 0
    for document in documents:
        pieces, lost = tagged_pieces(document, max_len)
        samples += [piece for piece in pieces if piece["token"]]
        cut += lost
    return samples, cut


def fit(train: list[Article], dev: list[Article], save_dir: Path, settings: HanlpTrainingSettings) -> int:
    """Train HanLP's BiLSTM NER tagger on ``train``, selected on ``dev``, into ``save_dir`` (HanLP's save
    folder); returns the number of training entities cut by a piece boundary."""
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    train_samples, cut = samples_of(train, settings.max_len)
    dev_samples, _ = samples_of(dev, settings.max_len)
    save_dir.mkdir(parents=True, exist_ok=True)
    RNNNamedEntityRecognizer().fit(
        train_samples, dev_samples, str(save_dir), batch_size=settings.batch_size, epochs=settings.epochs,
        embed=settings.embed, rnn_hidden=settings.rnn_hidden, drop=settings.dropout, lr=settings.lr,
        patience=settings.patience, crf=False, tagging_scheme="BIO", token_delimiter="", devices=[-1],
        seed=settings.seed, verbose=False)
    return cut


def best_epoch(save_dir: Path) -> int | None:
    """The epoch HanLP kept, as its ``train.log`` reports it (``Max score of dev is ... at epoch N``)."""
    found = re.findall(r"Max score of dev is .* at epoch (\d+)", (save_dir / "train.log").read_text("utf-8"))
    return int(found[-1]) if found else None


def train(config: Config, output: str | Path) -> dict[str, Any]:
    """Train with HanLP's trainer, then score the saved model on dev and the report splits."""
    settings = HanlpTrainingSettings.from_config(config)
    seed_everything(settings.seed)
    labels = list(settings.labels)
    train_articles = [a for source in as_list(settings.train)
                      for a in articles(source, labels, settings.max_records, settings.seed)]
    dev = [a for source in as_list(settings.dev)
           for a in articles(source, labels, settings.max_dev_records, settings.seed)]
    output = Path(output)
    started = time.perf_counter()
    cut = fit(train_articles, dev, output / STAGE / HANLP_DIR, settings)
    minutes = (time.perf_counter() - started) / 60
    chosen = best_epoch(output / STAGE / HANLP_DIR)
    config.to_disk(output / "config.cfg")
    stage = make_hanlp_ner(model_dir=output / STAGE, labels=labels)
    dev_figures, _ = dev_f(stage, dev)
    scores, speed = {}, {}
    for name_split in settings.report:
        figures, chars_per_s = dev_f(stage, articles(name_split, labels, None, settings.seed))
        scores[name_split] = {k: v for k, v in figures.items()
                              if k.startswith("entity_f") or k in ("entity_p", "entity_r")}
        speed[f"chars/s on {name_split}"] = round(chars_per_s)
    write_meta(output, {
        "title": f"newsnlp {BACKEND} entity recogniser (HanLP BiLSTM tagger)",
        "purpose": f"Character-level Chinese NER ({'/'.join(labels)}) with HanLP's "
                   f"RNNNamedEntityRecognizer (embedding {settings.embed}, BiLSTM {settings.rnn_hidden}, "
                   f"softmax output), trained by HanLP's own trainer.",
        "data": f"train: {describe_sources(settings.train)}; dev: {describe_sources(settings.dev)}",
        "command": invocation(), "seed": settings.seed, "train_minutes": round(minutes, 1),
        "best_epoch": chosen,
        "entities_cut": cut, "dev_scores": {k: v for k, v in dev_figures.items()
                                            if k in ("entity_f", "entity_p", "entity_r")},
        "scores": scores, "speed": speed,
        "limits": "No pretrained vectors, no CRF (see newsnlp/stages/entity/train_hanlp.py). "
                  "Training data: research use only.",
    })
    return {"output": str(output), "train_minutes": round(minutes, 1),
            "best_epoch": chosen, "dev": dev_figures, "scores": scores,
            "speed": speed}
