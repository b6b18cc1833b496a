import pytest

from newsnlp.config import load_config, parse_overrides, runtime_config
from newsnlp.errors import ConfigError

CONFIG = """[pipeline]
order = ["sentence"]

[stages]

[stages.sentence]
backend = "sentence.rules.v1"

[training]
seed = 13
"""


def test_overrides_are_parsed_as_json():
    assert parse_overrides(["training.seed=7", "stages.x.name=abc"]) == {
        "training.seed": 7, "stages.x.name": "abc"}
    with pytest.raises(ConfigError, match="section.key=value"):
        parse_overrides(["seed"])


def test_load_applies_overrides_and_runtime_drops_training(tmp_path):
    path = tmp_path / "config.cfg"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path, {"training.seed": 7})
    assert config["training"]["seed"] == 7
    assert "training" not in runtime_config(config)


def test_an_override_of_a_missing_section_creates_it(tmp_path):
    path = tmp_path / "config.cfg"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path, {"corpora.train": "my.conll", "training.seed": 7})
    assert (config["corpora"], config["training"]["seed"]) == ({"train": "my.conll"}, 7)


def test_missing_stage_section_is_named(tmp_path):
    path = tmp_path / "config.cfg"
    path.write_text('[pipeline]\norder = ["sentence", "word"]\n\n[stages]\n\n[stages.sentence]\n'
                    'backend = "sentence.rules.v1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'word'.*\[stages.word\]"):
        load_config(path)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.cfg")
