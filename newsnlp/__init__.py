"""newsnlp: Chinese news articles to structured event lists.

The public surface: :func:`load` a pipeline, :func:`train` a stage, :func:`evaluate` either,
and the data model classes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .doc import Argument, Article, Entity, Event, Sentence, Span, Word
from .pipeline import DEFAULT_THREADS, Pipeline

if TYPE_CHECKING:
    from .evaluation import Report

__version__ = "0.1.0"
__all__ = ["Argument", "Article", "Entity", "Event", "Pipeline", "Sentence", "Span", "Word",
           "default_model_path", "evaluate", "load", "resolve_model", "train"]

DEFAULT_MODEL = "default"


def default_model_path() -> Path:
    """The default model: ``$NEWSNLP_MODELS/default``, else ``models/default`` of this checkout, else the
    installed model package ``zh_news_default`` (a plain ``pip install`` has no checkout)."""
    if os.environ.get("NEWSNLP_MODELS"):
        return Path(os.environ["NEWSNLP_MODELS"]) / DEFAULT_MODEL
    checkout = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL
    if checkout.is_dir():
        return checkout
    from .packaging import DEFAULT_PACKAGE, model_path

    return model_path(DEFAULT_PACKAGE) or checkout


def resolve_model(model: str | os.PathLike[str] | None) -> Path:
    """A model directory from a path, an installed model package's name or ``None`` (the default)."""
    if model is None:
        return default_model_path()
    if not str(model).strip():
        from .errors import ModelNotFoundError

        raise ModelNotFoundError("an empty model name; give a model directory or an installed package name")
    path = Path(model)
    if path.exists() or os.sep in str(model) or "/" in str(model):
        return path
    from .packaging import installed_models

    installed = {package.name: package.path for package in installed_models()}
    if str(model) not in installed:
        from .errors import ModelNotFoundError

        raise ModelNotFoundError(f"{model}: neither a model directory nor an installed model package "
                                 f"(installed: {', '.join(sorted(installed)) or 'none'}; see newsnlp info)")
    return installed[str(model)]


def load(path: str | os.PathLike[str] | None = None, *, schema: str | None = None,
         threads: int = DEFAULT_THREADS) -> Pipeline:
    """Load a pipeline from a model directory or an installed model package (default: the default model).

    Args:
        path: a model directory, the name of an installed model package (``"zh_news_default"``,
            built with ``newsnlp package``) or ``None``.
        schema: the event schema, ``"news"``, ``"news@1"``, ``"duee"`` or a schema file's path
            (default: the model's own).
        threads: torch's intra-op threads in this process (and in each ``pipe`` worker); one by
            default, as several threads on a busy machine run slower than one (docs/benchmarks.md,
            "Threads"). For more throughput use more processes: ``nlp.pipe(..., n_process=N)``.
    """
    overrides = {"stages.event.schema": schema} if schema is not None else None
    return Pipeline.from_disk(resolve_model(path), overrides, threads=threads)


def train(config: str | os.PathLike[str], output: str | os.PathLike[str], *,
          overrides: dict[str, Any] | None = None, stage: str | None = None) -> dict[str, Any]:
    """Train the stage a config describes into the model directory ``output`` (see newsnlp.training)."""
    from .training import train as train_stage

    return train_stage(config, output, overrides, stage)


def evaluate(gold: Iterable[Article], predicted: Iterable[Article] | None = None, *,
             pipeline: Pipeline | str | os.PathLike[str] | None = None,
             layers: Sequence[str] | None = None, **settings: Any) -> Report:
    """Score ``predicted`` articles, or a ``pipeline``'s output on the gold texts, against ``gold``.

    With a pipeline (or a model directory), each gold article is annotated again from its text
    alone (:meth:`Article.with_text_only`), with a progress bar on stderr. ``settings`` go to
    :func:`newsnlp.evaluation.evaluate_articles` (``word_list``, ``seed``, ``n_boot``, ``compare``,
    ``provenance`` …); the scoring lives there.
    """
    from .evaluation import evaluate_articles

    gold = list(gold)
    if (predicted is None) == (pipeline is None):
        raise TypeError("evaluate() needs either predicted articles or a pipeline, not both")
    if pipeline is not None:
        from .progress import progress

        nlp = pipeline if isinstance(pipeline, Pipeline) else load(pipeline)
        predicted = progress(nlp.pipe(article.with_text_only() for article in gold), total=len(gold),
                             desc="evaluate", unit="articles")
    return evaluate_articles(gold, list(predicted), layers, **settings)
