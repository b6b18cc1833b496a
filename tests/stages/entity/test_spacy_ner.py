import random

import pytest
from confection import Config

from newsnlp.doc import Article, Entity
from newsnlp.errors import ModelNotFoundError
from newsnlp.pipeline import Pipeline
from newsnlp.stages.entity.spacy_ner import (
    BACKEND,
    SpacyArchitecture,
    SpacyEntityStage,
    blank_pipeline,
    make_spacy_ner,
    to_doc,
)

SENTENCES = [("张三在北京工作。", [(0, 2, "PER"), (3, 5, "LOC")]),
             ("李四去上海开会。", [(0, 2, "PER"), (3, 5, "LOC")]),
             ("王五在北京见了李四。", [(0, 2, "PER"), (3, 5, "LOC"), (7, 9, "PER")]),
             ("今天天气很好。", [])]


def article(text: str, spans: list[tuple[int, int, str]]) -> Article:
    item = Article(id=text[:2], text=text)
    item.set_layer("entities", [Entity(s, e, text[s:e], label=label) for s, e, label in spans])
    return item


@pytest.fixture(scope="module")
def tiny_nlp():
    """spaCy's ner trained for a few passes on four character-level sentences."""
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    sizes = SpacyArchitecture(width=32, depth=2, embed_size=500, hidden_width=32)
    nlp = blank_pipeline(["PER", "LOC"], sizes)
    examples = [Example(to_doc(nlp, article(t, s)), to_doc(nlp, article(t, s), with_entities=True))
                for t, s in SENTENCES]
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(0)
    for _ in range(40):
        shuffle.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    return nlp


def test_to_doc_is_one_token_per_character_with_or_without_entities(tiny_nlp):
    item = article(*SENTENCES[0])
    assert [t.text for t in to_doc(tiny_nlp, item)] == list(SENTENCES[0][0])
    assert to_doc(tiny_nlp, item).ents == ()
    reference = to_doc(tiny_nlp, item, with_entities=True)
    assert [(e.start_char, e.end_char, e.label_) for e in reference.ents] == [(0, 2, "PER"), (3, 5, "LOC")]


def test_learns_the_training_sentences_and_reports_its_source(tiny_nlp):
    stage = SpacyEntityStage(tiny_nlp)
    found = stage(Article(id="a", text=SENTENCES[0][0]))
    found.check_offsets()
    assert [(e.start, e.end, e.label, e.source) for e in found.entities] == [
        (0, 2, "PER", BACKEND), (3, 5, "LOC", BACKEND)]
    only_people = SpacyEntityStage(tiny_nlp, labels=["PER"])(Article(id="a", text=SENTENCES[0][0]))
    assert [e.label for e in only_people.entities] == ["PER"]


def test_save_load_through_the_pipeline(tiny_nlp, tmp_path):
    SpacyEntityStage(tiny_nlp).to_disk(tmp_path / "saved")
    config = Config({"pipeline": {"order": ["entity"]},
                     "stages": {"entity": {"backend": BACKEND, "model": str(tmp_path / "saved" / "spacy")}}})
    nlp = Pipeline.from_config(config)
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "entity" / "spacy" / "config.cfg").is_file()
    loaded = Pipeline.from_disk(tmp_path / "model")
    assert [e.text for e in loaded(SENTENCES[1][0]).entities] == [
        e.text for e in SpacyEntityStage(tiny_nlp)(Article(id="b", text=SENTENCES[1][0])).entities]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no spaCy pipeline"):
        make_spacy_ner(model_dir=tmp_path)
