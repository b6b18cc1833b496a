"""The typed name lexicons of the corpus root (``lexicons/typed_lexicon.tsv``), by source (corpora layer).

Each line is ``entry<TAB>TYPE<TAB>source``, TYPE one of PER, ORG, LOC, source a tag such as
``jionlp_world_location`` (the corpus root's ``lexicons/SOURCE.md`` lists the sources, their origin,
licence and measured coverage). The entity trainer reads the sources its ``typed_lexicon`` setting
names, each as its own group of name-lexicon flags.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import zip_longest
from pathlib import Path

from ..errors import ConfigError, CorpusFormatError, excerpt
from ..io import read_lines
from .paths import corpus_file

TYPED_LEXICON = ("lexicons", "typed_lexicon.tsv")
TYPES = ("PER", "ORG", "LOC")
FIELDS = ("entry", "type", "source")


def typed_entries(path: str | Path | None = None) -> Iterator[tuple[str, str, str]]:
    """``(entry, TYPE, source)`` of every line of the lexicon (default ``lexicons/typed_lexicon.tsv``
    under the corpus root).

    Raises:
        CorpusFormatError: a line without three tab-separated fields, or of an unknown type (names
            file, line and field).
        CorpusNotFoundError: the file is missing.
    """
    path = Path(path) if path is not None else corpus_file(*TYPED_LEXICON)
    for number, line in read_lines(path):
        fields = line.split("\t")
        if len(fields) != len(FIELDS) or not all(fields):
            bad = next((name for name, value in zip_longest(FIELDS, fields[:len(FIELDS)]) if not value),
                       FIELDS[-1])
            raise CorpusFormatError(f"expected 'entry<TAB>TYPE<TAB>source', got {excerpt(repr(line))}",
                                    path=path, line=number, field=bad)
        if fields[1] not in TYPES:
            raise CorpusFormatError(f"type {fields[1]!r} is not one of {', '.join(TYPES)}", path=path,
                                    line=number, field="type")
        yield fields[0], fields[1], fields[2]


def typed_names(sources: Sequence[str], path: str | Path | None = None) -> list[tuple[str, str]]:
    """``(entry, source)`` of every line of the lexicon (:func:`typed_entries`) whose source is one of
    ``sources``.

    Raises:
        ConfigError: a source in ``sources`` has no line in the file (names the sources it has).
        CorpusFormatError, CorpusNotFoundError: as :func:`typed_entries`.
    """
    wanted, found, names = set(sources), set(), []
    for entry, _, source in typed_entries(path):
        found.add(source)
        if source in wanted:
            names.append((entry, source))
    missing = sorted(wanted - found)
    if missing:
        raise ConfigError(f"typed_lexicon: the typed lexicon has no source {', '.join(missing)}; its "
                          f"sources: {', '.join(sorted(found))}")
    return names
