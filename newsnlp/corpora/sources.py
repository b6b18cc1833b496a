"""Training and evaluation data by name or by path: the ``[corpora]`` section of a training config.

A source is ``"NAME:SPLIT"`` (a named corpus split, :func:`newsnlp.corpora.readers.load_split`), a
path whose suffix gives its format (:data:`SUFFIX_FORMATS`), or a table ``{path = "...", format =
"..."}`` naming any format of :data:`newsnlp.corpora.formats.FORMATS` (gold JSONL, CoNLL/BIO, doccano,
Label Studio, brat, space-separated words). Files are read through the same readers as the converters
and come back as records of the one schema (:mod:`.schema`), like the named splits.

>>> source_name({"path": "my/ner.conll", "format": "conll"}), source_name("msra:dev")
('my/ner.conll', 'msra:dev')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..doc import Article
from ..errors import ConfigError
from .formats import FORMATS, reader
from .formats.common import Skips
from .gold import NAMED_SET_DESCRIPTIONS, NAMED_SETS
from .schema import record

Source = str | Mapping[str, str]
Sources = Source | list[Source]  # what a [corpora] key takes: one source or several
SUFFIX_FORMATS = {".jsonl": "gold", ".conll": "conll", ".bio": "conll", ".txt": "words"}


def source_name(source: Source) -> str:
    """How a source is named in logs, scores and model cards: ``NAME:SPLIT`` or its path."""
    return source if isinstance(source, str) else str(source.get("path", ""))


def as_list(sources: Source | Sequence[Source]) -> list[Source]:
    """One source or several, as a list."""
    return [sources] if isinstance(sources, (str, Mapping)) else list(sources)


def source_names(sources: Source | Sequence[Source]) -> list[str]:
    """The names of one source or several (:func:`source_name`), for model cards and logs."""
    return [source_name(source) for source in as_list(sources)]


def describe_sources(sources: Source | Sequence[Source]) -> str:
    """What a model card says of its data: each source's name and what it is."""
    from .readers import CORPORA

    described = []
    for source in as_list(sources):
        if is_named(source):
            name = str(source).partition(":")[0]
            about = CORPORA[name].description if name in CORPORA else NAMED_SET_DESCRIPTIONS[name]
        else:
            about = f"{file_and_format(source)[1]} file"
        described.append(f"{source_name(source)} ({about})")
    return "; ".join(described)


def is_named(source: Source) -> bool:
    """Whether ``source`` names a corpus split (``"msra:train"``) rather than a file."""
    from .readers import CORPORA

    if not isinstance(source, str) or Path(source).exists():
        return False
    name, colon, _ = source.partition(":")
    return bool(colon) and (name in CORPORA or name in NAMED_SETS)


def file_and_format(source: Source, where: str = "[corpora]") -> tuple[Path, str]:
    """The path and format of a file source.

    Raises:
        ConfigError: the file does not exist, or its format is unknown or cannot be told from its suffix.
    """
    if isinstance(source, str):
        path, fmt = Path(source), SUFFIX_FORMATS.get(Path(source).suffix.lower(), "brat" if
                                                     Path(source).is_dir() else "")
    else:
        unknown = sorted(set(source) - {"path", "format"})
        if unknown or "path" not in source:
            raise ConfigError(f"{where} {dict(source)}: a file source has the keys path and format")
        path, fmt = Path(source["path"]), source.get("format", "")
    if not path.exists():
        raise ConfigError(f"{where} {source_name(source)!r}: no such file, and not a CORPUS:SPLIT name")
    if fmt not in FORMATS:
        raise ConfigError(f"{where} {source_name(source)!r}: say its format ({', '.join(FORMATS)}) with "
                          f"{{path = ..., format = ...}} or use a suffix of {', '.join(SUFFIX_FORMATS)}")
    return path, fmt


def load_source(source: Source, *, strict: bool = True, where: str = "[corpora]") -> list[dict[str, Any]]:
    """The records of a source (see the module docstring); ``strict`` applies to named splits."""
    if is_named(source):
        from .readers import load_split

        return list(load_split(str(source), strict=strict))
    path, fmt = file_and_format(source, where)
    skips = Skips()
    articles = reader(fmt)(path, skips)
    skips.warn()
    return [article_record(article) for article in articles]


def article_record(article: Article) -> dict[str, Any]:
    """The schema record (:func:`.schema.record`) of an article's words, entities and events."""
    return record(
        article.id, article.text,
        words=[{"start": w.start, "end": w.end, "pos": w.pos} for w in article.words],
        entities=[{"start": e.start, "end": e.end, "label": e.label} for e in article.entities],
        events=[{"type": e.type, "trigger": {"start": e.trigger.start, "end": e.trigger.end},
                 "arguments": [{"role": a.role, "start": a.start, "end": a.end} for a in e.arguments]}
                for e in article.events])
