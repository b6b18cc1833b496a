"""evaluate_articles and newsnlp.evaluate: alignment by id, layers, reports, pipelines."""

import json

import pytest
from confection import Config

import newsnlp
from newsnlp.doc import Article, Entity, Event, Span, Word
from newsnlp.errors import AlignmentError, InputFormatError
from newsnlp.evaluation import align, evaluate_articles
from newsnlp.pipeline import Pipeline

TEXT = "张三在北京大学见到李四"


def entities_article(doc_id, *spans, text=TEXT):
    return Article(doc_id, text, entities=[Entity(s, e, text[s:e], label=label) for s, e, label in spans],
                   layers_filled=["entities"])


GOLD = [entities_article("a", (0, 2, "PER"), (3, 7, "ORG"), (9, 11, "PER")),
        entities_article("b", (3, 5, "LOC"))]
PRED = [entities_article("a", (0, 2, "PER"), (3, 5, "LOC"), (9, 11, "PER")),
        entities_article("b", (3, 5, "LOC"))]


def test_scores_intervals_and_json_ready_report():
    report = evaluate_articles(GOLD, PRED, n_boot=100, provenance={"model": "toy"})
    assert report.scores["entity_p"] == 0.75 and report.scores["entity_r"] == 0.75
    figure = report.figures["entity_f"]
    assert figure["low"] <= figure["value"] <= figure["high"]
    record = json.loads(report.to_json())
    assert record["scores"] == report.scores
    assert record["provenance"] == {"model": "toy"}
    assert record["settings"]["layers"] == ["entities"]
    assert record["layers"]["entities"]["documents"] == 2
    assert any("only 2 document" in note for note in record["notes"])


def test_a_changed_text_is_an_error_naming_the_id():
    changed = [PRED[0], entities_article("b", text="张三在北京见到李四")]
    with pytest.raises(AlignmentError, match=r"article 'b'.*character 5"):
        evaluate_articles(GOLD, changed)


def test_repeated_ids_are_an_error():
    with pytest.raises(AlignmentError, match="twice"):
        align(GOLD, [PRED[0], PRED[0]])
    with pytest.raises(AlignmentError, match="gold articles have the id 'a' twice"):
        align([GOLD[0], GOLD[0]], PRED)


def test_missing_predictions_score_as_empty_and_extra_ones_are_left_out():
    extra = entities_article("zzz", (0, 2, "PER"))
    report = evaluate_articles(GOLD, [PRED[0], extra], n_boot=0)
    assert report.alignment["missing"] == ["b"] and report.alignment["extra"] == ["zzz"]
    assert report.scores["entity_r"] == 0.5  # 2 of 4 gold entities: b's LOC is missed
    assert report.scores["entity_p"] == 2 / 3  # zzz's prediction is not counted
    assert any("no prediction" in note for note in report.notes)
    assert any("no gold" in note for note in report.notes)
    assert report.figures["entity_f"]["low"] is None  # n_boot=0: no interval


def test_layers_default_to_those_the_gold_fills_and_unfilled_ones_are_refused():
    with pytest.raises(InputFormatError, match="no gold article fills the 'words' layer"):
        evaluate_articles(GOLD, PRED, layers=["words"])
    with pytest.raises(InputFormatError, match="cannot score layer 'sentences'"):
        evaluate_articles(GOLD, PRED, layers=["sentences"])
    with pytest.raises(InputFormatError, match="nothing to score"):
        evaluate_articles([Article("a", TEXT)], [Article("a", TEXT)])


def test_each_layer_is_scored_on_the_gold_articles_that_fill_it():
    words = Article("c", "开会", words=[Word(0, 2, "开会")], layers_filled=["words"])
    report = evaluate_articles([*GOLD, words], [*PRED, words], n_boot=0)
    assert report.settings["layers"] == ["words", "entities"]
    assert report.layers["words"]["documents"] == 1 and report.layers["entities"]["documents"] == 2
    assert report.scores["word_f"] == 1.0 and report.scores["entity_f"] == 0.75


def test_predictions_that_do_not_fill_a_layer_are_noted():
    report = evaluate_articles(GOLD, [Article("a", TEXT), Article("b", TEXT)], n_boot=0)
    assert report.scores["entity_r"] == 0.0
    assert any("do not fill the 'entities' layer" in note for note in report.notes)


def test_comparison_with_a_second_system():
    report = evaluate_articles(GOLD, GOLD, compare=PRED, names=("gold", "toy"), n_boot=200)
    entity_f = report.comparison["figures"]["entity_f"]
    assert entity_f["a"] == 1.0 and entity_f["b"] == 0.75 and entity_f["delta"] == 0.25
    markdown = report.to_markdown()
    assert "## gold vs toy" in markdown and "| entity_f | 100.0 | 75.0 | +25.0 |" in markdown


def test_markdown_report_shows_headline_tables_and_errors():
    markdown = evaluate_articles(GOLD, PRED, n_boot=50).to_markdown()
    assert "| entity_f | entity F1 (strict: boundaries and label) | 75.0 |" in markdown
    assert "**Per label, strict (%)**" in markdown
    assert "张三在⟦北京⟧大学见到李四" in markdown  # the spurious LOC, highlighted in context


def test_events_are_scored_too():
    event = Event("e1", "交往-会见", Span(5, 7, TEXT[5:7]))
    gold = [Article("a", TEXT, events=[event], layers_filled=["events"])]
    report = evaluate_articles(gold, gold, n_boot=20)
    assert report.scores["trigger_f"] == 1.0 and "duee_f" in report.scores


def tag_beijing(article):
    """A toy stage: 北京 is a LOC; it must see no gold layers."""
    assert article.layers_filled == [] and article.entities == []
    start = article.text.find("北京")
    article.set_layer("entities", [] if start < 0 else [Entity(start, start + 2, "北京", label="LOC")])
    return article


def test_newsnlp_evaluate_runs_a_pipeline_over_the_gold_texts(capsys):
    pipeline = Pipeline(Config(), {"entity": tag_beijing})
    report = newsnlp.evaluate(GOLD, pipeline=pipeline, n_boot=20)
    assert report.scores["entity_p"] == 0.5 and report.scores["entity_r"] == 0.25
    assert GOLD[0].entities[1].label == "ORG"  # the gold articles are untouched


def test_newsnlp_evaluate_needs_predictions_or_a_pipeline():
    with pytest.raises(TypeError):
        newsnlp.evaluate(GOLD)
    with pytest.raises(TypeError):
        newsnlp.evaluate(GOLD, PRED, pipeline=Pipeline(Config(), {}))
    assert newsnlp.evaluate(GOLD, PRED, n_boot=0).scores["entity_f"] == 0.75
