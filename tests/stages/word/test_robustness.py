"""Robustness of every word backend on the phenomena of issue 6 item 5 (shared rules in rules.py)."""

from pathlib import Path

import pytest

from newsnlp import load
from newsnlp.doc import Article
from newsnlp.stages.word.pkuseg import make_pkuseg

MODELS = Path(__file__).resolve().parents[3] / "models"
SHIPPED = sorted(p for p in MODELS.glob("word-*") if (p / "config.cfg").is_file())

TEXT = ("2025年11月19日，型号BZ-YQ1722和CA4GB的T3终端在https://www.gov.cn/zhengce/2025-11/19/content_1.htm"
        "发布，销量增长50%，达３．５万台（ＢＺ－ＹＱ１７２２）。臺灣經濟發展很快！iPhone 15售價約5,999元。")
WHOLE = ["BZ-YQ1722", "CA4GB", "T3", "https://www.gov.cn/zhengce/2025-11/19/content_1.htm", "，", "（",
         "ＢＺ－ＹＱ１７２２", "）", "。", "！", "iPhone"]


@pytest.fixture(params=["tiny"] + [p.name for p in SHIPPED])
def segment(request, tiny_pkuseg):
    if request.param == "tiny":
        stage = make_pkuseg(model=str(tiny_pkuseg))
        return lambda text: stage(Article(id="t", text=text))
    nlp = load(MODELS / request.param)
    return nlp


def test_atomic_tokens_come_out_whole(segment):
    article = segment(TEXT)
    article.check_offsets()
    words = [w.text for w in article.words]
    for token in WHOLE:
        assert token in words, token
    # a number is never split, though it may keep a unit the model attached (2025年)
    for number in ("2025", "11", "19", "50%", "３．５", "5,999", "15"):
        assert any(number in w for w in words), number
    covered = {i for w in article.words for i in range(w.start, w.end)}
    assert covered == {i for i, c in enumerate(TEXT) if not c.isspace()}
    assert all(not w.text.isspace() and w.text.strip() == w.text for w in article.words)


def test_traditional_characters_are_segmented_without_loss(segment):
    text = "臺灣經濟發展很快，記者從北京報導。"
    article = segment(text)
    article.check_offsets()
    assert "".join(w.text for w in article.words) == text
    assert [w.text for w in article.words][-1] == "。"
