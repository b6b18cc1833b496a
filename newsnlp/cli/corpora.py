"""``newsnlp corpora``: list, inspect, convert and validate corpora and gold files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..corpora import inventory, readers
from ..corpora.formats import FORMATS, convert
from ..corpora.formats.tool_configs import TOOLS, brat_annotation_conf, labelstudio_config
from ..corpora.gold import NAMED_SETS, SPLITS, validate_gold
from ..errors import ConfigError
from ..text.files import write_file


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "corpora", help="list, inspect, convert and validate corpora and gold files",
        description="The shared public corpora (found under $NEWSNLP_CORPORA or ../shared/corpora) "
                    "and gold annotation files: see docs/corpora.md.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every shared corpus found: splits, counts, labels")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    stats = actions.add_parser("stats", help="statistics of one corpus or split (CORPUS[:SPLIT])")
    stats.add_argument("corpus", metavar="CORPUS[:SPLIT]",
                       help=f"one of {', '.join(readers.CORPORA)}, or a named annotated set "
                            f"({', '.join(NAMED_SETS)})")
    stats.add_argument("--labels", choices=("original", "project"), default="original",
                       help="count the corpus's own entity labels or the mapped project labels")
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")
    conv = actions.add_parser("convert", help="convert annotations between formats")
    conv.add_argument("source", metavar="IN", help="input file (a folder for brat)")
    conv.add_argument("target", metavar="OUT", help="output file (a folder for brat)")
    conv.add_argument("--from", dest="from_format", required=True, choices=FORMATS)
    conv.add_argument("--to", dest="to_format", required=True, choices=FORMATS)
    conv.add_argument("--strict", action="store_true",
                      help="stop with an error (file, line, field) at the first thing no newsnlp layer "
                           "holds (relations between entities, brat attributes and notes, a second "
                           "annotation of a task, overlapping entities …) instead of skipping it; "
                           "without it each kind skipped is counted on stderr")
    tool = actions.add_parser("tool-config", help="the Label Studio labelling config or brat annotation.conf "
                                                  "of an event schema")
    tool.add_argument("tool", choices=TOOLS)
    tool.add_argument("--schema", default="news", help="event schema: news (default), news@1, duee or a file")
    tool.add_argument("-o", "--output", help="file to write (default: stdout)")
    check = actions.add_parser("validate", help="check a gold JSONL file, or count a corpus's repairs")
    check.add_argument("target", metavar="FILE|CORPUS",
                       help=f"a gold JSONL file, or a corpus name ({', '.join(readers.CORPORA)})")
    check.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=corpora_cli)


def named_splits(name: str) -> list[str]:
    """The splits of a corpus or named set.

    Raises:
        ConfigError: ``name`` is neither (names the known ones).
    """
    if name in NAMED_SETS:
        return list(SPLITS[:3])
    if name not in readers.CORPORA:
        raise ConfigError(f"unknown corpus {name!r}; corpora: {', '.join(readers.CORPORA)}; named sets: "
                          f"{', '.join(NAMED_SETS)}")
    return list(readers.corpus_spec(name).files)


def corpora(action: str, **options: Any) -> Any:
    """The data behind ``newsnlp corpora ACTION`` (see :func:`add_parser` for the options)."""
    if action == "list":
        return inventory.list_corpora()
    if action == "stats":
        name, _, split = options["corpus"].partition(":")
        splits = [split] if split else named_splits(name)
        return {f"{name}:{s}": inventory.split_stats(name, s, labels=options.get("labels", "original"))
                for s in splits}
    if action == "convert":
        count, skips = convert(options["source"], options["target"], from_format=options["from_format"],
                               to_format=options["to_format"], strict=options.get("strict", False))
        return {"articles": count, "skipped": skips.summary()}
    if action == "tool-config":
        text = tool_config(options["tool"], options.get("schema", "news"))
        if options.get("output"):
            write_file(options["output"], text)
        return {"text": text, "output": options.get("output")}
    if action == "validate":
        target = options["target"]
        if target in readers.CORPORA and not Path(target).exists():
            return {"corpus": target, "files": inventory.validate_corpus(target)}
        return validate_gold(target)  # standoff-aware (newsnlp.corpora.gold; the project's gold set)
    raise ValueError(f"unknown action {action!r}")


def tool_config(tool: str, schema_name: str) -> str:
    """The ``tool`` configuration (one of :data:`TOOLS`) of event schema ``schema_name``."""
    from ..stages.event.schema import load_schema

    schema = load_schema(schema_name)
    events = {name: [role.name for role in kind.roles] for name, kind in schema.types.items()}
    generate = labelstudio_config if tool == "labelstudio" else brat_annotation_conf
    return generate(schema.labels, events, f"the event schema {schema.key}")


def _table(rows: list[list[Any]]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
                     for row in rows)


def _render(action: str, result: Any) -> tuple[str, int]:
    if action == "list":
        rows = [["corpus", "split", "records", "entities", "events", "repaired lines", "labels"]]
        for entry in result:
            if not entry["found"]:
                rows.append([entry["name"], "-", "missing", "", "", "", entry["missing"]])
            for split, stats in entry["splits"].items():
                rows.append([entry["name"], split, stats["records"], stats.get("entities", ""),
                             stats.get("events", ""), stats.get("repairs", {}).get("lines", ""),
                             ",".join(stats.get("entity_labels", {})) or "-"])
        return _table(rows), 0
    if action == "stats":
        blocks = []
        for name, stats in result.items():
            lines = [f"{name}: {stats['records']} records, {stats['chars']} chars "
                     f"(max {stats['max_chars']}), {stats['words']} words ({stats['word_types']} types), "
                     f"{stats['entities']} entities, {stats['events']} events, {stats['arguments']} "
                     f"arguments; repaired lines: {stats['repairs']['lines']} {stats['repairs']['problems']}"]
            lines += [f"  {label}: {count}" for label, count in stats["entity_labels"].items()]
            lines += [f"  {kind}: {count}" for kind, count in list(stats["event_types"].items())[:20]]
            blocks.append("\n".join(lines))
        return "\n".join(blocks), 0
    if action == "convert":
        for line in result["skipped"]:
            print(f"newsnlp: {line}", file=sys.stderr)
        return f"converted {result['articles']} articles", 0
    if action == "tool-config":
        return (f"wrote {result['output']}" if result["output"] else result["text"].rstrip("\n")), 0
    if "corpus" in result:
        lines = [f"{f['path']}: {f['records']} records, {f['lines']} lines need repair {f['problems']}"
                 for f in result["files"]]
        return "\n".join(lines), int(any(f["lines"] for f in result["files"]))
    lines = result["problems"] + [f"{result['path']}: {result['records']} records, {result['entities']} "
                                  f"entities, {result['events']} events, {len(result['problems'])} problems"]
    return "\n".join(lines), int(bool(result["problems"]))


def corpora_cli(args: argparse.Namespace) -> int:
    """Run ``newsnlp corpora``; validate exits 1 when it finds problems."""
    options = {key: value for key, value in vars(args).items() if key not in ("func", "command", "action")}
    result = corpora(args.action, **options)
    text, code = _render(args.action, result)
    if getattr(args, "json", False):
        text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    return code
