"""What every converter shares: an article split into the layers a tool holds natively and the rest.

Annotation tools hold text, labelled spans and (most of them) relations, not article metadata, event
ids or normalised argument values. Each converter writes entities (and events, where the tool can)
natively and keeps everything else in the tool's metadata slot as the JSON ``extra`` of
:func:`split_article`, so a round trip through any format gives back the same :class:`Article`.
On reading, the native annotation wins: ``extra`` only adds what the tool cannot hold, and is
ignored for events when their number no longer matches (someone edited them in the tool).

Nothing is lost silently: what a tool file holds but no newsnlp layer can (relations between two
entities, brat attributes and notes, a second annotator's annotation, overlapping entities …) is
counted in :class:`Skips`, with the first place of each kind, or, with ``Skips(strict=True)``, stops
the read there; what is malformed raises :class:`~newsnlp.errors.CorpusFormatError` naming file, line
(or task) and field.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError

logger = logging.getLogger(__name__)
ENTITY_ATTRS = ("score", "source", "value")


class Skips:
    """What readers left out, counted per kind with the first place of each; ``strict``: raise instead."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.counts: Counter[str] = Counter()
        self.first: dict[str, str] = {}

    def skip(self, what: str, *, path: str | Path, line: int | None = None, field: str | None = None) -> None:
        """Count one ``what`` left out at ``path:line`` (``field``), or raise when strict."""
        if self.strict:
            raise CorpusFormatError(f"{what}: no newsnlp layer holds it (without --strict it is skipped "
                                    f"and counted)", path=path, line=line, field=field)
        self.counts[what] += 1
        where = ":".join(str(part) for part in (path, line) if part is not None)
        self.first.setdefault(what, where + (f", field {field!r}" if field else ""))

    def summary(self) -> list[str]:
        """One line per kind: how many were left out, and where the first was."""
        return [f"skipped {count} × {what} (first: {self.first[what]})"
                for what, count in self.counts.items()]

    def warn(self) -> None:
        """Log :meth:`summary` as warnings."""
        for line in self.summary():
            logger.warning(line)


@dataclass(frozen=True)
class Place:
    """One record of an input file (a line, or a task of a JSON list): where errors and skips point."""

    path: str | Path
    line: int | None
    skips: Skips
    prefix: str = ""  # the record's own field in the file, e.g. "[3]." for the fourth task

    def error(self, message: str, field: str) -> CorpusFormatError:
        return CorpusFormatError(message, path=self.path, line=self.line, field=self.prefix + field)

    def skip(self, what: str, field: str) -> None:
        self.skips.skip(what, path=self.path, line=self.line, field=self.prefix + field)


def check_span(text: str, start: Any, end: Any, place: Place, field: str) -> tuple[int, int]:
    """``(start, end)`` when they are whole numbers with ``0 <= start < end <= len(text)``."""
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
        raise place.error(f"offsets [{start!r}, {end!r}) are not a non-empty span of the text of length "
                          f"{len(text)}", field)
    return start, end


@dataclass
class Regions:
    """The labelled spans of one tool record (doccano entities, Label Studio regions), each an entity,
    an event trigger or an event argument, joined by relations from a trigger to its arguments."""

    text: str
    place: Place
    tool: str
    spans: dict[Any, tuple[int, int]] = field(default_factory=dict)  # every region by id
    entities: list[tuple[int, int, str, str]] = field(default_factory=list)  # with their fields
    events: dict[Any, NativeEvent] = field(default_factory=dict)  # by trigger region id
    arguments: dict[Any, str] = field(default_factory=dict)  # argument region id -> its field
    used: set[Any] = field(default_factory=set)  # argument regions a relation links

    def add(self, region: Any, where: tuple[int, int], kind: str, label: str, at: str) -> None:
        """Region ``region`` at ``where`` (field ``at``): an ``entity`` labelled ``label``, a
        ``trigger`` of event type ``label`` or an ``argument``."""
        self.spans[region] = where
        if kind == "trigger":
            self.events[region] = {"type": label, "trigger": where, "arguments": []}
        elif kind == "argument":
            self.arguments[region] = at
        else:
            self.entities.append((*where, label, at))

    def relate(self, source: Any, target: Any, role: str, at: str) -> None:
        """A relation (field ``at``): ``target`` fills ``role`` in the event of trigger ``source``; one
        that starts at no trigger (between two entities) is counted."""
        if source not in self.spans or target not in self.spans:
            raise self.place.error("a relation must link two regions of the same record", at)
        if source not in self.events:
            self.place.skip(f"{self.tool} relation that starts at no trigger (between two entities)", at)
            return
        self.events[source]["arguments"].append((role, *self.spans[target]))
        self.used.add(target)

    def article(self, extra: dict[str, Any] | None, meta: dict[str, Any], default_id: str) -> Article:
        """The article (overlapping entities and argument regions no relation uses counted)."""
        count_unused(self.arguments, self.used, f"{self.tool} argument span that no relation uses",
                     self.place)
        return build_article(self.text, keep_flat(self.entities, self.place), list(self.events.values()),
                             extra, default_id=default_id, meta=meta)


