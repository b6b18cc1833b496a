"""Character normalisation, bigrams and dictionary-match features for the neural taggers (no torch)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..text.punctuation import CLOSING, ELLIPSIS, SENTENCE_END
from ..text.sentences import cut_long

PAD, UNK, BOS, EOS = "<pad>", "<unk>", "<s>", "</s>"


def normalise_char(char: str) -> str:
    """Fold one character onto the form the models see: full-width ASCII to half-width, digits to 0.

    The mapping is one character to one character, so offsets into the original text are kept.
    Digits share one symbol because a number's value never changes how it is segmented or tagged.

    >>> "".join(normalise_char(c) for c in "ＡＢ１２　x7")
    'AB00 x0'
    """
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        char = chr(code - 0xFEE0)
    elif code == 0x3000:
        char = " "
    return "0" if char.isdigit() and char.isascii() else char


# normalise_char as one translation table: the only characters it changes (full-width ASCII, the
# ideographic space, ASCII digits)
_NORMALISED = {code: normalise_char(chr(code))
               for code in (*range(0xFF01, 0xFF5F), 0x3000, *range(ord("0"), ord("9") + 1))}


def normalise(text: str) -> str:
    """:func:`normalise_char` over a whole text (same length), as one ``str.translate``."""
    return text.translate(_NORMALISED)


def bigrams(chars: str) -> list[str]:
    """The ``len(chars) + 1`` bigrams of ``<s> chars </s>``: item ``i`` ends at character ``i``.

    Character ``i`` sees bigram ``i`` on its left and bigram ``i + 1`` on its right.

    >>> bigrams("ab")
    ['<s>a', 'ab', 'b</s>']
    """
    if not chars:
        return []
    return [BOS + chars[0]] + [chars[i:i + 2] for i in range(len(chars) - 1)] + [chars[-1] + EOS]


def mark(flags: np.ndarray, start: int, end: int, column: int = 0) -> None:
    """Flag a match ``[start, end)`` in columns ``column`` .. ``column + 3`` (B, M, E, S) of ``flags``."""
    if end - start == 1:
        flags[start, column + 3] = 1
    else:
        flags[start, column] = 1
        flags[start + 1:end - 1, column + 1] = 1
        flags[end - 1, column + 2] = 1


class Lexicon:
    """A word list matched against text: per character, flags for Begin/Middle/End/Single of a match.

    These are the dictionary features of the soft-lexicon family, reduced to 4 binary flags, so
    that a word list can be swapped at run time (e.g. an MSR-standard list) without retraining.
    """

    FEATURES = 4

    def __init__(self, words: Iterable[str], max_len: int = 8) -> None:
        # w.split() == [w]: not empty and no whitespace (a fast test: this runs on every model load), so
        # the kept words are normalised as one string, split at the line breaks put between them
        kept = [w for w in words if len(w) <= max_len and w.split() == [w]]
        self.words = set(normalise("\n".join(kept)).split("\n")) if kept else set()
        self.max_len = max(map(len, self.words), default=1)
        self.prefixes = {w[:k] for w in self.words for k in range(1, len(w) + 1)}

    def __len__(self) -> int:
        return len(self.words)

    def contains(self, word: str) -> bool:
        """Whether ``word`` (normalised) is in the lexicon."""
        return normalise(word) in self.words

    def matches(self, chars: str) -> list[tuple[int, int]]:
        """Every ``[start, end)`` where a lexicon word occurs in the normalised ``chars``.

        >>> Lexicon(["ab", "abc", "c"]).matches("abcd")
        [(0, 2), (0, 3), (2, 3)]
        """
        found = []
        prefixes, words = self.prefixes, self.words
        for start in range(len(chars)):
            for end in range(start + 1, min(len(chars), start + self.max_len) + 1):
                piece = chars[start:end]
                if piece not in prefixes:
                    break
                if piece in words:
                    found.append((start, end))
        return found

    def features(self, chars: str, hidden: frozenset[tuple[int, int]] = frozenset()) -> np.ndarray:
        """``(len(chars), 4)`` uint8 flags B, M, E, S; matches listed in ``hidden`` are ignored.

        >>> Lexicon(["abc", "d"]).features("abcd").tolist()
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
        """
        flags = np.zeros((len(chars), self.FEATURES), dtype=np.uint8)
        for start, end in self.matches(chars):
            if (start, end) not in hidden:
                mark(flags, start, end)
        return flags


class LabelledLexicon(Lexicon):
    """Word lists by label (e.g. entity names seen in training, a gazetteer): per label, the B/M/E/S
    flags of :class:`Lexicon`, so a match says both where a listed name lies and what kind it is.

    >>> gazetteer = LabelledLexicon([("北京", "LOC"), ("北京大学", "ORG")], ["ORG", "LOC"])
    >>> gazetteer.features("北京大学").tolist()
    [[1, 0, 0, 0, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0, 1, 0], [0, 1, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0]]
    """

    def __init__(self, entries: Iterable[tuple[str, str]], labels: Sequence[str], max_len: int = 12) -> None:
        self.labels = list(labels)
        column = {label: i * self.FEATURES for i, label in enumerate(self.labels)}
        self.columns: dict[str, list[int]] = {}
        for word, label in entries:
            if label in column:
                self.columns.setdefault(normalise(word), []).append(column[label])
        super().__init__(self.columns, max_len)
        self.columns = {word: columns if len(columns) == 1 else sorted(set(columns))
                        for word, columns in self.columns.items() if word in self.words}

    @property
    def width(self) -> int:
        """How many features :meth:`features` gives a character."""
        return self.FEATURES * len(self.labels)

    def entries(self) -> list[tuple[str, str]]:
        """``(word, label)`` pairs, sorted."""
        return sorted((word, self.labels[column // self.FEATURES])
                      for word, columns in self.columns.items() for column in columns)

    def features(self, chars: str, hidden: frozenset[tuple[int, int]] = frozenset()) -> np.ndarray:
        """``(len(chars), 4 * len(labels))`` uint8 flags: B, M, E, S of each label's matches."""
        flags = np.zeros((len(chars), self.width), dtype=np.uint8)
        for start, end in self.matches(chars):
            if (start, end) not in hidden:
                for column in self.columns[chars[start:end]]:
                    mark(flags, start, end, column)
        return flags


