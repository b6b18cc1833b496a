"""One parser per corpus file format: each yields :data:`~newsnlp.corpora.schema.FEATURES` records.

Readers take the file path and a :class:`~newsnlp.corpora.validate.Repairs` and report every format
problem to it (strict: raise; else repair, log and count). Line numbers are 1-based physical lines
(``\\n``-separated, so CRLF files and stray ``\\r`` keep their numbering).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import pd1998
from .schema import record
from .tagging import tags_to_spans
from .validate import Repairs, check_spans, locate

Record = dict[str, Any]

_WEIBO_CHAR = re.compile(r"^(\ufffd\ufffd|.)(\d+)$")  # a lost emoji is two U+FFFD on one line


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` with line ends (``\\n`` and any ``\\r`` before it) removed."""
    with open(path, encoding="utf-8", newline="\n") as stream:
        for number, line in enumerate(stream, 1):
            yield number, line.rstrip("\r\n")


def read_char_tags(path: Path, repairs: Repairs, *, id_prefix: str, sep: str, scheme: str,
                   labels: frozenset[str], weibo: bool = False) -> Iterator[Record]:
    """One character (or Weibo ``char+digit``) and one tag per line, blank line between sentences."""
    chars: list[str] = []
    tags: list[str] = []
    numbers: list[int] = []
    index = 0

    def sentence() -> Record:
        def report(i: int, kind: str, message: str) -> None:
            repairs.problem(kind, message, line=numbers[i], field="tag")

        spans = tags_to_spans(tags, scheme=scheme, labels=labels, report=report)
        offsets = [0]
        for char in chars:
            offsets.append(offsets[-1] + len(char))
        entities = [{"start": offsets[s["start"]], "end": offsets[s["end"]], "label": s["label"]}
                    for s in spans]
        return record(f"{id_prefix}-{index:05d}", "".join(chars), entities=entities)

    for number, line in read_lines(path):
        if not line.strip():
            if chars:
                yield sentence()
                index += 1
                chars, tags, numbers = [], [], []
            continue
        char, found, tag = line.rpartition(sep)
        if weibo and found:
            match = _WEIBO_CHAR.match(char)
            char = match.group(1) if match else ""
        if not found or not char or not tag:
            kind = "tag_on_blank" if found and tag and not char else "bad_line"
            repairs.problem(kind, f"expected 'char{sep!r}tag', got {line!r}", line=number, field="char")
            continue
        chars.append(char)
        tags.append(tag)
        numbers.append(number)
    if chars:
        yield sentence()


def read_segmented(path: Path, repairs: Repairs, *, id_prefix: str) -> Iterator[Record]:
    """SIGHAN gold: one sentence per line, words separated by spaces; words carry no POS."""
    index = 0
    for _, line in read_lines(path):
        words = [word for word in line.split(" ") if word]
        if not words:
            continue
        spans, offset = [], 0
        for word in words:
            spans.append({"start": offset, "end": offset + len(word), "pos": None})
            offset += len(word)
        yield record(f"{id_prefix}-{index:05d}", "".join(words), words=spans)
        index += 1


def read_pd1998(path: Path, repairs: Repairs) -> Iterator[Record]:
    """People's Daily 1998: words with POS and derived entities (see :mod:`.pd1998`)."""
    for number, line in read_lines(path):
        if line.strip():
            paragraph = pd1998.parse_line(line, repairs, number)
            if paragraph is not None:
                yield pd1998.to_record(paragraph)


def read_cluener(path: Path, repairs: Repairs, *, id_prefix: str,
                 labels: frozenset[str]) -> Iterator[Record]:
    """CLUENER: concatenated (pretty-printed) JSON objects, spans ``[start, end_inclusive]``."""
    content = path.read_text(encoding="utf-8")
    decoder, position, line, index = json.JSONDecoder(), 0, 1, 0
    while True:
        skipped = len(content[position:]) - len(content[position:].lstrip())
        line += content.count("\n", position, position + skipped)
        position += skipped
        if position >= len(content):
            return
        try:
            item, end = decoder.raw_decode(content, position)
        except json.JSONDecodeError as error:
            repairs.problem("bad_line", f"invalid JSON: {error.msg}", line=line, field="record")
            return  # the rest of the file cannot be resynchronised
        text, spans = item.get("text", ""), []
        for label, mentions in (item.get("label") or {}).items():
            for mention, places in mentions.items():
                for start, last in places:
                    spans.append(_checked_surface(text, mention, start, last + 1, repairs, line,
                                                  f"label.{label}", label=label))
        entities = check_spans([s for s in spans if s], text, repairs, line=line, field="label",
                               labels=labels)
        yield record(f"{id_prefix}-{item.get('id', index)}", text, entities=entities)
        line += content.count("\n", position, end)
        position, index = end, index + 1


def _checked_surface(text: str, surface: str, start: int, end: int, repairs: Repairs,
                     line: int, field: str, **extra: Any) -> dict[str, Any] | None:
    """The span ``[start, end)`` if ``text`` there is ``surface``; else report and relocate/drop."""
    if not 0 <= start < end <= len(text):
        repairs.problem("offset_outside", f"{surface!r} at [{start}, {end}) is outside the text of "
                        f"length {len(text)}", line=line, field=field)
        return None
    if text[start:end] == surface:
        return {"start": start, "end": end, **extra}
    repairs.problem("text_mismatch", f"{surface!r} is not at [{start}, {end}) of the text (found "
                    f"{text[start:end]!r})", line=line, field=field)
    moved = locate(text, surface, start)
    return None if moved is None else {"start": moved, "end": moved + len(surface), **extra}


def read_duee(path: Path, repairs: Repairs, *, roles: dict[str, frozenset[str]]) -> Iterator[Record]:
    """DuEE 1.0 JSON lines; ``roles`` maps each schema event type to its roles."""
    for number, line in read_lines(path):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            repairs.problem("bad_line", f"invalid JSON: {error.msg}", line=number, field="record")
            continue
        text, events = item["text"], []
        for k, event in enumerate(item.get("event_list") or []):
            field = f"event_list[{k}]"
            if event["event_type"] not in roles:
                repairs.problem("unknown_label", f"event type {event['event_type']!r} is not in the "
                                "schema", line=number, field=f"{field}.event_type")
                continue
            start = event["trigger_start_index"]
            trigger = _checked_surface(text, event["trigger"], start, start + len(event["trigger"]),
                                       repairs, number, f"{field}.trigger")
            if trigger is None:
                continue
            arguments = []
            for a, argument in enumerate(event.get("arguments") or []):
                where = f"{field}.arguments[{a}]"
                if argument["role"] not in roles[event["event_type"]]:
                    repairs.problem("unknown_label", f"role {argument['role']!r} is not a role of "
                                    f"{event['event_type']}", line=number, field=f"{where}.role")
                    continue
                start = argument["argument_start_index"]
                span = _checked_surface(text, argument["argument"], start,
                                        start + len(argument["argument"]), repairs, number,
                                        f"{where}.argument", role=argument["role"])
                if span is not None:
                    arguments.append(span)
            events.append({"type": event["event_type"], "trigger": trigger, "arguments": arguments})
        yield record(item["id"], text, events=events)


def read_duee_schema(path: Path) -> dict[str, frozenset[str]]:
    """Event type -> its roles, from ``duee_event_schema.json``."""
    schema = {}
    for _, line in read_lines(path):
        if line.strip():
            item = json.loads(line)
            schema[item["event_type"]] = frozenset(role["role"] for role in item["role_list"])
    return schema
