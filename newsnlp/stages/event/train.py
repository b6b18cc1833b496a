"""Train the learned event taggers (``newsnlp train events --config configs/event_news.cfg``).

The ``[corpora]`` sources give the training and model-selection data (``train``, ``dev``; corpus splits
such as ``broad:train`` and ``duee:train``, or files). Events of DuEE-typed sources are mapped onto the
stage's schema (:meth:`~.schema.EventSchema.from_duee_record`). Records are cut into the sentences the
stage runs on; ``conventions`` lists the corpus of each annotation convention (the model reads which one
a text follows, and predicts in the first's). Early stopping and the best epoch use ``dev`` only; a test
split is never read here.
"""

from __future__ import annotations

import copy
import random
import time
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ...corpora.readers import load_split
from ...corpora.sources import Sources, as_list, describe_sources, load_source, source_name
from ...doc import Argument, Article, Event, Span
from ...errors import ConfigError
from ...evaluation.calibration import cross_fitted, expected_calibration_error, fit_isotonic, reliability
from ...evaluation.event import score_events
from ...nn.lac import WIDTH as LAC_WIDTH
from ...progress import progress
from ...text.files import write_dir
from ...text.sentences import split_sentences
from ...training.dictionaries import dictionary_words, is_split
from ...training.loop import (
    LoopSettings,
    TrainingResult,
    invocation,
    run_training,
    seed_everything,
    update_meta,
)
from .learned import EventTaggers, LearnedEventStage, slot_tags, spans_from_tags, trigger_tags, windows
from .schema import EventSchema, load_schema

STAGE_DIR = "event"


@dataclass
class EventTrainingSettings(LoopSettings):
    """The ``[training]`` keys of ``event.learned.v1`` (besides the loop's own) and its ``[corpora]``."""

    metric: str = "dev_f"
    train: Sources = field(default_factory=lambda: ["broad:train", "duee:train"])
    dev: Sources = field(default_factory=lambda: ["broad:dev"])
    conventions: list[str] = field(default_factory=list)  # corpus names, one per annotation convention
    lac: bool = False           # read LAC's tag probabilities (newsnlp.nn.lac) as input
    lexicon: bool = False       # read word-dictionary match flags (B/M/E/S), as the entity model does
    lexicon_words: list[str] = field(default_factory=lambda: ["pd1998:train"])  # the dictionary's sources
    max_chars: int = 1500       # characters per batch
    lr: float = 0.002
    clip: float = 5.0
    min_count: int = 2          # rarer characters and bigrams map to <unk>
    max_bigrams: int = 30000
    embeddings: str = ""        # optional pretrained char/bigram vectors (newsnlp.training.embeddings)
    char_dim: int = 100
    bigram_dim: int = 50
    hidden: int = 150
    dropout: float = 0.3


@dataclass
class Unit:
    """One training text (a sentence, or a window of a long one): its events' trigger spans and, per
    event, the trigger, type and argument spans (role positions), offsets into ``text``."""

    text: str
    convention: int
    triggers: list[tuple[int, int, str]]
    events: list[tuple[tuple[int, int], str, list[tuple[int, int, str]]]]


def corpus_units(records: list[dict[str, Any]], schema: EventSchema, convention: int, counts: Counter
                 ) -> list[Unit]:
    """Records (events already in ``schema``) cut into sentence windows; what cannot be kept is counted
    in ``counts`` (an argument outside its trigger's sentence)."""
    units = []
    for record in records:
        text = record["text"]
        for sentence_start, sentence_end in split_sentences(text) or [(0, len(text))]:
            for start, end in windows(sentence_end - sentence_start):
                start, end = start + sentence_start, end + sentence_start
                events = [_unit_event(event, schema, start, end, counts) for event in record["events"]
                          if start <= event["trigger"]["start"] < end]
                units.append(Unit(text[start:end], convention,
                                  [(a, b, event_type) for (a, b), event_type, _ in events], events))
    return units


def _unit_event(event: dict[str, Any], schema: EventSchema, start: int, end: int, counts: Counter
                ) -> tuple[tuple[int, int], str, list[tuple[int, int, str]]]:
    """An event as offsets into the unit ``[start, end)``: trigger, type, ``(start, end, role position)``."""
    roles = [role.name for role in schema[event["type"]].roles]
    arguments = [(a["start"] - start, a["end"] - start, str(roles.index(a["role"])))
                 for a in event["arguments"] if start <= a["start"] and a["end"] <= end]
    counts["arguments outside their trigger's sentence"] += len(event["arguments"]) - len(arguments)
    trigger = event["trigger"]
    return (trigger["start"] - start, min(trigger["end"], end) - start), event["type"], arguments


