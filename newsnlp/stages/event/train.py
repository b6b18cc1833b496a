"""Train the learned event taggers on DuEE 1.0 (``newsnlp train events --config configs/event_duee.cfg``).

Tuning (early stopping, best epoch) uses a split carved from DuEE train (``tune_fraction``, seeded);
DuEE dev is scored once, after training, with the official DuEE score and the ACE-style figures of
:mod:`newsnlp.evaluation.event`. DuEE test1 is unlabelled and never read.
"""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...corpora.readers import load_split
from ...doc import Argument, Article, Event, Span
from ...training.loop import (
    LoopSettings,
    TrainingResult,
    progress,
    run_training,
    seed_everything,
    update_meta,
)
from .learned import MAX_CHARS, EventTaggers, LearnedEventStage, argument_features, slot_tags, trigger_tags
from .schema import EventSchema, load_schema

STAGE_DIR = "event"


@dataclass
class EventTrainingSettings(LoopSettings):
    """The ``[training]`` keys of ``event.learned.v1`` (besides the loop's own)."""

    metric: str = "tune_f"
    corpus: str = "duee"
    tune_fraction: float = 0.05
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


def _allowed(length: int, spans: list[tuple[int, int, str]]) -> list[list[str]]:
    """Per character, the gold tags (several where gold spans overlap, so the CRF may take either)."""
    options: list[set[str]] = [set() for _ in range(length)]
    for start, end, label in spans:
        for i in range(start, min(end, length)):
            options[i].add(("B-" if i == start else "I-") + label)
    return [sorted(tags) or ["O"] for tags in options]


def _windowed(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, str, list]]:
    """``(offset, window, spans inside it shifted)`` for each window of at most MAX_CHARS."""
    out = []
    for offset in range(0, max(len(text), 1), MAX_CHARS):
        end = offset + MAX_CHARS
        out.append((offset, text[offset:end], [(s - offset, e - offset, label) for s, e, label in spans
                                               if offset <= s and e <= end]))
    return out


