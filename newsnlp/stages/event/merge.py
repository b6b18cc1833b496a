"""One event list per article: merge mentions of the same event, and pick the article's main event.

Two mentions are the same event when they have the same type, no role filled by incompatible
arguments (texts that do not contain one another, values that differ, times that do not overlap),
and either the same trigger span or, in different sentences, an argument in common other than the
time. The main event is the one an analyst would name first: named in the title, else the first
sentence's main-clause event (news puts the main event in the lead).
"""

from __future__ import annotations

from typing import Any

from ...doc import Argument, Article, Event
from ...text.punctuation import clause_around
from .schema import EventSchema, Role
from .stage import ArgumentValues, Mention, to_argument

WEAK_ROLES = ("time", "时间")  # sharing only a date does not make two mentions one event


def _time_range(iso: str) -> tuple[str, str]:
    """The first and last day an ISO value covers, as comparable strings (``..``: unbounded).

    >>> _time_range("2025-10"), _time_range("../2025-12-31"), _time_range("2025-11-19T10:00")
    (('2025-10-01', '2025-10-31'), ('0000-01-01', '2025-12-31'), ('2025-11-19', '2025-11-19'))
    """
    first, _, last = iso.partition("/")
    first, last = first[:10], (last or first)[:10]  # a time of day: its day
    low = "0000-01-01" if first == ".." else (first + "-01-01")[:10]
    high = "9999-12-31" if last == ".." else (last + "-12-31")[:10] if len(last) == 4 else (
        last + "-31")[:10] if len(last) == 7 else last
    return low, high


def _on_calendar(value: dict[str, Any]) -> bool:
    """A time value that names days of a known year (not a duration, recurrence or XXXX date)."""
    iso = value.get("iso")
    return isinstance(iso, str) and "X" not in iso and not iso.startswith(("P", "R/"))


