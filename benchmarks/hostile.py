"""Hostile-input campaign: generated text through the API, generated files through the CLI, damaged
model directories through ``newsnlp.load``, each checked against the invariants of issue 23.

Usage: python benchmarks/hostile.py [--texts 20000] [--files 5000] [--models 60] [--seed 0] [--model DIR]

Invariants:
- texts (``nlp(text, date=…)`` and ``nlp.process_page``): no exception but the documented door rules
  (:class:`InputFormatError` for a lone surrogate); every span's offsets hold; the record encodes as
  UTF-8 JSON; every normalised ``iso`` value is a valid ISO 8601 date or interval (``XXXX`` for an
  unknown year); the article text is the input text. Failures are split into those raised in or
  produced by the normaliser (``newsnlp/text/values/`` and ``newsnlp/stages/normalise/``) and all others.
- files (``newsnlp extract``, ``evaluate``, ``corpora validate`` on generated inputs, dictionaries,
  schemas and gold files): no exception escapes the CLI; the exit code is 0 or 2 (1 for ``validate``
  finding problems); an exit 2 prints one line with its code; an exit 0 writes one record per input
  line (``--skip-bad`` that skipped any exits 2 with records + skipped = lines); every file read is
  byte-identical afterwards.
- model directories (a copy of a shipped model with one file damaged, or a pickle added): loading
  (and, if it loads, annotating) raises nothing but a ``NewsNLPError``, and no pickle payload runs.

The test suite runs a bounded, seeded sample (tests/test_hostile.py); figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import logging
import os
import pickle
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsnlp import Article, load
from newsnlp.cli.app import main as cli
from newsnlp.errors import NewsNLPError
from newsnlp.text.files import write_file
from newsnlp.text.values.time import is_valid

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "corpora" / "samples" / "workers_daily_page.txt"
MODELS = REPO / "models"
DAMAGEABLE_MODELS = ("entity-neural", "word-pkuseg", "entity-spacy")
NORMALISER = "stage 'normalise'"

CONTROL = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
BIDI = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u3000")
LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
SCRIPTS = ["Hello World", "Привет мир", "مرحبا بالعالم", "नमस्ते दुनिया", "안녕하세요", "こんにちは",
           "𠀀𠀁𪚥𫝀", "😀👍🏽👨‍👩‍👧", "Ａｂｃ１２３", "ℌ𝔢𝔩𝔩𝔬", "̸̡̢͎͓̅̈"]
DIGITS = ["0123456789", "０１２３４５６７８９", "零一二三四五六七八九十百千万亿两〇"]
UNITS = ["年", "月", "日", "号", "万", "亿", "元", "%", "％", "人", "时", "年前", "个月", ""]
TIME_WORDS = ["去年同期", "明年", "今年", "近日", "日前", "上月", "下周", "当日", "前年", "近年来",
              "10月底", "年初", "上旬", "以来", "至今", "春节前"]
ANCHORS = [None, "2025-11-25", "0001-01-01", "9999-12-31", "2000-02-29", "1970-01-01"]
ISO_POINT = re.compile(r"(?P<year>[0-9]{4}|XXXX)(-(?P<month>[0-9]{2})(-(?P<day>[0-9]{2}))?)?")


def news_lines() -> list[str]:
    return [line for line in SAMPLE.read_text("utf-8").split("\n") if line.strip()]


def _numeral(rng: random.Random) -> str:
    digits = rng.choice(DIGITS)
    length = rng.choice([1, 2, 4, 8, 19, 20, 64, rng.randint(1, 5000)])
    return "".join(rng.choice(digits) for _ in range(length)) + rng.choice(UNITS)


def _date(rng: random.Random) -> str:
    year = rng.choice([str(rng.randint(0, 99999)), "二〇二五", "9999999999", "0", "公元前500"])
    month, day = rng.randint(0, 14), rng.randint(0, 40)
    return rng.choice([f"{year}年{month}月{day}日", f"{month}月{day}日", f"{year}年{month}月",
                       f"{year}年", f"{month}月{day}日至{rng.randint(0, 40)}日", "2月30日", "9月31日",
                       "2月29日", f"{year}-{month:02d}-{day:02d}"])


def hostile_text(rng: random.Random, news: list[str], pieces: int = 12) -> str:
    """Text built from pieces: news, every Unicode plane, control, bidi and invisible characters, line
    breaks, very long numerals, impossible and extreme dates, relative times, mixed scripts."""
    makers: list[Callable[[], str]] = [
        lambda: rng.choice(news)[: rng.randint(0, 200)],
        lambda: "".join(chr(_scalar(rng)) for _ in range(rng.randint(1, 30))),
        lambda: "".join(rng.choices(CONTROL + BIDI + INVISIBLE, k=rng.randint(1, 8))),
        lambda: rng.choice(LINE_BREAKS) * rng.randint(1, 3),
        lambda: _numeral(rng),
        lambda: _date(rng),
        lambda: rng.choice(TIME_WORDS) + rng.choice(["召开会议。", "举行", "", "以来增长3%。"]),
        lambda: rng.choice(SCRIPTS),
    ]
    return "".join(rng.choice(makers)() for _ in range(rng.randint(0, pieces)))


def _scalar(rng: random.Random) -> int:
    """A random Unicode scalar value (any plane, never a surrogate)."""
    plane = rng.choice([0, 0, 0, 1, 2, 3, 14, 15, 16])
    value = plane * 0x10000 + rng.randint(0, 0xFFFF)
    return value if not 0xD800 <= value <= 0xDFFF else 0x3000


def iso_problem(iso: Any) -> str | None:
    """Why ``iso`` is not a valid value of the guidelines' §2 (ISO date, interval, ``..``, ``XXXX``)."""
    if not isinstance(iso, str):
        return f"iso {iso!r} is not a string"
    ends = iso.split("/")
    if len(ends) > 2 or ends == ["..", ".."]:
        return f"iso {iso!r} is not a date or one interval"
    for end in ends:
        match = ISO_POINT.fullmatch(end)
        if end == ".." and len(ends) == 2:
            continue
        if not match:
            return f"iso {iso!r}: {end!r} is not YYYY[-MM[-DD]]"
        year = 2000 if match["year"] == "XXXX" else int(match["year"])  # XXXX: a leap year allows 02-29
        try:
            datetime.date(year or 1, int(match["month"] or 1), int(match["day"] or 1))
        except ValueError as error:
            return f"iso {iso!r}: {end!r} is not a real date ({error})"
        if year == 0:
            return f"iso {iso!r}: year 0000"
    return None


