"""Whether the learned event model's trigger confidence is calibrated: reliability table and ECE.

Usage: python benchmarks/event_calibration.py [--event-model models/event-news] [--split dev|test]
           [--json OUT]

Every trigger mention the taggers predict in the sentences of the broad news corpus's ``--split``
(``newsnlp.corpora.load_split("broad:SPLIT")``) counts as right when a gold event of that sentence has
the same trigger span and type. The model's confidence is its trigger score mapped by the isotonic
calibration the trainer fitted on the dev split (``newsnlp.evaluation.calibration``); on ``dev`` the
table is therefore in-sample (the trainer's own cross-fitted ECE is in the model's meta.json), on
``test`` it is held out.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import torch

from newsnlp.evaluation.calibration import expected_calibration_error, reliability
from newsnlp.stages.event.learned import EventTaggers
from newsnlp.stages.event.train import load_units, trigger_outcomes

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--event-model", type=Path, default=ROOT / "models" / "event-news")
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    taggers = EventTaggers.load(args.event_model / "event")
    units = load_units([f"broad:{args.split}"], taggers.schema, list(taggers.conventions), Counter())
    confidences, correct = trigger_outcomes(taggers, units)
    table = reliability(confidences, correct)
    ece = expected_calibration_error(confidences, correct)
    print(f"broad {args.split}: {len(confidences)} predicted trigger mentions, ECE {ece:.3f}\n")
    print("| confidence | mentions | mean confidence | share right |\n|---|---:|---:|---:|")
    for row in table:
        print(f"| {row.low:.1f}–{row.high:.1f} | {row.count} | {row.confidence:.3f} | {row.accuracy:.3f} |")
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "mentions": len(confidences), "ece": ece,
                                         "reliability": [vars(row) for row in table]}, indent=1) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
