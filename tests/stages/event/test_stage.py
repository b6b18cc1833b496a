"""The event stage contract: values of arguments, from normalised entities or read from the argument."""

from __future__ import annotations

from newsnlp.stages.event.schema import EventSchema, EventType, Role, load_schema
from newsnlp.stages.event.stage import ArgumentValues

TEXT = "11月19日，无锡启动竞赛。当天下午3点，约三百名职工到场，竞赛持续三天。"


def test_an_entity_value_is_kept_and_a_time_argument_without_an_entity_is_read_itself(annotate) -> None:
    article = annotate(TEXT, [("11月19日", "TIME", 0), ("无锡", "LOC", 0)])
    values = ArgumentValues(article, load_schema("news"))
    assert values("launch", "time", 0, 6, "11月19日") == {"iso": "2025-11-19", "type": "point",
                                                       "precision": "day"}
    start = TEXT.index("当天下午3点")
    # no TIME entity here: read against the last day named before it (11月19日), not the article date
    assert values("launch", "time", start, start + 6, "当天下午3点")["iso"] == "2025-11-19T15:00"
    assert values("launch", "place", 7, 9, "无锡") is None  # a role without a value kind
    assert values("launch", "time", 7, 9, "无锡") is None  # a time role whose text names no time
    assert values("no_such_type", "time", start, start + 6, "当天下午3点") is None


def test_a_number_role_reads_its_quantity_and_an_amount_of_time_as_a_duration(annotate) -> None:
    article = annotate(TEXT, [])
    schema = EventSchema("counts", {"attend": EventType("attend", (Role("count", value="number"),
                                                                   Role("length", value="number")))})
    values = ArgumentValues(article, schema)
    start = TEXT.index("约三百名")
    assert values("attend", "count", start, start + 4, "约三百名") == {"value": 300, "unit": "名",
                                                                     "relation": "≈"}
    start = TEXT.index("三天")
    assert values("attend", "length", start, start + 2, "三天")["iso"] == "P3D"


def test_a_time_argument_is_read_whole_before_a_quantity_inside_it_lends_its_duration(annotate) -> None:
    text = "这两天，工地停工。"
    article = annotate(text, [("两天", "QUANTITY", 0)])
    values = ArgumentValues(article, load_schema("news"))
    assert article.entities[0].value["iso"] == "P2D"
    assert values("launch", "time", 0, 3, "这两天")["iso"] == "2025-11-24/2025-11-25"
    assert values("launch", "count", 1, 3, "两天")["iso"] == "P2D"  # the entity's own span: its value


def test_a_plain_argument_takes_the_value_of_a_normalised_entity_that_makes_up_most_of_it(annotate) -> None:
    text = "11月19日上午，长春市2025年发动机装调技能竞赛开幕。"
    article = annotate(text, [("11月19日", "TIME", 0), ("2025年", "TIME", 0)])
    values = ArgumentValues(article, load_schema("news"))
    # a role without a value kind reads nothing itself: the value comes from the entity inside
    assert values("launch", "place", 0, 8, "11月19日上午")["iso"] == "2025-11-19"
    start = text.index("长春市")
    end = text.index("开幕")
    assert values("launch", "place", start, end, text[start:end]) is None  # 2025年 is a small part of it
