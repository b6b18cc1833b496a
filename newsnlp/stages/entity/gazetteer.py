"""Entity backend ``entity.gazetteer.v1``: user lists of names with labels, matched with HanLP's trie.

It is a stage of its own, placed after the entity model in ``[pipeline] order`` (e.g.
``["sentence", "word", "entity", "gazetteer"]``), or alone for pure dictionary lookup. Matching is
longest-leftmost (``hanlp_trie.Trie.parse_longest``); a match that would cut a Latin/digit run
(``IBM`` in ``IBMX``) is ignored, and with ``word_boundaries = true`` so is a match that does not
start and end on word boundaries (when the words layer is filled).

Precedence over the entities already in the article (the model's):

- a model entity that strictly contains a match wins (``北京大学`` from the model beats a listed ``北京``);
- otherwise the match wins: model entities overlapping it are removed, and one with the same span
  is replaced (the gazetteer's label is taken).

Matched entities carry ``source = "entity.gazetteer.v1"`` and no score. The list is saved in the
stage folder as ``gazetteer.tsv``; names added with :meth:`Gazetteer.add_entities` before
``pipe(n_process=2)`` are seen by the forked workers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from ...doc import Article, Entity
from ...errors import InputFormatError
from ...io import read_lines
from ...registry import backend
from ...text.files import write_file

BACKEND = "entity.gazetteer.v1"
FILE_NAME = "gazetteer.tsv"


def _alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


class Gazetteer:
    """Names with labels that override the entity model (precedence in the module docstring)."""

    def __init__(self, entries: Iterable[tuple[str, str]] = (), *, labels: Sequence[str] | None = None,
                 word_boundaries: bool = False) -> None:
        self.labels = tuple(labels) if labels else None
        self.word_boundaries = word_boundaries
        self.entries: dict[str, str] = {}
        self._trie = None
        self.add_entities(entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def entity_labels(self) -> frozenset[str]:
        """The labels of the listed names (what this stage can output)."""
        return frozenset(self.entries.values())

    def add_entities(self, entries: Iterable[tuple[str, str]]) -> int:
        """Add ``(name, label)`` pairs (a later label for a name replaces the earlier); returns the size.

        Raises:
            InputFormatError: for an empty name or a label outside ``labels``.
        """
        for name, label in entries:
            self._check(name, label)
            self.entries[name] = label
        self._trie = None
        return len(self.entries)

    def _check(self, name: str, label: str, path: Path | None = None, line: int | None = None) -> None:
        if not name or name != name.strip():
            raise InputFormatError(f"gazetteer name {name!r} is empty or has surrounding spaces",
                                   path=path, line=line, field="name")
        if not label or (self.labels is not None and label not in self.labels):
            raise InputFormatError(f"gazetteer label {label!r} is not one of {self.labels}",
                                   path=path, line=line, field="label")

    def read(self, path: str | Path) -> int:
        """Add the entries of a TSV file (``name<TAB>label`` per line; ``#`` comments, blank lines)."""
        entries = []
        for number, line in read_lines(path):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2:
                raise InputFormatError("expected 'name<TAB>label'", path=path, line=number,
                                       field="name" if len(fields) < 2 else "label")
            self._check(fields[0], fields[1], Path(path), number)
            entries.append((fields[0], fields[1]))
        return self.add_entities(entries)

    def to_disk(self, path: Path) -> None:
        """Write ``gazetteer.tsv`` into the stage folder ``path`` atomically."""
        write_file(Path(path) / FILE_NAME,
                   "".join(f"{name}\t{label}\n" for name, label in self.entries.items()))

    def trie(self) -> Any:
        """The list as HanLP's trie, built on first use after a change (the stage's factory builds it,
        so that no article pays for it)."""
        if self._trie is None:
            from hanlp_trie import Trie

            self._trie = Trie(self.entries)
        return self._trie

    def matches(self, article: Article) -> list[Entity]:
        """The accepted gazetteer matches in ``article`` (longest-leftmost, non-overlapping)."""
        if not self.entries:
            return []
        text = article.text
        starts = ends = None
        if self.word_boundaries and "words" in article.layers_filled:
            starts = {w.start for w in article.words}
            ends = {w.end for w in article.words}
        found = []
        for start, end, label in self.trie().parse_longest(text):
            if (start > 0 and _alnum(text[start]) and _alnum(text[start - 1])) or (
                    end < len(text) and _alnum(text[end - 1]) and _alnum(text[end])):
                continue
            if starts is not None and (start not in starts or end not in ends):
                continue
            found.append(Entity(start, end, text[start:end], label=label, source=BACKEND))
        return found

    def __call__(self, article: Article) -> Article:
        # The matches do not overlap one another, so only the article's entities can block or lose to
        # a match; those overlapping it are found by bisection (sorted starts, and the furthest end
        # reached so far), so the cost grows with the text, not with entities times matches.
        entities = sorted(article.entities, key=lambda e: (e.start, e.end))
        starts = [e.start for e in entities]
        reach = list(accumulate((e.end for e in entities), max))
        removed: set[int] = set()
        accepted = []
        for match in self.matches(article):
            overlapping = [i for i in range(bisect_right(reach, match.start), bisect_left(starts, match.end))
                           if i not in removed and entities[i].end > match.start]
            if any(entities[i].start <= match.start and match.end <= entities[i].end
                   and entities[i].end - entities[i].start > len(match.text) for i in overlapping):
                continue
            removed.update(overlapping)
            accepted.append(match)
        article.set_layer("entities", [e for i, e in enumerate(entities) if i not in removed] + accepted)
        return article

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_trie": None}


@backend(BACKEND, provides={"entities"}, requires={"text"})
def make_gazetteer(*, model_dir: Path | None = None, path: str | None = None,
                   labels: list[str] | None = None, word_boundaries: bool = False) -> Gazetteer:
    """Build the gazetteer stage.

    Args:
        model_dir: the stage folder of a model directory; its ``gazetteer.tsv`` (the list saved with
            the model, names added at run time included) is loaded if present.
        path: a TSV list (``name<TAB>label``), read when the stage folder holds no saved list.
        labels: the labels a list may use (any when not set).
        word_boundaries: accept only matches on word boundaries (when the words layer is filled).
    """
    gazetteer = Gazetteer(labels=labels, word_boundaries=word_boundaries)
    saved = Path(model_dir) / FILE_NAME if model_dir is not None else None
    if saved is not None and saved.is_file():
        gazetteer.read(saved)
    elif path:
        gazetteer.read(path)
    if gazetteer.entries:
        gazetteer.trie()
    return gazetteer