_ENDS = SENTENCE_END | ELLIPSIS


def chunks(text: str, max_len: int = 200, whitespace_breaks: bool = True) -> list[tuple[int, int]]:
    """Cut ``text`` into sentence pieces ``[start, end)`` of at most ``max_len`` characters.

    A piece ends after a run of sentence punctuation (and closing quotes); a longer piece is cut
    after its last comma within ``max_len``, else at ``max_len``. With ``whitespace_breaks``
    whitespace separates pieces and belongs to none; otherwise only line breaks do. Short pieces
    make short sequences, which a batch of BiLSTMs runs through in fewer steps.

    >>> chunks("你好。再见！” ok……好", max_len=4)
    [(0, 3), (3, 7), (8, 12), (12, 13)]
    """
    pieces: list[tuple[int, int]] = []
    start = None
    for i, char in enumerate(text + "\n"):
        if char == "\n" or (whitespace_breaks and char.isspace()):
            if start is not None:
                pieces += _sentences(text, start, i, max_len)
                start = None
        elif start is None:
            start = i
    return pieces


def _sentences(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    out = []
    i = start
    while i < end:
        if text[i] in _ENDS:
            i += 1
            while i < end and (text[i] in _ENDS or text[i] in CLOSING):
                i += 1
            out += cut_long(text, start, i, max_len)
            start = i
        else:
            i += 1
    return out + (cut_long(text, start, end, max_len) if start < end else [])
