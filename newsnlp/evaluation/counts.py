"""Shared arithmetic of the scorers: safe ratios, P/R/F, summed counts (evaluation layer).

Every scorer reduces a document pair to a :class:`~collections.Counter` of counts; a figure is a
function of the counts summed over documents. The same figure function serves the point estimate
(sums are floats) and the bootstrap (sums are arrays with one entry per resample).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Number = float | np.ndarray
FigureFunction = Callable[[Mapping[str, Number]], dict[str, Number]]

CONTEXT_CHARS = 20


class Sums(dict):
    """Counts summed over documents; a count no document had is 0."""

    def __missing__(self, key: str) -> float:
        return 0.0


def ratio(numerator: Number, denominator: Number) -> Number:
    """``numerator / denominator``, 0 where the denominator is 0 (the seqeval/nervaluate convention).

    >>> ratio(1, 4), ratio(3, 0)
    (0.25, 0.0)
    """
    num, den = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    out = np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)
    return float(out) if out.ndim == 0 else out


def f_score(precision: Number, recall: Number) -> Number:
    """The harmonic mean ``2PR / (P + R)``, 0 when both are 0."""
    return ratio(2 * precision * recall, precision + recall)


def prf(correct: Number, predicted: Number, gold: Number) -> tuple[Number, Number, Number]:
    """Precision, recall and F1 from the number correct, predicted and in the gold.

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    precision, recall = ratio(correct, predicted), ratio(correct, gold)
    return precision, recall, f_score(precision, recall)


def add_prf(figures: dict[str, Number], name: str, correct: Number, predicted: Number,
            gold: Number, suffix: str = "") -> None:
    """Store ``{name}_p``, ``{name}_r`` and ``{name}_f`` (plus ``suffix``, e.g. ``[PER]``)."""
    for letter, value in zip("prf", prf(correct, predicted, gold)):
        figures[f"{name}_{letter}{suffix}"] = value


def total(counter: Counter) -> int:
    """The number of items in a multiset."""
    return sum(counter.values())


def sum_counts(doc_counts: Iterable[Counter]) -> Sums:
    """Counts summed over documents."""
    sums = Sums()
    for counts in doc_counts:
        for key, value in counts.items():
            sums[key] = sums.get(key, 0.0) + value
    return sums


def labels_in(sums: Mapping[str, Any], prefix: str) -> list[str]:
    """The sorted labels ``L`` of count keys ``{prefix}[L]``."""
    return sorted({key[len(prefix) + 1:-1] for key in sums
                   if key.startswith(prefix + "[") and key.endswith("]")})


def spread(items: Sequence[Any], n: int) -> list[Any]:
    """At most ``n`` of ``items``, evenly spread over the list (examples from every part of a corpus).

    >>> spread(list(range(10)), 3)
    [0, 3, 6]
    """
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> dict[str, Any]:
    """The span ``[start, end)`` of ``text`` with ``width`` characters of context on each side."""
    return {"start": start, "end": end, "text": text[start:end],
            "left": text[max(0, start - width):start], "right": text[end:end + width]}


@dataclass
class LayerScores:
    """One layer scored: per-document counts, how figures follow from their sums, report tables.

    ``details`` holds JSON-ready tables (per-label counts, confusion, error examples); ``headline``
    names the figures a report leads with.
    """

    layer: str
    doc_counts: list[Counter]
    figure_function: FigureFunction
    headline: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        """Every figure of this layer over all documents."""
        return {name: float(value)
                for name, value in self.figure_function(sum_counts(self.doc_counts)).items()}
