"""Bootstrap intervals and the paired comparison: seeded, equal to a plain loop, sensible."""

from collections import Counter

import numpy as np
import pytest

from newsnlp.evaluation.bootstrap import bootstrap_intervals, paired_bootstrap, resample_weights
from newsnlp.evaluation.counts import prf, sum_counts


def precision_recall(sums):
    p, r, f = prf(sums["correct"], sums["pred"], sums["gold"])
    return {"p": p, "r": r, "f": f}


DOCS = [Counter(correct=c, pred=p, gold=g)
        for c, p, g in [(3, 4, 5), (0, 2, 1), (5, 5, 6), (1, 3, 3), (2, 2, 4), (0, 0, 2), (4, 6, 4)]]


def test_intervals_equal_a_plain_resampling_loop():
    n_boot, seed = 200, 7
    intervals = bootstrap_intervals(DOCS, precision_recall, n_boot=n_boot, seed=seed)
    weights = resample_weights(len(DOCS), n_boot, seed)
    samples = {"p": [], "r": [], "f": []}
    for row in weights:
        drawn = [doc for doc, times in zip(DOCS, row) for _ in range(int(times))]
        for name, value in precision_recall(sum_counts(drawn)).items():
            samples[name].append(value)
    for name, values in samples.items():
        assert intervals[name] == pytest.approx(tuple(np.percentile(values, [2.5, 97.5])))


def test_intervals_are_seeded_and_bracket_the_estimate():
    first = bootstrap_intervals(DOCS, precision_recall, n_boot=300, seed=1)
    assert first == bootstrap_intervals(DOCS, precision_recall, n_boot=300, seed=1)
    assert first != bootstrap_intervals(DOCS, precision_recall, n_boot=300, seed=2)
    point = precision_recall(sum_counts(DOCS))
    for name, (low, high) in first.items():
        assert 0.0 <= low <= point[name] <= high <= 1.0
    narrow = bootstrap_intervals(DOCS * 20, precision_recall, n_boot=300, seed=1)
    assert narrow["f"][1] - narrow["f"][0] < first["f"][1] - first["f"][0]


def test_no_documents_no_intervals():
    assert bootstrap_intervals([], precision_recall) == {}
    assert bootstrap_intervals(DOCS, precision_recall, n_boot=0) == {}


def test_every_resample_draws_as_many_documents_as_there_are():
    weights = resample_weights(5, 100, seed=0)
    assert weights.shape == (100, 5) and set(weights.sum(axis=1)) == {5.0}


def test_paired_bootstrap_of_a_system_with_itself_finds_no_difference():
    result = paired_bootstrap(DOCS, DOCS, precision_recall, ["f"], n_boot=100)["f"]
    assert (result["delta"], result["low"], result["high"], result["p_value"]) == (0.0, 0.0, 0.0, 1.0)


def test_paired_bootstrap_sees_a_consistent_improvement():
    better = [Counter(correct=d["correct"] + 1, pred=d["pred"] + 1, gold=d["gold"]) for d in DOCS]
    result = paired_bootstrap(better, DOCS, precision_recall, ["r", "p"], n_boot=500, seed=3)
    assert result["r"]["delta"] > 0 and result["r"]["low"] > 0 and result["r"]["p_value"] == 0.0
    reverse = paired_bootstrap(DOCS, better, precision_recall, ["r"], n_boot=500, seed=3)["r"]
    assert reverse["delta"] == -result["r"]["delta"] and reverse["high"] < 0


def test_paired_bootstrap_p_value_is_the_share_of_resamples_against_the_observed_sign():
    # A wins one document, loses another: about half the resamples go each way
    a = [Counter(correct=1, gold=1), Counter(gold=1), Counter(correct=1, gold=1), Counter(gold=1)]
    b = [Counter(gold=1), Counter(correct=1, gold=1), Counter(correct=1, gold=1), Counter(gold=1)]
    a.append(Counter(correct=1, gold=1))
    b.append(Counter(gold=1))
    result = paired_bootstrap(a, b, precision_recall, ["r"], n_boot=2000, seed=0)["r"]
    assert result["delta"] == pytest.approx(0.2)
    assert 0.05 < result["p_value"] < 0.5
    assert result["low"] < 0 < result["high"]


def test_paired_bootstrap_needs_the_same_documents():
    with pytest.raises(ValueError, match="same documents"):
        paired_bootstrap(DOCS, DOCS[:2], precision_recall, ["f"])
