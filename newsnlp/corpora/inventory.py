"""What the shared corpora hold: per-split counts, statistics and repair counts (for ``newsnlp corpora``)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..errors import CorpusNotFoundError
from . import readers
from .gold import NAMED_SETS
from .validate import Repairs


def split_stats(name: str, split: str, *, labels: str = "original") -> dict[str, Any]:
    """Counts of one split of a corpus, read with ``strict=False`` (repairs are counted, not raised),
    or of a named annotated set (``broad``, ``gold``: :data:`~.gold.NAMED_SETS`, validated on reading,
    so nothing is repaired; ``labels`` does not apply).

    Returns:
        ``{"records", "chars", "max_chars", "words", "word_types", "entities", "entity_labels",
        "events", "arguments", "event_types", "repairs"}``; label and type counts are dicts.
    """
    if name in NAMED_SETS:
        return {**record_stats(readers.load_split(f"{name}:{split}")),
                "repairs": {"path": ", ".join(map(str, NAMED_SETS[name])), "lines": 0, "problems": {}}}
    repairs = Repairs(readers.split_path(name, split), strict=False)
    stats = record_stats(_quiet(readers.iter_records(name, split, repairs, labels=labels)))
    return {**stats, "repairs": repairs.summary()}


def record_stats(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The counts of :func:`split_stats` (all but ``repairs``) over schema records."""
    stats: dict[str, Any] = {"records": 0, "chars": 0, "max_chars": 0, "words": 0, "entities": 0,
                             "events": 0, "arguments": 0}
    entity_labels: Counter[str] = Counter()
    event_types: Counter[str] = Counter()
    word_types: set[str] = set()
    for item in records:
        text = item["text"]
        stats["records"] += 1
        stats["chars"] += len(text)
        stats["max_chars"] = max(stats["max_chars"], len(text))
        stats["words"] += len(item["words"])
        word_types.update(text[w["start"]:w["end"]] for w in item["words"])
        entity_labels.update(e["label"] for e in item["entities"])
        event_types.update(e["type"] for e in item["events"])
        stats["arguments"] += sum(len(e["arguments"]) for e in item["events"])
    stats.update(entities=sum(entity_labels.values()), events=sum(event_types.values()),
                 word_types=len(word_types), entity_labels=dict(sorted(entity_labels.items())),
                 event_types=dict(event_types.most_common()))
    return stats


def _quiet(records: Any) -> Any:
    """Iterate with the per-line repair warnings muted: callers report the counts instead."""
    logger = logging.getLogger("newsnlp.corpora.validate")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield from records
    finally:
        logger.setLevel(level)


def list_corpora() -> list[dict[str, Any]]:
    """Every known corpus: ``{"name", "found", "about", "original_labels", "splits": {split: stats}}``.

    A missing corpus gets ``found: False`` and ``missing`` (what was expected where).
    """
    listing = []
    for name, spec in readers.CORPORA.items():
        entry: dict[str, Any] = {"name": name, "about": spec.description,
                                 "original_labels": list(spec.labels), "splits": {}}
        try:
            entry["splits"] = {split: split_stats(name, split) for split in spec.files}
            entry["found"] = True
        except CorpusNotFoundError as error:
            entry.update(found=False, missing=str(error))
        listing.append(entry)
    for name in readers.RAW_TEXT:
        try:
            lines = chars = 0
            for line in readers.iter_raw_text(name):
                lines, chars = lines + 1, chars + len(line)
            listing.append({"name": name, "found": True, "about": "raw text, one paragraph or "
                            "article per line", "splits": {"all": {"records": lines, "chars": chars}}})
        except CorpusNotFoundError as error:
            listing.append({"name": name, "found": False, "missing": str(error), "splits": {}})
    return listing


def validate_corpus(name: str) -> list[dict[str, Any]]:
    """Repair counts of every file of corpus ``name``: ``[{"path", "records", "lines", "problems"}]``.

    ``lines`` is how many lines of the file need repair; ``problems`` counts them by kind.
    """
    spec = readers.corpus_spec(name)
    summaries, done = [], set()
    for split in spec.files:
        path = readers.split_path(name, split)
        if path in done:
            continue
        done.add(path)
        repairs = Repairs(path, strict=False)
        records = sum(1 for _ in readers.iter_records(name, split, repairs, labels="original",
                                                      carve=False))
        summaries.append({**repairs.summary(), "records": records})
    return summaries
