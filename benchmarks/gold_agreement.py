"""Inter-annotator agreement of the two gold passes, and each pass against the adjudicated gold.

Usage: python benchmarks/gold_agreement.py [--corpus gold|broad] [--split all|train|dev|test]
                                           [--by-category] [--batches PATTERN ...] [--json OUT] [--anchor]

``--corpus broad`` scores the broad news corpus (``corpora/broad``: its standoff passes are rebuilt by
``python -m newsnlp.corpora.broad build``); ``--by-category`` adds a table per news category;
``--batches PATTERN…`` keeps the documents of some annotation batches (one annotation round).

The two independent passes are scored with the evaluation module's scorers, pass A as gold and pass B
as prediction (F1 is symmetric; time accuracy is not, so it is given both ways): entity P/R/F (strict,
overall and per label), trigger identification/classification F1 and argument identification/
classification F1 (ACE convention, ``newsnlp.evaluation.event``) and normalised-time agreement (same
event type, role and span, equal ``iso``); then each pass against the adjudicated gold. The passes are
read from their standoff copies ``corpora/gold/agreement/pass_{a,b}.jsonl`` (gold format, no corpus
text, loaded with ``newsnlp.corpora.gold.load_gold``). ``--anchor`` first rebuilds those copies from
the annotators' files ``corpora/gold/passes/pass_{a,b}.jsonl`` (surface text + occurrence, kept out of
git because they quote corpus text) with ``newsnlp.corpora.annotation.anchor_file``. Needs the corpus
root (standoff documents are materialised from it).
"""

from __future__ import annotations

import argparse
import json
from fnmatch import fnmatch
from pathlib import Path

from newsnlp.corpora.annotation import anchor_file, materialise
from newsnlp.corpora.gold import STANDOFF_KEYS, annotated_article, gold_record, load_gold, write_gold
from newsnlp.doc import Article
from newsnlp.evaluation.entity import score_entities
from newsnlp.evaluation.event import score_events

CORPORA_DIR = Path(__file__).resolve().parent.parent / "corpora"
GOLD_DIR = CORPORA_DIR / "gold"
PASSES = ("a", "b")
LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")
EVENT_FIGURES = ("trigger_id_f", "trigger_f", "argument_id_f", "argument_f")


def anchor_passes() -> None:
    """Anchor both annotators' files and write their standoff copies (gold format, no corpus text)."""
    documents = materialise(GOLD_DIR / "documents.jsonl")
    by_id = {document["id"]: document for document in documents}
    for name in PASSES:
        records = anchor_file(documents, GOLD_DIR / "passes" / f"pass_{name}.jsonl")
        write_gold([gold_record(annotated_article(record, by_id[record["id"]]),
                                {key: by_id[record["id"]][key] for key in STANDOFF_KEYS}
                                if "corpus" in by_id[record["id"]] else None)
                    for record in records], GOLD_DIR / "agreement" / f"pass_{name}.jsonl")


def read_pass(corpus: str, name: str, split: str) -> list[Article]:
    """One annotator pass (``a`` or ``b``) of ``corpus`` from its standoff copy, restricted to ``split``."""
    return load_gold(split, CORPORA_DIR / corpus / "agreement" / f"pass_{name}.jsonl")


def compare(gold: list[Article], predicted: list[Article]) -> dict[str, float]:
    """Entity, event and time figures of ``predicted`` against ``gold`` (aligned by id)."""
    by_id = {article.id: article for article in predicted}
    pairs = [(article, by_id[article.id]) for article in gold]
    entities, events = score_entities(pairs), score_events(pairs)
    figures = {**entities.figures(), **events.figures()}
    support = entities.details["support"]
    time = events.details["time"]
    return {"documents": len(pairs),
            "entities_gold": sum(len(a.entities) for a, _ in pairs),
            "entities_pred": sum(len(p.entities) for _, p in pairs),
            "events_gold": sum(len(a.events) for a, _ in pairs),
            "events_pred": sum(len(p.events) for _, p in pairs),
            "arguments_gold": sum(len(e.arguments) for a, _ in pairs for e in a.events),
            "arguments_pred": sum(len(e.arguments) for _, p in pairs for e in p.events),
            "entity_p": figures["entity_p"], "entity_r": figures["entity_r"],
            "entity_f": figures["entity_f"],
            **{f"entity_f[{label}]": figures.get(f"entity_f[{label}]", 0.0) for label in LABELS},
            **{f"support[{label}]": support.get(label, {}).get("gold", 0) for label in LABELS},
            **{name: figures[name] for name in EVENT_FIGURES},
            "time_gold": time["gold"], "time_found": time["found"], "time_correct": time["correct"],
            "time_accuracy": figures["time_accuracy"],
            "time_accuracy_found": figures["time_accuracy_found"]}


def in_batches(corpus: str, patterns: list[str]) -> set[str]:
    """Ids of the documents whose annotation batch matches one of ``patterns`` (``fnmatch``, broad corpus)."""
    lines = (CORPORA_DIR / corpus / "documents.jsonl").read_text(encoding="utf-8").split("\n")
    return {doc["id"] for doc in map(json.loads, filter(None, lines))
            if any(fnmatch(doc.get("batch", ""), pattern) for pattern in patterns)}


