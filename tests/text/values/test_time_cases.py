"""The time-expression tables (time_cases.tsv and time_cases_after.tsv, scored per group by
benchmarks/normalise.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.normalise import expected, load_cases, predicted, score

CASES = load_cases()
AFTER = load_cases(Path(__file__).with_name("time_cases_after.tsv"))


def test_the_table_is_large_and_covers_every_form() -> None:
    assert len(CASES) >= 400
    assert all(case["text"] and case["group"] and case["iso"] for case in CASES)
    assert len(score(CASES)) >= 20  # groups: dates, weeks, festivals, lunar dates, durations …


@pytest.mark.parametrize("case", CASES + AFTER, ids=[f"{c['group']}:{c['text']}:{c['anchor']}"
                                                    for c in CASES + AFTER])
def test_case(case: dict[str, str]) -> None:
    assert predicted(case) == expected(case)
