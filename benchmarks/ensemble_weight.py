"""Choose word.ensemble.v1's neural_weight on a dev split (never on a test set).

Usage: python benchmarks/ensemble_weight.py [--model models/word-ensemble] [--split pd1998:dev]
           [--weights 0 0.3 0.4 0.5 0.6 1]

Segments every record of the split with the ensemble at each weight (0: the pkuseg member's
probabilities alone, 1: the neural members') and prints word P/R/F per weight.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from newsnlp import load
from newsnlp.corpora import load_split
from newsnlp.corpora.formats.gold import article_from_gold
from newsnlp.evaluation.segmentation import score_segmentation
from newsnlp.stages.word.ensemble import EnsembleWordStage

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "word-ensemble")
    parser.add_argument("--split", default="pd1998:dev")
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.3, 0.4, 0.5, 0.6, 1.0])
    args = parser.parse_args()
    torch.set_num_threads(1)
    stage = load(args.model).get_stage("word")
    gold = [article_from_gold(dict(record)) for record in load_split(args.split)]
    print(f"{args.split}, {len(gold)} records\n")
    print("| neural_weight | word P | word R | word F |\n|---:|---:|---:|---:|")
    for weight in args.weights:
        voter = EnsembleWordStage(stage.neural, stage.pkuseg, neural_weight=weight)
        pairs = [(article, voter(article.with_text_only())) for article in gold]
        figures = score_segmentation(pairs).figures()
        print(f"| {weight:g} | {100 * figures['word_p']:.2f} | {100 * figures['word_r']:.2f} | "
              f"{100 * figures['word_f']:.2f} |")


if __name__ == "__main__":
    main()
