"""Entity scores: hand-computed cases, and identical figures to seqeval and nervaluate on BIO input."""

import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from newsnlp.doc import Article, Entity
from newsnlp.evaluation.entity import SCHEMES, match_entities, score_entities

LABELS = ("PER", "ORG", "LOC")


def article(text, *spans, doc_id="d"):
    entities = [Entity(start, end, text[start:end], label=label) for start, end, label in spans]
    return Article(doc_id, text, entities=entities, layers_filled=["entities"])


def scores(gold, pred):
    return score_entities([(gold, pred)])


TEXT = "无锡市总工会在北京召开会议"


def test_perfect_prediction_scores_one_in_every_scheme():
    gold = article(TEXT, (0, 6, "ORG"), (7, 9, "LOC"))
    figures = scores(gold, gold).figures()
    for name in ("entity", "entity_exact", "entity_partial", "entity_type", "entity_macro"):
        assert figures[f"{name}_p"] == figures[f"{name}_r"] == figures[f"{name}_f"] == 1.0


def test_empty_gold_makes_every_prediction_spurious():
    result = scores(article(TEXT), article(TEXT, (0, 3, "LOC"), (7, 9, "LOC")))
    assert result.details["schemes"]["strict"] == {"cor": 0, "inc": 0, "par": 0, "mis": 0, "spu": 2}
    figures = result.figures()
    assert (figures["entity_p"], figures["entity_r"], figures["entity_f"]) == (0.0, 0.0, 0.0)
    assert figures["entity_macro_f"] == 0.0


def test_empty_prediction_misses_everything():
    result = scores(article(TEXT, (0, 6, "ORG"), (7, 9, "LOC")), article(TEXT))
    assert result.details["schemes"]["partial"]["mis"] == 2
    assert result.figures()["entity_r"] == 0.0
    assert [e["error"] for e in result.details["errors"]] == ["missed", "missed"]


def test_empty_gold_and_prediction_score_zero_without_error():
    figures = scores(article(TEXT), article(TEXT)).figures()
    assert figures["entity_f"] == 0.0 and figures["entity_macro_f"] == 0.0


def test_duplicate_prediction_counts_once_correct_once_spurious():
    # P = 1/2, R = 1/1, F = 2/3
    figures = scores(article(TEXT, (7, 9, "LOC")), article(TEXT, (7, 9, "LOC"), (7, 9, "LOC"))).figures()
    assert (figures["entity_p"], figures["entity_r"]) == (0.5, 1.0)
    assert figures["entity_f"] == pytest.approx(2 / 3)


def test_duplicate_gold_spans_need_two_predictions():
    figures = scores(article(TEXT, (7, 9, "LOC"), (7, 9, "LOC")), article(TEXT, (7, 9, "LOC"))).figures()
    assert (figures["entity_p"], figures["entity_r"]) == (1.0, 0.5)


def test_overlapping_gold_spans_nested_names():
    # gold has both 无锡市总工会/ORG and the nested 无锡市/LOC; the prediction finds only 无锡市
    gold = article(TEXT, (0, 6, "ORG"), (0, 3, "LOC"))
    figures = scores(gold, article(TEXT, (0, 3, "LOC"))).figures()
    assert (figures["entity_p"], figures["entity_r"]) == (1.0, 0.5)
    assert figures["entity_f[LOC]"] == 1.0 and figures["entity_f[ORG]"] == 0.0
    assert figures["entity_macro_f"] == 0.5


def test_exact_match_is_not_lost_to_an_earlier_overlapping_prediction():
    # nervaluate would let 无锡/LOC use up the gold 无锡市总工会 and call the exact ORG spurious
    gold = article(TEXT, (0, 6, "ORG"))
    pred = article(TEXT, (0, 2, "LOC"), (0, 6, "ORG"))
    assert [o.category for o in match_entities(gold.entities, pred.entities)] == ["spu", "cor"]
    figures = scores(gold, pred).figures()
    assert (figures["entity_p"], figures["entity_r"]) == (0.5, 1.0)


