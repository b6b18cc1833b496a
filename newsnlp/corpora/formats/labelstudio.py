"""Label Studio JSON export: a list of tasks ``{data: {text}, annotations: [{result: [...]}]}``.

Results use three label controls on the ``text`` object: ``entity`` (labels = the entity label),
``trigger`` (labels = the event type; the region id is the event's) and ``argument``, linked from
their trigger by ``relation`` results whose label is the role. ``data.newsnlp`` holds the rest (see
:mod:`.common`). Reading takes each task's first annotation (else its first prediction).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError
from ...text.files import write_file
from .common import NativeEvent, build_article, split_article


def _region(region_id: str, control: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": control, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def to_labelstudio(article: Article, task_id: int) -> dict[str, Any]:
    """One Label Studio task with one annotation."""
    entities, events, extra = split_article(article)
    text = article.text
    result = [_region(f"t{k}", "entity", s, e, text, label) for k, (s, e, label) in enumerate(entities)]
    for k, event in enumerate(events):
        trigger = f"v{k}"
        result.append(_region(trigger, "trigger", *event["trigger"], text, event["type"]))
        for a, (role, s, e) in enumerate(event["arguments"]):
            result.append(_region(f"v{k}a{a}", "argument", s, e, text, "argument"))
            result.append({"type": "relation", "from_id": trigger, "to_id": f"v{k}a{a}",
                           "direction": "right", "labels": [role]})
    return {"id": task_id, "data": {"text": text, "newsnlp": extra}, "annotations": [{"result": result}]}


def from_labelstudio(task: dict[str, Any], default_id: str) -> Article:
    """The article of one Label Studio task."""
    data = task["data"]
    annotations = task.get("annotations") or task.get("predictions") or [{"result": []}]
    regions, entities, events = {}, [], {}
    arguments: dict[str, tuple[int, int]] = {}
    for item in annotations[0]["result"]:
        if item["type"] != "labels":
            continue
        where, label = (item["value"]["start"], item["value"]["end"]), item["value"]["labels"][0]
        regions[item["id"]] = where
        if item["from_name"] == "trigger":
            events[item["id"]] = {"type": label, "trigger": where, "arguments": []}
        elif item["from_name"] == "argument":
            arguments[item["id"]] = where
        else:
            entities.append((*where, label))
    for item in annotations[0]["result"]:
        if item["type"] == "relation":
            event: NativeEvent = events[item["from_id"]]
            event["arguments"].append((item["labels"][0], *regions[item["to_id"]]))
    return build_article(data["text"], entities, list(events.values()), data.get("newsnlp"),
                         default_id=default_id)


def write_labelstudio(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as a Label Studio JSON task list (atomically)."""
    tasks = [to_labelstudio(article, k + 1) for k, article in enumerate(articles)]
    write_file(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")


def read_labelstudio(path: str | Path) -> list[Article]:
    """The articles of a Label Studio JSON export.

    Raises:
        CorpusFormatError: naming the task (as ``field``) that cannot be read.
    """
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CorpusFormatError(f"invalid JSON: {error.msg}", path=path, line=error.lineno,
                                field="tasks") from None
    articles = []
    for k, task in enumerate(tasks):
        try:
            articles.append(from_labelstudio(task, f"doc-{task.get('id', k + 1)}"))
        except (ValueError, KeyError, TypeError, IndexError) as error:
            raise CorpusFormatError(f"not a Label Studio task: {error!r}", path=path,
                                    field=f"[{k}]") from None
    return articles
