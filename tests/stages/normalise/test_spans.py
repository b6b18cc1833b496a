"""TIME and QUANTITY entities brought to the guidelines' spans (newsnlp/stages/normalise/spans.py)."""

from __future__ import annotations

import pytest

from newsnlp.doc import Entity
from newsnlp.stages.normalise.spans import guideline_entities


def spans(text: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    entities = []
    for surface, label in found:
        start = text.index(surface, entities[-1].end if entities else 0)
        entities.append(Entity(start, start + len(surface), surface, label=label))
    return [(e.text, e.label) for e in guideline_entities(text, entities)]


@pytest.mark.parametrize(("text", "found", "expected"), [
    # suffixes and ranges join the date
    ("6月中旬以来，", [("6月中旬", "TIME")], [("6月中旬以来", "TIME")]),
    ("2023年1—3月期间", [("2023年", "TIME"), ("3月", "TIME")], [("2023年1—3月", "TIME")]),
    ("2025年元旦春节期间", [("2025年元旦春节", "TIME")], [("2025年元旦春节期间", "TIME")]),
    ("从7月起至12月，", [("7月", "TIME"), ("12月", "TIME")], [("7月起至12月", "TIME")]),
    ("10月16日上午，", [("10月16日", "TIME"), ("上午", "TIME")], [("10月16日上午", "TIME")]),
    # periods counted back replace the quantity inside them
    ("今年前两个月就业", [("今年", "TIME"), ("两个", "QUANTITY")], [("今年前两个月", "TIME")]),
    # issue 18: the whole expression is one TIME: clock times, quarters, adjacent parts
    ("5日下午5点08分，", [("5日", "TIME")], [("5日下午5点08分", "TIME")]),
    ("会议于上午9点半召开，凌晨4时许", [("上午9点", "TIME"), ("凌晨4时", "TIME")],
     [("上午9点半", "TIME"), ("凌晨4时许", "TIME")]),
    ("2012年第二季度，", [("2012年", "TIME")], [("2012年第二季度", "TIME")]),
    ("11月19日晚8时，", [("11月19日", "TIME"), ("8时", "TIME")], [("11月19日晚8时", "TIME")]),
    ("2023年11月5日20:15，", [("2023年11月5日", "TIME")], [("2023年11月5日20:15", "TIME")]),
    # issue 18: expressions the entity model misses or tags as quantities
    ("三天前，五年后，两个多月来，未来三个月，",
     [("三天", "QUANTITY"), ("五年", "QUANTITY"), ("两个", "QUANTITY"), ("三个", "QUANTITY")],
     [("三天前", "TIME"), ("五年后", "TIME"), ("两个多月来", "TIME"), ("未来三个月", "TIME")]),
    ("一季度，这几天，下个月3号，第二周，", [("3号", "QUANTITY")],
     [("一季度", "TIME"), ("这几天", "TIME"), ("下个月3号", "TIME"), ("第二周", "TIME")]),
    ("今年春节期间，农历八月十五，腊月初八，冬至这天", [("腊月初", "TIME")],
     [("今年春节期间", "TIME"), ("农历八月十五", "TIME"), ("腊月初八", "TIME"), ("冬至", "TIME")]),
    ("上世纪80年代，2021/7/1，三天前往", [], [("上世纪80年代", "TIME"), ("2021/7/1", "TIME")]),
    ("大雪封山，历时三年", [("三年", "QUANTITY")], [("三年", "QUANTITY")]),
    # ranges of quantities are one QUANTITY
    ("工期为3至5年，每组10—20人", [("5年", "QUANTITY")], [("3至5年", "QUANTITY"), ("10—20人", "QUANTITY")]),
    # generic times, ordinals, fixed expressions and frequencies are dropped
    ("秋季专场，第十七届大赛，一线职工，每两周一次", [("秋季", "TIME"), ("第十七届", "QUANTITY"),
                                      ("一线", "QUANTITY"), ("两周", "QUANTITY")], []),
    ("三步走方式，2026届毕业生", [("三步", "QUANTITY"), ("2026届", "QUANTITY")], []),
    # approximators join the number; counts whose unit is a noun are added
    ("超过5000家企业，近110场", [("5000家", "QUANTITY"), ("110场", "QUANTITY")],
     [("超过5000家", "QUANTITY"), ("近110场", "QUANTITY")]),
    ("新增就业1206万人，招聘需求超46.6万人，两部门和20省份，向219万劳动者", [],
     [("1206万人", "QUANTITY"), ("超46.6万人", "QUANTITY"), ("两部门", "QUANTITY"),
      ("20省份", "QUANTITY"), ("219万", "QUANTITY")]),
    # a chain of places is one LOC; a left-out admin suffix joins it
    ("在江苏省无锡市滨湖区园区", [("江苏省", "LOC"), ("无锡市", "LOC"), ("滨湖区", "LOC")],
     [("江苏省无锡市滨湖区", "LOC")]),
    ("辽宁省鞍山市汤岗子康复医院医护人员", [("辽宁省", "LOC"), ("鞍山市", "LOC"), ("汤岗子康复医院", "ORG")],
     [("辽宁省鞍山市汤岗子康复医院", "ORG")]),
    ("奉化区活动，鞍山市内", [("奉化", "LOC"), ("鞍山市", "LOC")], [("奉化区", "LOC"), ("鞍山市", "LOC")]),
    ("据兰州晚报报道，东北网讯，网络", [("兰州", "LOC"), ("东北", "LOC")],
     [("兰州晚报", "ORG"), ("东北网", "ORG")]),
    # other labels pass through untouched
    ("无锡市总工会在2025年", [("无锡市总工会", "ORG"), ("2025年", "TIME")],
     [("无锡市总工会", "ORG"), ("2025年", "TIME")]),
])
def test_guideline_spans(text: str, found: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    assert spans(text, found) == expected


def test_result_is_sorted_and_never_overlaps() -> None:
    text = "2023年以来，全国11部门近600名选手参加"
    found = [Entity(0, 5, "2023年", label="TIME"), Entity(4, 7, "年以来", label="TIME"),
             Entity(10, 12, "11", label="QUANTITY"), Entity(15, 19, "600名", label="QUANTITY")]
    result = guideline_entities(text, found)
    assert all(a.end <= b.start for a, b in zip(result, result[1:]))
    assert [e.text for e in result] == ["2023年以来", "11部门", "近600名"]
