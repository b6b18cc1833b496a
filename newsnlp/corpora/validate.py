"""Corpus format checks: every problem either raises :class:`CorpusFormatError` or is repaired loudly.

Readers report each problem to a :class:`Repairs` object. With ``strict=True`` (the default) the first
problem raises an error naming file, line and field; with ``strict=False`` the reader applies the
documented repair, the problem is logged as a warning and counted, and the caller gets the counts
(:meth:`Repairs.summary`) so nothing is repaired silently.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import CorpusFormatError

logger = logging.getLogger(__name__)

# kind -> what the reader does about it under strict=False
REPAIRS = {
    "bad_line": "line dropped",
    "tag_on_blank": "line dropped",
    "bad_bio": "entity started at the stray I- tag (conlleval convention)",
    "bad_bmes": "entity closed at the last well-formed tag, or started at the stray tag",
    "unknown_label": "tag read as O / span or event dropped",
    "offset_outside": "span dropped",
    "text_mismatch": "span moved to the nearest occurrence of its text, else dropped",
    "overlap": "the later (or, at the same start, shorter) span dropped",
}


class Repairs:
    """Collects the format problems of one file: raises when strict, else logs and counts them."""

    def __init__(self, path: str | Path, *, strict: bool = True) -> None:
        self.path, self.strict = str(path), strict
        self.kinds: Counter[str] = Counter()
        self.lines: set[int] = set()

    def problem(self, kind: str, message: str, *, line: int | None, field: str | None = None) -> None:
        """Report one problem of ``kind`` (a key of :data:`REPAIRS`) at ``line`` of the file.

        Raises:
            CorpusFormatError: when strict.
        """
        if self.strict:
            raise CorpusFormatError(f"{kind}: {message}; pass strict=False to repair "
                                    f"({REPAIRS[kind]})", path=self.path, line=line, field=field)
        logger.warning("%s:%s: %s: %s (field %r); repaired: %s", self.path, line, kind, message,
                       field, REPAIRS[kind])
        self.kinds[kind] += 1
        if line is not None:
            self.lines.add(line)

    def summary(self) -> dict[str, Any]:
        """``{"path", "lines", "problems": {kind: count}}``: ``lines`` is how many lines needed repair."""
        return {"path": self.path, "lines": len(self.lines), "problems": dict(sorted(self.kinds.items()))}


def check_spans(spans: list[dict[str, Any]], text: str, repairs: Repairs, *, line: int | None,
                field: str, labels: frozenset[str] | None = None,
                flat: bool = True) -> list[dict[str, Any]]:
    """Check ``{start, end, label?}`` spans against ``text``; return them sorted, repaired if allowed.

    Checks that offsets lie inside the text, labels are known (when ``labels`` is given) and, for a
    flat layer, that no two spans overlap.
    """
    kept = []
    for span in spans:
        if not 0 <= span["start"] < span["end"] <= len(text):
            repairs.problem("offset_outside", f"span [{span['start']}, {span['end']}) is outside the "
                            f"text of length {len(text)}", line=line, field=field)
        elif labels is not None and span.get("label") not in labels:
            repairs.problem("unknown_label", f"label {span.get('label')!r} is not one of "
                            f"{sorted(labels)}", line=line, field=field)
        else:
            kept.append(span)
    kept.sort(key=lambda s: (s["start"], -s["end"]))
    if not flat:
        return kept
    flat_spans: list[dict[str, Any]] = []
    for span in kept:
        if flat_spans and span["start"] < flat_spans[-1]["end"]:
            previous = flat_spans[-1]
            repairs.problem("overlap", f"span [{span['start']}, {span['end']}) {span.get('label')} "
                            f"overlaps [{previous['start']}, {previous['end']}) {previous.get('label')}",
                            line=line, field=field)
            continue
        flat_spans.append(span)
    return flat_spans


def locate(text: str, surface: str, start: int) -> int | None:
    """The start of the occurrence of ``surface`` in ``text`` nearest to ``start``, or None."""
    starts, at = [], text.find(surface)
    while at >= 0 and surface:
        starts.append(at)
        at = text.find(surface, at + 1)
    return min(starts, key=lambda s: abs(s - start)) if starts else None
