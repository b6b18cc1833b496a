"""Progress of long loops on stderr, the one place every command and trainer reports it from.

On a terminal: a tqdm bar, with the total and an ETA when the total is known. Elsewhere (a log file,
a pipe, a batch job): a plain line every ``interval`` seconds and one at the end, such as
``extract: 1,200/3,000 articles (40%), 35.1/s, ETA 0:00:51``. Nothing inside :func:`silenced`
(``--quiet``) or with ``NEWSNLP_PROGRESS=0`` in the environment.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import TypeVar

T = TypeVar("T")
INTERVAL = 30.0  # seconds between two plain lines
_silenced = False


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """No progress is reported inside the block (``--quiet``); forked workers inherit it."""
    global _silenced
    before, _silenced = _silenced, True
    try:
        yield
    finally:
        _silenced = before


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "items",
             initial: int = 0, interval: float = INTERVAL, leave: bool = True) -> Iterator[T]:
    """``items``, reporting how many have gone by on stderr (see the module docstring)."""
    if _silenced or os.environ.get("NEWSNLP_PROGRESS") == "0":
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=desc, unit=f" {unit}", initial=initial, file=sys.stderr,
                        mininterval=1, leave=leave)
        return
    start = last = time.monotonic()
    done = initial
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= interval:
            last = now
            print(progress_line(desc, done, total, done - initial, now - start, unit), file=sys.stderr,
                  flush=True)
    print(progress_line(desc, done, total, done - initial, time.monotonic() - start, unit, final=True),
          file=sys.stderr, flush=True)


def progress_line(desc: str, done: int, total: int | None, counted: int, seconds: float, unit: str,
                  final: bool = False) -> str:
    """One plain progress line: ``done`` of ``total`` (when known), the rate of the ``counted`` items
    seen in ``seconds``, and the ETA (or, ``final``, the time taken).

    >>> progress_line("extract", 1200, 3000, 1200, 34.2, "articles")
    'extract: 1,200/3,000 articles (40%), 35.1/s, ETA 0:00:51'
    >>> progress_line("extract", 3000, None, 3000, 85.0, "articles", final=True)
    'extract: 3,000 articles, 35.3/s, done in 0:01:25'
    """
    rate = counted / seconds if seconds > 0 else 0.0
    line = f"{desc}: {done:,}" + (f"/{total:,}" if total else "") + f" {unit}"
    if total:
        line += f" ({100 * done // total}%)"
    line += f", {rate:.1f}/s"
    if final:
        return line + f", done in {timedelta(seconds=round(seconds))}"
    if total and rate > 0 and total > done:
        line += f", ETA {timedelta(seconds=round((total - done) / rate))}"
    return line
