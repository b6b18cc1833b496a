"""The neural word stage: tag decoding, dictionary merging, and the shipped model on hard inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.doc import Article
from newsnlp.nn.text import Lexicon
from newsnlp.stages.word.neural import merge_listed, tags_to_spans
from newsnlp.stages.word.train import bmes, pieces

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "models" / "word-neural"


def test_tags_to_spans_and_bmes_are_inverse() -> None:
    words = [{"start": 0, "end": 1}, {"start": 1, "end": 3}, {"start": 3, "end": 6}]
    tags = bmes("他来到天安门", words)
    assert tags == ["S", "B", "E", "B", "M", "E"]
    assert tags_to_spans(tags, offset=10) == [(10, 11), (11, 13), (13, 16)]
    assert tags_to_spans([]) == []
    assert tags_to_spans(["B", "M"]) == [(0, 2)]  # an unfinished word still ends with the text


def test_merge_listed_prefers_the_longest_listed_run() -> None:
    lexicon = Lexicon(["北京", "北京大学", "学生"])
    spans = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert merge_listed("北京大学生", spans, lexicon) == [(0, 4), (4, 5)]
    assert merge_listed("北京大学生", [(0, 2), (3, 5)], lexicon) == [(0, 2), (3, 5)]  # never across gaps


def test_training_pieces_keep_valid_tags_at_cuts() -> None:
    record = {"text": "我们" * 4, "words": [{"start": i, "end": i + 2} for i in range(0, 8, 2)]}
    cut = list(pieces(record, max_len=3))
    assert [text for text, _, _ in cut] == ["我们我", "们我们", "我们"]
    assert [tags for _, tags, _ in cut] == [["B", "E", "S"], ["S", "B", "E"], ["B", "E"]]
    assert cut[1][2] == [(1, 3)]


@pytest.fixture(scope="module")
def segmenter():
    if not (SHIPPED / "word" / "weights.pt").is_file():
        pytest.skip(f"no trained model in {SHIPPED}")
    import torch

    from newsnlp.stages.word.neural import make_neural_segmenter

    torch.set_num_threads(1)
    return make_neural_segmenter(model_dir=SHIPPED / "word")


def words_of(segmenter, text: str) -> list[str]:
    article = segmenter(Article(id="t", text=text))
    article.check_offsets()
    covered = "".join(text[w.start:w.end] for w in article.words)
    assert covered == "".join(text.split())  # every non-space character, in order, once
    return [w.text for w in article.words]


def test_shipped_model_segments_news(segmenter) -> None:
    assert words_of(segmenter, "我爱北京天安门。") == ["我", "爱", "北京", "天安门", "。"]
    assert "国务院" in words_of(segmenter, "国务院总理李鹏今天在人民大会堂会见了外宾。")


def test_latin_digits_and_codes_stay_whole(segmenter) -> None:
    words = words_of(segmenter, "型号BZ-YQ1722的CA4GB版于2025年11月19日上市，增长50%。网址https://x.cn/a")
    for token in ("BZ-YQ1722", "CA4GB", "https://x.cn/a"):
        assert token in words
    assert any(w.startswith("50%") for w in words)
    assert any(w.startswith("2025") for w in words)
    assert "ＢＺ－ＹＱ１７２２" in words_of(segmenter, "型号ＢＺ－ＹＱ１７２２上市")


def test_empty_whitespace_and_long_texts(segmenter) -> None:
    for text in ("", "  \n "):
        article = segmenter(Article(id="e", text=text))
        assert article.words == [] and "words" in article.layers_filled
    long = "中华人民共和国" * 60 + "\n\n" + "新年 好"
    assert words_of(segmenter, long)[-2:] == ["新年", "好"]


def test_dictionary_mode_and_user_words(segmenter, tmp_path: Path) -> None:
    from newsnlp.stages.word.neural import make_neural_segmenter

    listed = tmp_path / "words.txt"
    listed.write_text("天安门广场\n", encoding="utf-8")
    msr_mode = make_neural_segmenter(model_dir=SHIPPED / "word", dictionary=str(listed))
    assert "天安门广场" in words_of(msr_mode, "我们来到天安门广场。")
    segmenter.add_words(["爱北京"])
    try:
        assert "爱北京" in words_of(segmenter, "我爱北京天安门。")
    finally:
        segmenter.user_dict.entries.pop("爱北京")


def test_pipeline_save_and_load_keep_the_model(tmp_path: Path) -> None:
    if not (SHIPPED / "config.cfg").is_file():
        pytest.skip(f"no trained model in {SHIPPED}")
    from newsnlp.pipeline import Pipeline

    nlp = Pipeline.from_disk(SHIPPED)
    nlp.get_stage("word").add_words(["爱北京"])
    nlp.to_disk(tmp_path / "copy")
    again = Pipeline.from_disk(tmp_path / "copy")
    assert [w.text for w in again("我爱北京天安门").words] == ["我", "爱北京", "天安门"]


def test_many_articles_at_once_segment_as_one_at_a_time(segmenter) -> None:
    texts = ["我爱北京天安门。", "", "国务院总理李鹏今天在人民大会堂会见了外宾。" * 3, "型号BZ-YQ1722上市。"]
    alone = [segmenter(Article(id=str(i), text=text)).words for i, text in enumerate(texts)]
    together = segmenter.call_many([Article(id=str(i), text=text) for i, text in enumerate(texts)])
    assert [article.words for article in together] == alone and alone[2]
