"""A tiny spacy-pkuseg model trained on a few hand-segmented sentences (about a second)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

SENTENCES = [
    "中国 人民 银行 今天 发布 了 新 的 货币 政策 。",
    "他 在 北京 工作 了 三 年 。",
    "劳模 们 在 工作室 里 搞 创新 。",
    "记者 从 市 总工会 获悉 ， 职工 生活 品质 不断 提升 。",
    "这 家 企业 的 产品 销往 全国 各地 。",
    "我们 要 坚持 改革 开放 ， 推动 经济 发展 。",
    "工作室 的 劳模 带领 职工 解决 难题 。",
    "新华社 北京 １２月 ３１日 电 。",
]


@pytest.fixture(scope="session")
def tiny_pkuseg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a pkuseg CRF (features.msgpack + weights.npz) trained for 3 iterations."""
    import spacy_pkuseg

    root = tmp_path_factory.mktemp("tiny-pkuseg")
    train = root / "train.txt"
    train.write_text("\n".join(SENTENCES * 4) + "\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        spacy_pkuseg.train(str(train), str(train), str(root / "model"), train_iter=3)
    return root / "model"
