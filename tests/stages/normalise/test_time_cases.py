"""The time-expression table (time_cases.tsv, scored per group by benchmarks/normalise.py)."""

from __future__ import annotations

import pytest

from benchmarks.normalise import expected, load_cases, predicted, score

CASES = load_cases()


def test_the_table_is_large_and_covers_every_form() -> None:
    assert len(CASES) >= 400
    assert all(case["text"] and case["group"] and case["iso"] for case in CASES)
    assert len(score(CASES)) >= 20  # groups: dates, weeks, festivals, lunar dates, durations …


@pytest.mark.parametrize("case", CASES, ids=[f"{c['group']}:{c['text']}:{c['anchor']}" for c in CASES])
def test_case(case: dict[str, str]) -> None:
    assert predicted(case) == expected(case)
