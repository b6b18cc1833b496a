"""NER benchmark: newsnlp entity backends and offline peers on MSRA test, People's Daily test, news gold dev.

Usage: python benchmarks/ner.py [--systems jieba thulac snownlp lac jiagu] [--models models/entity-neural ...]
           [--peer-python PEERS_VENV/bin/python] [--no-news-gold] [--limit N] [--json results.json]
           [--reuse earlier.json] [--convention MSRA=msra PD=msra ...]

Every system runs in its own process pinned to one core (benchmarks/peers.py), once per test set.
Peers run as their wheels ship them: POS-tag peers give PER/LOC/ORG from their name tags (jieba and
SnowNLP nr/ns/nt, THULAC np/ns/ni), LAC and Jiagu from their NER labels. newsnlp models are those
named, default every ``models/entity-*`` directory. Scores are strict span-level F1
(``newsnlp.evaluation.entity``) over PER/ORG/LOC on MSRA and People's Daily (their gold has no other
labels, so other predicted labels are dropped there) and over every gold label on the news gold dev
split. Prints one Markdown table; chars/s is over all test sets on one core, and for newsnlp also on
MSRA test with ``pipe(n_process=2)``. ``--convention TEST=NAME`` tags a test set under that annotation
convention (newsnlp models trained with ``conventions``; chosen on the matching dev split).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from peers import ROOT, corpus_articles, run_worker

from newsnlp.corpora.gold import load_gold
from newsnlp.doc import Article, Entity
from newsnlp.evaluation.entity import score_entities

PEERS = ["jieba", "thulac", "snownlp", "lac", "jiagu"]
NAME_LABELS = ("PER", "ORG", "LOC")
TESTS = {"MSRA": "msra:test", "PD": "pd_ner:test"}
NEWS = "news dev"


def news_gold(limit: int | None) -> list[Article]:
    """The dev split of the news gold set (``corpora/gold``), entities only."""
    articles = []
    for document in load_gold("dev"):
        article = Article(id=document.id, text=document.text)
        article.set_layer("entities", list(document.entities))
        articles.append(article)
    return articles[:limit] if limit else articles


def score(gold: list[Article], outputs: list[list[list[Any]]], labels: tuple[str, ...] | None
          ) -> dict[str, float]:
    pairs = []
    for article, entities in zip(gold, outputs):
        predicted = Article(id=article.id, text=article.text)
        predicted.set_layer("entities", [Entity(s, e, article.text[s:e], label=label)
                                         for s, e, label in entities if labels is None or label in labels])
        pairs.append((article, predicted))
    return score_entities(pairs).figures()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", nargs="*", default=PEERS, help="peers to run")
    parser.add_argument("--models", nargs="*", default=None, help="newsnlp model directories")
    parser.add_argument("--peer-python", default=os.environ.get("NEWSNLP_PEER_PYTHON", sys.executable),
                        help="interpreter with the peers installed (default $NEWSNLP_PEER_PYTHON)")
    parser.add_argument("--no-news-gold", action="store_true", help="skip the news gold dev split")
    parser.add_argument("--limit", type=int, help="first N sentences of each test set (smoke runs)")
    parser.add_argument("--json", help="also write the figures as JSON here")
    parser.add_argument("--reuse", help="JSON of an earlier run whose rows are shown again, not re-run")
    parser.add_argument("--convention", nargs="*", default=[], metavar="TEST=NAME",
                        help=f"newsnlp models: the convention to tag a test set ({', '.join(TESTS)}, "
                             f"{NEWS!r}) by, for models trained with conventions")
    args = parser.parse_args()
    conventions = dict(item.split("=", 1) for item in args.convention)
    if args.models is None:
        args.models = sorted(str(p) for p in (Path(ROOT) / "models").glob("entity-*")
                             if (p / "config.cfg").is_file())
    gold = {name: corpus_articles(split, args.limit) for name, split in TESTS.items()}
    if not args.no_news_gold:
        gold[NEWS] = news_gold(args.limit)
    rows = [(f"{peer} (as shipped)", args.peer_python, peer) for peer in args.systems]
    named = ", ".join(f"{test}: {name}" for test, name in conventions.items())
    rows += [(f"newsnlp ({Path(model).name}{'; ' + named if named else ''})", sys.executable,
              f"newsnlp:{model}") for model in args.models]
    results: dict[str, dict[str, Any]] = json.loads(Path(args.reuse).read_text("utf-8")) if args.reuse else {}
    def overrides(system: str, test: str) -> list[str]:
        if system.startswith("newsnlp:") and test in conventions:
            return [f"stages.entity.convention={conventions[test]}"]
        return []

    for row, python, system in rows:
        result: dict[str, Any] = {"seconds": 0.0, "chars": 0, "peak_mb": 0.0}
        for test, articles in gold.items():
            print(f"{row}: {test}", file=sys.stderr, flush=True)
            out = run_worker(python, "ner", system, [a.text for a in articles], overrides(system, test))
            if "error" in out:
                result["error"] = out["error"]
                break
            result[test] = score(articles, out["outputs"], None if test == NEWS else NAME_LABELS)
            result["seconds"] += out["run_s"]
            result["chars"] += out["chars"]
            result["peak_mb"] = max(result["peak_mb"], out["peak_mb"])
        if system.startswith("newsnlp:") and "error" not in result:
            out = run_worker(python, "ner", system, [a.text for a in gold["MSRA"]],
                             overrides(system, "MSRA"), jobs=2)
            result["jobs2_chars_s"] = out["chars"] / out["run_s"] if "error" not in out else None
        results[row] = result
    print(table(results, list(gold)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def labels_of(test: str) -> tuple[str, ...]:
    """The labels whose F1 the table shows for ``test``."""
    return NAME_LABELS + ("TIME", "QUANTITY") if test == NEWS else NAME_LABELS


def table(results: dict[str, dict[str, Any]], tests: list[str]) -> str:
    """One row per system: per test set F1 overall and per label, then speed and memory."""
    header = ["system"]
    for test in tests:
        header += [f"{test} F1", *(f"{test} {label}" for label in labels_of(test))]
    header += ["chars/s (1 core)", "chars/s (--jobs 2, MSRA)", "peak RSS MiB"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for row, result in results.items():
        if "error" in result:
            lines.append(f"| {row} | not run: {result['error'][:80]} |" + " |" * (len(header) - 2))
            continue
        cells = []
        for test in tests:
            figures = result[test]
            cells.append(f"{100 * figures['entity_f']:.1f}")
            cells += [f"{100 * figures[f'entity_f[{label}]']:.1f}" if f"entity_f[{label}]" in figures
                      else "–" for label in labels_of(test)]
        speed = f"{result['chars'] / result['seconds']:,.0f}" if result["seconds"] else "–"
        jobs2 = f"{result['jobs2_chars_s']:,.0f}" if result.get("jobs2_chars_s") else "–"
        lines.append(f"| {row} | {' | '.join(cells)} | {speed} | {jobs2} | {result['peak_mb']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
