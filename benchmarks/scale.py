"""Streaming batch extraction at scale: throughput and peak memory for 1 and 2 processes and Ray.

Usage: python benchmarks/scale.py [--megabytes 10 100] [--model DIR | --light] [--engines local1 local2 ray2]

Builds JSONL inputs of the given sizes from the sample page's paragraphs, runs ``newsnlp extract``
on each in a subprocess per configuration, and samples the summed RSS of the whole process tree
(driver + workers) every 0.1 s. Prints one Markdown table. ``--light`` runs a model of the sentence
stage alone: it measures the streaming machinery (reading, worker hand-off, ordered writing) on inputs
too large for the whole pipeline's ~15k chars/s in a benchmark session.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "workers_daily_page.txt"
ENGINES = {"local1": ["--jobs", "1"], "local2": ["--jobs", "2"],
           "ray2": ["--engine", "ray", "--jobs", "2"]}


def make_input(path: Path, megabytes: float) -> int:
    """Write a JSONL file of about ``megabytes`` MB; returns its character count."""
    paragraphs = [p for p in SAMPLE.read_text("utf-8").splitlines() if len(p) > 40]
    target, chars, index = megabytes * 2**20, 0, 0
    with open(path, "w", encoding="utf-8") as stream:
        while stream.tell() < target:
            text = "\n".join(paragraphs[(index + k) % len(paragraphs)] for k in range(5))
            stream.write(json.dumps({"id": f"a{index}", "text": text, "date": "2025-11-25"},
                                    ensure_ascii=False) + "\n")
            chars += len(text)
            index += 1
    return chars


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak summed RSS (MiB) of ``command`` and all its descendants."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - start, peak / 2**20


LIGHT_CONFIG = """[pipeline]
order = ["sentence"]

[stages]

[stages.sentence]
backend = "sentence.rules.v1"
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[10, 100])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    models = parser.add_mutually_exclusive_group()
    models.add_argument("--model", help="model directory (default: the shipped default)")
    models.add_argument("--light", action="store_true", help="a model of the sentence stage alone")
    args = parser.parse_args()
    print("| input | engine | seconds | chars/s | peak RSS (MiB, all processes) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        if args.light:
            args.model = str(Path(tmp) / "light")
            Path(args.model).mkdir()
            (Path(args.model) / "config.cfg").write_text(LIGHT_CONFIG, encoding="utf-8")
        for megabytes in args.megabytes:
            source = Path(tmp) / f"in{megabytes}.jsonl"
            chars = make_input(source, megabytes)
            for engine in args.engines:
                command = [sys.executable, "-m", "newsnlp.cli.app", "extract", str(source),
                           "--input-format", "jsonl", "-o", str(Path(tmp) / "out.jsonl"),
                           *ENGINES[engine], *(["--model", args.model] if args.model else [])]
                seconds, peak = run(command)
                print(f"| {megabytes:g} MB | {engine} | {seconds:.1f} | {chars / seconds:,.0f} | "
                      f"{peak:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
