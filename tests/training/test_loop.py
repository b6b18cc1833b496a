"""The shared training loop: early stopping, atomic saves, logs, model card, seeded reproducibility."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsnlp.training import train, trainer_for
from newsnlp.training.loop import LoopSettings, run_training, update_meta


class Scripted:
    """A trainer whose dev scores follow a script; ``save`` writes the epoch it saved."""

    def __init__(self, scores: list[float]) -> None:
        self.scores, self.epoch = scores, 0

    def train_epoch(self, epoch: int) -> float:
        self.epoch = epoch
        return 1.0 / epoch

    def evaluate(self) -> dict[str, float]:
        return {"dev_f": self.scores[self.epoch - 1]}

    def save(self, path: Path) -> None:
        (path / "weights.txt").write_text(str(self.epoch))


def test_early_stopping_keeps_the_best_epoch(tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = run_training(Scripted([0.5, 0.7, 0.6, 0.65, 0.9]), out, LoopSettings(epochs=5, patience=2),
                          describe=lambda r: {"title": "scripted", "seed": 13})
    assert result.best_epoch == 2 and result.best_scores == {"dev_f": 0.7}
    assert len(result.history) == 4  # epochs 3 and 4 did not improve: stop before epoch 5
    assert (out / "weights.txt").read_text() == "2"
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    assert [row["epoch"] for row in log] == [1, 2, 3, 4]  # every epoch, the best one marked by meta
    assert [row["dev_f"] for row in log] == [0.5, 0.7, 0.6, 0.65]
    meta = json.loads((out / "meta.json").read_text())
    assert meta["best_epoch"] == 2 and meta["dev_scores"] == {"dev_f": 0.7}
    card = (out / "MODEL_CARD.md").read_text()
    assert card.startswith("# scripted") and "| dev | dev_f | 0.7000 |" in card and "Seed: 13" in card
    assert [p.name for p in tmp_path.iterdir()] == ["model"]  # no temp dirs or side logs left


def test_update_meta_adds_test_scores_to_card(tmp_path: Path) -> None:
    out = tmp_path / "model"
    run_training(Scripted([0.5]), out, LoopSettings(epochs=1))
    meta = update_meta(out, scores={"msra:test": {"entity_f": 0.9}}, speed={"chars/s": 1000})
    assert meta["scores"] == {"msra:test": {"entity_f": 0.9}}
    card = (out / "MODEL_CARD.md").read_text()
    assert "| msra:test | entity_f | 0.9000 |" in card and "chars/s: 1000" in card


def test_trainers_are_found_by_name() -> None:
    from newsnlp.errors import ConfigError

    assert trainer_for("word.neural.v1").__name__ == "train_word"
    with pytest.raises(ConfigError, match="not trainable"):
        trainer_for("sentence.rules.v1")


def test_train_rejects_config_without_training_section(tmp_path: Path) -> None:
    from newsnlp.errors import ConfigError

    config = tmp_path / "c.cfg"
    config.write_text('[pipeline]\norder = ["word"]\n\n[stages]\n\n'
                      '[stages.word]\nbackend = "word.neural.v1"\n')
    with pytest.raises(ConfigError, match="no \\[training\\] section"):
        train(config, tmp_path / "out")


def test_tagger_training_is_reproducible_with_a_seed(tmp_path: Path) -> None:
    """One epoch of the real tagger trainer on synthetic data, twice with seed 7: same weights."""
    torch = pytest.importorskip("torch")
    from collections import Counter

    torch.set_num_threads(1)

    from newsnlp.nn.fit import TaggerTrainer, build_tagger
    from newsnlp.nn.tagger import TaggerSettings
    from newsnlp.training.loop import seed_everything

    texts = ["我爱北京天安门", "北京大学很大", "天安门广场", "我很好"] * 3

    def run(out: Path) -> dict:
        seed_everything(7)
        tagger = build_tagger(texts, ["B", "M", "E", "S"],
                              TaggerSettings(char_dim=8, bigram_dim=8, hidden=8), bigram_min_count=1)
        items = [tagger.encode(t, [["S"]] * len(t)) for t in texts]
        trainer = TaggerTrainer(tagger, items, lambda _: {"dev_f": 1.0},
                                lambda current, path: current.save(path), batch_chars=20, seed=7)
        run_training(trainer, out, LoopSettings(seed=7, epochs=1))
        return torch.load(out / "weights.pt", weights_only=True)

    first, second = run(tmp_path / "a"), run(tmp_path / "b")
    assert first.keys() == second.keys()
    assert all(torch.equal(first[key], second[key]) for key in first)
    assert Counter(json.loads((tmp_path / "a" / "tagger.json").read_text())["tags"]) == Counter("BMES")


def training_settings_classes() -> dict[str, type]:
    """backend -> the TrainingSettings subclass its trainer's module declares."""
    import inspect

    from newsnlp import registry
    from newsnlp.training.loop import TrainingSettings

    found = {}
    for name, entry in registry.builtin().items():
        if entry.trainer:
            module = inspect.getmodule(entry.load_trainer())
            found[name] = next(value for value in vars(module).values()
                               if isinstance(value, type) and issubclass(value, TrainingSettings)
                               and value.__module__ == module.__name__)
    return found


