"""Trainer of the ``entity.neural.v1`` backend: BIO tagging of PER/ORG/LOC/TIME/QUANTITY (entity stage).

Corpora annotate different label sets (MSRA and the People's Daily NER splits: PER/ORG/LOC; People's
Daily 1998: all five). Outside its annotated entities, a sentence of a corpus lacking a label may hold
an unannotated entity of that label, so there the CRF is trained on partial labels: the likelihood
sums over every path that tags those characters ``O`` or as one of the missing labels. Dev and test
scores count only the labels each corpus annotates. With ``conventions`` (corpus names, e.g.
``["pd1998", "msra"]``) each training record flags its corpus's convention (others: the first), and
each dev or report split is tagged under its own corpus's convention, else the one ``read_as`` names
for its corpus (``{pd_ner = "msra"}``), else the first. With ``name_lexicon`` the model also
reads B/M/E/S match flags of the PER/ORG/LOC names of its sources, one set per label
(:class:`~newsnlp.nn.text.LabelledLexicon`, saved with the model); with ``typed_lexicon`` (source tags
of the corpus root's typed lexicons, :mod:`newsnlp.corpora.lexicons`) one more set per source. Corpus
splits may be named annotated sets too (``"broad:train"``). Both dictionaries also take files:
``lexicon_words`` word lists in the user-dictionary format, ``name_lexicon`` name lists in the
gazetteer format. Splits load strictly: a corpus defect stops training with its file and line, unless
``repair`` names the corpus (``["cluener"]``), whose known defects are then repaired and logged.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confection import Config

from ...corpora import CORPORA, LABEL_MAPS
from ...corpora.sources import (
    Source,
    Sources,
    as_list,
    describe_sources,
    load_source,
    source_name,
    source_names,
)
from ...doc import Article, Entity
from ...errors import ConfigError
from ...nn.text import LabelledLexicon, Lexicon, chunks
from ...training.dictionaries import dictionary_words, is_split
from ...training.loop import TaggerTrainingSettings, invocation, run_training, seed_everything, update_meta
from .gazetteer import Gazetteer
from .neural import BACKEND, NeuralEntityStage, bio_tags
from .stage import LABELS

if TYPE_CHECKING:

    from ...nn.tagger import CharTagger

STAGE = "entity"


@dataclass
class EntityTrainingSettings(TaggerTrainingSettings):
    """The ``[training]`` keys of ``entity.neural.v1`` (besides a char tagger's own)."""

    train: Sources = field(default_factory=lambda: ["msra:train", "pd1998:train"])
    dev: Sources = field(default_factory=lambda: ["msra:dev", "pd_ner:dev", "pd1998:dev"])
    report: list[str] = field(default_factory=lambda: ["msra:test", "pd_ner:test", "pd1998:dev"])
    patience: int = 3
    batch_chars: int = 3000
    dropout: float = 0.25
    lexicon_words: list[str] = field(default_factory=lambda: ["pd1998:train"])
    exclude_overlap: list[str] = field(default_factory=lambda: ["pd_ner:dev", "pd_ner:test"])
    overlap_chars: int = 12
    conventions: list[str] = field(default_factory=list)
    read_as: dict[str, str] = field(default_factory=dict)
    name_lexicon: list[str] = field(default_factory=list)
    typed_lexicon: list[str] = field(default_factory=list)
    name_lexicon_dropout: float = 0.5
    repair: list[str] = field(default_factory=list)


NAME_LABELS = ("PER", "ORG", "LOC")


def corpus_of(name_split: str) -> str:
    """The corpus a ``CORPUS:SPLIT`` name reads (``"msra"`` for ``"msra:dev"``)."""
    return name_split.partition(":")[0]


def corpus_labels(name_split: str) -> tuple[str, ...]:
    """The project labels a source annotates (the others may occur unannotated). A named corpus: its
    own labels, read through its label map where it has one (CLUENER's ``name`` is PER); a file or
    the gold set: the labels its records use (:func:`file_labels`).

    >>> corpus_labels("msra:train"), corpus_labels("resume:train")
    (('PER', 'ORG', 'LOC'), ('PER', 'ORG', 'LOC'))
    """
    name = corpus_of(name_split)
    if name not in CORPORA:
        return file_labels(name_split)
    mapping = LABEL_MAPS.get(name)
    labels = set(mapping.values()) if mapping else set(CORPORA[name].labels)
    return tuple(label for label in LABELS if label in labels)


@functools.cache
def file_labels(source: str) -> tuple[str, ...]:
    """The project labels the records of a file source (or the gold set) use."""
    used = {entity["label"] for record in load_source(source) for entity in record["entities"]}
    return tuple(label for label in LABELS if label in used)


def allowed_tags(length: int, entities: Sequence[tuple[int, int, str]], annotated: Sequence[str],
                 labels: Sequence[str] = LABELS) -> list[list[str]]:
    """Per character, the BIO tags a path may take: the gold tag inside annotated entities; ``O``
    or any of the model's ``labels`` that is unannotated elsewhere.

    >>> allowed_tags(3, [(0, 1, "PER")], ["PER", "ORG", "LOC"])[:2]
    [['B-PER'], ['O', 'B-TIME', 'I-TIME', 'B-QUANTITY', 'I-QUANTITY']]
    """
    missing = [label for label in labels if label not in annotated]
    free = ["O"] + [f"{p}-{label}" for label in missing for p in ("B", "I")]
    allowed = [free] * length
    for start, end, label in entities:
        allowed[start] = [f"B-{label}"]
        allowed[start + 1:end] = [[f"I-{label}"]] * (end - start - 1)
    return allowed


def convention_of(name_split: str, conventions: Sequence[str], read_as: Mapping[str, str] | None = None
                  ) -> str | None:
    """The convention a split is tagged by: its corpus's if listed, else the one ``read_as`` gives
    its corpus, else the first (None: the model has none).

    >>> convention_of("msra:dev", ["pd1998", "msra"]), convention_of("pd_ner:test", ["pd1998", "msra"])
    ('msra', 'pd1998')
    >>> convention_of("pd_ner:dev", ["pd1998", "msra"], {"pd_ner": "msra"})
    'msra'
    """
    corpus = corpus_of(name_split)
    if corpus in conventions:
        return corpus
    chosen = (read_as or {}).get(corpus)
    return chosen if chosen in conventions else (conventions[0] if conventions else None)


def stage_for(tagger: CharTagger, name_split: str, read_as: Mapping[str, str] | None = None
              ) -> NeuralEntityStage:
    """The stage that tags ``name_split`` under its convention (:func:`convention_of`)."""
    return NeuralEntityStage(tagger, convention=convention_of(name_split, tagger.settings.conventions,
                                                              read_as))


def pieces(record: dict[str, Any], max_len: int, annotated: Sequence[str], labels: Sequence[str] = LABELS
           ) -> list[tuple[str, list[list[str]], list[tuple[int, int, str]]]]:
    """Training pieces of one record (cut at punctuation): text, allowed tags and entity spans."""
    text = record["text"]
    out = []
    for start, end in chunks(text, max_len, whitespace_breaks=False):
        entities = [(e["start"] - start, e["end"] - start, e["label"]) for e in record["entities"]
                    if start <= e["start"] and e["end"] <= end and e["label"] in annotated]
        out.append((text[start:end], allowed_tags(end - start, entities, annotated, labels), entities))
    return out


def name_entries(records_by_split: Mapping[str, Iterable[dict[str, Any]]]) -> list[tuple[str, str]]:
    """``(name, label)`` of every PER/ORG/LOC entity of two characters or more in the records (each
    split contributes the labels its corpus annotates): the entries of a model's name lexicon.

    >>> name_entries({"msra:train": [{"text": "在北京和中方", "entities": [
    ...     {"start": 1, "end": 3, "label": "LOC"}, {"start": 4, "end": 5, "label": "LOC"}]}]})
    [('北京', 'LOC')]
    """
    return sorted({(record["text"][e["start"]:e["end"]], e["label"])
                   for name_split, records in records_by_split.items()
                   for record in records for e in record["entities"]
                   if e["label"] in NAME_LABELS and e["label"] in corpus_labels(name_split)
                   and e["end"] - e["start"] >= 2})


def check_sources(settings: EntityTrainingSettings) -> None:
    """Raise :class:`ConfigError` for a ``repair`` entry that names no corpus or a dictionary source
    that is neither a split nor a file (:func:`is_split`)."""
    unknown = sorted(set(settings.repair) - set(CORPORA))
    if unknown:
        raise ConfigError(f"[training] repair: {', '.join(unknown)} is no corpus name; corpora: "
                          f"{', '.join(sorted(CORPORA))}")
    for key in ("lexicon_words", "name_lexicon"):
        for source in getattr(settings, key):
            is_split(source, key)


def dictionary_names(sources: Sequence[str], records: Callable[[str], Iterable[dict[str, Any]]]
                     ) -> list[tuple[str, str]]:
    """The name-lexicon entries (``name_lexicon``), two characters or more: :func:`name_entries` of
    each split source (read with ``records``) and the pairs of each name-list file (the gazetteer
    format, ``name<TAB>label``, PER/ORG/LOC; a name listed twice keeps its last label)."""
    entries: set[tuple[str, str]] = set()
    for source in sources:
        if is_split(source, "name_lexicon"):
            entries.update(name_entries({source: records(source)}))
        else:
            gazetteer = Gazetteer(labels=NAME_LABELS)
            gazetteer.read(source)
            entries.update(gazetteer.entries.items())
    return sorted((name, label) for name, label in entries if len(name) > 1)


def name_lexicon(settings: EntityTrainingSettings, records: Callable[[str], Iterable[dict[str, Any]]]
                 ) -> LabelledLexicon | None:
    """The model's name lexicon: the PER/ORG/LOC names of the ``name_lexicon`` sources (read with
    ``records``, :func:`dictionary_names`) flagged per label, and the names of each ``typed_lexicon``
    source (:func:`newsnlp.corpora.lexicons.typed_names`) flagged as that source; None when both
    settings are empty.

    Raises:
        ConfigError: the ``name_lexicon`` sources hold no name of two characters or more.
    """
    from ...corpora.lexicons import typed_names

    if not settings.name_lexicon and not settings.typed_lexicon:
        return None
    names = dictionary_names(settings.name_lexicon, records)
    if settings.name_lexicon and not names:
        raise ConfigError(f"[training] name_lexicon = {settings.name_lexicon}: these sources hold no "
                          f"PER/ORG/LOC name of two characters or more")
    labels = [*(NAME_LABELS if settings.name_lexicon else ()), *settings.typed_lexicon]
    typed = typed_names(settings.typed_lexicon) if settings.typed_lexicon else []
    return LabelledLexicon(names + typed, labels)


def names_described(settings: EntityTrainingSettings, names: LabelledLexicon) -> str:
    """What a model card says of the name lexicon: its size, sources and dropout."""
    parts = [f"{len(names)} entries"]
    if settings.name_lexicon:
        parts.append(f"PER/ORG/LOC names of {settings.name_lexicon}")
    if settings.typed_lexicon:
        parts.append(f"one flag group per typed lexicon source of {settings.typed_lexicon}")
    return "; ".join(parts + [f"{settings.name_lexicon_dropout:.0%} of gold entities unlisted in training"])


def load_training_split(source: Source, repair: Sequence[str] = ()) -> list[dict[str, Any]]:
    """A source as the trainer reads it (:func:`newsnlp.corpora.sources.load_source`): strict (a
    defect raises, naming file, line and field), except for the corpora ``repair`` names, whose known
    defects are repaired and logged."""
    return load_source(source, strict=corpus_of(source_name(source)) not in repair)


def overlap_filter(splits: Sequence[str], width: int, repair: Sequence[str] = ()) -> set[str]:
    """Every ``width``-character stretch of the texts of ``splits`` (to keep them out of training).

    About 60 % of the People's Daily NER dev and test sentences also occur in MSRA train, so
    training records sharing any such stretch with an evaluation split are dropped.
    """
    return {record["text"][i:i + width] for name in splits for record in load_training_split(name, repair)
            for i in range(len(record["text"]) - width + 1)}


def overlaps(text: str, stretches: set[str], width: int) -> bool:
    """Whether ``text`` shares a ``width``-character stretch with ``stretches``.

    >>> overlaps("今天北京天气很好", {"北京天气"}, 4), overlaps("北京", {"北京天气"}, 4)
    (True, False)
    """
    return any(text[i:i + width] in stretches for i in range(len(text) - width + 1))


def gold_spans(record: dict[str, Any], labels: Sequence[str]) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], e["label"]) for e in record["entities"] if e["label"] in labels}


