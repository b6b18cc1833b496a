"""newsnlp as a spaCy component: entities, sentences and events on a Doc; displaCy renders them."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy import displacy

import newsnlp.spacy_component  # noqa: F401  (registers the factory where the entry point is not installed)

TEXT = "11月19日，临江市总工会在临江市启动职工技能提升行动。临江市总工会表彰了100名劳模。"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A light model directory: sentences, a gazetteer and the frame rules (no normalise stage: a
    gazetteer of ORG/LOC names finds no TIME or QUANTITY for it, which the pipeline rejects)."""
    path = tmp_path_factory.mktemp("light-model")
    (path / "names.tsv").write_text("临江市总工会\tORG\n临江市\tLOC\n", encoding="utf-8")
    (path / "config.cfg").write_text(
        '[pipeline]\norder = ["sentence", "gazetteer", "event"]\n\n[stages]\n\n'
        '[stages.sentence]\nbackend = "sentence.rules.v1"\n\n'
        f'[stages.gazetteer]\nbackend = "entity.gazetteer.v1"\npath = "{path / "names.tsv"}"\n\n'
        '[stages.event]\nbackend = "event.frames.v1"\nschema = "news@1"\nlearned = false\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nlp(model: Path) -> spacy.language.Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp", config={"model": str(model)})
    return nlp


def test_the_factory_is_a_spacy_entry_point() -> None:
    found = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert found.get("newsnlp") == "newsnlp.spacy_component:make_newsnlp_component"


def test_entities_sentences_and_events_land_on_the_doc(nlp) -> None:
    doc = nlp(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [("临江市总工会", "ORG"), ("临江市", "LOC"),
                                                     ("临江市总工会", "ORG")]
    assert [s.text for s in doc.sents] == ["11月19日，临江市总工会在临江市启动职工技能提升行动。",
                                           "临江市总工会表彰了100名劳模。"]
    assert [(s.text, s.label_) for s in doc.spans["events"]] == [("启动", "launch"), ("表彰", "award")]
    launch = doc._.events[0]
    assert launch["type"] == "launch" and doc._.main_event == launch["id"]
    assert ("place", "临江市") in [(a["role"], a["text"]) for a in launch["arguments"]]


def test_pipe_gives_the_same_docs_as_one_call(nlp) -> None:
    texts = [TEXT, "", "临江市总工会今天召开会议。"]
    piped = list(nlp.pipe(texts, batch_size=2))
    single = [nlp(text) for text in texts]
    assert [[(e.start_char, e.label_) for e in d.ents] for d in piped] == \
        [[(e.start_char, e.label_) for e in d.ents] for d in single]
    assert [d._.events for d in piped] == [d._.events for d in single]


def test_word_tokens_entity_boundaries_snap_outwards(model) -> None:
    from spacy.tokens import Doc

    nlp = spacy.blank("zh")
    component = nlp.add_pipe("newsnlp", config={"model": str(model)})
    doc = Doc(nlp.vocab, words=["临江市总", "工会好"], spaces=[False, False])  # cuts inside the ORG
    doc = component(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("临江市总工会好", "ORG")]


def test_displacy_renders_entities_and_triggers(nlp) -> None:
    doc = nlp(TEXT)
    entities = displacy.render(doc, style="ent")
    assert "临江市总工会" in entities and "ORG" in entities
    triggers = displacy.render(doc, style="span", options={"spans_key": "events"})
    assert "launch" in triggers and "award" in triggers
