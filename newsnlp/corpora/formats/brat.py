"""brat standoff: a folder with ``<name>.txt`` (the text) and ``<name>.ann`` per article.

Entities are ``T`` lines labelled with the entity label; an event is a ``T`` trigger labelled with
the event type plus an ``E`` line ``E1<TAB>type:T2 role:T3 …``; an argument reuses the entity ``T``
with the same offsets, else gets a ``T`` labelled ``Argument``. A role repeated within one event is
numbered (``参与者``, ``参与者2``) as brat requires, and the number is stripped on reading.
``<name>.json`` beside them holds the rest (see :mod:`.common`); brat ignores it. The
``annotation.conf`` brat needs is generated from an event schema (:mod:`.tool_configs`).

Reading checks each ``T`` line's text against the ``.txt``. What no newsnlp layer holds is skipped and
counted (:class:`~.common.Skips`): relations (``R``), attributes (``A``, ``M``), normalisations
(``N``), notes (``#``), equivalences (``*``), discontinuous spans, event arguments that are events,
``Argument`` spans no event uses and overlapping entities.
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
from .common import NativeEvent, Place, Skips, build_article, count_unused, keep_flat, split_article

ARGUMENT = "Argument"
# the brat annotation kinds no newsnlp layer holds, by their id's first character
UNHELD = {"R": "relation", "A": "attribute", "M": "attribute", "N": "normalisation", "#": "note",
          "*": "equivalence"}
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


def _text_bound(line: str, text: str, place: Place) -> tuple[str, tuple[int, int, str]] | None:
    """``(handle, (start, end, label))`` of a ``T`` line; ``None`` (counted) for a discontinuous span."""
    try:
        handle, kind, surface = line.split("\t", 2)
        label, offsets = kind.split(" ", 1)
        pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
        if any(len(piece) != 2 for piece in pieces):
            raise ValueError(f"offsets {offsets!r}")
    except ValueError as error:
        raise place.error(f"not a brat text-bound line ID<TAB>TYPE START END<TAB>TEXT: {error}",
                          "T") from None
    if len(pieces) > 1:
        place.skip("brat discontinuous span", handle)
        return None
    ((start, end),) = pieces
    if not 0 <= start < end <= len(text) or re.sub(r"\s", " ", text[start:end]) != surface:
        raise place.error(f"{surface!r} is not the text at [{start}, {end}) of the .txt file "
                          f"({text[start:end]!r})", f"{handle}.text")
    return handle, (start, end, label)


def _event(line: str, bounds: dict[str, tuple[int, int, str]],
           place: Place) -> tuple[str, NativeEvent, set[str]]:
    """``(trigger handle, event, argument handles)`` of an ``E`` line; arguments that are events are
    skipped (counted)."""
    try:
        handle, body = line.split("\t", 1)[:2]
        (type_, trigger), *arguments = [part.split(":", 1) for part in body.split()]
        if trigger not in bounds:
            raise ValueError(f"trigger {trigger!r} is no text-bound annotation")
    except ValueError as error:
        raise place.error(f"not a brat event line ID<TAB>TYPE:TRIGGER ROLE:ID …: {error}", "E") from None
    roles: list[tuple[str, int, int]] = []
    handles = set()
    for role, argument in arguments:
        if argument.startswith("E"):
            place.skip("brat event argument that is an event", f"{handle}.{role}")
            continue
        if argument not in bounds:
            raise place.error(f"argument {argument!r} is no text-bound annotation", f"{handle}.{role}")
        base = re.sub(r"\d+$", "", role)
        role = base if base != role and any(r == base for r, _, _ in roles) else role
        roles.append((role, *bounds[argument][:2]))
        handles.add(argument)
    return trigger, {"type": type_, "trigger": bounds[trigger][:2], "arguments": roles}, handles


def read_ann(text: str, ann_path: Path, extra: dict | None, default_id: str, skips: Skips) -> Article:
    """The article of one ``.txt`` text and its ``.ann`` file.

    Raises:
        CorpusFormatError: naming the ``.ann`` line that cannot be read.
    """
    bounds: dict[str, tuple[int, int, str]] = {}
    event_lines: list[tuple[int, str]] = []
    for number, line in read_lines(ann_path, encoding="utf-8"):
        place = Place(ann_path, number, skips)
        if line.startswith("T"):
            if found := _text_bound(line, text, place):
                bounds[found[0]] = found[1]
        elif line.startswith("E"):
            event_lines.append((number, line))
        elif line[:1] in UNHELD:
            place.skip(f"brat {line[0]} line ({UNHELD[line[0]]})", line.split("\t", 1)[0])
        elif line.strip():
            raise place.error(f"not a brat annotation line: {line[:40]!r}", "id")
    events: list[NativeEvent] = []
    triggers: set[str] = set()
    arguments: set[str] = set()
    for number, line in event_lines:
        trigger, event, handles = _event(line, bounds, Place(ann_path, number, skips))
        events.append(event)
        triggers.add(trigger)
        arguments |= handles
    place = Place(ann_path, None, skips)
    count_unused({handle: handle for handle, (_, _, label) in bounds.items() if label == ARGUMENT}, arguments,
                 f"brat {ARGUMENT} span that no event line uses", place)
    entities = [(start, end, label, handle) for handle, (start, end, label) in bounds.items()
                if handle not in triggers and label != ARGUMENT]
    return build_article(text, keep_flat(entities, place), events, extra, default_id=default_id)


def read_brat(folder: str | Path, skips: Skips | None = None) -> list[Article]:
    """The articles of a brat folder (every ``.ann`` with its ``.txt``), in the order written; what no
    layer holds goes to ``skips`` (default: strict).

    Raises:
        CorpusFormatError: no such folder, no ``.ann`` file in it, a ``.txt`` missing, a bad line.
    """
    skips = skips if skips is not None else Skips(strict=True)
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFormatError("no such folder (brat reads a folder of .txt and .ann files)", path=folder)
    ann_paths = sorted(folder.glob("*.ann"))
    if not ann_paths:
        raise CorpusFormatError("no .ann file in this folder", path=folder)
    articles = []
    for ann_path in ann_paths:
        txt_path = ann_path.with_suffix(".txt")
        if not txt_path.is_file():
            raise CorpusFormatError(f"{ann_path.name} has no {txt_path.name} beside it", path=txt_path)
        text = txt_path.read_text(encoding="utf-8")
        sidecar = ann_path.with_suffix(".json")
        extra = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        order = extra.pop("order", len(articles))
        articles.append((order, read_ann(text, ann_path, extra, ann_path.stem, skips)))
    return [article for _, article in sorted(articles, key=lambda pair: pair[0])]
