"""Pipeline: builds stages by name from a config and runs them over articles and pages."""

from __future__ import annotations

import copy
import gc
import logging
import multiprocessing
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from confection import Config

from . import registry
from .config import load_config, runtime_config, validate_config
from .doc import Article
from .errors import (
    ConfigError,
    InputFormatError,
    ModelFileError,
    ModelNotFoundError,
    NewsNLPError,
    StageError,
    StageRequirementError,
    excerpt,
)
from .model_files import check_model_files
from .text.files import write_dir

logger = logging.getLogger(__name__)
CONFIG_NAME = "config.cfg"
PAGE_STAGE = "page"
# A stage's files are in the folder of its name inside the model directory, unless its settings name
# another folder (relative to the model directory) with this key: shipped models share trained stages.
STAGE_FILES_KEY = "files"
# torch's intra-op threads per process unless the caller asks for more: on a machine doing anything
# else, torch's default (one per core) ran 5-17x slower than one thread (docs/benchmarks.md, "Threads");
# more throughput comes from more processes (``pipe(n_process=N)``, ``newsnlp extract --jobs N``)
DEFAULT_THREADS = 1
ArticleInput = str | dict[str, Any] | Article


class Pipeline:
    """A page splitter (optional) plus a chain of per-article stages, built from a config."""

    def __init__(self, config: Config, stages: dict[str, Any], path: Path | None = None, *,
                 threads: int = DEFAULT_THREADS, load_seconds: dict[str, float] | None = None) -> None:
        self.config = config
        self.stages = stages
        self.path = path
        # how it was built beyond its model directory: what a worker needs to rebuild it exactly
        # (newsnlp.distributed.PipelineSpec)
        self.overrides: dict[str, Any] = {}
        self.added_words: list[str | tuple[str, str | None]] = []
        self.added_entities: list[tuple[str, str]] = []
        self.threads = threads
        self.load_seconds = load_seconds or {}

    @classmethod
    def from_config(cls, config: Config, model_dir: str | Path | None = None, *,
                    threads: int = DEFAULT_THREADS) -> Pipeline:
        """Build every stage of ``config``, with torch running ``threads`` intra-op threads in this
        process (:func:`use_threads`); :attr:`load_seconds` holds each stage's build time.

        The settings of every stage are checked first (:class:`ConfigError` naming the key), then the
        whole chain of layers (every gap reported at once), then every file the stages will read
        (:func:`~newsnlp.model_files.check_model_files`), then, once built, the entity labels a stage
        needs (``normalise`` needs an entity stage that finds TIME and QUANTITY).
        """
        check_threads(threads)
        validate_config(config)
        model_dir = Path(model_dir) if model_dir is not None else None
        order = config["pipeline"]["order"]
        entries = {}
        gaps = []
        available = {"text"}
        for name in order:
            settings = config["stages"][name]
            try:
                entry = registry.get(settings["backend"])
            except StageRequirementError as err:
                gaps.append(f"stage {name!r}: {err}")
                continue
            entry.check_settings(stage_settings(settings), f"[stages.{name}]")
            entries[name] = entry
            if name == PAGE_STAGE:
                continue
            missing = entry.requires - available
            if missing:
                gaps.append(f"stage {name!r} ({settings['backend']}) needs {sorted(missing)}, "
                            f"which no earlier stage provides")
            available |= entry.provides
        if gaps:
            raise StageRequirementError("the pipeline cannot run:\n  " + "\n  ".join(gaps))
        stage_dirs = {name: model_dir / config["stages"][name].get(STAGE_FILES_KEY, name)
                      if model_dir is not None else None for name in entries}
        # before any loader runs (the loaders that hand folders to spaCy check theirs again)
        check_model_files([folder for folder in (model_dir, *stage_dirs.values()) if folder is not None])
        stages, load_seconds = {}, {}
        for name, entry in entries.items():
            started = time.perf_counter()
            try:
                stages[name] = entry.load()(model_dir=stage_dirs[name],
                                            **stage_settings(config["stages"][name]))
            except NewsNLPError:
                raise
            except Exception as error:  # a loader tripping over a damaged file: name the folder
                raise ModelFileError(stage_dirs[name] or f"stage {name!r}",
                                     f"stage {name!r} ({config['stages'][name]['backend']}) cannot load "
                                     f"from here: {type(error).__name__}: {excerpt(str(error), 160)}"
                                     ) from error
            load_seconds[name] = time.perf_counter() - started
        pipeline = cls(config, stages, model_dir, threads=threads, load_seconds=load_seconds)
        pipeline.check_labels()
        use_threads(threads)
        return pipeline

    @classmethod
    def from_disk(cls, path: str | Path, overrides: dict[str, Any] | None = None, *,
                  threads: int = DEFAULT_THREADS) -> Pipeline:
        """Load a model directory: its ``config.cfg`` (run-time sections only) and stage folders.

        ``overrides`` replace config values by dotted key (``{"stages.event.schema": "duee"}``);
        ``threads`` as in :meth:`from_config`.
        """
        path = Path(path)
        if not (path / CONFIG_NAME).is_file():
            raise ModelNotFoundError(f"{path}: not a newsnlp model directory (no {CONFIG_NAME}); "
                                     f"pass the folder that holds {CONFIG_NAME}")
        config = load_config(path / CONFIG_NAME, overrides)
        pipeline = cls.from_config(runtime_config(config), path, threads=threads)
        pipeline.overrides = dict(overrides or {})
        return pipeline

    def to_disk(self, path: str | Path) -> None:
        """Save config and stage files into ``path`` atomically (:func:`newsnlp.text.files.write_dir`:
        the folder gets the mode the umask gives, and an old one is replaced only once this is complete)."""

        def write(tmp: Path) -> None:
            config = copy.deepcopy(self.config)  # the saved stages' files sit in folders of their name
            for settings in config["stages"].values():
                settings.pop(STAGE_FILES_KEY, None)
            config.to_disk(tmp / CONFIG_NAME)
            for name, stage in self.stages.items():
                if hasattr(stage, "to_disk"):
                    stage.to_disk(tmp / name)

        self.path = write_dir(path, write)

    def check_labels(self) -> None:
        """Raise :class:`StageRequirementError` when a stage needs entity labels (its entry's
        ``requires_labels``) that no earlier stage can output (their ``entity_labels``)."""
        found: set[str] = set()
        for name, stage in self.article_stages:
            missing = self.entry(name).requires_labels - found
            if missing:
                raise StageRequirementError(
                    f"stage {name!r} ({self.config['stages'][name]['backend']}) needs entities labelled "
                    f"{sorted(missing)}, which no earlier stage finds (they find {sorted(found) or 'none'}); "
                    f"use an entity model trained on them")
            found |= getattr(stage, "entity_labels", frozenset())

    def entry(self, name: str) -> registry.Entry:
        """The registry entry of stage ``name``'s backend."""
        return registry.get(self.config["stages"][name]["backend"])

    @property
    def article_stages(self) -> list[tuple[str, Any]]:
        """The per-article stages in run order (the page stage excluded)."""
        return [(name, stage) for name, stage in self.stages.items() if name != PAGE_STAGE]

    @property
    def layers(self) -> list[str]:
        """The layers this pipeline fills, in run order."""
        provided: list[str] = []
        for name, _ in self.article_stages:
            provided += sorted(self.entry(name).provides - set(provided))
        return provided

    def add_words(self, words: Iterable[str | tuple[str, str | None]]) -> int:
        """Force user words (optionally with POS) in the last stage that provides ``words``; returns
        the dictionary size."""
        words = list(words)
        size = self.stage_providing("words", "add_words").add_words(words)
        self.added_words += words
        return size

    def add_entities(self, entries: Iterable[tuple[str, str]]) -> int:
        """Add ``(name, label)`` pairs to the last stage that provides ``entities`` from a list (a
        gazetteer); returns the list's size."""
        entries = list(entries)
        size = self.stage_providing("entities", "add_entities").add_entities(entries)
        self.added_entities += entries
        return size

    def stage_providing(self, layer: str, method: str) -> Any:
        """The last stage whose backend provides ``layer`` and that has ``method``."""
        found = [stage for name, stage in self.article_stages
                 if layer in self.entry(name).provides and hasattr(stage, method)]
        if not found:
            raise StageRequirementError(f"this pipeline has no stage that provides {layer!r} and takes "
                                        f"{method}(); its stages: {list(self.stages)}")
        return found[-1]

    def get_stage(self, name: str) -> Any:
        if name not in self.stages:
            raise StageRequirementError(f"this pipeline has no {name!r} stage; it has {list(self.stages)}")
        return self.stages[name]

    def annotate(self, article: Article, stage_seconds: dict[str, float] | None = None) -> Article:
        """Run every per-article stage over ``article`` (in place) and return it; with
        ``stage_seconds``, add each stage's CPU seconds (this process's) to its entry.

        Raises:
            StageError: when a stage fails with anything but a :class:`NewsNLPError` (a bug in that
                stage): names the stage and the article, the original error as its cause.
        """
        for name, stage in self.article_stages:
            started = time.process_time()
            article = run_stage(name, stage, article)
            if stage_seconds is not None:
                stage_seconds[name] = stage_seconds.get(name, 0.0) + time.process_time() - started
        return article

    def annotate_many(self, articles: list[Article]) -> list[Article | StageError]:
        """:meth:`annotate` over ``articles``, in order, each stage over all of them at once where it
        can (a stage's ``call_many``: the neural taggers tag the sentences of every article in
        length-sorted batches); an article a stage fails on becomes that :class:`StageError`."""
        results: list[Article | StageError] = list(articles)
        for name, stage in self.article_stages:
            live = [i for i, result in enumerate(results) if isinstance(result, Article)]
            call_many = getattr(stage, "call_many", None)
            if call_many is not None and len(live) > 1:
                try:
                    for i, article in zip(live, call_many([results[i] for i in live]), strict=True):
                        results[i] = article
                    continue
                except Exception:  # one at a time, below, names the article it fails on
                    pass
            for i in live:
                try:
                    results[i] = run_stage(name, stage, results[i])
                except StageError as error:
                    results[i] = error
        return results

    def __call__(self, text: str, *, id: str = "doc", date: str | None = None,
                 title: str | None = None) -> Article:
        """Annotate one article's text."""
        return self.annotate(Article(id=id, text=text, date=date, title=title))

    def process_page(self, page: str, *, date: str | None = None,
                     page_id: str = "page") -> list[Article]:
        """Split a newspaper page into articles and annotate each."""
        splitter = self.get_stage(PAGE_STAGE)
        return [self.annotate(article) for article in splitter.split(page, date=date, page_id=page_id)]

    def pipe(self, inputs: Iterable[ArticleInput], *, n_process: int = 1, batch_size: int = 16,
             skip_failed: bool = False) -> Iterator[Article]:
        """Annotate many articles lazily, in input order, with ``n_process`` worker processes, each
        batch of ``batch_size`` articles through :meth:`annotate_many` (the neural stages tag the
        sentences of a whole batch together).

        With ``skip_failed`` an article a stage fails on (:class:`StageError`) is logged as
        ``skipped: …`` and left out instead of stopping the run. Closing the iterator (or an
        exception in the caller, such as a signal) terminates the workers.
        """
        if n_process < 1 or batch_size < 1:
            raise ConfigError(f"n_process and batch_size must be at least 1, not {n_process} and "
                              f"{batch_size}")
        articles = (to_article(item, index) for index, item in enumerate(inputs))
        for result in self._results(articles, n_process, batch_size):
            if isinstance(result, StageError):
                if not skip_failed:
                    raise result
                logger.warning("skipped: %s", result)
                continue
            yield result

    def _results(self, articles: Iterator[Article], n_process: int,
                 batch_size: int) -> Iterator[Article | StageError]:
        batches = iter(lambda: list(islice(articles, batch_size)), [])
        if n_process == 1:
            for batch in batches:
                yield from self.annotate_many(batch)
            return
        global _WORKER_PIPELINE
        _WORKER_PIPELINE = self  # inherited by forked workers: the model is loaded once, not per task
        # Pool.imap would read the whole input ahead; windows of a few batches per worker keep
        # memory bounded whatever the input size.
        with _worker_pool(n_process, self.threads) as pool:
            while window := list(islice(batches, n_process * 4)):
                for results in pool.imap(_annotate_in_worker, window):
                    yield from results


