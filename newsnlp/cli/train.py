"""``newsnlp train STAGE --config CONFIG [--output DIR] [--training.seed 7 ...]``: train one stage."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..config import parse_overrides


class _OverridesParser(argparse.ArgumentParser):
    """Keeps unknown ``--section.key VALUE`` arguments in ``args.extra`` instead of rejecting them."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        namespace, extra = super().parse_known_args(args, namespace)
        namespace.extra = list(getattr(namespace, "extra", [])) + extra
        return namespace, []


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train", help="train a stage from a config file",
        description="Train one stage (word/segmenter, entity/ner, event/events) from a config with a "
                    "[training] section. Any config key can be overridden: --training.seed 7; training "
                    "data by name or path: --corpora.train my.conll (docs/corpora.md).")
    parser.add_argument("stage", help="the stage to train: word (segmenter), entity (ner) or event (events)")
    parser.add_argument("--config", required=True, help="config file (e.g. configs/word_neural.cfg)")
    parser.add_argument("--output", help="model directory to write (default: models/<stage>-<backend>)")
    parser.set_defaults(func=train_cli, extra=[])
    # argparse builds subparsers from one class; config overrides need this one to keep unknowns.
    parser.__class__ = _OverridesParser


def split_overrides(extra: list[str]) -> dict[str, Any]:
    """``["--training.seed", "7", "--training.lr=0.001"]`` -> ``{"training.seed": 7, ...}``."""
    pairs, i = [], 0
    while i < len(extra):
        item = extra[i]
        if not item.startswith("--") or "." not in item:
            raise SystemExit(f"newsnlp train: unexpected argument {item!r}; overrides look like "
                             f"--section.key VALUE")
        if "=" in item:
            pairs.append(item[2:])
            i += 1
        else:
            if i + 1 >= len(extra):
                raise SystemExit(f"newsnlp train: override {item} needs a value")
            pairs.append(f"{item[2:]}={extra[i + 1]}")
            i += 2
    return parse_overrides(pairs)


def train(stage: str, config: str, output: str | None = None,
          overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train ``stage`` from ``config`` into ``output``; returns the trainer's summary."""
    from .. import training
    from ..config import load_config

    if output is None:
        loaded = load_config(config, overrides)
        name = training.ALIASES.get(stage, stage)
        backend = loaded["stages"][name]["backend"]
        output = f"models/{name}-{backend.split('.')[1]}"
    return training.train(config, output, overrides, stage=stage)


def train_cli(args: argparse.Namespace) -> int:
    summary = train(args.stage, args.config, args.output, split_overrides(args.extra))
    print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    return 0
