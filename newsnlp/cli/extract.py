"""``newsnlp extract``: articles or pages in, annotated article records out."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .. import __version__, load
from ..doc import LAYERS, Article, date_problem, value_text
from ..errors import InputFormatError, StageRequirementError
from ..io import (
    DEFAULT_MAX_CHARS,
    INPUT_FORMATS,
    OutputLock,
    ResumableWriter,
    check_output,
    check_readable,
    count_inputs,
    expand_paths,
    iter_articles,
    read_word_list,
)
from ..pipeline import DEFAULT_THREADS, PAGE_STAGE, Pipeline, freeze_loaded_objects
from ..progress import progress
from ..text.files import write_file
from .signals import Interrupted

OUTPUT_FORMATS = ("json", "jsonl", "table", "html", "labelstudio", "doccano")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract", help="annotate articles or newspaper pages",
        description="Annotate articles (text files, JSONL records or whole newspaper pages) with the "
                    "pipeline's layers and print article records (see docs/output.md).",
        epilog="SIGINT (Ctrl-C) or SIGTERM stops the run within seconds, workers included: exit 130 "
               "or 143, and with -o the records done stay in OUTPUT.partial for --resume. Errors: "
               "one line, exit 2 (docs/robustness.md).")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files to read; - reads stdin")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="text",
                        help="text: a file is one article; page: a file is a newspaper page split "
                             "into articles; jsonl: one {id, text, date?, title?} record per line")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl", dest="output_format",
                        help="json: one JSON array; jsonl: one record per line; table: for reading "
                             "(event arguments with their normalised values); html: a page with "
                             "entities, events and values highlighted; labelstudio: a task list to "
                             "import into Label Studio, the layers as predictions (pre-annotations, "
                             "labelling config: corpora tool-config labelstudio); doccano: JSONL to "
                             "import into a doccano sequence labelling project with relations")
    parser.add_argument("--layers", nargs="+", choices=LAYERS, metavar="LAYER",
                        help=f"layers to output (default: all the model fills; of {', '.join(LAYERS)})")
    parser.add_argument("--date", help="article date YYYY-MM-DD (a real date), for records that give none")
    add_pipeline_arguments(parser)
    parser.add_argument("-o", "--output",
                        help="output file, written through OUTPUT.partial and renamed when complete "
                             "(default: stdout); it may not be an input, and OUTPUT.lock keeps a "
                             "second run off it")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1, at least 1)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                        help=f"torch threads per process (default {DEFAULT_THREADS}: on a busy machine "
                             f"more threads run slower; use --jobs for more throughput)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local: this machine's processes; ray: Ray Data (the running cluster "
                             "or a local one), --jobs actors (needs newsnlp[ray])")
    parser.add_argument("--batch-size", type=int, default=16,
                        help="articles per worker task (default 16, at least 1)")
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                        help=f"longest text read: a text file, a page or a JSONL record (default "
                             f"{DEFAULT_MAX_CHARS:,}); a longer one is refused (skipped with "
                             f"--skip-bad), so memory stays bounded on any input")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run of the same command (needs -o and jsonl)")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.add_argument("--skip-bad", action="store_true",
                        help="log and skip bad JSONL lines (and articles a stage fails on) instead "
                             "of stopping; the rest is written, a summary line says how many were "
                             "skipped and the exit code is 2 when any was")
    parser.set_defaults(func=extract_cli)


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose and extend the pipeline (read by :func:`load_for_cli`)."""
    parser.add_argument("--model", help="model directory or installed model package name (default: the "
                                        "shipped default model)")
    parser.add_argument("--schema", help="event schema: news (version 2), news@1 (the 15 labour / "
                                         "government types), duee or a schema file (default: the "
                                         "model's, news for the shipped model)")
    parser.add_argument("--user-dict", metavar="FILE",
                        help="user words the word stage keeps whole (one per line, optional POS)")
    parser.add_argument("--entity-dict", metavar="FILE",
                        help="gazetteer of name<TAB>label lines that override the entity model")


