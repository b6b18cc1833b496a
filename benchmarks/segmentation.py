"""Segmentation benchmark: newsnlp word backends and offline peers on SIGHAN 2005 PKU and MSR test.

Usage: python benchmarks/segmentation.py [--systems jieba thulac pkuseg snownlp lac jiagu]
           [--models models/word-pkuseg ...] [--peer-python PEERS_VENV/bin/python] [--limit N]
           [--json results.json] [--reuse earlier.json]

Every system runs in its own process pinned to one core (benchmarks/peers.py), once per test set;
peers run as their wheels ship them, newsnlp models as trained here (PKU standard: People's Daily
1998, since the SIGHAN PKU and MSR training sets are not available). ``--models`` defaults to every
``models/word-*`` directory. Each newsnlp model also gets word-list rows per test set, scored on that
test only: the test's training word list (MSR: the MSR-standard mode; PKU: the PKU training set's
vocabulary, which People's Daily 1998 does not quite match) as the model's dictionary (``dictionary``
setting of word.neural.v1: dictionary features and merging) and forced on top of it (``user_dict``
setting, every backend).
Prints one Markdown table: word F and OOV recall (against the test's own training word list) per
test set, chars/s on one core over both sets, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from peers import ROOT, corpus_articles, run_worker

from newsnlp.config import load_config
from newsnlp.corpora import load_word_list
from newsnlp.corpora.paths import corpus_file
from newsnlp.doc import Article, Word
from newsnlp.evaluation.segmentation import score_segmentation
from newsnlp.stages.word.rules import tokenize_spans

PEERS = ["jieba", "thulac", "pkuseg", "snownlp", "lac", "jiagu"]
TESTS = {"PKU": ("sighan_pku:test", "pku"), "MSR": ("sighan_msr:test", "msr")}
# word-list modes per backend: a test's training word list as the model's dictionary (features and
# merging; pkuseg's word features are lexicalised, so it has none) or forced as user words
WORD_LIST_MODES = {"word.neural.v1": {"words as dictionary": "stages.word.dictionary",
                                      "words forced": "stages.word.user_dict"},
                   "word.pkuseg.v1": {"words forced": "stages.word.user_dict"},
                   "word.ensemble.v1": {"words forced": "stages.word.user_dict"}}


def score(gold: list[Article], outputs: list[list[str]], word_list: set[str]) -> dict[str, float]:
    pairs = []
    for article, words in zip(gold, outputs):
        predicted = Article(id=article.id, text=article.text)
        predicted.set_layer("words", [Word(s, e, article.text[s:e])
                                      for s, e in tokenize_spans(article.text, words)])
        pairs.append((article, predicted))
    return score_segmentation(pairs, word_list=word_list).figures()


def systems(args: argparse.Namespace) -> list[tuple[str, str, str, list[str], tuple[str, ...]]]:
    """(row name, interpreter, system, overrides, test sets) for every row of the table."""
    rows = [(f"{peer} (as shipped)", args.peer_python, peer, [], tuple(TESTS)) for peer in args.systems]
    for model in args.models:
        backend = load_config(Path(model) / "config.cfg")["stages"]["word"]["backend"]
        name = f"newsnlp {backend} ({Path(model).name})"
        rows.append((name, sys.executable, f"newsnlp:{model}", [], tuple(TESTS)))
        for test, (_, standard) in TESTS.items():
            words = str(corpus_file("seg", "sighan2005", f"{standard}_training_words.utf8"))
            rows += [(f"{name} + {test} {mode}", sys.executable, f"newsnlp:{model}", [f"{key}={words}"],
                      (test,)) for mode, key in WORD_LIST_MODES.get(backend, {}).items()]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", nargs="*", default=PEERS, help="peers to run")
    parser.add_argument("--models", nargs="*", default=None, help="newsnlp model directories")
    parser.add_argument("--peer-python", default=os.environ.get("NEWSNLP_PEER_PYTHON", sys.executable),
                        help="interpreter with the peers installed (default $NEWSNLP_PEER_PYTHON)")
    parser.add_argument("--limit", type=int, help="first N sentences of each test set (smoke runs)")
    parser.add_argument("--json", help="also write the figures as JSON here")
    parser.add_argument("--reuse", help="JSON of an earlier run whose rows are shown again, not re-run")
    args = parser.parse_args()
    if args.models is None:
        args.models = sorted(str(p) for p in (Path(ROOT) / "models").glob("word-*")
                             if (p / "config.cfg").is_file())
    gold = {name: corpus_articles(split, args.limit) for name, (split, _) in TESTS.items()}
    words = {name: load_word_list(standard) for name, (_, standard) in TESTS.items()}
    results = json.loads(Path(args.reuse).read_text("utf-8")) if args.reuse else {}
    for row, python, system, overrides, tests in systems(args):
        result: dict[str, Any] = {"seconds": 0.0, "chars": 0, "peak_mb": 0.0}
        for test in tests:
            print(f"{row}: {test} test", file=sys.stderr, flush=True)
            out = run_worker(python, "seg", system, [a.text for a in gold[test]], overrides)
            if "error" in out:
                result["error"] = out["error"]
                break
            result[test] = score(gold[test], out["outputs"], words[test])
            result["seconds"] += out["run_s"]
            result["chars"] += out["chars"]
            result["peak_mb"] = max(result["peak_mb"], out["peak_mb"])
        results[row] = result
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def table(results: dict[str, dict[str, Any]]) -> str:
    """The Markdown table of :func:`main`."""
    lines = ["| system | PKU F | PKU OOV R | MSR F | MSR OOV R | chars/s (1 core) | peak RSS MiB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row, result in results.items():
        if "error" in result:
            lines.append(f"| {row} | not run: {result['error'][:80]} | | | | | |")
            continue
        cells = []
        for test in TESTS:
            figures = result.get(test)
            cells += [f"{100 * figures['word_f']:.1f}", f"{100 * figures['oov_recall']:.1f}"] if figures \
                else ["–", "–"]
        speed = f"{result['chars'] / result['seconds']:,.0f}" if result["seconds"] else "–"
        lines.append(f"| {row} | {' | '.join(cells)} | {speed} | {result['peak_mb']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
