"""How many People's Daily NER (zjy-ucas) sentences also occur in MSRA and in PD1998 January.

Usage: python benchmarks/pd_ner_overlap.py [--model DIR ...] [--convention NAME] [--split test|dev]

A model trained on MSRA train has seen the overlapping sentences, so People's Daily NER figures of
such a model are reported on the disjoint part too (``disjoint_ids``): with ``--model``, each model
directory's strict PER/ORG/LOC F1 on the whole PD NER test split (or dev, with ``--split dev``) and on
its part disjoint from MSRA (with ``--convention``, for models trained with conventions, tagged under
that one).
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Iterable
from typing import Any

from newsnlp.corpora import load_corpus, load_split
from newsnlp.doc import Article
from newsnlp.evaluation.entity import score_entities
from newsnlp.pipeline import Pipeline

NAME_LABELS = ("PER", "ORG", "LOC")


def disjoint_ids(records: Iterable[dict[str, Any]], seen: set[str], joined: str) -> set[str]:
    """Ids of the records whose text occurs nowhere in MSRA train (``seen``: its sentences, ``joined``:
    them joined by newlines), not even inside one."""
    return {r["id"] for r in records if r["text"] not in seen and r["text"] not in joined}


def pd_scores(model: str, split: str, keep: set[str], convention: str | None = None) -> tuple[float, float]:
    """Strict PER/ORG/LOC F1 of ``model`` on a pd_ner split and on the records whose id is in ``keep``,
    its entity stage following ``convention`` if given (one pass over the split)."""
    records = list(load_split(f"pd_ner:{split}"))
    gold = [Article.from_dict({"id": r["id"], "text": r["text"], "layers_filled": ["entities"],
                               "entities": [{**e, "text": r["text"][e["start"]:e["end"]]}
                                            for e in r["entities"]]}) for r in records]
    overrides = {"stages.entity.convention": convention} if convention else None
    nlp = Pipeline.from_disk(model, overrides)
    predicted = list(nlp.pipe(a.with_text_only() for a in gold))
    for article in predicted:
        article.set_layer("entities", [e for e in article.entities if e.label in NAME_LABELS])
    pairs = list(zip(gold, predicted))
    kept = [(g, p) for g, p in pairs if g.id in keep]
    return score_entities(pairs).figures()["entity_f"], score_entities(kept).figures()["entity_f"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", nargs="*", default=[], help="model directories to score")
    parser.add_argument("--convention", help="the entity stage's convention (models trained with some)")
    parser.add_argument("--split", choices=("test", "dev"), default="test", help="the pd_ner split to score")
    args = parser.parse_args()
    msra, pd1998, pd_ner = load_corpus("msra"), load_corpus("pd1998"), load_corpus("pd_ner")
    msra_train = set(msra["train"]["text"]) | set(msra["dev"]["text"])
    msra_joined = "\n".join(msra_train)
    msra_test = set(msra["test"]["text"])
    january = unicodedata.normalize("NFKC", "\n".join(t for part in pd1998.values() for t in part["text"]))
    print("| pd_ner split | sentences | = an MSRA train+dev sentence | inside one | in MSRA test | "
          "inside PD1998 January |")
    print("|---|---|---|---|---|---|")
    for split in ("dev", "test"):
        texts = pd_ner[split]["text"]
        in_january = sum(1 for t in texts if len(t) > 15 and unicodedata.normalize("NFKC", t) in january)
        inside = sum(1 for t in texts if t not in msra_train and t in msra_joined)
        print(f"| {split} | {len(texts):,} | {sum(t in msra_train for t in texts):,} | {inside:,} | "
              f"{sum(t in msra_test for t in texts):,} | {in_january:,} |")
    if args.model:
        keep = disjoint_ids(pd_ner[args.split], msra_train, msra_joined)
        print(f"\n| model | PD NER {args.split} F1 (all {len(pd_ner[args.split]):,}) | "
              f"disjoint from MSRA ({len(keep):,} sentences) |\n|---|---|---|")
        for model in args.model:
            everything, disjoint = pd_scores(model, args.split, keep, args.convention)
            print(f"| {model} | {100 * everything:.1f} | {100 * disjoint:.1f} |")


if __name__ == "__main__":
    main()

