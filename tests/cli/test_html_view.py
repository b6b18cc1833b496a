"""The HTML view of ``extract --format html``: structure, escaping, and a render in headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from newsnlp.cli.html_view import render_html
from newsnlp.doc import Argument, Article, Entity, Event, Span

TEXT = "近日，长春市2025年技能竞赛在中国一汽研发总院落幕。144名<选手>参赛。"


def at(surface: str) -> tuple[int, int, str]:
    start = TEXT.index(surface)
    return start, start + len(surface), surface


def sample() -> Article:
    article = Article("wd-05", TEXT, title="长春举办发动机装调技能竞赛", date="2025-11-25")
    article.set_layer("sentences", [])
    article.set_layer("entities", [Entity(*at(s), label=label) for s, label in (
        ("近日", "TIME"), ("长春市", "LOC"), ("2025年", "TIME"), ("中国一汽研发总院", "ORG"),
        ("144名", "QUANTITY"))])
    close = Event("e1", "close", Span(*at("落幕")), arguments=(
        Argument(*at("近日"), role="time", value={"iso": "2025-11-18/2025-11-25", "approx": True}),
        Argument(*at("长春市2025年技能竞赛"), role="object"),
        Argument(*at("中国一汽研发总院"), role="place")), confidence=0.6, evidence=(0,))
    held = Event("e2", "hold_activity", Span(*at("参赛")), arguments=(
        Argument(*at("144名"), role="count", value={"value": 144, "unit": "名", "relation": "="}),),
        confidence=0.6, evidence=(1,))
    article.set_layer("events", [close, held])
    article.main_event, article.five_w1h = "e1", {
        "event": "e1",
        "what": {"type": "close", "trigger": "落幕", "objects": [{"text": "长春市2025年技能竞赛"}]},
        "who": [], "when": [{"text": "近日", "value": {"iso": "2025-11-18/2025-11-25", "approx": True}}],
        "where": [{"text": "中国一汽研发总院"}], "how_many": [], "what_else": []}
    article.check_offsets()
    return article


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.rows = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ("meta", "br"):
            self.open.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text += data


def test_page_is_well_formed_and_keeps_the_text() -> None:
    page = render_html([sample()])
    parser = _Collect()
    parser.feed(page)
    assert parser.open == []
    assert parser.rows == 3  # header + two events
    assert TEXT in parser.text.replace("e1", "").replace("e2", "")  # the text, whole, plus event marks
    assert "&lt;选手&gt;" in page and "<选手>" not in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]  # self-contained


def test_marks_overlap_without_nesting() -> None:
    page = render_html([sample()])
    assert '<span class="ent arg" style="background:#d9f5d9" title="LOC; e1.object">长春市</span>' in page
    assert 'class="trig main"' in page and "e1 ★" in page
    assert "<code>2025-11-18/2025-11-25 ≈</code>" in page and "<code>144名</code>" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_renders_in_headless_chromium(tmp_path) -> None:
    from matplotlib.image import imread

    path = tmp_path / "page.html"
    path.write_text(render_html([sample()]), encoding="utf-8")
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run([*command, "--dump-dom", path.as_uri()], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert dom.count("<tr") == 3 and "中国一汽研发总院" in dom
    shot = tmp_path / "page.png"
    subprocess.run([*command, f"--screenshot={shot}", "--window-size=1100,700", path.as_uri()],
                   capture_output=True, timeout=60, check=True)
    pixels = imread(shot)
    assert pixels.shape[:2] == (700, 1100) and pixels.std() > 0.05  # not a blank page
