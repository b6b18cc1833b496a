"""The broad news corpus: draw its documents from the raw news corpora and write annotators' task files.

Documents are drawn once, with a fixed seed, from every raw news file (the two 新闻联播 collections and
the cnews sample) and stored as standoff records (:mod:`newsnlp.corpora.annotation`): corpus, line
range, offsets, the text's sha256, the anchor date and how it was found, the split and the annotation
batch. Each document is a headline with one to three paragraphs (新闻联播) or the opening of an
article (cnews); a text over ``MAX_CHARS`` is cut at its last sentence end within them. The sample is
balanced over the news categories of ``corpora/broad/categories.yaml`` by a keyword count that only
decides which stratum a document is drawn for; annotators assign the category. Nothing that overlaps
the public test sets (15-character probes, as the corpora's SOURCE.md files check) or the news gold
set is drawn.

Rebuild: ``python -m newsnlp.corpora.broad select``, ``… supplement`` (rounds 3–4), then ``… tasks``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ..errors import InputFormatError, NewsNLPError
from ..io import read_jsonl
from ..text.files import write_file
from ..text.loading import parse_yaml
from ..text.punctuation import FULL_STOPS, char_class
from .annotation import CORPORA, anchor_file, materialise, sha256_text, task_record
from .formats.gold import record_problems
from .gold import BROAD_DIR, NAMED_SETS, STANDOFF_KEYS, annotated_article, gold_record, write_gold
from .paths import REPO_ROOT, corpus_file

CATEGORIES_FILE = BROAD_DIR / "categories.yaml"
DOCUMENTS_FILE = BROAD_DIR / "documents.jsonl"
GOLD_DOCUMENTS = REPO_ROOT / "corpora" / "gold" / "documents.jsonl"
NEWS_SCHEMA = REPO_ROOT / "newsnlp" / "schemas" / "news.yaml"
# annotators' files (surface text + occurrence: they quote corpus text, so git ignores them) ...
PASSES_DIR, ADJUDICATED_DIR, TASKS_DIR = BROAD_DIR / "passes", BROAD_DIR / "adjudicated", BROAD_DIR / "tasks"
# ... and their standoff copies, which git keeps: both passes of the double-annotated documents, the
# adjudicated documents (gold) and the single-pass train/dev documents (silver)
GOLD_FILE, SILVER_FILE = NAMED_SETS["broad"]

SEED = 20261207
TEST_PER_CATEGORY = 23
TRAIN_DEV_PER_CATEGORY = 137
DEV_SHARE = 0.2
DOUBLE_ANNOTATED = 150  # the first train/dev documents in batch order get a second independent pass
BATCH_SIZE = 25
MAX_CHARS, MIN_CHARS, ENOUGH_CHARS, MAX_PARAGRAPHS = 480, 120, 220, 3
PROBE = 15

# corpus name -> (the id prefix of its documents, the first and last broadcast day of its file; None: undated)
SOURCES = {"xinwenlianbo_2012_2022": ("xwlb12", (date(2012, 7, 2), date(2022, 9, 23))),
           "xinwenlianbo": ("xwlb", (date(2022, 9, 24), date(2026, 8, 22))), "cnews": ("cnews", None)}
ITEM_PREFIX = re.compile(r"^(中国网络电视台消息|央视网消息)")
# 今天（9月24日） … : the programme names its broadcast day (今天/今晚) or the day before (昨天/昨晚)
DAY_MARK = re.compile(r"(今天|今晚|昨天|昨晚)[（(](\d{1,2})月(\d{1,2})日[）)]")
FULL_STOP = re.compile(char_class(FULL_STOPS))
TEST_SETS = (("ner", "msra", "msra_test_bio"), ("ner", "peoples_daily", "example.test"),
             ("seg", "sighan2005", "pku_test_gold.utf8"))


@dataclass(frozen=True)
class Candidate:
    """A document that may be drawn: where it is, its text, its anchor date and sampling stratum."""

    corpus: str
    first: int  # 1-based corpus lines first..last
    last: int
    end: int  # the document is the record text [0, end)
    text: str
    date: str | None
    date_source: str | None

    @property
    def id(self) -> str:
        return f"{SOURCES[self.corpus][0]}-{self.first:06d}"


@cache
def load_categories(path: Path = CATEGORIES_FILE) -> dict[str, dict]:
    """The news categories: id -> ``{zh, covers, keywords}``."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    for name, item in data.items():
        if not isinstance(item, dict) or not item.get("keywords"):
            raise InputFormatError(f"category {name!r} needs a keyword list", path=path, field=name)
    return data


