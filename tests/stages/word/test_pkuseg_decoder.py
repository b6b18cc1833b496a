from pathlib import Path

import numpy as np
import pytest
from spacy_pkuseg import inference

from newsnlp.stages.word.pkuseg import load_segmenter
from newsnlp.stages.word.pkuseg_decoder import PkusegDecoder
from newsnlp.stages.word.rules import to_simplified, tokenize_spans

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "models" / "word-pkuseg" / "word"
SAMPLE_PAGE = ROOT / "corpora" / "samples" / "workers_daily_page.txt"
# what the node normalisation must get right: digits and full-width letters as one token each,
# spacy-pkuseg's keyword characters, the private-use characters the decoder uses, whitespace
AWKWARD = ["１９９８年１２月３１日，ＧＤＰ增长７.５%", "型号BZ-YQ1722于2025年上市，a.b|c/d*e:f_g",
           "\ue000\ue001中国\ue002人民\ue003银行", "  他 在北京\t工作  ", "臺灣經濟發展", "。", ""]


def texts() -> list[str]:
    lines = SAMPLE_PAGE.read_text(encoding="utf-8").splitlines()
    return [to_simplified(line) for line in lines if line.strip()] + AWKWARD


@pytest.fixture(scope="module", params=["tiny", "shipped"])
def segmenter(request, tiny_pkuseg):
    model = tiny_pkuseg if request.param == "tiny" else SHIPPED
    return load_segmenter(model)


def test_gives_spacy_pkusegs_own_words(segmenter):
    decoder = PkusegDecoder(segmenter)
    for text in texts():
        assert decoder.cut_spans(text) == tokenize_spans(text, segmenter.cut(text)), text


def test_node_scores_equal_spacy_pkusegs_feature_by_feature_scores(segmenter):
    decoder = PkusegDecoder(segmenter)
    extractor, model = segmenter.feature_extractor, segmenter.model
    pieces = [piece for text in texts() for piece in text.split()][:80]
    for piece in pieces:
        nodes = list(extractor.normalize_text(piece))
        features = [extractor.get_node_features_idx(i, nodes) for i in range(len(nodes))]
        expected, edges = inference.getLogYY(features, model.n_tag, model.n_feature * model.n_tag,
                                             model.w, 1.0)
        assert np.allclose(decoder.node_scores(piece.translate(decoder.node_table)), expected), piece
        assert np.allclose(decoder.edge_scores, edges)


def test_marginals_are_probabilities_whatever_the_batch(segmenter):
    decoder = PkusegDecoder(segmenter)
    pieces = ["他在北京工作", "", "中", "劳模创新工作室的职工"]
    together = decoder.marginals(pieces)
    alone = [decoder.marginals([piece])[0] for piece in pieces]
    one_per_batch = decoder.marginals(pieces, batch_chars=1)
    for piece, a, b, c in zip(pieces, together, alone, one_per_batch):
        assert a.shape == (len(piece), len(decoder.edge_scores))
        assert np.allclose(a, b) and np.allclose(a, c)
        assert np.allclose(a.sum(axis=1), 1.0)
    # the most probable tag of each character spells spacy-pkuseg's own words here
    starts = [i for i, row in enumerate(together[3]) if decoder.begins_word[row.argmax()]]
    words = decoder.cut_spans(pieces[3])
    assert starts == [start for start, _ in words]


def test_spacy_pkusegs_own_dictionaries_are_refused(tiny_pkuseg):
    segmenter = load_segmenter(tiny_pkuseg, package_dict=True)
    with pytest.raises(ValueError, match="package_dict"):
        PkusegDecoder(segmenter)
