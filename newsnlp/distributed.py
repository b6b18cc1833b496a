"""The extraction function on a distributed engine: Ray Data here, Spark's ``mapInPandas`` likewise.

:class:`BatchAnnotator` is the one function both engines run: a column batch of input records in,
a column of JSON article records out, with the pipeline loaded once per worker. Inputs are read on
the driver (lazily, in windows) with the same readers as a local run, so the output is identical to
``newsnlp extract`` without ``--engine``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .doc import Article
from .pipeline import Pipeline

COLUMNS = ("id", "text", "date", "title")


class BatchAnnotator:
    """Annotates a column batch ``{"id": [...], "text": [...], "date": [...], "title": [...]}``.

    Returns ``{"record": [json, ...]}``; JSON strings travel through Arrow unchanged. The model
    directory is loaded once per instance (Ray actor or Spark task).
    """

    def __init__(self, model_path: str | None = None) -> None:
        from . import load

        self.nlp: Pipeline = load(model_path)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        columns = [list(batch[name]) for name in COLUMNS]
        records = []
        for article_id, text, date, title in zip(*columns):
            article = Article(id=article_id, text=text, date=date or None, title=title or None)
            records.append(json.dumps(self.nlp.annotate(article).to_dict(), ensure_ascii=False))
        return {"record": records}


def to_row(article: Article) -> dict[str, str]:
    """An input article as a flat row (strings only, so every engine's schema inference agrees)."""
    return {"id": article.id, "text": article.text, "date": article.date or "",
            "title": article.title or ""}


def extract_with_ray(articles: Iterable[Article], model_path: str | None, *, workers: int = 2,
                     batch_size: int = 16, window: int = 10_000) -> Iterator[Article]:
    """Annotate ``articles`` on Ray Data (a running cluster, or a local one started here), in order.

    Articles go to Ray ``window`` at a time, so driver memory stays bounded on any input size.
    """
    import ray

    if not ray.is_initialized():
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    articles = iter(articles)
    while window_rows := [to_row(a) for a in islice(articles, window)]:
        dataset = ray.data.from_items(window_rows).map_batches(
            BatchAnnotator, fn_constructor_args=(model_path,), batch_size=batch_size,
            compute=ray.data.ActorPoolStrategy(size=workers), batch_format="numpy")
        for row in dataset.iter_rows():
            yield Article.from_dict(json.loads(row["record"]))