def value_problem(value: dict[str, Any]) -> str | None:
    """Why a time value breaks the contract: a typed value of the normaliser (GUIDELINES §2.2:
    points to the minute, intervals, durations, recurrences) is checked by its own ``is_valid``, an
    untyped one (the annotated gold's) by :func:`iso_problem`."""
    if "type" in value:
        return None if is_valid(value) else f"value {value!r} breaks the §2.2 contract"
    return iso_problem(value["iso"])


def _time_values(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "iso" in value:
            yield value
        for item in value.values():
            yield from _time_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _time_values(item)


def article_problems(article: Article, text: str | None = None) -> list[str]:
    """Every invariant ``article`` breaks (see the module docstring)."""
    problems = []
    if text is not None and article.text != text:
        problems.append("the article text differs from the input")
    try:
        article.check_offsets()
        Article.from_dict(json.loads(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")))
    except (NewsNLPError, UnicodeEncodeError, ValueError, TypeError) as error:
        problems.append(f"record: {type(error).__name__}: {error}"[:300])
    problems += [f"{NORMALISER}: {problem}" for value in _time_values(article.to_dict())
                 if (problem := value_problem(value))]
    return problems


@dataclass
class Result:
    """What a campaign ran and every invariant it found broken (``(case, problem)``)."""

    cases: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def outside_normaliser(self) -> list[tuple[str, str]]:
        return [(case, problem) for case, problem in self.failures if NORMALISER not in problem]

    def add(self, case: str, problems: list[str]) -> None:
        self.cases += 1
        self.failures += [(case, problem) for problem in problems]


def run_texts(nlp: Any, count: int, seed: int) -> Result:
    """``count`` hostile texts through ``nlp(text, date=…)``, every fifth also as a page."""
    rng, news, result = random.Random(seed), news_lines(), Result()
    for index in range(count):
        text, date = hostile_text(rng, news), rng.choice(ANCHORS)
        case = f"text {index} (date {date}): {text[:80]!r}"
        try:
            problems = article_problems(nlp(text, date=date), text)
            if index % 5 == 0:
                problems += [p for a in nlp.process_page(text, date=date) for p in article_problems(a)]
        except NewsNLPError as error:
            problems = [f"{type(error).__name__}: {error}"[:300]]
        except Exception as error:  # noqa: BLE001 - what the campaign looks for
            problems = [f"uncaught {type(error).__name__}: {error}"[:300]]
        result.add(case, problems)
    return result


# --- files through the CLI -------------------------------------------------------------------------

def _record_line(rng: random.Random, news: list[str], index: int) -> bytes:
    """One JSONL input line: most are records with hostile text, the rest damaged on purpose."""
    record: dict[str, Any] = {"id": f"r{index}", "text": hostile_text(rng, news, 6)}
    kind = rng.random()
    if kind < 0.6:
        return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8")
    damages: list[Callable[[], bytes]] = [
        lambda: json.dumps(record).encode()[: rng.randint(0, 40)],
        lambda: json.dumps({**record, "text": "\ud800" + record["text"]}).encode(),
        lambda: json.dumps({**record, "date": rng.choice(["2025-13-45", "2007/12/07", "2025-02-30", ""])}
                           ).encode(),
        lambda: json.dumps({**record, rng.choice(["text", "id", "date", "title"]):
                            rng.choice([None, 5, 1.5, [1], {"a": 1}, True])}).encode(),
        lambda: json.dumps(record, ensure_ascii=False).encode("gbk", "replace"),
        lambda: ("[" * rng.choice([10, 100_000])).encode(),
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(1, 60))),
        lambda: json.dumps({**record, "text": "长" * 3000}, ensure_ascii=False).encode(),  # > --max-chars
        lambda: rng.choice([b"", b"  \t", b"\r", b"null", b"42", b'"text"', b"{}"]),
    ]
    return rng.choice(damages)()


def _gold_line(rng: random.Random, news: list[str], index: int) -> bytes:
    text = rng.choice(news)[:60] or "新闻"
    start = rng.randint(0, max(0, len(text) - 2))
    record: dict[str, Any] = {"id": f"g{index}", "text": text, "meta": {}, "events": [], "entities": [
        {"start": start, "end": start + 2, "label": "ORG"}]}
    mutations: list[Callable[[], None]] = [
        lambda: None,
        lambda: record["entities"].append({"start": start + 1, "end": start + 3, "label": "LOC"}),
        lambda: record["entities"][0].update(start=float(start), end=start + 2.5),
        lambda: record["entities"][0].update(end=len(text) + 5),
        lambda: record["entities"][0].update(label=rng.choice(["", "XYZ", 5, None])),
        lambda: record.update(events=[{"id": "e", "type": "会议", "trigger": {"start": 0, "end": 1},
                                       "arguments": []}] * 2),
        lambda: record.update(text=rng.choice([None, 5, ["a"]])),
        lambda: record.update(date=rng.choice(["2025-02-30", "yesterday", "2025-11-25"])),
        lambda: record.pop(rng.choice(["id", "text", "entities", "events"])),
        lambda: record.update(id=f"g{index - 1}"),
    ]
    rng.choice(mutations)()
    line = json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace")
    return line if rng.random() < 0.9 else line[: rng.randint(0, len(line))]


def _dictionary(rng: random.Random, news: list[str], tabbed: bool) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 20)):
        word = hostile_text(rng, news, 2).replace("\n", "")[:12] or "词"
        lines.append(f"{word}\t{rng.choice(['ORG', 'LOC', 'PER', 'n', '', 'x y'])}" if tabbed or
                     rng.random() < 0.3 else word)
    data = "\n".join(lines).encode("utf-8", "backslashreplace")
    return rng.choice([data, data, "\ufeff".encode() + data, data.decode("utf-8", "replace").encode(
        "gbk", "replace"), bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))])