class EventTrainer:
    """Both taggers, trained one epoch each per loop epoch; each keeps its own best state."""

    def __init__(self, train: list[dict[str, Any]], tune: list[dict[str, Any]], schema: EventSchema,
                 settings: EventTrainingSettings, seed: int, config: Any) -> None:
        import torch

        from ...nn.tagger import CharTagger, TaggerSettings, Vocab
        from ...nn.text import bigrams, normalise

        self.schema, self.settings, self.config = schema, settings, config
        self.types = list(schema.types)
        self.rng = random.Random(seed)
        chars, pairs = _counts(train, normalise, bigrams)
        pretrained = _pretrained(settings.embeddings)
        char_vocab = Vocab.build(chars, settings.min_count, extra=pretrained.get("chars", {}))
        pair_vocab = Vocab.build(pairs, settings.min_count, settings.max_bigrams,
                                 extra=pretrained.get("bigrams", {}))
        net = {"char_dim": settings.char_dim, "bigram_dim": settings.bigram_dim, "hidden": settings.hidden,
               "dropout": settings.dropout}
        self.trigger = CharTagger(TaggerSettings(**net), trigger_tags(self.types), char_vocab, pair_vocab)
        slots = max(len(t.roles) for t in schema.types.values())
        self.argument = CharTagger(TaggerSettings(**net, extra_features=1 + len(self.types)),
                                   slot_tags(slots), char_vocab, pair_vocab)
        for tagger in (self.trigger, self.argument):
            tagger.init_embeddings(pretrained)
        self.data = {name: (self._trigger_items(records), self._argument_items(records))
                     for name, records in (("train", train), ("tune", tune))}
        self.optimisers = [torch.optim.Adam(t.net.parameters(), lr=settings.lr)
                           for t in (self.trigger, self.argument)]
        self.best: list[tuple[float, dict[str, Any] | None]] = [(-1.0, None), (-1.0, None)]

    def _trigger_items(self, records: list[dict[str, Any]]) -> list[tuple[Any, set]]:
        items = []
        for record in records:
            spans = [(e["trigger"]["start"], e["trigger"]["end"], e["type"]) for e in record["events"]]
            for _, window, inside in _windowed(record["text"], spans):
                items.append((self.trigger.encode(window, _allowed(len(window), inside)), set(inside)))
        return items

    def _argument_items(self, records: list[dict[str, Any]]) -> list[tuple[Any, set]]:
        items = []
        for record in records:
            for event in record["events"]:
                roles = [r.name for r in self.schema[event["type"]].roles]
                trigger = (event["trigger"]["start"], event["trigger"]["end"])
                spans = [(a["start"], a["end"], str(roles.index(a["role"]))) for a in event["arguments"]]
                for offset, window, inside in _windowed(record["text"], spans):
                    if not offset <= trigger[0] < offset + MAX_CHARS:
                        continue
                    extra = argument_features(len(window), (trigger[0] - offset, trigger[1] - offset),
                                              self.types.index(event["type"]), len(self.types))
                    items.append((self.argument.encode(window, _allowed(len(window), inside), extra=extra),
                                  set(inside)))
        return items

    def train_epoch(self, epoch: int) -> float:
        import torch

        from ...nn.tagger import batches

        losses = []
        for k, (tagger, optimiser) in enumerate(zip((self.trigger, self.argument), self.optimisers)):
            items = [encoded for encoded, _ in self.data["train"][k]]
            tagger.net.train()
            total, count = 0.0, 0
            groups = list(batches(items, self.settings.max_chars, shuffle=self.rng))
            for group, batch in progress(groups, desc=f"epoch {epoch} {'trigger argument'.split()[k]}"):
                optimiser.zero_grad()
                loss = softmax_loss(tagger, batch) if k == 0 else tagger.loss(batch)
                (loss / len(group)).backward()
                torch.nn.utils.clip_grad_norm_(tagger.net.parameters(), self.settings.clip)
                optimiser.step()
                total, count = total + loss.item(), count + len(group)
            losses.append(total / max(count, 1))
        return float(np.mean(losses))

    def evaluate(self) -> dict[str, float]:
        """Span F1 of each tagger on the tune split (arguments given the gold trigger)."""
        from .learned import spans_from_tags

        scores = {}
        taggers = EventTaggers(self.trigger, self.argument, self.schema)
        for k, (name, tagger) in enumerate((("trigger", self.trigger), ("argument", self.argument))):
            items = self.data["tune"][k]
            predicted = taggers.tag_scored(tagger, [encoded for encoded, _ in items], softmax=k == 0)
            correct = n_pred = n_gold = 0
            for (tags, _), (_, gold) in zip(predicted, items):
                spans = set(spans_from_tags(tags))
                correct, n_pred, n_gold = correct + len(spans & gold), n_pred + len(spans), n_gold + len(gold)
            f = 2 * correct / (n_pred + n_gold) if n_pred + n_gold else 0.0
            scores[f"tune_{name}_f"] = f
            if f > self.best[k][0]:
                self.best[k] = (f, copy.deepcopy(tagger.net.state_dict()))
        scores["tune_f"] = self.best[0][0] * self.best[1][0]  # improves when either tagger improves
        return scores

    def best_taggers(self) -> EventTaggers:
        for (_, state), tagger in zip(self.best, (self.trigger, self.argument)):
            if state is not None:
                tagger.net.load_state_dict(state)
        return EventTaggers(self.trigger, self.argument, self.schema)

    def save(self, path: Path) -> None:
        self.config.to_disk(path / "config.cfg")
        self.best_taggers().save(path / STAGE_DIR)


def softmax_loss(tagger: Any, batch: Any) -> Any:
    """Summed negative log-probability of the allowed tags, per character (no CRF)."""
    from ...nn.tagger import NEG

    log_probs = tagger.net.emissions(batch).log_softmax(dim=-1)
    gold = log_probs.masked_fill(~batch.allowed, NEG).logsumexp(dim=-1)
    return -(gold * batch.mask).sum()


def _counts(records: list[dict[str, Any]], normalise: Any, bigrams: Any) -> tuple[Any, Any]:
    from collections import Counter

    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for record in records:
        text = normalise(record["text"])
        chars.update(text)
        pairs.update(bigrams(text))
    return chars, pairs


