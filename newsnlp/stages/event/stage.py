"""The event stage contract: what its backends provide and the mention records they share.

Every event backend finds :class:`Mention` records (one trigger and its arguments in one sentence), maps
them onto the configured :class:`~newsnlp.stages.event.schema.EventSchema` and hands them to
:func:`.merge.events_from_mentions`, which attaches normalised values, merges mentions into one event
list per article and picks the main event. Backends take ``schema="news"|"duee"|FILE``.

The normalise stage, when it ran before, gave TIME and QUANTITY entities a ``value``; an argument whose
span is (or mostly is) such an entity gets its ``value``. An argument of a role that carries a time or
a number (``Role.value``) with no such entity is read itself, by the same readers
(:mod:`newsnlp.text.values`), so a time the entity stage missed still gets its value.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any

from ...doc import Argument, Article, Entity
from ...errors import ConfigError
from ...text.values.number import quantity_value
from ...text.values.time import day_of, normalise_time, parse_date
from .schema import EventSchema

MOSTLY = 0.6  # share of an argument a normalised entity inside it must cover to lend it its value


@dataclass(frozen=True)
class MentionArgument:
    role: str
    start: int
    end: int
    score: float | None = None


@dataclass(frozen=True)
class Mention:
    """One event mention: ``type`` and its trigger ``[start, end)``, its arguments, where it was found."""

    type: str
    start: int
    end: int
    score: float
    arguments: tuple[MentionArgument, ...] = ()
    evidence: int = 0  # the index of the sentence it was found in
    source: str | None = None

    def shifted(self, offset: int, evidence: int, source: str) -> Mention:
        """The mention with every offset moved by ``offset`` (sentence -> article positions)."""
        return replace(self, start=self.start + offset, end=self.end + offset, evidence=evidence,
                       source=source, arguments=tuple(replace(a, start=a.start + offset, end=a.end + offset)
                                                      for a in self.arguments))


def entity_at(article: Article, start: int, end: int) -> Entity | None:
    """The entity overlapping ``[start, end)`` the most, if any."""
    best, overlap = None, 0
    for entity in article.entities:
        common = min(end, entity.end) - max(start, entity.start)
        if common > overlap:
            best, overlap = entity, common
    return best


SAME, FROM_DUEE, TO_DUEE, VERSIONS = "same", "from DuEE", "to DuEE", "versions"


def schema_relation(source: EventSchema, schema: EventSchema) -> str:
    """How mentions typed in ``source`` reach ``schema``: ``SAME`` (one schema, or both DuEE's),
    ``FROM_DUEE`` (DuEE's types mapped onto ``schema``'s), ``TO_DUEE`` (the types of a schema that
    declares its DuEE mapping, ``news``, mapped back onto DuEE's) or ``VERSIONS`` (two versions of one
    schema, ``news@2`` to ``news@1``: the types both have, with the roles both give them).

    Raises:
        ConfigError: the schemas are unrelated (neither DuEE's nor versions of one schema).
    """
    if source.key == schema.key or schema.is_duee and source.is_duee:
        return SAME
    if source.is_duee:
        return FROM_DUEE
    if schema.is_duee:
        return TO_DUEE
    if schema.name == source.name:
        return VERSIONS
    raise ConfigError(f"the learned event model was trained on schema {source.key!r}; it cannot fill "
                      f"schema {schema.key!r} (set schema = {source.key!r} or 'duee', or train a model "
                      f"on this schema)")


def source_types(source: EventSchema, schema: EventSchema) -> frozenset[str] | None:
    """The types of ``source`` that reach ``schema`` (:func:`schema_relation`; ``None``: all)."""
    relation = schema_relation(source, schema)
    if relation == FROM_DUEE:
        return frozenset(t.duee for t in schema.types.values() if t.duee)
    if relation == TO_DUEE:
        return frozenset(name for name, t in source.types.items() if t.duee)
    if relation == VERSIONS:
        return frozenset(source.types) & frozenset(schema.types)
    return None


def map_to_schema(article: Article, mentions: list[Mention], schema: EventSchema, source: EventSchema
                  ) -> list[Mention]:
    """Mentions typed in the ``source`` schema, re-typed onto ``schema`` (:func:`schema_relation`).

    A mention whose type maps onto none is dropped; an argument keeps its place when its role maps onto
    a role of the new type (from DuEE: one that accepts the filler, the entity it overlaps most or a
    plain span).
    """
    relation = schema_relation(source, schema)
    if relation == SAME:
        return mentions
    if relation == TO_DUEE:
        return [to_duee(mention, source) for mention in mentions if source[mention.type].duee]
    if relation == VERSIONS:
        return [replace(mention, arguments=tuple(a for a in mention.arguments
                                                 if schema[mention.type].role(a.role) is not None))
                for mention in mentions if mention.type in schema]
    out = []
    for mention in mentions:
        target = schema.from_duee(mention.type)
        if target is None:
            continue
        arguments = []
        for argument in mention.arguments:
            role = target.role(target.duee_roles.get(argument.role, ""))
            entity = entity_at(article, argument.start, argument.end)
            if role is not None and role.accepts(entity.label if entity else None):
                arguments.append(replace(argument, role=role.name))
        out.append(replace(mention, type=target.name, arguments=tuple(arguments)))
    return out


def to_duee(mention: Mention, source: EventSchema) -> Mention:
    """A mention of a type of ``source`` that maps onto DuEE, in DuEE's type and roles."""
    event_type = source[mention.type]
    back = {role: duee_role for duee_role, role in event_type.duee_roles.items()}
    arguments = tuple(replace(argument, role=back[argument.role]) for argument in mention.arguments
                      if argument.role in back)
    return replace(mention, type=event_type.duee, arguments=arguments)


def normalised_values(article: Article) -> dict[tuple[int, int], dict[str, Any]]:
    """``(start, end) -> value`` of the entities a normalise stage gave a value."""
    return {(entity.start, entity.end): entity.value for entity in article.entities
            if entity.value is not None}


class ArgumentValues:
    """The value of an argument: that of the normalised entity that is its span; else, for a role that
    carries a time or a number, its own text read as one (anchored to the article date and the last day
    a TIME entity before it names; an undated article has no anchor here, the normalise stage's
    ``default_date`` included); else that of a normalised span inside it that makes up most of it
    (11月19日 in 11月19日上午; not 2025年 in 长春市2025年…竞赛). So 这两天 in a time role is the two
    days up to the article date, not the duration of the QUANTITY 两天 inside it."""

    def __init__(self, article: Article, schema: EventSchema) -> None:
        self.schema = schema
        self.entity_values = normalised_values(article)
        self.value_spans = sorted(self.entity_values)
        self.anchor = parse_date(article.date)
        days = sorted(((entity.start, day) for entity in article.entities
                       if entity.label == "TIME" and (day := day_of(entity.value)) is not None),
                      key=lambda start_day: start_day[0])  # a date and an XXXX-MM-DD string do not compare
        self.day_starts = [start for start, _ in days]
        self.days = [day for _, day in days]

    def __call__(self, event_type: str, role: str, start: int, end: int, text: str) -> dict[str, Any] | None:
        if (start, end) in self.entity_values:
            return self.entity_values[(start, end)]
        read = self._read(self._kind(event_type, role), start, text)
        return read if read is not None else self._inside(start, end)

    def _inside(self, start: int, end: int) -> dict[str, Any] | None:
        """The value of the longest normalised span inside ``[start, end)`` if it makes up most of it."""
        longest = None
        for index in range(bisect_left(self.value_spans, (start, start)), len(self.value_spans)):
            span_start, span_end = span = self.value_spans[index]
            if span_start >= end:
                break
            if span_end <= end and (longest is None or span_end - span_start >= longest[1] - longest[0]):
                longest = span
        if longest is None or longest[1] - longest[0] < MOSTLY * (end - start):
            return None
        return self.entity_values[longest]

    def _read(self, kind: str | None, start: int, text: str) -> dict[str, Any] | None:
        if kind == "number":
            return quantity_value(text)
        if kind != "time":
            return None
        before = bisect_left(self.day_starts, start)
        return normalise_time(text, self.anchor, self.days[before - 1] if before else None)

    def _kind(self, event_type: str, role: str) -> str | None:
        found = self.schema.types.get(event_type)
        found_role = found.role(role) if found is not None else None
        return found_role.value if found_role is not None else None


def to_argument(article: Article, mention: Mention, argument: MentionArgument,
                values: ArgumentValues) -> Argument:
    span = article.span(argument.start, argument.end)
    return Argument(span.start, span.end, span.text, role=argument.role,
                    value=values(mention.type, argument.role, span.start, span.end, span.text),
                    score=None if argument.score is None else round(argument.score, 4))
