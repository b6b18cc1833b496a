"""The normalise stage: values of TIME/QUANTITY entities (Entity.value), anchored to the date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.doc import Article, Entity
from newsnlp.stages.normalise.rules import make_normaliser
from newsnlp.text.values.time import is_valid
from tests.text.values.test_time import EXTREME_ANCHORS, TIME_ALPHABET


def entity(text: str, sub: str, label: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Entity(start, start + len(sub), sub, label=label)


def test_stage_fills_entity_values_in_text_order_with_same_day_reference() -> None:
    text = "11月24日，学生们正在实操。当日，社区开展培训，约500名职工参加。"
    article = Article("a", text, date="2025-11-25", entities=[
        entity(text, "当日", "TIME"), entity(text, "11月24日", "TIME"),
        entity(text, "约500名", "QUANTITY"), entity(text, "社区", "ORG")])
    make_normaliser()(article)
    assert [(e.text, e.label) for e in article.entities] == [
        ("11月24日", "TIME"), ("当日", "TIME"), ("社区", "ORG"), ("约500名", "QUANTITY")]
    assert [e.value for e in article.entities[1:]] == [
        {"iso": "2025-11-24", "type": "point", "precision": "day"}, None,
        {"value": 500, "unit": "名", "relation": "≈"}]
    article.check_offsets()


def test_default_date_anchors_undated_articles_and_unreadable_values_are_left_out() -> None:
    text = "近日，首批工作室落地。"
    article = Article("a", text, entities=[entity(text, "近日", "TIME"), entity(text, "首批", "QUANTITY")])
    make_normaliser()(article)
    assert [(e.text, e.value) for e in article.entities] == [("近日", None)]  # 首批 is an ordinal
    make_normaliser(default_date="2025-11-25")(article)
    assert [e.value for e in article.entities] == [
        {"iso": "2025-11-18/2025-11-25", "type": "interval", "precision": "day", "approx": True}]


def test_expressions_are_widened_to_the_guidelines_spans() -> None:
    # an entity stage trained on PD1998 leaves out 以来 / 底 / 近 and splits ranges
    text = "2023年以来，截至10月底，近600名选手在7月3日至7日参赛，50%以上。"
    surfaces = [("2023年", "TIME"), ("10月", "TIME"), ("600名", "QUANTITY"), ("7月3日", "TIME"),
                ("7日", "TIME"), ("50%", "QUANTITY")]
    article = Article("a", text, date="2025-11-25",
                      entities=[entity(text, s, label) for s, label in surfaces])
    make_normaliser()(article)
    assert [(e.text, e.value.get("iso", e.value.get("value"))) for e in article.entities] == [
        ("2023年以来", "2023/2025-11-25"), ("10月底", "2025-10-21/2025-10-31"), ("近600名", 600),
        ("7月3日至7日", "2025-07-03/2025-07-07"), ("50%以上", 50)]


def test_amounts_of_time_get_their_iso_duration() -> None:
    text = "项目历时三年，投入1.5万亿元。"
    article = Article("a", text, date="2025-11-25", entities=[
        entity(text, "三年", "QUANTITY"), entity(text, "1.5万亿元", "QUANTITY")])
    make_normaliser()(article)
    assert [e.value for e in article.entities] == [
        {"value": 3, "unit": "年", "relation": "=", "iso": "P3Y", "type": "duration", "precision": "year"},
        {"value": 1_500_000_000_000, "unit": "元", "relation": "="}]


def test_issue_23_extreme_dates_and_long_numerals_pass_through_the_stage() -> None:
    # issue 23: nlp("9999999999年"), 去年同期 with 0001-01-01 and 明年 with 9999-12-31 raised OverflowError
    for date, words in (("0001-01-01", ["去年", "近日"]), ("9999-12-31", ["明年", "9999999999年"])):
        text = "，".join(words) + "，召开会议。"
        article = Article("a", text, date=date, entities=[entity(text, w, "TIME") for w in words])
        make_normaliser()(article)
        assert [e.value for e in article.entities] == [None] * len(article.entities)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TIME_ALPHABET), min_size=1, max_size=6).map("".join),
                min_size=1, max_size=4), st.sampled_from(EXTREME_ANCHORS))
def test_any_time_entities_get_valid_values_or_none(words: list[str], date: str | None) -> None:
    text = "，".join(words)
    entities, start = [], 0
    for word in words:
        entities.append(Entity(start, start + len(word), word, label="TIME"))
        start += len(word) + 1
    article = Article("a", text, date=date, entities=entities)
    make_normaliser()(article)
    article.check_offsets()
    for entity in article.entities:
        assert entity.value is None or entity.label == "QUANTITY" or is_valid(entity.value), entity