def _pretrained(path: str) -> dict[str, dict[str, np.ndarray]]:
    if not path:
        return {}
    from ...training.embeddings import load_pretrained

    return {unit: load_pretrained(path, unit) for unit in ("chars", "bigrams")}


def to_article(record: dict[str, Any], prefix: str = "") -> Article:
    """A DuEE record (corpus schema) as an :class:`Article` with its gold events."""
    text = record["text"]
    events = [Event(f"{prefix}e{k + 1}", e["type"],
                    Span(e["trigger"]["start"], e["trigger"]["end"],
                         text[e["trigger"]["start"]:e["trigger"]["end"]]),
                    tuple(Argument(a["start"], a["end"], text[a["start"]:a["end"]], role=a["role"])
                          for a in e["arguments"]))
              for k, e in enumerate(record["events"])]
    return Article(record["id"], text, events=events, layers_filled=["events"])


def score_duee(taggers: EventTaggers, records: list[dict[str, Any]]) -> tuple[dict[str, float], float]:
    """Official DuEE and ACE-style figures of the taggers on ``records``, and chars/s."""
    from ...evaluation.event import score_events

    stage = LearnedEventStage(taggers, taggers.schema)
    started = time.perf_counter()
    pairs = [(to_article(r), stage(Article(r["id"], r["text"]))) for r in records]
    speed = sum(len(r["text"]) for r in records) / (time.perf_counter() - started)
    figures = score_events(pairs).figures()
    keys = ("duee_p", "duee_r", "duee_f", "trigger_id_f", "trigger_p", "trigger_r", "trigger_f",
            "argument_id_f", "argument_p", "argument_r", "argument_f")
    return {key: round(float(figures[key]), 4) for key in keys}, speed


def train_events(config: Any, output: Path) -> dict[str, Any]:
    """Train on ``corpus`` train minus a tune split; save the best taggers; score DuEE dev."""
    import torch

    torch.set_num_threads(1)
    settings = EventTrainingSettings.from_config(config)
    seed_everything(settings.seed)
    records = [dict(r) for r in load_split(f"{settings.corpus}:train")]
    rng = random.Random(settings.seed)
    tune_ids = set(rng.sample(sorted(r["id"] for r in records), round(len(records) * settings.tune_fraction)))
    train = [r for r in records if r["id"] not in tune_ids]
    tune = [r for r in records if r["id"] in tune_ids]
    trainer = EventTrainer(train, tune, load_schema("duee"), settings, settings.seed, config)

    def describe(result: TrainingResult) -> dict[str, Any]:
        return {
            "title": "event-duee: learned event taggers (DuEE 1.0)",
            "purpose": "Trigger (65 DuEE types) and trigger-conditioned argument taggers, BiLSTM-CRF over "
                       "characters and bigrams, for the event stage (backend event.learned.v1; also used "
                       "by event.frames.v1). Non-commercial research use only (DuEE licence).",
            "data": f"DuEE 1.0 train ({len(train)} sentences) minus a tune split of {len(tune)} sentences "
                    f"carved from train (seed {settings.seed}); the table's 'dev' rows are that tune split "
                    f"(early stopping, best epoch); duee_dev rows are the official DuEE dev set, scored "
                    f"once after training; test1 is unlabelled and never read",
            "command": "newsnlp train events --config configs/event_duee.cfg --output models/event-duee",
            "seed": settings.seed,
            "limits": "Sentence-level DuEE domain (Baidu news headlines/feeds); DuEE licence forbids "
                      "commercial use. Types outside DuEE come from schema-driven filling instead.",
        }

    result = run_training(trainer, output, settings, describe)
    dev = [dict(r) for r in load_split(f"{settings.corpus}:dev")]
    scores, speed = score_duee(EventTaggers.load(output / STAGE_DIR), dev)
    update_meta(output, scores={"duee_dev": scores}, speed={"DuEE dev chars/s, one thread": round(speed)})
    return {"output": str(output), "best_epoch": result.best_epoch, "tune": result.best_scores,
            "duee_dev": scores}

