import itertools
from pathlib import Path

import numpy as np
import pytest

import newsnlp
from newsnlp.errors import ConfigError
from newsnlp.stages.members import saved_names
from newsnlp.stages.word.ensemble import EnsembleWordStage, make_ensemble

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "models" / "word-ensemble"
SAMPLE_PAGE = ROOT / "corpora" / "samples" / "workers_daily_page.txt"
TEXT = "劳模创新工作室的职工在北京工作。型号BZ-YQ1722于2025年11月19日上市。"


@pytest.fixture(scope="module")
def nlp():
    return newsnlp.load(MODEL)


def texts(article) -> list[str]:
    article.check_offsets()
    return [w.text for w in article.words]


def agreement(ours: list[tuple[int, int]], theirs: list[tuple[int, int]]) -> float:
    return len(set(ours) & set(theirs)) / max(len(theirs), 1)


def test_loads_members_stored_elsewhere_and_segments(nlp):
    words = texts(nlp(TEXT))
    assert {"北京", "BZ-YQ1722", "工作"} <= set(words)
    assert "".join(words) == TEXT


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_a_member_with_all_the_weight_decides(nlp, weight):
    stage = nlp.get_stage("word")
    alone = EnsembleWordStage(stage.neural[:1], stage.pkuseg, neural_weight=weight)
    member = stage.neural[0] if weight == 1.0 else stage.pkuseg
    page = SAMPLE_PAGE.read_text(encoding="utf-8")[:3000]
    # decoding one member's probabilities instead of its best path: nearly always the same words
    assert agreement(alone.segment(page), member.segment(page)) > 0.99


def test_votes_are_the_weighted_mean_of_every_members_probabilities(nlp):
    stage = nlp.get_stage("word")
    assert len(stage.neural) >= 2  # the shipped ensemble votes with two taggers
    texts = [SAMPLE_PAGE.read_text(encoding="utf-8")[:600], TEXT]
    pieces, mixed = EnsembleWordStage(stage.neural, stage.pkuseg, neural_weight=0.6).votes(texts)
    alone = [EnsembleWordStage([member], stage.pkuseg, neural_weight=1.0).votes(texts)[1]
             for member in stage.neural]
    crf = EnsembleWordStage(stage.neural[:1], stage.pkuseg, neural_weight=0.0).votes(texts)[1]
    assert len(pieces) == len(mixed) > 1
    for n, votes in enumerate(mixed):
        expected = 0.4 * crf[n] + 0.6 * sum(member[n] for member in alone) / len(alone)
        assert np.allclose(votes, expected)
        assert np.allclose(votes.sum(axis=1), 1.0)
    assert not np.allclose(alone[0][0], alone[1][0])  # the taggers do differ
    with pytest.raises(ConfigError, match="at least one neural member"):
        EnsembleWordStage([], stage.pkuseg, neural_weight=0.4)


def test_user_words_survive_save_load_and_two_processes(tmp_path):
    nlp = newsnlp.load(MODEL)
    nlp.get_stage("word").add_words(["劳模创新工作室"])
    assert texts(nlp(TEXT))[0] == "劳模创新工作室"
    nlp.to_disk(tmp_path / "copy")
    members = len(nlp.get_stage("word").neural)
    assert {p.name for p in (tmp_path / "copy" / "word").iterdir() if p.is_dir()} == {
        "pkuseg", *itertools.islice(saved_names("neural", first_plain=True), members)}
    assert len(newsnlp.load(tmp_path / "copy").get_stage("word").neural) == members
    reloaded = newsnlp.load(tmp_path / "copy")
    forked = list(reloaded.pipe([TEXT, TEXT], n_process=2, batch_size=1))
    assert [texts(article)[0] for article in forked] == ["劳模创新工作室", "劳模创新工作室"]
    assert texts(reloaded(TEXT)) == texts(nlp(TEXT))


def test_weight_outside_zero_one_is_refused():
    with pytest.raises(ConfigError, match="neural_weight"):
        make_ensemble(neural=str(MODEL / "../word-neural/word"), pkuseg=str(MODEL / "../word-pkuseg/word"),
                      neural_weight=1.5)
