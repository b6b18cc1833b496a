"""The gold JSONL format (DESIGN §5): one article per line, character offsets; reader, writer, validator.

A gold record is ``{id, text, meta, entities: [{start, end, label}], events: [{id, type, trigger:
{start, end}, arguments: [{role, start, end, value?}]}]}`` plus optional article fields, ``words`` and
``sentences``; span ``text`` is optional and checked when given. ``Article.to_dict()`` output is a
valid record. The JSON Schema is ``newsnlp/schemas/gold.schema.json``.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jsonschema

from ...doc import STRING_FIELDS, Article, string_problem
from ...errors import CorpusFormatError, InputFormatError, schema_message
from ...io import parse_jsonl, read_jsonl
from ...text.files import write_file
from .common import Skips

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "gold.schema.json"


@functools.cache
def gold_validator() -> jsonschema.Draft202012Validator:
    """The JSON Schema validator of one gold record."""
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _spans(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for layer in ("sentences", "words", "entities"):
        for k, span in enumerate(record.get(layer) or []):
            yield f"{layer}[{k}]", span
    for k, event in enumerate(record.get("events") or []):
        yield f"events[{k}].trigger", event["trigger"]
        for a, argument in enumerate(event["arguments"]):
            yield f"events[{k}].arguments[{a}]", argument


def record_problems(record: Any) -> list[tuple[str, str]]:
    """Every problem of one gold record as ``(field, message)``; empty when it is valid."""
    errors = sorted(gold_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    if errors:
        return [(".".join(map(str, error.absolute_path)) or "record", schema_message(error))
                for error in errors]
    problems = [(key, problem) for key in STRING_FIELDS if (problem := string_problem(key, record.get(key)))]
    text = record["text"]
    for field, span in _spans(record):
        if not (type(span["start"]) is int and type(span["end"]) is int):  # the schema lets 1.0 pass
            problems.append((field, f"offsets must be whole numbers, not {span['start']!r} and "
                                    f"{span['end']!r}"))
        elif not 0 <= span["start"] < span["end"] <= len(text):
            problems.append((field, f"[{span['start']}, {span['end']}) is empty or outside the text "
                                    f"of length {len(text)}"))
        elif "text" in span and text[span["start"]:span["end"]] != span["text"]:
            problems.append((f"{field}.text", f"{span['text']!r} differs from the text at "
                                              f"[{span['start']}, {span['end']}): "
                                              f"{text[span['start']:span['end']]!r}"))
    entities = sorted(((e["start"], e["end"], k) for k, e in enumerate(record["entities"])))
    for (_, end, left), (start, _, right) in zip(entities, entities[1:]):
        if start < end:
            problems.append((f"entities[{right}]", f"overlaps entities[{left}]; the entity layer is flat"))
    for event_id, count in Counter(event["id"] for event in record["events"]).items():
        if count > 1:
            problems.append(("events.id", f"event id {event_id!r} is used {count} times"))
    return problems


def article_from_gold(record: dict[str, Any]) -> Article:
    """The :class:`Article` of a valid gold record (span texts filled in from the offsets)."""
    text = record["text"]

    def spans(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "text": text[item["start"]:item["end"]]} for item in items]

    full = {**record}
    for layer in ("sentences", "words", "entities"):
        if layer in record:
            full[layer] = spans(record[layer])
    full["events"] = [{**event, "trigger": spans([event["trigger"]])[0],
                       "arguments": spans(event["arguments"])} for event in record["events"]]
    full.setdefault("layers_filled", [layer for layer in ("sentences", "words", "entities", "events")
                                      if layer in record])
    return Article.from_dict(full)


def gold_record(article: Article) -> dict[str, Any]:
    """The gold record of an article: :meth:`Article.to_dict` with both entities and events present."""
    record = article.to_dict()
    for layer in ("entities", "events"):
        if layer not in record:
            record[layer] = []
            record["layers_filled"].append(layer)
    return record


def iter_gold(path: str | Path) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed JSON)`` of each non-blank line (split on ``\\n`` only); raises
    :class:`InputFormatError` at a line that is not JSON."""
    return read_jsonl(path)


def read_gold_jsonl(path: str | Path, skips: Skips | None = None) -> list[Article]:
    """Every article of a gold JSONL file (``skips`` is unused: a
    record is read whole or raises).

    Raises:
        CorpusFormatError: naming file, line and field of the first invalid record or duplicate id.
    """
    articles, seen = [], {}
    for number, record in iter_gold(path):
        problems = record_problems(record)
        if problems:
            field, message = problems[0]
            raise CorpusFormatError(message, path=path, line=number, field=field)
        if record["id"] in seen:
            raise CorpusFormatError(f"id {record['id']!r} already used on line {seen[record['id']]}",
                                    path=path, line=number, field="id")
        seen[record["id"]] = number
        articles.append(article_from_gold(record))
    return articles


def write_gold_jsonl(articles: Iterable[Article], path: str | Path) -> int:
    """Write articles as gold JSONL atomically; returns how many were written."""
    lines = [json.dumps(gold_record(article), ensure_ascii=False) + "\n" for article in articles]
    write_file(path, "".join(lines))
    return len(lines)


def validate_gold_file(path: str | Path) -> dict[str, Any]:
    """Check every line of a gold JSONL file; ``problems`` lists ``"FILE:LINE: message (field F)"``.

    Every problem of every line is listed; a line that is not JSON (or not UTF-8) is one problem and
    the check goes on with the next line.

    Returns:
        ``{"path", "records", "entities", "events", "problems"}``.
    """
    summary: dict[str, Any] = {"path": str(path), "records": 0, "entities": 0, "events": 0,
                               "problems": []}
    seen: dict[str, int] = {}
    for number, record in parse_jsonl(path):
        summary["records"] += 1
        if isinstance(record, InputFormatError):  # not JSON: reported, and the next line checked
            summary["problems"].append(str(record))
            continue
        problems = record_problems(record)
        if not problems and record["id"] in seen:
            problems = [("id", f"id {record['id']!r} already used on line {seen[record['id']]}")]
        if not problems:
            seen[record["id"]] = number
            summary["entities"] += len(record["entities"])
            summary["events"] += len(record["events"])
        summary["problems"] += [str(CorpusFormatError(message, path=path, line=number, field=field))
                                for field, message in problems]
    return summary
