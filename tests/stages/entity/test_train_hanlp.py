"""HanLP's own trainer on a few dozen sentences made here, the saved folder run by ``entity.hanlp.v1``."""

import itertools

import pytest
from confection import Config

import newsnlp
from newsnlp.doc import Article, Entity
from newsnlp.stages.entity.train_hanlp import HanlpTrainingSettings, best_epoch, fit, tagged_pieces

pytest.importorskip("hanlp")

PEOPLE = ["张伟", "李明", "王芳", "刘洋", "陈静", "赵磊"]
PLACES = ["北京", "上海", "广州", "深圳", "杭州", "成都"]
BODIES = ["新华社", "国务院", "人民日报社", "教育部"]
# MSRA-style labels, as HanLP's MSRA models tag: the stage maps them onto PER, LOC and ORG.
PATTERNS = [("{p}在{l}工作。", "NR", "NS"), ("{l}的{p}说，", "NS", "NR"), ("{o}记者从{l}报道。", "NT", "NS")]


def sentence(pattern: str, first_label: str, second_label: str, **names: str) -> Article:
    """One sentence of ``pattern`` with its two names tagged, in the order they occur."""
    text = pattern.format(**names)
    entities = []
    for name, label in zip(sorted(names.values(), key=text.index), (first_label, second_label), strict=True):
        start = text.index(name)
        entities.append(Entity(start, start + len(name), name, label=label))
    article = Article(id=text, text=text)
    article.set_layer("entities", entities)
    return article


def corpus(people: list[str], places: list[str], bodies: list[str]) -> list[Article]:
    out = []
    for (pattern, first, second), (person, place) in itertools.product(PATTERNS[:2],
                                                                       itertools.product(people, places)):
        out.append(sentence(pattern, first, second, p=person, l=place))
    pattern, first, second = PATTERNS[2]
    out += [sentence(pattern, first, second, o=body, l=place) for body in bodies for place in places]
    return out


@pytest.fixture(scope="module")
def hanlp_folder(tmp_path_factory):
    """A HanLP BiLSTM tagger trained by HanLP's trainer on 4 of the 6 people and places (48 sentences)."""
    folder = tmp_path_factory.mktemp("hanlp") / "ner"
    train = corpus(PEOPLE[:4], PLACES[:4], BODIES[:3])
    settings = HanlpTrainingSettings(labels=["NR", "NS", "NT"], epochs=12, patience=12, batch_size=8,
                                     embed=32, rnn_hidden=32, dropout=0.0, lr=0.01, seed=1)
    assert fit(train, train, folder, settings) == 0
    assert 1 <= best_epoch(folder) <= 12  # read from HanLP's train.log, for the model card
    return folder


def test_a_hanlp_folder_on_disk_runs_through_newsnlp_load(hanlp_folder, tmp_path):
    config = Config({"pipeline": {"order": ["entity"]},
                     "stages": {"entity": {"backend": "entity.hanlp.v1", "model": str(hanlp_folder)}}})
    config.to_disk(tmp_path / "config.cfg")
    nlp = newsnlp.load(tmp_path)
    assert nlp.get_stage("entity").entity_labels == {"PER", "LOC", "ORG"}
    text = "据悉，王芳在广州工作。新华社记者从深圳报道。"
    found = [(e.start, e.end, e.text, e.label, e.source) for e in nlp(text).entities]
    assert found == [(3, 5, "王芳", "PER", "entity.hanlp.v1"), (6, 8, "广州", "LOC", "entity.hanlp.v1"),
                     (11, 14, "新华社", "ORG", "entity.hanlp.v1"), (17, 19, "深圳", "LOC", "entity.hanlp.v1")]


def test_labels_and_label_map_choose_what_comes_out(hanlp_folder, tmp_path):
    from newsnlp.stages.entity.hanlp_ner import make_hanlp_ner

    stage = make_hanlp_ner(model=str(hanlp_folder), labels=["PER", "ORG"], label_map={"NS": "ORG"})
    article = stage(Article(id="a", text="李明在上海工作。"))
    assert [(e.text, e.label) for e in article.entities] == [("李明", "PER"), ("上海", "ORG")]
    assert stage.entity_labels == {"PER", "ORG"}


def test_a_cut_between_pieces_drops_the_entity_it_crosses_and_counts_it():
    article = sentence("{o}说，{l}", "NT", "NS", o="人民日报社", l="北京")
    pieces, cut = tagged_pieces(article, max_len=4)
    assert ["".join(piece["token"]) for piece in pieces] == ["人民日报", "社说，", "北京"]
    assert cut == 1  # 人民日报社 spans the first cut; 北京 lies within one piece
    assert [piece["tag"] for piece in pieces][-1] == ["B-NS", "I-NS"]
    assert {tag for piece in pieces[:2] for tag in piece["tag"]} == {"O"}
