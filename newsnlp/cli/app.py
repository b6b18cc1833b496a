"""The ``newsnlp`` entry point: builds the argparse app from the command modules and runs one."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys

from .. import __version__
from ..errors import NewsNLPError
from ..progress import silenced
from .signals import Interrupted, stop_on_signals

COMMAND_MODULES = ("extract", "train", "evaluate", "corpora", "package", "serve")
PROGRESS_COMMANDS = ("extract", "train", "evaluate")  # the commands with long loops (newsnlp.progress)
EXIT_CODES = ("exit codes: 0 done; 1 `corpora validate` found problems; 2 an error, one line naming "
              "the file, line and field; 130 stopped by SIGINT (Ctrl-C), 143 by SIGTERM "
              "(see docs/robustness.md)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsnlp", description="Chinese news articles to structured event lists.",
        epilog=EXIT_CODES)
    parser.add_argument("--version", action="version", version=f"newsnlp {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"newsnlp.cli.{name}").add_parser(subparsers)
    for name in PROGRESS_COMMANDS:
        subparsers.choices[name].add_argument(
            "-q", "--quiet", action="store_true",
            help="no progress on stderr (else a bar with total and ETA on a terminal, a plain line "
                 "every 30 s elsewhere)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (see ``EXIT_CODES``): a :class:`NewsNLPError` becomes
    one line on stderr and 2; SIGINT/SIGTERM one line and 128 + the signal (:mod:`.signals`)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(message)s")
    try:
        with stop_on_signals(), silenced() if getattr(args, "quiet", False) else contextlib.nullcontext():
            return args.func(args)
    except NewsNLPError as err:
        print(f"newsnlp: error: {err}", file=sys.stderr)
        return 2
    except Interrupted as stop:
        print(f"newsnlp: stopped by {stop.name}{stop.detail}", file=sys.stderr)
        return stop.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