def _cut(text: str, limit: int) -> int:
    """The end of the last whole sentence of ``text`` within ``limit`` characters (0: none)."""
    if len(text) <= limit:
        return len(text)
    ends = [match.end() for match in FULL_STOP.finditer(text, 0, limit)]
    return ends[-1] if ends else 0


def broadcast_dates(lines: list[str], first: date, last: date) -> list[tuple[str | None, str | None]]:
    """Each line's broadcast date and how it is known (``text``, ``inferred``) or ``(None, None)``.

    The files run in date order from ``first`` to ``last`` without day markers, so a line's date comes
    from the day marks the programme writes (``今天（9月24日）``, ``昨天（9月23日）``): a mark's year is
    the one that puts it nearest the date its position in the file suggests, and a mark that would go
    back in time is dropped. A line between two marks of the same day is of that day (``inferred``); a
    line with its own mark is of that day (``text``); any other line is left undated.
    """
    marks: list[tuple[int, date]] = []
    span = (last - first).days
    for number, line in enumerate(lines):
        for match in DAY_MARK.finditer(line):
            word, month, day = match.group(1), int(match.group(2)), int(match.group(3))
            expected = first + timedelta(days=span * number / max(len(lines) - 1, 1))
            options = []
            for year in (expected.year - 1, expected.year, expected.year + 1):
                try:
                    options.append(date(year, month, day) + timedelta(days=1 if word.startswith("昨") else 0))
                except ValueError:
                    continue
            marked = min(options, key=lambda option: abs((option - expected).days), default=None)
            if marked is not None and first <= marked <= last and (not marks or marked >= marks[-1][1]):
                marks.append((number, marked))
    dated: list[tuple[str | None, str | None]] = [(None, None)] * len(lines)
    for (line_a, day_a), (line_b, day_b) in zip(marks, marks[1:]):
        if day_a == day_b:
            for number in range(line_a, line_b + 1):
                dated[number] = (day_a.isoformat(), "inferred")
    for number, marked in marks:
        dated[number] = (marked.isoformat(), "text")
    return dated


def xinwenlianbo_candidates(corpus: str, lines: list[str]) -> Iterator[Candidate]:
    """Headline + 1–3 paragraphs of every item, cut at a sentence end, with the broadcast date."""
    dates = broadcast_dates(lines, *SOURCES[corpus][1])
    heads = [i for i in range(len(lines) - 1) if ITEM_PREFIX.match(lines[i + 1])]
    for head, next_head in zip(heads, heads[1:] + [len(lines)]):
        parts = [lines[head]]
        for line in lines[head + 1:min(next_head, head + 1 + MAX_PARAGRAPHS)]:
            parts.append(line)
            if sum(map(len, parts)) >= ENOUGH_CHARS:
                break
        text = "\n".join(parts)
        end = _cut(text, MAX_CHARS)
        day, source = next(((dates[i][0], dates[i][1]) for i in range(head, head + len(parts))
                            if dates[i][1] == "text"), dates[head])
        if end >= MIN_CHARS and day is not None:
            yield Candidate(corpus, head + 1, head + len(parts), end, text[:end], day, source)


def cnews_candidates(lines: list[str]) -> Iterator[Candidate]:
    """The opening of every article (headline and body run together), cut at a sentence end; undated."""
    for number, line in enumerate(lines, 1):
        end = _cut(line, MAX_CHARS)
        if end >= MIN_CHARS:
            yield Candidate("cnews", number, number, end, line[:end], None, None)