def in_schema(records: list[dict[str, Any]], schema: EventSchema, where: str, counts: Counter
              ) -> list[dict[str, Any]]:
    """The records with every event in ``schema`` (DuEE types mapped); counts what was left out."""
    out = []
    for record in records:
        events = []
        for event in record["events"]:
            mapped = event if event["type"] in schema else schema.from_duee_record(event)
            if mapped is None:
                counts[f"{where}: events of a type outside schema {schema.key!r}"] += 1
                continue
            counts[f"{where}: DuEE arguments of a role that maps onto none"] += (
                len(event["arguments"]) - len(mapped["arguments"]))
            events.append(mapped)
        out.append({**record, "events": events})
    return out


def load_units(sources: Sources, schema: EventSchema, conventions: list[str], counts: Counter) -> list[Unit]:
    """The training units of every source, each with the index of its corpus's convention."""
    units = []
    for source in as_list(sources):
        corpus = source_name(source).partition(":")[0]
        if conventions and corpus not in conventions:
            raise ConfigError(f"[training] conventions: {conventions} does not list the corpus of source "
                              f"{source_name(source)!r}")
        records = in_schema([dict(r) for r in load_source(source)], schema, source_name(source), counts)
        units += corpus_units(records, schema, conventions.index(corpus) if conventions else 0, counts)
    return units


def _allowed(length: int, spans: list[tuple[int, int, str]]) -> list[list[str]]:
    """Per character, the gold tags (several where gold spans overlap, so the CRF may take either)."""
    options: list[set[str]] = [set() for _ in range(length)]
    for start, end, label in spans:
        for i in range(start, min(end, length)):
            options[i].add(("B-" if i == start else "I-") + label)
    return [sorted(tags) or ["O"] for tags in options]


