"""The pkuseg trainer: spacy-pkuseg's own iterations on the shared loop, dev through newsnlp.evaluation,
pruning chosen on dev, the model card from the settings used."""

from __future__ import annotations

import contextlib
import io
import json
import random

import numpy as np
import pytest
import srsly

from newsnlp.errors import ConfigError
from newsnlp.stages.word.pkuseg import PkusegWordStage
from newsnlp.stages.word.train_pkuseg import PkusegTrainer, PkusegTrainingSettings, segmented_lines, train

from .conftest import SENTENCES


def record(line: str) -> dict:
    words, start = [], 0
    for word in line.split():
        words.append({"start": start, "end": start + len(word)})
        start += len(word)
    return {"id": line[:4], "text": line.replace(" ", ""), "words": words}


def test_segmented_lines_join_words_with_spaces():
    records = [record("他 在 北京 工作"), {"id": "x", "text": "a b", "words": [{"start": 0, "end": 3}]}]
    assert list(segmented_lines(records)) == ["他 在 北京 工作"]


def test_each_epoch_is_one_of_spacy_pkusegs_own_iterations(tmp_path):
    import spacy_pkuseg

    lines = SENTENCES * 3
    (tmp_path / "train.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    random.seed(13)
    with contextlib.redirect_stdout(io.StringIO()):
        spacy_pkuseg.train(str(tmp_path / "train.txt"), str(tmp_path / "train.txt"), str(tmp_path / "own"),
                           train_iter=2)
    random.seed(13)
    trainer = PkusegTrainer({}, lines, [record(line) for line in SENTENCES])
    losses = [trainer.train_epoch(epoch) for epoch in (1, 2)]
    trainer.write_crf(tmp_path / "loop")
    assert losses[1] < losses[0]
    with np.load(tmp_path / "own" / "weights.npz") as own, np.load(tmp_path / "loop" / "weights.npz") as loop:
        assert np.array_equal(own["w"], loop["w"]) and np.array_equal(own["sizes"], loop["sizes"])
    assert (srsly.read_msgpack(tmp_path / "own" / "features.msgpack")
            == srsly.read_msgpack(tmp_path / "loop" / "features.msgpack"))


def test_a_tiny_model_trained_from_a_words_file(tmp_path):
    """``train`` on a file of space-separated words: the loop's log and card, pruning chosen on dev."""
    data = tmp_path / "words.txt"
    data.write_text("\n".join(SENTENCES * 3) + "\n", encoding="utf-8")
    config = {"pipeline": {"order": ["word"]}, "stages": {"word": {"backend": "word.pkuseg.v1"}},
              "corpora": {"train": str(data), "dev": str(data)},
              "training": {"epochs": 2, "report": [], "prune_thresholds": [0.0, 1e9]}}
    summary = train(config, tmp_path / "model")
    out = tmp_path / "model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "words.txt"]  # no temp folders left
    assert sorted(p.name for p in out.iterdir()) == ["MODEL_CARD.md", "config.cfg", "meta.json",
                                                     "train_log.jsonl", "word"]
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["epoch"] for row in log] == [1, 2] and all(0 < row["dev_f"] <= 1 for row in log)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    # pruning everything but the bias loses accuracy, so the unpruned model is kept; threshold 0 drops
    # only all-zero features, so its dev F is the best epoch's
    assert summary["pruning"]["threshold"] == meta["pruning"]["chosen"]["threshold"] == 0.0
    assert [r["threshold"] for r in meta["pruning"]["tried"]] == [0.0, 1e9]
    assert meta["pruning"]["tried"][0]["dev_f"] == pytest.approx(meta["dev_scores"]["dev_f"])
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert card.startswith("# newsnlp word.pkuseg.v1 word segmenter")
    assert f"train: {data} (words file)" in card and "Seed: 13" in card
    assert f"| dev | dev_f | {meta['dev_scores']['dev_f']:.4f} |" in card and "within ±0.0 dropped" in card
    assert PkusegWordStage(out / "word").segment("他在北京工作") == [(0, 1), (1, 2), (2, 4), (4, 6)]


def test_the_old_iterations_key_is_refused():
    with pytest.raises(ConfigError, match=r"\[training\] iterations: unknown setting; allowed: .*epochs"):
        PkusegTrainingSettings.from_config({"training": {"iterations": 15}})
