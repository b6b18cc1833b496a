"""The HTML report is one self-contained page that a real browser renders with its tables and plots."""

import re
import subprocess
from pathlib import Path

import pytest

from newsnlp.doc import Argument, Article, Entity, Event, Span, Word
from newsnlp.evaluation import evaluate_articles

CHROMIUM = Path("/usr/bin/chromium")
TEXT = "11月19日，全国总工会在北京召开劳模表彰大会，张三获奖。"


def article(doc_id, entities, event_type, words):
    spans = [Entity(s, e, TEXT[s:e], label=label) for s, e, label in entities]
    time = Argument(0, 6, TEXT[:6], role="时间", value={"iso": "2025-11-19"})
    event = Event("e1", event_type, Span(19, 21, TEXT[19:21]),
                  arguments=(Argument(7, 12, TEXT[7:12], role="主办方"), time))
    return Article(doc_id, TEXT, entities=spans, events=[event], words=words,
                   layers_filled=["words", "entities", "events"])


def words(*cuts):
    bounds = [0, *cuts, len(TEXT)]
    return [Word(s, e, TEXT[s:e]) for s, e in zip(bounds, bounds[1:])]


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    gold_entities = [(0, 6, "TIME"), (7, 12, "ORG"), (13, 15, "LOC"), (24, 26, "PER")]
    pred_entities = [(0, 6, "TIME"), (7, 12, "ORG"), (13, 15, "ORG"), (24, 27, "PER")]
    gold = [article(f"doc{i}", gold_entities, "会议-召开", words(6, 7, 9, 12, 13, 15, 17, 19, 21, 23, 24, 26))
            for i in range(12)]
    pred = [article(f"doc{i}", pred_entities if i % 2 else gold_entities,
                    "会议-召开" if i % 3 else "颁奖-表彰", words(6, 7, 12, 13, 15, 17, 19, 21, 23, 24, 26))
            for i in range(12)]
    report = evaluate_articles(gold, pred, word_list={"全国", "北京"}, n_boot=200,
                               compare=gold, names=("toy", "gold"),
                               provenance={"model": "toy", "data": "hand-made", "command": "pytest"})
    return report.to_html(tmp_path_factory.mktemp("report") / "report.html")


def test_the_page_is_self_contained_with_embedded_plots(report_path):
    page = report_path.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:|//)', page) and "<script" not in page
    assert page.count('src="data:image/png;base64,') == 3  # entity bars, heat-map, event bars
    for title in ("Headline figures", "Per label, strict", "Label confusion", "Per event type",
                  "Normalised time", "toy vs gold", "What was evaluated"):
        assert title in page
    assert '<mark class="FP">北京</mark>' in page  # an error example, highlighted in context
    assert "hand-made" in page and "pytest" in page  # provenance


def run_chromium(*args, user_data_dir):
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={user_data_dir}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
def test_chromium_renders_a_non_blank_page_with_the_tables(report_path, tmp_path):
    screenshot = tmp_path / "page.png"
    run_chromium(f"--screenshot={screenshot}", "--window-size=1200,2000", report_path.as_uri(),
                 user_data_dir=tmp_path / "profile")
    import matplotlib.image

    pixels = matplotlib.image.imread(str(screenshot))[..., :3]
    assert pixels.shape[:2] == (2000, 1200)
    assert pixels.var() > 0.005  # not a blank page
    assert (pixels.mean(axis=2) < 0.5).mean() > 0.01  # there is dark text on it
    dom = run_chromium("--dump-dom", report_path.as_uri(), user_data_dir=tmp_path / "profile").stdout
    assert dom.count("<table>") >= 10
    assert "Headline figures (%)" in dom and "会议-召开" in dom
    assert dom.count("<img") == 3
