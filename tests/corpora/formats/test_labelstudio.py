"""Label Studio JSON exports as Label Studio documents them: cancelled and several annotations,
relations, UTF-16 offsets after an emoji, other result types; pre-annotations as predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsnlp.corpora.formats.common import Skips
from newsnlp.corpora.formats.labelstudio import dumps_predictions, read_labelstudio
from newsnlp.doc import Article, Entity
from newsnlp.errors import CorpusFormatError

EXPORT = Path(__file__).parent / "fixtures" / "labelstudio_export.json"


@pytest.fixture(scope="module")
def read() -> tuple[list[Article], Skips]:
    skips = Skips()
    return read_labelstudio(EXPORT, skips), skips


def entities(article: Article) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in article.entities]


def test_a_cancelled_first_annotation_gives_way_to_the_next(read: tuple[list[Article], Skips]) -> None:
    articles, _ = read
    assert (articles[0].id, entities(articles[0])) == ("doc-1", [("李强", "PER"), ("北京", "LOC")])
    assert articles[0].meta == {"url": "https://example.invalid/news/1"}  # the task's other data fields


def test_the_ground_truth_annotation_is_read_and_the_other_counted(
        read: tuple[list[Article], Skips]) -> None:
    articles, skips = read
    assert entities(articles[1]) == [("王明", "PER")]
    assert skips.counts["Label Studio annotation besides the one read (one per task)"] == 1
    assert skips.first["Label Studio 'choices' result (only labels and relation are read)"] == (
        f"{EXPORT}, field '[1].annotations[1].result[1]'")


def test_utf16_offsets_after_an_emoji_are_converted(read: tuple[list[Article], Skips]) -> None:
    articles, _ = read
    assert entities(articles[2]) == [("李强", "PER"), ("王明", "PER")]
    assert [(e.start, e.end) for e in articles[2].entities] == [(1, 3), (6, 8)]


def test_relations_from_triggers_are_arguments_and_entity_relations_are_counted(
        read: tuple[list[Article], Skips]) -> None:
    articles, skips = read
    (event,) = articles[3].events
    assert (event.type, [(a.role, a.text) for a in event.arguments]) == (
        "launch", [("organizer", "全国总工会"), ("object", "帮扶行动")])
    assert entities(articles[3]) == [("全国总工会", "ORG"), ("李强", "PER")]
    assert skips.counts["Label Studio relation that starts at no trigger (between two entities)"] == 1
    assert skips.first["Label Studio argument span that no relation uses"] == (
        f"{EXPORT}, field '[3].annotations[0].result[4]'")


def test_a_task_whose_every_annotation_was_cancelled_is_counted(
        read: tuple[list[Article], Skips]) -> None:
    articles, skips = read
    assert len(articles) == 4
    assert skips.first["Label Studio task whose every annotation was cancelled"] == (
        f"{EXPORT}, field '[4].annotations'")


def test_strict_reading_stops_at_the_first_thing_skipped() -> None:
    with pytest.raises(CorpusFormatError,
                       match=r"annotation besides the one read.*field '\[1\]\.annotations\[0\]'"):
        read_labelstudio(EXPORT)


def test_a_region_whose_text_is_elsewhere_names_its_field(tmp_path: Path) -> None:
    task = {"data": {"text": "李强会见王明"}, "annotations": [{"result": [
        {"id": "x", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 2, "text": "王明", "labels": ["PER"]}}]}]}
    (tmp_path / "ls.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"'王明' is not at \[0, 2\).*UTF-16.*"
                                                r"field '\[0\]\.annotations\[0\]\.result\[0\]\.value\.text'"):
        read_labelstudio(tmp_path / "ls.json")


def test_predictions_import_as_pre_annotations_and_read_back(tmp_path: Path) -> None:
    article = Article(id="a1", text="🎉李强在北京")
    article.set_layer("entities", [Entity(1, 3, "李强", label="PER", score=0.9, source="model"),
                                   Entity(4, 6, "北京", label="LOC", score=0.7, source="model")])
    article.set_layer("events", [])
    (task,) = json.loads(dumps_predictions([article], "newsnlp-test"))
    (prediction,) = task["predictions"]
    assert "annotations" not in task
    assert (prediction["model_version"], prediction["score"]) == ("newsnlp-test", 0.7)
    assert [(r["value"]["text"], r["score"]) for r in prediction["result"]] == [("李强", 0.9), ("北京", 0.7)]
    (tmp_path / "pre.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    (back,) = read_labelstudio(tmp_path / "pre.json")
    assert back.to_dict() == article.to_dict()
