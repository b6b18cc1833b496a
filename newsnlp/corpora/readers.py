"""Corpus loaders: each shared corpus as a ``datasets.DatasetDict`` in the one normalised schema.

``load_corpus("msra")`` reads ``$NEWSNLP_CORPORA/ner/msra`` (see :mod:`.paths`), builds one Arrow
dataset per split with ``Dataset.from_generator`` (cached under ``cache_dir``, ``$NEWSNLP_CACHE`` or a
temp dir; the cache key covers the file's size and mtime and this package's source), and records the
corpus, its original labels and the label mapping as JSON in each split's ``info.description``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasets import Dataset, DatasetDict

from ..errors import NewsNLPError
from ..text.files import write_file
from . import parsers
from .gold import NAMED_SETS, gold_dataset
from .paths import corpus_file
from .pd1998 import article_id
from .schema import LABEL_MAPS, PROJECT_LABELS, features, map_entities
from .validate import Repairs

SEED = 13
DEV_FRACTION = 0.05
CACHE_ENV = "NEWSNLP_CACHE"


@dataclass(frozen=True)
class CorpusSpec:
    """Where a corpus lives, which parser reads it and what its original labels are.

    ``files`` maps each split to its file; a split in ``carved`` is cut from the file of ``train``
    (``DEV_FRACTION`` of its groups, seed ``SEED``); ``group`` says what one group is.
    """

    folder: str
    files: dict[str, str]
    parser: Callable[..., Iterator[dict[str, Any]]]
    options: dict[str, Any] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    carved: tuple[str, ...] = ()
    group: str = "record"  # or "article" (PD1998: paragraphs of one article stay together)
    description: str = ""


def _char_tags(sep: str, scheme: str, labels: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    return {"sep": sep, "scheme": scheme, "labels": frozenset(labels), **extra}


_PD_POS = "PKU POS tags (44); entities derived from nr/ns/nt/t/m+q and [..]nt/[..]ns brackets"
CORPORA: dict[str, CorpusSpec] = {
    "pd1998": CorpusSpec("seg/peoples_daily_1998", {"train": "199801.txt", "dev": "199801.txt"},
                         parsers.read_pd1998, labels=PROJECT_LABELS, carved=("dev",), group="article",
                         description=f"People's Daily Jan 1998, words with {_PD_POS}"),
    "sighan_pku": CorpusSpec("seg/sighan2005", {"test": "pku_test_gold.utf8"}, parsers.read_segmented,
                             description="SIGHAN 2005 PKU test gold (training set absent)"),
    "sighan_msr": CorpusSpec("seg/sighan2005", {"test": "msr_test_gold.utf8"}, parsers.read_segmented,
                             description="SIGHAN 2005 MSR test gold (training set absent)"),
    "msra": CorpusSpec("ner/msra", {"train": "msra_train_bio", "dev": "msra_train_bio",
                                    "test": "msra_test_bio"},
                       parsers.read_char_tags, _char_tags("\t", "BIO", ("PER", "ORG", "LOC")),
                       labels=("PER", "ORG", "LOC"), carved=("dev",),
                       description="MSRA NER (SIGHAN 2006), BIO; dev carved from train"),
    "pd_ner": CorpusSpec("ner/peoples_daily", {"dev": "example.dev", "test": "example.test"},
                         parsers.read_char_tags, _char_tags(" ", "BIO", ("PER", "ORG", "LOC")),
                         labels=("PER", "ORG", "LOC"),
                         description="People's Daily NER (zjy-ucas), BIO; train absent"),
    "cluener": CorpusSpec("ner/cluener2020", {"train": "train.json", "dev": "dev.json",
                                              "test": "test.json"}, parsers.read_cluener,
                          labels=("address", "book", "company", "game", "government", "movie", "name",
                                  "organization", "position", "scene"),
                          description="CLUENER 2020; test is unlabelled"),
    "weibo": CorpusSpec("ner/weibo", {split: f"weiboNER_2nd_conll.{split}"
                                      for split in ("train", "dev", "test")},
                        parsers.read_char_tags,
                        _char_tags("\t", "BIO", tuple(f"{t}.{k}" for t in ("PER", "ORG", "LOC", "GPE")
                                                      for k in ("NAM", "NOM")), weibo=True),
                        labels=tuple(f"{t}.{k}" for t in ("PER", "ORG", "LOC", "GPE")
                                     for k in ("NAM", "NOM")),
                        description="Weibo NER (2nd annotation), BIO; needs strict=False (stray I- tags)"),
    "resume": CorpusSpec("ner/resume", {split: f"{split}.char.bmes" for split in ("train", "dev", "test")},
                         parsers.read_char_tags,
                         _char_tags(" ", "BMES", ("NAME", "ORG", "TITLE", "EDU", "LOC", "PRO", "CONT",
                                                  "RACE")),
                         labels=("NAME", "ORG", "TITLE", "EDU", "LOC", "PRO", "CONT", "RACE"),
                         description="Resume NER (Lattice LSTM), BMES"),
    "duee": CorpusSpec("events/duee1.0", {"train": "duee_train.json", "dev": "duee_dev.json",
                                          "test1": "duee_test1.json"}, parsers.read_duee,
                       description="DuEE 1.0 events (65 types); test1 is unlabelled"),
}
RAW_TEXT = {"xinwenlianbo": ("raw/xinwenlianbo", "xinwenlianbo_20220924-20260822.txt"),
            "cnews_sample": ("raw/cnews_sample", "cnews_sample.txt")}
WORD_LISTS = {"pku": "pku_training_words.utf8", "msr": "msr_training_words.utf8"}


def corpus_spec(name: str) -> CorpusSpec:
    """The spec of corpus ``name``; raises KeyError listing the known names."""
    if name not in CORPORA:
        raise KeyError(f"unknown corpus {name!r}; known: {', '.join(CORPORA)}")
    return CORPORA[name]


def split_path(name: str, split: str) -> Path:
    """The file a split is read from (raises CorpusNotFoundError when it is missing)."""
    spec = corpus_spec(name)
    if split not in spec.files:
        raise KeyError(f"corpus {name!r} has no split {split!r}; splits: {', '.join(spec.files)}")
    return corpus_file(*spec.folder.split("/"), spec.files[split])


@functools.cache
def _source_digest() -> str:
    """Hash of the modules that shape records, so a reader change invalidates cached datasets."""
    digest = hashlib.sha256()
    for module in ("readers", "parsers", "pd1998", "tagging", "validate", "schema"):
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def _parser_options(name: str) -> dict[str, Any]:
    spec = corpus_spec(name)
    options = dict(spec.options)
    if spec.parser in (parsers.read_char_tags, parsers.read_segmented, parsers.read_cluener):
        options["id_prefix"] = name
    if spec.parser is parsers.read_cluener:
        options["labels"] = frozenset(spec.labels)
    if spec.parser is parsers.read_duee:
        options["roles"] = parsers.read_duee_schema(
            corpus_file(*spec.folder.split("/"), "duee_event_schema.json"))
    return options


def iter_records(name: str, split: str, repairs: Repairs, *, labels: str = "project",
                 carve: bool = True) -> Iterator[dict[str, Any]]:
    """The records of one split as plain dicts (what the datasets are built from).

    With ``carve=False`` a carved split (and its train) yields every record of its file.
    """
    spec = corpus_spec(name)
    options = _parser_options(name)
    if "id_prefix" in options:
        options["id_prefix"] = f"{name}-{'train' if split in spec.carved else split}"
    records = spec.parser(split_path(name, split), repairs, **options)
    if carve and (split in spec.carved or (spec.carved and split == "train")):
        records = _carve(records, split == "train", spec.group)
    mapping = LABEL_MAPS.get(name) if labels == "project" else None
    for item in records:
        yield {**item, "entities": map_entities(item["entities"], mapping)} if mapping else item


def _carve(records: Iterator[dict[str, Any]], train: bool, group: str) -> Iterator[dict[str, Any]]:
    """Split records into train and dev by group (record or article), dev = 5 % seeded sample."""
    items = list(records)
    key = (lambda r: article_id(r["id"])) if group == "article" else (lambda r: r["id"])
    groups = sorted({key(item) for item in items})
    dev = set(random.Random(SEED).sample(groups, round(len(groups) * DEV_FRACTION)))
    return (item for item in items if (key(item) in dev) != train)


def _generate(name: str, split: str, strict: bool, labels: str, stamp: str, report: str
              ) -> Iterator[dict[str, Any]]:
    """The generator behind ``Dataset.from_generator``; writes the repair summary to ``report``."""
    repairs = Repairs(split_path(name, split), strict=strict)
    yield from iter_records(name, split, repairs, labels=labels)
    write_file(report, json.dumps(repairs.summary()))


def default_cache_dir() -> str:
    """``$NEWSNLP_CACHE`` or ``<tmp>/newsnlp-datasets``."""
    return os.environ.get(CACHE_ENV) or os.path.join(tempfile.gettempdir(), "newsnlp-datasets")


def load_split(name_split: str, *, strict: bool = True, labels: str = "project",
               cache_dir: str | None = None) -> Dataset:
    """One split, named ``"NAME:SPLIT"`` (``"msra:train"``), as a ``datasets.Dataset``.

    ``"gold:SPLIT"`` (the news gold set) and ``"broad:SPLIT"`` (the broad news corpus, adjudicated
    and single-pass documents), SPLIT one of train, dev, test, all, are the project's annotated sets
    (:data:`newsnlp.corpora.gold.NAMED_SETS`, :func:`~newsnlp.corpora.gold.gold_dataset`; the other
    arguments do not apply to them).

    Args:
        name_split: corpus name and split joined by a colon.
        strict: raise :class:`~newsnlp.errors.CorpusFormatError` on the first malformed line;
            with False, repair it with a warning and count it (see :mod:`.validate`).
        labels: ``"project"`` maps entity labels onto PER/ORG/LOC/TIME/QUANTITY via
            :data:`~newsnlp.corpora.schema.LABEL_MAPS` (unmapped ones dropped); ``"original"`` keeps them.
        cache_dir: where the Arrow cache goes (default :func:`default_cache_dir`).

    Raises:
        CorpusNotFoundError: the corpus file is missing. CorpusFormatError: a bad line (strict).
    """
    name, _, split = name_split.partition(":")
    if name in NAMED_SETS:
        return gold_dataset(split, NAMED_SETS[name])
    if labels not in ("project", "original"):
        raise ValueError(f"labels must be 'project' or 'original', not {labels!r}")
    from datasets import Dataset
    from datasets.exceptions import DatasetGenerationError

    path = split_path(name, split)
    stat = path.stat()
    cache_dir = cache_dir or default_cache_dir()
    stamp = f"{stat.st_size}-{stat.st_mtime_ns}-{_source_digest()}"
    report = os.path.join(cache_dir, "newsnlp-repairs", f"{name}-{split}-{strict}-{stamp}.json")
    try:
        dataset = Dataset.from_generator(
            _generate, features=features(), cache_dir=cache_dir, split=split,
            gen_kwargs={"name": name, "split": split, "strict": strict, "labels": labels,
                        "stamp": stamp, "report": report})
    except DatasetGenerationError as error:
        if isinstance(error.__cause__, NewsNLPError):
            raise error.__cause__ from None
        raise
    summary = json.loads(Path(report).read_text(encoding="utf-8"))
    if summary["lines"]:
        warnings.warn(f"{name}:{split}: repaired {summary['lines']} lines of {path} "
                      f"({summary['problems']}); see the logged warnings for each", stacklevel=2)
    spec = corpus_spec(name)
    dataset.info.description = json.dumps({
        "corpus": name, "split": split, "path": str(path), "about": spec.description,
        "original_labels": list(spec.labels), "labels": labels,
        "label_map": LABEL_MAPS.get(name) if labels == "project" else None,
        "carved": {"from": "train", "seed": SEED, "fraction": DEV_FRACTION, "by": spec.group}
        if split in spec.carved or (spec.carved and split == "train") else None,
        "repairs": summary}, ensure_ascii=False)
    return dataset


def load_corpus(name: str, *, strict: bool = True, labels: str = "project",
                cache_dir: str | None = None) -> DatasetDict:
    """Every split of corpus ``name`` (a key of :data:`CORPORA`); arguments as :func:`load_split`."""
    from datasets import DatasetDict

    return DatasetDict({split: load_split(f"{name}:{split}", strict=strict, labels=labels,
                                          cache_dir=cache_dir) for split in corpus_spec(name).files})


def load_word_list(name: str) -> set[str]:
    """The SIGHAN 2005 training word list of ``"pku"`` or ``"msr"``."""
    if name not in WORD_LISTS:
        raise KeyError(f"unknown word list {name!r}; known: {', '.join(WORD_LISTS)}")
    path = corpus_file("seg", "sighan2005", WORD_LISTS[name])
    return {line.strip() for _, line in parsers.read_lines(path) if line.strip()}


def iter_raw_text(name: str) -> Iterator[str]:
    """The non-empty lines of raw text corpus ``"xinwenlianbo"`` or ``"cnews_sample"``."""
    if name not in RAW_TEXT:
        raise KeyError(f"unknown raw text corpus {name!r}; known: {', '.join(RAW_TEXT)}")
    folder, filename = RAW_TEXT[name]
    for _, line in parsers.read_lines(corpus_file(folder, filename)):
        if line.strip():
            yield line