def test_a_misspelt_training_key_is_one_line_naming_the_allowed_ones(tmp_path: Path) -> None:
    from newsnlp.errors import ConfigError

    config = tmp_path / "c.cfg"
    config.write_text('[pipeline]\norder = ["entity"]\n\n[stages]\n\n[stages.entity]\n'
                      'backend = "entity.neural.v1"\n\n[training]\npretrianed = "runs/emb"\n')
    with pytest.raises(ConfigError) as err:
        train(config, tmp_path / "out")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("[E101] [training] pretrianed: unknown setting; allowed:")
    assert " pretrained," in message and " name_lexicon," in message


def test_a_misspelt_stage_key_in_a_training_config_is_one_line(tmp_path: Path) -> None:
    from newsnlp.errors import ConfigError

    config = tmp_path / "c.cfg"
    config.write_text('[pipeline]\norder = ["event"]\n\n[stages]\n\n[stages.event]\n'
                      'backend = "event.learned.v1"\nshema = "duee"\n\n[training]\nepochs = 1\n')
    with pytest.raises(ConfigError) as err:  # not a model trained on the default schema
        train(config, tmp_path / "out")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("[E101] [stages.event] shema: unknown setting; allowed:")
    assert " schema," in message and not (tmp_path / "out").exists()


def test_a_mistyped_training_value_names_the_expected_type(tmp_path: Path) -> None:
    from newsnlp.errors import ConfigError

    config = tmp_path / "c.cfg"
    config.write_text('[pipeline]\norder = ["word"]\n\n[stages]\n\n[stages.word]\n'
                      'backend = "word.pkuseg.v1"\n\n[training]\nprune_thresholds = 0.1\n')
    with pytest.raises(ConfigError, match=r"\[training\] prune_thresholds = 0.1: expected list\[float\]$"):
        train(config, tmp_path / "out")


def test_every_shipped_training_config_fits_its_trainer_settings() -> None:
    from newsnlp.config import load_config
    from tests.conftest import REPO

    classes = training_settings_classes()
    configs = [*REPO.glob("configs/*.cfg"), *REPO.glob("models/*/config.cfg")]
    checked = 0
    for path in configs:
        config = load_config(path)
        if "training" in config:
            stage = config["training"].get("stage") or config["pipeline"]["order"][0]
            classes[config["stages"][stage]["backend"]].from_config(config)
            checked += 1
    assert checked >= 10


def test_training_data_lives_in_the_corpora_section() -> None:
    from newsnlp.errors import ConfigError
    from newsnlp.stages.word.train import WordTrainingSettings

    settings = WordTrainingSettings.from_config({"corpora": {"train": "my.txt"}, "training": {"seed": 7}})
    assert (settings.train, settings.dev, settings.seed) == ("my.txt", "pd1998:dev", 7)
    assert settings.sections()["corpora"] == {"train": "my.txt", "dev": "pd1998:dev"}
    with pytest.raises(ConfigError, match=r"\[corpora\] trian: unknown setting; allowed: dev, train$"):
        WordTrainingSettings.from_config({"corpora": {"trian": "my.txt"}})
    with pytest.raises(ConfigError, match=r"\[training\] train: unknown setting"):
        WordTrainingSettings.from_config({"training": {"train": ["pd1998:train"]}})