class EventTrainer:
    """Both taggers, trained one epoch each per loop epoch; each keeps its own best state."""

    def __init__(self, train: list[Unit], dev: list[Unit], schema: EventSchema,
                 settings: EventTrainingSettings, config: Any) -> None:
        import torch

        from ...nn.tagger import CharTagger, TaggerSettings, Vocab
        from ...nn.text import Lexicon, bigrams, normalise

        self.settings, self.config = settings, config
        self.rng = random.Random(settings.seed)
        chars, pairs = _counts([unit.text for unit in train], normalise, bigrams)
        pretrained = _pretrained(settings.embeddings)
        char_vocab = Vocab.build(chars, settings.min_count, extra=pretrained.get("chars", {}))
        pair_vocab = Vocab.build(pairs, settings.min_count, settings.max_bigrams,
                                 extra=pretrained.get("bigrams", {}))
        net = {"char_dim": settings.char_dim, "bigram_dim": settings.bigram_dim, "hidden": settings.hidden,
               "dropout": settings.dropout, "lexicon": settings.lexicon}
        lexicon = Lexicon(dictionary_words(settings.lexicon_words, load_split)) if settings.lexicon else None
        extra = (len(settings.conventions) if len(settings.conventions) > 1 else 0) + (
            LAC_WIDTH if settings.lac else 0)
        types = list(schema.types)
        trigger = CharTagger(TaggerSettings(**net, extra_features=extra), trigger_tags(types),
                             char_vocab, pair_vocab, lexicon)
        slots = max(len(t.roles) for t in schema.types.values())
        argument = CharTagger(TaggerSettings(**net, extra_features=1 + len(types) + extra),
                              slot_tags(slots), char_vocab, pair_vocab, lexicon)
        for tagger in (trigger, argument):
            tagger.init_embeddings(pretrained)
        self.taggers = EventTaggers(trigger, argument, schema, True, tuple(settings.conventions),
                                    lac=settings.lac)
        self.data = {name: (self._trigger_items(units), self._argument_items(units))
                     for name, units in (("train", train), ("dev", dev))}
        self.optimisers = [torch.optim.Adam(t.net.parameters(), lr=settings.lr) for t in (trigger, argument)]
        self.best: list[tuple[float, dict[str, Any] | None]] = [(-1.0, None), (-1.0, None)]

    def _trigger_items(self, units: list[Unit]) -> list[tuple[Any, Article]]:
        """Per unit: its encoded text and its gold triggers (events without arguments)."""
        lac = self.taggers.lac_features([unit.text for unit in units])
        return [(self.taggers.encode_trigger(unit.text, unit.convention,
                                             _allowed(len(unit.text), unit.triggers), features),
                 trigger_article(unit.text, unit.triggers)) for unit, features in zip(units, lac)]

    def _argument_items(self, units: list[Unit]) -> list[tuple[Any, Article]]:
        """Per gold event: its unit's text encoded with the trigger, and the event with its arguments."""
        with_events = [unit for unit in units if unit.events]
        lac = self.taggers.lac_features([unit.text for unit in with_events])
        return [(self.taggers.encode_argument(unit.text, trigger, event_type, unit.convention,
                                              _allowed(len(unit.text), arguments), features),
                 argument_article(unit.text, trigger, event_type, arguments))
                for unit, features in zip(with_events, lac) for trigger, event_type, arguments in unit.events]

    def train_epoch(self, epoch: int) -> float:
        import torch

        from ...nn.tagger import batches

        losses = []
        taggers = (self.taggers.trigger, self.taggers.argument)
        for k, (tagger, optimiser) in enumerate(zip(taggers, self.optimisers)):
            items = [encoded for encoded, _ in self.data["train"][k]]
            tagger.net.train()
            total, count = 0.0, 0
            groups = list(batches(items, self.settings.max_chars, shuffle=self.rng))
            desc = f"epoch {epoch} {'trigger argument'.split()[k]}"
            for group, batch in progress(groups, total=len(groups), desc=desc, unit="batches", leave=False):
                optimiser.zero_grad()
                loss = softmax_loss(tagger, batch) if k == 0 else tagger.loss(batch)
                (loss / len(group)).backward()
                torch.nn.utils.clip_grad_norm_(tagger.net.parameters(), self.settings.clip)
                optimiser.step()
                total, count = total + loss.item(), count + len(group)
            losses.append(total / max(count, 1))
        return float(np.mean(losses))

    def evaluate(self) -> dict[str, float]:
        """F1 of each tagger on the dev units, scored by :func:`newsnlp.evaluation.event.score_events`:
        triggers with their type (``trigger_f``), and arguments with their role given the gold trigger
        (``argument_f``); ``dev_f`` is their product (it improves when either tagger does)."""
        scores = {}
        for k, name in enumerate(("trigger", "argument")):
            f = score_events(self.dev_pairs(k), max_examples=0).figures()[f"{name}_f"]
            scores[f"dev_{name}_f"] = f
            tagger = (self.taggers.trigger, self.taggers.argument)[k]
            if f > self.best[k][0]:
                self.best[k] = (f, copy.deepcopy(tagger.net.state_dict()))
        scores["dev_f"] = self.best[0][0] * self.best[1][0]
        return scores

    def dev_pairs(self, k: int) -> list[tuple[Article, Article]]:
        """(gold, predicted) articles of the dev units for the trigger tagger (``k = 0``: each unit's
        triggers) or the argument tagger (``k = 1``: each gold event with the arguments tagged for it)."""
        items = self.data["dev"][k]
        tagger = (self.taggers.trigger, self.taggers.argument)[k]
        predicted = self.taggers.tag_scored(tagger, [encoded for encoded, _ in items], softmax=k == 0)
        pairs = []
        for (tags, _), (_, gold) in zip(predicted, items):
            spans = set(spans_from_tags(tags))
            if k == 0:
                pairs.append((gold, trigger_article(gold.text, spans)))
            else:
                event = gold.events[0]
                trigger = (event.trigger.start, event.trigger.end)
                pairs.append((gold, argument_article(gold.text, trigger, event.type, spans)))
        return pairs

    def best_taggers(self) -> EventTaggers:
        for (_, state), tagger in zip(self.best, (self.taggers.trigger, self.taggers.argument)):
            if state is not None:
                tagger.net.load_state_dict(state)
        return self.taggers

    def save(self, path: Path) -> None:
        self.config.to_disk(path / "config.cfg")
        self.best_taggers().save(path / STAGE_DIR)