def dev_scores(tagger: CharTagger, dev: dict[str, list[dict[str, Any]]],
               read_as: Mapping[str, str] | None = None) -> dict[str, float]:
    """Strict span F (:func:`newsnlp.evaluation.entity.score_entities`) per dev split, over the
    labels it annotates, tagged under its convention (:func:`convention_of`), and their mean as
    ``dev_f``."""
    from ...evaluation.entity import score_entities

    scores = {}
    for name_split, records in dev.items():
        labels = corpus_labels(name_split)
        predicted = stage_for(tagger, name_split, read_as).find_many([r["text"] for r in records])
        pairs = [entity_pair(record, [Entity(s, e, record["text"][s:e], label=label)
                                      for s, e, label in spans], labels)
                 for record, spans in zip(records, predicted)]
        scores[f"{name_split}_f"] = float(score_entities(pairs).figures()["entity_f"])
    scores["dev_f"] = sum(scores.values()) / len(scores)
    return scores


def entity_pair(record: dict[str, Any], predicted: Sequence[Entity], labels: Sequence[str]
                ) -> tuple[Article, Article]:
    """Gold and predicted articles of a record, both with the entities of ``labels`` only."""
    text = record["text"]
    gold = Article(id=record["id"], text=text, layers_filled=["entities"], entities=[
        Entity(s, e, text[s:e], label=label) for s, e, label in sorted(gold_spans(record, labels))])
    found = Article(id=record["id"], text=text, layers_filled=["entities"],
                    entities=[entity for entity in predicted if entity.label in labels])
    return gold, found


