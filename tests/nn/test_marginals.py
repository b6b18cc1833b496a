import itertools

import numpy as np

from newsnlp.nn.marginals import crf_marginals


def brute_force(node: np.ndarray, start: np.ndarray, trans: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Marginals by enumerating every tag path of one sequence."""
    length, tags = node.shape
    totals = np.zeros((length, tags))
    for path in itertools.product(range(tags), repeat=length):
        score = start[path[0]] + end[path[-1]] + sum(node[t, y] for t, y in enumerate(path))
        score += sum(trans[a, b] for a, b in zip(path, path[1:]))
        for t, y in enumerate(path):
            totals[t, y] += np.exp(score)
    return totals / totals[0].sum()


def test_marginals_equal_path_enumeration_in_a_padded_batch():
    rng = np.random.default_rng(0)
    tags, lengths = 3, [4, 2, 1]
    node = rng.normal(size=(len(lengths), max(lengths), tags))
    mask = np.arange(max(lengths))[None, :] < np.array(lengths)[:, None]
    start, trans, end = rng.normal(size=tags), rng.normal(size=(tags, tags)), rng.normal(size=tags)
    trans[0, 2] = -1e4  # a forbidden move
    probabilities = crf_marginals(node, mask, start, trans, end)
    for row, length in enumerate(lengths):
        expected = brute_force(node[row, :length], start, trans, end)
        assert np.allclose(probabilities[row, :length], expected)
        assert np.allclose(probabilities[row, :length].sum(axis=1), 1.0)
        assert not probabilities[row, length:].any()
