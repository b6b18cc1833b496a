"""The data model: an Article and its layers as plain data with character offsets into one text.

Offsets are half-open ``[start, end)`` positions into ``Article.text`` everywhere, and
``article.text[span.start:span.end] == span.text`` holds for every span of every layer
(:meth:`Article.check_offsets`). This is also the only module that converts to and from spaCy.

The door rule for every article, however it is made (``nlp(text)``, a JSONL record, a page): its
string fields must be encodable as UTF-8, so text holding a lone surrogate (U+D800–U+DFFF, e.g. from
a ``surrogateescape``-decoded file) is refused with :class:`InputFormatError` naming the field and the
character index, never replaced; ``date`` must be a real calendar date written ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from .errors import InputFormatError, OffsetError, excerpt

if TYPE_CHECKING:  # spaCy is imported only when the bridge is used
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

LAYERS = ("sentences", "words", "entities", "events")
ARTICLE_KINDS = ("article", "photo", "box", "fragment")
# the article fields that are strings: each must be encodable as UTF-8 (see the module docstring)
STRING_FIELDS = ("id", "text", "title", "subtitle", "kicker", "byline", "date", "source")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a real date written ``YYYY-MM-DD``, or None when it is one."""
    if not DATE_PATTERN.fullmatch(value):
        return f"{excerpt(repr(value))} is not a date written YYYY-MM-DD"
    try:
        datetime.date.fromisoformat(value)
    except ValueError as error:
        return f"{value!r} is not a real date ({error})"
    return None


def string_problem(name: str, value: object) -> str | None:
    """Why the article field ``name`` cannot hold ``value`` (a lone surrogate, a malformed date), or
    None; non-string values are left to the callers' type checks."""
    if not isinstance(value, str):
        return None
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            return (f"character {error.start} is a lone surrogate (\\u{ord(value[error.start]):04x}), "
                    f"which UTF-8 cannot hold")
    return date_problem(value) if name == "date" else None


def _typed(record: dict[str, Any], key: str, kind: type | tuple[type, ...], *,
           optional: bool = False) -> Any:
    """``record[key]`` if it is a ``kind`` (a bool is no number; ``None`` allowed when optional).

    Raises:
        InputFormatError: naming the field when it has another type (KeyError when it is missing).
    """
    value = record.get(key) if optional else record[key]
    if (value is None and optional) or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    kinds = kind if isinstance(kind, tuple) else (kind,)
    raise InputFormatError(f"{key!r} must be {' or '.join(k.__name__ for k in kinds)}, not "
                           f"{excerpt(repr(value))}", field=key)


NUMBER = (int, float)