def trigger_article(text: str, triggers: Iterable[tuple[int, int, str]]) -> Article:
    """A unit as an article whose events are ``triggers`` (start, end, event type), without arguments."""
    events = [Event(f"e{k + 1}", event_type, Span(start, end, text[start:end]))
              for k, (start, end, event_type) in enumerate(sorted(set(triggers)))]
    return Article("unit", text, events=events, layers_filled=["events"])


def argument_article(text: str, trigger: tuple[int, int], event_type: str,
                     arguments: Iterable[tuple[int, int, str]]) -> Article:
    """A unit as an article with one event: ``trigger`` and ``arguments`` (start, end, role position)."""
    start, end = trigger
    event = Event("e1", event_type, Span(start, end, text[start:end]),
                  tuple(Argument(a, b, text[a:b], role=role) for a, b, role in sorted(set(arguments))))
    return Article("unit", text, events=[event], layers_filled=["events"])


def softmax_loss(tagger: Any, batch: Any) -> Any:
    """Summed negative log-probability of the allowed tags, per character (no CRF)."""
    from ...nn.tagger import NEG

    log_probs = tagger.net.emissions(batch).log_softmax(dim=-1)
    gold = log_probs.masked_fill(~batch.allowed, NEG).logsumexp(dim=-1)
    return -(gold * batch.mask).sum()


def _counts(texts: list[str], normalise: Any, bigrams: Any) -> tuple[Any, Any]:
    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        text = normalise(text)
        chars.update(text)
        pairs.update(bigrams(text))
    return chars, pairs


def _pretrained(path: str) -> dict[str, dict[str, np.ndarray]]:
    if not path:
        return {}
    from ...training.embeddings import load_pretrained

    return {unit: load_pretrained(path, unit) for unit in ("chars", "bigrams")}


def trigger_outcomes(taggers: EventTaggers, units: list[Unit]) -> tuple[list[float], list[bool]]:
    """The confidence of every trigger mention the taggers predict in ``units``, and whether a gold
    event of its unit has the same trigger span and type."""
    scores, correct = [], []
    for unit, mentions in zip(units, taggers.predict([unit.text for unit in units])):
        gold = set(unit.triggers)
        for mention in mentions:
            scores.append(mention.score)
            correct.append((mention.start, mention.end, mention.type) in gold)
    return scores, correct


def calibrate(taggers: EventTaggers, units: list[Unit]) -> dict[str, Any]:
    """Fit the taggers' trigger calibration on ``units`` (dev): the isotonic map from a predicted
    mention's score to whether its trigger span and type are right. Returns the ECE before, and
    after with 5-fold cross-fitting (each score mapped by a map fitted on the other folds), and the
    reliability table of the cross-fitted scores."""
    taggers.calibration = None
    scores, correct = trigger_outcomes(taggers, units)
    taggers.calibration = fit_isotonic(scores, correct)
    mapped = cross_fitted(scores, correct)
    return {"mentions": len(scores), "ece_raw": expected_calibration_error(scores, correct),
            "ece_calibrated_cross_fitted": expected_calibration_error(mapped, correct),
            "reliability": [vars(b) for b in reliability(mapped, correct)]}


def calibrate_saved(model_dir: Path, dev: list[Unit]) -> dict[str, Any]:
    """:func:`calibrate` the taggers saved in ``model_dir`` on ``dev``, save them back, record the
    figures in the model's meta.json; returns the figures."""
    taggers = EventTaggers.load(model_dir)
    figures = calibrate(taggers, dev)
    write_dir(model_dir, taggers.save)  # the folder is replaced whole, never left half-written
    update_meta(model_dir.parent, scores={"calibration_dev": {
        key: value for key, value in figures.items() if key != "reliability"}})
    return figures


def to_article(record: dict[str, Any], prefix: str = "") -> Article:
    """A corpus record (loaders' schema) as an :class:`Article` with its gold events."""
    text = record["text"]
    events = [Event(f"{prefix}e{k + 1}", e["type"],
                    Span(e["trigger"]["start"], e["trigger"]["end"],
                         text[e["trigger"]["start"]:e["trigger"]["end"]]),
                    tuple(Argument(a["start"], a["end"], text[a["start"]:a["end"]], role=a["role"])
                          for a in e["arguments"]))
              for k, e in enumerate(record["events"])]
    return Article(record["id"], text, events=events, layers_filled=["events"])


