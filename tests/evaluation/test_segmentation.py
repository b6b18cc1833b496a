"""Word segmentation scores (SIGHAN convention), hand-computed."""

import pytest

from newsnlp.doc import Article, Word
from newsnlp.evaluation.segmentation import score_segmentation


def segmented(text, words, doc_id="d"):
    """An article whose words are ``words`` split at "|" (they must cover ``text`` in order)."""
    spans, start = [], 0
    for word in words.split("|") if words else []:
        start = text.index(word, start)
        spans.append(Word(start, start + len(word), word))
        start += len(word)
    return Article(doc_id, text, words=spans, layers_filled=["words"])


def figures(pairs, word_list=None):
    return score_segmentation(pairs, word_list).figures()


TEXT = "全国总工会召开会议"


def test_sighan_precision_recall_and_oov_figures():
    # gold 全国|总工会|召开|会议 (4), predicted 全国|总|工会|召开|会议 (5): 3 right
    gold = segmented(TEXT, "全国|总工会|召开|会议")
    pred = segmented(TEXT, "全国|总|工会|召开|会议")
    result = figures([(gold, pred)], word_list={"全国", "召开", "会议", "工会"})
    assert (result["word_p"], result["word_r"]) == (0.6, 0.75)
    assert result["word_f"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    # 总工会 is the only OOV gold word, and it was split: OOV recall 0, IV recall 3/3
    assert (result["oov_rate"], result["oov_recall"], result["iv_recall"]) == (0.25, 0.0, 1.0)


def test_without_a_word_list_there_are_no_oov_figures():
    result = score_segmentation([(segmented(TEXT, "全国|总工会"), segmented(TEXT, "全国|总工会"))])
    assert set(result.figures()) == {"word_p", "word_r", "word_f"}
    assert result.headline == ("word_p", "word_r", "word_f")


def test_empty_gold_and_empty_prediction():
    gold, pred = segmented(TEXT, "全国|总工会|召开|会议"), segmented(TEXT, "")
    assert figures([(gold, pred)]) == {"word_p": 0.0, "word_r": 0.0, "word_f": 0.0}
    assert figures([(pred, gold)]) == {"word_p": 0.0, "word_r": 0.0, "word_f": 0.0}
    empty = figures([(pred, pred)], word_list=set())
    assert empty["oov_rate"] == empty["iv_recall"] == 0.0


def test_duplicate_predicted_words_count_as_extra_predictions():
    gold = segmented(TEXT, "全国|总工会")
    pred = Article("d", TEXT, words=[*gold.words, gold.words[0]], layers_filled=["words"])
    result = figures([(gold, pred)])
    assert (result["word_p"], result["word_r"]) == (2 / 3, 1.0)


def test_whitespace_words_are_ignored_on_both_sides():
    text = "全国 总工会"
    gold = segmented(text, "全国|总工会")
    pred = Article("d", text, words=[Word(0, 2, "全国"), Word(2, 3, " "), Word(3, 6, "总工会")],
                   layers_filled=["words"])
    assert figures([(gold, pred)])["word_p"] == 1.0


def test_cjk_extension_characters_are_one_character_each():
    text = "𠀀𠀁村召开会议"
    gold = segmented(text, "𠀀𠀁村|召开|会议")
    pred = segmented(text, "𠀀𠀁|村|召开|会议")
    assert gold.words[0].end == 3
    result = score_segmentation([(gold, pred)], {"召开", "会议"})
    assert result.figures()["word_r"] == pytest.approx(2 / 3)
    assert result.figures()["oov_rate"] == pytest.approx(1 / 3)
    missed = next(e for e in result.details["errors"] if e["kind"] == "FN")
    assert (missed["text"], missed["right"]) == ("𠀀𠀁村", "召开会议")


def test_counts_sum_over_documents_before_dividing():
    a = (segmented(TEXT, "全国|总工会|召开|会议", "a"), segmented(TEXT, "全国|总工会|召开|会议", "a"))
    b = (segmented("开会", "开会", "b"), segmented("开会", "开|会", "b"))
    result = figures([a, b])
    assert (result["word_p"], result["word_r"]) == (4 / 6, 4 / 5)
