"""Confidence intervals and system comparisons by resampling documents (evaluation layer).

Documents are drawn with replacement (a seeded ``numpy`` generator), every resample's counts are
summed, and each figure is recomputed from the sums, so intervals respect that figures are ratios of
sums, not means of per-document scores. Intervals are percentile intervals. The paired bootstrap
scores two systems on the very same resamples (Koehn 2004; Berg-Kirkpatrick et al. 2012).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .counts import FigureFunction, Sums, sum_counts

LEVEL = 0.95


def resample_weights(n_docs: int, n_boot: int, seed: int) -> np.ndarray:
    """How many times each document is drawn in each resample: an ``n_boot × n_docs`` array.

    >>> resample_weights(3, 2, seed=0).sum(axis=1)
    array([3., 3.])
    """
    if n_docs == 0:
        return np.zeros((n_boot, 0))
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_docs, np.full(n_docs, 1 / n_docs), size=n_boot).astype(float)


def resampled_figures(doc_counts: Sequence[Counter], figure_function: FigureFunction,
                      weights: np.ndarray) -> dict[str, np.ndarray]:
    """Every figure on every resample: ``{name: array of n_boot values}``."""
    keys = sorted(set().union(*doc_counts))
    matrix = np.array([[counts.get(key, 0.0) for key in keys] for counts in doc_counts],
                      dtype=float).reshape(len(doc_counts), len(keys))
    sums = Sums(zip(keys, (weights @ matrix).T))
    n_boot = weights.shape[0]
    return {name: np.broadcast_to(np.asarray(value, dtype=float), (n_boot,))
            for name, value in figure_function(sums).items()}


def _percentiles(values: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_intervals(doc_counts: Sequence[Counter], figure_function: FigureFunction, *,
                        n_boot: int = 1000, seed: int = 0,
                        level: float = LEVEL) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals over documents for every figure (none without documents).

    Two documents with one right of two predictions each: every resample has precision 0.5.

    >>> from collections import Counter
    >>> from newsnlp.evaluation.counts import ratio
    >>> docs = [Counter(correct=1, pred=2), Counter(correct=1, pred=2)]
    >>> bootstrap_intervals(docs, lambda s: {"p": ratio(s["correct"], s["pred"])}, n_boot=50)
    {'p': (0.5, 0.5)}
    """
    if not doc_counts or n_boot <= 0:
        return {}
    samples = resampled_figures(doc_counts, figure_function,
                                resample_weights(len(doc_counts), n_boot, seed))
    return {name: _percentiles(values, level) for name, values in samples.items()}


def paired_bootstrap(counts_a: Sequence[Counter], counts_b: Sequence[Counter],
                     figure_function: FigureFunction, names: Sequence[str], *, n_boot: int = 1000,
                     seed: int = 0, level: float = LEVEL) -> dict[str, dict[str, float]]:
    """Compare system A with system B on the same gold documents (paired bootstrap).

    Args:
        counts_a, counts_b: per-document counts of A and of B, for the same documents in order.
        figure_function: turns summed counts into figures.
        names: the figures to compare.

    Returns:
        Per figure: ``a``, ``b``, ``delta`` (A − B), the interval ``low``/``high`` of the delta and
        ``p_value``: the share of resamples in which the delta does not have the observed sign (1
        when the observed delta is 0). A delta whose interval excludes 0 is significant at ``level``.

    A finds the one entity of each of three documents, B finds none: A is better on every resample.

    >>> from collections import Counter
    >>> from newsnlp.evaluation.counts import ratio
    >>> recall = lambda s: {"r": ratio(s["correct"], s["gold"])}
    >>> a = [Counter(correct=1, gold=1)] * 3
    >>> b = [Counter(gold=1)] * 3
    >>> paired_bootstrap(a, b, recall, ["r"], n_boot=100)["r"]
    {'a': 1.0, 'b': 0.0, 'delta': 1.0, 'low': 1.0, 'high': 1.0, 'p_value': 0.0}
    """
    if len(counts_a) != len(counts_b):
        raise ValueError(f"paired bootstrap needs the same documents: {len(counts_a)} vs "
                         f"{len(counts_b)}")
    observed_a, observed_b = figure_function(sum_counts(counts_a)), figure_function(sum_counts(counts_b))
    weights = resample_weights(len(counts_a), n_boot, seed)
    samples_a = resampled_figures(counts_a, figure_function, weights) if counts_a else {}
    samples_b = resampled_figures(counts_b, figure_function, weights) if counts_b else {}
    result = {}
    for name in names:
        a, b = float(observed_a.get(name, 0.0)), float(observed_b.get(name, 0.0))
        delta = a - b
        entry = {"a": a, "b": b, "delta": delta, "low": delta, "high": delta, "p_value": 1.0}
        if name in samples_a and name in samples_b and n_boot > 0:
            deltas = samples_a[name] - samples_b[name]
            entry["low"], entry["high"] = _percentiles(deltas, level)
            if delta != 0:
                entry["p_value"] = float(np.mean(deltas <= 0) if delta > 0 else np.mean(deltas >= 0))
        result[name] = entry
    return result