def test_set_probes() -> set[str]:
    """15-character windows from the middle of every sentence of the public test sets."""
    probes = set()
    for parts in TEST_SETS:
        text = corpus_file(*parts).read_text(encoding="utf-8")
        if parts[0] == "ner":  # char<sep>tag per line, blank line between sentences
            sentences = ["".join(row.split()[0] for row in block.splitlines() if row.split())
                         for block in re.split(r"\n\s*\n", text)]
        else:
            sentences = [line.replace(" ", "") for line in text.split("\n")]
        for sentence in sentences:
            if len(sentence) >= PROBE:
                middle = (len(sentence) - PROBE) // 2
                probes.add(sentence[middle:middle + PROBE])
    return probes


def overlaps(text: str, probes: set[str]) -> bool:
    """Whether ``text`` holds any probe."""
    return any(text[i:i + PROBE] in probes for i in range(len(text) - PROBE + 1))


def stratum(text: str, categories: dict[str, dict]) -> tuple[str | None, int]:
    """The category whose keywords ``text`` holds most often (ties: file order) and that count."""
    counts = {name: sum(text.count(word) for word in item["keywords"]) for name, item in categories.items()}
    best = max(counts, key=lambda name: counts[name])
    return (best, counts[best]) if counts[best] else (None, 0)


def candidates() -> Iterator[Candidate]:
    """Every candidate of every raw news file, not overlapping the test sets or the news gold set."""
    probes = test_set_probes()
    gold_lines = {(doc.get("corpus"), line) for doc in read_records(GOLD_DOCUMENTS)
                  if "record" in doc and "lines" in doc["record"]
                  for line in range(doc["record"]["lines"][0], doc["record"]["lines"][1] + 1)}
    for corpus in SOURCES:
        lines = corpus_file(*CORPORA[corpus][0]).read_text(encoding="utf-8").split("\n")
        found = cnews_candidates(lines) if corpus == "cnews" else xinwenlianbo_candidates(corpus, lines)
        for candidate in found:
            clash = any((corpus, line) in gold_lines for line in range(candidate.first, candidate.last + 1))
            if not clash and not overlaps(candidate.text, probes):
                yield candidate


def _round_robin(groups: dict[str, list[dict]]) -> list[dict]:
    """Interleave the groups (one of each in turn) so that every batch spans the categories."""
    order, queues = [], [list(group) for group in groups.values()]
    while any(queues):
        order.extend(queue.pop(0) for queue in queues if queue)
    return order


def select(pool: Iterable[Candidate], categories: dict[str, dict], seed: int = SEED,
           min_hits: int = 2) -> list[dict]:
    """Draw the test and train/dev documents per stratum; returns the standoff records in batch order.

    Raises:
        InputFormatError: a stratum has too few candidates for its quota (nothing is written).
    """
    strata: dict[str, list[Candidate]] = {name: [] for name in categories}
    for candidate in pool:
        name, hits = stratum(candidate.text, categories)
        if name is not None and hits >= min_hits:
            strata[name].append(candidate)
    rng = random.Random(seed)
    drawn: dict[str, dict[str, list[dict]]] = {"test": {}, "train_dev": {}}
    for name, group in strata.items():
        need = TEST_PER_CATEGORY + TRAIN_DEV_PER_CATEGORY
        if len(group) < need:
            raise InputFormatError(f"stratum {name!r} has {len(group)} candidates, fewer than the {need} "
                                   f"needed", path=CATEGORIES_FILE, field=name)
        picked = rng.sample(group, need)
        records = [_record(candidate, name) for candidate in picked]
        drawn["test"][name] = records[:TEST_PER_CATEGORY]
        drawn["train_dev"][name] = records[TEST_PER_CATEGORY:]
    documents = []
    for split_group, prefix in (("test", "test"), ("train_dev", "tv")):
        for index, record in enumerate(_round_robin(drawn[split_group])):
            record["batch"] = f"{prefix}-{index // BATCH_SIZE + 1:02d}"
            if split_group == "train_dev":
                record["split"] = "dev" if rng.random() < DEV_SHARE else "train"
                record["passes"] = 2 if index < DOUBLE_ANNOTATED else 1
            else:
                record["split"], record["passes"] = "test", 2
            documents.append(record)
    return documents


