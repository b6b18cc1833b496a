"""Gold JSONL and converters: round trips lose nothing (property-based), bad files name file:line:field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsnlp.corpora.formats import LOSSLESS, convert, reader, writer
from newsnlp.corpora.formats.brat import dumps_ann
from newsnlp.corpora.formats.conll import dumps_conll, read_conll
from newsnlp.corpora.formats.gold import read_gold_jsonl, validate_gold_file, write_gold_jsonl
from newsnlp.doc import Argument, Article, Entity, Event, Span
from newsnlp.errors import CorpusFormatError, InputFormatError

TEXT = "记者 黄洪涛\n报道：全国总工会今天启动行动。"
LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")


def sample_article() -> Article:
    article = Article(id="wd-01", text=TEXT, date="2025-11-25", title="标题", meta={"split": "dev"})
    article.set_layer("entities", [Entity(3, 6, "黄洪涛", label="PER"),
                                   Entity(10, 15, "全国总工会", label="ORG"),
                                   Entity(15, 17, "今天", label="TIME")])
    article.set_layer("events", [Event("wd-01-e1", "launch", Span(17, 19, "启动"), (
        Argument(10, 15, "全国总工会", role="organizer"),
        Argument(15, 17, "今天", role="time", value={"iso": "2025-11-25"}),
        Argument(19, 21, "行动", role="object"), Argument(3, 6, "黄洪涛", role="organizer")))])
    return article


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Random text (CJK, ASCII, spaces, newlines, tabs, backslashes) with non-overlapping entities
    and events whose trigger and arguments are arbitrary non-empty spans."""
    text = draw(st.text(alphabet="中文字报讯ab1 \n\t\\#。", max_size=30))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    entities = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if start < end:
            entities.append(Entity(start, end, text[start:end], label=draw(st.sampled_from(LABELS))))

    def span() -> tuple[int, int]:
        start = draw(st.integers(0, len(text) - 1))
        return start, draw(st.integers(start + 1, len(text)))

    events = []
    for k in range(draw(st.integers(0, 2)) if text else 0):
        arguments = []
        for _ in range(draw(st.integers(0, 3))):
            start, end = span()
            value = draw(st.none() | st.just({"iso": "2025-11-25"}))
            arguments.append(Argument(start, end, text[start:end], value=value,
                                      role=draw(st.sampled_from(("time", "place", "参与者")))))
        start, end = span()
        events.append(Event(f"e{k}", draw(st.sampled_from(("launch", "组织关系-裁员"))),
                            Span(start, end, text[start:end]), tuple(arguments)))
    article = Article(id=draw(st.sampled_from(("a-1", "页/2", "x.y"))), text=text,
                      date=draw(st.none() | st.just("2025-11-25")),
                      meta=draw(st.dictionaries(st.sampled_from(("split", "origin")), st.text(max_size=3))))
    article.set_layer("entities", entities)
    article.set_layer("events", events)
    return article


@pytest.mark.parametrize("name", LOSSLESS)
def test_sample_article_survives_every_format(name: str, tmp_path: Path) -> None:
    plain = Article(id="empty", text="")
    plain.set_layer("entities", [])
    plain.set_layer("events", [])
    writer(name)([sample_article(), plain], tmp_path / "out")
    assert [a.to_dict() for a in reader(name)(tmp_path / "out")] == [sample_article().to_dict(),
                                                                     plain.to_dict()]


