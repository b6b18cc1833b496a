from newsnlp.stages.word.pkuseg import PkusegWordStage
from newsnlp.stages.word.train_pkuseg import (
    PkusegTrainingSettings,
    choose_pruning,
    fit,
    model_card,
    segmented_lines,
)

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


def test_fit_logs_dev_f_per_iteration_and_pruning_is_chosen_on_dev(tmp_path):
    records = [record(line) for line in SENTENCES]
    curve = fit(list(segmented_lines(records)) * 3, segmented_lines(records), tmp_path / "raw",
                iterations=2, log_path=tmp_path / "training.log")
    assert len(curve) == 2 and all(0 < f <= 100 for f in curve)
    assert "iter1" in (tmp_path / "training.log").read_text(encoding="utf-8")
    settings = PkusegTrainingSettings(prune_thresholds=[0.0, 1e9], prune_tolerance=0.05)
    pruning = choose_pruning(tmp_path / "raw", tmp_path / "word", records, settings)
    # pruning everything but the bias loses accuracy, so the unpruned model is kept
    assert pruning["chosen"]["threshold"] == 0.0
    assert [r["threshold"] for r in pruning["tried"]] == [0.0, 1e9]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "training.log", "word"]
    stage = PkusegWordStage(tmp_path / "word")
    assert stage.segment("他在北京工作") == [(0, 1), (1, 2), (2, 4), (4, 6)]
    meta = {"name": "m", "backend": "word.pkuseg.v1", "train": ["pd1998:train"], "dev": "pd1998:dev",
            "dev_f_per_iteration": curve, "pruning": pruning, "seed": 13, "train_seconds": 1,
            "size_bytes": 2**20, "scores": {"pd1998:dev": {"word_p": 1.0, "word_r": 1.0, "word_f": 1.0,
                                                             "chars_per_s": 1000.0}}}
    assert "| pd1998:dev | 1.0000 | 1.0000 | 1.0000 | – | 1,000 |" in model_card(meta)