def _schema(rng: random.Random) -> bytes:
    builtin = (REPO / "newsnlp" / "schemas" / "news.yaml").read_bytes()
    return rng.choice([
        builtin, builtin[: rng.randint(0, len(builtin))], b"root:x:0:0:root:/root:/bin/bash\n" * 500,
        b"event_types: 5\n", b"{\"roles\": []}", b"- a\n- b\n", bytes(rng.randrange(256) for _ in range(300)),
        b"!!python/object/apply:os.system ['echo pwned']\n", b"a: &a [*a]\n", b"",
    ])


def _lines(rng: random.Random, make: Callable[[int], bytes], count: int) -> bytes:
    separators = [b"\n", b"\n", b"\n", b"\r\n", b"\n\n"]
    return b"".join(make(i) + rng.choice(separators) for i in range(count))


@dataclass
class FileCase:
    """A generated file and the command that reads it (``{file}``, ``{out}``, ``{model}`` filled in)."""

    name: str
    data: bytes | None  # None: the path is a directory
    command: list[str]
    lines: int | None = None  # records expected from an exit 0 (None: not checked)


def hostile_file(rng: random.Random, news: list[str], index: int) -> FileCase:
    """One generated file and the CLI command that reads it."""
    kind = rng.choice(["jsonl", "jsonl", "jsonl", "text", "page", "user_dict", "entity_dict", "schema",
                       "gold", "validate", "directory"])
    extract = ["extract", "{file}", "--model", "{model}", "--max-chars", "2000", "-o", "{out}"]
    if kind == "jsonl":
        data = _lines(rng, lambda i: _record_line(rng, news, i), rng.randint(0, 12))
        skip = ["--skip-bad"] if rng.random() < 0.5 else []
        jobs = ["--jobs", "2"] if rng.random() < 0.05 else []
        return FileCase(f"in{index}.jsonl", data, [*extract, "--input-format", "jsonl", *skip, *jobs],
                        lines=sum(1 for line in data.split(b"\n") if line.strip()))
    if kind in ("text", "page"):
        text = hostile_text(rng, news, 30)
        data = rng.choice([text.encode("utf-8", "backslashreplace"), text.encode("utf-16"),
                           text.encode("gbk", "replace"), bytes(rng.randrange(256) for _ in range(100))])
        return FileCase(f"in{index}.txt", data, [*extract, "--input-format", kind],
                        lines=1 if kind == "text" else None)
    sample = "{sample}"
    if kind in ("user_dict", "entity_dict"):
        return FileCase(f"dict{index}.txt", _dictionary(rng, news, kind == "entity_dict"),
                        ["extract", sample, "--model", "{model}", f"--{kind.replace('_', '-')}", "{file}"])
    if kind == "schema":
        name = f"schema{index}.{rng.choice(['yaml', 'json', 'yml'])}"
        return FileCase(name, _schema(rng), ["extract", sample, "--model", "{model}", "--schema", "{file}"])
    if kind == "gold":
        data = _lines(rng, lambda i: _gold_line(rng, news, i), rng.randint(0, 6))
        return FileCase(f"gold{index}.jsonl", data, ["evaluate", "--gold", "{file}", "--pred", "{file}"])
    if kind == "validate":
        data = _lines(rng, lambda i: _gold_line(rng, news, i), rng.randint(0, 6))
        return FileCase(f"gold{index}.jsonl", data, ["corpora", "validate", "{file}"])
    return FileCase(f"folder{index}.jsonl", None, rng.choice([
        [*extract, "--input-format", "jsonl"], ["evaluate", "--gold", "{file}", "--pred", "{file}"],
        ["extract", sample, "--model", "{model}", "--user-dict", "{file}"],
        ["corpora", "validate", "{file}"]]))


