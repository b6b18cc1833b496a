"""Accuracy of the time normaliser on the table of Chinese time expressions, per form group.

Usage: python benchmarks/normalise.py [--table tests/text/values/time_cases.tsv] [--errors]

The table (written from corpora/GUIDELINES.md §2 and public descriptions of Chinese time expressions,
before the code) gives each expression with its anchor date, the last day named before it and the
expected ``iso`` and ``approx``. Prints one Markdown table: per group the exact values, the share of
expressions that get any value, and the number of cases; ``--errors`` lists the misses.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsnlp.text.values.time import normalise_time

TABLE = Path(__file__).resolve().parent.parent / "tests" / "text" / "values" / "time_cases.tsv"


def load_cases(path: Path = TABLE) -> list[dict[str, str]]:
    """The table's rows (comment lines start with ``#``)."""
    with open(path, encoding="utf-8", newline="") as stream:
        lines = [line for line in stream if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def expected(case: dict[str, str]) -> dict[str, Any] | None:
    """The case's expected ``iso`` and ``approx`` (``None``: to be refused)."""
    if case["iso"] == "-":
        return None
    return {"iso": case["iso"], **({"approx": True} if case["approx"] == "yes" else {})}


def predicted(case: dict[str, str]) -> dict[str, Any] | None:
    """What the normaliser reads, reduced to ``iso`` and ``approx``."""
    anchor = None if case["anchor"] == "-" else case["anchor"]
    found = normalise_time(case["text"], anchor, case["reference"] or None)
    if found is None:
        return None
    return {"iso": found["iso"], **({"approx": True} if found.get("approx") else {})}


def score(cases: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """group -> counts of ``exact`` values, expressions with ``any`` value, and ``cases``."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"exact": 0, "any": 0, "cases": 0})
    for case in cases:
        found = predicted(case)
        group = counts[case["group"]]
        group["exact"] += found == expected(case)
        group["any"] += found is not None
        group["cases"] += 1
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--errors", action="store_true", help="list the cases read wrongly")
    args = parser.parse_args()
    cases = load_cases(args.table)
    counts = score(cases)
    print("| group | exact | any value | cases |")
    print("|---|---|---|---|")
    for group, count in [*sorted(counts.items()), ("all", {k: sum(c[k] for c in counts.values())
                                                         for k in ("exact", "any", "cases")})]:
        print(f"| {group} | {100 * count['exact'] / count['cases']:.1f} % | "
              f"{100 * count['any'] / count['cases']:.1f} % | {count['cases']} |")
    if args.errors:
        for case in cases:
            if predicted(case) != expected(case):
                print(f"{case['group']}\t{case['text']}\t{case['anchor']}\twant {expected(case)}\t"
                      f"got {predicted(case)}")


if __name__ == "__main__":
    main()