def supplement(pool: Iterable[Candidate], categories: dict[str, dict], drawn: list[dict],
               seed: int = SEED + 3, min_hits: int = 3, counts: dict[str, int] | None = None) -> list[dict]:
    """More train/dev documents for the categories with a ``supplement`` entry, in new batches ``sup-NN``
    numbered after those already drawn.

    A candidate qualifies for a category when it holds at least ``min_hits`` occurrences of the
    category's supplement keywords and was not drawn before; each category draws its ``count``, or
    ``counts[category]`` (then only the categories named there).

    Raises:
        InputFormatError: a category has too few qualifying candidates (nothing is written).
    """
    wanted = {name: {**item["supplement"], **({"count": counts[name]} if counts else {})}
              for name, item in categories.items()
              if item.get("supplement") and (not counts or name in counts)}
    first = len({document["batch"] for document in drawn if document["batch"].startswith("sup-")})
    taken = {document["id"] for document in drawn}
    groups: dict[str, list[Candidate]] = {name: [] for name in wanted}
    for candidate in pool:
        if candidate.id in taken:
            continue
        hits = {name: sum(candidate.text.count(word) for word in spec["keywords"])
                for name, spec in wanted.items()}
        best = max(hits, key=lambda name: hits[name]) if hits else None
        if best is not None and hits[best] >= min_hits:
            groups[best].append(candidate)
    rng = random.Random(seed)
    picked: dict[str, list[dict]] = {}
    for name, spec in wanted.items():
        if len(groups[name]) < spec["count"]:
            raise InputFormatError(f"supplement {name!r}: {len(groups[name])} candidates, fewer than "
                                   f"{spec['count']}", path=CATEGORIES_FILE, field=f"{name}.supplement")
        picked[name] = [_record(candidate, name) for candidate in rng.sample(groups[name], spec["count"])]
    documents = []
    for index, record in enumerate(_round_robin(picked)):
        record.update(batch=f"sup-{first + index // BATCH_SIZE + 1:02d}", passes=1,
                      split="dev" if rng.random() < DEV_SHARE else "train")
        documents.append(record)
    return documents


def _record(candidate: Candidate, name: str) -> dict:
    return {"id": candidate.id, "kind": "article" if candidate.corpus == "cnews" else "passage",
            "corpus": candidate.corpus, "record": {"lines": [candidate.first, candidate.last]},
            "start": 0, "end": candidate.end, "sha256": sha256_text(candidate.text),
            "date": candidate.date, "date_source": candidate.date_source, "stratum": name}


def read_records(path: Path) -> list[dict]:
    """The JSON records of a JSONL file (``\n`` lines, blank ones skipped; errors name file and line)."""
    return [record for _, record in read_jsonl(path)]


def write_jsonl(records: Iterable[dict], out: Path) -> int:
    """Write records as JSON lines atomically; returns how many."""
    rows = [json.dumps(record, ensure_ascii=False) for record in records]
    write_file(out, "".join(row + "\n" for row in rows))
    return len(rows)


def write_batches(documents_jsonl: Path, out_dir: Path) -> Counter:
    """One task file per batch (``{batch}.jsonl``: ``{id, text, date, kind, split}``); batch sizes."""
    by_batch: dict[str, list[dict]] = {}
    for document in materialise(documents_jsonl):
        by_batch.setdefault(document["batch"], []).append(task_record(document))
    out_dir.mkdir(parents=True, exist_ok=True)
    for batch, tasks in by_batch.items():
        write_jsonl(tasks, out_dir / f"{batch}.jsonl")
    return Counter({batch: len(tasks) for batch, tasks in by_batch.items()})


ISO_VALUE = re.compile(r"(\.\.|[\dX]{4}(-[\dX]{2}(-[\dX]{2}(T\d{2}:\d{2})?)?)?)"
                       r"(/(\.\.|[\dX]{4}(-[\dX]{2}(-[\dX]{2}(T\d{2}:\d{2})?)?)?))?")


