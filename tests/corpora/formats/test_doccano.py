"""doccano JSONL as doccano documents its exports: ``label`` and ``labels`` span lists, entities with
relations; relations between two entities are counted, never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.corpora.formats.common import Skips
from newsnlp.corpora.formats.doccano import read_doccano
from newsnlp.errors import CorpusFormatError

FIXTURES = Path(__file__).parent / "fixtures"


def entity_texts(articles: list) -> list[list[tuple[str, str]]]:
    return [[(e.text, e.label) for e in article.entities] for article in articles]


@pytest.mark.parametrize("name", ["doccano_label.jsonl", "doccano_labels.jsonl"])
def test_both_span_list_keys_give_the_entities(name: str) -> None:
    articles = read_doccano(FIXTURES / name)
    assert entity_texts(articles)[0] == [("李强", "PER"), ("北京", "LOC"), ("王明", "PER")]


def test_relations_become_event_arguments_and_entity_relations_are_counted() -> None:
    skips = Skips()
    (article,) = read_doccano(FIXTURES / "doccano_relations.jsonl", skips)
    (event,) = article.events
    assert (event.type, event.trigger.text) == ("launch", "启动")
    assert [(a.role, a.text) for a in event.arguments] == [
        ("organizer", "全国总工会"), ("time", "今天"), ("object", "帮扶行动")]
    assert entity_texts([article])[0] == [("全国总工会", "ORG"), ("今天", "TIME"), ("李强", "PER")]
    assert (article.id, article.meta) == ("doc-6400", {"id": 6400, "Comments": []})  # doccano's own keys
    path = FIXTURES / "doccano_relations.jsonl"
    assert skips.summary() == [
        f"skipped 1 × doccano relation that starts at no trigger (between two entities) (first: {path}:1, "
        "field 'relations[3]')",
        f"skipped 1 × doccano argument span that no relation uses (first: {path}:1, field 'entities[5]')"]


def test_strict_reading_stops_at_an_entity_relation() -> None:
    with pytest.raises(CorpusFormatError, match=r"doccano_relations\.jsonl:1: .*no newsnlp layer holds it.*"
                                                r"\(field 'relations\[3\]'\)"):
        read_doccano(FIXTURES / "doccano_relations.jsonl")


@pytest.mark.parametrize(("line", "field", "message"), [
    ('{"text": "李强", "label": [[0, 5, "PER"]]}', "label[0]", "not a non-empty span"),
    ('{"text": "李强", "labels": ["positive"]}', "labels[0]", "text classification"),
    ('{"text": "李强", "label": [], "entities": []}', "label", "one of label, labels and entities"),
    ('{"label": []}', "text", "a string 'text'"),
    ('{"text": "李强", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 2}], '
     '"relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "x"}]}', "relations[0]", "two regions"),
])
def test_a_bad_record_names_file_line_and_field(tmp_path: Path, line: str, field: str, message: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "好", "label": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=rf"d\.jsonl:2: .*{message}.*\(field '{field}'\)".replace(
            "[", r"\[").replace("]", r"\]")):
        read_doccano(path)


def test_overlapping_entities_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "北京大学", "label": [[0, 4, "ORG"], [0, 2, "LOC"]]}\n', encoding="utf-8")
    skips = Skips()
    assert entity_texts(read_doccano(path, skips)) == [[("北京大学", "ORG")]]
    assert skips.counts == {"entity overlapping another entity": 1}
