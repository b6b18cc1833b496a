"""The broad news corpus: drawing documents (dates, cuts, strata, quotas) and checking annotators' files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsnlp.corpora import broad
from newsnlp.corpora.broad import Candidate
from newsnlp.errors import InputFormatError

CATEGORIES = {"sports": {"keywords": ["比赛", "冠军"]}, "health": {"keywords": ["医院", "疫苗"]}}


def test_broadcast_dates_come_from_day_marks_and_the_position_in_the_file() -> None:
    lines = ["标题", "央视网消息（新闻联播）：今天（1月2日）开始。", "正文", "今天（1月2日）结束。",
             "无日期", "昨天（1月3日）下雪。", "今天（12月30日）回顾。"]
    dated = broad.broadcast_dates(lines, date(2023, 12, 30), date(2024, 1, 10))
    assert dated[1] == ("2024-01-02", "text")  # the year that puts the mark nearest its position
    assert dated[2] == ("2024-01-02", "inferred")  # between two marks of the same day
    assert dated[0] == (None, None) and dated[4] == (None, None)
    assert dated[5] == ("2024-01-04", "text")  # 昨天 names the day before the broadcast
    assert dated[6] == (None, None)  # a mark that would go back in time is dropped


def test_passages_are_a_headline_and_paragraphs_cut_at_a_sentence_end(monkeypatch) -> None:
    monkeypatch.setattr(broad, "MIN_CHARS", 10)
    monkeypatch.setattr(broad, "MAX_CHARS", 30)
    body = "央视网消息（新闻联播）：今天（3月5日）大会开幕。代表们审议报告。还有更多的内容在后面。"
    lines = ["大会开幕", body, "第二条", "央视网消息（新闻联播）：无日期的消息。"]
    found = list(broad.xinwenlianbo_candidates("xinwenlianbo", lines))
    assert len(found) == 1  # the undated second item is not drawn
    passage = found[0]
    # line 2 of 4 lies about a third into the file's 2022-09-24 … 2026-08-22: early 2024
    assert (passage.first, passage.last, passage.date) == (1, 2, "2024-03-05")
    assert passage.text == "大会开幕\n央视网消息（新闻联播）：今天（3月5日）大会开幕。"
    assert passage.id == "xwlb-000001"


def test_cnews_articles_are_cut_and_undated(monkeypatch) -> None:
    monkeypatch.setattr(broad, "MIN_CHARS", 5)
    monkeypatch.setattr(broad, "MAX_CHARS", 12)
    lines = ["球队夺得冠军。比赛结束了。后面还有", "没有句号的一行文字很长很长很长"]
    found = list(broad.cnews_candidates(lines))
    assert [(c.id, c.text, c.date) for c in found] == [("cnews-000001", "球队夺得冠军。", None)]


def test_stratum_is_the_category_with_most_keywords() -> None:
    assert broad.stratum("医院开打疫苗，比赛暂停", CATEGORIES) == ("health", 2)
    assert broad.stratum("今天天气好", CATEGORIES) == (None, 0)
    assert broad.overlaps("甲" * 3 + "一二三四五六七八九十一二三四五", {"一二三四五六七八九十一二三四五"})


def _pool(count: int) -> list[Candidate]:
    texts = ["比赛冠军", "医院疫苗"]
    return [Candidate("cnews", n, n, 4, texts[n % 2], None, None) for n in range(1, count + 1)]


def test_select_fills_every_quota_once_in_balanced_batches(monkeypatch) -> None:
    for name, value in (("TEST_PER_CATEGORY", 2), ("TRAIN_DEV_PER_CATEGORY", 6), ("BATCH_SIZE", 4),
                        ("DOUBLE_ANNOTATED", 4)):
        monkeypatch.setattr(broad, name, value)
    documents = broad.select(_pool(40), CATEGORIES, seed=1)
    assert len(documents) == 16 and len({d["id"] for d in documents}) == 16
    test = [d for d in documents if d["split"] == "test"]
    assert [d["stratum"] for d in test] == ["sports", "health", "sports", "health"]
    assert {d["batch"] for d in test} == {"test-01"} and all(d["passes"] == 2 for d in test)
    rest = [d for d in documents if d["split"] != "test"]
    assert [d["passes"] for d in rest] == [2] * 4 + [1] * 8
    assert [d["batch"] for d in rest] == ["tv-01"] * 4 + ["tv-02"] * 4 + ["tv-03"] * 4
    assert broad.select(_pool(40), CATEGORIES, seed=1) == documents  # reproducible from the seed
    with pytest.raises(InputFormatError, match="fewer than the 8 needed"):
        broad.select(_pool(10), CATEGORIES, seed=1)


TASKS = [{"id": "d1", "text": "临江市发生地震，3人死亡。", "date": "2025-06-06", "kind": "passage",
          "split": "test"},
         {"id": "d2", "text": "无事。", "date": None, "kind": "article", "split": "test"}]
GOOD = [{"id": "d1", "category": "disaster_accident",
         "entities": [{"text": "临江市", "label": "LOC"}, {"text": "3人", "label": "QUANTITY"}],
         "events": [{"type": "earthquake", "trigger": {"text": "地震"}, "main": True,
                     "arguments": [{"role": "place", "text": "临江市"},
                                   {"role": "dead_count", "text": "3人"}]}]},
        {"id": "d2", "category": "society", "entities": [], "events": []}]


def _files(tmp_path: Path, records: list[dict]) -> Path:
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "test-01.jsonl").write_text(
        "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in TASKS), encoding="utf-8")
    path = tmp_path / "test-01.a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_check_pass_anchors_a_good_file(tmp_path) -> None:
    gold = broad.check_pass(_files(tmp_path, GOOD), tmp_path / "tasks")
    assert [g["meta"]["category"] for g in gold] == ["disaster_accident", "society"]
    dead = gold[0]["events"][0]["arguments"][1]
    assert dead == {"role": "dead_count", "start": 8, "end": 10, "text": "3人"}


def _changed(change) -> list[dict]:
    records = json.loads(json.dumps(GOOD))
    change(records)
    return records


@pytest.mark.parametrize("change, message", [
    (lambda r: r[0].update(category="weather"), "category 'weather'"),
    (lambda r: r[0]["events"][0].update(type="quake"), "unknown event type 'quake'"),
    (lambda r: r[0]["events"][0]["arguments"].append({"role": "winner", "text": "临江市"}),
     "role 'winner' is not a role of 'earthquake'"),
    (lambda r: r[0]["events"][0]["arguments"].append({"role": "time", "text": "临江市"}), "needs a value"),
    (lambda r: r[0]["events"][0]["arguments"][0].update(value={"iso": "2025"}), "only time arguments"),
    (lambda r: r[0]["events"][0].pop("main"), "mark one event main"),
    (lambda r: r.reverse(), "in its order"),
])
def test_check_pass_names_the_line_and_field_of_a_problem(tmp_path, change, message) -> None:
    with pytest.raises(InputFormatError, match=message):
        broad.check_pass(_files(tmp_path, _changed(change)), tmp_path / "tasks")


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus root with a two-article cnews file, its documents.jsonl (test + train) and task files."""
    raw = tmp_path / "corpora" / "raw" / "cnews_sample"
    raw.mkdir(parents=True)
    (raw / "cnews_sample.txt").write_text(TASKS[0]["text"] + "\n" + TASKS[1]["text"] + "\n", encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path / "corpora"))
    documents = [{"id": task["id"], "kind": "article", "corpus": "cnews", "record": {"lines": [n, n]},
                  "start": 0, "end": len(task["text"]), "sha256": broad.sha256_text(task["text"]),
                  "date": task["date"], "split": split, "batch": "test-01"}
                 for n, (task, split) in enumerate(zip(TASKS, ("test", "train")), 1)]
    broad.write_jsonl(documents, tmp_path / "documents.jsonl")
    broad.write_batches(tmp_path / "documents.jsonl", tmp_path / "tasks")
    (tmp_path / "passes").mkdir()
    (tmp_path / "adjudicated").mkdir()
    return tmp_path


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_differences_list_what_the_passes_disagree_on(corpus) -> None:
    other = _changed(lambda r: (r[0].update(category="society"), r[0]["entities"].pop(),
                                r[0]["events"][0]["arguments"].pop()))
    _write(corpus / "passes" / "test-01.a.jsonl", GOOD)
    _write(corpus / "passes" / "test-01.b.jsonl", other)
    lines = list(broad.differences("test-01", corpus / "passes", corpus / "tasks"))
    assert lines == ["## d1", "category: A disaster_accident | B society", "entity A only: 3人@0 QUANTITY",
                     "argument A only: earthquake:地震@0 dead_count=3人@0"]


