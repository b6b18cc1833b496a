"""The adjudicated news gold set (``corpora/gold/gold.jsonl``): load it as Articles, by split (corpora layer).

Records follow the gold format (DESIGN §5, ``newsnlp/schemas/gold.schema.json``) with one twist: a
document taken from a public corpus stores **no text and no span surface strings**, only its standoff
reference (``corpus``, ``record``, ``start``, ``end``, ``sha256``, as in ``corpora/gold/documents.jsonl``)
and offsets, so corpus text is never committed. :func:`load_gold` resolves those references against the
corpus root (sha256-checked, :func:`newsnlp.corpora.annotation.materialise`), validates every record and
builds :class:`~newsnlp.doc.Article` objects. ``meta`` holds ``split`` (``train``/``dev``/``test``; the
news gold set has no ``train``, the broad news corpus of ``corpora/broad`` has), ``origin``, ``category``
(broad corpus),
``event_cluster`` (event id -> cluster id: mentions of one real event share it) and ``main_event``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasets import Dataset

from ..doc import Argument, Article, Entity, Event, Span
from ..errors import CorpusFormatError, InputFormatError, NewsNLPError
from ..io import read_jsonl
from ..text.files import write_file
from .annotation import anchor_file, materialise
from .formats.gold import article_from_gold, iter_gold, record_problems, validate_gold_file
from .paths import REPO_ROOT

GOLD_PATH = REPO_ROOT / "corpora" / "gold" / "gold.jsonl"
BROAD_DIR = REPO_ROOT / "corpora" / "broad"
# named annotated sets read as "NAME:SPLIT" (load_split, [corpora]): their standoff files, read in order
NAMED_SETS = {"gold": (GOLD_PATH,), "broad": (BROAD_DIR / "gold.jsonl", BROAD_DIR / "silver.jsonl")}
NAMED_SET_DESCRIPTIONS = {
    "gold": "the project's labour-news gold set",
    "broad": "the broad news corpus, news schema v2: adjudicated and single-pass documents"}
SPLITS = ("train", "dev", "test", "all")
STANDOFF_KEYS = ("corpus", "record", "start", "end", "sha256")
ARTICLE_KEYS = ("kind", "date", "title", "subtitle", "kicker", "byline", "source")
# the gold documents' kinds -> Article kinds: a 新闻联播 item is a whole article, a DuEE sentence a fragment
KINDS = {"passage": "article", "sentence": "fragment"}


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise InputFormatError(f"unknown gold split {split!r}; splits are {SPLITS}", field="split")


def _resolved(path: Path) -> Iterator[tuple[int, dict[str, Any], list[tuple[str, str]]]]:
    """``(line, record, problems)`` per document: standoff texts resolved, standoff keys dropped."""
    lines = [number for number, _ in read_jsonl(path)]
    for line, document in zip(lines, materialise(path)):
        record = {key: value for key, value in document.items() if key not in STANDOFF_KEYS}
        problems = record_problems(record)
        if not problems and (record.get("meta") or {}).get("split") not in SPLITS[:3]:
            problems = [("meta.split", "meta.split must be 'train', 'dev' or 'test'")]
        yield line, record, problems


def load_gold(split: str = "dev", path: str | Path | None = None) -> list[Article]:
    """The gold articles of ``split`` (``"train"``, ``"dev"``, ``"test"`` or ``"all"``), in file order.

    Args:
        split: which split; ``"all"`` is every split.
        path: the gold JSONL file (default ``corpora/gold/gold.jsonl`` of this repository).

    Raises:
        InputFormatError: an unknown split, or a malformed line (names file, line and field).
        CorpusFormatError: a record fails the gold schema or an offset check (names file, line and
            field), or a corpus text no longer has its recorded sha256.
        CorpusNotFoundError: the corpus root or a corpus file is missing.
    """
    _check_split(split)
    path = Path(path or GOLD_PATH)
    articles = []
    for line, record, problems in _resolved(path):
        if problems:
            field, message = problems[0]
            raise CorpusFormatError(f"document {record['id']!r}: {message}", path=path, line=line,
                                    field=field)
        if split in ("all", record["meta"]["split"]):
            articles.append(article_from_gold(record))
    return articles


def validate_gold(path: str | Path) -> dict[str, Any]:
    """:func:`~.formats.gold.validate_gold_file` for gold files with standoff records (resolved and
    sha256-checked first); files without any are checked by that function unchanged.

    Returns:
        ``{"path", "records", "entities", "events", "problems"}``, problems as ``"FILE:LINE: …"``.
    """
    try:
        standoff = any(isinstance(record, dict) and "corpus" in record for _, record in iter_gold(path))
    except InputFormatError:  # a line that is not JSON: reported by validate_gold_file
        standoff = False
    if not standoff:
        return validate_gold_file(path)
    summary: dict[str, Any] = {"path": str(path), "records": 0, "entities": 0, "events": 0,
                               "problems": []}
    try:
        for line, record, problems in _resolved(Path(path)):
            summary["records"] += 1
            summary["problems"] += [str(CorpusFormatError(message, path=path, line=line, field=field))
                                    for field, message in problems]
            if not problems:
                summary["entities"] += len(record["entities"])
                summary["events"] += len(record["events"])
    except NewsNLPError as error:  # a malformed line or a changed corpus text stops the resolution
        summary["problems"].append(str(error))
    return summary


def annotated_article(anchored: dict[str, Any], document: dict[str, Any]) -> Article:
    """The gold Article of one anchored annotation record (:func:`~.annotation.anchor_file` output).

    Events are ordered by trigger and renumbered ``{id}-e1``, ``{id}-e2`` …; clusters are renamed
    ``c1``, ``c2`` … in that order (every event gets one); article fields, ``split`` and ``origin`` come
    from the materialised ``document`` (a line of ``corpora/gold/documents.jsonl`` with its text).
    """
    text = document["text"]
    events = sorted(anchored["events"], key=lambda e: (e["trigger"]["start"], e["trigger"]["end"], e["type"]))
    ids = {event["id"]: f"{anchored['id']}-e{k}" for k, event in enumerate(events, 1)}
    names: dict[str, str] = {}
    clusters = {ids[event["id"]]: names.setdefault(anchored["meta"]["event_cluster"][event["id"]],
                                                   f"c{len(names) + 1}") for event in events}
    main = anchored["meta"].get("main_event")

    def span(item: dict[str, Any]) -> tuple[int, int, str]:
        return item["start"], item["end"], text[item["start"]:item["end"]]

    fields = {key: document.get(key) for key in ARTICLE_KEYS}
    fields["kind"] = KINDS.get(fields["kind"], fields["kind"] or "article")
    category = {"category": anchored["meta"]["category"]} if "category" in anchored["meta"] else {}
    article = Article(id=anchored["id"], text=text, **fields, meta={
        "split": document["split"], "origin": document.get("corpus", "inline"), **category,
        "event_cluster": clusters, "main_event": ids[main] if main else None})
    article.set_layer("entities", [Entity(*span(e), label=e["label"]) for e in anchored["entities"]])
    article.set_layer("events", [Event(ids[e["id"]], e["type"], Span(*span(e["trigger"])), arguments=tuple(
        Argument(*span(a), role=a["role"], value=a.get("value"))
        for a in sorted(e["arguments"], key=lambda a: (a["start"], a["end"], a["role"]))))
        for e in events])
    article.check_offsets()
    return article


def gold_record(article: Article, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    """The gold.jsonl record of an annotated article.

    Args:
        article: the article with its entities, events and ``meta`` (split, clusters, main event).
        reference: the document's standoff fields (``corpus``, ``record``, ``start``, ``end``,
            ``sha256``); with one, the record keeps neither the text nor any span's surface string.
    """
    keep_text = not reference
    record: dict[str, Any] = {"id": article.id}
    record.update({key: getattr(article, key) for key in ARTICLE_KEYS if getattr(article, key)})
    record.update({"text": article.text} if keep_text else {key: reference[key] for key in STANDOFF_KEYS})

    def span(item: Any, **fields: Any) -> dict[str, Any]:
        return {**fields, "start": item.start, "end": item.end,
                **({"text": item.text} if keep_text else {})}

    record["meta"] = article.meta
    record["entities"] = [{**span(e), "label": e.label} for e in article.entities]
    record["events"] = [{"id": event.id, "type": event.type, "trigger": span(event.trigger),
                         "arguments": [{**span(a, role=a.role),
                                        **({"value": a.value} if a.value is not None else {})}
                                       for a in event.arguments]}
                        for event in article.events]
    return record


def write_gold(records: list[dict[str, Any]], path: str | Path | None = None) -> int:
    """Write gold records (see :func:`gold_record`) as JSONL, atomically; returns how many."""
    path = Path(path or GOLD_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    return len(records)


def add_events(additions_jsonl: str | Path, documents_jsonl: str | Path,
               path: str | Path | None = None) -> tuple[int, int]:
    """Add annotated event mentions to a stored gold file (a schema upgrade: new types only).

    ``additions_jsonl`` holds annotator records (surface text + occurrence, one per document of
    ``documents_jsonl``, in the format of :func:`~.annotation.anchor_annotations`, events only). Each
    event is anchored, numbered ``{id}-v2e{k}`` after the existing ones and put in a cluster of its own
    (or one it shares with the added events of the same ``cluster``); main events stay as they were. An
    addition whose trigger span already carries an event is left out (an upgrade adds new mentions, it
    does not re-type old ones). The file is rewritten atomically. Returns ``(added, left out)``.

    Raises:
        InputFormatError: an addition names an unknown document or a mention that does not occur.
    """
    path = Path(path or GOLD_PATH)
    added = {record["id"]: record for record in anchor_file(materialise(documents_jsonl), additions_jsonl)}
    records = [record for _, record in read_jsonl(path)]
    count = left_out = 0
    for record in records:
        anchored = added.get(record["id"])
        if anchored is None or not anchored["events"]:
            continue
        taken = {(e["trigger"]["start"], e["trigger"]["end"]) for e in record["events"]}
        keep_text = "text" in record  # inline documents keep span texts; standoff ones never do
        clusters = record["meta"].setdefault("event_cluster", {})
        for k, event in enumerate(anchored["events"], 1):
            if (event["trigger"]["start"], event["trigger"]["end"]) in taken:
                left_out += 1
                continue
            event_id = f"{record['id']}-v2e{k}"
            record["events"].append({
                "id": event_id, "type": event["type"], "trigger": _stored_span(event["trigger"], keep_text),
                "arguments": [{"role": a["role"], **_stored_span(a, keep_text),
                               **({"value": a["value"]} if a.get("value") else {})}
                              for a in event["arguments"]]})
            clusters[event_id] = f"v2-{anchored['meta']['event_cluster'][event['id']]}"
            count += 1
    write_gold(records, path)
    return count, left_out


def _stored_span(item: dict[str, Any], keep_text: bool) -> dict[str, Any]:
    return {"start": item["start"], "end": item["end"], **({"text": item["text"]} if keep_text else {})}


def gold_dataset(split: str = "dev", path: str | Path | Sequence[str | Path] | None = None) -> Dataset:
    """The gold split as a ``datasets.Dataset`` in the loaders' schema (what ``load_split("gold:dev")``
    returns); each argument keeps its normalised time as ``value: {"iso": …}`` (``None`` elsewhere).

    ``path`` may be several gold files (a named set of :data:`NAMED_SETS`): their articles in order.
    """
    from datasets import Dataset, Features, List, Value

    from .schema import features as record_features

    span = {"start": Value("int32"), "end": Value("int32")}
    features = Features({**record_features(), "events": List({
        "type": Value("string"), "trigger": dict(span),
        "arguments": List({"role": Value("string"), **span, "value": {"iso": Value("string")}})})})
    rows = [{"id": article.id, "text": article.text, "words": [],
             "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in article.entities],
             "events": [{"type": event.type, "trigger": {"start": event.trigger.start,
                                                         "end": event.trigger.end},
                         "arguments": [{"role": a.role, "start": a.start, "end": a.end,
                                        "value": {"iso": a.value.get("iso")} if a.value else None}
                                       for a in event.arguments]} for event in article.events]}
            for one in (path if isinstance(path, (list, tuple)) else [path])
            for article in load_gold(split, one)]
    return Dataset.from_list(rows, features=features, split=split)
