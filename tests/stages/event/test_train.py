"""The event trainer: its dev score is newsnlp.evaluation's trigger and argument F on the taggers' output;
calibration replaces the saved taggers' folder whole."""

from __future__ import annotations

from collections import Counter

import pytest

from newsnlp.stages.event.learned import EventTaggers, spans_from_tags
from newsnlp.stages.event.schema import load_schema
from newsnlp.stages.event.train import (
    EventTrainer,
    EventTrainingSettings,
    Unit,
    calibrate_saved,
    corpus_units,
)

from .conftest import RECORDS


def span_f(trainer: EventTrainer, k: int, gold: list[set]) -> float:
    """The tagger-level F the trainer computed by hand before it scored through newsnlp.evaluation:
    predicted spans (start, end, label) against the gold ones, as sets per item."""
    tagger = (trainer.taggers.trigger, trainer.taggers.argument)[k]
    encoded = [item for item, _ in trainer.data["dev"][k]]
    correct = n_pred = n_gold = 0
    for (tags, _), spans_gold in zip(trainer.taggers.tag_scored(tagger, encoded, softmax=k == 0), gold):
        spans = set(spans_from_tags(tags))
        correct += len(spans & spans_gold)
        n_pred, n_gold = n_pred + len(spans), n_gold + len(spans_gold)
    return 2 * correct / (n_pred + n_gold) if n_pred + n_gold else 0.0


def test_dev_f_through_evaluation_equals_the_span_f_on_the_same_predictions() -> None:
    import torch

    torch.manual_seed(1)
    schema = load_schema("duee")
    units = corpus_units(RECORDS, schema, 0, Counter())
    dev: list[Unit] = units[2:]
    settings = EventTrainingSettings(char_dim=16, bigram_dim=8, hidden=16, dropout=0.0, min_count=1,
                                     lr=0.05, max_chars=400, seed=1)
    trainer = EventTrainer(units[:5], dev, schema, settings, config=None)
    gold = ([set(unit.triggers) for unit in dev],
            [set(arguments) for unit in dev for _, _, arguments in unit.events])
    seen = []
    for epoch in range(1, 5):
        trainer.train_epoch(epoch)
        scores = trainer.evaluate()
        for k, name in enumerate(("trigger", "argument")):
            assert scores[f"dev_{name}_f"] == pytest.approx(span_f(trainer, k, gold[k]), abs=1e-12)
            seen.append(scores[f"dev_{name}_f"])
    # partly right predictions among them, so the comparison is not only of zeros and ones
    assert any(0 < f < 1 for f in seen)


def test_calibration_replaces_the_saved_folder_whole(tmp_path) -> None:
    import json

    import torch

    torch.manual_seed(1)
    schema = load_schema("duee")
    units = corpus_units(RECORDS, schema, 0, Counter())
    settings = EventTrainingSettings(char_dim=8, bigram_dim=4, hidden=8, min_count=1, seed=1)
    trainer = EventTrainer(units, units, schema, settings, config=None)
    trainer.train_epoch(1)
    trainer.best_taggers().save(tmp_path / "model" / "event")
    (tmp_path / "model" / "meta.json").write_text("{}", encoding="utf-8")
    figures = calibrate_saved(tmp_path / "model" / "event", units)
    assert EventTaggers.load(tmp_path / "model" / "event").calibration is not None
    meta = json.loads((tmp_path / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["scores"]["calibration_dev"]["mentions"] == figures["mentions"]
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["MODEL_CARD.md", "event", "meta.json"]


def test_taggers_may_read_word_lexicon_flags_and_keep_them_when_saved(tmp_path) -> None:
    import torch

    torch.manual_seed(1)
    schema = load_schema("duee")
    units = corpus_units(RECORDS, schema, 0, Counter())
    words = tmp_path / "words.txt"
    words.write_text("裁员\n公司\n", encoding="utf-8")
    settings = EventTrainingSettings(char_dim=8, bigram_dim=4, hidden=8, min_count=1, seed=1, lexicon=True,
                                     lexicon_words=[str(words)])
    trainer = EventTrainer(units, units, schema, settings, config=None)
    for tagger in (trainer.taggers.trigger, trainer.taggers.argument):
        assert tagger.settings.lexicon and sorted(tagger.lexicon.words) == ["公司", "裁员"]
    trainer.train_epoch(1)
    trainer.best_taggers().save(tmp_path / "event")
    loaded = EventTaggers.load(tmp_path / "event")
    assert sorted(loaded.trigger.lexicon.words) == ["公司", "裁员"]
    encoded = loaded.encode_trigger("甲公司宣布裁员")
    assert encoded.features[:, :4].tolist()[1:3] == [[1, 0, 0, 0], [0, 0, 1, 0]]  # 公司: begins, ends