def score_duee(taggers: EventTaggers, records: list[dict[str, Any]]) -> tuple[dict[str, float], float]:
    """Official DuEE and ACE-style figures of the taggers on DuEE ``records``, and chars/s.

    Taggers of another schema are scored in their schema: the gold mapped onto it (DuEE types and roles
    map one to one) and only predictions of types that DuEE has counted. Taggers that learned DuEE's
    convention among others predict in it.
    """
    schema = taggers.schema
    convention = taggers.conventions.index("duee") if "duee" in taggers.conventions else 0
    stage = LearnedEventStage(taggers, schema, convention=convention)
    duee_types = None if schema.is_duee else {t.name for t in schema.types.values() if t.duee}
    started = time.perf_counter()
    pairs = []
    for record in records:
        predicted = stage(Article(record["id"], record["text"]))
        if duee_types is not None:
            predicted.events = [event for event in predicted.events if event.type in duee_types]
        pairs.append((to_article(in_schema([record], schema, "DuEE", Counter())[0]), predicted))
    speed = sum(len(r["text"]) for r in records) / (time.perf_counter() - started)
    figures = score_events(pairs).figures()
    keys = ("duee_p", "duee_r", "duee_f", "trigger_id_f", "trigger_p", "trigger_r", "trigger_f",
            "argument_id_f", "argument_p", "argument_r", "argument_f")
    return {key: round(float(figures[key]), 4) for key in keys}, speed


def stage_schema(config: Any, stage: str | None) -> EventSchema:
    """The schema the config's event stage fills (``[stages.event] schema``, default ``news``)."""
    stages = dict(config.get("stages") or {}) if config is not None else {}
    return load_schema(dict(stages.get(stage or "event") or {}).get("schema", "news"))


def train_events(config: Any, output: Path) -> dict[str, Any]:
    """Train on the ``train`` sources, select on ``dev``; save the best taggers; with DuEE among the
    training sources, score DuEE dev (the official figure) once afterwards."""
    import torch

    torch.set_num_threads(1)
    settings = EventTrainingSettings.from_config(config)
    seed_everything(settings.seed)
    schema = stage_schema(config, settings.stage)
    if settings.lexicon:  # a typo fails before the corpora are read
        for source in settings.lexicon_words:
            is_split(source, "lexicon_words")
    left_out: Counter = Counter()
    train = load_units(settings.train, schema, settings.conventions, left_out)
    dev = load_units(settings.dev, schema, settings.conventions, left_out)
    for what, count in left_out.items():
        if count:
            warnings.warn(f"left out {count} {what}", stacklevel=1)
    trainer = EventTrainer(train, dev, schema, settings, config)
    with_duee = any(source_name(s).startswith("duee:") for s in as_list(settings.train))

    def describe(result: TrainingResult) -> dict[str, Any]:
        return {
            "title": f"learned event taggers ({schema.key}: {len(schema.types)} types)",
            "purpose": "Trigger and trigger-conditioned argument taggers, BiLSTM(-CRF) over characters and "
                       "bigrams, for the event stage (backend event.learned.v1; also used by "
                       "event.frames.v1)." + (" Non-commercial research use only (DuEE licence)."
                                               if with_duee else ""),
            "data": f"train {describe_sources(settings.train)} ({len(train)} sentences); model selection "
                    f"(early stopping, best epoch) on dev {describe_sources(settings.dev)} ({len(dev)} "
                    f"sentences); conventions {settings.conventions or 'one'}; no test split is read; "
                    f"left out: {({k: n for k, n in left_out.items() if n}) or 'nothing'}",
            "command": invocation(),
            "seed": settings.seed,
            "limits": "Sentence-level taggers: an argument is looked for in its trigger's sentence only.",
        }

    result = run_training(trainer, output, settings, describe)
    summary = {"output": str(output), "best_epoch": result.best_epoch, "dev": result.best_scores,
               "calibration": calibrate_saved(output / STAGE_DIR, dev)}
    if with_duee:
        scores, speed = score_duee(EventTaggers.load(output / STAGE_DIR), list(load_split("duee:dev")))
        update_meta(output, scores={"duee_dev": scores}, speed={"DuEE dev chars/s, one thread": round(speed)})
        summary["duee_dev"] = scores
    return summary
