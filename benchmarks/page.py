"""Throughput of page splitting + sentence splitting on one core.

Usage: python benchmarks/page.py [--megabytes 1]

Builds a synthetic page of about N MB by repeating the Workers' Daily sample page (each copy keeps its
headlines, bylines and layout breaks), then times the page stage and the sentence stage over it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsnlp.stages.page.rules import make_page_splitter
from newsnlp.stages.sentence.rules import make_sentence_splitter

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "workers_daily_page.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    sample = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, int(args.megabytes * 2**20 / len(sample.encode("utf-8"))))
    page = "\n\n".join([sample] * copies)
    splitter, sentencer = make_page_splitter(), make_sentence_splitter()
    start = time.perf_counter()
    articles = splitter.split(page, date="2025-11-25")
    split_seconds = time.perf_counter() - start
    for article in articles:
        sentencer(article)
    total_seconds = time.perf_counter() - start
    chars = len(page)
    print("| input | chars | articles | page split chars/s | page + sentences chars/s |")
    print("|---|---|---|---|---|")
    print(f"| {len(page.encode('utf-8')) / 2**20:.2f} MB | {chars:,} | {len(articles):,} | "
          f"{chars / split_seconds:,.0f} | {chars / total_seconds:,.0f} |")


if __name__ == "__main__":
    main()
