"""Whether confidences mean what they say: reliability tables, expected calibration error (ECE) and an
isotonic map that turns a model's scores into calibrated probabilities.

A confidence is calibrated when, of all predictions given about 0.7, about 70 % are right. The
reliability table puts predictions into equal-width bins of confidence and compares each bin's mean
confidence with its accuracy; ECE is the mean absolute gap, weighted by the bins' sizes (Guo et al.
2017, "On calibration of modern neural networks"). :func:`fit_isotonic` fits the monotone map from score
to accuracy by pool-adjacent-violators (as scikit-learn's ``IsotonicRegression``), and
:func:`cross_fitted` scores a map on data it was not fitted on.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class IsotonicMap:
    """A non-decreasing piecewise-linear map from score to probability (flat beyond its knots)."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __call__(self, score: float) -> float:
        return float(np.interp(score, self.x, self.y)) if self.x else score

    def to_dict(self) -> dict[str, list[float]]:
        return {"x": [round(v, 6) for v in self.x], "y": [round(v, 6) for v in self.y]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IsotonicMap:
        return cls(tuple(float(v) for v in data["x"]), tuple(float(v) for v in data["y"]))


def fit_isotonic(scores: Sequence[float], correct: Sequence[bool]) -> IsotonicMap:
    """The isotonic (non-decreasing) fit of ``correct`` on ``scores``: one knot per pooled block, at
    the block's mean score and accuracy.

    >>> fit_isotonic([0.1, 0.2, 0.3, 0.9], [False, True, False, True]).y
    (0.0, 0.5, 1.0)
    """
    if not scores:
        return IsotonicMap((), ())
    order = np.argsort(np.asarray(scores, dtype=float), kind="stable")
    blocks: list[list[float]] = []  # [sum of scores, sum of correct, count]
    for i in order:
        blocks.append([float(scores[i]), float(correct[i]), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last)]
    return IsotonicMap(tuple(s / n for s, _, n in blocks), tuple(c / n for _, c, n in blocks))


@dataclass(frozen=True)
class Bin:
    """One bin of a reliability table: confidences in ``[low, high)``."""

    low: float
    high: float
    count: int
    confidence: float  # mean confidence of the predictions in the bin
    accuracy: float    # share of them that are right


def reliability(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[Bin]:
    """The reliability table over ``bins`` equal-width bins of [0, 1] (empty bins left out)."""
    table = []
    values, right = np.asarray(confidences, dtype=float), np.asarray(correct, dtype=float)
    index = np.minimum((values * bins).astype(int), bins - 1)
    for k in range(bins):
        inside = index == k
        if inside.any():
            table.append(Bin(k / bins, (k + 1) / bins, int(inside.sum()), float(values[inside].mean()),
                             float(right[inside].mean())))
    return table


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
                               ) -> float:
    """ECE: the count-weighted mean of ``|accuracy - confidence|`` over the reliability bins.

    >>> expected_calibration_error([0.9, 0.9, 0.2, 0.2], [True, True, False, False])
    0.15
    """
    table = reliability(confidences, correct, bins)
    total = sum(b.count for b in table)
    return round(sum(b.count * abs(b.accuracy - b.confidence) for b in table) / total, 6) if total else 0.0


def cross_fitted(scores: Sequence[float], correct: Sequence[bool], folds: int = 5, seed: int = 13
                 ) -> list[float]:
    """Each score mapped by an isotonic map fitted on the other folds (so a table of the result shows
    how the map calibrates data it has not seen)."""
    fold_of = list(range(len(scores)))
    random.Random(seed).shuffle(fold_of)
    fold = {item: k % folds for k, item in enumerate(fold_of)}
    out = [0.0] * len(scores)
    for k in range(folds):
        rest = [i for i in range(len(scores)) if fold[i] != k]
        calibrate = fit_isotonic([scores[i] for i in rest], [correct[i] for i in rest])
        for i in range(len(scores)):
            if fold[i] == k:
                out[i] = calibrate(scores[i])
    return out