def extract(nlp: Pipeline, inputs: list[str], *, input_format: str = "text",
            date: str | None = None, encoding: str = "utf-8", skip_bad: bool = False,
            jobs: int = 1, batch_size: int = 16, skip: int = 0,
            engine: str = "local", max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """Annotated articles of ``inputs`` in input order, the first ``skip`` left out."""
    splitter = nlp.get_stage(PAGE_STAGE) if input_format == "page" else None
    articles = islice(iter_articles(inputs, input_format, page_splitter=splitter, date=date,
                                    encoding=encoding, skip_bad=skip_bad, max_chars=max_chars),
                      skip, None)
    if engine == "ray":
        from ..distributed import PipelineSpec, extract_with_ray

        return extract_with_ray(articles, PipelineSpec.of(nlp), workers=jobs,
                                batch_size=batch_size)
    return nlp.pipe(articles, n_process=jobs, batch_size=batch_size, skip_failed=skip_bad)


def select_layers(record: dict[str, Any], layers: Iterable[str] | None) -> dict[str, Any]:
    """The record with only the requested layers (``layers_filled`` updated to match)."""
    if layers is None:
        return record
    keep = [layer for layer in record["layers_filled"] if layer in set(layers)]
    dropped = set(LAYERS) - set(keep)
    return {**{k: v for k, v in record.items() if k not in dropped}, "layers_filled": keep}


def format_table(article: Article) -> str:
    """A plain-text view of one article: header, entities and events (with normalised values)."""
    lines = [f"== {article.id} [{article.kind}] {article.title or ''}".rstrip()]
    if article.byline:
        lines.append(f"   byline: {article.byline}")
    lines.append(f"   {len(article.text)} chars, layers: {', '.join(article.layers_filled) or '-'}")
    if "sentences" in article.layers_filled:
        lines.append(f"   sentences: {len(article.sentences)}")
    if "entities" in article.layers_filled:
        lines += [f"   {e.label:<9} {e.text}" for e in article.entities]
    for event in article.events:
        arguments = "; ".join(f"{a.role}={a.text}" + (f" [{value_text(a.value)}]" if a.value else "")
                              for a in event.arguments)
        lines.append(f"   EVENT {event.type} «{event.trigger.text}» {arguments}")
    return "\n".join(lines)


def check_arguments(args: argparse.Namespace) -> list[str]:
    """Every argument checked before anything is loaded or written; returns the input files.

    Raises:
        InputFormatError: naming the argument (or the file) that cannot work.
    """
    for name in ("jobs", "threads", "batch_size", "max_chars"):
        if getattr(args, name) < 1:
            raise InputFormatError(f"--{name.replace('_', '-')} must be at least 1, not "
                                   f"{getattr(args, name)}", field=name)
    if args.date is not None and (problem := date_problem(args.date)):
        raise InputFormatError(f"--date: {problem}", field="date")
    if args.resume and not (args.output and args.output_format == "jsonl"):
        raise InputFormatError("--resume needs -o OUTPUT and --format jsonl")
    inputs = list(expand_paths(args.inputs, args.input_format))
    if not inputs:
        raise InputFormatError(f"no {args.input_format} input files in {args.inputs}")
    for path in [*inputs, args.user_dict, args.entity_dict]:
        if path:
            check_readable(path)
    if args.output:
        check_output(args.output, inputs)
    return inputs


def load_for_cli(args: argparse.Namespace) -> Pipeline:
    """The pipeline of ``--model``/``--schema`` with the ``--user-dict``/``--entity-dict`` added;
    the dictionaries and the schema file are read (and checked) before the model loads."""
    from ..stages.entity.gazetteer import Gazetteer
    from ..stages.event.schema import load_schema

    words = read_word_list(args.user_dict) if args.user_dict else None
    names = Gazetteer() if args.entity_dict else None
    if names is not None:
        names.read(args.entity_dict)
    if args.schema:
        load_schema(args.schema)
    nlp = load(args.model, schema=args.schema, threads=args.threads)
    if words is not None:
        nlp.add_words(words)
    if names is not None:
        nlp.add_entities(names.entries.items())
    freeze_loaded_objects()
    return nlp


def extract_cli(args: argparse.Namespace) -> int:
    inputs = check_arguments(args)
    with OutputLock(args.output) if args.output else contextlib.nullcontext():
        nlp = load_for_cli(args)
        missing = set(args.layers or ()) - set(nlp.layers)
        if missing:
            raise StageRequirementError(f"the model fills {nlp.layers or 'no layers'}; it has no stage "
                                        f"for {sorted(missing)}")
        writer = ResumableWriter(args.output, resume=args.resume) if (
            args.output and args.output_format == "jsonl") else None
        skipped = SkipCounter()
        with skipped, contextlib.closing(extract(
                nlp, inputs, input_format=args.input_format, date=args.date, encoding=args.encoding,
                skip_bad=args.skip_bad, jobs=args.jobs, batch_size=args.batch_size,
                skip=writer.done if writer else 0, engine=args.engine,
                max_chars=args.max_chars)) as articles:
            total = count_inputs(inputs, args.input_format)
            shown = progress(articles, total=total, desc="extract", unit="articles",
                             initial=writer.done if writer else 0)
            records = (select_layers(article.to_dict(), args.layers) for article in shown)
            if writer is not None:
                _write_resumable(writer, records, args.batch_size)
            else:
                _write_whole(records, args.output_format, args.output, model_version(nlp))
    if skipped.count:  # the output is complete but for these: never exit 0 with records missing
        raise InputFormatError(f"skipped {skipped.count} bad inputs (--skip-bad; everything else is "
                               f"written); each is logged above with its file and line or its article id")
    return 0


def _write_resumable(writer: ResumableWriter, records: Iterable[dict[str, Any]], batch_size: int) -> None:
    """Write records through the ``.partial`` file; on a signal keep what is done for --resume."""
    try:
        for record in records:
            writer.write(record)
            if writer.done % batch_size == 0:
                writer.flush()
    except Interrupted as stop:
        writer.flush()
        stop.detail = (f"; {writer.done} records are in {writer.partial}: rerun the same command "
                       f"with --resume to go on")
        raise
    writer.close()


def model_version(nlp: Pipeline) -> str:
    """What pre-annotations name their model by: its folder name (else the shipped default) and version."""
    return f"{nlp.path.name if nlp.path else 'default'} (newsnlp {__version__})"


def _write_whole(records: Iterable[dict[str, Any]], output_format: str, output: str | None,
                 version: str) -> None:
    """Write every record to ``output`` atomically, or to stdout (JSONL streamed, one per line);
    ``version`` names the model in Label Studio pre-annotations."""
    if output_format == "jsonl" and not output:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if output_format == "json":
        text = json.dumps(list(records), ensure_ascii=False, indent=1) + "\n"
    elif output_format == "html":
        from .html_view import render_html

        text = render_html(Article.from_dict(r) for r in records)
    elif output_format == "labelstudio":
        from ..corpora.formats.labelstudio import dumps_predictions

        text = dumps_predictions((Article.from_dict(r) for r in records), version)
    elif output_format == "doccano":
        from ..corpora.formats.doccano import dumps_doccano

        text = dumps_doccano(Article.from_dict(r) for r in records)
    elif output_format == "table":
        text = "\n\n".join(format_table(Article.from_dict(r)) for r in records) + "\n"
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if output:
        write_file(output, text)
    else:
        sys.stdout.write(text)


class SkipCounter(logging.Handler):
    """Counts what ``--skip-bad`` skips (logged as ``skipped: …`` by :mod:`newsnlp.io` and the
    pipeline) while in the block."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().startswith("skipped:")

    def __enter__(self) -> SkipCounter:
        logging.getLogger("newsnlp").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("newsnlp").removeHandler(self)
