"""doccano JSONL (sequence labelling with relations): one ``{text, entities, relations}`` per line.

Entities are ``{id, label, start_offset, end_offset}``; an event is a trigger entity labelled
``event:<type>`` with one relation (``type`` = the role) to an ``argument`` entity per argument.
The top-level ``newsnlp`` key (kept by doccano as metadata) holds the rest (see :mod:`.common`).
Files in the layout without relations, ``{"text", "label": [[start, end, label], ...]}`` (older
doccano exports write ``labels``), are read too. Offsets are code points (doccano counts them as
Python does). The record's other keys (doccano's ``id``, ``Comments``, metadata columns) go into the
article's ``meta``, and its ``id`` names it (``doc-<id>``, else ``doc-<line>``). A relation between two
entities, an ``argument`` span no relation uses and overlapping entities are skipped and counted
(:class:`~.common.Skips`); a malformed record raises naming the line and field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...io import read_jsonl
from ...text.files import write_file
from .common import Place, Regions, Skips, check_span, split_article

EVENT_PREFIX = "event:"
ARGUMENT = "argument"
SPAN_LISTS = ("label", "labels")  # the relation-less layout: [[start, end, label], ...]
ANNOTATION_KEYS = ("text", "entities", "relations", "newsnlp", *SPAN_LISTS)  # other keys: metadata


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


def _span_list(item: dict[str, Any], place: Place) -> list[tuple[int, int, str, str]]:
    """The ``(start, end, label, field)`` of the relation-less layout (``label`` or ``labels``)."""
    keys = [key for key in SPAN_LISTS if key in item]
    if len(keys) > 1 or (keys and "entities" in item):
        raise place.error(f"a record holds one of label, labels and entities, not {keys + ['entities']}",
                          keys[-1])
    if not keys:
        return []
    key = keys[0]
    if not isinstance(item[key], list):
        raise place.error("expected a list of [start, end, label]", key)
    spans = []
    for k, span in enumerate(item[key]):
        if not (isinstance(span, list) and len(span) == 3 and isinstance(span[2], str)):
            raise place.error(f"expected [start, end, label], got {span!r} (a text classification "
                              f"project's labels are not spans)", f"{key}[{k}]")
        spans.append((*check_span(item["text"], span[0], span[1], place, f"{key}[{k}]"), span[2],
                      f"{key}[{k}]"))
    return spans


def from_doccano(item: Any, default_id: str, place: Place) -> Article:
    """The article of one doccano record.

    Raises:
        CorpusFormatError: naming the field of ``place``'s record that cannot be read.
    """
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise place.error("a doccano record is an object with a string 'text'", "text")
    regions = Regions(item["text"], place, "doccano")
    for start, end, label, at in _span_list(item, place):
        regions.add(at, (start, end), "entity", label, at)
    for k, span in enumerate(item.get("entities") or []):
        at = f"entities[{k}]"
        if not (isinstance(span, dict) and isinstance(span.get("label"), str) and "id" in span):
            raise place.error("expected {id, label, start_offset, end_offset}", at)
        where = check_span(regions.text, span.get("start_offset"), span.get("end_offset"), place, at)
        label = span["label"]
        kind = "trigger" if label.startswith(EVENT_PREFIX) else "argument" if label == ARGUMENT else "entity"
        regions.add(span["id"], where, kind, label.removeprefix(EVENT_PREFIX), at)
    for k, relation in enumerate(item.get("relations") or []):
        if not (isinstance(relation, dict) and isinstance(relation.get("type"), str)):
            raise place.error("expected {from_id, to_id, type}", f"relations[{k}]")
        regions.relate(relation.get("from_id"), relation.get("to_id"), relation["type"], f"relations[{k}]")
    meta = {key: value for key, value in item.items() if key not in ANNOTATION_KEYS}
    return regions.article(item.get("newsnlp"), meta, default_id)


def dumps_doccano(articles: Iterable[Article]) -> str:
    """The doccano JSONL of ``articles`` (what ``newsnlp extract --format doccano`` writes to import)."""
    return "".join(json.dumps(to_doccano(article), ensure_ascii=False) + "\n" for article in articles)


def write_doccano(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as doccano JSONL (atomically)."""
    write_file(path, dumps_doccano(articles))


def read_doccano(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a doccano JSONL file; what no layer holds goes to ``skips`` (default: strict).

    Raises:
        CorpusFormatError: naming the line and field of a record that cannot be read.
    """
    skips = skips if skips is not None else Skips(strict=True)
    return [from_doccano(record, f"doc-{record.get('id', number) if isinstance(record, dict) else number}",
                         Place(path, number, skips)) for number, record in read_jsonl(path)]
