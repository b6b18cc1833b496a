"""``newsnlp evaluate``: score predictions (a file or a model's output) against gold; write reports."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import evaluate as evaluate_articles
from .. import resolve_model
from ..corpora.gold import validate_gold
from ..doc import Article
from ..errors import ConfigError, InputFormatError, NewsNLPError
from ..evaluation import SCORED_LAYERS, Report
from ..evaluation.event import TIME_KEY
from ..io import open_binary, read_jsonl, read_lines
from ..pipeline import Pipeline, freeze_loaded_objects
from ..text.files import write_file

CORPUS_SPLIT = re.compile(r"^[\w.\-]+:[\w.\-]+$")
SPAN_KEYS = ("start", "end")
logger = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate", help="score predictions against gold articles and write reports",
        description="Score predicted articles (a JSONL file, or a model run over the gold texts) "
                    "against gold articles aligned by id: word segmentation, entities and events, "
                    "with bootstrap intervals. Without --report/--json/--markdown the Markdown "
                    "report goes to stdout.")
    parser.add_argument("--gold", required=True, metavar="FILE|CORPUS:SPLIT",
                        help="JSONL of gold article records, or a corpus split such as duee:dev")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pred", metavar="FILE", help="JSONL of predicted article records")
    source.add_argument("--model", metavar="PATH|NAME",
                        help="model directory or installed model package to run over the gold texts")
    parser.add_argument("--event-mentions", action="store_true",
                        help="with --model: score the event stage's mentions before they are merged "
                             "into one event list per article (merge = false): the unit of gold "
                             "that annotates every trigger, as corpora/gold does")
    parser.add_argument("--layers", nargs="+", choices=SCORED_LAYERS, metavar="LAYER",
                        help=f"layers to score, of {', '.join(SCORED_LAYERS)} (default: those the "
                             f"gold fills)")
    parser.add_argument("--report", metavar="OUT.html", help="write the HTML report")
    parser.add_argument("--json", dest="json_path", metavar="OUT.json", help="write the JSON report")
    parser.add_argument("--markdown", metavar="OUT.md", help="write the Markdown report")
    parser.add_argument("--compare", metavar="OTHER_PRED",
                        help="JSONL of a second system's predictions: paired bootstrap against it")
    parser.add_argument("--word-list", metavar="FILE|pku|msr",
                        help="training word list (one word per line) for the OOV figures")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    parser.add_argument("--time-key", default=TIME_KEY,
                        help=f"key of an argument's value holding the normalised time "
                             f"(default {TIME_KEY!r})")
    parser.add_argument("--max-examples", type=int, default=50,
                        help="error examples kept per layer and kind (default 50)")
    parser.add_argument("--strict", action="store_true",
                        help="refuse gold that `newsnlp corpora validate` rejects (default: score it "
                             "with a warning that counts the problems, also noted in the report)")
    parser.set_defaults(func=evaluate_cli)


def _complete(record: dict[str, Any]) -> dict[str, Any]:
    """An article record with span ``text`` filled from its offsets and event ids where absent
    (the gold format of DESIGN §5 leaves both out)."""
    text = record["text"]

    def span(item: dict[str, Any]) -> dict[str, Any]:
        if "text" in item or not all(isinstance(item.get(k), int) for k in SPAN_KEYS):
            return item
        return {**item, "text": text[item["start"]:item["end"]]}

    record = dict(record)
    for layer in ("sentences", "words", "entities"):
        if isinstance(record.get(layer), list):
            record[layer] = [span(item) for item in record[layer]]
    if isinstance(record.get("events"), list):
        record["events"] = [{**event, "id": event.get("id", f"e{k}"),
                             "trigger": span(event["trigger"]),
                             "arguments": [span(a) for a in event.get("arguments") or []]}
                            for k, event in enumerate(record["events"])]
    return record


def article_from_record(record: Any, path: str, line: int) -> Article:
    """An :class:`Article` from one record; a bad record raises an error naming file, line, field."""
    if not isinstance(record, dict):
        raise InputFormatError("a record must be a JSON object", path=path, line=line)
    for key, kind in (("id", str), ("text", str)):
        if not isinstance(record.get(key), kind):
            raise InputFormatError(f"missing or non-string {key!r}", path=path, line=line, field=key)
    try:
        return Article.from_dict(_complete(record))
    except NewsNLPError as err:
        raise InputFormatError(str(err).split("] ", 1)[-1], path=path, line=line) from err
    except KeyError as err:
        raise InputFormatError(f"a span or event lacks {err.args[0]!r}", path=path, line=line,
                               field=str(err.args[0])) from err
    except (TypeError, ValueError, AttributeError) as err:
        raise InputFormatError(f"not an article record ({err})", path=path, line=line) from err


def read_articles(path: str) -> list[Article]:
    """The article records of a JSONL file (``Article.to_dict()`` format, one per line; lines split
    on ``\\n`` only, so a text holding U+2028 or U+0085 is read as written)."""
    return [article_from_record(record, path, number) for number, record in read_jsonl(path)]


def read_corpus_split(name_split: str) -> list[Article]:
    """The records of a corpus split (``newsnlp.corpora.load_split``) as articles; a layer counts as
    filled when any record of the split has items in it."""
    from ..corpora import load_split

    name, _, split = name_split.partition(":")
    if name == "gold":  # the gold loader keeps what the datasets schema has no field for: dates
        from ..corpora.gold import load_gold

        return load_gold(split or "dev")
    try:
        rows = list(load_split(name_split))
    except KeyError as err:
        raise InputFormatError(str(err.args[0]), field="gold") from err
    filled = [layer for layer in SCORED_LAYERS if any(row.get(layer) for row in rows)]
    return [article_from_record({**row, "layers_filled": filled}, name_split, number)
            for number, row in enumerate(rows, start=1)]


def read_gold(source: str) -> list[Article]:
    """Gold articles from a JSONL file or a ``CORPUS:SPLIT`` name."""
    if _is_corpus_split(source):
        return read_corpus_split(source)
    return read_articles(source)


def _is_corpus_split(source: str) -> bool:
    return not Path(source).exists() and bool(CORPUS_SPLIT.match(source))


def check_gold(source: str, *, strict: bool = False) -> int:
    """How many problems ``newsnlp corpora validate`` finds in a gold file (none for a corpus split,
    whose loader checks it); they are logged as one warning.

    Raises:
        InputFormatError: with ``strict``, when there is any (naming the first).
    """
    problems = [] if _is_corpus_split(source) else validate_gold(source)["problems"]
    if problems and strict:
        raise InputFormatError(f"{len(problems)} problem(s) that `newsnlp corpora validate` reports; the "
                               f"first: {problems[0].split('] ', 1)[-1]}", path=source)
    if problems:
        logger.warning("%s: %d problem(s) that `newsnlp corpora validate %s` lists (the first: %s); scored "
                       "as they are; --strict refuses such gold", source, len(problems), source,
                       problems[0].split("] ", 1)[-1])
    return len(problems)


def read_word_list(source: str) -> set[str]:
    """A word list from a file (one word per line) or a SIGHAN name (``pku``, ``msr``)."""
    if not Path(source).exists() and source in ("pku", "msr"):
        from ..corpora import load_word_list

        return load_word_list(source)
    return {line.strip() for _, line in read_lines(source) if line.strip()}


def _describe(path: str) -> str:
    """A path with the sha256 of its content, so a report names exactly what it scored."""
    if not Path(path).is_file():
        return path
    with open_binary(path) as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return f"{path} (sha256 {digest[:16]})"


def _model_description(path: str) -> str:
    try:
        info = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
        return f"{path} ({info.get('name', '?')} {info.get('version', '')})".replace(" )", ")")
    except (OSError, ValueError, AttributeError):  # no meta.json, or not the JSON object it should be
        return path


def evaluate(gold: str, *, pred: str | None = None, model: str | None = None,
             event_mentions: bool = False, compare: str | None = None, word_list: str | None = None,
             layers: Sequence[str] | None = None, seed: int = 0, n_boot: int = 1000,
             time_key: str = TIME_KEY, max_examples: int = 50, command: str | None = None,
             strict: bool = False) -> Report:
    """Score the predictions in ``pred`` (or ``model``'s output on the gold texts) against ``gold``.

    Args:
        gold: JSONL file of gold article records, or ``CORPUS:SPLIT``.
        pred: JSONL file of predicted article records; or ``model``, a model directory.
        event_mentions: run ``model``'s event stage with ``merge = false`` (score mentions).
        compare: JSONL file of a second system's predictions (paired bootstrap).
        word_list: word list file or ``pku``/``msr``, for the OOV figures.
        command: the command line, recorded in the report.
        strict: refuse gold that ``newsnlp corpora validate`` rejects (else: a warning with the
            count, also recorded in the report).

    Every file is read and checked before the model (if any) loads.
    """
    if event_mentions and not model:
        raise ConfigError("--event-mentions needs --model: it changes how the model runs")
    if not (pred or model):
        raise ConfigError("give predictions (--pred) or a model to run (--model)")
    provenance = {"gold": _describe(gold)}
    provenance.update({"predictions": _describe(pred)} if pred else {
        "model": _model_description(model or "") + (", event mentions (merge = false)"
                                                     if event_mentions else "")})
    if compare:
        provenance["compared with"] = _describe(compare)
    if word_list:
        provenance["word list"] = _describe(word_list)
    if command:
        provenance["command"] = command
    settings: dict[str, Any] = {
        "layers": layers, "seed": seed, "n_boot": n_boot, "time_key": time_key,
        "max_examples": max_examples, "provenance": provenance,
        "word_list": read_word_list(word_list) if word_list else None,
        "compare": read_articles(compare) if compare else None,
        "names": (Path(pred or model or "A").stem, Path(compare).stem if compare else "B")}
    problems = check_gold(gold, strict=strict)
    gold_articles = read_gold(gold)
    if problems:
        provenance["gold problems"] = (f"{problems} (`newsnlp corpora validate` lists them); scored "
                                       f"as they are")
    if pred:
        return evaluate_articles(gold_articles, read_articles(pred), **settings)
    overrides = {"stages.event.merge": False} if event_mentions else None
    nlp = Pipeline.from_disk(resolve_model(model), overrides)
    freeze_loaded_objects()
    return evaluate_articles(gold_articles, pipeline=nlp, **settings)


def _command(args: argparse.Namespace) -> str:
    words = ["newsnlp", "evaluate", "--gold", args.gold]
    for flag, value in (("--pred", args.pred), ("--model", args.model), ("--compare", args.compare),
                        ("--word-list", args.word_list), ("--report", args.report),
                        ("--json", args.json_path), ("--markdown", args.markdown)):
        if value is not None:
            words += [flag, value]
    for flag, on in (("--event-mentions", args.event_mentions), ("--strict", args.strict)):
        if on:
            words.append(flag)
    if args.layers:
        words += ["--layers", *args.layers]
    for flag, value, default in (("--seed", args.seed, 0), ("--n-boot", args.n_boot, 1000),
                                 ("--time-key", args.time_key, TIME_KEY),
                                 ("--max-examples", args.max_examples, 50)):
        if value != default:
            words += [flag, str(value)]
    return shlex.join(words)


def evaluate_cli(args: argparse.Namespace) -> int:
    outputs = [path for path in (args.report, args.json_path, args.markdown) if path]
    for path in outputs:  # before the (possibly long) scoring run
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    report = evaluate(args.gold, pred=args.pred, model=args.model,
                      event_mentions=args.event_mentions, compare=args.compare,
                      word_list=args.word_list, layers=args.layers, seed=args.seed,
                      n_boot=args.n_boot, time_key=args.time_key, max_examples=args.max_examples,
                      command=_command(args), strict=args.strict)
    if not outputs:
        sys.stdout.write(report.to_markdown())
        return 0
    if args.report:
        report.to_html(args.report)
    if args.json_path:
        write_file(args.json_path, report.to_json())
    if args.markdown:
        write_file(args.markdown, report.to_markdown())
    scores = ", ".join(f"{name} {100 * value:.1f}" for name, value in report.scores.items())
    print(f"wrote {', '.join(outputs)}; {scores}", file=sys.stderr)
    return 0