def _compatible_values(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal values, or times whose ranges overlap (近日 and 11月19日)."""
    if a == b:
        return True
    if _on_calendar(a) and _on_calendar(b):
        (a_low, a_high), (b_low, b_high) = _time_range(a["iso"]), _time_range(b["iso"])
        return a_low <= b_high and b_low <= a_high
    return False


def _compatible(a: Argument, b: Argument) -> bool:
    if a.value is not None and b.value is not None:
        return _compatible_values(a.value, b.value)
    return a.text in b.text or b.text in a.text


MERGE_WINDOW = 64


class _Group:
    """Mentions merged so far into one event."""

    def __init__(self, mention: Mention, arguments: list[Argument]) -> None:
        self.mentions, self.arguments = [mention], arguments
        self.spans = {(mention.start, mention.end)}  # sets: a very long article has thousands of mentions
        self.evidence = {mention.evidence}

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def accepts(self, mention: Mention, arguments: list[Argument]) -> bool:
        if mention.type != self.first.type:
            return False
        for argument in arguments:
            same_role = [a for a in self.arguments if a.role == argument.role]
            if same_role and not any(_compatible(argument, a) for a in same_role):
                return False
        if (mention.start, mention.end) in self.spans:
            return True
        if mention.evidence in self.evidence:
            return False
        return any(a.role == b.role and a.role not in WEAK_ROLES and _compatible(a, b)
                   for a in arguments for b in self.arguments)

    def add(self, mention: Mention, arguments: list[Argument]) -> None:
        self.mentions.append(mention)
        self.spans.add((mention.start, mention.end))
        self.evidence.add(mention.evidence)
        for argument in arguments:
            if not any(a.role == argument.role and _compatible(a, argument) for a in self.arguments):
                self.arguments.append(argument)
                continue
            for i, a in enumerate(self.arguments):  # the same argument again: keep a value if it brings one
                if a.role == argument.role and a.value is None and argument.value is not None and (
                        (a.start, a.end) == (argument.start, argument.end)):
                    self.arguments[i] = argument


def merge_mentions(article: Article, mentions: list[Mention], values: ArgumentValues,
                   source: str, merge: bool = True) -> list[Event]:
    """Events of ``article`` from its schema-typed ``mentions`` (ids ``e1``, ``e2`` … in text order).

    Confidence of a merged event is the noisy-or of its mentions' scores; evidence lists their sentences.
    With ``merge`` false only mentions at the same trigger span are joined (one event per mention, the
    unit of the gold data and of DuEE). A mention is compared with the ``MERGE_WINDOW`` most recent
    events of its type only, which no news article reaches and which keeps a 1 MB input linear.
    """
    groups: list[_Group] = []
    of_type: dict[str, list[_Group]] = {}  # the same groups by event type, in creation order
    for mention in sorted(mentions, key=lambda m: (m.start, -m.score)):
        arguments = [to_argument(article, mention, argument, values) for argument in mention.arguments]
        recent = of_type.get(mention.type, [])[-MERGE_WINDOW:]
        group = next((g for g in recent if g.accepts(mention, arguments) and (
            merge or (g.first.start, g.first.end) == (mention.start, mention.end))), None)
        if group is None:
            groups.append(_Group(mention, arguments))
            of_type.setdefault(mention.type, []).append(groups[-1])
        else:
            group.add(mention, arguments)
    events = []
    for number, group in enumerate(groups, start=1):
        first, missing = group.first, 1.0
        for mention in group.mentions:
            missing *= 1.0 - min(max(mention.score, 0.0), 1.0)
        sources = sorted({m.source or source for m in group.mentions})
        events.append(Event(
            id=f"e{number}", type=first.type, trigger=article.span(first.start, first.end),
            arguments=tuple(sorted(group.arguments, key=lambda a: (a.start, a.end, a.role))),
            confidence=round(1.0 - missing, 4),
            evidence=tuple(sorted({m.evidence for m in group.mentions})), source="+".join(sources)))
    return events


def _question(role: Role | None, name: str) -> str:
    """Which 5W1H question a role answers: by its name, then by its entity labels."""
    labels = set(role.labels) if role is not None else set()
    if name == "time" or "时间" in name or (role is not None and role.value == "time"):
        return "when"
    if name == "place" or "地点" in name or "场所" in name:
        return "where"
    if name in ("count", "amount") or labels == {"QUANTITY"} or any(
            word in name for word in ("人数", "数量", "金额", "价格", "幅度", "规模")):
        return "how_many"
    if name == "object":
        return "what"
    if labels & {"PER", "ORG"} or name.endswith(("方", "者", "人", "员", "机构", "组织", "公司", "单位")):
        return "who"
    return "what_else"


def summary(event: Event, schema: EventSchema) -> dict[str, Any]:
    """The 5W1H record of one event: what (type, trigger, objects), who, when, where, how many."""
    event_type = schema.types.get(event.type)
    record: dict[str, Any] = {"event": event.id, "what": {"type": event.type, "trigger": event.trigger.text,
                                                          "objects": []},
                              "who": [], "when": [], "where": [], "how_many": [], "what_else": []}
    for argument in event.arguments:
        role = event_type.role(argument.role) if event_type is not None else None
        item = {"role": argument.role, "text": argument.text}
        if argument.value is not None:
            item["value"] = argument.value
        question = _question(role, argument.role)
        (record["what"]["objects"] if question == "what" else record[question]).append(item)
    return record


def _background(article: Article, event: Event) -> bool:
    """Whether the trigger sits in a setting phrase (在……启动仪式上, ……期间) rather than the main clause."""
    left, right = clause_around(article.text, event.trigger.start, event.trigger.end)
    clause = article.text[left:right]
    return clause.startswith("在") and clause.endswith(("上", "中", "期间", "之际"))


def main_event(article: Article, events: list[Event], schema: EventSchema
               ) -> tuple[str, dict[str, Any]] | None:
    """``(id, 5W1H summary)`` of the article's main event, or ``None`` when it has no events.

    News puts the main event first: the earliest sentence with an event wins (the title, when it
    names a trigger, first of all); within it, a main-clause event beats one in a setting phrase
    (在……仪式上), then confidence and the number of arguments decide, then position.
    """
    if not events:
        return None

    def rank(event: Event) -> tuple[bool, int, bool, float, int]:
        named = bool(article.title) and event.trigger.text in (article.title or "")
        weight = (event.confidence or 0.5) * (1.0 + 0.1 * len(event.arguments))
        return (not named, min(event.evidence, default=0), _background(article, event), -weight,
                event.trigger.start)

    best = min(events, key=rank)
    return best.id, summary(best, schema)


def events_from_mentions(article: Article, schema: EventSchema, mentions: list[Mention],
                         source: str, merge: bool = True) -> Article:
    """Fill ``article.events`` from schema-typed mentions: values attached, mentions merged (unless
    ``merge`` is false), main event picked (``article.main_event`` = its id, ``article.five_w1h`` =
    its summary; both ``None`` without events)."""
    events = merge_mentions(article, mentions, ArgumentValues(article, schema), source, merge)
    article.set_layer("events", events)
    article.main_event, article.five_w1h = main_event(article, article.events, schema) or (None, None)
    return article