def _drop_none(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Span:
        return cls(start=_typed(record, "start", int), end=_typed(record, "end", int),
                   text=_typed(record, "text", str))


@dataclass(frozen=True)
class Sentence(Span):
    """One sentence."""


@dataclass(frozen=True)
class Word(Span):
    """One word with an optional part-of-speech tag."""

    pos: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({**super().to_dict(), "pos": self.pos})

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Word:
        span = Span.from_dict(record)
        return cls(span.start, span.end, span.text, pos=_typed(record, "pos", str, optional=True))


@dataclass(frozen=True)
class Entity(Span):
    """A named entity, time or quantity mention; ``source`` names the backend that found it and
    ``value`` is the normalised value a normalise stage read (TIME: ``{"iso", "type", "precision",
    ...}``, QUANTITY: ``{"value", "unit", "relation", ...}``; see docs/output.md)."""

    label: str = ""
    score: float | None = None
    source: str | None = None
    value: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({**super().to_dict(), "label": self.label, "score": self.score,
                           "source": self.source, "value": self.value})

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Entity:
        span = Span.from_dict(record)
        return cls(span.start, span.end, span.text, label=_typed(record, "label", str),
                   score=_typed(record, "score", NUMBER, optional=True),
                   source=_typed(record, "source", str, optional=True),
                   value=_typed(record, "value", dict, optional=True))


def value_text(value: dict[str, Any] | None) -> str:
    """A normalised value as people read it (``""`` when none): a time's ISO text, ``≈`` when
    approximate (``2025-11-18/2025-11-25 ≈``, ``P3Y``); a quantity's relation, amount and unit
    (``>=1000名``; ``3年 P3Y`` for an amount of time).

    >>> value_text({"value": 1000, "unit": "名", "relation": ">="}), value_text({"iso": "P3Y"})
    ('>=1000名', 'P3Y')
    """
    value = value or {}
    parts = []
    if "value" in value:
        relation = "" if value.get("relation", "=") == "=" else value["relation"]
        upper = f"–{value['max']}" if "max" in value else ""
        parts.append(f"{relation}{value['value']}{upper}{value.get('unit', '')}")
    if isinstance(value.get("iso"), str):
        parts.append(value["iso"] + (" ≈" if value.get("approx") else ""))
    if not parts and value:
        parts.append(json.dumps(value, ensure_ascii=False))
    return " ".join(parts)


@dataclass(frozen=True)
class Argument(Span):
    """An event argument: a role filled by a span, with an optional normalised ``value``."""

    role: str = ""
    value: dict[str, Any] | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({"role": self.role, **super().to_dict(), "value": self.value,
                           "score": self.score})

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Argument:
        span = Span.from_dict(record)
        return cls(span.start, span.end, span.text, role=_typed(record, "role", str),
                   value=_typed(record, "value", dict, optional=True),
                   score=_typed(record, "score", NUMBER, optional=True))


@dataclass(frozen=True)
class Event:
    """An event: a typed trigger plus role-labelled arguments and the sentences that attest it."""

    id: str
    type: str
    trigger: Span
    arguments: tuple[Argument, ...] = ()
    confidence: float | None = None
    evidence: tuple[int, ...] = ()  # indices into Article.sentences
    source: str | None = None

    def spans(self) -> Iterator[Span]:
        yield self.trigger
        yield from self.arguments

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({
            "id": self.id, "type": self.type, "trigger": self.trigger.to_dict(),
            "arguments": [argument.to_dict() for argument in self.arguments],
            "confidence": self.confidence, "evidence": list(self.evidence), "source": self.source,
        })

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Event:
        evidence = _typed(record, "evidence", (list, tuple), optional=True) or []
        if not all(isinstance(k, int) and not isinstance(k, bool) for k in evidence):
            raise InputFormatError("'evidence' must list sentence indices", field="evidence")
        return cls(
            id=_typed(record, "id", str), type=_typed(record, "type", str),
            trigger=Span.from_dict(_typed(record, "trigger", dict)),
            arguments=tuple(Argument.from_dict(_typed({"argument": a}, "argument", dict))
                            for a in _typed(record, "arguments", (list, tuple), optional=True) or []),
            confidence=_typed(record, "confidence", NUMBER, optional=True), evidence=tuple(evidence),
            source=_typed(record, "source", str, optional=True),
        )


_LAYER_TYPES: dict[str, type] = {"sentences": Sentence, "words": Word, "entities": Entity,
                                 "events": Event}


@dataclass
class Article:
    """One article: its immutable text, its metadata and the annotation layers stages add.

    ``layers_filled`` lists the layers some stage has filled; a layer that is absent there was not
    computed (an empty list in it means "computed, found nothing"). The event stage also sets
    ``main_event`` (the id of the event the article is about) and ``five_w1h`` (its who, what, when,
    where and how many); ``meta`` holds what a page splitter or the caller adds (docs/output.md).
    """

    id: str
    text: str
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    kind: str = "article"
    sentences: list[Sentence] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    layers_filled: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    main_event: str | None = None
    five_w1h: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        for name in STRING_FIELDS:
            problem = string_problem(name, getattr(self, name))
            if problem:
                raise InputFormatError(f"article {excerpt(repr(self.id))}: {problem}", field=name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text" and "text" in self.__dict__:
            raise AttributeError("Article.text is immutable: offsets of every layer refer to it")
        super().__setattr__(name, value)

    def span(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` of this article's text."""
        self._check_bounds(start, end, "span")
        return Span(start, end, self.text[start:end])

    def set_layer(self, layer: str, items: list[Any]) -> None:
        """Fill ``layer`` with ``items`` (sorted by position) and record it in ``layers_filled``."""
        if layer not in _LAYER_TYPES:
            raise ValueError(f"unknown layer {layer!r}; layers are {LAYERS}")
        key = (lambda e: (e.trigger.start, e.trigger.end)) if layer == "events" else (
            lambda s: (s.start, s.end))
        setattr(self, layer, sorted(items, key=key))
        if layer not in self.layers_filled:
            self.layers_filled.append(layer)

    def _check_bounds(self, start: int, end: int, where: str) -> None:
        if not (0 <= start <= end <= len(self.text)):
            raise OffsetError(f"article {self.id!r}: {where} [{start}, {end}) is outside the text "
                              f"of length {len(self.text)}")

    def check_offsets(self) -> None:
        """Raise :class:`OffsetError` unless every span of every layer matches the text."""
        spans: list[tuple[str, Span]] = [(layer, span) for layer in ("sentences", "words", "entities")
                                         for span in getattr(self, layer)]
        spans += [(f"events[{event.id}]", span) for event in self.events for span in event.spans()]
        for where, span in spans:
            self._check_bounds(span.start, span.end, where)
            if self.text[span.start:span.end] != span.text:
                raise OffsetError(f"article {self.id!r}: {where} [{span.start}, {span.end}) has text "
                                  f"{span.text!r} but the article text there is "
                                  f"{self.text[span.start:span.end]!r}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of the output contract (see ``newsnlp/schemas/article.schema.json``)."""
        record: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "title": self.title, "subtitle": self.subtitle,
            "kicker": self.kicker, "byline": self.byline, "date": self.date, "source": self.source,
            "text": self.text, "layers_filled": list(self.layers_filled),
        }
        for layer in LAYERS:
            if layer in self.layers_filled:
                record[layer] = [item.to_dict() for item in getattr(self, layer)]
        if "events" in self.layers_filled:
            record["main_event"], record["five_w1h"] = self.main_event, self.five_w1h
        record["meta"] = self.meta
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (lossless) and check its offsets."""
        names = {f.name for f in fields(cls)} - set(LAYERS) - {"layers_filled", "meta"}
        article = cls(**{name: record[name] for name in names if name in record})
        article.meta = dict(record.get("meta") or {})
        article.layers_filled = list(record.get("layers_filled") or [
            layer for layer in LAYERS if layer in record])
        for layer in LAYERS:
            setattr(article, layer, [_LAYER_TYPES[layer].from_dict(item)
                                     for item in record.get(layer) or []])
        article.check_offsets()
        return article

    def with_text_only(self) -> Article:
        """A copy with the same text and metadata but no layers (for re-annotation)."""
        return replace(self, sentences=[], words=[], entities=[], events=[], layers_filled=[],
                       meta=dict(self.meta), main_event=None, five_w1h=None)

    def to_spacy(self, vocab: Vocab | None = None) -> Doc:
        """A character-level spaCy Doc (one token per character) with ``ents`` and sentences.

        Character tokens keep every entity boundary expressible; the word layer, if filled, is
        stored in ``doc.spans["words"]`` and events in ``doc.user_data["events"]``.
        """
        from spacy.tokens import Doc
        from spacy.vocab import Vocab

        chars = list(self.text)
        doc = Doc(vocab if vocab is not None else Vocab(), words=chars, spaces=[False] * len(chars))
        if "sentences" in self.layers_filled and chars:
            starts = {s.start for s in self.sentences} | {0}
            for token in doc:
                token.is_sent_start = token.idx in starts
        doc.ents = [doc.char_span(e.start, e.end, label=e.label) for e in self.entities]
        doc.spans["words"] = [doc.char_span(w.start, w.end, label=w.pos or "") for w in self.words]
        doc.user_data["newsnlp"] = {key: value for key, value in self.to_dict().items()
                                    if key not in ("text", "sentences", "words")}
        return doc

    @classmethod
    def from_spacy(cls, doc: Doc) -> Article:
        """Rebuild an article from :meth:`to_spacy` output, or from any spaCy Doc (its tokens become
        the word layer, its ``ents`` the entities and its sentences, where set, the sentences)."""
        record = dict(doc.user_data.get("newsnlp") or {"id": "doc", "layers_filled": []})
        record["text"] = doc.text
        filled = set(record.get("layers_filled") or [])
        # a Doc of 0 or 1 tokens has SENT_START vacuously; spaCy sentences include whitespace, ours
        # are trimmed
        if (len(doc) > 1 and doc.has_annotation("SENT_START")) or (len(doc) and "sentences" in filled):
            trimmed = [(s.start_char + len(s.text) - len(s.text.lstrip()),
                        s.end_char - len(s.text) + len(s.text.rstrip())) for s in doc.sents]
            record["sentences"] = [{"start": start, "end": end, "text": doc.text[start:end]}
                                   for start, end in trimmed if start < end]
            filled.add("sentences")
        stored = {(e["start"], e["end"], e["label"]): e for e in record.get("entities", [])}
        record["entities"] = [stored.get((e.start_char, e.end_char, e.label_), {
            "start": e.start_char, "end": e.end_char, "text": e.text, "label": e.label_})
            for e in doc.ents]
        if doc.ents:
            filled.add("entities")
        if "words" in doc.spans:
            record["words"] = [_drop_none({"start": s.start_char, "end": s.end_char, "text": s.text,
                                           "pos": s.label_ or None}) for s in doc.spans["words"]]
        elif "newsnlp" not in doc.user_data and len(doc):  # a Doc of another tokeniser: its tokens are words
            record["words"] = [_drop_none({"start": t.idx, "end": t.idx + len(t.text), "text": t.text,
                                           "pos": t.tag_ or None}) for t in doc if t.text.strip()]
            filled.add("words")
        record["layers_filled"] = [layer for layer in LAYERS if layer in filled]
        return cls.from_dict(record)
