"""NER benchmark: newsnlp entity backends and offline peers on MSRA, People's Daily, the broad news corpus
and the news gold dev split.

Usage: python benchmarks/ner.py [--systems jieba thulac snownlp lac jiagu] [--models models/entity-neural ...]
           [--hanlp-model HANLP_FOLDER ...] [--peer-python PEERS_VENV/bin/python] [--split test|dev]
           [--no-broad] [--no-news-gold] [--limit N] [--json results.json] [--reuse earlier.json]
           [--convention MSRA=msra PD=msra ...]

Every system runs in its own process pinned to one core (benchmarks/peers.py), once per test set.
Peers run as their wheels ship them: POS-tag peers give PER/LOC/ORG from their name tags (jieba and
SnowNLP nr/ns/nt, THULAC np/ns/ni), LAC and Jiagu from their NER labels. newsnlp models are those
named, default every ``models/entity-*`` directory; ``--hanlp-model`` adds a HanLP NER save folder
run through newsnlp's ``entity.hanlp.v1`` (labels mapped by the backend). Scores are strict
span-level F1 (``newsnlp.evaluation.entity``) over PER/ORG/LOC on MSRA and People's Daily (their
gold has no other labels, so other predicted labels are dropped there) and over every gold label on
the news gold dev split and the broad news corpus (``broad:SPLIT``, per label and per news
category). ``--split`` picks the MSRA, People's Daily and broad corpus split (``test`` by default;
``dev`` to compare models and inputs, the splits models are chosen on). Prints Markdown tables;
chars/s is over all sets on one core, and for newsnlp also on MSRA with ``pipe(n_process=2)``.
``--convention TEST=NAME`` tags a set under that annotation convention (newsnlp models trained with
``conventions``; chosen on the dev splits).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from peers import ROOT, corpus_articles, run_worker

from newsnlp.corpora.gold import NAMED_SETS, load_gold
from newsnlp.doc import Article, Entity
from newsnlp.evaluation.entity import score_entities

PEERS = ["jieba", "thulac", "snownlp", "lac", "jiagu"]
NAME_LABELS = ("PER", "ORG", "LOC")
CORPORA = {"MSRA": "msra", "PD": "pd_ner"}
NEWS = "news dev"
BROAD = "broad"


def entities_only(documents: list[Article], limit: int | None) -> list[Article]:
    """The documents' texts, gold entities and news category (``meta.category``), nothing else."""
    articles = []
    for document in documents[:limit] if limit else documents:
        article = Article(id=document.id, text=document.text,
                          meta={"category": document.meta.get("category", "")})
        article.set_layer("entities", list(document.entities))
        articles.append(article)
    return articles


def news_gold(limit: int | None) -> list[Article]:
    """The dev split of the news gold set (``corpora/gold``), entities only."""
    return entities_only(load_gold("dev"), limit)


def broad_corpus(split: str, limit: int | None) -> list[Article]:
    """A split of the broad news corpus (``broad:SPLIT``), entities and categories only."""
    return entities_only([article for path in NAMED_SETS[BROAD] for article in load_gold(split, path)], limit)


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
    parser.add_argument("--hanlp-model", nargs="*", default=[], metavar="FOLDER",
                        help="HanLP NER save folders, run by entity.hanlp.v1 (one core)")
    parser.add_argument("--peer-python", default=os.environ.get("NEWSNLP_PEER_PYTHON", sys.executable),
                        help="interpreter with the peers installed (default $NEWSNLP_PEER_PYTHON)")
    parser.add_argument("--split", choices=["test", "dev"], default="test",
                        help="the MSRA, People's Daily and broad corpus split to score")
    parser.add_argument("--no-broad", action="store_true", help="skip the broad news corpus")
    parser.add_argument("--no-news-gold", action="store_true", help="skip the news gold dev split")
    parser.add_argument("--limit", type=int, help="first N sentences of each test set (smoke runs)")
    parser.add_argument("--json", help="also write the figures as JSON here")
    parser.add_argument("--reuse", help="JSON of an earlier run whose rows are shown again, not re-run")
    parser.add_argument("--convention", nargs="*", default=[], metavar="TEST=NAME",
                        help=f"newsnlp models: the convention to tag a set ({', '.join(CORPORA)}, "
                             f"{BROAD}, {NEWS!r}) by, for models trained with conventions")
    args = parser.parse_args()
    conventions = dict(item.split("=", 1) for item in args.convention)
    if args.models is None:
        args.models = sorted(str(p) for p in (Path(ROOT) / "models").glob("entity-*")
                             if (p / "config.cfg").is_file())
    gold = {name: corpus_articles(f"{corpus}:{args.split}", args.limit) for name, corpus in CORPORA.items()}
    if not args.no_broad:
        gold[BROAD] = broad_corpus(args.split, args.limit)
    if not args.no_news_gold:
        gold[NEWS] = news_gold(args.limit)
    rows = [(f"{peer} (as shipped)", args.peer_python, peer) for peer in args.systems]
    named = ", ".join(f"{test}: {name}" for test, name in conventions.items())
    rows += [(f"newsnlp ({Path(model).name}{'; ' + named if named else ''})", sys.executable,
              f"newsnlp:{model}") for model in args.models]
    rows += [(f"HanLP tagger via entity.hanlp.v1 ({folder})", sys.executable, f"hanlp:{folder}")
             for folder in args.hanlp_model]
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
            result[test] = score(articles, out["outputs"], labels_of(test))
            if test == BROAD:
                result["categories"] = by_category(articles, out["outputs"])
            result["seconds"] += out["run_s"]
            result["chars"] += out["chars"]
            result["peak_mb"] = max(result["peak_mb"], out["peak_mb"])
        if system.startswith("newsnlp:") and "error" not in result:
            out = run_worker(python, "ner", system, [a.text for a in gold["MSRA"]],
                             overrides(system, "MSRA"), jobs=2)
            result["jobs2_chars_s"] = out["chars"] / out["run_s"] if "error" not in out else None
        results[row] = result
    print(f"MSRA, PD and {BROAD}: {args.split} splits\n")
    print(table(results, list(gold)))
    if BROAD in gold:
        print(f"\n{BROAD}:{args.split} entity F1 per news category\n")
        print(category_table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def labels_of(test: str) -> tuple[str, ...]:
    """The labels a set annotates (scored and shown): all five on the news sets, PER/ORG/LOC elsewhere."""
    return NAME_LABELS + ("TIME", "QUANTITY") if test in (NEWS, BROAD) else NAME_LABELS


def by_category(articles: list[Article], outputs: list[list[list[Any]]]) -> dict[str, dict[str, float]]:
    """The figures of each news category's documents (``meta.category``)."""
    categories: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        categories.setdefault(article.meta["category"], []).append(index)
    return {category: score([articles[i] for i in indices], [outputs[i] for i in indices], labels_of(BROAD))
            for category, indices in sorted(categories.items())}


def category_table(results: dict[str, dict[str, Any]]) -> str:
    """One row per system: entity F1 on each news category of the broad corpus."""
    categories = sorted({name for result in results.values() for name in result.get("categories", ())})
    lines = ["| system | " + " | ".join(categories) + " |", "|---|" + "---:|" * len(categories)]
    for row, result in results.items():
        if "categories" in result:
            lines.append(f"| {row} | " + " | ".join(
                f"{100 * result['categories'][c]['entity_f']:.1f}" if c in result["categories"] else "–"
                for c in categories) + " |")
    return "\n".join(lines)


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