def test_build_writes_standoff_passes_gold_and_silver(corpus) -> None:
    from newsnlp.corpora.gold import load_gold

    _write(corpus / "passes" / "test-01.a.jsonl", GOOD)
    _write(corpus / "passes" / "test-01.b.jsonl", GOOD)
    _write(corpus / "adjudicated" / "test-01.jsonl", GOOD[:1] + [{**GOOD[1], "category": "health"}])
    written = broad.build(corpus / "documents.jsonl", corpus / "passes", corpus / "adjudicated",
                          corpus / "tasks", corpus / "out")
    assert written == {"pass_a": 2, "pass_b": 2, "gold": 2, "silver": 0}
    stored = (corpus / "out" / "gold.jsonl").read_text(encoding="utf-8")
    assert "临江市" not in stored and '"sha256"' in stored  # standoff: no corpus text
    gold = load_gold("all", corpus / "out" / "gold.jsonl")
    assert [a.meta["category"] for a in gold] == ["disaster_accident", "health"]
    assert gold[0].events[0].arguments[1].text == "3人"
    (corpus / "adjudicated" / "test-01.jsonl").unlink()
    written = broad.build(corpus / "documents.jsonl", corpus / "passes", corpus / "adjudicated",
                          corpus / "tasks", corpus / "out")
    assert written["silver"] == 1  # the train document, from pass a; test documents are never silver
    assert [a.id for a in load_gold("train", corpus / "out" / "silver.jsonl")] == ["d2"]