_WORKER_PIPELINE: Pipeline | None = None


WORKER_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _worker_pool(n_process: int, threads: int) -> Any:
    """A pool of forked workers with ``threads`` torch threads each; SIGINT and SIGTERM are blocked
    while they fork, so none runs the parent's handlers before :func:`_init_worker` sets its own (a
    signal to the parent waits)."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, WORKER_SIGNALS)
    try:
        return multiprocessing.get_context("fork").Pool(n_process, initializer=_init_worker,
                                                        initargs=(threads,))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _init_worker(threads: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run and terminates the workers
    # (Pool.terminate sends SIGTERM, which must kill, not run the parent's handler)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, WORKER_SIGNALS)
    use_threads(threads)  # a forked child does not keep its parent's setting
    freeze_loaded_objects()


def freeze_loaded_objects() -> None:
    """Collect garbage, then move every object alive (a loaded model's lexicon and prefix sets and
    vocabularies: millions of entries) out of the cyclic garbage collector's view (``gc.freeze``): each
    of its full collections walked them again, about 0.1 s every few dozen articles
    (``docs/benchmarks.md``, "gc.freeze"). Process-wide, and what is alive now is never collected
    after, so it is for processes that load a model and then work: the CLI's commands and the workers
    of ``pipe`` and of ``newsnlp.distributed`` call it; a script may too."""
    gc.collect()
    gc.freeze()


def check_threads(threads: int) -> None:
    """Raise :class:`ConfigError` unless ``threads`` is a whole number of at least 1."""
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ConfigError(f"threads must be a whole number of at least 1, not {threads!r}")


def use_threads(threads: int) -> None:
    """Run torch's intra-op work on ``threads`` threads in this process, if a stage imported torch
    (a pipeline without neural stages leaves torch unimported)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


