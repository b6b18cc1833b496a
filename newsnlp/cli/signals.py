"""SIGINT and SIGTERM stop a command promptly: one line on stderr and exit code 128 + the signal.

The handlers are installed explicitly, so a run started in the background by a script (which starts
with SIGINT ignored) stops on ``kill -INT`` too. The handler raises :class:`Interrupted`, a
``BaseException`` like ``KeyboardInterrupt`` that no ``except Exception`` swallows, so the command's
cleanup runs: worker processes are terminated and an ``-o`` output keeps its ``.partial`` file for
``--resume``. Further signals are ignored while that cleanup runs (it takes well under a second).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Raised by the handler: ``exit_code`` is 128 + the signal (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum
        self.detail = ""  # what the command kept, for the one line the CLI prints


_OWNER: list[int] = []  # the process that installed the handler (a forked child inherits it)


def _stop(signum: int, frame: FrameType | None) -> None:
    if os.getpid() not in _OWNER:  # a forked worker before it set its own handlers: die as by default
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    for number in SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted`; the old handlers come back after."""
    _OWNER.append(os.getpid())
    previous = {number: signal.signal(number, _stop) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _OWNER.pop()
