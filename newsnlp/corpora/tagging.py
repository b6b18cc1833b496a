"""Character tag sequences (BIO, BMES) to and from labelled spans, with format checks."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

# report(index of the offending tag, problem kind, message)
Report = Callable[[int, str, str], None]

SCHEMES = {"BIO": ("B", "I"), "BMES": ("B", "M", "E", "S")}


def _raise(index: int, kind: str, message: str) -> None:
    raise ValueError(f"tag {index}: {kind}: {message}")


def tags_to_spans(tags: Sequence[str], *, scheme: str = "BIO", labels: Collection[str] | None = None,
                  report: Report = _raise) -> list[dict[str, Any]]:
    """Decode a tag sequence into ``{start, end, label}`` spans over tag positions.

    Every malformed tag is passed to ``report`` (which may raise); decoding then repairs it:
    an I-/M-/E- tag that does not continue an entity of its type starts a new one (conlleval
    convention), a BMES entity left open is closed at its last tag, an unknown tag reads as O.

    >>> tags_to_spans(["B-PER", "I-PER", "O", "B-LOC"])
    [{'start': 0, 'end': 2, 'label': 'PER'}, {'start': 3, 'end': 4, 'label': 'LOC'}]
    >>> tags_to_spans(["S-NAME", "B-ORG", "M-ORG", "E-ORG"], scheme="BMES")
    [{'start': 0, 'end': 1, 'label': 'NAME'}, {'start': 1, 'end': 4, 'label': 'ORG'}]
    """
    prefixes = SCHEMES[scheme]
    kind = "bad_bio" if scheme == "BIO" else "bad_bmes"
    spans: list[dict[str, Any]] = []
    open_start, open_label = -1, ""

    def close(end: int) -> None:
        nonlocal open_start
        if open_start >= 0:
            spans.append({"start": open_start, "end": end, "label": open_label})
        open_start = -1

    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if tag != "O" and (prefix not in prefixes or not label
                           or (labels is not None and label not in labels)):
            report(i, "unknown_label", f"unknown tag {tag!r}")
            prefix = "O"
        unfinished = scheme == "BMES" and open_start >= 0
        if prefix == "O":
            if unfinished:
                report(i, kind, f"{tag} follows an unfinished {open_label} entity (no E- tag)")
            close(i)
            continue
        if prefix in ("B", "S"):
            if unfinished:
                report(i, kind, f"{tag} follows an unfinished {open_label} entity (no E- tag)")
            close(i)
            open_start, open_label = i, label
        elif open_start < 0 or label != open_label:
            before = tags[i - 1] if i else "the sentence start"
            report(i, kind, f"{tag} after {before}")
            close(i)
            open_start, open_label = i, label
        if prefix in ("E", "S"):
            close(i + 1)
    if open_start >= 0 and scheme == "BMES":
        report(len(tags) - 1, kind, f"the sentence ends inside an unfinished {open_label} entity")
    close(len(tags))
    return spans


def spans_to_tags(length: int, spans: Sequence[dict[str, Any]], *, scheme: str = "BIO") -> list[str]:
    """Encode non-overlapping ``{start, end, label}`` spans as a tag sequence of ``length``.

    >>> spans_to_tags(4, [{"start": 1, "end": 3, "label": "LOC"}])
    ['O', 'B-LOC', 'I-LOC', 'O']
    """
    tags = ["O"] * length
    for span in spans:
        start, end, label = span["start"], span["end"], span["label"]
        if any(tag != "O" for tag in tags[start:end]):
            raise ValueError(f"span [{start}, {end}) overlaps another span")
        if scheme == "BMES" and end - start == 1:
            tags[start] = f"S-{label}"
            continue
        inside = "I" if scheme == "BIO" else "M"
        tags[start:end] = [f"B-{label}"] + [f"{inside}-{label}"] * (end - start - 1)
        if scheme == "BMES":
            tags[end - 1] = f"E-{label}"
    return tags
