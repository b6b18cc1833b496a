"""The learned taggers: tag helpers, a tiny model trained here, save/load, mapping onto the news schema."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from newsnlp.doc import Article
from newsnlp.errors import ConfigError
from newsnlp.stages.event.learned import (
    EventTaggers,
    LearnedEventStage,
    argument_features,
    make_learned,
    slot_tags,
    spans_from_tags,
    trigger_tags,
    windows,
)
from newsnlp.stages.event.schema import load_schema
from newsnlp.stages.event.train import (
    EventTrainer,
    EventTrainingSettings,
    corpus_units,
    in_schema,
    to_article,
)

from .conftest import RECORDS


def test_tag_helpers() -> None:
    assert trigger_tags(["a", "b"]) == ["O", "B-a", "I-a", "B-b", "I-b"]
    assert slot_tags(2) == ["O", "B-0", "I-0", "B-1", "I-1"]
    assert spans_from_tags(["B-0", "I-0", "I-1", "O", "I-0"]) == [(0, 2, "0"), (2, 3, "1"), (4, 5, "0")]
    assert windows(5, 2) == [(0, 2), (2, 4), (4, 5)] and windows(0) == [(0, 0)]
    features = argument_features(4, (1, 3), 2, 3)
    assert features.shape == (4, 4)
    assert features[:, 0].tolist() == [0, 1, 1, 0] and features[:, 3].tolist() == [1, 1, 1, 1]
    assert features[:, 1:3].sum() == 0


@pytest.fixture(scope="module")
def taggers(tmp_path_factory: pytest.TempPathFactory) -> EventTaggers:
    """A tiny model fitted on the invented records (a few seconds on one thread)."""
    import torch

    torch.manual_seed(1)
    settings = EventTrainingSettings(char_dim=16, bigram_dim=8, hidden=16, dropout=0.0, min_count=1,
                                     lr=0.1, max_chars=400, seed=1)
    units = corpus_units(RECORDS, load_schema("duee"), 0, Counter())
    trainer = EventTrainer(units, units, load_schema("duee"), settings, config=None)
    losses = [trainer.train_epoch(epoch) for epoch in range(1, 13)]
    scores = trainer.evaluate()
    assert losses[-1] < losses[0] / 5
    assert scores["dev_trigger_f"] == 1.0 and scores["dev_argument_f"] > 0.8
    path = tmp_path_factory.mktemp("event-model")
    trainer.best_taggers().save(path)
    return EventTaggers.load(path)


def test_trained_tiny_model_finds_events_with_roles(taggers: EventTaggers) -> None:
    [[mention]] = taggers.predict(["甲公司宣布裁员300人"])
    assert (mention.type, mention.start, mention.end) == ("组织关系-裁员", 5, 7)
    assert 0 < mention.score <= 1
    assert {(a.role, a.start, a.end) for a in mention.arguments} == {("裁员方", 0, 3), ("裁员人数", 7, 11)}
    # only the DuEE types asked for
    assert taggers.predict(["甲公司宣布裁员300人"], frozenset({"组织行为-开幕"})) == [[]]


@pytest.mark.parametrize("schema, types", [("news@1", {"launch"}), ("news", {"launch", "layoffs"})])
def test_stage_maps_duee_events_onto_the_news_schema(taggers: EventTaggers, annotate, schema, types) -> None:
    article = LearnedEventStage(taggers, load_schema(schema))(
        annotate("技能大赛在南宁开幕。甲公司宣布裁员300人。", [("南宁", "LOC", 0)]))
    # 开幕 maps onto launch; 裁员 onto layoffs in version 2 and onto nothing in version 1
    assert {event.type for event in article.events} == types
    [launch] = [event for event in article.events if event.type == "launch"]
    assert launch.trigger.text == "开幕"
    assert sorted((a.role, a.text) for a in launch.arguments) == [("object", "技能大赛"), ("place", "南宁")]
    article.check_offsets()


def test_articles_tagged_together_get_the_events_they_get_alone(taggers: EventTaggers, annotate) -> None:
    stage = LearnedEventStage(taggers, load_schema("news"))
    texts = ["技能大赛在南宁开幕。甲公司宣布裁员300人。", "甲公司宣布裁员300人", "", "技能大赛开幕。"]
    together = stage.call_many([annotate(text, []) for text in texts])
    alone = [stage(annotate(text, [])) for text in texts]
    assert [a.events for a in together] == [a.events for a in alone]
    assert all(a.events for a in together[:2]) and not together[2].events


def test_duee_schema_output_is_scored_as_is(taggers: EventTaggers) -> None:
    from newsnlp.evaluation.event import score_events

    stage = LearnedEventStage(taggers, load_schema("duee"))
    pairs = [(to_article(r), stage(Article(r["id"], r["text"]))) for r in RECORDS]
    figures = score_events(pairs).figures()
    assert figures["trigger_f"] == 1.0 and figures["duee_f"] > 0.8


def test_factory_needs_a_model_dir() -> None:
    from newsnlp.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError):
        make_learned()


def test_features_are_float32() -> None:
    assert argument_features(2, (0, 1), 0, 1).dtype == np.float32


def test_shipped_model_on_int8_weights_reads_the_sentence_too() -> None:
    from pathlib import Path

    model = Path(__file__).resolve().parents[3] / "models" / "event-news" / "event"
    [event] = make_learned(model_dir=model, int8=True)(Article("x", "某科技公司宣布裁员500人")).events
    assert (event.type, event.trigger.text) == ("layoffs", "裁员")


def test_shipped_model_reads_an_invented_sentence_in_news_and_duee_types() -> None:
    from pathlib import Path

    model = Path(__file__).resolve().parents[3] / "models" / "event-news" / "event"
    [event] = make_learned(model_dir=model)(Article("x", "某科技公司宣布裁员500人")).events
    assert (event.type, event.trigger.text) == ("layoffs", "裁员")
    assert ("count", "500人") in [(a.role, a.text) for a in event.arguments]
    assert 0.5 < event.confidence <= 1  # calibrated on the broad corpus's dev split
    [duee] = make_learned(model_dir=model, schema="duee")(Article("x", "某科技公司宣布裁员500人")).events
    assert (duee.type, duee.trigger.text) == ("组织关系-裁员", "裁员")
    assert ("裁员人数", "500人") in [(a.role, a.text) for a in duee.arguments]


def test_duee_records_are_mapped_and_cut_into_sentences() -> None:
    news = load_schema("news")
    counts: Counter = Counter()
    [record] = in_schema([RECORDS[0]], news, "duee:train", counts)
    assert record["events"][0]["type"] == "layoffs"
    assert [a["role"] for a in record["events"][0]["arguments"]] == ["agent", "count"]
    # the same sentence after another one, its agent moved into the first sentence (which drops it)
    shifted = {**record, "text": "技能大赛在南宁开幕。" + RECORDS[0]["text"], "events": [{
        "type": "layoffs", "trigger": {"start": 15, "end": 17},
        "arguments": [{"role": "agent", "start": 0, "end": 4}, {"role": "count", "start": 17, "end": 21}]}]}
    units = corpus_units([shifted], news, 1, counts)
    assert [u.text for u in units] == ["技能大赛在南宁开幕。", RECORDS[0]["text"]]
    assert units[0].events == [] and units[1].triggers == [(5, 7, "layoffs")]
    assert units[1].events[0][2] == [(7, 11, "2")]  # count, the third role of layoffs
    assert counts["arguments outside their trigger's sentence"] == 1
    assert units[1].convention == 1


def test_a_model_of_one_schema_cannot_fill_another(taggers: EventTaggers) -> None:
    from dataclasses import replace

    news_taggers = replace(taggers, schema=load_schema("news"))
    LearnedEventStage(news_taggers, load_schema("news@1"))  # versions of one schema: shared types
    other = replace(load_schema("news@1"), name="labour")
    with pytest.raises(ConfigError, match="trained on schema 'news@2'"):
        LearnedEventStage(news_taggers, other)


def test_news_mentions_map_back_onto_duee() -> None:
    from newsnlp.stages.event.stage import Mention, MentionArgument, map_to_schema

    news, duee = load_schema("news"), load_schema("duee")
    layoffs = Mention("layoffs", 5, 7, 0.9, (MentionArgument("agent", 0, 3), MentionArgument("count", 7, 11)))
    mentions = [layoffs, Mention("meeting", 0, 2, 0.9)]  # meeting has no DuEE type
    [mapped] = map_to_schema(Article("x", "甲公司宣布裁员300人"), mentions, duee, news)
    assert mapped.type == "组织关系-裁员"
    assert [(a.role, a.start) for a in mapped.arguments] == [("裁员方", 0), ("裁员人数", 7)]


def test_calibration_is_fitted_on_dev_and_saved(taggers: EventTaggers, tmp_path) -> None:
    from dataclasses import replace

    from newsnlp.stages.event.train import calibrate

    taggers = replace(taggers)  # the fixture stays uncalibrated for the other tests
    units = corpus_units(RECORDS, load_schema("duee"), 0, Counter())
    figures = calibrate(taggers, units)
    # the tiny model gets every training mention right: each calibrated score is 1
    assert figures["mentions"] == len(RECORDS) and figures["ece_calibrated_cross_fitted"] == 0.0
    assert taggers.calibration is not None and set(taggers.calibration.y) == {1.0}
    taggers.save(tmp_path)
    loaded = EventTaggers.load(tmp_path)
    assert loaded.calibration.to_dict() == taggers.calibration.to_dict()
    [[mention]] = loaded.predict([RECORDS[0]["text"]])
    assert mention.score == 1.0


def test_a_malformed_calibration_is_refused(taggers: EventTaggers, tmp_path) -> None:
    import json

    from newsnlp.errors import ModelNotFoundError

    taggers.save(tmp_path)
    meta = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    (tmp_path / "events.json").write_text(json.dumps({**meta, "calibration": {"x": [0.1]}}), encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="field calibration"):
        EventTaggers.load(tmp_path)
