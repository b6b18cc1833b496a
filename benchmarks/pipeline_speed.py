"""Whole-pipeline speed of several model directories side by side, each in its own process.

Usage: python benchmarks/pipeline_speed.py MODEL [MODEL ...] [--rounds 2] [--repeat 5]

Each round runs every model once, in turn, in a fresh process on one torch thread: the sample page
(``corpora/samples/workers_daily_page.txt``) through ``process_page`` once to warm up, then ``--repeat``
times; it prints the best chars/s and the process's peak RSS. Alternating the models in one run is what
makes their ratio meaningful on a shared machine; say the load (``uptime``) with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = ROOT / "corpora" / "samples" / "workers_daily_page.txt"


def measure(model: str, repeat: int) -> dict[str, float]:
    """Best chars/s over ``repeat`` runs of the sample page, and peak RSS (MiB), in this process."""
    import torch

    import newsnlp

    torch.set_num_threads(1)
    nlp = newsnlp.load(model)
    page = SAMPLE_PAGE.read_text(encoding="utf-8")
    nlp.process_page(page, date="2025-11-25")
    best = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        nlp.process_page(page, date="2025-11-25")
        best = max(best, len(page) / (time.perf_counter() - started))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars_per_s": round(best), "peak_rss_mib": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", help="model directories (or installed model names)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure this model and print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return
    print(f"load average {os.getloadavg()[0]:.2f}\n\n| round | model | chars/s | peak RSS MiB |\n"
          "|---|---|---:|---:|")
    for round_number in range(1, args.rounds + 1):
        for model in args.models:
            command = [sys.executable, __file__, model, "--one", model, "--repeat", str(args.repeat)]
            result = subprocess.run(command, capture_output=True, text=True, check=True)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"| {round_number} | {model} | {figures['chars_per_s']} | {figures['peak_rss_mib']} |",
                  flush=True)


if __name__ == "__main__":
    main()
