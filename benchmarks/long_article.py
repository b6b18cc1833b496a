"""Very long articles: does the whole default pipeline's cost grow linearly with the text?

Usage: python benchmarks/long_article.py [--sizes 50000 100000 200000 1000000] [--model DIR] [--json F]

Each text is one line repeated to each size asked: the three shortest lines of the sample page (a
title-like phrase without punctuation, where one sentence holds thousands of triggers), its longest
(ordinary news prose) and one entity- and argument-dense news sentence (every repetition holds a date,
an organisation, a place, a person and events with arguments). Prints one Markdown table: per text
and size the CPU seconds of ``nlp(text)``, sentences, entities and events, and the ratio of each size's
seconds to the smallest size's (linear cost: the ratio of the sizes). CPU seconds, not wall-clock, so
that other work on a shared machine does not count.
The bad-input campaign (benchmarks/fuzz_campaign.py) feeds such records too; this shows their cost.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsnlp import load

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "workers_daily_page.txt"
DENSE = "11月5日，北京市总工会在人民大会堂举行表彰大会，王伟出席会议并讲话。"


def texts() -> list[str]:
    """The repeated lines: the sample page's three shortest and its longest, then :data:`DENSE`."""
    lines = [line for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    return [*sorted(lines, key=len)[:3], max(lines, key=len), DENSE]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000, 1_000_000],
                        help="text lengths in characters (default: 50k 100k 200k 1M)")
    parser.add_argument("--model", help="model directory (default: the shipped default)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    nlp = load(args.model)
    sizes = sorted(args.sizes)
    rows = []
    print(f"| repeated line | chars | CPU seconds | / {sizes[0]:,} chars | sentences | entities | events |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for line in texts():
        smallest = None
        for size in sizes:
            text = (line * (size // len(line) + 1))[:size]
            started = time.process_time()
            article = nlp(text)
            seconds = time.process_time() - started
            smallest = smallest or seconds
            row = {"line": line[:16], "chars": size, "seconds": round(seconds, 2),
                   "ratio": round(seconds / smallest, 2), "sentences": len(article.sentences),
                   "entities": len(article.entities), "events": len(article.events)}
            rows.append(row)
            print(f"| {row['line']}… | {size:,} | {seconds:.1f} | {row['ratio']:.2f} "
                  f"(size {size / sizes[0]:.0f}×) | {row['sentences']:,} | {row['entities']:,} | "
                  f"{row['events']:,} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