def count_unused(arguments: dict[Any, str], used: set[Any], what: str, place: Place) -> None:
    """Count each argument span (id -> field) that no relation or event line uses."""
    for key, at in arguments.items():
        if key not in used:
            place.skip(what, at)


def keep_flat(entities: list[tuple[int, int, str, str]], place: Place) -> list[tuple[int, int, str]]:
    """The ``(start, end, label)`` of ``(start, end, label, field)`` entities, leaving out (and counting)
    each one that overlaps an earlier kept one: the newsnlp entity layer is flat."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label, at in sorted(entities, key=lambda entity: (entity[0], -entity[1])):
        if kept and start < kept[-1][1]:
            place.skip("entity overlapping another entity", at)
        else:
            kept.append((start, end, label))
    return kept

# native event: {"type", "trigger": (start, end), "arguments": [(role, start, end), ...]}
NativeEvent = dict[str, Any]


def split_article(article: Article) -> tuple[list[tuple[int, int, str]], list[NativeEvent], dict[str, Any]]:
    """``(entities, events, extra)``: the natively expressible layers and everything else."""
    record = article.to_dict()
    extra = {key: value for key, value in record.items() if key not in ("text", "entities", "events")}
    entities = [(e.start, e.end, e.label) for e in article.entities]
    events = [{"type": e.type, "trigger": (e.trigger.start, e.trigger.end),
               "arguments": [(a.role, a.start, a.end) for a in e.arguments]} for e in article.events]
    entity_attrs = [{k: v for k, v in item.items() if k in ENTITY_ATTRS}
                    for item in record.get("entities", [])]
    if any(entity_attrs):
        extra["entity_attrs"] = entity_attrs
    extra["event_attrs"] = [
        {**{k: v for k, v in item.items() if k not in ("type", "trigger", "arguments")},
         "arguments": [{k: v for k, v in a.items() if k in ("value", "score")}
                       for a in item["arguments"]]}
        for item in record.get("events", [])]
    return entities, events, extra


def build_article(text: str, entities: list[tuple[int, int, str]], events: list[NativeEvent],
                  extra: dict[str, Any] | None = None, *, default_id: str = "doc",
                  words: list[tuple[int, int, str | None]] | None = None,
                  meta: dict[str, Any] | None = None) -> Article:
    """The :class:`Article` of native layers plus ``extra`` (see :func:`split_article`); ``words``
    (``(start, end, pos)``) fill the words layer when the tool gives them (word-level CoNLL), and
    ``meta`` (the tool's own metadata fields of the record) goes into the article's ``meta``."""
    extra = dict(extra or {})
    if meta:
        extra["meta"] = {**(extra.get("meta") or {}), **meta}
    entity_attrs = extra.pop("entity_attrs", None) or [{}] * len(entities)
    event_attrs = extra.pop("event_attrs", None) or []
    if len(entity_attrs) != len(entities):
        entity_attrs = [{}] * len(entities)
    if len(event_attrs) != len(events):
        event_attrs = []
    record: dict[str, Any] = {"id": default_id, **extra, "text": text}
    record["entities"] = [{"start": s, "end": e, "text": text[s:e], "label": label, **attrs}
                          for (s, e, label), attrs in zip(entities, entity_attrs)]
    record["events"] = []
    for k, event in enumerate(events):
        attrs = event_attrs[k] if event_attrs else {}
        argument_attrs = attrs.get("arguments") or []
        if len(argument_attrs) != len(event["arguments"]):
            argument_attrs = [{}] * len(event["arguments"])
        start, end = event["trigger"]
        record["events"].append({
            "id": f"{record['id']}-e{k + 1}", **{key: v for key, v in attrs.items() if key != "arguments"},
            "type": event["type"], "trigger": {"start": start, "end": end, "text": text[start:end]},
            "arguments": [{"role": role, "start": s, "end": e, "text": text[s:e], **a_attrs}
                          for (role, s, e), a_attrs in zip(event["arguments"], argument_attrs)]})
    filled = {"entities", "events"}
    if words is not None:
        record["words"] = [{"start": s, "end": e, "text": text[s:e], **({"pos": pos} if pos else {})}
                           for s, e, pos in words]
        filled.add("words")
    if "layers_filled" in extra:  # written by newsnlp: keep "not computed" apart from "found nothing"
        filled = set(extra["layers_filled"]) | {layer for layer in ("entities", "events") if record[layer]}
    record["layers_filled"] = [layer for layer in ("sentences", "words", "entities", "events")
                               if layer in filled]
    return Article.from_dict(record)