@pytest.mark.parametrize("change, message", [
    (lambda r: r[0]["events"][0]["arguments"].append(
        {"role": "time", "text": "临江市", "value": "yesterday"}), "not of type 'object'"),
    (lambda r: r[0]["events"][0]["arguments"].append(
        {"role": "time", "text": "临江市", "value": {"iso": "soon"}}), "is not {\"iso\""),
    (lambda r: r[0]["events"][0]["arguments"].append({"role": "magnitude", "text": "临江市"}),
     "role 'magnitude' takes \\['QUANTITY', 'SPAN'\\], not an entity labelled LOC"),
    (lambda r: r[0].update(category=["x"]), "category \\['x'\\]"),
])
def test_check_pass_refuses_bad_values_fillers_and_categories(tmp_path, change, message) -> None:
    with pytest.raises(InputFormatError, match=message):
        broad.check_pass(_files(tmp_path, _changed(change)), tmp_path / "tasks")


def test_check_pass_names_the_file_line_after_a_blank_line(tmp_path) -> None:
    path = _files(tmp_path, _changed(lambda r: r[1].update(category="weather")))
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0], "", *lines[1:]]), encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"test-01\.a\.jsonl:3:"):
        broad.check_pass(path, tmp_path / "tasks")


def test_the_command_line_prints_one_line_errors(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit, match="no task file"):
        broad.main(["check", str(_files(tmp_path, GOOD).rename(tmp_path / "nobatch.a.jsonl"))])
