"""Very long articles: seconds through the whole default pipeline for 1 MB texts of different makeup.

Usage: python benchmarks/long_article.py [--megabytes 1] [--model DIR]

Each text is one line of the sample page repeated to the size asked: the three shortest lines (a
title-like phrase without punctuation, where one sentence holds thousands of triggers) and the longest
(ordinary news prose). Prints one Markdown table: characters, seconds, sentences, entities, events.
The bad-input campaign (benchmarks/fuzz_campaign.py) feeds such records too; this shows their cost.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsnlp import load

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "workers_daily_page.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--model", help="model directory (default: the shipped default)")
    args = parser.parse_args()
    nlp = load(args.model)
    lines = [line for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    size = int(args.megabytes * 2**20)
    print("| repeated line | chars | seconds | sentences | entities | events |")
    print("|---|---:|---:|---:|---:|---:|")
    for line in [*sorted(lines, key=len)[:3], max(lines, key=len)]:
        text = (line * (size // len(line) + 1))[:size]
        started = time.perf_counter()
        article = nlp(text)
        seconds = time.perf_counter() - started
        print(f"| {line[:16]}… | {len(text):,} | {seconds:.1f} | {len(article.sentences):,} | "
              f"{len(article.entities):,} | {len(article.events):,} |", flush=True)


if __name__ == "__main__":
    main()
