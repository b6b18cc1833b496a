"""doccano JSONL (sequence labelling with relations): one ``{text, entities, relations}`` per line.

Entities are ``{id, label, start_offset, end_offset}``; an event is a trigger entity labelled
``event:<type>`` with one relation (``type`` = the role) to an ``argument`` entity per argument.
The top-level ``newsnlp`` key (kept by doccano as metadata) holds the rest (see :mod:`.common`).
Files in the older ``{"text", "label": [[start, end, label], ...]}`` layout are read too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError, excerpt
from ...io import read_jsonl
from ...text.files import write_file
from .common import NativeEvent, build_article, split_article

EVENT_PREFIX = "event:"
ARGUMENT = "argument"


def to_doccano(article: Article) -> dict[str, Any]:
    """One doccano record."""
    entities, events, extra = split_article(article)
    spans = [{"id": k + 1, "label": label, "start_offset": s, "end_offset": e}
             for k, (s, e, label) in enumerate(entities)]
    relations = []
    for event in events:
        trigger_id = len(spans) + 1
        spans.append({"id": trigger_id, "label": EVENT_PREFIX + event["type"],
                      "start_offset": event["trigger"][0], "end_offset": event["trigger"][1]})
        for role, s, e in event["arguments"]:
            spans.append({"id": len(spans) + 1, "label": ARGUMENT, "start_offset": s, "end_offset": e})
            relations.append({"id": len(relations) + 1, "from_id": trigger_id, "to_id": len(spans),
                              "type": role})
    return {"text": article.text, "entities": spans, "relations": relations, "newsnlp": extra}


def from_doccano(item: dict[str, Any], default_id: str) -> Article:
    """The article of one doccano record (raises KeyError/TypeError on a malformed one)."""
    if "label" in item and "entities" not in item:
        entities = [(s, e, label) for s, e, label in item["label"]]
        return build_article(item["text"], entities, [], item.get("newsnlp"), default_id=default_id)
    by_id = {span["id"]: span for span in item.get("entities", [])}
    events: dict[int, NativeEvent] = {}
    entities = []
    for span in item.get("entities", []):
        where = (span["start_offset"], span["end_offset"])
        if span["label"].startswith(EVENT_PREFIX):
            events[span["id"]] = {"type": span["label"][len(EVENT_PREFIX):], "trigger": where,
                                  "arguments": []}
        elif span["label"] != ARGUMENT:
            entities.append((*where, span["label"]))
    for relation in item.get("relations", []):
        target = by_id[relation["to_id"]]
        events[relation["from_id"]]["arguments"].append(
            (relation["type"], target["start_offset"], target["end_offset"]))
    return build_article(item["text"], entities, list(events.values()), item.get("newsnlp"),
                         default_id=default_id)


def write_doccano(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as doccano JSONL (atomically)."""
    write_file(path, "".join(json.dumps(to_doccano(a), ensure_ascii=False) + "\n" for a in articles))


def read_doccano(path: str | Path) -> list[Article]:
    """The articles of a doccano JSONL file.

    Raises:
        CorpusFormatError: naming the line of a record that cannot be read.
    """
    articles = []
    for number, record in read_jsonl(path):
        try:
            articles.append(from_doccano(record, f"doc-{number}"))
        except (ValueError, KeyError, TypeError) as error:
            raise CorpusFormatError(f"not a doccano record: {excerpt(repr(error))}", path=path,
                                    line=number, field="record") from None
    return articles