def test_schemes_on_boundary_and_label_errors():
    # gold 无锡市总工会/ORG 北京/LOC; predicted 无锡市/ORG (boundary) and 北京/ORG (label)
    gold = article(TEXT, (0, 6, "ORG"), (7, 9, "LOC"))
    result = scores(gold, article(TEXT, (0, 3, "ORG"), (7, 9, "ORG")))
    schemes = result.details["schemes"]
    assert schemes["strict"] == {"cor": 0, "inc": 2, "par": 0, "mis": 0, "spu": 0}
    assert schemes["exact"] == {"cor": 1, "inc": 1, "par": 0, "mis": 0, "spu": 0}
    assert schemes["partial"] == {"cor": 1, "inc": 0, "par": 1, "mis": 0, "spu": 0}
    assert schemes["type"] == {"cor": 1, "inc": 1, "par": 0, "mis": 0, "spu": 0}
    figures = result.figures()
    assert figures["entity_f"] == 0.0
    assert figures["entity_exact_f"] == 0.5
    assert figures["entity_partial_p"] == 0.75  # (1 + 0.5) / 2
    assert figures["entity_type_f"] == 0.5
    errors = {(e["kind"], e["error"], e["text"]) for e in result.details["errors"]}
    assert errors == {("FP", "boundary", "无锡市"), ("FN", "boundary", "无锡市总工会"),
                      ("FP", "label", "北京"), ("FN", "label", "北京")}


def test_confusion_table_rows_gold_columns_predicted():
    gold = article(TEXT, (0, 6, "ORG"), (7, 9, "LOC"), (9, 11, "ORG"))
    pred = article(TEXT, (0, 6, "ORG"), (7, 9, "ORG"), (11, 13, "PER"))
    confusion = scores(gold, pred).details["confusion"]
    assert confusion["labels"] == ["LOC", "ORG", "PER", "∅"]
    cell = {(g, p): confusion["matrix"][i][j] for i, g in enumerate(confusion["labels"])
            for j, p in enumerate(confusion["labels"])}
    assert cell["ORG", "ORG"] == 1 and cell["LOC", "ORG"] == 1
    assert cell["ORG", "∅"] == 1 and cell["∅", "PER"] == 1
    assert sum(map(sum, confusion["matrix"])) == 4


def test_errors_carry_context_and_cjk_extension_characters_count_as_one():
    text = "𠀀𠀁公司在北京设立分部"
    gold = article(text, (0, 4, "ORG"), (5, 7, "LOC"))
    pred = article(text, (0, 3, "ORG"), (5, 7, "LOC"))
    result = scores(gold, pred)
    figures = result.figures()
    assert (figures["entity_p"], figures["entity_r"], figures["entity_exact_f"]) == (0.5, 0.5, 0.5)
    assert figures["entity_partial_p"] == 0.75
    missed = next(e for e in result.details["errors"] if e["kind"] == "FN")
    assert (missed["left"], missed["text"], missed["right"]) == ("", "𠀀𠀁公司", "在北京设立分部")
    assert missed["other"]["text"] == "𠀀𠀁公"


def test_micro_sums_over_documents():
    g1, p1 = article(TEXT, (7, 9, "LOC"), doc_id="a"), article(TEXT, (7, 9, "LOC"), doc_id="a")
    g2, p2 = article(TEXT, (0, 6, "ORG"), doc_id="b"), article(TEXT, doc_id="b")
    figures = score_entities([(g1, p1), (g2, p2)]).figures()
    assert (figures["entity_p"], figures["entity_r"]) == (1.0, 0.5)


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown scheme"):
        match_entities([], [], "lenient")


# --- cross-checks against seqeval and nervaluate on BIO input ---------------------------------------

@st.composite
def flat_spans(draw, length):
    spans, position = [], 0
    while position < length:
        start = position + draw(st.integers(0, 3))
        if start >= length:
            break
        end = start + draw(st.integers(1, min(4, length - start)))
        spans.append((start, end, draw(st.sampled_from(LABELS))))
        position = end
    return spans


