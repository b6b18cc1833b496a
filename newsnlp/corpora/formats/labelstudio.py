"""Label Studio JSON export: a list of tasks ``{data: {text}, annotations: [{result: [...]}]}``.

Results use three label controls on the ``text`` object: ``entity`` (labels = the entity label),
``trigger`` (labels = the event type; the region id is the event's) and ``argument``, linked from
their trigger by ``relation`` results whose label is the role (``labels`` results of any other
control read as entities). ``data.newsnlp`` holds the rest (see :mod:`.common`). The labelling config
these controls need is generated from an event schema (:mod:`.tool_configs`).

Reading takes one annotation per task: the ``ground_truth`` one, else the first not cancelled
(``was_cancelled``); a task without annotations reads its first prediction. A region's offsets are
code points; when its ``value.text`` is not the text there but is at the same offsets counted in
UTF-16 units (as Label Studio versions that count like JavaScript write them after an emoji), they
are converted. The task's other data fields (its metadata) go into the article's ``meta``; Label
Studio's bookkeeping (ids, timestamps, annotators) is not read. The other annotations of a task,
relations between two entities, argument regions no relation uses, other result types and regions
with several labels are skipped and counted (:class:`~.common.Skips`). Writing pre-annotations
(:func:`dumps_predictions`) puts the layers under ``predictions`` with the model's scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import CorpusFormatError
from ...io import check_readable
from ...text.files import write_file
from .common import Place, Regions, Skips, check_span, split_article

TEXT = "text"  # the name of the Text object (and of its data key)


def _region(region_id: str, control: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": control, "to_name": TEXT, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def _result(article: Article) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The result list of an article's layers (entity regions carry their score) and its ``extra``."""
    entities, events, extra = split_article(article)
    text = article.text
    result = [_region(f"t{k}", "entity", s, e, text, label) for k, (s, e, label) in enumerate(entities)]
    for region, entity in zip(result, article.entities):
        if entity.score is not None:
            region["score"] = entity.score
    for k, event in enumerate(events):
        trigger = f"v{k}"
        result.append(_region(trigger, "trigger", *event["trigger"], text, event["type"]))
        for a, (role, s, e) in enumerate(event["arguments"]):
            result.append(_region(f"v{k}a{a}", "argument", s, e, text, "argument"))
            result.append({"type": "relation", "from_id": trigger, "to_id": f"v{k}a{a}",
                           "direction": "right", "labels": [role]})
    return result, extra


def to_labelstudio(article: Article, task_id: int) -> dict[str, Any]:
    """One Label Studio task with one annotation."""
    result, extra = _result(article)
    return {"id": task_id, "data": {TEXT: article.text, "newsnlp": extra},
            "annotations": [{"result": result}]}


def to_prediction_task(article: Article, model_version: str) -> dict[str, Any]:
    """One Label Studio task to import, the article's layers as a prediction (pre-annotation)."""
    result, extra = _result(article)
    scores = [region["score"] for region in result if "score" in region]
    prediction: dict[str, Any] = {"model_version": model_version, "result": result}
    if scores:
        prediction["score"] = min(scores)
    return {"data": {TEXT: article.text, "newsnlp": extra}, "predictions": [prediction]}


def dumps_predictions(articles: Iterable[Article], model_version: str) -> str:
    """The JSON task list that imports ``articles`` into Label Studio as pre-annotations."""
    tasks = [to_prediction_task(article, model_version) for article in articles]
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"


def _utf16_to_code_points(text: str) -> list[int]:
    """``index[u]``: the code point offset of UTF-16 offset ``u`` (inside a surrogate pair: the next)."""
    index = []
    for k, char in enumerate(text):
        index += [k] * (2 if ord(char) > 0xFFFF else 1)
    return [*index, len(text)]


def _offsets(text: str, value: dict[str, Any], place: Place, field: str) -> tuple[int, int]:
    """A region's code point offsets, checked against its ``value.text`` (UTF-16 offsets converted)."""
    start, end = value.get("start"), value.get("end")
    shown = value.get("text")
    if shown is None or (type(start) is int and type(end) is int and text[start:end] == shown):
        return check_span(text, start, end, place, field)
    index = _utf16_to_code_points(text)
    if type(start) is int and type(end) is int and 0 <= start < end < len(index):
        start16, end16 = index[start], index[end]
        if text[start16:end16] == shown:
            return start16, end16
    raise place.error(f"{shown!r} is not at [{start!r}, {end!r}) of the text, counted in code points or "
                      f"in UTF-16 units", f"{field}.text")