@pytest.mark.parametrize("name", LOSSLESS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda article: article.id))
def test_random_articles_survive_every_format(name: str, batch: list[Article],
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp(name) / "out"
    writer(name)(batch, path)
    assert [a.to_dict() for a in reader(name)(path)] == [a.to_dict() for a in batch]


def test_convert_chains_formats(tmp_path: Path) -> None:
    write_gold_jsonl([sample_article()], tmp_path / "gold.jsonl")
    count, skips = convert(tmp_path / "gold.jsonl", tmp_path / "brat", from_format="gold", to_format="brat")
    assert (count, skips.summary()) == (1, [])
    convert(tmp_path / "brat", tmp_path / "back.jsonl", from_format="brat", to_format="gold")
    assert (tmp_path / "back.jsonl").read_text("utf-8") == (tmp_path / "gold.jsonl").read_text("utf-8")


def test_conll_escapes_whitespace_and_reads_plain_bio(tmp_path: Path) -> None:
    article = Article(id="x", text="a b\\")
    article.set_layer("entities", [Entity(0, 3, "a b", label="LOC")])
    lines = dumps_conll([article]).splitlines()
    assert lines[1:] == ["a\tB-LOC", "\\u0020\tI-LOC", "b\tI-LOC", "\\u005c\tO"]
    (tmp_path / "plain.bio").write_text("江 B-PER\n泽 I-PER\n民 I-PER\n说 O\n\n好 O\n", encoding="utf-8")
    first, second = read_conll(tmp_path / "plain.bio")
    assert (first.text, [(e.text, e.label) for e in first.entities]) == ("江泽民说", [("江泽民", "PER")])
    assert (first.id, second.text) == ("doc-1", "好")


def test_conll_rejects_a_bad_bio_sequence(tmp_path: Path) -> None:
    (tmp_path / "bad.bio").write_text("江\tO\n泽\tI-PER\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"bad\.bio:2: bad_bio: I-PER after O"):
        read_conll(tmp_path / "bad.bio")


def test_brat_numbers_repeated_roles_and_reuses_entity_spans() -> None:
    ann, _ = dumps_ann(sample_article())
    assert ann.splitlines() == ["T1\tPER 3 6\t黄洪涛", "T2\tORG 10 15\t全国总工会", "T3\tTIME 15 17\t今天",
                                "T4\tlaunch 17 19\t启动", "T5\tArgument 19 21\t行动",
                                "E1\tlaunch:T4 organizer:T2 time:T3 object:T5 organizer2:T1"]


def _gold_line(**changes: object) -> str:
    record = {"id": "d1", "text": "江泽民在北京", "meta": {},
              "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 4, "end": 6, "label": "LOC"}],
              "events": [{"id": "e1", "type": "visit", "trigger": {"start": 3, "end": 4},
                          "arguments": [{"role": "place", "start": 4, "end": 6}]}]}
    record.update(changes)
    return json.dumps(record, ensure_ascii=False)


def test_minimal_gold_record_reads_with_span_texts(tmp_path: Path) -> None:
    (tmp_path / "g.jsonl").write_text(_gold_line() + "\n", encoding="utf-8")
    (article,) = read_gold_jsonl(tmp_path / "g.jsonl")
    assert [e.text for e in article.entities] == ["江泽民", "北京"]
    assert article.events[0].arguments[0].text == "北京"
    assert validate_gold_file(tmp_path / "g.jsonl")["problems"] == []


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"entities": [{"start": 0, "end": 9, "label": "PER"}]}, "entities[0]", "outside the text"),
    ({"entities": [{"start": 0, "end": 3, "label": "PER", "text": "江泽"}]}, "entities[0].text", "differs"),
    ({"entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 2, "end": 4, "label": "LOC"}]},
     "entities[1]", "overlaps entities[0]"),
    ({"entities": [{"start": 0, "end": 3, "label": "GPE"}]}, "entities.0.label", "'GPE' is not one of"),
    ({"events": [{"id": "e1", "type": "visit", "trigger": {"start": 3, "end": 4}, "arguments": [],
                  "extra": 1}]}, "events.0", "Additional properties"),
    ({"events": [{"id": "e", "type": "t", "trigger": {"start": 3, "end": 4}, "arguments": []}] * 2},
     "events.id", "used 2 times"),
])
def test_gold_problems_name_file_line_and_field(tmp_path: Path, changes: dict, field: str,
                                                message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(_gold_line(id="ok") + "\n\n" + _gold_line(**changes) + "\n", encoding="utf-8")
    problems = validate_gold_file(path)["problems"]
    assert len(problems) == 1 and "g.jsonl:3: " in problems[0] and f"(field '{field}')" in problems[0]
    assert message in problems[0]
    with pytest.raises(CorpusFormatError, match=re.escape(message)):
        read_gold_jsonl(path)


def test_gold_rejects_duplicate_ids_and_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(_gold_line() + "\n" + _gold_line() + "\n{oops\n", encoding="utf-8")
    problems = validate_gold_file(path)["problems"]
    assert "g.jsonl:2: id 'd1' already used on line 1" in problems[0]
    assert "g.jsonl:3: not JSON" in problems[1]


def test_gold_writer_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    write_gold_jsonl([sample_article()], tmp_path / "g.jsonl")
    assert [p.name for p in tmp_path.iterdir()] == ["g.jsonl"]
    assert read_gold_jsonl(tmp_path / "g.jsonl")[0].to_dict() == sample_article().to_dict()


def test_space_separated_words_round_trip_and_name_the_bad_article(tmp_path: Path) -> None:
    (tmp_path / "seg.txt").write_text("江泽民 说\n\n好\n", encoding="utf-8")
    first, second = reader("words")(tmp_path / "seg.txt")
    assert (first.text, [w.text for w in first.words], second.text) == ("江泽民说", ["江泽民", "说"], "好")
    writer("words")([first, second], tmp_path / "again.txt")
    assert (tmp_path / "again.txt").read_text(encoding="utf-8") == "江泽民 说\n好\n"
    with pytest.raises(InputFormatError, match="'x' has no words layer"):
        writer("words")([Article(id="x", text="好")], tmp_path / "bad.txt")


def test_system_output_with_scores_and_sources_reads_as_gold(tmp_path: Path) -> None:
    article = Article(id="x", text="李强在北京")
    article.set_layer("entities", [Entity(0, 2, "李强", label="PER", score=0.9, source="entity.neural.v1")])
    article.set_layer("events", [Event("x-e1", "visit", Span(2, 3, "在"), (
        Argument(3, 5, "北京", role="place", score=0.5),), confidence=0.7, source="event.frames.v1")])
    write_gold_jsonl([article], tmp_path / "out.jsonl")  # what newsnlp extract -o writes
    assert validate_gold_file(tmp_path / "out.jsonl")["problems"] == []
    assert read_gold_jsonl(tmp_path / "out.jsonl")[0].to_dict() == article.to_dict()