@cache
def _news_schema() -> dict:
    """``newsnlp/schemas/news.yaml`` as data (the corpora layer may not import the event stage's loader)."""
    return parse_yaml(NEWS_SCHEMA.read_text(encoding="utf-8"))


def _argument_problem(argument: dict, event_type: str, schema: dict,
                      labels: dict[tuple[int, int], str] | None) -> str | None:
    """What is wrong with one anchored argument of an ``event_type`` mention, or ``None``.

    ``labels`` maps entity spans to their labels: a filler that is an entity must have a label the role
    accepts, any other filler a role that accepts ``SPAN`` (as ``Role.accepts`` of the event schema);
    ``None`` skips that check.
    """
    roles = schema["event_types"][event_type]["roles"]
    role, value = argument["role"], argument.get("value")
    if role not in roles:
        return f"role {role!r} is not a role of {event_type!r} ({roles})"
    if (role == "time") != (value is not None):
        return "a time argument needs a value" if role == "time" else "only time arguments carry a value"
    if value is not None and not (isinstance(value, dict) and (value.get("iso") is None or (
            isinstance(value.get("iso"), str) and ISO_VALUE.fullmatch(value["iso"])))):
        return f"value {value!r} is not {{\"iso\": ISO 8601 date, interval or null}} (GUIDELINES §2)"
    if labels is None:
        return None
    label = labels.get((argument["start"], argument["end"]), "SPAN")
    allowed = schema["roles"][role].get("labels") or []
    if allowed and label not in allowed:
        filler = f"an entity labelled {label}" if label != "SPAN" else "a span that is not an entity"
        return f"role {role!r} takes {allowed}, not {filler} ({argument['text']!r})"
    return None


def check_pass(annotations_jsonl: Path, tasks_dir: Path = TASKS_DIR, *, filler_labels: bool = True
               ) -> list[dict]:
    """Anchor one annotator's batch file and check it against the news schema and the categories.

    The batch is named by the file (``test-01.a.jsonl`` is a pass over ``tasks/test-01.jsonl``).

    Returns:
        The anchored gold records, one per task document, in task order.

    Raises:
        InputFormatError: the first problem, naming the file, line and field: a mention that does not
            occur, a document missing or out of order, an unknown type, role or category, a role the
            type does not have or a filler the role does not take, a ``time`` argument without a valid
            ``value`` or another with one, no main event, an invalid gold record. ``filler_labels =
            False`` leaves out the check of fillers' entity labels (added after round 1's passes).
    """
    tasks_file = tasks_dir / f"{annotations_jsonl.name.split('.')[0]}.jsonl"
    if not tasks_file.is_file():
        raise InputFormatError(f"no task file {tasks_file} for this batch file", path=annotations_jsonl)
    tasks = read_records(tasks_file)
    gold = anchor_file(tasks, annotations_jsonl)
    expected = [task["id"] for task in tasks]
    if [record["id"] for record in gold] != expected:
        found = [record["id"] for record in gold]
        first = next((k for k, pair in enumerate(zip(found, expected)) if pair[0] != pair[1]),
                     min(len(found), len(expected)))
        should, missing = expected[first] if first < len(expected) else "nothing", set(expected) - set(found)
        raise InputFormatError(f"one line per document of {tasks_file.name}, in its order: record "
                               f"{first + 1} should be {should!r}; missing: {sorted(missing)}",
                               path=annotations_jsonl)
    schema, categories = _news_schema(), load_categories()
    file_lines = [number for number, _ in read_jsonl(annotations_jsonl)]  # the lines anchor_file read
    for number, record in zip(file_lines, gold):
        where = {"path": annotations_jsonl, "line": number}
        category = record["meta"].get("category")
        if not isinstance(category, str) or category not in categories:
            raise InputFormatError(f"doc {record['id']!r}: category {category!r}; give one of "
                                   f"{sorted(categories)}", field="category", **where)
        problems = record_problems({k: v for k, v in record.items() if k != "kind"})  # kind: mapped by build
        if problems:
            raise InputFormatError(f"doc {record['id']!r}: {problems[0][1]}", field=problems[0][0], **where)
        labels = {(e["start"], e["end"]): e["label"] for e in record["entities"]} if filler_labels else None
        for k, event in enumerate(record["events"]):
            if event["type"] not in schema["event_types"]:
                raise InputFormatError(f"doc {record['id']!r}: unknown event type {event['type']!r}",
                                       field=f"events[{k}].type", **where)
            for index, argument in enumerate(event["arguments"]):
                problem = _argument_problem(argument, event["type"], schema, labels)
                if problem:
                    raise InputFormatError(f"doc {record['id']!r}: {problem}",
                                           field=f"events[{k}].arguments[{index}]", **where)
        if record["events"] and not record["meta"]["main_event"]:
            raise InputFormatError(f"doc {record['id']!r}: mark one event main", field="events.main",
                                   **where)
    return gold


