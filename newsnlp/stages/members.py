"""Where the members of a voting stage live (``word.ensemble.v1``, ``entity.neural.v1`` with members).

A saved pipeline keeps them inside the stage folder, numbered (``neural/``, ``neural_2/``, ... or
``member_2/``, ``member_3/``, ... when the stage folder itself holds the first model); a model directory
may instead name folders stored elsewhere, relative to the directory that holds the stage folder. Saved
members win, so a copy written by ``nlp.to_disk`` never reads the folders it was copied from.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import ModelNotFoundError


def saved_names(prefix: str, *, first_plain: bool) -> Iterator[str]:
    """The folder names of saved members, in order: ``prefix``, ``prefix_2``, ... with
    ``first_plain``, else ``prefix_2``, ``prefix_3``, ...

    >>> list(itertools.islice(saved_names("neural", first_plain=True), 3))
    ['neural', 'neural_2', 'neural_3']
    >>> next(saved_names("member", first_plain=False))
    'member_2'
    """
    for number in itertools.count(1 if first_plain else 2):
        yield prefix if number == 1 else f"{prefix}_{number}"


def find_members(model_dir: Path | None, prefix: str, listed: str | Sequence[str], *, first_plain: bool,
                 backend: str) -> list[Path]:
    """The member folders: those saved in ``model_dir`` (:func:`saved_names`, up to the first gap), else
    the ``listed`` ones, relative to ``model_dir``'s parent (the current directory without one).

    Raises:
        ModelNotFoundError: a listed folder does not exist.
    """
    saved = []
    if model_dir is not None:
        saved = list(itertools.takewhile(Path.is_dir, (model_dir / name for name in
                                                        saved_names(prefix, first_plain=first_plain))))
    if saved:
        return saved
    base = model_dir.parent if model_dir is not None else Path.cwd()
    folders = [(base / folder).resolve() for folder in ([listed] if isinstance(listed, str) else listed)]
    for folder in folders:
        if not folder.is_dir():
            raise ModelNotFoundError(f"{backend}: member folder {folder} does not exist")
    return folders