def run_files(count: int, seed: int, model: str | Path, workdir: str | Path) -> Result:
    """``count`` generated files through the CLI in this process (so no exception can hide)."""
    rng, news, result, workdir = random.Random(seed), news_lines(), Result(), Path(workdir)
    sample = workdir / "sample.txt"
    sample.write_text("新华社北京电。国务院召开会议。", encoding="utf-8")
    for index in range(count):
        case = hostile_file(rng, news, index)
        path, out = workdir / case.name, workdir / f"out{index}.jsonl"
        if case.data is None:
            path.mkdir()
        else:
            path.write_bytes(case.data)
        argv = [part.format(file=path, out=out, model=model, sample=sample) for part in case.command]
        result.add(f"{index}: newsnlp {' '.join(argv)}", _cli_problems(argv, case, path, out))
    return result


def _cli_problems(argv: list[str], case: FileCase, path: Path, out: Path) -> list[str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli(argv)
    except BaseException as error:  # noqa: BLE001 - a traceback is what the campaign looks for
        return [f"traceback: {type(error).__name__}: {error}"[:300]]
    problems = []
    if case.data is not None and path.read_bytes() != case.data:
        problems.append("the input file changed")
    allowed = (0, 1, 2) if argv[:2] == ["corpora", "validate"] else (0, 2)
    if code not in allowed:
        problems.append(f"exit {code}")
    errors = [line for line in stderr.getvalue().splitlines() if line.startswith("newsnlp: error:")]
    if code == 2 and (len(errors) != 1 or not re.match(r"newsnlp: error: \[E\d{3}\] ", errors[0])):
        problems.append(f"exit 2 without one coded error line: {stderr.getvalue()[-300:]!r}")
    skipped = re.search(r"skipped (\d+) bad inputs", stderr.getvalue())
    if case.lines is not None and (code == 0 or skipped):
        records = out.read_bytes().count(b"\n") if out.exists() else -1
        if records + (int(skipped[1]) if skipped else 0) != case.lines:
            problems.append(f"exit {code} with {records} records (+{skipped[1] if skipped else 0} "
                            f"skipped) for {case.lines} input lines")
    return problems


# --- damaged model directories ----------------------------------------------------------------------

class Payload:
    """A pickle whose loading writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def damage_model(rng: random.Random, target: Path, marker: Path) -> str:
    """A copy of a shipped model in ``target`` (hard links) with one file damaged; returns what."""
    name = rng.choice(DAMAGEABLE_MODELS)
    shutil.copytree(MODELS / name, target, copy_function=os.link)
    files = sorted(p for p in target.rglob("*") if p.is_file() and p.suffix != ".md")
    # write_file renames a new file into place: the hard-linked shipped model is never written through
    victim = rng.choice(files)
    data = victim.read_bytes()
    kind = rng.choice(["truncate", "flip", "zeros", "garbage", "empty", "json shape", "pickle"])
    if kind == "pickle":
        folder = rng.choice(sorted({p.parent for p in files}))
        pickled = pickle.dumps(Payload(marker))
        pickle_name = rng.choice(["features.pkl", "model.pickle", "lookups.bin", "weights.npz"])
        write_file(folder / pickle_name, pickled)
        return f"{name}: a pickle in {folder.relative_to(target)}"
    if kind == "json shape" and victim.suffix == ".json":
        write_file(victim, json.dumps(rng.choice([[1, 2], {"settings": 5}, {}, "x", None])).encode())
    elif kind == "truncate":
        write_file(victim, data[: rng.randint(0, len(data))])
    elif kind == "flip" and data:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        write_file(victim, bytes(damaged))
    elif kind == "zeros" and data:
        start = rng.randrange(len(data))
        write_file(victim, data[:start] + bytes(min(4096, len(data) - start)) + data[start + 4096:])
    elif kind == "empty":
        write_file(victim, b"")
    else:
        write_file(victim, bytes(rng.randrange(256) for _ in range(rng.randint(1, 500))))
    return f"{name}: {kind} {victim.relative_to(target)}"


def run_models(count: int, seed: int, workdir: str | Path) -> Result:
    """``count`` damaged model directories through ``newsnlp.load`` (and one call if it loads)."""
    rng, result, workdir = random.Random(seed), Result(), Path(workdir)
    marker = workdir / "payload-ran"
    for index in range(count):
        target = workdir / f"model{index}"
        what = damage_model(rng, target, marker)
        problems = []
        try:
            load(target)("新华社北京11月25日电。国务院召开会议。")
        except NewsNLPError:
            pass
        except Exception as error:  # noqa: BLE001 - what the campaign looks for
            problems.append(f"uncaught {type(error).__name__}: {error}"[:300])
        if marker.exists():
            problems.append("a pickle payload ran")
            marker.unlink()
        result.add(f"model {index}: {what}", problems)
        shutil.rmtree(target)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000, help="hostile texts through the API")
    parser.add_argument("--files", type=int, default=5_000, help="hostile files through the CLI")
    parser.add_argument("--models", type=int, default=60, help="damaged model directories")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", help="model directory for the texts (default: the shipped default)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)  # as the test suite: several threads on a busy 2-core machine thrash
    logging.getLogger("newsnlp").propagate = False  # --skip-bad logs every line it skips
    logging.getLogger("newsnlp").addHandler(logging.NullHandler())
    light = Path(tempfile.mkdtemp(prefix="hostile-model-"))
    (light / "config.cfg").write_text('[pipeline]\norder = ["sentence", "gazetteer"]\n\n[stages]\n\n'
                                      '[stages.sentence]\nbackend = "sentence.rules.v1"\n\n'
                                      '[stages.gazetteer]\nbackend = "entity.gazetteer.v1"\n', "utf-8")
    for name, run in (("texts", lambda: run_texts(load(args.model), args.texts, args.seed)),
                      ("files", lambda: _in_tmp(lambda tmp: run_files(args.files, args.seed, light, tmp))),
                      ("models", lambda: _in_tmp(lambda tmp: run_models(args.models, args.seed, tmp)))):
        start = time.perf_counter()
        result = run()
        print(f"{name}: {result.cases} cases, {len(result.failures)} broken invariants "
              f"({len(result.outside_normaliser)} outside the normaliser), "
              f"{time.perf_counter() - start:.0f} s", flush=True)
        for case, problem in result.failures[:10]:
            print(f"  {case[:160]}\n    {problem}")
    shutil.rmtree(light)


def _in_tmp(run: Callable[[str], Result]) -> Result:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        return run(tmp)


if __name__ == "__main__":
    sys.exit(main())
