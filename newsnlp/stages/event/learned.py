"""Learned event extraction (backend ``event.learned.v1``): two character taggers over one event schema.

The trigger tagger labels characters ``B-<type>``/``I-<type>`` over the schema's types (the news schema's
94, or DuEE 1.0's 65); it is trained with a per-character softmax (a CRF over 189 tags costs 15 times
more on CPU) and decoded greedily, with Viterbi under the BIO constraints for the sentences whose greedy
tags break them. The argument tagger (a CRF) sees the sentence once per trigger, with extra input
features per character (a mark on the trigger's characters and the trigger type as a one-hot vector,
through the shared tagger's ``extra_features`` channel), and labels ``B-<k>``/``I-<k>`` where ``k`` is
the role's position in that type's role list.

A model trained on corpora of several annotation conventions (the broad news corpus and DuEE) reads one
more one-hot input per character: the convention of the text's corpus. It learns each corpus's way
(DuEE labels fewer types, and shorter spans) and predicts in its first convention's, the news corpus's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ...doc import Article
from ...errors import ModelNotFoundError
from ...evaluation.calibration import IsotonicMap
from ...model_files import read_json_object
from ...registry import backend
from .merge import events_from_mentions
from .schema import EventSchema, load_schema
from .stage import Mention, MentionArgument, map_to_schema, source_types

TRIGGER_DIR, ARGUMENT_DIR, META_FILE = "trigger", "argument", "events.json"
MAX_CHARS = 250  # longer units are cut into windows of this size for the taggers


def trigger_tags(types: list[str]) -> list[str]:
    """``O`` then ``B-``/``I-`` for every type."""
    return ["O"] + [f"{prefix}-{name}" for name in types for prefix in "BI"]


def slot_tags(slots: int) -> list[str]:
    """``O`` then ``B-k``/``I-k`` for role positions ``k < slots``."""
    return ["O"] + [f"{prefix}-{k}" for k in range(slots) for prefix in "BI"]


def convention_features(length: int, convention: int, n_conventions: int) -> np.ndarray:
    """``(length, n_conventions)``: column ``convention`` all ones (no columns for a single convention)."""
    features = np.zeros((length, n_conventions if n_conventions > 1 else 0), dtype=np.float32)
    if n_conventions > 1:
        features[:, convention] = 1.0
    return features


def argument_features(length: int, trigger: tuple[int, int], type_index: int, n_types: int,
                      convention: int = 0, n_conventions: int = 1) -> np.ndarray:
    """``(length, 1 + n_types [+ n_conventions])``: column 0 marks the trigger, column ``1 + type_index``
    is all ones, then the convention's one-hot columns (:func:`convention_features`)."""
    features = np.zeros((length, 1 + n_types), dtype=np.float32)
    features[trigger[0]:trigger[1], 0] = 1.0
    features[:, 1 + type_index] = 1.0
    return np.hstack([features, convention_features(length, convention, n_conventions)])


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each ``B-``/``I-`` run (an ``I-`` without its ``B-`` opens a span).

    >>> spans_from_tags(["O", "B-x", "I-x", "B-y", "O", "I-z"])
    [(1, 3, 'x'), (3, 4, 'y'), (5, 6, 'z')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.append((start, i, label))
            start = -1
        if tag != "O" and start < 0:
            start, label = i, tag[2:]
    return spans


def _is_bio(tags: list[str]) -> bool:
    """Whether every ``I-X`` follows ``B-X`` or ``I-X``."""
    return all(not tag.startswith("I-") or (i and tags[i - 1][2:] == tag[2:] and tags[i - 1] != "O")
               for i, tag in enumerate(tags))


def _greedy(tagger: Any, probs: Any, mask: Any) -> list[list[int]]:
    """Each character's most probable tag; Viterbi under the BIO constraints for the rows where that
    breaks them (an ``I-`` after the wrong tag)."""
    import torch

    paths = [row[:n] for row, n in zip(probs.argmax(dim=-1).tolist(), mask.sum(dim=1).tolist())]
    broken = [r for r, path in enumerate(paths) if not _is_bio([tagger.tags[t] for t in path])]
    if broken:
        rows = torch.tensor(broken)
        for r, path in zip(broken, tagger.net.crf.viterbi(probs[rows].log(), mask[rows])):
            paths[r] = path
    return paths


def windows(length: int, size: int = MAX_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` windows of at most ``size`` characters covering ``range(length)``."""
    return [(start, min(length, start + size)) for start in range(0, length, size)] or [(0, 0)]


@dataclass
class EventTaggers:
    """The trained trigger and argument taggers plus the schema they were trained on."""

    trigger: Any  # newsnlp.nn.tagger.CharTagger (torch imported lazily)
    argument: Any
    schema: EventSchema
    trigger_softmax: bool = True  # the trigger tagger was trained without its CRF (see module doc)
    conventions: tuple[str, ...] = ()  # the corpora whose conventions it learned; predicts in the first
    calibration: IsotonicMap | None = None  # trigger score -> probability that the mention is right
    lac: bool = False  # both taggers read LAC's tag probabilities (newsnlp.nn.lac)

    def lac_features(self, texts: list[str]) -> list[np.ndarray | None]:
        """The LAC input of each text (``None`` each for a model that does not read it)."""
        if not self.lac:
            return [None] * len(texts)
        from ...nn.lac import lac_features

        return list(lac_features()(texts))

    def encode_trigger(self, text: str, convention: int = 0, allowed: Any = None,
                       lac: np.ndarray | None = None) -> Any:
        """``text`` encoded for the trigger tagger: the convention's input when there are several, and
        ``lac`` (:meth:`lac_features`) for a model that reads it."""
        extra = np.hstack([convention_features(len(text), convention, len(self.conventions)),
                           *([lac] if self.lac else [])])
        return self.trigger.encode(text, allowed, extra=extra if extra.shape[1] else None)

    def encode_argument(self, text: str, trigger: tuple[int, int], event_type: str, convention: int = 0,
                        allowed: Any = None, lac: np.ndarray | None = None) -> Any:
        """``text`` encoded for the argument tagger, for one trigger of ``event_type``."""
        extra = argument_features(len(text), trigger, self.type_index[event_type], len(self.type_index),
                                  convention, len(self.conventions))
        return self.argument.encode(text, allowed, extra=np.hstack([extra, *([lac] if self.lac else [])]))

    @property
    def types(self) -> list[str]:
        return list(self.schema.types)

    @cached_property
    def type_index(self) -> dict[str, int]:
        """Each type's position in :attr:`types` (the argument tagger's type input)."""
        return {name: k for k, name in enumerate(self.schema.types)}

    def tag_scored(self, tagger: Any, encoded: list[Any], softmax: bool = False
                   ) -> list[tuple[list[str], np.ndarray]]:
        """Best tags and, per character, the softmax probability of the chosen tag.

        With ``softmax`` (a tagger trained without its CRF) each character takes its most probable tag;
        :func:`spans_from_tags` reads an ``I-`` that follows no ``B-`` of its type as a span start.
        """
        import torch

        from ...nn.tagger import batches

        out: list[tuple[list[str], np.ndarray]] = [([], np.zeros(0))] * len(encoded)
        nonempty = [i for i, item in enumerate(encoded) if len(item)]
        tagger.net.eval()
        with torch.inference_mode():
            for group, batch in batches([encoded[i] for i in nonempty], 4000):
                emissions = tagger.net.emissions(batch)
                probs = emissions.softmax(dim=-1)
                paths = (_greedy(tagger, probs, batch.mask) if softmax
                         else tagger.net.crf.viterbi(emissions, batch.mask))
                for row, (i, path) in enumerate(zip(group, paths)):
                    chosen = probs[row, torch.arange(len(path)), torch.tensor(path)].numpy()
                    out[nonempty[i]] = ([tagger.tags[t] for t in path], chosen)
        return out

    def predict(self, texts: list[str], types: frozenset[str] | None = None, convention: int = 0
                ) -> list[list[Mention]]:
        """Event mentions (types and roles of the taggers' schema, offsets into each text) in each text.

        ``types`` keeps only mentions of those types (the argument tagger runs for them alone);
        ``convention`` is the index in :attr:`conventions` of the annotation convention to predict in.
        """
        pieces = [(t, start, end) for t, text in enumerate(texts) for start, end in windows(len(text))]
        window_texts = [texts[t][start:end] for t, start, end in pieces]
        lac = self.lac_features(window_texts)
        tagged = self.tag_scored(self.trigger, [self.encode_trigger(window, convention, lac=features)
                                                for window, features in zip(window_texts, lac)],
                                 self.trigger_softmax)
        found: list[tuple[int, int, int, int, str, float]] = []  # window no., text no., trigger, score
        for p, ((t, _, _), (tags, probs)) in enumerate(zip(pieces, tagged)):
            for start, stop, label in spans_from_tags(tags):
                if types is not None and label not in types:
                    continue
                score = float(probs[start:stop].mean())
                found.append((p, t, start, stop, label,
                              self.calibration(score) if self.calibration else score))
        encoded = [self.encode_argument(window_texts[p], (start, stop), label, convention, lac=lac[p])
                   for p, _, start, stop, label, _ in found]
        mentions: list[list[Mention]] = [[] for _ in texts]
        tagged = self.tag_scored(self.argument, encoded)
        for (p, t, start, stop, label, score), (tags, probs) in zip(found, tagged):
            offset = pieces[p][1]
            roles = self.schema[label].roles
            arguments = [MentionArgument(roles[int(slot)].name, offset + a, offset + b,
                                         float(probs[a:b].mean()))
                         for a, b, slot in spans_from_tags(tags) if int(slot) < len(roles)]
            mentions[t].append(Mention(label, offset + start, offset + stop, score, tuple(arguments)))
        return mentions

    def save(self, path: Path) -> None:
        """Write both taggers and ``events.json`` (schema ``NAME@VERSION``, type order, conventions)."""
        path.mkdir(parents=True, exist_ok=True)
        self.trigger.save(path / TRIGGER_DIR)
        self.argument.save(path / ARGUMENT_DIR)
        meta = {"schema": self.schema.key, "types": self.types, "trigger_softmax": self.trigger_softmax,
                "conventions": list(self.conventions), "lac": self.lac,
                **({"calibration": self.calibration.to_dict()} if self.calibration else {})}
        (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path, *, inference: bool = False) -> EventTaggers:
        """Load taggers saved by :meth:`save`; the type order must match the built-in schema's
        (``inference``: as :meth:`CharTagger.load`)."""
        from ...nn.tagger import CharTagger

        if not (path / META_FILE).is_file():
            raise ModelNotFoundError(f"{path / META_FILE}: missing; is {path} a learned event model "
                                     f"(made by `newsnlp train events`)?")
        meta = read_json_object(path / META_FILE, {"schema": str, "types": list})
        schema = load_schema(meta["schema"])
        if meta["types"] != list(schema.types):
            raise ModelNotFoundError(f"{path / META_FILE}: its event types differ from the built-in "
                                     f"{meta['schema']!r} schema; retrain the model")
        calibration = meta.get("calibration")
        try:
            calibration = IsotonicMap.from_dict(calibration) if calibration else None
        except (KeyError, TypeError, ValueError):
            raise ModelNotFoundError(f"{path / META_FILE}: field calibration: expected "
                                     f"{{\"x\": [numbers], \"y\": [numbers]}}") from None
        return cls(CharTagger.load(path / TRIGGER_DIR, inference=inference),
                   CharTagger.load(path / ARGUMENT_DIR, inference=inference), schema,
                   meta.get("trigger_softmax", False), tuple(meta.get("conventions", ())), calibration,
                   bool(meta.get("lac", False)))


class LearnedEventStage:
    """Runs the learned taggers per sentence; their mentions are mapped onto the configured schema."""

    name = "event.learned.v1"

    def __init__(self, taggers: EventTaggers, schema: EventSchema, threshold: float = 0.0,
                 merge: bool = True, convention: int = 0) -> None:
        self.taggers, self.schema, self.threshold, self.merge = taggers, schema, threshold, merge
        self.types, self.convention = source_types(taggers.schema, schema), convention

    def mentions_many(self, articles: Sequence[Article]) -> list[list[Mention]]:
        """Each article's mentions over its sentences (the whole text when no sentence layer is
        filled), with offsets into the article and evidence set to the sentence index; the taggers run
        over the sentences of all the articles at once (length-sorted batches across articles)."""
        units = [article.sentences if "sentences" in article.layers_filled
                 else [article.span(0, len(article.text))] for article in articles]
        predicted = iter(self.taggers.predict([unit.text for group in units for unit in group], self.types,
                                              self.convention))
        return [[m.shifted(unit.start, index, self.name)
                 for index, (unit, mentions) in enumerate(zip(group, predicted)) for m in mentions
                 if m.score >= self.threshold] for group in units]

    def __call__(self, article: Article) -> Article:
        return self.call_many([article])[0]

    def call_many(self, articles: Sequence[Article]) -> list[Article]:
        """The events of each article (:meth:`mentions_many`, mapped onto the schema and merged)."""
        return [events_from_mentions(article, self.schema,
                                     map_to_schema(article, mentions, self.schema, self.taggers.schema),
                                     self.name, self.merge)
                for article, mentions in zip(articles, self.mentions_many(articles))]

    def to_disk(self, path: Path) -> None:
        self.taggers.save(path)


@backend("event.learned.v1", provides={"events"}, requires={"text"},
         trainer="newsnlp.stages.event.train:train_events")
def make_learned(*, model_dir: Path | None = None, schema: str = "news", threshold: float = 0.0,
                 merge: bool = True, int8: bool = False) -> LearnedEventStage:
    """The learned event stage from ``model_dir`` (the ``event`` folder of a model directory).

    Args:
        schema: ``"news"``, ``"duee"`` or a schema file; DuEE predictions are mapped onto it.
        threshold: drop trigger mentions whose confidence is below this.
        merge: merge mentions of one event across sentences (false: one event per mention).
        int8: run both taggers on int8 weights (:meth:`CharTagger.quantize`): faster, F may move,
            and a sentence's output may depend on the sentences batched with it.
    """
    if model_dir is None:
        raise ModelNotFoundError("event.learned.v1 needs a trained model directory "
                                 "(made by `newsnlp train events`)")
    taggers = EventTaggers.load(Path(model_dir), inference=True)
    if int8:
        taggers.trigger.quantize()
        taggers.argument.quantize()
    return LearnedEventStage(taggers, load_schema(schema), threshold, merge)
