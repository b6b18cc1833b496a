"""The rule page splitter: hand-checked splits of three page layouts, the coverage invariant, edge cases."""

import json
from collections import Counter
from pathlib import Path

import pytest
from confection import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp import Pipeline, registry
from newsnlp.doc import ARTICLE_KINDS, Article
from newsnlp.errors import ConfigError
from newsnlp.stages.page.rules import make_page_splitter

SAMPLES = Path(__file__).resolve().parents[3] / "corpora" / "samples"
PAGES = ["workers_daily_page", "xinhua_wire", "numbered_photos_page"]
SPLITTER = make_page_splitter()


def read(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text("utf-8")


def split(page: str, **kwargs) -> list[Article]:
    articles = SPLITTER.split(page, **kwargs)
    check_invariants(page, articles)
    return articles


def check_invariants(page: str, articles: list[Article]) -> None:
    """Each non-blank page character lies in exactly one article's page spans; every field and
    every text character comes from the article's own spans; meta offsets match the text."""
    owners = [0] * len(page)
    for article in articles:
        assert article.kind in ARTICLE_KINDS
        spans = article.meta["page_spans"]
        assert spans == sorted(spans)
        for start, end in spans:
            assert 0 <= start < end <= len(page)
            for position in range(start, end):
                owners[position] += 1
        own = "\n".join(page[start:end] for start, end in spans)
        assert Counter(article.text.replace("\n", "")) <= Counter(own)
        fields = [article.title, article.byline, *(article.kicker or "").split("\n"),
                  *(article.subtitle or "").split("\n"), *(box["text"] for box in article.meta["boxes"])]
        assert all(value in own for value in fields if value)
        for item in article.meta["sections"] + article.meta["fragments"]:
            assert article.text[item["start"]:item["end"]] == item["text"]
    assert all(count <= 1 for count in owners)
    assert [p for p, char in enumerate(page) if not char.isspace() and owners[p] != 1] == []
    assert len({article.id for article in articles}) == len(articles)


def line_range(page: str, article: Article) -> str:
    spans = article.meta["page_spans"]
    return f"{page.count(chr(10), 0, spans[0][0]) + 1}-{page.count(chr(10), 0, spans[-1][1] - 1) + 1}"


def summary(page: str, article: Article) -> dict:
    return {"lines": line_range(page, article), "kind": article.kind, "kicker": article.kicker,
            "title": article.title, "subtitle": article.subtitle, "byline": article.byline,
            "paragraphs": len(article.text.split("\n")),
            "sections": [section["text"] for section in article.meta["sections"]],
            "boxes": article.meta["boxes"],
            "fragments": [{"missing": f["missing"], "text": f["text"]} for f in article.meta["fragments"]]}


@pytest.mark.parametrize("name", PAGES)
def test_split_matches_the_hand_checked_expectation(name, article_schema):
    page = read(name)
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8"))["items"]
    articles = split(page, date="2025-11-25", page_id=name)
    assert [a.id for a in articles] == [f"{name}-{n:02d}" for n in range(1, len(expected) + 1)]
    for article, item in zip(articles, expected):
        assert summary(page, article) == {key: item[key] for key in summary(page, article)}
        assert article.text.startswith(item["first_sentence"]), article.id
        assert article.text.endswith(item["last_sentence"]), article.id
        assert all(join in article.text for join in item["joins"]), article.id
        assert article.date == "2025-11-25"
        article_schema.validate(article.to_dict())


def test_the_sample_page_has_eight_articles_and_two_photos():
    articles = split(read("workers_daily_page"))
    assert Counter(a.kind for a in articles) == {"article": 8, "photo": 2}
    assert [len(a.meta["sections"]) for a in articles if a.meta["sections"]] == [2]
    assert all(a.byline for a in articles if a.kind == "photo")


def test_expected_first_and_last_sentences_are_sentences_of_the_sentence_stage():
    nlp = Pipeline.from_config(Config({"pipeline": {"order": ["page", "sentence"]}, "stages": {
        "page": {"backend": "page.rules.v1"}, "sentence": {"backend": "sentence.rules.v1"}}}))
    for name in PAGES:
        expected = json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8"))["items"]
        for article, item in zip(nlp.process_page(read(name)), expected, strict=True):
            sentences = [s.text for s in article.sentences]
            assert (sentences[0], sentences[-1]) == (item["first_sentence"], item["last_sentence"])


def test_a_column_jump_joins_the_orphan_start_to_the_open_end():
    page = read("workers_daily_page")
    page = page[:page.rindex("\n\n观，还存在安全隐患。")]  # without the duplicated last line
    jinqiao = split(page)[-1]
    assert jinqiao.text.startswith("情况的转机出现在“工速办”平台。")
    assert jinqiao.text.endswith("“见缝插针”式晾晒，不仅不美观，还存在安全隐患。")
    assert jinqiao.meta["fragments"] == []


def test_an_article_cut_off_at_the_end_is_flagged():
    [article] = split("# 标题\n\n本报讯 第一段。\n\n第二段没有写")
    assert article.text == "本报讯 第一段。\n第二段没有写"
    assert article.meta["fragments"] == [{"start": 9, "end": 15, "text": "第二段没有写", "missing": "end"}]


def test_section_heads_versus_new_articles():
    feature, news = split("# 特写\n\n本报讯 甲。\n\n## 小标题\n\n乙。\n\n## 新闻\n\n本报讯（记者丙）丁。")
    assert feature.title == "特写" and feature.text == "本报讯 甲。\n小标题\n乙。"
    assert feature.meta["sections"] == [{"start": 7, "end": 10, "text": "小标题"}]
    assert (news.title, news.byline) == ("新闻", "本报讯（记者丙）")
    assert [a.title for a in split("## 一\n\n甲。\n\n## 二\n\n乙。")] == ["一", "二"]  # same rank
    [article] = split("# 主题\n## 副题\n\n正文。")
    assert (article.title, article.subtitle, article.text) == ("主题", "副题", "正文。")


def test_boxes_go_to_the_article_they_head():
    first, second = split("# 甲\n\n本报讯 一。\n\n【编者按】按语。\n\n# 乙\n\n二。")
    assert first.meta["boxes"] == [] and second.meta["boxes"] == [{"label": "编者按", "text": "按语。"}]
    [box] = split("阅读提示\n\n这是提示。")
    assert (box.kind, box.title, box.text) == ("box", "阅读提示", "这是提示。")


def test_empty_and_blank_pages_give_nothing():
    assert split("") == []
    assert split("\n \n\u3000\u3000\r\n\t") == []


def test_text_before_the_first_headline_is_a_fragment_unless_it_opens_with_a_byline():
    fragment, article = split("接上一版的文字。\n\n# 标题\n\n正文。")
    assert (fragment.kind, fragment.meta["fragments"][0]["missing"]) == ("fragment", "start")
    untitled, _ = split("本报讯（记者甲）无题的消息。\n\n# 标题\n\n正文。")
    assert (untitled.kind, untitled.title, untitled.byline) == ("article", None, "本报讯（记者甲）")


def test_a_page_without_headings_is_one_article():
    [article] = split("\u3000\u3000第一段话。\n\n第二段，被排版\n\n截断了。\n")
    assert (article.kind, article.title) == ("article", None)
    assert article.text == "第一段话。\n第二段，被排版截断了。"
    assert article.meta["fragments"] == []


def test_crlf_and_cr_line_endings_split_like_lf():
    page = read("workers_daily_page")
    fields = [(a.kind, a.title, a.kicker, a.byline, a.text, a.meta["sections"]) for a in split(page)]
    for newline in ("\r\n", "\r"):
        other = split(page.replace("\n", newline))
        assert [(a.kind, a.title, a.kicker, a.byline, a.text, a.meta["sections"]) for a in other] == fields


def test_traditional_characters():
    page = ("## 上海今年新增超千家職工間休息室\n\n本報訊（記者裴龍翔）記者日前從上海市總工會獲悉。\n\n"
            "崗位培訓\n\n11月24日，學生們正在進行電工作業實操。\n\n本報通訊員 孫振嵩 攝")
    article, photo = split(page)
    assert (article.title, article.byline) == ("上海今年新增超千家職工間休息室", "本報訊（記者裴龍翔）")
    assert (photo.kind, photo.title, photo.byline) == ("photo", "崗位培訓", "本報通訊員 孫振嵩 攝")


def test_articles_round_trip_through_json():
    for article in split(read("workers_daily_page")):
        assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article


def test_the_registry_builds_it_and_it_takes_no_settings():
    assert registry.get("page.rules.v1").load() is make_page_splitter
    with pytest.raises(ConfigError, match="max_lines: unknown setting; allowed: none"):
        registry.get("page.rules.v1").check_settings({"max_lines": 3}, "[stages.page]")


PAGE_LINES = st.sampled_from([
    "# 标题", "## 小标题", "### 节", "无锡市总推动产学研用深度融合", "本报讯（记者甲）近日，开幕。",
    "本报记者 刘旭 本报通讯员 闻明", "本报通讯员 孙振嵩 摄", "图①：工人在检修。", "阅读提示",
    "【编者按】按语。", "岗位培训", "一段完整的话。", "一段被截断的", "观，还存在安全隐患。", "（完）",
    "——副题", "", " ", "\u3000",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(PAGE_LINES, st.text(max_size=8)), max_size=30).map(
    lambda lines: "\n".join(lines)), st.lists(PAGE_LINES, max_size=30).map(lambda lines: "\r\n".join(lines))))
def test_random_pages_never_crash_and_keep_the_invariants(page):
    articles = split(page)
    assert all(Article.from_dict(a.to_dict()) == a for a in articles)
