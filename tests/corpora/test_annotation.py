"""Tests for gold-set preparation: standoff resolution and anchoring of annotators' mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsnlp.corpora.annotation import anchor_annotations, anchor_file, materialise, sha256_text, write_tasks
from newsnlp.doc import Article
from newsnlp.errors import CorpusFormatError, InputFormatError

REPO = Path(__file__).resolve().parents[2]
RAW = ["标题一", "第一段：全国总工会今天启动行动。", "标题二", "第二段。"]
DUEE = [{"id": "a1", "text": "5月8日，培训班在兰州举行。"}, {"id": "b2", "text": "签约仪式在湖州举行。"}]


@pytest.fixture()
def corpus_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    raw = tmp_path / "corpora" / "raw" / "xinwenlianbo"
    raw.mkdir(parents=True)
    (raw / "xinwenlianbo_20220924-20260822.txt").write_text("\n".join(RAW) + "\n", encoding="utf-8")
    events = tmp_path / "corpora" / "events" / "duee1.0"
    events.mkdir(parents=True)
    (events / "duee_test1.json").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in DUEE), encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path / "corpora"))
    return tmp_path / "corpora"


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _standoff(tmp_path: Path, **changes: object) -> Path:
    passage = "标题一\n第一段：全国总工会今天启动行动。"
    records = [
        {"id": "inline", "text": "本报讯 正文", "split": "dev"},
        {"id": "x", "corpus": "xinwenlianbo", "record": {"lines": [1, 2]}, "start": 0,
         "end": len(passage), "sha256": sha256_text(passage), "split": "test"},
        {"id": "d", "corpus": "duee1.0/test1", "record": {"id": "b2", "line": 2}, "start": 0, "end": 4,
         "sha256": sha256_text("签约仪式"), "split": "dev"},
    ]
    records[1].update(changes)
    return _write(tmp_path / "documents.jsonl", records)


def test_materialise_resolves_inline_lines_and_jsonl_records(corpus_root: Path, tmp_path: Path) -> None:
    docs = materialise(_standoff(tmp_path))
    assert [(d["id"], d["text"], d["split"]) for d in docs] == [
        ("inline", "本报讯 正文", "dev"), ("x", "标题一\n第一段：全国总工会今天启动行动。", "test"),
        ("d", "签约仪式", "dev")]


def test_write_tasks_writes_materialised_texts(corpus_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks" / "docs.jsonl"
    assert write_tasks(_standoff(tmp_path), out) == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[2] == {"id": "d", "text": "签约仪式", "date": None, "kind": None, "split": "dev"}
    assert list(out.parent.iterdir()) == [out]  # no temp file left behind


def test_materialise_slices_start_end(corpus_root: Path, tmp_path: Path) -> None:
    docs = materialise(_standoff(tmp_path, start=4, end=7, sha256=sha256_text("第一段")))
    assert docs[1]["text"] == "第一段"


def test_materialise_detects_a_changed_corpus(corpus_root: Path, tmp_path: Path) -> None:
    documents = _standoff(tmp_path)
    corpus = corpus_root / "raw" / "xinwenlianbo" / "xinwenlianbo_20220924-20260822.txt"
    corpus.write_text(corpus.read_text(encoding="utf-8").replace("今天", "昨天"), encoding="utf-8")
    with pytest.raises(CorpusFormatError) as caught:
        materialise(documents)
    assert caught.value.field == "sha256" and caught.value.line == 1
    assert "xinwenlianbo_20220924-20260822.txt" in str(caught.value) and "'x'" in str(caught.value)


def test_materialise_detects_a_moved_duee_record(corpus_root: Path, tmp_path: Path) -> None:
    documents = _write(tmp_path / "documents.jsonl", [
        {"id": "d", "corpus": "duee1.0/test1", "record": {"id": "b2", "line": 1}, "start": 0, "end": 4}])
    with pytest.raises(CorpusFormatError, match="expected record id 'b2' but found 'a1'"):
        materialise(documents)


@pytest.mark.parametrize(("changes", "field"), [
    ({"corpus": "nope"}, "corpus"), ({"record": {"lines": [3, 99]}}, "record.lines"),
    ({"end": 999}, "start/end"), ({"id": "inline"}, "id")])
def test_materialise_names_the_bad_field(corpus_root: Path, tmp_path: Path, changes: dict,
                                         field: str) -> None:
    with pytest.raises(InputFormatError) as caught:
        materialise(_standoff(tmp_path, **changes))
    assert caught.value.field == field


TEXT = "本报讯（记者黄洪涛）近日，无锡市总工会与无锡微研有限公司签约。黄洪涛报道。"


def test_anchor_annotations_resolves_occurrences_to_offsets() -> None:
    ann = {"id": "doc1", "entities": [
        {"text": "黄洪涛", "label": "PER", "occurrence": 1}, {"text": "黄洪涛", "label": "PER"},
        {"text": "无锡市总工会", "label": "ORG"}, {"text": "近日", "label": "TIME"}],
        "events": [{"type": "sign_agreement", "trigger": {"text": "签约"}, "main": True, "arguments": [
            {"role": "time", "text": "近日", "value": {"iso": "2025-11-18/2025-11-25", "approx": True}},
            {"role": "party", "text": "无锡市总工会"}, {"role": "party", "text": "无锡微研有限公司"}]}]}
    gold = anchor_annotations(TEXT, ann)
    assert [(e["start"], e["end"], e["label"]) for e in gold["entities"]] == [
        (6, 9, "PER"), (10, 12, "TIME"), (13, 19, "ORG"), (31, 34, "PER")]
    event = gold["events"][0]
    assert (event["id"], event["type"], event["trigger"]) == (
        "doc1-e1", "sign_agreement", {"start": 28, "end": 30, "text": "签约"})
    assert event["arguments"][0] == {"role": "time", "start": 10, "end": 12, "text": "近日",
                                     "value": {"iso": "2025-11-18/2025-11-25", "approx": True}}
    assert [(a["start"], a["end"]) for a in event["arguments"][1:]] == [(13, 19), (20, 28)]
    assert gold["meta"] == {"event_cluster": {"doc1-e1": "doc1-e1"}, "main_event": "doc1-e1"}
    Article.from_dict(gold)  # offsets check out


def test_anchor_counts_overlapping_occurrences() -> None:
    gold = anchor_annotations("哈哈哈", {"id": "d", "entities": [
        {"text": "哈哈", "label": "PER", "occurrence": 1}]})
    assert (gold["entities"][0]["start"], gold["entities"][0]["end"]) == (1, 3)


def test_anchor_keeps_clusters() -> None:
    ann = {"id": "d", "events": [
        {"type": "launch", "trigger": {"text": "签约"}, "cluster": "c1"},
        {"type": "launch", "trigger": {"text": "报道"}, "cluster": "c1"}]}
    assert anchor_annotations(TEXT, ann)["meta"]["event_cluster"] == {"d-e1": "c1", "d-e2": "c1"}


@pytest.mark.parametrize(("ann", "message"), [
    ({"entities": [{"text": "黄洪涛", "label": "PER", "occurrence": 2}]},
     "doc 'doc9': entities[0] '黄洪涛' occurrence 2 does not occur (the text has it 2 time(s))"),
    ({"events": [{"type": "launch", "trigger": {"text": "开幕"}}]},
     "doc 'doc9': events[0].trigger '开幕' occurrence 0 does not occur"),
    ({"events": [{"type": "launch", "trigger": {"text": "签约"}, "arguments": [
        {"role": "place", "text": "上海"}]}]},
     "doc 'doc9': events[0].arguments[0] '上海' occurrence 0 does not occur"),
    ({"entities": [{"text": "黄洪涛", "label": "NAME"}]}, "has label 'NAME'"),
    ({"entities": [{"text": "无锡市总工会", "label": "ORG"}, {"text": "无锡市", "label": "LOC"}]},
     "overlap; the entity layer is flat"),
    ({"events": [{"type": "a", "trigger": {"text": "签约"}, "main": True},
                 {"type": "b", "trigger": {"text": "报道"}, "main": True}]}, "all marked main"),
])
def test_anchor_errors_name_the_doc_and_the_mention(ann: dict, message: str) -> None:
    with pytest.raises(InputFormatError) as caught:
        anchor_annotations(TEXT, {"id": "doc9", **ann})
    assert message in str(caught.value)


def test_anchor_file_names_file_and_line(tmp_path: Path) -> None:
    docs = [{"id": "a", "text": TEXT, "split": "dev", "date": "2025-11-25"}]
    good = {"id": "a", "entities": [{"text": "近日", "label": "TIME"}], "events": []}
    path = _write(tmp_path / "ann.jsonl", [good, {"id": "a", "entities": [{"text": "上海", "label": "LOC"}]}])
    with pytest.raises(InputFormatError) as caught:
        anchor_file(docs, path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    gold = anchor_file(docs, _write(tmp_path / "one.jsonl", [good]))
    assert gold[0]["date"] == "2025-11-25" and gold[0]["meta"]["split"] == "dev"
    with pytest.raises(InputFormatError, match="unknown document id 'zz'"):
        anchor_file(docs, _write(tmp_path / "bad.jsonl", [{"id": "zz"}]))


def test_the_gold_document_list_materialises() -> None:
    """The committed selection resolves against ../shared/corpora with every sha256 intact."""
    docs = materialise(REPO / "corpora" / "gold" / "documents.jsonl")
    assert len(docs) >= 50 and len({d["id"] for d in docs}) == len(docs)
    assert {d["split"] for d in docs} == {"dev", "test"}
    assert all(d["text"] for d in docs)