def _annotate_in_worker(batch: list[Article]) -> list[Article | StageError]:
    assert _WORKER_PIPELINE is not None
    return _WORKER_PIPELINE.annotate_many(batch)


def run_stage(name: str, stage: Any, article: Article) -> Article:
    """``stage(article)``; anything but a :class:`NewsNLPError` (a bug in the stage) becomes a
    :class:`StageError` naming the stage and the article, the original error as its cause."""
    try:
        return stage(article)
    except NewsNLPError:
        raise
    except Exception as error:
        raise StageError(f"stage {name!r} failed on article {excerpt(repr(article.id))}: "
                         f"{type(error).__name__}: {excerpt(str(error), 160)}; this is a bug "
                         f"in the stage, please report it") from error


def stage_settings(section: dict[str, Any]) -> dict[str, Any]:
    """The backend settings of a ``[stages.*]`` section (without ``backend`` and ``files``)."""
    return {key: value for key, value in section.items() if key not in ("backend", STAGE_FILES_KEY)}


def to_article(item: ArticleInput, index: int = 0) -> Article:
    """An :class:`Article` from a text, a ``{"id", "text", "date"?, "title"?}`` record or an article."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=str(index), text=item)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InputFormatError(f"record {index} needs a string 'text'", field="text")
    return Article(id=str(item.get("id", index)), text=item["text"], date=item.get("date"),
                   title=item.get("title"), meta=dict(item.get("meta") or {}))
