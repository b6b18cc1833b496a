"""brat standoff: a folder with ``<name>.txt`` (the text) and ``<name>.ann`` per article.

Entities are ``T`` lines labelled with the entity label; an event is a ``T`` trigger labelled with
the event type plus an ``E`` line ``E1<TAB>type:T2 role:T3 …``; an argument reuses the entity ``T``
with the same offsets, else gets a ``T`` labelled ``Argument``. A role repeated within one event is
numbered (``参与者``, ``参与者2``) as brat requires, and the number is stripped on reading.
``<name>.json`` beside them holds the rest (see :mod:`.common`); brat ignores it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from ...doc import Article
from ...errors import CorpusFormatError
from ...io import read_lines
from ...text.files import write_file
from .common import NativeEvent, build_article, split_article

ARGUMENT = "Argument"
_SAFE_NAME = re.compile(r"^[\w.-]{1,100}$")
_BAD_LABEL = re.compile(r"[\s:]")


def _check(label: str) -> str:
    if not label or _BAD_LABEL.search(label):
        raise ValueError(f"brat cannot hold the label/type/role {label!r} (empty, space or colon)")
    return label


def dumps_ann(article: Article) -> tuple[str, dict]:
    """The ``.ann`` text of an article and its ``extra`` (see :mod:`.common`)."""
    entities, events, extra = split_article(article)
    lines: list[str] = []
    handles: dict[tuple[int, int], str] = {}

    def text_bound(start: int, end: int, label: str) -> str:
        handle = f"T{sum(line.startswith('T') for line in lines) + 1}"
        surface = re.sub(r"\s", " ", article.text[start:end])
        lines.append(f"{handle}\t{_check(label)} {start} {end}\t{surface}")
        return handle

    for start, end, label in entities:
        handles[(start, end)] = text_bound(start, end, label)
    for k, event in enumerate(events):
        parts = [f"{_check(event['type'])}:{text_bound(*event['trigger'], event['type'])}"]
        seen: dict[str, int] = {}
        for role, start, end in event["arguments"]:
            seen[role] = seen.get(role, 0) + 1
            handle = handles.get((start, end)) or text_bound(start, end, ARGUMENT)
            parts.append(f"{_check(role)}{seen[role] if seen[role] > 1 else ''}:{handle}")
        lines.append(f"E{k + 1}\t{' '.join(parts)}")
    return "".join(line + "\n" for line in lines), extra


def write_brat(articles: Iterable[Article], folder: str | Path) -> None:
    """Write each article as ``<id>.txt``/``.ann``/``.json`` in ``folder`` (``doc-N`` for unsafe ids)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for k, article in enumerate(articles):
        name = article.id if _SAFE_NAME.match(article.id) else f"doc-{k + 1}"
        ann, extra = dumps_ann(article)
        extra["order"] = k
        write_file(folder / f"{name}.txt", article.text)
        write_file(folder / f"{name}.ann", ann)
        write_file(folder / f"{name}.json", json.dumps(extra, ensure_ascii=False))


def read_ann(text: str, ann_path: Path, extra: dict | None, default_id: str) -> Article:
    """The article of one ``.txt`` text and its ``.ann`` file.

    Raises:
        CorpusFormatError: naming the ``.ann`` line that cannot be read.
    """
    bounds: dict[str, tuple[int, int, str]] = {}
    event_lines: list[tuple[int, str]] = []
    lines = [line for _, line in read_lines(ann_path, encoding="utf-8")]
    for number, line in enumerate(lines, 1):
        try:
            if line.startswith("T"):
                handle, kind, _ = line.split("\t", 2)
                label, offsets = kind.split(" ", 1)
                pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
                bounds[handle] = (min(p[0] for p in pieces), max(p[1] for p in pieces), label)
            elif line.startswith("E"):
                event_lines.append((number, line))
        except ValueError as error:
            raise CorpusFormatError(f"not a brat text-bound line: {error}", path=ann_path, line=number,
                                    field="T") from None
    events: list[NativeEvent] = []
    triggers: set[str] = set()
    for number, line in event_lines:
        try:
            (type_, trigger), *arguments = [part.split(":", 1) for part in line.split("\t")[1].split()]
            roles: list[tuple[str, int, int]] = []
            for role, handle in arguments:
                base = re.sub(r"\d+$", "", role)
                role = base if base != role and any(r == base for r, _, _ in roles) else role
                roles.append((role, *bounds[handle][:2]))
            events.append({"type": type_, "trigger": bounds[trigger][:2], "arguments": roles})
            triggers.add(trigger)
        except (ValueError, KeyError, IndexError) as error:
            raise CorpusFormatError(f"not a brat event line: {error!r}", path=ann_path, line=number,
                                    field="E") from None
    entities = [(start, end, label) for handle, (start, end, label) in bounds.items()
                if handle not in triggers and label != ARGUMENT]
    return build_article(text, entities, events, extra, default_id=default_id)


def read_brat(folder: str | Path) -> list[Article]:
    """The articles of a brat folder (every ``.ann`` with its ``.txt``), in the order written."""
    articles = []
    for ann_path in sorted(Path(folder).glob("*.ann")):
        text = ann_path.with_suffix(".txt").read_text(encoding="utf-8")
        sidecar = ann_path.with_suffix(".json")
        extra = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        order = extra.pop("order", len(articles))
        articles.append((order, read_ann(text, ann_path, extra, ann_path.stem)))
    return [article for _, article in sorted(articles, key=lambda pair: pair[0])]
