"""A character sequence labeller in torch: char + bigram embeddings (+ lexicon flags) -> BiLSTM -> CRF.

One class serves every character-level stage (word segmentation as BMES, entities as BIO). A model
directory holds ``tagger.json`` (settings, tags, vocabularies) and ``weights.pt`` (a weights-only
state dict in float16, its embedding tables in int8 with one scale per row: :func:`compact_state`),
plus ``lexicon.txt`` when the model uses dictionary features and ``labelled_lexicon.tsv`` (word, tab,
label) when it uses labelled ones (a gazetteer of names).
"""

from __future__ import annotations

import functools
import json
import random
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ..errors import InputFormatError, ModelFileError, ModelNotFoundError, excerpt
from ..io import read_lines
from ..model_files import read_json_object
from .architecture import TaggerArchitecture
from .marginals import crf_marginals
from .text import PAD, UNK, LabelledLexicon, Lexicon, bigrams, normalise

NEG = -1e4  # a log-score that no path survives, finite so that masked sums never produce NaN
SETTINGS_FILE, WEIGHTS_FILE, LEXICON_FILE = "tagger.json", "weights.pt", "lexicon.txt"
LABELLED_LEXICON_FILE = "labelled_lexicon.tsv"


class Vocab:
    """Strings to ids; id 0 is padding, id 1 the unknown symbol."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = [PAD, UNK] + [item for item in items if item not in (PAD, UNK)]
        self.index = {item: i for i, item in enumerate(self.items)}

    @classmethod
    def build(cls, counts: Counter[str], min_count: int = 1, max_size: int | None = None,
              extra: Iterable[str] = ()) -> Vocab:
        """The items seen at least ``min_count`` times (most frequent first, at most ``max_size``),
        then ``extra`` items (e.g. those with pretrained vectors) up to the same size."""
        items = [item for item, n in counts.most_common() if n >= min_count][:max_size]
        seen = set(items)
        for item in extra:
            if max_size is not None and len(items) >= max_size:
                break
            if item not in seen:
                items.append(item)
                seen.add(item)
        return cls(items)

    def __len__(self) -> int:
        return len(self.items)

    def encode(self, items: Iterable[str]) -> np.ndarray:
        get = self.index.get
        return np.array([get(item, 1) for item in items], dtype=np.int64)


def scheme_constraints(tags: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Allowed (start, transition, end) masks for BMES or BIO tag sets (``O`` and ``X``/``B-X``...).

    BMES: a word starts with B or S and ends with E or S. BIO: ``I-X`` only follows ``B-X`` or ``I-X``.
    """
    n = len(tags)
    start, end = torch.ones(n, dtype=torch.bool), torch.ones(n, dtype=torch.bool)
    trans = torch.ones(n, n, dtype=torch.bool)
    if set(tags) <= {"B", "M", "E", "S"}:
        opens, closes = {"B", "M"}, {"E", "S"}
        for i, a in enumerate(tags):
            start[i] = a in ("B", "S")
            end[i] = a in closes
            for j, b in enumerate(tags):
                trans[i, j] = (b in ("M", "E")) == (a in opens)
    else:
        for j, b in enumerate(tags):
            if b.startswith("I-"):
                start[j] = False
                for i, a in enumerate(tags):
                    trans[i, j] = a in ("B-" + b[2:], b)
    return start, trans, end