@st.composite
def documents(draw):
    docs = []
    for number in range(draw(st.integers(1, 4))):
        length = draw(st.integers(0, 20))
        text = "".join(draw(st.sampled_from("甲乙丙丁戊己庚辛")) for _ in range(length))
        docs.append((article(text, *draw(flat_spans(length)), doc_id=str(number)),
                     article(text, *draw(flat_spans(length)), doc_id=str(number))))
    return docs


def bio(article_):
    tags = ["O"] * len(article_.text)
    for entity in article_.entities:
        tags[entity.start:entity.end] = [f"B-{entity.label}"] + [f"I-{entity.label}"] * (
            entity.end - entity.start - 1)
    return tags


CROSS_CHECK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CROSS_CHECK
@given(documents())
def test_strict_micro_macro_and_per_label_equal_seqeval(docs):
    assume(any(gold.entities or pred.entities for gold, pred in docs))
    y_true, y_pred = [bio(gold) for gold, _ in docs], [bio(pred) for _, pred in docs]
    figures = score_entities(docs).figures()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert figures["entity_p"] == precision_score(y_true, y_pred)
        assert figures["entity_r"] == recall_score(y_true, y_pred)
        assert figures["entity_f"] == f1_score(y_true, y_pred)
        report = classification_report(y_true, y_pred, output_dict=True)
    for label in LABELS:
        if label in report:
            for letter, key in (("p", "precision"), ("r", "recall"), ("f", "f1-score")):
                assert figures[f"entity_{letter}[{label}]"] == report[label][key]
    for letter, key in (("p", "precision"), ("r", "recall"), ("f", "f1-score")):
        assert figures[f"entity_macro_{letter}"] == pytest.approx(report["macro avg"][key], abs=1e-12)


NERVALUATE_NAMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


@CROSS_CHECK
@given(documents())
def test_all_four_schemes_overall_and_per_label_equal_nervaluate(docs):
    result = score_entities(docs)
    figures = result.figures()
    evaluation = Evaluator([bio(gold) for gold, _ in docs], [bio(pred) for _, pred in docs],
                           tags=list(LABELS), loader="list").evaluate()
    for scheme in SCHEMES:
        theirs = evaluation["overall"][NERVALUATE_NAMES[scheme]]
        name = "entity" if scheme == "strict" else f"entity_{scheme}"
        assert result.details["schemes"][scheme] == {
            "cor": theirs.correct, "inc": theirs.incorrect, "par": theirs.partial,
            "mis": theirs.missed, "spu": theirs.spurious}
        assert (figures[f"{name}_p"], figures[f"{name}_r"], figures[f"{name}_f"]) == (
            theirs.precision, theirs.recall, theirs.f1)
        for label, by_scheme in evaluation["entities"].items():
            theirs = by_scheme[NERVALUATE_NAMES[scheme]]
            assert (figures[f"{name}_p[{label}]"], figures[f"{name}_r[{label}]"],
                    figures[f"{name}_f[{label}]"]) == (theirs.precision, theirs.recall, theirs.f1)


def test_type_scheme_takes_the_closest_same_label_gold_like_nervaluate():
    # 甲乙|丙丁戊|己: the prediction [1, 5) overlaps both gold PERs and is closest to [3, 6)
    text = "甲乙丙丁戊己"
    gold, pred = article(text, (0, 2, "PER"), (3, 6, "PER")), article(text, (1, 5, "PER"), (5, 6, "PER"))
    result = score_entities([(gold, pred)])
    assert result.details["schemes"]["type"] == {"cor": 1, "inc": 0, "par": 0, "mis": 1, "spu": 1}
    theirs = Evaluator([bio(gold)], [bio(pred)], tags=["PER"], loader="list").evaluate()
    assert result.figures()["entity_type_f"] == theirs["overall"]["ent_type"].f1 == 0.5