def score_split(stage: NeuralEntityStage, name_split: str, repair: Sequence[str] = ()
                ) -> tuple[dict[str, float], float]:
    """Entity figures of the stage on a split (only the labels it annotates) and its chars/s."""
    from ...evaluation.entity import score_entities

    labels = corpus_labels(name_split)
    records = load_training_split(name_split, repair)
    started = time.perf_counter()
    predicted = [stage(Article(id=r["id"], text=r["text"])) for r in records]
    speed = sum(len(r["text"]) for r in records) / (time.perf_counter() - started)
    pairs = [entity_pair(record, article.entities, labels) for record, article in zip(records, predicted)]
    figures = score_entities(pairs).figures()
    keep = ["entity_p", "entity_r", "entity_f", "entity_macro_f"] + [f"entity_f[{label}]" for label in labels]
    return {key: figures[key] for key in keep if key in figures}, speed


def train_entity(config: Config, output: Path) -> dict[str, Any]:
    """Train, select on the dev splits, score on the report splits and save a neural entity model."""
    import torch

    from ...nn.fit import TaggerTrainer, build_tagger, load_vectors
    from ...nn.tagger import TaggerSettings

    torch.set_num_threads(1)
    settings = EntityTrainingSettings.from_config(config)
    seed_everything(settings.seed)
    max_len, width = settings.max_len, settings.overlap_chars
    check_sources(settings)  # before any corpus is read: a typo fails in seconds, not after the loading
    repair = settings.repair
    sources = {"lexicon_words": settings.lexicon_words, "name_lexicon": settings.name_lexicon}
    held_out = overlap_filter(settings.exclude_overlap, width, repair)
    conventions = list(settings.conventions)

    given = {source_name(source): source for source in as_list(settings.train) + as_list(settings.dev)}

    def load(name: str) -> list[dict[str, Any]]:
        return load_training_split(given.get(name, name), repair)

    def kept(name: str) -> list[dict[str, Any]]:
        return [record for record in load(name) if not overlaps(record["text"], held_out, width)]

    train_records = {name: kept(name) for name in source_names(settings.train)}
    # the model learns the labels its training data annotates, and says so (entity_labels)
    labels = tuple(label for label in LABELS if any(label in corpus_labels(name) for name in train_records))
    train_pieces = [(*piece, name) for name, records in train_records.items() for record in records
                    for piece in pieces(record, max_len, corpus_labels(name), labels)]
    dev = {name: load(name) for name in source_names(settings.dev)}
    lexicon = Lexicon(dictionary_words(sources["lexicon_words"], load)) if settings.lexicon else None
    names = name_lexicon(settings, lambda source: train_records.get(source) or kept(source))
    tagger_settings = TaggerSettings(
        **settings.architecture(), lexicon_labels=names.labels if names is not None else [],
        conventions=conventions, extra_features=len(conventions))
    tagger = build_tagger((p[0] for p in train_pieces), bio_tags(labels), tagger_settings,
                          pretrained=load_vectors(settings.pretrained), lexicon=lexicon, labelled=names,
                          bigram_min_count=settings.bigram_min_count,
                          bigram_max_size=settings.bigram_max_size)
    encoders = {name: stage_for(tagger, name) for name in train_records}
    # The name lexicon holds every training name, which at test time covers only some names: a share
    # of the gold entities of each piece is treated as unlisted (left out of both dictionaries' flags,
    # as a new name mostly is), so the model keeps reading the context. Hiding them from the name
    # flags only scored lower on the dev mean (runs/entity-names-fix, docs/benchmarks.md).
    rng, drop = random.Random(settings.seed), settings.name_lexicon_dropout
    items = [encoders[name].encode(text, allowed, hidden=frozenset(
        (start, end) for start, end, _ in entities if names is not None and rng.random() < drop))
        for text, allowed, entities, name in train_pieces]
    random.Random(settings.seed).shuffle(items)

    def evaluate(current: Any) -> dict[str, float]:
        return dev_scores(current, dev, settings.read_as)

    def save(current: Any, path: Path) -> None:
        config.to_disk(path / "config.cfg")
        current.save(path / STAGE)

    trainer = TaggerTrainer(tagger, items, evaluate, save, lr=settings.lr,
                            lr_decay=settings.lr_decay, batch_chars=settings.batch_chars,
                            seed=settings.seed, average=settings.average)
    describe = {
        "title": f"newsnlp {BACKEND} entity recogniser",
        "purpose": f"Character-level Chinese NER for news ({', '.join(labels)}): BIO "
                   "BiLSTM-CRF over characters, bigrams"
                   + (" and dictionary-match flags" if lexicon else "")
                   + (f" and name-lexicon flags ({names_described(settings, names)})." if names is not None
                      else "."),
        "data": f"train: {describe_sources(settings.train)}; each source trains the labels it annotates "
                f"(partial labels elsewhere), minus every record sharing {width} characters with "
                f"{settings.exclude_overlap}; dev (dev_f = their mean): {describe_sources(settings.dev)}; "
                f"pretrained vectors: {settings.pretrained or 'none'}",
        "command": invocation(), "seed": settings.seed,
        "limits": "MSRA and People's Daily scores count PER/ORG/LOC only (the labels they annotate). "
                  "Training data licences: research use only (see the corpora's SOURCE.md).",
    }
    result = run_training(trainer, output, settings, describe=lambda _: describe)
    return {"output": str(output), "best_epoch": result.best_epoch, "dev": result.best_scores,
            **report(output, settings.report, settings.read_as, repair)}


def report(output: Path, splits: Sequence[str], read_as: Mapping[str, str] | None = None,
           repair: Sequence[str] = ()) -> dict[str, Any]:
    """Score the saved model on ``splits`` and add the figures and speed to its card."""
    import torch

    from ...nn.tagger import CharTagger

    torch.set_num_threads(1)
    tagger = CharTagger.load(output / STAGE)
    scores, speed = {}, {}
    for name_split in splits:
        scores[name_split], chars_per_s = score_split(stage_for(tagger, name_split, read_as), name_split,
                                                      repair)
        speed[f"chars/s on {name_split} (one thread)"] = round(chars_per_s)
    update_meta(output, scores=scores, speed=speed)
    return {"scores": scores, "speed": speed}
