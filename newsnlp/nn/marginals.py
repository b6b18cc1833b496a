"""Per-position tag probabilities of a linear-chain CRF (forward-backward in numpy).

Used where several taggers vote per character (``word.ensemble.v1``): each member's scores become
probabilities over its own tag paths, which can be averaged whatever the members' scales.
"""

from __future__ import annotations

import numpy as np


def crf_marginals(node: np.ndarray, mask: np.ndarray, start: np.ndarray, trans: np.ndarray,
                  end: np.ndarray) -> np.ndarray:
    """``P(tag at position t)`` for every sequence of a padded batch.

    Args:
        node: ``(batch, length, tags)`` node scores; mask: ``(batch, length)`` bool, prefixes true.
        start, trans, end: the CRF's start ``(tags,)``, transition ``(from, to)`` and end scores;
            forbidden moves may be large negative numbers (not ``-inf``).

    Returns:
        ``(batch, length, tags)`` probabilities; padded positions are 0.

    >>> p = crf_marginals(np.zeros((1, 2, 2)), np.ones((1, 2), bool), np.zeros(2), np.zeros((2, 2)),
    ...                   np.zeros(2))
    >>> p.round(2).tolist()
    [[[0.5, 0.5], [0.5, 0.5]]]
    """
    batch, length, _ = node.shape
    lengths = mask.sum(axis=1)
    if length == 0 or not lengths.any():
        return np.zeros_like(node)
    alpha = np.empty_like(node)
    beta = np.zeros_like(node)
    alpha[:, 0] = start + node[:, 0]
    for t in range(1, length):
        alpha[:, t] = np.logaddexp.reduce(alpha[:, t - 1, :, None] + trans, axis=1) + node[:, t]
    rows, last = np.arange(batch), np.maximum(lengths - 1, 0)  # an empty row is all padding
    beta[rows, last] = end
    for t in range(length - 2, -1, -1):
        inside = (t < lengths - 1)[:, None]
        step = np.logaddexp.reduce(trans + (node[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where(inside, step, beta[:, t])
    total = np.logaddexp.reduce(alpha[rows, last] + end, axis=1)
    return np.exp(np.where(mask[:, :, None], alpha + beta - total[:, None, None], -np.inf))
