"""The adjudicated gold set: stored format (no corpus text), validation, splits, counts, round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsnlp.corpora import load_split
from newsnlp.corpora.annotation import anchor_annotations
from newsnlp.corpora.gold import (
    GOLD_PATH,
    STANDOFF_KEYS,
    annotated_article,
    gold_record,
    load_gold,
    validate_gold,
)
from newsnlp.corpora.paths import corpora_root
from newsnlp.errors import CorpusFormatError, CorpusNotFoundError, InputFormatError

REPO = GOLD_PATH.parents[2]


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


LINES = _records(GOLD_PATH)
# the figures reported in corpora/gold/README.md
REPORTED = {"dev": (63, 607, 185), "test": (61, 574, 198), "all": (124, 1181, 383)}
SAMPLE_PAGE = re.compile(r"^wd2025")


def _corpora_available() -> bool:
    try:
        corpora_root()
    except CorpusNotFoundError:
        return False
    return True


needs_corpora = pytest.mark.skipif(not _corpora_available(), reason="needs ../shared/corpora")


@pytest.fixture(scope="module")
def gold() -> list:
    return load_gold("all")


@pytest.mark.parametrize("path", [GOLD_PATH, *sorted((GOLD_PATH.parent / "agreement").glob("pass_*.jsonl"))],
                         ids=lambda path: path.name)
def test_no_corpus_text_is_stored(path):
    for record in _records(path):
        if SAMPLE_PAGE.match(record["id"]):
            assert record["text"] and all("text" in e for e in record["entities"])
            continue
        assert "text" not in record, record["id"]
        assert set(STANDOFF_KEYS) <= set(record), record["id"]
        spans = record["entities"] + [s for e in record["events"] for s in (e["trigger"], *e["arguments"])]
        assert all("text" not in span for span in spans), record["id"]
        # not a single Chinese character: no surface string, title or note can leak corpus text
        assert not re.search(r"[\u4e00-\u9fff]", json.dumps(record, ensure_ascii=False)), record["id"]


def test_ids_are_unique_and_sample_page_is_split_in_half():
    assert len({r["id"] for r in LINES}) == len(LINES)
    page = [r["meta"]["split"] for r in LINES if SAMPLE_PAGE.match(r["id"])]
    assert sorted(page) == ["dev"] * 5 + ["test"] * 5


@needs_corpora
def test_splits_and_counts_match_the_readme(gold):
    for split, (documents, entities, events) in REPORTED.items():
        articles = gold if split == "all" else load_gold(split)
        assert all(split in ("all", a.meta["split"]) for a in articles)
        assert len(articles) >= documents
        assert sum(len(a.entities) for a in articles) >= entities
        assert sum(len(a.events) for a in articles) >= events
    # issue 4: at least 50 documents, 1,000 entities and 200 events
    assert len(gold) >= 50 and sum(len(a.entities) for a in gold) >= 1000
    assert sum(len(a.events) for a in gold) >= 200


@needs_corpora
def test_gold_is_valid_against_the_schema_and_guidelines(gold):
    schema = yaml.safe_load((REPO / "newsnlp" / "schemas" / "news.yaml").read_text(encoding="utf-8"))
    for article in gold:
        article.check_offsets()
        spans = sorted((e.start, e.end) for e in article.entities)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), article.id  # flat layer
        clusters, main = article.meta["event_cluster"], article.meta["main_event"]
        assert set(clusters) == {event.id for event in article.events}
        assert (main in clusters) if article.events else main is None
        for event in article.events:
            roles = schema["event_types"][event.type]["roles"]
            for argument in event.arguments:
                assert argument.role in roles, (article.id, event.type, argument.role)
                assert (argument.role == "time") == (argument.value is not None)
                if argument.value and argument.value["iso"] is not None:
                    assert re.fullmatch(r"[\dX.\-/]+", argument.value["iso"]), argument.value


@needs_corpora
def test_round_trip_rebuilds_every_stored_record(gold):
    assert [a.id for a in gold] == [r["id"] for r in LINES]
    for article, record in zip(gold, LINES):
        reference = {key: record[key] for key in STANDOFF_KEYS} if "corpus" in record else None
        assert gold_record(article, reference) == record


@needs_corpora
def test_first_sample_page_article_is_the_worked_example(gold):
    article = gold[0]
    assert article.id == "wd20251125-01" and article.meta["split"] == "dev"
    main = next(e for e in article.events if e.id == article.meta["main_event"])
    assert (main.type, main.trigger.text) == ("found_org", "落地")
    guide = [a.text for a in main.arguments if a.role == "guide"]
    assert guide == ["无锡市总工会"]
    assert [a.value for a in main.arguments if a.role == "time"] == [
        {"iso": "2025-11-18/2025-11-25", "approx": True}]


@needs_corpora
def test_load_split_serves_the_gold_with_time_values(gold):
    test = load_split("gold:test")
    assert len(test) == sum(r["meta"]["split"] == "test" for r in LINES)
    values = [a["value"] for row in test for e in row["events"] for a in e["arguments"]]
    by_hand = [a.value for x in gold if x.meta["split"] == "test" for e in x.events for a in e.arguments]
    assert [v and v["iso"] for v in values] == [v and v["iso"] for v in by_hand]


@needs_corpora
def test_validate_counts_the_whole_file():
    summary = validate_gold(GOLD_PATH)
    assert summary["problems"] == []
    assert summary["records"] == len(LINES)
    assert summary["entities"] >= REPORTED["all"][1] and summary["events"] >= REPORTED["all"][2]


def test_unknown_split_is_refused():
    with pytest.raises(InputFormatError, match="unknown gold split"):
        load_gold("training")


@needs_corpora
def test_bad_offsets_and_changed_corpus_text_name_file_and_line(tmp_path):
    page, standoff = LINES[0], next(r for r in LINES if "corpus" in r)
    broken = json.loads(json.dumps(page))
    broken["entities"][0]["end"] = len(page["text"]) + 5
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (standoff, broken)) + "\n",
                    encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"gold\.jsonl:2.*entities\[0\]"):
        load_gold("all", path)
    problems = validate_gold(path)["problems"]
    assert problems and all("gold.jsonl:2:" in problem for problem in problems)  # the overlap too
    assert re.search(r"outside the text.*entities\[0\]", problems[0])
    changed = {**standoff, "sha256": "0" * 64}
    path.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="sha256"):
        load_gold("all", path)


def test_annotated_article_orders_events_and_names_clusters():
    text = "临江市总启动行动\n今天（6月6日），临江市总工会启动行动，全年组织培训100场。"
    anchored = anchor_annotations(text, {"id": "x", "entities": [{"text": "6月6日", "label": "TIME"}],
                                         "events": [
        {"type": "training", "trigger": {"text": "培训"}},
        {"type": "launch", "trigger": {"text": "启动", "occurrence": 1}, "cluster": "k", "main": True,
         "arguments": [{"role": "time", "text": "6月6日", "value": {"iso": "2025-06-06"}}]},
        {"type": "launch", "trigger": {"text": "启动"}, "cluster": "k"}]})
    document = {"id": "x", "text": text, "kind": "passage", "split": "test", "corpus": "xinwenlianbo",
                "date": "2025-06-06"}
    article = annotated_article(anchored, document)
    assert [(e.id, e.type, e.trigger.start) for e in article.events] == [
        ("x-e1", "launch", 4), ("x-e2", "launch", 24), ("x-e3", "training", 33)]
    assert article.meta == {"split": "test", "origin": "xinwenlianbo", "main_event": "x-e2",
                            "event_cluster": {"x-e1": "c1", "x-e2": "c1", "x-e3": "c2"}}
    assert article.kind == "article" and article.events[1].arguments[0].value == {"iso": "2025-06-06"}
    record = gold_record(article, {key: 0 for key in STANDOFF_KEYS})
    assert "text" not in record and record["events"][1]["arguments"][0] == {
        "role": "time", "start": 12, "end": 16, "value": {"iso": "2025-06-06"}}


def test_add_events_upgrades_a_stored_gold_file(tmp_path):
    from newsnlp.corpora.gold import add_events

    text = "临江市发生地震。临江市总工会召开会议。"
    documents = tmp_path / "documents.jsonl"
    documents.write_text(json.dumps({"id": "d", "text": text, "split": "dev"}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    stored = {"id": "d", "text": text, "meta": {"split": "dev", "event_cluster": {"d-e1": "c1"},
                                                "main_event": "d-e1"},
              "entities": [], "events": [{"id": "d-e1", "type": "meeting", "arguments": [],
                                          "trigger": {"start": 14, "end": 16, "text": "召开"}}]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(stored, ensure_ascii=False) + "\n", encoding="utf-8")
    additions = tmp_path / "additions.jsonl"
    quake = {"type": "earthquake", "trigger": {"text": "地震"},
             "arguments": [{"role": "place", "text": "临江市"}]}
    additions.write_text(json.dumps({"id": "d", "events": [quake]}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    assert add_events(additions, documents, gold) == (1, 0)
    [article] = load_gold("dev", gold)
    assert [(e.id, e.type, e.trigger.text) for e in article.events] == [
        ("d-e1", "meeting", "召开"), ("d-v2e1", "earthquake", "地震")]
    assert article.events[1].arguments[0].text == "临江市" and article.meta["main_event"] == "d-e1"
    assert article.meta["event_cluster"]["d-v2e1"] != article.meta["event_cluster"]["d-e1"]
