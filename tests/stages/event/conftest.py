"""Helpers for event-stage tests: articles from text plus hand-given entities (GUIDELINES §4 examples),
and invented DuEE-style records to train tiny taggers on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsnlp.doc import Article, Entity
from newsnlp.stages.normalise.rules import make_normaliser
from newsnlp.stages.sentence.rules import make_sentence_splitter

SPLIT, NORMALISE = make_sentence_splitter(), make_normaliser()

# invented DuEE-style records (no corpus text in the repository)
RECORDS = [
    {"id": f"r{i}", "text": f"{who}宣布裁员{n}人", "events": [{
        "type": "组织关系-裁员", "trigger": {"start": len(who) + 2, "end": len(who) + 4},
        "arguments": [{"role": "裁员方", "start": 0, "end": len(who)},
                      {"role": "裁员人数", "start": len(who) + 4, "end": len(who) + 5 + len(n)}]}]}
    for i, (who, n) in enumerate([("甲公司", "300"), ("乙集团", "45"), ("丙银行", "1200"), ("丁工厂", "80")])
] + [
    {"id": f"o{i}", "text": f"{name}在{place}开幕", "events": [{
        "type": "组织行为-开幕", "trigger": {"start": len(name) + len(place) + 1,
                                        "end": len(name) + len(place) + 3},
        "arguments": [{"role": "活动名称", "start": 0, "end": len(name)},
                      {"role": "地点", "start": len(name) + 1, "end": len(name) + 1 + len(place)}]}]}
    for i, (name, place) in enumerate([("技能大赛", "南宁"), ("读书节", "上海"), ("运动会", "长春")])
]


def annotated(text: str, entities: list[tuple[str, str, int]], date: str = "2025-11-25",
              title: str | None = None) -> Article:
    """``text`` split into sentences, with entities ``(surface, label, occurrence)``, normalised."""
    found = []
    for surface, label, nth in entities:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        found.append(Entity(start, start + len(surface), surface, label=label))
    article = Article("doc", text, date=date, title=title)
    article.set_layer("entities", found)
    return NORMALISE(SPLIT(article))


@pytest.fixture(scope="session")
def annotate() -> Callable[..., Article]:
    return annotated