class CRF(nn.Module):
    """A linear-chain CRF whose score of a path is start + emissions + transitions + end.

    ``allowed`` masks ``(batch, length, tags)`` generalise gold tags: the numerator of the likelihood
    sums over every path through the allowed tags, which trains on partially labelled data.
    """

    def __init__(self, n_tags: int, constraints: tuple[torch.Tensor, ...] | None = None) -> None:
        super().__init__()
        self.start = nn.Parameter(torch.zeros(n_tags))
        self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
        self.end = nn.Parameter(torch.zeros(n_tags))
        ok_start, ok_trans, ok_end = constraints or (torch.ones(n_tags, dtype=torch.bool),
                                                     torch.ones(n_tags, n_tags, dtype=torch.bool),
                                                     torch.ones(n_tags, dtype=torch.bool))
        for name, ok in (("start_mask", ok_start), ("trans_mask", ok_trans), ("end_mask", ok_end)):
            self.register_buffer(name, torch.where(ok, 0.0, NEG), persistent=False)

    def _scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        return (self.start + self.start_mask, self.trans + self.trans_mask, self.end + self.end_mask)

    def log_partition(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``log`` of the summed ``exp`` scores of all paths, per sequence (forward algorithm).

        Args:
            emissions: ``(batch, length, tags)``; mask: ``(batch, length)`` bool, prefixes true.
        """
        start, trans, end = self._scores()
        alpha = start + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            step = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t, None], step, alpha)
        return torch.logsumexp(alpha + end, dim=1)

    def nll(self, emissions: torch.Tensor, mask: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
        """Summed negative log-likelihood of the allowed paths."""
        restricted = emissions.masked_fill(~allowed, NEG)
        return (self.log_partition(emissions, mask) - self.log_partition(restricted, mask)).sum()

    @torch.no_grad()
    def viterbi(self, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        """The best tag path of each sequence (as long as its mask).

        Runs in numpy: decoding is a loop over positions of tiny operations, where numpy's per-call
        overhead is a fraction of torch's.
        """
        start, trans, end = (t.detach().numpy() for t in self._scores())
        scores, keep = emissions.detach().numpy(), mask.numpy()
        batch, length, n_tags = scores.shape
        score = start + scores[:, 0]
        identity = np.arange(n_tags)
        history = np.empty((max(length - 1, 0), batch, n_tags), dtype=np.int64)
        for t in range(1, length):
            candidates = score[:, :, None] + trans
            best = candidates.max(axis=1)
            index = candidates.argmax(axis=1)
            step = keep[:, t, None]
            score = np.where(step, best + scores[:, t], score)
            history[t - 1] = np.where(step, index, identity)  # padding passes the tag through
        last = (score + end).argmax(axis=1)
        path = np.empty((batch, length), dtype=np.int64)
        path[:, length - 1] = last
        rows = np.arange(batch)
        for t in range(length - 1, 0, -1):
            last = history[t - 1][rows, last]
            path[:, t - 1] = last
        lengths = keep.sum(axis=1)
        return [row[:n].tolist() for row, n in zip(path, lengths)]


@functools.lru_cache(maxsize=8)
def validity_decoder(tags: tuple[str, ...]) -> CRF:
    """A CRF with zero scores over ``tags``: its best path is the likeliest one the tag scheme allows."""
    return CRF(len(tags), scheme_constraints(tags))


def best_valid_paths(probabilities: Sequence[np.ndarray], tags: Sequence[str]) -> list[list[str]]:
    """The most probable valid tag path (B/M/E/S or BIO rules only, :func:`scheme_constraints`)
    through each ``(length, tags)`` array of tag probabilities, e.g. several models' averaged votes
    (below, per position the likeliest tag is I-X, which cannot open an entity).

    >>> best_valid_paths([np.array([[0.1, 0.6, 0.3], [0.2, 0.5, 0.3]])], ["O", "I-X", "B-X"])
    [['B-X', 'I-X']]
    """
    decoder = validity_decoder(tuple(tags))
    out = []
    for votes in probabilities:
        if not len(votes):
            out.append([])
            continue
        log_votes = torch.from_numpy(np.log(np.asarray(votes, dtype=np.float64) + 1e-12)[None])
        path = decoder.viterbi(log_votes, torch.ones(log_votes.shape[:2], dtype=torch.bool))[0]
        out.append([tags[t] for t in path])
    return out


@dataclass
class TaggerSettings(TaggerArchitecture):
    """Architecture and vocabulary settings (saved in ``tagger.json``)."""

    # labels of the labelled lexicon (a gazetteer): B/M/E/S match flags per label follow the lexicon's
    lexicon_labels: list[str] = field(default_factory=list)
    extra_features: int = 0  # width of caller-supplied per-character features (e.g. a trigger mark)
    # annotation conventions the model tells apart (corpus names): the first len(conventions) extra
    # features flag which one a text is tagged by
    conventions: list[str] = field(default_factory=list)


class CharTaggerNet(nn.Module):
    """Embeddings -> BiLSTM -> per-tag emission scores -> CRF."""

    def __init__(self, settings: TaggerSettings, n_chars: int, n_bigrams: int, tags: Sequence[str]) -> None:
        super().__init__()
        self.settings = settings
        self.chars = nn.Embedding(n_chars, settings.char_dim, padding_idx=0)
        self.bigrams = nn.Embedding(n_bigrams, settings.bigram_dim, padding_idx=0)
        width = (settings.char_dim + 2 * settings.bigram_dim + settings.extra_features
                 + (Lexicon.FEATURES if settings.lexicon else 0)
                 + Lexicon.FEATURES * len(settings.lexicon_labels))
        self.dropout = nn.Dropout(settings.dropout)
        self.forward_lstms = nn.ModuleList()
        self.backward_lstms = nn.ModuleList()
        for layer in range(settings.layers):
            size = width if layer == 0 else 2 * settings.hidden
            self.forward_lstms.append(nn.LSTM(size, settings.hidden, batch_first=True))
            self.backward_lstms.append(nn.LSTM(size, settings.hidden, batch_first=True))
        self.out = nn.Linear(2 * settings.hidden, len(tags))
        self.crf = CRF(len(tags), scheme_constraints(tags))

    def emissions(self, batch: Batch) -> torch.Tensor:
        pairs = self.bigrams(batch.bigrams)
        parts = [self.chars(batch.chars), pairs[:, :-1], pairs[:, 1:]]
        if batch.features.shape[2]:
            parts.append(batch.features)
        x = self.dropout(torch.cat(parts, dim=2))
        # The backward direction reads each sequence reversed within its own length, so padding
        # (always on the right) never reaches a real position; padded batches run the fused LSTM
        # kernels, which are several times faster on CPU than packed sequences.
        lengths = batch.mask.sum(dim=1, keepdim=True)
        positions = torch.arange(x.shape[1]).expand(x.shape[0], -1)
        reverse = torch.where(positions < lengths, lengths - 1 - positions, positions)
        for forward, backward in zip(self.forward_lstms, self.backward_lstms):
            index = reverse.unsqueeze(2).expand(-1, -1, x.shape[2])
            back = backward(x.gather(1, index))[0]
            back = back.gather(1, reverse.unsqueeze(2).expand(-1, -1, back.shape[2]))
            x = torch.cat([forward(x)[0], back], dim=2)
        return self.out(self.dropout(x))


@dataclass
class Batch:
    chars: torch.Tensor      # (B, L) ids
    bigrams: torch.Tensor    # (B, L + 1) ids
    features: torch.Tensor   # (B, L, F): lexicon, labelled lexicon, then extra features (F may be 0)
    mask: torch.Tensor       # (B, L) bool
    allowed: torch.Tensor | None = None  # (B, L, T) bool


@dataclass
class Encoded:
    """One sequence as arrays: ids, lexicon flags and (for training) its allowed tags."""

    chars: np.ndarray
    bigrams: np.ndarray
    features: np.ndarray
    allowed: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.chars)


def collate(items: Sequence[Encoded]) -> Batch:
    """Pad a list of encoded sequences into one batch."""
    size, length = len(items), max(len(item) for item in items)
    chars = np.zeros((size, length), dtype=np.int64)
    pairs = np.zeros((size, length + 1), dtype=np.int64)
    features = np.zeros((size, length, items[0].features.shape[1]), dtype=np.float32)
    mask = np.zeros((size, length), dtype=bool)
    allowed = None
    if items[0].allowed is not None:
        allowed = np.ones((size, length, items[0].allowed.shape[1]), dtype=bool)
    for row, item in enumerate(items):
        n = len(item)
        chars[row, :n], pairs[row, :n + 1], features[row, :n], mask[row, :n] = (
            item.chars, item.bigrams, item.features, True)
        if allowed is not None:
            allowed[row, :n] = item.allowed
    return Batch(torch.from_numpy(chars), torch.from_numpy(pairs), torch.from_numpy(features),
                 torch.from_numpy(mask), None if allowed is None else torch.from_numpy(allowed))


def batches(items: Sequence[Encoded], max_chars: int, shuffle: random.Random | None = None
            ) -> Iterator[tuple[list[int], Batch]]:
    """Length-sorted batches of about ``max_chars`` characters: ``(indices, batch)``.

    With ``shuffle``, lengths are sorted within random windows and batch order is random.
    """
    order = list(range(len(items)))
    if shuffle is not None:
        shuffle.shuffle(order)
        window = 100 * max(1, max_chars // 50)
        order = [i for s in range(0, len(order), window)
                 for i in sorted(order[s:s + window], key=lambda i: len(items[i]))]
    else:
        order.sort(key=lambda i: len(items[i]))
    groups, current, longest = [], [], 0
    for i in order:
        longest = max(longest, len(items[i]))
        if current and longest * (len(current) + 1) > max_chars:
            groups.append(current)
            current, longest = [], len(items[i])
        current.append(i)
    if current:
        groups.append(current)
    if shuffle is not None:
        shuffle.shuffle(groups)
    for group in groups:
        yield group, collate([items[i] for i in group])


def read_labelled_lexicon(path: Path, labels: Sequence[str]) -> list[tuple[str, str]]:
    """``(word, label)`` pairs of a ``word<TAB>label`` file, each label one of ``labels``.

    Raises:
        ModelNotFoundError: the file is missing. InputFormatError: a line is not two tab-separated
        fields, or its label is not one of ``labels``.
    """
    if not path.is_file():
        raise ModelNotFoundError(f"{path}: missing; the model's settings name labelled lexicon labels")
    entries = []
    for number, line in read_lines(path, encoding="utf-8"):
        fields = line.split("\t")
        if len(fields) != 2 or not all(fields):
            raise InputFormatError(f"expected 'word<TAB>label', got {excerpt(repr(line))}", path=path,
                                   line=number,
                                   field="word" if fields[0] == "" else "label")
        if fields[1] not in labels:
            raise InputFormatError(f"label {fields[1]!r} is not one of the model's {list(labels)}", path=path,
                                   line=number, field="label")
        entries.append((fields[0], fields[1]))
    return entries


EMBEDDINGS = ("chars.weight", "bigrams.weight")
INT8, SCALE = ".int8", ".scale"


class Int8Embedding(nn.Module):
    """An embedding table kept as it is saved (:func:`compact_state`: int8 rows, a float16 scale per
    row) and scaled on lookup: the very vectors of the float table :func:`full_state` makes, in a
    quarter of its memory. For inference; it has no gradient."""

    BUFFERS = ("rows", "row_scales")

    def __init__(self, rows: torch.Tensor, scale: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("rows", rows)
        self.register_buffer("row_scales", scale)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.rows[ids].float() * self.row_scales[ids].float()


def compact_state(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The state dict to save: embedding tables as int8 rows times a float16 scale per row (the
    bigram table is most of a model), other floating tensors as float16. An :class:`Int8Embedding`'s
    ``rows`` and ``scale`` are that form already."""
    out = {}
    for key, value in state.items():
        module, _, leaf = key.rpartition(".")
        if f"{module}.weight" in EMBEDDINGS and leaf in Int8Embedding.BUFFERS:
            out[f"{module}.weight" + (INT8 if leaf == "rows" else SCALE)] = value
        elif key in EMBEDDINGS:
            scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
            out[key + INT8] = torch.round(value / scale).to(torch.int8)
            out[key + SCALE] = scale.half()
        else:
            out[key] = value.half() if value.is_floating_point() else value
    return out


def full_state(saved: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The float32 state dict of a saved one (:func:`compact_state`, or all float16 as saved before)."""
    out = {}
    for key, value in saved.items():
        if key.endswith(INT8):
            name = key[:-len(INT8)]
            out[name] = value.float() * saved[name + SCALE].float()
        elif not key.endswith(SCALE):
            out[key] = value.float() if value.is_floating_point() else value
    return out


class CharTagger:
    """A trained (or trainable) tagger: vocabularies, tags, optional lexicons and the network."""

    def __init__(self, settings: TaggerSettings, tags: Sequence[str], chars: Vocab, pairs: Vocab,
                 lexicon: Lexicon | None = None, labelled: LabelledLexicon | None = None) -> None:
        self.settings, self.tags = settings, list(tags)
        self.char_vocab, self.bigram_vocab = chars, pairs
        self.lexicon = lexicon if settings.lexicon else None
        self.labelled = labelled if labelled is not None else LabelledLexicon([], settings.lexicon_labels)
        if self.labelled.labels != settings.lexicon_labels:
            raise ValueError(f"labelled lexicon labels {self.labelled.labels} differ from the settings' "
                             f"{settings.lexicon_labels}")
        self.net = CharTaggerNet(settings, len(chars), len(pairs), self.tags)
        self.saved_state: dict[str, torch.Tensor] | None = None  # set by quantize(): the state to save
        self.tag_index = {tag: i for i, tag in enumerate(self.tags)}

    def encode(self, text: str, allowed: Sequence[Iterable[str]] | None = None,
               hidden: frozenset[tuple[int, int]] = frozenset(), lexicon: Lexicon | None = None,
               extra: np.ndarray | None = None) -> Encoded:
        """Arrays for one text; ``allowed[i]`` lists the tags position ``i`` may take (training).

        ``hidden`` spans count as unlisted: their matches in either lexicon are left out of the
        features; ``lexicon`` replaces the model's own; ``extra`` is a
        ``(len(text), settings.extra_features)`` array appended to the features.
        """
        chars = normalise(text)
        lexicon = lexicon if lexicon is not None else self.lexicon
        if self.settings.lexicon and lexicon is not None:
            features = lexicon.features(chars, hidden)
        else:
            features = np.zeros((len(chars), Lexicon.FEATURES if self.settings.lexicon else 0), np.uint8)
        if self.settings.lexicon_labels:
            features = np.concatenate([features, self.labelled.features(chars, hidden)], axis=1)
        if self.settings.extra_features:
            features = np.concatenate([features, extra], axis=1, dtype=np.float32)
        mask = None
        if allowed is not None:
            mask = np.zeros((len(chars), len(self.tags)), dtype=bool)
            for i, options in enumerate(allowed):
                mask[i, [self.tag_index[tag] for tag in options]] = True
        return Encoded(self.char_vocab.encode(chars), self.bigram_vocab.encode(bigrams(chars)),
                       features, mask)

    def quantize(self) -> None:
        """Run the LSTMs and the output layer on int8 weights (torch's dynamic quantisation, for
        inference on CPU; the saved weights are unchanged). The activations are scaled per batch, so
        a text's tags may change with the texts batched beside it. What it costs in F and gains in
        speed: ``docs/benchmarks.md``, "int8"."""
        self.saved_state = compact_state(self.net.state_dict())  # what save() writes from now on
        with warnings.catch_warnings():  # torch 2.13 marks the eager API deprecated in favour of torchao
            warnings.simplefilter("ignore")
            torch.ao.quantization.quantize_dynamic(self.net, {nn.LSTM, nn.Linear}, dtype=torch.qint8,
                                                   inplace=True)
        self.net.eval()

    def check_trainable(self) -> None:
        """Raise ``ValueError`` for a tagger loaded for inference (its tables take no gradient)."""
        if isinstance(self.net.chars, Int8Embedding) or self.saved_state is not None:
            raise ValueError("this tagger was loaded for inference (int8 tables or layers); load it with "
                             "CharTagger.load(path) to train it")

    def loss(self, batch: Batch) -> torch.Tensor:
        """Negative log-likelihood of the batch's allowed tags, summed over sequences."""
        self.check_trainable()
        return self.net.crf.nll(self.net.emissions(batch), batch.mask, batch.allowed)

    def _emission_batches(self, items: Sequence[Encoded], max_chars: int
                          ) -> Iterator[tuple[list[int], torch.Tensor, Batch]]:
        """``(indices into items, emissions, batch)`` over the non-empty items, in eval mode."""
        if self.net.training:
            self.net.eval()
        nonempty = [i for i, item in enumerate(items) if len(item)]
        for group, batch in batches([items[i] for i in nonempty], max_chars):
            yield [nonempty[i] for i in group], self.net.emissions(batch), batch

    @torch.inference_mode()
    def predict_encoded(self, items: Sequence[Encoded], max_chars: int = 4000) -> list[list[str]]:
        """Best tags for each encoded sequence, in input order."""
        out: list[list[str]] = [[] for _ in items]
        for indices, emissions, batch in self._emission_batches(items, max_chars):
            for i, path in zip(indices, self.net.crf.viterbi(emissions, batch.mask)):
                out[i] = [self.tags[t] for t in path]
        return out

    @torch.inference_mode()
    def marginals_encoded(self, items: Sequence[Encoded], max_chars: int = 4000) -> list[np.ndarray]:
        """Tag probabilities ``(characters, tags)`` for each encoded sequence, in input order."""
        start, trans, end = (t.double().numpy() for t in self.net.crf._scores())
        out = [np.zeros((len(item), len(self.tags))) for item in items]
        for indices, emissions, batch in self._emission_batches(items, max_chars):
            probabilities = crf_marginals(emissions.double().numpy(), batch.mask.numpy(), start, trans, end)
            for i, row in zip(indices, probabilities):
                out[i] = row[:len(items[i])]
        return out

    def predict(self, texts: Sequence[str], lexicon: Lexicon | None = None) -> list[list[str]]:
        """Best tags for each text (one tag per character)."""
        return self.predict_encoded([self.encode(text, lexicon=lexicon) for text in texts])

    def init_embeddings(self, pretrained: dict[str, dict[str, np.ndarray]]) -> int:
        """Copy pretrained vectors (``{"chars": {...}, "bigrams": {...}}``) in; returns how many."""
        self.check_trainable()
        copied = 0
        for unit, vocab, table in (("chars", self.char_vocab, self.net.chars),
                                   ("bigrams", self.bigram_vocab, self.net.bigrams)):
            vectors = pretrained.get(unit, {})
            with torch.no_grad():
                for i, item in enumerate(vocab.items):
                    vector = vectors.get(item)
                    if vector is not None and len(vector) == table.embedding_dim:
                        table.weight[i] = torch.from_numpy(vector)
                        copied += 1
        return copied

    def save(self, path: str | Path) -> None:
        """Write ``tagger.json``, ``weights.pt`` (:func:`compact_state`) and the lexicon files into
        ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = {"settings": asdict(self.settings), "tags": self.tags,
                "chars": self.char_vocab.items[2:], "bigrams": self.bigram_vocab.items[2:]}
        (path / SETTINGS_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        torch.save(self.saved_state or compact_state(self.net.state_dict()), path / WEIGHTS_FILE)
        if self.lexicon is not None:
            (path / LEXICON_FILE).write_text("\n".join(sorted(self.lexicon.words)) + "\n", encoding="utf-8")
        if self.settings.lexicon_labels:
            (path / LABELLED_LEXICON_FILE).write_text(
                "".join(f"{word}\t{label}\n" for word, label in self.labelled.entries()), encoding="utf-8")

    @classmethod
    def load_first(cls, folders: Iterable[str | Path | None], *, backend: str, train_hint: str,
                   inference: bool = False) -> CharTagger:
        """Load the tagger of the first of ``folders`` that holds one (``None`` entries skipped;
        ``inference``: as :meth:`load`).

        Raises:
            ModelNotFoundError: when none does; the message names ``backend`` and ``train_hint``.
        """
        candidates = [Path(p) for p in folders if p is not None]
        source = next((p for p in candidates if (p / SETTINGS_FILE).is_file()), None)
        if source is None:
            searched = ", ".join(map(str, candidates)) or "-"
            raise ModelNotFoundError(f"{backend}: no trained tagger in {searched}; "
                                     f"train one with `{train_hint}`")
        return cls.load(source, inference=inference)

    @classmethod
    def load(cls, path: str | Path, *, inference: bool = False) -> CharTagger:
        """Load a tagger saved by :meth:`save` (weights read with ``weights_only=True``).

        With ``inference`` the embedding tables stay as saved (:class:`Int8Embedding`: the same
        outputs in a quarter of the memory, and no float copy made at load); such a tagger predicts
        and saves but refuses to be trained. A model saved before int8 tables (all float16) loads
        with float tables either way.
        """
        path = Path(path)
        for name in (SETTINGS_FILE, WEIGHTS_FILE):
            if not (path / name).is_file():
                raise ModelNotFoundError(f"{path / name}: missing; is {path} a saved tagger directory?")
        meta = read_json_object(path / SETTINGS_FILE, {"settings": dict, "tags": list, "chars": list,
                                                        "bigrams": list})
        try:
            settings = TaggerSettings(**meta["settings"])
        except TypeError as error:
            raise ModelFileError(path / SETTINGS_FILE, f"settings this version cannot read ({error})",
                                 field="settings") from error
        lexicon = None
        if settings.lexicon and (path / LEXICON_FILE).is_file():
            lexicon = Lexicon((path / LEXICON_FILE).read_text(encoding="utf-8").split())
        labelled = None
        if settings.lexicon_labels:
            entries = read_labelled_lexicon(path / LABELLED_LEXICON_FILE, settings.lexicon_labels)
            labelled = LabelledLexicon(entries, settings.lexicon_labels)
        tagger = cls(settings, meta["tags"], Vocab(meta["chars"]), Vocab(meta["bigrams"]), lexicon, labelled)
        saved = torch.load(path / WEIGHTS_FILE, map_location="cpu", weights_only=True)
        if inference and all(key + INT8 in saved for key in EMBEDDINGS):
            for key in EMBEDDINGS:
                module = key.rpartition(".")[0]
                rows, scales = saved.pop(key + INT8), saved.pop(key + SCALE)
                setattr(tagger.net, module, Int8Embedding(rows, scales))
                saved[f"{module}.rows"], saved[f"{module}.row_scales"] = rows, scales
        tagger.net.load_state_dict(full_state(saved))
        tagger.net.eval()
        return tagger