def _anchored(folder: Path, pattern: str, tasks_dir: Path) -> dict[str, dict[str, dict]]:
    """Checked, anchored records of every batch file in ``folder``: file stem -> document id -> record.

    Fillers' entity labels are not checked here: round 1's passes predate that check (``check`` makes it).
    """
    return {path.name[:-len(".jsonl")]: {record["id"]: record
                                         for record in check_pass(path, tasks_dir, filler_labels=False)}
            for path in sorted(folder.glob(pattern))}


def build(documents_jsonl: Path = DOCUMENTS_FILE, passes_dir: Path = PASSES_DIR,
          adjudicated_dir: Path = ADJUDICATED_DIR, tasks_dir: Path = TASKS_DIR,
          out_dir: Path = BROAD_DIR) -> Counter:
    """Turn the annotators' and adjudicators' batch files into the corpus's standoff files.

    Writes ``agreement/pass_{a,b}.jsonl`` (documents annotated twice, each pass), ``gold.jsonl``
    (adjudicated documents) and ``silver.jsonl`` (train/dev documents with one pass and no
    adjudication: pass ``a`` where there is one, else ``b``), all in ``documents.jsonl`` order and
    without corpus text. Returns the number of documents written per file.
    """
    documents = materialise(documents_jsonl)
    by_id = {document["id"]: document for document in documents}
    passes: dict[str, dict[str, dict]] = {"a": {}, "b": {}}
    for stem, records in _anchored(passes_dir, "*.[ab].jsonl", tasks_dir).items():
        passes[stem[-1]].update(records)
    adjudicated = {doc_id: record for records in _anchored(adjudicated_dir, "*.jsonl", tasks_dir).values()
                   for doc_id, record in records.items()}

    def standoff(records: dict[str, dict], keep: Iterable[str]) -> list[dict]:
        """Gold records of the documents in ``keep``, in documents.jsonl order, without corpus text."""
        wanted = set(keep)
        return [gold_record(annotated_article(records[document["id"]], document),
                            {key: document[key] for key in STANDOFF_KEYS})
                for document in documents if document["id"] in wanted]

    twice = passes["a"].keys() & passes["b"].keys()
    single = [doc_id for doc_id in by_id if doc_id not in adjudicated and by_id[doc_id]["split"] != "test"]
    silver = {doc_id: passes["a"].get(doc_id) or passes["b"].get(doc_id) for doc_id in single
              if doc_id in passes["a"] or doc_id in passes["b"]}
    written = Counter()
    for name in "ab":
        written[f"pass_{name}"] = write_gold(standoff(passes[name], twice),
                                             out_dir / "agreement" / f"pass_{name}.jsonl")
    written["gold"] = write_gold(standoff(adjudicated, adjudicated), out_dir / GOLD_FILE.name)
    written["silver"] = write_gold(standoff(silver, silver), out_dir / SILVER_FILE.name)
    return written


