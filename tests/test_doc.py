import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsnlp.doc import Argument, Article, Entity, Event, Sentence, Span, Word
from newsnlp.errors import OffsetError

TEXT = "本报讯（记者黄洪涛）11月19日，无锡市总工会在无锡签约。"


def full_article() -> Article:
    article = Article(id="a1", text=TEXT, title="标题", date="2025-11-25", kind="article",
                      meta={"page_spans": [[0, 10]]})
    article.set_layer("sentences", [Sentence(0, len(TEXT), TEXT)])
    article.set_layer("words", [Word(0, 3, "本报讯", pos="n"), Word(3, 4, "（")])
    article.set_layer("entities", [Entity(6, 9, "黄洪涛", label="PER", score=0.9, source="x"),
                                   Entity(10, 16, "11月19日", label="TIME", value={"iso": "2025-11-19"})])
    trigger = article.span(27, 29)
    article.set_layer("events", [Event("e1", "sign_agreement", trigger, (
        Argument(10, 16, "11月19日", role="time", value={"iso": "2025-11-19"}),), confidence=0.5,
        evidence=(0,), source="rules")])
    article.main_event = "e1"
    when = {"role": "time", "text": "11月19日", "value": {"iso": "2025-11-19"}}
    article.five_w1h = {"event": "e1", "what": {"type": "sign_agreement", "trigger": "签约", "objects": []},
                        "who": [], "when": [when], "where": [], "how_many": [], "what_else": []}
    return article


def test_round_trip_is_lossless():
    article = full_article()
    assert Article.from_dict(article.to_dict()) == article


def test_every_layer_matches_the_text():
    article = full_article()
    article.check_offsets()
    spans = [*article.sentences, *article.words, *article.entities,
             *(s for e in article.events for s in e.spans())]
    assert all(TEXT[s.start:s.end] == s.text for s in spans)


def test_text_is_immutable():
    with pytest.raises(AttributeError):
        full_article().text = "x"


def test_wrong_offsets_are_named():
    article = Article(id="a2", text="无锡市")
    article.set_layer("entities", [Entity(0, 2, "无锡市", label="LOC")])
    with pytest.raises(OffsetError, match="a2.*entities.*无锡"):
        article.check_offsets()
    with pytest.raises(OffsetError, match="outside"):
        article.span(2, 9)


def test_unfilled_layers_are_absent_from_the_record():
    record = Article(id="a3", text="文").to_dict()
    assert record["layers_filled"] == [] and "entities" not in record


def test_record_validates_against_the_schema(article_schema):
    article_schema.validate(full_article().to_dict())


def test_values_and_the_main_event_are_typed_fields_not_meta():
    record = full_article().to_dict()
    assert record["entities"][1]["value"] == {"iso": "2025-11-19"}
    assert (record["main_event"], record["five_w1h"]["event"]) == ("e1", "e1")
    assert record["meta"] == {"page_spans": [[0, 10]]}
    without_events = Article(id="a", text="甲").to_dict()
    assert "main_event" not in without_events and "five_w1h" not in without_events


def test_spacy_bridge_round_trip():
    article = full_article()
    doc = article.to_spacy()
    assert [e.text for e in doc.ents] == ["黄洪涛", "11月19日"]
    assert [s.text for s in doc.sents] == [TEXT]
    assert Article.from_spacy(doc) == article


def test_from_spacy_reads_a_plain_doc():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["张三", "在", "北京", " "], spaces=[False] * 4)
    doc.ents = [doc.char_span(0, 2, label="PER"), doc.char_span(3, 5, label="LOC")]
    article = Article.from_spacy(doc)
    assert [(e.text, e.label) for e in article.entities] == [("张三", "PER"), ("北京", "LOC")]
    assert [w.text for w in article.words] == ["张三", "在", "北京"]  # tokens are words; spaces are not
    assert article.layers_filled == ["words", "entities"]


@given(st.text(min_size=1), st.data())
def test_random_spans_round_trip(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    article = Article(id="r", text=text)
    article.set_layer("entities", [Entity(start, end, text[start:end], label="LOC")])
    restored = Article.from_dict(article.to_dict())
    assert restored == article and restored.entities[0].text == text[start:end]
    assert Span(start, end, text[start:end]) == article.span(start, end)
