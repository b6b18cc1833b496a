"""Read, validate and override pipeline config files (spaCy's ``confection`` format).

A config has a ``[pipeline]`` section (``order``: stage names), one ``[stages.<name>]`` section per
stage (``backend`` plus that backend's keyword settings) and, for trainable models, a ``[training]``
section that only ``newsnlp train`` reads.
"""

from __future__ import annotations

import configparser
import json
from pathlib import Path
from typing import Any

from confection import Config, ConfigValidationError

from .errors import ConfigError, excerpt

RUNTIME_SECTIONS = ("pipeline", "stages")


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """Turn ``["training.seed=7", ...]`` into ``{"training.seed": 7}`` (values parsed as JSON)."""
    overrides = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or "." not in key:
            raise ConfigError(f"override {pair!r} must look like section.key=value")
        try:
            overrides[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key.strip()] = raw
    return overrides


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read a config file, apply dotted-key overrides and check its required sections."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        config = Config().from_disk(path, interpolate=False, overrides=overrides or {})
    except (ConfigValidationError, KeyError) as err:
        raise ConfigError(f"{path}: cannot apply {overrides or ''}: {excerpt(str(err), 200)}") from err
    except (ValueError, configparser.Error, OSError) as err:  # not UTF-8, not a config file
        raise ConfigError(f"{path}: not a config file ({type(err).__name__}: "
                          f"{excerpt(str(err))})") from err
    validate_config(config, where=str(path))
    return config


def validate_config(config: Config, where: str = "config") -> None:
    """Raise :class:`ConfigError` naming the first missing or ill-typed field."""
    order = config.get("pipeline", {}).get("order")
    if not isinstance(order, list) or not all(isinstance(name, str) for name in order):
        raise ConfigError(f"{where}: [pipeline] order must be a list of stage names")
    stages = config.get("stages", {})
    for name in order:
        if "backend" not in stages.get(name, {}):
            raise ConfigError(f"{where}: stage {name!r} in [pipeline] order has no "
                              f"[stages.{name}] section with a 'backend' key")


def runtime_config(config: Config) -> Config:
    """Only the sections a loaded pipeline reads (training settings never reach run time)."""
    return Config({key: config[key] for key in RUNTIME_SECTIONS if key in config})
