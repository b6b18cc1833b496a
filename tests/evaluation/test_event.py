"""Event scores, hand-computed: triggers, ACE arguments (strict), DuEE 1.0, document-level, time."""

import pytest

from newsnlp.doc import Argument, Article, Event, Span
from newsnlp.evaluation.event import char_f1, duee_scores, score_events

TEXT = "纳达尔击败梅德韦杰夫后夺得冠军"
# 纳达尔 [0,3) 击败 [3,5) 梅德韦杰夫 [5,10) 后 夺得 [11,13) 冠军 [13,15)


def arg(start, end, role, text=TEXT, **kw):
    return Argument(start, end, text[start:end], role=role, **kw)


def event(kind, trigger, *arguments, text=TEXT, event_id="e"):
    return Event(event_id, kind, Span(*trigger, text[trigger[0]:trigger[1]]), arguments=arguments)


def article(*events, text=TEXT, doc_id="d"):
    return Article(doc_id, text, events=list(events), layers_filled=["events"])


def figures(gold, pred):
    return score_events([(gold, pred)]).figures()


GOLD = article(event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "败者")),
               event("竞赛行为-夺冠", (11, 13), arg(0, 3, "冠军")))


def test_triggers_and_strict_arguments():
    pred = article(
        event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "胜者")),  # role error
        event("竞赛行为-晋级", (11, 13), arg(0, 3, "晋级方")),  # trigger found, type wrong
        event("人生-死亡", (0, 1), arg(0, 3, "死者")))  # spurious trigger
    result = figures(GOLD, pred)
    # trigger identification: 2 of 3 predicted spans right, 2 of 2 gold found
    assert (result["trigger_id_p"], result["trigger_id_r"], result["trigger_id_f"]) == pytest.approx(
        (2 / 3, 1.0, 0.8))
    # classification: only 胜负 is right
    assert (result["trigger_p"], result["trigger_r"], result["trigger_f"]) == pytest.approx(
        (1 / 3, 1 / 2, 0.4))
    # arguments: 4 predicted, 3 gold; only the paired 胜负 event's two spans can count
    assert (result["argument_id_p"], result["argument_id_r"]) == pytest.approx((2 / 4, 2 / 3))
    assert (result["argument_p"], result["argument_r"], result["argument_f"]) == pytest.approx(
        (1 / 4, 1 / 3, 2 / 7))
    assert result["trigger_f[竞赛行为-胜负]"] == 1.0 and result["trigger_f[竞赛行为-夺冠]"] == 0.0
    assert result["argument_f[竞赛行为-胜负]"] == 0.5


def test_argument_errors_say_why():
    pred = article(event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "胜者")),
                   event("人生-死亡", (0, 1), arg(0, 3, "死者")))
    details = score_events([(GOLD, pred)]).details
    kinds = {(e["kind"], e["error"], e["role"]) for e in details["errors"]["arguments"]}
    assert kinds == {("FN", "role", "败者"), ("FP", "role", "胜者"), ("FN", "event missed", "冠军"),
                     ("FP", "event spurious", "死者")}
    triggers = {(e["kind"], e["event_type"]) for e in details["errors"]["triggers"]}
    assert triggers == {("FN", "竞赛行为-夺冠"), ("FP", "人生-死亡")}


def test_empty_gold_and_empty_prediction():
    empty = article()
    assert figures(GOLD, empty)["trigger_r"] == 0.0 and figures(GOLD, empty)["duee_r"] == 0.0
    assert figures(empty, GOLD)["argument_p"] == 0.0 and figures(empty, GOLD)["doc_event_p"] == 0.0
    assert all(value == 0.0 for value in figures(empty, empty).values())


def test_perfect_prediction_scores_one():
    result = figures(GOLD, GOLD)
    for name in ("trigger_id", "trigger", "argument_id", "argument", "duee", "doc_event"):
        assert result[f"{name}_f"] == 1.0


def test_duplicate_trigger_pairs_once():
    duplicated = article(*GOLD.events, GOLD.events[0])
    result = figures(GOLD, duplicated)
    assert (result["trigger_p"], result["trigger_r"]) == (2 / 3, 1.0)
    assert (result["argument_p"], result["argument_r"]) == (3 / 5, 1.0)


def test_same_trigger_events_pair_by_shared_arguments():
    # two gold 胜负 events on one trigger; the prediction lists them in the other order
    first = event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"))
    second = event("竞赛行为-胜负", (3, 5), arg(5, 10, "败者"))
    result = figures(article(first, second), article(second, first))
    assert result["argument_f"] == 1.0


def test_char_f1_is_case_insensitive_and_counts_shared_characters():
    assert char_f1("Nadal", "NADAL") == 1.0
    assert char_f1("梅德韦杰夫", "梅德韦杰夫后") == pytest.approx(2 * 1 * 5 / 6 / (1 + 5 / 6))
    assert char_f1("夫杰", "杰夫") == 1.0  # characters are a multiset, order does not matter
    assert char_f1("𠀀𠀁", "𠀀") == pytest.approx(2 / 3)  # a CJK extension character is one character
    assert char_f1("甲", "乙") == 0.0


