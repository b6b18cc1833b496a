"""Gold-set preparation: resolve standoff documents to text, and anchor annotators' mentions to offsets.

The gold document list (``corpora/gold/documents.jsonl``) holds two kinds of record: documents with
their ``text`` inline (the project's own sample page) and **standoff** documents that point into a
public corpus by record (``{"lines": [a, b]}`` for a raw text file, ``{"id": …, "line": n}`` for a
DuEE JSON-lines file) plus ``start``/``end`` into that record's text and the ``sha256`` of the
resulting text, so corpus text is never committed. Annotators write mentions as surface text plus an
occurrence index ("the 2nd 黄洪涛 in the text" is ``occurrence: 1``); :func:`anchor_annotations`
turns that into character offsets. Layer: corpora (imports doc and errors only).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..doc import Argument, Article, Entity, Event, Span
from ..errors import CorpusFormatError, InputFormatError
from ..io import read_jsonl
from ..text.files import write_file
from .paths import corpus_file

ENTITY_LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")
# corpus name -> (path parts under the corpus root, record kind)
CORPORA: dict[str, tuple[tuple[str, ...], str]] = {
    "xinwenlianbo": (("raw", "xinwenlianbo", "xinwenlianbo_20220924-20260822.txt"), "lines"),
    "xinwenlianbo_2012_2022": (("raw", "xinwenlianbo_2012_2022", "xinwenlianbo_20120702-20220923.txt"),
                               "lines"),
    "cnews": (("raw", "cnews_sample", "cnews_sample.txt"), "lines"),
    "duee1.0/test1": (("events", "duee1.0", "duee_test1.json"), "jsonl"),
}


def sha256_text(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    records = []
    for number, record in read_jsonl(path):
        if not isinstance(record, dict):
            raise InputFormatError("each line must be a JSON object", path=path, line=number)
        records.append((number, record))
    return records


def _require(record: dict[str, Any], key: str, path: Path, line: int) -> Any:
    if key not in record:
        raise InputFormatError(f"document {record.get('id', '?')!r} lacks {key!r}", path=path, line=line,
                               field=key)
    return record[key]


class _CorpusCache:
    """Corpus files read once per :func:`materialise` call: raw text as lines, JSONL by line number."""

    def __init__(self) -> None:
        self._lines: dict[Path, list[str]] = {}

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            self._lines[path] = path.read_text(encoding="utf-8").split("\n")
        return self._lines[path]

    def record_text(self, corpus: str, record: dict[str, Any],
                    where: tuple[Path, int]) -> tuple[str, Path, int]:
        """The text of one corpus record, the corpus path and the corpus line it starts on."""
        parts, kind = CORPORA[corpus]
        path = corpus_file(*parts)
        lines = self.lines(path)
        if kind == "lines":
            first, last = record.get("lines", [None, None])
            if not (isinstance(first, int) and isinstance(last, int) and 1 <= first <= last <= len(lines)):
                raise InputFormatError(f"record.lines must be [first, last] within 1..{len(lines)} of "
                                       f"{path}", path=where[0], line=where[1], field="record.lines")
            return "\n".join(lines[first - 1:last]), path, first
        number = record.get("line")
        if not (isinstance(number, int) and 1 <= number <= len(lines)):
            raise InputFormatError(f"record.line must be within 1..{len(lines)} of {path}", path=where[0],
                                   line=where[1], field="record.line")
        try:
            row = json.loads(lines[number - 1])
        except json.JSONDecodeError:
            raise CorpusFormatError("line is not valid JSON; the corpus file has changed", path=path,
                                    line=number) from None
        if row.get("id") != record.get("id"):
            raise CorpusFormatError(f"expected record id {record.get('id')!r} but found {row.get('id')!r}; "
                                    f"the corpus file has changed", path=path, line=number, field="id")
        return row["text"], path, number


def materialise(documents_jsonl: str | Path) -> list[dict[str, Any]]:
    """Every gold document with its text: inline ones as they are, standoff ones resolved and verified.

    Args:
        documents_jsonl: the gold document list (``corpora/gold/documents.jsonl``).

    Returns:
        One dict per document, in file order: the record's fields with ``text`` filled in (standoff
        fields ``corpus``, ``record``, ``start``, ``end``, ``sha256`` are kept for provenance).

    Raises:
        InputFormatError: a line of the list is malformed (names file, line and field).
        CorpusFormatError: a corpus record's text no longer has the recorded sha256 (names the corpus
            file and line): the corpus changed and the standoff annotations may no longer fit.
        CorpusNotFoundError: the corpus root or file is missing.
    """
    path = Path(documents_jsonl)
    cache = _CorpusCache()
    documents, seen = [], set()
    for line, record in _read_jsonl(path):
        doc_id = _require(record, "id", path, line)
        if doc_id in seen:
            raise InputFormatError(f"duplicate document id {doc_id!r}", path=path, line=line, field="id")
        seen.add(doc_id)
        document = dict(record)
        if "corpus" in record:
            corpus = record["corpus"]
            if corpus not in CORPORA:
                raise InputFormatError(f"unknown corpus {corpus!r}; known: {sorted(CORPORA)}", path=path,
                                       line=line, field="corpus")
            source, corpus_path, corpus_line = cache.record_text(
                corpus, _require(record, "record", path, line), (path, line))
            start, end = _require(record, "start", path, line), _require(record, "end", path, line)
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(source)):
                raise CorpusFormatError(f"document {doc_id!r}: [{start}, {end}) is outside the record text "
                                        f"of length {len(source)}; the corpus file has changed",
                                        path=corpus_path, line=corpus_line, field="start/end")
            document["text"] = source[start:end]
        text = _require(document, "text", path, line)
        expected = record.get("sha256")
        if expected is not None and sha256_text(text) != expected:
            where = ({"path": corpus_path, "line": corpus_line} if "corpus" in record
                     else {"path": path, "line": line})
            raise CorpusFormatError(f"document {doc_id!r}: text sha256 {sha256_text(text)[:12]}… differs "
                                    f"from the recorded {expected[:12]}…; the source text has changed",
                                    field="sha256", **where)
        documents.append(document)
    return documents


def _anchor(text: str, mention: dict[str, Any], doc_id: str, what: str, where: dict[str, Any]) -> Span:
    """The span of the ``occurrence``-th (0-based, overlaps counted) match of ``mention['text']``."""
    surface, occurrence = mention.get("text"), mention.get("occurrence", 0)
    if not isinstance(surface, str) or not surface:
        raise InputFormatError(f"doc {doc_id!r}: {what} has no surface text", field=f"{what}.text", **where)
    if not isinstance(occurrence, int) or occurrence < 0:
        raise InputFormatError(f"doc {doc_id!r}: {what} {surface!r} has occurrence {occurrence!r}; "
                               f"it must be an integer >= 0", field=f"{what}.occurrence", **where)
    start, found = -1, -1
    while found < occurrence:
        start = text.find(surface, start + 1)
        if start < 0:
            raise InputFormatError(f"doc {doc_id!r}: {what} {surface!r} occurrence {occurrence} does not "
                                   f"occur (the text has it {found + 1} time(s))", field=what, **where)
        found += 1
    return Span(start, start + len(surface), surface)


def anchor_annotations(text: str, ann: dict[str, Any], *, path: str | Path | None = None,
                       line: int | None = None) -> dict[str, Any]:
    """Turn one annotator record (surface text + occurrence) into a gold record with offsets.

    Args:
        text: the document text the annotator saw.
        ann: ``{"id", "entities": [{"text", "label", "occurrence"}], "events": [{"type",
            "trigger": {"text", "occurrence"}, "arguments": [{"role", "text", "occurrence",
            "value"?}], "cluster"?, "main"?}]}``; ``occurrence`` defaults to 0 (the first match).
        path, line: where ``ann`` was read from, named in errors.

    Returns:
        The gold record (:meth:`newsnlp.doc.Article.to_dict` form) with ``entities`` and ``events``;
        ``meta["event_cluster"]`` maps each event id to its cluster (mentions of one real event share
        it) and ``meta["main_event"]`` names the event marked ``main`` (or ``None``).

    Raises:
        InputFormatError: a mention does not occur (names the doc id and the mention), an entity
            label is unknown, or two entities overlap (the entity layer is flat).

    >>> gold = anchor_annotations("记者黄洪涛报道黄洪涛", {"id": "d", "entities": [
    ...     {"text": "黄洪涛", "label": "PER", "occurrence": 1}], "events": []})
    >>> gold["entities"]
    [{'start': 7, 'end': 10, 'text': '黄洪涛', 'label': 'PER'}]
    """
    doc_id, where = str(ann.get("id", "?")), {"path": path, "line": line}
    entities = []
    for number, mention in enumerate(ann.get("entities", [])):
        span = _anchor(text, mention, doc_id, f"entities[{number}]", where)
        if mention.get("label") not in ENTITY_LABELS:
            raise InputFormatError(f"doc {doc_id!r}: entities[{number}] {span.text!r} has label "
                                   f"{mention.get('label')!r}; labels are {ENTITY_LABELS}",
                                   field=f"entities[{number}].label", **where)
        entities.append(Entity(span.start, span.end, span.text, label=mention["label"]))
    entities.sort(key=lambda e: (e.start, e.end))
    for left, right in zip(entities, entities[1:]):
        if right.start < left.end:
            raise InputFormatError(f"doc {doc_id!r}: entities {left.text!r} [{left.start}, {left.end}) and "
                                   f"{right.text!r} [{right.start}, {right.end}) overlap; the entity "
                                   f"layer is flat (keep the outermost)", field="entities", **where)
    events: list[Event] = []
    clusters: dict[str, str] = {}
    main: list[str] = []
    for number, event in enumerate(ann.get("events", [])):
        what = f"events[{number}]"
        if not isinstance(event.get("type"), str) or not isinstance(event.get("trigger"), dict):
            raise InputFormatError(f"doc {doc_id!r}: {what} needs a type and a trigger", field=what, **where)
        trigger = _anchor(text, event["trigger"], doc_id, f"{what}.trigger", where)
        arguments = []
        for index, argument in enumerate(event.get("arguments", [])):
            span = _anchor(text, argument, doc_id, f"{what}.arguments[{index}]", where)
            if not isinstance(argument.get("role"), str):
                raise InputFormatError(f"doc {doc_id!r}: {what}.arguments[{index}] {span.text!r} has no "
                                       f"role", field=f"{what}.arguments[{index}].role", **where)
            arguments.append(Argument(span.start, span.end, span.text, role=argument["role"],
                                      value=argument.get("value")))
        event_id = str(event.get("id", f"{doc_id}-e{number + 1}"))
        events.append(Event(id=event_id, type=event["type"], trigger=trigger, arguments=tuple(arguments)))
        clusters[event_id] = str(event.get("cluster", event_id))
        if event.get("main"):
            main.append(event_id)
    if len(main) > 1:
        raise InputFormatError(f"doc {doc_id!r}: events {main} are all marked main; mark one",
                               field="events.main", **where)
    article = Article(id=doc_id, text=text, meta={"event_cluster": clusters,
                                                  "main_event": main[0] if main else None})
    article.set_layer("entities", entities)
    article.set_layer("events", events)
    return article.to_dict()


def anchor_file(documents: list[dict[str, Any]], annotations_jsonl: str | Path) -> list[dict[str, Any]]:
    """Anchor every record of an annotator's JSONL output against the materialised documents.

    Raises:
        InputFormatError: names the annotation file, line and field of the first bad record,
            including records whose id is not a known document.
    """
    path = Path(annotations_jsonl)
    texts = {document["id"]: document for document in documents}
    gold = []
    for line, ann in _read_jsonl(path):
        document = texts.get(ann.get("id"))
        if document is None:
            raise InputFormatError(f"unknown document id {ann.get('id')!r}", path=path, line=line, field="id")
        record = anchor_annotations(document["text"], ann, path=path, line=line)
        record.update({key: document[key] for key in ("date", "kind", "title") if document.get(key)})
        record["meta"].update(split=document.get("split"), origin=document.get("corpus", "inline"))
        if "category" in ann:
            record["meta"]["category"] = ann["category"]
        gold.append(record)
    return gold


TASK_FIELDS = ("id", "text", "date", "kind", "split")


def task_record(document: dict[str, Any]) -> dict[str, Any]:
    """What an annotator's task file holds of a materialised document: ``{id, text, date, kind, split}``."""
    return {key: document.get(key) for key in TASK_FIELDS}


def write_tasks(documents_jsonl: str | Path, out: str | Path) -> int:
    """Write the annotators' task file: every materialised document as ``{id, text, date, kind, split}``.

    The file is written atomically (temp file, then rename). Returns the number of documents.
    """
    documents = materialise(documents_jsonl)
    write_file(out, "".join(json.dumps(task_record(document), ensure_ascii=False) + "\n"
                            for document in documents))
    return len(documents)
