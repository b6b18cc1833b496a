from pathlib import Path

import numpy as np
from confection import Config

from newsnlp.doc import Article
from newsnlp.pipeline import Pipeline
from newsnlp.stages.word.pkuseg import load_segmenter, make_pkuseg, prune

TEXT = "劳模创新工作室的职工在北京工作。型号BZ-YQ1722于2025年11月19日上市。"


def pipeline(model: Path) -> Pipeline:
    config = Config({"pipeline": {"order": ["word"]},
                     "stages": {"word": {"backend": "word.pkuseg.v1", "model": str(model)}}})
    return Pipeline.from_config(config)


def texts(article: Article) -> list[str]:
    article.check_offsets()
    return [w.text for w in article.words]


def test_segments_with_spacy_pkuseg(tiny_pkuseg):
    segmenter = load_segmenter(tiny_pkuseg)
    assert segmenter.cut("他在北京工作") == ["他", "在", "北京", "工作"]
    assert segmenter.model.w.dtype == np.float64
    words = texts(pipeline(tiny_pkuseg)(TEXT))
    assert words[words.index("北京") - 1:words.index("北京") + 2] == ["在", "北京", "工作"]
    assert "BZ-YQ1722" in words and "2025" in "".join(words)


def test_add_words_survives_pipe_with_two_processes_and_save_load(tiny_pkuseg, tmp_path):
    nlp = pipeline(tiny_pkuseg)
    assert "劳模创新工作室" not in texts(nlp(TEXT))
    assert nlp.get_stage("word").add_words(["劳模创新工作室", ("金桥煤矿", "nt")]) == 2
    assert texts(nlp(TEXT))[0] == "劳模创新工作室"
    forked = list(nlp.pipe([TEXT, "金桥煤矿的劳模创新工作室"], n_process=2, batch_size=1))
    assert texts(forked[0])[0] == "劳模创新工作室"
    assert [(w.text, w.pos) for w in forked[1].words][0] == ("金桥煤矿", "nt")
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "word" / "user_dict.txt").is_file()
    loaded = Pipeline.from_disk(tmp_path / "model")
    assert loaded.get_stage("word").model_dir == tmp_path / "model" / "word"
    assert texts(loaded(TEXT))[0] == "劳模创新工作室"


def test_user_dict_setting_reads_a_word_list(tiny_pkuseg, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("劳模创新工作室\n", encoding="utf-8")
    stage = make_pkuseg(model=str(tiny_pkuseg), user_dict=str(words))
    assert stage(Article(id="a", text=TEXT)).words[0].text == "劳模创新工作室"


def test_prune_keeps_the_segmentation_at_threshold_zero(tiny_pkuseg, tmp_path):
    copy = tmp_path / "pruned"
    copy.mkdir()
    for name in ("features.msgpack", "weights.npz"):
        (copy / name).write_bytes((tiny_pkuseg / name).read_bytes())
    before = make_pkuseg(model=str(tiny_pkuseg)).segment(TEXT)
    counts = prune(copy, threshold=0.0)
    assert counts["features_after"] <= counts["features_before"]
    assert make_pkuseg(model=str(copy)).segment(TEXT) == before
    with np.load(copy / "weights.npz") as npz:
        assert npz["w"].dtype == np.float32

