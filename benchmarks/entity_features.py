"""What each input of the neural entity model is worth: the shipped config retrained with one change
(an input left out, a larger dictionary, a second BiLSTM layer, another seed) for a few epochs, scored
on the trainer's dev splits (issue 7: dictionary matches, pretrained char/bigram vectors).

Usage: python benchmarks/entity_features.py [--epochs 4] [--jobs 2] [--variants NAME ...]
                                            [--jieba-dict PATH] [--out runs/features]

Each variant is ``newsnlp train entity --config configs/entity_neural.cfg`` with a few overrides and the
same seed, stopped after ``--epochs`` (the learning-rate decay and the weight averaging do not depend on
the epoch count, so epoch N of a short run is epoch N of a full one). The shipped run's own log
(``models/entity-neural/train_log.jsonl``) is the baseline: retrained with the same seed, its first
epoch gives the same loss and dev scores to the five decimals logged. ``--jieba-dict`` (jieba's
``dict.txt``) adds a variant with a larger dictionary: jieba's words of two characters or more as
word-dictionary entries, its nr/nrt/ns/nt words as PER/LOC/ORG names, and the names of CLUENER,
Weibo and Resume train.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsnlp.training.loop import LOG_FILE

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "configs" / "entity_neural.cfg"
SHIPPED_LOG = REPO / "models" / "entity-neural" / LOG_FILE
JIEBA_LABELS = {"nr": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}
VARIANTS: dict[str, tuple[str, list[str]]] = {
    "seed-7": ("same config, seed 7 (the noise)", ["--training.seed", "7"]),
    "no-pretrained": ("no pretrained char/bigram vectors", ["--training.pretrained", '""']),
    "no-word-dictionary": ("no word-dictionary flags", ["--training.lexicon", "false"]),
    "no-name-lexicon": ("no name-lexicon flags", ["--training.name_lexicon", "[]"]),
    "no-dictionaries": ("no dictionary flags at all",
                        ["--training.lexicon", "false", "--training.name_lexicon", "[]"]),
    "two-layers": ("two BiLSTM layers", ["--training.layers", "2"]),
}
COLUMNS = ("msra:dev_f", "pd_ner:dev_f", "pd1998:dev_f", "dev_f")


def jieba_lists(dict_txt: Path, out: Path) -> list[str]:
    """Write jieba's words and names in newsnlp's dictionary formats; the overrides that use them."""
    out.mkdir(parents=True, exist_ok=True)
    words, names = out / "jieba_words.txt", out / "jieba_names.tsv"
    with dict_txt.open(encoding="utf-8") as lines, words.open("w", encoding="utf-8") as word_file, \
            names.open("w", encoding="utf-8") as name_file:
        for line in lines:
            word, _, pos = line.split()
            if len(word) > 1:
                word_file.write(f"{word}\t{pos}\n")
                if pos in JIEBA_LABELS:
                    name_file.write(f"{word}\t{JIEBA_LABELS[pos]}\n")
    return ["--training.lexicon_words", json.dumps(["pd1998:train", str(words)]),
            "--training.name_lexicon", json.dumps(["msra:train", "pd1998:train", "cluener:train",
                                                   "weibo:train", "resume:train", str(names)]),
            "--training.repair", json.dumps(["cluener", "weibo", "resume"])]


def train(key: str, overrides: list[str], epochs: int, out: Path) -> Path:
    """Train one variant into ``out/KEY`` (progress in ``out/KEY.log``); the path of its epoch log."""
    folder = out / key
    # exactly ``epochs`` epochs: no early stop, no time cap, no test scoring
    command = [sys.executable, "-m", "newsnlp.cli.app", "train", "entity", "--config", str(CONFIG),
               "--output", str(folder), "--training.epochs", str(epochs), "--training.patience", str(epochs),
               "--training.max_minutes", "null", "--training.report", "[]", *overrides]
    print(f"training {key}: newsnlp {shlex.join(command[3:])}", file=sys.stderr, flush=True)
    with (out / f"{folder.name}.log").open("w", encoding="utf-8") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                       env={**os.environ, "OMP_NUM_THREADS": "1"})
    return folder / LOG_FILE


def at_epoch(log: Path, epoch: int) -> dict[str, float]:
    """The dev scores of ``epoch`` in a trainer's ``train_log.jsonl``."""
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["epoch"] == epoch:
            return entry
    raise SystemExit(f"{log}: no epoch {epoch}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2, help="variants trained at once (one thread each)")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS),
                        help="which variants to train (default: all)")
    parser.add_argument("--jieba-dict", type=Path, help="jieba's dict.txt (adds a variant)")
    parser.add_argument("--out", type=Path, default=REPO / "runs" / "features")
    args = parser.parse_args()
    baseline = at_epoch(SHIPPED_LOG, args.epochs)  # fails now, not after hours of training
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    variants = {key: VARIANTS[key] for key in args.variants}
    if args.jieba_dict:
        variants["jieba"] = ("+ jieba's words and names, CLUENER/Weibo/Resume names",
                             jieba_lists(args.jieba_dict, args.out))
    with ThreadPoolExecutor(args.jobs) as pool:
        futures = {key: pool.submit(train, key, variants[key][1], args.epochs, args.out) for key in variants}
    print(f"| model (dev strict F at epoch {args.epochs}) | MSRA dev | PD NER dev (`pd1998`) | PD1998 dev | "
          "dev mean |\n|---|---:|---:|---:|---:|")
    print(row("shipped config", baseline))
    for key, future in futures.items():
        try:
            print(row(variants[key][0], at_epoch(future.result(), args.epochs)))
        except subprocess.CalledProcessError:
            print(f"| {variants[key][0]} | failed: see {args.out / key}.log | | | |")


def row(name: str, scores: dict[str, float]) -> str:
    """One table row: the dev scores in percent."""
    return f"| {name} | " + " | ".join(f"{100 * scores[key]:.2f}" for key in COLUMNS) + " |"


if __name__ == "__main__":
    main()
