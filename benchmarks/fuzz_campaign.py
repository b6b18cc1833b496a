"""Bad-input campaign: generated JSONL lines through the full pipeline and the extract path.

Usage: python benchmarks/fuzz_campaign.py [--count 100000] [--seed 0] [--model DIR] [--huge 0.0002]
           [--jobs N]

Progress on stderr (newsnlp.progress) counts the batches of inputs done.

Lines come from a mutation fuzzer over real news text (the sample page) and a random-Unicode
generator: control characters, lone surrogates in JSON escapes, CJK extension and astral characters,
1 MB lines, deeply nested and truncated JSON, wrong field types, GBK bytes inside a UTF-8 file.
Expected: 0 crashes; every rejected line named with file:line and a reason; every accepted record
with valid offsets. The test suite runs a seeded sample (tests/test_fuzz_campaign.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsnlp import load
from newsnlp.doc import Article
from newsnlp.io import iter_articles
from newsnlp.progress import progress

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "samples" / "workers_daily_page.txt"
ODD_CHARS = ["\x00", "\x07", "\x1b", "\u200b", "\u202e", "\ufeff", "\u3000", "\r", "\t", "\x85",
             "\u2028", "𠀀", "𪚥", "😀", "\U000e0001", "\uf8ff", "́", "Ａ", "１", "．", "﹏", "…", "“", "”"]
RANGES = [(0x20, 0x7E), (0x4E00, 0x9FFF), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x20000, 0x2A6DF),
          (0x0, 0x1F), (0x80, 0x24F), (0x1F300, 0x1FAFF), (0xE000, 0xF8FF)]


def random_text(rng: random.Random, size: int) -> str:
    chars = []
    for _ in range(size):
        low, high = rng.choice(RANGES)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def mutate(rng: random.Random, text: str) -> str:
    """A few random edits of real text: insertions of odd characters, deletions, duplications."""
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        position = rng.randint(0, len(chars))
        action = rng.random()
        if action < 0.4:
            chars[position:position] = rng.choice(ODD_CHARS) * rng.randint(1, 3)
        elif action < 0.6:
            del chars[position:position + rng.randint(1, 20)]
        elif action < 0.8:
            chars[position:position] = chars[max(0, position - 30):position]
        else:
            chars[position:position] = random_text(rng, rng.randint(1, 10))
    return "".join(chars)


def generate_line(rng: random.Random, news: list[str], index: int, huge: float = 0.005) -> bytes:
    """One JSONL line: most are valid records with odd text, the rest malformed on purpose; a
    fraction ``huge`` of them are 1 MB records."""
    text = mutate(rng, rng.choice(news)) if rng.random() < 0.6 else random_text(rng, rng.randint(0, 200))
    record: dict = {"id": f"f{index}", "text": text}
    kind = rng.random()
    if kind < 0.70:
        return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8")
    if kind < 0.74:
        return json.dumps(record).replace('"text": "', '"text": "\\ud800', 1).encode("utf-8")
    if kind < 0.78:
        return json.dumps(record).encode("utf-8")[: rng.randint(0, 40)]
    if kind < 0.81:
        depth = rng.choice([10, 1000, 100_000])
        return ("[" * depth + "]" * depth).encode("utf-8")
    if kind < 0.85:
        field_name = rng.choice(["text", "id", "date", "title"])
        record[field_name] = rng.choice([None, 5, 1.5, [1], {"a": 1}, True])
        return json.dumps(record).encode("utf-8")
    if kind < 0.89:
        return json.dumps(record, ensure_ascii=False).encode("utf-8").replace(
            b'"text": "', b'"text": "' + "工会".encode("gbk"), 1)
    if kind < 0.92:
        return rng.choice([b"", b"   ", b"null", b"42", b'"just a string"', b"{}", b"\xff\xfe"])
    if kind < 0.92 + huge:
        record["text"] = (rng.choice(news) * (2**20 // max(1, len(rng.choice(news))) + 1))[: 2**20]
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    record["date"] = rng.choice(["2025-11-25", "昨天", "", "9999-99-99"])
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


@dataclass
class CampaignResult:
    inputs: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    crashes: list[str] = field(default_factory=list)
    unnamed_rejections: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_campaign(nlp, count: int, seed: int, batch: int = 2000, huge: float = 0.005,
                 show_progress: bool = False, jobs: int = 1) -> CampaignResult:
    """Write ``count`` generated lines in files of ``batch`` and run the extract path over them with
    ``jobs`` worker processes (with ``show_progress``, progress on stderr)."""
    starts = range(0, count, batch)
    rng = random.Random(seed)
    news = [line for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    result = CampaignResult()
    handler = _Collect()
    logging.getLogger("newsnlp.io").addHandler(handler)
    with tempfile.TemporaryDirectory() as tmp:
        for first in (progress(starts, total=len(starts), desc="campaign", unit="batches")
                      if show_progress else starts):
            path = Path(tmp) / f"batch{first}.jsonl"
            lines = [generate_line(rng, news, i, huge) for i in range(first, min(count, first + batch))]
            path.write_bytes(b"\n".join(lines) + b"\n")
            result.inputs += len(lines)
            result.blank += sum(1 for line in lines if not line.strip())
            handler.messages.clear()
            try:
                for article in nlp.pipe(iter_articles([str(path)], "jsonl", skip_bad=True),
                                        n_process=jobs):
                    Article.from_dict(article.to_dict())  # checks every offset
                    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")
                    result.accepted += 1
            except Exception as err:  # noqa: BLE001 - a crash is what the campaign looks for
                result.crashes.append(f"{path.name}: {type(err).__name__}: {err}"[:300])
            result.rejected += len(handler.messages)
            result.unnamed_rejections += [m for m in handler.messages if f"{path.name}:" not in m]
    logging.getLogger("newsnlp.io").removeHandler(handler)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", help="model directory (default: the shipped default)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (nlp.pipe n_process)")
    parser.add_argument("--huge", type=float, default=0.0002,
                        help="fraction of 1 MB records (each takes about a minute through the pipeline)")
    args = parser.parse_args()
    logging.getLogger("newsnlp.io").propagate = False
    start = time.perf_counter()
    result = run_campaign(load(args.model), args.count, args.seed, huge=args.huge, show_progress=True,
                          jobs=args.jobs)
    seconds = time.perf_counter() - start
    print(f"inputs {result.inputs}, accepted {result.accepted}, rejected {result.rejected} "
          f"(unnamed {len(result.unnamed_rejections)}), blank {result.blank}, "
          f"crashes {len(result.crashes)}, "
          f"{seconds:.0f} s")
    for crash in result.crashes[:20]:
        print("CRASH", crash)
    sys.exit(1 if result.crashes or result.unnamed_rejections else 0)


if __name__ == "__main__":
    main()
