"""Schema-driven filling on the worked examples of corpora/GUIDELINES.md §4 (entities given by hand)."""

from __future__ import annotations

import pytest

from newsnlp.stages.event.frames import make_frames

CHANGCHUN = ("本报讯（记者柳娟娟 彭冰）近日，由吉林省长春市总工会、市人社局联合主办，市机械制造业工会、"
             "中国一汽研发总院工会承办的长春市2025年发动机装调技能竞赛在中国一汽研发总院落幕。"
             "来自全市汽车主机厂的144名技能好手报名参赛，49名精英进入决赛。")
CHANGCHUN_ENTITIES = [("柳娟娟", "PER", 0), ("彭冰", "PER", 0), ("近日", "TIME", 0),
                      ("吉林省长春市总工会", "ORG", 0), ("市人社局", "ORG", 0),
                      ("市机械制造业工会", "ORG", 0),
                      ("中国一汽研发总院工会", "ORG", 0), ("长春市", "LOC", 1), ("2025年", "TIME", 0),
                      ("中国一汽研发总院", "ORG", 1), ("144名", "QUANTITY", 0), ("49名", "QUANTITY", 0)]
SHANGHAI = ("截至10月底，上海已完成建设改善职工间休息室1056家，另有187家将于12月31日前建成。"
            "两年来，上海市各级工会完成建设改善3203家职工间休息室。")
SHANGHAI_ENTITIES = [("10月底", "TIME", 0), ("上海", "LOC", 0), ("1056家", "QUANTITY", 0),
                     ("187家", "QUANTITY", 0), ("12月31日前", "TIME", 0), ("两年来", "TIME", 0),
                     ("3203家", "QUANTITY", 0)]
NANNING = ("本报讯（记者庞慧敏 通讯员蒋少莹）11月19日，2025年西部陆海新通道建设全国引领性劳动和技能竞赛暨"
           "南宁机场T3航站区及配套设施建设工程劳动竞赛启动仪式，在广西南宁机场T3航站楼建设工地举行。")
NANNING_ENTITIES = [("庞慧敏", "PER", 0), ("蒋少莹", "PER", 0), ("11月19日", "TIME", 0),
                    ("2025年", "TIME", 0),
                    ("西部陆海新通道", "LOC", 0), ("广西南宁机场T3航站楼建设工地", "LOC", 0)]
PHOTO = ("11月24日，新疆乌鲁木齐市天山区西域职业培训学校，学生们正在进行电工作业实操。当日，"
         "天山区新华南路街道西河坝前街社区联合该校组织辖区和周边即将毕业的大学生，开展岗位技能培训。")
PHOTO_ENTITIES = [("11月24日", "TIME", 0), ("新疆乌鲁木齐市天山区西域职业培训学校", "ORG", 0),
                  ("当日", "TIME", 0),
                  ("天山区新华南路街道西河坝前街社区", "LOC", 0)]


@pytest.fixture(scope="module")
def frames():
    return make_frames(schema="news@1", learned=False)  # the frame rules were written for version 1


def roles(event) -> list[tuple[str, str]]:
    return sorted((a.role, a.text) for a in event.arguments)


def test_close_with_organisers_place_and_object(frames, annotate) -> None:
    article = frames(annotate(CHANGCHUN, CHANGCHUN_ENTITIES))
    close, held, advance = article.events
    assert (close.type, close.trigger.text) == ("close", "落幕")
    assert roles(close) == sorted([
        ("time", "近日"), ("organizer", "吉林省长春市总工会"), ("organizer", "市人社局"),
        ("co_organizer", "市机械制造业工会"), ("co_organizer", "中国一汽研发总院工会"),
        ("object", "长春市2025年发动机装调技能竞赛"), ("place", "中国一汽研发总院")])
    assert next(a.value for a in close.arguments if a.role == "time") == {
        "iso": "2025-11-18/2025-11-25", "type": "interval", "precision": "day", "approx": True}
    assert (held.type, held.trigger.text, roles(held)) == ("hold_activity", "参赛", [
        ("count", "144名"), ("participant", "技能好手")])
    assert (advance.type, roles(advance)) == ("advance", [("count", "49名"), ("participant", "精英")])
    assert next(a.value for a in advance.arguments) == {"value": 49, "unit": "名", "relation": "="}
    assert article.main_event == close.id
    article.check_offsets()


def test_facilities_with_counts_deadline_and_period(frames, annotate) -> None:
    article = frames(annotate(SHANGHAI, SHANGHAI_ENTITIES))
    improved, built, earlier = article.events
    assert (improved.trigger.text, roles(improved)) == ("建设改善", sorted([
        ("time", "10月底"), ("agent", "上海"), ("object", "职工间休息室"), ("count", "1056家")]))
    assert {a.role: a.value for a in built.arguments}["time"] == {
        "iso": "../2025-12-31", "type": "open_interval", "precision": "day"}
    assert ("count", "187家") in roles(built)
    # same type in another sentence, but a different time: a different event, not merged
    assert earlier.evidence == (1,) and ("time", "两年来") in roles(earlier)