def differences(batch: str, passes_dir: Path = PASSES_DIR, tasks_dir: Path = TASKS_DIR) -> Iterator[str]:
    """What the two passes over ``batch`` disagree on, document by document, as lines to read.

    Mentions are written as ``text@occurrence``; an event as ``type:trigger@occurrence``.
    """
    a, b = (_anchored(passes_dir, f"{batch}.{name}.jsonl", tasks_dir)[f"{batch}.{name}"] for name in "ab")
    tasks = {task["id"]: task["text"] for task in read_records(tasks_dir / f"{batch}.jsonl")}
    for doc_id, text in tasks.items():
        lines = list(_document_differences(text, a[doc_id], b[doc_id]))
        if lines:
            yield f"## {doc_id}"
            yield from lines


def _occurrence(text: str, surface: str, start: int) -> int:
    """Which occurrence of ``surface`` (overlaps counted, as annotators count them) starts at ``start``."""
    count, found = 0, text.find(surface)
    while found != start:
        count, found = count + 1, text.find(surface, found + 1)
    return count


def _document_differences(text: str, a: dict, b: dict) -> Iterator[str]:
    def at(item: dict) -> str:
        surface = text[item["start"]:item["end"]]
        return f"{surface}@{_occurrence(text, surface, item['start'])}"

    def events(record: dict) -> dict[tuple, dict]:
        return {(event["type"], event["trigger"]["start"], event["trigger"]["end"]): event
                for event in record["events"]}

    if a["meta"].get("category") != b["meta"].get("category"):
        yield f"category: A {a['meta'].get('category')} | B {b['meta'].get('category')}"
    entities = [{(e["start"], e["end"], e["label"]): e for e in record["entities"]} for record in (a, b)]
    for side, mine, other in (("A", *entities), ("B", *reversed(entities))):
        for key in sorted(mine.keys() - other.keys()):
            yield f"entity {side} only: {at(mine[key])} {key[2]}"
    events_a, events_b = events(a), events(b)
    for side, mine, other in (("A", events_a, events_b), ("B", events_b, events_a)):
        for key in sorted(mine.keys() - other.keys(), key=lambda k: k[1:]):
            yield f"event {side} only: {key[0]}:{at(mine[key]['trigger'])}"
    for key in sorted(events_a.keys() & events_b.keys(), key=lambda k: k[1:]):
        arguments = [{(x["role"], x["start"], x["end"]): x for x in events[key]["arguments"]}
                     for events in (events_a, events_b)]
        name = f"{key[0]}:{at(events_a[key]['trigger'])}"
        for side, mine, other in (("A", *arguments), ("B", *reversed(arguments))):
            for role_key in sorted(mine.keys() - other.keys(), key=lambda k: k[1:]):
                yield f"argument {side} only: {name} {role_key[0]}={at(mine[role_key])}"
        for role_key in sorted(arguments[0].keys() & arguments[1].keys()):
            values = [arguments[k][role_key].get("value") for k in (0, 1)]
            if values[0] != values[1]:
                yield (f"value: {name} {role_key[0]}={at(arguments[0][role_key])}: "
                       f"A {values[0]} | B {values[1]}")
    mains = [next((e for e in record["events"] if e["id"] == record["meta"]["main_event"]), None)
             for record in (a, b)]
    keys = [(m["type"], m["trigger"]["start"]) if m else None for m in mains]
    if keys[0] != keys[1]:
        yield "main: " + " | ".join(f"{side} {m['type']}:{at(m['trigger'])}" if m else f"{side} none"
                                    for side, m in zip("AB", mains))


