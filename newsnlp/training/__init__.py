"""Training: ``train(config, output)`` reads the config's ``[training]`` section and runs the trainer
that the stage's backend declares (:mod:`newsnlp.registry`); trainers are loaded by dotted path, never
imported directly (STYLE §2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import registry
from ..config import load_config
from ..errors import ConfigError
from ..pipeline import stage_settings

ALIASES = {"segmenter": "word", "ner": "entity", "events": "event"}


def trainable() -> list[str]:
    """The backends that declare a trainer."""
    return [name for name, entry in registry.entries().items() if entry.trainer]


def trainer_for(backend: str) -> Callable[..., dict[str, Any]]:
    """The training function of a stage backend."""
    trainer = registry.get(backend).load_trainer()
    if trainer is None:
        raise ConfigError(f"backend {backend!r} is not trainable; trainable: {', '.join(trainable())}")
    return trainer


def train(config_path: str | Path, output: str | Path, overrides: dict[str, Any] | None = None,
          stage: str | None = None) -> dict[str, Any]:
    """Train one stage of a config into the model directory ``output``.

    Args:
        config_path: a config with ``[pipeline]``, ``[stages.*]`` and ``[training]`` sections.
        output: the model directory to write (replaced atomically).
        overrides: dotted keys, e.g. ``{"training.seed": 7}``.
        stage: the stage to train (``word``/``segmenter``, ``entity``/``ner``); default: the
            config's ``[training] stage``, else its only stage.
    Returns:
        The trainer's summary (best epoch, dev and test scores).
    Raises:
        ConfigError: no ``[training]`` section, an unknown stage, a backend without a trainer, or an
            unknown or mistyped setting in a ``[stages.*]`` section (checked before any data is read).
    """
    config = load_config(config_path, overrides)
    if "training" not in config:
        raise ConfigError(f"{config_path}: no [training] section; add one to train from this config")
    order = config["pipeline"]["order"]
    name = ALIASES.get(stage or "", stage) or config["training"].get("stage") or (
        order[0] if len(order) == 1 else None)
    if name not in order:
        raise ConfigError(f"{config_path}: stage {name!r} is not in [pipeline] order {order}; "
                          f"name the stage to train")
    for each in order:  # a trainer reads some stage settings (the event schema): check them all first
        section = config["stages"][each]
        registry.get(section["backend"]).check_settings(stage_settings(section), f"[stages.{each}]")
    return trainer_for(config["stages"][name]["backend"])(config, Path(output))
