"""TaggerTrainer's weight averaging: dev scores and saved models see the averaged weights, and
training goes on from its own weights."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from newsnlp.nn.fit import TaggerTrainer, build_tagger  # noqa: E402
from newsnlp.nn.tagger import CharTagger, TaggerSettings  # noqa: E402

torch.set_num_threads(1)

TEXTS = ["我爱北京天安门", "北京大学很大", "天安门广场", "我很好"] * 3


def trainer_with(average: float, seen: list[dict[str, torch.Tensor]]) -> TaggerTrainer:
    torch.manual_seed(3)
    tagger = build_tagger(TEXTS, ["B", "M", "E", "S"], TaggerSettings(char_dim=8, bigram_dim=8, hidden=8),
                          bigram_min_count=1)
    items = [tagger.encode(text, [["S"]] * len(text)) for text in TEXTS]

    def evaluate(current: CharTagger) -> dict[str, float]:
        seen.append({key: value.clone() for key, value in current.net.state_dict().items()})
        return {"dev_f": 0.0}

    return TaggerTrainer(tagger, items, evaluate, lambda current, path: current.save(path),
                         lr=0.05, batch_chars=20, seed=3, average=average)


def test_averaged_weights_are_scored_and_saved_then_training_weights_return(tmp_path: Path) -> None:
    seen: list[dict[str, torch.Tensor]] = []
    trainer = trainer_with(0.9, seen)
    trainer.train_epoch(1)
    training = {key: value.clone() for key, value in trainer.tagger.net.state_dict().items()}
    averaged = trainer.averaged.module.state_dict()
    trainer.evaluate()
    trainer.save(tmp_path)
    saved = CharTagger.load(tmp_path).net.state_dict()
    weight = "out.weight"
    assert not torch.equal(averaged[weight], training[weight])  # averaging changed something
    assert torch.equal(seen[0][weight], averaged[weight])
    assert torch.allclose(saved[weight], averaged[weight], atol=1e-2)  # saved in float16
    assert all(torch.equal(value, training[key]) for key, value in trainer.tagger.net.state_dict().items())


def test_without_averaging_the_training_weights_are_scored() -> None:
    seen: list[dict[str, torch.Tensor]] = []
    trainer = trainer_with(0.0, seen)
    trainer.train_epoch(1)
    trainer.evaluate()
    assert trainer.averaged is None
    assert torch.equal(seen[0]["out.weight"], trainer.tagger.net.state_dict()["out.weight"])


@pytest.mark.parametrize("average", [-0.1, 1.0])
def test_an_average_outside_zero_one_is_refused(average: float) -> None:
    from newsnlp.errors import ConfigError

    with pytest.raises(ConfigError, match="average must lie in"):
        trainer_with(average, [])
