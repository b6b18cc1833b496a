"""Event benchmark: DuEE 1.0 dev (official score, trigger/argument F1), news gold dev, pipeline throughput.

Usage: python benchmarks/events.py [--parts duee gold speed] [--event-model models/event-news]
           [--model models/default] [--entities gold model] [--gold-split train dev test]
           [--gold-file corpora/broad/gold.jsonl corpora/broad/silver.jsonl] [--schema news|news@1]
           [--variants rules rules+learned learned] [--limit N] [--json results.json]

- duee: the learned taggers (backend event.learned.v1) on every DuEE dev sentence, scored with the
  official DuEE 1.0 metric and the ACE-style figures of newsnlp.evaluation.event (a model of the news
  schema in its own types: the DuEE gold mapped onto them one to one, predictions of types DuEE lacks
  left out).
- gold: the news schema (``--schema``, default v2) on a split of a gold file (``--gold-file``: the news
  gold set corpora/gold/gold.jsonl, whose dev split the rules were tuned on, or the broad news corpus
  corpora/broad/gold.jsonl and silver.jsonl; test is held out), the event stages of ``--variants``
  (event.frames.v1 without and with the learned taggers, event.learned.v1 alone); entities
  either the gold ones (``gold``: measures event filling alone)
  or those of the model's entity stage and gazetteer (``model``: the real pipeline). Trigger and
  argument figures are per mention (merge = false, the gold's unit); main-event type accuracy uses
  the merged output; documents with a news category (the broad corpus) also get trigger and argument
  F1 per category.
- speed: the whole pipeline of ``--model`` (stages it lacks are added: the entity stage of
  ``--entity-model``, normalise.rules.v1, event.frames.v1 with the learned taggers) over the sample
  page, chars/s on one process and with 2 worker processes, and peak resident memory.

Prints Markdown tables (the source of docs/benchmarks.md's event section).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

import torch

from newsnlp import load
from newsnlp.corpora import load_split
from newsnlp.corpora.gold import load_gold
from newsnlp.doc import Article
from newsnlp.evaluation.event import score_events
from newsnlp.pipeline import Pipeline
from newsnlp.stages.event.frames import make_frames
from newsnlp.stages.event.learned import EventTaggers, make_learned
from newsnlp.stages.event.train import score_duee
from newsnlp.stages.normalise.rules import make_normaliser
from newsnlp.stages.sentence.rules import make_sentence_splitter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = ROOT / "corpora" / "samples" / "workers_daily_page.txt"
PAGE_DATE = "2025-11-25"
HEADLINE = ("trigger_p", "trigger_r", "trigger_f", "argument_p", "argument_r", "argument_f", "time_accuracy")


def duee_part(event_model: Path, limit: int | None) -> dict[str, Any]:
    dev = [dict(r) for r in load_split("duee:dev")][:limit]
    scores, speed = score_duee(EventTaggers.load(event_model / "event"), dev)
    return {"sentences": len(dev), **scores, "chars_per_s": round(speed)}


def _entity_stage(model: Path) -> Any:
    nlp = load(model)
    if "entity" not in nlp.stages:
        raise SystemExit(f"{model} has no entity stage; use --entities gold")
    return nlp.stages["entity"]


def _entity_stages(model: Path) -> list[Any]:
    """The stages of ``model`` that fill entities: the entity model and a gazetteer after it."""
    nlp = load(model)
    return [_entity_stage(model), *([nlp.stages["gazetteer"]] if "gazetteer" in nlp.stages else [])]


VARIANTS = {  # name -> the event stage, given the model directory, schema and merge flag
    "rules": lambda model_dir, schema, merge: make_frames(model_dir=model_dir, schema=schema,
                                                          learned=False, merge=merge),
    "rules+learned": lambda model_dir, schema, merge: make_frames(model_dir=model_dir, schema=schema,
                                                                  merge=merge),
    "learned": lambda model_dir, schema, merge: make_learned(model_dir=model_dir, schema=schema,
                                                             merge=merge),
}


def gold_part(event_model: Path, model: Path, entities: str, split: str = "dev",
              gold_files: list[Path] | None = None, schema: str = "news",
              variants: tuple[str, ...] = ("rules", "rules+learned")) -> dict[str, Any]:
    gold = [document for path in gold_files or [None] for document in load_gold(split, path)]
    split, normalise = make_sentence_splitter(), make_normaliser()
    entity_stages = _entity_stages(model) if entities == "model" else None
    results = {}
    for name in variants:
        per_mention, merged = (VARIANTS[name](event_model / "event", schema, merge)
                               for merge in (False, True))
        pairs, main_right, main_total = [], 0, 0
        for document in gold:
            article = split(document.with_text_only())
            if entity_stages is None:
                article.set_layer("entities", list(document.entities))
            for stage in entity_stages or []:
                article = stage(article)
            article = normalise(article)
            pairs.append((document, per_mention(Article.from_dict(article.to_dict()))))
            gold_main = document.meta.get("main_event")
            if gold_main:
                main_total += 1
                predicted = merged(article)
                types = {e.id: e.type for e in predicted.events}
                gold_type = next(e.type for e in document.events if e.id == gold_main)
                main_right += types.get(predicted.main_event) == gold_type
        figures = score_events(pairs).figures()
        categories = sorted({document.meta["category"] for document in gold if document.meta.get("category")})
        per_category = {}
        for category in categories:
            subset = score_events([p for p in pairs if p[0].meta.get("category") == category]).figures()
            per_category[category] = {"documents": sum(d.meta.get("category") == category for d in gold),
                                      "trigger_f": round(float(subset["trigger_f"]), 4),
                                      "argument_f": round(float(subset["argument_f"]), 4)}
        results[name] = {**{key: round(float(figures[key]), 4) for key in HEADLINE},
                         "main_type_accuracy": round(main_right / max(main_total, 1), 4),
                         "documents": len(gold), "main_events": main_total, "per_category": per_category}
    return results


def with_event_stages(nlp: Pipeline, event_model: Path, entity_model: Path | None) -> Pipeline:
    """The pipeline plus the entity (from ``entity_model``), normalise and event stages it lacks."""
    stages = dict(nlp.stages)
    if "entity" not in stages and entity_model is not None:
        stages["entity"] = _entity_stage(entity_model)
    stages.setdefault("normalise", make_normaliser())
    stages.setdefault("event", make_frames(model_dir=event_model / "event"))
    order = ["page", "sentence", "word", "entity", "normalise", "event"]
    nlp.stages = {name: stages[name] for name in sorted(stages, key=lambda n: order.index(n)
                                                         if n in order else len(order))}
    return nlp


def speed_part(model: Path, event_model: Path, entity_model: Path | None, repeat: int) -> dict[str, Any]:
    nlp = with_event_stages(load(model), event_model, entity_model)
    page = SAMPLE_PAGE.read_text(encoding="utf-8")
    articles = nlp.process_page(page, date=PAGE_DATE)  # warm-up, and the texts for the 2-process run
    started = time.perf_counter()
    for _ in range(repeat):
        nlp.process_page(page, date=PAGE_DATE)
    one = repeat * len(page) / (time.perf_counter() - started)
    texts = [{"id": f"{k}-{a.id}", "text": a.text, "date": PAGE_DATE} for k in range(repeat * 2)
             for a in articles]
    chars = sum(len(t["text"]) for t in texts)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=2, batch_size=4):
        pass
    two = chars / (time.perf_counter() - started)
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return {"stages": list(nlp.stages), "page_chars": len(page), "chars_per_s_1_process": round(one),
            "chars_per_s_2_processes": round(two), "peak_rss_mib": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", nargs="+", default=["duee", "gold", "speed"],
                        choices=["duee", "gold", "speed"])
    parser.add_argument("--event-model", type=Path, default=ROOT / "models" / "event-news")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--entities", choices=["gold", "model"], default="gold")
    parser.add_argument("--entity-model", type=Path,
                        help="speed part: take the entity stage from this model if --model has none")
    parser.add_argument("--gold-split", choices=["train", "dev", "test"], default="dev",
                        help="gold split to score (rules were tuned on dev; test is held out)")
    parser.add_argument("--gold-file", type=Path, nargs="+",
                        help="gold file(s) (default: the news gold set); the broad corpus's dev split is "
                             "in corpora/broad/gold.jsonl and corpora/broad/silver.jsonl together")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=["rules", "rules+learned"],
                        help="event stages compared in the gold part (rules: event.frames.v1 without the "
                             "learned taggers; learned: event.learned.v1 alone)")
    parser.add_argument("--schema", default="news", help="event schema (news = v2, news@1)")
    parser.add_argument("--limit", type=int, help="DuEE dev sentences (default all)")
    parser.add_argument("--repeat", type=int, default=3, help="page runs for the speed part")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    results: dict[str, Any] = {}
    if "duee" in args.parts:
        results["duee_dev"] = duee_part(args.event_model, args.limit)
        print("| DuEE 1.0 dev | " + " | ".join(f"{k} {v}" for k, v in results["duee_dev"].items()) + " |")
    if "gold" in args.parts:
        gold = results[f"gold_{args.gold_split}"] = gold_part(args.event_model, args.model, args.entities,
                                                               args.gold_split, args.gold_file, args.schema,
                                                               tuple(args.variants))
        source = " + ".join(path.name for path in args.gold_file) if args.gold_file else "news gold"
        print(f"\n| {source} {args.gold_split} ({args.entities} entities, schema {args.schema}) | "
              + " | ".join(HEADLINE) + " | main-event type acc. |\n|---|" + "---|" * (len(HEADLINE) + 1))
        for name, row in gold.items():
            print(f"| {name} | " + " | ".join(f"{row[k]:.3f}" for k in HEADLINE) +
                  f" | {row['main_type_accuracy']:.3f} |")
        for name, row in gold.items():
            if row["per_category"]:
                print(f"\n{name}, per category\n\n| category | documents | trigger F1 | argument F1 |\n"
                      "|---|---:|---:|---:|")
                for category, cells in row["per_category"].items():
                    print(f"| {category} | {cells['documents']} | {cells['trigger_f']:.3f} | "
                          f"{cells['argument_f']:.3f} |")
    if "speed" in args.parts:
        results["speed"] = speed_part(args.model, args.event_model, args.entity_model, args.repeat)
        print("\n" + json.dumps(results["speed"], ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