def agreement(corpus: str = "gold", split: str = "all", category: str | None = None,
              batches: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Pass A vs pass B (both directions for time), and each pass vs the adjudicated gold (on the
    two-pass documents that are adjudicated; single-pass documents are left out). ``category``: only
    the documents of one news category (the adjudicated one where there is one, else pass A's);
    ``batches``: only the documents of the annotation batches matching these patterns."""
    a, b = read_pass(corpus, "a", split), read_pass(corpus, "b", split)
    if batches:
        keep = in_batches(corpus, batches)
        a, b = [x for x in a if x.id in keep], [x for x in b if x.id in keep]
    gold = {article.id: article for article in load_gold(split, CORPORA_DIR / corpus / "gold.jsonl")}
    if category is not None:
        keep = {x.id for x in a if (gold.get(x.id) or x).meta.get("category") == category}
        a, b = [x for x in a if x.id in keep], [x for x in b if x.id in keep]
    results = {"A-vs-B": compare(a, b), "B-vs-A": compare(b, a)}
    adjudicated = [gold[x.id] for x in a if x.id in gold]
    if adjudicated:
        results.update({"gold-vs-A": compare(adjudicated, a), "gold-vs-B": compare(adjudicated, b)})
    return results


def categories(corpus: str, split: str, batches: list[str] | None = None) -> list[str]:
    """The news categories of the two-pass documents of ``corpus`` (pass A's labels), sorted."""
    keep = in_batches(corpus, batches) if batches else None
    return sorted({x.meta["category"] for x in read_pass(corpus, "a", split)
                   if x.meta.get("category") and (keep is None or x.id in keep)})


def table(results: dict[str, dict[str, float]]) -> str:
    """The figures as a Markdown table (percentages), one column per comparison."""
    rows = [("documents", "documents", "d"), ("entities (gold / pred)", ("entities_gold", "entities_pred"),
                                               "pair"),
            ("events (gold / pred)", ("events_gold", "events_pred"), "pair"),
            ("arguments (gold / pred)", ("arguments_gold", "arguments_pred"), "pair"),
            ("entity P strict", "entity_p", "%"), ("entity R strict", "entity_r", "%"),
            ("entity F1 strict", "entity_f", "%"),
            *((f"  F1 {label} (gold n)", (f"entity_f[{label}]", f"support[{label}]"), "%n")
              for label in LABELS),
            ("trigger identification F1", "trigger_id_f", "%"),
            ("trigger classification F1", "trigger_f", "%"),
            ("argument identification F1", "argument_id_f", "%"),
            ("argument classification F1", "argument_f", "%"),
            ("time: gold time args / same span / same value", ("time_gold", "time_found", "time_correct"),
             "triple"),
            ("time accuracy (all gold time args)", "time_accuracy", "%"),
            ("time accuracy (span found)", "time_accuracy_found", "%")]
    names = list(results)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, key, kind in rows:
        cells = []
        for name in names:
            r = results[name]
            if kind == "%":
                cells.append(f"{100 * r[key]:.1f}")
            elif kind == "%n":
                cells.append(f"{100 * r[key[0]]:.1f} ({r[key[1]]})")
            elif kind == "d":
                cells.append(str(r[key]))
            else:
                cells.append(" / ".join(str(r[k]) for k in key))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=("gold", "broad"), default="gold")
    parser.add_argument("--split", choices=("all", "train", "dev", "test"), default="all")
    parser.add_argument("--by-category", action="store_true", help="also one table per news category")
    parser.add_argument("--batches", nargs="+", metavar="PATTERN",
                        help="only documents of these annotation batches (broad corpus; e.g. 'tv-3[2-7]')")
    parser.add_argument("--json", metavar="OUT.json", help="also write the figures as JSON")
    parser.add_argument("--anchor", action="store_true",
                        help="rebuild the news gold set's standoff copies from corpora/gold/passes/ first")
    args = parser.parse_args()
    if args.anchor:
        anchor_passes()
    results = agreement(args.corpus, args.split, batches=args.batches)
    if not results["A-vs-B"]["documents"]:
        raise SystemExit(f"no two-pass document of {args.corpus} matches split {args.split!r} and batches "
                         f"{args.batches}: nothing to score")
    print(f"corpus: {args.corpus}, split: {args.split}, batches: {args.batches or 'all'}; "
          f"X-vs-Y = X as gold, Y as prediction\n")
    print(table(results))
    if args.by_category:
        print("per news category (A-vs-B)\n")
        print("| category | documents | entity F1 | trigger classification F1 | argument classification F1 |"
              " time accuracy |\n|---|---:|---:|---:|---:|---:|")
        for category in categories(args.corpus, args.split, args.batches):
            r = results[category] = agreement(args.corpus, args.split, category, args.batches)["A-vs-B"]
            cells = [f"{100 * r[k]:.1f}" for k in ("entity_f", "trigger_f", "argument_f", "time_accuracy")]
            print(f"| {category} | {r['documents']} | " + " | ".join(cells) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
