"""``newsnlp extract``: articles or pages in, annotated article records out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from tqdm import tqdm

from .. import load
from ..doc import LAYERS, Article, value_text
from ..errors import InputFormatError, StageRequirementError
from ..io import INPUT_FORMATS, ResumableWriter, iter_articles, write_atomic
from ..pipeline import PAGE_STAGE, Pipeline

OUTPUT_FORMATS = ("json", "jsonl", "table", "html")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract", help="annotate articles or newspaper pages",
        description="Annotate articles (text files, JSONL records or whole newspaper pages) with the "
                    "pipeline's layers and print article records (see docs/output.md).")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files to read; - reads stdin")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="text",
                        help="text: a file is one article; page: a file is a newspaper page split "
                             "into articles; jsonl: one {id, text, date?, title?} record per line")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl", dest="output_format",
                        help="json: one JSON array; jsonl: one record per line; table: for reading "
                             "(event arguments with their normalised values); html: a page with "
                             "entities, events and values highlighted")
    parser.add_argument("--layers", nargs="+", choices=LAYERS, metavar="LAYER",
                        help=f"layers to output (default: all the model fills; of {', '.join(LAYERS)})")
    parser.add_argument("--model", help="model directory or installed model package name (default: the "
                                        "shipped default model)")
    parser.add_argument("--date", help="article date YYYY-MM-DD, for records that give none")
    parser.add_argument("--schema", help="event schema: news, duee or a schema file (default: the "
                                         "model's, news for the shipped model)")
    parser.add_argument("--user-dict", metavar="FILE",
                        help="user words the word stage keeps whole (one per line, optional POS)")
    parser.add_argument("--entity-dict", metavar="FILE",
                        help="gazetteer of name<TAB>label lines that override the entity model")
    parser.add_argument("-o", "--output", help="output file, written atomically (default: stdout)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local: this machine's processes; ray: Ray Data (the running cluster "
                             "or a local one), --jobs actors (needs newsnlp[ray])")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per worker task")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run of the same command (needs -o and jsonl)")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.add_argument("--skip-bad", action="store_true",
                        help="log and skip bad JSONL lines instead of stopping")
    parser.set_defaults(func=extract_cli)


def extract(nlp: Pipeline, inputs: list[str], *, input_format: str = "text",
            date: str | None = None, encoding: str = "utf-8", skip_bad: bool = False,
            jobs: int = 1, batch_size: int = 16, skip: int = 0,
            engine: str = "local") -> Iterator[Article]:
    """Annotated articles of ``inputs`` in input order, the first ``skip`` left out."""
    splitter = nlp.get_stage(PAGE_STAGE) if input_format == "page" else None
    articles = islice(iter_articles(inputs, input_format, page_splitter=splitter, date=date,
                                    encoding=encoding, skip_bad=skip_bad), skip, None)
    if engine == "ray":
        from ..distributed import extract_with_ray

        return extract_with_ray(articles, str(nlp.path) if nlp.path else None, workers=jobs,
                                batch_size=batch_size)
    return nlp.pipe(articles, n_process=jobs, batch_size=batch_size)


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


def load_for_cli(args: argparse.Namespace) -> Pipeline:
    """The pipeline of ``--model``/``--schema`` with the ``--user-dict``/``--entity-dict`` added."""
    nlp = load(args.model, schema=args.schema)
    if args.user_dict:
        from ..stages.word.dictionary import UserDictionary

        nlp.add_words(UserDictionary.read(args.user_dict).entries.items())
    if args.entity_dict:
        nlp.get_stage("gazetteer").read(args.entity_dict)
    return nlp


def extract_cli(args: argparse.Namespace) -> int:
    nlp = load_for_cli(args)
    missing = set(args.layers or ()) - set(nlp.layers)
    if missing:
        raise StageRequirementError(f"the model fills {nlp.layers or 'no layers'}; it has no stage "
                                    f"for {sorted(missing)}")
    if args.resume and not (args.output and args.output_format == "jsonl"):
        raise InputFormatError("--resume needs -o OUTPUT and --format jsonl")
    writer = ResumableWriter(args.output, resume=args.resume) if (
        args.output and args.output_format == "jsonl") else None
    articles = extract(nlp, args.inputs, input_format=args.input_format, date=args.date,
                       encoding=args.encoding, skip_bad=args.skip_bad, jobs=args.jobs,
                       batch_size=args.batch_size, skip=writer.done if writer else 0,
                       engine=args.engine)
    progress = tqdm(articles, desc="extract", unit=" articles", file=sys.stderr, disable=None,
                    initial=writer.done if writer else 0)
    records = (select_layers(article.to_dict(), args.layers) for article in progress)
    if writer is not None:
        for number, record in enumerate(records, start=1):
            writer.write(record)
            if number % args.batch_size == 0:
                writer.flush()
        writer.close()
        return 0
    if args.output_format == "json":
        text = json.dumps(list(records), ensure_ascii=False, indent=1) + "\n"
    elif args.output_format == "html":
        from .html_view import render_html

        text = render_html(Article.from_dict(r) for r in records)
    elif args.output_format == "table":
        text = "\n\n".join(format_table(Article.from_dict(r)) for r in records) + "\n"
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
