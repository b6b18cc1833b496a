"""Merging mentions into one event list per article; the main event and its 5W1H."""

from __future__ import annotations

from newsnlp.stages.event.merge import events_from_mentions
from newsnlp.stages.event.schema import load_schema
from newsnlp.stages.event.stage import Mention, MentionArgument

TEXT = "近日，无锡市总工会启动技能竞赛。无锡市总工会表示，竞赛已于11月19日启动。另有3家企业启动竞赛。"
#       0 2   5      10   14       19       26          38    44       53  57

def mention(trigger: str, nth: int, score: float, evidence: int, *arguments: tuple[str, str, int]
            ) -> Mention:
    def at(surface: str, k: int) -> int:
        start = -1
        for _ in range(k + 1):
            start = TEXT.index(surface, start + 1)
        return start

    start = at(trigger, nth)
    return Mention("launch", start, start + len(trigger), score,
                   tuple(MentionArgument(role, at(s, k), at(s, k) + len(s)) for role, s, k in arguments),
                   evidence=evidence, source="test")


def test_mentions_of_one_event_merge_and_different_ones_do_not(annotate) -> None:
    article = annotate(TEXT, [("近日", "TIME", 0), ("无锡市总工会", "ORG", 0), ("无锡市总工会", "ORG", 1),
                              ("11月19日", "TIME", 0), ("3家", "QUANTITY", 0)], title="无锡启动技能竞赛")
    mentions = [
        mention("启动", 0, 0.8, 0, ("organizer", "无锡市总工会", 0), ("time", "近日", 0)),
        mention("启动", 1, 0.5, 1, ("organizer", "无锡市总工会", 1), ("time", "11月19日", 0)),
        mention("启动", 2, 0.6, 2, ("count", "3家", 0)),
    ]
    events_from_mentions(article, load_schema("news"), mentions, "test")
    first, other = article.events
    # sentences 0 and 1 share the organiser; 近日 (a window) and 11月19日 differ in value, so the time
    # of the second mention does not join, but the event is one: evidence from both sentences
    assert first.evidence == (0, 1) and first.confidence == 0.9  # 1 - 0.2 * 0.5
    assert [(a.role, a.text) for a in first.arguments] == [("time", "近日"), ("organizer", "无锡市总工会")]
    assert other.evidence == (2,) and [a.text for a in other.arguments] == ["3家"]
    assert article.main_event == first.id
    summary = article.five_w1h
    assert summary["what"] == {"type": "launch", "trigger": "启动", "objects": []}
    assert summary["who"] == [{"role": "organizer", "text": "无锡市总工会"}]
    assert summary["when"][0]["value"] == {"iso": "2025-11-18/2025-11-25", "type": "interval",
                                           "precision": "day", "approx": True}


def test_no_events_no_main_event(annotate) -> None:
    article = annotate(TEXT, [])
    article.main_event, article.five_w1h = "stale", {"event": "stale"}
    events_from_mentions(article, load_schema("news"), [], "test")
    assert article.events == [] and "events" in article.layers_filled
    assert (article.main_event, article.five_w1h) == (None, None)
