"""The extraction function on a distributed engine: Ray Data here, Spark's ``mapInPandas`` likewise.

:class:`BatchAnnotator` is the one function both engines run: a column batch of input records in,
a column of JSON article records out, with the pipeline built once per worker from the driver's
:class:`PipelineSpec` (model, schema, user words, entity list), so every worker runs exactly the
driver's pipeline. Inputs are read on the driver (lazily, in windows) with the same readers as a
local run, so the output is identical to ``newsnlp extract`` without ``--engine``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .doc import Article
from .errors import ConfigError
from .pipeline import DEFAULT_THREADS, Pipeline, freeze_loaded_objects

COLUMNS = ("id", "text", "date", "title")


@dataclass(frozen=True)
class PipelineSpec:
    """Everything a pipeline was built from: its model directory, config overrides (the event schema),
    user words and entity list, torch threads, as plain data a worker process (a Ray actor, a Spark
    task) receives and rebuilds exactly the same pipeline from with :meth:`build`."""

    model: str
    overrides: tuple[tuple[str, Any], ...] = ()
    words: tuple[str | tuple[str, str | None], ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    threads: int = DEFAULT_THREADS

    @classmethod
    def of(cls, nlp: Pipeline) -> PipelineSpec:
        """The spec of ``nlp`` (an override naming a file, such as a schema file, made absolute).

        Raises:
            ConfigError: ``nlp`` was built from a config alone, with no model directory to load.
        """
        if nlp.path is None:
            raise ConfigError("a distributed engine rebuilds the pipeline from its model directory; "
                              "this one was built from a config alone: save it with nlp.to_disk(DIR)")

        def absolute(value: Any) -> Any:
            return str(Path(value).resolve()) if isinstance(value, str) and Path(value).is_file() else value

        return cls(str(Path(nlp.path).resolve()), tuple((k, absolute(v)) for k, v in nlp.overrides.items()),
                   tuple(nlp.added_words), tuple(nlp.added_entities), nlp.threads)

    def build(self) -> Pipeline:
        """The pipeline: the model loaded with the overrides, then the words and entities added."""
        nlp = Pipeline.from_disk(self.model, dict(self.overrides) or None, threads=self.threads)
        if self.words:
            nlp.add_words(self.words)
        if self.entities:
            nlp.add_entities(self.entities)
        return nlp


class BatchAnnotator:
    """Annotates a column batch ``{"id": [...], "text": [...], "date": [...], "title": [...]}``.

    Returns ``{"record": [json, ...]}``; JSON strings travel through Arrow unchanged. The pipeline
    is built once per instance (Ray actor or Spark task) from the driver's spec.
    """

    def __init__(self, spec: PipelineSpec) -> None:
        self.nlp: Pipeline = spec.build()
        freeze_loaded_objects()  # a worker process: the model is what lives in it

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


def extract_with_ray(articles: Iterable[Article], spec: PipelineSpec, *, workers: int = 2,
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
            BatchAnnotator, fn_constructor_args=(spec,), batch_size=batch_size,
            compute=ray.data.ActorPoolStrategy(size=workers), batch_format="numpy")
        for row in dataset.iter_rows():
            yield Article.from_dict(json.loads(row["record"]))
