"""A faster decoder for spacy-pkuseg CRF models: the same features and scores, computed per text.

spacy-pkuseg builds every character's features one by one (about 70 string concatenations and
dictionary lookups a character, most of them for word pairs that cannot exist), which caps a model at
about 90k chars/s on one core however small it is. :class:`PkusegDecoder` reads the same model into
per-template tables once, then scores a whole text at a time:

- the eight character templates (``c.``, ``c-1.``, ``c1.``, ``c-2.``, ``c2.``, ``c-1c.``, ``cc1.``,
  ``c-2c-1.``) are one table lookup each and one numpy gather;
- dictionary words are found once per text with a prefix set, so the word templates (``w-1.``,
  ``w1.``) and the word-pair templates (``ww.l.``, ``ww.r.``) cost work only where a word matches;
  the pairs in which neither side is a word, which spacy-pkuseg appends up to 25 times a character,
  are added as one weight times their count.

The node scores (equal up to floating-point rounding: the weights are added in another order), the edge
scores and the Viterbi pass (spacy-pkuseg's own ``run_viterbi``) are those of
``spacy_pkuseg.pkuseg._cut``; ``tests/stages/word/test_pkuseg_decoder.py`` checks that both give the
same words. spacy-pkuseg's own dictionaries (``package_dict``, its user dictionary) are not applied:
a segmenter using them is refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from spacy_pkuseg.config import config
from spacy_pkuseg.inference import run_viterbi

from ...nn.marginals import crf_marginals

if TYPE_CHECKING:
    from spacy_pkuseg import FeatureExtractor, pkuseg

# spacy-pkuseg's node normalisation as one translation table: its keyword characters become "&",
# digits and full-width letters become the tokens "**Num" / "**Letter", which are written here as one
# private-use character each so that a text stays one string, one character per node.
NUM, LETTER, NO_WORD, STRAY = "\ue000", "\ue001", "\ue002", "\ue003"
_TOKENS = {"**noWord": NO_WORD, "**Num": NUM, "**Letter": LETTER}
_CHAR_TEMPLATES = ("c", "c-1", "c1", "c-2", "c2")
_BIGRAM_TEMPLATES = ("c-1c", "cc1", "c-2c-1")
_NON_SPACE = re.compile(r"\S+")


class WordFeatures(NamedTuple):
    """Feature indices of one dictionary word (-1: not in the model)."""

    ends: int              # w-1.WORD: the word ends at this character
    starts: int            # w1.WORD: the word starts here
    left_pair_right: int   # ww.l.**noWord*WORD
    left_pair_left: int    # ww.l.WORD***noWord
    right_pair_right: int  # ww.r.**noWord*WORD
    right_pair_left: int   # ww.r.WORD***noWord

    def paired_right(self, side: int) -> int:
        """The word as the right member of a pair with no word (side 0: ww.l, 1: ww.r)."""
        return self.right_pair_right if side else self.left_pair_right

    def paired_left(self, side: int) -> int:
        """The word as the left member of a pair with no word (side 0: ww.l, 1: ww.r)."""
        return self.right_pair_left if side else self.left_pair_left


class WordFeatureTable(dict[str, WordFeatures]):
    """:class:`WordFeatures` by dictionary word, each looked up on its first use (for all 54k words of
    a model at once they took a third of a second of every load)."""

    def __init__(self, templates: dict[str, dict[str, int]]) -> None:
        super().__init__()
        self.templates = templates

    def __missing__(self, word: str) -> WordFeatures:
        # a word's own features: as the word ending / starting here (w-1, w1), and paired with "no
        # word" on the other side, as the right / left member of a left (ww.l) and right (ww.r) pair
        t = self.templates
        found = self[word] = WordFeatures(
            t["w-1"].get(word, -1), t["w1"].get(word, -1),
            t["ww.l"].get(f"{NO_WORD}*{word}", -1), t["ww.l"].get(f"{word}*{NO_WORD}", -1),
            t["ww.r"].get(f"{NO_WORD}*{word}", -1), t["ww.r"].get(f"{word}*{NO_WORD}", -1))
        return found


def _node_table(feature_extractor: FeatureExtractor) -> dict[int, str]:
    table = {ord(ch): STRAY for ch in (NUM, LETTER, NO_WORD)}
    table |= {ord(ch): NUM for ch in feature_extractor.num}
    table |= {ord(ch): LETTER for ch in feature_extractor.letter}
    table |= {ord(ch): "&" for ch in feature_extractor.keywords}  # renamed before the number check
    return table


def _encode(payload: str) -> str:
    if "**" not in payload:  # most features: no token to replace (a load-time saving)
        return payload
    for token, char in _TOKENS.items():
        payload = payload.replace(token, char)
    return payload


class PkusegDecoder:
    """Segments text with a loaded ``spacy_pkuseg.pkuseg`` model, faster, with identical output."""

    def __init__(self, segmenter: pkuseg) -> None:
        extractor, model = segmenter.feature_extractor, segmenter.model
        if not (config.wordFeature and config.numLetterNorm):
            raise ValueError("PkusegDecoder reproduces the default spacy-pkuseg features only")
        if segmenter.postprocesser.do_process or segmenter.preprocesser.trie.children:
            raise ValueError("PkusegDecoder decodes the CRF alone: spacy-pkuseg's own dictionaries "
                             "(package_dict, its user dictionary) need spacy-pkuseg's own path")
        self.word_lengths = range(config.wordMin, config.wordMax + 1)
        self.slots = len(self.word_lengths)
        self.node_table = _node_table(extractor)
        n_tag, n_feature = model.n_tag, model.n_feature
        weights = np.asarray(model.w, dtype=np.float64)
        # one zero row at the end: the index -1 stands for "no such feature"
        self.node_weights = np.vstack([weights[: n_feature * n_tag].reshape(n_feature, n_tag),
                                       np.zeros((1, n_tag))])
        self.edge_scores = 1.0 + weights[n_feature * n_tag:].reshape(n_tag, n_tag).T
        self.begins_word = np.array(["B" in tag for _, tag in sorted(segmenter.idx_to_tag.items())])
        self.templates: dict[str, dict[str, int]] = defaultdict(dict)
        for name, index in extractor.feature_to_idx.items():
            template, _, payload = name.partition(".")
            if template == "ww":
                side, _, payload = payload.partition(".")
                template = f"ww.{side}"
            payload = _encode(payload)
            if template in _BIGRAM_TEMPLATES:
                payload = payload.replace(".", "")
            self.templates[template][payload] = index
        self.words = {_encode(word) for word in extractor.unigram}
        self.prefixes = {word[:end] for word in self.words for end in range(1, len(word) + 1)}
        self.word_features = WordFeatureTable(self.templates)
        self.both_empty = [self.templates[f"ww.{side}"].get(f"{NO_WORD}*{NO_WORD}", -1) for side in "lr"]

    def cut_spans(self, text: str) -> list[tuple[int, int]]:
        """Word spans of ``text``; whitespace separates pieces and is never part of a word."""
        spans: list[tuple[int, int]] = []
        for match in _NON_SPACE.finditer(text):
            start = match.start()
            piece_spans = self._cut_piece(match.group())
            spans += [(start + begin, start + end) for begin, end in piece_spans]
        return spans

    def marginals(self, pieces: Sequence[str], batch_chars: int = 4000) -> list[np.ndarray]:
        """``(characters, tags)`` tag probabilities of each piece (no whitespace), by forward-backward
        over batches of about ``batch_chars`` characters; an empty piece gets an empty array."""
        out = [np.zeros((len(piece), len(self.edge_scores))) for piece in pieces]
        order = sorted((i for i, piece in enumerate(pieces) if piece), key=lambda i: len(pieces[i]))
        batch: list[int] = []
        for position, i in enumerate(order):
            batch.append(i)
            following = len(pieces[order[position + 1]]) if position + 1 < len(order) else None
            if following is None or (len(batch) + 1) * following > batch_chars:
                for j, probabilities in zip(batch, self._batch_marginals([pieces[j] for j in batch])):
                    out[j] = probabilities
                batch = []
        return out

    def _batch_marginals(self, pieces: list[str]) -> list[np.ndarray]:
        n_tags, longest = len(self.edge_scores), max(map(len, pieces))
        scores = np.zeros((len(pieces), longest, n_tags))
        mask = np.zeros((len(pieces), longest), dtype=bool)
        for row, piece in enumerate(pieces):
            scores[row, :len(piece)] = self.node_scores(piece.translate(self.node_table))
            mask[row, :len(piece)] = True
        no_bounds = np.zeros(n_tags)
        probabilities = crf_marginals(scores, mask, no_bounds, self.edge_scores, no_bounds)
        return [probabilities[row, :len(piece)] for row, piece in enumerate(pieces)]

    def _cut_piece(self, piece: str) -> list[tuple[int, int]]:
        nodes = piece.translate(self.node_table)
        scores = self.node_scores(nodes)
        _, states = run_viterbi(scores, self.edge_scores)
        starts = np.flatnonzero(self.begins_word[np.asarray(states)])
        boundaries = [0, *(int(i) for i in starts if i > 0), len(piece)]
        return list(zip(boundaries, boundaries[1:]))

    def node_scores(self, nodes: str) -> np.ndarray:
        """The CRF's node scores (characters × tags) for a normalised piece without whitespace."""
        scores = self.node_weights[np.stack(self._char_columns(nodes), axis=1)].sum(axis=1)
        scores += self.node_weights[0]  # the always-on feature "$$"
        self._add_word_features(nodes, scores)
        return scores

    def _char_columns(self, nodes: str) -> list[np.ndarray]:
        """One feature index a node for each character template (-1 where absent or out of range)."""
        n = len(nodes)
        t = self.templates
        pad = STRAY * 2
        padded = pad + nodes + pad  # positions i+2 in ``padded`` are node i; STRAY has no feature
        columns = []
        for name, offset in zip(_CHAR_TEMPLATES, (0, -1, 1, -2, 2)):
            table = t[name]
            columns.append([table.get(padded[i + 2 + offset], -1) for i in range(n)])
        for name, offset in zip(_BIGRAM_TEMPLATES, (-1, 0, -2)):
            table = t[name]
            columns.append([table.get(padded[i + 2 + offset: i + 4 + offset], -1) for i in range(n)])
        return [np.asarray(column, dtype=np.int64) for column in columns]

    def _add_word_features(self, nodes: str, scores: np.ndarray) -> None:
        """Add the word and word-pair templates to ``scores`` in place."""
        n = len(nodes)
        starting: list[list[str]] = [[] for _ in range(n + 1)]  # words starting at i
        ending: list[list[str]] = [[] for _ in range(n + 1)]    # words ending at i (inclusive)
        words, prefixes = self.words, self.prefixes
        for i in range(n):
            for length in self.word_lengths:
                candidate = nodes[i: i + length]
                if len(candidate) < length or candidate not in prefixes:
                    break
                if candidate in words:
                    starting[i].append(candidate)
                    ending[i + length - 1].append(candidate)
        features = self.word_features
        pairs = (self.templates["ww.l"], self.templates["ww.r"])
        slots = self.slots
        extra: list[tuple[int, int, int]] = []  # (position, feature, count)
        empty_pairs = np.full((n, 2), slots * slots, dtype=np.float64)  # no word on either side
        for i in range(n):
            ends_here, starts_here = ending[i], starting[i]
            ends_before = ending[i - 1] if i > 0 else []
            starts_after = starting[i + 1]
            if not (ends_here or starts_here or ends_before or starts_after):
                continue
            for word in ends_here:
                extra.append((i, features[word].ends, 1))
            for word in starts_here:
                extra.append((i, features[word].starts, 1))
            for side, (left, right) in enumerate(((ends_before, starts_here), (ends_here, starts_after))):
                empty_left, empty_right = slots - len(left), slots - len(right)
                empty_pairs[i, side] = empty_left * empty_right
                for post in right:
                    extra.append((i, features[post].paired_right(side), empty_left))
                for pre in left:
                    extra.append((i, features[pre].paired_left(side), empty_right))
                    for post in right:
                        extra.append((i, pairs[side].get(f"{pre}*{post}", -1), 1))
        weights = self.node_weights
        scores += empty_pairs[:, :1] * weights[self.both_empty[0]]
        scores += empty_pairs[:, 1:] * weights[self.both_empty[1]]
        if extra:
            positions, features, counts = (np.asarray(column) for column in zip(*extra))
            np.add.at(scores, positions, weights[features] * counts[:, None])