def stats(documents_jsonl: Path = DOCUMENTS_FILE, out_dir: Path = BROAD_DIR) -> str:
    """Markdown tables: documents drawn per stratum, split and source; annotated documents per category."""
    documents = read_records(documents_jsonl)
    splits, sources = ("train", "dev", "test"), list(SOURCES)
    drawn = Counter((d["stratum"], d["split"]) for d in documents)
    source = Counter((d["stratum"], d["corpus"]) for d in documents)
    lines = ["| stratum (drawn for) | " + " | ".join(splits) + " | " + " | ".join(sources) + " |",
             "|---|" + "---:|" * (len(splits) + len(sources))]
    for name in load_categories():
        lines.append(f"| {name} | " + " | ".join(str(drawn[name, s]) for s in splits) + " | "
                     + " | ".join(str(source[name, c]) for c in sources) + " |")
    annotated: Counter = Counter()
    for name, path in (("gold", out_dir / GOLD_FILE.name), ("silver", out_dir / SILVER_FILE.name)):
        for row in read_records(path) if path.exists() else []:
            key = (row["meta"].get("category"), f"{name} {row['meta']['split']}")
            annotated[key] += 1
            annotated[key + ("entities",)] += len(row["entities"])
            annotated[key + ("events",)] += len(row["events"])
    columns = sorted({key[1] for key in annotated if len(key) == 2})
    lines += ["", "| category (annotated) | " + " | ".join(f"{c} docs / entities / events" for c in columns)
              + " |", "|---|" + "---:|" * len(columns)]
    for name in load_categories():
        lines.append(f"| {name} | " + " | ".join(
            f"{annotated[name, c]} / {annotated[name, c, 'entities']} / {annotated[name, c, 'events']}"
            for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m newsnlp.corpora.broad COMMAND``: a NewsNLPError is one line on stderr and exit code 2."""
    try:
        _run(argv)
    except NewsNLPError as error:
        raise SystemExit(f"newsnlp.corpora.broad: error: {error}") from None


def _run(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsnlp.corpora.broad",
                                     description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("select", help="draw the documents (standoff) into documents.jsonl")
    draw.add_argument("--out", type=Path, default=DOCUMENTS_FILE)
    tasks = commands.add_parser("tasks", help="write one annotators' task file per batch (corpus text)")
    tasks.add_argument("--documents", type=Path, default=DOCUMENTS_FILE)
    tasks.add_argument("--out", type=Path, default=TASKS_DIR)
    check = commands.add_parser("check", help="anchor and check an annotator's batch file")
    check.add_argument("passes", type=Path, nargs="+", help="batch files such as passes/test-01.a.jsonl")
    check.add_argument("--tasks", type=Path, default=TASKS_DIR)
    commands.add_parser("build", help="write the standoff files (agreement/, gold.jsonl, silver.jsonl)")
    more = commands.add_parser("supplement", help="append a supplementary train/dev draw (categories.yaml)")
    more.add_argument("--counts", nargs="+", metavar="CATEGORY=N",
                      help="draw only these categories, this many each (a later round)")
    more.add_argument("--seed", type=int, default=SEED + 3)
    commands.add_parser("stats", help="counts per stratum, split, source and annotated category (Markdown)")
    diff = commands.add_parser("diff", help="list what the two passes over a batch disagree on")
    diff.add_argument("batch", help="a batch annotated twice, such as test-01")
    args = parser.parse_args(argv)
    if args.command == "supplement":
        drawn = read_records(DOCUMENTS_FILE)
        counts = dict((name, int(n)) for name, n in (item.split("=") for item in args.counts or []))
        added = supplement(candidates(), load_categories(), drawn, seed=args.seed, counts=counts or None)
        write_jsonl(drawn + added, DOCUMENTS_FILE)
        print(f"{len(added)} documents appended to {DOCUMENTS_FILE}: "
              f"{dict(Counter(d['stratum'] for d in added))}")
    elif args.command == "stats":
        print(stats())
    elif args.command == "build":
        print(", ".join(f"{name}: {count}" for name, count in build().items()))
    elif args.command == "diff":
        print("\n".join(differences(args.batch)))
    elif args.command == "check":
        for path in args.passes:
            gold = check_pass(path, args.tasks)
            print(f"{path}: {len(gold)} docs, {sum(len(g['entities']) for g in gold)} entities, "
                  f"{sum(len(g['events']) for g in gold)} event mentions, "
                  f"{sum(len(e['arguments']) for g in gold for e in g['events'])} arguments: OK")
    elif args.command == "select":
        documents = select(candidates(), load_categories())
        count = write_jsonl(documents, args.out)
        splits = Counter(document["split"] for document in documents)
        print(f"{count} documents -> {args.out}: {dict(splits)}")
    else:
        sizes = write_batches(args.documents, args.out)
        print(f"{len(sizes)} task files, {sum(sizes.values())} documents -> {args.out}")


if __name__ == "__main__":
    main()
