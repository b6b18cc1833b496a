import json

import pytest

from newsnlp.doc import Article
from newsnlp.errors import ModelFileError, ModelNotFoundError
from newsnlp.stages.entity.hanlp_ner import HanlpEntityStage, check_hanlp_folder, make_hanlp_ner, offline


class FakeTagger:
    """Stands for a HanLP NER component: tags every 北京 NS and every 张三 PERSON, per character list."""

    vocabs = {"tag": type("Vocab", (), {"idx_to_token": ["O", "B-NS", "I-NS", "B-PERSON", "I-PERSON",
                                                          "B-CARDINAL", "I-CARDINAL"]})()}

    def __init__(self):
        self.calls = []

    def __call__(self, pieces):
        self.calls.append(pieces)
        out = []
        for chars in pieces:
            text = "".join(chars)
            out.append([(name, tag, text.index(name), text.index(name) + len(name))
                        for name, tag in (("北京", "NS"), ("张三", "PERSON"), ("三", "CARDINAL"))
                        if name in text])
        return out


def test_hanlp_labels_map_onto_newsnlp_labels_at_article_offsets():
    tagger = FakeTagger()
    stage = HanlpEntityStage(tagger, max_len=6)
    articles = [Article(id="a", text="张三到北京。又到北京。"), Article(id="b", text="")]
    first, second = stage.call_many(articles)
    assert [(e.start, e.end, e.text, e.label) for e in first.entities] == [
        (0, 2, "张三", "PER"), (3, 5, "北京", "LOC"), (8, 10, "北京", "LOC")]
    assert second.entities == []
    assert len(tagger.calls) == 1  # every piece of every article in one call
    assert stage.entity_labels == {"LOC", "PER"}  # CARDINAL maps to no label


def test_folders_without_a_hanlp_config_are_named(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no HanLP component"):
        make_hanlp_ner(model=str(tmp_path))


@pytest.mark.parametrize(("config", "field"), [
    ({"classpath": "subprocess.Popen"}, "classpath"),
    ({"classpath": "hanlp.components.ner.rnn_ner.RNNNamedEntityRecognizer",
      "embed": {"classpath": "os.system", "dim": 3}}, "embed.classpath"),
    ({"classpath": "hanlp.components.ner.rnn_ner.RNNNamedEntityRecognizer",
      "embed": "https://example.org/vectors.zip"}, "embed"),
    ({"embed": 100}, "classpath"),
])
def test_a_config_that_builds_other_code_or_downloads_is_refused(tmp_path, config, field):
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelFileError, match=field):
        check_hanlp_folder(tmp_path)


def test_a_pickle_in_the_folder_is_refused(tmp_path):
    (tmp_path / "config.json").write_text('{"classpath": "hanlp.x"}', encoding="utf-8")
    (tmp_path / "vocabs.pkl").write_bytes(b"\x80\x04.")
    with pytest.raises(ModelFileError, match="pickle"):
        make_hanlp_ner(model=str(tmp_path))


def test_offline_sets_the_hubs_offline_and_restores_them(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    import os

    with offline():
        assert os.environ["HF_HUB_OFFLINE"] == os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert "HF_HUB_OFFLINE" not in os.environ and os.environ["TRANSFORMERS_OFFLINE"] == "0"
