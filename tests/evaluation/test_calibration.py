"""Reliability tables, ECE and the isotonic map."""

from __future__ import annotations

import random

from newsnlp.evaluation.calibration import (
    IsotonicMap,
    cross_fitted,
    expected_calibration_error,
    fit_isotonic,
    reliability,
)


def test_isotonic_fit_is_monotone_and_matches_block_accuracy() -> None:
    calibrate = fit_isotonic([0.1, 0.2, 0.3, 0.9], [False, True, False, True])
    assert calibrate.x == (0.1, 0.25, 0.9) and calibrate.y == (0.0, 0.5, 1.0)
    assert calibrate(0.0) == 0.0 and calibrate(1.0) == 1.0 and 0.0 < calibrate(0.2) < 0.5
    assert fit_isotonic([], [])(0.3) == 0.3  # an empty map leaves scores alone


def test_map_round_trips_through_a_dict() -> None:
    calibrate = IsotonicMap((0.2, 0.8), (0.1, 0.9))
    assert IsotonicMap.from_dict(calibrate.to_dict()) == calibrate


def test_reliability_bins_and_ece() -> None:
    table = reliability([0.05, 0.95, 0.95, 1.0], [False, True, False, True], bins=10)
    assert [(b.low, b.count) for b in table] == [(0.0, 1), (0.9, 3)]
    assert abs(table[1].accuracy - 2 / 3) < 1e-9
    assert expected_calibration_error([0.9, 0.9, 0.2, 0.2], [True, True, False, False]) == 0.15
    assert expected_calibration_error([], []) == 0.0


def test_calibration_repairs_overconfident_scores() -> None:
    rng = random.Random(0)
    truth = [rng.random() for _ in range(4000)]  # the real probability of each prediction
    correct = [rng.random() < p for p in truth]
    scores = [p ** 0.3 for p in truth]  # overconfident: every score above its probability
    mapped = cross_fitted(scores, correct)
    assert expected_calibration_error(scores, correct) > 0.15
    assert expected_calibration_error(mapped, correct) < 0.04
