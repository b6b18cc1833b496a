"""User dictionaries for the word stage: words forced on top of any word backend (word stage).

Matching is longest-leftmost with HanLP's trie (``hanlp_trie.Trie.parse_longest``). Precedence, in
order, for each match ``[start, end)``:

1. a match that would break a Latin/digit/URL run (:func:`.rules.atomic_runs`) is ignored
   (``T3`` in ``CT30`` is never carved out);
2. a match inside a longer word the backend already produced is ignored (the longer word stays);
3. otherwise the match becomes exactly one word: the backend's pieces inside it are merged and
   words crossing its edges are cut there. Its POS, if the dictionary gives one, is the word's POS.

The word stage runs before the entity stage, whose models work on characters, so a dictionary word
cannot cut an entity. A stage holding a :class:`UserDictionary` saves it as ``user_dict.txt`` in its
folder; since stages live in the :class:`~newsnlp.pipeline.Pipeline` object, forked ``pipe`` workers
see every word added before ``pipe`` was called.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...doc import Word
from ...io import checked_word, read_word_list
from ...text.files import write_file
from .rules import Spans, atomic_runs, enforce_atomic, impose

FILE_NAME = "user_dict.txt"
WordEntry = str | tuple[str, str | None]


class UserDictionary:
    """Words (with an optional POS) that every word backend must keep whole."""

    def __init__(self, entries: Iterable[WordEntry] = ()) -> None:
        self.entries: dict[str, str | None] = {}
        self._trie = None
        self.add_words(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def add_words(self, words: Iterable[WordEntry]) -> int:
        """Add words (``"词"`` or ``("词", "n")``); returns how many entries the dictionary now holds."""
        for entry in [words] if isinstance(words, str) else words:
            word, pos = (entry, None) if isinstance(entry, str) else entry
            self.entries[checked_word(word)] = pos or None
        self._trie = None
        return len(self.entries)

    @classmethod
    def read(cls, path: str | Path) -> UserDictionary:
        """Read a word list (:func:`newsnlp.io.read_word_list`)."""
        return cls(read_word_list(path))

    def write(self, path: str | Path) -> None:
        """Write the entries (``word`` or ``word<TAB>POS`` per line) atomically."""
        lines = [word if pos is None else f"{word}\t{pos}" for word, pos in self.entries.items()]
        write_file(path, "".join(f"{line}\n" for line in lines))

    def to_disk(self, stage_dir: str | Path) -> None:
        """Save into a stage folder as ``user_dict.txt`` (nothing when empty)."""
        if self.entries:
            self.write(Path(stage_dir) / FILE_NAME)

    @classmethod
    def from_disk(cls, stage_dir: str | Path | None, path: str | Path | None = None) -> UserDictionary:
        """The dictionary saved in a stage folder; else the word list at ``path``; else an empty one.

        The saved copy wins: it holds the words of ``path`` and those added at run time, so a saved
        model keeps working when ``path`` (a ``user_dict`` setting) has moved.
        """
        if stage_dir is not None and (Path(stage_dir) / FILE_NAME).is_file():
            return cls.read(Path(stage_dir) / FILE_NAME)
        return cls.read(path) if path else cls()

    def matches(self, text: str) -> list[tuple[int, int, str | None]]:
        """Longest-leftmost, non-overlapping matches in ``text`` as ``(start, end, pos)``."""
        if not self.entries:
            return []
        if self._trie is None:
            from hanlp_trie import Trie

            # The trie stores (pos,) so that a word without POS still has a non-None value.
            self._trie = Trie({word: (pos,) for word, pos in self.entries.items()})
        return [(start, end, value[0]) for start, end, value in self._trie.parse_longest(text)]

    def apply(self, text: str, spans: Spans) -> tuple[Spans, dict[tuple[int, int], str]]:
        """Force the dictionary words onto ``spans``; returns the new spans and the forced POS tags.

        One pass over the text: a match is checked against the atomic run and the backend word
        around each of its ends (rules 1 and 2 of the module docstring).
        """
        forced_pos: dict[tuple[int, int], str] = {}
        matches = self.matches(text)
        if not matches:
            return spans, forced_pos
        run_at = _cover(len(text), [(s, e) for s, e, _ in atomic_runs(text)])
        word_at = _cover(len(text), spans)
        accepted = []
        for start, end, pos in matches:
            left, right, word = run_at[start], run_at[end - 1], word_at[start]
            if (left and left[0] < start) or (right and right[1] > end):
                continue
            if word and word[0] <= start and end <= word[1] and word[1] - word[0] > end - start:
                continue
            accepted.append((start, end, True))
            if pos:
                forced_pos[(start, end)] = pos
        return impose(spans, accepted), forced_pos

    def __getstate__(self) -> dict[str, object]:
        return {"entries": self.entries, "_trie": None}


def _cover(length: int, spans: Spans) -> list[tuple[int, int] | None]:
    """For each character position, the span covering it (or None)."""
    cover: list[tuple[int, int] | None] = [None] * length
    for start, end in spans:
        cover[start:end] = [(start, end)] * (end - start)
    return cover


def finish_words(text: str, spans: Spans, pos: dict[tuple[int, int], str] | None = None,
                 dictionary: UserDictionary | None = None) -> list[Word]:
    """The shared last step of every word backend: atomic runs, then the user dictionary, then words.

    Args:
        text: the article text the spans index.
        spans: the backend's word spans, sorted and non-overlapping.
        pos: the backend's POS tags by span, if it tags.
        dictionary: the user dictionary to force, if any.

    Returns:
        The words, sorted; a span the rules changed keeps no backend POS.
    """
    spans = enforce_atomic(text, spans)
    forced: dict[tuple[int, int], str] = {}
    if dictionary is not None:
        spans, forced = dictionary.apply(text, spans)
    pos = pos or {}
    return [Word(s, e, text[s:e], pos=forced.get((s, e)) or pos.get((s, e))) for s, e in spans]
