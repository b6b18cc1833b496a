"""Word-dictionary sources of the taggers' training configs (``lexicon_words``, ``name_lexicon``):
a corpus split or named annotated set (``"pd1998:train"``), or a word-list file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..corpora import CORPORA
from ..corpora.gold import NAMED_SETS
from ..corpora.sources import is_named
from ..errors import ConfigError
from ..io import read_word_list


def is_split(source: str, setting: str) -> bool:
    """Whether a dictionary source (an entry of the ``setting`` list) names a corpus split
    (``"msra:train"``) or a split of a named annotated set (``"broad:train"``) rather than a file.

    Raises:
        ConfigError: when it is neither such a split nor an existing file.

    >>> is_split("msra:train", "name_lexicon"), is_split("broad:train", "name_lexicon")
    (True, True)
    """
    if Path(source).is_file():
        return False
    if is_named(source):
        return True
    raise ConfigError(f"[training] {setting}: {source!r} is neither a file nor a CORPUS:SPLIT of a known "
                      f"corpus or named set ({', '.join(sorted([*CORPORA, *NAMED_SETS]))})")


def dictionary_words(sources: Sequence[str], records: Callable[[str], Iterable[dict[str, Any]]]) -> set[str]:
    """The word-dictionary entries (``lexicon_words``), two characters or more: the gold words of each
    split source (read with ``records``) and the words of each word-list file (the user-dictionary
    format, ``word`` or ``word<TAB>POS`` per line)."""
    words: set[str] = set()
    for source in sources:
        if is_split(source, "lexicon_words"):
            words.update(r["text"][w["start"]:w["end"]] for r in records(source) for w in r["words"])
        else:
            words.update(word for word, _ in read_word_list(source))
    return {word for word in words if len(word) > 1}
