"""``newsnlp serve`` over real HTTP (uvicorn on a local port, httpx as the client) and in Chromium."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from newsnlp import load  # noqa: E402
from newsnlp.cli.app import main  # noqa: E402
from newsnlp.cli.serve import Limits, create_app  # noqa: E402

LIMITS = Limits(max_bytes=4096, max_chars=200, max_batch=5)
NEWS = "11月19日，无锡市总工会在北京启动职工技能提升行动，李强出席。"


@contextmanager
def serving(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free local port, in a thread; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def url(light_model: Path) -> Iterator[str]:
    nlp = load(light_model)
    nlp.add_entities([("李强", "PER"), ("北京", "LOC"), ("无锡市总工会", "ORG")])
    with serving(create_app(nlp, LIMITS)) as base:
        yield base


def test_health_and_model_info(url: str) -> None:
    assert httpx.get(f"{url}/health").json() == {"status": "ok"}
    info = httpx.get(f"{url}/model").json()
    assert info["stages"] == {"sentence": "sentence.rules.v1", "gazetteer": "entity.gazetteer.v1"}
    assert info["layers"] == ["sentences", "entities"] and info["limits"]["max_batch"] == 5


def test_extract_and_batch_give_article_records(url: str) -> None:
    record = httpx.post(f"{url}/extract", json={"id": "a1", "text": NEWS, "date": "2025-11-25"}).json()
    assert (record["id"], record["date"]) == ("a1", "2025-11-25")
    assert [(e["text"], e["label"]) for e in record["entities"]] == [
        ("无锡市总工会", "ORG"), ("北京", "LOC"), ("李强", "PER")]
    batch = httpx.post(f"{url}/extract/batch", json={"articles": [{"text": "李强说。"}, {"text": "好。"}]})
    assert [len(r["entities"]) for r in batch.json()["articles"]] == [1, 0]


@pytest.mark.parametrize(("path", "body", "status", "field", "message"), [
    ("/extract", b"{not json", 400, None, "not JSON"),
    ("/extract", json.dumps({"title": "x"}).encode(), 422, "text", "missing or non-string 'text'"),
    ("/extract", json.dumps({"text": "好", "date": "2025-02-30"}).encode(), 422, "date", "date"),
    ("/extract", json.dumps({"text": "好" * 201}).encode(), 413, "text", "--max-chars 200"),
    ("/extract", b" " * 5000, 413, None, "more than 4096"),
    ("/extract/batch", json.dumps({"articles": [{"text": "好"}] * 6}).encode(), 413, "articles",
     "6 articles, more than 5"),
    ("/extract/batch", json.dumps({"articles": [{"text": "好"}, {"text": 3}]}).encode(), 422,
     "articles[1].text", "non-string"),
    ("/extract/batch", json.dumps([{"text": "好"}]).encode(), 422, "articles", "expected"),
])
def test_bad_requests_get_a_clear_4xx(url: str, path: str, body: bytes, status: int, field: str | None,
                                      message: str) -> None:
    answer = httpx.post(url + path, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == status
    assert answer.json()["field"] == field and message in answer.json()["error"]


def test_a_streamed_body_is_cut_at_the_limit(url: str) -> None:
    chunks = (b'{"text": "' + b"a" * 1024 for _ in range(100))  # no content-length: chunked
    answer = httpx.post(f"{url}/extract", content=chunks)
    assert answer.status_code == 413 and "more than 4096 bytes" in answer.json()["error"]
    assert httpx.get(f"{url}/extract").status_code == 405


def test_a_hundred_concurrent_requests_all_succeed(url: str) -> None:
    async def run() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=url, timeout=120,
                                     limits=httpx.Limits(max_connections=100)) as client:
            requests = (client.post("/extract", json={"id": f"n{k}", "text": f"李强第{k}次说。"})
                        for k in range(100))
            return await asyncio.gather(*requests)

    answers = asyncio.run(run())
    assert [a.status_code for a in answers] == [200] * 100
    assert [a.json()["id"] for a in answers] == [f"n{k}" for k in range(100)]
    assert all(a.json()["entities"][0]["text"] == "李强" for a in answers)


def test_the_page_shows_a_form_and_the_pasted_article_highlighted(url: str) -> None:
    empty = httpx.get(url)
    assert empty.status_code == 200 and '<textarea name="text"' in empty.text and "<article" not in empty.text
    page = httpx.post(url, data={"text": NEWS, "date": "", "title": "<b>标题</b>"})
    assert page.status_code == 200 and "&lt;b&gt;标题&lt;/b&gt;" in page.text
    assert '<span class="ent" style="background:#ffd7d7" title="PER">李强</span>' in page.text
    refused = httpx.post(url, data={"text": "好" * 201})
    assert refused.status_code == 413 and 'class="error"' in refused.text


def test_serve_refuses_bad_limits_before_loading(capsys: pytest.CaptureFixture) -> None:
    assert main(["serve", "--max-batch", "0"]) == 2
    assert "--max-batch must be at least 1" in capsys.readouterr().err


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.mark.skipif(find_chromium() is None,
                    reason="no Chromium found (chromium, chromium-browser or google-chrome on PATH)")
def test_the_page_renders_entities_events_and_the_main_event_in_chromium(default_pipeline,
                                                                         tmp_path: Path) -> None:
    from urllib.parse import quote

    from matplotlib.image import imread

    with serving(create_app(default_pipeline)) as base:
        page = f"{base}/?text={quote(NEWS)}&date=2025-11-25"
        command = [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
        dom = subprocess.run([*command, "--dump-dom", page], capture_output=True, text=True, timeout=120,
                             check=True).stdout
        shot = tmp_path / "page.png"
        subprocess.run([*command, f"--screenshot={shot}", "--window-size=1100,700", page],
                       capture_output=True, timeout=120, check=True)
    assert 'class="trig main"' in dom and "★" in dom  # the main event, in the text and the table
    assert 'title="ORG' in dom and 'title="PER' in dom  # entities
    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (700, 1100)
    assert pixels.std() > 0.05 and (pixels.mean(axis=2) < 0.5).mean() > 0.005  # not blank: dark text
