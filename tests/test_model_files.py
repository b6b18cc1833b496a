"""Model directories cannot run code, and a damaged one is named before anything loads."""

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

import newsnlp
from newsnlp.cli.app import main
from newsnlp.errors import ConfigError, ModelFileError
from newsnlp.model_files import check_model_files
from tests.conftest import REPO

MODELS = REPO / "models"


class Payload:
    """Unpickling this writes ``marker``: what a crafted model file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def crafted_spacy_model(root: Path, marker: Path) -> Path:
    """The issue's crafted directory: entity.spacy.v1 whose zh tokenizer is switched to pkuseg and
    whose pkuseg folder holds a pickle (and no features.msgpack), which spacy-pkuseg would load."""
    model = root / "crafted"
    shutil.copytree(MODELS / "entity-spacy", model)
    spacy_dir = model / "entity" / "spacy"
    config = spacy_dir / "config.cfg"
    config.write_text(config.read_text("utf-8").replace('segmenter = "char"', 'segmenter = "pkuseg"'),
                      encoding="utf-8")
    (spacy_dir / "tokenizer" / "cfg").write_text(json.dumps({"segmenter": "pkuseg"}), encoding="utf-8")
    (spacy_dir / "tokenizer" / "pkuseg_model").mkdir()
    (spacy_dir / "tokenizer" / "pkuseg_model" / "features.pkl").write_bytes(pickle.dumps(Payload(marker)))
    return model


def test_the_crafted_model_directory_runs_nothing(tmp_path, capsys):
    marker = tmp_path / "marker"
    model = crafted_spacy_model(tmp_path, marker)
    with pytest.raises(ModelFileError, match=r"pkuseg_model/features\.pkl: a pickle file"):
        newsnlp.load(model)
    (tmp_path / "a.txt").write_text("新华社北京电。", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--model", str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[E110]" in err and "features.pkl" in err
    # the stage loader checks the folder it hands to spaCy too, however it was named
    from newsnlp.stages.entity.spacy_ner import make_spacy_ner

    with pytest.raises(ModelFileError, match="features.pkl"):
        make_spacy_ner(model=str(model / "entity" / "spacy"))
    assert not marker.exists()


def test_a_pickle_under_another_name_is_refused_by_its_first_bytes(tmp_path):
    (tmp_path / "lookups.bin").write_bytes(pickle.dumps({"a": 1}, protocol=4))
    with pytest.raises(ModelFileError, match="lookups.bin: a pickle file"):
        check_model_files([tmp_path])


def test_the_shipped_models_pass_the_door():
    check_model_files(sorted(p for p in MODELS.iterdir() if p.is_dir()))


@pytest.fixture(scope="module")
def neural_model(tmp_path_factory) -> Path:
    """A copy of the entity-neural model directory, damaged one file at a time by the tests."""
    model = tmp_path_factory.mktemp("neural") / "model"
    model.mkdir()
    shutil.copy(MODELS / "entity-neural" / "config.cfg", model / "config.cfg")
    shutil.copytree(MODELS / "entity-neural" / "entity", model / "entity")
    return model


@pytest.mark.parametrize(("name", "damage", "message"), [
    ("weights.pt", lambda data: data[: len(data) // 2], r"weights\.pt: not a whole weights archive"),
    ("weights.pt", lambda data: data[:5000] + bytes(len(data) - 5000), r"weights\.pt: "),
    ("tagger.json", lambda data: b"\x00garbage{", r"tagger\.json: (not JSON|byte 0)"),
    ("tagger.json", lambda data: json.dumps([1, 2]).encode(), r"tagger\.json: must hold a JSON object"),
    ("tagger.json", lambda data: json.dumps({**json.loads(data), "chars": "abc"}).encode(),
     r"tagger\.json: must hold a list \(field 'chars'\)"),
    ("tagger.json", lambda data: json.dumps({**json.loads(data), "settings": {
        **json.loads(data)["settings"], "heads": 3}}).encode(),
     r"tagger\.json: settings this version cannot read .*heads.* \(field 'settings'\)"),
    ("labelled_lexicon.tsv", lambda data: "北京\tLOC\n".encode() + "上海\tLOC\n".encode("gbk"),
     r"labelled_lexicon\.tsv:2: byte 0"),
])
def test_a_damaged_model_file_is_named(neural_model, name, damage, message):
    path = neural_model / "entity" / name
    original = path.read_bytes()
    try:
        path.write_bytes(damage(original))
        with pytest.raises(Exception) as caught:
            newsnlp.load(neural_model)
        assert isinstance(caught.value, newsnlp.errors.NewsNLPError)
        assert caught.match(message)
    finally:
        path.write_bytes(original)


def test_a_config_that_is_not_a_config_file(tmp_path):
    (tmp_path / "config.cfg").write_bytes(b"\xff\xfe\x00 not a config [[[")
    with pytest.raises(ConfigError, match="config.cfg: not a config file"):
        newsnlp.load(tmp_path)
    (tmp_path / "config.cfg").write_text("[pipeline\norder = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="config.cfg"):
        newsnlp.load(tmp_path)


def test_a_damaged_file_no_door_check_reads_is_named_by_its_stage(tmp_path):
    """features.msgpack is decoded only by spacy-pkuseg: the stage folder and the error are named."""
    model = tmp_path / "word-pkuseg"
    shutil.copytree(MODELS / "word-pkuseg", model)
    (model / "word" / "features.msgpack").write_bytes(b"\xc1 not msgpack")
    with pytest.raises(ModelFileError, match=r"word: stage 'word' \(word.pkuseg.v1\) cannot load from "
                                             r"here: \w+"):
        newsnlp.load(model)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_model_file_is_named(tmp_path):
    (tmp_path / "config.cfg").write_text('[pipeline]\norder = []\n', encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    (tmp_path / "data.json").chmod(0)
    with pytest.raises(ModelFileError, match="data.json: cannot be read"):
        newsnlp.load(tmp_path)
