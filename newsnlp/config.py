"""Read, validate and override pipeline config files (spaCy's ``confection`` format).

A config has a ``[pipeline]`` section (``order``: stage names), one ``[stages.<name>]`` section per
stage (``backend`` plus that backend's keyword settings) and, for trainable models, a ``[training]``
section that only ``newsnlp train`` reads.
"""

from __future__ import annotations

import configparser
import json
import types
import typing
from collections.abc import Collection, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal, Union

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
    """Read a config file, apply dotted-key overrides and check its required sections.

    An override of a section the file lacks (``corpora.train``) creates that section.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    overrides = overrides or {}
    try:
        sections = set(Config().from_disk(path, interpolate=False))
        config = Config().from_disk(path, interpolate=False, overrides={
            key: value for key, value in overrides.items() if key.partition(".")[0] in sections})
    except (ConfigValidationError, KeyError) as err:
        raise ConfigError(f"{path}: cannot apply {overrides or ''}: {excerpt(str(err), 200)}") from err
    except (ValueError, configparser.Error, OSError) as err:  # not UTF-8, not a config file
        raise ConfigError(f"{path}: not a config file ({type(err).__name__}: "
                          f"{excerpt(str(err))})") from err
    for key, value in overrides.items():
        section, _, name = key.partition(".")
        if section not in sections:
            config.setdefault(section, {})[name] = value
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


def check_settings(settings_class: type, values: Mapping[str, Any], where: str,
                   keys: Collection[str] | None = None) -> None:
    """Raise a one-line :class:`ConfigError` for a key of ``values`` that ``settings_class`` (a
    dataclass) lacks, naming the allowed ones, or for a value of the wrong type. ``keys`` limits the
    allowed keys to those fields (a section that holds only some of them).

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Example:
    ...     seed: int = 13
    >>> check_settings(Example, {"sede": 7}, "[training]")
    Traceback (most recent call last):
    newsnlp.errors.ConfigError: [E101] [training] sede: unknown setting; allowed: seed
    """
    hints = {name: hint for name, hint in typing.get_type_hints(settings_class).items()
             if name in {f.name for f in fields(settings_class)} and (keys is None or name in keys)}
    allowed = sorted(hints)
    for key, value in values.items():
        if key not in hints:
            raise ConfigError(f"{where} {key}: unknown setting; allowed: {', '.join(allowed) or 'none'}")
        if not matches_type(value, hints[key]):
            raise ConfigError(f"{where} {key} = {value!r}: expected {type_name(hints[key])}")


def matches_type(value: Any, hint: Any) -> bool:
    """Whether a config value fits a type hint (scalars, unions, Literal, lists/tuples/sequences, dicts).

    >>> matches_type(["a"], list[str]), matches_type("a", Sequence[str]), matches_type(3, float | None)
    (True, False, True)
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return True
    if hint is None or hint is type(None):
        return value is None
    if origin in (Union, types.UnionType):
        return any(matches_type(value, arg) for arg in args)
    if origin is Literal:
        return value in args
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple, Sequence, typing.Sequence):
        items = [arg for arg in args if arg is not Ellipsis] or [Any]
        return isinstance(value, (list, tuple)) and all(matches_type(item, items[0]) for item in value)
    if origin in (dict, Mapping, typing.Mapping):
        key_type, value_type = args or (Any, Any)
        return isinstance(value, Mapping) and all(
            matches_type(k, key_type) and matches_type(v, value_type) for k, v in value.items())
    return isinstance(value, origin or hint) if isinstance(origin or hint, type) else True


def type_name(hint: Any) -> str:
    """A type hint as a user reads it (``list[str] | None``)."""
    if isinstance(hint, type) and hint is not type(None):
        return hint.__name__
    return str(hint).replace("typing.", "").replace("collections.abc.", "").replace("NoneType", "None")
