"""Speed where users feel it: newsnlp's whole pipeline side by side with jieba and Jiagu (seg + NER).

Usage: python benchmarks/speed.py [--model DIR] [--articles 30] [--records 500] [--rounds 2]
           [--systems newsnlp jieba jiagu] [--threads 1] [--json speed.json]

Each system runs in its own process pinned to one CPU core with one thread (``ONE_THREAD`` of
benchmarks/peers.py; ``--threads N`` gives newsnlp N torch threads on N cores), ``--rounds`` times,
the rounds interleaved (newsnlp, jieba, jiagu, newsnlp, ...) so that a change of load on the machine
hits every system alike; the table keeps each system's best round. Per system: load seconds (import
and model, wall clock), the first call on a short text, chars per CPU second (and per wall-clock
second) on long articles (the first ``--articles`` articles of the cnews sample, raw news text,
``corpora/raw/cnews_sample``) and on one-sentence records (the first ``--records`` lines of SIGHAN
2005 PKU test, used for speed only: nothing is scored or tuned; for newsnlp also through
``nlp.pipe``, which tags the sentences of many records together), and the peak RSS of the process.
jieba does seg + NER in one pass (``jieba.posseg``: names from its nr/ns/nt tags); Jiagu segments,
then tags the words (``jiagu.seg`` + ``jiagu.ner``). For newsnlp a second table gives each stage's
load seconds, its share of the CPU time on the long articles and the speed of the stages up to it.
After loading, every system's process moves its live objects out of the cyclic garbage collector's
view (``gc.collect(); gc.freeze()``, what ``newsnlp.pipeline.freeze_loaded_objects`` does in newsnlp's
CLI and workers), so that full collections walking the models' lexicons do not fall into the timings.
jieba and Jiagu come with ``pip install -e ".[bench]"``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peers import ONE_THREAD, ROOT

SYSTEMS = ("newsnlp", "jieba", "jiagu")
INPUTS = ("long", "records")
WARM_UP = "11月19日，无锡市总工会启动职工技能提升行动。"


def peer_runner(system: str) -> Callable[[str], Any]:
    """A peer's seg + NER function, its models loaded."""
    if system == "jieba":
        import jieba
        import jieba.posseg

        jieba.initialize()
        return lambda text: list(jieba.posseg.cut(text))
    if system == "jiagu":
        import jiagu

        jiagu.init()

        def seg_and_ner(text: str) -> tuple[list[str], list[str]]:
            words = jiagu.seg(text)
            return words, jiagu.ner(words)
        return seg_and_ner
    raise ValueError(f"unknown system {system!r}; known: {', '.join(SYSTEMS)}")


def speeds(work: Callable[[], Any], texts: list[str]) -> tuple[float, float]:
    """Chars of ``texts`` per CPU second and per wall-clock second of ``work()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    chars = sum(map(len, texts))
    return chars / (time.process_time() - cpu), chars / (time.perf_counter() - wall)


def measure(system: str, model: str | None, threads: int, inputs: dict[str, list[str]]) -> dict[str, Any]:
    """One system's figures, in this process, pinned to ``threads`` cores (newsnlp: as many torch
    threads; the peers run one)."""
    os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:threads]))
    started = time.perf_counter()
    if system == "newsnlp":
        import newsnlp

        nlp = newsnlp.load(model, threads=threads)
        stage_seconds: dict[str, float] = {}

        def run(text: str) -> Any:
            return nlp.annotate(newsnlp.Article(id="x", text=text), stage_seconds)
    else:
        run = peer_runner(system)
    loaded = time.perf_counter()
    gc.collect()
    gc.freeze()
    run(WARM_UP)
    result: dict[str, Any] = {"load_s": loaded - started, "first_call_s": time.perf_counter() - loaded}
    if system == "newsnlp":
        result["stage_load_s"] = nlp.load_seconds
        stage_seconds.clear()  # the stages' shares on the long articles only
    for name, texts in inputs.items():
        result[f"{name}_chars_per_cpu_s"], result[f"{name}_chars_per_s"] = speeds(
            lambda texts=texts: [run(text) for text in texts], texts)
        if system == "newsnlp" and name == "long":
            result["stage_cpu_s"] = dict(stage_seconds)
    if system == "newsnlp":  # many records at once, as users feed them: batched across records
        result["piped_records_chars_per_cpu_s"], _ = speeds(lambda: list(nlp.pipe(inputs["records"])),
                                                            inputs["records"])
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_in_process(system: str, model: str | None, threads: int, inputs_file: Path) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter; returns its figures or ``{"error": ...}``."""
    with tempfile.TemporaryDirectory(prefix="newsnlp-speed-") as tmp:
        out = Path(tmp) / "out.json"
        command = [sys.executable, os.path.abspath(__file__), "--worker", system, str(inputs_file), str(out),
                   "--threads", str(threads if system == "newsnlp" else 1)]
        if model:
            command += ["--model", model]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, **ONE_THREAD, "PYTHONPATH": ROOT})
        if done.returncode != 0:
            return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
        return json.loads(out.read_text(encoding="utf-8"))