def test_duee_takes_the_best_of_multiple_mentions():
    text = "拉斐尔·纳达尔(Rafael Nadal)夺冠"
    gold = event("竞赛行为-夺冠", (21, 23), arg(0, 7, "冠军", text=text, value={"alias": ["NADAL"]}),
                 text=text)
    pred_full = event("竞赛行为-夺冠", (21, 23), arg(15, 20, "冠军", text=text), text=text)  # "Nadal"
    assert duee_scores([gold], [pred_full]) == [1.0]
    pred_part = event("竞赛行为-夺冠", (21, 23), arg(4, 7, "冠军", text=text), text=text)  # 纳达尔
    assert duee_scores([gold], [pred_part]) == [pytest.approx(2 * 1 * 3 / 7 / (1 + 3 / 7))]


def test_duee_needs_the_same_type_and_role_and_picks_the_best_gold_argument():
    gold = [event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "败者"))]
    assert duee_scores(gold, [event("竞赛行为-夺冠", (3, 5), arg(0, 3, "胜者"))]) == [0.0]
    assert duee_scores(gold, [event("竞赛行为-胜负", (3, 5), arg(0, 3, "败者"))]) == [0.0]
    # two gold 参赛方-like arguments of one role: the prediction scores against the closer one
    two = [event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "胜者"))]
    assert duee_scores(two, [event("竞赛行为-胜负", (3, 5), arg(6, 10, "胜者"))]) == [
        pytest.approx(2 * 1 * 0.8 / 1.8)]


def test_duee_official_precision_and_recall():
    # gold 胜者 纳达尔, 败者 梅德韦杰夫, 冠军 纳达尔; predicted 胜者 纳达尔 (1), 败者 韦杰夫 (0.75),
    # and a spurious 冠军 of a wrong event type (0): P = 1.75 / 3, R = 1.75 / 3
    pred = article(event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(7, 10, "败者")),
                   event("竞赛行为-晋级", (11, 13), arg(0, 3, "冠军")))
    result = figures(GOLD, pred)
    assert (result["duee_p"], result["duee_r"]) == pytest.approx((1.75 / 3, 1.75 / 3))


def test_duee_follows_the_formula_for_repeated_predictions():
    # every predicted argument scores: the same right argument twice scores 2 over 1 gold argument
    gold = article(event("竞赛行为-夺冠", (11, 13), arg(0, 3, "冠军")))
    pred = article(event("竞赛行为-夺冠", (11, 13), arg(0, 3, "冠军"), arg(0, 3, "冠军")))
    result = figures(gold, pred)
    assert (result["duee_p"], result["duee_r"]) == (1.0, 2.0)


def test_document_level_match_without_replacement_ignores_triggers():
    gold = article(event("竞赛行为-胜负", (3, 5), arg(0, 3, "胜者"), arg(5, 10, "败者")),
                   event("竞赛行为-胜负", (3, 5), arg(5, 10, "胜者")))
    # predictions on another trigger; one matches the first gold event fully, the other is wrong
    pred = article(event("竞赛行为-胜负", (11, 13), arg(0, 3, "胜者"), arg(5, 10, "败者")),
                   event("竞赛行为-胜负", (11, 13), arg(0, 3, "败者")))
    result = figures(gold, pred)
    assert (result["doc_event_p"], result["doc_event_r"]) == (2 / 3, 2 / 3)
    assert result["trigger_f"] == 0.0


def test_normalised_time_accuracy():
    text = "11月19日纳达尔击败梅德韦杰夫，次日夺冠"
    day, next_day = {"iso": "2025-11-19"}, {"iso": "2025-11-20"}
    gold = article(event("竞赛行为-胜负", (9, 11), arg(0, 6, "时间", text, value=day), text=text),
                   event("竞赛行为-夺冠", (19, 21), arg(17, 19, "时间", text, value=next_day),
                         text=text), text=text)
    pred = article(event("竞赛行为-胜负", (9, 11), arg(0, 6, "时间", text, value=day), text=text),
                   event("竞赛行为-夺冠", (19, 21), text=text), text=text)
    result = score_events([(gold, pred)])
    assert (result.figures()["time_accuracy"], result.figures()["time_accuracy_found"]) == (0.5, 1.0)
    assert result.details["time"] == {"gold": 2, "found": 1, "correct": 1}
    wrong = article(event("竞赛行为-胜负", (9, 11), arg(0, 6, "时间", text, value=next_day),
                          text=text), text=text)
    result = score_events([(gold, wrong)])
    assert result.figures()["time_accuracy_found"] == 0.0
    assert [e["predicted"] for e in result.details["errors"]["time"]] == [["2025-11-20"], None]
    other_key = score_events([(gold, pred)], time_key="value").figures()
    assert other_key["time_accuracy"] == 0.0 and other_key["time_accuracy_found"] == 0.0


def test_per_type_support():
    details = score_events([(GOLD, article(GOLD.events[0]))]).details
    assert details["support"]["竞赛行为-夺冠"] == {"gold_events": 1, "pred_events": 0,
                                                "gold_arguments": 1, "pred_arguments": 0}
