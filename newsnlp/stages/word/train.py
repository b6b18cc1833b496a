"""Trainer of the ``word.neural.v1`` backend: B/M/E/S tagging of segmented corpora (word stage).

``train_word(config, output)`` reads ``[training]`` (corpora as ``NAME:SPLIT``, epochs, patience, lr,
dims, lexicon dropout), trains a :class:`~newsnlp.nn.tagger.CharTagger` with early stopping on the
dev word F, then scores the best model on the report splits (SIGHAN PKU test with OOV recall
against the PKU training word list; SIGHAN MSR test plain and in MSR-standard mode, i.e. with the MSR
training word list as ``dictionary``) and writes the model directory: ``config.cfg``, ``word/``,
``meta.json``, ``MODEL_CARD.md`` and ``train_log.jsonl``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confection import Config

from ...corpora import load_word_list
from ...corpora.paths import corpus_file
from ...corpora.sources import Sources, as_list, describe_sources, load_source
from ...doc import Article, Word
from ...nn.text import Lexicon, chunks
from ...training.loop import TaggerTrainingSettings, invocation, run_training, seed_everything, update_meta
from .neural import BACKEND, TAGS, NeuralWordStage, make_neural_segmenter
from .stage import SegmenterBase

STAGE = "word"


@dataclass
class WordTrainingSettings(TaggerTrainingSettings):
    """The ``[training]`` keys of ``word.neural.v1`` (besides a char tagger's own)."""

    train: Sources = field(default_factory=lambda: ["pd1998:train"])
    dev: Sources = "pd1998:dev"
    report: list[str] = field(default_factory=lambda: ["pd1998:dev", "sighan_pku:test", "sighan_msr:test"])
    patience: int = 3
    lexicon_dropout: float = 0.3

WORD_LIST_OF = {"sighan_pku": "pku", "sighan_msr": "msr"}


def bmes(text: str, words: Sequence[dict[str, Any]]) -> list[str]:
    """One B/M/E/S tag per character (characters outside every word are S).

    >>> bmes("他来到", [{"start": 0, "end": 1}, {"start": 1, "end": 3}])
    ['S', 'B', 'E']
    """
    tags = ["S"] * len(text)
    for word in words:
        start, end = word["start"], word["end"]
        if end - start > 1:
            tags[start:end] = ["B"] + ["M"] * (end - start - 2) + ["E"]
    return tags


def _repair(tags: list[str]) -> list[str]:
    """Valid B/M/E/S at the edges of a piece cut inside a word."""
    if tags and tags[0] in ("M", "E"):
        tags[0] = "B" if tags[0] == "M" and len(tags) > 1 else "S"
    if tags and tags[-1] in ("B", "M"):
        tags[-1] = "S" if tags[-1] == "B" or len(tags) == 1 else "E"
    return tags


def pieces(record: dict[str, Any], max_len: int) -> Iterator[tuple[str, list[str], list[tuple[int, int]]]]:
    """Training pieces of one record: text, B/M/E/S tags, word spans relative to the piece."""
    text, tags = record["text"], bmes(record["text"], record["words"])
    for start, end in chunks(text, max_len):
        words = [(w["start"] - start, w["end"] - start) for w in record["words"]
                 if start <= w["start"] and w["end"] <= end]
        yield text[start:end], _repair(tags[start:end]), words


def gold_article(record: dict[str, Any]) -> Article:
    text = record["text"]
    words = [Word(w["start"], w["end"], text[w["start"]:w["end"]]) for w in record["words"]]
    return Article(id=record["id"], text=text, words=words, layers_filled=["words"])


def dev_f(stage: NeuralWordStage, records: Sequence[dict[str, Any]]) -> float:
    """Word F (:func:`newsnlp.evaluation.segmentation.score_segmentation`) of the model's spans (no
    rules) against the gold words."""
    from ...evaluation.segmentation import score_segmentation

    pairs = []
    for record, spans in zip(records, stage.segment_many([r["text"] for r in records])):
        gold = gold_article(record)
        words = [Word(start, end, gold.text[start:end]) for start, end in spans]
        pairs.append((gold, Article(id=gold.id, text=gold.text, words=words, layers_filled=["words"])))
    return float(score_segmentation(pairs, max_examples=0).figures()["word_f"])


def score_records(stage: SegmenterBase, records: Sequence[dict[str, Any]],
                  word_list: set[str] | None = None) -> tuple[dict[str, float], float]:
    """SIGHAN figures (:func:`newsnlp.evaluation.segmentation.score_segmentation`) of the full stage
    (rules included) on gold records, with OOV figures against ``word_list``, and its chars/s."""
    from ...evaluation.segmentation import score_segmentation

    golds = [gold_article(r) for r in records]
    started = time.perf_counter()
    predicted = [stage(Article(id=g.id, text=g.text)) for g in golds]
    speed = sum(len(g.text) for g in golds) / (time.perf_counter() - started)
    return score_segmentation(list(zip(golds, predicted)), word_list).figures(), speed


def score_split(stage: SegmenterBase, name_split: str) -> tuple[dict[str, float], float]:
    """:func:`score_records` on a split, OOV against the training word list of a SIGHAN test."""
    corpus = name_split.partition(":")[0]
    word_list = load_word_list(WORD_LIST_OF[corpus]) if corpus in WORD_LIST_OF else None
    return score_records(stage, load_source(name_split), word_list)


def train_word(config: Config, output: Path) -> dict[str, Any]:
    """Train, select on dev, score on the report splits and save a neural word model."""
    import torch

    from ...nn.fit import TaggerTrainer, build_tagger, load_vectors
    from ...nn.tagger import TaggerSettings

    torch.set_num_threads(1)
    settings = WordTrainingSettings.from_config(config)
    seed_everything(settings.seed)
    rng = random.Random(settings.seed)
    train_records = [r for source in as_list(settings.train) for r in load_source(source)]
    dev_records = [r for source in as_list(settings.dev) for r in load_source(source)]
    train_pieces = [p for r in train_records for p in pieces(r, settings.max_len)]
    lexicon = Lexicon({p[0][s:e] for p in train_pieces for s, e in p[2]}) if settings.lexicon else None
    tagger_settings = TaggerSettings(**settings.architecture())
    tagger = build_tagger((p[0] for p in train_pieces), TAGS, tagger_settings,
                          pretrained=load_vectors(settings.pretrained), lexicon=lexicon,
                          bigram_min_count=settings.bigram_min_count,
                          bigram_max_size=settings.bigram_max_size)
    drop = settings.lexicon_dropout
    # Hiding some gold words from the dictionary features teaches the model that listed words are
    # evidence, not truth: at test time every out-of-vocabulary word is missing from the list.
    items = [tagger.encode(text, [[tag] for tag in tags],
                           hidden=frozenset(w for w in words if rng.random() < drop))
             for text, tags, words in train_pieces]

    def evaluate(current: Any) -> dict[str, float]:
        return {"dev_f": dev_f(NeuralWordStage(current), dev_records)}

    def save(current: Any, path: Path) -> None:
        config.to_disk(path / "config.cfg")
        current.save(path / STAGE)

    trainer = TaggerTrainer(tagger, items, evaluate, save, lr=settings.lr,
                            lr_decay=settings.lr_decay, batch_chars=settings.batch_chars,
                            seed=settings.seed, average=settings.average)
    describe = {
        "title": f"newsnlp {BACKEND} word segmenter",
        "purpose": "Chinese word segmentation (PKU standard) for news: B/M/E/S BiLSTM-CRF over "
                   "characters, bigrams and dictionary-match flags.",
        "data": f"train: {describe_sources(settings.train)}; dev: {describe_sources(settings.dev)}; "
                f"pretrained vectors: {settings.pretrained or 'none'}",
        "command": invocation(), "seed": settings.seed,
        "limits": "Trained on one month of 1998 news; OOV recall is far below IV recall. Licence of "
                  "the training data: research use only (see the corpora's SOURCE.md).",
    }
    result = run_training(trainer, output, settings, describe=lambda _: describe)
    return {"output": str(output), "best_epoch": result.best_epoch, "dev": result.best_scores,
            **report(output, settings.report, lambda dictionary: make_neural_segmenter(
                model_dir=output / STAGE, dictionary=dictionary))}


def report(output: Path, splits: Sequence[str], make_stage: Callable[[str | None], SegmenterBase]
           ) -> dict[str, Any]:
    """Score the saved model on ``splits`` (+ MSR-standard mode on MSR: the MSR training word list as
    the stage's dictionary) and add it to its card. ``make_stage(dictionary)`` builds the saved
    model's stage with ``dictionary`` (a word-list path) or none."""
    stage = make_stage(None)
    scores, speed = {}, {}
    for name_split in splits:
        scores[name_split], chars_per_s = score_split(stage, name_split)
        speed[f"chars/s on {name_split} (one thread, rules included)"] = round(chars_per_s)
        if name_split.startswith("sighan_msr"):  # the MSR word list is read only when MSR is scored
            msr_mode = make_stage(str(corpus_file("seg", "sighan2005", "msr_training_words.utf8")))
            scores[f"{name_split} (MSR-standard: msr_training_words as dictionary)"], _ = score_split(
                msr_mode, name_split)
    update_meta(output, scores=scores, speed=speed)
    return {"scores": scores, "speed": speed}