def test_launch_keeps_the_specific_trigger_and_skips_the_byline(frames, annotate) -> None:
    article = frames(annotate(NANNING, NANNING_ENTITIES))
    [launch] = article.events  # 启动仪式……举行 is one launch: 举行 gives way
    assert launch.trigger.text == "启动"
    assert roles(launch) == sorted([
        ("time", "11月19日"), ("place", "广西南宁机场T3航站楼建设工地"),
        ("object", "2025年西部陆海新通道建设全国引领性劳动和技能竞赛暨"
                   "南宁机场T3航站区及配套设施建设工程劳动竞赛")])
    assert article.five_w1h["when"] == [
        {"role": "time", "text": "11月19日",
         "value": {"iso": "2025-11-19", "type": "point", "precision": "day"}}]


def test_same_day_and_triggers_inside_names(frames, annotate) -> None:
    article = frames(annotate(PHOTO, PHOTO_ENTITIES))
    assert [(e.type, e.trigger.text) for e in article.events] == [("training", "实操"), ("training", "培训")]
    training = article.events[1]  # 培训学校 inside the ORG name is no trigger
    assert roles(training) == [("organizer", "天山区新华南路街道西河坝前街社区"), ("time", "当日")]
    assert {a.role: a.value for a in training.arguments}["time"]["iso"] == "2025-11-24"


def test_no_triggers_in_direct_speech_or_without_context(frames, annotate) -> None:
    text = "负责人说：“我们将组织更多企业开展签约结对活动，共同推进。”该公司获得了好评。"
    assert frames(annotate(text, [])).events == []


USER_SCHEMA = ("name: mine\nroles:\n  time: {labels: [TIME]}\n  place: {labels: [LOC, SPAN]}\n"
               "event_types:\n  strike:\n    roles: [time, place]\n    triggers: [罢工]\n")


@pytest.mark.parametrize(("rules", "expected"), [
    ("", [("time", "11月19日")]),  # no rules: the lexicon trigger, arguments by position alone
    ("rules:\n  place_before_trigger: '在(?P<x>[^，。]{1,25})$'\n",
     [("place", "工厂门口"), ("time", "11月19日")]),
])
def test_user_schema_file_with_and_without_rules(tmp_path, annotate, rules, expected) -> None:
    schema = tmp_path / "mine.yaml"
    schema.write_text(USER_SCHEMA + rules, encoding="utf-8")
    article = make_frames(schema=str(schema), learned=False)(annotate(
        "11月19日，工人在工厂门口罢工。", [("11月19日", "TIME", 0)]))
    [strike] = article.events
    assert (strike.type, roles(strike)) == ("strike", expected)


def test_output_follows_the_json_contract(frames, annotate, article_schema) -> None:
    import json

    record = frames(annotate(CHANGCHUN, CHANGCHUN_ENTITIES)).to_dict()
    article_schema.validate(json.loads(json.dumps(record, ensure_ascii=False)))
    assert record["main_event"] == "e1" and record["five_w1h"]["what"]["trigger"] == "落幕"


@pytest.mark.parametrize(("text", "entities", "objects"), [
    # GUIDELINES §3.3: a list whose items are fillers gives one object per item, without 等Z
    ("专家团队为职工提供医疗咨询、推拿体验、耳穴压豆和血压测量等服务。", [],
     ["医疗咨询", "推拿体验", "耳穴压豆", "血压测量"]),
    # items of two characters only modify the head: the phrase is one span
    ("人社局开展线上、线下等招聘活动。", [], ["线上、线下等招聘活动"]),
    # a count and a head after the items: the items name the head's kinds, the head is the object
    ("人社部推出节能环保、智能制造4个线上招聘专场。", [("4个", "QUANTITY", 0)], ["线上招聘专场"]),
])
def test_listed_objects(frames, annotate, text, entities, objects) -> None:
    event = frames(annotate(text, entities)).events[0]
    assert sorted(a.text for a in event.arguments if a.role == "object") == sorted(objects)


@pytest.mark.parametrize(("text", "expected"), [
    ("人社部今年推出《稳岗扩容提质行动方案》。", ("release_policy", "推出")),  # a document
    ("人社部推出线上招聘专场。", ("hold_activity", "推出")),
    ("2025年“秋招”全面展开。", ("launch", "展开")),
    ("国新办举行中外记者见面会。", ("meeting", "举行")),
])
def test_trigger_types_follow_their_clause(frames, annotate, text, expected) -> None:
    event = frames(annotate(text, [])).events[0]
    assert (event.type, event.trigger.text) == expected


@pytest.mark.parametrize(("text", "objects"), [
    ("工会开展慰问、走访活动。", []),  # a list of verbs after the trigger: no object
    ("工会提供法律咨询、心理辅导以及就业指导等服务。", ["法律咨询", "心理辅导", "就业指导"]),
    ("工会开展法律宣传、安全知识普及宣传等活动。", ["法律宣传", "安全知识普及宣传"]),  # 普及 is a word
])
def test_list_edges(frames, annotate, text, objects) -> None:
    event = frames(annotate(text, [])).events[0]
    assert sorted(a.text for a in event.arguments if a.role == "object") == sorted(objects)


def test_new_triggers_need_their_context(frames, annotate) -> None:
    assert frames(annotate("与会代表围绕议题展开讨论，他开启了新的人生。", [])).events == []
    event = frames(annotate("电视台推出《劳动者之歌》系列节目。", [])).events
    assert all(e.type != "release_policy" for e in event)
