"""Pre-train character and character-bigram embeddings with gensim word2vec on raw news text.

Writes ``chars.json``/``chars.npy`` and ``bigrams.json``/``bigrams.npy`` (vocabulary, vectors) that the
neural taggers use to initialise their embedding tables. Only the raw news text is read (no
annotated corpus, so no test split). Run: ``python -m newsnlp.training.embeddings runs/emb`` (needs
gensim: ``pip install newsnlp[embeddings]``).
"""

from __future__ import annotations

import argparse
import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from ..corpora import iter_raw_text
from ..nn.text import bigrams, normalise
from ..text.files import write_dir

RAW_CORPORA = ("xinwenlianbo", "cnews_sample")


def raw_lines() -> Iterator[str]:
    """Every non-empty line of the raw news corpora (11.5 M characters), normalised."""
    for name in RAW_CORPORA:
        for line in iter_raw_text(name):
            if line.strip():
                yield normalise(line.strip())


class _Sentences:
    """A re-iterable corpus for gensim: the lines as characters or as bigrams."""

    def __init__(self, lines: list[str], unit: str) -> None:
        self.lines, self.unit = lines, unit

    def __iter__(self) -> Iterator[list[str]]:
        for line in self.lines:
            yield list(line) if self.unit == "chars" else bigrams(line)


def _stable_hash(text: str) -> int:
    """A hash that, unlike ``hash``, does not change between Python processes (reproducible init)."""
    return zlib.crc32(text.encode("utf-8"))


def pretrain_embeddings(output: str | Path, lines: Iterable[str] | None = None, *, dim: int = 100,
                        min_count: int = 3, epochs: int = 5, seed: int = 13) -> Path:
    """Train skip-gram vectors for characters and bigrams and save them atomically into ``output``."""
    from gensim.models import Word2Vec

    output = Path(output)
    texts = list(lines if lines is not None else raw_lines())

    def write(tmp: Path) -> None:
        for unit in ("chars", "bigrams"):
            model = Word2Vec(_Sentences(texts, unit), vector_size=dim, window=5, min_count=min_count,
                             sg=1, negative=5, epochs=epochs, workers=1, seed=seed,
                             hashfxn=_stable_hash)
            vectors = model.wv
            (tmp / f"{unit}.json").write_text(json.dumps(list(vectors.index_to_key), ensure_ascii=False),
                                              encoding="utf-8")
            np.save(tmp / f"{unit}.npy", vectors.vectors.astype(np.float32))

    return write_dir(output, write)


def load_pretrained(path: str | Path, unit: str) -> dict[str, np.ndarray]:
    """The ``unit`` ("chars" or "bigrams") vectors saved by :func:`pretrain_embeddings`, by key."""
    path = Path(path)
    keys = json.loads((path / f"{unit}.json").read_text(encoding="utf-8"))
    vectors = np.load(path / f"{unit}.npy")
    return dict(zip(keys, vectors))


def main(argv: list[str] | None = None) -> None:
    """``python -m newsnlp.training.embeddings OUTPUT``: the vectors of the raw news corpora."""
    parser = argparse.ArgumentParser(prog="python -m newsnlp.training.embeddings",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("output", metavar="OUTPUT", help="folder to write (replaced once complete)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    pretrain_embeddings(args.output)


if __name__ == "__main__":
    main()