def _annotation(task: dict[str, Any], place: Place) -> tuple[str, list[dict[str, Any]]] | None:
    """``(field, result)`` of the task's annotation to read (see the module docstring), else ``None``."""
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list):
        raise place.error("expected a list", "annotations")
    usable = [(k, a) for k, a in enumerate(annotations) if not a.get("was_cancelled")]
    if not usable:
        predictions = task.get("predictions") or []
        if annotations or not predictions:
            return None
        return "predictions[0]", predictions[0].get("result")
    chosen, annotation = next(((k, a) for k, a in usable if a.get("ground_truth")), usable[0])
    for k, _ in usable:
        if k != chosen:
            place.skip("Label Studio annotation besides the one read (one per task)", f"annotations[{k}]")
    return f"annotations[{chosen}]", annotation.get("result")


def from_labelstudio(task: Any, default_id: str, place: Place) -> Article | None:
    """The article of one Label Studio task; ``None`` (counted) when its every annotation was cancelled.

    Raises:
        CorpusFormatError: naming the field of ``place``'s task that cannot be read.
    """
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get(TEXT), str):
        raise place.error(f"a task needs data.{TEXT}, a string (its keys: "
                          f"{sorted(data) if isinstance(data, dict) else '-'})", f"data.{TEXT}")
    text = data[TEXT]
    chosen = _annotation(task, place)
    if chosen is None:
        place.skip("Label Studio task whose every annotation was cancelled", "annotations")
        return None
    prefix, result = chosen
    if not isinstance(result, list):
        raise place.error("expected a list of results", f"{prefix}.result")
    regions = Regions(text, place, "Label Studio")
    relations = []
    for k, item in enumerate(result):
        at = f"{prefix}.result[{k}]"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "relation":
            relations.append((at, item))
            continue
        if kind != "labels":
            place.skip(f"Label Studio {kind!r} result (only labels and relation are read)", at)
            continue
        value = item.get("value")
        labels = value.get("labels") if isinstance(value, dict) else None
        if not (isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels)):
            raise place.error("expected value.labels, a list of label names", f"{at}.value.labels")
        if len(labels) > 1:
            place.skip("Label Studio region with several labels", f"{at}.value.labels")
            continue
        control = item.get("from_name")
        regions.add(item.get("id"), _offsets(text, value, place, f"{at}.value"),
                    control if control in ("trigger", "argument") else "entity", labels[0], at)
    for at, item in relations:
        ends = (item.get("from_id"), item.get("to_id"))
        roles = item.get("labels") or []
        if len(roles) != 1:
            place.skip("Label Studio relation without exactly one label (the role)", f"{at}.labels")
            continue
        regions.relate(*(ends[::-1] if item.get("direction") == "left" else ends), roles[0], at)
    meta = {key: value for key, value in data.items() if key not in (TEXT, "newsnlp")}
    return regions.article(data.get("newsnlp"), meta, default_id)


def write_labelstudio(articles: Iterable[Article], path: str | Path) -> None:
    """Write ``articles`` as a Label Studio JSON task list (atomically)."""
    tasks = [to_labelstudio(article, k + 1) for k, article in enumerate(articles)]
    write_file(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")


def read_labelstudio(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a Label Studio JSON export; what no layer holds goes to ``skips`` (default:
    strict). Errors name the task as ``[k]`` at the start of the field.

    Raises:
        CorpusFormatError: naming the task and field that cannot be read.
    """
    skips = skips if skips is not None else Skips(strict=True)
    check_readable(path)
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CorpusFormatError(f"invalid JSON: {error.msg}", path=path, line=error.lineno,
                                field="tasks") from None
    if not isinstance(tasks, list):
        raise CorpusFormatError("a Label Studio JSON export is a list of tasks", path=path, field="tasks")
    articles = []
    for k, task in enumerate(tasks):
        task_id = task.get("id", k + 1) if isinstance(task, dict) else k + 1
        article = from_labelstudio(task, f"doc-{task_id}", Place(path, None, skips, prefix=f"[{k}]."))
        if article is not None:
            articles.append(article)
    return articles
