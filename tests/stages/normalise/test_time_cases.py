"""The time-expression table (time_cases.tsv): every case read exactly, per form group."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from newsnlp.stages.normalise.time import normalise_time

TABLE = Path(__file__).with_name("time_cases.tsv")


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


def accuracy_by_group(cases: list[dict[str, str]]) -> dict[str, tuple[int, int, int]]:
    """group -> (exact, with any value, cases)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for case in cases:
        found = predicted(case)
        counts[case["group"]][0] += found == expected(case)
        counts[case["group"]][1] += found is not None
        counts[case["group"]][2] += 1
    return {group: (a, b, c) for group, (a, b, c) in counts.items()}


CASES = load_cases()


def test_the_table_is_large_and_well_formed() -> None:
    assert len(CASES) >= 400
    assert all(case["text"] and case["group"] and case["iso"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['group']}:{c['text']}:{c['anchor']}" for c in CASES])
def test_case(case: dict[str, str]) -> None:
    assert predicted(case) == expected(case)
