"""The reliability suite: a bounded, seeded sample of benchmarks/hostile.py (which runs the long
campaign) plus hypothesis properties over ``nlp(text)``; the invariants are issue 23's targets."""

import json
import logging
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.hostile import (
    NORMALISER,
    article_problems,
    hostile_text,
    iso_problem,
    news_lines,
    run_files,
    run_models,
    run_texts,
)
from newsnlp import Article


@pytest.fixture(autouse=True)
def quiet_skips():
    """--skip-bad logs every skipped line; thousands of them would drown the test report."""
    logging.getLogger("newsnlp").propagate = False
    yield
    logging.getLogger("newsnlp").propagate = True


@pytest.fixture(scope="module")
def text_campaign(default_pipeline):
    return run_texts(default_pipeline, 200, seed=23)


def test_hostile_texts_break_nothing_outside_the_normaliser(text_campaign):
    assert text_campaign.cases == 200
    assert text_campaign.outside_normaliser == []


def test_hostile_texts_keep_every_invariant(text_campaign):
    assert text_campaign.failures == []


def test_1000_hostile_files_through_the_cli(tmp_path, light_model):
    result = run_files(1000, seed=23, model=light_model, workdir=tmp_path)
    assert result.cases == 1000
    assert result.failures == []


def test_damaged_model_directories_raise_only_newsnlp_errors_and_run_no_pickle(tmp_path):
    result = run_models(6, seed=23, workdir=tmp_path)
    assert result.cases == 6 and result.failures == []


@settings(max_examples=60, deadline=None)
@given(text=st.text(), title=st.none() | st.text())
def test_nlp_never_raises_keeps_offsets_and_encodes_as_utf8_json(default_pipeline, text, title):
    article = default_pipeline(text, title=title)
    assert [p for p in article_problems(article, text) if NORMALISER not in p] == []
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Article.from_dict(article.to_dict()).text == text


DATES = st.dates().map(lambda day: day.isoformat())
TIME_TEXT = st.lists(st.sampled_from(["2月30日", "9月31日", "2月29日", "去年同期", "明年", "近日",
                                      "10月底", "今年", "2025年", "13月", "0日", "召开会议。", "以来"]),
                     max_size=6).map("".join)


@settings(max_examples=60, deadline=None)
@given(text=TIME_TEXT | st.text(), date=st.none() | DATES)
def test_every_normalised_value_is_a_valid_iso_date(default_pipeline, text, date):
    assert article_problems(default_pipeline(text, date=date), text) == []


@pytest.mark.parametrize(("iso", "valid"), [
    ("2025", True), ("2025-11", True), ("2025-11-25", True), ("XXXX-02-29", True), ("2025-04-01/..", True),
    ("../2025-12-31", True), ("2025-11-18/2025-11-25", True), ("XXXX-02-30", False), ("XXXX-09-31", False),
    ("2025-13", False), ("0000-01-01", False), ("../..", False), ("2025/2026/2027", False), ("近日", False),
    (None, False),
])
def test_iso_check(iso, valid):
    assert (iso_problem(iso) is None) == valid


def test_the_generator_covers_what_the_issue_lists():
    texts = "".join(hostile_text(random.Random(seed), news_lines()) for seed in range(200))
    assert max(ord(c) for c in texts) > 0x100000 and any(0x20000 <= ord(c) < 0x30000 for c in texts)
    assert "\u202e" in texts and "\x00" in texts and "\u2028" in texts
    numerals = re.findall(r"[0-9０-９零一二三四五六七八九十百千万亿两〇]+", texts)
    assert max(map(len, numerals)) > 1000
    assert "2月30日" in texts and "Привет" in texts