def read_inputs(articles: int, records: int) -> dict[str, list[str]]:
    """The long articles and the one-sentence records (see the module docstring)."""
    from itertools import islice

    from newsnlp.corpora.paths import corpus_file
    from newsnlp.corpora.readers import iter_raw_text

    lines = corpus_file("seg", "sighan2005", "pku_test.utf8").read_text("utf-8").splitlines()
    return {"long": list(islice(iter_raw_text("cnews_sample"), articles)),
            "records": [line.strip() for line in lines if line.strip()][:records]}


def best(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the highest long-article speed (the least disturbed by the machine's load)."""
    done = [figures for figures in rounds if "error" not in figures]
    return max(done, key=lambda figures: figures["long_chars_per_cpu_s"]) if done else rounds[-1]


def versus_jiagu(speed: float, jiagu: dict[str, Any]) -> str:
    """``speed`` as a multiple of Jiagu's long-article speed (``–`` without a Jiagu run)."""
    return f"{speed / jiagu['long_chars_per_cpu_s']:.2f}×" if "long_chars_per_cpu_s" in jiagu else "–"


def tables(results: dict[str, dict[str, Any]], inputs: dict[str, list[str]]) -> str:
    """The Markdown tables: systems side by side, then newsnlp's stages."""
    sizes = {name: f"{len(texts)} texts, {sum(map(len, texts)):,} chars" for name, texts in inputs.items()}
    reference = results.get("jiagu", {})
    lines = [f"| system | load s | first call s | long articles chars/CPU-s ({sizes['long']}) | "
             f"the same, chars/s (wall clock) | one-sentence records chars/CPU-s ({sizes['records']}) | "
             f"records / long | the records through `nlp.pipe` chars/CPU-s (/ long) | long vs Jiagu | "
             f"peak RSS MiB |", "|---|" + "---:|" * 9]
    for system, figures in results.items():
        if "error" in figures:
            lines.append(f"| {system} | failed: {figures['error']} |||||||||")
            continue
        long, records = figures["long_chars_per_cpu_s"], figures["records_chars_per_cpu_s"]
        versus = versus_jiagu(long, reference)
        piped = figures.get("piped_records_chars_per_cpu_s")
        piped_text = f"{piped:,.0f} ({piped / long:.2f})" if piped else "–"
        lines.append(f"| {system} | {figures['load_s']:.2f} | {figures['first_call_s']:.3f} | "
                     f"{long:,.0f} | {figures['long_chars_per_s']:,.0f} | {records:,.0f} | "
                     f"{records / long:.2f} | {piped_text} | {versus} | {figures['peak_mib']:,.0f} |")
    newsnlp = results.get("newsnlp", {})
    if "stage_cpu_s" in newsnlp:
        total = sum(newsnlp["stage_cpu_s"].values())
        chars = sum(map(len, inputs["long"]))
        lines += ["", "| newsnlp stage | load s | share of CPU time (long articles) | chars/CPU-s, "
                      "the stages up to this one | the same vs Jiagu |", "|---|---:|---:|---:|---:|"]
        so_far = 0.0
        for stage, seconds in newsnlp["stage_cpu_s"].items():
            so_far += seconds
            versus = versus_jiagu(chars / so_far, reference)
            lines.append(f"| {stage} | {newsnlp['stage_load_s'].get(stage, 0):.2f} | {seconds / total:.1%} | "
                         f"{chars / so_far:,.0f} | {versus} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="newsnlp model directory (default: the shipped default)")
    parser.add_argument("--articles", type=int, default=30, help="long articles (cnews sample)")
    parser.add_argument("--records", type=int, default=500, help="one-sentence records (PKU test lines)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per system, interleaved")
    parser.add_argument("--threads", type=int, default=1,
                        help="newsnlp's torch threads, on as many cores (the peers run one thread)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--json", help="also write every round's figures here")
    parser.add_argument("--worker", nargs=3, metavar=("SYSTEM", "INPUTS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        system, inputs_file, out = args.worker
        inputs = json.loads(Path(inputs_file).read_text(encoding="utf-8"))
        Path(out).write_text(json.dumps(measure(system, args.model, args.threads, inputs)), encoding="utf-8")
        return
    inputs = read_inputs(args.articles, args.records)
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    rounds: dict[str, list[dict[str, Any]]] = {system: [] for system in args.systems}
    with tempfile.TemporaryDirectory(prefix="newsnlp-speed-") as tmp:
        inputs_file = Path(tmp) / "inputs.json"
        inputs_file.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        for _ in range(args.rounds):
            for system in args.systems:
                rounds[system].append(run_in_process(system, args.model, args.threads, inputs_file))
                print(f"{system}: {rounds[system][-1]}", file=sys.stderr, flush=True)
    print(tables({system: best(runs) for system, runs in rounds.items()}, inputs))
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if args.json:
        Path(args.json).write_text(json.dumps(rounds, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
