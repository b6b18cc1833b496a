"""``newsnlp serve``: the pipeline behind a small HTTP service (Starlette on uvicorn, ``newsnlp[serve]``).

JSON API (every answer is JSON; an error is ``{"error": message, "field": field or null}``):

- ``GET /health``: ``{"status": "ok"}``
- ``GET /model``: what the service runs (newsnlp version, model, stages, layers, limits)
- ``POST /extract`` ``{"text", "id"?, "date"?, "title"?}``: the article record (docs/output.md)
- ``POST /extract/batch`` ``{"articles": [record, ...]}``: ``{"articles": [article record, ...]}``

and a page at ``/`` where a person pastes an article and sees its entities, events and main event
highlighted (the view of ``extract --format html``; ``GET /?text=…`` shows it for a short text).

Every body is read up to ``max_bytes`` and no further (413 beyond it); a body that is not JSON is a
400, a record with a wrong field a 422 naming the field, a text over ``max_chars`` or a batch over
``max_batch`` a 413. Articles are annotated one at a time in a worker thread (the pipeline is not
shared between threads), so the event loop keeps answering ``/health`` while a long article runs.
"""

from __future__ import annotations

import argparse
import json
import threading
from dataclasses import asdict, dataclass
from html import escape
from typing import Any
from urllib.parse import parse_qs

from .. import __version__
from ..doc import Article
from ..errors import ConfigError, InputFormatError
from ..io import check_record
from ..pipeline import Pipeline
from .html_view import render_html

FORM = ('<form method="post" action="/" class="paste"><textarea name="text" rows="8" '
        'placeholder="粘贴一篇新闻稿 / paste an article">{text}</textarea><div>'
        '<label>date <input name="date" value="{date}" placeholder="YYYY-MM-DD"></label> '
        '<label>title <input name="title" value="{title}"></label> '
        '<button type="submit">extract</button></div>{error}</form>')
FORM_STYLE = ('<style>.paste{margin:16px}.paste textarea{width:100%;font-size:15px}'
              '.paste div{margin-top:6px}.paste .error{color:#b00}</style>')


@dataclass(frozen=True)
class Limits:
    """What one request may hold."""

    max_bytes: int = 8 << 20
    max_chars: int = 100_000
    max_batch: int = 64


class RequestError(Exception):
    """A request the service refuses: its HTTP status, a message and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.field = status, field


def add_parser(subparsers: Any) -> None:
    from .extract import add_pipeline_arguments

    parser = subparsers.add_parser(
        "serve", help="a JSON API and a page that annotate pasted articles (needs newsnlp[serve])",
        description="Serve the pipeline over HTTP: GET /health, GET /model, POST /extract, POST "
                    "/extract/batch (JSON) and a page at / to paste an article into (see docs/serve.md).")
    add_pipeline_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--max-bytes", type=int, default=Limits.max_bytes,
                        help=f"largest request body in bytes (default {Limits.max_bytes:,}); larger: 413")
    parser.add_argument("--max-chars", type=int, default=Limits.max_chars,
                        help=f"longest article text (default {Limits.max_chars:,}); longer: 413")
    parser.add_argument("--max-batch", type=int, default=Limits.max_batch,
                        help=f"most articles in one batch request (default {Limits.max_batch}); more: 413")
    parser.set_defaults(func=serve_cli)


def create_app(nlp: Pipeline, limits: Limits = Limits()) -> Any:
    """The Starlette application serving ``nlp`` (see the module docstring)."""
    try:
        from starlette.applications import Starlette
        from starlette.concurrency import run_in_threadpool
        from starlette.requests import Request
        from starlette.responses import HTMLResponse, JSONResponse, Response
        from starlette.routing import Route
    except ModuleNotFoundError as error:
        raise ConfigError("newsnlp serve needs the serve extra: pip install 'newsnlp[serve]'") from error

    lock = threading.Lock()
    model = {"newsnlp": __version__, "model": str(nlp.path) if nlp.path else "default",
             "stages": {name: nlp.config["stages"][name]["backend"] for name in nlp.stages},
             "layers": nlp.layers, "limits": asdict(limits)}

    def annotate(records: list[dict[str, Any]]) -> list[Article]:
        with lock:
            return [nlp.annotate(Article(id=r.get("id", str(k)), text=r["text"], date=r.get("date"),
                                         title=r.get("title"))) for k, r in enumerate(records)]

    async def body(request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise RequestError(413, f"the body is {declared} bytes, more than {limits.max_bytes}")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_bytes:
                raise RequestError(413, f"the body is more than {limits.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def json_body(request: Request) -> Any:
        try:
            return json.loads(await body(request))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise RequestError(400, f"the body is not JSON: {error}") from None

    async def extract(request: Request) -> Response:
        (article,) = await run_in_threadpool(annotate, [record(await json_body(request), "")])
        return JSONResponse(article.to_dict())

    async def extract_batch(request: Request) -> Response:
        data = await json_body(request)
        items = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise RequestError(422, "expected {\"articles\": [record, ...]}", "articles")
        if len(items) > limits.max_batch:
            raise RequestError(413, f"{len(items)} articles, more than {limits.max_batch} in one batch",
                               "articles")
        records = [record(item, f"articles[{k}].") for k, item in enumerate(items)]
        articles = await run_in_threadpool(annotate, records)
        return JSONResponse({"articles": [article.to_dict() for article in articles]})

    def record(item: Any, prefix: str) -> dict[str, Any]:
        try:
            return check_record(item, max_chars=limits.max_chars)
        except InputFormatError as error:
            too_long = isinstance(item, dict) and isinstance(item.get("text"), str) and len(
                item["text"]) > limits.max_chars
            raise RequestError(413 if too_long else 422, str(error), prefix + (error.field or "record")
                               ) from None

    async def page(request: Request) -> Response:
        fields = {key: values[0] for key, values in parse_qs(
            (await body(request)).decode("utf-8", "replace") if request.method == "POST"
            else request.url.query).items()}
        articles, error, status = [], "", 200
        if fields.get("text", "").strip():
            try:
                submitted = record({k: v for k, v in fields.items() if v.strip()}, "")
                articles = await run_in_threadpool(annotate, [{**submitted, "id": "pasted"}])
            except RequestError as refused:
                error, status = f'<p class="error">{escape(str(refused))}</p>', refused.status
        form = FORM.format(error=error, **{key: escape(fields.get(key, ""))
                                           for key in ("text", "date", "title")})
        return HTMLResponse(render_html(articles, title="newsnlp", intro=FORM_STYLE + form), status)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def model_info(request: Request) -> Response:
        return JSONResponse(model)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestError)
        return JSONResponse({"error": str(error), "field": error.field}, error.status)

    return Starlette(routes=[
        Route("/", page, methods=["GET", "POST"]),
        Route("/health", health),
        Route("/model", model_info),
        Route("/extract", extract, methods=["POST"]),
        Route("/extract/batch", extract_batch, methods=["POST"]),
    ], exception_handlers={RequestError: refused})


def serve_cli(args: argparse.Namespace) -> int:
    from .extract import load_for_cli

    for name in ("max_bytes", "max_chars", "max_batch"):
        if getattr(args, name) < 1:
            raise InputFormatError(f"--{name.replace('_', '-')} must be at least 1", field=name)
    app = create_app(load_for_cli(args), Limits(args.max_bytes, args.max_chars, args.max_batch))
    import uvicorn

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
