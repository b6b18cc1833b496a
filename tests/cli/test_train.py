"""``newsnlp train STAGE --config CONFIG [--output DIR] [--section.key VALUE ...]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from newsnlp import training
from newsnlp.cli import train as command

CONFIG = """[pipeline]
order = ["word"]

[stages]

[stages.word]
backend = "word.neural.v1"

[training]
seed = 13
epochs = 5
"""


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="newsnlp")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["train", *argv])
    return args.func(args)


def test_overrides_reach_the_stage_trainer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[dict[str, Any], Path]] = []

    def fake_trainer(config: Any, output: Path) -> dict[str, Any]:
        calls.append((dict(config["training"]), output))
        return {"output": str(output), "best_epoch": 1}

    monkeypatch.setattr(training, "trainer_for", lambda backend: fake_trainer)
    config = tmp_path / "word.cfg"
    config.write_text(CONFIG, encoding="utf-8")
    assert run("segmenter", "--config", str(config), "--output", str(tmp_path / "m"),
               "--training.seed", "7", "--training.lr=0.01") == 0
    assert calls == [({"seed": 7, "epochs": 5, "lr": 0.01}, tmp_path / "m")]
    assert json.loads(capsys.readouterr().out)["best_epoch"] == 1


def test_split_overrides_rejects_stray_arguments() -> None:
    assert command.split_overrides(["--training.epochs", "3", "--corpora.dev=pd1998:dev"]) == {
        "training.epochs": 3, "corpora.dev": "pd1998:dev"}
    with pytest.raises(SystemExit, match="unexpected argument"):
        command.split_overrides(["extra"])
    with pytest.raises(SystemExit, match="needs a value"):
        command.split_overrides(["--training.seed"])


def test_unknown_stage_is_a_config_error(tmp_path: Path) -> None:
    from newsnlp.errors import ConfigError

    config = tmp_path / "word.cfg"
    config.write_text(CONFIG, encoding="utf-8")
    with pytest.raises(ConfigError, match="not in \\[pipeline\\] order"):
        run("entity", "--config", str(config), "--output", str(tmp_path / "m"))
